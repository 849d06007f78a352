"""A roadmap not chosen because another of its assessment was approved says so everywhere it is shown."""

import io
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.models import Decision, Roadmap
from assessments.roadmaps.decision_state import approved_sibling_annotate, roadmap_decision_state
from assessments.roadmaps.services import roadmap_decide
from tests.factories.roadmaps import done_roadmap_for, roadmap_done_create

NOT_CHOSEN = "Not chosen: another roadmap was approved"


def _roadmap(decision: str, sibling_pk: int | None = None, sibling_name: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(decision=decision, approved_sibling_pk=sibling_pk, approved_sibling_name=sibling_name)


@pytest.mark.parametrize(
    ("roadmap", "code"),
    [
        (_roadmap("pending"), "pending"),
        (_roadmap("approved"), "approved"),
        (_roadmap("rejected"), "rejected"),
        # A roadmap rejected before a sibling was approved keeps its own decision.
        (_roadmap("rejected", 7, "High"), "rejected"),
        (_roadmap("pending", 7, "High"), "not_chosen"),
    ],
)
def test_state_of_each_decision(roadmap, code):
    assert roadmap_decision_state(roadmap=roadmap).code == code


def test_not_chosen_names_the_approved_roadmap():
    with translation.override("en"):
        scenario = roadmap_decision_state(roadmap=_roadmap("pending", 7, "High"))
        base = roadmap_decision_state(roadmap=_roadmap("pending", 8, ""))
        assert (str(scenario), scenario.approved_pk, scenario.approved_label) == (NOT_CHOSEN, 7, "scenario “High”")
        assert (base.approved_pk, base.approved_label) == (8, "the base roadmap")
    with translation.override("id"):
        assert str(scenario) != NOT_CHOSEN


def test_a_roadmap_not_annotated_is_refused():
    with pytest.raises(AttributeError):
        roadmap_decision_state(roadmap=SimpleNamespace(decision="pending"))


@pytest.fixture
def pair(organisation, manager):
    """A base roadmap and a scenario of the same assessment; the scenario is approved."""
    base = done_roadmap_for(organisation=organisation)
    scenario = roadmap_done_create(assessment=base.assessment, name="High savings", overrides={"savings_band": "high"})
    roadmap_decide(roadmap=scenario, user=manager, decision=Decision.APPROVED)
    return base, scenario


@pytest.mark.django_db
def test_annotation_finds_the_approved_sibling_without_a_query(pair, django_assert_num_queries):
    base, scenario = pair
    with django_assert_num_queries(1):
        rows = {
            roadmap.pk: roadmap_decision_state(roadmap=roadmap)
            for roadmap in approved_sibling_annotate(queryset=Roadmap.objects.filter(assessment=base.assessment))
        }
    assert (rows[base.pk].code, rows[base.pk].approved_pk) == ("not_chosen", scenario.pk)
    assert rows[scenario.pk].code == "approved"


def _badge(html: str) -> str:
    match = re.search(r'data-testid="decision-badge" data-decision="(\w+)">([^<]*)<', html)
    assert match is not None
    return match.group(1)


@pytest.mark.django_db
def test_dashboard_header_says_not_chosen_and_links_to_the_approved_one(pair, manager, client_for):
    base, scenario = pair
    with translation.override("en"):
        html = client_for(manager).get(reverse("assessments:roadmap_dashboard", args=[base.pk])).content.decode()
    assert _badge(html) == "not_chosen"
    assert NOT_CHOSEN in html
    assert "Awaiting decision" not in html
    link = re.search(r'<a class="small" href="([^"]+)" data-testid="approved-sibling-link">', html)
    assert link is not None
    assert link.group(1) == reverse("assessments:roadmap_dashboard", args=[scenario.pk])


@pytest.mark.django_db
def test_board_pack_summary_says_not_chosen_without_asking_for_a_decision(pair, manager, client_for):
    base, scenario = pair
    client = client_for(manager)
    with translation.override("en"):
        html = client.get(reverse("assessments:roadmap_board_pack", args=[base.pk])).content.decode()
    summary = html[html.index('data-testid="summary-decision"') :]
    summary = summary[: summary.index("</dd>")]
    assert NOT_CHOSEN in summary
    assert "on its dashboard" not in html
    assert "Awaiting decision" not in html
    assert f"http://testserver{reverse('assessments:roadmap_board_pack', args=[scenario.pk])}" in summary
    with translation.override("en"):
        response = client.get(reverse("assessments:roadmap_board_pack_pdf", args=[base.pk]))
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages))
    assert NOT_CHOSEN in text
    assert "Awaiting decision" not in text


@pytest.mark.django_db
def test_an_undecided_roadmap_alone_still_awaits_a_decision(organisation, manager, client_for):
    roadmap = done_roadmap_for(organisation=organisation)
    with translation.override("en"):
        html = client_for(manager).get(reverse("assessments:roadmap_board_pack", args=[roadmap.pk])).content.decode()
    assert _badge(html) == "pending"
    assert "has not decided on this roadmap yet" in html
    assert "on its dashboard" not in html


@pytest.mark.django_db
def test_compare_picker_and_pages_say_not_chosen(pair, manager, client_for):
    base, scenario = pair
    client = client_for(manager)
    url = reverse("assessments:roadmap_compare")
    with translation.override("en"):
        start = client.get(url).content.decode()
        pick = client.get(url, {"a": scenario.pk}).content.decode()
        pair_page = client.get(url, {"a": scenario.pk, "b": base.pk}).content.decode()
    assert f'<span data-testid="candidate-decision">{NOT_CHOSEN}</span>' in start
    assert f'<span data-testid="candidate-decision">{NOT_CHOSEN}</span>' in pick
    assert 'data-decision="not_chosen"' in pair_page
    assert 'data-decision="approved"' in pair_page


@pytest.mark.django_db
def test_assessment_page_lists_the_base_as_not_chosen(pair, manager, client_for):
    base, _scenario = pair
    html = client_for(manager).get(reverse("assessments:detail", args=[base.assessment_id])).content.decode()
    assert 'data-decision="not_chosen"' in html
    assert 'data-decision="approved"' in html


@pytest.mark.django_db
def test_workbook_decision_cell_says_not_chosen(pair, manager, client_for):
    base, _scenario = pair
    with translation.override("en"):
        response = client_for(manager).get(reverse("assessments:roadmap_export_xlsx", args=[base.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))[
        "Summary"
    ]
    cells = {row[0]: row[1] for row in sheet.iter_rows(min_col=1, max_col=2, values_only=True)}
    assert cells["Decision"] == NOT_CHOSEN
