"""Monte Carlo and tornado of the plan (assessments/engine/risk.py), without a database."""

import dataclasses

import numpy as np
import pytest
from engine_cases import roadmap_inputs, worked_input
from hypothesis import HealthCheck, given, settings

from assessments.engine import build_roadmap, roadmap_to_json
from assessments.engine.costs import COST_COLUMNS
from assessments.engine.risk import Column, Driver, RiskModel, evaluate, sample_drivers, simulate, tornado
from assessments.engine.roadmap import plan_risk_model
from assessments.engine.schema import output_errors


def with_params(data, **changes):
    return dataclasses.replace(data, parameters=dataclasses.replace(data.parameters, **changes))


def flat_model(swings: dict[str, float], *, horizon: int = 24, rate: float = 0.0) -> RiskModel:
    """One item per driver: a one-off of 100 in month 0 and a benefit of `swing` a month per unit
    of its fraction from month 1; every fraction symmetric PERT on [0.1, 0.3], mode 0.2."""
    drivers, columns = [], []
    for name, per_month in swings.items():
        drivers.append(Driver(name=name, kind="savings_fraction", item_id=name, low=0.1, mode=0.2, high=0.3))
        benefit = np.where(np.arange(horizon) >= 1, per_month, 0.0)
        cost = np.where(np.arange(horizon) == 0, -100.0, 0.0)
        columns.append(Column(name="ito_savings", item_id=name, shape=benefit, driver=name, gate=True))
        columns.append(Column(name="transition_cost", item_id=name, shape=cost, investment=True))
    factor = (1.0 + rate) ** (-np.arange(horizon) / 12.0)
    return RiskModel(horizon=horizon, factor=factor, drivers=tuple(drivers), columns=tuple(columns))


def test_the_same_seed_reproduces_the_result_and_another_seed_does_not():
    data = worked_input()
    first = build_roadmap(data).risk
    again = build_roadmap(data).risk
    assert first is not None
    assert first == again
    other = build_roadmap(with_params(data, risk_seed=7)).risk
    assert other is not None
    assert other.npv_p50 != first.npv_p50
    assert first.draws == 10_000


def test_the_columns_add_up_to_the_deterministic_cash_flow():
    """At every input's mode (no delay) the risk model gives the engine's cash flow to the cent."""
    data = worked_input()
    roadmap = build_roadmap(data)
    model = plan_risk_model(data)
    npv, net = evaluate(model, np.array([[d.mode for d in model.drivers]]))
    assert net[0] == pytest.approx([row.net for row in roadmap.cash_flow], abs=0.01)
    assert npv[0] == pytest.approx(roadmap.kpis.npv, abs=0.01)
    assert roadmap.risk is not None, "the worked input simulates the plan's risk (risk_draws > 0)"
    assert roadmap.risk.npv_deterministic == pytest.approx(roadmap.kpis.npv, abs=0.01)
    kinds = {d.kind for d in model.drivers}
    # The cost rates the plan incurs are sampled too (issue 13): severance (BPO lines release staff) and
    # governance; VAT is fully recoverable by default, so its rate is not a driver.
    assert kinds == {
        "savings_fraction",
        "efficiency_fraction",
        "transition_delay",
        "severance_months",
        "governance_scale",
    }
    names = {c.name for c in model.columns}
    # The plan's own columns, plus the business case's named costs (engine/costs.py) the plan incurs.
    assert {"ito_savings", "bpo_efficiency", "governance", "transition_cost", "selection_cost"} <= names
    assert names - {"ito_savings", "bpo_efficiency", "transition_cost", "selection_cost"} <= set(COST_COLUMNS)


def test_p50_is_within_one_per_cent_of_the_deterministic_run_for_symmetric_inputs():
    """The worked plan's columns, every fraction symmetric around its mode and no delay: NPV is
    a sum of symmetric independent terms, so its median is the run at the medians."""
    model = plan_risk_model(worked_input(), delay_fraction=0.0)
    symmetric = tuple(
        dataclasses.replace(d, mode=(d.low + d.high) / 2) for d in model.drivers if d.kind != "transition_delay"
    )
    assert len(symmetric) == len(model.drivers)  # no delay driver left
    model = dataclasses.replace(model, drivers=symmetric)
    risk = simulate(model, draws=10_000, seed=11)
    assert risk.npv_p10 < risk.npv_deterministic < risk.npv_p90  # a real spread
    assert abs(risk.npv_p50 - risk.npv_deterministic) <= 0.01 * abs(risk.npv_deterministic)


