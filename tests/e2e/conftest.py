"""Browser journeys: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Playwright cannot download browsers here, so it launches /usr/bin/chromium. Without it the
journeys are skipped with a reason on a developer machine, but never in CI (CI installs it,
see .ci/run). A failing test leaves a full-page screenshot in test-artifacts/.

Celery runs eagerly: CI sets REDIS_URL, and no worker serves the live server's test database.
"""

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a
# thread with a running loop unless told this is deliberate. The ORM is only used between
# browser calls, never concurrently with them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    # Remember the outcome of each phase, so the page fixture knows whether to take a screenshot.
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install it (apt-get install -y chromium, see .ci/run).")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium); the browser journeys need it.")
    from playwright.sync_api import expect, sync_playwright

    # plotly.js (the 1.2 MB basic bundle) is still a large script: on a busy CI machine drawing a
    # page of charts can take longer than the default five seconds of an assertion.
    expect.set_options(timeout=20_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def eager_tasks(settings) -> Iterator[None]:
    """Compute roadmaps in-process: the live server's database is not one a worker could reach."""
    from outsourcing.celery import app as celery_app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture
def page(browser, live_server, request) -> Iterator:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []

    def on_console(message) -> None:
        # Failed loads are reported with their address by on_response below.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response) -> None:
        # Browsers ask for /favicon.ico on their own; the app has none.
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            errors.append(f"{response.status} {response.url}")

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", on_console)
    page.on("response", on_response)
    page.js_errors = errors
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
        except Exception as error:  # noqa: BLE001 - a dead page must not hide the test's own failure
            sys.stderr.write(f"No screenshot of {request.node.nodeid}: {error}\n")
    context.close()
