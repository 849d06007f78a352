"""Re-plan from evidence (issue 14): engagements under way keep their start, BPO waits for the realised gate.

Pure engine tests, no database."""

import dataclasses

import pytest
from engine_cases import roadmap_inputs, worked_input
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.engine import build_roadmap
from assessments.engine.errors import EngineInputError
from assessments.engine.validate import validate_input


def _replan(data, *, started: dict[str, int], gate_month_actual: int | None):
    areas = tuple(
        dataclasses.replace(a, fixed_start_month=started[a.id]) if a.id in started else a for a in data.it_cost_areas
    )
    funcs = tuple(
        dataclasses.replace(f, fixed_start_month=started[f.id]) if f.id in started else f
        for f in data.business_functions
    )
    parameters = dataclasses.replace(data.parameters, gate_month_actual=gate_month_actual)
    return dataclasses.replace(data, parameters=parameters, it_cost_areas=areas, business_functions=funcs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=roadmap_inputs(), now=st.integers(min_value=0, max_value=40), slip=st.integers(min_value=0, max_value=12))
def test_the_replan_never_moves_an_engagement_that_has_started(data, now, slip):
    plan = build_roadmap(data)
    horizon = data.parameters.horizon_months
    started = {
        item.id: item.start_month
        for item in plan.items
        if item.start_month is not None and item.start_month <= min(now, horizon - 1)
    }
    gate = None if plan.gate_month is None else min(plan.gate_month + slip, horizon)
    replanned_input = _replan(data, started=started, gate_month_actual=gate)
    validate_input(replanned_input)
    replanned = {item.id: item for item in build_roadmap(replanned_input).items}
    for item_id, month in started.items():
        assert replanned[item_id].start_month == month, item_id
        assert replanned[item_id].included
    if gate is not None:
        for item in replanned.values():
            if item.kind == "BPO" and item.id not in started and item.start_month is not None:
                assert item.start_month >= gate


def test_a_late_gate_moves_the_bpo_lines_not_yet_started_and_keeps_the_started_ones():
    data = worked_input()
    plan = build_roadmap(data)
    starts = {item.id: item.start_month for item in plan.items if item.kind == "BPO" and item.start_month is not None}
    bpo = [item for item in plan.items if item.id in starts]
    assert len(bpo) >= 2, "the worked organisation plans at least two BPO lines"
    assert plan.gate_month is not None
    first = min(bpo, key=lambda item: starts[item.id])
    first_start = starts[first.id]
    late_gate = plan.gate_month + 6
    replanned = {
        item.id: item
        for item in build_roadmap(_replan(data, started={first.id: first_start}, gate_month_actual=late_gate)).items
    }
    assert replanned[first.id].start_month == first.start_month
    others = [replanned[item.id] for item in bpo if item.id != first.id]
    assert all(item.start_month is None or item.start_month >= late_gate for item in others)
    assert any(item.start_month is not None and item.start_month >= late_gate for item in others)


def test_a_fixed_start_at_or_after_the_horizon_is_refused_at_its_field():
    data = worked_input()
    wrong = _replan(data, started={data.it_cost_areas[0].id: data.parameters.horizon_months}, gate_month_actual=None)
    with pytest.raises(EngineInputError) as caught:
        validate_input(wrong)
    assert "it_cost_areas[0].fixed_start_month" in str(caught.value)
