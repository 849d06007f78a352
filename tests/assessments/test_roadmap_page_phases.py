"""The roadmap page's phases (tester's 14f): the gate is said once, and the End month is explained."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from assessments.roadmaps.rationale import gate_explanation
from tests.factories.roadmaps import done_roadmap_for

pytestmark = pytest.mark.django_db


def _page(client, roadmap, language: str) -> str:
    with translation.override(language):
        return client.get(
            reverse("assessments:roadmap_status", args=[roadmap.pk]), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()


def _phases_card(html: str) -> str:
    start = html.index(">Phases<") if ">Phases<" in html else html.index(">Fase<")
    return html[start : html.index('class="card-header"', start)]


def test_the_gate_is_said_once_and_the_end_month_is_explained(organisation, consultant, client_for):
    roadmap = done_roadmap_for(organisation=organisation, author=consultant)
    result = roadmap.result
    assert result is not None
    bpo = next(p for p in result["phases"] if p["kind"] == "BPO")
    gate = result["gate_month"]
    assert gate is not None
    html = _page(client_for(consultant), roadmap, "en")
    card = _phases_card(html)
    with translation.override("en"):
        reason = gate_explanation(result, gate_fraction=None)
    assert escape(reason) in card
    assert card.count(f"month {gate}") == 1  # not "may start in month N" and then the engine's sentence again
    assert "The BPO phase may start in month" not in card
    assert "End month: the month its last engagement frees its slot" in card
    assert "transition and ramp-up are over" in card
    # The BPO end month is the last function's start + transition + ramp, as the note says.
    row = re.search(r"<td>BPO</td><td class=\"num\">(\d+)</td><td class=\"num\">(\d+)</td>", card)
    assert row is not None
    assert (int(row.group(1)), int(row.group(2))) == (bpo["start_month"], bpo["end_month"])
    indonesian = _phases_card(_page(client_for(consultant), roadmap, "id"))
    assert "Bulan selesai: bulan keterlibatan terakhirnya melepaskan slotnya" in indonesian
    assert indonesian.count(f"bulan ke-{gate}") == 1
