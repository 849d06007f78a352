"""The engine's input contract, declared once, and the JSON Schemas derived from it.

Every input field is one `FieldSpec` entry in the tables below (`PARAMETER_FIELDS`,
`IT_COST_AREA_FIELDS`, `BUSINESS_FUNCTION_FIELDS`, `BENCHMARK_FIELDS`, `OFFERING_FIELDS`,
`OFFERING_POOL_FIELDS`).
`validate.py` checks JSON documents and dataclasses against these tables (plain typed
checks, no JSON Schema at run time), and `input_json_schema()` derives the published
schema ``docs/engine/input.schema.json`` from them, so the two cannot drift. A test keeps
the shipped schema files equal to the derived one and checks, on generated documents,
that jsonschema and the typed validator accept and refuse the same documents.

To add an input field: add it to its dataclass in ``types.py``, add one entry to its table
here, then run ``write_schema_files()`` (below) to rewrite both schema files.

Bounds keep every figure inside what the arithmetic handles exactly: money stays below
2**53 so whole currency units are exact in a float; months, slots and counts have upper
bounds far beyond any real assessment (product judgement), so no input can overflow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .costs import SEVERANCE_RULES
from .types import SAVINGS_BANDS, SUITABILITY_CRITERIA

# --- Bounds (product judgement unless stated) -------------------------------------------
MAX_MONEY = 2**53 - 1  # IEEE 754 doubles hold every whole number up to 2**53 exactly
MAX_HORIZON_MONTHS = 600  # a 50-year plan; benchmark durations share the bound
MAX_MONTH = 1200  # 100 years: the latest month an area can become available
# Parallel engagements per kind: a quarter of the largest benchmarked assessment's 100 000
# lines (benchmarks/engine_cli.py); the scheduler caps slots at the item count anyway.
MAX_PARALLEL = 100_000
MAX_FTES = 10_000_000  # above the largest employer's headcount
MAX_VOLUME = 2**53 - 1  # transactions a year
MAX_PRICE_INDEX = 1000.0
MAX_QUALITY = 1_000_000.0
MAX_EXPERIENCE_YEARS = 1000.0
MAX_TRANSITION_COST_FRACTION = 10.0  # one-off transition cost up to ten years of the line's cost
MAX_SAVINGS_FRACTION = 0.95
PAIRWISE_MIN = 0.001  # AHP judgements (Saaty's scale is 1/9 .. 9)
PAIRWISE_MAX = 1000.0
MAX_ID_LENGTH = 200
MAX_CODE_LENGTH = 64
MAX_LIST_ITEMS = 1000  # regions or certifications of one offering
MAX_META_DEPTH = 32
MAX_TENURE_YEARS = 70  # a working life
MAX_SEVERANCE_MULTIPLIER = 10.0
MAX_SEVERANCE_MONTHS = 120.0
MAX_ORIGIN_MONTHLY_EARNINGS_USD = 1_000_000.0  # far above any national mean (about USD 5,200 in the US)

# A capability code: what Django's SlugField allows, 1-64 characters. `(?![\s\S])` is the
# end of the string in both ECMA-262 and Python regular expressions ("$" would let a
# trailing newline through in Python).
CAPABILITY_CODE_PATTERN = r"^[A-Za-z0-9_-]{1,64}(?![\s\S])"

NUMBER, INTEGER, STRING, CODE, CHOICE, STRINGS = "number", "integer", "string", "code", "choice", "strings"
BOOLEAN = "boolean"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One input field: its JSON type, bounds and documentation.

    `kind` is one of number, integer (integral floats such as 3.0 are accepted and made
    int), string, code (a capability code), choice (one of `choices`), strings (a list of
    strings), boolean (true or false). `minimum`/`maximum` are inclusive unless `exclusive_minimum`. `non_blank`
    strings must hold a non-space character. `nullable` fields also accept null.
    """

    name: str
    kind: str
    description: str
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    nullable: bool = False
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    non_blank: bool = False
    max_items: int | None = None


def money(name: str, description: str, *, required: bool = False) -> FieldSpec:
    return FieldSpec(
        name, NUMBER, f"{description} In parameters.currency, 0 .. 2^53-1.", required, minimum=0, maximum=MAX_MONEY
    )


