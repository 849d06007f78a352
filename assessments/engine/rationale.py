"""English rationale sentences. Each comes with a reason_code and reason_params so the
web UI can render its own translation from the same facts."""

from __future__ import annotations

from .defaults import CAPABILITIES, CRITERION_LABELS

Params = tuple[tuple[str, str | float | int | None], ...]


def money(amount: float, currency: str) -> str:
    return f"{amount:,.0f} {currency}"


def ito_included(
    *,
    capability: str,
    pct: float,
    annual_cost: float,
    savings: float,
    one_off: float,
    payback: float,
    start: int,
    savings_from: int,
    exit_month: int,
    currency: str,
) -> tuple[str, str, Params]:
    text = (
        f"Recommended for ITO: {CAPABILITIES.get(capability, ('', capability))[1]} can save {pct:.1%} of its "
        f"{money(annual_cost, currency)} annual cost, {money(savings, currency)} a year net, for a one-off "
        f"{money(one_off, currency)} (pays back about {payback:.0f} months after start). The engagement starts in "
        f"month {start}, savings begin in month {savings_from}, and the provider exits in month {exit_month} once "
        "the changes are handed back to the business."
    )
    params: Params = (
        ("savings_pct", pct),
        ("annual_cost", annual_cost),
        ("net_annual_savings", savings),
        ("one_off_cost", one_off),
        ("payback_months", payback),
        ("start_month", start),
        ("savings_from_month", savings_from),
        ("exit_month", exit_month),
    )
    return "ito_savings_found", text, params


def ito_not_material(*, pct: float, savings: float, threshold: float, currency: str) -> tuple[str, str, Params]:
    text = (
        f"No material savings found: the expected net savings of {pct:.1%} ({money(savings, currency)} a year) are "
        f"below the materiality threshold of {threshold:.1%} of the area's annual cost, so an ITO engagement would "
        "make no difference here."
    )
    return (
        "no_material_savings",
        text,
        (("savings_pct", pct), ("net_annual_savings", savings), ("threshold", threshold)),
    )


def outside_horizon(
    *, kind: str, start: int, transition: int, horizon: int, slots: int, cause: str
) -> tuple[str, str, Params]:
    """`cause` says what set the earliest start: "slots" (the parallel limit), "available"
    (the IT area is not free earlier) or "gate" (BPO waits for the ITO savings)."""
    why = {
        "slots": f"at most {slots} {kind} engagement{'s' if slots != 1 else ''} run at a time",
        "available": "the area is not free for handover earlier",
        "gate": "BPO waits until the ITO savings are realised and every ITO engagement has started",
    }[cause]
    text = (
        f"Worth doing, but not within the plan: the earliest start is month {start} ({why}), and with "
        f"{transition} months of transition its {'savings' if kind == 'ITO' else 'benefits'} could not begin "
        f"within the {horizon}-month horizon."
    )
    return (
        "outside_horizon",
        text,
        (
            ("earliest_start_month", start),
            ("transition_months", transition),
            ("horizon_months", horizon),
            ("cause", cause),
        ),
    )


def bpo_included(
    *,
    suitability: float,
    suitability_class: str,
    efficiency: float,
    benefit: float,
    npv: float,
    pi: float | None,
    start: int,
    savings_from: int,
    full_from: int,
    currency: str,
) -> tuple[str, str, Params]:
    pi_text = f", profitability index {pi:.2f}" if pi is not None else ""
    text = (
        f"Recommended for BPO: suitability {suitability:.0f}/100 ({suitability_class}). A provider's "
        f"{efficiency:.1%} efficiency gives {money(benefit, currency)} a year after its fee and governance; NPV "
        f"{money(npv, currency)} over the horizon{pi_text}. Transition starts in month {start}, benefits begin in "
        f"month {savings_from} and reach full run-rate in month {full_from}."
    )
    params: Params = (
        ("suitability", suitability),
        ("suitability_class", suitability_class),
        ("efficiency_pct", efficiency),
        ("net_annual_benefit", benefit),
        ("npv", npv),
        ("profitability_index", pi),
        ("start_month", start),
        ("savings_from_month", savings_from),
        ("full_run_rate_month", full_from),
    )
    return "bpo_efficiency_pays", text, params


def bpo_not_suitable(*, suitability: float, weakest: tuple[str, ...]) -> tuple[str, str, Params]:
    named = " and ".join(CRITERION_LABELS[w] for w in weakest)
    text = (
        f"Not suitable for BPO: suitability {suitability:.0f}/100 is in the 'unlikely' class (below 40), held back "
        f"most by {named}. Keep this function in house."
    )
    return "not_suitable", text, (("suitability", suitability), ("weakest_criteria", ", ".join(weakest)))


def bpo_not_profitable(
    *, npv: float | None, benefit: float, one_off: float, start: int, horizon: int, currency: str
) -> tuple[str, str, Params]:
    npv_text = money(npv, currency) if npv is not None else "not positive"
    text = (
        f"Process improvement would not pay: starting in month {start}, the NPV over the {horizon}-month horizon "
        f"would be {npv_text} (net benefit {money(benefit, currency)} a year after the provider's fee and "
        f"governance, one-off {money(one_off, currency)}), so BPO is not recommended."
    )
    return (
        "no_financial_gain",
        text,
        (("npv", npv), ("net_annual_benefit", benefit), ("one_off_cost", one_off), ("start_month", start)),
    )


def gate(
    *,
    gate_month: int | None,
    has_ito: bool,
    has_bpo: bool,
    fraction: float,
    planned: float,
    first_bpo: int | None,
    last_ito_start: int | None,
    currency: str,
) -> str:
    if not has_bpo:
        return (
            "No BPO phase: no business function is both suitable and profitable within the horizon, so there is "
            "no gate to pass."
        )
    if not has_ito:
        return (
            "No IT area qualified for ITO (no material savings found that could begin within the horizon), so "
            "BPO may start at once, in month 0."
        )
    text = (
        f"BPO may start from month {gate_month}, the first month in which the realised ITO savings run-rate "
        f"reaches {fraction:.0%} of the planned ITO run-rate of {money(planned, currency)} a year."
    )
    if first_bpo is not None and last_ito_start is not None and first_bpo > (gate_month or 0):
        text += (
            f" The first BPO engagement starts in month {first_bpo}, after the last ITO engagement has begun "
            f"(month {last_ito_start})."
        )
    return text
