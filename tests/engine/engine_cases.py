"""Shared inputs for the engine tests: a worked organisation and hypothesis strategies."""

from hypothesis import strategies as st

from assessments.engine import (
    BPO_CODES,
    ITO_CODES,
    BusinessFunction,
    ITCostArea,
    Offering,
    Parameters,
    RoadmapInput,
)

REGION = "ID"


def worked_input(**parameter_overrides) -> RoadmapInput:
    """A mid-sized organisation with qualifying lines of both kinds and some that do not qualify.

    Its origin earns USD 5,000 a month (labour-arbitrage share 1: the BPO bands as shipped), so the
    figures checked by hand on the shipped bands hold; an Indonesian origin's (a = 0) is tested in
    test_engine_origin.py."""
    parameter_overrides.setdefault("origin_monthly_earnings_usd", 5_000.0)
    params = Parameters(region=REGION, currency="IDR", **parameter_overrides)
    areas = (
        ITCostArea(id="sd", capability="service_desk", annual_cost=1_200_000, ftes=20, maturity=2, standardisation=4),
        ITCostArea(id="dc", capability="data_centre", annual_cost=3_000_000, ftes=12, available_from_month=6),
        ITCostArea(id="net", capability="network", annual_cost=800_000, ftes=6, maturity=3, standardisation=3),
        # Highly mature, bespoke security: savings sit at the bottom of a narrow band.
        ITCostArea(id="sec", capability="security", annual_cost=600_000, ftes=5, maturity=5, standardisation=1),
    )
    funcs = (
        BusinessFunction(
            id="cs",
            capability="customer_service",
            annual_cost=4_000_000,
            ftes=80,
            annual_volume=600_000,
            standardisation=4,
            strategic_importance=2,
            maturity=4,
            regulatory_sensitivity=2,
            knowledge_intensity=2,
            error_rate=5.0,
        ),
        BusinessFunction(
            id="pay",
            capability="payroll",
            annual_cost=900_000,
            ftes=12,
            annual_volume=60_000,
            standardisation=5,
            strategic_importance=1,
            maturity=4,
            regulatory_sensitivity=3,
            knowledge_intensity=2,
            error_rate=2.0,
        ),
        BusinessFunction(
            id="strat-hr",
            capability="hr",
            annual_cost=700_000,
            ftes=9,
            annual_volume=2_000,
            standardisation=1,
            strategic_importance=5,
            maturity=2,
            regulatory_sensitivity=5,
            knowledge_intensity=5,
            error_rate=1.0,
        ),
    )
    offerings = (
        Offering(
            provider="alpha",
            provider_name="Alpha Services",
            capability="service_desk",
            regions=("ID", "SG"),
            price_index=0.85,
            quality=3.8,
            certifications=("ISO/IEC 20000-1:2018", "ISO 9001"),
            capacity_ftes=60,
            experience_years=8,
        ),
        Offering(
            provider="beta",
            capability="service_desk",
            regions=("ID",),
            price_index=1.15,
            quality=4.7,
            certifications=("COPC",),
            capacity_ftes=400,
            experience_years=20,
        ),
        Offering(
            provider="gamma",
            capability="service_desk",
            regions=("SG",),
            price_index=0.6,
            quality=5.0,
            certifications=("ISO 20000", "COPC", "ISO 9001"),
            capacity_ftes=400,
            experience_years=30,
        ),
        Offering(
            provider="delta",
            capability="service_desk",
            regions=("id",),
            price_index=1.0,
            quality=4.0,
            certifications=(),
            capacity_ftes=10,
            experience_years=3,
        ),
        Offering(
            provider="epsilon",
            capability="service_desk",
            regions=("ID",),
            price_index=1.3,
            quality=3.0,
            certifications=(),
            capacity_ftes=5,
            experience_years=1,
        ),
        Offering(
            provider="zeta",
            capability="customer_service",
            regions=("ID",),
            price_index=0.9,
            quality=4.1,
            certifications=("COPC", "ISO 18295"),
            capacity_ftes=300,
            experience_years=12,
        ),
        Offering(
            provider="eta",
            capability="payroll",
            regions=("ID",),
            price_index=1.0,
            quality=4.0,
            certifications=("SOC 1 Type II",),
            capacity_ftes=50,
            experience_years=9,
        ),
    )
    return RoadmapInput(parameters=params, it_cost_areas=areas, business_functions=funcs, offerings=offerings)


