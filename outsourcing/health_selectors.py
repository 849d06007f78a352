"""Liveness of the services the app depends on, for /healthz."""

from django.conf import settings
from django.db import connection

from outsourcing.celery import app as celery_app


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return False


def broker_status() -> str:
    """'ok', 'down', or 'eager' when no broker is configured (tasks run in-process)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            # kombu sleeps 2 s between tries by default, which alone broke the load balancer's budget.
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0.2, interval_max=0.5, timeout=2)
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means "down"
        return "down"