def fraction(name: str, description: str, *, maximum: float = 1.0) -> FieldSpec:
    return FieldSpec(name, NUMBER, f"{description} A fraction (0.05 = 5 %).", minimum=0, maximum=maximum)


def months(name: str, description: str, *, minimum: int = 0, maximum: int = MAX_HORIZON_MONTHS) -> FieldSpec:
    return FieldSpec(name, INTEGER, f"{description} Months.", minimum=minimum, maximum=maximum)


def score(name: str, description: str = "") -> FieldSpec:
    return FieldSpec(name, INTEGER, f"{description} Score 1 .. 5.".strip(), minimum=1, maximum=5)


def text(name: str, description: str, *, max_length: int, required: bool = False, non_blank: bool = True) -> FieldSpec:
    return FieldSpec(name, STRING, description, required, max_length=max_length, non_blank=non_blank)


PARAMETER_FIELDS: tuple[FieldSpec, ...] = (
    text("region", "The organisation's region; offerings must serve it.", max_length=64, required=True),
    text("currency", "Currency of every amount (e.g. IDR, USD).", max_length=8, required=True),
    text(
        "sector",
        "The organisation's sector (its industry, e.g. Banking); with region and currency it names the regulator "
        "whose requirement gates a regulated business function (engine/regulation.py). Default empty.",
        max_length=120,
        non_blank=False,
    ),
    months("horizon_months", "Planning horizon (default 60).", minimum=1),
    fraction(
        "discount_rate",
        "Annual discount rate; month m is discounted by (1+r)^(m/12). Default: the currency's 10-year government "
        "bond yield + 4 points (IDR 0.11, USD 0.082, EUR 0.063; any other currency 0.08).",
    ),
    fraction(
        "gate_fraction", "Share of the planned ITO run-rate that must be realised before BPO starts (default 0.5)."
    ),
    FieldSpec(
        "max_parallel_ito",
        INTEGER,
        "At most this many ITO engagements at once (default 2).",
        minimum=1,
        maximum=MAX_PARALLEL,
    ),
    FieldSpec(
        "max_parallel_bpo",
        INTEGER,
        "At most this many BPO transitions at once (default 2).",
        minimum=1,
        maximum=MAX_PARALLEL,
    ),
    fraction(
        "materiality_threshold",
        "Relative materiality floor: minimum found savings as a share of an area's annual cost for ITO to count "
        "(default 0.10).",
    ),
    money(
        "materiality_min_savings",
        "Absolute materiality floor: minimum found savings a year for ITO to count (default 0: off).",
    ),
    months("ito_valuation_months", "An ITO item's valuation term from its own start (default 60).", minimum=1),
    months("bpo_contract_months", "A BPO deal's contract term from its own start (default 60).", minimum=1),
    fraction(
        "retained_fte_fraction",
        "Retained organisation of a BPO function where its line gives no retained_ftes (default 0.05).",
    ),
    FieldSpec(
        "solver_time_limit_seconds",
        NUMBER,
        "Wall-clock limit of each schedule optimisation, in seconds (default 10).",
        minimum=0.01,
        maximum=3600,
    ),
    FieldSpec("savings_band", CHOICE, "Benchmark band of the base case (default typical).", choices=SAVINGS_BANDS),
    fraction(
        "selection_cost_fraction",
        "Provider selection cost as a share of the annual price (default 0.035; cited range 2-5 %).",
    ),
    fraction(
        "governance_fraction",
        "Retained governance of BPO lines and the applications tower as a share of annual contract value "
        "(default 0.08, within the quoted 3-12 %).",
    ),
    FieldSpec(
        "risk_draws",
        INTEGER,
        "Monte Carlo of the plan's risk: number of simulated futures (default 10000; 0: no simulation, risk is null).",
        minimum=0,
        maximum=100_000,
    ),
    FieldSpec(
        "risk_seed",
        INTEGER,
        "Seed of the Monte Carlo's random generator (numpy PCG64); the same seed gives the same result (default "
        "20261130).",
        minimum=0,
        maximum=2**32 - 1,
    ),
    FieldSpec(
        "gate_month_actual",
        INTEGER,
        "Re-plan from evidence: the month in which the programme's recorded actuals opened the gate. Replaces the "
        "planned gate; BPO lines without fixed_start_month start no earlier. Null or absent: the planned gate. Months.",
        minimum=0,
        maximum=MAX_HORIZON_MONTHS,
        nullable=True,
    ),
    # --- Costs of the business case (engine/costs.py) ---
    FieldSpec(
        "severance_rule",
        CHOICE,
        "How severance of FTEs a BPO deal releases is computed: id_pp35_2021 (Indonesia, PP 35/2021 Art. 40: "
        "severance pay + long-service pay + compensation of rights, by years of service), months_per_year "
        "(severance_months_per_year months of pay per year of service) or by_region (default: id_pp35_2021 for "
        "region id or currency IDR, months_per_year elsewhere).",
        choices=SEVERANCE_RULES,
    ),
    FieldSpec(
        "average_tenure_years",
        NUMBER,
        "Average years of service of the released staff (default 5). Years.",
        minimum=0,
        maximum=MAX_TENURE_YEARS,
    ),
    fraction("wage_share", "Share of a line's annual cost that is staff wages, the severance base (default 0.6)."),
    FieldSpec(
        "severance_multiplier",
        NUMBER,
        "Multiple of the statutory severance pay (PP 35/2021 Art. 43: 1.0 efficiency to prevent losses, 0.5 when "
        "making losses; default 1.0).",
        minimum=0,
        maximum=MAX_SEVERANCE_MULTIPLIER,
    ),
    FieldSpec(
        "compensation_of_rights_months",
        NUMBER,
        "Compensation of rights (untaken leave, travel home) per released employee, in months of wages (default 0.5).",
        minimum=0,
        maximum=MAX_SEVERANCE_MONTHS,
    ),
    FieldSpec(
        "severance_months_per_year",
        NUMBER,
        "months_per_year rule: months of pay per year of service (default 0.5).",
        minimum=0,
        maximum=12,
    ),
    fraction(
        "staff_transfer_fraction",
        "Share of the released FTEs who transfer to the provider with no severance (default 0).",
    ),
    money(
        "retained_cost_per_fte",
        "Cost of one retained-organisation FTE a year; with it a BPO line's governance is its retained FTEs x this "
        "cost. 0 (default): governance is governance_fraction x contract value.",
    ),
    fraction(
        "governance_fraction_ito",
        "Governance of an ITO engagement (infrastructure towers) as a share of the area's run cost, while the "
        "provider is engaged (default 0.03; applications use governance_fraction).",
    ),
    FieldSpec(
        "termination_fee_months",
        NUMBER,
        "Termination fee or notice period of the line's current contracts, in months of its run cost, paid when "
        "the deal starts (default 0).",
        minimum=0,
        maximum=MAX_HORIZON_MONTHS,
    ),
    fraction(
        "stranded_cost_fraction",
        "Remaining book value of assets and licences made redundant, as a share of the line's annual cost, "
        "written off when benefits begin (default 0).",
        maximum=MAX_TRANSITION_COST_FRACTION,
    ),
    months(
        "dual_running_months",
        "Months before benefits begin in which the provider's fee and the in-house cost are both paid (default 1).",
    ),
    fraction("wage_growth", "In-house wage growth a year (default 0: constant prices)."),
    fraction("provider_indexation", "Provider price indexation (COLA) a year (default 0: constant prices)."),
    fraction(
        "ito_erosion_rate",
        "Share of the ITO savings lost each year after the ITO provider exits (default 0.05).",
    ),
    fraction(
        "provider_currency_share",
        "Share of the provider's fee priced in another currency than parameters.currency (default 0).",
    ),
    fraction(
        "fx_depreciation",
        "Expected depreciation a year of parameters.currency against the provider's currency (default 0).",
    ),
    fraction("vat_rate", "VAT / GST rate on provider fees (default 0.11, Indonesia's PPN)."),
    fraction(
        "vat_recoverable_fraction",
        "Share of the VAT on provider fees the buyer can reclaim as input tax (default 1; 0 for a VAT-exempt "
        "buyer such as a bank).",
    ),
    money(
        "deal_fixed_cost",
        "Fixed minimum one-off of any deal (selection, legal, contracting): an item's one-off is at least this "
        "(default 0: off, it is currency specific).",
    ),
    months(
        "deal_lead_time_months",
        "Lead time of selection and contracting: no deal starts before this month (default 0).",
    ),
    FieldSpec(
        "origin_monthly_earnings_usd",
        NUMBER,
        "Mean monthly earnings of employees at the origin (where the work is done today), in US dollars a month "
        "whatever parameters.currency is: how much labour arbitrage offshoring buys, which scales the BPO bands. "
        "0 (default): the region's figure (engine/delivery.py ORIGIN_MONTHLY_EARNINGS_USD); an unknown region "
        "keeps the bands as shipped.",
        minimum=0,
        maximum=MAX_ORIGIN_MONTHLY_EARNINGS_USD,
    ),
)

