"""URLs of the managers' pages, included into the `assessments` namespace by assessments/urls.py."""

from django.urls import path

from assessments.dashboards import views

urlpatterns = [
    path("portfolio/", views.portfolio, name="portfolio"),
    path("roadmaps/compare/", views.roadmap_compare, name="roadmap_compare"),
    path("roadmaps/<int:pk>/dashboard/", views.roadmap_dashboard, name="roadmap_dashboard"),
    path("roadmaps/<int:pk>/board-pack/", views.roadmap_board_pack, name="roadmap_board_pack"),
    path("roadmaps/<int:pk>/decide/", views.roadmap_decide, name="roadmap_decide"),
    path("roadmaps/<int:pk>/scenarios/new/", views.scenario_create, name="scenario_create"),
    path("roadmaps/<int:pk>/export/workbook.xlsx", views.roadmap_export_xlsx, name="roadmap_export_xlsx"),
    path("roadmaps/<int:pk>/export/items.csv", views.roadmap_export_items_csv, name="roadmap_export_items_csv"),
    path(
        "roadmaps/<int:pk>/export/cash-flow.csv",
        views.roadmap_export_cash_flow_csv,
        name="roadmap_export_cash_flow_csv",
    ),
]
