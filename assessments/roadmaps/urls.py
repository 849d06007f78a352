"""URLs of the managers' pages (portfolio, dashboard, board pack, approval, scenarios, comparison,
exports), included into the `assessments` namespace by assessments/urls.py."""

from django.urls import path

from assessments.roadmaps import views

urlpatterns = [
    path("portfolio/", views.portfolio_view, name="portfolio"),
    path("notifications/", views.notifications_view, name="notifications"),
    path("glossary/", views.glossary_view, name="glossary"),
    path("roadmaps/compare/", views.roadmap_compare_view, name="roadmap_compare"),
    path("roadmaps/<int:pk>/dashboard/", views.roadmap_dashboard_view, name="roadmap_dashboard"),
    path("roadmaps/<int:pk>/board-pack/", views.roadmap_board_pack_view, name="roadmap_board_pack"),
    path("roadmaps/<int:pk>/board-pack.pdf", views.roadmap_board_pack_pdf_view, name="roadmap_board_pack_pdf"),
    path("roadmaps/<int:pk>/decide/", views.roadmap_decide_view, name="roadmap_decide"),
    path("roadmaps/<int:pk>/scenarios/new/", views.scenario_create_view, name="scenario_create"),
    path("roadmaps/<int:pk>/export/workbook.xlsx", views.roadmap_export_xlsx_view, name="roadmap_export_xlsx"),
    path("roadmaps/<int:pk>/export/items.csv", views.roadmap_export_items_csv_view, name="roadmap_export_items_csv"),
    path(
        "roadmaps/<int:pk>/export/cash-flow.csv",
        views.roadmap_export_cash_flow_csv_view,
        name="roadmap_export_cash_flow_csv",
    ),
    path("roadmaps/<int:pk>/export/risk.csv", views.roadmap_export_risk_csv_view, name="roadmap_export_risk_csv"),
]