_ID = text(
    "id", "Line id, unique across IT cost areas and business functions.", max_length=MAX_ID_LENGTH, required=True
)
_FTES = FieldSpec("ftes", NUMBER, "Full-time equivalents working on the line.", minimum=0, maximum=MAX_FTES)
_FIXED_START = FieldSpec(
    "fixed_start_month",
    INTEGER,
    "Re-plan: the engagement is already under way and keeps this start month (before horizon_months); the line is "
    "planned at it whatever its economics. Null or absent: the schedule chooses. Months.",
    minimum=0,
    maximum=MAX_HORIZON_MONTHS,
    nullable=True,
)

_EXIT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "termination_fee",
        NUMBER,
        "This line's current contract termination fee, paid in its start month; replaces "
        "parameters.termination_fee_months for the line. Null or absent: the assessment-wide figure. In "
        "parameters.currency, 0 .. 2^53-1.",
        minimum=0,
        maximum=MAX_MONEY,
        nullable=True,
    ),
    FieldSpec(
        "stranded_book_value",
        NUMBER,
        "Remaining book value of this line's assets and licences made redundant, written off when benefits begin; "
        "replaces parameters.stranded_cost_fraction for the line. Null or absent: the assessment-wide figure. In "
        "parameters.currency, 0 .. 2^53-1.",
        minimum=0,
        maximum=MAX_MONEY,
        nullable=True,
    ),
)

