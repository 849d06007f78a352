"""Script bytes a browser transfers on its first visit to the roadmap dashboard.

Run: .venv/bin/python benchmarks/first_visit.py

Self-contained and production-like: debug off, `collectstatic` into a temporary directory
with WhiteNoise's CompressedManifestStaticFilesStorage (hashed names, a .gz and, with the
Brotli package installed, a .br beside every file), a scratch SQLite database seeded with
the demo data (`seed_demo --force`). Signed in as the demo manager, it reads the dashboard of
a computed base roadmap, takes every `<script src>` of the page and requests each one the
way a browser with an empty cache does, once per Accept-Encoding (br, gzip, none), summing
the bytes of the response bodies (what travels over the wire, before TLS and HTTP framing).

For comparison it prints the full plotly.js bundle (the plotly Python package's
plotly.min.js, which the dashboard served before) compressed with gzip at level 9.

Target (exit status 1 if missed): under 1.5 MB (1 500 000 bytes) of script with gzip and
with brotli.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "navigator.example.com"
TARGET_BYTES = 1_500_000

PROBE = """\
import json, re
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from assessments.models import Roadmap, RoadmapStatus

call_command("migrate", verbosity=0, interactive=False)
call_command("seed_demo", force=True, verbosity=0)
roadmap = Roadmap.objects.filter(name="", status=RoadmapStatus.DONE).order_by("pk").first()
client = Client(HTTP_HOST=%(host)r)
client.force_login(get_user_model().objects.get(username="manager"))
page = client.get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk]), secure=True)
assert page.status_code == 200, page.status_code
html = page.content.decode()
sources = re.findall(r'<script[^>]*\\bsrc="([^"]+)"', html)
result = {"page_bytes": len(page.content), "scripts": {}}
for source in sources:
    sizes = {}
    for encoding in ("br", "gzip", "identity"):
        anonymous = Client(HTTP_HOST=%(host)r)
        response = anonymous.get(source, secure=True, HTTP_ACCEPT_ENCODING=encoding)
        assert response.status_code == 200, (source, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        sizes[encoding] = {"bytes": len(body), "encoding": response.headers.get("Content-Encoding", "")}
    result["scripts"][source] = sizes
print(json.dumps(result))
"""


def _environment(tmp: Path) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "outsourcing.settings",
            "DJANGO_SECRET_KEY": "benchmark-" + "x" * 60,
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "DJANGO_STATIC_ROOT": str(tmp / "static"),
            "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    return env


def _run(env: dict[str, str], *args: str) -> str:
    completed = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"{' '.join(args[:3])} failed (exit {completed.returncode}).")
    return completed.stdout


def _full_plotly_gzip() -> tuple[int, int]:
    import plotly

    full = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()
    return len(full), len(gzip.compress(full, compresslevel=9))


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="first-visit-") as name:
        tmp = Path(name)
        env = _environment(tmp)
        _run(env, PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0")
        output = _run(env, PYTHON, "manage.py", "shell", "-c", PROBE % {"host": HOST})
    result = json.loads(output.strip().splitlines()[-1])

    totals = {"br": 0, "gzip": 0, "identity": 0}
    print(f"dashboard HTML: {result['page_bytes']:,} bytes")
    print(f"{'script':<60} {'br':>10} {'gzip':>10} {'none':>10}")
    for source, sizes in result["scripts"].items():
        for encoding in totals:
            totals[encoding] += sizes[encoding]["bytes"]
        print(
            f"{source[-60:]:<60} {sizes['br']['bytes']:>10,} {sizes['gzip']['bytes']:>10,} "
            f"{sizes['identity']['bytes']:>10,}"
        )
    print(f"{'total':<60} {totals['br']:>10,} {totals['gzip']:>10,} {totals['identity']:>10,}")
    full, full_gzip = _full_plotly_gzip()
    print(f"for comparison, the full plotly.min.js: {full:,} bytes, {full_gzip:,} with gzip -9")

    missed = [encoding for encoding in ("br", "gzip") if totals[encoding] >= TARGET_BYTES]
    unencoded = [
        source
        for source, sizes in result["scripts"].items()
        if sizes["br"]["encoding"] != "br" or sizes["gzip"]["encoding"] != "gzip"
    ]
    if unencoded:
        print("served without compression:", ", ".join(unencoded))
    if missed or unencoded:
        print(f"TARGET MISSED: under {TARGET_BYTES:,} bytes of script with br and gzip")
        return 1
    print(f"target met: under {TARGET_BYTES:,} bytes of script with br and gzip")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
