"""Roadmap rules (DESIGN §1 and §5): worked cases and hypothesis properties."""

import dataclasses
import math
from typing import TypeVar

import numpy as np
import pytest
from engine_cases import REGION, roadmap_inputs, worked_input
from hypothesis import HealthCheck, given, settings

from assessments.engine import (
    CAPABILITIES,
    DEFAULT_BENCHMARKS,
    ITO_CODES,
    Benchmark,
    BusinessFunction,
    EngineInputError,
    ITCostArea,
    Parameters,
    Roadmap,
    RoadmapInput,
    build_roadmap,
)
from assessments.engine.costs import BENEFIT_COLUMNS, COST_COLUMNS
from assessments.engine.defaults import CRITERION_LABELS

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REL = 1e-9


T = TypeVar("T")


def known(value: T | None) -> T:
    """The value of an optional figure the case guarantees (a planned item's start and NPV, an ITO
    benchmark's market unit costs); fails the test if it is missing."""
    assert value is not None
    return value


def included(roadmap: Roadmap, kind: str):
    return [i for i in roadmap.items if i.included and i.kind == kind]


def realised_run_rate(roadmap: Roadmap) -> np.ndarray:
    return 12.0 * np.array([row.ito_savings for row in roadmap.cash_flow])


def bench(item) -> Benchmark:
    return DEFAULT_BENCHMARKS[item.capability]


# --- worked cases -------------------------------------------------------------------


def test_worked_organisation_gets_both_phases_in_order():
    """Rule 2 and rules 5-6: an organisation with qualifying lines of both kinds gets both."""
    r = build_roadmap(worked_input())
    assert [p.kind for p in r.phases] == ["ITO", "BPO"]
    ito, bpo = r.phases
    # sec (fully mature, bespoke security) has no material saving under the 10 % floor.
    assert set(ito.item_ids) == {"sd", "dc", "net"}
    assert set(bpo.item_ids) == {"cs", "pay"}
    assert ito.start_month == 0
    assert r.gate_month is not None
    assert bpo.start_month >= r.gate_month
    assert "realised ITO savings run-rate" in r.gate_reason
    hr = next(i for i in r.items if i.id == "strat-hr")
    assert not hr.included
    assert hr.reason_code == "not_suitable"
    assert hr.suitability_class == "unlikely"
    assert "Not suitable for BPO" in hr.rationale


def test_area_without_material_savings_is_excluded_and_says_so():
    """Rule 3 with the shipped defaults: mature, bespoke security finds 2 % (indicative: its band 0-20 %, typical
    12 %, and a fully mature, bespoke area sits half the band's width below typical), under the 10 % floor."""
    r = build_roadmap(worked_input())
    sec = next(i for i in r.items if i.id == "sec")
    assert not sec.included
    assert sec.recommendation == "not_recommended"
    assert sec.reason_code == "no_material_savings"
    assert sec.savings_fraction == pytest.approx(0.02)
    assert sec.rationale.startswith("No material savings found")
    assert "below the floor" in sec.rationale
    assert dict(sec.reason_params)["threshold"] == 0.10
    assert dict(sec.reason_params)["savings_basis"] == "indicative"
    assert all("sec" not in p.item_ids for p in r.phases)
    assert sec.start_month is None
    assert sec.exit_month is None


def test_without_qualifying_it_area_bpo_starts_at_once():
    data = worked_input(materiality_threshold=0.9)
    r = build_roadmap(data)
    assert not included(r, "ITO")
    assert r.gate_month == 0
    assert "No IT area qualified" in r.gate_reason
    assert "month 0" in r.gate_reason
    assert [p.kind for p in r.phases] == ["BPO"]
    assert min(i.start_month for i in included(r, "BPO")) == 0


def test_without_bpo_phase_gate_month_is_null():
    data = worked_input()
    data = dataclasses.replace(data, business_functions=data.business_functions[2:])  # only the unsuitable one
    r = build_roadmap(data)
    assert r.gate_month is None
    assert "No BPO phase" in r.gate_reason
    assert [p.kind for p in r.phases] == ["ITO"]


