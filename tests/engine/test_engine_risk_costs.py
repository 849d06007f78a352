# mypy: disable-error-code="operator,union-attr"
# (Optional results of the engine are not narrowed here, as in test_engine_risk.py.)
"""The Monte Carlo over the business case's cost columns (issue 13): transition overruns move
the costs that begin with the benefits; wage growth, provider indexation and FX depreciation are
sampled where the plan uses them. Engine only, no database."""

import dataclasses

import numpy as np
import pytest
from engine_cases import worked_input

from assessments.engine import build_roadmap
from assessments.engine.costs import WITH_BENEFITS, CostRates, CostTerms, cost_columns, rate_sensitivities
from assessments.engine.defaults import RATE_SPREADS
from assessments.engine.risk import evaluate, simulate
from assessments.engine.roadmap import plan_risk_model

RATES = {"wage_growth": 0.05, "provider_indexation": 0.03, "provider_currency_share": 0.4, "fx_depreciation": 0.02}
RATE_KINDS = {"wage_growth", "provider_indexation", "fx_depreciation"}


def with_params(data, **changes):
    return dataclasses.replace(data, parameters=dataclasses.replace(data.parameters, **changes))


def modes(model):
    return np.array([[d.mode for d in model.drivers]])


def test_rate_sensitivities_are_the_derivatives_of_the_columns():
    n = 2
    terms = CostTerms(
        start=np.array([0, 3]),
        transition=np.array([2, 4]),
        term=np.array([60, 48]),
        engagement=np.array([12, 0]),
        fee=np.array([0.8, 0.7]),
        savings=np.array([0.2, 0.0]),
        one_off=np.array([0.3, 0.2]),
        released=np.zeros(n),
        governance=np.full(n, 0.04),
        bpo=np.array([False, True]),
    )
    rates = CostRates(
        severance_months=0.0,
        termination_fee_months=0.0,
        stranded_cost_fraction=0.0,
        dual_running_months=1,
        wage_growth=0.05,
        provider_indexation=0.03,
        ito_erosion_rate=0.05,
        provider_currency_share=0.4,
        fx_depreciation=0.02,
        vat_rate=0.11,
        vat_recoverable_fraction=1.0,
    )
    slopes = rate_sensitivities(length=70, terms=terms, rates=rates)
    eps = 1e-6
    for rate, column in (
        ("wage_growth", "indexation"),
        ("provider_indexation", "indexation"),
        ("fx_depreciation", "fx"),
    ):
        up = cost_columns(
            length=70, terms=terms, rates=dataclasses.replace(rates, **{rate: getattr(rates, rate) + eps})
        )
        down = cost_columns(
            length=70, terms=terms, rates=dataclasses.replace(rates, **{rate: getattr(rates, rate) - eps})
        )
        numeric = (up[column] - down[column]) / (2 * eps)
        assert np.abs(numeric).max() > 0.01  # a real slope after the first year
        assert slopes[rate] == pytest.approx(numeric, abs=1e-7)


def test_rates_in_use_are_drivers_around_their_parameters_and_the_columns_still_add_up():
    data = worked_input(**RATES)
    roadmap = build_roadmap(data)
    model = plan_risk_model(data)
    rates = {d.kind: d for d in model.drivers if d.kind in RATE_KINDS}
    assert set(rates) == RATE_KINDS
    for name, d in rates.items():
        parameter = RATES[name]
        assert (d.low, d.mode, d.high) == pytest.approx(
            (parameter - RATE_SPREADS[name], parameter, parameter + RATE_SPREADS[name])
        )
        assert d.item_id == ""
    npv, net = evaluate(model, modes(model))
    assert net[0] == pytest.approx([row.net for row in roadmap.cash_flow], abs=0.01)
    assert npv[0] == pytest.approx(roadmap.kpis.npv, abs=0.01)


def test_a_rate_the_plan_does_not_use_is_not_sampled():
    model = plan_risk_model(worked_input(fx_depreciation=0.05))  # nothing priced in another currency
    assert not {d.kind for d in model.drivers} & RATE_KINDS


