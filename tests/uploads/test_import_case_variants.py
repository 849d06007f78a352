"""Variants of the shared import cases (tests/cases/imports): other numbers, columns, sheets,
separators and currencies of the same kinds, each with its right value."""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from providers.models import Offering, Provider
from providers.services import catalogue_import
from tests.uploads.conftest import case_bytes
from tests.uploads.test_import_cases import confirm, lines_of, messages_of, preview

IT_HEADER = (
    "IT capability (code),Annual cost (IDR),FTEs,Can change from month,Maturity (1-5),Standardisation (1-5),"
    "Criticality (1-5),Notes"
)


def it_csv(*rows: str, sep: str = ",", header: str = IT_HEADER) -> bytes:
    return "\r\n".join([header.replace(",", sep), *rows]).encode()


def xlsx_case(name: str, edit) -> bytes:
    book = load_workbook(io.BytesIO(case_bytes("imports", name)))
    edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- separators: Excel's sep= line ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_line", "sep"),
    [("sep=\t", "\t"), ("sep=,", ","), ("SEP=;", ";"), ("sep=|", "|"), ("\ufeffsep=;", ";"), ('"sep=;"', ";")],
)
def test_a_sep_line_of_any_separator_is_honoured(draft, first_line, sep):
    rows = [f"compute{sep}7200000000{sep}5{sep}0{sep}3{sep}4{sep}4{sep}virtual servers"]
    content = (first_line + "\r\n").encode() + it_csv(*rows, sep=sep)
    result = preview("sep.csv", content)
    assert result.is_valid, messages_of(result)
    assert [(line["annual_cost"], line["ftes"]) for line in lines_of(result, "it")] == [
        (Decimal("7200000000"), Decimal("5"))
    ]


@pytest.mark.parametrize(
    ("first_line", "sep", "named"), [("sep=;", "\t", "tab"), ("sep=,", ";", "“;”"), ("sep=\t", ",", "“,”")]
)
def test_a_sep_line_that_contradicts_the_data_is_named(draft, first_line, sep, named):
    # The first line says one separator but the data uses another: refused, naming the sep= line and both
    # separators (it used to be read as one column, with a message per "missing" column).
    rows = [f"compute{sep}7200000000{sep}5{sep}0{sep}3{sep}4{sep}4{sep}virtual servers"]
    result = preview("sep.csv", (first_line + "\r\n").encode() + it_csv(*rows, sep=sep))
    errors = messages_of(result)
    assert len(errors) == 1, errors
    assert f"The first line “{first_line}” says the values are separated by" in errors[0][3]
    assert f"below it is separated by {named}" in errors[0][3]


# --- decimal commas and thousands dots in other columns -----------------------------------------


def test_decimal_commas_with_dot_thousands_in_every_number_column(draft):
    rows = ["compute;1.234.567,89;1.234,5;0;3;4;4;x"]
    result = preview("it.csv", it_csv(*rows, sep=";"))
    assert result.is_valid, messages_of(result)
    line = lines_of(result, "it")[0]
    assert (line["annual_cost"], line["ftes"]) == (Decimal("1234567.89"), Decimal("1234.5"))


def test_comma_thousands_with_a_decimal_point_in_a_comma_file(draft):
    rows = ['compute,"1,234,567.89","1,234.5",0,3,4,4,x']
    result = preview("it.csv", it_csv(*rows))
    assert result.is_valid, messages_of(result)
    line = lines_of(result, "it")[0]
    assert (line["annual_cost"], line["ftes"]) == (Decimal("1234567.89"), Decimal("1234.5"))


def test_a_thousands_dot_in_a_decimal_comma_file_is_never_read_as_a_decimal_point(draft):
    rows = ["compute;1.200.000,50;12.000;0;3;4;4;x"]
    result = preview("it.csv", it_csv(*rows, sep=";"))
    if result.is_valid:
        assert lines_of(result, "it")[0]["ftes"] == Decimal("12000")
    else:
        assert [(row, column) for _s, row, column, _m in messages_of(result)] == [(2, "C · FTEs")]


def test_a_thousands_dot_in_a_decimal_point_file_is_never_read_as_twelve_thousand_silently(draft):
    rows = ["compute,1200000.50,12.000,0,3,4,4,x"]
    result = preview("it.csv", it_csv(*rows))
    # The file's own decimal point says "12.000" is twelve (or the cell is refused as ambiguous).
    if result.is_valid:
        assert lines_of(result, "it")[0]["ftes"] == Decimal("12")
    else:
        assert [(row, column) for _s, row, column, _m in messages_of(result)] == [(2, "C · FTEs")]


