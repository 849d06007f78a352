"""The named costs of the business case (engine/costs.py), each pinned on a case worked by hand.

No database: the engine is pure.
"""

import dataclasses

import pytest

from assessments.engine import (
    EngineInputError,
    ITCostArea,
    Parameters,
    RoadmapInput,
    build_roadmap,
    roadmap_from_json,
)
from assessments.engine.costs import (
    COST_COLUMNS,
    ID_PP35_2021,
    MONTHS_PER_YEAR,
    pesangon_months,
    severance_months,
    severance_rule_for,
    upmk_months,
)
from assessments.engine.defaults import DEFAULT_BENCHMARKS, PARAMETER_SOURCES
from tests.factories.engine_lines import HIGH_WAGE_ORIGIN_USD, payroll_function


def _bpo_only(**params) -> RoadmapInput:
    return RoadmapInput(
        parameters=Parameters(region="id", currency="IDR", origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD, **params),
        business_functions=(payroll_function(),),
    )


def _column(roadmap, name: str) -> list[float]:
    return [getattr(row, name) for row in roadmap.cash_flow]


def _item(roadmap, item_id: str):
    return next(i for i in roadmap.items if i.id == item_id)


# --- PP 35/2021 ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("years", "pesangon", "upmk"),
    [
        (0.5, 1, 0),  # under a year: 1 month (Art. 40(2)a), no long-service pay
        (2.99, 3, 0),  # 2 completed years: 3 months; long-service pay starts at 3 years
        (3.0, 4, 2),  # Art. 40(3)a: 3 to under 6 years, 2 months
        (5.0, 6, 2),
        (8.0, 9, 3),  # severance pay caps at 9 months from 8 years; 6-9 years: 3 months
        (12.0, 9, 5),
        (23.9, 9, 8),
        (24.0, 9, 10),  # 24 years or more: 10 months
    ],
)
def test_pp35_2021_tables(years, pesangon, upmk):
    assert pesangon_months(years) == pesangon
    assert upmk_months(years) == upmk


def test_severance_months_by_rule():
    """5 years under PP 35/2021 for efficiency (Art. 43(2), x1): 6 + 2 + 0.5 compensation of rights = 8.5 months;
    at 0.5 (a company making losses, Art. 43(1)): 3 + 2 + 0.5 = 5.5. KSchG s.1a: 0.5 x 5 = 2.5 months."""
    kw = {"tenure_years": 5.0, "compensation_of_rights_months": 0.5, "months_per_year": 0.5}
    assert severance_months(rule=ID_PP35_2021, multiplier=1.0, **kw) == 8.5
    assert severance_months(rule=ID_PP35_2021, multiplier=0.5, **kw) == 5.5
    assert severance_months(rule=MONTHS_PER_YEAR, multiplier=1.0, **kw) == 2.5
    with pytest.raises(ValueError, match="unknown severance rule"):
        severance_months(rule="nope", multiplier=1.0, **kw)


def test_severance_rule_follows_the_region():
    assert severance_rule_for(rule="by_region", region="id", currency="USD") == ID_PP35_2021
    assert severance_rule_for(rule="by_region", region="eu", currency="IDR") == ID_PP35_2021
    assert severance_rule_for(rule="by_region", region="eu", currency="EUR") == MONTHS_PER_YEAR
    assert severance_rule_for(rule=MONTHS_PER_YEAR, region="id", currency="IDR") == MONTHS_PER_YEAR


# --- Worked cases through build_roadmap -----------------------------------------------------------
def test_severance_worked_case():
    """PP 35/2021, 5 years' tenure: 8.5 months of wages per released employee (6 + 2 + 0.5).
    Wages are 60 % of 1.2 billion = 720 million a year, 6 million a month per FTE (10 FTEs);
    9 FTEs released: 9 x 6,000,000 x 8.5 = 459,000,000 IDR, paid once when benefits begin
    (payroll: transition 3 months, so month 3 of a month-0 start)."""
    roadmap = build_roadmap(_bpo_only())
    pay = _item(roadmap, "pay")
    assert pay.included
    assert pay.start_month == 0
    column = _column(roadmap, "severance")
    assert sum(column) == pytest.approx(459_000_000)
    assert column[pay.savings_from_month] == pytest.approx(459_000_000)


def test_transfer_to_the_provider_pays_no_severance():
    """Half the released staff transfer: 459,000,000 / 2 = 229,500,000; all of them: nothing."""
    assert sum(_column(build_roadmap(_bpo_only(staff_transfer_fraction=0.5)), "severance")) == pytest.approx(
        229_500_000
    )
    assert sum(_column(build_roadmap(_bpo_only(staff_transfer_fraction=1.0)), "severance")) == 0


