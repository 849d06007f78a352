"""One colour means one thing: on every page with charts, each colour drawn stands for one meaning.

Each chart names what a colour means with the PALETTE key in the trace's `legendgroup` (a line
shape's `name`). The test reads the figures a page embeds (its json_script elements), collects
meaning -> colour for every trace and line, and asserts that no colour stands for two meanings
across the charts of the page, and that every meaning is drawn in its PALETTE colour.
"""

import json
import re
from collections import defaultdict
from typing import Any

import pytest
from django.urls import reverse

from assessments.models import Decision
from assessments.roadmaps.charts.base import PALETTE, SERIES_COLOURS
from assessments.roadmaps.charts.dashboard import dashboard_charts
from assessments.roadmaps.services import roadmap_decide
from tests.factories.roadmaps import (
    assessment_with_lines_create,
    done_presentation_get,
    done_roadmap_for,
    roadmap_done_create,
)

FIGURE = re.compile(r'<script id="(chart-[\w-]+)-data" type="application/json">(.*?)</script>', re.S)


def _colours_of_trace(trace: dict[str, Any]) -> set[str]:
    colours = set()
    for holder in (trace.get("marker") or {}, trace.get("line") or {}):
        colour = holder.get("color")
        if isinstance(colour, list):
            colours.update(colour)
        elif colour:
            colours.add(colour)
    return colours


def meanings_by_colour(figures: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """colour -> the meanings (PALETTE keys, or the trace's name when it has none) drawn in it."""
    found: dict[str, set[str]] = defaultdict(set)
    for chart_id, figure in figures.items():
        for trace in figure["data"]:
            meaning = trace.get("legendgroup") or f"{chart_id}: unnamed trace {trace.get('name')!r}"
            for colour in _colours_of_trace(trace):
                found[colour.lower()].add(meaning)
        for shape in figure["layout"].get("shapes", []):
            meaning = shape.get("name") or f"{chart_id}: unnamed shape"
            found[shape["line"]["color"].lower()].add(meaning)
    return found


def assert_one_meaning_per_colour(figures: dict[str, dict[str, Any]], *, palette: dict[str, str]) -> None:
    found = meanings_by_colour(figures)
    shared = {colour: sorted(meanings) for colour, meanings in found.items() if len(meanings) > 1}
    assert shared == {}, f"colours standing for more than one thing: {shared}"
    wrong = {
        colour: meaning
        for colour, (meaning,) in ((colour, tuple(meanings)) for colour, meanings in found.items())
        if palette.get(meaning, "").lower() != colour
    }
    assert wrong == {}, f"colours that are not their meaning's PALETTE colour: {wrong}"


def page_figures(html: str) -> dict[str, dict[str, Any]]:
    return {chart_id: json.loads(body) for chart_id, body in FIGURE.findall(html)}


SERIES = {f"series_{index + 1}": colour for index, colour in enumerate(SERIES_COLOURS)}


def test_the_palette_gives_each_meaning_its_own_colour():
    colours = [colour.lower() for colour in PALETTE.values()]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in colours)
    assert len(set(colours)) == len(colours)
    assert len(set(SERIES_COLOURS)) == len(SERIES_COLOURS) == 6


def test_the_check_finds_one_colour_used_for_two_meanings():
    """The check is live: green for BPO in one chart and for positive NPVs in another is reported."""
    figures = {
        "chart-a": {"data": [{"legendgroup": "bpo", "marker": {"color": PALETTE["bpo"]}}], "layout": {}},
        "chart-b": {"data": [{"legendgroup": "npv_positive", "marker": {"color": PALETTE["bpo"]}}], "layout": {}},
    }
    with pytest.raises(AssertionError, match="more than one thing"):
        assert_one_meaning_per_colour(figures, palette=PALETTE)
    unnamed = {"chart-a": {"data": [{"marker": {"color": PALETTE["ito"]}}], "layout": {}}}
    with pytest.raises(AssertionError, match="not their meaning's PALETTE colour"):
        assert_one_meaning_per_colour(unnamed, palette=PALETTE)


@pytest.mark.django_db
def test_the_dashboard_charts_use_one_colour_per_meaning(organisation, consultant):
    roadmap = done_roadmap_for(organisation=organisation, author=consultant)
    charts = dashboard_charts(done_presentation_get(roadmap=roadmap))
    ids = {chart.id for chart in charts}
    # The demo roadmap draws every chart of the dashboard, risk included.
    assert ids == {
        "chart-timeline",
        "chart-cash-flow",
        "chart-risk-npv",
        "chart-risk-tornado",
        "chart-ito-savings",
        "chart-bpo-benefit",
        "chart-suitability",
    }
    figures = {chart.id: chart.figure for chart in charts}
    assert_one_meaning_per_colour(figures, palette=PALETTE)
    drawn = set().union(*meanings_by_colour(figures).values())
    # The colours that used to be shared on this page are now apart.
    assert {"ito", "bpo", "cash_flow", "gate", "npv_positive", "percentile", "probable"} <= drawn


@pytest.mark.django_db
def test_the_dashboard_page_uses_one_colour_per_meaning(organisation, consultant, manager, client_for):
    roadmap = done_roadmap_for(organisation=organisation, author=consultant)
    html = client_for(manager).get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk])).content.decode()
    figures = page_figures(html)
    assert len(figures) >= 5
    assert_one_meaning_per_colour(figures, palette=PALETTE)


@pytest.mark.django_db
def test_the_portfolio_uses_one_colour_per_decision(organisation, consultant, manager, client_for):
    first = done_roadmap_for(organisation=organisation, author=consultant)
    second = roadmap_done_create(assessment=assessment_with_lines_create(organisation=organisation))
    roadmap_done_create(assessment=assessment_with_lines_create(organisation=organisation))
    roadmap_decide(roadmap=first, user=manager, decision=Decision.APPROVED)
    roadmap_decide(roadmap=second, user=manager, decision=Decision.REJECTED, comment="Too slow a payback.")
    figures = page_figures(client_for(manager).get(reverse("assessments:portfolio")).content.decode())
    assert len(figures) == 2
    assert_one_meaning_per_colour(figures, palette=PALETTE)
    drawn = set().union(*meanings_by_colour(figures).values())
    assert {"approved", "rejected", "pending"} <= drawn


@pytest.mark.django_db
def test_the_compare_pages_keep_each_roadmap_in_its_colour(organisation, consultant, manager, client_for):
    base = done_roadmap_for(organisation=organisation, author=consultant)
    scenarios = [
        roadmap_done_create(assessment=base.assessment, name=name, overrides=overrides, requested_by=consultant)
        for name, overrides in (("High savings", {"savings_band": "high"}), ("Gate 75", {"gate_fraction": 0.75}))
    ]
    client = client_for(manager)
    url = reverse("assessments:roadmap_compare")
    pair = page_figures(client.get(url, {"a": base.pk, "b": scenarios[0].pk}).content.decode())
    many = page_figures(client.get(url + "?" + "&".join(f"r={r.pk}" for r in (base, *scenarios))).content.decode())
    assert set(pair) == {"chart-compare-cash-flow"}
    assert set(many) == {"chart-compare-many"}
    for figures in (pair, many):
        assert_one_meaning_per_colour(figures, palette=SERIES)
    # The first roadmap is the first colour on both pages, the second the second.
    assert [trace["line"]["color"] for trace in pair["chart-compare-cash-flow"]["data"]] == list(SERIES_COLOURS[:2])
    assert [trace["marker"]["color"] for trace in many["chart-compare-many"]["data"]] == list(SERIES_COLOURS[:3])