IT_COST_AREA_FIELDS: tuple[FieldSpec, ...] = (
    _ID,
    FieldSpec("capability", CODE, "Capability code (an ITO capability: the list gives the kind).", required=True),
    money("annual_cost", "Annual cost of the area.", required=True),
    _FTES,
    months(
        "available_from_month",
        "First month the area can be handed over (e.g. after a contract ends).",
        maximum=MAX_MONTH,
    ),
    score("maturity", "1 (ad hoc) .. 5 (optimised)."),
    score("standardisation", "1 (bespoke) .. 5 (commodity)."),
    score("criticality", "Reported, not used by the model."),
    FieldSpec(
        "volume",
        NUMBER,
        "Volume in the capability's TBM unit of measure (benchmarks.<code>.unit_of_measure); with a market "
        "unit-cost band it makes the saving found rather than indicative. Null or absent: not measured.",
        minimum=0,
        exclusive_minimum=True,
        maximum=MAX_VOLUME,
        nullable=True,
    ),
    _FIXED_START,
    *_EXIT_FIELDS,
)

BUSINESS_FUNCTION_FIELDS: tuple[FieldSpec, ...] = (
    _ID,
    FieldSpec("capability", CODE, "Capability code (a BPO capability: the list gives the kind).", required=True),
    money("annual_cost", "Annual cost of the function.", required=True),
    _FTES,
    FieldSpec("annual_volume", NUMBER, "Transactions a year.", minimum=0, maximum=MAX_VOLUME),
    score("standardisation"),
    score("strategic_importance"),
    score("maturity"),
    score("regulatory_sensitivity"),
    score("knowledge_intensity"),
    FieldSpec(
        "error_rate", NUMBER, "Share of transactions with errors, in per cent (0 .. 100).", minimum=0, maximum=100
    ),
    FieldSpec(
        "cycle_time_days",
        NUMBER,
        "Cycle time of one transaction, in days, or null.",
        minimum=0,
        maximum=36500,
        nullable=True,
    ),
    FieldSpec(
        "retained_ftes",
        NUMBER,
        "FTEs kept in the retained organisation (at most the line's FTEs), or null for the default fraction.",
        minimum=0,
        maximum=MAX_FTES,
        nullable=True,
    ),
    _FIXED_START,
    *_EXIT_FIELDS,
    FieldSpec(
        "regulatory_condition_accepted",
        BOOLEAN,
        "A regulated function (engine/regulation.py): true states the regulator's condition for material "
        "outsourcing will be met (e.g. OJK approval planned), so the item may be recommended with the condition. "
        "Default false.",
    ),
)

