"""The demo manager's journey, tried as a new user would: sign in, portfolio, roadmap, timeline,
a scenario with another gate fraction, comparison, approval, and the board's workbook."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from assessments.models import AssessmentStatus, Decision, Roadmap, RoadmapStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MANAGER = ("manager", "demo-manager-2026")


@pytest.fixture
def demo(eager_tasks) -> list[Roadmap]:
    """The README's demo data, with its base roadmaps computed (eagerly) as `make run` does."""
    # Live-server tests are flushed afterwards, the role groups of a data migration included.
    for name in ("consultant", "manager", "administrator"):
        Group.objects.get_or_create(name=name)
    call_command("seed_demo", stdout=io.StringIO())
    roadmaps = list(Roadmap.objects.filter(name="").select_related("assessment__organisation"))
    assert roadmaps, "seed_demo should queue a base roadmap for each demo assessment"
    failed = [
        f"{roadmap.assessment.organisation}: {roadmap.failure_params}" for roadmap in roadmaps if roadmap.failure_code
    ]
    assert not failed, f"seed_demo's roadmaps must compute: {failed}"
    assert all(roadmap.status == RoadmapStatus.DONE for roadmap in roadmaps)
    return roadmaps


def _charts_drawn(page, count: int | None = None) -> None:
    """Every chart element on the page has been drawn by plotly (it adds svg.main-svg)."""
    charts = page.locator("[data-figure-id]")
    expected = count if count is not None else charts.count()
    assert expected > 0
    expect(page.locator("[data-figure-id][data-rendered='true']")).to_have_count(expected)
    for index in range(expected):
        expect(charts.nth(index).locator("svg.main-svg").first).to_be_attached()


def test_manager_reads_compares_approves_and_downloads(page, demo):
    # Sign in as a new user would, from the sign-in page.
    page.goto("/")
    page.get_by_label("Username").fill(MANAGER[0])
    page.get_by_label("Password").fill(MANAGER[1])
    page.get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    expect(page.get_by_role("link", name="Portfolio")).to_be_visible()

    # The portfolio: every demo assessment with its figures and charts.
    page.get_by_role("link", name="Portfolio").click()
    expect(page.get_by_role("heading", name="Portfolio")).to_be_visible()
    table = page.locator("#portfolio-table")
    expect(table.locator("tbody tr")).to_have_count(len(demo))
    _charts_drawn(page)

    # Open the Indonesian organisation's roadmap.
    base = next(r for r in demo if r.assessment.organisation.name == "PT Nusantara Logistik Demo")
    row = table.locator(f"tr[data-assessment='{base.assessment_id}']")
    row.get_by_role("link", name="Open roadmap").click()
    expect(page).to_have_url(re.compile(rf"/roadmaps/{base.pk}/dashboard/$"))
    _charts_drawn(page)

    # Read the timeline: ITO first, the gate in words, and its accessible table.
    timeline = page.locator("#chart-timeline")
    expect(timeline.locator("svg.main-svg").first).to_be_visible()
    expect(timeline).to_contain_text("ITO ·")
    expect(page.get_by_role("heading", name="2. What unlocks the BPO phase")).to_be_visible()
    gate_month = base.result["gate_month"]
    if gate_month is not None:
        expect(timeline).to_contain_text(f"Gate, month {gate_month}")
    page.locator("[data-chart-table='chart-timeline'] summary").click()
    expect(page.locator("[data-chart-table='chart-timeline'] table")).to_be_visible()

    # What if the BPO gate waited for 80 % of the planned ITO savings?
    page.get_by_role("link", name="What if? Create a scenario").click()
    page.get_by_label("Scenario name").fill("Gate at 80 %")
    page.get_by_label("BPO gate (% of planned ITO savings realised)").fill("80")
    page.get_by_role("button", name="Compute the scenario").click()
    expect(page.get_by_text("Scenario: Gate at 80 %").first).to_be_visible()
    scenario = Roadmap.objects.get(assessment=base.assessment, name="Gate at 80 %")
    assert scenario.status == RoadmapStatus.DONE
    assert scenario.parameter_overrides == {"gate_fraction": 0.8}
    _charts_drawn(page)

    # Compare it with the original.
    page.get_by_role("link", name="Compare", exact=True).click()
    page.get_by_label(re.compile(r"base roadmap")).check()
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Compare roadmaps")).to_be_visible()
    expect(page.locator("#kpi-deltas tr[data-kpi='gate_month']")).to_be_visible()
    expect(page.get_by_text("BPO gate: share of planned ITO savings realised")).to_be_visible()
    _charts_drawn(page, 1)

    # Approve the original, with a comment, from its dashboard.
    page.get_by_role("link", name=re.compile(r"base roadmap")).first.click()
    expect(page).to_have_url(re.compile(rf"/roadmaps/{base.pk}/dashboard/$"))
    page.get_by_role("link", name="Go to the decision").click()
    page.get_by_label("Comment").fill("Approved for the board: start with the ITO phase.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Roadmap approved.")).to_be_visible()
    expect(page.get_by_test_id("decision-record")).to_contain_text("Approved")
    base.refresh_from_db()
    assert base.decision == Decision.APPROVED
    assert base.decided_by.username == MANAGER[0]
    base.assessment.refresh_from_db()
    assert base.assessment.status == AssessmentStatus.APPROVED

    # Download the workbook for the board.
    with page.expect_download() as download_info:
        page.get_by_test_id("download-workbook").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    # Playwright stores downloads without an extension, which openpyxl refuses; read the bytes.
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), data_only=True)
    assert workbook.sheetnames == ["Summary", "Items", "Cash flow", "Shortlists", "Assumptions", "Risk"]
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Net present value"] == pytest.approx(float(base.npv))
    assert summary["Decision"] == "Approved"

    assert page.js_errors == []


def test_board_pack_prints_with_its_charts(page, demo):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(MANAGER[0])
    page.get_by_label("Password").fill(MANAGER[1])
    page.get_by_role("button", name=re.compile("sign in|log in", re.I)).click()
    page.goto(f"/roadmaps/{demo[0].pk}/board-pack/")
    _charts_drawn(page)
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 20_000
    assert page.js_errors == []
