"""Reword the shipped benchmark sources that named the team's own documents.

Benchmarks seeded before this migration carry the old texts; only those exact phrases are
replaced, so a source an administrator rewrote is left as it is.
"""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace

REWORDED = {
    "savings_source": (
        (
            "; the product brief's anchor is 30-70 % labour-cost savings offshore but 10-15 % typical for HR "
            "(Brown, HRO Today 2006). This capability's band inside that range is product judgement.",
            "; HR is lower, 10-15 % typical (Brown, HRO Today 2006). This capability's band around that range is "
            "product judgement.",
        ),
    ),
    "duration_source": (
        (
            "changes handed back (DESIGN rule 5), 12-18 months",
            "changes handed back to the business, then exits; 12-18 months",
        ),
    ),
}


def reword(apps, schema_editor):
    Benchmark = apps.get_model("providers", "Benchmark")
    for field, pairs in REWORDED.items():
        for old, new in pairs:
            Benchmark.objects.filter(**{f"{field}__contains": old}).update(
                **{field: Replace(field, Value(old), Value(new))}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0003_engine2_inputs"),
    ]

    operations = [
        migrations.RunPython(reword, migrations.RunPython.noop),
    ]
