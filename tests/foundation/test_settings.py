"""The configuration contract: refuse to start insecurely, pass check --deploy in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 60 + "-production-like-secret-for-the-check",
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "navigator.example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://navigator.example.com",
    "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
}


def _clean_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(overrides)
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _manage("check", env=_clean_env(DJANGO_DEBUG="0"))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_starts_without_secret_key_in_debug_mode():
    result = _manage("check", env=_clean_env(DJANGO_DEBUG="1"))
    assert result.returncode == 0, result.stderr


def test_rejects_an_unreadable_debug_flag():
    result = _manage("check", env=_clean_env(DJANGO_DEBUG="maybe", DJANGO_SECRET_KEY="k" * 60))
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 1 or 0" in result.stderr


def test_check_deploy_passes_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_clean_env(**PRODUCTION_ENV))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SECURE_HSTS_SECONDS", "31536000"),
        ("SESSION_COOKIE_SECURE", "True"),
        ("CSRF_COOKIE_SECURE", "True"),
        ("SECURE_SSL_REDIRECT", "True"),
        ("SECURE_PROXY_SSL_HEADER", "('HTTP_X_FORWARDED_PROTO', 'https')"),
        ("SECURE_REFERRER_POLICY", "same-origin"),
        ("ALLOWED_HOSTS", "['navigator.example.com']"),
        ("CELERY_TASK_ALWAYS_EAGER", "True"),
    ],
)
def test_production_settings_values(name, expected):
    code = f"from django.conf import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=_clean_env(DJANGO_SETTINGS_MODULE="outsourcing.settings", **PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
