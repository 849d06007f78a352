"""Export of a programme's actuals (CSV and XLSX) in the import's columns: a round trip changes
nothing, no cell can become a formula in any separator convention, the file is never cached, and
only those who may read the programme download it."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Engagement, MonthlyActual
from assessments.programmes.actuals_export import COLUMNS, actuals_csv, actuals_xlsx
from assessments.programmes.actuals_import_services import actuals_import, actuals_preview
from assessments.programmes.services import ACTUAL_FIELDS, actuals_record
from tests.programmes.conftest import month
from tests.security.spreadsheets import csv_cells, unsafe_csv_cells, unsafe_xlsx_cells

pytestmark = pytest.mark.django_db


def _recorded(programme) -> None:
    ito = programme.engagements.filter(kind="ITO").order_by("item_id").first()
    bpo = programme.engagements.filter(kind="BPO").order_by("item_id").first()
    rows = [
        (ito, month(0), {"realised_savings": Decimal("987654321098.54"), "one_off_cost": Decimal("1500.10")}),
        (ito, month(1), {"realised_savings": Decimal("-2500.75")}),  # a negative month stays a number
        (ito, month(2), {"realised_savings": Decimal("0.00")}),
        (
            bpo,
            month(1),
            {
                "realised_benefit": Decimal("1250000.50"),
                "cost_per_transaction": Decimal("27000.00"),
                "error_rate_percent": Decimal("2.375"),
                "cycle_time_days": Decimal("6.50"),
                "ftes_released": Decimal("12.25"),
            },
        ),
        (bpo, month(2), {"realised_benefit": Decimal("1")}),  # the other figures not recorded
    ]
    actuals_record(programme=programme, rows=rows, mail=False)


def _snapshot() -> list[tuple]:
    return list(
        MonthlyActual.objects.order_by("engagement_id", "month").values_list("engagement_id", "month", *ACTUAL_FIELDS)
    )


@pytest.mark.parametrize(("fmt", "write"), [("csv", actuals_csv), ("xlsx", actuals_xlsx)])
def test_export_then_import_changes_nothing(programme, fmt, write):
    _recorded(programme)
    before = _snapshot()
    content = write(programme=programme)
    preview = actuals_preview(programme=programme, name=f"actuals.{fmt}", content=content)
    assert preview.is_valid, preview.problems
    assert len(preview.rows) == len(before) == 5
    # Every figure the file carries is the one stored, to the digit.
    stored = {(e, m.isoformat()): dict(zip(ACTUAL_FIELDS, values, strict=True)) for e, m, *values in before}
    for row in preview.rows:
        figures = stored[(row["engagement"], row["month"])]
        carried = {name: Decimal(row[name]) for name in ACTUAL_FIELDS if name in row}
        assert carried == {name: value for name, value in figures.items() if value is not None}
    actuals_import(programme=programme, upload=SimpleUploadedFile(f"actuals.{fmt}", content))
    assert _snapshot() == before
    assert write(programme=programme) == content or fmt == "xlsx"  # a workbook stamps its creation time


def test_the_csv_has_the_import_columns_and_one_row_per_recorded_month(programme):
    _recorded(programme)
    lines = actuals_csv(programme=programme).decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(f'"{name}"' for name in COLUMNS)
    assert len(lines) == 6
    ito = programme.engagements.filter(kind="ITO").order_by("item_id").first()
    bpo = programme.engagements.filter(kind="BPO").order_by("item_id").first()
    # The programme page's order (BPO then ITO engagements), then by month.
    assert lines[1:] == [
        f'"{bpo.item_id}","2026-02","",1250000.50,"",27000.00,2.375,6.50,12.25',
        f'"{bpo.item_id}","2026-03","",1.00,"","","","",""',
        f'"{ito.item_id}","2026-01",987654321098.54,"",1500.10,"","","",""',
        f'"{ito.item_id}","2026-02",-2500.75,"","","","","",""',
        f'"{ito.item_id}","2026-03",0.00,"","","","","",""',
    ]


def test_an_empty_programme_exports_the_header_alone(programme):
    assert actuals_csv(programme=programme).decode("utf-8-sig").splitlines() == [
        ",".join(f'"{name}"' for name in COLUMNS)
    ]
    sheet = load_workbook(io.BytesIO(actuals_xlsx(programme=programme))).active
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    assert sheet.max_row == 1


def test_no_exported_cell_can_become_a_formula_and_the_file_still_imports(programme):
    # Item ids are the app's own, but the export must not rely on it: give one a formula and a separator.
    bpo = programme.engagements.filter(kind="BPO").order_by("item_id").first()
    bpo.item_id = "=1+1;@SUM(1),-2+3"
    bpo.save(update_fields=["item_id"])
    _recorded(programme)
    before = _snapshot()
    content = actuals_csv(programme=programme)
    assert not unsafe_csv_cells(content)  # read with ",", ";" and tab
    assert "'=1+1;'@SUM(1),'-2+3" in csv_cells(content)
    workbook = actuals_xlsx(programme=programme)
    assert not unsafe_xlsx_cells(workbook)
    for name, data in (("a.csv", content), ("a.xlsx", workbook)):
        actuals_import(programme=programme, upload=SimpleUploadedFile(name, data))
        assert _snapshot() == before


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("programme_actuals_export_csv", "text/csv; charset=utf-8"),
        ("programme_actuals_export_xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_the_download_is_private_and_follows_the_access_rules(
    programme, consultant, administrator, other_consultant, client_for, name, content_type
):
    _recorded(programme)
    url = reverse(f"assessments:{name}", args=[programme.pk])
    response = client_for(consultant).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith(f'attachment; filename="actuals-programme-{programme.pk}-')
    assert {part.strip() for part in response["Cache-Control"].split(",")} == {"private", "no-store"}
    assert client_for(administrator).get(url).status_code == 200  # administrators read every organisation
    assert client_for(other_consultant).get(url).status_code == 404
    assert client_for(consultant).post(url).status_code == 405


def test_the_export_costs_the_same_queries_whatever_the_number_of_months(programme, consultant, client_for):
    client = client_for(consultant)
    url = reverse("assessments:programme_actuals_export_csv", args=[programme.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    ito = programme.engagements.filter(kind="ITO").first()
    actuals_record(programme=programme, rows=[(ito, month(0), {"realised_savings": Decimal(1)})], mail=False)
    few = queries()
    rows: list[tuple[Engagement, dt.date, dict[str, Decimal]]] = [
        (e, month(m), {}) for e in programme.engagements.all() for m in range(1, 13)
    ]
    actuals_record(programme=programme, rows=rows, mail=False)
    assert MonthlyActual.objects.count() > 12
    assert queries() == few


def test_the_programme_and_import_pages_link_the_downloads(programme, consultant, client_for):
    client = client_for(consultant)
    csv_url = reverse("assessments:programme_actuals_export_csv", args=[programme.pk])
    xlsx_url = reverse("assessments:programme_actuals_export_xlsx", args=[programme.pk])
    for page in ("programme_detail", "programme_actuals_import"):
        content = client.get(reverse(f"assessments:{page}", args=[programme.pk])).content.decode()
        assert f'href="{csv_url}"' in content, page
        assert f'href="{xlsx_url}"' in content, page
