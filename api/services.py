"""Writes of the API app: a user's tokens created and revoked (the token format: api.tokens)."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken
from api.tokens import MAX_ACTIVE_TOKENS, token_digest


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`: the stored row and the plaintext token (shown once, never stored).

    Raises ValueError when the user already holds MAX_ACTIVE_TOKENS active tokens."""
    if ApiToken.objects.filter(user=user, revoked_at=None).count() >= MAX_ACTIVE_TOKENS:
        raise ValueError(_("Revoke a token first: at most %(count)d can be active.") % {"count": MAX_ACTIVE_TOKENS})
    prefix = secrets.token_hex(4)
    token = f"sn_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiToken.objects.create(user=user, name=name.strip() or "API", prefix=prefix, digest=token_digest(token))
    return row, token


def token_revoke(*, user: User, pk: int) -> bool:
    """Revoke one of the user's own tokens; False when the user holds no such active token."""
    return bool(ApiToken.objects.filter(user=user, pk=pk, revoked_at=None).update(revoked_at=timezone.now()))
