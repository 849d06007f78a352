"""Lists and the history page answer in a constant number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.capture import services
from assessments.models import Role
from tests.factories.assessments import AssessmentFactory
from tests.factories.core import MembershipFactory, OrganisationFactory


def grow(consultant, count: int) -> None:
    for _ in range(count):
        organisation = OrganisationFactory.create()
        MembershipFactory.create(user=consultant, organisation=organisation, role=Role.CONSULTANT)
        AssessmentFactory.create(organisation=organisation, author=consultant)


def queries_for(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


ASSESSMENT_LIST_QUERIES = 7


@pytest.mark.parametrize("params", [{}, {"q": "Assess", "status": "draft"}])
def test_assessment_list_query_count_is_pinned_at_two_sizes(
    client_for, consultant, organisation, django_assert_num_queries, params
):
    client = client_for(consultant)
    grow(consultant, 2)
    with django_assert_num_queries(ASSESSMENT_LIST_QUERIES):
        small = client.get(reverse("assessments:list"), params)
    grow(consultant, 30)
    with django_assert_num_queries(ASSESSMENT_LIST_QUERIES):
        large = client.get(reverse("assessments:list"), params)
    assert len(small.context["page"].object_list) == 2
    assert len(large.context["page"].object_list) == 25
    assert large.context["page"].paginator.count == 32


def test_assessment_list_filters_by_organisation_and_status(client_for, consultant, organisation):
    client = client_for(consultant)
    kept = AssessmentFactory.create(organisation=organisation, title="Kept")
    AssessmentFactory.create(organisation=organisation, title="Submitted one", status="submitted")
    grow(consultant, 2)
    response = client.get(reverse("assessments:list"), {"organisation": organisation.pk, "status": "draft"})
    assert list(response.context["page"].object_list) == [kept]
    searched = client.get(reverse("assessments:list"), {"q": "own organ"})
    assert {a.title for a in searched.context["page"].object_list} == {"Kept", "Submitted one"}


def test_organisation_list_query_count_is_constant(client_for, consultant, organisation):
    client = client_for(consultant)
    grow(consultant, 2)
    small = queries_for(client, reverse("assessments:organisation_list"))
    grow(consultant, 20)
    assert queries_for(client, reverse("assessments:organisation_list")) == small


def test_organisation_detail_query_count_is_constant(client_for, consultant, organisation):
    client = client_for(consultant)
    url = reverse("assessments:organisation_detail", args=[organisation.pk])
    AssessmentFactory.create(organisation=organisation, author=consultant)
    small = queries_for(client, url)
    AssessmentFactory.create_batch(15, organisation=organisation, author=consultant)
    assert queries_for(client, url) == small


def _edit_many_times(assessment, user, capability_set, times: int) -> None:
    for index in range(times):
        services.assessment_update(
            assessment=assessment, user=user, lock_version=assessment.lock_version, data={"title": f"Title {index}"}
        )
        line = {
            "capability": capability_set["compute"],
            "annual_cost": index + 1,
            "ftes": 1,
            "available_from_month": 0,
            "maturity": 1,
            "standardisation": 1,
            "criticality": 1,
        }
        services.assessment_it_cost_areas_save(
            assessment=assessment, user=user, lock_version=assessment.lock_version, lines=[line]
        )


def test_history_page_query_count_is_constant(client_for, consultant, draft, capability_set):
    client = client_for(consultant)
    url = reverse("assessments:history", args=[draft.pk])
    _edit_many_times(draft, consultant, capability_set, 2)
    small = queries_for(client, url)
    _edit_many_times(draft, consultant, capability_set, 12)
    assert queries_for(client, url) == small


def test_detail_and_review_query_counts_do_not_grow_with_lines(client_for, consultant, draft, capability_set):
    from tests.assessments.conftest import add_lines

    client = client_for(consultant)
    add_lines(draft, capability_set, it=1, bpo=1)
    names = ("detail", "review")
    counts = {name: queries_for(client, reverse(f"assessments:{name}", args=[draft.pk])) for name in names}
    add_lines(draft, capability_set, it=7, bpo=8)
    for name, count in counts.items():
        assert queries_for(client, reverse(f"assessments:{name}", args=[draft.pk])) == count, name


def test_line_step_query_count_does_not_grow_with_lines(client_for, consultant, draft, capability_set):
    from tests.assessments.conftest import add_lines

    client = client_for(consultant)
    url = reverse("assessments:business_functions", args=[draft.pk])
    add_lines(draft, capability_set, it=0, bpo=1)
    small = queries_for(client, url)
    add_lines(draft, capability_set, it=0, bpo=8)
    assert queries_for(client, url) == small


def test_saving_a_line_step_costs_no_query_per_line(client_for, consultant, draft, capability_set):
    from tests.assessments.conftest import add_lines
    from tests.assessments.grid_support import grid_rows_of, grid_save

    client = client_for(consultant)
    url = reverse("assessments:it_cost_areas", args=[draft.pk])

    def resave() -> int:
        rows = grid_rows_of(client, url)
        lock_version = type(draft).objects.get(pk=draft.pk).lock_version
        with CaptureQueriesContext(connection) as captured:
            response = grid_save(client, url, rows, lock_version=lock_version)
        assert response.status_code == 200, response.json()
        return len(captured)

    # Saving unchanged rows writes nothing but the lock; the first save of each size renumbers positions.
    add_lines(draft, capability_set, it=1, bpo=0)
    resave()
    small = resave()
    add_lines(draft, capability_set, it=6, bpo=0)
    resave()
    assert resave() == small
