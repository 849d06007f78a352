"""Portfolio benchmark: 5 000 assessments, median time and size of the page, constant queries.

Run: .venv/bin/python benchmarks/portfolio.py            # --assessments N --repeats R

Self-contained and in-process: a scratch SQLite database in a temporary directory is
migrated and filled with one organisation holding N submitted assessments (each with a
computed base roadmap; every tenth has an approved scenario, every fifth an older
superseded version) by bulk inserts. The demo manager's portfolio is then requested through
Django's test client (full middleware, templates, charts) R times per sort order.

Targets (exit status 1 if missed): median under 150 ms and page under 300 KB at 5 000
assessments, and the same number of queries at N as at N / 10.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MEDIAN_MS = 150.0
TARGET_BYTES = 300 * 1024


def _setup(directory: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/portfolio.sqlite3"
    os.environ["DJANGO_TESTING"] = "1"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "outsourcing.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _fill(count: int, *, organisation_name: str) -> Any:
    """An organisation with `count` assessments as described above; returns its manager."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from assessments.models import (
        Assessment,
        AssessmentStatus,
        Decision,
        Membership,
        Organisation,
        Roadmap,
        RoadmapStatus,
    )
    from providers.models import Region

    region = Region.objects.order_by("pk").first() or Region.objects.create(code="id", name="Indonesia")
    organisation = Organisation.objects.create(name=organisation_name, region=region)
    manager = get_user_model().objects.create_user(username=f"manager-{uuid.uuid4().hex[:8]}", password=None)
    Membership.objects.create(user=manager, organisation=organisation, role="manager")
    assessments = []
    for index in range(count):
        lineage = uuid.uuid4()
        if index % 5 == 0:
            assessments.append(
                Assessment(
                    organisation=organisation,
                    title=f"Assessment {index:05d}",
                    status=AssessmentStatus.COMPUTED,
                    lineage=lineage,
                    version=1,
                    author=manager,
                    region=region,
                )
            )
        assessments.append(
            Assessment(
                organisation=organisation,
                title=f"Assessment {index:05d}",
                status=AssessmentStatus.COMPUTED,
                lineage=lineage,
                version=2 if index % 5 == 0 else 1,
                author=manager,
                region=region,
            )
        )
    Assessment.objects.bulk_create(assessments, batch_size=500)
    now = timezone.now()
    roadmaps = []
    for position, assessment in enumerate(Assessment.objects.filter(organisation=organisation).order_by("pk")):
        npv = Decimal(1_000_000 + (position * 7919) % 90_000_000)
        common = {
            "assessment": assessment,
            "inputs_hash": f"bench-{assessment.pk}",
            "status": RoadmapStatus.DONE,
            "finished_at": now,
            "payback_month": 6 + position % 40,
            "run_rate_ito": npv / 10,
            "run_rate_bpo": npv / 20,
        }
        roadmaps.append(Roadmap(npv=npv, **common))
        if position % 10 == 0:
            roadmaps.append(
                Roadmap(
                    name="High savings",
                    npv=npv * 2,
                    decision=Decision.APPROVED,
                    decided_at=now,
                    decided_by=manager,
                    **common,
                )
            )
    Roadmap.objects.bulk_create(roadmaps, batch_size=500)
    return manager


def _measure(manager: Any, *, repeats: int, sort: str) -> tuple[float, int, int]:
    """Median milliseconds, page bytes and queries of the portfolio for one sort order."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(manager)
    url = reverse("assessments:portfolio")
    client.get(url, {"sort": sort})  # warm the template and translation caches
    timings = []
    for _repeat in range(repeats):
        started = time.perf_counter()
        response = client.get(url, {"sort": sort})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"sort": sort})
    return statistics.median(timings), len(response.content), len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=15)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        _setup(directory)
        small = _fill(max(1, arguments.assessments // 10), organisation_name="Small portfolio")
        large = _fill(arguments.assessments, organisation_name="Large portfolio")
        failed = False
        print(f"{'sort':<14}{'assessments':>12}{'median ms':>11}{'KB':>8}{'queries':>9}")
        for sort in ("organisation", "npv"):
            _median, _size, small_queries = _measure(small, repeats=3, sort=sort)
            median, size, queries = _measure(large, repeats=arguments.repeats, sort=sort)
            print(f"{sort:<14}{arguments.assessments:>12}{median:>11.1f}{size / 1024:>8.1f}{queries:>9}")
            if median >= TARGET_MEDIAN_MS or size >= TARGET_BYTES or queries != small_queries:
                print(f"  target missed (queries at {arguments.assessments // 10}: {small_queries})")
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
