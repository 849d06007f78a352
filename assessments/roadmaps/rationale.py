"""The engine's decisions in the reader's language.

The engine is pure and writes its rationale in English; with each sentence it gives
a reason code and the facts behind it. These functions write the same sentence
through Django's translation machinery from those facts, so the dashboard, the board
pack and the exports read in English or Bahasa Indonesia alike. An unknown code falls
back to the engine's English sentence rather than hiding the reason.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.roadmaps.delay_text import delay_explanation
from assessments.roadmaps.rationale_delivery import delivery_sentence
from assessments.roadmaps.rationale_labels import (
    baselines_named,
    criterion_label,
    held_by_named,
    indicative_cause,
    month_label,
    suitability_class_label,
    suitability_format,
)
from assessments.roadmaps.regulation_text import condition_required_text, planned_bpo_head
from outsourcing.money import money_format, number_format, percent_format
from providers.units import unit_label

__all__ = ["delay_explanation", "gate_explanation", "item_rationale", "savings_evidence", "shortlist_reason"]


def savings_evidence(params: Mapping[str, Any], *, currency: str) -> str:
    """How an ITO saving was established (rule 3): found from the unit cost against the market,
    or indicative from the benchmark band; empty for results without the facts (engine 1.x)."""
    basis = params.get("savings_basis")
    if basis == "found":
        return _(
            "Found from evidence: the area costs %(unit_cost)s a year for each of its %(volume)s %(unit)s, "
            "against the market's %(market)s."
        ) % {
            "unit_cost": money_format(params.get("unit_cost"), currency, decimals=2),
            "market": money_format(params.get("market_unit_cost"), currency, decimals=2),
            "unit": unit_label(params.get("unit_of_measure")),
            "volume": number_format(params.get("volume")),
        }
    if basis == "indicative":
        return _(
            "Not yet found (%(why)s): the figure is indicative, from the benchmark band. Benchmark this area: "
            "record its volume in %(unit)s to compare its unit cost with the market's."
        ) % {
            "why": indicative_cause(params.get("indicative_because")),
            "unit": unit_label(params.get("unit_of_measure")) or _("its unit of measure"),
        }
    return ""


def _with_evidence(text: str, params: Mapping[str, Any], *, currency: str) -> str:
    evidence = savings_evidence(params, currency=currency)
    return f"{text} {evidence}" if evidence else text


def _no_payback(params: Mapping[str, Any], *, currency: str) -> str:
    cause = params.get("cause")
    values = {
        "start": month_label(params.get("earliest_start_month")),
        "exit": month_label(params.get("exit_month")),
        "payback": month_label(params.get("payback_month")),
        "horizon": month_label(params.get("horizon_months")),
        "term": month_label(params.get("valuation_months")),
        "npv": money_format(params.get("npv"), currency) if params.get("npv") is not None else _("not positive"),
    }
    if cause == "exit_after_horizon":
        why = (
            _(
                "starting at the earliest in month %(start)s, the provider would exit in month %(exit)s, after the "
                "%(horizon)s-month plan"
            )
            % values
        )
    elif cause == "payback_after_horizon":
        why = (
            _(
                "starting at the earliest in month %(start)s, the one-off cost would be recovered only in month "
                "%(payback)s, after the %(horizon)s-month plan"
            )
            % values
        )
    else:
        why = _("its NPV over %(term)s months would be %(npv)s") % values
    return _("Not recommended: the engagement does not pay back within the plan (%(why)s).") % {"why": why}


def _with_delivery(params: Mapping[str, Any], text: str) -> str:
    extra = delivery_sentence(params)
    return f"{text} {extra}" if extra else text


def _already_below_market(params: Mapping[str, Any]) -> bool:
    """Whether the area's unit cost, found from evidence, is at or below the market's."""
    unit_cost, market = params.get("unit_cost"), params.get("market_unit_cost")
    return (
        params.get("savings_basis") == "found"
        and unit_cost is not None
        and market is not None
        and (float(unit_cost) <= float(market))
    )


def _no_material_savings(params: Mapping[str, Any], *, currency: str, fraction: Any) -> str:
    """Why an IT area gets no ITO engagement: it already costs less than the market, or its saving is
    below the materiality floor (the absolute floor quoted only when one is set)."""
    if _already_below_market(params):
        return _(
            "Not recommended: the area already costs less than the market (%(unit_cost)s a year for each of its "
            "%(volume)s %(unit)s, against the market's %(market)s), so an ITO engagement would find no savings "
            "here."
        ) % {
            "unit_cost": money_format(params.get("unit_cost"), currency, decimals=2),
            "market": money_format(params.get("market_unit_cost"), currency, decimals=2),
            "unit": unit_label(params.get("unit_of_measure")),
            "volume": number_format(params.get("volume")),
        }
    values = {
        "pct": percent_format(fraction),
        "savings": money_format(params.get("net_annual_savings"), currency),
        "threshold": percent_format(params.get("threshold")),
        "minimum": money_format(params.get("min_savings"), currency),
    }
    if params.get("min_savings"):
        text = (
            _(
                "No material savings found: the expected net savings of %(pct)s (%(savings)s a year) are below the "
                "materiality floor of %(threshold)s of the area's annual cost and %(minimum)s a year, so an ITO "
                "engagement would make no difference here."
            )
            % values
        )
    else:
        text = (
            _(
                "No material savings found: the expected net savings of %(pct)s (%(savings)s a year) are below the "
                "materiality floor of %(threshold)s of the area's annual cost, so an ITO engagement would make no "
                "difference here."
            )
            % values
        )
    return _with_evidence(text, params, currency=currency)


def item_rationale(item: Mapping[str, Any], *, currency: str, names: Mapping[str, str] | None = None) -> str:
    """The decision on one roadmap item, in the active language.

    `names` maps item ids to display names, so a slot held by other items names them.
    Results of engine 1.x (`savings_pct`, `efficiency_pct`) read the same.
    """
    code = item.get("reason_code", "")
    params = item.get("reason_params") or {}
    names = names or {}

    def money(name: str) -> str:
        return money_format(params.get(name), currency)

    def fraction(name: str) -> Any:
        legacy = name.replace("_fraction", "_pct")
        return params.get(name, params.get(legacy))

    if code in ("ito_savings_found", "ito_savings_indicative"):
        head = (
            _("Recommended for ITO")
            if code == "ito_savings_found"
            else _("Benchmark this area first (planned on an indicative saving)")
        )
        text = _(
            "%(head)s: %(pct)s of the %(cost)s annual cost can be saved, %(savings)s a year net, for a one-off "
            "%(one_off)s (pays back about %(payback)s months after start). The short engagement starts in month "
            "%(start)s, savings begin in month %(from)s, and the provider exits in month %(exit)s once the changes "
            "are handed back to the business."
        ) % {
            "head": head,
            "pct": percent_format(fraction("savings_fraction")),
            "cost": money("annual_cost"),
            "savings": money("net_annual_savings"),
            "one_off": money("one_off_cost"),
            "payback": number_format(params.get("payback_months")),
            "start": month_label(params.get("start_month")),
            "from": month_label(params.get("savings_from_month")),
            "exit": month_label(params.get("exit_month")),
        }
        return _with_evidence(text, params, currency=currency)
    if code == "no_material_savings":
        return _no_material_savings(params, currency=currency, fraction=fraction("savings_fraction"))
    if code == "zero_cost":
        return _("No annual cost is recorded for this line, so outsourcing cannot save anything on it.")
    if code == "no_payback_within_plan":
        return _no_payback(params, currency=currency)
    if code == "no_slot_within_plan":
        return ngettext(
            "Worth doing, but no slot within the plan: at most %(slots)s engagement of this kind runs at a time, "
            "and from month %(start)s to month %(latest)s (the last start that fits) the slot is held by %(held)s, "
            "which add more value.",
            "Worth doing, but no slot within the plan: at most %(slots)s engagements of this kind run at a time, "
            "and from month %(start)s to month %(latest)s (the last start that fits) the slots are held by "
            "%(held)s, which add more value.",
            int(params.get("slots") or 0),
        ) % {
            "slots": number_format(params.get("slots")),
            "start": month_label(params.get("earliest_start_month")),
            "latest": month_label(params.get("latest_start_month")),
            "held": held_by_named(params.get("held_by"), names),
        }
    if code == "horizon_too_short":
        why = {
            "gate": _("waiting for the gate"),
            "lead_time": _("the deal lead time of selection and contracting"),
        }.get(str(params.get("cause")), _("the area is not free earlier"))
        return _(
            "Worth doing, but the horizon is too short: the earliest start is month %(start)s (%(why)s), and with "
            "%(transition)s months of transition its benefits could not begin within the %(horizon)s-month plan."
        ) % {
            "start": month_label(params.get("earliest_start_month")),
            "why": why,
            "transition": month_label(params.get("transition_months")),
            "horizon": month_label(params.get("horizon_months")),
        }
    if code == "bpo_efficiency_pays":
        return _with_delivery(
            params,
            _(
                "%(head)s: suitability %(suitability)s/100 (%(class)s). A provider's %(efficiency)s "
                "efficiency gives %(benefit)s a year after its fee and governance; NPV %(npv)s over the contract. "
                "Transition starts in month %(start)s, benefits begin in month %(from)s and reach full run-rate in "
                "month %(full)s."
            )
            % {
                "head": planned_bpo_head(item.get("regulatory_condition")),
                "suitability": suitability_format(params.get("suitability")),
                "class": suitability_class_label(params.get("suitability_class")),
                "efficiency": percent_format(fraction("efficiency_fraction")),
                "benefit": money("net_annual_benefit"),
                "npv": money("npv"),
                "start": month_label(params.get("start_month")),
                "from": month_label(params.get("savings_from_month")),
                "full": month_label(params.get("full_run_rate_month")),
            },
        )
    if code == "regulatory_condition_required":
        return condition_required_text(params, currency=currency)
    if code == "not_suitable":
        weakest = [criterion_label(c.strip()) for c in str(params.get("weakest_criteria", "")).split(",") if c.strip()]
        return _(
            "Not suitable for BPO: suitability %(suitability)s/100 is in the 'unlikely' class (below 40), held back "
            "most by %(criteria)s. Keep this function in house."
        ) % {"suitability": suitability_format(params.get("suitability")), "criteria": _(" and ").join(weakest)}
    if code == "success_measures_missing":
        return _(
            "Not recommended yet: BPO succeeds only when the improvement is measured, and a baseline is missing: "
            "%(missing)s. Record it to set the targets."
        ) % {"missing": baselines_named(params.get("missing_baselines"))}
    if code == "no_financial_gain":
        npv = params.get("npv")
        text = _(
            "Process improvement would not pay: starting in month %(start)s, the NPV over the horizon would be "
            "%(npv)s (net benefit %(benefit)s a year after the provider's fee and governance, one-off %(one_off)s), "
            "so BPO is not recommended."
        ) % {
            "start": month_label(params.get("start_month")),
            "npv": money_format(npv, currency) if npv is not None else _("not positive"),
            "benefit": money("net_annual_benefit"),
            "one_off": money("one_off_cost"),
        }
        return _with_delivery(params, text)
    if code == "buy_standard_service":
        return _(
            "Worth doing on its own figures, but too small for its own %(kind)s deal: the fixed cost of selection, "
            "legal and contracting (%(fixed)s) outweighs what it earns on %(cost)s a year. Buy a standard SaaS or "
            "managed service instead of a phased programme."
        ) % {"kind": params.get("kind", ""), "fixed": money("deal_fixed_cost"), "cost": money("annual_cost")}
    return str(item.get("rationale", ""))


def _gate_from_code(code: str, params: Mapping[str, Any], *, currency: str) -> str | None:
    """The engine's gate reason (code and facts) worded in the active language; None for an unknown code."""
    if code == "no_bpo_phase":
        return _(
            "No BPO phase: no business function is suitable, measurable and profitable within the plan, so there "
            "is no gate to pass."
        )
    if code == "no_ito_phase":
        return _(
            "No IT area qualified for ITO (no material savings that pay back within the plan), so BPO may start at "
            "once, in month 0."
        )
    fraction = params.get("gate_fraction")
    facts = {
        "gate": month_label(params.get("gate_month")),
        "fraction": percent_format(fraction, decimals=0) if fraction is not None else "–",
        "planned": money_format(params.get("planned_ito_run_rate"), currency),
    }
    if code == "gate_reached":
        return (
            _(
                "BPO may start from month %(gate)s, the first month in which the realised ITO savings run-rate "
                "reaches %(fraction)s of the planned ITO run-rate of %(planned)s a year. It does not wait for later "
                "ITO waves."
            )
            % facts
        )
    if code == "gate_not_reached":
        return (
            _(
                "The realised ITO savings never reach %(fraction)s of the planned ITO run-rate of %(planned)s a "
                "year within the plan, so no BPO engagement can start."
            )
            % facts
        )
    return None


