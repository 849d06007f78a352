"""Frozen dataclasses that go into and come out of the engine.

Everything here is immutable and uses tuples, so a result can be cached, hashed
where its fields allow, and shared between threads without copying. Money is in
the input's currency and is never rounded here (rounding happens in JSON output).
Months count from 0 (the first month of the plan).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Bands a scenario can force; "typical" is the base case unless parameters say otherwise.
SAVINGS_BANDS: tuple[str, ...] = ("low", "typical", "high")

# Criteria of the BPO suitability score, in the order a `criteria_pairwise` matrix uses.
SUITABILITY_CRITERIA: tuple[str, ...] = (
    "standardisation",
    "annual_volume",
    "strategic_importance",
    "knowledge_intensity",
    "regulatory_sensitivity",
    "maturity",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameters:
    """Assessment-wide parameters; see `defaults.py` for where each default comes from.

    Fractions are shares (0.05 = 5 %); months count from 0. Bounds and units of every
    input field are in the field tables of `schema.py`.
    """

    region: str
    currency: str
    # The organisation's sector (its industry, free text, e.g. "Banking"); with the region it names
    # the regulator whose requirement gates a regulated BPO function (engine/regulation.py).
    sector: str = ""
    horizon_months: int = 60
    # Not given (NaN): the currency's default, defaults.discount_rate_of(currency), set on construction.
    discount_rate: float = math.nan
    gate_fraction: float = 0.5
    max_parallel_ito: int = 2
    max_parallel_bpo: int = 2
    # Rule 3 materiality: relative floor (fraction of the area's annual cost) AND absolute
    # floor (money a year, input currency); an area must pass both.
    materiality_threshold: float = 0.10
    materiality_min_savings: float = 0.0
    savings_band: str = "typical"
    selection_cost_fraction: float = 0.035
    governance_fraction: float = 0.08
    # Valuation terms (months from an item's own start; may run past the horizon).
    ito_valuation_months: int = 60
    bpo_contract_months: int = 60
    # Retained organisation of a BPO function when the line does not give retained_ftes.
    retained_fte_fraction: float = 0.05
    # Wall-clock limit of each schedule optimisation (ITO, then BPO).
    solver_time_limit_seconds: float = 10.0
    # Re-plan from evidence: the gate month realised by the programme's actuals (month index).
    # When given it replaces the planned gate; BPO lines not yet started may not start before it.
    gate_month_actual: int | None = None
    # Monte Carlo of the plan's risk: number of simulated futures (0: no simulation) and the
    # seed of numpy's PCG64 generator (the same seed gives the same result).
    risk_draws: int = 10_000
    risk_seed: int = 20_261_130
    # --- Costs of the business case (engine/costs.py; sources in defaults.PARAMETER_SOURCES) ---
    # People: severance for FTEs a BPO deal releases, under `severance_rule`.
    severance_rule: str = "by_region"
    average_tenure_years: float = 5.0
    wage_share: float = 0.6
    severance_multiplier: float = 1.0
    compensation_of_rights_months: float = 0.5
    severance_months_per_year: float = 0.5
    staff_transfer_fraction: float = 0.0
    # Retained organisation: money per retained FTE a year (0 = governance fractions of contract value).
    retained_cost_per_fte: float = 0.0
    governance_fraction_ito: float = 0.03
    # Exit from the present.
    termination_fee_months: float = 0.0
    stranded_cost_fraction: float = 0.0
    dual_running_months: int = 1
    # Over time (annual rates).
    wage_growth: float = 0.0
    provider_indexation: float = 0.0
    ito_erosion_rate: float = 0.05
    provider_currency_share: float = 0.0
    fx_depreciation: float = 0.0
    vat_rate: float = 0.11
    vat_recoverable_fraction: float = 1.0
    # Fixed cost floor of a deal (selection, legal, contracting), money, and its lead time.
    deal_fixed_cost: float = 0.0
    deal_lead_time_months: int = 0
    # The origin's mean monthly earnings of employees in USD (0 = the region's figure,
    # delivery.ORIGIN_MONTHLY_EARNINGS_USD): how much labour arbitrage offshoring buys (delivery.py).
    origin_monthly_earnings_usd: float = 0.0

    def __post_init__(self) -> None:
        if math.isnan(self.discount_rate) and isinstance(self.currency, str):
            from .defaults import discount_rate_of  # here: defaults imports this module

            object.__setattr__(self, "discount_rate", discount_rate_of(self.currency))


@dataclass(frozen=True, slots=True, kw_only=True)
class ITCostArea:
    """One IT cost area (an ITO candidate). Money in the input currency; scores are integers 1-5.

    `capability` is any capability code; being in `it_cost_areas` makes it an ITO line.
    """

    id: str
    capability: str
    annual_cost: float
    ftes: float = 0.0
    available_from_month: int = 0
    maturity: int = 3
    standardisation: int = 3
    criticality: int = 3
    # Volume in the capability's TBM unit of measure (Benchmark.unit_of_measure) a year;
    # None = not measured, so savings are only indicative (rule 3).
    volume: float | None = None
    # Re-plan: an engagement already under way keeps this start month (None = plan it).
    fixed_start_month: int | None = None
    # Exit from the present, this line's own figures (money; None = the assessment-wide
    # termination_fee_months / stranded_cost_fraction): the current contract's termination fee,
    # paid in the start month, and the remaining book value of its assets and licences, written
    # off when benefits begin.
    termination_fee: float | None = None
    stranded_book_value: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BusinessFunction:
    """One business function (a BPO candidate). Scores are integers 1-5; error_rate is a per cent (0-100).

    `capability` is any capability code; being in `business_functions` makes it a BPO line.
    """

    id: str
    capability: str
    annual_cost: float
    ftes: float = 0.0
    annual_volume: float = 0.0
    standardisation: int = 3
    strategic_importance: int = 3
    maturity: int = 3
    regulatory_sensitivity: int = 3
    knowledge_intensity: int = 3
    error_rate: float = 0.0
    # Average cycle time of one transaction in days (None = not measured).
    cycle_time_days: float | None = None
    # FTEs kept in house (retained organisation); None = parameters.retained_fte_fraction x ftes.
    retained_ftes: float | None = None
    # Re-plan: an engagement already under way keeps this start month (None = plan it).
    fixed_start_month: int | None = None
    # Exit from the present (money; None = the assessment-wide figures), as for ITCostArea.
    termination_fee: float | None = None
    stranded_book_value: float | None = None
    # The consultant states the regulator's condition for material outsourcing will be met
    # (e.g. the approval or notification is planned): lifts the regulation gate (regulation.py).
    regulatory_condition_accepted: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Benchmark:
    """Benchmark figures of one capability.

    Savings and `transition_cost_fraction` are fractions of the line's annual cost. `engagement_months`
    is how long an ITO provider stays before it exits (0 for BPO, whose provider stays);
    `ramp_months` is the BPO ramp-up after transition (0 for ITO). `sources` holds one
    (field, source text) pair per figure.
    """

    capability: str
    savings_low: float
    savings_typical: float
    savings_high: float
    transition_months: int
    transition_cost_fraction: float
    engagement_months: int
    ramp_months: int
    sources: tuple[tuple[str, str], ...] = ()
    # ITO only: the TBM unit of measure and the market's unit-cost band (money per unit a
    # year, in market_currency; low <= typical <= high), with its year and region.
    unit_of_measure: str = ""
    market_unit_cost_low: float | None = None
    market_unit_cost_typical: float | None = None
    market_unit_cost_high: float | None = None
    market_currency: str = ""
    market_year: int | None = None
    market_region: str = ""

    def source_of(self, field: str) -> str:
        for name, text in self.sources:
            if name == field:
                return text
        return ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Offering:
    """A provider's offering of one capability. `price_index` 1.0 = market median price."""

    provider: str
    capability: str
    regions: tuple[str, ...]
    price_index: float
    quality: float
    certifications: tuple[str, ...] = ()
    capacity_ftes: float = 0.0
    experience_years: float = 0.0
    provider_name: str = ""
    rating: float | None = None
    # A provider may offer one capability in several ways (onshore, offshore, ...).
    delivery_model: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class OfferingPool:
    """What TOPSIS needs of the full candidate set of one capability in the region, when the
    input carries only the offerings that can be shortlisted (a catalogue pre-selection).

    `capacity_cap` is CAPACITY_HEADROOM x max(item FTEs, 1): the capacity criterion's cap for
    the items it serves. For each shortlist criterion (defaults.SHORTLIST_CRITERIA) the
    Euclidean norm, the minimum and the maximum of its values over the `candidates`
    offerings (capacity capped). With these, an offering's closeness is the one it has in
    the full set, so a pre-selection that keeps every offering the shortlist picks changes
    nothing in the result."""

    capability: str
    capacity_cap: float
    candidates: int
    price_index_norm: float
    price_index_min: float
    price_index_max: float
    quality_norm: float
    quality_min: float
    quality_max: float
    certification_fit_norm: float
    certification_fit_min: float
    certification_fit_max: float
    capacity_ftes_norm: float
    capacity_ftes_min: float
    capacity_ftes_max: float
    experience_years_norm: float
    experience_years_min: float
    experience_years_max: float


