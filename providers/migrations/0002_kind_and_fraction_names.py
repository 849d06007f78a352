"""Names that say what they hold: a capability's ITO/BPO split is its `kind` (in TBM the towers are
the IT areas themselves), and the one-off transition cost is a fraction of the annual cost."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="capability", old_name="tower", new_name="kind"),
        migrations.RenameField(model_name="historicalcapability", old_name="tower", new_name="kind"),
        migrations.AlterModelOptions(
            name="capability",
            options={
                "ordering": ["kind", "sort_order", "name"],
                "verbose_name": "capability",
                "verbose_name_plural": "capabilities",
            },
        ),
        migrations.AlterField(
            model_name="capability",
            name="kind",
            field=models.CharField(
                choices=[("ITO", "IT outsourcing (ITO)"), ("BPO", "Business process outsourcing (BPO)")],
                db_index=True,
                max_length=3,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcapability",
            name="kind",
            field=models.CharField(
                choices=[("ITO", "IT outsourcing (ITO)"), ("BPO", "Business process outsourcing (BPO)")],
                db_index=True,
                max_length=3,
                verbose_name="kind",
            ),
        ),
        migrations.RemoveConstraint(model_name="benchmark", name="benchmark_transition_cost_fraction"),
        migrations.RenameField(
            model_name="benchmark", old_name="transition_cost_pct", new_name="transition_cost_fraction"
        ),
        migrations.RenameField(
            model_name="historicalbenchmark", old_name="transition_cost_pct", new_name="transition_cost_fraction"
        ),
        migrations.AddConstraint(
            model_name="benchmark",
            constraint=models.CheckConstraint(
                condition=models.Q(("transition_cost_fraction__gte", 0), ("transition_cost_fraction__lte", 1)),
                name="benchmark_transition_cost_fraction",
            ),
        ),
    ]
