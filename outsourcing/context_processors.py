from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from assessments.organisations.selectors import user_role_flags

# The navigation entry a page belongs to, by the start of its path (longest first); "/" only exactly.
NAV_SECTIONS: tuple[tuple[str, str], ...] = (
    ("/notifications/", "notifications"),
    ("/organisations/", "organisations"),
    ("/assessments/", "assessments"),
    ("/programmes/", "programmes"),
    ("/portfolio/", "portfolio"),
    ("/roadmaps/", "portfolio"),
    ("/catalogue/", "catalogue"),
    ("/admin/", "admin"),
)


def nav_section(path: str) -> str:
    """The name of the navigation entry `path` belongs to ("" for none), for aria-current="page"."""
    if path == "/":
        return "home"
    return next((section for prefix, section in NAV_SECTIONS if path.startswith(prefix)), "")


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    # Lazy: pages that never render the navigation pay no query for it.
    return {"nav": SimpleLazyObject(lambda: user_role_flags(user=user)), "nav_section": nav_section(request.path)}