def test_severance_lowers_the_item_npv():
    with_severance = _item(build_roadmap(_bpo_only()), "pay").npv
    without = _item(build_roadmap(_bpo_only(staff_transfer_fraction=1.0)), "pay").npv
    # Discounted from month 3 at the rupiah's default 11 % (10-year SUN yield 7 % + 4 points, issue 13).
    assert without - with_severance == pytest.approx(459_000_000 * (1.11 ** (-3 / 12)))


def test_stranded_cost_worked_case():
    """Book value of half a year's cost (0.5 x 1.2 billion = 600,000,000 IDR) is written off once,
    in the month benefits begin."""
    roadmap = build_roadmap(_bpo_only(stranded_cost_fraction=0.5, staff_transfer_fraction=1.0))
    pay = _item(roadmap, "pay")
    column = _column(roadmap, "stranded_costs")
    assert sum(column) == pytest.approx(600_000_000)
    assert column[pay.savings_from_month] == pytest.approx(600_000_000)


def test_dual_running_worked_case():
    """Two months of dual running: the provider's fee (1 - efficiency) x 1.2 billion / 12 a month is paid in the
    two months before benefits begin (months 1 and 2 of a 3-month transition), on top of the in-house cost."""
    roadmap = build_roadmap(_bpo_only(dual_running_months=2, staff_transfer_fraction=1.0))
    pay = _item(roadmap, "pay")
    monthly_fee = 1_200_000_000 * (1 - pay.savings_fraction) / 12
    column = _column(roadmap, "dual_running")
    assert column[0] == 0
    assert column[1] == pytest.approx(monthly_fee)
    assert column[2] == pytest.approx(monthly_fee)
    assert sum(column) == pytest.approx(2 * monthly_fee)


def test_irrecoverable_vat_worked_case():
    """A VAT-exempt buyer (a bank) cannot reclaim PPN at 11 %: 0.11 x the monthly fee every month of service;
    a buyer who reclaims it all pays none (the default)."""
    roadmap = build_roadmap(_bpo_only(vat_recoverable_fraction=0.0, staff_transfer_fraction=1.0))
    assert _item(roadmap, "pay").included
    pay = _item(roadmap, "pay")
    monthly_fee = 1_200_000_000 * (1 - pay.savings_fraction) / 12
    column = _column(roadmap, "vat")
    assert column[pay.savings_from_month - 1] == 0
    assert column[pay.savings_from_month] == pytest.approx(0.11 * monthly_fee)
    assert column[-1] == pytest.approx(0.11 * monthly_fee)
    assert sum(_column(build_roadmap(_bpo_only()), "vat")) == 0


def test_termination_fee_worked_case():
    """Three months' notice on current contracts: 3 / 12 x 1.2 billion = 300,000,000 IDR in the start month."""
    roadmap = build_roadmap(_bpo_only(termination_fee_months=3, staff_transfer_fraction=1.0))
    column = _column(roadmap, "termination_fees")
    assert column[0] == pytest.approx(300_000_000)
    assert sum(column) == pytest.approx(300_000_000)


def test_governance_from_retained_ftes_at_a_cost_per_fte():
    """1 retained FTE at 60 million IDR a year: 5,000,000 a month from the service start."""
    roadmap = build_roadmap(_bpo_only(retained_cost_per_fte=60_000_000))
    pay = _item(roadmap, "pay")
    column = _column(roadmap, "governance")
    assert column[pay.savings_from_month - 1] == 0
    assert column[pay.savings_from_month] == pytest.approx(5_000_000)


def test_indexation_and_fx_step_yearly():
    """Wages grow 6.5 % a year, the provider's price 3 %: from the second year of service the gap is
    (0.065 - fee x 0.03) x 1.2 billion / 12 a month. Half the fee in a currency that gains 5 % a year on
    the rupiah costs 0.5 x fee x 0.05 x 1.2 billion / 12 a month from the second year."""
    roadmap = build_roadmap(
        _bpo_only(wage_growth=0.065, provider_indexation=0.03, provider_currency_share=0.5, fx_depreciation=0.05)
    )
    pay = _item(roadmap, "pay")
    fee = 1 - pay.savings_fraction
    first = pay.savings_from_month
    indexation, fx = _column(roadmap, "indexation"), _column(roadmap, "fx")
    assert indexation[first + 11] == 0
    assert fx[first + 11] == 0
    assert indexation[first + 12] == pytest.approx((0.065 - fee * 0.03) * 1_200_000_000 / 12)
    assert fx[first + 12] == pytest.approx(0.5 * fee * 0.05 * 1_200_000_000 / 12)


