"""A consultant fills the lines offline: download the draft's workbook, change it in a spreadsheet
(openpyxl here), upload a broken copy and read its row errors, then upload the good one and see
its lines on the review step."""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import FilePayload, Page, expect

from assessments.models import BusinessFunction, ITCostArea, Role
from tests.e2e.journey_support import member_create, message, reference_data, sign_in
from tests.factories.assessments import AssessmentFactory, BusinessFunctionFactory, ITCostAreaFactory
from tests.factories.core import CapabilityFactory, OrganisationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

__all__ = ["reference_data"]  # a fixture, used by name below

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IT_SHEET, BF_SHEET = "IT cost areas", "Business functions"


@pytest.fixture
def draft(reference_data):
    organisation = OrganisationFactory.create(name="PT Sumber Data", region=reference_data["id"])
    consultant = member_create("dewi", organisation=organisation, role=Role.CONSULTANT)
    draft = AssessmentFactory.create(organisation=organisation, author=consultant, title="Offline assessment")
    ITCostAreaFactory.create(
        assessment=draft, capability=CapabilityFactory.create(code="compute"), annual_cost=Decimal("1000000")
    )
    ITCostAreaFactory.create(
        assessment=draft, capability=CapabilityFactory.create(code="storage"), annual_cost=Decimal("2000000")
    )
    BusinessFunctionFactory.create(assessment=draft, capability=CapabilityFactory.create(code="payroll"))
    return draft


def _columns(sheet) -> dict[str, int]:
    """Header label (without its unit) -> column number."""
    return {re.sub(r"\s*\(.*\)$", "", str(cell.value)): cell.column for cell in sheet[1] if cell.value}


def _bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(page: Page, name: str, workbook) -> None:
    page.get_by_label("Workbook or CSV file").set_input_files(
        files=[FilePayload(name=name, mimeType=XLSX, buffer=_bytes(workbook))]
    )
    page.get_by_role("button", name="Upload and preview").click()


def test_consultant_round_trips_the_workbook(page: Page, draft, tmp_path: Path, eager_tasks):
    sign_in(page, "dewi", start=f"/assessments/{draft.pk}/")
    page.get_by_role("link", name="Import a workbook").click()
    expect(page.get_by_role("heading", name="Fill the lines offline")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the workbook (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == "offline-assessment-v1.xlsx"
    # Playwright keeps downloads without an extension, which openpyxl refuses; read the bytes.
    downloaded = Path(download.path()).read_bytes()
    workbook = load_workbook(io.BytesIO(downloaded))
    it_sheet, bf_sheet = workbook[IT_SHEET], workbook[BF_SHEET]
    it_columns, bf_columns = _columns(it_sheet), _columns(bf_sheet)
    assert [row[0] for row in it_sheet.iter_rows(min_row=2, values_only=True)] == ["compute", "storage"]

    # In the spreadsheet: a new amount for storage, and a new line for the network.
    it_sheet.cell(row=3, column=it_columns["Annual cost"], value=2_750_000.5)
    it_sheet.append(["network", 3_100_000, 4, 6, 3, 3, 4, "Contract ends mid-year"])

    # A broken copy first: a score of 9 on row 4 and an unknown capability on row 2.
    broken = load_workbook(io.BytesIO(_bytes(workbook)))
    broken[IT_SHEET].cell(row=4, column=it_columns["Maturity"], value=9)
    broken[BF_SHEET].cell(row=2, column=bf_columns["Business function"], value="teleportation")
    _upload(page, "broken.xlsx", broken)

    expect(page.get_by_role("heading", name="2 problems: nothing was imported")).to_be_visible()
    errors = page.locator(".card.border-danger table tbody tr")
    expect(errors).to_have_count(2)
    score_error = errors.filter(has_text="Maturity")
    expect(score_error.locator("td").nth(0)).to_have_text(IT_SHEET)
    expect(score_error.locator("td").nth(1)).to_have_text("4")
    expect(score_error.locator("td").nth(3)).to_contain_text("1 to 5")
    capability_error = errors.filter(has_text="teleportation")
    expect(capability_error.locator("td").nth(0)).to_have_text(BF_SHEET)
    expect(capability_error.locator("td").nth(1)).to_have_text("2")
    expect(capability_error.locator("td").nth(3)).to_contain_text("“teleportation” is not a capability of this list.")
    assert ITCostArea.objects.filter(assessment=draft).count() == 2  # nothing imported

    # The good copy: a preview of every line, then the confirmation.
    _upload(page, "sumber-data.xlsx", workbook)
    expect(page.get_by_role("heading", name="Preview: the file is valid")).to_be_visible()
    preview = page.locator("table", has=page.locator("caption", has_text=IT_SHEET))
    expect(preview.locator("tbody tr")).to_have_count(3)
    expect(preview.locator("tbody tr").nth(2)).to_contain_text("Network and wireless")
    expect(page.get_by_text("3 lines from the file")).to_be_visible()
    page.get_by_role("button", name="Confirm the import").click()

    message(page, re.compile(r"Imported 3 IT cost areas and 1 business functions? from sumber-data\.xlsx\."))
    expect(page.get_by_role("heading", name="Ready to submit?")).to_be_visible()
    for text in ("Compute", "Storage", "Network and wireless", "2,750,000.50", "3,100,000", "Payroll"):
        expect(page.get_by_role("cell", name=text, exact=True).first).to_be_visible()

    lines = list(
        ITCostArea.objects.filter(assessment=draft).order_by("position").values_list("capability__code", "annual_cost")
    )
    assert lines == [
        ("compute", Decimal("1000000")),
        ("storage", Decimal("2750000.50")),
        ("network", Decimal("3100000")),
    ]
    assert BusinessFunction.objects.filter(assessment=draft).count() == 1
    # The broken upload is answered with 400 on purpose; Chromium logs that status as a console error.
    assert [error for error in page.js_errors if not error.startswith("400 ")] == []  # type: ignore[attr-defined]  # set by the page fixture (tests/e2e/conftest.py)