score = st.integers(min_value=1, max_value=5)
cost = st.one_of(st.just(0.0), st.floats(min_value=1_000, max_value=5_000_000, allow_nan=False))


@st.composite
def roadmap_inputs(draw) -> RoadmapInput:
    params = Parameters(
        region=REGION,
        currency="USD",
        horizon_months=draw(st.integers(min_value=6, max_value=84)),
        discount_rate=draw(st.sampled_from([0.0, 0.05, 0.08, 0.15])),
        gate_fraction=draw(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])),
        max_parallel_ito=draw(st.integers(min_value=1, max_value=3)),
        max_parallel_bpo=draw(st.integers(min_value=1, max_value=3)),
        materiality_threshold=draw(st.sampled_from([0.0, 0.05, 0.1, 0.12, 0.2])),
        materiality_min_savings=draw(st.sampled_from([0.0, 50_000.0])),
        savings_band=draw(st.sampled_from(["low", "typical", "high"])),
        ito_valuation_months=draw(st.sampled_from([12, 36, 60])),
        bpo_contract_months=draw(st.sampled_from([24, 60])),
        # A few futures (zero: none) so that properties of the plan run fast; the Monte Carlo's own
        # properties are in test_engine_risk.py.
        risk_draws=draw(st.sampled_from([0, 50])),
    )
    n_ito = draw(st.integers(min_value=0, max_value=7))
    n_bpo = draw(st.integers(min_value=0, max_value=7))
    areas = tuple(
        ITCostArea(
            id=f"it-{i}",
            capability=draw(st.sampled_from(ITO_CODES)),
            annual_cost=draw(cost),
            ftes=draw(st.floats(min_value=0, max_value=100)),
            available_from_month=draw(st.integers(min_value=0, max_value=30)),
            maturity=draw(score),
            standardisation=draw(score),
            criticality=draw(score),
            # USD matches the shipped market bands, so a volume makes the saving "found".
            volume=draw(st.one_of(st.none(), st.floats(min_value=1, max_value=200_000))),
        )
        for i in range(n_ito)
    )
    funcs = tuple(
        BusinessFunction(
            id=f"bp-{i}",
            capability=draw(st.sampled_from(BPO_CODES)),
            annual_cost=draw(cost),
            ftes=draw(st.floats(min_value=0, max_value=300)),
            annual_volume=draw(st.sampled_from([0.0, 500.0, 20_000.0, 400_000.0, 3_000_000.0])),
            standardisation=draw(score),
            strategic_importance=draw(score),
            maturity=draw(score),
            regulatory_sensitivity=draw(score),
            knowledge_intensity=draw(score),
            error_rate=draw(st.floats(min_value=0, max_value=100)),
            cycle_time_days=draw(st.one_of(st.none(), st.floats(min_value=0, max_value=30))),
        )
        for i in range(n_bpo)
    )
    n_off = draw(st.integers(min_value=0, max_value=8))
    offerings = tuple(
        Offering(
            provider=f"p-{i}",
            capability=draw(st.sampled_from(ITO_CODES + BPO_CODES)),
            regions=tuple(draw(st.lists(st.sampled_from(["ID", "SG", "EU"]), min_size=1, max_size=3, unique=True))),
            price_index=draw(st.floats(min_value=0.5, max_value=1.5)),
            quality=draw(st.floats(min_value=1, max_value=5)),
            certifications=tuple(
                draw(st.lists(st.sampled_from(["ISO 27001", "SOC 2", "COPC", "ISO 9001", "CMMI"]), unique=True))
            ),
            capacity_ftes=draw(st.floats(min_value=0, max_value=500)),
            experience_years=draw(st.floats(min_value=0, max_value=30)),
        )
        for i in range(n_off)
    )
    return RoadmapInput(parameters=params, it_cost_areas=areas, business_functions=funcs, offerings=offerings)