def test_bpo_item_that_would_lose_money_is_excluded_with_reason():
    """Rule 4: with a 2 % efficiency band the provider fee and governance eat the benefit."""
    thin = dataclasses.replace(DEFAULT_BENCHMARKS["payroll"], savings_low=0.02, savings_typical=0.02, savings_high=0.02)
    data = dataclasses.replace(worked_input(), benchmarks=(thin,))
    r = build_roadmap(data)
    pay = next(i for i in r.items if i.id == "pay")
    assert not pay.included
    assert pay.reason_code == "no_financial_gain"
    assert "would not pay" in pay.rationale
    assert pay.npv is not None
    assert pay.npv < 0
    assert pay.kpis is not None


def test_included_bpo_items_carry_kpis():
    r = build_roadmap(worked_input())
    cs = next(i for i in r.items if i.id == "cs")
    assert cs.included
    assert cs.kpis is not None
    assert cs.kpis.cost_per_transaction_after is not None
    assert cs.kpis.cost_per_transaction_before is not None
    assert cs.kpis.cost_per_transaction_before == pytest.approx(4_000_000 / 600_000)
    assert cs.kpis.cost_per_transaction_after == pytest.approx((4_000_000 - cs.net_annual_savings) / 600_000)
    assert cs.kpis.cost_per_transaction_after < cs.kpis.cost_per_transaction_before
    assert cs.kpis.error_rate_after < cs.kpis.error_rate_before == 5.0
    # Rule 4: the people who leave or transfer, the retained organisation shown apart (5 % default).
    assert cs.kpis.ftes_retained == pytest.approx(4.0)
    assert cs.kpis.ftes_freed == pytest.approx(76.0)
    assert cs.kpis.missing_baselines == ()
    assert cs.npv is not None
    assert cs.npv > 0
    assert cs.profitability_index == pytest.approx(cs.npv / cs.one_off_cost)


def test_ito_item_figures_follow_the_reference_model():
    r = build_roadmap(worked_input())
    sd = next(i for i in r.items if i.id == "sd")
    b = DEFAULT_BENCHMARKS["service_desk"]
    # maturity 2, standardisation 4: position 0.75, a quarter band-width above typical (indicative: no volume)
    expected_pct = min(b.savings_high, b.savings_typical + 0.25 * (b.savings_high - b.savings_low))
    assert sd.savings_fraction == pytest.approx(expected_pct)
    assert sd.savings_basis == "indicative"
    assert sd.recommendation == "indicative"
    assert sd.reason_code == "ito_savings_indicative"
    assert sd.net_annual_savings == pytest.approx(1_200_000 * expected_pct)
    price = 1_200_000 - sd.net_annual_savings
    assert sd.start_month is not None
    assert sd.one_off_cost == pytest.approx(b.transition_cost_fraction * 1_200_000 + 0.035 * price)
    assert sd.savings_from_month == sd.start_month + b.transition_months
    assert sd.exit_month == sd.start_month + b.engagement_months
    dc = next(i for i in r.items if i.id == "dc")
    assert dc.start_month is not None
    assert dc.start_month >= 6  # the area is free from month 6


def test_item_whose_provider_would_exit_after_the_horizon_is_excluded_with_reason():
    """Rule 3 for money: an engagement that cannot end within the plan is not recommended."""
    data = worked_input(horizon_months=8, max_parallel_ito=1)
    r = build_roadmap(data)
    late = [i for i in r.items if i.kind == "ITO" and i.reason_code != "no_material_savings"]
    assert late
    assert all(not i.included for i in late)
    assert all(i.reason_code == "no_payback_within_plan" for i in late)
    assert all(dict(i.reason_params)["cause"] == "exit_after_horizon" for i in late)
    assert all("does not pay back within the plan" in i.rationale for i in late)


