"""The embedded default (SQLite, tasks in-process) under 20 simultaneous users: nobody gets a 500.

Before WAL, a busy timeout and immediate transactions, 13 of 20 simultaneous identical scenario
requests answered 500 "database is locked" (issue 17): a deferred transaction that turns into a
writer fails at once when another connection writes, whatever the timeout.

The drill migrates and seeds a scratch SQLite file in a temporary directory, serves it with
gunicorn (2 gthread workers x 10 threads, debug off, so 20 requests are in flight at once on
two processes), signs 20 clients in as the demo manager and has them request scenarios of one
roadmap, released together by a barrier: first the same scenario 20 times, then 20 different
ones, then 20 dashboard reads while 20 scenarios are written.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HOST = "127.0.0.1"
USERS = 20
MANAGER = ("manager", "demo-manager-2026")
REQUEST_TIMEOUT_SECONDS = 60

SEED = """\
from django.core.management import call_command
from assessments.models import Roadmap, RoadmapStatus
call_command("migrate", verbosity=0, interactive=False)
call_command("seed_demo", verbosity=0)
print(Roadmap.objects.filter(name="", status=RoadmapStatus.DONE).order_by("pk").values_list("pk", flat=True).first())
"""

COUNT = """\
from assessments.models import Roadmap
print(Roadmap.objects.exclude(name="").count(), Roadmap.objects.filter(status="failed").count())
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Browser:
    """One user with its own cookies; a new connection per request (gunicorn closes idle ones)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, bytes]:
        headers = {"Referer": f"http://{HOST}{path}"}
        body = None
        if form is not None:
            body = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, payload

    def sign_in(self) -> None:
        status, page = self.request("GET", "/accounts/login/")
        assert status == 200
        assert re.search(rb'name="csrfmiddlewaretoken"', page)
        status, _ = self.request("POST", "/accounts/login/", {"username": MANAGER[0], "password": MANAGER[1]})
        assert status == 302, f"sign-in answered {status}"


def _scenario(name: str, gate_percent: int) -> dict[str, str]:
    return {
        "name": name,
        "gate_fraction": str(gate_percent),
        "discount_rate": "10",
        "horizon_months": "60",
        "max_parallel_ito": "2",
        "max_parallel_bpo": "2",
        "savings_band": "typical",
    }


def _together(browsers: list[Browser], work) -> tuple[list[int], float]:
    """Run work(index, browser) on every browser at the same moment; return statuses and the slowest time."""
    barrier = threading.Barrier(len(browsers))
    statuses: list[int] = [0] * len(browsers)
    seconds: list[float] = [0.0] * len(browsers)

    def run(index: int, browser: Browser) -> None:
        barrier.wait()
        started = time.monotonic()
        try:
            statuses[index] = work(index, browser)
        except (OSError, http.client.HTTPException) as error:  # a timeout or a dropped connection
            statuses[index] = -1
            print(f"request {index} failed: {error!r}")
        seconds[index] = time.monotonic() - started

    threads = [threading.Thread(target=run, args=(i, b)) for i, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, max(seconds)


@pytest.fixture
def embedded_server(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_TESTING": "1",  # a secret key, loopback hosts and unhashed static names; debug stays off
            "DJANGO_SQLITE_PATH": str(tmp_path / "db.sqlite3"),
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )

    def manage_shell(code: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout.strip().splitlines()[-1]

    roadmap_pk = int(manage_shell(SEED))
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    server = subprocess.Popen(
        [
            GUNICORN,
            "outsourcing.wsgi:application",
            f"--bind={HOST}:{port}",
            "--workers=2",
            "--worker-class=gthread",
            "--threads=10",
            "--timeout=120",
            f"--error-logfile={log}",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield port, roadmap_pk, manage_shell, log
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_twenty_simultaneous_users_on_sqlite_get_no_server_error(embedded_server):
    port, roadmap_pk, manage_shell, log = embedded_server
    browsers = [Browser(port) for _ in range(USERS)]
    for browser in browsers:
        browser.sign_in()
        assert browser.request("GET", f"/roadmaps/{roadmap_pk}/scenarios/new/")[0] == 200
    url = f"/roadmaps/{roadmap_pk}/scenarios/new/"
    dashboard = f"/roadmaps/{roadmap_pk}/dashboard/"

    same, same_seconds = _together(browsers, lambda i, b: b.request("POST", url, _scenario("Same for all", 80))[0])
    different, different_seconds = _together(
        browsers, lambda i, b: b.request("POST", url, _scenario(f"Gate {20 + i} %", 20 + i))[0]
    )
    mixed, mixed_seconds = _together(
        browsers,
        lambda i, b: (
            b.request("GET", dashboard)[0]
            if i % 2
            else b.request("POST", url, _scenario(f"Mixed {60 + i} %", 60 + i))[0]
        ),
    )
    print(
        f"\n{USERS} simultaneous users on SQLite (status: count): same scenario {dict(Counter(same))} in "
        f"{same_seconds:.1f} s, different scenarios {dict(Counter(different))} in {different_seconds:.1f} s, "
        f"reads and writes {dict(Counter(mixed))} in {mixed_seconds:.1f} s"
    )
    errors = log.read_text()
    assert "database is locked" not in errors, errors
    assert all(status == 302 for status in same), same
    assert all(status == 302 for status in different), different
    assert all(status in (200, 302) for status in mixed), mixed
    scenarios, failed = (int(n) for n in manage_shell(COUNT).split())
    assert scenarios == 1 + USERS + USERS // 2  # the identical request made one scenario
    assert failed == 0
