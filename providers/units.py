"""The benchmarks' TBM-style units of measure in the reader's language.

The engine ships a unit per ITO capability (assessments/engine/defaults.py); the catalogue
stores it as text on `Benchmark.unit_of_measure`. Every page, export and message that shows a
unit reads it through `unit_label`, so the shipped units are translated wherever they appear;
an administrator's own unit is shown as typed.
"""

from typing import Any

from django.utils.translation import gettext_lazy

UNIT_LABELS = {
    "contacts (tickets)": gettext_lazy("contacts (tickets)"),
    "kW of IT load": gettext_lazy("kW of IT load"),
    "servers (physical or virtual OS instances)": gettext_lazy("servers (physical or virtual OS instances)"),
    "TB of usable managed storage": gettext_lazy("TB of usable managed storage"),
    "sites": gettext_lazy("sites"),
    "applications": gettext_lazy("applications"),
    "protected users": gettext_lazy("protected users"),
}


def unit_label(code: Any) -> str:
    """The unit of measure in the reader's language; an administrator's own unit as typed."""
    text = str(code or "")
    return str(UNIT_LABELS.get(text, text))


def capability_unit(capability: Any) -> str:
    """A capability's unit of measure (its benchmark's) in the reader's language; empty without a
    benchmark or a unit. Select the benchmark with the capability to spare a query each."""
    benchmark = getattr(capability, "benchmark", None)  # the reverse one-to-one raises AttributeError when absent
    return unit_label(benchmark.unit_of_measure) if benchmark is not None else ""
