"""A consultant copies a block of 5 lines × 8 columns from a spreadsheet, pastes it into the IT cost
areas grid, fixes the one cell the server refuses (shown at its row and column) by typing over it, fills
a column down, and saves."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from assessments.models import BusinessFunction, ITCostArea, Role
from providers.models import Capability
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.grid_support import grid_cell, grid_paste, grid_ready
from tests.e2e.journey_support import member_create, message, reference_data, sign_in
from tests.factories.assessments import AssessmentFactory, BusinessFunctionFactory, ITCostAreaFactory
from tests.factories.core import OrganisationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

__all__ = ["reference_data"]  # a fixture, used by name below

# As Excel copies it: tab-separated, CRLF line ends and a last line end; names or codes, both
# grouping conventions, and a maturity of 9 the server refuses.
BLOCK = (
    "Compute\t1.200.000.000\t6\t0\t3\t4\t4\tPrivate cloud\r\n"
    "storage\t350,000,000.50\t2\t3\t2\t3\t3\tSAN renewal\r\n"
    "network\tRp 410.000.000\t3\t6\t3\t3\t5\t\r\n"
    "service_desk\t800000000\t14\t0\t9\t4\t2\tTwo shifts\r\n"
    "security\t275.500.000,25\t1,5\t12\t4\t2\t5\tSOC\r\n"
)


@pytest.fixture
def draft(reference_data):
    organisation = OrganisationFactory.create(name="PT Tempel Data", region=reference_data["id"])
    consultant = member_create("rina", organisation=organisation, role=Role.CONSULTANT)
    return AssessmentFactory(organisation=organisation, author=consultant, title="Grid assessment")


def test_a_block_pasted_from_a_spreadsheet_fills_five_lines_and_saves(page: Page, draft):
    sign_in(page, "rina", start=f"/assessments/{draft.pk}/edit/it-cost-areas/")
    grid_ready(page)
    expect(page.locator("#line-grid .tabulator-row")).to_have_count(1)  # a first empty line to type into

    grid_paste(page, BLOCK)
    expect(page.locator("#line-grid .tabulator-row")).to_have_count(5)
    expect(grid_cell(page, 0, "capability")).to_have_text("Compute")
    expect(grid_cell(page, 1, "annual_cost")).to_have_text("350,000,000.50")
    expect(page.locator("[data-grid-totals]")).to_contain_text("3,035,500,000.75")

    # The server refuses the maturity of 9, at its row and column; nothing is saved yet.
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("[data-grid-errors]")).to_contain_text("Line 4 · Maturity: Choose a score from 1 to 5.")
    expect(grid_cell(page, 3, "maturity")).to_have_class(re.compile("is-invalid-cell"))
    assert not ITCostArea.objects.filter(assessment=draft).exists()

    # Fixed by typing over it, as in a spreadsheet: select the cell, type, Enter.
    grid_cell(page, 3, "maturity").click()
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    expect(grid_cell(page, 3, "maturity")).to_have_text("4")
    expect(grid_cell(page, 3, "maturity")).not_to_have_class(re.compile("is-invalid-cell"))
    # Fill down: the top cell of a selection copied into the cells below it (Ctrl+D).
    grid_cell(page, 0, "criticality").click()
    grid_cell(page, 2, "criticality").click(modifiers=["Shift"])
    page.keyboard.press("Control+D")
    expect(grid_cell(page, 1, "criticality")).to_have_text("4")
    expect(grid_cell(page, 2, "criticality")).to_have_text("4")
    page.get_by_role("button", name="Save draft").click()
    message(page, "Draft saved.")

    lines = list(ITCostArea.objects.filter(assessment=draft).select_related("capability").order_by("position"))
    assert [line.capability.code for line in lines] == ["compute", "storage", "network", "service_desk", "security"]
    assert [line.annual_cost for line in lines] == [
        Decimal("1200000000.00"),
        Decimal("350000000.50"),
        Decimal("410000000.00"),
        Decimal("800000000.00"),
        Decimal("275500000.25"),
    ]
    assert [line.ftes for line in lines] == [Decimal("6"), Decimal("2"), Decimal("3"), Decimal("14"), Decimal("1.5")]
    assert [line.available_from_month for line in lines] == [0, 3, 6, 0, 12]
    assert [(line.maturity, line.standardisation, line.criticality) for line in lines] == [
        (3, 4, 4),
        (2, 3, 4),
        (3, 3, 4),
        (4, 4, 2),
        (4, 2, 5),
    ]
    assert [line.notes for line in lines] == ["Private cloud", "SAN renewal", "", "Two shifts", "SOC"]
    # The widest grid (business functions, thirteen columns) fits a 1366 px screen without scrolling sideways,
    # its first column frozen, capability names shown in the reader's language.
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"/assessments/{draft.pk}/edit/business-functions/")
    grid_ready(page)
    holder = page.locator("#line-grid .tabulator-tableholder")
    assert holder.evaluate("element => element.scrollWidth <= element.clientWidth + 1")
    expect(page.locator("#line-grid .tabulator-col.tabulator-frozen[tabulator-field='capability']")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "line-grid-business-functions.png"))

    # The one refused save answered 400 with its errors (expected); nothing else failed.
    assert [error.split(" ")[0] for error in page.js_errors] == ["400"], page.js_errors  # type: ignore[attr-defined]  # set by the page fixture (tests/e2e/conftest.py)


def test_exit_costs_and_the_regulators_condition_are_columns_shown_on_request(page: Page, draft):
    """Issue 13: the business functions grid keeps its thirteen columns on a 1366 px screen; the line's own
    termination fee, stranded book value and the regulator's condition appear on request, take a typed
    amount and a "yes" from the list, are saved, and stay shown once a line fills them."""
    payroll = Capability.objects.get(code="payroll")
    BusinessFunctionFactory(assessment=draft, capability=payroll, regulatory_sensitivity=5)
    sign_in(page, "rina", start=f"/assessments/{draft.pk}/edit/business-functions/")
    grid_ready(page)
    fee_header = page.locator("#line-grid .tabulator-col[tabulator-field='termination_fee']")
    expect(fee_header).to_be_hidden()

    toggle = page.get_by_role("button", name="Exit costs and regulation")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(fee_header).to_be_visible()
    # Typed over, as in a spreadsheet; the condition chosen from its yes / no list.
    grid_cell(page, 0, "termination_fee").click()
    page.keyboard.type("50.000.000")
    page.keyboard.press("Enter")
    expect(grid_cell(page, 0, "termination_fee")).to_have_text("50,000,000.00")
    grid_cell(page, 0, "regulatory_condition_accepted").dblclick()
    page.locator(".tabulator-edit-list .tabulator-edit-list-item", has_text="yes").click()
    expect(grid_cell(page, 0, "regulatory_condition_accepted")).to_have_text("yes")
    page.get_by_role("button", name="Save draft").click()
    message(page, "Draft saved.")

    line = BusinessFunction.objects.get(assessment=draft)
    assert line.termination_fee == Decimal("50000000.00")
    assert line.stranded_book_value is None
    assert line.regulatory_condition_accepted is True
    page.goto(f"/assessments/{draft.pk}/edit/business-functions/")
    grid_ready(page)
    expect(fee_header).to_be_visible()  # a saved line fills it: shown from the start


def test_each_volume_shows_its_capabilitys_unit(page: Page, draft):
    # The tester's finding 7: the volume column showed a bare number.
    ITCostAreaFactory.create(
        assessment=draft,
        capability=Capability.objects.get(code="data_centre"),
        annual_cost=Decimal("900000000"),
        volume=Decimal("40"),
    )
    sign_in(page, "rina", start=f"/assessments/{draft.pk}/edit/it-cost-areas/")
    grid_ready(page)
    expect(grid_cell(page, 0, "volume")).to_have_text("40.00 kW of IT load")
    expect(page.locator("#line-grid .tabulator-col[tabulator-field='volume']")).to_contain_text(
        "in the capability's unit"
    )
