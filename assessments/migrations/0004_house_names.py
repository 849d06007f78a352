"""Names that say what they hold, and failure reasons stored as codes.

- BusinessFunction.error_rate holds a per cent (0-100): it becomes `error_rate_percent`.
- Roadmap.error held a sentence translated when it was written; it becomes `failure_code` and
  `failure_params`, worded in the reader's language on display. Old sentences are kept as the
  parameter `text` of the code `legacy`, shown as written.
- The line's capability choices follow the capability's `kind` (was `tower`).
"""

import django.db.models.deletion
from django.db import migrations, models


def _errors_to_codes(apps, schema_editor):
    Roadmap = apps.get_model("assessments", "Roadmap")
    for roadmap in Roadmap.objects.exclude(error="").only("pk", "error"):
        Roadmap.objects.filter(pk=roadmap.pk).update(failure_code="legacy", failure_params={"text": roadmap.error})


def _codes_to_errors(apps, schema_editor):
    Roadmap = apps.get_model("assessments", "Roadmap")
    for roadmap in Roadmap.objects.exclude(failure_code="").only("pk", "failure_code", "failure_params"):
        text = (roadmap.failure_params or {}).get("text") or roadmap.failure_code
        Roadmap.objects.filter(pk=roadmap.pk).update(error=text)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_roadmap_inputs"),
        ("providers", "0002_kind_and_fraction_names"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="businessfunction", name="businessfunction_error_rate_0_100"),
        migrations.RenameField(model_name="businessfunction", old_name="error_rate", new_name="error_rate_percent"),
        migrations.RenameField(
            model_name="historicalbusinessfunction", old_name="error_rate", new_name="error_rate_percent"
        ),
        migrations.AddConstraint(
            model_name="businessfunction",
            constraint=models.CheckConstraint(
                condition=models.Q(("error_rate_percent__gte", 0), ("error_rate_percent__lte", 100)),
                name="businessfunction_error_rate_0_100",
            ),
        ),
        migrations.AddField(
            model_name="roadmap",
            name="failure_code",
            field=models.CharField(blank=True, max_length=20, verbose_name="failure"),
        ),
        migrations.AddField(
            model_name="roadmap",
            name="failure_params",
            field=models.JSONField(blank=True, default=dict, verbose_name="failure details"),
        ),
        migrations.RunPython(_errors_to_codes, _codes_to_errors),
        migrations.RemoveField(model_name="roadmap", name="error"),
        migrations.AlterField(
            model_name="businessfunction",
            name="capability",
            field=models.ForeignKey(
                limit_choices_to={"kind": "BPO"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="providers.capability",
                verbose_name="business function",
            ),
        ),
        migrations.AlterField(
            model_name="historicalbusinessfunction",
            name="capability",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                limit_choices_to={"kind": "BPO"},
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="providers.capability",
                verbose_name="business function",
            ),
        ),
        migrations.AlterField(
            model_name="historicalitcostarea",
            name="capability",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                limit_choices_to={"kind": "ITO"},
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="providers.capability",
                verbose_name="IT capability",
            ),
        ),
        migrations.AlterField(
            model_name="itcostarea",
            name="capability",
            field=models.ForeignKey(
                limit_choices_to={"kind": "ITO"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="providers.capability",
                verbose_name="IT capability",
            ),
        ),
        migrations.AlterField(
            model_name="roadmap",
            name="failure_code",
            field=models.CharField(
                blank=True,
                choices=[
                    ("time_limit", "time limit"),
                    ("input_rejected", "input rejected"),
                    ("engine_error", "engine error"),
                    ("not_saved", "result not saved"),
                    ("interrupted", "interrupted"),
                    ("no_input", "no stored input"),
                    ("gave_up", "gave up"),
                    ("legacy", "recorded as text"),
                ],
                max_length=20,
                verbose_name="failure",
            ),
        ),
    ]