def test_skewed_delays_pull_the_median_below_the_deterministic_run():
    """Delays only ever move benefits later, so with them the P50 falls below the no-delay run."""
    model = plan_risk_model(worked_input())
    delays = [d for d in model.drivers if d.kind == "transition_delay"]
    assert delays
    assert all(d.high >= 1 for d in delays)
    no_savings_risk = dataclasses.replace(
        model,
        drivers=tuple(
            d if d.kind == "transition_delay" else dataclasses.replace(d, low=d.mode, high=d.mode)
            for d in model.drivers
        ),
    )
    risk = simulate(no_savings_risk, draws=2_000, seed=3)
    assert risk.npv_p50 < risk.npv_deterministic
    assert risk.npv_p90 <= risk.npv_deterministic + 1e-6


def test_the_tornado_puts_the_input_with_the_largest_swing_first():
    model = flat_model({"small": 10.0, "largest": 80.0, "middle": 40.0, "fixed": 50.0})
    fixed = next(d for d in model.drivers if d.name == "fixed")
    model = dataclasses.replace(
        model,
        drivers=tuple(dataclasses.replace(d, low=0.2, high=0.2) if d is fixed else d for d in model.drivers),
    )
    bars = tornado(model)
    assert [b.driver for b in bars] == ["largest", "middle", "small"]  # a fixed input has no bar
    top = bars[0]
    # 23 months of benefit x 80 a month x (0.3 - 0.1), undiscounted.
    assert top.npv_high - top.npv_low == pytest.approx(23 * 80 * 0.2)
    assert top.low == 0.1
    assert top.high == 0.3


def test_the_tornado_keeps_ten_bars():
    model = flat_model({f"d{i:02d}": float(i + 1) for i in range(14)})
    bars = tornado(model)
    assert len(bars) == 10
    assert bars[0].driver == "d13"
    swings = [abs(b.npv_high - b.npv_low) for b in bars]
    assert swings == sorted(swings, reverse=True)


def test_a_delay_moves_the_benefit_later_and_counts_whole_months():
    horizon = 12
    model = RiskModel(
        horizon=horizon,
        factor=np.ones(horizon),
        drivers=(
            Driver(name="f", kind="savings_fraction", item_id="a", low=0.5, mode=0.5, high=0.5),
            Driver(name="late", kind="transition_delay", item_id="a", low=0, mode=0, high=3, distribution="delay"),
        ),
        columns=(Column(name="ito_savings", item_id="a", shape=np.full(horizon, 10.0), driver="f", delay="late"),),
    )
    npv, net = evaluate(model, np.array([[0.5, 0.0], [0.5, 2.0]]))
    assert net[1].tolist() == [0.0, 0.0] + [5.0] * 10
    assert npv.tolist() == [60.0, 50.0]
    values = sample_drivers(model.drivers, draws=20_000, rng=np.random.default_rng(1))[:, 1]
    assert set(np.unique(values).tolist()) == {0.0, 1.0, 2.0, 3.0}
    share = np.bincount(values.astype(int)) / values.size
    # Triangular on [0, 4) with mode 0: P(k) = ((4 - k)^2 - (3 - k)^2) / 16 = 7/16, 5/16, 3/16, 1/16.
    assert share == pytest.approx([7 / 16, 5 / 16, 3 / 16, 1 / 16], abs=0.015)


def test_pert_samples_have_the_pert_mean():
    drivers = (Driver(name="x", kind="savings_fraction", item_id="", low=0.1, mode=0.15, high=0.4),)
    values = sample_drivers(drivers, draws=50_000, rng=np.random.default_rng(5))[:, 0]
    assert values.min() >= 0.1
    assert values.max() <= 0.4
    assert values.mean() == pytest.approx((0.1 + 4 * 0.15 + 0.4) / 6, abs=0.002)


def test_triangular_samples_stay_in_the_band_with_the_triangular_mean():
    drivers = (Driver(name="x", kind="fx", item_id="", low=0.9, mode=1.0, high=1.2, distribution="triangular"),)
    values = sample_drivers(drivers, draws=50_000, rng=np.random.default_rng(5))[:, 0]
    assert values.min() >= 0.9
    assert values.max() <= 1.2
    assert values.mean() == pytest.approx((0.9 + 1.0 + 1.2) / 3, abs=0.003)