def test_item_left_without_a_slot_names_the_items_holding_it():
    # One ITO slot and 24 months: sd (12 months) and net (15) cannot both run; dc waits for month 6.
    r = build_roadmap(worked_input(horizon_months=24, max_parallel_ito=1))
    out = [i for i in r.items if i.kind == "ITO" and i.reason_code == "no_slot_within_plan"]
    assert out
    planned = {i.id for i in r.items if i.kind == "ITO" and i.included}
    for item in out:
        held_by = dict(item.reason_params)["held_by"]
        assert isinstance(held_by, str)
        held = set(held_by.split(", "))
        assert held
        assert held <= planned
        assert "held by" in item.rationale


def test_criteria_pairwise_sets_suitability_weights():
    # Standardisation judged 3x as important as every other criterion: consistent, CR 0.
    m = [[1.0] * 6 for _ in range(6)]
    for j in range(1, 6):
        m[0][j], m[j][0] = 3.0, 1 / 3
    r = build_roadmap(dataclasses.replace(worked_input(), criteria_pairwise=tuple(map(tuple, m))))
    w = r.suitability_weights
    assert w.weights[0] == pytest.approx(3 / 8)
    assert w.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert "AHP" in w.source


def test_inconsistent_criteria_pairwise_is_rejected():
    m = [[1.0] * 6 for _ in range(6)]
    m[0][1], m[1][0] = 9.0, 1 / 9
    m[1][2], m[2][1] = 9.0, 1 / 9
    m[0][2], m[2][0] = 1 / 9, 9.0
    with pytest.raises(EngineInputError, match=r"criteria_pairwise: consistency ratio .* is not below 0.10"):
        build_roadmap(dataclasses.replace(worked_input(), criteria_pairwise=tuple(map(tuple, m))))


def _params(d, **kw):
    return dataclasses.replace(d, parameters=dataclasses.replace(d.parameters, **kw))


def _areas(d, *areas):
    return dataclasses.replace(d, it_cost_areas=areas)


def _funcs(d, *funcs):
    return dataclasses.replace(d, business_functions=funcs)


def _bench(d, **kw):
    return dataclasses.replace(d, benchmarks=(dataclasses.replace(DEFAULT_BENCHMARKS["compute"], **kw),))


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: _params(d, gate_fraction=1.5), "parameters.gate_fraction"),
        (lambda d: _areas(d, *d.it_cost_areas, ITCostArea(id="x", capability="hr", annual_cost=1)),
         "it_cost_areas[4].capability"),
        (lambda d: _areas(d, ITCostArea(id="cs", capability="compute", annual_cost=1)), "business_functions[0].id"),
        (lambda d: _funcs(d, BusinessFunction(id="b", capability="hr", annual_cost=-5)),
         "business_functions[0].annual_cost"),
        (lambda d: _bench(d, engagement_months=2), "benchmarks[0].engagement_months"),
    ],
)  # fmt: skip
def test_invalid_dataclass_input_names_the_field(change, path):
    with pytest.raises(EngineInputError) as info:
        build_roadmap(change(worked_input()))
    assert str(info.value).startswith(path + ":")
    assert info.value.path == path


def test_empty_organisation_gives_an_empty_plan():
    r = build_roadmap(RoadmapInput(parameters=Parameters(region="ID", currency="IDR", horizon_months=12)))
    assert r.items == ()
    assert r.phases == ()
    assert r.gate_month is None
    assert len(r.cash_flow) == 12
    assert r.kpis.npv == 0
    assert r.kpis.payback_month is None


def test_scenarios_rerun_each_band():
    r = build_roadmap(worked_input())
    bands = {s.band: s for s in r.scenarios}
    assert set(bands) == {"low", "typical", "high"}
    assert bands["typical"].kpis == r.kpis
    assert bands["low"].kpis.run_rate_ito < bands["typical"].kpis.run_rate_ito < bands["high"].kpis.run_rate_ito
    assert bands["low"].kpis.npv < bands["typical"].kpis.npv < bands["high"].kpis.npv
    assert len(bands["low"].cumulative) == len(r.cash_flow)


