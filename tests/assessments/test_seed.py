"""`seed_demo` gives each demo organisation one realistic, submitted assessment, once."""

import io
from typing import Any

from django.core.management import call_command

from assessments.capture.selectors import (
    assessment_checklist,
    business_functions_of,
    checklist_is_complete,
    it_cost_areas_of,
)
from assessments.models import Assessment, AssessmentStatus, BusinessFunction, ITCostArea, RoadmapStatus
from assessments.roadmaps.pipeline_selectors import roadmap_latest_base


def _latest_base_result(assessment: Assessment, *, done_only: bool) -> dict[str, Any]:
    """The engine result of the assessment's latest base roadmap (the demo computes one for each)."""
    roadmap = roadmap_latest_base(assessment=assessment, done_only=done_only)
    assert roadmap is not None, assessment.title
    assert roadmap.result is not None, assessment.title
    return roadmap.result


def _snapshot():
    return (
        list(Assessment.objects.order_by("pk").values_list("pk", "title", "status", "lock_version", "updated_at")),
        list(ITCostArea.objects.order_by("pk").values_list("pk", "annual_cost")),
        list(BusinessFunction.objects.order_by("pk").values_list("pk", "annual_cost")),
        Assessment.history.count(),
    )


def test_seed_demo_creates_one_computed_assessment_per_demo_organisation_and_is_idempotent(db):
    call_command("seed_demo", stdout=io.StringIO())
    assessments = list(Assessment.objects.select_related("organisation", "author"))
    assert {a.organisation.name for a in assessments} == {
        "PT Nusantara Logistik Demo",
        "Rheinland Fertigung Demo GmbH",
        "PT Bank Sejahtera Nusantara Demo",
    }
    for assessment in assessments:
        # Computed whether or not a broker is configured: the run command opens on finished roadmaps.
        # The euro organisation's is approved and under way as the demo programme.
        expected = AssessmentStatus.APPROVED if assessment.currency == "EUR" else AssessmentStatus.COMPUTED
        assert assessment.status == expected
        roadmap = roadmap_latest_base(assessment=assessment, done_only=False)
        assert roadmap is not None
        assert roadmap.status == RoadmapStatus.DONE, roadmap.failure_params
        assert roadmap.result is not None
        assert roadmap.result["gate_month"] is not None
        assert assessment.author.username == "consultant"
        assert assessment.currency == assessment.organisation.currency
        it_lines, bf_lines = it_cost_areas_of(assessment=assessment), business_functions_of(assessment=assessment)
        assert len(it_lines) >= 5
        assert len(bf_lines) >= 5
        checklist = assessment_checklist(assessment=assessment, it_cost_areas=it_lines, business_functions=bf_lines)
        assert checklist_is_complete(checklist=checklist)
    rupiah = next(a for a in assessments if a.organisation.name == "PT Nusantara Logistik Demo")
    assert sum(line.annual_cost for line in it_cost_areas_of(assessment=rupiah)) > 10**10
    before = _snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert _snapshot() == before


def test_demo_roadmaps_start_bpo_at_the_gate_and_recommend_nothing_that_loses_money(db):
    """Issue 12's done-when, on the demo as computed afresh by engine 2.1: the BPO phase opens at
    the gate (it does not wait for later ITO waves) and no recommended item has a negative NPV."""
    call_command("seed_demo", stdout=io.StringIO())
    for assessment in Assessment.objects.all():
        result = _latest_base_result(assessment, done_only=True)
        assert result["engine_version"] == "2.1.0"
        planned_bpo = [i for i in result["items"] if i["kind"] == "BPO" and i["included"]]
        assert planned_bpo, assessment.title
        assert min(i["start_month"] for i in planned_bpo) == result["gate_month"], assessment.title
        for item in result["items"]:
            if item["recommendation"] in ("recommended", "indicative"):
                assert item["npv"] is not None
                assert item["npv"] > 0, (assessment.title, item["id"], item["npv"])


def test_the_computed_demo_roadmaps_start_bpo_at_the_gate_and_recommend_no_loss(db):
    """Issue 12's acceptance on the demo: BPO waits for the gate and starts there; no negative-NPV
    recommendation; the IT areas carry volumes, so their savings can be compared with the market."""
    call_command("seed_demo", stdout=io.StringIO())
    for assessment in Assessment.objects.all():
        assert all(line.volume is not None for line in it_cost_areas_of(assessment=assessment))
        assert all(line.retained_ftes is not None for line in business_functions_of(assessment=assessment))
        result = _latest_base_result(assessment, done_only=False)
        gate = result["gate_month"]
        assert gate is not None
        bpo_starts = [i["start_month"] for i in result["items"] if i["kind"] == "BPO" and i["included"]]
        assert bpo_starts, assessment.organisation.name
        assert min(bpo_starts) == gate
        assert all(start >= gate for start in bpo_starts)
        recommended = [i for i in result["items"] if i["included"] and i["recommendation"] == "recommended"]
        assert recommended
        assert all(i["npv"] >= 0 for i in recommended), [(i["id"], i["npv"]) for i in recommended]


def test_the_demo_it_areas_with_a_volume_find_their_savings_in_the_organisations_currency(db):
    """Issue 12: the shipped market bands are in US dollars; the engine converts them at its dated
    exchange-rate table, so the rupiah and euro demos compare every IT area that has a volume with
    the market ("found", never "indicative") and recommend the ones dearer than the market."""
    call_command("seed_demo", stdout=io.StringIO())
    for assessment in Assessment.objects.all():
        result = _latest_base_result(assessment, done_only=True)
        ito = [item for item in result["items"] if item["kind"] == "ITO"]
        assert ito, assessment.title
        for item in ito:
            assert item["savings_basis"] == "found", (assessment.title, item["id"], item["reason_params"])
            assert item["recommendation"] != "indicative"
        assert any(item["recommendation"] == "recommended" for item in ito), assessment.title
