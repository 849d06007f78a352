"""Shipped defaults: capabilities, benchmark figures, parameters and model weights.

Every figure carries its source. Where no published figure exists the value is the
product's own judgement and says so ("product judgement"); administrators can replace
any benchmark figure, and an assessment can override any of them in its input.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .types import SUITABILITY_CRITERIA, Benchmark

ENGINE_VERSION = "2.1.0"

ITO = "ITO"
BPO = "BPO"

# code -> (kind, English name). ITO capabilities follow the TBM Council's IT towers
# (TBM Taxonomy); BPO codes are business functions. Shared with the rest of the app.
CAPABILITIES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "data_centre": (ITO, "Data centre and hosting"),
        "compute": (ITO, "Compute"),
        "storage": (ITO, "Storage"),
        "network": (ITO, "Network and wireless"),
        "service_desk": (ITO, "End-user support / service desk"),
        "applications": (ITO, "Applications"),
        "security": (ITO, "Security"),
        "hr": (BPO, "HR / personnel management"),
        "payroll": (BPO, "Payroll"),
        "recruitment": (BPO, "Recruitment"),
        "finance": (BPO, "Finance"),
        "accounting": (BPO, "Accounting"),
        "customer_service": (BPO, "Customer service"),
        "procurement": (BPO, "Procurement"),
        "document_processing": (BPO, "Document processing"),
    }
)
ITO_CODES: tuple[str, ...] = tuple(code for code, (kind, _) in CAPABILITIES.items() if kind == ITO)
BPO_CODES: tuple[str, ...] = tuple(code for code, (kind, _) in CAPABILITIES.items() if kind == BPO)

# --- Published anchors -------------------------------------------------------------
SRC_ITO_SAVINGS = (
    "TPI (Technology Partners International) outsourcing survey, 2006: after professional fees, severance and "
    "governance, IT and business-services outsourcing savings range 10-39 %, averaging 15 % when contracts are "
    "first let. The point chosen for this capability inside that band is product judgement."
)
SRC_HR_SAVINGS = (
    "R. H. Brown (Gartner), 'Beware of cost savings that add up to less than 10 percent', HRO Today, 2006: "
    "survey of HR BPO buyers, the most common savings band is 10-15 %."
)
SRC_BPO_SAVINGS = (
    "Offshore BPO: labour-rate differences of 50-60 % give about 30-40 % bottom-line savings (Vantage Agora, "
    "'What are the expected savings from outsourcing?'); HR is lower, 10-15 % typical (Brown, HRO Today 2006). "
    "This capability's band around that range is product judgement."
)
SRC_SELECTION = (
    "Vendor search and contracting, a hidden cost of outsourcing (Barthélemy 2001, 'The hidden costs of IT "
    "outsourcing', MIT Sloan Management Review 42(3)). Its size, 2-5 % of the annual price with 3.5 % as the "
    "default mid-point, is product judgement."
)
SRC_GOVERNANCE = (
    "Managing the provider (contract management, monitoring) is a hidden cost of outsourcing (Barthélemy 2001, "
    "'The hidden costs of IT outsourcing', MIT Sloan Management Review 42(3)); its size is commonly quoted as "
    "3-12 % of contract value, lower for infrastructure towers and higher for BPO and applications (a "
    "practitioners' range, not a survey figure). 8 % for BPO and the applications tower, in the upper half because "
    "the buyer keeps directing the processes and applications the provider runs, is product judgement within it."
)
SRC_LOW_END = (
    "Deloitte Consulting, 'Calling a Change in the Outsourcing Market', 2005: 44 % of the large buyers "
    "surveyed saw no cost savings from outsourcing; for HR outsourcing nearly half of buyers report savings "
    "under 10 % (R. H. Brown, Gartner, 'Beware of cost savings that add up to less than 10 percent', HRO Today, "
    "2006). The low end of every savings band is therefore 0: a real downside, not a smaller saving."
)
PJ_ITO_TRANSITION = (
    "product judgement: ITO transitions typically take 3-6 months; longer for data centre and applications"
)
PJ_ITO_TRANSITION_COST = (
    "product judgement: 5-8 % of the annual cost for transition (knowledge transfer, migration, parallel "
    "running), a hidden-cost category named by Barthélemy (2001)"
)
PJ_ITO_ENGAGEMENT = (
    "product judgement: the ITO provider stays until savings are identified and the changes handed back to "
    "the business, then exits; 12-18 months"
)
PJ_BPO_TRANSITION = "product judgement: BPO transitions typically take 3-5 months"
PJ_BPO_TRANSITION_COST = "product judgement: knowledge transfer, process documentation and parallel running, 8-12 %"
PJ_BPO_RAMP = "product judgement: benefits ramp up linearly over 3-6 months after transition"
PJ_NOT_USED = "not used for this kind (ITO has no ramp-up; a BPO provider has no planned exit)"


# --- Market unit-cost bands (rule 3: savings are found against the market) ---------------
SRC_SERVICE_DESK_UNIT = (
    "MetricNet benchmarks as reported by HDI SupportWorld (J. Rumburg, 'Understanding cost per ticket', 2021) "
    "and service-desk vendors citing them: the average North American service-desk cost per ticket is about "
    "USD 22 (fully loaded: agents, supervision, technology, telecom, facilities). The low and high ends of the "
    "band around that average are product judgement."
)
SRC_DATA_CENTRE_UNIT = (
    "TeleGeography colocation pricing research (blog 'Three colocation facts every networker should know', "
    "c. 2022): median price per kW per month at 4 kW cabinets USD 275 in North America and USD 360 in Europe; "
    "competitive markets below, London / New York / Toronto above (about USD 450). Annualised (x 12): "
    "typical = North American median; low and high = the cheaper and dearer metros (product judgement on the "
    "exact points; the survey year is as reported, not verified against the report)."
)
PJ_UNIT_COST = (
    "product judgement: a managed-service market price per unit a year in USD; no public benchmark with a "
    "stated method was found. Administrators should replace it with a figure from a benchmarking study."
)
# code -> (TBM-style unit of measure, low, typical, high in USD per unit a year, year, region, source)
MARKET_UNIT_COSTS: Mapping[str, tuple[str, float, float, float, int, str, str]] = MappingProxyType(
    {
        "service_desk": ("contacts (tickets)", 12.0, 22.0, 35.0, 2021, "North America", SRC_SERVICE_DESK_UNIT),
        "data_centre": ("kW of IT load", 2_940.0, 3_300.0, 5_400.0, 2022, "North America", SRC_DATA_CENTRE_UNIT),
        "compute": (
            "servers (physical or virtual OS instances)",
            1_500.0,
            3_000.0,
            6_000.0,
            2026,
            "global",
            PJ_UNIT_COST,
        ),
        "storage": ("TB of usable managed storage", 250.0, 600.0, 1_500.0, 2026, "global", PJ_UNIT_COST),
        "network": ("sites", 6_000.0, 12_000.0, 24_000.0, 2026, "global", PJ_UNIT_COST),
        "applications": ("applications", 20_000.0, 50_000.0, 120_000.0, 2026, "global", PJ_UNIT_COST),
        "security": ("protected users", 60.0, 120.0, 250.0, 2026, "global", PJ_UNIT_COST),
    }
)
MARKET_CURRENCY = "USD"

# --- Exchange rates for the market bands ------------------------------------------------
# A market band in one currency is compared with an area's unit cost in another by
# converting the band at these rates (units of the currency per US dollar). They are
# market exchange rates, not purchasing-power parities: a band converted to rupiah is the
# price of the same managed service bought at international prices, which is what an
# offshore or regional provider quotes; a local market may be cheaper (administrators can
# give a band in the organisation's currency, which is then used as it is).
SRC_FX = (
    "World Bank, World Development Indicators, series PA.NUS.FCRF 'Official exchange rate (LCU per US$, "
    "period average)', annual average 2023: Indonesia 15,236.9 IDR; Euro area 0.9248 EUR (the ECB's 2023 "
    "average reference rate, 1.0813 USD per EUR, gives the same). Figures as recalled from the series, to be "
    "checked against the current WDI release when the table is next updated."
)
FX_YEAR = 2023
FX_PER_USD: Mapping[str, float] = MappingProxyType({"USD": 1.0, "IDR": 15_236.9, "EUR": 0.9248})


def fx_rate(*, from_currency: str, to_currency: str) -> float | None:
    """Units of `to_currency` for one unit of `from_currency` (FX_PER_USD, SRC_FX, FX_YEAR);
    None when either currency is not in the table. Codes are ISO 4217, case-insensitive."""
    low, high = FX_PER_USD.get(from_currency.upper()), FX_PER_USD.get(to_currency.upper())
    if low is None or high is None:
        return None
    return high / low


def _bench(code: str, low: float, typical: float, high: float, t: int, tc: float, e: int, r: int) -> Benchmark:
    ito = CAPABILITIES[code][0] == ITO
    market: dict[str, object] = {}
    market_sources: tuple[tuple[str, str], ...] = ()
    if code in MARKET_UNIT_COSTS:
        unit, m_low, m_typ, m_high, year, region, src = MARKET_UNIT_COSTS[code]
        market = {
            "unit_of_measure": unit,
            "market_unit_cost_low": m_low,
            "market_unit_cost_typical": m_typ,
            "market_unit_cost_high": m_high,
            "market_currency": MARKET_CURRENCY,
            "market_year": year,
            "market_region": region,
        }
        market_sources = tuple(
            (f, src) for f in ("market_unit_cost_low", "market_unit_cost_typical", "market_unit_cost_high")
        )
    if ito:
        savings_src = SRC_ITO_SAVINGS
    elif code == "hr":
        savings_src = SRC_HR_SAVINGS
    else:
        savings_src = SRC_BPO_SAVINGS
    return Benchmark(
        capability=code,
        savings_low=low,
        savings_typical=typical,
        savings_high=high,
        transition_months=t,
        transition_cost_fraction=tc,
        engagement_months=e,
        ramp_months=r,
        sources=(
            ("savings_low", SRC_LOW_END),
            ("savings_typical", savings_src),
            ("savings_high", savings_src),
            ("transition_months", PJ_ITO_TRANSITION if ito else PJ_BPO_TRANSITION),
            ("transition_cost_fraction", PJ_ITO_TRANSITION_COST if ito else PJ_BPO_TRANSITION_COST),
            ("engagement_months", PJ_ITO_ENGAGEMENT if ito else PJ_NOT_USED),
            ("ramp_months", PJ_NOT_USED if ito else PJ_BPO_RAMP),
            *market_sources,
        ),
        **market,  # type: ignore[arg-type]  # reason: keys are Benchmark's market fields
    )


# Per-capability points inside the published bands are product judgement (see sources); every
# low end is 0 (SRC_LOW_END: 44 % of buyers saw no savings, Deloitte 2005).
DEFAULT_BENCHMARKS: Mapping[str, Benchmark] = MappingProxyType(
    {
        b.capability: b
        for b in (
            # ITO: typical and high inside TPI's 10-39 %, typical near its 15 % average; low 0 (Deloitte 2005).
            _bench("data_centre", 0.0, 0.18, 0.30, 6, 0.08, 18, 0),
            _bench("compute", 0.0, 0.16, 0.28, 4, 0.06, 15, 0),
            _bench("storage", 0.0, 0.16, 0.28, 4, 0.06, 15, 0),
            _bench("network", 0.0, 0.15, 0.25, 4, 0.05, 15, 0),
            _bench("service_desk", 0.0, 0.20, 0.35, 3, 0.05, 12, 0),
            _bench("applications", 0.0, 0.15, 0.30, 6, 0.08, 18, 0),
            _bench("security", 0.0, 0.12, 0.20, 5, 0.07, 18, 0),
            # BPO: HR typical and high at the published 10-15 %; others inside the offshore 30-40 % bottom line; low 0.
            _bench("hr", 0.0, 0.125, 0.15, 4, 0.10, 0, 4),
            _bench("payroll", 0.0, 0.20, 0.30, 3, 0.08, 0, 3),
            _bench("recruitment", 0.0, 0.18, 0.30, 3, 0.08, 0, 3),
            _bench("finance", 0.0, 0.22, 0.35, 5, 0.12, 0, 6),
            _bench("accounting", 0.0, 0.25, 0.40, 4, 0.10, 0, 4),
            _bench("customer_service", 0.0, 0.30, 0.45, 4, 0.10, 0, 6),
            _bench("procurement", 0.0, 0.18, 0.30, 5, 0.10, 0, 6),
            _bench("document_processing", 0.0, 0.35, 0.50, 3, 0.08, 0, 3),
        )
    }
)

# --- Discount rate by currency ----------------------------------------------------------
# The default discount rate follows the assessment's currency: the currency's 10-year
# government bond yield plus an equity / risk premium (a rupiah plan does not default to 8 %).
GOVERNMENT_BOND_YIELD_10Y: Mapping[str, float] = MappingProxyType({"IDR": 0.070, "USD": 0.042, "EUR": 0.023})
BOND_YIELD_DATE = "2024 average"
EQUITY_RISK_PREMIUM = 0.04
# An assessment in a currency the table lacks keeps the engine's earlier default.
DISCOUNT_RATE_FALLBACK = 0.08
SRC_DISCOUNT_RATE = (
    "The currency's 10-year government bond yield plus a 4-point equity / risk premium (the premium is product "
    "judgement for a corporate cost of capital). Yields, 2024 annual averages, rounded: Indonesia about 7.0 % "
    "(10-year SUN benchmark yield, Bank Indonesia / PHEI; it traded between about 6.6 and 7.2 % in 2024), United "
    "States 4.2 % (Federal Reserve H.15, series DGS10, 10-year Treasury constant maturity: 4.21 % in 2024), euro "
    "area about 2.3 % (ECB euro area yield curve, AAA-rated 10-year spot rate). So IDR 11 %, USD 8.2 %, EUR 6.3 %; any "
    "other currency 8 %, product judgement for a typical corporate cost of capital, because no yield is on file."
)


def discount_rate_of(currency: str) -> float:
    """The default annual discount rate (a fraction) of an assessment in `currency` (ISO 4217,
    case-insensitive): GOVERNMENT_BOND_YIELD_10Y + EQUITY_RISK_PREMIUM, or DISCOUNT_RATE_FALLBACK
    (0.08) for a currency the table lacks. Source: SRC_DISCOUNT_RATE. Raises nothing."""
    bond = GOVERNMENT_BOND_YIELD_10Y.get(currency.strip().upper())
    return DISCOUNT_RATE_FALLBACK if bond is None else round(bond + EQUITY_RISK_PREMIUM, 6)


def discount_rate_basis(currency: str) -> str:
    """One sentence on where discount_rate_of(currency) comes from (English; the caller translates)."""
    code = currency.strip().upper()
    bond = GOVERNMENT_BOND_YIELD_10Y.get(code)
    if bond is None:
        return (
            f"No government bond yield is on file for {code or 'this currency'}: the default discount rate is "
            f"{DISCOUNT_RATE_FALLBACK:.1%}, product judgement for a typical corporate cost of capital."
        )
    return (
        f"{code} 10-year government bond yield {bond:.1%} ({BOND_YIELD_DATE}) plus a {EQUITY_RISK_PREMIUM:.0%} "
        f"equity / risk premium (product judgement) = {discount_rate_of(code):.1%}."
    )


# --- Parameters --------------------------------------------------------------------
PARAMETER_SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "horizon_months": "product judgement: a five-year business case",
        "discount_rate": SRC_DISCOUNT_RATE,
        "gate_fraction": (
            "product judgement: BPO starts once the ITO savings are real, taken as the month the realised ITO "
            "savings run-rate reaches one half of the planned ITO run-rate"
        ),
        "max_parallel_ito": "product judgement: what a mid-sized IT organisation can govern at once",
        "max_parallel_bpo": "product judgement: limited parallel BPO transition waves",
        "materiality_threshold": (
            "R. H. Brown (Gartner), 'Beware of cost savings that add up to less than 10 percent', HRO Today, 2006: "
            "savings under 10 % are commonly consumed by the hidden costs of a deal; an area must find at least "
            "10 % of its annual cost (relative floor)"
        ),
        "materiality_min_savings": (
            "product judgement: an absolute floor is currency-specific, so the engine ships 0 (off) and the "
            "organisation sets it in its own currency"
        ),
        "ito_valuation_months": (
            "product judgement anchored on TPI Index (ISG, 2Q 2012): outsourcing contracts average about five "
            "years (4.85 in 1H 2012); found savings are valued over one such cycle from the engagement's start"
        ),
        "bpo_contract_months": (
            "TPI Index (ISG, 2Q 2012): outsourcing contract durations averaged about five years (4.85 in 1H 2012); "
            "a BPO deal is valued over its own five-year term"
        ),
        "retained_fte_fraction": (
            "product judgement: a retained organisation (vendor management, process ownership) of about one in "
            "twenty of the function's FTEs, within the 3-12 % of contract value commonly quoted for governance"
        ),
        "solver_time_limit_seconds": "product judgement: an interactive answer; the optimality gap is reported",
        "selection_cost_fraction": SRC_SELECTION,
        "governance_fraction": SRC_GOVERNANCE,
        "risk_draws": (
            "product judgement: 10,000 futures put the Monte Carlo error of P10 / P50 / P90 well under 1 % of "
            "the spread of a typical plan, within an interactive answer (benchmarks/risk.py)"
        ),
        "risk_seed": "product judgement: any fixed seed; fixed so that a result reproduces",
        "gate_month_actual": (
            "product judgement: no default; the realised gate comes from the programme's recorded actuals "
            "(the gate on evidence), and without it the planned gate stands"
        ),
        # --- Costs of the business case (engine/costs.py) ---
        "severance_rule": (
            "by_region: in Indonesia, Government Regulation (PP) No. 35 of 2021, Art. 40(2)-(4): severance pay "
            "(1-9 months of wages by years of service), long-service pay (2-10 months from 3 years) and compensation "
            "of rights; elsewhere months_per_year (below)"
        ),
        "average_tenure_years": (
            "product judgement: five years of service for a back-office team; the assessment should give its own"
        ),
        "wage_share": (
            "product judgement: staff wages are about 60 % of an in-house back-office function's cost (the rest is "
            "space, systems and overhead); the severance base"
        ),
        "severance_multiplier": (
            "PP 35/2021 Art. 43(2): dismissal for efficiency to prevent losses pays 1.0 x severance pay (0.5 x under "
            "Art. 43(1) when the company is making losses)"
        ),
        "compensation_of_rights_months": (
            "product judgement: PP 35/2021 Art. 40(4) lists untaken annual leave and travel home but sets no amount; "
            "half a month (12 days' leave is about half a month of wages, UU 13/2003 Art. 79)"
        ),
        "severance_months_per_year": (
            "Germany's Kündigungsschutzgesetz (KSchG) s.1a: half a month's earnings per year of service for a "
            "dismissal for operational reasons; a common European reference, product judgement outside Germany "
            "(the UK statutory redundancy pay, Employment Rights Act 1996 s.162, is about a quarter month a year)"
        ),
        "staff_transfer_fraction": (
            "product judgement: no staff transfer unless the deal says so (a transfer to the provider pays no "
            "severance)"
        ),
        "retained_cost_per_fte": (
            "product judgement: 0 (off) because it is currency specific; then governance is the fraction of "
            "contract value below"
        ),
        "governance_fraction_ito": (
            "product judgement within the commonly quoted range of 3-12 % of contract value for retained "
            "governance (lower for infrastructure towers, higher for BPO and applications; Barthelemy 2001, MIT "
            "Sloan Management Review, on the hidden management costs of IT outsourcing): 3 % for infrastructure, "
            "the low end; the applications tower uses governance_fraction (8 %), as BPO does"
        ),
        "termination_fee_months": (
            "product judgement: 0, because the schedule starts no line before its available_from_month (its "
            "contract end), so no contract is ended early; enter the notice period when one is"
        ),
        "stranded_cost_fraction": (
            "product judgement: 0, the remaining book value needs the buyer's asset and licence register; enter it"
        ),
        "dual_running_months": (
            "product judgement: one month of parallel running before the provider takes over; the benchmark "
            "transition cost covers knowledge transfer and migration"
        ),
        "wage_growth": (
            "product judgement: 0 with provider_indexation 0, i.e. constant prices; set both (e.g. Indonesia's "
            "2025 minimum-wage rise of 6.5 %, Permenaker 16/2024, against a CPI-linked COLA) to model the gap"
        ),
        "provider_indexation": "product judgement: 0 with wage_growth 0 (constant prices); see wage_growth",
        "ito_erosion_rate": (
            "product judgement: 5 % of the ITO savings a year are lost after the provider exits (the ITO "
            "engagement is short: what persists is renegotiated contracts and consolidation, which drift back "
            "without the provider)"
        ),
        "provider_currency_share": "product judgement: 0, a provider priced in the assessment's currency",
        "fx_depreciation": (
            "product judgement: 0; enter the forward premium of the provider's currency when it prices in another"
        ),
        "vat_rate": (
            "Indonesia's PPN (VAT) at 11 % from 1 April 2022, Law 7/2021 (UU HPP) Art. 7; from 2025 the 12 % rate "
            "applies on a tax base of 11/12 for ordinary services (PMK 131/2024), still 11 % in effect"
        ),
        "vat_recoverable_fraction": (
            "Law 8/1983 on VAT as amended (UU PPN) Art. 9: a VAT-registered buyer credits input VAT, so 1.0; a "
            "VAT-exempt buyer (banks, insurers) cannot and sets 0"
        ),
        "deal_fixed_cost": (
            "product judgement: 0 (off) because it is currency specific; selection, legal and contracting cost a "
            "fixed minimum per deal that the organisation sets in its own currency"
        ),
        "deal_lead_time_months": (
            "product judgement: 0, the plan starts once contracting is done; set 3-6 months for a selection still "
            "to run"
        ),
        "origin_monthly_earnings_usd": (
            "0 = the region's mean monthly earnings of employees (delivery.ORIGIN_MONTHLY_EARNINGS_USD: BPS "
            "Sakernas 2023 for Indonesia, Eurostat 2023, US BLS 2024; Southeast Asia and Asia Pacific are product "
            "judgement mixes; delivery.SRC_MONTHLY_EARNINGS) against India's (PLFS 2024, the offshore hub)"
        ),
    }
)

# product judgement: an indicative (not yet found) ITO saving moves across the whole band
# width by the area's position, so a mature, bespoke area sits below the band's low end: the
# band describes deals that were done, not every area (see ito.indicative_fraction).
INDICATIVE_SPREAD = 1.0
# product judgement: a fully suitable process run by a provider cuts cycle time by up to 30 %.
MAX_CYCLE_TIME_REDUCTION = 0.30

# --- BPO suitability ----------------------------------------------------------------
# product judgement: standardisation matters most (the provider runs a standard process),
# strategic importance next (do not hand over what differentiates the business).
DEFAULT_SUITABILITY_WEIGHTS: Mapping[str, float] = MappingProxyType(
    dict(
        zip(
            SUITABILITY_CRITERIA,
            (0.25, 0.15, 0.20, 0.15, 0.10, 0.15),
            strict=True,
        )
    )
)
# Criteria where a high score makes a function *less* suitable.
SUITABILITY_INVERSE: frozenset[str] = frozenset(
    {"strategic_importance", "knowledge_intensity", "regulatory_sensitivity"}
)
# product judgement: volume scores on a log scale, 0 at 1 000 transactions a year and 1
# at 1 000 000 (scale economies are what a BPO provider sells).
VOLUME_LOG10_FLOOR = 3.0
VOLUME_LOG10_CEILING = 6.0
# product judgement: class thresholds on the 0-100 suitability score.
PROBABLE_FROM = 60.0
POSSIBLE_FROM = 40.0
# product judgement: a fully suitable process run by a provider with QA commitments in its
# SLA makes up to 40 % fewer errors; scaled by suitability.
MAX_ERROR_REDUCTION = 0.40

# --- Provider shortlists ------------------------------------------------------------
SHORTLIST_CRITERIA: tuple[str, ...] = (
    "price_index",
    "quality",
    "certification_fit",
    "capacity_ftes",
    "experience_years",
)
SHORTLIST_BENEFIT: tuple[bool, ...] = (False, True, True, True, True)
# product judgement: the pairwise judgements behind the shortlist weights (Saaty 1-9
# scale, row criterion vs column criterion): price and quality lead, certifications and
# capacity matter moderately, experience least. Its CR is asserted < 0.10 in the tests.
SHORTLIST_PAIRWISE: tuple[tuple[float, ...], ...] = (
    (1.0, 1.0, 3.0, 3.0, 4.0),
    (1.0, 1.0, 2.0, 3.0, 3.0),
    (1 / 3, 1 / 2, 1.0, 1.0, 2.0),
    (1 / 3, 1 / 3, 1.0, 1.0, 2.0),
    (1 / 4, 1 / 3, 1 / 2, 1 / 2, 1.0),
)
# product judgement: capacity beyond 1.5 x the item's FTEs adds nothing (a provider needs
# headroom, not sheer size), so the capacity criterion is capped there.
CAPACITY_HEADROOM = 1.5
SHORTLIST_SIZE = 3

# product judgement: certifications that fit each capability, matched on a normalised
# prefix ("ISO/IEC 27001:2022" fits "ISO 27001", "SOC 2 Type II" fits "SOC 2").
CERTIFICATION_FIT: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "data_centre": ("ISO 27001", "SOC 2", "ISO 22301"),
        "compute": ("ISO 27001", "SOC 2", "ISO 20000"),
        "storage": ("ISO 27001", "SOC 2", "ISO 22301"),
        "network": ("ISO 27001", "ISO 20000"),
        "service_desk": ("ISO 20000", "COPC", "ISO 9001"),
        "applications": ("CMMI", "ISO 9001", "ISO 27001"),
        "security": ("ISO 27001", "SOC 2", "PCI DSS"),
        "hr": ("ISO 27001", "SOC 1", "SOC 2", "ISO 9001"),
        "payroll": ("SOC 1", "SOC 2", "ISO 27001"),
        "recruitment": ("ISO 9001", "ISO 27001"),
        "finance": ("SOC 1", "SOC 2", "ISO 27001"),
        "accounting": ("SOC 1", "SOC 2", "ISO 27001"),
        "customer_service": ("COPC", "ISO 9001", "ISO 18295", "PCI DSS"),
        "procurement": ("ISO 9001", "ISO 27001", "SOC 1"),
        "document_processing": ("ISO 27001", "ISO 9001", "SOC 2"),
    }
)

CRITERION_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "price_index": "price",
        "quality": "quality",
        "certification_fit": "fitting certifications",
        "capacity_ftes": "capacity",
        "experience_years": "experience",
        "standardisation": "standardisation",
        "annual_volume": "volume",
        "strategic_importance": "strategic importance",
        "knowledge_intensity": "knowledge intensity",
        "regulatory_sensitivity": "regulatory sensitivity",
        "maturity": "process maturity",
    }
)

# product judgement: a transition may overrun by up to half its planned length (a 4-month
# transition by up to 2 months), no overrun being the most likely; the benchmark sources
# give no overrun distribution. Used by the Monte Carlo (risk.py) as each item's delay driver.
TRANSITION_DELAY_FRACTION = 0.5

# product judgement: the Monte Carlo samples each rate the plan uses (wage_growth and
# provider_indexation when not 0, fx_depreciation when provider_currency_share > 0) as a
# symmetric PERT on [rate - spread, rate + spread] with the rate as its mode, in fractions a
# year: 2 points for wages and the provider's COLA, 5 points for a currency's depreciation.
# No published distribution was looked up for either (the figures are not from a source); an
# assessment that needs other bounds sets the rates themselves.
RATE_SPREADS: dict[str, float] = {"wage_growth": 0.02, "provider_indexation": 0.02, "fx_depreciation": 0.05}

# product judgement: the Monte Carlo also samples the rates of the business case's costs, each a
# symmetric PERT on [mode x (1 - spread), mode x (1 + spread)] around the plan's figure, where the plan
# incurs the cost: severance (tenure and negotiated packages above the statutory minimum vary), the
# governance fractions (the published range is 3-12 % of contract value) and the VAT rate on provider
# fees (Indonesia's 11 % / 12 % PPN change of 2025 is a 9 % move of the rate). Relative spreads,
# because the rates differ by kind (3 % / 8 % governance) and by country. No published distribution
# was looked up; an assessment that needs other bounds sets the rates themselves.
COST_RATE_SPREADS: dict[str, float] = {"severance_months": 0.25, "governance_fraction": 0.25, "vat_rate": 0.1}
