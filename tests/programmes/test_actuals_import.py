"""Actuals import through the shared upload reader: preview, then confirm, all rows or none, each
problem named by row and column, hostile files refused within the budgets."""

import io
import math
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from assessments.models import MonthlyActual
from assessments.programmes.actuals_import_services import (
    ImportRefused,
    actuals_confirm,
    actuals_import,
    actuals_preview,
)

pytestmark = pytest.mark.django_db

UPLOAD_CASES = Path(__file__).resolve().parents[1] / "cases" / "uploads"


def _csv(text: str, name: str = "actuals.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


def _xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    return SimpleUploadedFile("actuals.xlsx", _xlsx_bytes(rows))


def test_csv_rows_are_all_imported(programme, ids):
    upload = _csv(
        ids(
            "engagement,month,realised_savings,realised_benefit,error_rate_percent\n"
            "it-1,2026-01,1000000,,\n"
            'it-1,2026-02,"1,250,000.50",,\n'
            "bf-1,2026-02,,5000000,2.4\n"
        )
    )
    saved = actuals_import(programme=programme, upload=upload)
    assert len(saved) == 3
    assert str(MonthlyActual.objects.get(engagement__item_id=ids("it-1"), month="2026-02-01").realised_savings) == (
        "1250000.50"
    )
    assert MonthlyActual.objects.get(engagement__item_id=ids("bf-1")).error_rate_percent == Decimal("2.4")


def test_semicolon_file_with_excel_sep_line(programme, ids):
    upload = _csv(ids("sep=;\nengagement;month;realised_savings\nit-1;2026-01;1000\n"))
    assert len(actuals_import(programme=programme, upload=upload)) == 1


def test_a_csv_with_row_errors_imports_nothing_and_names_each_row_and_column(programme, ids):
    upload = _csv(
        ids(
            "engagement,month,realised_savings,error_rate_percent\n"
            "it-1,2026-01,1000,\n"
            "nobody,2026-01,1000,\n"
            "it-1,Jan 2026,1000,\n"
            "it-2,2026-01,abc,\n"
            "it-1,2026-01,5,\n"
        )
    )
    with pytest.raises(ImportRefused) as caught:
        actuals_import(programme=programme, upload=upload)
    problems = caught.value.problems
    assert any(p.startswith("Row 3, A · engagement") for p in problems)
    assert any(p.startswith("Row 4, B · month") for p in problems)
    assert any(p.startswith("Row 5, C · realised_savings") for p in problems)
    assert any(p.startswith("Row 6, B · month") and "row 2" in p for p in problems)
    assert not MonthlyActual.objects.exists()


def test_a_row_refused_by_the_model_is_shown_in_the_preview_and_nothing_is_written(programme, ids):
    content = ids(
        "engagement,month,realised_savings,error_rate_percent\nit-1,2026-01,1000,\nbf-1,2026-01,,250\n"
    ).encode()
    preview = actuals_preview(programme=programme, name="a.csv", content=content)
    assert not preview.is_valid
    assert preview.problems[0].startswith("Row 3, D · error_rate_percent")
    with pytest.raises(ImportRefused):
        actuals_import(programme=programme, upload=_csv(content.decode()))
    assert not MonthlyActual.objects.exists()


def test_a_kind_mismatch_is_refused_at_its_row_and_column(programme, ids):
    content = ids("engagement,month,realised_benefit\nit-1,2026-01,5\n").encode()
    preview = actuals_preview(programme=programme, name="a.csv", content=content)
    assert preview.problems
    assert preview.problems[0].startswith("Row 2, C · realised_benefit")


def test_confirm_is_all_or_nothing_when_a_stored_row_no_longer_fits(programme, ids):
    content = ids("engagement,month,realised_savings\nit-1,2026-01,1\nit-2,2026-01,2\n").encode()
    preview = actuals_preview(programme=programme, name="a.csv", content=content)
    assert preview.is_valid
    payload = [dict(row) for row in preview.rows]
    payload[1]["realised_benefit"] = "5"  # tampered: a BPO figure on an ITO engagement
    with pytest.raises(ImportRefused) as caught:
        actuals_confirm(programme=programme, payload=payload)
    assert caught.value.problems[0].startswith("Row 3")
    assert not MonthlyActual.objects.exists()


def test_xlsx_import_with_a_date_month_and_its_row_errors(programme, ids):
    import datetime as dt

    good = _xlsx(
        [
            ["Engagement", "Month", "Realised savings"],
            [ids("it-1"), "2026-01", 1000],
            [ids("it-2"), dt.date(2026, 1, 15), 2000.5],
        ]
    )
    assert len(actuals_import(programme=programme, upload=good)) == 2
    assert MonthlyActual.objects.filter(month="2026-01-01").count() == 2
    bad = _xlsx(
        [["engagement", "month", "realised_savings"], [ids("it-1"), "2026-02", 10], [ids("it-1"), "2026-02", 11]]
    )
    with pytest.raises(ImportRefused) as caught:
        actuals_import(programme=programme, upload=bad)
    assert caught.value.problems[0].startswith("Row 3")
    assert MonthlyActual.objects.count() == 2


def test_missing_columns_and_empty_files_are_refused(programme):
    with pytest.raises(ImportRefused, match="missing from the header"):
        actuals_import(programme=programme, upload=_csv("engagement,realised_savings\nit-1,1\n"))
    with pytest.raises(ImportRefused, match="empty"):
        actuals_import(programme=programme, upload=_csv(""))
    with pytest.raises(ImportRefused, match="xlsx"):
        actuals_import(programme=programme, upload=SimpleUploadedFile("a.xlsx", b"not a zip"))
    with pytest.raises(ImportRefused, match="Unknown or repeated column"):
        actuals_import(programme=programme, upload=_csv("engagement,month,savings\nit-1,2026-01,1\n"))


@pytest.mark.parametrize("case", ["compressed-95mb-rows.xlsx", "declared-full-sheet-one-far-cell.xlsx"])
def test_hostile_workbooks_are_refused_or_read_within_the_budgets(programme, case):
    """tests/cases/uploads/<case>: a zip bomb and a sheet declaring a million rows; answered in seconds."""
    content = (UPLOAD_CASES / case).read_bytes()
    started = time.monotonic()
    preview = actuals_preview(programme=programme, name=case, content=content)
    assert time.monotonic() - started < 10
    assert not preview.is_valid
    assert preview.errors
    assert not MonthlyActual.objects.exists()


_cells = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["csv", "xlsx"]),
    rows=st.lists(st.lists(_cells, min_size=0, max_size=5), max_size=6),
)
def test_any_cells_of_either_kind_give_a_preview_never_an_exception(programme, kind, rows):
    """The shared reader's kinds (CSV text, XLSX cells): whatever the cells, a preview with row errors or rows."""
    header = ["engagement", "month", "realised_savings", "realised_benefit", "ftes_released"]
    if kind == "csv":
        text = "\n".join(",".join("" if c is None else str(c).replace(",", " ") for c in row) for row in rows)
        content = (",".join(header) + "\n" + text).encode()
    else:
        cleaned = [[None if isinstance(c, float) and not math.isfinite(c) else c for c in row] for row in rows]
        content = _xlsx_bytes([header, *cleaned])
    preview = actuals_preview(programme=programme, name=f"a.{kind}", content=content)
    assert preview.is_valid or preview.errors or not preview.rows
    assert all(error.row is None or error.row >= 1 for error in preview.errors)
    assert not MonthlyActual.objects.exists()


