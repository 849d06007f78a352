"""Issue 12: the catalogue's revision, raised by the database's own triggers, and the stored
shortlist criteria of each region's candidates (assessments/roadmaps/candidates.py).

The triggers raise the one revision row on every INSERT, UPDATE and DELETE (PostgreSQL: and
TRUNCATE, once per statement) of the tables the shortlists read, so no write path, not even a
cascade, a bulk update or raw SQL, can leave a stored row current by mistake. The stored rows
themselves are derived data: built on first use, or at once by `manage.py catalogue_candidates_rebuild`.
A later migration that remakes one of the WATCHED tables on SQLite (its ALTER TABLE copies the table)
drops the table's triggers: it must create them again (tests/assessments/test_region_candidates.py
checks that every watched table has them).
"""

import django.db.models.deletion
from django.db import migrations, models

# The tables the shortlists read: a write to any of them changes the revision.
WATCHED = (
    "providers_provider",
    "providers_offering",
    "providers_provider_regions",
    "providers_provider_certifications",
    "providers_certification",
    "providers_capability",
    "providers_region",
)
REVISION = "providers_cataloguerevision"
BUMP = f"UPDATE {REVISION} SET revision = revision + 1"


def triggers_create(apps, schema_editor):
    apps.get_model("providers", "CatalogueRevision").objects.create(pk=1, revision=1)
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        execute(
            "CREATE OR REPLACE FUNCTION providers_catalogue_revision_raise() RETURNS trigger AS $$ "
            f"BEGIN {BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql"
        )
        for table in WATCHED:
            execute(
                f"CREATE TRIGGER {table}_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION providers_catalogue_revision_raise()"
            )
    elif schema_editor.connection.vendor == "sqlite":
        for table in WATCHED:
            for event in ("INSERT", "UPDATE", "DELETE"):
                execute(f"CREATE TRIGGER {table}_revision_{event.lower()} AFTER {event} ON {table} BEGIN {BUMP}; END")
    else:  # pragma: no cover - the project supports these two
        raise NotImplementedError(schema_editor.connection.vendor)


def triggers_drop(apps, schema_editor):
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        for table in WATCHED:
            execute(f"DROP TRIGGER IF EXISTS {table}_revision ON {table}")
        execute("DROP FUNCTION IF EXISTS providers_catalogue_revision_raise()")
    else:
        for table in WATCHED:
            for event in ("insert", "update", "delete"):
                execute(f"DROP TRIGGER IF EXISTS {table}_revision_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0005_benchmark_low_ends_at_zero"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueRevision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("revision", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="RegionCandidates",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("revision", models.BigIntegerField()),
                ("layout", models.CharField(max_length=64)),
                ("candidates", models.PositiveIntegerField()),
                ("offering_ids", models.BinaryField()),
                ("criteria", models.BinaryField()),
                (
                    "capability",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="providers.capability"
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="providers.region"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("region", "capability"), name="region_candidates_unique")
                ],
            },
        ),
        migrations.RunPython(triggers_create, triggers_drop),
    ]
