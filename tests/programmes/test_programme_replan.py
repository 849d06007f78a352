"""Re-plan from evidence: a new roadmap of the same assessment in which engagements under way keep
their start and BPO lines not yet started wait for the realised gate (issue 14)."""

import datetime as dt

import pytest
from django.urls import reverse

from assessments.models import EngagementStatus, Roadmap, RoadmapStatus
from assessments.programmes.services import programme_replan, programme_replan_inputs
from assessments.roadmaps.pipeline_services import roadmap_compute

from .conftest import month

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 10, 15)  # programme month 9


def _start_first_engagement(programme):
    engagement = programme.engagements.filter(planned_start_month__isnull=False).order_by("planned_start_month").first()
    engagement.status = EngagementStatus.RUNNING
    engagement.transition_started_on = month(2)
    engagement.save()
    return engagement


def test_the_replan_input_fixes_started_engagements_and_the_gate_is_not_in_the_past(programme):
    started = _start_first_engagement(programme)
    evidence = programme_replan_inputs(programme=programme, today=TODAY)
    assert evidence["fixed_start_months"] == {started.item_id: 2}
    assert evidence["current_month"] == 9
    assert evidence["gate_month_actual"] >= 9


def test_the_replan_is_a_new_roadmap_that_keeps_the_started_engagement(programme, consultant):
    started = _start_first_engagement(programme)
    replan = programme_replan(programme=programme, user=consultant, today=TODAY)
    assert replan.pk != programme.roadmap_id
    assert replan.assessment_id == programme.roadmap.assessment_id
    assert replan.name == "Re-plan from actuals 2026-10-15"
    assert replan.inputs is not None
    lines = replan.inputs["it_cost_areas"] + replan.inputs["business_functions"]
    assert next(line for line in lines if line["id"] == started.item_id)["fixed_start_month"] == 2
    assert replan.inputs["parameters"]["gate_month_actual"] >= 9
    assert roadmap_compute(roadmap_id=replan.pk).status == RoadmapStatus.DONE
    replan.refresh_from_db()
    assert replan.result is not None
    items = {item["id"]: item for item in replan.result["items"]}
    assert items[started.item_id]["start_month"] == 2
    gate = replan.inputs["parameters"]["gate_month_actual"]
    for item in items.values():
        if item["kind"] == "BPO" and item["id"] != started.item_id and item["start_month"] is not None:
            assert item["start_month"] >= gate
    # Same evidence, same day: the same roadmap.
    assert programme_replan(programme=programme, user=consultant, today=TODAY).pk == replan.pk


def test_the_programme_page_offers_the_replan_and_links_it_to_the_comparison(programme, consultant, client_for):
    client = client_for(consultant)
    response = client.post(reverse("assessments:programme_replan", args=[programme.pk]))
    assert response.status_code == 302
    replan = Roadmap.objects.get(name__startswith="Re-plan from actuals")
    page = client.get(reverse("assessments:programme_detail", args=[programme.pk])).content.decode()
    compare = reverse("assessments:roadmap_compare")
    assert f"{compare}?a={programme.roadmap_id}&amp;b={replan.pk}" in page


def test_a_manager_may_not_request_a_replan(programme, manager, client_for):
    response = client_for(manager).post(reverse("assessments:programme_replan", args=[programme.pk]))
    assert response.status_code in (403, 404)
    assert not Roadmap.objects.filter(name__startswith="Re-plan from actuals").exists()
