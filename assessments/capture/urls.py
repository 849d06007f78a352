from django.urls import path

from assessments.capture import views

urlpatterns = [
    path(
        "organisations/<int:organisation_pk>/assessments/new/",
        views.assessment_create_view,
        name="create",
    ),
    path("assessments/", views.assessment_list_view, name="list"),
    path("assessments/<int:pk>/", views.assessment_detail_view, name="detail"),
    path("assessments/<int:pk>/edit/parameters/", views.assessment_parameters_view, name="parameters"),
    path("assessments/<int:pk>/edit/it-cost-areas/", views.assessment_it_cost_areas_view, name="it_cost_areas"),
    path(
        "assessments/<int:pk>/edit/business-functions/",
        views.assessment_business_functions_view,
        name="business_functions",
    ),
    path("assessments/<int:pk>/edit/review/", views.assessment_review_view, name="review"),
    path("assessments/<int:pk>/edit/import/", views.assessment_import_view, name="import"),
    path("assessments/<int:pk>/edit/import/confirm/", views.assessment_import_confirm_view, name="import_confirm"),
    path("assessments/<int:pk>/workbook.xlsx", views.assessment_workbook_view, name="workbook"),
    path("assessments/<int:pk>/sheets/<slug:sheet>.csv", views.assessment_csv_view, name="sheet_csv"),
    path("assessments/<int:pk>/versions/", views.assessment_versions_view, name="versions"),
    path("assessments/<int:pk>/versions/new/", views.assessment_version_create_view, name="version_create"),
    path("assessments/<int:pk>/history/", views.assessment_history_view, name="history"),
]
