"""Variants of the shared hostile uploads (tests/cases/uploads): the far cell in another sheet and
column, more columns, a compressed shared-string table, through the assessment, catalogue and
actuals imports. Each is answered (read or refused with a message) within the same bounds."""

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

from assessments.programmes.actuals_import_services import actuals_preview
from providers.models import Provider
from providers.services import catalogue_import
from tests.programmes.conftest import approved_roadmap, programme  # noqa: F401 - fixtures used here
from tests.uploads.conftest import case_bytes
from tests.uploads.test_hostile_files import PEAK_BYTES, SECONDS, assessment_preview, measured

FAR = "declared-full-sheet-one-far-cell.xlsx"


def rewritten(content: bytes, changes: dict[str, Any]) -> bytes:
    """The workbook with some parts replaced: bytes, or a function of the old bytes."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            change = changes.pop(info.filename, None)
            if callable(change):
                data = change(data)
            elif change is not None:
                data = change
            archive.writestr(info.filename, data)
        for name, data in changes.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def far_cell(cell: str, value: bytes = b" ") -> Callable[[bytes], bytes]:
    row = "".join(ch for ch in cell if ch.isdigit())

    def change(data: bytes) -> bytes:
        import re

        data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', data)
        tail = f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>'.encode() + value + b"</t></is></c></row>"
        return data.replace(b"</sheetData>", tail + b"</sheetData>")

    return change


@pytest.mark.parametrize(
    ("sheet", "cell", "value"),
    [
        ("xl/worksheets/sheet3.xml", "XFD1048576", b" "),  # the business functions sheet
        ("xl/worksheets/sheet3.xml", "XFD524288", b""),
        ("xl/worksheets/sheet2.xml", "XFD1048576", b" "),  # the far column too, in the IT sheet
        ("xl/worksheets/sheet2.xml", "A1048576", b"compute"),  # a real value in the last row
        ("xl/worksheets/sheet1.xml", "XFD1048576", b"x"),  # the README, which is never read
    ],
)
def test_a_far_cell_anywhere_is_answered_at_once(draft, budgets_default, sheet, cell, value):
    content = rewritten(case_bytes("uploads", FAR), {sheet: far_cell(cell, value)})
    result, seconds, peak = measured(lambda: assessment_preview("far.xlsx", content))
    assert seconds < SECONDS, seconds
    assert peak < PEAK_BYTES, peak
    if value.strip() and sheet != "xl/worksheets/sheet1.xml":
        # A value a million rows down: refused with the rows budget's message, or read.
        assert result.errors or result.is_valid
        assert all("rows" in error.message or error.row == 1048576 for error in result.errors), result.errors
    else:
        assert result.is_valid, result.errors
        assert [line["capability"].code for line in result.lines_for("it")] == ["compute"]


def test_a_far_cell_in_a_catalogue_workbook_is_answered_at_once(taxonomy, budgets_default):
    from providers.spreadsheet import COLUMNS, EXAMPLE_ROW

    lines = [",".join(COLUMNS)]
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>'
    )
    for number, values in ((1, list(COLUMNS)), (2, [str(EXAMPLE_ROW[column]) for column in COLUMNS])):
        cells = "".join(f'<c t="inlineStr"><is><t>{value}</t></is></c>' for value in values)
        sheet += f'<row r="{number}">{cells}</row>'
    sheet += '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t> </t></is></c></row></sheetData></worksheet>'
    content = rewritten(case_bytes("uploads", FAR), {"xl/worksheets/sheet1.xml": sheet.encode()})
    assert lines
    report, seconds, peak = measured(lambda: catalogue_import(content=content, filename="catalogue.xlsx", dry_run=True))
    assert seconds < SECONDS, seconds
    assert peak < PEAK_BYTES, peak
    assert report.errors or report.ok


@pytest.mark.parametrize("columns", [20_000, 16_385])
@pytest.mark.parametrize("importer", ["catalogue", "assessment", "actuals"])
def test_twenty_thousand_columns_get_a_message(taxonomy, draft, budgets_default, importer, columns, request):
    content = (",".join(f"c{index}" for index in range(columns)) + "\n" + "1," * (columns - 1) + "1\n").encode()
    if importer == "catalogue":
        report, seconds, peak = measured(lambda: catalogue_import(content=content, filename="c.csv"))
        messages = [error.message for error in report.errors]
        assert not Provider.objects.exists()
    elif importer == "assessment":
        result, seconds, peak = measured(lambda: assessment_preview("c.csv", content))
        messages = [error.message for error in result.errors]
    else:
        programme = request.getfixturevalue("programme")
        preview, seconds, peak = measured(lambda: actuals_preview(programme=programme, name="a.csv", content=content))
        messages = [str(problem) for problem in preview.problems]
    assert seconds < SECONDS, seconds
    assert peak < PEAK_BYTES, peak
    assert len(messages) == 1, messages[:3]
    assert f"too many columns ({columns})" in messages[0]


def test_a_header_with_twenty_thousand_blank_columns_is_read(draft, budgets_default):
    header = "capability,annual_cost,ftes,available_from_month,maturity,standardisation,criticality,notes"
    content = (header + "," * 20_000 + "\ncompute,1000,1,0,3,3,3,ok" + "," * 20_000 + "\n").encode()
    result, seconds, _peak = measured(lambda: assessment_preview("blank-columns.csv", content))
    assert seconds < SECONDS, seconds
    assert result.is_valid, result.errors
    assert [line["capability"].code for line in result.lines_for("it")] == ["compute"]


@pytest.mark.parametrize("shape", ["one huge string", "many small strings"])
def test_a_highly_compressed_shared_string_table_is_refused_or_bounded(draft, budgets_default, shape):
    if shape == "one huge string":
        table = b"<sst><si><t>" + b"A" * 30_000_000 + b"</t></si></sst>"
    else:
        table = b"<sst>" + b"<si><t>x</t></si>" * 1_800_000 + b"</sst>"
    content = rewritten(
        case_bytes("uploads", FAR),
        {
            "xl/sharedStrings.xml": table,
            "xl/worksheets/sheet2.xml": lambda data: data.replace(
                b'<c r="H2" t="inlineStr"><is><t>ok</t></is></c>', b'<c r="H2" t="s"><v>0</v></c>'
            ),
        },
    )
    assert len(content) < 200_000  # a small upload
    result, seconds, peak = measured(lambda: assessment_preview("strings.xlsx", content))
    assert seconds < SECONDS, seconds
    assert peak < PEAK_BYTES, peak
    assert not result.is_valid
    if shape == "one huge string":
        # Read within the budgets, then refused at its cell: a note holds at most 2,000 characters (the
        # page's own bound), where 30 million used to be accepted and stored.
        assert [(error.sheet, error.row, error.column) for error in result.errors] == [
            ("IT cost areas", 2, "H · notes")
        ]
        assert "at most 2000 characters" in result.errors[0].message
