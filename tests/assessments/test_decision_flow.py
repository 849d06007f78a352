"""The decision flow: the roadmap that counts, superseded versions, one approval per assessment."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Decision
from assessments.roadmaps import portfolio_selectors
from assessments.roadmaps.services import roadmap_decide
from tests.factories.roadmaps import assessment_with_lines_create, done_roadmap_for, roadmap_done_create

pytestmark = pytest.mark.django_db


def _rows(response) -> dict:
    assert response.status_code == 200
    return {row.pk: row for row in response.context["rows"]}


def test_portfolio_shows_the_approved_scenario_figures_and_links_to_it(organisation, manager, client_for):
    base = done_roadmap_for(organisation=organisation)
    scenario = roadmap_done_create(assessment=base.assessment, name="High savings", overrides={"savings_band": "high"})
    assert scenario.npv != base.npv
    roadmap_decide(roadmap=scenario, user=manager, decision=Decision.APPROVED)
    response = client_for(manager).get(reverse("assessments:portfolio"))
    row = _rows(response)[base.assessment_id]
    assert (row.counting_roadmap_id, row.counting_npv, row.approval) == (scenario.pk, scenario.npv, "approved")
    html = response.content.decode()
    assert reverse("assessments:roadmap_dashboard", args=[scenario.pk]) in html
    assert reverse("assessments:roadmap_dashboard", args=[base.pk]) not in html
    assert "High savings" in html


def test_other_roadmaps_say_another_was_approved_and_offer_no_approval(organisation, manager, client_for):
    base = done_roadmap_for(organisation=organisation)
    scenario = roadmap_done_create(assessment=base.assessment, name="High savings", overrides={"savings_band": "high"})
    client = client_for(manager)
    before = client.get(reverse("assessments:roadmap_dashboard", args=[base.pk])).content.decode()
    assert 'value="approved"' in before
    roadmap_decide(roadmap=scenario, user=manager, decision=Decision.APPROVED)
    html = client.get(reverse("assessments:roadmap_dashboard", args=[base.pk])).content.decode()
    assert "Another roadmap was approved" in html
    assert reverse("assessments:roadmap_dashboard", args=[scenario.pk]) in html
    assert 'value="approved"' not in html


def test_a_superseded_version_is_left_out_says_so_and_cannot_be_approved(organisation, manager, client_for):
    first = done_roadmap_for(organisation=organisation)
    old = first.assessment
    newer = assessment_with_lines_create(organisation=organisation, lineage=old.lineage, version=2, title=old.title)
    newer_roadmap = roadmap_done_create(assessment=newer)
    client = client_for(manager)
    rows = _rows(client.get(reverse("assessments:portfolio")))
    assert newer.pk in rows
    assert old.pk not in rows
    assert rows[newer.pk].counting_roadmap_id == newer_roadmap.pk
    html = client.get(reverse("assessments:roadmap_dashboard", args=[first.pk])).content.decode()
    assert "Superseded by" in html
    assert reverse("assessments:detail", args=[newer.pk]) in html
    assert 'value="approved"' not in html
    with pytest.raises(ValidationError, match="superseded by v2"):
        roadmap_decide(roadmap=first, user=manager, decision=Decision.APPROVED)
    # A newer draft does not supersede: the submitted version still counts.
    assessment_with_lines_create(organisation=organisation, lineage=old.lineage, version=3, status="draft")
    assert newer.pk in _rows(client.get(reverse("assessments:portfolio")))


def test_portfolio_search_and_pages(organisation, manager, client_for, monkeypatch):
    done_roadmap_for(organisation=organisation, title="Alpha bank")
    for title in ("Beta insurer", "Gamma telecom"):
        roadmap_done_create(assessment=assessment_with_lines_create(organisation=organisation, title=title))
    client = client_for(manager)
    url = reverse("assessments:portfolio")
    assert [row.title for row in _rows(client.get(url, {"search": "BETA"})).values()] == ["Beta insurer"]
    monkeypatch.setattr(portfolio_selectors, "PORTFOLIO_PAGE_SIZE", 2)
    first = client.get(url, {"sort": "organisation"})
    second = client.get(url, {"sort": "organisation", "page": 2})
    assert len(_rows(first)) == 2
    assert len(_rows(second)) == 1
    assert "sort=organisation&amp;page=2" in first.content.decode()
    assert set(_rows(first)) | set(_rows(second)) == {row.pk for row in first.context["page"].paginator.object_list}
    assert client.get(url, {"page": "nonsense"}).status_code == 200


def test_charts_show_the_top_assessments_and_aggregate_the_rest(organisation, manager):
    roadmaps = [done_roadmap_for(organisation=organisation)]
    roadmaps += [
        roadmap_done_create(
            assessment=assessment_with_lines_create(organisation=organisation), overrides={"savings_band": band}
        )
        for band in ("high", "low")
    ]
    assessments = portfolio_selectors.portfolio_assessments(user=manager)
    chart_rows = portfolio_selectors.portfolio_chart_rows(assessments=assessments, top=1)
    npvs = sorted((roadmap.npv for roadmap in roadmaps if roadmap.npv is not None), reverse=True)
    assert len(npvs) == len(roadmaps)
    assert [row.npv for row in chart_rows] == [npvs[0], npvs[1] + npvs[2]]
    assert chart_rows[1].others_count == 2
    assert chart_rows[1].label == "2 others"


def test_assessment_page_links_to_its_roadmaps_approved_first(organisation, manager, client_for):
    base = done_roadmap_for(organisation=organisation)
    scenario = roadmap_done_create(assessment=base.assessment, name="High savings", overrides={"savings_band": "high"})
    roadmap_decide(roadmap=scenario, user=manager, decision=Decision.APPROVED)
    html = client_for(manager).get(reverse("assessments:detail", args=[base.assessment_id])).content.decode()
    section = html[html.index('data-testid="assessment-roadmaps"') :]
    approved_link = reverse("assessments:roadmap_dashboard", args=[scenario.pk])
    base_link = reverse("assessments:roadmap_dashboard", args=[base.pk])
    assert section.index(approved_link) < section.index(base_link)


def test_compare_without_a_roadmap_offers_a_picker_of_visible_roadmaps(
    organisation, other_organisation, manager, client_for
):
    mine = done_roadmap_for(organisation=organisation)
    theirs = done_roadmap_for(organisation=other_organisation)
    response = client_for(manager).get(reverse("assessments:roadmap_compare"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="a" id="a-{mine.pk}"' in html
    assert f'id="a-{theirs.pk}"' not in html
