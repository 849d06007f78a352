"""URLs of the roadmap pipeline (request, progress, retry), included into the `assessments`
namespace by assessments/urls.py."""

from django.urls import path

from assessments.roadmaps import pipeline_views as views

urlpatterns = [
    path("assessments/<int:pk>/roadmaps/compute/", views.roadmap_compute_view, name="roadmap_compute"),
    path("roadmaps/<int:pk>/", views.roadmap_status_view, name="roadmap_status"),
    path("roadmaps/<int:pk>/status.json", views.roadmap_status_json_view, name="roadmap_status_json"),
    path("roadmaps/<int:pk>/retry/", views.roadmap_retry_view, name="roadmap_retry"),
    path("roadmaps/<int:pk>/recompute/", views.roadmap_recompute_view, name="roadmap_recompute"),
]
