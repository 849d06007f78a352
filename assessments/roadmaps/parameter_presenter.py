"""The parameters of a roadmap as its pages show them: the stored overrides, the effective
parameters (what the engine used, defaults filled in, read in this one place so that no page
repeats a default), their labels, and one row per parameter with its value and source."""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal
from typing import Any, cast

from django.db.models import Field
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from assessments.capture.models import SeveranceRule
from assessments.capture.selectors import COST_PARAMETER_FIELDS, COST_PARAMETER_GROUPS, PERCENT_PARAMETER_FIELDS
from assessments.engine import PARAMETER_SOURCES, Parameters
from assessments.models import Assessment, Roadmap
from assessments.roadmaps.parameter_bases import PARAMETER_BASES
from outsourcing.money import money_format, number_format, percent_format

BAND_LABELS: dict[str, Any] = {"low": _("low"), "typical": _("typical"), "high": _("high")}

PARAMETER_LABELS: dict[str, Any] = {
    "horizon_months": _("Planning horizon (months)"),
    "discount_rate": _("Discount rate (annual)"),
    "gate_fraction": _("BPO gate: share of planned ITO savings realised"),
    "max_parallel_ito": _("Parallel ITO engagements"),
    "max_parallel_bpo": _("Parallel BPO transitions"),
    "materiality_threshold": _("Materiality threshold for ITO savings"),
    "materiality_min_savings": _("Smallest material ITO saving (a year)"),
    "savings_band": _("Benchmark band of the base case"),
    "selection_cost_fraction": _("Provider selection cost (share of annual price)"),
    "governance_fraction": _("Retained governance (share of contract value)"),
    "ito_valuation_months": _("ITO valuation term (months)"),
    "bpo_contract_months": _("BPO contract term (months)"),
    "retained_fte_fraction": _("Retained organisation (share of a function's FTEs)"),
    "solver_time_limit_seconds": _("Schedule solver time limit (seconds)"),
    "region": _("Region"),
    "currency": _("Currency"),
    # Costs of the business case (engine/costs.py): the assessment form's own labels.
    # Every cost parameter is a concrete field of Assessment (a Field, not a relation).
    **{
        name: capfirst(cast("Field[Any, Any]", Assessment._meta.get_field(name)).verbose_name)
        for name in COST_PARAMETER_FIELDS
    },
}
# Shares and rates shown in per cent: those the assessment's form takes in per cent, and the two
# engine parameters the form does not offer (selection and BPO governance costs).
PERCENT_PARAMETERS = frozenset(PERCENT_PARAMETER_FIELDS) | {"selection_cost_fraction", "governance_fraction"}
# Parameter names of engine 1.x inputs, read under their 2.0 names.
LEGACY_PARAMETER_NAMES = {"selection_cost_pct": "selection_cost_fraction", "governance_pct": "governance_fraction"}


def _renamed(parameters: dict[str, Any]) -> dict[str, Any]:
    return {LEGACY_PARAMETER_NAMES.get(key, key): value for key, value in parameters.items()}


def roadmap_parameters_stored(*, roadmap: Roadmap) -> dict[str, Any]:
    """The parameters in the roadmap's stored engine input (one query, without the rest of the input)."""
    stored = Roadmap.objects.filter(pk=roadmap.pk).values_list("inputs__parameters", flat=True).first()
    return dict(stored or {})


