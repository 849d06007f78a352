"""The engine's decisions, written for the reader in English or Bahasa Indonesia."""

import pytest
from django.utils import translation

from assessments.engine import rationale as engine_rationale
from assessments.roadmaps.rationale import gate_explanation, item_rationale, shortlist_reason


def _item(kind, made):
    code, english, params = made
    return {"kind": kind, "reason_code": code, "rationale": english, "reason_params": dict(params)}


CASES = {
    "ito_savings_found": _item(
        "ITO",
        engine_rationale.ito_included(
            capability="storage",
            pct=0.183,
            annual_cost=2_000_000_000,
            savings=366_000_000,
            one_off=150_000_000,
            payback=5,
            start=0,
            savings_from=4,
            exit_month=12,
            currency="IDR",
        ),
    ),
    "no_material_savings": _item(
        "ITO", engine_rationale.ito_not_material(pct=0.02, savings=40_000_000, threshold=0.05, currency="IDR")
    ),
    "outside_horizon": _item(
        "BPO",
        engine_rationale.outside_horizon(kind="BPO", start=58, transition=4, horizon=60, slots=2, cause="gate"),
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
            start=20,
            savings_from=24,
            full_from=30,
            currency="IDR",
        ),
    ),
    "not_suitable": _item(
        "BPO",
        engine_rationale.bpo_not_suitable(suitability=31, weakest=("knowledge_intensity", "strategic_importance")),
    ),
    "no_financial_gain": _item(
        "BPO",
        engine_rationale.bpo_not_profitable(
            npv=-12_000_000, benefit=5_000_000, one_off=90_000_000, start=30, horizon=60, currency="IDR"
        ),
    ),
}

KEY_FIGURES = {
    "ito_savings_found": ("IDR 366,000,000", "18.3 %", "month 12"),
    "no_material_savings": ("IDR 40,000,000", "5.0 %"),
    "outside_horizon": ("month 58", "60-month", "BPO waits"),
    "bpo_efficiency_pays": ("IDR 1,250,000,000", "72/100", "probable"),
    "not_suitable": ("31/100", "knowledge intensity and strategic importance"),
    "no_financial_gain": ("-IDR 12,000,000", "month 30"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_every_reason_code_is_written_from_its_facts(code):
    with translation.override("en"):
        text = item_rationale(CASES[code], currency="IDR")
    assert "%(" not in text
    for figure in KEY_FIGURES[code]:
        assert figure in text


@pytest.mark.parametrize("code", sorted(CASES))
def test_rationale_reads_in_indonesian_with_rupiah(code):
    with translation.override("en"):
        english = item_rationale(CASES[code], currency="IDR")
    with translation.override("id"):
        indonesian = item_rationale(CASES[code], currency="IDR")
    assert indonesian != english
    assert "IDR " not in indonesian
    if "IDR" in english:
        assert "Rp " in indonesian


def test_unknown_code_falls_back_to_the_engine_sentence():
    item = {"kind": "ITO", "reason_code": "new_in_engine_v2", "rationale": "Engine says so.", "reason_params": {}}
    assert item_rationale(item, currency="IDR") == "Engine says so."


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


def test_gate_explanation_names_the_month_fraction_and_planned_run_rate():
    with translation.override("en"):
        text = gate_explanation(_result(), gate_fraction=0.5)
    assert "month 19" in text
    assert "50 %" in text
    assert "EUR 1,000,000" in text
    assert "last ITO engagement" not in text


def test_gate_explanation_says_when_bpo_waits_for_the_last_ito_start():
    with translation.override("en"):
        text = gate_explanation(_result(ito_start=30, bpo_start=31), gate_fraction=0.5)
    assert "starts in month 31" in text
    assert "(month 30)" in text


def test_gate_explanation_without_ito_or_bpo():
    no_ito = {"currency": "EUR", "gate_month": 0, "items": [{"kind": "BPO", "included": True, "start_month": 0}]}
    no_bpo = {"currency": "EUR", "gate_month": None, "items": [{"kind": "ITO", "included": True, "start_month": 0}]}
    with translation.override("en"):
        assert "month 0" in gate_explanation(no_ito, gate_fraction=0.5)
        assert "No BPO phase" in gate_explanation(no_bpo, gate_fraction=0.5)


def test_shortlist_reason_names_the_deciding_criteria():
    entry = {"reason_code": "strongest_on", "score": 0.8123, "criteria": {"price_index": 0.85, "quality": 8.5}}
    with translation.override("en"):
        text = shortlist_reason(entry, rank=1)
    assert text == "Ranked 1 (TOPSIS 0.812): strongest on price (index 0.85) and quality (8.5)."
    with translation.override("id"):
        assert "0,85" in shortlist_reason(entry, rank=1)
