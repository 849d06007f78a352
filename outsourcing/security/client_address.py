"""The real client address behind a known number of reverse proxies.

Each proxy that forwards a request appends the address it received it from to
X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`, HAProxy's `option forwardfor`), and
the nearest one is the request's REMOTE_ADDR. With N trusted proxies in front of the
application the client is therefore the N-th address from the right of X-Forwarded-For;
everything left of it was written by the client and may be forged (the "rightmost
trusted" rule, MDN's X-Forwarded-For reference, 2024). With no proxy (N = 0) the header is
ignored and REMOTE_ADDR is the client.

We do not use django-ipware here: its proxy count counts proxies *inside* the header, and
with a forged leading entry it answers with no address or the proxy's, which puts every
attacker back on the shared proxy address that this module exists to avoid.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address as text (IPv4 or IPv6), read past `settings.TRUSTED_PROXY_COUNT` proxies.

    A missing, short or malformed X-Forwarded-For falls back to REMOTE_ADDR, so a client can
    never choose an address of its own; the result is "" only when REMOTE_ADDR is missing too.
    """
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return _valid(forwarded[-proxies]) or remote
