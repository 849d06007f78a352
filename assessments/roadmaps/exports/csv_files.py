"""The CSV downloads of a computed roadmap: its items, its cash flow by month and its risk.

Every text cell goes through `csv_cell` (formula injection: a name such as `=HYPERLINK(...)`
typed by someone must stay text in the reader's spreadsheet); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from assessments.roadmaps.exports.rows import (
    cash_flow_columns,
    cash_flow_rows,
    item_columns,
    item_row,
    risk_columns,
    risk_rows,
)
from assessments.roadmaps.presenter import RoadmapPresentation
from outsourcing.spreadsheets import csv_cell


def _csv(columns: list[tuple[str, str]], rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    # Every text cell quoted and neutralised for any separator (see outsourcing.spreadsheets.csv_cell).
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([csv_cell(header) for _key, header in columns])
    for row in rows:
        writer.writerow([csv_cell("" if row.get(key) is None else row.get(key)) for key, _header in columns])
    # A byte-order mark, so spreadsheet programs read the UTF-8 (Indonesian text, "–") correctly.
    return buffer.getvalue().encode("utf-8-sig")


def items_csv(*, view: RoadmapPresentation) -> bytes:
    return _csv(item_columns(), [item_row(item) for item in view.items])


def cash_flow_csv(*, view: RoadmapPresentation) -> bytes:
    return _csv(cash_flow_columns(), cash_flow_rows(view))


def risk_csv(*, view: RoadmapPresentation) -> bytes:
    """P10 / P50 / P90 of NPV, gate and payback beside the deterministic plan's figures, the
    probability and the tornado (each input's range in its own unit, the NPV at each end)."""
    return _csv(risk_columns(), risk_rows(view))