def test_worked_shortlist():
    r = build_roadmap(worked_input())
    sd = next(i for i in r.items if i.id == "sd")
    providers = [e.provider for e in sd.shortlist]
    # gamma is cheapest and best but serves only SG; delta's region is written "id".
    assert providers == ["alpha", "beta", "delta"]
    alpha, beta, _ = sd.shortlist
    assert alpha.provider_name == "Alpha Services"
    assert beta.provider_name == "beta"  # falls back to the id
    assert alpha.criteria[0][0] == "price_index"
    assert "price" in alpha.reason
    assert beta.criteria[0] == ("quality", 4.7)
    assert alpha.closeness > beta.closeness
    pay = next(i for i in r.items if i.id == "pay")
    assert [e.provider for e in pay.shortlist] == ["eta"]
    assert pay.shortlist[0].reason_code == "only_candidate"


def test_a_provider_with_several_delivery_models_appears_once_with_its_best_offering():
    base = worked_input()
    alpha = next(o for o in base.offerings if o.provider == "alpha")
    onshore = dataclasses.replace(alpha, delivery_model="onshore", price_index=1.6, quality=2.0)
    offshore = dataclasses.replace(alpha, delivery_model="offshore")
    others = tuple(o for o in base.offerings if o.provider != "alpha")
    r = build_roadmap(dataclasses.replace(base, offerings=(onshore, *others, offshore)))
    sd = next(i for i in r.items if i.id == "sd")
    assert [e.provider for e in sd.shortlist] == ["alpha", "beta", "delta"]
    assert sd.shortlist[0].delivery_model == "offshore"


def test_the_same_delivery_model_twice_is_rejected():
    base = worked_input()
    alpha = next(o for o in base.offerings if o.provider == "alpha")
    twice = dataclasses.replace(alpha, delivery_model="offshore")
    with pytest.raises(EngineInputError, match=r"'alpha' already offers 'service_desk' \(offshore\)"):
        build_roadmap(dataclasses.replace(base, offerings=(*base.offerings[:0], twice, twice)))


# --- properties ---------------------------------------------------------------------


@FAST
@given(roadmap_inputs())
def test_ito_before_bpo_and_bpo_after_gate(data):
    r = build_roadmap(data)
    ito, bpo = included(r, "ITO"), included(r, "BPO")
    if bpo:
        assert r.gate_month is not None
        assert all(i.start_month >= r.gate_month for i in bpo)
        if ito:
            # ITO first: the first ITO engagement starts before the first BPO one (later ITO waves may follow).
            assert min(i.start_month for i in ito) <= min(i.start_month for i in bpo)
            if data.parameters.gate_fraction > 0:
                assert min(i.start_month for i in ito) < r.gate_month
    else:
        assert r.gate_month is None


@FAST
@given(roadmap_inputs())
def test_gate_is_the_first_month_realised_run_rate_reaches_the_fraction(data):
    r = build_roadmap(data)
    if r.gate_month is None:
        return
    ito = included(r, "ITO")
    if not ito:
        assert r.gate_month == 0
        assert "No IT area qualified" in r.gate_reason
        return
    planned = sum(i.net_annual_savings for i in ito)
    assert planned == pytest.approx(r.kpis.run_rate_ito)
    target = data.parameters.gate_fraction * planned
    realised = realised_run_rate(r)
    assert realised[r.gate_month] >= target * (1 - 1e-6) - 1e-6
    first_ito = min(i.start_month for i in ito)
    if r.gate_month > first_ito:  # with gate_fraction 0 the gate is the first ITO start (ITO first)
        assert np.all(realised[: r.gate_month] < target * (1 + 1e-6))
    else:
        assert r.gate_month == first_ito


