"""The one presenter: the gate explanation comes from the engine's reason code and facts, the
effective parameters from one place, and the status page reads the dashboard's presentation."""

from django.utils import translation

from assessments.roadmaps.presenter import parameters_effective, presentation_build
from assessments.roadmaps.rationale import gate_explanation

GATE_REACHED = {
    "currency": "IDR",
    "items": [],
    "gate_month": 9,
    "gate_reason_code": "gate_reached",
    "gate_params": {"gate_month": 9, "gate_fraction": 0.6, "planned_ito_run_rate": 1_200_000_000.0},
}


def test_the_gate_is_worded_from_the_engines_code_and_facts_not_rebuilt_from_items():
    # The items alone would say "no BPO phase"; the engine's code says the gate was reached.
    with translation.override("en"):
        text = gate_explanation(GATE_REACHED, gate_fraction=0.5)
    assert text.startswith("BPO may start from month 9")
    assert "60" in text  # the engine's fraction, not the one passed by the caller
    with translation.override("id"):
        assert gate_explanation(GATE_REACHED, gate_fraction=0.5) != text


def test_an_unknown_gate_code_falls_back_to_the_items():
    result = GATE_REACHED | {"gate_reason_code": "something_new"}
    with translation.override("en"):
        assert gate_explanation(result, gate_fraction=0.5).startswith("No BPO phase")


def test_effective_parameters_prefer_what_the_engine_reports():
    stored = {"gate_fraction": 0.5}
    assert parameters_effective(stored)["materiality_threshold"] is not None
    reported = parameters_effective(stored, result={"effective_parameters": {"gate_fraction": 0.7}})
    assert reported["gate_fraction"] == 0.7


def test_the_presentation_carries_the_gate_reason_the_status_page_shows():
    presentation = presentation_build(result=GATE_REACHED, capability_names={}, known_providers=set())
    with translation.override("en"):
        assert presentation.gate_reason == gate_explanation(GATE_REACHED, gate_fraction=None)
    assert presentation.included_count == 0
