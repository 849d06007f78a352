from django.urls import path

from outsourcing.security import views

urlpatterns = [
    path("accounts/two-factor/", views.mfa_setup_view, name="mfa_setup"),
    path("accounts/two-factor/verify/", views.mfa_verify_view, name="mfa_verify"),
    path("accounts/two-factor/recovery-codes/", views.mfa_recovery_codes_view, name="mfa_recovery_codes"),
    path("accounts/two-factor/disable/", views.mfa_disable_view, name="mfa_disable"),
    path("organisations/<int:pk>/two-factor/", views.organisation_mfa_view, name="organisation_mfa"),
]
