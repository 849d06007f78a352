"""English rationale sentences. Each comes with a reason_code and reason_params (the
facts), so the web UI renders its own translation from the same facts; the English text
is for the CLI and the logs."""

from __future__ import annotations

import math

from .defaults import CAPABILITIES, CRITERION_LABELS


def _score(suitability: float) -> str:
    """A 0-100 suitability score to one decimal, rounded down: 59.74 is "59.7", never "60", so the
    number never reaches a class threshold (whole numbers) the score has not."""
    return f"{math.floor(suitability * 10 + 1e-9) / 10:.1f}"


Params = tuple[tuple[str, str | float | int | None], ...]
Reason = tuple[str, str, Params]


# Joins an amount's currency to its digits, as the web app does (outsourcing.money.money_format):
# a line never ends with the currency and starts the next with the digits.
NO_BREAK_SPACE = "\u00a0"


def money(amount: float, currency: str, *, decimals: int = 0) -> str:
    """An amount as the web app writes it in English: `IDR 1,234,568`, `-EUR 1,500` (a no-break
    space after the currency; the sign before it; the digits alone when there is no currency)."""
    digits = f"{abs(amount):,.{decimals}f}"
    sign = "-" if round(amount, decimals) < 0 else ""
    return f"{sign}{currency}{NO_BREAK_SPACE}{digits}" if currency else f"{sign}{digits}"


def _name(capability: str) -> str:
    return CAPABILITIES[capability][1] if capability in CAPABILITIES else capability


def _evidence(
    *,
    basis: str,
    unit_cost: float | None,
    market_unit_cost: float | None,
    unit: str,
    volume: float | None,
    currency: str,
    why_indicative: str,
) -> tuple[str, Params]:
    if basis == "found":
        text = (
            f"Found from evidence: it costs {money(unit_cost or 0.0, currency, decimals=2)} a year for each of its "
            f"{volume:,.0f} {unit}, against the market's {money(market_unit_cost or 0.0, currency, decimals=2)}."
        )
        params: Params = (
            ("savings_basis", basis),
            ("unit_cost", unit_cost),
            ("market_unit_cost", market_unit_cost),
            ("unit_of_measure", unit),
            ("volume", volume),
        )
    else:
        text = f"Not yet found ({why_indicative}): the figure is indicative, from the benchmark band."
        params = (("savings_basis", basis), ("indicative_because", why_indicative), ("unit_of_measure", unit))
    return text, params


def ito_planned(
    *,
    capability: str,
    fraction: float,
    annual_cost: float,
    savings: float,
    one_off: float,
    payback: float,
    npv: float,
    valuation_months: int,
    start: int,
    savings_from: int,
    exit_month: int,
    currency: str,
    evidence: dict[str, object],
) -> Reason:
    """A planned ITO item: "ito_savings_found" (recommended) or "ito_savings_indicative"
    (planned, but benchmark the area first: the saving has not been found)."""
    found = evidence["basis"] == "found"
    ev_text, ev_params = _evidence(currency=currency, **evidence)  # type: ignore[arg-type]  # reason: keys fixed
    head = "Recommended for ITO" if found else "Benchmark this area first (planned as indicative)"
    text = (
        f"{head}: {_name(capability)} can save {fraction:.1%} of its {money(annual_cost, currency)} annual cost, "
        f"{money(savings, currency)} a year, for a one-off {money(one_off, currency)} (pays back about "
        f"{payback:.0f} months after start; NPV {money(npv, currency)} over {valuation_months} months). "
        f"{ev_text} The engagement starts in month {start}, savings begin in month {savings_from}, and the "
        f"provider exits in month {exit_month} once the changes are handed back."
    )
    params: Params = (
        ("savings_fraction", fraction),
        ("annual_cost", annual_cost),
        ("net_annual_savings", savings),
        ("one_off_cost", one_off),
        ("payback_months", payback),
        ("npv", npv),
        ("valuation_months", valuation_months),
        ("start_month", start),
        ("savings_from_month", savings_from),
        ("exit_month", exit_month),
        *ev_params,
    )
    return ("ito_savings_found" if found else "ito_savings_indicative"), text, params


