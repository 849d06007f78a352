"""Each uncertain input is shown in its own unit, and the risk exports carry the plan's own
gate month and payback beside the simulated ones (the tester's findings 5, 6 and 14a)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from assessments.roadmaps.charts import dashboard as charts
from assessments.roadmaps.risk_presenter import risk_build
from tests.factories.roadmaps import done_presentation_get, done_roadmap_for

pytestmark = pytest.mark.django_db


def _bars(*bars: tuple[str, str, float, float]) -> dict:
    return {
        "draws": 10,
        "probability_npv_positive": 0.5,
        "tornado": [
            {"kind": kind, "item_id": item, "low": low, "high": high, "npv_low": 1.0, "npv_high": 2.0}
            for kind, item, low, high in bars
        ],
    }


def test_each_input_range_is_written_in_its_own_unit():
    risk = _bars(
        ("severance_months", "", 6.375, 10.625),
        ("savings_fraction", "A1", 0.07, 0.28),
        ("transition_delay", "A1", 0, 2),
        ("governance_scale", "", 0.75, 1.25),
    )
    with translation.override("en"):
        built = risk_build(risk, names={"A1": "Compute"}, currency="IDR")
    assert built is not None
    shown = {bar["kind"]: (bar["label"], bar["range_shown"], bar["unit"]) for bar in built["tornado"]}
    assert shown["severance_months"] == ("Severance (months of wages)", "6.4 – 10.6 months", "months")
    assert shown["savings_fraction"] == ("Compute: savings", "7.0 % – 28.0 %", "fraction")
    assert shown["transition_delay"] == ("Compute: transition delay", "0 – 2 months", "months")
    assert shown["governance_scale"] == ("Governance cost (scale)", "× 0.75 – × 1.25", "scale")
    with translation.override("id"):
        built = risk_build(risk, names={"A1": "Compute"}, currency="IDR")
    assert built is not None
    assert built["tornado"][0]["range_shown"] == "6,4 – 10,6 bulan"
    assert built["tornado"][0]["label"] == "Pesangon (bulan upah)"


@pytest.fixture
def roadmap(organisation, consultant):
    return done_roadmap_for(organisation=organisation, author=consultant)


def test_dashboard_tornado_table_shows_severance_in_months(roadmap, manager, client_for):
    view = done_presentation_get(roadmap=roadmap)
    assert view.risk is not None
    severance = next(bar for bar in view.risk["tornado"] if bar["kind"] == "severance_months")
    table = {chart.id: chart for chart in charts.dashboard_charts(view)}["chart-risk-tornado"].table
    row = next(row for row in table.rows if row[0] == severance["label"])
    assert row[1].endswith(" months"), row[1]
    assert "%" not in row[1]
    client = client_for(manager)
    client.cookies["django_language"] = "id"
    page = client.get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk])).content.decode()
    assert "Pesangon (bulan upah)" in page
    assert "637,5 %" not in page
    assert "1.062,5 %" not in page


def _csv_rows(roadmap, client) -> list[dict[str, str]]:
    response = client.get(reverse("assessments:roadmap_export_risk_csv", args=[roadmap.pk]))
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_risk_csv_and_sheet_carry_the_plans_gate_and_payback(roadmap, manager, client_for):
    view = done_presentation_get(roadmap=roadmap)
    gate, payback = view.gate_month, view.kpis["payback_month"]
    assert gate, "the factory's plan reaches its gate"
    assert payback, "the factory's plan pays back"
    rows = {row["Figure"]: row for row in _csv_rows(roadmap, client_for(manager))}
    assert int(rows["BPO gate month, simulated"]["Deterministic plan"]) == gate
    assert int(rows["Payback month, simulated"]["Deterministic plan"]) == payback
    severance = rows["Tornado: Severance (months of wages)"]
    assert severance["Unit of the input"] == "months"
    assert view.risk is not None
    bar = next(bar for bar in view.risk["tornado"] if bar["kind"] == "severance_months")
    assert float(severance["Input at its low end"]) == pytest.approx(bar["low"])
    units = {row["Unit of the figure"] for row in rows.values()} | {row["Unit of the input"] for row in rows.values()}
    assert "0-1" not in units
    response = client_for(manager).get(reverse("assessments:roadmap_export_xlsx", args=[roadmap.pk]))
    sheet = load_workbook(io.BytesIO(response.content), data_only=True)["Risk"]
    table = list(sheet.iter_rows(min_row=3, values_only=True))
    header = list(table[0])
    plan = header.index("Deterministic plan")
    by_figure = {row[0]: row for row in table[1:] if row[0]}
    assert by_figure["BPO gate month, simulated"][plan] == gate
    assert by_figure["Payback month, simulated"][plan] == payback
    assert by_figure["Tornado: Severance (months of wages)"][header.index("Unit of the input")] == "months"
