"""Each shared import case (tests/cases/imports, from ../shared/cases/imports) with its right value."""

from decimal import Decimal
from typing import Any

import pytest

from assessments.capture import services, workbook
from assessments.capture.selectors import business_functions_of, capabilities_of_kind, it_cost_areas_of
from assessments.models import Assessment, ITCostArea
from providers.models import Kind, Offering, Provider
from providers.services import catalogue_import
from tests.uploads.conftest import case_bytes


def preview(name: str, content: bytes, currency: str = "IDR") -> workbook.ImportPreview:
    return workbook.import_preview(
        name=name,
        content=content,
        currency=currency,
        it_capabilities=capabilities_of_kind(kind=Kind.ITO),
        bpo_capabilities=capabilities_of_kind(kind=Kind.BPO),
    )


def lines_of(result: workbook.ImportPreview, key: str) -> list[dict[str, Any]]:
    lines = result.lines_for(key)
    assert lines is not None, f"no {key} sheet was read"
    return lines


def messages_of(result: workbook.ImportPreview) -> list[tuple]:
    return [(error.sheet, error.row, error.column, error.message) for error in result.errors]


def confirm(draft: Assessment, result: workbook.ImportPreview) -> None:
    services.assessment_lines_import(
        assessment=draft,
        user=draft.author,
        lock_version=draft.lock_version,
        it_cost_areas=result.lines_for("it"),
        business_functions=result.lines_for("bf"),
    )


def test_stale_dimension_every_row_is_read_and_confirmed(draft):
    # The IT sheet stores "A1:H3" as its size but holds 7 lines: all 7 are read, none is lost.
    result = preview("stale-dimension.xlsx", case_bytes("imports", "stale-dimension.xlsx"))
    assert result.is_valid, messages_of(result)
    assert len(lines_of(result, "it")) == 7
    assert [line["capability"].code for line in lines_of(result, "it")] == [
        "data_centre", "compute", "storage", "network", "service_desk", "applications", "security",
    ]  # fmt: skip
    confirm(draft, result)
    assert ITCostArea.objects.filter(assessment=draft).count() == 7


def test_semicolon_catalogue_with_decimal_commas_reads_dots_as_thousands(taxonomy):
    report = catalogue_import(
        content=case_bytes("imports", "catalogue-semicolon-thousands.csv"), filename="catalogue.csv"
    )
    assert report.ok, report.errors
    provider = Provider.objects.get(slug="case02-nusa-hosting")
    assert provider.employees == 12_000
    assert provider.rating == Decimal("4.20")
    offering = Offering.objects.get(provider=provider)
    assert offering.capacity_ftes == 2_000
    assert (offering.price_index, offering.quality_score) == (Decimal("0.95"), Decimal("8.1"))


def test_an_ambiguous_catalogue_count_is_refused_not_misread(taxonomy):
    # Without a decimal comma anywhere, nothing says what the dot in "12.000" means.
    text = case_bytes("imports", "catalogue-semicolon-thousands.csv").decode()
    text = text.replace("4,20", "4").replace("0,95", "1").replace("8,1", "8")
    report = catalogue_import(content=text.encode(), filename="catalogue.csv")
    assert {(error.row, error.column) for error in report.errors} == {(2, "employees"), (2, "capacity_ftes")}
    assert all("ambiguous" in error.message for error in report.errors)
    assert not Provider.objects.exists()


def test_foreign_currency_markers_are_refused_at_their_row_and_column(draft):
    result = preview("it-amounts-foreign-currency.csv", case_bytes("imports", "it-amounts-foreign-currency.csv"))
    assert not result.is_valid
    errors = messages_of(result)
    assert [(sheet, row, column) for sheet, row, column, _message in errors] == [
        ("IT cost areas", row, "B · Annual cost (IDR)") for row in (3, 4, 5)
    ]
    assert all("EUR" in message and "IDR" in message for *_where, message in errors)
    # The rupiah amount with the Indonesian ",-" ending is read, as rupiah.
    assert [line["annual_cost"] for line in lines_of(result, "it")] == [Decimal("1500000")]


def test_the_same_euro_amounts_are_read_in_a_euro_assessment(draft):
    content = case_bytes("imports", "it-amounts-foreign-currency.csv")
    # The header itself says IDR: in a EUR assessment the column is refused at the header.
    header_only = messages_of(preview("it.csv", content, currency="EUR"))
    assert [(row, column) for _sheet, row, column, _message in header_only] == [(1, "B · Annual cost (IDR)")]
    result = preview("it.csv", content.replace(b"Annual cost (IDR)", b"Annual cost (EUR)"), currency="EUR")
    assert [(row, "IDR" in message) for _sheet, row, _column, message in messages_of(result)] == [(2, True)]
    assert [line["annual_cost"] for line in lines_of(result, "it")] == [Decimal("1127.54")] * 3


