"""A manager switches to Bahasa Indonesia and reads the roadmap in it, rupiah written the
Indonesian way, the engine's reasons in Indonesian, the charts drawn."""

import io
import re

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from assessments.models import Roadmap, UserPreference

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(eager_tasks) -> Roadmap:
    call_command("seed_demo", stdout=io.StringIO())
    return Roadmap.objects.get(name="", assessment__organisation__name="PT Nusantara Logistik Demo")


def test_manager_switches_to_indonesian_and_reads_the_roadmap(page, demo):
    page.goto("/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("demo-manager-2026")
    page.get_by_role("button", name="Sign in").click()

    # The switcher in the navigation bar submits on change; the choice is stored on the user.
    page.locator("#language-select").select_option("id")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("link", name="Portofolio")).to_be_visible()
    assert UserPreference.objects.get(user__username="manager").language == "id"

    page.get_by_role("link", name="Portofolio").click()
    expect(page.get_by_role("heading", name="Portofolio")).to_be_visible()
    page.goto(f"/roadmaps/{demo.pk}/dashboard/")
    expect(page.get_by_role("heading", name="Cara membaca peta jalan ini")).to_be_visible()
    body = page.locator("main")
    expect(body).to_contain_text(re.compile(r"Rp\s\d{1,3}(\.\d{3})+"))
    # The demo's IT areas with a volume find their savings (the USD market bands converted to rupiah at the
    # dated FX table), so their ITO items are recommended outright, in Indonesian, like the BPO items.
    expect(body).to_contain_text("Direkomendasikan untuk ITO")
    expect(body).to_contain_text("Direkomendasikan untuk BPO")
    expect(body).not_to_contain_text("Benchmark this area first")
    expect(body).not_to_contain_text("Recommended for")
    expect(page.locator("[data-figure-id][data-rendered='true']").first).to_be_attached()
    expect(page.locator("#chart-timeline svg.main-svg").first).to_be_visible()

    # The board's workbook, downloaded in the same session, is in Indonesian too.
    response = page.request.get(f"/roadmaps/{demo.pk}/export/workbook.xlsx")
    assert response.ok
    workbook = load_workbook(io.BytesIO(response.body()))
    assert "Summary" not in workbook.sheetnames
    cells = [str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert any("Direkomendasikan untuk ITO" in cell for cell in cells)
    assert any("Direkomendasikan untuk BPO" in cell for cell in cells)
    assert not any("Benchmark this area first" in cell or "Recommended for" in cell for cell in cells)
