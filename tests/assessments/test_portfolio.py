"""The portfolio: every visible assessment with its latest done base roadmap, filters, sorting, charts."""

import pytest
from django.urls import reverse

from assessments.models import AssessmentStatus, Decision, Roadmap, RoadmapStatus
from assessments.roadmaps.services import roadmap_decide
from tests.factories.core import MembershipFactory, OrganisationFactory
from tests.factories.roadmaps import (
    assessment_with_lines_create,
    done_roadmap_for,
    providers_create,
    roadmap_done_create,
)

pytestmark = pytest.mark.django_db


def _rows(response) -> list:
    assert response.status_code == 200
    return response.context["rows"]


def test_each_assessment_shows_its_latest_done_base_roadmap_and_drafts_only_when_asked(
    organisation, manager, client_for
):
    roadmap = done_roadmap_for(organisation=organisation)
    assessment = roadmap.assessment
    # A scenario and a newer failed computation do not replace the base figures.
    roadmap_done_create(assessment=assessment, name="Optimistic", overrides={"savings_band": "high"})
    Roadmap.objects.create(assessment=assessment, inputs_hash="failed", status=RoadmapStatus.FAILED)
    draft = assessment_with_lines_create(organisation=organisation, status=AssessmentStatus.DRAFT)
    client = client_for(manager)
    assert draft.pk not in {row.pk for row in _rows(client.get(reverse("assessments:portfolio")))}
    response = client.get(reverse("assessments:portfolio"), {"drafts": "on"})
    rows = {row.pk: row for row in _rows(response)}
    assert rows[assessment.pk].counting_roadmap_id == roadmap.pk
    assert rows[assessment.pk].counting_npv == roadmap.npv
    assert rows[assessment.pk].counting_payback == roadmap.payback_month
    assert rows[assessment.pk].approval == "pending"
    assert rows[draft.pk].counting_roadmap_id is None
    assert rows[draft.pk].approval == "not_computed"
    html = response.content.decode()
    assert reverse("assessments:roadmap_dashboard", args=[roadmap.pk]) in html
    assert f"{roadmap.npv:,.0f}" in html
    assert "not computed yet" in html


def test_filters_and_sorting(organisation, manager, client_for):
    providers_create(region=organisation.region)
    second_organisation = OrganisationFactory.create(name="Second Organisation")
    MembershipFactory.create(user=manager, organisation=second_organisation, role="manager")
    first = roadmap_done_create(assessment=assessment_with_lines_create(organisation=organisation))
    second = roadmap_done_create(
        assessment=assessment_with_lines_create(organisation=second_organisation),
        overrides={"savings_band": "high"},
    )
    roadmap_decide(roadmap=first, user=manager, decision=Decision.APPROVED)
    client = client_for(manager)
    url = reverse("assessments:portfolio")
    only_second = _rows(client.get(url, {"organisation": second_organisation.pk}))
    assert [row.pk for row in only_second] == [second.assessment_id]
    approved = _rows(client.get(url, {"approval": "approved"}))
    assert [row.pk for row in approved] == [first.assessment_id]
    assert approved[0].status == AssessmentStatus.APPROVED
    pending = _rows(client.get(url, {"approval": "pending", "status": "computed"}))
    assert [row.pk for row in pending] == [second.assessment_id]
    by_npv = _rows(client.get(url, {"sort": "npv"}))
    assert [row.pk for row in by_npv] == [second.assessment_id, first.assessment_id]  # the high band is worth more
    # Filters a user cannot have typed on purpose are ignored, never a 500.
    assert client.get(url, {"organisation": "999999", "sort": "nonsense"}).status_code == 200


def test_only_visible_organisations_are_listed(organisation, other_organisation, manager, client_for):
    mine = done_roadmap_for(organisation=organisation)
    theirs = done_roadmap_for(organisation=other_organisation)
    listed = {row.pk for row in _rows(client_for(manager).get(reverse("assessments:portfolio")))}
    assert mine.assessment_id in listed
    assert theirs.assessment_id not in listed


def test_portfolio_charts_separate_currencies(organisation, manager, client_for):
    done_roadmap_for(organisation=organisation)
    euro = OrganisationFactory.create(name="Euro Organisation", currency="EUR")
    MembershipFactory.create(user=manager, organisation=euro, role="manager")
    roadmap_done_create(assessment=assessment_with_lines_create(organisation=euro, currency="EUR"))
    charts = client_for(manager).get(reverse("assessments:portfolio")).context["charts"]
    titles = [chart.title for chart in charts]
    assert "NPV by assessment (EUR)" in titles
    assert "NPV by assessment (IDR)" in titles
    assert all(len(chart.figure["data"][0]["x"]) == 1 for chart in charts)


@pytest.mark.parametrize("assessments", [2, 6])
def test_portfolio_query_count_is_constant(organisation, manager, client_for, django_assert_num_queries, assessments):
    providers_create(region=organisation.region)
    for _index in range(assessments):
        roadmap_done_create(assessment=assessment_with_lines_create(organisation=organisation))
    client = client_for(manager)
    # Session, user, the organisations for the filter, the row count, the page of rows (one query
    # with subqueries), the figures of the page's roadmaps, the chart rows, navigation.
    with django_assert_num_queries(8):
        response = client.get(reverse("assessments:portfolio"))
    assert len(_rows(response)) == assessments


def test_navigation_leads_managers_and_consultants_to_the_portfolio(manager, consultant, administrator, client_for):
    portfolio = reverse("assessments:portfolio")
    for user in (manager, consultant):
        assert f'href="{portfolio}"' in client_for(user).get(reverse("home")).content.decode()
    assert f'href="{portfolio}"' not in client_for(administrator).get(reverse("home")).content.decode()
