"""The roadmap dashboard and board pack: content, chart JSON, escaping, access, query counts."""

import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from assessments.models import Decision, Roadmap, RoadmapStatus
from assessments.roadmaps import year_table_presenter as year_table
from assessments.roadmaps.charts import base as chart_base
from assessments.roadmaps.charts import dashboard as dashboard_charts
from assessments.roadmaps.charts import roadmap as roadmap_charts
from assessments.roadmaps.dashboard_selectors import dashboard_state_get
from assessments.roadmaps.presenter import roadmap_presentation_get
from assessments.roadmaps.rationale import item_rationale
from assessments.roadmaps.services import roadmap_decide
from outsourcing.money import money_format
from providers.models import Capability
from tests.factories.assessments import ITCostAreaFactory
from tests.factories.roadmaps import (
    HOSTILE_NAME,
    assessment_with_lines_create,
    capability_get,
    done_presentation_get,
    done_roadmap_for,
    providers_create,
    roadmap_done_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def roadmap(organisation, consultant):
    return done_roadmap_for(organisation=organisation, author=consultant)


def _figures(html: str) -> dict[str, dict]:
    """Every json_script figure on the page, by element id."""
    found = re.findall(r'<script id="([^"]+)" type="application/json">(.*?)</script>', html, flags=re.S)
    return {element_id: json.loads(payload) for element_id, payload in found}


def test_dashboard_shows_kpis_with_ranges_phases_and_every_item(roadmap, manager, client_for):
    response = client_for(manager).get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    result = roadmap.result
    scenarios = result["scenarios"]
    # KPI cards: typical value and the low and high bands, in the roadmap's currency with grouping.
    assert f"IDR\u00a0{result['kpis']['npv']:,.0f}" in html
    # The low band may be negative since its savings start at 0 (issue 13): the sign goes before the currency.
    assert money_format(scenarios["low"]["npv"], "IDR") in html
    assert money_format(scenarios["high"]["npv"], "IDR") in html
    assert f"IDR\u00a0{result['kpis']['run_rate_ito']:,.0f}" in html
    assert f"month {result['kpis']['payback_month']}" in html
    # Every item with its decision and the engine's rationale; shortlists link to provider pages.
    for item in result["items"]:
        assert f'data-item="{item["id"]}"' in html
        assert escape(item_rationale(item, currency=result["currency"])) in html
    shortlisted = result["items"][0]["shortlist"][0]
    assert reverse("providers:provider_detail", kwargs={"slug": shortlisted["provider"]}) in html
    assert "Not recommended" in html  # security or finance is excluded with its reason
    # The founding document's logic in plain words.
    assert "Why ITO comes first here" in html
    assert "What unlocks the BPO phase" in html
    assert "What success means for each BPO item" in html
    assert f"reach 50 % of the planned ITO run-rate. Here that happens in month {result['gate_month']}" in html


def test_dashboard_embeds_small_light_figures_and_loads_plotly_once(roadmap, manager, client_for):
    html = client_for(manager).get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk])).content.decode()
    figures = _figures(html)
    assert set(figures) >= {"chart-timeline-data", "chart-cash-flow-data", "chart-suitability-data"}
    for element_id, figure in figures.items():
        assert f'data-figure-id="{element_id}"' in html
        assert "template" not in figure["layout"], element_id
        assert len(json.dumps(figure)) < 20_000, element_id
    assert "{#" not in html  # no template comment or tag leaks into the page
    assert "{%" not in html
    assert html.count("vendor/plotly/plotly-basic.min.js") == 1
    assert html.count("js/charts.js") == 1
    # No inline script: every <script> either has a src or is a JSON data island.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_timeline_draws_ito_then_gate_then_bpo(roadmap):
    view = roadmap_presentation_get(roadmap=roadmap)
    assert view is not None
    chart = roadmap_charts.timeline_chart(view)
    rows = [row[1] for row in chart.table.rows]
    kinds = [row[0] for row in chart.table.rows]
    assert kinds == sorted(kinds, key=lambda kind: kind != "ITO")  # ITO rows first
    assert rows[0] == view.ito_items[0]["label"]
    gate = chart.figure["layout"]["shapes"][0]
    assert gate["x0"] == roadmap.result["gate_month"]
    assert "BPO may start" in chart.figure["layout"]["annotations"][0]["text"]
    savings_markers = next(trace for trace in chart.figure["data"] if trace.get("mode") == "markers")
    assert sorted(savings_markers["x"]) == sorted(
        item["savings_from_month"] for item in roadmap.result["items"] if item["included"]
    )


