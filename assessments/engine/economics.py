"""Item economics: each line's savings band figures and named costs per unit of its annual cost.

`ito_band` / `bpo_band` give one savings band's economics (ito.py, bpo.py) with the deal's
fixed cost floor (`deal_fixed_cost`); `item_cost_terms` and `cost_rates` feed the business
case's cost columns (costs.py); `unit_values` is each line's NPV per unit of annual cost
over its own valuation term if it started in month 0, after those costs.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import numpy as np

from .bpo import BpoEconomics, bpo_economics
from .cashflow import discount_factors, valuation_npv
from .context import PlanContext, context_array
from .costs import CostRates, CostTerms, cost_columns, net_cost, severance_months, severance_rule_for
from .delivery import delivered_band
from .ito import ItoEconomics, ito_economics


def _floor(one_off_unit: np.ndarray, cost: np.ndarray, fixed: float) -> np.ndarray:
    """The deal's fixed cost floor (money) as a minimum one-off per unit of annual cost."""
    if fixed <= 0:
        return one_off_unit
    with np.errstate(divide="ignore"):
        minimum = np.where(cost > 0, fixed / np.where(cost > 0, cost, 1.0), 0.0)
    out: np.ndarray = np.maximum(one_off_unit, minimum)
    return out


def ito_band(ctx: PlanContext, band: str, *, floor: bool = True) -> ItoEconomics:
    ib = ctx.ito_bench
    areas = ctx.data.it_cost_areas
    eco = ito_economics(
        found=ctx.ito_found,
        unit_cost=ctx.ito_unit_cost,
        market=ctx.ito_market,
        maturity=context_array(ctx, "ito_maturity", lambda: np.array([a.maturity for a in areas], dtype=float)),
        standardisation=context_array(
            ctx, "ito_standardisation", lambda: np.array([a.standardisation for a in areas], dtype=float)
        ),
        low=ib["savings_low"],
        typical=ib["savings_typical"],
        high=ib["savings_high"],
        transition_months=ib["transition_months"],
        transition_cost_fraction=ib["transition_cost_fraction"],
        selection_cost_fraction=ctx.data.parameters.selection_cost_fraction,
        band=band,
    )
    fixed = ctx.data.parameters.deal_fixed_cost
    if not floor or fixed <= 0:
        return eco
    one_off = _floor(eco.one_off_unit, ctx.ito_cost, fixed)
    with np.errstate(divide="ignore"):
        f = eco.fraction
        payback = np.where(f > 0, ib["transition_months"] + 12.0 * one_off / np.where(f > 0, f, 1.0), np.inf)
    return replace(eco, one_off_unit=one_off, payback_months=payback)


def bpo_band(ctx: PlanContext, band: str, *, floor: bool = True) -> BpoEconomics:
    bb = ctx.bpo_bench
    p = ctx.data.parameters
    # The band of the shortlisted offering's delivery model at its price index (delivery.py).
    low, typical, high = delivered_band(
        low=bb["savings_low"], typical=bb["savings_typical"], high=bb["savings_high"], delivery=ctx.bpo_delivery
    )
    eco = bpo_economics(
        suitability=ctx.suitability,
        low=low,
        typical=typical,
        high=high,
        transition_cost_fraction=bb["transition_cost_fraction"],
        selection_cost_fraction=p.selection_cost_fraction,
        governance_fraction=0.0,  # gross: governance is its own cost column (costs.py)
        band=band,
    )
    if not floor or p.deal_fixed_cost <= 0:
        return eco
    return replace(eco, one_off_unit=_floor(eco.one_off_unit, ctx.bpo_cost, p.deal_fixed_cost))


def cost_rates(ctx: PlanContext) -> CostRates:
    p = ctx.data.parameters
    return CostRates(
        severance_months=severance_months(
            rule=severance_rule_for(rule=p.severance_rule, region=p.region, currency=p.currency),
            tenure_years=p.average_tenure_years,
            multiplier=p.severance_multiplier,
            compensation_of_rights_months=p.compensation_of_rights_months,
            months_per_year=p.severance_months_per_year,
        ),
        termination_fee_months=p.termination_fee_months,
        stranded_cost_fraction=p.stranded_cost_fraction,
        dual_running_months=p.dual_running_months,
        wage_growth=p.wage_growth,
        provider_indexation=p.provider_indexation,
        ito_erosion_rate=p.ito_erosion_rate,
        provider_currency_share=p.provider_currency_share,
        fx_depreciation=p.fx_depreciation,
        vat_rate=p.vat_rate,
        vat_recoverable_fraction=p.vat_recoverable_fraction,
    )


def retained_ftes(ctx: PlanContext) -> np.ndarray:
    """Each BPO line's retained organisation in FTEs (its own figure, or the default fraction), at most its FTEs."""
    p = ctx.data.parameters
    return context_array(
        ctx,
        "bpo_retained_ftes",
        lambda: np.array(
            [
                min(f.ftes, f.retained_ftes if f.retained_ftes is not None else f.ftes * p.retained_fte_fraction)
                for f in ctx.data.business_functions
            ],
            dtype=float,
        ),
    )


def governance_unit(ctx: PlanContext, kind: str, fee: np.ndarray) -> np.ndarray:
    """Annual governance per unit of annual cost: retained FTEs x cost per FTE (BPO, when that cost is
    given), else the kind's governance fraction of the fee (applications count as BPO-like)."""
    p = ctx.data.parameters
    if kind == "ITO":
        rate = np.array(
            [p.governance_fraction if c == "applications" else p.governance_fraction_ito for c in ctx.ito_caps],
            dtype=float,
        )
        out: np.ndarray = rate * fee
        return out
    if p.retained_cost_per_fte > 0:
        cost = ctx.bpo_cost
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(cost > 0, retained_ftes(ctx) * p.retained_cost_per_fte / np.where(cost > 0, cost, 1.0), 0.0)
    return p.governance_fraction * fee


