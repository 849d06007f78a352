"""Chart labels a board can read: at 1366 px no two text labels of one chart overlap.

The case is made hard on purpose: every capability and assessment has a long name, and several
assessments share the same figures (so their points sit on top of each other). The test reads the
rendered SVG: the bounding box of every axis tick label (`.xtick text`, `.ytick text`), of every
text drawn at a point (`.textpoint text`, the always-on labels of bubbles and scatter points) and of
every annotation (`.annotation-text`), and asserts that no two boxes of one chart intersect.

On the layout before PALETTE (commit 2720635) the dashboard failed on the suitability bubbles'
names and the portfolio on the payback chart's names, written over each other.
"""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Roadmap, RoadmapStatus
from assessments.roadmaps.services import scenario_request
from providers.models import Capability
from tests.factories.roadmaps import done_roadmap_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_WORDS = "Regional shared-services centre for accounts payable, receivable and treasury operations"


@pytest.fixture
def crowded(eager_tasks) -> dict[str, str]:
    """The demo data with long names everywhere and four look-alike assessments in the portfolio."""
    call_command("seed_demo", stdout=io.StringIO())
    for index, capability in enumerate(Capability.objects.order_by("pk")):
        # As long as the field allows (120 characters on PostgreSQL), the number kept at the end.
        suffix = f" ({index})"
        room = (Capability._meta.get_field("name").max_length or 120) - len(suffix)
        capability.name = f"{capability.name} — {LONG_WORDS}"[:room].rstrip() + suffix
        capability.save(update_fields=["name"])
    base = Roadmap.objects.get(name="", assessment__organisation__name="PT Nusantara Logistik Demo")
    organisation = base.assessment.organisation
    organisation.name = "PT Perusahaan Perdagangan dan Distribusi Nusantara Raya Tbk"
    organisation.save(update_fields=["name"])
    for index in range(4):
        done_roadmap_for(
            organisation=organisation,
            title=f"Outsourcing assessment of the regional operations, wave {index}",
            currency="IDR",
        )
    for assessment in Assessment.objects.all():
        assessment.title = f"{assessment.title} — {LONG_WORDS}"
        assessment.save(update_fields=["title"])
    consultant = User.objects.get(username="consultant")
    scenarios = []
    for name, parameters in (("Longer plan", {"horizon_months": 84}), ("High savings", {"savings_band": "high"})):
        scenario, _created = scenario_request(roadmap=base, user=consultant, name=name, parameters=parameters)
        scenario.refresh_from_db()
        assert scenario.status == RoadmapStatus.DONE, scenario.status
        scenarios.append(scenario)
    return {
        "dashboard": f"/roadmaps/{base.pk}/dashboard/",
        "portfolio": "/portfolio/",
        "compare": f"/roadmaps/compare/?a={base.pk}&b={scenarios[0].pk}",
        "compare-many": "/roadmaps/compare/?" + "&".join(f"r={r.pk}" for r in (base, *scenarios)),
    }


def _sign_in(page: Page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("demo-manager-2026")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("nav")).to_be_visible()


OVERLAPS_JS = """() => {
  const found = [];
  const charts = [...document.querySelectorAll('[data-figure-id]')];
  for (const chart of charts) {
    const boxes = [...chart.querySelectorAll('.xtick text, .ytick text, .textpoint text, .annotation-text')]
      .map((node) => ({ text: node.textContent, box: node.getBoundingClientRect() }))
      .filter((label) => label.text.trim() && label.box.width > 0 && label.box.height > 0);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].box, b = boxes[j].box;
        // One pixel of tolerance: anti-aliased glyph boxes of neighbouring rows may touch.
        const overlap = a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
        if (overlap) found.push(`${chart.id}: "${boxes[i].text}" overlaps "${boxes[j].text}"`);
      }
    }
  }
  return { charts: charts.length, found };
}"""


def _overlaps(page: Page) -> dict:
    charts = page.locator("[data-figure-id]")
    for index in range(charts.count()):
        expect(charts.nth(index)).to_have_attribute("data-rendered", "true")
    return page.evaluate(OVERLAPS_JS)


@pytest.mark.parametrize(("name", "charts"), [("dashboard", 7), ("portfolio", 4), ("compare", 1), ("compare-many", 1)])
def test_no_two_chart_labels_overlap_at_1366_px(page, crowded, name, charts):
    _sign_in(page)
    page.goto(crowded[name])
    result = _overlaps(page)
    assert result["charts"] == charts, result
    assert result["found"] == [], "\n".join(result["found"][:20])
    assert page.js_errors == []


def test_long_names_are_short_on_the_axis_and_whole_on_hover(page: Page, crowded):
    _sign_in(page)
    page.goto(crowded["dashboard"])
    _overlaps(page)
    ticks = page.locator("#chart-bpo-benefit .ytick text").all_text_contents()
    assert ticks
    assert all(len(tick) <= 40 and tick.endswith("…") for tick in ticks), ticks
    page.goto(crowded["portfolio"])
    _overlaps(page)
    # The rupiah chart (one per currency, in code order: EUR, IDR); its axis names two organisations
    # (the logistics group and the bank), so the titles are shortened to a few words there.
    chart = page.locator("#chart-portfolio-npv-1")
    chart.locator(".point path").first.hover(force=True)  # plotly's drag layer takes the pointer, draws the hover
    expect(chart.locator(".hoverlayer")).to_contain_text(LONG_WORDS[:40])


def test_three_roadmaps_are_three_bars_in_every_group(page: Page, crowded):
    _sign_in(page)
    page.goto(crowded["compare-many"])
    _overlaps(page)
    chart = page.locator("#chart-compare-many")
    expect(chart.locator(".legendtext")).to_have_count(3)
    # Four money figures (the run-rates, peak investment, and the NPV over the common horizon in place of
    # the plain NPV: the horizons differ), one bar per roadmap in each.
    expect(chart.locator(".point")).to_have_count(3 * 4)


def test_the_check_sees_overlapping_labels(page: Page, crowded):
    """The check is live: labels placed on one spot are reported."""
    _sign_in(page)
    page.goto(crowded["dashboard"])
    _overlaps(page)
    page.evaluate(
        """() => {
      const chart = document.querySelector('[data-figure-id]');
      const ticks = [...chart.querySelectorAll('.ytick text')].slice(0, 2);
      ticks.forEach((tick) => tick.setAttribute('transform', 'translate(0, 0)'));
      ticks.forEach((tick) => { tick.setAttribute('x', '100'); tick.setAttribute('y', '100'); });
    }"""
    )
    assert page.evaluate(OVERLAPS_JS)["found"]
