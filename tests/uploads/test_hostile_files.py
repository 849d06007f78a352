"""Hostile uploads (tests/cases/uploads, from ../shared/cases/uploads): each is refused or read in
under 2 s of this process's CPU time (timed alone) and under 256 MiB peak Python memory (tracemalloc,
a second run), through the real import paths, with a message. CPU time, not wall time: a bound that
other processes on a shared machine cannot break (an unbounded read of these files takes minutes).
benchmarks/uploads.py prints the wall-time figures."""

import time
import tracemalloc

import pytest

from assessments.capture import workbook
from assessments.capture.selectors import capabilities_of_kind
from providers.models import Kind, Provider
from providers.services import catalogue_import
from tests.uploads.conftest import case_bytes

SECONDS = 2.0
PEAK_BYTES = 256 * 1024 * 1024


def measured(call):
    """(result, CPU seconds, peak bytes): timed on its own, then run again under tracemalloc (which slows it)."""
    started = time.process_time()
    call()
    seconds = time.process_time() - started
    tracemalloc.start()
    try:
        result = call()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, seconds, peak


def assessment_preview(name: str, content: bytes) -> workbook.ImportPreview:
    return workbook.import_preview(
        name=name,
        content=content,
        currency="IDR",
        it_capabilities=capabilities_of_kind(kind=Kind.ITO),
        bpo_capabilities=capabilities_of_kind(kind=Kind.BPO),
    )


def test_a_declared_full_sheet_with_one_far_cell_is_answered_at_once(draft, budgets_default):
    content = case_bytes("uploads", "declared-full-sheet-one-far-cell.xlsx")
    result, seconds, peak = measured(lambda: assessment_preview("far.xlsx", content))
    assert seconds < SECONDS, seconds
    assert peak < PEAK_BYTES, peak
    # Its one real line is read; the blank far cell costs nothing.
    assert result.is_valid, result.errors
    assert [line["capability"].code for line in result.lines_for("it")] == ["compute"]


def test_a_compressed_bomb_is_refused_from_the_zip_directory(draft, budgets_default):
    content = case_bytes("uploads", "compressed-95mb-rows.xlsx")
    result, seconds, peak = measured(lambda: assessment_preview("bomb.xlsx", content))
    assert seconds < SECONDS, seconds
    assert peak < PEAK_BYTES, peak
    assert not result.is_valid
    assert "expands to more than 32 MB" in result.errors[0].message


def test_a_compressed_bomb_under_a_raised_budget_is_streamed_in_bounded_memory(draft, budgets_default):
    # An operator may raise the budget: the 95 MB of empty rows is then read, never held in memory.
    budgets_default.UPLOAD_MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
    content = case_bytes("uploads", "compressed-95mb-rows.xlsx")
    result, _seconds, peak = measured(lambda: assessment_preview("bomb.xlsx", content))
    assert peak < 64 * 1024 * 1024, peak
    assert result.is_valid, result.errors
    assert result.lines_for("it") == []


def test_a_lying_zip_directory_is_caught_while_decompressing(draft, budgets_default):
    # The budget is also counted on the bytes actually decompressed, not only on what the directory says.
    budgets_default.UPLOAD_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    content = case_bytes("uploads", "compressed-95mb-rows.xlsx")
    # Rewrite the sheet's declared size (local header and central directory) to a small figure.
    declared = (95000625).to_bytes(4, "little")
    forged = content.replace(declared, (1000).to_bytes(4, "little"))
    assert forged != content
    result, seconds, _peak = measured(lambda: assessment_preview("forged.xlsx", forged))
    assert seconds < SECONDS
    assert not result.is_valid
    message = result.errors[0].message
    assert "expands to more than 1 MB" in message or "could not be read" in message, message


@pytest.mark.parametrize("importer", ["catalogue", "assessment"])
def test_eighteen_thousand_columns_get_a_message(taxonomy, capability_set, budgets_default, importer):
    content = case_bytes("uploads", "catalogue-18279-columns.csv")
    if importer == "catalogue":
        report, seconds, peak = measured(lambda: catalogue_import(content=content, filename="c.csv"))
        messages = [error.message for error in report.errors]
        assert not Provider.objects.exists()
    else:
        result, seconds, peak = measured(lambda: assessment_preview("c.csv", content))
        messages = [error.message for error in result.errors]
    assert seconds < SECONDS, seconds
    assert peak < PEAK_BYTES, peak
    assert messages == ["The file has too many columns (18279); at most 200 are read. Remove the extra columns."]


def test_a_million_row_errors_stop_after_the_budget(draft, budgets_default):
    # A 2 MB CSV of 740 rows with data in 200 columns, most without a header: 148 000 problems.
    # Checking stops after 200 of them and says so.
    header = b"capability,annual_cost,ftes,available_from_month,maturity,standardisation,criticality,notes\n"
    row = b"xyzxyzxyzxyz," * 199 + b"xyzxyzxyzxyz\n"
    content = header + row * 740
    assert len(content) > 1_900_000
    result, seconds, peak = measured(lambda: assessment_preview("errors.csv", content))
    assert seconds < SECONDS, seconds
    assert peak < PEAK_BYTES, peak
    assert len(result.errors) == 201
    assert "Checking stopped after 200 problems" in result.errors[-1].message
    # More cells than the budget: refused before any checking.
    result = assessment_preview("errors.csv", header + (b"x," * 199 + b"x\n") * 751)
    assert [error.message for error in result.errors] == [
        "The file has more than 150000 cells; split it into smaller files."
    ]


