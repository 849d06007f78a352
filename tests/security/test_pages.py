"""Every page of the access matrix, as each role sees it, under the Content-Security-Policy:
the header on every HTML response, no inline script (only `application/json` data blocks),
no `on…=` event-handler attributes, no `javascript:` URLs (ASVS 4.0.3 V14.4.3)."""

from __future__ import annotations

from tests.security.access import ALLOWED, ROLES, request_rolled_back, role_clients, url_for
from tests.security.html import hygiene_problems, is_html
from tests.security.test_access_matrix import MATRIX, expected_cells


def test_every_page_has_the_policy_and_no_inline_script(world, consultant, manager, administrator):
    clients = role_clients(consultant=consultant, manager=manager, administrator=administrator)
    problems: list[str] = []
    pages = 0
    for name in sorted(MATRIX):
        cells = expected_cells(name)
        for role in ROLES:
            # Every page a role reads, the form pages re-shown after an empty POST, and the
            # error pages (403, 404) a role meets on another organisation's objects.
            requests = [("GET", "own"), ("GET", "other")]
            if cells[(role, "own")]["POST"] in ALLOWED:
                requests.append(("POST", "own"))
            for method, side in requests:
                url = url_for(name, getattr(world, side))
                response = request_rolled_back(clients[role], method, url)
                if response.status_code >= 300 and response.status_code < 400:
                    continue
                # Every response carries the policy, downloads and JSON included.
                if "Content-Security-Policy" not in response:
                    problems.append(f"{role} {method} {url}: no Content-Security-Policy header")
                if is_html(response):
                    pages += 1
                    problems.extend(f"{role} {method} {url}: {p}" for p in hygiene_problems(response))
    assert pages > 100, pages
    assert not problems, "\n".join(problems)


def test_the_checker_sees_inline_script_handlers_and_a_missing_policy():
    from django.http import HttpResponse

    page = HttpResponse(
        '<html><body><script type="application/json" id="d">{"a": 1}</script>'
        '<script src="/static/js/app.js"></script><script>alert(1)</script>'
        '<img src=x onerror="alert(1)"><a href=" javascript:alert(1)">x</a></body></html>'
    )
    problems = hygiene_problems(page)
    assert any("Content-Security-Policy lacks" in problem for problem in problems)
    assert any("inline <script>" in problem and "alert(1)" in problem for problem in problems)
    assert any("onerror" in problem for problem in problems)
    assert any("javascript:" in problem for problem in problems)
    page["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'"
    assert any("allows inline code" in problem for problem in hygiene_problems(page))
