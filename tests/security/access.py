"""Walking the project's URLconf: every named app URL, how to build it for an organisation,
and how to read a response as an access outcome. Shared by the access matrix, the CSRF
and the page-hygiene tests."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories.mfa import force_login_verified
from tests.security.conftest import Tenant

# Outcomes of one request.
OK = "ok"  # 2xx, or a redirect to a page other than sign-in
INVALID = "invalid"  # 400/409: the role may do this, the empty body was refused by validation
LOGIN = "login"  # redirect to the sign-in page
FORBIDDEN = "forbidden"  # 403
NOT_FOUND = "not_found"  # 404
METHOD = "method"  # 405
UNAUTHORISED = "unauthorised"  # 401: the API asks for credentials (a token or a session)
ALLOWED = frozenset({OK, INVALID})

ROLES = ("anonymous", "consultant", "manager", "administrator")
SIDES = ("own", "other")
METHODS = ("GET", "POST")

# Patterns left out of the walk: the Django admin has its own checks (test_admin.py); static
# and media files are not served by the URLconf outside DEBUG.
SKIPPED_PREFIXES = ("admin/", "static/", "media/")


def url_names() -> list[str]:
    """Every named URL of the project, namespace-qualified, outside the skipped prefixes."""
    names: set[str] = set()

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                if not pattern.name:
                    raise AssertionError(f"The URL pattern {route!r} has no name: name it and add it to the matrix.")
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns, "", "")
    return sorted(names)


# How to build each URL that takes arguments, for one organisation's objects.
# (kwargs, query string); a name missing here fails the matrix with a message.
UrlBuilder = Callable[[Tenant], tuple[dict[str, Any], dict[str, Any]]]


def _pk(attribute: str, key: str = "pk") -> UrlBuilder:
    return lambda tenant: ({key: getattr(tenant, attribute).pk}, {})


URL_ARGUMENTS: dict[str, UrlBuilder] = {
    "password_reset_confirm": lambda tenant: ({"uidb64": "MQ", "token": "no-such-token"}, {}),
    "providers:provider_detail": lambda tenant: ({"slug": tenant.provider.slug}, {}),
    "assessments:organisation_detail": _pk("organisation"),
    "organisation_mfa": _pk("organisation"),
    "assessments:organisation_edit": _pk("organisation"),
    "assessments:organisation_members": _pk("organisation"),
    "assessments:invitation_revoke": lambda tenant: (
        {"pk": tenant.organisation.pk, "invitation_pk": tenant.invitation.pk},
        {},
    ),
    "assessments:membership_remove": lambda tenant: (
        {"pk": tenant.organisation.pk, "membership_pk": tenant.consultant_membership.pk},
        {},
    ),
    "assessments:invitation_accept": lambda tenant: ({"token": "no-such-token"}, {}),
    "assessments:create": _pk("organisation", "organisation_pk"),
    # Capture steps work on a draft; reading, versions and roadmaps on the computed assessment.
    "assessments:parameters": _pk("draft"),
    "assessments:it_cost_areas": _pk("draft"),
    "assessments:business_functions": _pk("draft"),
    "assessments:review": _pk("draft"),
    "assessments:import": _pk("draft"),
    "assessments:import_confirm": _pk("draft"),
    "assessments:detail": _pk("computed"),
    "assessments:workbook": _pk("computed"),
    "assessments:sheet_csv": lambda tenant: ({"pk": tenant.computed.pk, "sheet": "it-cost-areas"}, {}),
    "assessments:versions": _pk("computed"),
    "assessments:version_create": _pk("computed"),
    "assessments:history": _pk("computed"),
    "assessments:roadmap_compute": _pk("computed"),
    "assessments:roadmap_status": _pk("roadmap"),
    "assessments:roadmap_status_json": _pk("roadmap"),
    "assessments:roadmap_retry": _pk("roadmap"),
    "assessments:roadmap_recompute": _pk("roadmap"),
    "assessments:roadmap_dashboard": _pk("roadmap"),
    "assessments:roadmap_board_pack": _pk("roadmap"),
    "assessments:roadmap_board_pack_pdf": _pk("roadmap"),
    "assessments:roadmap_decide": _pk("roadmap"),
    "assessments:scenario_create": _pk("roadmap"),
    "assessments:roadmap_export_xlsx": _pk("roadmap"),
    "assessments:roadmap_export_items_csv": _pk("roadmap"),
    "assessments:roadmap_export_cash_flow_csv": _pk("roadmap"),
    "assessments:roadmap_export_risk_csv": _pk("roadmap"),
    # Programmes: the tenant's approved roadmap under way.
    "assessments:programme_start": lambda tenant: ({"pk": tenant.programme.roadmap_id}, {}),
    "assessments:programme_detail": _pk("programme"),
    "assessments:programme_replan": _pk("programme"),
    "assessments:programme_notifications_read": _pk("programme"),
    "assessments:programme_engagement_edit": lambda tenant: (
        {"pk": tenant.programme.pk, "engagement_pk": tenant.engagement.pk},
        {},
    ),
    "assessments:programme_actuals": _pk("programme"),
    "assessments:programme_actuals_import": _pk("programme"),
    "assessments:programme_actuals_import_confirm": _pk("programme"),
    "assessments:programme_actuals_export_csv": _pk("programme"),
    "assessments:programme_actuals_export_xlsx": _pk("programme"),
    # The API: the same objects; a token id for revoking (only the user's own are ever revoked).
    "api:token_revoke": lambda tenant: ({"pk": 1}, {}),
    "api:organisation_detail": _pk("organisation"),
    "api:assessment_detail": _pk("computed"),
    "api:roadmap_detail": _pk("roadmap"),
    "api:programme_detail": _pk("programme"),
    "api:programme_actuals": _pk("programme"),
    # Takes its two roadmaps from the query string: the base roadmap and its scenario.
    "assessments:roadmap_compare": lambda tenant: ({}, {"a": tenant.roadmap.pk, "b": tenant.scenario.pk}),
}


def url_for(name: str, tenant: Tenant) -> str:
    builder = URL_ARGUMENTS.get(name)
    kwargs, query = builder(tenant) if builder else ({}, {})
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{urlencode(query)}" if query else url


def outcome(response: HttpResponse) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        return LOGIN if urlsplit(response["Location"]).path == reverse("login") else OK
    if 200 <= status < 300:
        return OK
    outcomes = {400: INVALID, 409: INVALID, 401: UNAUTHORISED, 403: FORBIDDEN, 404: NOT_FOUND, 405: METHOD}
    return outcomes.get(status, f"HTTP {status}")


def request_rolled_back(client: Any, method: str, url: str, **kwargs: Any) -> HttpResponse:
    """One request in a savepoint rolled back afterwards, with the client's cookies put back, so
    that a request that writes, signs out or switches the language does not change the next one."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = getattr(client, method.lower())(url, **kwargs)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def role_clients(*, consultant: Any, manager: Any, administrator: Any, enforce_csrf: bool = False) -> dict[str, Client]:
    """A client per role, signed in once (signing in is not what these tests measure)."""
    users = {"anonymous": None, "consultant": consultant, "manager": manager, "administrator": administrator}
    clients = {}
    for role, user in users.items():
        client = Client(enforce_csrf_checks=enforce_csrf)
        if user is not None:
            force_login_verified(client, user)  # staff give a second factor
        clients[role] = client
    return clients
