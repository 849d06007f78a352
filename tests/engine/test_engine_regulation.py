"""Regulation as a gate on BPO (engine/regulation.py) and each line's own exit costs (engine/costs.py).

No database: the engine is pure.
"""

import json
from typing import Any

import pytest

from assessments.engine import (
    EngineInputError,
    ITCostArea,
    Parameters,
    RoadmapInput,
    build_roadmap,
    roadmap_from_json,
    roadmap_input_from_json,
    roadmap_input_to_json,
)
from assessments.engine.regulation import (
    EU_EBA_OUTSOURCING,
    GENERIC,
    ID_OJK_BANK,
    is_gated,
    requirement_code,
)
from assessments.engine.schema import output_errors, schema_errors
from tests.factories.engine_lines import HIGH_WAGE_ORIGIN_USD, payroll_function


def _plan(*, region: str = "id", currency: str = "IDR", sector: str = "", **line: Any):
    data = RoadmapInput(
        parameters=Parameters(
            region=region, currency=currency, sector=sector, origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD
        ),
        business_functions=(payroll_function(**line),),
    )
    return build_roadmap(data).items[0]


# --- Who is gated, and by whose requirement --------------------------------------------------------
@pytest.mark.parametrize(
    ("sensitivity", "sector", "gated"),
    [
        (5, "", True),  # heavily regulated: always
        (5, "Logistics", True),
        (4, "Logistics", False),  # a 4 outside finance is a matter for the contract
        (4, "Banking", True),  # the lower bar in a financial sector
        (4, "Asuransi jiwa", True),
        (3, "Banking", False),
    ],
)
def test_which_functions_are_gated(sensitivity, sector, gated):
    assert is_gated(regulatory_sensitivity=sensitivity, sector=sector) is gated


@pytest.mark.parametrize(
    ("region", "currency", "sector", "code"),
    [
        ("id", "IDR", "Banking", ID_OJK_BANK),
        ("sea", "IDR", "Perbankan", ID_OJK_BANK),  # rupiah books: an Indonesian bank
        ("eu", "EUR", "Commercial bank", EU_EBA_OUTSOURCING),
        ("eu", "EUR", "Payment services", EU_EBA_OUTSOURCING),
        ("eu", "EUR", "Manufacturing", GENERIC),
        ("id", "IDR", "Logistics", GENERIC),
        ("na", "USD", "Banking", GENERIC),
    ],
)
def test_the_requirement_follows_region_and_sector(region, currency, sector, code):
    assert requirement_code(region=region, currency=currency, sector=sector) == code


# --- Through build_roadmap ------------------------------------------------------------------------
def test_an_unregulated_function_is_recommended_without_a_condition():
    item = _plan(sector="Banking", regulatory_sensitivity=2)
    assert item.recommendation == "recommended"
    assert item.suitability_class == "probable"
    assert item.regulatory_condition is None
    assert "Regulated function" not in item.rationale


def test_an_indonesian_bank_names_ojk_and_is_not_recommended_without_the_condition():
    """Sensitivity 4 at a bank: suitability 80 would be 'probable'; gated it is 'possible', NOT planned
    ('condition_required', reason regulatory_condition_required), and the rationale names POJK No. 9/POJK.03/2016."""
    open_ = _plan(sector="Banking", regulatory_sensitivity=4)
    assert not open_.included
    assert open_.start_month is None
    assert open_.suitability == pytest.approx(80.4, abs=0.1)
    assert open_.suitability_class == "possible"
    assert open_.recommendation == "condition_required"
    assert open_.reason_code == "regulatory_condition_required"
    assert open_.regulatory_condition is not None
    assert (open_.regulatory_condition.code, open_.regulatory_condition.regulator) == (ID_OJK_BANK, "OJK")
    assert not open_.regulatory_condition.accepted
    assert "POJK No. 9/POJK.03/2016" in open_.rationale
    assert open_.rationale.startswith("Not recommended for BPO until the regulator's condition is stated as met")


def _roadmap(*, sector: str, **line: Any):
    data = RoadmapInput(
        # A high-wage origin keeps the band as published (the other worked cases' convention, engine/delivery.py).
        parameters=Parameters(
            region="id", currency="IDR", sector=sector, risk_draws=200, origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD
        ),
        business_functions=(payroll_function(**line),),
    )
    return build_roadmap(data)


