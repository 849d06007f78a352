"""In production, vendored files (Bootstrap, plotly.js) are collected under hashed names and
served by WhiteNoise with a year-long, immutable cache lifetime; pages reference them once."""

import json
import subprocess
import sys
from pathlib import Path

from tests.foundation.test_settings import PRODUCTION_ENV, _clean_env

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django, json
django.setup()
from django.templatetags.static import static
from django.test import Client
url = static("vendor/plotly/plotly-basic.min.js")
response = Client(HTTP_HOST="navigator.example.com").get(url, secure=True)
login = Client(HTTP_HOST="navigator.example.com").get("/accounts/login/", secure=True)
print(json.dumps({
    "url": url,
    "status": response.status_code,
    "cache": response.headers.get("Cache-Control", ""),
    "bootstrap_links": login.content.decode().count("vendor/bootstrap/css/bootstrap."),
}))
"""


def test_plotly_is_served_hashed_with_a_long_cache_lifetime(tmp_path):
    env = _clean_env(
        **(
            PRODUCTION_ENV
            | {
                "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
                "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                "DJANGO_SETTINGS_MODULE": "outsourcing.settings",
            }
        )
    )

    def run(*args: str) -> str:
        result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    run(sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0")
    run(sys.executable, "manage.py", "migrate", "--noinput", "-v", "0")
    probe = json.loads(run(sys.executable, "-c", PROBE).strip().splitlines()[-1])
    # A content hash in the name lets the file be cached for good; a new plotly gets a new name.
    assert probe["url"].startswith("/static/vendor/plotly/plotly-basic.min.")
    assert probe["url"] != "/static/vendor/plotly/plotly-basic.min.js"
    assert probe["status"] == 200
    assert "max-age=315360000" in probe["cache"]
    assert "immutable" in probe["cache"]
    assert probe["bootstrap_links"] == 1
