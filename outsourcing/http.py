"""The request type of the pages behind `login_required`, for the type checker.

django-stubs types `HttpRequest.user` as `User | AnonymousUser`; a view decorated with
`login_required` only ever runs for a signed-in user, so it annotates its request as
`AuthenticatedHttpRequest` (the pattern django-stubs documents) and passes `request.user` to
services that take a `User`. django-otp's `OTPMiddleware` (in every request's middleware) gives
that user `otp_device` and `is_verified()`, which `OTPUser` declares.

Nothing here changes what runs: the classes only describe what Django already hands a view.
"""

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.http import HttpRequest

if TYPE_CHECKING:

    class OTPUser(User):
        """A signed-in `User` as django-otp's middleware leaves it (typing only, never created)."""

        otp_device: Any

        class Meta:
            proxy = True

        def is_verified(self) -> bool: ...

else:
    OTPUser = User


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user is signed in (views behind `login_required`)."""

    user: OTPUser
