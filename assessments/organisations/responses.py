"""Responses every page shares when access is refused: the read-only page (403) and the 405 of
a write method on a page that only reads."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render

from assessments.models import Assessment, Organisation

SAFE_METHODS = ("GET", "HEAD")


def forbidden_response(
    request: HttpRequest, *, organisation: Organisation | None, role: str | None, assessment: Assessment | None = None
) -> HttpResponse:
    """The 403 page that says what the user's role can do instead."""
    context = {"organisation": organisation, "role": role, "assessment": assessment}
    return render(request, "assessments/forbidden.html", context, status=403)


def read_only_refusal(request: HttpRequest) -> HttpResponse | None:
    """405 for a write method on a page that only reads (ASVS 14.5.1: accept only the methods in use).

    Called after the tenancy look-up, so a foreign id stays a 404 whatever the method.
    """
    if request.method in SAFE_METHODS:
        return None
    return HttpResponseNotAllowed(SAFE_METHODS)
