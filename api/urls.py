"""API routes under /api/ (namespace `api`)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", views.tokens_view, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("v1/organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("v1/organisations/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("v1/assessments/", views.AssessmentListView.as_view(), name="assessment_list"),
    path("v1/assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("v1/roadmaps/<int:pk>/", views.RoadmapDetailView.as_view(), name="roadmap_detail"),
    path("v1/programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("v1/programmes/<int:pk>/actuals/", views.ProgrammeActualsView.as_view(), name="programme_actuals"),
]