def test_without_the_condition_none_of_the_functions_money_is_in_the_plan():
    """Worked case: payroll (1.2 billion a year) at a logistics firm (sensitivity 4: not gated) is planned in
    month 0 and earns its NPV; at a bank it is gated. Without the stated condition the bank's plan holds
    nothing of it: BPO run-rate 0, NPV 0, no cash flow, no Monte Carlo item, while the item still says what
    it would earn (the same NPV). With the condition stated, the plan's figures are the logistics firm's."""
    free = _roadmap(sector="Logistics", regulatory_sensitivity=4)
    gated = _roadmap(sector="Banking", regulatory_sensitivity=4)
    stated = _roadmap(sector="Banking", regulatory_sensitivity=4, regulatory_condition_accepted=True)
    item = free.items[0]
    assert item.recommendation == "recommended"
    assert item.start_month == 0
    assert item.npv > 100_000_000  # worth doing: over 100 million rupiah over the 60-month contract
    assert free.kpis.run_rate_bpo == pytest.approx(item.net_annual_savings)
    assert free.kpis.run_rate_bpo > 50_000_000

    assert (gated.kpis.run_rate_bpo, gated.kpis.npv, gated.kpis.npv_valuation) == (0.0, 0.0, 0.0)
    assert all(row.net == 0 and row.severance == 0 for row in gated.cash_flow)
    assert gated.phases == ()
    assert gated.gate_month is None
    assert gated.risk is not None
    assert gated.risk.npv_deterministic == 0.0
    assert gated.risk.drivers == 0
    assert gated.items[0].npv == pytest.approx(item.npv)  # what it would earn, shown, not counted

    assert stated.items[0].recommendation == "recommended_with_condition"
    assert stated.items[0].included
    assert stated.kpis == free.kpis
    assert stated.risk.npv_deterministic == pytest.approx(free.kpis.npv, abs=0.01)


def test_the_stated_condition_lifts_the_gate():
    item = _plan(sector="Banking", regulatory_sensitivity=4, regulatory_condition_accepted=True)
    assert item.recommendation == "recommended_with_condition"
    assert item.suitability_class == "probable"
    assert item.regulatory_condition is not None
    assert item.regulatory_condition.accepted
    assert item.rationale.startswith("Recommended for BPO with a condition")
    assert "POJK No. 9/POJK.03/2016" in item.rationale


def test_eu_banks_name_the_eba_guidelines_and_others_a_generic_requirement():
    eu = _plan(region="eu", currency="EUR", sector="Banking", regulatory_sensitivity=5)
    assert eu.regulatory_condition is not None
    assert eu.regulatory_condition.code == EU_EBA_OUTSOURCING
    assert "EBA/GL/2019/02" in eu.rationale
    other = _plan(region="eu", currency="EUR", sector="Manufacturing", regulatory_sensitivity=5)
    assert other.regulatory_condition is not None
    assert other.regulatory_condition.code == GENERIC
    assert other.recommendation == "condition_required"
    assert "the regulator's requirement for material outsourcing" in other.rationale


def test_the_condition_travels_through_json_and_fits_the_output_schema():
    data = RoadmapInput(
        parameters=Parameters(
            region="id", currency="IDR", origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD, sector="Banking"
        ),
        business_functions=(payroll_function(regulatory_sensitivity=5, regulatory_condition_accepted=True),),
    )
    doc = json.loads(json.dumps(roadmap_input_to_json(data)))
    assert schema_errors("input", doc) == ()
    assert roadmap_input_from_json(doc) == data
    out = roadmap_from_json(doc)
    assert output_errors(out) == ()
    item = out["items"][0]
    assert item["recommendation"] == "recommended_with_condition"
    assert item["regulatory_condition"] == {
        "code": ID_OJK_BANK,
        "regulator": "OJK",
        "requirement": "POJK No. 9/POJK.03/2016",
        "accepted": True,
    }


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_the_condition_flag_must_be_a_boolean(value):
    doc = {
        "parameters": {"region": "id", "currency": "IDR"},
        "business_functions": [
            roadmap_input_to_json(
                RoadmapInput(
                    parameters=Parameters(
                        region="id", currency="IDR", origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD
                    ),
                    business_functions=(payroll_function(),),
                )
            )["business_functions"][0]
            | {"regulatory_condition_accepted": value}
        ],
    }
    with pytest.raises(EngineInputError, match="regulatory_condition_accepted"):
        roadmap_input_from_json(doc)
    assert schema_errors("input", doc)


