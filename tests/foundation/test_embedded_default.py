"""The embedded default: no DATABASE_URL and no REDIS_URL means SQLite and eager tasks.

Runs the README's setup steps (migrate, seed_demo twice) in a subprocess with those
variables removed, then serves two requests through the WSGI stack.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
c = Client(HTTP_HOST="127.0.0.1")
health = c.get("/healthz")
signed_in = c.post("/accounts/login/", {"username": "consultant", "password": "demo-consultant-2026"})
home = c.get("/")
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "health": health.status_code,
    "broker": health.json()["broker"],
    "signed_in": signed_in.status_code,
    "home": home.status_code,
}))
"""


def test_sqlite_and_eager_tasks_without_services(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="outsourcing.settings", DJANGO_SQLITE_PATH=str(tmp_path / "db.sqlite3")
    )

    def run(*args: str) -> str:
        result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run(sys.executable, "manage.py", "migrate", "--noinput")
    first = run(sys.executable, "manage.py", "seed_demo")
    second = run(sys.executable, "manage.py", "seed_demo")
    assert "consultant / demo-consultant-2026" in first
    assert first == second
    probe = json.loads(run(sys.executable, "-c", PROBE).strip().splitlines()[-1])
    assert probe == {
        "engine": "outsourcing.sqlite3",  # Django's SQLite backend, told its real parameter limit
        "eager": True,
        "health": 200,
        "broker": "eager",
        "signed_in": 302,
        "home": 200,
    }
