"""New version: a draft copy with version + 1; the submitted one stays as it was; the diff says what changed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.capture import services
from assessments.capture.version_selectors import (
    assessment_versions_diff,
)
from assessments.models import Assessment, AssessmentStatus, BusinessFunction, ITCostArea
from tests.factories.assessments import ITCostAreaFactory


@pytest.fixture
def submitted(complete_draft, consultant):
    return services.assessment_submit(assessment=complete_draft, user=consultant)


def test_new_version_copies_into_a_draft_of_the_same_lineage(submitted, consultant):
    copy = services.assessment_version_create(assessment=submitted, user=consultant)
    assert (copy.version, copy.lineage, copy.copied_from_id) == (2, submitted.lineage, submitted.pk)
    assert copy.status == AssessmentStatus.DRAFT
    assert copy.title == submitted.title
    assert copy.submitted_at is None
    copied = [(line.capability_id, line.annual_cost, line.position) for line in copy.it_cost_areas.all()]
    original = [(line.capability_id, line.annual_cost, line.position) for line in submitted.it_cost_areas.all()]
    assert copied == original
    assert copy.business_functions.count() == 5
    assert set(copy.it_cost_areas.values_list("pk", flat=True)).isdisjoint(
        submitted.it_cost_areas.values_list("pk", flat=True)
    )


def test_changing_the_new_version_leaves_the_submitted_one_as_it_was(submitted, consultant, capability_set):
    copy = services.assessment_version_create(assessment=submitted, user=consultant)
    services.assessment_it_cost_areas_save(assessment=copy, user=consultant, lock_version=copy.lock_version, lines=[])
    assert ITCostArea.objects.filter(assessment=submitted).count() == 5
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.SUBMITTED


def test_only_one_draft_per_lineage(submitted, consultant):
    services.assessment_version_create(assessment=submitted, user=consultant)
    with pytest.raises(services.AssessmentError, match="already a draft"):
        services.assessment_version_create(assessment=submitted, user=consultant)


def test_the_next_version_number_follows_the_highest(submitted, consultant):
    second = services.assessment_version_create(assessment=submitted, user=consultant)
    services.assessment_submit(assessment=second, user=consultant)
    third = services.assessment_version_create(assessment=submitted, user=consultant)
    assert third.version == 3
    assert third.copied_from_id == submitted.pk


def test_new_version_view_redirects_to_the_new_draft(client_for, consultant, submitted):
    response = client_for(consultant).post(reverse("assessments:version_create", args=[submitted.pk]))
    copy = Assessment.objects.get(lineage=submitted.lineage, version=2)
    assert response.url == reverse("assessments:parameters", args=[copy.pk])


def test_diff_lists_parameters_and_lines_added_removed_and_changed(submitted, consultant, capability_set):
    copy = services.assessment_version_create(assessment=submitted, user=consultant)
    lines = list(copy.it_cost_areas.order_by("position"))
    services.assessment_update(
        assessment=copy, user=consultant, lock_version=copy.lock_version, data={"horizon_months": 84}
    )
    keep = [
        {**{f: getattr(line, f) for f in ("capability", "ftes", "available_from_month", "maturity",
                                           "standardisation", "criticality", "notes")},
         "annual_cost": line.annual_cost, "id": line.pk}
        for line in lines[1:]
    ]  # fmt: skip
    keep[0]["annual_cost"] = Decimal("42.00")
    keep[0]["maturity"] = 5
    keep.append({**keep[1], "id": None, "capability": capability_set["security"], "annual_cost": Decimal("7")})
    services.assessment_it_cost_areas_save(assessment=copy, user=consultant, lock_version=copy.lock_version, lines=keep)

    diff = assessment_versions_diff(old=submitted, new=copy)
    assert [(change.field, change.old, change.new) for change in diff.parameters] == [("horizon_months", 60, 84)]
    by_kind = {(change.kind, change.capability) for change in diff.it_cost_areas}
    assert by_kind == {
        ("removed", str(lines[0].capability)),
        ("changed", str(lines[1].capability)),
        ("added", "Security"),
    }
    changed = next(change for change in diff.it_cost_areas if change.kind == "changed")
    assert {(c.field, c.old, c.new) for c in changed.changes} == {
        ("annual_cost", lines[1].annual_cost, Decimal("42.00")),
        ("maturity", lines[1].maturity, 5),
    }
    assert diff.business_functions == ()


def test_a_line_inserted_above_another_of_its_capability_is_one_addition(submitted, consultant, capability_set):
    copy = services.assessment_version_create(assessment=submitted, user=consultant)
    ITCostArea.objects.filter(assessment=copy).update(position=10)
    ITCostAreaFactory.create(
        assessment=copy, capability=capability_set["compute"], annual_cost=Decimal("5.00"), position=0
    )
    diff = assessment_versions_diff(old=submitted, new=copy)
    assert [(change.kind, change.capability, change.occurrence) for change in diff.it_cost_areas] == [
        ("added", "Compute", 1)
    ]


def test_a_changed_line_among_several_of_its_capability(submitted, consultant, capability_set):
    copy = services.assessment_version_create(assessment=submitted, user=consultant)
    ITCostAreaFactory.create(
        assessment=copy, capability=capability_set["compute"], annual_cost=Decimal("5.00"), position=9
    )
    original = ITCostArea.objects.get(assessment=copy, capability=capability_set["compute"], position=1)
    original.ftes = Decimal("9.5")
    original.save()
    diff = assessment_versions_diff(old=submitted, new=copy)
    assert sorted((c.kind, c.occurrence, tuple(x.field for x in c.changes)) for c in diff.it_cost_areas) == [
        ("added", 2, ()),
        ("changed", 1, ("ftes",)),
    ]


def test_versions_page_shows_the_diff_with_the_previous_version(client_for, consultant, manager, submitted):
    copy = services.assessment_version_create(assessment=submitted, user=consultant)
    services.assessment_update(assessment=copy, user=consultant, lock_version=0, data={"title": "Revised"})
    BusinessFunction.objects.filter(assessment=copy).order_by("position")[0].delete()
    response = client_for(manager).get(reverse("assessments:versions", args=[copy.pk]))
    assert response.status_code == 200
    diff = response.context["diff"]
    assert diff.old == submitted
    assert [c.field for c in diff.parameters] == ["title"]
    assert [c.kind for c in diff.business_functions] == ["removed"]
    content = response.content.decode()
    assert "Revised" in content
    assert "removed" in content


def test_versions_page_compares_any_two_chosen_versions(client_for, consultant, submitted):
    copy = services.assessment_version_create(assessment=submitted, user=consultant)
    response = client_for(consultant).get(
        reverse("assessments:versions", args=[submitted.pk]), {"old": copy.pk, "new": submitted.pk}
    )
    assert response.context["diff"].old == submitted
    assert response.context["diff"].is_empty
    same = client_for(consultant).get(
        reverse("assessments:versions", args=[submitted.pk]), {"old": copy.pk, "new": copy.pk}
    )
    assert same.context["diff"] is None
    assert same.context["form"].errors