def parameters_effective(stored: dict[str, Any], *, result: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the engine actually used: the result's `effective_parameters` when the engine reports
    them, else the stored parameters over the engine's defaults."""
    reported = _renamed((result or {}).get("effective_parameters") or {})
    defaults = _renamed({f.name: f.default for f in fields(Parameters) if f.name not in ("region", "currency")})
    stored = _renamed(dict(stored))
    if reported:
        return defaults | stored | {k: v for k, v in reported.items() if k not in ("region", "currency")}
    return defaults | stored


def roadmap_gate_fraction(*, roadmap: Roadmap) -> float:
    """The gate fraction the roadmap was computed with (no query): the engine's report when the result
    carries it, else a scenario's override, else the assessment's."""
    reported = ((roadmap.result or {}) if "result" not in roadmap.get_deferred_fields() else {}).get(
        "effective_parameters"
    ) or {}
    if "gate_fraction" in reported:
        return float(reported["gate_fraction"])
    return float((roadmap.parameter_overrides or {}).get("gate_fraction", roadmap.assessment.gate_fraction))


ORIGIN_LABELS: dict[str, Any] = {
    "scenario": _("changed in this scenario"),
    "assessment": _("set in the assessment"),
    "default": _("engine default"),
}


def _decimals(number: Decimal, *, most: int = 3) -> int:
    """How many decimals `number` needs to be shown exactly (0 for 11, 1 for 3.5), at most `most`."""
    exponent = number.normalize().as_tuple().exponent
    return min(most, max(0, -exponent)) if isinstance(exponent, int) else 0


def _basis_value(kind: str, value: Any) -> str:
    """One placeholder of a basis text in the reader's locale (kinds as in parameter_bases)."""
    if kind == "percent":
        return percent_format(value, decimals=_decimals(Decimal(str(value)) * 100))
    if kind == "times":
        return f"{number_format(value, decimals=max(1, _decimals(Decimal(str(value)))))} x"
    if kind == "number":
        return number_format(value, decimals=_decimals(Decimal(str(value))))
    return str(value)


def parameter_basis(key: str) -> str:
    """The basis of parameter `key`'s default in the active language, its numbers in the reader's
    locale; the engine's English source for a key the catalogue lacks (a test forbids that), and
    an empty string for an unknown key."""
    basis = PARAMETER_BASES.get(key)
    if basis is None:
        return PARAMETER_SOURCES.get(key, "")
    return str(basis.text) % {name: _basis_value(kind, value) for name, (kind, value) in basis.values.items()}


def parameter_value_shown(key: str, value: Any) -> str:
    """A parameter's value as a page shows it: per cent, a band or a rule by its label, a number
    in the reader's locale."""
    if key in PERCENT_PARAMETERS and value is not None:
        return percent_format(value, decimals=_decimals(Decimal(str(value)) * 100))
    if key == "savings_band":
        return str(BAND_LABELS.get(value, value))
    if key == "severance_rule" and value in SeveranceRule.values:
        return str(capfirst(SeveranceRule(value).label))
    if isinstance(value, float | Decimal):
        # The reader's decimal separator (0,5 in Indonesian), as many decimals as the value has.
        return number_format(value, decimals=_decimals(Decimal(str(value))))
    return str(value)


def parameter_rows(
    parameters: dict[str, Any],
    *,
    stored: set[str] | frozenset[str] = frozenset(),
    overridden: set[str] | frozenset[str] = frozenset(),
    with_context: bool = False,
) -> list[dict[str, Any]]:
    """Parameters with label, shown value, who set it and the basis of its default, in a stable order.

    Region and currency are context rather than assumptions; pages show them in the header
    and leave them out here unless `with_context`.
    """
    rows = []
    for key, label in PARAMETER_LABELS.items():
        if key not in parameters or (key in ("region", "currency") and not with_context):
            continue
        value = parameters[key]
        shown = parameter_value_shown(key, value)
        legacy = {old for old, new in LEGACY_PARAMETER_NAMES.items() if new == key}
        origin = (
            "scenario"
            if key in overridden or legacy & set(overridden)
            else "assessment"
            if key in stored or legacy & set(stored)
            else "default"
        )
        rows.append(
            {
                "key": key,
                "label": label,
                "value": value,
                "shown": shown,
                "origin": origin,
                "origin_label": ORIGIN_LABELS[origin],
                "source": parameter_basis(key),
            }
        )
    return rows


# The unit of each cost parameter that is neither a share (PERCENT_PARAMETERS) nor a choice.
COST_PARAMETER_UNITS = {
    "average_tenure_years": "years",
    "severance_multiplier": "times",
    "compensation_of_rights_months": "months",
    "severance_months_per_year": "months",
    "termination_fee_months": "months",
    "dual_running_months": "months",
    "deal_lead_time_months": "months",
    "retained_cost_per_fte": "money",
    "deal_fixed_cost": "money",
    "origin_monthly_earnings_usd": "usd_month",
}


def parameter_value_with_unit(key: str, value: Any, *, currency: str) -> str:
    """A parameter's value with its unit, in the reader's language: `11 %`, `IDR 150,000,000`,
    `0.5 months`, `5 years`, `× 1`; as `parameter_value_shown` for the rest."""
    unit = COST_PARAMETER_UNITS.get(key)
    if unit is None or value is None:
        return parameter_value_shown(key, value) if value is not None else "–"
    number = Decimal(str(value))
    if unit == "money":
        return money_format(number, currency)
    if unit == "usd_month":  # the origin's earnings: in US dollars whatever the plan's currency; 0 = the region's
        if not number:
            return gettext("the region's figure")
        return gettext("%(amount)s a month") % {"amount": money_format(number, "USD")}
    shown = number_format(number, decimals=_decimals(number))
    if unit == "times":
        return f"× {shown}"
    if unit == "years":
        return ngettext("%(n)s year", "%(n)s years", 1 if number == 1 else 2) % {"n": shown}
    return ngettext("%(n)s month", "%(n)s months", 1 if number == 1 else 2) % {"n": shown}


def assessment_cost_parameter_groups(*, assessment: Assessment) -> list[dict[str, Any]]:
    """The assessment's cost parameters by group (COST_PARAMETER_GROUPS): each group's title and
    rows of key, label (the form's) and value with its unit; no query."""
    return [
        {
            "title": title,
            "rows": [
                {
                    "key": key,
                    "label": PARAMETER_LABELS[key],
                    "shown": parameter_value_with_unit(key, getattr(assessment, key), currency=assessment.currency),
                }
                for key in keys
            ],
        }
        for title, keys in COST_PARAMETER_GROUPS
    ]