def test_gate_and_payback_distributions_count_every_draw():
    risk = build_roadmap(worked_input(risk_draws=1_000)).risk
    assert risk is not None, "1,000 draws simulate the plan's risk"
    assert risk.gate_month is not None
    for dist in (risk.gate_month, risk.payback_month):
        assert sum(dist.counts) + dist.never == 1_000
    assert sum(risk.npv_histogram.counts) == 1_000
    assert risk.npv_histogram.edges[0] <= risk.npv_p10 <= risk.npv_histogram.edges[-1]
    roadmap = build_roadmap(worked_input())
    assert roadmap.risk is not None, "the worked input simulates the plan's risk (risk_draws > 0)"
    assert roadmap.risk.gate_month is not None, "the worked plan reaches its gate in some futures"
    assert roadmap.gate_month is not None, "the worked plan reaches its gate at the modes"
    p10, p90 = roadmap.risk.gate_month.p10, roadmap.risk.gate_month.p90
    assert p10 is not None, "at least 10 % of the futures reach the gate"
    assert p90 is not None, "at least 90 % of the futures reach the gate"
    assert p10 <= roadmap.gate_month <= p90


def test_a_misnamed_driver_is_refused():
    model = flat_model({"a": 1.0})
    bad = dataclasses.replace(model, columns=(dataclasses.replace(model.columns[0], driver="b"),))
    with pytest.raises(ValueError, match="unknown driver 'b'"):
        simulate(bad, draws=10, seed=1)
    with pytest.raises(ValueError, match="low <= mode <= high"):
        simulate(
            dataclasses.replace(model, drivers=(Driver(name="a", kind="x", item_id="", low=1, mode=0, high=2),)),
            draws=10,
            seed=1,
        )


def test_no_draws_means_no_risk_and_json_null():
    roadmap = build_roadmap(worked_input(risk_draws=0))
    assert roadmap.risk is None
    doc = roadmap_to_json(roadmap)
    assert doc["risk"] is None
    assert output_errors(doc) == ()


def test_risk_json_matches_the_schema():
    doc = roadmap_to_json(build_roadmap(worked_input(risk_draws=500)))
    assert output_errors(doc) == ()
    assert doc["risk"]["draws"] == 500
    assert 1 <= len(doc["risk"]["tornado"]) <= 10


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roadmap_inputs())
def test_percentiles_are_ordered_and_the_probability_is_a_share(data):
    roadmap = build_roadmap(with_params(data, risk_draws=300))
    risk = roadmap.risk
    assert risk is not None
    assert risk.npv_p10 <= risk.npv_p50 <= risk.npv_p90
    assert 0.0 <= risk.probability_npv_positive <= 1.0
    assert risk.npv_deterministic == pytest.approx(roadmap.kpis.npv, rel=1e-9, abs=1e-6)
    assert sum(risk.payback_month.counts) + risk.payback_month.never == 300
    for dist in (risk.gate_month, risk.payback_month):
        if dist is not None and dist.p10 is not None and dist.p90 is not None:
            assert dist.p10 <= dist.p90
    swings = [abs(b.npv_high - b.npv_low) for b in risk.tornado]
    assert swings == sorted(swings, reverse=True)


def test_the_tornado_equals_moving_each_input_alone_by_brute_force():
    """The tornado's linear shortcut against a full evaluation with one input moved (delays included)."""
    model = plan_risk_model(worked_input())
    bars = {b.driver: b for b in tornado(model, bars=len(model.drivers))}
    base = np.array([[d.mode for d in model.drivers]])
    assert {d.kind for d in model.drivers if d.name in bars} >= {"savings_fraction", "transition_delay"}
    for j, d in enumerate(model.drivers):
        rows = np.repeat(base, 2, axis=0)
        rows[0, j], rows[1, j] = d.low, d.high
        npv, _net = evaluate(model, rows)
        assert bars[d.name].npv_low == pytest.approx(npv[0], abs=1e-3)
        assert bars[d.name].npv_high == pytest.approx(npv[1], abs=1e-3)


def test_a_plan_beyond_the_work_budget_runs_fewer_draws_and_says_so(monkeypatch):
    from assessments.engine import risk as risk_module

    model = flat_model({"a": 1.0, "b": 2.0})  # 4 columns, no delays: 4 pairs
    monkeypatch.setattr(risk_module, "WORK_BUDGET", 400)
    result = simulate(model, draws=1_000, seed=1)
    assert result.draws == 100
    assert result.draws_requested == 1_000
    assert sum(result.npv_histogram.counts) == 100
