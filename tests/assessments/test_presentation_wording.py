"""Figures and sentences a new user read wrong (the tester's findings 11 and 14b): a suitability
score is never shown across a class threshold it has not reached, and the sentences that name a
unit or a kind read as English."""

import pytest
from django.utils import translation

from assessments.engine import rationale as engine_rationale
from assessments.roadmaps.rationale import item_rationale, savings_evidence
from assessments.roadmaps.rationale_labels import suitability_format


@pytest.mark.parametrize(
    ("score", "english", "indonesian"),
    [
        (59.74, "59.7", "59,7"),
        (59.96, "59.9", "59,9"),
        (60, "60.0", "60,0"),
        (39.999, "39.9", "39,9"),
        (None, "–", "–"),
    ],
)
def test_a_suitability_score_is_never_rounded_up_across_a_threshold(score, english, indonesian):
    with translation.override("en"):
        assert suitability_format(score) == english
    with translation.override("id"):
        assert suitability_format(score) == indonesian


def test_a_possible_function_just_below_probable_reads_as_possible():
    code, text, params = engine_rationale.bpo_included(
        suitability=59.74,
        suitability_class="possible",
        efficiency=0.2,
        benefit=480_000_000,
        npv=1_250_000_000,
        pi=3.2,
        valuation_months=60,
        start=20,
        savings_from=24,
        full_from=30,
        currency="IDR",
    )
    item = {"kind": "BPO", "reason_code": code, "rationale": text, "reason_params": dict(params)}
    with translation.override("en"):
        shown = item_rationale(item, currency="IDR")
    assert "suitability 59.7/100 (possible)" in shown
    assert "60/100" not in shown
    # The engine's own English (CLI, logs) reads the score the same way.
    assert "suitability 59.7/100 (possible)" in text
    assert "60/100" not in text


def test_a_regulated_function_just_below_probable_reads_as_below_it_in_both_languages():
    """The regulator's sentence once printed the score rounded (59.74 as "60/100") beside a "possible" class."""
    code, text, params = engine_rationale.regulatory_condition_required(
        suitability=59.74,
        benefit=480_000_000,
        npv=1_250_000_000,
        start=20,
        valuation_months=60,
        regulator="OJK",
        requirement="POJK No. 9/POJK.03/2016",
        currency="IDR",
    )
    assert "suitability 59.7/100" in text
    item = {"kind": "BPO", "reason_code": code, "rationale": text, "reason_params": dict(params)}
    with translation.override("en"):
        assert "suitability 59.7/100" in item_rationale(item, currency="IDR")
    with translation.override("id"):
        shown = item_rationale(item, currency="IDR")
    assert "59,7/100" in shown
    assert "60/100" not in shown


def test_unit_cost_sentences_do_not_put_per_before_a_plural():
    params = {
        "savings_basis": "found",
        "unit_cost": 60_000_000,
        "market_unit_cost": 40_000_000,
        "unit_of_measure": "applications",
        "volume": 120,
    }
    with translation.override("en"):
        text = savings_evidence(params, currency="IDR")
    assert "per applications" not in text
    assert "for each of its 120 applications" in text


def test_a_small_ito_deal_is_not_a_ito_deal():
    code, text, params = engine_rationale.standard_service(
        kind="ITO", fixed_cost=250_000_000, annual_cost=400_000_000, currency="IDR"
    )
    assert "a ITO" not in text
    item = {"kind": "ITO", "reason_code": code, "rationale": text, "reason_params": dict(params)}
    with translation.override("en"):
        shown = item_rationale(item, currency="IDR")
    assert "a ITO" not in shown
    assert "too small for its own ITO deal" in shown
