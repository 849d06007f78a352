"""Every main page fits the window, on a 1366 px laptop and on a 390 px phone: the page never
scrolls sideways (wide tables scroll inside their own box). Headline figures never break inside
the number, the navigation marks the current page, and the app has a favicon.

With DOCS_SCREENSHOTS=1 the consultant's, manager's and administrator's pages at 1366 px are also
saved to docs/screenshots/ (the README's tour shows them; it refers to no other file there):

    DOCS_SCREENSHOTS=1 DJANGO_TESTING=1 .venv/bin/pytest -p no:randomly tests/e2e/test_layout.py
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Programme, Roadmap, RoadmapStatus, UserPreference
from assessments.roadmaps.services import scenario_request
from providers.models import Capability
from tests.e2e.test_chart_labels import OVERLAPS_JS
from tests.factories.mfa import totp_code, totp_device_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = (1366, 390)
# The README's tour: the pages each role works on, saved with DOCS_SCREENSHOTS=1.
SCREENSHOT_PAGES = {
    "consultant": {"assessment", "capture", "dashboard", "catalogue"},
    "manager": {"portfolio", "compare", "board-pack", "programme"},
}
# A manager reads; the capture steps are the consultant's (403 for a manager).
CONSULTANT_ONLY = {"capture", "parameters"}
DEMO_PASSWORDS = {"consultant": "demo-consultant-2026", "manager": "demo-manager-2026", "admin": "demo-admin-2026"}


@pytest.fixture
def demo(eager_tasks) -> dict[str, str]:
    """The demo data, a computed scenario of the rupiah roadmap, and the address of each main page."""
    call_command("seed_demo", stdout=io.StringIO())
    base = Roadmap.objects.get(name="", assessment__organisation__name="PT Nusantara Logistik Demo")
    scenario, _created = scenario_request(
        roadmap=base,
        user=User.objects.get(username="consultant"),
        name="Longer plan",
        parameters={"horizon_months": 84},
    )
    scenario.refresh_from_db()
    assert scenario.status == RoadmapStatus.DONE, scenario.status
    assessment: Assessment = base.assessment
    programme = Programme.objects.order_by("pk").first()
    assert programme is not None
    return {
        "portfolio": "/portfolio/",
        "assessments": "/assessments/",
        "assessment": f"/assessments/{assessment.pk}/",
        "capture": f"/assessments/{assessment.pk}/edit/it-cost-areas/",
        "parameters": f"/assessments/{assessment.pk}/edit/parameters/",
        "history": f"/assessments/{assessment.pk}/history/",
        "dashboard": f"/roadmaps/{base.pk}/dashboard/",
        "compare": f"/roadmaps/compare/?a={base.pk}&b={scenario.pk}",
        "board-pack": f"/roadmaps/{base.pk}/board-pack/",
        "programme": f"/programmes/{programme.pk}/",
        "catalogue": "/catalogue/",
        "organisation": f"/organisations/{assessment.organisation_id}/",
    }


def _sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORDS[username])
    page.get_by_role("button", name="Sign in").click()
    if "/accounts/two-factor/verify/" in page.url:  # staff give a second factor
        page.get_by_label("Code").fill(totp_code(totp_device_for(User.objects.get(username=username))))
        page.get_by_role("button", name="Continue").click()
    expect(page.locator("nav")).to_be_visible()


def _overflow(page: Page) -> dict:
    """How far the page is wider than the window, and the widest elements that stick out."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const wide = [];
            for (const element of document.querySelectorAll('body *')) {
                const box = element.getBoundingClientRect();
                if (box.right > width + 1 && box.width > 0) {
                    const chart = element.closest('[data-figure-id]');
                    wide.push(`${element.tagName.toLowerCase()}#${element.id}.${[...element.classList].join('.')}`
                              + ` right=${Math.round(box.right)}` + (chart ? ` in ${chart.id}` : ''));
                }
            }
            return {scroll: document.scrollingElement.scrollWidth, width, wide: wide.slice(0, 8)};
        }"""
    )


def _figures_that_may_wrap(page: Page) -> list[str]:
    """Headline figures and numeric cells that the browser is allowed to break over two lines."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.kpi-value, .kpi-figure, .kpi-range dd, td.num')]
            .filter((element) => getComputedStyle(element).whiteSpace !== 'nowrap')
            .map((element) => element.textContent.trim()).slice(0, 5)"""
    )


@pytest.mark.parametrize("username", ["consultant", "manager"])
def test_every_main_page_fits_a_laptop_and_a_phone(page, demo, username):
    _sign_in(page, username)
    problems: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 800 else 844})
        for name, address in demo.items():
            if username == "manager" and name in CONSULTANT_ONLY:
                continue
            response = page.goto(address)
            assert response is not None, (name, address)
            assert response.status == 200, (name, address, response.status)
            page.wait_for_load_state("load")
            found = _overflow(page)
            if found["scroll"] > found["width"]:
                problems.append(f"{name} at {width}px is {found['scroll']}px wide: {found['wide']}")
            broken = _figures_that_may_wrap(page)
            if broken:
                problems.append(f"{name} at {width}px: figures that may wrap {broken}")
            if width == 1366 and os.environ.get("DOCS_SCREENSHOTS") and name in SCREENSHOT_PAGES[username]:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SCREENSHOTS / f"{username}-{name}.png"))
    assert not problems, "\n".join(problems)
    assert not page.js_errors, page.js_errors


def test_the_navigation_marks_the_current_page_and_the_app_has_a_favicon(page, demo):
    _sign_in(page, "manager")
    page.goto(demo["portfolio"])
    current = page.locator("nav.navbar [aria-current='page']")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("href", "/portfolio/")
    expect(current).to_have_css("font-weight", "600")
    page.goto(demo["catalogue"])
    expect(page.locator("nav.navbar [aria-current='page']")).to_have_attribute("href", "/catalogue/")
    icon = page.locator("link[rel='icon']")
    expect(icon).to_have_attribute("type", "image/svg+xml")
    href = icon.get_attribute("href")
    assert href
    response = page.request.get(href)
    assert response.status == 200
    assert b"<svg" in response.body()


def test_the_administrators_pages_fit_a_laptop(page, demo):
    """The administrator's tour: the administration index, the providers and a capability with its
    benchmark figures (the Django admin)."""
    totp_device_for(User.objects.get(username="admin"))
    _sign_in(page, "admin")
    capability = Capability.objects.order_by("pk").first()
    assert capability is not None
    pages = {
        "administration": "/admin/",
        "providers": "/admin/providers/provider/",
        "capability": f"/admin/providers/capability/{capability.pk}/change/",
    }
    problems: list[str] = []
    for name, address in pages.items():
        response = page.goto(address)
        assert response is not None, (name, address)
        assert response.status == 200, (name, address)
        page.wait_for_load_state("load")
        found = _overflow(page)
        if found["scroll"] > found["width"]:
            problems.append(f"{name} is {found['scroll']}px wide: {found['wide']}")
        if os.environ.get("DOCS_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"administrator-{name}.png"))
    assert not problems, "\n".join(problems)


# A currency marker then an ordinary (breakable) space and the amount: the line could end between them.
SPLIT_MONEY = re.compile(r"(?:IDR|Rp|EUR|€|US\$|S\$) [\d-]")


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_programme_pages_fit_a_laptop_and_a_phone_and_keep_money_whole(page, demo, language):
    """The programme, its month grid, an engagement and the actuals import, in either language: no
    page wider than the window (the programme's button row wraps at 390 px), and no amount whose
    currency could end one line and its digits start the next (a no-break space joins them)."""
    consultant = User.objects.get(username="consultant")
    UserPreference.objects.update_or_create(user=consultant, defaults={"language": language})
    programme = Programme.objects.order_by("pk").first()
    assert programme is not None
    engagement = programme.engagements.order_by("pk").first()
    assert engagement is not None
    pages = {
        "programme": f"/programmes/{programme.pk}/",
        "actuals": f"/programmes/{programme.pk}/actuals/",
        "engagement": f"/programmes/{programme.pk}/engagements/{engagement.pk}/",
        "import": f"/programmes/{programme.pk}/actuals/import/",
        "dashboard": demo["dashboard"],
    }
    _sign_in(page, "consultant")
    problems: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 800 else 844})
        for name, address in pages.items():
            response = page.goto(address)
            assert response is not None, (name, address)
            assert response.status == 200, (name, address, response.status)
            page.wait_for_load_state("load")
            expect(page.locator("html")).to_have_attribute("lang", language)
            found = _overflow(page)
            if found["scroll"] > found["width"]:
                problems.append(f"{name} ({language}) at {width}px is {found['scroll']}px wide: {found['wide']}")
            split = SPLIT_MONEY.findall(page.locator("body").inner_text())
            if split:
                problems.append(f"{name} ({language}) at {width}px: money with a breakable space {split[:5]}")
    money = page.locator("body").inner_text()
    assert "\u00a0" in money, "the dashboard shows amounts joined by a no-break space"
    assert not problems, "\n".join(problems)
    assert not page.js_errors, page.js_errors


# What a reader of the dashboard and the programme would miss: a table wider than its box (columns
# only seen by scrolling inside it), chart text outside its chart (clipped), the plot of a bar chart
# squeezed by a margin of labels, and an amount split over two lines ("-" / "IDR 150,000,000").
FIT_JS = """(tables) => {
  const found = [];
  for (const table of document.querySelectorAll(tables)) {
    if (!table.checkVisibility()) continue;  // in a closed <details>
    const block = getComputedStyle(table).display === 'block';
    const box = block ? table.clientWidth : table.parentElement.clientWidth;
    const name = `#${table.id}.${[...table.classList].join('.')}`;
    if (table.scrollWidth > box + 1) found.push(`table ${name}: ${table.scrollWidth} px in ${box}`);
  }
  const plots = {};
  for (const chart of document.querySelectorAll('[data-figure-id]')) {
    const frame = chart.getBoundingClientRect();
    for (const node of chart.querySelectorAll('svg text')) {
      const box = node.getBoundingClientRect();
      if (!node.textContent.trim() || box.width === 0) continue;
      const outside = box.left < frame.left - 1 || box.right > frame.right + 1
        || box.top < frame.top - 1 || box.bottom > frame.bottom + 1;
      const where = `${Math.round(box.left)}-${Math.round(box.right)} in ${Math.round(frame.right)}`;
      if (outside) found.push(`${chart.id}: "${node.textContent}" clipped (${where})`);
    }
    const plot = chart.querySelector('.cartesianlayer .bg, .nsewdrag');
    if (plot) plots[chart.id] = plot.getBoundingClientRect().width / frame.width;
  }
  for (const cell of document.querySelectorAll('main td')) {
    if (!cell.checkVisibility() || !/^[-+]?(IDR|Rp|EUR|€)\\u00a0?\\d/.test(cell.textContent.trim())) continue;
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    if (lines.size > 1) found.push(`"${cell.textContent.trim()}" breaks over ${lines.size} lines`);
  }
  return { found, plots };
}"""
# On a phone the tables a reader must see whole (the rest scroll inside their box, their first column first).
PHONE_TABLES = ".risk-percentiles, #engagements, #variance"
# Horizontal bar charts whose bars must keep most of the chart's width.
BAR_CHARTS = ("chart-risk-tornado", "chart-timeline")


@pytest.mark.parametrize("language", ["en", "id"])
def test_dashboard_and_programme_tables_and_charts_are_whole_on_a_laptop_and_a_phone(page, demo, language):
    """At 1366 px every table of the dashboard and the programme shows every column (the cash flow by
    plan year, the IT-area and function tables); at 390 px the risk table and the programme's tables
    stack, the tornado's and the timeline's labels sit above full-width bars; at either width no chart
    text is clipped and no amount breaks over two lines."""
    consultant = User.objects.get(username="consultant")
    UserPreference.objects.update_or_create(user=consultant, defaults={"language": language})
    _sign_in(page, "consultant")
    problems: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900 if width > 800 else 844})
        for name in ("dashboard", "programme"):
            page.goto(demo[name])
            charts = page.locator("[data-figure-id]")
            for index in range(charts.count()):
                expect(charts.nth(index)).to_have_attribute("data-rendered", "true")
            result = page.evaluate(FIT_JS, "main table" if width > 800 else f"main :is({PHONE_TABLES})")
            problems.extend(f"{name} ({language}) at {width}px: {problem}" for problem in result["found"])
            squeezed = {chart: round(share, 2) for chart, share in result["plots"].items() if share < 0.75}
            # On a laptop the half-width charts keep their labels in a left margin (the page has room).
            squeezed = {chart: share for chart, share in squeezed.items() if chart in BAR_CHARTS and width < 800}
            if squeezed:
                problems.append(f"{name} ({language}) at {width}px: bars squeezed to a share of the chart {squeezed}")
            if name == "dashboard":
                assert set(BAR_CHARTS) <= set(result["plots"]), result["plots"]
                overlaps = page.evaluate(OVERLAPS_JS)["found"]
                problems.extend(f"{name} ({language}) at {width}px: {overlap}" for overlap in overlaps)
    assert not problems, "\n".join(problems)
    assert not page.js_errors, page.js_errors