def test_a_sheet_full_of_cells_is_read_or_refused_in_time(draft, budgets_default, settings):
    # As many numeric cells as the budget allows, in 40 columns: read, then 200 problems listed.
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "IT cost areas"
    sheet.append(["capability", "annual_cost", "ftes", "available_from_month", "maturity", "standardisation",
                  "criticality", "notes"])  # fmt: skip
    for number in range(3700):
        sheet.append([number] * 40)
    buffer = io.BytesIO()
    book.save(buffer)
    started = time.perf_counter()
    timed = assessment_preview("cells.xlsx", buffer.getvalue())
    seconds = time.perf_counter() - started
    # Read to the end within the upload deadline (a deadline refusal would say so instead); the
    # 2 s target for this sheet is measured by benchmarks/uploads.py, not by a timed unit test.
    assert seconds < settings.UPLOAD_MAX_SECONDS, seconds
    assert "Checking stopped after 200 problems" in timed.errors[-1].message
    # Peak memory in a second run under tracemalloc, which slows the read several times over: the
    # wall-clock deadline is lifted for that run only, so it measures memory, not the tracer's cost.
    settings.UPLOAD_MAX_SECONDS = 600.0
    tracemalloc.start()
    try:
        result = assessment_preview("cells.xlsx", buffer.getvalue())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES, peak
    assert "Checking stopped after 200 problems" in result.errors[-1].message


def test_a_shared_strings_bomb_is_bounded(draft, budgets_default):
    # A workbook whose shared-string table holds far more items than any sheet could use.
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(case_bytes("uploads", "declared-full-sheet-one-far-cell.xlsx")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b'<c r="H2" t="inlineStr"><is><t>ok</t></is></c>', b'<c r="H2" t="s"><v>1</v></c>')
            archive.writestr(info.filename, data)
        items = b"<si><t>a &amp; b</t></si><si><r><t>rich </t></r><r><t>text</t></r></si>" * 100_000
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + items + b"</sst>")
    result, seconds, peak = measured(lambda: assessment_preview("strings.xlsx", buffer.getvalue()))
    assert seconds < SECONDS, seconds
    assert peak < PEAK_BYTES, peak
    assert [error.message for error in result.errors] == [
        "The file has more than 150000 cells; split it into smaller files."
    ]


def test_rows_scanned_are_bounded_even_when_blank(draft, budgets_default):
    content = b"capability,annual_cost\n" + b",\n" * 900_000
    result, seconds, _peak = measured(lambda: assessment_preview("blank.csv", content))
    assert seconds < SECONDS
    assert "more than 50000 rows" in result.errors[0].message


def test_the_request_body_limit_answers_413_before_reading(client, settings):
    settings.REQUEST_MAX_BYTES = 1024
    response = client.post("/accounts/login/", data=b"x" * 2048, content_type="application/octet-stream")
    assert response.status_code == 413
    assert client.get("/accounts/login/").status_code != 413


def test_the_catalogue_lists_at_most_the_error_budget(taxonomy, budgets_default):
    from providers.spreadsheet import COLUMNS

    header = ",".join(COLUMNS).encode() + b"\n"
    content = header + (b"x," * (len(COLUMNS) - 1) + b"x\n") * 100  # 100 rows, every cell wrong
    report = catalogue_import(content=content, filename="c.csv")
    assert len(report.errors) == 201
    assert report.errors[-1].message.startswith("… and ")
    assert "more problems" in report.errors[-1].message
    assert not Provider.objects.exists()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_wall_time_budget_refuses_a_file_still_being_read_and_says_so(draft, budgets_default, settings, kind):
    # UPLOAD_MAX_SECONDS is read per upload: at 0 the first deadline check (every 500 XLSX rows,
    # every 1 000 CSV lines) refuses the file; at the shipped 10 s the same file is read.
    import io

    from openpyxl import Workbook

    header = ["capability", "annual_cost", "ftes", "available_from_month", "maturity", "standardisation",
              "criticality", "notes"]  # fmt: skip
    if kind == "csv":
        content = (",".join(header) + "\n" + "compute,1000,1,0,2,2,2,x\n" * 1200).encode()
    else:
        book = Workbook()
        sheet = book.active
        sheet.title = "IT cost areas"
        sheet.append(header)
        for _ in range(1200):
            sheet.append(["compute", 1000, 1, 0, 2, 2, 2, "x"])
        buffer = io.BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
    settings.UPLOAD_MAX_SECONDS = 0
    result = assessment_preview(f"slow.{kind}", content)
    assert [error.message for error in result.errors] == [
        "Reading the file took longer than 0 seconds; split it into smaller files."
    ]
    settings.UPLOAD_MAX_SECONDS = 10.0
    result = assessment_preview(f"slow.{kind}", content)
    assert not any("took longer" in error.message for error in result.errors)
