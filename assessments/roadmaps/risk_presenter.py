"""The engine's Monte Carlo result (`risk`) worded and shaped for pages and exports."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outsourcing.money import number_format

# What each kind of Monte Carlo driver is, for the tornado's labels.
RISK_DRIVER_LABELS: dict[str, Any] = {
    "savings_fraction": _("savings"),
    "efficiency_fraction": _("efficiency"),
    "transition_delay": _("transition delay"),
    "wage_growth": _("in-house wage growth"),
    "provider_indexation": _("provider price indexation"),
    "fx_depreciation": _("currency depreciation"),
    "severance_months": _("severance (months of wages)"),
    "governance_scale": _("governance cost (scale)"),
    "vat_rate": _("VAT rate on provider fees"),
}


def risk_sentence(*, probability: float, draws: int) -> str:
    """ "NPV is positive in 87 % of 10,000 simulated futures", in the active language."""
    percent = round(100.0 * probability)
    if 0.0 < probability < 0.005:
        percent_text = "< 1"
    elif 0.995 <= probability < 1.0:
        percent_text = "> 99"
    else:
        percent_text = str(percent)
    return ngettext(
        "NPV is positive in %(percent)s %% of %(draws)s simulated future.",
        "NPV is positive in %(percent)s %% of %(draws)s simulated futures.",
        draws,
    ) % {"percent": percent_text, "draws": number_format(draws)}


def risk_build(risk: dict[str, Any] | None, *, names: dict[str, str]) -> dict[str, Any] | None:
    """The engine's `risk` (JSON) shaped for pages and exports: percentiles, the sentence, the
    tornado with item labels (`names`: item id -> label). None when the result has no risk."""
    if not risk:
        return None
    tornado = []
    for bar in risk.get("tornado") or []:
        kind = bar.get("kind", "")
        item = names.get(bar.get("item_id", ""), bar.get("item_id", ""))
        what = RISK_DRIVER_LABELS.get(kind, kind.replace("_", " "))
        is_delay = kind == "transition_delay"
        tornado.append(
            bar
            | {
                "label": f"{item}: {what}" if item else str(what),
                "is_months": is_delay,
                "swing": abs(float(bar["npv_high"]) - float(bar["npv_low"])),
            }
        )
    probability = float(risk.get("probability_npv_positive") or 0.0)
    draws = int(risk.get("draws") or 0)
    return risk | {
        "sentence": risk_sentence(probability=probability, draws=draws),
        "percent": round(100.0 * probability),
        "tornado": tornado,
    }
