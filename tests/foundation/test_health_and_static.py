"""/healthz, error pages and locally served static files."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from outsourcing import health_selectors as health

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_reports_database_and_broker(client, db, monkeypatch):
    monkeypatch.setattr(health, "broker_status", lambda: "ok")
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_is_503_when_the_broker_is_down(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from outsourcing.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get(reverse("healthz"))
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["broker"] == "down"
    assert response.json()["database"] == "ok"


def test_healthz_is_503_when_the_database_is_down(client, db, monkeypatch):
    monkeypatch.setattr(health, "database_ok", lambda: False)
    monkeypatch.setattr(health, "broker_status", lambda: "eager")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_eager_mode_counts_as_healthy(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    response = client.get(reverse("healthz"))
    assert response.json()["broker"] == "eager"
    assert response.status_code == 200


def test_custom_404_page(client_for, consultant):
    response = client_for(consultant).get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.parametrize(
    "path",
    [
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/plotly/plotly-basic.min.js",
        "js/app.js",
        "css/app.css",
    ],
)
def test_vendored_static_files_are_found(path):
    assert finders.find(path), path


def test_no_template_or_static_file_loads_anything_from_another_origin():
    pattern = re.compile(r"""(src|href)\s*=\s*["']?(https?:)?//""", re.IGNORECASE)
    offenders = []
    for folder in ("templates", "static", "assessments", "providers"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".js", ".css"} and "vendor" not in path.parts:
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if pattern.search(line):
                        offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_pages_carry_a_content_security_policy_without_inline_script(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert b"<script>" not in response.content
