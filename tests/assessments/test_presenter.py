"""The one presenter: the gate explanation comes from the engine's reason code and facts, the
effective parameters from one place, and the status page reads the dashboard's presentation."""

from django.utils import translation

from assessments.roadmaps.parameter_presenter import parameters_effective
from assessments.roadmaps.presenter import presentation_build
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


ENGINE_1_ITEM = {
    "id": "it-1",
    "kind": "ITO",
    "capability": "storage",
    "included": True,
    "reason_code": "ito_savings_found",
    "reason_params": {"savings_pct": 0.2, "annual_cost": 100.0},
    "rationale": "English.",
    "start_month": 0,
    "savings_pct": 0.2,
    "net_annual_savings": 20.0,
    "shortlist": [
        {"provider": "p", "provider_name": "P", "score": 0.7, "reason_code": "only_candidate", "criteria": {}}
    ],
}


def test_a_stored_engine_1_result_still_reads_under_the_2_0_names():
    result = {"currency": "IDR", "engine_version": "1.2.0", "items": [ENGINE_1_ITEM], "cash_flow": []}
    presentation = presentation_build(result=result, capability_names={"storage": "Storage"}, known_providers=set())
    item = presentation.items[0]
    assert item["savings_fraction"] == 0.2
    assert item["shortlist"][0]["closeness"] == 0.7
    assert item["recommendation"] == "recommended"
    assert item["savings_basis"] is None
    assert item["delay"] == ""
    assert presentation.engine_outdated
    assert presentation.schedule == []


def test_engine_1_parameter_names_are_shown_under_their_2_0_names():
    effective = parameters_effective({"selection_cost_pct": 0.02, "governance_pct": 0.06})
    assert effective["selection_cost_fraction"] == 0.02
    assert effective["governance_fraction"] == 0.06
    assert "selection_cost_pct" not in effective


def test_the_schedule_is_worded_with_method_status_and_gap():
    result = {
        "currency": "IDR",
        "items": [],
        "cash_flow": [],
        "schedule": {
            "ITO": {"method": "milp", "status": "optimal", "gap": 0.0, "seconds": 0.01},
            "BPO": {"method": "heuristic", "status": "heuristic", "gap": None, "seconds": 0.0},
        },
    }
    with translation.override("en"):
        rows = presentation_build(result=result, capability_names={}, known_providers=set()).schedule
    assert [(r["kind"], str(r["method_label"]), str(r["status_label"]), r["gap_shown"]) for r in rows] == [
        ("ITO", "HiGHS MILP", "optimal", "0 %"),
        ("BPO", "list heuristic (largest value first)", "not proven optimal", "–"),
    ]
