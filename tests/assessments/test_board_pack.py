"""The board pack: executive summary first, items in the dashboard's order, and the PDF download."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from pypdf import PdfReader

from assessments.models import Decision
from assessments.roadmaps import boardpack_presenter as boardpack
from assessments.roadmaps.boardpack_presenter import executive_summary
from assessments.roadmaps.presenter import presentation_build, roadmap_presentation_get
from assessments.roadmaps.services import roadmap_decide
from outsourcing.money import money_format
from tests.factories.roadmaps import done_roadmap_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def roadmap(organisation, consultant):
    return done_roadmap_for(organisation=organisation, author=consultant)


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_page_opens_with_the_executive_summary(roadmap, manager, client_for):
    html = client_for(manager).get(reverse("assessments:roadmap_board_pack", args=[roadmap.pk])).content.decode()
    summary_at = html.index('data-testid="executive-summary"')
    # The summary comes before any detail: the logic card, the charts and the item table follow it.
    assert (
        summary_at < html.index('id="logic-heading"') < html.index('id="chart-timeline"') < html.index('id="bp-items"')
    )
    assert html.index("boardpack-detail") > summary_at
    view = roadmap_presentation_get(roadmap=roadmap)
    assert view is not None
    summary = html[summary_at : html.index("boardpack-detail")]
    assert executive_summary(view).recommendation in summary
    for band in ("low", "typical", "high"):
        assert money_format(view.scenarios[band]["npv"], view.currency) in summary
    assert 'data-testid="summary-gate"' in summary
    # The gate is said once: the engine's reason, not a paraphrase of it before it (tester's 14f).
    gate_at = summary.index('data-testid="summary-gate"')
    gate = summary[gate_at : summary.index("</dd>", gate_at)]
    assert escape(view.gate_reason) in gate
    assert "the BPO phase starts once" not in gate
    assert gate.count(f"month {view.gate_month}") == 1
    assert 'data-testid="summary-decision"' in summary
    assert reverse("assessments:roadmap_board_pack_pdf", args=[roadmap.pk]) in html


def test_items_follow_the_dashboards_order(roadmap, manager, client_for):
    client = client_for(manager)
    board = client.get(reverse("assessments:roadmap_board_pack", args=[roadmap.pk])).content.decode()
    view = roadmap_presentation_get(roadmap=roadmap)
    assert view is not None
    expected = [item["id"] for item in [*view.ito_items, *view.ito_excluded, *view.bpo_items, *view.bpo_excluded]]
    assert re.findall(r'<tbody class="avoid-break" data-item="([^"]+)"', board) == expected
    # The raw result's order differs from the dashboard's for this roadmap, so the test can fail.
    assert [item["id"] for item in roadmap.result["items"]] != expected


def test_recommendation_names_both_phases_or_says_why_not():
    base = {"currency": "IDR", "cash_flow": [], "kpis": {}, "scenarios": {}, "gate_month": 9}

    def item(kind: str, included: bool, number: int) -> dict:
        return {
            "id": f"{kind}-{number}",
            "kind": kind,
            "capability": "storage" if kind == "ITO" else "payroll",
            "included": included,
            "start_month": 0 if included else None,
            "savings_from_month": 3 if included else None,
            "exit_month": 12 if included and kind == "ITO" else None,
            "shortlist": [],
        }

    with translation.override("en"):
        both = presentation_build(
            result=base | {"items": [item("ITO", True, 1), item("BPO", True, 2), item("BPO", True, 3)]},
            capability_names={},
            known_providers=set(),
        )
        nothing = presentation_build(
            result=base | {"items": [item("ITO", False, 1), item("BPO", False, 2)], "gate_month": None},
            capability_names={},
            known_providers=set(),
        )
        assert executive_summary(both).recommendation == (
            "Outsource 1 IT area first (ITO) for fast savings; then hand 2 business functions to BPO providers "
            "from month 9, once the ITO savings are real."
        )
        assert executive_summary(nothing).recommendation.startswith("Do not outsource now")
        assert executive_summary(nothing).first_items == []


def test_pdf_is_a_pdf_with_the_summary_and_npv(roadmap, manager, client_for):
    roadmap_decide(roadmap=roadmap, user=manager, decision=Decision.APPROVED, comment="Go ahead")
    with translation.override("en"):
        response = client_for(manager).get(reverse("assessments:roadmap_board_pack_pdf", args=[roadmap.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert f"-v{roadmap.assessment.version}-board-pack-" in disposition
    assert re.search(r'-\d{4}-\d{2}-\d{2}\.pdf"$', disposition)
    text = _squeezed(_pdf_text(response.content))
    view = roadmap_presentation_get(roadmap=roadmap)
    assert view is not None
    with translation.override("en"):
        recommendation = executive_summary(view).recommendation
    assert _squeezed(recommendation) in text
    # The page joins currency and digits with a no-break space; the PDF's text layer reads a space.
    assert _squeezed(money_format(view.kpis["npv"], view.currency)) in text
    assert "Approved" in text
    assert "Go ahead" in text
    first_page = _squeezed(PdfReader(io.BytesIO(response.content)).pages[0].extract_text())
    assert "Executive summary" in first_page
    assert "Every item" not in first_page  # the detail starts on a new page


def test_pdf_follows_the_readers_language(roadmap, manager, client_for):
    client = client_for(manager)
    client.cookies["django_language"] = "id"
    response = client.get(reverse("assessments:roadmap_board_pack_pdf", args=[roadmap.pk]), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    text = _squeezed(_pdf_text(response.content))
    assert "Ringkasan eksekutif" in text
    assert "Executive summary" not in text


def test_static_charts_escape_labels_and_draw_every_planned_item(roadmap):
    view = roadmap_presentation_get(roadmap=roadmap)
    assert view is not None
    view.ito_items[0]["label"] = '<script>alert("x")</script>'
    svg = boardpack.timeline_svg(view)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    planned = len(view.ito_items) + len(view.bpo_items)
    assert svg.count("<rect ") >= planned
    assert boardpack.cash_flow_svg(view).count("<polyline ") == 3


def test_filename_has_the_assessment_name_and_date(roadmap):
    roadmap.assessment.title = "Aceh Power: IT & HR"
    name = boardpack.boardpack_filename(roadmap=roadmap, today=datetime.date(2026, 11, 30))
    assert name == f"aceh-power-it-hr-v{roadmap.assessment.version}-board-pack-2026-11-30.pdf"


def test_pdf_refuses_to_fetch_anything():
    # A remote image or stylesheet in the HTML is not fetched (WeasyPrint logs and goes on).
    document = (
        '<html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>'
        '<body><p>offline</p><img src="http://127.0.0.1:9/x.png"><img src="file:///etc/hostname"></body></html>'
    )
    content = boardpack.boardpack_pdf(document=document)
    assert content.startswith(b"%PDF-")
    assert "offline" in _pdf_text(content)