# --- Each line's own exit costs ---------------------------------------------------------------------
def _column(roadmap, name: str) -> list[float]:
    return [getattr(row, name) for row in roadmap.cash_flow]


def test_a_lines_fee_and_book_value_replace_the_assessment_wide_figures():
    """The assessment says 3 months' termination (300,000,000 IDR on 1.2 billion) and a stranded half-year
    (600,000,000); this line's own contract costs 50,000,000 to end and 80,000,000 of book value is left.
    Started in month 6 (re-plan), payroll's 3-month transition: the fee lands in month 6, the write-off in
    month 9, and nothing of the assessment-wide figures is left."""
    params = Parameters(
        region="id",
        currency="IDR",
        origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD,
        termination_fee_months=3,
        stranded_cost_fraction=0.5,
    )
    line = payroll_function(fixed_start_month=6, termination_fee=50_000_000, stranded_book_value=80_000_000)
    roadmap = build_roadmap(RoadmapInput(parameters=params, business_functions=(line,)))
    item = roadmap.items[0]
    assert (item.start_month, item.savings_from_month) == (6, 9)
    fees, stranded = _column(roadmap, "termination_fees"), _column(roadmap, "stranded_costs")
    assert fees[6] == pytest.approx(50_000_000)
    assert sum(fees) == pytest.approx(50_000_000)
    assert stranded[9] == pytest.approx(80_000_000)
    assert sum(stranded) == pytest.approx(80_000_000)


def test_a_line_without_its_own_figures_keeps_the_assessment_wide_ones():
    """Two areas, one with its own fee of 0 (a contract that ends anyway), one without: 1 month's notice on
    the second's 600,000,000 a year is 50,000,000; the first pays nothing."""
    params = Parameters(
        region="id", currency="IDR", origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD, termination_fee_months=1
    )
    areas = (
        ITCostArea(
            id="dc", capability="data_centre", annual_cost=1_200_000_000, termination_fee=0, fixed_start_month=0
        ),
        ITCostArea(id="sd", capability="service_desk", annual_cost=600_000_000, fixed_start_month=0),
    )
    roadmap = build_roadmap(RoadmapInput(parameters=params, it_cost_areas=areas))
    assert sum(_column(roadmap, "termination_fees")) == pytest.approx(50_000_000)


def test_an_ito_lines_book_value_is_written_off_when_savings_begin():
    params = Parameters(region="id", currency="IDR", origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD)
    area = ITCostArea(
        id="dc",
        capability="data_centre",
        annual_cost=1_200_000_000,
        stranded_book_value=90_000_000,
        fixed_start_month=2,
    )
    roadmap = build_roadmap(RoadmapInput(parameters=params, it_cost_areas=(area,)))
    item = roadmap.items[0]
    assert item.savings_from_month is not None
    stranded = _column(roadmap, "stranded_costs")
    assert stranded[item.savings_from_month] == pytest.approx(90_000_000)
    assert sum(stranded) == pytest.approx(90_000_000)


def test_a_lines_fee_in_money_values_as_the_same_fee_in_months():
    """300,000,000 IDR given on the line is 3 months of its 1.2 billion: the item's NPV is the same either way,
    and lower than with no fee (the valuation, not only the cash flow, uses the line's figure)."""
    by_months = build_roadmap(
        RoadmapInput(
            parameters=Parameters(
                region="id", currency="IDR", origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD, termination_fee_months=3
            ),
            business_functions=(payroll_function(),),
        )
    ).items[0]
    by_money = build_roadmap(
        RoadmapInput(
            parameters=Parameters(region="id", currency="IDR", origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD),
            business_functions=(payroll_function(termination_fee=300_000_000),),
        )
    ).items[0]
    none = build_roadmap(
        RoadmapInput(
            parameters=Parameters(region="id", currency="IDR", origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD),
            business_functions=(payroll_function(),),
        )
    ).items[0]
    assert by_money.npv is not None
    assert none.npv is not None
    assert by_money.npv == pytest.approx(by_months.npv)
    assert by_money.npv < none.npv - 250_000_000


@pytest.mark.parametrize("field", ["termination_fee", "stranded_book_value"])
def test_exit_costs_must_be_money(field):
    doc = roadmap_input_to_json(
        RoadmapInput(
            parameters=Parameters(region="id", currency="IDR", origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD),
            business_functions=(payroll_function(),),
        )
    )
    doc["business_functions"][0][field] = -1
    with pytest.raises(EngineInputError, match=field):
        roadmap_input_from_json(doc)
