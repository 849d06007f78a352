"""Shipped defaults: the shared capability codes, cited benchmark figures, parameters."""

import dataclasses

import pytest

from assessments.engine import (
    CAPABILITIES,
    CERTIFICATION_FIT,
    DEFAULT_BENCHMARKS,
    PARAMETER_SOURCES,
    Parameters,
)
from assessments.engine.validate import validate_benchmark

ITO = ["data_centre", "compute", "storage", "network", "service_desk", "applications", "security"]
BPO = [
    "hr",
    "payroll",
    "recruitment",
    "finance",
    "accounting",
    "customer_service",
    "procurement",
    "document_processing",
]
FIGURES = (
    "savings_low",
    "savings_typical",
    "savings_high",
    "transition_months",
    "transition_cost_fraction",
    "engagement_months",
    "ramp_months",
)


def test_capability_codes_are_the_shared_taxonomy():
    assert [c for c, (tower, _) in CAPABILITIES.items() if tower == "ITO"] == ITO
    assert [c for c, (tower, _) in CAPABILITIES.items() if tower == "BPO"] == BPO
    assert CAPABILITIES["network"] == ("ITO", "Network and wireless")
    assert CAPABILITIES["hr"] == ("BPO", "HR / personnel management")


@pytest.mark.parametrize("code", ITO + BPO)
def test_every_capability_has_a_valid_cited_benchmark(code):
    b = DEFAULT_BENCHMARKS[code]
    validate_benchmark(f"defaults.{code}", b)
    for figure in FIGURES:
        assert b.source_of(figure), f"{code}.{figure} has no source"
    assert code in CERTIFICATION_FIT
    if CAPABILITIES[code][0] == "ITO":
        # TPI 2006: ITO savings 10-39 %, 15 % on average; the low end is a real downside, 0 (Deloitte 2005).
        assert b.savings_low == 0.0
        assert 0.10 <= b.savings_typical <= b.savings_high <= 0.39
        assert b.engagement_months > b.transition_months
        assert "TPI" in b.source_of("savings_typical")
        assert "product judgement" in b.source_of("savings_typical")
    else:
        assert b.ramp_months > 0
        assert b.savings_low == 0.0
    assert "Deloitte" in b.source_of("savings_low")
    assert "44 %" in b.source_of("savings_low")
    assert "product judgement" in b.source_of("transition_months")


def test_hr_band_is_the_published_ten_to_fifteen_percent():
    b = DEFAULT_BENCHMARKS["hr"]
    # Typical and high at the published 10-15 %; nearly half of HR buyers save under 10 %, so the low end is 0.
    assert (b.savings_low, b.savings_typical, b.savings_high) == (0.0, 0.125, 0.15)
    assert "HRO Today" in b.source_of("savings_typical")
    assert "HRO Today" in b.source_of("savings_low")


def test_parameter_defaults_are_sourced_and_inside_published_ranges():
    p = Parameters(region="ID", currency="IDR")
    for field in dataclasses.fields(Parameters):
        if field.name not in ("region", "currency", "sector", "savings_band"):
            assert PARAMETER_SOURCES.get(field.name), field.name
    assert 0.02 <= p.selection_cost_fraction <= 0.05
    # Issue 13: 8 % for BPO and the applications tower, 3 % for infrastructure, inside the quoted 3-12 %.
    assert p.governance_fraction == 0.08
    assert p.governance_fraction_ito == 0.03
    assert "3-12 %" in PARAMETER_SOURCES["governance_fraction"]
    # The cost category has a public source; its size is labelled as the product's judgement.
    assert "Barthélemy 2001" in PARAMETER_SOURCES["governance_fraction"]
    assert "product judgement" in PARAMETER_SOURCES["governance_fraction"]
    assert p.gate_fraction == 0.5


