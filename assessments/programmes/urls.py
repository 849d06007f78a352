"""URLs of the programme pages, included into the `assessments` namespace."""

from django.urls import path

from assessments.programmes import views

urlpatterns = [
    path("programmes/", views.programme_list_view, name="programme_list"),
    path("roadmaps/<int:pk>/programme/start/", views.programme_start_view, name="programme_start"),
    path("programmes/<int:pk>/", views.programme_detail_view, name="programme_detail"),
    path("programmes/<int:pk>/replan/", views.programme_replan_view, name="programme_replan"),
    path("programmes/<int:pk>/notifications/read/", views.notifications_read_view, name="programme_notifications_read"),
    path(
        "programmes/<int:pk>/engagements/<int:engagement_pk>/",
        views.engagement_edit_view,
        name="programme_engagement_edit",
    ),
    path("programmes/<int:pk>/actuals/", views.actuals_month_view, name="programme_actuals"),
    path("programmes/<int:pk>/actuals/import/", views.actuals_import_view, name="programme_actuals_import"),
    path("programmes/<int:pk>/actuals/export.csv", views.actuals_export_csv_view, name="programme_actuals_export_csv"),
    path(
        "programmes/<int:pk>/actuals/export.xlsx", views.actuals_export_xlsx_view, name="programme_actuals_export_xlsx"
    ),
    path(
        "programmes/<int:pk>/actuals/import/confirm/",
        views.actuals_import_confirm_view,
        name="programme_actuals_import_confirm",
    ),
]