@pytest.mark.parametrize("rate", sorted(RATE_KINDS))
def test_a_rate_at_its_high_end_moves_npv_as_the_engine_run_at_that_rate(rate):
    """First order: the model's NPV change agrees with the exact engine run within 5 % of the change."""
    data = worked_input(**RATES, risk_draws=0)
    high = RATES[rate] + RATE_SPREADS[rate]
    exact = build_roadmap(with_params(data, **{rate: high}))
    base = build_roadmap(data)
    assert [i.start_month for i in exact.items] == [i.start_month for i in base.items]  # the same plan
    model = plan_risk_model(data)
    j = next(k for k, d in enumerate(model.drivers) if d.kind == rate)
    values = np.repeat(modes(model), 2, axis=0)
    values[1, j] = high
    npv, _net = evaluate(model, values)
    exact_change = exact.kpis.npv - base.kpis.npv
    assert abs(exact_change) > 1_000  # the rate matters in this case
    assert npv[1] - npv[0] == pytest.approx(exact_change, rel=0.05)


def test_a_transition_overrun_moves_the_costs_that_begin_with_the_benefits():
    data = worked_input(stranded_cost_fraction=0.1, termination_fee_months=1.0)
    model = plan_risk_model(data)
    delays = {d.item_id: d.name for d in model.drivers if d.kind == "transition_delay"}
    bpo_items = {d.item_id for d in model.drivers if d.kind == "efficiency_fraction"}
    severance = [c for c in model.columns if c.name == "severance"]
    assert severance
    seen = set()
    for c in model.columns:
        kind = "BPO" if c.item_id in bpo_items else "ITO"
        if c.name in WITH_BENEFITS[kind]:
            assert c.delay == delays.get(c.item_id)
            seen.add(c.name)
        elif c.name in ("termination_fees", "savings_erosion", "transition_cost", "selection_cost"):
            assert c.delay is None
    assert {"severance", "stranded_costs", "governance"} <= seen
    # The severance column alone, its item two months late: the same payment two months later.
    column = next(c for c in severance if c.delay is not None)
    alone = dataclasses.replace(model, columns=(column,))
    j = next(k for k, d in enumerate(model.drivers) if d.name == column.delay)
    assert model.drivers[j].high >= 2
    values = np.repeat(modes(model), 2, axis=0)
    values[1, j] = 2
    _npv, net = evaluate(alone, values)
    paid = int(np.flatnonzero(net[0])[0])
    assert net[0][paid] < 0
    assert np.flatnonzero(net[1]).tolist() == [paid + 2]
    assert net[1][paid + 2] == net[0][paid]


def test_with_rates_sampled_the_seed_reproduces_and_p50_sits_at_the_deterministic_run():
    data = worked_input(**RATES)
    first = build_roadmap(data).risk
    assert first == build_roadmap(data).risk
    assert first.npv_p50 != build_roadmap(with_params(data, risk_seed=5)).risk.npv_p50
    # Symmetric inputs (every fraction's mode at its band's middle, rates symmetric), no delay.
    model = plan_risk_model(data, delay_fraction=0.0)
    symmetric = tuple(
        d if d.kind in RATE_KINDS else dataclasses.replace(d, mode=(d.low + d.high) / 2) for d in model.drivers
    )
    risk = simulate(dataclasses.replace(model, drivers=symmetric), draws=10_000, seed=11)
    assert risk.npv_p10 < risk.npv_deterministic < risk.npv_p90
    assert abs(risk.npv_p50 - risk.npv_deterministic) <= 0.01 * abs(risk.npv_deterministic)


def test_the_tornado_ranks_a_rate_when_it_moves_npv():
    model = plan_risk_model(worked_input(**(RATES | {"provider_currency_share": 1.0})))
    risk = simulate(model, draws=500, seed=1, bars=len(model.drivers))
    fx = next(b for b in risk.tornado if b.kind == "fx_depreciation")
    assert fx.item_id == ""
    assert fx.npv_high < fx.npv_low  # a faster depreciation of the buyer's currency costs money