def test_certification_fit_matches_common_spellings():
    from assessments.engine.shortlist import certification_fit

    assert certification_fit(capability="security", certifications=("ISO/IEC 27001:2022", "SOC 2 Type II")) == 2
    assert certification_fit(capability="payroll", certifications=("SOC 1", "soc-2")) == 2
    assert certification_fit(capability="security", certifications=("SOC 1", "ISO 9001")) == 0
    assert certification_fit(capability="customer_service", certifications=("COPC CX Standard", "ISO 18295-1")) == 2


def test_the_engine_is_version_2():
    """Issue 12's done-when: engine 2.x; 2.1 since the origin's labour cost scales the BPO bands (issue 13).
    Stored roadmaps keep the version they were computed with."""
    from assessments.engine import ENGINE_VERSION

    assert ENGINE_VERSION == "2.1.0"


def test_the_exchange_rate_table_converts_both_ways_and_names_its_source_and_year():
    from assessments.engine.defaults import FX_PER_USD, FX_YEAR, SRC_FX, fx_rate

    assert {"IDR", "EUR", "USD"} <= set(FX_PER_USD)
    assert fx_rate(from_currency="USD", to_currency="IDR") == FX_PER_USD["IDR"]
    eur_to_usd = fx_rate(from_currency="eur", to_currency="usd")
    usd_to_eur = fx_rate(from_currency="USD", to_currency="EUR")
    assert eur_to_usd is not None, "EUR and USD are both in the table"
    assert usd_to_eur is not None, "EUR and USD are both in the table"
    assert eur_to_usd * usd_to_eur == pytest.approx(1.0)
    assert fx_rate(from_currency="USD", to_currency="CHF") is None
    assert str(FX_YEAR) in SRC_FX
    assert "World Bank" in SRC_FX


def test_the_default_discount_rate_follows_the_currency():
    """Issue 13: 10-year government bond yield + 4 points; a rupiah plan does not default to 8 %."""
    from assessments.engine.defaults import (
        DISCOUNT_RATE_FALLBACK,
        EQUITY_RISK_PREMIUM,
        GOVERNMENT_BOND_YIELD_10Y,
        discount_rate_basis,
        discount_rate_of,
    )

    assert discount_rate_of("IDR") == pytest.approx(0.11)
    assert discount_rate_of("usd") == pytest.approx(0.082)
    assert discount_rate_of("EUR") == pytest.approx(0.063)
    assert discount_rate_of("GBP") == DISCOUNT_RATE_FALLBACK == 0.08
    for code, bond in GOVERNMENT_BOND_YIELD_10Y.items():
        assert discount_rate_of(code) == pytest.approx(bond + EQUITY_RISK_PREMIUM)
    assert "No government bond yield is on file for GBP" in discount_rate_basis("GBP")
    assert "product judgement" in discount_rate_basis("GBP")
    assert "IDR 10-year government bond yield 7.0%" in discount_rate_basis("idr")
    source = PARAMETER_SOURCES["discount_rate"]
    assert "DGS10" in source
    assert "product judgement" in source
    assert "2024" in source
    # Not given: the currency's rate; given: kept as given, whatever the currency.
    assert Parameters(region="ID", currency="IDR").discount_rate == pytest.approx(0.11)
    assert Parameters(region="US", currency="USD").discount_rate == pytest.approx(0.082)
    assert Parameters(region="GB", currency="GBP").discount_rate == 0.08
    assert Parameters(region="ID", currency="IDR", discount_rate=0.09).discount_rate == 0.09


def test_a_json_input_without_a_discount_rate_takes_the_currencys():
    from assessments.engine import roadmap_input_from_json

    params: dict[str, object] = {"region": "ID", "currency": "IDR"}
    doc = {"parameters": params, "it_cost_areas": [], "business_functions": []}
    assert roadmap_input_from_json(doc).parameters.discount_rate == pytest.approx(0.11)
    params["discount_rate"] = 0.07
    assert roadmap_input_from_json(doc).parameters.discount_rate == 0.07
