"""The plan's risk model: its monthly cash flow as named columns over its uncertain inputs.

risk.py simulates and ranks; this module says what varies in a plan. The plan is fixed
(the same items and start months as the deterministic roadmap). Per planned item:

- its savings (ITO) or efficiency (BPO) fraction is a PERT driver on the item's low / base /
  high scenario figures (base: `parameters.savings_band`);
- its transition may overrun by 0 .. ceil(delay_fraction x transition months) whole months
  (TRANSITION_DELAY_FRACTION, product judgement), which moves its benefit columns later, and
  with them the costs that begin when the benefits do (costs.WITH_BENEFITS: severance,
  stranded costs, dual running, BPO governance and VAT, indexation, FX).

Plan-wide, where the plan uses them: in-house wage growth and provider indexation (when not
0) and the provider currency's depreciation (when `provider_currency_share` > 0), each a
symmetric PERT around its parameter (defaults.RATE_SPREADS, product judgement). Their effect
is first order (costs.rate_sensitivities): an extra ``indexation`` or ``fx`` column per item
weighted by (sampled rate - parameter), 0 at the mode.

Columns: ITO ``ito_savings``, ``transition_cost``, ``selection_cost``; BPO ``bpo_efficiency``,
``transition_cost``, ``selection_cost``; and for both the business case's named costs
(costs.COST_COLUMNS: severance, governance, termination fees, ...) the item incurs. Every
item's monthly shape comes from shapes.item_shapes, the builder the cash flow uses, so at
the drivers' modes the columns add up to the engine's cash flow (a test checks it to the cent).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from .context import PlanContext
from .costs import (
    BENEFIT_COLUMNS,
    SAMPLED_RATES,
    WITH_BENEFITS,
    CostRates,
    CostTerms,
    cost_columns,
    rate_sensitivities,
)
from .defaults import COST_RATE_SPREADS, RATE_SPREADS, TRANSITION_DELAY_FRACTION
from .economics import cost_rates, governance_unit, item_cost_terms, terms_of
from .plan import PlanSchedule
from .risk import Column, Driver, RiskModel
from .shapes import item_shapes
from .types import SAVINGS_BANDS, Parameters
from .valuation import BandValuation

# Planned items per block of cost columns (bounds the arrays to a few MB whatever the plan).
RISK_BLOCK = 256
# Relative margin by which a one-off must exceed the fee-tied one to count as set by the fixed cost floor.
FLOOR_TOLERANCE = 1e-12


def risk_model(
    ctx: PlanContext,
    sched: PlanSchedule,
    valued: Mapping[str, BandValuation],
    *,
    delay_fraction: float = TRANSITION_DELAY_FRACTION,
) -> RiskModel:
    """The plan's cash flow as named columns (money a month, + a benefit) over its drivers
    (see the module docstring and risk.py). `valued` holds every band's valuation of the
    plan `sched`; `delay_fraction` bounds each item's transition overrun (a fraction of its
    transition months, 0 = no delay drivers)."""
    p = ctx.data.parameters
    h = ctx.horizon
    base = valued[p.savings_band]
    drivers: list[Driver] = []
    columns: list[Column] = []
    kinds = (
        ("ITO", ctx.ito_ids, ctx.ito_cost, sched.ito_start, ctx.ito_bench),
        ("BPO", ctx.bpo_ids, ctx.bpo_cost, sched.bpo_start, ctx.bpo_bench),
    )
    rates = cost_rates(ctx)
    rate_drivers = _rate_drivers(ctx, rates)
    drivers.extend(rate_drivers)
    cost_drivers = _cost_rate_drivers(ctx, sched, rates)
    drivers.extend(cost_drivers.values())
    for kind, ids, cost, start, bench in kinds:
        # The business case's named costs (costs.py) of each planned item, at the base band and the
        # rates' modes; the sampled rates add first-order columns that are 0 at their modes.
        eco = base.ito if kind == "ITO" else base.bpo
        cost_terms = item_cost_terms(ctx, eco, start)
        # Costs tied to the provider's fee (governance, dual running, VAT on fees, indexation, FX) and
        # the ITO savings' erosion are affine in the item's savings (efficiency) fraction x: the
        # columns at x = 0 (fixed part) and x = 1 (fixed + driven part) give both parts exactly.
        at_zero, at_one = (_terms_at(ctx, kind, cost_terms, x) for x in (0.0, 1.0))
        sel, benefit, one_off = item_shapes(ctx, kind, start, cost, cost)
        for b0 in range(0, sel.size, RISK_BLOCK):
            block = sel[b0 : b0 + RISK_BLOCK]
            named = cost_columns(length=h, terms=terms_of(cost_terms, block), rates=rates)
            fixed = cost_columns(length=h, terms=terms_of(at_zero, block), rates=rates)
            full = cost_columns(length=h, terms=terms_of(at_one, block), rates=rates)
            slopes = rate_sensitivities(length=h, terms=terms_of(cost_terms, block), rates=rates)
            for k, i in enumerate(block.tolist()):
                item = ids[i]
                delay = _delay_driver(item, int(bench["transition_months"][i]), delay_fraction)
                delay_name = None if delay is None else delay.name
                savings_name = f"{'savings_fraction' if kind == 'ITO' else 'efficiency_fraction'}:{item}"
                for cost_name, col in named.items():
                    # A cost that begins with the benefits moves later with them when the transition overruns.
                    late = delay_name if cost_name in WITH_BENEFITS[kind] else None
                    sign = 1.0 if cost_name in BENEFIT_COLUMNS else -1.0
                    money = sign * float(cost[i]) * np.asarray(col[k], dtype=float)[:h]
                    constant = sign * float(cost[i]) * np.asarray(fixed[cost_name][k], dtype=float)[:h]
                    driven = sign * float(cost[i]) * np.asarray(full[cost_name][k] - fixed[cost_name][k])[:h]
                    if np.any(constant):
                        columns.append(
                            Column(name=cost_name, item_id=item, shape=constant, delay=late, investment=True)
                        )
                    if np.any(driven):
                        # const 0, coef 1: the fee-tied part follows the sampled savings in each draw.
                        columns.append(
                            Column(
                                name=cost_name,
                                item_id=item,
                                shape=driven,
                                driver=savings_name,
                                delay=late,
                                investment=True,
                            )
                        )
                    rate_driver = cost_drivers.get(COST_RATE_COLUMNS.get(cost_name, ""))
                    if rate_driver is not None and np.any(money):
                        # First order in the rate: the column at the modes x (value / mode - 1), 0 at the mode.
                        columns.append(
                            Column(
                                name=cost_name,
                                item_id=item,
                                shape=money,
                                const=-1.0,
                                coef=1.0 / rate_driver.mode,
                                driver=rate_driver.name,
                                delay=late,
                                investment=True,
                            )
                        )
                for rate in rate_drivers:
                    # First order in the rate (costs.rate_sensitivities): const + coef x rate = rate - mode.
                    column = SAMPLED_RATES[rate.name]
                    money = float(cost[i]) * np.asarray(slopes[rate.name][k], dtype=float)[:h]
                    if np.any(money):
                        signed = money if column in BENEFIT_COLUMNS else -money
                        late = delay_name if column in WITH_BENEFITS[kind] else None
                        columns.append(
                            Column(
                                name=column,
                                item_id=item,
                                shape=signed,
                                const=-rate.mode,
                                driver=rate.name,
                                delay=late,
                            )
                        )
                row = b0 + k
                if kind == "ITO":
                    figures = [float(valued[b].ito.fraction[i]) for b in SAVINGS_BANDS]
                    mode = float(base.ito.fraction[i])
                    driver_kind = "savings_fraction"
                else:
                    figures = [float(valued[b].bpo.efficiency[i]) for b in SAVINGS_BANDS]
                    mode = float(base.bpo.efficiency[i])
                    driver_kind = "efficiency_fraction"
                name = f"{driver_kind}:{item}"
                drivers.append(
                    Driver(name=name, kind=driver_kind, item_id=item, low=min(figures), mode=mode, high=max(figures))
                )
                if delay is not None:
                    drivers.append(delay)
                columns.append(
                    Column(
                        name="ito_savings" if kind == "ITO" else "bpo_efficiency",
                        item_id=item,
                        shape=benefit[row],
                        driver=name,
                        delay=delay_name,
                        gate=kind == "ITO",
                    )
                )
                tcf = float(bench["transition_cost_fraction"][i])
                columns.append(
                    Column(name="transition_cost", item_id=item, shape=-one_off[row], coef=tcf, investment=True)
                )
                columns.append(_selection_column(item, -one_off[row], tcf, float(eco.one_off_unit[i]), p, mode, name))
    has_ito = bool((sched.ito_start >= 0).any())
    gate_target = None
    gate_floor = 0
    if has_ito and p.gate_month_actual is None:
        gate_target = p.gate_fraction * base.kpis.run_rate_ito
        gate_floor = int(sched.ito_start[sched.ito_start >= 0].min())
    return RiskModel(
        horizon=h,
        factor=ctx.factor[:h],
        drivers=tuple(drivers),
        columns=tuple(columns),
        gate_target=gate_target,
        gate_floor=gate_floor,
    )


def _selection_column(
    item: str, shape: np.ndarray, tcf: float, one_off_unit: float, p: Parameters, mode: float, driver: str
) -> Column:
    """The selection (and contracting) part of an item's one-off: `selection_cost_fraction` of the
    provider's fee, 1 - the sampled savings (efficiency), so it follows the driver; or, where the deal's
    fixed cost floor (`deal_fixed_cost`, economics.ito_band / bpo_band) sets the one-off at the
    modes, the floor less the transition cost, whatever the savings (selection, legal and contracting
    cost at least the floor). `one_off_unit` is the plan's one-off per unit of annual cost at the
    base band, so at the modes the two one-off columns add up to the plan's one-off."""
    scf = p.selection_cost_fraction
    if one_off_unit > tcf + scf * (1.0 - mode) + FLOOR_TOLERANCE * max(one_off_unit, 1.0):
        return Column(name="selection_cost", item_id=item, shape=shape, coef=one_off_unit - tcf, investment=True)
    return Column(
        name="selection_cost", item_id=item, shape=shape, const=scf, coef=-scf, driver=driver, investment=True
    )


