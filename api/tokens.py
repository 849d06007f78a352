"""Hashed API tokens: create, revoke, and a DRF authentication class.

A token reads `sn_<prefix>_<secret>`: 8 random hex characters of prefix (stored, to find the row)
and 43 URL-safe characters of secret (256 bits from `secrets`). Only SHA-256 of the whole token is
stored: a token of that entropy needs no slow hash (a leaked table reveals no usable token).
Clients send `Authorization: Token <token>` (or `Bearer <token>`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import ApiToken

KEYWORDS = (b"token", b"bearer")
MAX_ACTIVE_TOKENS = 20


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`: the stored row and the plaintext token (shown once, never stored).

    Raises ValueError when the user already holds MAX_ACTIVE_TOKENS active tokens."""
    if ApiToken.objects.filter(user=user, revoked_at=None).count() >= MAX_ACTIVE_TOKENS:
        raise ValueError(_("Revoke a token first: at most %(count)d can be active.") % {"count": MAX_ACTIVE_TOKENS})
    prefix = secrets.token_hex(4)
    token = f"sn_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiToken.objects.create(user=user, name=name.strip() or "API", prefix=prefix, digest=_digest(token))
    return row, token


def token_revoke(*, user: User, pk: int) -> bool:
    """Revoke one of the user's own tokens; False when the user holds no such active token."""
    return bool(ApiToken.objects.filter(user=user, pk=pk, revoked_at=None).update(revoked_at=timezone.now()))


def token_user(token: str) -> User | None:
    """The active user the token belongs to, else None (constant-time digest comparison)."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "sn":
        return None
    row = ApiToken.objects.select_related("user").filter(prefix=parts[1], revoked_at=None).first()
    if row is None or not hmac.compare_digest(row.digest, _digest(token)) or not row.user.is_active:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user


class HashedTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <token>` against ApiToken digests."""

    def authenticate(self, request: Any) -> tuple[User, None] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header: give one token after the keyword."))
        try:
            token = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        user = token_user(token)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        return user, None

    def authenticate_header(self, request: Any) -> str:
        return "Token"
