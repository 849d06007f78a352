"""The administrator's catalogue export at scale: 10,000 providers with 40,000 offerings, CSV and XLSX.

Run: .venv/bin/python benchmarks/catalogue_export.py            # --before also times the old in-memory export

Self-contained: a scratch SQLite database in a temporary directory is migrated, seeded with
the shipped regions, certifications and capabilities, and filled with 10,000 providers (two
regions and two certifications each) offering four capabilities each. Each export then runs
in a fresh process, signed in as a superuser through Django's test client (debug off), and
reads the whole streamed response. Reported: the wall time of the request, its CPU time (the
comparable figure on a shared machine), the growth of the process's peak resident memory
(ru_maxrss) during it, and the load average.

Targets (exit status 1 if missed): each format under 3 s and 64 MiB at 40,000 offerings.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROVIDERS = 10_000
OFFERINGS_PER_PROVIDER = 4
TARGET_S = 3.0
TARGET_MIB = 64.0

SETUP = """
import os, sys
sys.path.insert(0, {root!r})
import django
django.setup()
"""

FILL = (
    SETUP
    + """
from decimal import Decimal
from django.core.management import call_command
call_command("migrate", verbosity=0)
from providers.models import Capability, Certification, Offering, Provider, Region
from providers.seed import seed_capabilities, seed_certifications, seed_regions
seed_regions(); seed_certifications(); seed_capabilities()
regions = list(Region.objects.all()); certifications = list(Certification.objects.all())
capabilities = list(Capability.objects.all())
providers = Provider.objects.bulk_create(
    Provider(slug=f"provider-{{i:05d}}", name=f"Provider {{i}}", description="Managed services, 24/7; \\"quoted\\"",
             website="https://example.com", headquarters_country="Indonesia", founded_year=2000, employees=500 + i,
             rating=Decimal("4.20"), is_active=True)
    for i in range({providers})
)
providers = list(Provider.objects.order_by("pk"))
Provider.regions.through.objects.bulk_create(
    Provider.regions.through(provider_id=p.pk, region_id=regions[(i + k) % len(regions)].pk)
    for i, p in enumerate(providers) for k in range(2)
)
Provider.certifications.through.objects.bulk_create(
    Provider.certifications.through(provider_id=p.pk, certification_id=certifications[(i + k) % len(certifications)].pk)
    for i, p in enumerate(providers) for k in range(2)
)
Offering.objects.bulk_create(
    Offering(provider=p, capability=capabilities[(i + k) % len(capabilities)], delivery_model="offshore",
             price_index=Decimal("0.85"), capacity_ftes=100, min_contract_months=12, quality_score=Decimal("4.0"),
             experience_years=8)
    for i, p in enumerate(providers) for k in range({per})
)
from django.contrib.auth.models import User
User.objects.create_superuser("bench-admin", "admin@example.com", None)  # force_login: no password
print(Offering.objects.count())
"""
)

EXPORT = (
    SETUP
    + """
import json, resource, time
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
client = Client()
client.force_login(User.objects.get(username="bench-admin"), backend="django.contrib.auth.backends.ModelBackend")
fmt, before = {fmt!r}, {before!r}
if before:
    from providers.selectors import catalogue_export_rows
    from providers.spreadsheet import catalogue_csv_bytes, catalogue_xlsx_bytes
    call = lambda: (catalogue_csv_bytes if fmt == "csv" else catalogue_xlsx_bytes)(rows=catalogue_export_rows())
else:
    def call():
        response = client.get(reverse("admin:providers_provider_export", args=[fmt]))
        assert response.status_code == 200, response.status_code
        return b"".join(response.streaming_content)
client.get(reverse("admin:index"))  # warm the session, the admin and the templates
start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started, started_cpu = time.perf_counter(), time.process_time()
content = call()
elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"seconds": elapsed, "cpu": cpu, "mib": (peak_rss - start_rss) / 1024, "bytes": len(content)}}))
"""
)


def _run(code: str, env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"benchmark step failed (exit {result.returncode})")
    return result.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", action="store_true", help="also time the old in-memory export (slow)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "outsourcing.settings",
            "DJANGO_TESTING": "1",
            "DJANGO_DEBUG": "0",
            "DJANGO_SQLITE_PATH": str(Path(directory) / "catalogue.sqlite3"),
            "DJANGO_ALLOWED_HOSTS": "testserver",
            # The export is measured, not the sign-in: staff need no second factor here.
            "MFA_REQUIRED_FOR_STAFF": "0",
        }
        offerings = int(_run(FILL.format(root=str(ROOT), providers=PROVIDERS, per=OFFERINGS_PER_PROVIDER), env))
        results = []
        for before in [False, True] if arguments.before else [False]:
            for fmt in ("csv", "xlsx"):
                measured = json.loads(_run(EXPORT.format(root=str(ROOT), fmt=fmt, before=before), env))
                results.append((fmt, before, measured))
    print(f"{PROVIDERS} providers, {offerings} offerings")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) at the end")
    print(f"{'export':<28} {'time':>8} {'CPU':>8} {'peak RSS growth':>16} {'size':>10}  target")
    missed = False
    for fmt, before, measured in results:
        ok = measured["seconds"] < TARGET_S and measured["mib"] < TARGET_MIB
        missed |= not ok and not before
        label = f"{fmt.upper()} {'in memory (before)' if before else 'streamed'}"
        print(
            f"{label:<28} {measured['seconds']:>6.2f} s {measured['cpu']:>6.2f} s {measured['mib']:>12.1f} MiB "
            f"{measured['bytes'] / 2**20:>7.1f} MiB  {'-' if before else ('met' if ok else 'MISSED')}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