def ito_not_material(
    *,
    fraction: float,
    savings: float,
    threshold: float,
    min_savings: float,
    currency: str,
    evidence: dict[str, object],
) -> Reason:
    ev_text, ev_params = _evidence(currency=currency, **evidence)  # type: ignore[arg-type]  # reason: keys fixed
    unit_cost, market = evidence.get("unit_cost"), evidence.get("market_unit_cost")
    if evidence.get("basis") == "found" and isinstance(unit_cost, float | int) and isinstance(market, float | int):
        cheaper = unit_cost <= market
    else:
        cheaper = False
    # The absolute floor is quoted only when one is set (0 is off).
    floor = f"{threshold:.1%} and {money(min_savings, currency)} a year" if min_savings > 0 else f"{threshold:.1%}"
    if cheaper:
        text = (
            f"No material savings found: the area already costs less than the market, so an ITO engagement would "
            f"find no savings here. {ev_text}"
        )
    else:
        text = (
            f"No material savings found: {fraction:.1%} of the area's annual cost ({money(savings, currency)} a "
            f"year) is below the floor of {floor}, so an ITO engagement would make no difference here. {ev_text}"
        )
    params: Params = (
        ("savings_fraction", fraction),
        ("net_annual_savings", savings),
        ("threshold", threshold),
        ("min_savings", min_savings),
        *ev_params,
    )
    return "no_material_savings", text, params


def zero_cost(*, kind: str) -> Reason:
    text = f"No annual cost is recorded for this line, so {kind} cannot save anything on it."
    return "zero_cost", text, (("kind", kind),)


def standard_service(*, kind: str, fixed_cost: float, annual_cost: float, currency: str) -> Reason:
    """A deal too small to carry the fixed cost floor of selection, legal and contracting."""
    text = (
        f"Worth doing on its own figures, but too small for its own {kind} deal: the fixed cost of selection, legal "
        f"and contracting ({money(fixed_cost, currency)}) outweighs what it earns on {money(annual_cost, currency)} a "
        "year. Buy a standard SaaS or managed service instead of a phased programme."
    )
    return (
        "buy_standard_service",
        text,
        (("kind", kind), ("deal_fixed_cost", fixed_cost), ("annual_cost", annual_cost)),
    )


def ito_no_payback(
    *,
    cause: str,
    earliest: int,
    exit_month: int,
    payback_month: float,
    npv: float | None,
    horizon: int,
    valuation_months: int,
    currency: str,
) -> Reason:
    """cause: "exit_after_horizon", "payback_after_horizon" or "npv_not_positive"."""
    why = {
        "exit_after_horizon": (
            f"starting at the earliest in month {earliest}, the provider would exit in month {exit_month}, "
            f"after the {horizon}-month plan"
        ),
        "payback_after_horizon": (
            f"starting at the earliest in month {earliest}, the one-off would be recovered only in month "
            f"{payback_month:.0f}, after the {horizon}-month plan"
        ),
        "npv_not_positive": (
            f"its NPV over {valuation_months} months would be "
            f"{money(npv, currency) if npv is not None else 'not positive'}"
        ),
    }[cause]
    text = f"Not recommended: the engagement does not pay back within the plan ({why})."
    params: Params = (
        ("cause", cause),
        ("earliest_start_month", earliest),
        ("exit_month", exit_month),
        ("payback_month", payback_month),
        ("npv", npv),
        ("horizon_months", horizon),
        ("valuation_months", valuation_months),
    )
    return "no_payback_within_plan", text, params


def no_slot(*, kind: str, slots: int, held_by: tuple[str, ...], earliest: int, latest: int) -> Reason:
    who = ", ".join(held_by) if held_by else "other items"
    text = (
        f"Worth doing, but no slot within the plan: at most {slots} {kind} engagement{'s' if slots != 1 else ''} "
        f"run at a time, and between months {earliest} and {latest} (the last start that fits) the slots are "
        f"held by {who}, which add more value."
    )
    params: Params = (
        ("slots", slots),
        ("held_by", ", ".join(held_by)),
        ("earliest_start_month", earliest),
        ("latest_start_month", latest),
    )
    return "no_slot_within_plan", text, params


