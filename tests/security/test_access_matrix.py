"""Access matrix (ASVS 5.0 8.2.1, 8.2.2, 8.4.1; ASVS 4.0.3 V4.1.1, V4.1.3, V4.2.1): every URL of the project ×
every role × the user's own organisation and another one × GET and POST.

The table below is the whole policy in one place. Each cell reads "<GET> <POST>":

    ok         2xx, or a redirect to a page other than sign-in
    invalid    400/409: the role may do this; the empty body was refused by validation
    login      redirect to the sign-in page
    forbidden  403 (a member whose role may not do this, or an administrator: read-only)
    not_found  404 (another organisation's object: its existence is not revealed)
    method     405

Keys are "<role>/own" and "<role>/other" (the URL points at the user's organisation or at
another one); a bare "<role>" covers both. Administrators are staff without a membership:
they read every organisation and change none (they curate the catalogue in the admin).

POSTs send an empty body: the point is authorisation, not validation. A cell that is not
allowed must also leave the database as it was (`database_fingerprint`).
"""

from __future__ import annotations

import copy

from django.db import transaction
from django.test import Client

from tests.security.access import (
    ALLOWED,
    METHODS,
    ROLES,
    SIDES,
    URL_ARGUMENTS,
    outcome,
    role_clients,
    url_for,
    url_names,
)
from tests.security.conftest import database_fingerprint


def everyone(anonymous: str, member: str) -> dict[str, str]:
    """A page of the same kind for every role and both organisations."""
    return {"anonymous": anonymous, "consultant": member, "manager": member, "administrator": member}


def signed_in(page: str, anonymous_post: str = "login") -> dict[str, str]:
    """A page every signed-in user reaches alike (lists, catalogue); anonymous users sign in first."""
    return everyone(f"login {anonymous_post}", page)


