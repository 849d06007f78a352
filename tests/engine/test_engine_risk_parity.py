# mypy: disable-error-code="operator,union-attr"
# (Optional results of the engine are not narrowed here, as in test_engine_risk.py.)
"""The risk's deterministic run is the plan: for every parameter set, the Monte Carlo's columns at
their modes give the roadmap's NPV (to the cent), gate month and payback month. Engine only."""

import dataclasses

import pytest
from engine_cases import roadmap_inputs, worked_input
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.engine import Parameters, build_roadmap
from assessments.engine.risk import deterministic
from assessments.engine.roadmap import plan_risk_model

# Parameters that change neither the plan nor its money (the Monte Carlo's own settings and the
# solver's clock); every other field is drawn below, so a new cost parameter must be added here.
NOT_COSTS = {"risk_draws", "risk_seed", "solver_time_limit_seconds"}

COST_PARAMETERS = {
    "region": st.sampled_from(["ID", "id", "eu", "SG"]),
    "currency": st.sampled_from(["USD", "IDR"]),
    "sector": st.sampled_from(["", "Banking", "Logistics"]),
    "horizon_months": st.integers(min_value=6, max_value=84),
    "discount_rate": st.sampled_from([0.0, 0.05, 0.11, 0.2]),
    "gate_fraction": st.sampled_from([0.0, 0.25, 0.5, 1.0]),
    "max_parallel_ito": st.integers(min_value=1, max_value=3),
    "max_parallel_bpo": st.integers(min_value=1, max_value=3),
    "materiality_threshold": st.sampled_from([0.0, 0.05, 0.1, 0.2]),
    "materiality_min_savings": st.sampled_from([0.0, 50_000.0]),
    "savings_band": st.sampled_from(["low", "typical", "high"]),
    "selection_cost_fraction": st.sampled_from([0.0, 0.035, 0.1]),
    "governance_fraction": st.sampled_from([0.0, 0.08, 0.12]),
    "ito_valuation_months": st.sampled_from([12, 36, 60]),
    "bpo_contract_months": st.sampled_from([24, 60]),
    "retained_fte_fraction": st.sampled_from([0.0, 0.05, 0.3]),
    "gate_month_actual": st.one_of(st.none(), st.integers(min_value=0, max_value=40)),
    "severance_rule": st.sampled_from(["by_region", "id_pp35_2021", "months_per_year"]),
    "average_tenure_years": st.sampled_from([0.0, 2.5, 5.0, 12.0]),
    "wage_share": st.sampled_from([0.0, 0.6, 0.9]),
    "severance_multiplier": st.sampled_from([0.5, 1.0, 2.0]),
    "compensation_of_rights_months": st.sampled_from([0.0, 0.5, 2.0]),
    "severance_months_per_year": st.sampled_from([0.0, 0.5, 1.0]),
    "staff_transfer_fraction": st.sampled_from([0.0, 0.3, 1.0]),
    "retained_cost_per_fte": st.sampled_from([0.0, 20_000.0, 300_000.0]),
    "governance_fraction_ito": st.sampled_from([0.0, 0.03, 0.06]),
    "termination_fee_months": st.sampled_from([0.0, 2.0, 6.0]),
    "stranded_cost_fraction": st.sampled_from([0.0, 0.1, 0.5]),
    "dual_running_months": st.integers(min_value=0, max_value=6),
    "wage_growth": st.sampled_from([0.0, 0.065]),
    "provider_indexation": st.sampled_from([0.0, 0.04]),
    "ito_erosion_rate": st.sampled_from([0.0, 0.05, 0.3]),
    "provider_currency_share": st.sampled_from([0.0, 0.4, 1.0]),
    "fx_depreciation": st.sampled_from([0.0, 0.03]),
    "vat_rate": st.sampled_from([0.0, 0.11]),
    "vat_recoverable_fraction": st.sampled_from([0.0, 0.5, 1.0]),
    "deal_fixed_cost": st.sampled_from([0.0, 10_000.0, 200_000.0, 1_000_000.0]),
    "deal_lead_time_months": st.integers(min_value=0, max_value=12),
    "origin_monthly_earnings_usd": st.sampled_from([0.0, 210.0, 400.0, 5_000.0]),
}


def test_every_parameter_that_feeds_the_plan_is_drawn():
    names = {f.name for f in dataclasses.fields(Parameters)}
    assert set(COST_PARAMETERS) == names - NOT_COSTS


@st.composite
def cost_cases(draw):
    data = draw(roadmap_inputs())
    params = Parameters(
        **{name: draw(strategy) for name, strategy in COST_PARAMETERS.items()},
        risk_draws=draw(st.sampled_from([0, 20])),
    )

    def own_costs(line):
        """The line's own cost figures, sometimes: exit costs, retained FTEs, an engagement under way."""
        money = st.one_of(st.none(), st.sampled_from([0.0, 30_000.0, 400_000.0]))
        changes = {"termination_fee": draw(money), "stranded_book_value": draw(money)}
        if draw(st.booleans()):
            changes["fixed_start_month"] = draw(st.integers(min_value=0, max_value=params.horizon_months - 1))
        if hasattr(line, "retained_ftes"):
            changes["retained_ftes"] = draw(st.one_of(st.none(), st.floats(min_value=0, max_value=line.ftes)))
            changes["regulatory_condition_accepted"] = draw(st.booleans())
        return dataclasses.replace(line, **changes)

    return dataclasses.replace(
        data,
        parameters=params,
        it_cost_areas=tuple(own_costs(a) for a in data.it_cost_areas),
        business_functions=tuple(own_costs(f) for f in data.business_functions),
    )


def _assert_parity(data):
    roadmap = build_roadmap(data)
    det = deterministic(plan_risk_model(data))
    assert det.npv == pytest.approx(roadmap.kpis.npv, abs=0.01)
    assert det.payback_month == roadmap.kpis.payback_month
    if data.parameters.gate_month_actual is None and roadmap.gate_reason_code in ("gate_reached", "gate_not_reached"):
        # The plan's gate (None: not reached within the horizon), whether or not a BPO item follows it.
        assert det.gate_month == dict(roadmap.gate_params)["gate_month"]
        if roadmap.gate_month is not None:
            assert det.gate_month == roadmap.gate_month
    if roadmap.risk is not None:
        assert roadmap.risk.npv_deterministic == pytest.approx(roadmap.kpis.npv, abs=0.01)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cost_cases())
def test_the_risks_deterministic_run_is_the_plan_for_every_parameter_set(data):
    _assert_parity(data)


def test_the_fixed_cost_floor_is_in_the_risks_one_off():
    """The tester's case: a deal's fixed cost floor (here 500 million on lines of a few million a
    year) sets every one-off; the risk's deterministic NPV used to leave it out and came out higher.
    Worked input, floor 400,000: the risk agrees with the plan to the cent."""
    data = worked_input(deal_fixed_cost=400_000.0, deal_lead_time_months=3, risk_draws=50)
    roadmap = build_roadmap(data)
    no_floor = build_roadmap(worked_input(deal_lead_time_months=3, risk_draws=50))
    assert roadmap.kpis.npv < no_floor.kpis.npv - 100_000  # the floor costs money in this case
    assert roadmap.risk.npv_deterministic == pytest.approx(roadmap.kpis.npv, abs=0.01)
    det = deterministic(plan_risk_model(data))
    assert (det.gate_month, det.payback_month) == (roadmap.gate_month, roadmap.kpis.payback_month)