def test_ito_savings_erode_after_the_provider_exits():
    """Service desk, 1.2 million a year, found/indicative fraction f, provider exits after 12 months: in exit
    month + 12 the erosion is f x 1.2 million x (1 - 0.95) / 12, 5 % of the savings a year."""
    data = RoadmapInput(
        parameters=Parameters(region="id", currency="IDR", origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD),
        it_cost_areas=(
            ITCostArea(id="sd", capability="service_desk", annual_cost=1_200_000, maturity=2, standardisation=4),
        ),
    )
    roadmap = build_roadmap(data)
    sd = _item(roadmap, "sd")
    assert sd.included
    assert sd.exit_month == DEFAULT_BENCHMARKS["service_desk"].engagement_months
    column = _column(roadmap, "savings_erosion")
    assert column[sd.exit_month - 1] == 0
    assert column[sd.exit_month + 12] == pytest.approx(sd.savings_fraction * 1_200_000 * 0.05 / 12)


def test_a_small_deal_is_advised_to_buy_a_standard_service():
    """A 60 million IDR payroll cannot carry a 500 million fixed selection/legal/contracting floor, though
    it pays without it: buy a standard SaaS or managed service."""
    small = payroll_function(annual_cost=60_000_000)
    data = RoadmapInput(
        parameters=Parameters(
            region="id",
            currency="IDR",
            origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD,
            deal_fixed_cost=500_000_000,
            staff_transfer_fraction=1.0,
        ),
        business_functions=(small,),
    )
    pay = _item(build_roadmap(data), "pay")
    assert not pay.included
    assert pay.reason_code == "buy_standard_service"
    assert dict(pay.reason_params)["deal_fixed_cost"] == 500_000_000
    free = dataclasses.replace(data, parameters=dataclasses.replace(data.parameters, deal_fixed_cost=0.0))
    assert _item(build_roadmap(free), "pay").included


def test_lead_time_delays_the_first_start():
    data = RoadmapInput(
        parameters=Parameters(
            region="id", currency="IDR", origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD, deal_lead_time_months=4
        ),
        it_cost_areas=(ITCostArea(id="sd", capability="service_desk", annual_cost=1_200_000, maturity=2),),
    )
    assert _item(build_roadmap(data), "sd").start_month == 4


def test_net_is_the_sum_of_the_named_columns():
    roadmap = build_roadmap(
        _bpo_only(vat_recoverable_fraction=0.2, stranded_cost_fraction=0.1, termination_fee_months=1, wage_growth=0.05)
    )
    for row in roadmap.cash_flow:
        costs = sum(getattr(row, n) for n in COST_COLUMNS if n != "indexation")
        assert row.net == pytest.approx(row.ito_savings + row.bpo_benefit + row.indexation - row.one_off_costs - costs)


def test_every_cost_parameter_has_a_source():
    costs = [f.name for f in dataclasses.fields(Parameters)]
    costs = costs[costs.index("severance_rule") :]
    assert len(costs) == 22
    for name in costs:
        assert PARAMETER_SOURCES.get(name), name


# --- Validation at the boundary -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("severance_rule", "uk", "parameters.severance_rule"),
        ("wage_share", 1.5, "parameters.wage_share"),
        ("average_tenure_years", -1, "parameters.average_tenure_years"),
        ("dual_running_months", 2.5, "parameters.dual_running_months"),
        ("vat_rate", -0.11, "parameters.vat_rate"),
        ("deal_fixed_cost", -1, "parameters.deal_fixed_cost"),
        ("staff_transfer_fraction", 2, "parameters.staff_transfer_fraction"),
    ],
)
def test_bad_cost_parameters_are_refused_naming_the_field(field, value, message):
    doc = {"parameters": {"region": "id", "currency": "IDR", field: value}}
    with pytest.raises(EngineInputError, match=message.replace(".", r"\.")):
        roadmap_from_json(doc)
    with pytest.raises(EngineInputError, match=message.replace(".", r"\.")):
        build_roadmap(
            RoadmapInput(
                parameters=Parameters(
                    region="id", currency="IDR", origin_monthly_earnings_usd=HIGH_WAGE_ORIGIN_USD, **{field: value}
                )
            )
        )


def test_the_json_output_carries_every_column():
    out = roadmap_from_json({"parameters": {"region": "id", "currency": "IDR"}})
    assert out["cash_flow"]
    for name in COST_COLUMNS:
        assert name in out["cash_flow"][0]
