from django.urls import path

from providers import views

app_name = "providers"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:slug>/", views.provider_detail, name="provider_detail"),
]
