"""Load benchmark of the roadmap dashboard against a bare view behind the same middleware.

Run: .venv/bin/python benchmarks/load_dashboard.py

Self-contained: a scratch SQLite database in a temporary directory is migrated, seeded with
the demo data (`seed_demo`, whose base roadmaps are computed in-process) and served by
gunicorn on loopback (2 gthread workers x 2 threads, debug off). Four clients, each on its
own keep-alive connection and signed in as the demo manager, first request a bare view (same
session, authentication and middleware, no query of its own, no template), then the dashboard
of a computed roadmap, alternating in eight rounds. Each phase is bounded by a number of
requests and a time limit.

Targets (exit status 1 if missed): dashboard throughput at least 0.3 x the bare view's, and
dashboard p95 latency under 150 ms at 4 concurrent clients.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
HOST = "127.0.0.1"
MANAGER = ("manager", "demo-manager-2026")

CLIENTS = 4
ROUNDS = 8
TARGET_RATIO = 0.3
TARGET_P95_MS = 150.0

GUNICORN_CONFIG = """\
# Written by benchmarks/load_dashboard.py for one run.
bind = "{host}:{port}"
workers = 2
worker_class = "gthread"
threads = 2
keepalive = 30
timeout = 60
accesslog = None
errorlog = "{log}"
loglevel = "warning"
"""

# Seeds the scratch database and prints the id of a computed base roadmap of the demo data.
SEED = """\
import sys
from django.core.management import call_command
from assessments.models import Roadmap, RoadmapStatus
call_command("migrate", verbosity=0, interactive=False)
call_command("seed_demo", verbosity=0)
done = Roadmap.objects.filter(name="", status=RoadmapStatus.DONE).order_by("pk").first()
if done is None:
    errors = sorted({row.error for row in Roadmap.objects.all()})
    sys.stderr.write("seed_demo computed no roadmap: %s\\n" % errors)
    sys.exit(2)
print(done.pk)
"""


@dataclass
class Phase:
    name: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    failures: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p95_ms(self) -> float:
        if len(self.latencies_ms) < 2:
            return self.latencies_ms[0] if self.latencies_ms else float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[94]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _environment(database: Path) -> dict[str, str]:
    ignored = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    env = {key: value for key, value in os.environ.items() if key not in ignored}
    env.update(
        {
            # Debug off (no query log, cached templates); DJANGO_TESTING only supplies a secret key,
            # loopback host names and unhashed static names, so no collectstatic is needed.
            "DJANGO_DEBUG": "0",
            "DJANGO_TESTING": "1",
            "DJANGO_SQLITE_PATH": str(database),
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "benchmarks"), str(ROOT)]),
        }
    )
    return env


def _seed(env: dict[str, str]) -> int:
    completed = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", SEED],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"Seeding failed (exit {completed.returncode}).")
    return int(completed.stdout.strip().splitlines()[-1])


class Client:
    """One keep-alive HTTP connection with its own cookies, signed in as the demo manager."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        payload = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, payload

    def sign_in(self) -> None:
        status, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise SystemExit(f"The sign-in page answered {status}.")
        form = urllib.parse.urlencode(
            {"username": MANAGER[0], "password": MANAGER[1], "csrfmiddlewaretoken": token.group(1).decode()}
        )
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}/accounts/login/"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"Signing in as the demo manager failed ({status}).")