# The cost columns whose rate the Monte Carlo samples (defaults.COST_RATE_SPREADS): column -> rate.
COST_RATE_COLUMNS: Mapping[str, str] = {
    "severance": "severance_months",
    "governance": "governance_fraction",
    "vat": "vat_rate",
}


def _terms_at(ctx: PlanContext, kind: str, terms: CostTerms, x: float) -> CostTerms:
    """`terms` with every item's savings (ITO) or efficiency (BPO) fraction set to `x`: the fee
    1 - x, the ITO savings x and the governance of that fee (economics.governance_unit); the
    one-off (transition and selection) stays at the base band's, as its own columns model it."""
    n = len(terms.fee)
    fee = np.full(n, 1.0 - x)
    return replace(
        terms,
        fee=fee,
        savings=np.full(n, x) if kind == "ITO" else np.zeros(n),
        governance=governance_unit(ctx, kind, fee),
    )


def _cost_rate_drivers(ctx: PlanContext, sched: PlanSchedule, rates: CostRates) -> dict[str, Driver]:
    """The plan-wide cost-rate drivers, where the plan incurs the cost: severance months (a BPO
    line planned and severance above 0), the governance fractions (as a scale on them, mode 1,
    since ITO infrastructure, applications and BPO use different fractions) and the VAT rate
    (part of it irrecoverable); each a symmetric PERT on [mode x (1 - spread), mode x (1 + spread)]
    (defaults.COST_RATE_SPREADS, product judgement). Keyed by the rate's name."""
    planned = bool((sched.ito_start >= 0).any() or (sched.bpo_start >= 0).any())
    modes = {
        "severance_months": rates.severance_months if (sched.bpo_start >= 0).any() else 0.0,
        "governance_fraction": 1.0 if planned else 0.0,
        "vat_rate": rates.vat_rate if rates.vat_recoverable_fraction < 1.0 and planned else 0.0,
    }
    out = {}
    for name, mode in modes.items():
        if mode > 0:
            spread = COST_RATE_SPREADS[name]
            kind = "governance_scale" if name == "governance_fraction" else name
            out[name] = Driver(
                name=kind, kind=kind, item_id="", low=mode * (1.0 - spread), mode=mode, high=mode * (1.0 + spread)
            )
    return out


