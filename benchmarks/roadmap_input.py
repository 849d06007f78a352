"""Engine input size and compute time against the catalogue's size: seed catalogue vs 10,000 providers.

Run: .venv/bin/python benchmarks/roadmap_input.py            # --providers N, --repeat N

Self-contained: a scratch SQLite database in a temporary directory is migrated and seeded with
`seed_demo` (taxonomy, demo catalogue, the two demo assessments) and copied; N more providers
(default 10,000) are bulk-created in the copy, each offering 3 capabilities in 2 delivery models
and serving 2 of the 5 regions. With DATABASE_URL set (PostgreSQL), that database is seeded and
copied as `<name>_big` (CREATE DATABASE ... TEMPLATE; dropped at the end).

For the 13-line demo assessment of PT Nusantara Logistik Demo (7 IT cost areas, 6 business
functions, region "id") it measures, on both databases, the engine input document built by
`roadmap_input_build` (compact JSON bytes), the time to build it and the engine's compute time
(`roadmap_from_json`). Both databases stay open (one connection each, swapped in as Django's
default) and the runs alternate: seed, 10,000, 10,000, seed, ... so both sizes see the same
load. Each figure is the median of --repeat runs, in wall time and in CPU time (SQLite runs in
this process, so its CPU time holds the database's work too; PostgreSQL's is the client's only).

The first input after a catalogue write also builds the stored candidates of its capabilities
(assessments/roadmaps/candidates.py): reported on its own ("first input after a catalogue
write"), once per size, as it is paid once per catalogue change, not per computation.

Targets (issue 12; exit status 1 if missed): input under 200 KB; the engine's compute time and
the whole in-app computation (building the input, then computing) each at most 2x the seed
catalogue's, in median wall time. For comparison it also reports the size the offerings would
have had without the pre-selection (every offering of the region) and without the region filter.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZE_TARGET_BYTES = 200 * 1024
TIME_TARGET_RATIO = 2.0


def _setup(directory: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="outsourcing.settings",
        DJANGO_TESTING="1",
        DJANGO_DEBUG="0",
        DJANGO_SQLITE_PATH=str(Path(directory) / "seed.sqlite3"),
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit


def _copy(directory: str) -> Any:
    """A second connection to a copy of the seeded database (not yet Django's default)."""
    from django.db import connections

    connection = connections["default"]
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        import sqlite3

        settings["NAME"] = str(Path(directory) / "big.sqlite3")
        connection.ensure_connection()
        target = sqlite3.connect(settings["NAME"])
        connection.connection.backup(target)
        target.close()
    else:
        settings["NAME"] = f"{connection.settings_dict['NAME']}_big"
        connection.close()
        with _maintenance() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{settings["NAME"]}" TEMPLATE "{connection.settings_dict["NAME"]}"')
    return type(connection)(settings, "default")


def _maintenance() -> Any:
    import psycopg
    from django.db import connections

    options = connections["default"].get_connection_params()
    options["dbname"] = "postgres"
    return psycopg.connect(**options, autocommit=True).cursor()


def _drop(big: Any) -> None:
    if big.vendor != "sqlite":
        big.close()
        with _maintenance() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{big.settings_dict["NAME"]}"')


def _use(wrapper: Any) -> None:
    from django.db import connections

    connections["default"] = wrapper


def _compact(document: dict) -> bytes:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _once(assessment: Any) -> tuple[dict, dict[str, float]]:
    """One in-app computation: the input built from the database, then computed; wall and CPU seconds."""
    from assessments.engine import roadmap_from_json
    from assessments.roadmaps.inputs import roadmap_input_build

    wall, cpu = time.perf_counter(), time.process_time()
    document = roadmap_input_build(assessment=assessment)
    built_wall, built_cpu = time.perf_counter(), time.process_time()
    roadmap_from_json(json.loads(_compact(document)))
    done_wall, done_cpu = time.perf_counter(), time.process_time()
    return document, {
        "build wall": built_wall - wall,
        "build cpu": built_cpu - cpu,
        "compute wall": done_wall - built_wall,
        "compute cpu": done_cpu - built_cpu,
        "total wall": done_wall - wall,
        "total cpu": done_cpu - cpu,
    }


def _bulk_providers(count: int) -> None:
    from decimal import Decimal

    from providers.models import Capability, DeliveryModel, Offering, Provider, Region

    rng = random.Random(12)
    capabilities = list(Capability.objects.all())
    regions = list(Region.objects.all())
    providers = Provider.objects.bulk_create(
        [
            Provider(name=f"Bulk provider {n:05d}", slug=f"bulk-provider-{n:05d}", rating=Decimal("3.5"))
            for n in range(count)
        ],
        batch_size=2000,
    )
    through = Provider.regions.through
    through.objects.bulk_create(
        [
            through(provider_id=provider.pk, region_id=region.pk)
            for provider in providers
            for region in rng.sample(regions, 2)
        ],
        batch_size=5000,
    )
    Offering.objects.bulk_create(
        [
            Offering(
                provider=provider,
                capability=capability,
                delivery_model=model,
                price_index=Decimal(str(round(rng.uniform(0.7, 1.3), 2))),
                capacity_ftes=rng.randint(20, 2000),
                quality_score=Decimal(str(round(rng.uniform(5, 9.5), 1))),
                experience_years=rng.randint(2, 30),
            )
            for provider in providers
            for capability in rng.sample(capabilities, 3)
            for model in rng.sample([DeliveryModel.ONSHORE, DeliveryModel.NEARSHORE, DeliveryModel.OFFSHORE], 2)
        ],
        batch_size=5000,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        _setup(directory)
        from django.db import connections

        from assessments.models import Assessment
        from providers.models import Provider
        from providers.selectors import offerings_for_engine

        seed = connections["default"]
        big = _copy(directory)
        try:
            _use(big)
            _bulk_providers(args.providers)
            counts = {"seed": 0, "big": 0}
            assessments, documents, first = {}, {}, {}
            for name, wrapper in (("seed", seed), ("big", big)):
                _use(wrapper)
                counts[name] = Provider.objects.count()
                assessments[name] = Assessment.objects.get(organisation__name="PT Nusantara Logistik Demo")
                # the first input after the catalogue's last write builds the stored candidates
                documents[name], first[name] = _once(assessments[name])
            runs: dict[str, list[dict[str, float]]] = {"seed": [], "big": []}
            for n in range(args.repeat):
                for name in ("seed", "big") if n % 2 == 0 else ("big", "seed"):
                    _use(seed if name == "seed" else big)
                    documents[name], figures = _once(assessments[name])
                    runs[name].append(figures)
            _use(big)  # the sizes before the pre-selection: of the larger catalogue
            return _report(args, counts, assessments["big"], documents, first, runs, offerings_for_engine)
        finally:
            _use(seed)
            _drop(big)


def _report(args, counts, assessment, documents, first, runs, offerings_for_engine) -> int:
    def median(name: str, figure: str) -> float:
        return statistics.median(run[figure] for run in runs[name])

    sizes = {name: len(_compact(document)) for name, document in documents.items()}
    offerings = {name: len(document.get("offerings", [])) for name, document in documents.items()}
    lines = len(documents["big"]["it_cost_areas"]) + len(documents["big"]["business_functions"])
    print(f"assessment lines: {lines}; medians of {args.repeat} alternating runs per catalogue; load {_load()}")
    labels = {"seed": f"seed catalogue ({counts['seed']} providers)", "big": f"+{args.providers} ({counts['big']})"}
    for name in ("seed", "big"):
        print(f"{labels[name]}: input {sizes[name] / 1024:.1f} KB, {offerings[name]} offerings")
    ratios = {}
    for part in ("build", "compute", "total"):
        cells = []
        for clock in ("wall", "cpu"):
            small, large = median("seed", f"{part} {clock}"), median("big", f"{part} {clock}")
            ratios[(part, clock)] = large / small
            cells.append(f"{clock} {small * 1000:.1f} / {large * 1000:.1f} ms ({large / small:.2f}x)")
        label = {"build": "building the input", "compute": "the engine's compute", "total": "the whole computation"}
        print(f"{label[part]}, seed / +{args.providers}: {'; '.join(cells)}")
    print(
        "first input after a catalogue write (builds the stored candidates), seed / "
        f"+{args.providers}: wall {first['seed']['build wall'] * 1000:.0f} / {first['big']['build wall'] * 1000:.0f} ms"
    )
    codes = sorted(documents["big"]["benchmarks"])
    regional = len(_compact({"offerings": offerings_for_engine(capability_codes=codes, region_code="id")}))
    unfiltered = len(_compact({"offerings": offerings_for_engine(capability_codes=codes)}))
    print(
        f"(+{args.providers}) offerings before the pre-selection: {regional / 1024:.1f} KB of the region's, "
        f"{unfiltered / 1024:.1f} KB without the region filter"
    )
    ok = (
        sizes["big"] < SIZE_TARGET_BYTES
        and ratios[("compute", "wall")] <= TIME_TARGET_RATIO
        and ratios[("total", "wall")] <= TIME_TARGET_RATIO
    )
    print(
        "targets met (size, compute, whole computation)"
        if ok
        else "TARGET MISSED (size, compute or the whole computation)"
    )
    return 0 if ok else 1


def _load() -> str:
    try:
        return ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