def exit_costs_unit(ctx: PlanContext, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Each line's own termination fee and stranded book value per unit of its annual cost (NaN where the
    line gives none, and where its annual cost is 0, so the assessment-wide figure applies)."""
    lines = ctx.data.it_cost_areas if kind == "ITO" else ctx.data.business_functions
    cost = ctx.ito_cost if kind == "ITO" else ctx.bpo_cost

    def unit(name: str) -> np.ndarray:
        money = np.array([np.nan if getattr(x, name) is None else getattr(x, name) for x in lines], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out: np.ndarray = np.where(cost > 0, money / np.where(cost > 0, cost, 1.0), np.nan)
        return out

    return (
        context_array(ctx, f"{kind}_termination_fee_unit", lambda: unit("termination_fee")),
        context_array(ctx, f"{kind}_stranded_book_value_unit", lambda: unit("stranded_book_value")),
    )


def item_cost_terms(ctx: PlanContext, eco: ItoEconomics | BpoEconomics, start: np.ndarray) -> CostTerms:
    """The cost terms of every line of the economics' kind (all lines, whatever `start`)."""
    p = ctx.data.parameters
    if isinstance(eco, ItoEconomics):
        termination, stranded = exit_costs_unit(ctx, "ITO")
        n = len(ctx.ito_ids)
        fee = 1.0 - eco.fraction
        return CostTerms(
            start=start,
            transition=ctx.ito_bench["transition_months"],
            term=np.full(n, p.ito_valuation_months, dtype=np.int64),
            engagement=ctx.ito_bench["engagement_months"],
            fee=fee,
            savings=eco.fraction,
            one_off=eco.one_off_unit,
            released=np.zeros(n),
            governance=governance_unit(ctx, "ITO", fee),
            bpo=np.zeros(n, dtype=bool),
            termination=termination,
            stranded=stranded,
        )
    n = len(ctx.bpo_ids)
    termination, stranded = exit_costs_unit(ctx, "BPO")
    fee = 1.0 - eco.efficiency
    ftes = context_array(ctx, "bpo_ftes", lambda: np.array([f.ftes for f in ctx.data.business_functions], dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        released_share = np.where(ftes > 0, (ftes - retained_ftes(ctx)) / np.where(ftes > 0, ftes, 1.0), 0.0)
    return CostTerms(
        start=start,
        transition=ctx.bpo_bench["transition_months"],
        term=np.full(n, p.bpo_contract_months, dtype=np.int64),
        engagement=np.zeros(n, dtype=np.int64),
        fee=fee,
        savings=np.zeros(n),
        one_off=eco.one_off_unit,
        released=p.wage_share * released_share * (1.0 - p.staff_transfer_fraction),
        governance=governance_unit(ctx, "BPO", fee),
        bpo=np.ones(n, dtype=bool),
        termination=termination,
        stranded=stranded,
    )


def _cost_value(ctx: PlanContext, kind: str, eco: ItoEconomics | BpoEconomics) -> np.ndarray:
    """Discounted named costs per unit of annual cost over each item's term, starting in month 0."""
    p = ctx.data.parameters
    n = len(ctx.ito_ids) if kind == "ITO" else len(ctx.bpo_ids)
    if n == 0:
        return np.zeros(0)
    terms = item_cost_terms(ctx, eco, np.zeros(n, dtype=np.int64))
    length = int(np.max(terms.term))
    factor = discount_factors(months=length, annual_rate=p.discount_rate)
    rates = cost_rates(ctx)
    out = np.empty(n)
    for sel in chunks(n):
        out[sel] = net_cost(cost_columns(length=length, terms=terms_of(terms, sel), rates=rates)) @ factor
    return out


# Items per block of cost columns: bounds the (items x months) arrays to a few MB each.
COST_CHUNK = 4096


def chunks(n: int) -> list[slice]:
    return [slice(i, min(i + COST_CHUNK, n)) for i in range(0, n, COST_CHUNK)]


def terms_of(terms: CostTerms, sel: slice | np.ndarray) -> CostTerms:
    """The terms of the items `sel` (a slice or index array)."""
    picked: dict[str, Any] = {
        f.name: None if getattr(terms, f.name) is None else getattr(terms, f.name)[sel] for f in fields(CostTerms)
    }
    return CostTerms(**picked)


def unit_values(ctx: PlanContext, ito: ItoEconomics, bpo: BpoEconomics) -> tuple[np.ndarray, np.ndarray]:
    """NPV per unit of annual cost over each item's valuation term if started in month 0,
    after the named costs of costs.py."""
    p = ctx.data.parameters
    n_ito, n_bpo = len(ctx.ito_ids), len(ctx.bpo_ids)
    ito_v = valuation_npv(
        transition=ctx.ito_bench["transition_months"],
        ramp=np.zeros(n_ito, dtype=np.int64),
        term=np.full(n_ito, p.ito_valuation_months, dtype=np.int64),
        one_off=ito.one_off_unit,
        annual=ito.fraction,
        annual_rate=p.discount_rate,
    )
    bpo_v = valuation_npv(
        transition=ctx.bpo_bench["transition_months"],
        ramp=ctx.bpo_bench["ramp_months"],
        term=np.full(n_bpo, p.bpo_contract_months, dtype=np.int64),
        one_off=bpo.one_off_unit,
        annual=bpo.net_annual_unit,
        annual_rate=p.discount_rate,
    )
    return ito_v - _cost_value(ctx, "ITO", ito), bpo_v - _cost_value(ctx, "BPO", bpo)
