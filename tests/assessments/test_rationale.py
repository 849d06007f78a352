"""The engine's decisions, written for the reader in English or Bahasa Indonesia (engine 2.0 codes)."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from assessments.engine import rationale as engine_rationale
from assessments.roadmaps.rationale import delay_explanation, gate_explanation, item_rationale, shortlist_reason

OUTPUT_SCHEMA = Path(__file__).resolve().parents[2] / "assessments" / "engine" / "schemas" / "output.schema.json"


def _item(kind, made, **extra):
    code, english, params = made
    return {"kind": kind, "reason_code": code, "rationale": english, "reason_params": dict(params)} | extra


FOUND = {
    "basis": "found",
    "unit_cost": 310.0,
    "market_unit_cost": 220.0,
    "unit": "contacts (tickets)",
    "volume": 50_000.0,
    "why_indicative": "",
}
INDICATIVE = {
    "basis": "indicative",
    "unit_cost": None,
    "market_unit_cost": None,
    "unit": "TB of usable managed storage",
    "volume": None,
    "why_indicative": "no volume",
}


def _planned(evidence):
    return engine_rationale.ito_planned(
        capability="storage",
        fraction=0.183,
        annual_cost=2_000_000_000,
        savings=366_000_000,
        one_off=150_000_000,
        payback=5,
        npv=900_000_000,
        valuation_months=60,
        start=0,
        savings_from=4,
        exit_month=12,
        currency="IDR",
        evidence=evidence,
    )


CASES = {
    "ito_savings_found": _item("ITO", _planned(FOUND)),
    "ito_savings_indicative": _item("ITO", _planned(INDICATIVE)),
    "no_material_savings": _item(
        "ITO",
        engine_rationale.ito_not_material(
            fraction=0.02, savings=40_000_000, threshold=0.10, min_savings=0, currency="IDR", evidence=FOUND
        ),
    ),
    "zero_cost": _item("ITO", engine_rationale.zero_cost(kind="ITO")),
    "no_payback_within_plan": _item(
        "ITO",
        engine_rationale.ito_no_payback(
            cause="exit_after_horizon",
            earliest=50,
            exit_month=62,
            payback_month=58,
            npv=-1_000_000,
            horizon=60,
            valuation_months=60,
            currency="IDR",
        ),
    ),
    "no_slot_within_plan": _item(
        "BPO",
        engine_rationale.no_slot(kind="BPO", slots=2, held_by=("bf-1", "bf-2"), earliest=19, latest=52),
    ),
    "horizon_too_short": _item(
        "BPO", engine_rationale.horizon_too_short(kind="BPO", earliest=58, transition=4, horizon=60, cause="gate")
    ),
    "bpo_efficiency_pays": _item(
        "BPO",
        engine_rationale.bpo_included(
            suitability=72.4,
            suitability_class="probable",
            efficiency=0.21,
            benefit=480_000_000,
            npv=1_250_000_000,
            pi=3.2,
            valuation_months=60,
            start=20,
            savings_from=24,
            full_from=30,
            currency="IDR",
        ),
    ),
    "regulatory_condition_required": _item(
        "BPO",
        engine_rationale.regulatory_condition_required(
            suitability=78.2,
            benefit=240_000_000,
            npv=362_000_000,
            start=4,
            valuation_months=60,
            regulator="OJK",
            requirement="POJK No. 9/POJK.03/2016",
            currency="IDR",
        ),
    ),
    "not_suitable": _item(
        "BPO",
        engine_rationale.bpo_not_suitable(suitability=31, weakest=("knowledge_intensity", "strategic_importance")),
    ),
    "success_measures_missing": _item("BPO", engine_rationale.success_measures_missing(missing=("annual_volume",))),
    "no_financial_gain": _item(
        "BPO",
        engine_rationale.bpo_not_profitable(
            npv=-12_000_000, benefit=5_000_000, one_off=90_000_000, start=30, valuation_months=60, currency="IDR"
        ),
    ),
    "buy_standard_service": _item(
        "BPO",
        engine_rationale.standard_service(kind="BPO", fixed_cost=250_000_000, annual_cost=400_000_000, currency="IDR"),
    ),
}
NAMES = {"bf-1": "Payroll", "bf-2": "Accounts payable"}

KEY_FIGURES = {
    "ito_savings_found": (
        "Recommended for ITO",
        "IDR\u00a0366,000,000",
        "18.3 %",
        "month 12",
        "IDR\u00a0310.00",
        "50,000",
    ),
    "ito_savings_indicative": ("Benchmark this area first", "Not yet found", "no volume recorded", "TB of usable"),
    "no_material_savings": ("IDR\u00a040,000,000", "10.0 %", "Found from evidence"),
    "zero_cost": ("No annual cost",),
    "no_payback_within_plan": ("does not pay back within the plan", "month 62", "60-month plan"),
    "no_slot_within_plan": ("Payroll and Accounts payable", "month 52"),
    "horizon_too_short": ("month 58", "60-month", "waiting for the gate"),
    "bpo_efficiency_pays": ("IDR\u00a01,250,000,000", "72.4/100", "probable", "21.0 %"),
    "regulatory_condition_required": (
        "IDR\u00a0362,000,000",
        "IDR\u00a0240,000,000",
        "78.2/100",
        "month 4",
        "not in the plan",
    ),
    "not_suitable": ("31.0/100", "knowledge intensity and strategic importance"),
    "success_measures_missing": ("the annual transaction volume",),
    "no_financial_gain": ("-IDR\u00a012,000,000", "month 30"),
    "buy_standard_service": ("IDR\u00a0250,000,000", "IDR\u00a0400,000,000", "standard SaaS"),
}


def test_every_item_reason_code_of_the_engine_is_worded_by_the_app():
    schema = json.loads(OUTPUT_SCHEMA.read_text(encoding="utf-8"))
    codes = set(schema["$defs"]["item"]["properties"]["reason_code"]["enum"])
    assert codes == set(CASES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_every_reason_code_is_written_from_its_facts(code):
    with translation.override("en"):
        text = item_rationale(CASES[code], currency="IDR", names=NAMES)
    assert "%(" not in text
    assert item_rationale(CASES[code] | {"rationale": "ENGINE"}, currency="IDR", names=NAMES) != "ENGINE"
    for figure in KEY_FIGURES[code]:
        assert figure in text


@pytest.mark.parametrize("code", sorted(CASES))
def test_rationale_reads_in_indonesian_with_rupiah(code):
    with translation.override("en"):
        english = item_rationale(CASES[code], currency="IDR", names=NAMES)
    with translation.override("id"):
        indonesian = item_rationale(CASES[code], currency="IDR", names=NAMES)
    assert indonesian != english
    assert "IDR\u00a0" not in indonesian
    if "IDR" in english:
        assert "Rp\u00a0" in indonesian


def test_unknown_code_falls_back_to_the_engine_sentence():
    item = {"kind": "ITO", "reason_code": "new_in_engine_v3", "rationale": "Engine says so.", "reason_params": {}}
    assert item_rationale(item, currency="IDR") == "Engine says so."


def _delayed(made):
    code, _english, params = made
    return {"delay_code": code, "delay_params": dict(params)}


@pytest.mark.parametrize(
    ("made", "english", "indonesian"),
    [
        (
            engine_rationale.delay_contract(available=30, gate_month=19),
            ("contract end", "month 30", "later ITO wave", "month 19"),
            ("kontrak", "bulan ke-30", "bulan ke-19"),
        ),
        (engine_rationale.delay_gate(gate_month=19), ("Waiting for the gate", "month 19"), ("gerbang", "bulan ke-19")),
        (
            engine_rationale.delay_slot(kind="BPO", slots=2, held_by=("bf-1", "bf-2"), could_start=25),
            ("month 25", "Payroll and Accounts payable"),
            ("bulan ke-25", "Payroll dan Accounts payable"),
        ),
    ],
)
def test_every_delay_names_its_cause_in_both_languages(made, english, indonesian):
    item = _delayed(made)
    with translation.override("en"):
        text = delay_explanation(item, names=NAMES)
    for part in english:
        assert part in text
    with translation.override("id"):
        text = delay_explanation(item, names=NAMES)
    for part in indonesian:
        assert part in text


def test_no_delay_code_no_explanation():
    assert delay_explanation({"delay_code": None, "delay_params": {}}) == ""


def _result(*, ito_start=0, bpo_start=19, gate=19):
    return {
        "currency": "EUR",
        "gate_month": gate,
        "kpis": {"run_rate_ito": 1_000_000},
        "items": [
            {"kind": "ITO", "included": True, "start_month": ito_start},
            {"kind": "BPO", "included": True, "start_month": bpo_start},
        ],
    }


def test_gate_explanation_from_the_engine_code_and_facts():
    code, _english, params = engine_rationale.gate(
        gate_month=19, has_ito=True, has_bpo=True, fraction=0.5, planned=1_000_000, reached=True, horizon=60,
        currency="EUR",
    )  # fmt: skip
    result = {"currency": "EUR", "gate_reason_code": code, "gate_params": dict(params)}
    with translation.override("en"):
        text = gate_explanation(result, gate_fraction=None)
    assert "month 19" in text
    assert "50 %" in text
    assert "EUR\u00a01,000,000" in text
    assert "later ITO waves" in text
    with translation.override("id"):
        assert "bulan ke-19" in gate_explanation(result, gate_fraction=None)


def test_gate_explanation_of_an_engine_1_result_names_the_month_fraction_and_planned_run_rate():
    with translation.override("en"):
        text = gate_explanation(_result(), gate_fraction=0.5)
    assert "month 19" in text
    assert "50 %" in text
    assert "EUR\u00a01,000,000" in text
    assert "last ITO engagement" not in text


def test_gate_explanation_without_ito_or_bpo():
    no_ito = {"currency": "EUR", "gate_month": 0, "items": [{"kind": "BPO", "included": True, "start_month": 0}]}
    no_bpo = {"currency": "EUR", "gate_month": None, "items": [{"kind": "ITO", "included": True, "start_month": 0}]}
    with translation.override("en"):
        assert "month 0" in gate_explanation(no_ito, gate_fraction=0.5)
        assert "No BPO phase" in gate_explanation(no_bpo, gate_fraction=0.5)


@pytest.mark.parametrize("key", ["closeness", "score"])
def test_shortlist_reason_names_the_deciding_criteria(key):
    entry = {"reason_code": "strongest_on", key: 0.8123, "criteria": {"price_index": 0.85, "quality": 8.5}}
    with translation.override("en"):
        text = shortlist_reason(entry, rank=1)
    assert text == "Ranked 1 (TOPSIS 0.812): strongest on price (index 0.85) and quality (8.5)."
    with translation.override("id"):
        assert "0,85" in shortlist_reason(entry, rank=1)
