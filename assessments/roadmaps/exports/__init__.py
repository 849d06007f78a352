"""A computed roadmap as files: an XLSX workbook for the board, CSVs of items, cash flow and risk.

One module a concept: `rows.py` (the columns and rows the files share), `csv_files.py` (the CSVs),
`workbook.py` (the XLSX sheets), `filenames.py` (what a download is called). Every text cell is
neutralised against formula injection (`outsourcing.spreadsheets`). The views reach these through
`pages_presenter.roadmap_download`.
"""

from assessments.roadmaps.exports.csv_files import cash_flow_csv, items_csv, risk_csv
from assessments.roadmaps.exports.filenames import export_filename
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
from assessments.roadmaps.exports.workbook import roadmap_workbook

__all__ = [
    "MONEY_KEYS",
    "cash_flow_columns",
    "cash_flow_csv",
    "cash_flow_rows",
    "cash_flow_totals",
    "export_filename",
    "item_columns",
    "item_row",
    "items_csv",
    "risk_columns",
    "risk_csv",
    "risk_rows",
    "roadmap_workbook",
]