@FAST
@given(roadmap_inputs())
def test_ito_rules_materiality_exit_and_availability(data):
    r = build_roadmap(data)
    threshold = data.parameters.materiality_threshold
    areas = {a.id: a for a in data.it_cost_areas}
    in_phases = {i for p in r.phases for i in p.item_ids}
    for item in (i for i in r.items if i.kind == "ITO"):
        area = areas[item.id]
        floor = max(threshold * area.annual_cost, data.parameters.materiality_min_savings)
        if area.annual_cost == 0:
            assert not item.included
            assert item.reason_code == "zero_cost"
        elif item.net_annual_savings < floor * (1 - 1e-9) or item.net_annual_savings <= 0:
            assert not item.included
            assert item.reason_code == "no_material_savings"
            assert "No material savings" in item.rationale
            assert item.id not in in_phases
        if item.included:
            assert item.exit_month is not None
            assert item.savings_from_month is not None
            assert item.start_month is not None
            assert item.npv is not None
            assert item.exit_month > item.savings_from_month >= item.start_month >= area.available_from_month
            assert item.exit_month <= data.parameters.horizon_months  # the provider exits within the plan
            assert item.npv > 0
            assert item.recommendation == ("recommended" if item.savings_basis == "found" else "indicative")
            assert (item.savings_basis == "found") == (area.volume is not None)
            assert item.id in in_phases
        else:
            assert item.id not in in_phases
            assert item.rationale


@FAST
@given(roadmap_inputs())
def test_bpo_items_pay_and_carry_kpis(data):
    r = build_roadmap(data)
    funcs = {f.id: f for f in data.business_functions}
    for item in (i for i in r.items if i.kind == "BPO"):
        assert item.kpis is not None
        assert item.rationale
        if item.included:
            assert item.npv is not None
            assert item.npv > 0
            assert item.suitability_class in ("probable", "possible")
            assert item.kpis.ftes_freed >= 0
            assert item.kpis.ftes_freed + item.kpis.ftes_retained == pytest.approx(funcs[item.id].ftes)
            # Rule 4: measurable baselines and targets.
            assert item.kpis.cost_per_transaction_before is not None
            assert item.kpis.cost_per_transaction_after is not None
            assert item.kpis.cost_per_transaction_after < item.kpis.cost_per_transaction_before
            assert item.kpis.missing_baselines == ()
        elif funcs[item.id].annual_cost == 0:
            assert item.reason_code == "zero_cost"
        elif item.suitability_class == "unlikely":
            assert item.reason_code == "not_suitable"
        elif funcs[item.id].annual_volume == 0 or funcs[item.id].ftes == 0:
            assert item.reason_code == "success_measures_missing"
            assert item.kpis.missing_baselines
        else:
            assert item.reason_code in (
                "no_financial_gain",
                "horizon_too_short",
                "no_slot_within_plan",
                "regulatory_condition_required",
            )
            if item.reason_code == "no_financial_gain" and item.npv is not None:
                assert item.npv <= 0
            if item.reason_code == "regulatory_condition_required":
                # Issue 13: a regulated function without its stated condition is not planned, whatever it earns.
                assert item.regulatory_condition is not None
                assert not item.regulatory_condition.accepted
                assert item.recommendation == "condition_required"
                assert item.npv is not None
                assert item.npv > 0


@FAST
@given(roadmap_inputs())
def test_parallel_limits_are_respected(data):
    r = build_roadmap(data)
    p = data.parameters
    h = p.horizon_months + 200
    ito_load = np.zeros(h, dtype=int)
    for i in included(r, "ITO"):
        ito_load[i.start_month : i.exit_month] += 1
    bpo_load = np.zeros(h, dtype=int)
    for i in included(r, "BPO"):
        bpo_load[i.start_month : i.savings_from_month + bench(i).ramp_months] += 1
    assert ito_load.max(initial=0) <= p.max_parallel_ito
    assert bpo_load.max(initial=0) <= p.max_parallel_bpo


