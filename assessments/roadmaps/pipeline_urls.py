"""URLs of the roadmap pipeline (request, progress, retry), included into the `assessments`
namespace by assessments/urls.py."""

from django.urls import path

from assessments import roadmap_views

urlpatterns = [
    path("assessments/<int:pk>/roadmaps/compute/", roadmap_views.roadmap_compute, name="roadmap_compute"),
    path("roadmaps/<int:pk>/", roadmap_views.roadmap_status, name="roadmap_status"),
    path("roadmaps/<int:pk>/status.json", roadmap_views.roadmap_status_json, name="roadmap_status_json"),
    path("roadmaps/<int:pk>/retry/", roadmap_views.roadmap_retry, name="roadmap_retry"),
]