def test_a_percent_formatted_error_rate_is_read_as_the_user_sees_it(draft):
    result = preview("percent.xlsx", case_bytes("imports", "percent-formatted-error-rate.xlsx"))
    assert result.is_valid, messages_of(result)
    rates = {line["capability"].code: line["error_rate_percent"] for line in lines_of(result, "bf")}
    assert rates["recruitment"] == Decimal("6")  # the cell shows 6% (value 0.06, percent format)
    assert rates["hr"] == Decimal("4.5")


def test_a_sixteen_digit_amount_is_refused_at_its_row_not_rounded(draft):
    # Decision: an amount keeps at most 15 significant digits, the precision SQLite's REAL and Excel keep
    # exactly; 98 765 432 109 876.54 has 16, so it is refused at its cell, never silently rounded.
    result = preview("it-sixteen-digit-amount.csv", case_bytes("imports", "it-sixteen-digit-amount.csv"))
    errors = messages_of(result)
    assert [(sheet, row, column) for sheet, row, column, _message in errors] == [
        ("IT cost areas", 2, "B · Annual cost (IDR)")
    ]
    assert "98765432109876.54 has more than 15 significant digits" in errors[0][3]
    assert len(lines_of(result, "it")) == 6


@pytest.mark.parametrize(
    "amount",
    ["98765432109876", "9876543210987.65", "50000000000000.00", "9000000000000000.00", "0.01"],
)
def test_every_digit_allowed_survives_import_storage_and_a_workbook_round_trip(draft, amount):
    text = case_bytes("imports", "it-sixteen-digit-amount.csv").decode().replace("98765432109876.54", amount)
    result = preview("amounts.csv", text.encode())
    assert result.is_valid, messages_of(result)
    confirm(draft, result)
    stored = ITCostArea.objects.filter(assessment=draft).order_by("position", "id").first()
    assert stored is not None
    assert stored.annual_cost == Decimal(amount)  # on SQLite (REAL or INTEGER) and PostgreSQL (numeric)
    draft.refresh_from_db()
    downloaded = workbook.workbook_build(
        assessment=draft,
        it_cost_areas=it_cost_areas_of(assessment=draft),
        business_functions=business_functions_of(assessment=draft),
        it_capabilities=list(capabilities_of_kind(kind=Kind.ITO).values()),
        bpo_capabilities=list(capabilities_of_kind(kind=Kind.BPO).values()),
    )
    again = preview("round-trip.xlsx", downloaded)
    assert again.is_valid, messages_of(again)
    assert lines_of(again, "it")[0]["annual_cost"] == Decimal(amount)


def test_excel_sep_line_is_honoured(draft):
    result = preview("it-excel-sep-line.csv", case_bytes("imports", "it-excel-sep-line.csv"))
    assert result.is_valid, messages_of(result)
    lines = lines_of(result, "it")
    assert len(lines) == 7
    assert (lines[0]["annual_cost"], lines[0]["ftes"]) == (Decimal("9600000000.00"), Decimal("6.0"))
    assert lines[0]["notes"] == (
        "Two server rooms (Jakarta head office, Surabaya hub); co-location lease ends in 8 months."
    )


def test_a_hundred_and_twenty_lines_import(draft):
    result = preview("it-120-lines.csv", case_bytes("imports", "it-120-lines.csv"))
    assert result.is_valid, messages_of(result)
    confirm(draft, result)
    assert ITCostArea.objects.filter(assessment=draft).count() == 120


def test_the_import_page_checks_markers_against_the_assessments_currency(draft, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    assert draft.currency == "IDR"
    upload = SimpleUploadedFile("amounts.csv", case_bytes("imports", "it-amounts-foreign-currency.csv"))
    response = client_for(draft.author).post(reverse("assessments:import", args=[draft.pk]), {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("is an amount in EUR") == 3
    assert not ITCostArea.objects.filter(assessment=draft).exists()


def test_a_hidden_catalogue_sheet_never_replaces_the_visible_one(taxonomy):
    import io

    from openpyxl import Workbook

    from providers.spreadsheet import COLUMNS
    from tests.providers.conftest import row

    book = Workbook()
    visible = book.active
    visible.title = "catalogue (2)"
    hidden = book.create_sheet("catalogue")
    hidden.sheet_state = "hidden"
    for sheet, slug in ((visible, "shown-provider"), (hidden, "hidden-provider")):
        sheet.append(list(COLUMNS))
        sheet.append([row(slug=slug)[column] for column in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    report = catalogue_import(content=buffer.getvalue(), filename="catalogue.xlsx")
    assert report.ok, report.errors
    assert list(Provider.objects.values_list("slug", flat=True)) == ["shown-provider"]