@dataclass(frozen=True, slots=True, kw_only=True)
class RoadmapInput:
    """Everything the engine needs. `benchmarks` replace the shipped default of their capability;
    every capability code in use needs one, given here or shipped (`defaults.DEFAULT_BENCHMARKS`)."""

    parameters: Parameters
    it_cost_areas: tuple[ITCostArea, ...] = ()
    business_functions: tuple[BusinessFunction, ...] = ()
    benchmarks: tuple[Benchmark, ...] = ()
    offerings: tuple[Offering, ...] = ()
    offering_pools: tuple[OfferingPool, ...] = ()
    criteria_pairwise: tuple[tuple[float, ...], ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AhpResult:
    weights: tuple[float, ...]
    lambda_max: float
    consistency_index: float
    consistency_ratio: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ShortlistEntry:
    provider: str
    provider_name: str
    closeness: float  # TOPSIS closeness coefficient, 0..1
    reason: str
    reason_code: str
    delivery_model: str = ""
    # (criterion, offering's raw value) of the deciding criteria, strongest first.
    criteria: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class BpoKpis:
    """Rule 4 success measures of one BPO item: baselines and targets.

    Money per transaction in the input currency; error rates in per cent; cycle times in
    days; FTEs as full-time equivalents. `ftes_freed` = the function's FTEs less the
    retained organisation (`ftes_retained`). `missing_baselines` names the input fields
    whose absence blocks the recommendation (e.g. ``("annual_volume",)``).
    """

    cost_per_transaction_before: float | None
    cost_per_transaction_after: float | None
    error_rate_before: float
    error_rate_after: float
    ftes_freed: float
    ftes_retained: float = 0.0
    cycle_time_days_before: float | None = None
    cycle_time_days_after: float | None = None
    missing_baselines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RegulatoryCondition:
    """The regulator's requirement a regulated BPO function must meet before it is outsourced
    (engine/regulation.py). `code`: which requirement ("id_ojk_bank", "eu_eba_outsourcing",
    "generic"); `regulator` and `requirement` name it (empty for "generic"); `accepted`: the
    line states the condition will be met, so the item may be recommended with the condition."""

    code: str
    regulator: str
    requirement: str
    accepted: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class RoadmapItem:
    """The decision about one line. Months are None when the item is not scheduled.

    `net_annual_savings` is the ITO net saving or the BPO net benefit (after the
    provider's fee and governance) a year at full run-rate (money); `savings_fraction`
    the ITO savings or BPO efficiency as a fraction of the line's annual cost. `npv` is
    the item's NPV over its own valuation term (`valuation_months` from its start,
    discounted to month 0); for an excluded item, what it would earn at its earliest
    start (None when it cannot start). `savings_basis` (ITO): "found" (unit cost against
    the market) or "indicative" (benchmark band only). `recommendation`: "recommended",
    "indicative" (planned, but benchmark the area first), "condition_required" (a regulated
    BPO function left out of the plan, and its money, until the regulator's condition is stated
    met: `regulatory_condition`; or one already under way without it), "recommended_with_condition"
    (planned, the condition stated met) or "not_recommended".
    `delay_code`: "waiting_for_contract_end", "waiting_for_gate", "waiting_for_lead_time" or
    "slot_held" (`held_by`: the items holding every slot of the kind the month before it starts).
    `delay_code`/`delay_params`: why a planned item starts later than it could have
    (None when it starts in month 0).
    """

    id: str
    kind: str  # "ITO" or "BPO"
    capability: str
    included: bool
    rationale: str
    reason_code: str
    reason_params: tuple[tuple[str, str | float | int | None], ...]
    start_month: int | None
    savings_from_month: int | None
    exit_month: int | None
    net_annual_savings: float
    one_off_cost: float
    npv: float | None
    profitability_index: float | None
    savings_fraction: float
    recommendation: str = "not_recommended"
    savings_basis: str | None = None
    valuation_months: int = 0
    delay_code: str | None = None
    delay_params: tuple[tuple[str, str | float | int | None], ...] = ()
    suitability: float | None = None
    suitability_class: str | None = None
    kpis: BpoKpis | None = None
    shortlist: tuple[ShortlistEntry, ...] = ()
    # A regulated BPO function: the regulator's requirement it must meet (None: not gated).
    regulatory_condition: RegulatoryCondition | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase:
    kind: str
    start_month: int
    end_month: int
    item_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CashFlowRow:
    """One month of the plan: money in the input currency. `ito_savings` and `bpo_benefit` are
    gross (before the named costs); `one_off_costs` are transition and selection; each name of
    `costs.COST_COLUMNS` is its own column (costs positive; `indexation` a benefit, signed).
    net = ito_savings + bpo_benefit + indexation - one_off_costs - every other cost column."""

    month: int
    ito_savings: float
    bpo_benefit: float
    one_off_costs: float
    net: float
    cumulative: float
    discounted_cumulative: float
    severance: float = 0.0
    governance: float = 0.0
    termination_fees: float = 0.0
    stranded_costs: float = 0.0
    dual_running: float = 0.0
    indexation: float = 0.0
    savings_erosion: float = 0.0
    fx: float = 0.0
    vat: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Kpis:
    """Headline figures. `npv`: the plan's cash flow inside the horizon, discounted to
    month 0; `npv_valuation`: the sum of the planned items' NPVs over their own
    valuation terms (what the schedule maximises). Run-rates are money a year."""

    npv: float
    payback_month: int | None
    run_rate_ito: float
    run_rate_bpo: float
    peak_investment: float
    npv_valuation: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    band: str
    kpis: Kpis
    cumulative: tuple[float, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class SuitabilityWeights:
    criteria: tuple[str, ...]
    weights: tuple[float, ...]
    consistency_ratio: float | None
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleRun:
    """How one kind's start months were chosen.

    method: "none" (no candidate), "earliest_start" (every candidate fits at its earliest
    start: optimal without a solver), "milp" (HiGHS through scipy.optimize.milp) or
    "heuristic" (value-ordered list scheduling, beyond MILP_MAX_VARIABLES). status:
    "optimal", "time_limit" (best found when the limit struck) or "heuristic". gap: the
    relative optimality gap (0.0 when proven optimal, None when unknown).
    """

    kind: str
    method: str
    status: str
    gap: float | None
    seconds: float = field(compare=False)  # wall time: not part of the result's identity
    candidates: int
    variables: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Roadmap:
    engine_version: str
    currency: str
    gate_month: int | None
    gate_reason: str
    phases: tuple[Phase, ...]
    items: tuple[RoadmapItem, ...]
    cash_flow: tuple[CashFlowRow, ...]
    kpis: Kpis
    scenarios: tuple[Scenario, ...]
    suitability_weights: SuitabilityWeights
    gate_reason_code: str = ""
    gate_params: tuple[tuple[str, str | float | int | None], ...] = ()
    schedule: tuple[ScheduleRun, ...] = ()
    # Every parameter the engine used, defaults filled in: (name, value).
    effective_parameters: tuple[tuple[str, str | float | int], ...] = ()
    # Monte Carlo and tornado of the plan (None when parameters.risk_draws is 0 or the plan has
    # more than roadmap.RISK_MAX_ITEMS planned items).
    risk: Risk | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NpvHistogram:
    """Counts of simulated NPVs (money) in bins: bin k is [edges[k], edges[k + 1]), the last closed."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscreteDistribution:
    """How often each month occurred in the simulated futures (months count from 0);
    `never`: futures in which it did not happen within the horizon. Percentiles are months,
    None when that share of futures never reaches it."""

    months: tuple[int, ...]
    counts: tuple[int, ...]
    never: int
    p10: int | None
    p50: int | None
    p90: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TornadoBar:
    """One input moved alone from its low to its high (others at their modes): the plan's
    NPV (money) at each end. `kind`: savings_fraction, efficiency_fraction, transition_delay
    (months) ...; `driver`: its unique name; `item_id`: the line ("" for plan-wide)."""

    driver: str
    kind: str
    item_id: str
    low: float
    high: float
    npv_low: float
    npv_high: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Risk:
    """Monte Carlo of the recommended plan (same items and start months; see risk.py).

    NPVs are money discounted to month 0 over the horizon (as kpis.npv);
    `npv_deterministic` is the run with every input at its mode (= kpis.npv);
    probability_npv_positive is a share 0..1 of `draws`; `gate_month` is None when the plan
    has no ITO item. `drivers`: how many uncertain inputs were sampled.
    """

    draws: int
    seed: int
    npv_deterministic: float
    npv_mean: float
    npv_p10: float
    npv_p50: float
    npv_p90: float
    probability_npv_positive: float
    npv_histogram: NpvHistogram
    gate_month: DiscreteDistribution | None
    payback_month: DiscreteDistribution
    tornado: tuple[TornadoBar, ...]
    drivers: int
    # parameters.risk_draws; `draws` is smaller for a plan too large for the work budget (risk.WORK_BUDGET).
    draws_requested: int = 0
