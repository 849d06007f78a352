"""Security middleware: Content-Security-Policy, privacy headers, session lifetime, second factor."""

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from outsourcing.http import OTPUser

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # plotly.js sets inline style attributes on the SVG it draws.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Every page, the Django admin included: its templates (Django 5.2) load scripts from files
        # and pass data in data- attributes and JSON blocks (tests/security/test_admin.py checks it).
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


# --- Privacy headers ------------------------------------------------------------------------------

# Features no page of the app uses, turned off for every origin (W3C Permissions Policy).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "browsing-topics",
    )
)
# Client financials must not stay in a browser's or a shared proxy's cache (ASVS 5.0 14.3.2).
PRIVATE_CACHE_CONTROL = "private, no-store"


class PrivacyHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: private, no-store` on every response
    to a signed-in user (pages, dashboards, board packs, exports, JSON).

    It sits before WhiteNoise, which answers static files without reaching the authentication
    middleware: those keep their own (long, public) cache lifetime.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            present = {part.split("=", 1)[0].strip().lower() for part in response.get("Cache-Control", "").split(",")}
            # Django's never_cache ("max-age=0, no-cache, no-store, must-revalidate, private") stays.
            if not {"private", "no-store"} <= present or "public" in present:
                response.headers["Cache-Control"] = PRIVATE_CACHE_CONTROL
            response.headers.pop("Expires", None)
        return response


# --- Session lifetime -----------------------------------------------------------------------------

SIGNED_IN_AT_KEY = "_signed_in_at"
LAST_ACTIVITY_KEY = "_last_activity_at"


def session_clocks_start(request: HttpRequest) -> None:
    """Start the absolute and idle clocks of a session that has just signed in (outsourcing/security/apps.py)."""
    now = int(time.time())
    request.session[SIGNED_IN_AT_KEY] = now
    request.session[LAST_ACTIVITY_KEY] = now


class SessionLifetimeMiddleware:
    """Signs a user out after `SESSION_IDLE_SECONDS` without a request or `SESSION_ABSOLUTE_SECONDS`
    after signing in (ASVS 5.0 7.3.1, 7.3.2).

    The idle clock is moved on at most every `SESSION_ACTIVITY_RESOLUTION_SECONDS`, which also
    saves the session and so pushes its database expiry (`SESSION_COOKIE_AGE`) forward. Place it
    after the authentication and message middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = int(time.time())
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT_KEY)
            last_activity = request.session.get(LAST_ACTIVITY_KEY, signed_in_at)
            expired = signed_in_at is not None and (
                now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS
                or now - last_activity > settings.SESSION_IDLE_SECONDS
            )
            if expired:
                logout(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
            elif last_activity is None or now - last_activity >= settings.SESSION_ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        response = self.get_response(request)
        # A session signed in before this middleware existed (new sign-ins are stamped at sign-in).
        if request.user.is_authenticated and SIGNED_IN_AT_KEY not in request.session:
            session_clocks_start(request)
        return response


# --- Two-factor sign-in ---------------------------------------------------------------------------

# Reachable with a password alone: signing in and out, the second-factor pages themselves, the
# language switch and the health check.
MFA_EXEMPT_VIEWS = frozenset(
    {
        "login",
        "logout",
        "mfa_verify",
        "mfa_setup",
        "set_language",
        "healthz",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


class MultiFactorMiddleware:
    """Sends a signed-in user who has not given a second factor in this session to the code page
    (if they have an authenticator) or to the set-up page (if they must have one and have not).

    Runs after django-otp's OTPMiddleware. A user who needs neither is remembered in the session
    for `SESSION_ACTIVITY_RESOLUTION_SECONDS`, so most requests cost no query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        from outsourcing.security.services import MFA_CHECK_KEY, mfa_sign_in_state

        user = request.user
        # A signed-in user: django-otp's OTPMiddleware, which runs before, gave it is_verified().
        if not user.is_authenticated or cast("OTPUser", user).is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in MFA_EXEMPT_VIEWS:
            return None
        now = int(time.time())
        checked_at = request.session.get(MFA_CHECK_KEY)
        if checked_at is not None and now - checked_at < settings.SESSION_ACTIVITY_RESOLUTION_SECONDS:
            return None
        enrolled, required = mfa_sign_in_state(user=user)
        if enrolled:
            target = "mfa_verify"
        elif required:
            target = "mfa_setup"
        else:
            request.session[MFA_CHECK_KEY] = now
            return None
        request.session.pop(MFA_CHECK_KEY, None)
        return redirect(f"{reverse(target)}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}")
