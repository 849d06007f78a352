"""The engine's Monte Carlo result (`risk`) worded and shaped for pages and exports."""

from __future__ import annotations

from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from outsourcing.money import money_format, number_format, percent_format

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

# The unit each kind of driver is measured in: a fraction (shown as a per cent), months,
# years, money (in the plan's currency) or a scale on a default (1 = the default). The tornado
# table, the board pack, the workbook and risk.csv all read it from here. A kind not listed
# here is a fraction (every driver the engine had before units were named was one).
RISK_DRIVER_UNITS: dict[str, str] = {
    "savings_fraction": "fraction",
    "efficiency_fraction": "fraction",
    "transition_delay": "months",
    "wage_growth": "fraction",
    "provider_indexation": "fraction",
    "fx_depreciation": "fraction",
    "severance_months": "months",
    "governance_scale": "scale",
    "vat_rate": "fraction",
}


def risk_driver_unit(kind: str) -> str:
    """The unit of a driver kind: "fraction", "months", "years", "money" or "scale"."""
    return RISK_DRIVER_UNITS.get(kind, "fraction")


def risk_unit_label(unit: str, *, currency: str) -> str:
    """How a unit is named in a table's unit column (exports), in the active language."""
    labels = {
        "fraction": gettext("share (1 = 100 %)"),
        "months": gettext("months"),
        "years": gettext("years"),
        "money": currency,
        "scale": gettext("times the default (1 = the default)"),
    }
    return labels.get(unit, unit)


def risk_value_format(value: float | int | None, *, unit: str, currency: str) -> str:
    """One end of an input's range as a reader writes it: `12.5 %`, `6.4 months`, `3 years`,
    `IDR 1,000,000`, `× 0.85`; in the active language's separators."""
    if value is None:
        return "–"
    number = float(value)
    if unit == "fraction":
        return percent_format(number)
    if unit == "money":
        return money_format(number, currency)
    shown = number_format(number, decimals=0 if number == int(number) else 1)
    if unit == "months":
        return ngettext("%(n)s month", "%(n)s months", 1 if number == 1 else 2) % {"n": shown}
    if unit == "years":
        return ngettext("%(n)s year", "%(n)s years", 1 if number == 1 else 2) % {"n": shown}
    if unit == "scale":
        return f"× {number_format(number, decimals=2)}"
    return shown


def risk_range_format(low: float | int | None, high: float | int | None, *, unit: str, currency: str) -> str:
    """An input's range as a reader writes it: `7.0 % – 28.0 %`, `6.4 – 10.6 months`,
    `× 0.75 – × 1.25`, in the active language."""
    if unit in ("months", "years") and low is not None and high is not None:
        number = float(high)
        shown = number_format(float(low), decimals=0 if float(low) == int(low) else 1)
        return f"{shown} – {risk_value_format(number, unit=unit, currency=currency)}"
    low_shown = risk_value_format(low, unit=unit, currency=currency)
    return f"{low_shown} – {risk_value_format(high, unit=unit, currency=currency)}"


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


def risk_build(risk: dict[str, Any] | None, *, names: dict[str, str], currency: str) -> dict[str, Any] | None:
    """The engine's `risk` (JSON) shaped for pages and exports: percentiles, the sentence, the
    tornado with item labels (`names`: item id -> label), each bar's unit and its range as
    text (`range_shown`). None when the result has no risk."""
    if not risk:
        return None
    tornado = []
    for bar in risk.get("tornado") or []:
        kind = bar.get("kind", "")
        item = names.get(bar.get("item_id", ""), bar.get("item_id", ""))
        what = RISK_DRIVER_LABELS.get(kind, kind.replace("_", " "))
        unit = risk_driver_unit(kind)
        tornado.append(
            bar
            | {
                "label": capfirst(f"{item}: {what}" if item else str(what)),
                "unit": unit,
                "range_shown": risk_range_format(bar.get("low"), bar.get("high"), unit=unit, currency=currency),
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