def horizon_too_short(*, kind: str, earliest: int, transition: int, horizon: int, cause: str) -> Reason:
    """cause: "gate" (BPO waits for the gate), "lead_time" (the deal lead time) or "available"
    (the area is not free)."""
    why = {"gate": "the gate", "lead_time": "the deal lead time"}.get(cause, "the area's availability")
    text = (
        f"Worth doing, but the horizon is too short: the earliest start is month {earliest} ({why}), and with "
        f"{transition} months of transition its benefits could not begin within the {horizon}-month plan."
    )
    params: Params = (
        ("earliest_start_month", earliest),
        ("transition_months", transition),
        ("horizon_months", horizon),
        ("cause", cause),
    )
    return "horizon_too_short", text, params


def bpo_included(
    *,
    suitability: float,
    suitability_class: str,
    efficiency: float,
    benefit: float,
    npv: float,
    pi: float | None,
    valuation_months: int,
    start: int,
    savings_from: int,
    full_from: int,
    currency: str,
    head: str = "Recommended for BPO",
) -> Reason:
    pi_text = f", profitability index {pi:.2f}" if pi is not None else ""
    text = (
        f"{head}: suitability {_score(suitability)}/100 ({suitability_class}). A provider's "
        f"{efficiency:.1%} efficiency gives {money(benefit, currency)} a year after its fee and governance; NPV "
        f"{money(npv, currency)} over the {valuation_months}-month contract{pi_text}. Transition starts in month "
        f"{start}, benefits begin in month {savings_from} and reach full run-rate in month {full_from}."
    )
    params: Params = (
        ("suitability", suitability),
        ("suitability_class", suitability_class),
        ("efficiency_fraction", efficiency),
        ("net_annual_benefit", benefit),
        ("npv", npv),
        ("profitability_index", pi),
        ("valuation_months", valuation_months),
        ("start_month", start),
        ("savings_from_month", savings_from),
        ("full_run_rate_month", full_from),
    )
    return "bpo_efficiency_pays", text, params


def regulatory_condition_required(
    *,
    suitability: float,
    benefit: float,
    npv: float | None,
    start: int,
    valuation_months: int,
    regulator: str,
    requirement: str,
    currency: str,
) -> Reason:
    """A regulated function that would pay, left out of the plan until the regulator's condition is
    stated met (regulation.py names the requirement in the sentence that follows)."""
    npv_text = money(npv, currency) if npv is not None else "not known"
    text = (
        f"Not recommended for BPO until the regulator's condition is stated as met: on its figures it would "
        f"pay (suitability {_score(suitability)}/100, {money(benefit, currency)} a year after the provider's fee and "
        f"governance, NPV {npv_text} over the {valuation_months}-month contract from month {start}), but a "
        "regulated function is not handed over on its economics alone, so it is not in the plan and none of its "
        "money is counted."
    )
    params: Params = (
        ("suitability", suitability),
        ("net_annual_benefit", benefit),
        ("npv", npv),
        ("start_month", start),
        ("valuation_months", valuation_months),
        ("regulator", regulator),
        ("requirement", requirement),
    )
    return "regulatory_condition_required", text, params


def bpo_not_suitable(*, suitability: float, weakest: tuple[str, ...]) -> Reason:
    named = " and ".join(CRITERION_LABELS[w] for w in weakest)
    text = (
        f"Not suitable for BPO: suitability {_score(suitability)}/100 is in the 'unlikely' class (below 40), held back "
        f"most by {named}. Keep this function in house."
    )
    return "not_suitable", text, (("suitability", suitability), ("weakest_criteria", ", ".join(weakest)))


BASELINE_LABELS = {
    "annual_volume": "the annual transaction volume (baseline cost per transaction)",
    "ftes": "the function's FTEs (baseline for FTEs released)",
}