BENCHMARK_FIELDS: tuple[FieldSpec, ...] = (
    fraction("savings_low", "Savings band, low end, as a share of annual cost.", maximum=MAX_SAVINGS_FRACTION),
    fraction("savings_typical", "Savings band, typical point.", maximum=MAX_SAVINGS_FRACTION),
    fraction("savings_high", "Savings band, high end.", maximum=MAX_SAVINGS_FRACTION),
    months("transition_months", "Transition before savings or benefits begin."),
    fraction(
        "transition_cost_fraction",
        "One-off transition cost as a share of the line's annual cost.",
        maximum=MAX_TRANSITION_COST_FRACTION,
    ),
    months("engagement_months", "ITO: how long the provider stays before it exits (0 for BPO)."),
    months("ramp_months", "BPO: ramp-up of benefits after transition (0 for ITO)."),
    text(
        "unit_of_measure",
        "ITO: the TBM unit of measure of volumes (e.g. tickets, TB, servers).",
        max_length=200,
        non_blank=False,
    ),
    FieldSpec(
        "market_unit_cost_low",
        NUMBER,
        "Market cost per unit a year, low end (all three or none).",
        minimum=0,
        exclusive_minimum=True,
        maximum=MAX_MONEY,
        nullable=True,
    ),
    FieldSpec(
        "market_unit_cost_typical",
        NUMBER,
        "Market cost per unit a year, typical.",
        minimum=0,
        exclusive_minimum=True,
        maximum=MAX_MONEY,
        nullable=True,
    ),
    FieldSpec(
        "market_unit_cost_high",
        NUMBER,
        "Market cost per unit a year, high end.",
        minimum=0,
        exclusive_minimum=True,
        maximum=MAX_MONEY,
        nullable=True,
    ),
    text(
        "market_currency",
        "Currency of the market unit-cost band (required with the band).",
        max_length=8,
        non_blank=False,
    ),
    FieldSpec(
        "market_year", INTEGER, "Year of the market unit-cost figures.", minimum=1900, maximum=2200, nullable=True
    ),
    text("market_region", "Region of the market unit-cost figures.", max_length=200, non_blank=False),
)

OFFERING_FIELDS: tuple[FieldSpec, ...] = (
    text("provider", "Stable provider id.", max_length=MAX_ID_LENGTH, required=True),
    text("provider_name", "Provider's display name.", max_length=500, non_blank=False),
    text(
        "delivery_model",
        "How the offering is delivered (onshore, nearshore, offshore); a provider may offer one capability in "
        "several delivery models.",
        max_length=64,
        non_blank=False,
    ),
    FieldSpec("capability", CODE, "Capability code.", required=True),
    FieldSpec(
        "regions", STRINGS, "Regions served.", required=True, max_length=64, non_blank=True, max_items=MAX_LIST_ITEMS
    ),
    FieldSpec(
        "price_index",
        NUMBER,
        "Price relative to the market median (1.0); lower is cheaper.",
        required=True,
        minimum=0,
        exclusive_minimum=True,
        maximum=MAX_PRICE_INDEX,
    ),
    FieldSpec("quality", NUMBER, "Quality score (higher is better).", required=True, minimum=0, maximum=MAX_QUALITY),
    FieldSpec("certifications", STRINGS, "Certifications held.", max_length=200, max_items=MAX_LIST_ITEMS),
    FieldSpec("capacity_ftes", NUMBER, "Delivery capacity in FTEs.", minimum=0, maximum=MAX_FTES),
    FieldSpec("experience_years", NUMBER, "Years of experience.", minimum=0, maximum=MAX_EXPERIENCE_YEARS),
    FieldSpec("rating", NUMBER, "Rating 0 .. 5, or null.", minimum=0, maximum=5, nullable=True),
)

# The shortlist criteria in defaults.SHORTLIST_CRITERIA order, with their upper bounds.
_POOL_CRITERIA: tuple[tuple[str, float], ...] = (
    ("price_index", MAX_PRICE_INDEX),
    ("quality", MAX_QUALITY),
    ("certification_fit", MAX_LIST_ITEMS),
    ("capacity_ftes", MAX_FTES),
    ("experience_years", MAX_EXPERIENCE_YEARS),
)
MAX_POOL_CANDIDATES = 100_000_000  # offerings of one capability in one region (product judgement)

