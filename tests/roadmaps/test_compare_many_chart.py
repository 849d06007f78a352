"""Three or more roadmaps compared as grouped bars: one bar per roadmap in every group, the
roadmaps' colours kept, NPVs over different horizons shown only over the common horizon, and a
constant number of queries whatever the number of roadmaps."""

import json
import re

import pytest
from django.urls import reverse

from assessments.roadmaps.charts.base import SERIES_COLOURS
from assessments.roadmaps.selectors import roadmap_label
from tests.factories.roadmaps import assessment_with_lines_create, done_roadmap_for, roadmap_done_create

pytestmark = pytest.mark.django_db

# Session and user, memberships, the roadmaps, ... (the same as tests/assessments/test_compare_many.py:
# the chart is drawn from what the table already read).
MANY_COMPARE_QUERIES = 6


@pytest.fixture
def family(organisation, consultant):
    """A base roadmap and three scenarios: higher savings, a later gate, a 36-month horizon."""
    base = done_roadmap_for(organisation=organisation, author=consultant)
    scenarios = [
        roadmap_done_create(assessment=base.assessment, name=name, overrides=overrides, requested_by=consultant)
        for name, overrides in (
            ("High savings", {"savings_band": "high"}),
            ("Gate 75", {"gate_fraction": 0.75}),
            ("Short", {"horizon_months": 36}),
        )
    ]
    return [base, *scenarios]


def _url(*roadmaps) -> str:
    return reverse("assessments:roadmap_compare") + "?" + "&".join(f"r={roadmap.pk}" for roadmap in roadmaps)


def _chart(html: str) -> dict:
    match = re.search(r'<script id="chart-compare-many-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the page embeds no grouped-bar chart"
    return json.loads(match.group(1))


def test_three_roadmaps_are_three_bars_in_every_group(family, manager, client_for):
    chosen = family[:3]
    response = client_for(manager).get(_url(*chosen))
    assert response.status_code == 200
    html = response.content.decode()
    figure = _chart(html)
    traces = figure["data"]
    assert [trace["name"] for trace in traces] == [roadmap_label(roadmap) for roadmap in chosen]
    assert [trace["marker"]["color"] for trace in traces] == list(SERIES_COLOURS[:3])
    assert figure["layout"]["barmode"] == "group"
    groups = traces[0]["x"]
    # The money figures; months (payback, gate, horizon) are another unit and stay in the table.
    assert groups == ["ITO savings run-rate", "BPO benefit run-rate", "Net present value", "Peak investment"]
    assert all(trace["x"] == groups and len(trace["y"]) == len(groups) for trace in traces)
    # Higher savings give the scenario a higher NPV bar than the base.
    npv = groups.index("Net present value")
    assert traces[1]["y"][npv] > traces[0]["y"][npv]
    assert "plotly-basic.min.js" in html


def test_different_horizons_are_compared_over_the_common_horizon_only(family, manager, client_for):
    figure = _chart(client_for(manager).get(_url(*family)).content.decode())
    assert len(figure["data"]) == 4
    groups = figure["data"][0]["x"]
    assert "NPV over the common 36 months" in groups
    assert "Net present value" not in groups  # over different horizons, not comparable


def test_different_currencies_get_the_table_alone(organisation, consultant, manager, client_for):
    rupiah = done_roadmap_for(organisation=organisation, author=consultant, currency="IDR")
    euro = roadmap_done_create(assessment=assessment_with_lines_create(organisation=organisation, currency="EUR"))
    third = roadmap_done_create(assessment=rupiah.assessment, name="High savings", overrides={"savings_band": "high"})
    html = client_for(manager).get(_url(rupiah, euro, third)).content.decode()
    assert 'id="kpi-many"' in html
    assert "chart-compare-many" not in html


def test_the_query_count_is_exact_for_three_and_four_roadmaps(family, manager, client_for, django_assert_num_queries):
    client = client_for(manager)
    client.get(_url(*family[:3]))  # warm the session
    for chosen in (family[:3], family):
        with django_assert_num_queries(MANY_COMPARE_QUERIES):
            response = client.get(_url(*chosen))
        assert len(_chart(response.content.decode())["data"]) == len(chosen)
