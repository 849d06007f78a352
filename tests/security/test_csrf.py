"""CSRF (ASVS 4.0.3 V4.2.2): every URL that accepts a state-changing POST refuses it
without the token (403), and accepts the same POST with the token (so the check can fail)."""

from __future__ import annotations

from django.urls import reverse

from tests.security.access import ALLOWED, outcome, request_rolled_back, role_clients, url_for
from tests.security.test_access_matrix import MATRIX, expected_cells

# Signing out changes the session and redirects to the sign-in page ("login" in the matrix).
STATE_CHANGING_OUTCOMES = {"logout": {"login"}}


def test_every_post_needs_the_csrf_token(world, consultant, manager, administrator):
    clients = role_clients(consultant=consultant, manager=manager, administrator=administrator, enforce_csrf=True)
    for client in clients.values():
        # A page with a form sets the CSRF cookie, as a browser gets it.
        client.get(reverse("password_reset"))
    wrong: list[str] = []
    checked = set()
    for name in sorted(MATRIX):
        for (role, side), methods in expected_cells(name).items():
            expected = methods["POST"]
            if expected not in ALLOWED | STATE_CHANGING_OUTCOMES.get(name, set()):
                continue
            client = clients[role]
            url = url_for(name, getattr(world, side))
            without = request_rolled_back(client, "POST", url)
            if without.status_code != 403:
                wrong.append(f"{role} POST {url} without a CSRF token: HTTP {without.status_code}, expected 403")
            token = client.cookies["csrftoken"].value
            with_token = request_rolled_back(client, "POST", url, data={"csrfmiddlewaretoken": token})
            if outcome(with_token) != expected:
                wrong.append(f"{role} POST {url} with the token: {outcome(with_token)}, expected {expected}")
            checked.add(name)
    assert not wrong, "\n".join(wrong)
    # The walk reached the state-changing URLs of every kind.
    assert {"login", "logout", "set_language", "assessments:parameters", "assessments:roadmap_decide"} <= checked
    assert len(checked) >= 20, sorted(checked)