def test_cash_flow_chart_has_band_and_payback_point(roadmap):
    view = roadmap_presentation_get(roadmap=roadmap)
    assert view is not None
    chart = roadmap_charts.cash_flow_chart(view, chart_base.money_scale([row["cumulative"] for row in view.cash_flow]))
    names = [trace.get("name") for trace in chart.figure["data"]]
    assert {"High band", "Low band", "Payback"} <= set(names)
    payback = next(trace for trace in chart.figure["data"] if trace.get("name") == "Payback")
    assert payback["x"] == [roadmap.result["kpis"]["payback_month"]]
    assert len(chart.table.rows) == len(roadmap.result["cash_flow"])


def test_user_text_in_charts_and_tables_is_shown_never_executed(organisation, manager, client_for):
    providers_create(region=organisation.region, hostile=True)
    assessment = assessment_with_lines_create(organisation=organisation, title=HOSTILE_NAME)
    Capability.objects.filter(code="compute").update(name=HOSTILE_NAME)
    roadmap = roadmap_done_create(assessment=assessment)
    for url_name in ("assessments:roadmap_dashboard", "assessments:roadmap_board_pack"):
        html = client_for(manager).get(reverse(url_name, args=[roadmap.pk])).content.decode()
        assert "<script>alert(1)" not in html
        assert "</script><script>" not in html
        assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text in the tables
        figures = _figures(html)
        timeline = figures["chart-timeline-data"]
        # In the figure the name is HTML-escaped for plotly, so it is drawn literally.
        assert any("&lt;/script&gt;" in label for label in timeline["data"][0]["y"])
    portfolio = client_for(manager).get(reverse("assessments:portfolio")).content.decode()
    assert "<script>alert(1)" not in portfolio
    assert "</script><script>" not in portfolio


def test_figures_are_cached_per_roadmap_and_language(roadmap, manager, client_for, monkeypatch):
    calls = []
    original = dashboard_charts.dashboard_charts

    def counted(view):
        calls.append(1)
        return original(view)

    monkeypatch.setattr(dashboard_charts, "dashboard_charts", counted)
    client = client_for(manager)
    url = reverse("assessments:roadmap_dashboard", args=[roadmap.pk])
    client.get(url)
    client.get(url)
    assert len(calls) == 1
    view = roadmap_presentation_get(roadmap=roadmap)
    assert view is not None
    with translation.override("id"):
        dashboard_charts.dashboard_charts_cached(roadmap_id=roadmap.pk, finished_at=roadmap.finished_at, view=view)
    assert len(calls) == 2


# Session, user, the viewer's memberships (role and navigation) and the state of the
# assessment's roadmaps. The first view of a roadmap also loads the roadmap with its result,
# the capability names, the known providers, the stored parameters and the roadmap rows for
# the header, then caches what it drew.
DASHBOARD_QUERIES_FIRST = 9
DASHBOARD_QUERIES_CACHED = 4


@pytest.mark.parametrize("extra_areas", [0, 4])
def test_dashboard_query_count_does_not_grow_with_items(
    organisation, manager, client_for, django_assert_num_queries, extra_areas
):
    providers_create(region=organisation.region)
    assessment = assessment_with_lines_create(organisation=organisation)
    for code in ("storage", "network", "applications", "data_centre")[:extra_areas]:
        ITCostAreaFactory.create(assessment=assessment, capability=capability_get(code))
    roadmap = roadmap_done_create(assessment=assessment)
    assert roadmap.result is not None
    assert len(roadmap.result["items"]) == 6 + extra_areas
    client = client_for(manager)
    url = reverse("assessments:roadmap_dashboard", args=[roadmap.pk])
    with django_assert_num_queries(DASHBOARD_QUERIES_FIRST):
        first = client.get(url)
    with django_assert_num_queries(DASHBOARD_QUERIES_CACHED):
        cached = client.get(url)
    assert first.status_code == cached.status_code == 200


