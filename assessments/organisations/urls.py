"""URLs of the organisation pages, included into the `assessments` namespace by assessments/urls.py."""

from django.urls import path

from assessments.organisations import views

urlpatterns = [
    path("organisations/", views.organisation_list_view, name="organisation_list"),
    path("organisations/new/", views.organisation_create_view, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail_view, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit_view, name="organisation_edit"),
    path("organisations/<int:pk>/members/", views.organisation_members_view, name="organisation_members"),
    path(
        "organisations/<int:pk>/members/<int:membership_pk>/remove/",
        views.membership_remove_view,
        name="membership_remove",
    ),
    path(
        "organisations/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
]