MATRIX: dict[str, dict[str, str]] = {
    # --- Public and account pages -----------------------------------------------------
    "healthz": everyone("ok method", "ok method"),
    "favicon": everyone("ok method", "ok method"),  # a redirect to the static icon
    "set_language": everyone("method ok", "method ok"),
    "login": everyone("ok ok", "ok ok"),  # signed-in users are sent home
    "logout": everyone("method login", "method login"),  # POST signs out, then the sign-in page
    "password_change": everyone("login login", "ok ok"),
    "password_change_done": everyone("login login", "ok method"),
    "password_reset": everyone("ok ok", "ok ok"),
    "password_reset_done": everyone("ok method", "ok method"),
    "password_reset_confirm": everyone("ok ok", "ok ok"),  # an invalid link: the page says so
    "password_reset_complete": everyone("ok method", "ok method"),
    # Two-factor sign-in: every signed-in user's own set-up; an empty code is re-shown (400).
    "mfa_setup": everyone("login login", "ok ok"),
    "mfa_verify": everyone("login login", "ok ok"),  # without an authenticator: sent on
    "mfa_recovery_codes": everyone("login login", "method ok"),  # none to renew: back to set-up
    "mfa_disable": everyone("login login", "method ok"),
    # --- Pages of every signed-in user ---------------------------------------------------
    "home": signed_in("ok method"),
    "assessments:organisation_list": signed_in("ok method"),
    "assessments:list": signed_in("ok method"),
    "assessments:portfolio": signed_in("ok method"),
    "assessments:programme_list": signed_in("ok method"),
    # Each user's own notices; nothing of another user is reachable through it.
    "assessments:notifications": signed_in("ok method"),
    "assessments:glossary": signed_in("ok method"),
    # The catalogue is shared reference data; its views check the method before the sign-in.
    "providers:catalogue": signed_in("ok method", anonymous_post="method"),
    "providers:provider_detail": signed_in("ok method", anonymous_post="method"),
    # --- Organisations ------------------------------------------------------------------
    "assessments:organisation_create": {
        "anonymous": "login login",
        "consultant": "ok ok",
        "manager": "forbidden forbidden",
        "administrator": "forbidden forbidden",
    },
    "assessments:organisation_detail": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    # The team: every member reads it; consultants and managers invite (an empty form: 400) and
    # revoke invitations; only managers remove members.
    "assessments:organisation_members": {
        "anonymous": "login login",
        "consultant/own": "ok invalid",
        "manager/own": "ok invalid",
        "administrator": "ok forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:invitation_revoke": {
        "anonymous": "login login",
        "consultant/own": "method ok",
        "manager/own": "method ok",
        "administrator": "method forbidden",
        "consultant/other": "method not_found",
        "manager/other": "method not_found",
    },
    "assessments:membership_remove": {  # the tenant's consultant's membership
        "anonymous": "login login",
        "consultant/own": "method forbidden",
        "manager/own": "method ok",
        "administrator": "method forbidden",
        "consultant/other": "method not_found",
        "manager/other": "method not_found",
    },
    # The invitation link works without signing in; an unknown (or used) token is a 404 for everyone.
    "assessments:invitation_accept": everyone("not_found not_found", "not_found not_found"),
    # Only the organisation's managers require (or stop requiring) a second factor of its members.
    "organisation_mfa": {
        "anonymous": "login login",
        "consultant/own": "method forbidden",
        "manager/own": "method ok",
        "administrator": "method forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:organisation_edit": {
        "anonymous": "login login",
        "consultant/own": "ok ok",
        "manager/own": "forbidden forbidden",
        "administrator": "forbidden forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    # --- Assessment capture (a draft): consultants of the organisation only -----------------
    "assessments:create": {
        "anonymous": "login login",
        "consultant/own": "ok ok",
        "manager/own": "forbidden forbidden",
        "administrator": "forbidden forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:parameters": {
        "anonymous": "login login",
        "consultant/own": "ok ok",
        "manager/own": "forbidden forbidden",
        "administrator": "forbidden forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:it_cost_areas": {
        "anonymous": "login login",
        "consultant/own": "ok invalid",
        "manager/own": "forbidden forbidden",
        "administrator": "forbidden forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:business_functions": {
        "anonymous": "login login",
        "consultant/own": "ok invalid",
        "manager/own": "forbidden forbidden",
        "administrator": "forbidden forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:review": {
        "anonymous": "login login",
        "consultant/own": "ok ok",
        "manager/own": "forbidden forbidden",
        "administrator": "forbidden forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:import": {
        "anonymous": "login login",
        "consultant/own": "ok invalid",
        "manager/own": "forbidden forbidden",
        "administrator": "forbidden forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:import_confirm": {
        "anonymous": "login login",
        "consultant/own": "method ok",  # without a preview token: back to the upload page
        "manager/own": "forbidden forbidden",
        "administrator": "forbidden forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    # --- Reading an assessment (the computed one) --------------------------------------------
    "assessments:detail": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:workbook": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:sheet_csv": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:versions": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:history": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:version_create": {
        "anonymous": "login login",
        "consultant/own": "method ok",
        "manager/own": "method forbidden",
        "administrator": "method forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    # --- Roadmap pipeline: consultants request and retry; everyone of the organisation follows --
    "assessments:roadmap_compute": {
        "anonymous": "login login",
        "consultant/own": "method ok",
        "manager/own": "method forbidden",
        "administrator": "method forbidden",
        "consultant/other": "method not_found",
        "manager/other": "method not_found",
    },
    "assessments:roadmap_retry": {
        "anonymous": "login login",
        "consultant/own": "method ok",
        "manager/own": "method forbidden",
        "administrator": "method forbidden",
        "consultant/other": "method not_found",
        "manager/other": "method not_found",
    },
    # Recompute a roadmap kept from an earlier engine: a consultant's request, like a retry.
    "assessments:roadmap_recompute": {
        "anonymous": "login login",
        "consultant/own": "method ok",
        "manager/own": "method forbidden",
        "administrator": "method forbidden",
        "consultant/other": "method not_found",
        "manager/other": "method not_found",
    },
    # Read-only pages of the dashboards and the pipeline check the method before the tenant:
    # a 405 reveals nothing about the object.
    "assessments:roadmap_status": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "assessments:roadmap_status_json": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "assessments:roadmap_dashboard": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "assessments:roadmap_board_pack": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "assessments:roadmap_board_pack_pdf": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "assessments:roadmap_compare": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "assessments:roadmap_export_xlsx": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "assessments:roadmap_export_items_csv": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "assessments:roadmap_export_cash_flow_csv": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "assessments:roadmap_export_risk_csv": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    # --- Managers decide; consultants and managers ask "what if" -----------------------------
    "assessments:roadmap_decide": {
        "anonymous": "login login",
        "manager/own": "method invalid",  # an empty decision: shown again at its form with the error (400)
        "consultant/own": "method forbidden",
        "administrator": "method forbidden",
        "consultant/other": "method not_found",
        "manager/other": "method not_found",
    },
    # --- Programmes (an approved roadmap under way) -------------------------------------
    "assessments:programme_start": {
        "anonymous": "login login",
        "consultant/own": "method ok",  # idempotent: opens the programme already started
        "manager/own": "method ok",
        "administrator": "method forbidden",
        "consultant/other": "method not_found",
        "manager/other": "method not_found",
    },
    "assessments:programme_detail": {
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "assessments:programme_replan": {  # a new roadmap of the assessment: computing is the consultants'
        "anonymous": "login login",
        "consultant/own": "method ok",
        "manager/own": "method forbidden",
        "administrator": "method forbidden",
        "consultant/other": "method not_found",
        "manager/other": "method not_found",
    },
    "assessments:programme_notifications_read": {  # marks the reader's own notifications read
        "anonymous": "login login",
        "consultant/own": "method ok",
        "manager/own": "method ok",
        "administrator": "method ok",
        "consultant/other": "method not_found",
        "manager/other": "method not_found",
    },
    "assessments:programme_engagement_edit": {
        "anonymous": "login login",
        "consultant/own": "ok ok",  # an empty form is shown again with its errors
        "manager/own": "ok ok",
        "administrator": "forbidden forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:programme_actuals": {
        "anonymous": "login login",
        "consultant/own": "ok ok",  # an empty month records nothing
        "manager/own": "ok ok",
        "administrator": "forbidden forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:programme_actuals_import": {
        "anonymous": "login login",
        "consultant/own": "ok invalid",  # no file: the form says so
        "manager/own": "ok invalid",
        "administrator": "forbidden forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:programme_actuals_import_confirm": {
        "anonymous": "login login",
        "consultant/own": "method ok",  # without a preview token: back to the upload page
        "manager/own": "method ok",
        "administrator": "method forbidden",
        "consultant/other": "method not_found",
        "manager/other": "method not_found",
    },
    "assessments:programme_actuals_export_csv": {  # reading: whoever may see the programme
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "assessments:programme_actuals_export_xlsx": {  # reading: whoever may see the programme
        "anonymous": "login login",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    # --- The API (tokens or a session; JSON answers) -----------------------------------
    "api:schema": everyone("ok method", "ok method"),
    "api:docs": everyone("ok method", "ok method"),
    "api:tokens": signed_in("ok ok"),  # each user manages their own tokens only
    "api:token_revoke": signed_in("method ok"),
    "api:organisation_list": everyone("unauthorised unauthorised", "ok method"),
    "api:assessment_list": everyone("unauthorised unauthorised", "ok method"),
    "api:organisation_detail": {
        "anonymous": "unauthorised unauthorised",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "api:assessment_detail": {
        "anonymous": "unauthorised unauthorised",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "api:roadmap_detail": {
        "anonymous": "unauthorised unauthorised",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "api:programme_detail": {
        "anonymous": "unauthorised unauthorised",
        "consultant/own": "ok method",
        "manager/own": "ok method",
        "administrator": "ok method",
        "consultant/other": "not_found method",
        "manager/other": "not_found method",
    },
    "api:programme_actuals": {
        "anonymous": "unauthorised unauthorised",
        "consultant/own": "ok invalid",  # the empty form body is not the JSON list of rows
        "manager/own": "ok invalid",
        "administrator": "ok forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
    "assessments:scenario_create": {
        "anonymous": "login login",
        "consultant/own": "ok ok",
        "manager/own": "ok ok",
        "administrator": "forbidden forbidden",
        "consultant/other": "not_found not_found",
        "manager/other": "not_found not_found",
    },
}


def expected_cells(name: str) -> dict[tuple[str, str], dict[str, str]]:
    """{(role, side): {method: outcome}} for every cell, from the table's shorthand."""
    row = MATRIX[name]
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for key, value in row.items():
        role, _, side = key.partition("/")
        assert role in ROLES, f"{name}: unknown role {role!r}"
        get, post = value.split()
        for each in (side,) if side else SIDES:
            assert (role, each) not in cells, f"{name}: {role}/{each} is given twice"
            cells[(role, each)] = {"GET": get, "POST": post}
    missing = [f"{role}/{side}" for role in ROLES for side in SIDES if (role, side) not in cells]
    assert not missing, f"{name}: the matrix has no expectation for {', '.join(missing)}"
    return cells


def test_every_url_of_the_project_is_in_the_matrix():
    names = set(url_names())
    missing = sorted(names - set(MATRIX))
    assert not missing, (
        "These URLs are not in the access matrix of tests/security/test_access_matrix.py: "
        f"{', '.join(missing)}. Add each to MATRIX with the outcome for every role (and to URL_ARGUMENTS in "
        "tests/security/access.py if it takes arguments)."
    )
    stale = sorted(set(MATRIX) - names)
    assert not stale, f"The matrix lists URLs that no longer exist: {', '.join(stale)}"
    assert not set(URL_ARGUMENTS) - names, "URL_ARGUMENTS lists URLs that no longer exist"


def test_the_walk_finds_every_app_url():
    # Guards the walk itself: names from every included URLconf, and nothing of the admin.
    names = url_names()
    assert {"home", "providers:catalogue", "assessments:roadmap_dashboard", "assessments:roadmap_compute"} <= set(names)
    assert not [name for name in names if name.startswith("admin:")]


def test_access_matrix(world, consultant, manager, administrator):
    clients = role_clients(consultant=consultant, manager=manager, administrator=administrator)
    wrong: list[str] = []
    for name in sorted(MATRIX):
        seen: dict[tuple[str, str, str], str] = {}
        for (role, side), methods in expected_cells(name).items():
            url = url_for(name, getattr(world, side))
            for method in METHODS:
                expected = methods[method]
                if seen.get((role, method, url)) == expected:
                    continue  # a URL without an organisation: own and other are the same request
                seen[(role, method, url)] = expected
                problem = _check(clients[role], method, url, expected)
                if problem:
                    wrong.append(f"{name}: {role}/{side} {method} {url}: {problem}")
    assert not wrong, "Cells that differ from the access matrix:\n" + "\n".join(wrong)


def _check(client: Client, method: str, url: str, expected: str) -> str:
    """Why the request's outcome breaks the matrix, or "". Runs in a savepoint rolled back afterwards,
    with the client's cookies put back (signing out or switching language must not leak into the next cell)."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        before = None if expected in ALLOWED else database_fingerprint()
        got = outcome(getattr(client, method.lower())(url))
        changed = before is not None and database_fingerprint() != before
        transaction.set_rollback(True)
    client.cookies = cookies
    if got != expected:
        return f"expected {expected}, got {got}"
    if changed:
        return f"refused ({got}) but the database changed"
    return ""
