from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assessments.organisations.views import home
from outsourcing import views
from outsourcing.language import LoginView, language_switch
from outsourcing.security import urls as security_urls
from outsourcing.security.views import PasswordResetConfirmView

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", language_switch, name="set_language"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("", include(security_urls)),
    path("catalogue/", include("providers.urls")),
    path("api/", include("api.urls")),
    path("", include("assessments.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "outsourcing.views.permission_denied"
handler404 = "outsourcing.views.page_not_found"
handler500 = "outsourcing.views.server_error"
