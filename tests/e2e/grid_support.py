"""Driving the line grid (static/js/line_grid.js) like a consultant: select a cell, paste a block
copied from a spreadsheet, save with the action bar."""

from playwright.sync_api import Page, expect


def grid_ready(page: Page) -> None:
    expect(page.locator("[data-line-grid]")).to_be_visible()
    expect(page.locator("#line-grid .tabulator-row").first).to_be_visible()


def grid_cell(page: Page, row: int, field: str):
    """The cell of the 0-based `row` in the column of `field`."""
    return page.locator("#line-grid .tabulator-row").nth(row).locator(f".tabulator-cell[tabulator-field='{field}']")


def grid_paste(page: Page, tsv: str, *, row: int = 0, field: str = "capability") -> None:
    """Select one cell and paste `tsv` into it with Ctrl+V, as copied from Excel or Google Sheets."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    grid_cell(page, row, field).click()
    page.evaluate("text => navigator.clipboard.writeText(text)", tsv)
    page.keyboard.press("Control+V")