OFFERING_POOL_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("capability", CODE, "Capability code.", required=True),
    FieldSpec(
        "capacity_cap",
        NUMBER,
        "The capacity criterion's cap: CAPACITY_HEADROOM (1.5) x max(the item's FTEs, 1).",
        required=True,
        minimum=0,
        maximum=1.5 * MAX_FTES,
    ),
    FieldSpec(
        "candidates",
        INTEGER,
        "Offerings of the capability serving the region in the full catalogue.",
        required=True,
        minimum=1,
        maximum=MAX_POOL_CANDIDATES,
    ),
    *(
        FieldSpec(
            f"{criterion}_{stat}",
            NUMBER,
            f"{what} of {criterion} over the full candidate set (capacity capped at capacity_cap).",
            required=True,
            minimum=0,
            # a norm sums squares over up to MAX_POOL_CANDIDATES offerings
            maximum=bound * (10_000 if stat == "norm" else 1),
        )
        for criterion, bound in _POOL_CRITERIA
        for stat, what in (("norm", "Euclidean norm"), ("min", "Minimum"), ("max", "Maximum"))
    ),
)


# --- JSON Schema derived from the tables ----------------------------------------------
def _property(spec: FieldSpec) -> dict[str, Any]:
    out: dict[str, Any]
    if spec.kind == CODE:
        return {"$ref": "#/$defs/capability_code", "description": spec.description}
    if spec.kind == CHOICE:
        return {"enum": list(spec.choices), "description": spec.description}
    if spec.kind == STRINGS:
        item: dict[str, Any] = {"type": "string"}
        if spec.non_blank:
            item["minLength"] = 1
            item["pattern"] = r"\S"
        if spec.max_length is not None:
            item["maxLength"] = spec.max_length
        out = {"type": "array", "items": item}
        if spec.max_items is not None:
            out["maxItems"] = spec.max_items
        out["description"] = spec.description
        return out
    out = {"type": [spec.kind, "null"] if spec.nullable else spec.kind}
    if spec.kind == STRING:
        if spec.non_blank:
            out["minLength"] = 1
            out["pattern"] = r"\S"
        if spec.max_length is not None:
            out["maxLength"] = spec.max_length
    if spec.minimum is not None:
        out["exclusiveMinimum" if spec.exclusive_minimum else "minimum"] = spec.minimum
    if spec.maximum is not None:
        out["maximum"] = spec.maximum
    out["description"] = spec.description
    return out