@FAST
@given(roadmap_inputs())
def test_cash_flow_consistency(data):
    r = build_roadmap(data)
    net = np.array([c.net for c in r.cash_flow])
    cumulative = np.array([c.cumulative for c in r.cash_flow])
    assert [c.month for c in r.cash_flow] == list(range(data.parameters.horizon_months))
    scale = max(1.0, float(np.abs(net).sum()))
    assert np.allclose(cumulative, np.cumsum(net), atol=1e-9 * scale)
    for c in r.cash_flow:
        # net is the sum of the named columns: gross savings and benefit, less one-offs and every cost column
        # (engine/costs.py), indexation being the one signed benefit column.
        named = sum(getattr(c, name) for name in COST_COLUMNS if name not in BENEFIT_COLUMNS)
        gross = c.ito_savings + c.bpo_benefit + c.indexation
        assert c.net == pytest.approx(gross - c.one_off_costs - named, abs=1e-9 * scale)
    item_npvs = sum(known(i.npv) for i in r.items if i.included)
    assert r.kpis.npv_valuation == pytest.approx(item_npvs, abs=1e-6 * scale)
    if all(known(i.start_month) + i.valuation_months >= len(r.cash_flow) for i in r.items if i.included):
        # every planned item is valued at least to the horizon: the in-plan NPV is no more than the valuation
        assert r.kpis.npv <= r.kpis.npv_valuation + 1e-6 * scale
    assert r.kpis.npv == pytest.approx(float(r.cash_flow[-1].discounted_cumulative) if r.cash_flow else 0.0)
    assert r.kpis.peak_investment == pytest.approx(max(0.0, -cumulative.min(initial=0.0)))
    if r.kpis.payback_month is not None:
        assert np.all(cumulative[r.kpis.payback_month :] >= -1e-6 * scale)
        assert cumulative[: r.kpis.payback_month].min() < 0


@FAST
@given(roadmap_inputs())
def test_determinism(data):
    assert build_roadmap(data) == build_roadmap(data)


MONEY_FIELDS = ("net_annual_savings", "one_off_cost", "npv")


def scale_input(data: RoadmapInput, k: float) -> RoadmapInput:
    p = data.parameters
    return dataclasses.replace(
        data,
        parameters=dataclasses.replace(p, materiality_min_savings=p.materiality_min_savings * k),
        # market unit costs are money too
        benchmarks=tuple(
            dataclasses.replace(
                DEFAULT_BENCHMARKS[code],
                market_unit_cost_low=known(DEFAULT_BENCHMARKS[code].market_unit_cost_low) * k,
                market_unit_cost_typical=known(DEFAULT_BENCHMARKS[code].market_unit_cost_typical) * k,
                market_unit_cost_high=known(DEFAULT_BENCHMARKS[code].market_unit_cost_high) * k,
            )
            for code in ITO_CODES
        ),
        it_cost_areas=tuple(dataclasses.replace(a, annual_cost=a.annual_cost * k) for a in data.it_cost_areas),
        business_functions=tuple(
            dataclasses.replace(f, annual_cost=f.annual_cost * k) for f in data.business_functions
        ),
    )


def close(a, b, k, scale):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a * k, b, rel_tol=1e-6, abs_tol=1e-9 * scale * k)


@FAST
@given(roadmap_inputs())
def test_scaling_money_scales_outputs_and_changes_no_decision(data):
    k = 37.5
    a = build_roadmap(data)
    b = build_roadmap(scale_input(data, k))
    scale = max(1.0, sum(x.annual_cost for x in (*data.it_cost_areas, *data.business_functions)))
    assert a.gate_month == b.gate_month
    assert a.phases == b.phases
    assert a.kpis.payback_month == b.kpis.payback_month
    for x, y in zip(a.items, b.items, strict=True):
        assert (x.id, x.included, x.reason_code, x.start_month, x.savings_from_month, x.exit_month) == (
            y.id,
            y.included,
            y.reason_code,
            y.start_month,
            y.savings_from_month,
            y.exit_month,
        )
        for f in MONEY_FIELDS:
            assert close(getattr(x, f), getattr(y, f), k, scale), f
        assert [e.provider for e in x.shortlist] == [e.provider for e in y.shortlist]
    for row_a, row_b in zip(a.cash_flow, b.cash_flow, strict=True):
        for f in ("ito_savings", "bpo_benefit", "one_off_costs", "net", "cumulative", "discounted_cumulative"):
            assert close(getattr(row_a, f), getattr(row_b, f), k, scale), f
    for f in ("npv", "run_rate_ito", "run_rate_bpo", "peak_investment"):
        assert close(getattr(a.kpis, f), getattr(b.kpis, f), k, scale), f


