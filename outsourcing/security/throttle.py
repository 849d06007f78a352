"""Sign-in throttling on top of django-axes.

Axes locks a (username, address) pair after `AXES_FAILURE_LIMIT` failures. This handler adds
a second, separate limit per address across all usernames (`SIGNIN_ADDRESS_FAILURE_LIMIT`
failures within the cool-off time, default 20 in an hour), which stops one password being
sprayed over many accounts (ASVS 5.0 6.3.1) without letting five wrong passwords for one
username lock that user out from every other address.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def signin_address_failures(*, ip_address: str, request) -> int:
    """Failed sign-ins from `ip_address` within the cool-off window, whatever the username."""
    threshold = get_cool_off_threshold(request)
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=threshold).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


class AddressThrottlingHandler(AxesDatabaseHandler):
    """Axes' database handler plus a per-address limit across usernames."""

    def _address_locked(self, request) -> bool:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return False
        return signin_address_failures(ip_address=address, request=request) >= settings.SIGNIN_ADDRESS_FAILURE_LIMIT

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self._address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs) -> None:
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and self._address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
