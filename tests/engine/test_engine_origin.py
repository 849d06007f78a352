"""Issue 13: BPO savings depend on the origin's labour cost. The shipped BPO bands are those of an
offshore deal from a high-wage origin (labour-rate gap 50-60 %); from an origin that earns about
what the offshore hub does, offshoring buys no labour arbitrage and every delivery model keeps only
the onshore share of the band (engine/delivery.py). Engine only; figures checked by hand."""

import dataclasses
import json

import numpy as np
import pytest
from engine_cases import worked_input
from hypothesis import given
from hypothesis import strategies as st

from assessments.engine import EngineInputError, Parameters, RoadmapInput, build_roadmap
from assessments.engine.delivery import (
    HUB_MONTHLY_EARNINGS_USD,
    ORIGIN_MONTHLY_EARNINGS_USD,
    REFERENCE_LABOUR_RATE_GAP,
    SRC_MONTHLY_EARNINGS,
    arbitrage_share,
    arbitraged_scale,
    delivered_band,
    delivery_of,
    origin_earnings,
)
from assessments.engine.jsonio import roadmap_input_from_json, roadmap_input_to_json
from assessments.engine.schema import schema_errors
from assessments.engine.types import Offering
from tests.factories.engine_lines import payroll_function


def _pay(roadmap):
    return next(i for i in roadmap.items if i.id == "pay")


def _with_payroll_offering(data: RoadmapInput, model: str) -> RoadmapInput:
    offering = Offering(
        provider="eta",
        capability="payroll",
        regions=("ID",),
        price_index=1.0,
        quality=4.0,
        certifications=("SOC 1 Type II",),
        capacity_ftes=50,
        experience_years=9,
        delivery_model=model,
    )
    others = tuple(o for o in data.offerings if o.capability != "payroll")
    return dataclasses.replace(data, offerings=(*others, offering))


def test_the_earnings_table_is_the_cited_one():
    """Rounded national figures in USD a month and the hub's; each region of providers/seed.REGIONS."""
    assert dict(ORIGIN_MONTHLY_EARNINGS_USD) == {
        "id": 210.0,
        "sea": 320.0,
        "apac": 1_200.0,
        "eu": 3_400.0,
        "na": 5_200.0,
    }
    assert HUB_MONTHLY_EARNINGS_USD == 250.0
    assert REFERENCE_LABOUR_RATE_GAP == 0.55  # midpoint of the survey's 50-60 %
    for cited in ("BPS Sakernas August 2023", "PLFS", "Eurostat", "BLS", "Product judgement"):
        assert cited in SRC_MONTHLY_EARNINGS


def test_a_high_wage_origin_keeps_the_full_arbitrage():
    """USD 5,000: gap 1 - 250 / 5,000 = 0.95 >= 0.55, so a = min(1, 0.95 / 0.55) = 1; the scales as shipped."""
    assert arbitrage_share(5_000.0) == 1.0
    assert arbitraged_scale("offshore", 1.0) == 1.0
    assert arbitraged_scale("nearshore", 1.0) == pytest.approx(0.85)
    assert arbitraged_scale("onshore", 1.0) == pytest.approx(0.7)


def test_an_indonesian_origin_keeps_the_onshore_scale_for_every_model():
    """Indonesia USD 210 against the hub's 250: gap 1 - 250 / 210 < 0, clamped to 0, so a = 0 and every
    model (and a line without an offering, the offshore band) keeps 0.7 of the band."""
    params = Parameters(region="id", currency="IDR")
    assert origin_earnings(params) == 210.0
    assert arbitrage_share(210.0) == 0.0
    for model in ("offshore", "nearshore", "onshore", ""):
        assert arbitraged_scale(model, 0.0) == pytest.approx(0.7)


def test_a_middle_origin_keeps_part_of_the_arbitrage():
    """USD 400: gap = 1 - 250 / 400 = 0.375; a = 0.375 / 0.55 = 0.681818...;
    offshore 0.7 + (1.0 - 0.7) x 0.681818 = 0.904545; nearshore 0.7 + 0.15 x 0.681818 = 0.802273."""
    a = arbitrage_share(400.0)
    assert a == pytest.approx(0.681818, abs=1e-6)
    assert arbitraged_scale("offshore", a) == pytest.approx(0.904545, abs=1e-6)
    assert arbitraged_scale("nearshore", a) == pytest.approx(0.802273, abs=1e-6)
    assert arbitraged_scale("onshore", a) == pytest.approx(0.7)
    # Southeast Asia's mix, USD 320: (1 - 250 / 320) / 0.55 = 0.21875 / 0.55 = 0.397727.
    assert arbitrage_share(origin_earnings(Parameters(region="SEA", currency="USD"))) == pytest.approx(0.397727, 1e-5)


def test_an_unknown_origin_keeps_the_band_as_shipped_and_says_so():
    data = dataclasses.replace(
        worked_input(origin_monthly_earnings_usd=0.0), parameters=Parameters(region="xx", currency="IDR")
    )
    delivery = delivery_of(data)
    assert delivery.origin_monthly_earnings_usd == 0.0
    assert delivery.arbitrage_share == 1.0
    item = _pay(build_roadmap(_with_payroll_offering(data, "offshore")))
    assert "The origin's labour cost is not known: labour arbitrage is assumed in full" in item.rationale
    assert dict(item.reason_params)["labour_arbitrage_share"] == 1.0


