"""Issue 13: the low end of every shipped savings band is a real downside, 0.

Deloitte Consulting ('Calling a Change in the Outsourcing Market', 2005) found that 44 % of buyers saw
no savings, and nearly half of HR outsourcing buyers report savings under 10 % (Brown, Gartner, HRO
Today 2006). Benchmarks seeded before this migration hold the old low ends; a row is changed only where
it still holds the shipped value (and its source only where it is still the shipped text), so a figure
an administrator edited is left as it is.
"""

from decimal import Decimal

from django.db import migrations

# capability code -> the low end shipped before issue 13.
OLD_LOW = {
    "data_centre": Decimal("0.10"),
    "compute": Decimal("0.10"),
    "storage": Decimal("0.10"),
    "network": Decimal("0.10"),
    "service_desk": Decimal("0.12"),
    "applications": Decimal("0.10"),
    "security": Decimal("0.10"),
    "hr": Decimal("0.10"),
    "payroll": Decimal("0.12"),
    "recruitment": Decimal("0.10"),
    "finance": Decimal("0.12"),
    "accounting": Decimal("0.15"),
    "customer_service": Decimal("0.15"),
    "procurement": Decimal("0.10"),
    "document_processing": Decimal("0.20"),
}

# The shipped savings source texts (engine/defaults.py before issue 13) and the low end's source that now
# comes first (providers/seed.py joins a benchmark's distinct sources with a new line).
OLD_SOURCES = {
    "ito": (
        "TPI (Technology Partners International) outsourcing survey, 2006: after professional fees, severance "
        "and governance, IT and business-services outsourcing savings range 10-39 %, averaging 15 % when "
        "contracts are first let. The point chosen for this capability inside that band is product judgement."
    ),
    "hr": (
        "R. H. Brown (Gartner), 'Beware of cost savings that add up to less than 10 percent', HRO Today, "
        "2006: survey of HR BPO buyers, the most common savings band is 10-15 %."
    ),
    "bpo": (
        "Offshore BPO: labour-rate differences of 50-60 % give about 30-40 % bottom-line savings (Vantage "
        "Agora, 'What are the expected savings from outsourcing?'); HR is lower, 10-15 % typical (Brown, HRO "
        "Today 2006). This capability's band around that range is product judgement."
    ),
}
LOW_END_SOURCE = (
    "Deloitte Consulting, 'Calling a Change in the Outsourcing Market', 2005: 44 % of the large buyers "
    "surveyed saw no cost savings from outsourcing; for HR outsourcing nearly half of buyers report "
    "savings under 10 % (R. H. Brown, Gartner, 'Beware of cost savings that add up to less than 10 "
    "percent', HRO Today, 2006). The low end of every savings band is therefore 0: a real downside, not a "
    "smaller saving."
)


def _source_key(code: str, kind: str) -> str:
    return "ito" if kind == "ITO" else ("hr" if code == "hr" else "bpo")


def low_ends_to_zero(apps, schema_editor):
    Benchmark = apps.get_model("providers", "Benchmark")
    for benchmark in Benchmark.objects.select_related("capability").filter(capability__code__in=OLD_LOW):
        code = benchmark.capability.code
        changed = []
        if benchmark.savings_low == OLD_LOW[code]:
            benchmark.savings_low = Decimal("0")
            changed.append("savings_low")
        old_source = OLD_SOURCES[_source_key(code, benchmark.capability.kind)]
        if benchmark.savings_source == old_source:
            benchmark.savings_source = f"{LOW_END_SOURCE}\n{old_source}"
            changed.append("savings_source")
        if changed:
            benchmark.save(update_fields=changed)


def low_ends_back(apps, schema_editor):
    Benchmark = apps.get_model("providers", "Benchmark")
    for benchmark in Benchmark.objects.select_related("capability").filter(capability__code__in=OLD_LOW):
        code = benchmark.capability.code
        changed = []
        old_source = OLD_SOURCES[_source_key(code, benchmark.capability.kind)]
        if benchmark.savings_source == f"{LOW_END_SOURCE}\n{old_source}":
            benchmark.savings_source = old_source
            changed.append("savings_source")
            if benchmark.savings_low == 0:
                benchmark.savings_low = OLD_LOW[code]
                changed.append("savings_low")
        if changed:
            benchmark.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0004_benchmark_sources_without_internal_references"),
    ]

    operations = [
        migrations.RunPython(low_ends_to_zero, low_ends_back),
    ]
