"""Two people saving the same draft: the second is told, never silently overwrites. Submitted means locked."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.capture import services
from assessments.models import Assessment, AssessmentStatus, ITCostArea, Role
from tests.assessments.grid_support import grid_save
from tests.factories.assessments import ITCostAreaFactory
from tests.factories.core import MembershipFactory


@pytest.fixture
def colleague(organisation):
    return MembershipFactory.create(organisation=organisation, role=Role.CONSULTANT, user__username="colleague").user


def test_the_second_save_of_a_stale_draft_is_refused(draft, consultant, colleague):
    opened_at = draft.lock_version
    first = Assessment.objects.get(pk=draft.pk)
    second = Assessment.objects.get(pk=draft.pk)
    services.assessment_update(assessment=first, user=consultant, lock_version=opened_at, data={"title": "First"})
    with pytest.raises(services.AssessmentConflict):
        services.assessment_update(assessment=second, user=colleague, lock_version=opened_at, data={"title": "Second"})
    draft.refresh_from_db()
    assert draft.title == "First"
    assert draft.lock_version == opened_at + 1


def test_a_stale_line_save_is_refused_and_changes_nothing(draft, consultant, colleague, capability_set):
    services.assessment_it_cost_areas_save(
        assessment=Assessment.objects.get(pk=draft.pk),
        user=consultant,
        lock_version=0,
        lines=[{"capability": capability_set["compute"], "annual_cost": Decimal(1), "ftes": Decimal(1),
                "available_from_month": 0, "maturity": 1, "standardisation": 1, "criticality": 1}],
    )  # fmt: skip
    with pytest.raises(services.AssessmentConflict):
        services.assessment_it_cost_areas_save(
            assessment=Assessment.objects.get(pk=draft.pk), user=colleague, lock_version=0, lines=[]
        )
    assert ITCostArea.objects.filter(assessment=draft).count() == 1


def test_two_browsers_saving_the_same_step_the_second_gets_a_conflict_message(
    client_for, consultant, colleague, draft, capability_set
):
    url = reverse("assessments:parameters", args=[draft.pk])

    def payload(title: str, lock_version: int) -> dict:
        return {
            "title": title,
            "region": draft.region_id,
            "currency": draft.currency,
            "horizon_months": "60",
            "discount_rate": "10",
            "gate_fraction": "50",
            "max_parallel_ito": "2",
            "max_parallel_bpo": "2",
            "materiality_threshold": "5",
            "lock_version": str(lock_version),
            "action": "save",
        }

    # Both opened the page at lock version 0.
    assert client_for(consultant).post(url, payload("Sari's title", 0)).status_code == 302
    response = client_for(colleague).post(url, payload("Budi's title", 0))
    assert response.status_code == 409
    assert "Someone else saved this draft" in response.content.decode()
    # Budi's input is still on the page for him to re-apply; nothing of his was saved.
    assert response.context["form"]["title"].value() == "Budi's title"
    draft.refresh_from_db()
    assert draft.title == "Sari's title"


def test_a_stale_lines_page_gets_a_conflict(client_for, consultant, colleague, draft):
    url = reverse("assessments:it_cost_areas", args=[draft.pk])
    row = {"id": None, "capability": "compute", "annual_cost": "100", "ftes": "1", "available_from_month": "0",
           "maturity": "1", "standardisation": "1", "criticality": "1", "notes": ""}  # fmt: skip
    # Both opened the grid at lock version 0; the first save wins.
    assert grid_save(client_for(consultant), url, [row], lock_version=0).status_code == 200
    response = grid_save(client_for(colleague), url, [{**row, "annual_cost": "999"}], lock_version=0)
    assert response.status_code == 409
    assert "Someone else saved this draft" in response.json()["message"]
    assert list(ITCostArea.objects.filter(assessment=draft).values_list("annual_cost", flat=True)) == [Decimal(100)]


def test_a_submitted_draft_saved_from_a_stale_grid_is_sent_to_its_page(client_for, consultant, complete_draft):
    url = reverse("assessments:it_cost_areas", args=[complete_draft.pk])
    client = client_for(consultant)
    rows = client.get(url).context["grid"]["rows"]
    services.assessment_submit(assessment=complete_draft, user=consultant)
    response = grid_save(client, url, rows, lock_version=complete_draft.lock_version)
    # The page is no longer editable: the view refuses before reading the grid.
    assert response.status_code == 302
    assert response.url == reverse("assessments:detail", args=[complete_draft.pk])


def test_submit_with_a_stale_review_is_refused(client_for, consultant, complete_draft):
    services.assessment_update(assessment=complete_draft, user=consultant, lock_version=0, data={"title": "Changed"})
    response = client_for(consultant).post(reverse("assessments:review", args=[complete_draft.pk]), {"lock_version": 0})
    assert response.status_code == 409
    complete_draft.refresh_from_db()
    assert complete_draft.status == AssessmentStatus.DRAFT


def test_services_refuse_every_write_to_a_submitted_assessment(complete_draft, consultant, capability_set):
    services.assessment_submit(assessment=complete_draft, user=consultant)
    with pytest.raises(services.AssessmentNotEditable):
        services.assessment_update(assessment=complete_draft, user=consultant, lock_version=None, data={"title": "x"})
    with pytest.raises(services.AssessmentNotEditable):
        services.assessment_it_cost_areas_save(assessment=complete_draft, user=consultant, lock_version=None, lines=[])
    with pytest.raises(services.AssessmentNotEditable):
        services.assessment_business_functions_save(
            assessment=complete_draft, user=consultant, lock_version=None, lines=[]
        )
    with pytest.raises(services.AssessmentNotEditable):
        services.assessment_lines_import(
            assessment=complete_draft, user=consultant, lock_version=None, it_cost_areas=[], business_functions=[]
        )
    with pytest.raises(services.AssessmentNotEditable):
        services.assessment_submit(assessment=complete_draft, user=consultant)
    assert ITCostArea.objects.filter(assessment=complete_draft).count() == 5


def test_submit_refuses_an_incomplete_draft_and_says_what_is_missing(draft, consultant):
    with pytest.raises(services.AssessmentIncomplete) as caught:
        services.assessment_submit(assessment=draft, user=consultant)
    missing = [item.label for item in caught.value.checklist if not item.ok and not item.warning]
    assert missing == ["At least one IT cost area or business function"]
    draft.refresh_from_db()
    assert (draft.status, draft.lock_version, draft.submitted_at) == (AssessmentStatus.DRAFT, 0, None)


def test_submit_refuses_a_line_of_the_wrong_kind(draft, consultant, capability_set):
    # Written around the forms (as a faulty import could), the checklist still catches it.
    ITCostAreaFactory.create(assessment=draft, capability=capability_set["payroll"])
    with pytest.raises(services.AssessmentIncomplete) as caught:
        services.assessment_submit(assessment=draft, user=consultant)
    it_item = next(item for item in caught.value.checklist if item.label == "Every IT cost area is valid")
    assert not it_item.ok
    assert "Payroll" in it_item.details[0]
