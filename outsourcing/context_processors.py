from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from assessments.organisations.selectors import user_role_flags


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    # Lazy: pages that never render the navigation pay no query for it.
    return {"nav": SimpleLazyObject(lambda: user_role_flags(user=user))}
