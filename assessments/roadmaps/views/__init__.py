"""Managers' pages, one module per page group: the dashboard, the board pack, decisions (approval and
scenarios), the comparison, the portfolio, the glossary, notifications and the downloads.

Thin: each view fetches through `assessments.organisations.access` or a scoped selector (404 for
other tenants), validates a form where there is input, calls a service for writes and a presenter
(`pages_presenter.py`) for what the page shows. `common.py` holds what they share.
"""

from assessments.roadmaps.views.boardpack import roadmap_board_pack_pdf_view, roadmap_board_pack_view
from assessments.roadmaps.views.comparison import roadmap_compare_view
from assessments.roadmaps.views.dashboard import roadmap_dashboard_view
from assessments.roadmaps.views.decisions import roadmap_decide_view, scenario_create_view
from assessments.roadmaps.views.downloads import (
    roadmap_export_cash_flow_csv_view,
    roadmap_export_items_csv_view,
    roadmap_export_risk_csv_view,
    roadmap_export_xlsx_view,
)
from assessments.roadmaps.views.glossary import glossary_view
from assessments.roadmaps.views.notifications import notifications_view
from assessments.roadmaps.views.portfolio import portfolio_view

__all__ = [
    "glossary_view",
    "notifications_view",
    "portfolio_view",
    "roadmap_board_pack_pdf_view",
    "roadmap_board_pack_view",
    "roadmap_compare_view",
    "roadmap_dashboard_view",
    "roadmap_decide_view",
    "roadmap_export_cash_flow_csv_view",
    "roadmap_export_items_csv_view",
    "roadmap_export_risk_csv_view",
    "roadmap_export_xlsx_view",
    "scenario_create_view",
]
