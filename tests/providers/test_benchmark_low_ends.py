"""Issue 13: the data migration that moves the shipped savings bands' low ends to 0 (Deloitte 2005)."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from assessments.engine import DEFAULT_BENCHMARKS
from providers.models import Benchmark

pytestmark = pytest.mark.django_db

migration = importlib.import_module("providers.migrations.0005_benchmark_low_ends_at_zero")


def test_rows_still_holding_the_shipped_figures_move_and_edited_ones_stay(taxonomy):
    # As seeded before the migration: the old low ends and source texts.
    for benchmark in Benchmark.objects.select_related("capability"):
        code = benchmark.capability.code
        old_source = migration.OLD_SOURCES[migration._source_key(code, benchmark.capability.kind)]
        Benchmark.objects.filter(pk=benchmark.pk).update(savings_low=migration.OLD_LOW[code], savings_source=old_source)
    Benchmark.objects.filter(capability__code="payroll").update(savings_low=Decimal("0.05"))
    Benchmark.objects.filter(capability__code="network").update(savings_source="An administrator's own source")

    migration.low_ends_to_zero(apps, None)

    rows = {b.capability.code: b for b in Benchmark.objects.select_related("capability")}
    assert rows["payroll"].savings_low == Decimal("0.05")  # edited: kept
    assert rows["network"].savings_source == "An administrator's own source"  # edited: kept
    assert rows["network"].savings_low == 0  # its figure was the shipped one
    for code, row in rows.items():
        if code != "payroll":
            assert row.savings_low == 0, code
            assert row.savings_low <= row.savings_typical <= row.savings_high
    # The migration leaves the same words as a fresh seed writes (providers/seed.py joins the sources).
    hr = DEFAULT_BENCHMARKS["hr"]
    assert rows["hr"].savings_source == f"{hr.source_of('savings_low')}\n{hr.source_of('savings_typical')}"
    assert "44 %" in rows["data_centre"].savings_source

    migration.low_ends_back(apps, None)
    back = Benchmark.objects.get(capability__code="data_centre")
    assert back.savings_low == Decimal("0.10")
    assert "44 %" not in back.savings_source


def test_a_fresh_seed_ships_low_ends_at_zero(taxonomy):
    assert set(Benchmark.objects.values_list("savings_low", flat=True)) == {Decimal("0")}
