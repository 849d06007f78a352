"""The costs of a business case an advisor models, as named monthly columns per item.

Every figure is per unit of the line's annual cost (C = 1), so the caller multiplies a
column by the line's annual cost (money) and no decision depends on the currency's scale.
Columns have shape (items, months); months count from each item's plan month 0 as given
by `start`. Costs are positive numbers (they are subtracted from the net cash flow); the
one signed column, `indexation`, is a *benefit* (positive when in-house wages would have
grown faster than the provider's price).

Model choice (docs/engine/README.md, "Gross, not net"): savings and efficiency are GROSS
(the unit-cost gap, the provider's efficiency), and every cost below is explicit, so
nothing is netted twice.

Columns and the inputs that drive them (for engine/risk.py, which scales columns by
sampled drivers; every driver is a `Parameters` field unless stated):

- severance (BPO): once, in the month benefits begin. Driven by the line's FTEs and retained
  FTEs, wage_share, average_tenure_years, severance_rule (with region and currency),
  severance_multiplier, compensation_of_rights_months, severance_months_per_year,
  staff_transfer_fraction.
- governance (both): ITO from start to the provider's exit, BPO from benefits to the term's
  end. Driven by governance_fraction (BPO and applications), governance_fraction_ito, or
  retained_cost_per_fte x the line's retained FTEs; and the fee (savings band).
- termination_fees (both): once, in the start month. termination_fee_months, or the line's own
  termination_fee (CostTerms.termination).
- stranded_costs (both): once, in the month benefits begin. stranded_cost_fraction, or the line's
  own stranded_book_value (CostTerms.stranded).
- dual_running (BPO): the last dual_running_months before benefits begin. dual_running_months;
  the fee.
- indexation (+, both): from benefits to the term's end, stepping yearly. wage_growth,
  provider_indexation; the fee.
- savings_erosion (ITO): from the provider's exit to the term's end. ito_erosion_rate; the
  savings fraction.
- fx (both): from benefits to the term's end, stepping yearly. provider_currency_share,
  fx_depreciation; the fee.
- vat (both): BPO with the fee, ITO with the one-off. vat_rate, vat_recoverable_fraction.

"The fee" is the provider's annual price per unit of cost: 1 - efficiency (BPO), or the
area's run cost after the found savings, 1 - savings fraction (ITO). An ITO provider finds
savings and exits (the short ITO engagement): nothing runs twice, so ITO has no dual running and no
severance (the changes are adapted into the business).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

COST_COLUMNS: tuple[str, ...] = (
    "severance",
    "governance",
    "termination_fees",
    "stranded_costs",
    "dual_running",
    "indexation",
    "savings_erosion",
    "fx",
    "vat",
)
# Columns that add to the net cash flow instead of reducing it.
BENEFIT_COLUMNS: frozenset[str] = frozenset({"indexation"})
# Columns that begin when the item's benefits begin (start + transition), by kind: a transition
# overrun moves them later with the benefits (risk_columns.py). The others are paid at the start
# (termination fees, the ITO one-off's VAT), while the ITO provider is engaged (ITO governance) or
# after it exits (savings erosion), none of which a late service start moves.
WITH_BENEFITS: Mapping[str, frozenset[str]] = {
    "ITO": frozenset({"stranded_costs", "indexation", "fx"}),
    "BPO": frozenset({"severance", "governance", "stranded_costs", "dual_running", "indexation", "fx", "vat"}),
}
# The rates of CostRates whose uncertainty the Monte Carlo samples (risk_columns.py), each with
# the column it moves (rate_sensitivities gives the derivative).
SAMPLED_RATES: Mapping[str, str] = {
    "wage_growth": "indexation",
    "provider_indexation": "indexation",
    "fx_depreciation": "fx",
}

BY_REGION = "by_region"
ID_PP35_2021 = "id_pp35_2021"
MONTHS_PER_YEAR = "months_per_year"
SEVERANCE_RULES: tuple[str, ...] = (BY_REGION, ID_PP35_2021, MONTHS_PER_YEAR)


def severance_rule_for(*, rule: str, region: str, currency: str) -> str:
    """The rule in force: `by_region` is id_pp35_2021 for Indonesia (region "id" or currency IDR)
    and months_per_year elsewhere; any other rule is itself."""
    if rule != BY_REGION:
        return rule
    return ID_PP35_2021 if region.strip().lower() == "id" or currency.strip().upper() == "IDR" else MONTHS_PER_YEAR


# PP 35/2021 (Government Regulation of the Republic of Indonesia No. 35 of 2021), Article 40(2):
# severance pay (uang pesangon) in months of wages, by completed years of service: under 1 year
# 1 month, then one more month per completed year, at most 9 months from 8 years.
_PESANGON_CAP = 9
# Article 40(3): long-service pay (uang penghargaan masa kerja) from 3 completed years:
# (lower bound of years, months of wages).
_UPMK: tuple[tuple[int, int], ...] = ((24, 10), (21, 8), (18, 7), (15, 6), (12, 5), (9, 4), (6, 3), (3, 2))


def pesangon_months(years: float) -> float:
    """Severance pay under PP 35/2021 Art. 40(2), in months of wages, for `years` of service
    (a non-negative float; completed years count): 1 month under one year, n + 1 months for n
    completed years, at most 9."""
    return float(min(int(np.floor(years)) + 1, _PESANGON_CAP))


def upmk_months(years: float) -> float:
    """Long-service pay under PP 35/2021 Art. 40(3), in months of wages: 0 under 3 completed
    years; 2 from 3, 3 from 6, 4 from 9, 5 from 12, 6 from 15, 7 from 18, 8 from 21, 10 from 24."""
    done = int(np.floor(years))
    for lower, months_ in _UPMK:
        if done >= lower:
            return float(months_)
    return 0.0


def severance_months(
    *,
    rule: str,
    tenure_years: float,
    multiplier: float,
    compensation_of_rights_months: float,
    months_per_year: float,
) -> float:
    """Months of wages paid to one released employee.

    `id_pp35_2021`: multiplier x severance pay (Art. 40(2)) + long-service pay (Art. 40(3)) +
    compensation of rights (Art. 40(4): untaken leave, travel home; the months are a parameter
    because the regulation sets no formula). The multiplier follows the reason for dismissal:
    1.0 for efficiency to prevent losses (Art. 43(2)), 0.5 when the company is making losses
    (Art. 43(1)). `months_per_year`: months of pay per year of service (e.g. 0.5 under Germany's
    KSchG s.1a). `rule` is a resolved rule (see severance_rule_for). Raises ValueError for an
    unknown rule.
    """
    if rule == ID_PP35_2021:
        return multiplier * pesangon_months(tenure_years) + upmk_months(tenure_years) + compensation_of_rights_months
    if rule == MONTHS_PER_YEAR:
        return months_per_year * tenure_years
    raise ValueError(f"unknown severance rule {rule!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class CostTerms:
    """Per-item terms (arrays of one entry per item) the columns are built from.

    Months: `start`, `transition` (benefits begin at start + transition), `term` (valuation
    term from start), `engagement` (ITO: the provider exits at start + engagement; BPO: 0 =
    stays). Fractions per unit of annual cost: `fee` (provider's annual price), `savings`
    (ITO savings fraction; 0 for BPO), `one_off` (transition + selection), `released`
    (severance base: wage_share x released FTE share x (1 - transfer); 0 for ITO),
    `governance` (annual governance per unit of cost), `bpo` (bool: BPO item). `termination`
    and `stranded` (optional): each item's own termination fee and stranded book value per
    unit of annual cost, NaN where the line gives none; None or NaN uses the rates.
    """

    start: np.ndarray
    transition: np.ndarray
    term: np.ndarray
    engagement: np.ndarray
    fee: np.ndarray
    savings: np.ndarray
    one_off: np.ndarray
    released: np.ndarray
    governance: np.ndarray
    bpo: np.ndarray
    termination: np.ndarray | None = None
    stranded: np.ndarray | None = None


def _per_item(own: np.ndarray | None, rate: float) -> np.ndarray | float:
    """An item's own figure (a column, NaN = none given) or the assessment-wide rate."""
    if own is None:
        return rate
    values = np.asarray(own, dtype=float)[:, None]
    out: np.ndarray = np.where(np.isnan(values), rate, values)
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class CostRates:
    """Assessment-wide rates (see Parameters for their sources)."""

    severance_months: float
    termination_fee_months: float
    stranded_cost_fraction: float
    dual_running_months: int
    wage_growth: float
    provider_indexation: float
    ito_erosion_rate: float
    provider_currency_share: float
    fx_depreciation: float
    vat_rate: float
    vat_recoverable_fraction: float


# Widest range of exponents `_powers` tabulates; a wider one is computed element by element.
_POWER_TABLE_LIMIT = 100_000


def _powers(base: float, k: np.ndarray, divisor: float) -> np.ndarray:
    """base ** (k / divisor) for an integer array `k`, computed once per distinct k and looked up:
    the same figures, bit for bit, as the element-wise power (a column has few distinct exponents:
    whole years, or months since the provider's exit), at a fraction of the cost."""
    if k.size == 0:
        empty: np.ndarray = base ** (k / divisor)
        return empty
    lo, hi = int(k.min()), int(k.max())
    if hi - lo > _POWER_TABLE_LIMIT:
        direct: np.ndarray = base ** (k / divisor)
        return direct
    table = base ** (np.arange(lo, hi + 1) / divisor)
    out: np.ndarray = table[k - lo]
    return out


def cost_columns(*, length: int, terms: CostTerms, rates: CostRates) -> Mapping[str, np.ndarray]:
    """Each named column, shape (items, length), per unit of annual cost (see the module table).

    Vectorised: O(items x length). Nothing falls outside [start, start + term).
    """
    m = np.arange(length)[None, :]
    start = np.asarray(terms.start, dtype=np.int64)[:, None]
    first = start + np.asarray(terms.transition, dtype=np.int64)[:, None]
    end = start + np.asarray(terms.term, dtype=np.int64)[:, None]
    engagement = np.asarray(terms.engagement, dtype=np.int64)[:, None]
    bpo = np.asarray(terms.bpo, dtype=bool)[:, None]
    exit_ = np.where(bpo, end, start + engagement)
    fee = np.asarray(terms.fee, dtype=float)[:, None]
    in_term = (m >= start) & (m < end)
    serving = (m >= first) & in_term
    years = np.maximum(m - first, 0) // 12  # whole years since benefits began (an integer)
    # Callers pass one kind at a time: the other kind's terms are then zeros (np.where of a
    # false condition) and are not computed.
    any_bpo, all_bpo = bool(bpo.any()), bool(bpo.all())
    shape = (bpo.shape[0], length)

    if any_bpo:
        severance = np.where(bpo & (m == first) & in_term, terms.released[:, None] * rates.severance_months / 12.0, 0.0)
    else:
        severance = np.zeros(shape)
    gov_window = serving if all_bpo else np.where(bpo, serving, (m >= start) & (m < np.minimum(exit_, end)))
    governance = np.where(gov_window, terms.governance[:, None] / 12.0, 0.0)
    termination = np.where(m == start, _per_item(terms.termination, rates.termination_fee_months / 12.0), 0.0) * (
        m < end
    )
    stranded = np.where((m == first) & in_term, _per_item(terms.stranded, rates.stranded_cost_fraction), 0.0)
    if any_bpo:
        overlap = (m >= np.maximum(first - rates.dual_running_months, start)) & (m < first) & in_term
        dual = np.where(bpo & overlap, fee / 12.0, 0.0)
    else:
        dual = np.zeros(shape)
    growth_in = _powers(1.0 + rates.wage_growth, years, 1.0) - 1.0
    growth_out = _powers(1.0 + rates.provider_indexation, years, 1.0) - 1.0
    indexation = np.where(serving, (growth_in - fee * growth_out) / 12.0, 0.0)
    savings = np.asarray(terms.savings, dtype=float)[:, None]
    if all_bpo:
        erosion = np.zeros(shape)
    else:
        after_exit = (~bpo) & (m >= exit_) & in_term
        lost = 1.0 - _powers(1.0 - rates.ito_erosion_rate, m - exit_, 12.0)
        erosion = np.where(after_exit, savings * lost / 12.0, 0.0)
    fx_growth = _powers(1.0 + rates.fx_depreciation, years, 1.0) - 1.0
    fx = np.where(serving, rates.provider_currency_share * fee * fx_growth / 12.0, 0.0)
    lost_vat = rates.vat_rate * (1.0 - rates.vat_recoverable_fraction)
    spread = np.maximum(first - start, 1)
    if any_bpo and all_bpo:
        vat = np.where(serving, lost_vat * fee / 12.0, 0.0)
    elif not any_bpo and not all_bpo:
        one_off_months = (m >= start) & (m < start + spread) & in_term
        vat = np.where(one_off_months, lost_vat * terms.one_off[:, None] / spread, 0.0)
    elif any_bpo:  # both kinds
        one_off_months = (m >= start) & (m < start + spread) & in_term
        vat = np.where(
            bpo,
            np.where(serving, lost_vat * fee / 12.0, 0.0),
            np.where(one_off_months, lost_vat * terms.one_off[:, None] / spread, 0.0),
        )
    else:  # no items
        vat = np.zeros(shape)
    return {
        "severance": severance,
        "governance": governance,
        "termination_fees": termination,
        "stranded_costs": stranded,
        "dual_running": dual,
        "indexation": indexation,
        "savings_erosion": erosion,
        "fx": fx,
        "vat": vat,
    }


def net_cost(columns: Mapping[str, np.ndarray]) -> np.ndarray:
    """Sum of the columns as a cost (benefit columns subtract), same shape as a column."""
    total: np.ndarray = sum(
        (-col if name in BENEFIT_COLUMNS else col for name, col in columns.items()), start=np.zeros(())
    )
    return total


def rate_sensitivities(*, length: int, terms: CostTerms, rates: CostRates) -> Mapping[str, np.ndarray]:
    """The derivative of a column with respect to each rate of SAMPLED_RATES, at `rates`: shape
    (items, length), per unit of annual cost and per unit of the rate (a fraction a year), with
    the sign of the column (indexation: + is a benefit; fx: + is a cost).

    With y whole years since benefits began: d/dg of (1 + g)^y - 1 is y (1 + g)^(y - 1), so
    indexation moves by y (1 + wage_growth)^(y - 1) / 12 per unit of wage growth and by
    -fee y (1 + provider_indexation)^(y - 1) / 12 per unit of provider indexation, and fx by
    provider_currency_share x fee x y (1 + fx_depreciation)^(y - 1) / 12. The Monte Carlo uses
    them as a first-order (linear) model of a rate's change, so it stays one matrix product;
    the error is second order in the change (for 5 years, a rate 2 points above 5 % is
    understated by about 2 % of its effect).
    """
    m = np.arange(length)[None, :]
    start = np.asarray(terms.start, dtype=np.int64)[:, None]
    first = start + np.asarray(terms.transition, dtype=np.int64)[:, None]
    end = start + np.asarray(terms.term, dtype=np.int64)[:, None]
    fee = np.asarray(terms.fee, dtype=float)[:, None]
    serving = (m >= first) & (m >= start) & (m < end)
    years = np.floor(np.maximum(m - first, 0) / 12.0)

    def slope(rate: float) -> np.ndarray:
        out: np.ndarray = np.where(serving, years * (1.0 + rate) ** (years - 1.0) / 12.0, 0.0)
        return out

    return {
        "wage_growth": slope(rates.wage_growth),
        "provider_indexation": -fee * slope(rates.provider_indexation),
        "fx_depreciation": rates.provider_currency_share * fee * slope(rates.fx_depreciation),
    }