def test_cached_dashboard_is_the_same_page_and_keeps_the_decision_live(roadmap, manager, client_for):
    client = client_for(manager)
    url = reverse("assessments:roadmap_dashboard", args=[roadmap.pk])
    first = client.get(url).content.decode()
    roadmap_decide(roadmap=roadmap, user=manager, decision=Decision.APPROVED, comment="Cached page, live decision")
    second = client.get(url).content.decode()
    assert _figures(first) == _figures(second)
    assert "Cached page, live decision" in second
    assert 'value="approved"' in first
    assert 'value="approved"' not in second
    # The shared copy carries nothing of the user who first rendered it.
    names = dashboard_state_get(user=manager, pk=roadmap.pk).names_version
    body = cache.get(
        f"roadmap-dashboard-body:{dashboard_charts.roadmap_cache_tag(roadmap.pk, roadmap.finished_at, names)}"
    )
    assert body is not None
    assert "csrfmiddlewaretoken" not in body
    assert manager.username not in body


def test_board_pack_has_print_button_charts_and_page_breaks(roadmap, manager, client_for):
    html = client_for(manager).get(reverse("assessments:roadmap_board_pack", args=[roadmap.pk])).content.decode()
    assert 'data-action="print"' in html
    assert 'css/print.css" media="print"' in html
    assert "page-break" in html
    assert {"chart-timeline-data", "chart-cash-flow-data"} <= set(_figures(html))
    first = roadmap.result["items"][0]
    assert escape(item_rationale(first, currency=roadmap.result["currency"])) in html


def test_not_yet_computed_roadmap_goes_to_its_status_page(roadmap, manager, client_for):
    roadmap.status = RoadmapStatus.RUNNING
    roadmap.save(update_fields=["status"])
    response = client_for(manager).get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:roadmap_status", args=[roadmap.pk])


@pytest.mark.parametrize("outsider", ["other_manager", "other_consultant"])
def test_another_organisation_gets_404_on_every_roadmap_url(roadmap, client_for, request, outsider):
    client = client_for(request.getfixturevalue(outsider))
    for name in (
        "roadmap_dashboard",
        "roadmap_board_pack",
        "scenario_create",
        "roadmap_export_xlsx",
        "roadmap_export_items_csv",
        "roadmap_export_cash_flow_csv",
    ):
        assert client.get(reverse(f"assessments:{name}", args=[roadmap.pk])).status_code == 404, name
    assert (
        client.post(reverse("assessments:roadmap_decide", args=[roadmap.pk]), {"decision": "approved"}).status_code
        == 404
    )
    assert client.get(reverse("assessments:roadmap_compare"), {"a": roadmap.pk}).status_code == 404
    roadmap.refresh_from_db()
    assert roadmap.decision == Decision.PENDING


def test_anonymous_is_sent_to_sign_in(roadmap, client):
    response = client.get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_roles_see_the_actions_they_may_take(roadmap, manager, consultant, administrator, client_for):
    url = reverse("assessments:roadmap_dashboard", args=[roadmap.pk])
    manager_html = client_for(manager).get(url).content.decode()
    assert 'value="approved"' in manager_html
    assert reverse("assessments:scenario_create", args=[roadmap.pk]) in manager_html
    consultant_html = client_for(consultant).get(url).content.decode()
    assert 'value="approved"' not in consultant_html
    assert reverse("assessments:scenario_create", args=[roadmap.pk]) in consultant_html
    admin_html = client_for(administrator).get(url).content.decode()
    assert 'value="approved"' not in admin_html
    assert reverse("assessments:scenario_create", args=[roadmap.pk]) not in admin_html


def test_money_is_grouped_in_the_roadmap_currency():
    from assessments.templatetags.money import money, money_delta, percent

    assert money(1234567.891, "IDR") == "IDR\u00a01,234,568"
    assert money(-26583750, "EUR") == "-EUR\u00a026,583,750"
    assert money(None, "IDR") == "–"
    assert money_delta(1500, "IDR") == "+IDR\u00a01,500"
    assert money_delta(0, "IDR") == "–"
    assert percent(0.1825) == "18.2 %"


def test_status_page_of_a_done_roadmap_links_to_its_dashboard(roadmap, consultant, client_for):
    html = client_for(consultant).get(reverse("assessments:roadmap_status", args=[roadmap.pk])).content.decode()
    assert reverse("assessments:roadmap_dashboard", args=[roadmap.pk]) in html


