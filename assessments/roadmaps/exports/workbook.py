"""The board's XLSX workbook of a computed roadmap: summary, items, cash flow, shortlists,
assumptions with their sources and, when simulated, the risk.

Every text cell goes through `xlsx_cell` (formula injection). Numbers stay numbers, with a number
format, so the reader can add them up; totals are written as values computed here, not as
formulas, so they read the same in every program.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from assessments.models import Roadmap
from assessments.roadmaps import benchmark_bases, parameter_presenter, selectors
from assessments.roadmaps.decision_state import roadmap_decision_state
from assessments.roadmaps.exports.rows import (
    MONEY_KEYS,
    cash_flow_columns,
    cash_flow_rows,
    cash_flow_totals,
    item_columns,
    item_row,
    risk_columns,
    risk_rows,
)
from assessments.roadmaps.presenter import RoadmapPresentation
from assessments.roadmaps.rationale_labels import criterion_label
from outsourcing.spreadsheets import xlsx_cell

MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B5ED7")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)


def _header(sheet: Any, row: int, headers: list[str]) -> None:
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=column, value=xlsx_cell(str(header)))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _put(sheet: Any, row: int, column: int, value: Any, number_format: str | None = None) -> Any:
    if isinstance(value, str):
        value = xlsx_cell(value)
    cell = sheet.cell(row=row, column=column, value=value)
    if number_format and isinstance(value, int | float):
        cell.number_format = number_format
    return cell


def _widths(sheet: Any, widths: dict[int, int]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


def _summary_sheet(sheet: Any, roadmap: Roadmap, view: RoadmapPresentation) -> None:
    assessment = roadmap.assessment
    currency = view.currency
    sheet.title = _("Summary")[:31]
    _put(sheet, 1, 1, _("Outsourcing roadmap")).font = TITLE_FONT
    facts = [
        (_("Organisation"), assessment.organisation.name),
        (_("Assessment"), f"{assessment.title} (v{assessment.version})"),
        (_("Scenario"), roadmap.name or _("base roadmap")),
        (_("Currency"), currency),
        (
            _("Computed"),
            timezone.localtime(roadmap.finished_at).strftime("%Y-%m-%d %H:%M") if roadmap.finished_at else "",
        ),
        (_("Engine version"), view.engine_version),
        (_("Decision"), roadmap_decision_state(roadmap=roadmap).label),
        (_("Decided by"), selectors.decided_by_name(roadmap)),
        (
            _("Decided at"),
            timezone.localtime(roadmap.decided_at).strftime("%Y-%m-%d %H:%M") if roadmap.decided_at else "",
        ),
        (_("Decision comment"), roadmap.decision_comment),
    ]
    row = 3
    for label, value in facts:
        _put(sheet, row, 1, str(label)).font = BOLD
        _put(sheet, row, 2, str(value or ""))
        row += 1
    row += 1
    _header(
        sheet,
        row,
        [_("Key figure"), _("Typical (this roadmap)"), _("Low band"), _("High band"), _("Unit"), _("Meaning")],
    )
    for card in view.kpi_cards:
        row += 1
        unit = _("month") if card["is_month"] else currency
        number_format = None if card["is_month"] else MONEY_FORMAT
        _put(sheet, row, 1, str(card["label"]))
        _put(sheet, row, 2, card["value"], number_format)
        _put(sheet, row, 3, card["low"], number_format)
        _put(sheet, row, 4, card["high"], number_format)
        _put(sheet, row, 5, unit)
        _put(sheet, row, 6, str(card["help"]))
    row += 2
    _put(sheet, row, 1, _("BPO gate month")).font = BOLD
    _put(sheet, row, 2, view.gate_month)
    row += 1
    _put(sheet, row, 1, _("Why")).font = BOLD
    _put(sheet, row, 2, view.gate_reason).alignment = Alignment(wrap_text=True, vertical="top")
    for run in view.schedule:
        row += 1
        _put(sheet, row, 1, _("%(kind)s schedule") % {"kind": run["kind"]}).font = BOLD
        _put(sheet, row, 2, f"{run['status_label']} ({run['method_label']}), {_('gap')} {run['gap_shown']}")
    if view.npv_valuation is not None:
        row += 1
        _put(sheet, row, 1, _("NPV of the planned items over their terms")).font = BOLD
        _put(sheet, row, 2, view.npv_valuation, MONEY_FORMAT)
    if view.risk:
        row += 2
        _put(sheet, row, 1, _("Risk")).font = BOLD
        _put(sheet, row, 2, view.risk["sentence"])
        _header(sheet, row + 1, [_("Figure"), "P10", "P50", "P90", _("Unit")])
        row += 1
        for item in risk_rows(view)[:3]:
            if "p50" not in item:
                continue
            row += 1
            money = MONEY_FORMAT if "p50" in item.get("money", ()) else None
            _put(sheet, row, 1, item["figure"])
            _put(sheet, row, 2, item["p10"], money)
            _put(sheet, row, 3, item["p50"], money)
            _put(sheet, row, 4, item["p90"], money)
            _put(sheet, row, 5, item["unit"])
    row += 2
    _header(sheet, row, [_("Phase"), _("Start month"), _("End month"), _("Items")])
    for phase in view.phases:
        row += 1
        _put(sheet, row, 1, phase["kind"])
        _put(sheet, row, 2, phase["start_month"])
        _put(sheet, row, 3, phase["end_month"])
        _put(sheet, row, 4, len(phase["item_ids"]))
    _widths(sheet, {1: 34, 2: 24, 3: 20, 4: 20, 5: 10, 6: 70})


def _items_sheet(sheet: Any, view: RoadmapPresentation) -> None:
    columns = item_columns()
    _header(sheet, 1, [header for _key, header in columns])
    for row_number, item in enumerate(view.items, start=2):
        values = item_row(item)
        for column, (key, _header_text) in enumerate(columns, start=1):
            value = values.get(key)
            if key == "savings_fraction":
                _put(sheet, row_number, column, value, PERCENT_FORMAT)
            elif key in MONEY_KEYS:
                _put(sheet, row_number, column, value, MONEY_FORMAT)
            else:
                _put(sheet, row_number, column, value)
    total_row = len(view.items) + 3
    money_columns = {key: index for index, (key, _h) in enumerate(columns, start=1)}
    _put(sheet, total_row, 1, _("Run-rate of the recommended ITO items")).font = BOLD
    _put(sheet, total_row, money_columns["net_annual_savings"], _sum(view.ito_items), MONEY_FORMAT).font = BOLD
    _put(sheet, total_row + 1, 1, _("Run-rate of the recommended BPO items")).font = BOLD
    _put(sheet, total_row + 1, money_columns["net_annual_savings"], _sum(view.bpo_items), MONEY_FORMAT).font = BOLD
    sheet.freeze_panes = "E2"
    _widths(sheet, {1: 12, 2: 8, 3: 18, 4: 30, 5: 12, 6: 20, 7: 80})


def _sum(items: list[dict[str, Any]]) -> float:
    return round(sum(float(item["net_annual_savings"]) for item in items), 2)


def _cash_flow_sheet(sheet: Any, view: RoadmapPresentation) -> None:
    columns = cash_flow_columns()
    _header(sheet, 1, [header for _key, header in columns])
    rows = cash_flow_rows(view)
    for row_number, row in enumerate(rows, start=2):
        for column, (key, _h) in enumerate(columns, start=1):
            _put(sheet, row_number, column, row.get(key), None if key == "month" else MONEY_FORMAT)
    totals = cash_flow_totals(view)
    total_row = len(rows) + 2
    _put(sheet, total_row, 1, _("Total")).font = BOLD
    for column, (key, _h) in enumerate(columns, start=1):
        if key in totals:
            _put(sheet, total_row, column, totals[key], MONEY_FORMAT).font = BOLD
    sheet.freeze_panes = "B2"
    _widths(sheet, dict.fromkeys(range(1, len(columns) + 1), 20))


def _shortlists_sheet(sheet: Any, view: RoadmapPresentation) -> None:
    criteria = sorted({name for item in view.items for entry in item["shortlist"] for name in entry["criteria"]})
    _header(
        sheet,
        1,
        [
            _("Line id"),
            _("Capability"),
            _("Rank"),
            _("Provider id"),
            _("Provider"),
            _("TOPSIS closeness (0-1)"),
            _("Reason"),
        ]
        + [_("Criterion: %(name)s") % {"name": name} for name in criteria],
    )
    row = 1
    for item in view.items:
        for rank, entry in enumerate(item["shortlist"], start=1):
            row += 1
            values = [item["id"], item["label"], rank, entry["provider"], entry["provider_name"], entry["closeness"]]
            values += [entry["reason"]] + [entry["criteria"].get(name) for name in criteria]
            for column, value in enumerate(values, start=1):
                _put(sheet, row, column, value)
    _widths(sheet, {1: 12, 2: 30, 3: 6, 4: 24, 5: 30, 6: 12, 7: 70})


def _assumptions_sheet(sheet: Any, roadmap: Roadmap, view: RoadmapPresentation) -> None:
    inputs = selectors.roadmap_inputs_get(roadmap=roadmap)
    stored = inputs.get("parameters", {})
    parameters = parameter_presenter.parameters_effective(
        stored, result={"effective_parameters": view.effective_parameters}
    )
    _header(sheet, 1, [_("Parameter"), _("Value"), _("Set by"), _("Basis of the default value")])
    row = 1
    rows = parameter_presenter.parameter_rows(
        parameters, stored=set(stored), overridden=set(roadmap.parameter_overrides or {}), with_context=True
    )
    for parameter in rows:
        row += 1
        _put(sheet, row, 1, str(parameter["label"]))
        value = parameter["value"]
        number_format = PERCENT_FORMAT if parameter["key"] in parameter_presenter.PERCENT_PARAMETERS else None
        # A number stays a number; a band or a rule reads by its label, as on the dashboard.
        shown = (
            value
            if isinstance(value, int | float)
            else parameter_presenter.parameter_value_shown(parameter["key"], value)
        )
        _put(sheet, row, 2, shown, number_format)
        _put(sheet, row, 3, str(parameter["origin_label"]))
        _put(sheet, row, 4, str(parameter["source"]))
    row += 2
    _header(sheet, row, [_("Capability"), _("Benchmark figure"), _("Value"), _("Source")])
    names = {item["capability"]: item["name"] for item in view.items}
    for benchmark in selectors.benchmark_rows(inputs=inputs, capability_names=names):
        row += 1
        field = benchmark["field"]
        _put(sheet, row, 1, benchmark["name"])
        _put(sheet, row, 2, benchmark_bases.benchmark_field_label(field))
        value = benchmark_bases.benchmark_value_shown(field, benchmark["value"])
        _put(sheet, row, 3, value, PERCENT_FORMAT if field in benchmark_bases.FRACTION_FIELDS else None)
        source = benchmark_bases.benchmark_source(benchmark["source"])
        _put(sheet, row, 4, source).alignment = Alignment(wrap_text=True, vertical="top")
    row += 2
    weights = view.suitability_weights
    _header(sheet, row, [_("BPO suitability criterion"), _("Weight"), _("Source")])
    for name, weight in (weights.get("weights") or {}).items():
        row += 1
        _put(sheet, row, 1, capfirst(criterion_label(name)))
        _put(sheet, row, 2, weight)
        _put(sheet, row, 3, benchmark_bases.weights_source(weights.get("source", "")))
    if weights.get("consistency_ratio") is not None:
        row += 1
        _put(sheet, row, 1, _("AHP consistency ratio"))
        _put(sheet, row, 2, weights["consistency_ratio"])
    _widths(sheet, {1: 34, 2: 22, 3: 16, 4: 100})


def _risk_sheet(sheet: Any, view: RoadmapPresentation) -> None:
    """The Monte Carlo: percentiles, probability, tornado, then the NPV histogram."""
    risk = view.risk or {}
    _put(sheet, 1, 1, view.risk["sentence"] if view.risk else "").font = TITLE_FONT
    columns = risk_columns()
    _header(sheet, 3, [header for _key, header in columns])
    row = 3
    for item in risk_rows(view):
        row += 1
        money_keys = item.get("money", ())
        for column, (key, _header_text) in enumerate(columns, start=1):
            _put(sheet, row, column, item.get(key), MONEY_FORMAT if key in money_keys else None)
    row += 2
    _header(sheet, row, [_("NPV from"), _("NPV to"), _("Simulated futures")])
    hist = risk.get("npv_histogram") or {"edges": [], "counts": []}
    for k, count in enumerate(hist["counts"]):
        row += 1
        _put(sheet, row, 1, hist["edges"][k], MONEY_FORMAT)
        _put(sheet, row, 2, hist["edges"][k + 1], MONEY_FORMAT)
        _put(sheet, row, 3, count)
    _widths(sheet, {1: 48, 2: 20, 3: 20, 4: 20, 5: 22, 6: 18, 7: 14, 8: 30, 9: 16, 10: 16, 11: 30, 12: 22, 13: 22})


def roadmap_workbook(*, roadmap: Roadmap, view: RoadmapPresentation) -> bytes:
    """The board's workbook: summary, items, cash flow by month, shortlists, assumptions with sources."""
    workbook = Workbook()
    _summary_sheet(workbook.active, roadmap, view)
    _items_sheet(workbook.create_sheet(_("Items")[:31]), view)
    _cash_flow_sheet(workbook.create_sheet(_("Cash flow")[:31]), view)
    _shortlists_sheet(workbook.create_sheet(_("Shortlists")[:31]), view)
    _assumptions_sheet(workbook.create_sheet(_("Assumptions")[:31]), roadmap, view)
    if view.risk:
        _risk_sheet(workbook.create_sheet(_("Risk")[:31]), view)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
