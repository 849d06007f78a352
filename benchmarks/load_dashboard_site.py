"""Settings and URLconf of the dashboard load benchmark (benchmarks/load_dashboard.py) only.

The app's own settings and URLs, plus one bare view behind the same middleware, so the
benchmark measures what the dashboard adds to a request. The bare view exists only in this
module, which nothing but the benchmark's gunicorn loads: production never exposes it.

As a settings module it must not import anything that loads models at import time: hence no
decorators, and URL patterns built on first access (PEP 562 module `__getattr__`), once Django
is set up.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from outsourcing.settings import *  # noqa: F403 - this module is the app's settings plus one URL

ROOT_URLCONF = "load_dashboard_site"
handler403 = "outsourcing.views.permission_denied"
handler404 = "outsourcing.views.page_not_found"
handler500 = "outsourcing.views.server_error"


def bare(request: HttpRequest) -> HttpResponse:
    """Same session, authentication and middleware as the dashboard; no query of its own, no template."""
    if not request.user.is_authenticated:  # what login_required does, without importing it here
        return HttpResponseRedirect("/accounts/login/")
    return HttpResponse(b"ok", content_type="text/plain")


def __getattr__(name: str) -> Any:
    if name == "urlpatterns":
        from django.urls import include, path

        return [path("__bench__/bare/", bare, name="bench_bare"), path("", include("outsourcing.urls"))]
    raise AttributeError(name)