@pytest.mark.parametrize(
    ("employees", "capacity", "decimal_cell", "expected"),
    [
        ("1.500", "250", "4,5", (1500, 250)),
        ("120.000", "3.500", "0,9", (120_000, 3500)),
        ("1.234.567", "2.000", "7,5", (1_234_567, 2000)),
    ],
)
def test_catalogue_thousands_dots_in_other_sizes(taxonomy, employees, capacity, decimal_cell, expected):
    text = case_bytes("imports", "catalogue-semicolon-thousands.csv").decode()
    text = text.replace(";12.000;", f";{employees};").replace(";2.000;", f";{capacity};").replace("8,1", decimal_cell)
    report = catalogue_import(content=text.encode(), filename="catalogue.csv")
    if report.ok:
        provider = Provider.objects.get(slug="case02-nusa-hosting")
        assert (provider.employees, Offering.objects.get(provider=provider).capacity_ftes) == expected
    else:
        assert all("ambiguous" in error.message for error in report.errors), report.errors


def test_catalogue_comma_file_with_decimal_points_reads_comma_thousands(taxonomy):
    text = case_bytes("imports", "catalogue-semicolon-thousands.csv").decode()
    header, row = text.strip().splitlines()
    cells = row.split(";")
    cells = ['"' + c.replace(",", ".") + '"' if re.fullmatch(r"\d+,\d+", c) else c for c in cells]
    cells = ['"12,000"' if c == "12.000" else '"2,000"' if c == "2.000" else c for c in cells]
    report = catalogue_import(content=(header.replace(";", ",") + "\n" + ",".join(cells)).encode(), filename="c.csv")
    if report.ok:
        provider = Provider.objects.get(slug="case02-nusa-hosting")
        assert provider.employees == 12_000
        assert Offering.objects.get(provider=provider).capacity_ftes == 2_000
    else:
        assert all("ambiguous" in error.message for error in report.errors), report.errors


# --- currencies ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ('"USD 1,200"', "USD"),
        ('"$1,200"', "$"),
        ('"US$ 1.200"', "USD"),
        ('"1200 JPY"', "JPY"),
        ('"¥1200"', ""),
        ('"£ 1,200.50"', "GBP"),
        ('"1,200 SGD"', "SGD"),
        ('"EUR1.200,00"', "EUR"),
        ('"1.200,00 eur"', "EUR"),
    ],
)
def test_a_foreign_currency_marker_is_refused_in_an_idr_assessment(draft, cell, code):
    result = preview("it.csv", it_csv(f"compute,{cell},5,0,3,4,4,x"))
    assert not result.is_valid, lines_of(result, "it")
    errors = messages_of(result)
    assert [(row, column) for _s, row, column, _m in errors] == [(2, "B · Annual cost (IDR)")]
    assert code in errors[0][3]


@pytest.mark.parametrize(
    ("cell", "amount"),
    [('"IDR 1.200.000"', "1200000"), ('"Rp1.200.000"', "1200000"), ('"Rp. 1.200.000,00"', "1200000.00"),
     ('"1,200,000 IDR"', "1200000"), ('"rp 2.500"', "2500")],
)  # fmt: skip
def test_the_assessments_own_currency_marker_is_read(draft, cell, amount):
    result = preview("it.csv", it_csv(f"compute,{cell},5,0,3,4,4,x"))
    assert result.is_valid, messages_of(result)
    assert lines_of(result, "it")[0]["annual_cost"] == Decimal(amount)


# --- workbooks: percent formats, hidden sheets and copies, stale sizes, long amounts, empty rows --


@pytest.mark.parametrize(("value", "number_format", "expected"), [
    (0.0625, "0.00%", "6.25"), (0.5, "0%", "50"), (0.001, "0.0%", "0.1"), (1, "0%", "100"),
])  # fmt: skip
def test_other_percent_formats_are_read_as_the_user_sees_them(draft, value, number_format, expected):
    def edit(book):
        cell = book["Business functions"]["J4"]
        cell.value, cell.number_format = value, number_format

    result = preview("p.xlsx", xlsx_case("percent-formatted-error-rate.xlsx", edit))
    if Decimal(expected) > 100 or not result.is_valid:
        assert not result.is_valid
        return
    rates = {line["capability"].code: line["error_rate_percent"] for line in lines_of(result, "bf")}
    assert rates["recruitment"] == Decimal(expected)