def gate_explanation(result: Mapping[str, Any], *, gate_fraction: float | None) -> str:
    """Why the BPO phase starts when it does, in the active language.

    From the engine's `gate_reason_code` and `gate_params` when the result carries them (engine
    2.0); results of earlier engines, which only carry the English sentence, are explained from
    their items and the gate fraction they were computed with.
    """
    code = result.get("gate_reason_code")
    if code:
        worded = _gate_from_code(code, result.get("gate_params") or {}, currency=result.get("currency", ""))
        if worded is not None:
            return worded
    items = result.get("items") or []
    ito = [i for i in items if i.get("kind") == "ITO" and i.get("included")]
    bpo = [i for i in items if i.get("kind") == "BPO" and i.get("included")]
    currency = result.get("currency", "")
    if not bpo:
        return _(
            "No BPO phase: no business function is both suitable and profitable within the horizon, so there is no "
            "gate to pass."
        )
    if not ito:
        return _(
            "No IT area qualified for ITO (no material savings found that could begin within the horizon), so BPO "
            "may start at once, in month 0."
        )
    gate_month = result.get("gate_month")
    text = _(
        "BPO may start from month %(gate)s, the first month in which the realised ITO savings run-rate reaches "
        "%(fraction)s of the planned ITO run-rate of %(planned)s a year."
    ) % {
        "gate": month_label(gate_month),
        "fraction": percent_format(gate_fraction, decimals=0) if gate_fraction is not None else "–",
        "planned": money_format((result.get("kpis") or {}).get("run_rate_ito"), currency),
    }
    first_bpo = min(i.get("start_month") or 0 for i in bpo)
    last_ito = max(i.get("start_month") or 0 for i in ito)
    if gate_month is not None and first_bpo > gate_month:
        text += " " + _(
            "The first BPO engagement starts in month %(first)s, after the last ITO engagement has begun "
            "(month %(last)s)."
        ) % {"first": month_label(first_bpo), "last": month_label(last_ito)}
    return text