def test_the_import_page_previews_then_confirms(programme, consultant, client_for, ids):
    client = client_for(consultant)
    url = reverse("assessments:programme_actuals_import", args=[programme.pk])
    response = client.post(url, {"file": _csv("engagement,month,realised_savings\nnobody,2026-01,1\n")})
    assert response.status_code == 400
    assert "Row 2, A · engagement" in response.content.decode()
    response = client.post(url, {"file": _csv(ids("engagement,month,realised_savings\nit-1,2026-01,7\n"))})
    assert response.status_code == 200
    assert 'id="import-preview"' in response.content.decode()
    assert not MonthlyActual.objects.exists()  # the preview writes nothing
    token = response.context["confirm"].initial["token"]
    confirm = reverse("assessments:programme_actuals_import_confirm", args=[programme.pk])
    response = client.post(confirm, {"token": "wrong"})
    assert response.status_code == 302
    assert not MonthlyActual.objects.exists()
    response = client.post(confirm, {"token": token})
    assert response.status_code == 302
    assert MonthlyActual.objects.get().realised_savings == Decimal("7")


# --- Properties of the shared reader, through the actuals import ------------------------------------

_amounts = st.decimals(min_value=Decimal("1000"), max_value=Decimal("999999999.99"), places=2)


def _written(value: Decimal, comma: bool) -> str:
    """`1.234.567,89` (decimal comma) or `1,234,567.89` (decimal point), as a spreadsheet user types it."""
    text = f"{value:,.2f}"
    return text.translate(str.maketrans(",.", ".,")) if comma else text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amounts=st.lists(_amounts, min_size=1, max_size=2),
    comma=st.booleans(),
    marker=st.sampled_from(["", " IDR", " EUR"]),
    blank_lines=st.integers(min_value=0, max_value=3),
)
def test_amounts_in_either_convention_with_markers_and_blank_rows_are_read_exactly_or_refused(
    programme, ids, amounts, comma, marker, blank_lines
):
    """Locale, currency and empty rows: a grouped amount is read to the cent in the file's own convention;
    a marker of the organisation's currency is accepted, another one refused at each row; blank lines cost
    nothing and shift no row number."""
    lines = ["engagement;month;realised_savings"]
    for position, amount in enumerate(amounts, start=1):
        lines.extend([""] * blank_lines)
        lines.append(f"{ids('it-1')};2026-0{position};{_written(amount, comma)}{marker}")
    content = ("\n".join(lines) + "\n").encode()
    preview = actuals_preview(programme=programme, name="actuals.csv", content=content, currency="IDR")
    if marker == " EUR":
        assert not preview.rows
        assert [error.row for error in preview.errors] == [
            1 + (blank_lines + 1) * position for position in range(1, len(amounts) + 1)
        ]
        assert all("EUR" in error.message for error in preview.errors)
    else:
        assert preview.is_valid, preview.problems
        assert [Decimal(row["realised_savings"]) for row in preview.rows] == amounts
    assert not MonthlyActual.objects.exists()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fraction=st.decimals(min_value=Decimal("0"), max_value=Decimal("1"), places=4),
    number_format=st.sampled_from(["0%", "0.0%", "0.00%"]),
    empty_rows=st.integers(min_value=0, max_value=200),
)
def test_a_percent_formatted_error_rate_is_read_as_shown_past_formatted_empty_rows(
    programme, ids, fraction, number_format, empty_rows
):
    """A cell showing 6% (value 0.06, per-cent format) is an error rate of 6; formatted but empty rows
    after the data are not rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["engagement", "month", "error_rate_percent"])
    sheet.append([ids("bf-1"), "2026-01", float(fraction)])
    sheet.cell(row=2, column=3).number_format = number_format
    for row in range(3, 3 + empty_rows):
        sheet.cell(row=row, column=3).number_format = "0.00%"  # formatted, never filled
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = actuals_preview(programme=programme, name="actuals.xlsx", content=buffer.getvalue())
    assert preview.is_valid, preview.problems
    assert len(preview.rows) == 1
    assert Decimal(preview.rows[0]["error_rate_percent"]) == (fraction * 100).quantize(Decimal("0.01"))