def rename(data: RoadmapInput) -> RoadmapInput:
    # Order-preserving renaming: ties are broken by id, so the relative order is kept.
    return dataclasses.replace(
        data,
        it_cost_areas=tuple(dataclasses.replace(a, id="renamed/" + a.id) for a in data.it_cost_areas),
        business_functions=tuple(dataclasses.replace(f, id="renamed/" + f.id) for f in data.business_functions),
    )


@FAST
@given(roadmap_inputs())
def test_renaming_ids_changes_nothing_else(data):
    a = build_roadmap(data)
    b = build_roadmap(rename(data))

    def unnamed(params):  # reasons that name other items (slots held by ...) name them by id
        return tuple((k, v.replace("renamed/", "") if isinstance(v, str) else v) for k, v in params)

    renamed = [
        dataclasses.replace(
            i,
            id=i.id.replace("renamed/", ""),
            rationale=i.rationale.replace("renamed/", ""),
            reason_params=unnamed(i.reason_params),
            delay_params=unnamed(i.delay_params),
        )
        for i in b.items
    ]
    assert list(a.items) == renamed
    assert [p.item_ids for p in b.phases] == [tuple("renamed/" + x for x in p.item_ids) for p in a.phases]
    assert (a.cash_flow, a.kpis, a.scenarios, a.gate_month, a.gate_reason) == (
        b.cash_flow,
        b.kpis,
        b.scenarios,
        b.gate_month,
        b.gate_reason,
    )


@FAST
@given(roadmap_inputs())
def test_shortlists(data):
    r = build_roadmap(data)
    region = REGION.casefold()
    offers = {(o.provider, o.capability): o for o in data.offerings}
    for item in r.items:
        if not item.included:
            assert item.shortlist == ()
            continue
        eligible = [
            o for o in data.offerings if o.capability == item.capability and region in map(str.casefold, o.regions)
        ]
        assert len(item.shortlist) == min(3, len(eligible))
        keys = [(-e.closeness, e.provider) for e in item.shortlist]
        assert keys == sorted(keys)
        for e in item.shortlist:
            offer = offers[(e.provider, item.capability)]
            assert region in map(str.casefold, offer.regions)
            assert 0.0 <= e.closeness <= 1.0
            assert 1 <= len(e.criteria) <= 2
            for criterion, _ in e.criteria:
                assert CRITERION_LABELS[criterion] in e.reason
        assert CAPABILITIES[item.capability][0] == item.kind


def test_huge_parallel_limits_are_harmless():
    # The contract's upper bound (assessments/engine/schema.py MAX_PARALLEL); 2**63 is refused.
    r = build_roadmap(worked_input(max_parallel_ito=100_000, max_parallel_bpo=100_000))
    assert {i.start_month for i in r.items if i.kind == "ITO" and i.included} == {0, 6}


def _never_is_last(month):
    return math.inf if month is None else month


@FAST
@given(roadmap_inputs())
def test_scenarios_are_ordered_sensitivities_of_the_plan(data):
    """Low / typical / high keep the plan's items and months and vary only benchmark figures, so
    NPV and run-rates are ordered low <= typical <= high and payback the other way round."""
    r = build_roadmap(data)
    s = {x.band: x.kpis for x in r.scenarios}
    assert s[data.parameters.savings_band] == r.kpis
    scale = 1e-6 * max(1.0, sum(x.annual_cost for x in (*data.it_cost_areas, *data.business_functions)))
    for f in ("npv", "npv_valuation", "run_rate_ito", "run_rate_bpo"):
        assert getattr(s["low"], f) <= getattr(s["typical"], f) + scale, f
        assert getattr(s["typical"], f) <= getattr(s["high"], f) + scale, f
    assert _never_is_last(s["low"].payback_month) >= _never_is_last(s["typical"].payback_month)
    assert _never_is_last(s["typical"].payback_month) >= _never_is_last(s["high"].payback_month)
