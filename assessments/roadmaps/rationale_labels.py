"""Labels of the codes an engine result carries (criteria, suitability classes, units of measure
(from providers/units.py), indicative causes, baselines, the items that hold a slot), in the reader's language: the
vocabulary the rationale texts (rationale.py) and the dashboard presenter share."""

import math
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outsourcing.money import number_format

CRITERION_LABELS = {
    "price_index": gettext_lazy("price"),
    "quality": gettext_lazy("quality"),
    "certification_fit": gettext_lazy("fitting certifications"),
    "capacity_ftes": gettext_lazy("capacity"),
    "experience_years": gettext_lazy("experience"),
    "standardisation": gettext_lazy("standardisation"),
    "annual_volume": gettext_lazy("volume"),
    "strategic_importance": gettext_lazy("strategic importance"),
    "knowledge_intensity": gettext_lazy("knowledge intensity"),
    "regulatory_sensitivity": gettext_lazy("regulatory sensitivity"),
    "maturity": gettext_lazy("process maturity"),
}

SUITABILITY_CLASSES = {
    "probable": gettext_lazy("probable"),
    "possible": gettext_lazy("possible"),
    "unlikely": gettext_lazy("unlikely"),
}


def criterion_label(code: str) -> str:
    return str(CRITERION_LABELS.get(code, code))


def suitability_class_label(code: str | None) -> str:
    return str(SUITABILITY_CLASSES.get(code or "", code or "–"))


def suitability_format(score: Any) -> str:
    """A 0-100 suitability score as shown beside its class: one decimal, rounded *down*, so the
    number never crosses a class threshold (whole numbers, defaults.py) that the exact score has
    not reached. 59.74 is "59.7" (possible, below "probable from 60"), never "60"; one decimal
    keeps how far below the threshold it is visible. A dash when there is no score."""
    if score is None or score == "":
        return "–"
    return number_format(math.floor(float(score) * 10 + 1e-9) / 10, decimals=1)


def month_label(value: Any) -> str:
    """A month number in the reader's format, or a dash when there is none."""
    return number_format(value) if value is not None else "–"


# Why an ITO saving is only indicative (the engine's `indicative_because`, underscores or spaces).
INDICATIVE_CAUSES = {
    "no_volume": gettext_lazy("no volume recorded for the area"),
    "no_market_band": gettext_lazy("no market unit-cost band for this capability"),
    "market_currency_differs": gettext_lazy("the market band is in another currency"),
    "zero_cost": gettext_lazy("no annual cost recorded"),
}

# Baselines whose absence blocks a BPO recommendation (rule 4), named for the consultant.
BASELINE_LABELS = {
    "annual_volume": gettext_lazy("the annual transaction volume (baseline cost per transaction)"),
    "ftes": gettext_lazy("the function's FTEs (baseline for FTEs released)"),
    "error_rate": gettext_lazy("the error rate"),
    "cycle_time_days": gettext_lazy("the cycle time in days"),
}


def indicative_cause(code: Any) -> str:
    key = str(code or "").strip().replace(" ", "_")
    return str(INDICATIVE_CAUSES.get(key, str(code or "")))


def baselines_named(codes: Any) -> str:
    """`missing_baselines` (a list, or the engine's comma-separated string) named for the reader."""
    if isinstance(codes, str):
        codes = [c.strip() for c in codes.split(",")]
    return "; ".join(str(BASELINE_LABELS.get(c, c)) for c in (codes or []) if c)


def held_by_named(held_by: Any, names: Mapping[str, str]) -> str:
    """Item ids holding a slot (a comma-separated string or a list) as the items' display names."""
    if isinstance(held_by, str):
        held_by = [h.strip() for h in held_by.split(",")]
    shown = [names.get(h, h) for h in (held_by or []) if h]
    return _(" and ").join(shown) if shown else _("other items")
