"""What a session records when its user signs in (connected in apps.py)."""

from django.contrib.auth.models import User
from django.http import HttpRequest

from outsourcing.middleware import session_clocks_start
from outsourcing.security.services import mfa_session_precheck


def session_on_sign_in(sender: type, request: HttpRequest | None, user: User, **kwargs) -> None:
    """Start the idle and absolute clocks (SessionLifetimeMiddleware) and note whether a second factor
    is needed (MultiFactorMiddleware), so the first pages after signing in cost no extra query or write.

    Session bookkeeping only, like django-otp's own receiver of the same signal.
    """
    if request is None or not hasattr(request, "session"):
        return
    session_clocks_start(request)
    mfa_session_precheck(request=request, user=user)