@pytest.mark.parametrize("hide_original", [True, False])
def test_a_hidden_sheet_or_a_lone_copy_is_refused_not_silently_skipped(draft, hide_original):
    # The IT sheet hidden (or deleted) and its edited copy "IT cost areas (2)" visible: the preview used
    # to be valid without any IT line, so the user's IT edits were silently ignored.
    def edit(book):
        copy = book.copy_worksheet(book["IT cost areas"])
        copy.title = "IT cost areas (2)"
        copy["B2"] = 1
        if hide_original:
            book["IT cost areas"].sheet_state = "hidden"
        else:
            del book["IT cost areas"]

    result = preview("copy.xlsx", xlsx_case("percent-formatted-error-rate.xlsx", edit))
    assert not result.is_valid
    assert result.lines_for("it") is None
    expected = "“IT cost areas” is hidden" if hide_original else "“IT cost areas (2)” looks like a copy"
    assert [expected in message for *_where, message in messages_of(result)] == [True], messages_of(result)


def test_a_hidden_copy_beside_the_visible_sheet_is_ignored(draft):
    def edit(book):
        copy = book.copy_worksheet(book["IT cost areas"])
        copy.title = "IT cost areas (2)"
        copy["B2"] = 1
        copy.sheet_state = "hidden"

    result = preview("copy.xlsx", xlsx_case("percent-formatted-error-rate.xlsx", edit))
    assert result.is_valid, messages_of(result)
    assert lines_of(result, "it")[0]["annual_cost"] == Decimal("9600000000")


def test_a_visible_sheet_and_its_copy_are_not_both_silently_dropped_or_mixed(draft):
    def edit(book):
        copy = book.copy_worksheet(book["Business functions"])
        copy.title = "Business functions (2)"
        copy["B2"] = 5

    result = preview("copy.xlsx", xlsx_case("percent-formatted-error-rate.xlsx", edit))
    if result.is_valid:
        # the sheet with the exact name is the one read
        assert lines_of(result, "bf")[0]["annual_cost"] == Decimal("6900000000")
    else:
        assert result.errors


def _stale_dimension(content: bytes, sheet_title: str, ref: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    workbook_xml = source.read("xl/workbook.xml").decode()
    rels = source.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet[^>]*name="{re.escape(sheet_title)}"[^>]*r:id="(rId\d+)"', workbook_xml)
    assert rid
    target = re.search(rf'<Relationship[^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
    )
    assert target
    path = "xl/" + target.group(1).lstrip("/").removeprefix("xl/")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == path:
                data, count = re.subn(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), data)
                assert count == 1
            zipped.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("ref", ["A1:K2", "A1", "A1:B3", "A1:XFD1048576"])
def test_a_stale_size_in_the_business_functions_sheet_loses_no_row(draft, ref):
    content = _stale_dimension(case_bytes("imports", "percent-formatted-error-rate.xlsx"), "Business functions", ref)
    result = preview("stale.xlsx", content)
    assert result.is_valid, messages_of(result)
    assert len(lines_of(result, "bf")) == 6
    assert len(lines_of(result, "it")) == 7


@pytest.mark.parametrize("amount", [12345678901234567, 98765432109876543210])
def test_a_seventeen_or_twenty_digit_amount_in_a_workbook_is_refused_at_its_cell(draft, amount):
    # Excel keeps 15 significant digits (12345678901234567 is stored as 1.2345678901234568e16); either
    # way the amount is above the money bound (2^53) and refused at its cell, never rounded.
    def edit(book):
        book["IT cost areas"]["B2"] = amount

    result = preview("big.xlsx", xlsx_case("percent-formatted-error-rate.xlsx", edit))
    assert not result.is_valid
    errors = messages_of(result)
    assert {(sheet, row, column) for sheet, row, column, _m in errors} == {
        ("IT cost areas", 2, "B · Annual cost (IDR)")
    }, errors
    assert any("is too large" in message for *_where, message in errors), errors


def test_a_seventeen_digit_amount_in_a_csv_is_refused_not_rounded(draft):
    result = preview("big.csv", it_csv("compute,12345678901234567,5,0,3,4,4,x"))
    assert not result.is_valid
    assert [(row, column) for _s, row, column, _m in messages_of(result)] == [(2, "B · Annual cost (IDR)")]


