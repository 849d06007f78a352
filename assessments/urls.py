"""URLs of the `assessments` namespace: one module per sub-package, paths and names unchanged."""

from django.urls import include, path

app_name = "assessments"

urlpatterns = [
    path("", include("assessments.organisations.urls")),
    path("", include("assessments.capture.urls")),
    path("", include("assessments.roadmaps.urls")),
    path("", include("assessments.roadmaps.pipeline_urls")),
    path("", include("assessments.programmes.urls")),
]
