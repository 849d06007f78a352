"""Exports of a roadmap: the XLSX workbook and the CSVs of items and cash flow."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Decision
from assessments.roadmaps.presenter import COST_COLUMN_LABELS
from assessments.roadmaps.rationale import item_rationale
from providers.models import Capability
from tests.factories.roadmaps import done_roadmap_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap(organisation, consultant):
    return done_roadmap_for(organisation=organisation, author=consultant)


def _workbook(client, roadmap):
    response = client.get(reverse("assessments:roadmap_export_xlsx", args=[roadmap.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"roadmap-{roadmap.pk}.xlsx" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content), data_only=True)


def _rows(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(values_only=True) if any(cell is not None for cell in row)]


def _row_starting(sheet, label: str) -> tuple:
    return next(row for row in sheet.iter_rows(values_only=True) if row[0] == label)


def test_workbook_opens_and_its_totals_match_the_roadmap(roadmap, manager, client_for):
    workbook = _workbook(client_for(manager), roadmap)
    assert workbook.sheetnames == ["Summary", "Items", "Cash flow", "Shortlists", "Assumptions", "Risk"]
    result = roadmap.result

    summary = workbook["Summary"]
    npv = _row_starting(summary, "Net present value")
    assert npv[1] == pytest.approx(float(roadmap.npv))
    assert npv[2] == pytest.approx(result["scenarios"]["low"]["npv"])
    assert npv[3] == pytest.approx(result["scenarios"]["high"]["npv"])
    assert _row_starting(summary, "Payback month")[1] == roadmap.payback_month
    assert _row_starting(summary, "BPO gate month")[1] == result["gate_month"]
    assert _row_starting(summary, "Organisation")[1] == roadmap.assessment.organisation.name

    items = workbook["Items"]
    header = _rows(items)[0]
    body = [row for row in _rows(items)[1:] if row[0] and str(row[0]).startswith(("it-", "bf-"))]
    assert len(body) == len(result["items"])
    savings = header.index("Net annual savings or benefit")
    included = header.index("Recommended")
    kind = header.index("Phase")
    ito_total = sum(row[savings] for row in body if row[kind] == "ITO" and row[included] == "yes")
    bpo_total = sum(row[savings] for row in body if row[kind] == "BPO" and row[included] == "yes")
    assert ito_total == pytest.approx(float(roadmap.run_rate_ito), abs=0.05)
    assert bpo_total == pytest.approx(float(roadmap.run_rate_bpo), abs=0.05)
    assert _row_starting(items, "Run-rate of the recommended ITO items")[savings] == pytest.approx(ito_total)

    cash_flow = workbook["Cash flow"]
    months = [row for row in _rows(cash_flow)[1:] if isinstance(row[0], int)]
    assert len(months) == len(result["cash_flow"])
    cash_header = _rows(cash_flow)[0]
    net, cumulative = cash_header.index("Net"), cash_header.index("Cumulative")
    total = _row_starting(cash_flow, "Total")
    assert total[net] == pytest.approx(sum(row[net] for row in months), abs=0.01)
    # Each month is rounded to cents, so the total may differ from the final cumulative by the rounding.
    assert total[net] == pytest.approx(months[-1][cumulative], abs=0.005 * len(months))

    shortlists = workbook["Shortlists"]
    assert len(_rows(shortlists)) - 1 == sum(len(item["shortlist"]) for item in result["items"])


def test_workbook_lists_parameters_and_benchmarks_with_their_sources(roadmap, manager, client_for):
    sheet = _workbook(client_for(manager), roadmap)["Assumptions"]
    rows = _rows(sheet)
    gate = next(row for row in rows if row[0] == "BPO gate: share of planned ITO savings realised")
    assert gate[1] == pytest.approx(0.5)
    assert gate[2] == "set in the assessment"
    assert "one half of the planned ITO run-rate" in gate[3]
    governance = next(row for row in rows if row[0] == "Retained governance (share of contract value)")
    assert governance[2] == "engine default"
    assert "Barthélemy 2001" in governance[3]
    savings = [row for row in rows if row[1] == "Savings, typical"]
    assert {row[0] for row in savings} >= {"Compute", "Payroll"}
    assert all(row[3] for row in savings)  # every benchmark figure has a source
    assert any("TPI" in row[3] for row in savings)


def test_workbook_records_the_decision(roadmap, manager, client_for):
    from assessments.roadmaps.services import roadmap_decide

    roadmap_decide(roadmap=roadmap, user=manager, decision=Decision.APPROVED, comment="=cmd|' /C calc'!A0")
    summary = _workbook(client_for(manager), roadmap)["Summary"]
    assert _row_starting(summary, "Decision")[1] == "Approved"
    assert _row_starting(summary, "Decided by")[1] == manager.get_username()
    # A comment that looks like a formula stays text.
    assert _row_starting(summary, "Decision comment")[1] == "'=cmd|' /C calc'!A0"


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_items_csv_has_every_item_and_neutralises_formulas(organisation, manager, client_for):
    roadmap = done_roadmap_for(organisation=organisation)
    Capability.objects.filter(code="compute").update(name='=HYPERLINK("http://evil")')
    rows = _csv(client_for(manager).get(reverse("assessments:roadmap_export_items_csv", args=[roadmap.pk])))
    header, body = rows[0], rows[1:]
    assert roadmap.result is not None
    assert len(body) == len(roadmap.result["items"])
    label = header.index("Capability")
    compute = next(row for row in body if row[header.index("Capability code")] == "compute")
    assert compute[label] == '\'=HYPERLINK("http://evil")'
    assert all(not cell.startswith(("=", "+", "@")) for row in body for cell in row)
    rationale = header.index("Rationale")
    first = roadmap.result["items"][0]
    assert compute[rationale] == item_rationale(first, currency=roadmap.result["currency"])


def test_cash_flow_csv_has_one_row_per_month(roadmap, consultant, client_for):
    rows = _csv(client_for(consultant).get(reverse("assessments:roadmap_export_cash_flow_csv", args=[roadmap.pk])))
    header, body = rows[0], rows[1:]
    # Each named cost of the business case is its own column, between the one-offs and the net.
    costs = [str(label) for label in COST_COLUMN_LABELS.values()]
    assert header[: 6 + len(costs)] == [
        "Month",
        "ITO savings",
        "BPO benefit",
        "One-off costs",
        *costs,
        "Net",
        "Cumulative",
    ]
    assert "Severance" in costs
    assert "Irrecoverable VAT" in costs
    assert len(body) == len(roadmap.result["cash_flow"])
    net, cumulative = header.index("Net"), header.index("Cumulative")
    assert float(body[-1][cumulative]) == pytest.approx(roadmap.result["cash_flow"][-1]["cumulative"])
    # Negative amounts are numbers, not neutralised text.
    assert body[0][net].startswith("-")
    # The columns are the engine's: month by month they add up to the net.
    severance = header.index("Severance")
    engine_severance = [row["severance"] for row in roadmap.result["cash_flow"]]
    assert [float(row[severance]) for row in body] == pytest.approx(engine_severance)
    assert sum(engine_severance) > 0  # the factory's BPO lines release FTEs


def test_exports_are_404_for_other_organisations(roadmap, other_consultant, client_for):
    client = client_for(other_consultant)
    for name in ("roadmap_export_xlsx", "roadmap_export_items_csv", "roadmap_export_cash_flow_csv"):
        assert client.get(reverse(f"assessments:{name}", args=[roadmap.pk])).status_code == 404
