"""A request body limit for the whole site (ASVS 5.0 V15: resource limits).

Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves file parts out, so without this an
anonymous client could stream a gigabyte to temporary disk before the CSRF check
answers 403. A body declared larger than REQUEST_MAX_BYTES is answered 413 before
anything reads it. (Under WSGI Django reads no more than the declared
Content-Length, so a body without one is read as empty.) The proxy in front should
enforce the same figure (README, deployment notes).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.REQUEST_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return HttpResponse(
                _("The request is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
