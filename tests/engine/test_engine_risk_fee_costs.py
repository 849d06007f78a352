# mypy: disable-error-code="operator,union-attr"
# (Optional results of the engine are not narrowed here, as in test_engine_risk.py.)
"""Issue 13, risk over every cost: the costs tied to the provider's fee (governance, dual running,
VAT on fees, indexation) follow each draw's sampled savings, and the severance, governance and VAT
rates are drivers of their own. Engine only, no database."""

import dataclasses

import numpy as np
import pytest
from engine_cases import worked_input

from assessments.engine import build_roadmap
from assessments.engine.defaults import COST_RATE_SPREADS
from assessments.engine.risk import RiskModel, evaluate, sample_drivers, simulate, tornado
from assessments.engine.roadmap import plan_risk_model

FEE_TIED = ("governance", "dual_running", "vat", "indexation")


def with_params(data, **changes):
    return dataclasses.replace(data, parameters=dataclasses.replace(data.parameters, **changes))


def modes(model: RiskModel) -> np.ndarray:
    return np.array([[d.mode for d in model.drivers]])


def only(model: RiskModel, name: str, item: str) -> RiskModel:
    """The model restricted to one named cost column of one item (its drivers kept)."""
    return dataclasses.replace(model, columns=tuple(c for c in model.columns if c.name == name and c.item_id == item))


def test_the_governance_column_moves_with_the_sampled_efficiency_of_its_item():
    """cs's governance is 8 % of its fee, 1 - efficiency: in every draw the column's NPV is the
    deterministic one scaled by (1 - sampled efficiency) / (1 - modal efficiency) x governance scale."""
    model = plan_risk_model(worked_input(), delay_fraction=0.0)
    gov = only(model, "governance", "cs")
    assert any(c.driver == "efficiency_fraction:cs" for c in gov.columns), "the fee-tied part follows the efficiency"
    values = sample_drivers(model.drivers, draws=2_000, rng=np.random.Generator(np.random.PCG64(5)))
    names = [d.name for d in model.drivers]
    eff, scale = values[:, names.index("efficiency_fraction:cs")], values[:, names.index("governance_scale")]
    npv, _ = evaluate(gov, values)
    base, _ = evaluate(gov, modes(model))
    mode = next(d.mode for d in model.drivers if d.name == "efficiency_fraction:cs")
    assert base[0] < 0  # a cost
    p10, p90 = np.percentile(npv, [10, 90])
    assert p10 < base[0] < p90  # a real spread around the deterministic cost
    # Exact in the efficiency; first order in the governance scale (no cross term).
    expected = base[0] * ((1.0 - eff) / (1.0 - mode) + (scale - 1.0))
    assert npv == pytest.approx(expected, rel=1e-9)
    # Higher efficiency, smaller fee, smaller governance: the cost falls (NPV rises) with the efficiency.
    at_scale_one = values.copy()
    at_scale_one[:, names.index("governance_scale")] = 1.0
    npv_eff, _ = evaluate(gov, at_scale_one)
    assert np.corrcoef(eff, npv_eff)[0, 1] > 0.999


def test_every_fee_tied_cost_is_driven_by_the_savings_of_its_item():
    """With indexation, irrecoverable VAT and dual running in use, each fee-tied column of a BPO line
    has a part driven by that line's efficiency, and an ITO line's governance by its savings."""
    data = worked_input(wage_growth=0.05, provider_indexation=0.03, vat_recoverable_fraction=0.0)
    model = plan_risk_model(data, delay_fraction=0.0)
    driven = {(c.name, c.item_id) for c in model.columns if c.driver is not None and ":" in c.driver}
    for name in FEE_TIED:
        assert (name, "cs") in driven, name
    assert ("governance", "sd") in driven
    # The columns still add up to the engine's cash flow at the modes, to the cent.
    roadmap = build_roadmap(data)
    npv, net = evaluate(model, modes(model))
    assert net[0] == pytest.approx([row.net for row in roadmap.cash_flow], abs=0.01)
    assert npv[0] == pytest.approx(roadmap.kpis.npv, abs=0.01)


def test_cost_rates_are_drivers_only_where_the_plan_incurs_them():
    kinds = {d.kind for d in plan_risk_model(worked_input()).drivers}
    assert {"severance_months", "governance_scale"} <= kinds
    assert "vat_rate" not in kinds  # fully recoverable VAT costs nothing
    model = plan_risk_model(worked_input(vat_recoverable_fraction=0.0))
    vat = next(d for d in model.drivers if d.kind == "vat_rate")
    spread = COST_RATE_SPREADS["vat_rate"]
    assert (vat.low, vat.mode, vat.high) == pytest.approx((0.11 * (1 - spread), 0.11, 0.11 * (1 + spread)))
    transferred = plan_risk_model(worked_input(staff_transfer_fraction=1.0))
    assert "severance_months" in {d.kind for d in transferred.drivers}  # the rate exists ...
    assert not any(c.driver == "severance_months" for c in transferred.columns)  # ... but no one is paid it


def test_the_severance_bar_swings_by_half_the_discounted_severance():
    """Severance months sampled +-25 %: moved alone from low to high, NPV falls by 50 % of the
    discounted severance (the column is linear in the months)."""
    data = worked_input()
    roadmap = build_roadmap(data)
    factor = np.array([1.11 ** (-m / 12) for m in range(len(roadmap.cash_flow))])
    severance = float(np.array([row.severance for row in roadmap.cash_flow]) @ factor)
    assert severance > 0
    bar = next(b for b in tornado(plan_risk_model(data), bars=1_000) if b.kind == "severance_months")
    assert bar.npv_low > bar.npv_high
    assert bar.npv_low - bar.npv_high == pytest.approx(2 * COST_RATE_SPREADS["severance_months"] * severance, rel=1e-6)


def test_with_the_cost_rates_sampled_the_seed_reproduces():
    data = worked_input(vat_recoverable_fraction=0.0, risk_draws=2_000)
    first = build_roadmap(data).risk
    assert build_roadmap(data).risk == first
    assert build_roadmap(with_params(data, risk_seed=3)).risk.npv_p50 != first.npv_p50


def test_p50_sits_at_the_deterministic_run_with_the_cost_rates_symmetric():
    """Every driver symmetric around its mode (the cost rates are), no delay: P50 within 1 %. The
    plan's spread is wide (P10 to P90 spans more than its NPV), so 40,000 draws keep the median's
    sampling error (about 1.25 sigma / sqrt(draws)) well under the 1 % tolerance."""
    model = plan_risk_model(worked_input(vat_recoverable_fraction=0.0), delay_fraction=0.0)
    symmetric = tuple(dataclasses.replace(d, mode=(d.low + d.high) / 2) for d in model.drivers)
    for d in model.drivers:
        if d.kind in ("severance_months", "governance_scale", "vat_rate"):
            assert d.mode == pytest.approx((d.low + d.high) / 2)
    risk = simulate(dataclasses.replace(model, drivers=symmetric), draws=40_000, seed=17)
    assert risk.npv_p10 < risk.npv_deterministic < risk.npv_p90
    assert abs(risk.npv_p50 - risk.npv_deterministic) <= 0.01 * abs(risk.npv_deterministic)
