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
from django.utils.translation import gettext_lazy, ngettext

from outsourcing.money import money_format, number_format, percent_format

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


def _month(value: Any) -> str:
    return number_format(value) if value is not None else "–"


def _outside_horizon(params: Mapping[str, Any], kind: str) -> str:
    causes = {
        "slots": _("only so many engagements run at a time"),
        "available": _("the area is not free for handover earlier"),
        "gate": _("BPO waits until the ITO savings are realised and every ITO engagement has started"),
    }
    values = {
        "start": _month(params.get("earliest_start_month")),
        "why": causes.get(params.get("cause", ""), ""),
        "transition": _month(params.get("transition_months")),
        "horizon": _month(params.get("horizon_months")),
    }
    if kind == "ITO":
        return (
            _(
                "Worth doing, but not within the plan: the earliest start is month %(start)s (%(why)s), and with "
                "%(transition)s months of transition its savings could not begin within the %(horizon)s-month horizon."
            )
            % values
        )
    return (
        _(
            "Worth doing, but not within the plan: the earliest start is month %(start)s (%(why)s), and with "
            "%(transition)s months of transition its benefits could not begin within the %(horizon)s-month horizon."
        )
        % values
    )


def item_rationale(item: Mapping[str, Any], *, currency: str) -> str:
    """The decision on one roadmap item, in the active language."""
    code = item.get("reason_code", "")
    params = item.get("reason_params") or {}

    def money(name: str) -> str:
        return money_format(params.get(name), currency)

    if code == "ito_savings_found":
        return _(
            "Recommended for ITO: %(pct)s of the %(cost)s annual cost can be saved, %(savings)s a year net, for a "
            "one-off %(one_off)s (pays back about %(payback)s months after start). The engagement starts in month "
            "%(start)s, savings begin in month %(from)s, and the provider exits in month %(exit)s once the changes "
            "are handed back to the business."
        ) % {
            "pct": percent_format(params.get("savings_pct")),
            "cost": money("annual_cost"),
            "savings": money("net_annual_savings"),
            "one_off": money("one_off_cost"),
            "payback": number_format(params.get("payback_months")),
            "start": _month(params.get("start_month")),
            "from": _month(params.get("savings_from_month")),
            "exit": _month(params.get("exit_month")),
        }
    if code == "no_material_savings":
        return _(
            "No material savings found: the expected net savings of %(pct)s (%(savings)s a year) are below the "
            "materiality threshold of %(threshold)s of the area's annual cost, so an ITO engagement would make no "
            "difference here."
        ) % {
            "pct": percent_format(params.get("savings_pct")),
            "savings": money("net_annual_savings"),
            "threshold": percent_format(params.get("threshold")),
        }
    if code == "outside_horizon":
        return _outside_horizon(params, item.get("kind", "ITO"))
    if code == "bpo_efficiency_pays":
        return _(
            "Recommended for BPO: suitability %(suitability)s/100 (%(class)s). A provider's %(efficiency)s "
            "efficiency gives %(benefit)s a year after its fee and governance; NPV %(npv)s over the horizon. "
            "Transition starts in month %(start)s, benefits begin in month %(from)s and reach full run-rate in "
            "month %(full)s."
        ) % {
            "suitability": number_format(params.get("suitability")),
            "class": suitability_class_label(params.get("suitability_class")),
            "efficiency": percent_format(params.get("efficiency_pct")),
            "benefit": money("net_annual_benefit"),
            "npv": money("npv"),
            "start": _month(params.get("start_month")),
            "from": _month(params.get("savings_from_month")),
            "full": _month(params.get("full_run_rate_month")),
        }
    if code == "not_suitable":
        weakest = [criterion_label(c.strip()) for c in str(params.get("weakest_criteria", "")).split(",") if c.strip()]
        return _(
            "Not suitable for BPO: suitability %(suitability)s/100 is in the 'unlikely' class (below 40), held back "
            "most by %(criteria)s. Keep this function in house."
        ) % {"suitability": number_format(params.get("suitability")), "criteria": _(" and ").join(weakest)}
    if code == "no_financial_gain":
        npv = params.get("npv")
        return _(
            "Process improvement would not pay: starting in month %(start)s, the NPV over the horizon would be "
            "%(npv)s (net benefit %(benefit)s a year after the provider's fee and governance, one-off %(one_off)s), "
            "so BPO is not recommended."
        ) % {
            "start": _month(params.get("start_month")),
            "npv": money_format(npv, currency) if npv is not None else _("not positive"),
            "benefit": money("net_annual_benefit"),
            "one_off": money("one_off_cost"),
        }
    return str(item.get("rationale", ""))


def _gate_from_code(code: str, params: Mapping[str, Any], *, currency: str) -> str | None:
    """The engine's gate reason (code and facts) worded in the active language; None for an unknown code."""
    if code == "no_bpo_phase":
        return _(
            "No BPO phase: no business function is both suitable and profitable within the horizon, so there is no "
            "gate to pass."
        )
    if code == "no_ito_phase":
        return _(
            "No IT area qualified for ITO (no material savings found that could begin within the horizon), so BPO "
            "may start at once, in month 0."
        )
    fraction = params.get("gate_fraction")
    facts = {
        "gate": _month(params.get("gate_month")),
        "fraction": percent_format(fraction, decimals=0) if fraction is not None else "–",
        "planned": money_format(params.get("planned_ito_run_rate"), currency),
    }
    if code == "gate_reached":
        return (
            _(
                "BPO may start from month %(gate)s, the first month in which the realised ITO savings run-rate "
                "reaches %(fraction)s of the planned ITO run-rate of %(planned)s a year."
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
        "gate": _month(gate_month),
        "fraction": percent_format(gate_fraction, decimals=0) if gate_fraction is not None else "–",
        "planned": money_format((result.get("kpis") or {}).get("run_rate_ito"), currency),
    }
    first_bpo = min(i.get("start_month") or 0 for i in bpo)
    last_ito = max(i.get("start_month") or 0 for i in ito)
    if gate_month is not None and first_bpo > gate_month:
        text += " " + _(
            "The first BPO engagement starts in month %(first)s, after the last ITO engagement has begun "
            "(month %(last)s)."
        ) % {"first": _month(first_bpo), "last": _month(last_ito)}
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
    values = {"rank": rank, "score": number_format(entry.get("score"), decimals=3), "criteria": named}
    if code == "strongest_on":
        return _("Ranked %(rank)s (TOPSIS %(score)s): strongest on %(criteria)s.") % values
    if code == "remaining_candidate":
        return _("Ranked %(rank)s (TOPSIS %(score)s): no relative strength; weigh its %(criteria)s.") % values
    if code == "only_candidate":
        return _("The only offering serving this region: %(criteria)s.") % values
    if code == "tied_candidates":
        return _("Ranked %(rank)s; all candidates are equal on every criterion: %(criteria)s.") % values
    return str(entry.get("reason", ""))