def test_a_page_served_from_the_cache_carries_a_working_csrf_token(roadmap, manager, organisation):
    from django.test import Client

    url = reverse("assessments:roadmap_dashboard", args=[roadmap.pk])
    warm = Client()
    warm.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
    warm.get(url)  # fills the caches
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(url).content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert tokens
    assert not any(token.startswith("csrf") and len(token) == 36 for token in tokens)  # no slot left unfilled
    response = client.post(
        reverse("assessments:roadmap_decide", args=[roadmap.pk]),
        {"decision": "approved", "comment": "", "csrfmiddlewaretoken": tokens.pop()},
    )
    assert response.status_code == 302
    roadmap.refresh_from_db()
    assert roadmap.decision == Decision.APPROVED


def test_flash_messages_are_shown_once_even_on_a_cached_page(roadmap, manager, client_for):
    client = client_for(manager)
    url = reverse("assessments:roadmap_dashboard", args=[roadmap.pk])
    client.get(url)
    response = client.post(reverse("assessments:roadmap_decide", args=[roadmap.pk]), {"decision": "approved"})
    assert "Roadmap approved" in client.get(response["Location"]).content.decode()
    assert "Roadmap approved" not in client.get(url).content.decode()


def test_a_recomputed_row_under_the_same_id_is_never_served_from_an_old_drawing(roadmap, manager, client_for):
    # Ids come back after a rollback or a restore; the cache must tell the two results apart.
    client = client_for(manager)
    url = reverse("assessments:roadmap_dashboard", args=[roadmap.pk])
    marker = "IDR\u00a0987,654,321"
    assert marker not in client.get(url).content.decode()
    result = roadmap.result | {"kpis": roadmap.result["kpis"] | {"npv": 987654321}}
    Roadmap.objects.filter(pk=roadmap.pk).update(result=result, finished_at=timezone.now())
    assert marker in client.get(url).content.decode()


def test_a_renamed_organisation_capability_or_provider_shows_on_the_next_dashboard_view(roadmap, manager, client_for):
    """The cached fragments are keyed on the names they show (issue 17): no stale name for six hours."""
    client = client_for(manager)
    url = reverse("assessments:roadmap_dashboard", args=[roadmap.pk])
    first = client.get(url).content.decode()
    organisation = roadmap.assessment.organisation
    assert organisation.name in first
    organisation.name = "Renamed Holding Tbk"
    organisation.save()
    capability = roadmap.assessment.it_cost_areas.select_related("capability").first().capability
    capability.name = "Renamed capability name"
    capability.save()
    second = client.get(url).content.decode()
    assert "Renamed Holding Tbk" in second
    assert "Renamed capability name" in second


def test_dashboard_cash_flow_table_has_a_line_per_cost_summed_by_year(roadmap, manager, client_for):
    """Lines by plan years in the table's unit (a board reads millions), the exact sum in each cell's title."""
    response = client_for(manager).get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk]))
    html = response.content.decode()
    table = html[html.index('data-testid="cash-flow-table"') :]
    table = table[: table.index("</section>")]
    for label in ("Severance", "Retained organisation", "Dual running", "Irrecoverable VAT", "Net"):
        assert f'<th scope="row">{label}</th>' in table
    cash_flow = roadmap.result["cash_flow"]
    assert sum(row["severance"] for row in cash_flow) > 0  # the factory's BPO lines release FTEs
    years = done_presentation_get(roadmap=roadmap).cash_flow_by_year
    assert len(years) == (len(cash_flow) + 11) // 12
    largest = max(abs(year[key]) for year in years for key in ("net", "severance", "bpo_benefit", "ito_savings"))
    divisor, name = year_table.table_divisor([largest])
    assert largest / divisor >= 1000
    assert divisor == 10**9 or largest / divisor < 10**6
    assert f'data-unit="{f"IDR {name}".strip()}"' in table
    for year in range(len(cash_flow) // 12):
        months = [row for row in cash_flow if row["month"] // 12 == year]
        for key in ("severance", "net"):
            total = sum(row[key] for row in months)
            shown = f"{total / divisor:,.1f}" if divisor > 1 else f"{total:,.0f}"
            assert f'title="{money_format(total, "IDR")}">{shown}</td>' in table, (key, year)
    net = sum(row["net"] for row in cash_flow)
    assert f'title="{money_format(net, "IDR")}">' in table  # the total column


def test_the_year_table_unit_keeps_four_digits_on_the_largest_amount():
    assert year_table.table_divisor([16_687_354_137.0, -11_730_600_000.0])[0] == 10**6
    assert year_table.table_divisor([1_234_567.0])[0] == 10**3
    assert year_table.table_divisor([2_000_000_000_000.0])[0] == 10**9
    assert year_table.table_divisor([999_999.0]) == (1, "")