def _run_phase(name: str, clients: list[Client], path: str, *, requests: int, max_seconds: float) -> Phase:
    """All clients request `path` until `requests` are done in total or `max_seconds` pass."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.perf_counter() + max_seconds

    def work(client: Client) -> None:
        nonlocal failures
        while time.perf_counter() < deadline:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            started = time.perf_counter()
            status, _body = client.request("GET", path)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                failures += status != 200

    threads = [threading.Thread(target=work, args=(client,)) for client in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Phase(name, len(latencies), time.perf_counter() - started, latencies, failures)


def _wait_until_up(port: int, server: subprocess.Popen, log: Path) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start within 10 s.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1200, help="requests per phase (all clients together)")
    parser.add_argument("--seconds", type=float, default=30.0, help="time limit per phase")
    parser.add_argument("--warmup", type=int, default=40, help="unmeasured requests per path first")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="load-dashboard-") as scratch:
        scratch_dir = Path(scratch)
        env = _environment(scratch_dir / "bench.sqlite3")
        print("Seeding a scratch database (migrate, seed_demo, compute) ...", flush=True)
        roadmap_id = _seed(env)
        port = _free_port()
        log = scratch_dir / "gunicorn.log"
        config = scratch_dir / "gunicorn.conf.py"
        config.write_text(GUNICORN_CONFIG.format(host=HOST, port=port, log=log))
        env["DJANGO_SETTINGS_MODULE"] = "load_dashboard_site"
        server = subprocess.Popen(
            [GUNICORN, "--config", str(config), "outsourcing.wsgi:application"], cwd=ROOT, env=env
        )
        try:
            _wait_until_up(port, server, log)
            time.sleep(1.0)  # the workers boot after the master binds the port
            clients = [Client(port) for _ in range(CLIENTS)]
            for client in clients:
                client.sign_in()
            bare_path = "/__bench__/bare/"
            dashboard_path = f"/roadmaps/{roadmap_id}/dashboard/"
            for path in (bare_path, dashboard_path):
                warm = _run_phase("warm-up", clients, path, requests=args.warmup, max_seconds=args.seconds)
                if warm.failures:
                    raise SystemExit(f"{path} answered with errors during warm-up.")
            # Alternate the two in rounds, so a change in the machine's load during the run weighs
            # on both alike and the ratio stays fair.
            bare = Phase("bare view", 0, 0.0, [], 0)
            dashboard = Phase("dashboard", 0, 0.0, [], 0)
            per_round = max(1, args.requests // ROUNDS)
            for _round in range(ROUNDS):
                for total, path in ((bare, bare_path), (dashboard, dashboard_path)):
                    part = _run_phase(total.name, clients, path, requests=per_round, max_seconds=args.seconds / ROUNDS)
                    total.requests += part.requests
                    total.seconds += part.seconds
                    total.latencies_ms.extend(part.latencies_ms)
                    total.failures += part.failures
        except BaseException:
            sys.stderr.write(log.read_text(errors="replace") if log.exists() else "")
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()

    ratio = dashboard.rps / bare.rps if bare.rps else 0.0
    print(f"{CLIENTS} concurrent clients, gunicorn 2 gthread workers x 2 threads, SQLite, debug off")
    print(f"{'phase':<12}{'requests':>10}{'req/s':>10}{'median ms':>11}{'p95 ms':>9}{'errors':>8}")
    for phase in (bare, dashboard):
        print(
            f"{phase.name:<12}{phase.requests:>10}{phase.rps:>10.1f}{phase.median_ms:>11.1f}"
            f"{phase.p95_ms:>9.1f}{phase.failures:>8}"
        )
    print(f"dashboard / bare throughput: {ratio:.2f} (target >= {TARGET_RATIO})")
    print(f"dashboard p95: {dashboard.p95_ms:.1f} ms (target < {TARGET_P95_MS:.0f} ms)")
    missed = []
    if bare.failures or dashboard.failures:
        missed.append("some requests failed")
    if ratio < TARGET_RATIO:
        missed.append(f"throughput ratio {ratio:.2f} < {TARGET_RATIO}")
    if not dashboard.p95_ms < TARGET_P95_MS:
        missed.append(f"p95 {dashboard.p95_ms:.1f} ms >= {TARGET_P95_MS:.0f} ms")
    if missed:
        print("TARGET MISSED: " + "; ".join(missed))
        return 1
    print("Targets met.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