def success_measures_missing(*, missing: tuple[str, ...]) -> Reason:
    named = "; ".join(BASELINE_LABELS.get(m, m) for m in missing)
    text = (
        f"Not recommended yet: BPO succeeds only when improvement is measured, and the baseline is "
        f"missing: {named}. Record it to set the targets."
    )
    return "success_measures_missing", text, (("missing_baselines", ", ".join(missing)),)


def bpo_not_profitable(
    *, npv: float | None, benefit: float, one_off: float, start: int, valuation_months: int, currency: str
) -> Reason:
    npv_text = money(npv, currency) if npv is not None else "not positive"
    text = (
        f"Process improvement would not pay: starting in month {start}, the NPV over the {valuation_months}-month "
        f"contract would be {npv_text} (net benefit {money(benefit, currency)} a year after the provider's fee "
        f"and governance, one-off {money(one_off, currency)}), so BPO is not recommended."
    )
    return (
        "no_financial_gain",
        text,
        (
            ("npv", npv),
            ("net_annual_benefit", benefit),
            ("one_off_cost", one_off),
            ("start_month", start),
            ("valuation_months", valuation_months),
        ),
    )


def delay_contract(*, available: int, gate_month: int | None) -> Reason:
    later_wave = gate_month is not None and available > gate_month
    text = f"Starts in month {available}, when the area is free (its current contract runs until then)."
    if later_wave:
        text += f" A later ITO wave: BPO did not wait for it and may start from the gate in month {gate_month}."
    return (
        "waiting_for_contract_end",
        text,
        (("available_from_month", available), ("later_wave", later_wave), ("gate_month", gate_month)),
    )


def delay_gate(*, gate_month: int) -> Reason:
    text = f"Starts at the gate, month {gate_month}, once the ITO savings are realised."
    return "waiting_for_gate", text, (("gate_month", gate_month),)


def delay_lead_time(*, lead_time: int, kind: str) -> Reason:
    """A deal that could start earlier but for the lead time of selection and contracting."""
    text = (
        f"Starts in month {lead_time}, after the deal lead time: selection and contracting take "
        f"{lead_time} months before any {kind} deal can start."
    )
    return "waiting_for_lead_time", text, (("lead_time_months", lead_time),)


def slots_named(slots: int, kind: str) -> str:
    """ "the single ITO slot is", "both ITO slots are", "all 3 ITO slots are"."""
    if slots == 1:
        return f"the single {kind} slot is"
    return f"both {kind} slots are" if slots == 2 else f"all {slots} {kind} slots are"


def delay_slot(*, kind: str, slots: int, held_by: tuple[str, ...], could_start: int) -> Reason:
    text = (
        f"Could start in month {could_start}, but {slots_named(slots, kind)} held "
        f"until then by {', '.join(held_by) or 'other items'}."
    )
    return (
        "slot_held",
        text,
        (("slots", slots), ("held_by", ", ".join(held_by)), ("could_start_month", could_start)),
    )


def gate(
    *,
    gate_month: int | None,
    has_ito: bool,
    has_bpo: bool,
    fraction: float,
    planned: float,
    reached: bool,
    horizon: int,
    currency: str,
) -> Reason:
    if not has_bpo:
        text = (
            "No BPO phase: no business function is suitable, measurable and profitable within the plan, so there "
            "is no gate to pass."
        )
        return "no_bpo_phase", text, ()
    if not has_ito:
        text = (
            "No IT area qualified for ITO (no material savings that pay back within the plan), so BPO may start "
            "at once, in month 0."
        )
        return "no_ito_phase", text, (("gate_month", 0),)
    params: Params = (("gate_month", gate_month), ("gate_fraction", fraction), ("planned_ito_run_rate", planned))
    if not reached:
        text = (
            f"The realised ITO savings never reach {fraction:.0%} of the planned run-rate of "
            f"{money(planned, currency)} a year within the {horizon}-month plan, so no BPO engagement can start."
        )
        return "gate_not_reached", text, params
    text = (
        f"BPO may start from month {gate_month}, the first month in which the realised ITO savings run-rate "
        f"reaches {fraction:.0%} of the planned ITO run-rate of {money(planned, currency)} a year. It does not "
        "wait for later ITO waves."
    )
    return "gate_reached", text, params
