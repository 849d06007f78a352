"""Frozen dataclasses that go into and come out of the engine.

Everything here is immutable and uses tuples, so a result can be cached, hashed
where its fields allow, and shared between threads without copying. Money is in
the input's currency and is never rounded here (rounding happens in JSON output).
Months count from 0 (the first month of the plan).
"""

from __future__ import annotations

from dataclasses import dataclass

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
    horizon_months: int = 60
    discount_rate: float = 0.08
    gate_fraction: float = 0.5
    max_parallel_ito: int = 2
    max_parallel_bpo: int = 2
    materiality_threshold: float = 0.05
    savings_band: str = "typical"
    selection_cost_fraction: float = 0.035
    governance_fraction: float = 0.045


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
class RoadmapInput:
    """Everything the engine needs. `benchmarks` replace the shipped default of their capability;
    every capability code in use needs one, given here or shipped (`defaults.DEFAULT_BENCHMARKS`)."""

    parameters: Parameters
    it_cost_areas: tuple[ITCostArea, ...] = ()
    business_functions: tuple[BusinessFunction, ...] = ()
    benchmarks: tuple[Benchmark, ...] = ()
    offerings: tuple[Offering, ...] = ()
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
    score: float
    reason: str
    reason_code: str
    delivery_model: str = ""
    # (criterion, offering's raw value) of the deciding criteria, strongest first.
    criteria: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class BpoKpis:
    cost_per_transaction_before: float | None
    cost_per_transaction_after: float | None
    error_rate_before: float
    error_rate_after: float
    ftes_freed: float


@dataclass(frozen=True, slots=True, kw_only=True)
class RoadmapItem:
    """The decision about one line. Months are None when the item is not scheduled.

    `net_annual_savings` is the ITO net saving or the BPO net benefit (after the
    provider's fee and governance) a year at full run-rate; `savings_pct` the ITO
    savings or BPO efficiency share. For an excluded BPO item `npv` is what it would
    earn if started at the earliest BPO month (None when even that is too late), so
    the UI can show why it was left out.
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
    savings_pct: float
    suitability: float | None = None
    suitability_class: str | None = None
    kpis: BpoKpis | None = None
    shortlist: tuple[ShortlistEntry, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase:
    kind: str
    start_month: int
    end_month: int
    item_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CashFlowRow:
    month: int
    ito_savings: float
    bpo_benefit: float
    one_off_costs: float
    net: float
    cumulative: float
    discounted_cumulative: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Kpis:
    npv: float
    payback_month: int | None
    run_rate_ito: float
    run_rate_bpo: float
    peak_investment: float


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