def test_the_assessments_own_figure_overrides_the_region():
    assert origin_earnings(Parameters(region="id", currency="IDR", origin_monthly_earnings_usd=5_000.0)) == 5_000.0
    assert origin_earnings(Parameters(region="na", currency="USD")) == 5_200.0


def test_through_the_roadmap_an_indonesian_origin_gets_seven_tenths_of_the_efficiency():
    """The worked payroll line at the market price: from Indonesia (a = 0) its efficiency is 0.7 x the
    high-wage origin's with an offshore provider, and the same with a nearshore one."""
    high = _pay(build_roadmap(_with_payroll_offering(worked_input(), "offshore"))).savings_fraction
    assert high > 0
    for model in ("offshore", "nearshore"):
        indonesian = _with_payroll_offering(worked_input(origin_monthly_earnings_usd=0.0), model)
        item = _pay(build_roadmap(indonesian))
        assert item.savings_fraction == pytest.approx(0.7 * high)
        facts = dict(item.reason_params)
        assert facts["origin_monthly_earnings_usd"] == 210.0
        assert facts["labour_arbitrage_share"] == 0.0
        assert facts["delivery_band_scale"] == pytest.approx(0.7)
        assert "earn about USD 210 a month against USD 250 at the offshore hub: 0% of the band's" in item.rationale


def test_an_indonesian_payroll_with_full_severance_no_longer_pays():
    """The payroll line of tests/factories (1.2 billion IDR, 9 FTEs released at 8.5 months' wages) with no
    shortlisted offering: from a high-wage origin its NPV is positive; from Indonesia the efficiency
    falls to 0.7 of it and the severance is no longer recovered within the contract term."""

    def roadmap(origin: float):
        params = Parameters(region="id", currency="IDR", origin_monthly_earnings_usd=origin, risk_draws=0)
        return _pay(build_roadmap(RoadmapInput(parameters=params, business_functions=(payroll_function(),))))

    high, indonesian = roadmap(5_000.0), roadmap(0.0)
    assert high.included
    assert high.npv > 0
    assert indonesian.savings_fraction == pytest.approx(0.7 * high.savings_fraction)
    assert not indonesian.included
    assert indonesian.reason_code == "no_financial_gain"
    assert dict(indonesian.reason_params)["labour_arbitrage_share"] == 0.0


def test_the_parameter_travels_through_json_and_is_bounded():
    data = worked_input(origin_monthly_earnings_usd=1_234.5)
    doc = json.loads(json.dumps(roadmap_input_to_json(data)))
    assert doc["parameters"]["origin_monthly_earnings_usd"] == 1_234.5
    assert schema_errors("input", doc) == ()
    assert roadmap_input_from_json(doc) == data
    del doc["parameters"]["origin_monthly_earnings_usd"]  # an input from before: the region's figure
    assert roadmap_input_from_json(doc).parameters.origin_monthly_earnings_usd == 0.0
    with pytest.raises(EngineInputError, match=r"parameters\.origin_monthly_earnings_usd"):
        build_roadmap(worked_input(origin_monthly_earnings_usd=-1.0))


earnings = st.floats(min_value=0.0, max_value=20_000.0, allow_nan=False)
fraction = st.floats(min_value=0.0, max_value=0.95, allow_nan=False)


@given(
    low_w=earnings,
    high_w=earnings,
    model=st.sampled_from(["offshore", "nearshore", "onshore", ""]),
    index=st.floats(min_value=0.5, max_value=1.5, allow_nan=False),
    band=st.lists(fraction, min_size=3, max_size=3),
)
def test_efficiency_never_falls_as_the_origin_earns_more_and_scenarios_stay_ordered(low_w, high_w, model, index, band):
    """Property: a >= 0 earnings origin's share is in [0, 1] and non-decreasing in its earnings (0 = unknown
    is the full share, so it is left out of the comparison); the delivered band keeps low <= typical <= high."""
    low_w, high_w = sorted((low_w, high_w))
    lo, ty, hi = (np.array([x]) for x in sorted(band))
    base = delivery_of(dataclasses.replace(worked_input(), offerings=()))

    def delivered(w: float):
        share = arbitrage_share(w)
        assert 0.0 <= share <= 1.0
        one = dataclasses.replace(
            base,
            model=(model,),
            provider=("p",),
            scale=np.array([arbitraged_scale(model, share)]),
            price_index=np.array([index]),
        )
        return delivered_band(low=lo, typical=ty, high=hi, delivery=one)

    if low_w > 0:
        for poorer, richer in zip(delivered(low_w), delivered(high_w), strict=True):
            assert poorer[0] <= richer[0] + 1e-12
    d_lo, d_ty, d_hi = delivered(high_w)
    assert d_lo[0] <= d_ty[0] + 1e-12
    assert d_ty[0] <= d_hi[0] + 1e-12


@pytest.mark.parametrize(
    ("region", "given_usd", "used_usd"), [("id", 0.0, 210.0), ("id", 400.0, 400.0), ("xx", 0.0, 0.0)]
)
def test_the_effective_parameters_report_the_origin_earnings_used(region, given_usd, used_usd):
    """0 stands for the region's figure: the output says which figure the bands were scaled by, so a page
    listing the parameters shows USD 210 for Indonesia, not 0."""
    data = worked_input()
    data = dataclasses.replace(
        data,
        parameters=dataclasses.replace(
            data.parameters, region=region, origin_monthly_earnings_usd=given_usd, risk_draws=0
        ),
    )
    effective = dict(build_roadmap(data).effective_parameters)
    assert effective["origin_monthly_earnings_usd"] == used_usd