def _object(specs: tuple[FieldSpec, ...], description: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    if description:
        out["description"] = description
    required = [s.name for s in specs if s.required]
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    out["properties"] = {s.name: _property(s) for s in specs}
    return out


def input_json_schema() -> dict[str, Any]:
    """The input JSON Schema (draft 2020-12) derived from the field tables."""
    parameters = _object(PARAMETER_FIELDS, "Assessment-wide parameters; defaults in assessments/engine/defaults.py.")
    benchmark = _object(
        BENCHMARK_FIELDS,
        "Benchmark figures of one capability. For a shipped capability, missing figures come from its shipped "
        "default; any other capability must give every figure that has no default.",
    )
    benchmark.pop("required", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:outsourcing-navigator:engine:input:2",
        "title": "Outsourcing assessment engine input",
        "description": (
            "One assessment: parameters, IT cost areas (ITO candidates), business functions (BPO candidates), "
            "benchmarks per capability code, provider offerings and AHP judgements. Any capability code is accepted: "
            "a line's kind is the list it is in, and every code in use needs a benchmark (given here, or shipped for "
            "the shipped codes). Money is in parameters.currency and below 2^53; months count from 0; fractions are "
            "shares (0.05 = 5 %). Field names, ids and benchmark codes must be unique; JSON has no Infinity or NaN."
        ),
        "type": "object",
        "required": ["parameters"],
        "additionalProperties": False,
        "properties": {
            "meta": {
                "type": "object",
                "description": "Free-form provenance (assessment id, version, author); ignored by the engine.",
            },
            "parameters": parameters,
            "it_cost_areas": {"type": "array", "items": {"$ref": "#/$defs/it_cost_area"}},
            "business_functions": {"type": "array", "items": {"$ref": "#/$defs/business_function"}},
            "benchmarks": {
                "type": "object",
                "description": "Capability code -> its benchmark figures.",
                "propertyNames": {"$ref": "#/$defs/capability_code"},
                "additionalProperties": {"$ref": "#/$defs/benchmark"},
            },
            "offerings": {"type": "array", "items": {"$ref": "#/$defs/offering"}},
            "offering_pools": {
                "type": "array",
                "description": (
                    "Optional: when offerings hold only a pre-selection of the catalogue, the full candidate set's "
                    "statistics per capability and capacity cap, so that closeness and ranks are those of the full "
                    "set. Without a pool the offerings given are the candidate set."
                ),
                "items": {"$ref": "#/$defs/offering_pool"},
            },
            "criteria_pairwise": {
                "description": (
                    "AHP pairwise matrix over the six BPO suitability criteria in this order: "
                    f"{', '.join(SUITABILITY_CRITERIA)}. Must be reciprocal with consistency ratio < 0.10."
                ),
                "type": ["array", "null"],
                "minItems": len(SUITABILITY_CRITERIA),
                "maxItems": len(SUITABILITY_CRITERIA),
                "items": {
                    "type": "array",
                    "minItems": len(SUITABILITY_CRITERIA),
                    "maxItems": len(SUITABILITY_CRITERIA),
                    "items": {"type": "number", "minimum": PAIRWISE_MIN, "maximum": PAIRWISE_MAX},
                },
            },
        },
        "$defs": {
            "capability_code": {
                "type": "string",
                "pattern": CAPABILITY_CODE_PATTERN,
                "description": "A capability code of the taxonomy (letters, digits, '_' or '-', 1-64 characters).",
            },
            "it_cost_area": _object(IT_COST_AREA_FIELDS, "One IT cost area (an ITO candidate)."),
            "business_function": _object(BUSINESS_FUNCTION_FIELDS, "One business function (a BPO candidate)."),
            "benchmark": benchmark,
            "offering": _object(OFFERING_FIELDS, "A provider's offering of one capability."),
            "offering_pool": _object(
                OFFERING_POOL_FIELDS, "The full candidate set of one capability in the region, summarised."
            ),
        },
    }


def schema_text(schema: dict[str, Any]) -> str:
    """How the schema files are written (stable, reviewable diffs)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


# --- The shipped schema files -----------------------------------------------------------
@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def input_schema() -> dict[str, Any]:
    """A fresh copy of the shipped input JSON Schema (draft 2020-12)."""
    schema: dict[str, Any] = json.loads(json.dumps(_load("input")))
    return schema


def output_schema() -> dict[str, Any]:
    """A fresh copy of the shipped output JSON Schema (draft 2020-12)."""
    schema: dict[str, Any] = json.loads(json.dumps(_load("output")))
    return schema


def json_path(parts: object) -> str:
    """``['it_cost_areas', 3, 'annual_cost']`` -> ``it_cost_areas[3].annual_cost``."""
    out = ""
    for part in parts:  # type: ignore[attr-defined]
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator  # tests and tools only: not on the engine's hot path

    schema = _load(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _sort_key(error: Any) -> tuple[Any, ...]:
    return (tuple((0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in error.absolute_path), error.message)


def schema_errors(name: str, doc: object) -> tuple[tuple[str, str], ...]:
    """(path, message) of every violation of the shipped `name` schema ("input" or "output"),
    found with jsonschema. For tests and tools; the engine itself uses the typed checks."""
    found = sorted(_validator(name).iter_errors(doc), key=_sort_key)
    return tuple((json_path(e.absolute_path), e.message) for e in found)


def output_errors(doc: object) -> tuple[tuple[str, str], ...]:
    """Schema violations of an output document (used by the tests)."""
    return schema_errors("output", doc)


def write_schema_files() -> list[Path]:
    """Rewrite the packaged and the documented input schema from the field tables.

    Run: ``python -c "from assessments.engine.schema import write_schema_files as w; w()"``.
    """
    text = schema_text(input_json_schema())
    root = Path(__file__).resolve().parents[2]
    paths = [Path(__file__).with_name("schemas") / "input.schema.json", root / "docs" / "engine" / "input.schema.json"]
    for path in paths:
        path.write_text(text, encoding="utf-8")
    return paths