def test_five_thousand_formatted_empty_rows_after_the_data_are_ignored(draft):
    def edit(book):
        sheet = book["IT cost areas"]
        for row in range(9, 5009):
            sheet.cell(row=row, column=2).number_format = "#,##0.00"
            sheet.cell(row=row, column=8).value = None

    result = preview("empty-rows.xlsx", xlsx_case("percent-formatted-error-rate.xlsx", edit))
    assert result.is_valid, messages_of(result)[:3]
    assert len(lines_of(result, "it")) == 7
    confirm(draft, result)


@pytest.mark.parametrize(("length", "valid"), [(2000, True), (2001, False)])
def test_a_note_holds_what_the_page_takes(draft, length, valid):
    result = preview("notes.csv", it_csv(f"compute,1000,5,0,3,4,4,{'n' * length}"))
    assert result.is_valid is valid, messages_of(result)
    if not valid:
        assert [(row, column) for _s, row, column, _m in messages_of(result)] == [(2, "H · Notes")]


BF_HEADER = (
    "Business function (code);Annual cost (IDR);FTEs;Annual transaction volume;Standardisation (1-5);"
    "Strategic importance (1-5);Process maturity (1-5);Regulatory sensitivity (1-5);Knowledge intensity (1-5);"
    "Error rate (%);Notes"
)


@pytest.mark.parametrize(("sheet", "count"), [("business_functions", 150), ("it_cost_areas", 600)])
def test_many_imported_lines_open_and_save_from_their_page(client_for, consultant, draft, sheet, count):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from assessments.models import Assessment, BusinessFunction, ITCostArea
    from tests.assessments.conftest import BPO_CODES, ITO_CODES
    from tests.assessments.grid_support import grid_save

    model: type[BusinessFunction] | type[ITCostArea]
    if sheet == "business_functions":
        model = BusinessFunction
        rows = [
            f"{BPO_CODES[i % len(BPO_CODES)]};1.000.{i:03d},50;2,5;1.200;3;3;3;3;3;1,5;line {i}" for i in range(count)
        ]
        content = "\r\n".join([BF_HEADER, *rows]).encode("utf-16")
    else:
        model = ITCostArea
        rows = [f"{ITO_CODES[i % len(ITO_CODES)]}\t{1000 + i}\t1\t0\t3\t3\t3\tline {i}" for i in range(count)]
        content = it_csv(*rows, sep="\t")
    client = client_for(consultant)
    response = client.post(
        reverse("assessments:import", args=[draft.pk]), {"file": SimpleUploadedFile("l.csv", content)}
    )
    assert response.status_code == 200, [error.message for error in response.context["preview"].errors][:3]
    token = response.context["confirm"]["token"].value()
    assert client.post(reverse("assessments:import_confirm", args=[draft.pk]), {"token": token}).status_code == 302
    assert model.objects.filter(assessment=draft).count() == count
    url = reverse(f"assessments:{sheet}", args=[draft.pk])
    page = client.get(url)
    assert page.status_code == 200
    grid_rows = page.context["grid"]["rows"]
    assert len(grid_rows) == count
    grid_rows[-1]["notes"] = "changed"
    saved = grid_save(client, url, grid_rows, lock_version=Assessment.objects.get(pk=draft.pk).lock_version,
                      action="save")  # fmt: skip
    assert saved.status_code == 200, saved.content[:500]
    assert model.objects.filter(assessment=draft).count() == count
    last = model.objects.filter(assessment=draft).order_by("position").last()
    assert last is not None
    assert last.notes == "changed"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("6%", "6"), ("6,5 %", "6.5"), ("0,25%", "0.25"), ("12", "12"), ("1.5", None), ("150%", None)],
)
def test_error_rates_typed_as_text_are_read_as_written(draft, cell, expected):
    row = f"recruitment;3.400.000.000,00;11,0;1.150;3;3;2;2;3;{cell};x"
    result = preview("bf.csv", "\r\n".join([BF_HEADER, row]).encode())
    if expected is None:
        # "1.5" in a decimal-comma file is ambiguous (or read as 1.5); 150 % is out of range.
        if result.is_valid:
            assert lines_of(result, "bf")[0]["error_rate_percent"] == Decimal("1.5")
        else:
            assert [column for _s, _r, column, _m in messages_of(result)] == ["J · Error rate (%)"]
        return
    assert result.is_valid, messages_of(result)
    assert lines_of(result, "bf")[0]["error_rate_percent"] == Decimal(expected)
