"""Actuals import from CSV and XLSX: all rows or none, each problem named by row and column."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from assessments.models import MonthlyActual
from assessments.programmes.actuals_import import ImportRefused, actuals_import

pytestmark = pytest.mark.django_db


def _csv(text: str, name: str = "actuals.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("actuals.xlsx", buffer.getvalue())


def test_csv_rows_are_all_imported(programme):
    upload = _csv(
        "engagement,month,realised_savings,realised_benefit,error_rate_percent\n"
        "it-1,2026-01,1000000,,\n"
        'it-1,2026-02,"1,250,000.50",,\n'
        "bf-1,2026-02,,5000000,2.4\n"
    )
    saved = actuals_import(programme=programme, upload=upload)
    assert len(saved) == 3
    assert str(MonthlyActual.objects.get(engagement__item_id="it-1", month="2026-02-01").realised_savings) == (
        "1250000.50"
    )


def test_semicolon_file_with_excel_sep_line(programme):
    upload = _csv("sep=;\nengagement;month;realised_savings\nit-1;2026-01;1000\n")
    assert len(actuals_import(programme=programme, upload=upload)) == 1


def test_a_csv_with_row_errors_imports_nothing_and_names_each_row_and_column(programme):
    upload = _csv(
        "engagement,month,realised_savings,error_rate_percent\n"
        "it-1,2026-01,1000,\n"
        "nobody,2026-01,1000,\n"
        "it-1,Jan 2026,1000,\n"
        "it-2,2026-01,abc,\n"
        "bf-1,2026-01,,250\n"
    )
    with pytest.raises(ImportRefused) as caught:
        actuals_import(programme=programme, upload=upload)
    problems = caught.value.problems
    assert any(p.startswith("Row 3, engagement") for p in problems)
    assert any(p.startswith("Row 4, month") for p in problems)
    assert any(p.startswith("Row 5, realised_savings") for p in problems)
    assert not MonthlyActual.objects.exists()


def test_a_row_refused_by_the_model_rolls_back_the_whole_file(programme):
    upload = _csv("engagement,month,realised_savings,error_rate_percent\nit-1,2026-01,1000,\nbf-1,2026-01,,250\n")
    with pytest.raises(ImportRefused) as caught:
        actuals_import(programme=programme, upload=upload)
    assert caught.value.problems[0].startswith("Row 3, error_rate_percent")
    assert not MonthlyActual.objects.exists()


def test_xlsx_import_and_its_row_errors(programme):
    good = _xlsx([["Engagement", "Month", "Realised_savings"], ["it-1", "2026-01", 1000], ["it-2", "2026-01", 2000.5]])
    assert len(actuals_import(programme=programme, upload=good)) == 2
    bad = _xlsx([["engagement", "month", "realised_savings"], ["it-1", "2026-02", 10], ["it-1", "2026-02", 11]])
    with pytest.raises(ImportRefused) as caught:
        actuals_import(programme=programme, upload=bad)
    assert "Row 3" in caught.value.problems[0]
    assert MonthlyActual.objects.count() == 2


def test_missing_columns_and_empty_files_are_refused(programme):
    with pytest.raises(ImportRefused, match="Missing column: month"):
        actuals_import(programme=programme, upload=_csv("engagement,realised_savings\nit-1,1\n"))
    with pytest.raises(ImportRefused, match="empty"):
        actuals_import(programme=programme, upload=_csv(""))
    with pytest.raises(ImportRefused, match="xlsx"):
        actuals_import(programme=programme, upload=SimpleUploadedFile("a.xlsx", b"not a zip"))


def test_the_import_page_shows_the_problems(programme, consultant, client_for):
    response = client_for(consultant).post(
        reverse("assessments:programme_actuals_import", args=[programme.pk]),
        {"file": _csv("engagement,month,realised_savings\nnobody,2026-01,1\n")},
    )
    assert response.status_code == 200
    assert "Row 2, engagement" in response.content.decode()