def _criterion_value(code: str, value: Any) -> str:
    if code == "price_index":
        return _("price (index %(value)s)") % {"value": number_format(value, decimals=2)}
    if code == "capacity_ftes":
        return _("capacity (%(value)s FTEs)") % {"value": number_format(value)}
    if code == "experience_years":
        count = int(value or 0)
        return ngettext("experience (%(value)s year)", "experience (%(value)s years)", count) % {
            "value": number_format(value)
        }
    if code == "certification_fit":
        return _("fitting certifications (%(value)s)") % {"value": number_format(value)}
    return _("%(criterion)s (%(value)s)") % {
        "criterion": criterion_label(code),
        "value": number_format(value, decimals=1),
    }


def shortlist_reason(entry: Mapping[str, Any], *, rank: int) -> str:
    """Why a provider is on the shortlist, naming the criteria that decided it."""
    criteria = entry.get("criteria") or {}
    named = _(" and ").join(_criterion_value(code, value) for code, value in criteria.items())
    code = entry.get("reason_code", "")
    closeness = entry.get("closeness", entry.get("score"))
    values = {"rank": rank, "score": number_format(closeness, decimals=3), "criteria": named}
    if code == "strongest_on":
        return _("Ranked %(rank)s (TOPSIS %(score)s): strongest on %(criteria)s.") % values
    if code == "remaining_candidate":
        return _("Ranked %(rank)s (TOPSIS %(score)s): no relative strength; weigh its %(criteria)s.") % values
    if code == "only_candidate":
        return _("The only offering serving this region: %(criteria)s.") % values
    if code == "tied_candidates":
        return _("Ranked %(rank)s; all candidates are equal on every criterion: %(criteria)s.") % values
    return str(entry.get("reason", ""))
