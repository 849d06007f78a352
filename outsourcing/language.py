"""Language switching that remembers the choice per user.

Django's LocaleMiddleware reads the language cookie, then the browser's
Accept-Language. We keep that mechanism and only make the cookie follow the user:
switching stores the choice on the user, and signing in sets the cookie from it.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from assessments.organisations.preferences import SUPPORTED_LANGUAGES, user_language_get, user_language_set


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # a str setting; Django accepts its values
    )


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in SUPPORTED_LANGUAGES:
        user_language_set(user=request.user, language=language)
    return response


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        language = user_language_get(user=form.get_user())
        if language:
            _set_language_cookie(response, language)
        return response