def _delay_driver(item: str, transition: int, delay_fraction: float) -> Driver | None:
    """The item's transition overrun: 0 .. ceil(delay_fraction x transition) whole months, none most likely."""
    overrun = int(np.ceil(delay_fraction * transition - 1e-9)) if transition > 0 else 0
    if overrun <= 0:
        return None
    return Driver(
        name=f"transition_delay:{item}",
        kind="transition_delay",
        item_id=item,
        low=0,
        mode=0,
        high=overrun,
        distribution="delay",
    )


def _rate_drivers(ctx: PlanContext, rates: CostRates) -> list[Driver]:
    """The plan-wide rate drivers, where the plan uses the rate: wage growth and provider
    indexation when not 0, FX depreciation when part of the fee is priced in another currency;
    each a symmetric PERT on [rate - spread, rate + spread] (defaults.RATE_SPREADS, product judgement)."""
    used = {
        "wage_growth": rates.wage_growth != 0,
        "provider_indexation": rates.provider_indexation != 0,
        "fx_depreciation": rates.provider_currency_share > 0,
    }
    out = []
    for name in SAMPLED_RATES:
        if used[name]:
            mode = float(getattr(rates, name))
            spread = RATE_SPREADS[name]
            out.append(Driver(name=name, kind=name, item_id="", low=mode - spread, mode=mode, high=mode + spread))
    return out
