"""Hashed API tokens: the stored digest and a DRF authentication class (creating and revoking: api.services).

A token reads `sn_<prefix>_<secret>`: 8 random hex characters of prefix (stored, to find the row)
and 43 URL-safe characters of secret (256 bits from `secrets`). Only SHA-256 of the whole token is
stored: a token of that entropy needs no slow hash (a leaked table reveals no usable token).
Clients send `Authorization: Token <token>` (or `Bearer <token>`).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import ApiToken

KEYWORDS = (b"token", b"bearer")
MAX_ACTIVE_TOKENS = 20


def token_digest(token: str) -> str:
    """SHA-256 of the whole token, hex: the only form in which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_user(token: str) -> User | None:
    """The active user the token belongs to, else None (constant-time digest comparison)."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "sn":
        return None
    row = ApiToken.objects.select_related("user").filter(prefix=parts[1], revoked_at=None).first()
    if row is None or not hmac.compare_digest(row.digest, token_digest(token)) or not row.user.is_active:
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
