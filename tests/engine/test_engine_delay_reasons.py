# mypy: disable-error-code="operator,union-attr,index"
"""Every delay names its real cause (issue 12): a planned item that starts after month 0 waits for
its contract end, the deal lead time, the gate, or slots held by the items it names, and the facts
hold in the plan. Engine only, no database."""

import dataclasses

import pytest
from django.utils import translation
from engine_cases import roadmap_inputs, worked_input
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.engine import build_roadmap
from assessments.engine import rationale as engine_rationale
from assessments.engine.defaults import DEFAULT_BENCHMARKS
from assessments.roadmaps.delay_text import delay_explanation
from assessments.roadmaps.rationale import item_rationale


@st.composite
def plans_with_lead_times(draw):
    data = draw(roadmap_inputs())
    lead = draw(st.integers(min_value=0, max_value=12))
    gate_actual = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=30)))
    params = dataclasses.replace(
        data.parameters, deal_lead_time_months=lead, gate_month_actual=gate_actual, risk_draws=0
    )

    def maybe_under_way(line):
        started = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=params.horizon_months - 1)))
        return dataclasses.replace(line, fixed_start_month=started) if draw(st.booleans()) and started else line

    return dataclasses.replace(
        data,
        parameters=params,
        it_cost_areas=tuple(maybe_under_way(a) for a in data.it_cost_areas),
        business_functions=tuple(maybe_under_way(f) for f in data.business_functions),
    )


def _occupancy(item) -> int:
    """Months an item holds one of its kind's slots: the ITO engagement, or the BPO transition and ramp."""
    if item.kind == "ITO":
        return item.exit_month - item.start_month
    bench = DEFAULT_BENCHMARKS[item.capability]
    return bench.transition_months + bench.ramp_months


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans_with_lead_times())
def test_every_delay_names_its_real_cause(data):
    roadmap = build_roadmap(data)
    p = data.parameters
    lines = {line.id: line for line in (*data.it_cost_areas, *data.business_functions)}
    planned = [i for i in roadmap.items if i.included]
    for item in planned:
        line = lines[item.id]
        facts = dict(item.delay_params)
        if line.fixed_start_month is not None:
            assert item.delay_code is None  # under way: it started when it started
            continue
        if item.start_month == 0:
            assert item.delay_code is None
            continue
        # A planned item that starts later than month 0 always says why.
        assert item.delay_code is not None, item
        gate = roadmap.gate_month
        own = line.available_from_month if item.kind == "ITO" else gate
        earliest = max(own, p.deal_lead_time_months)
        if item.delay_code == "waiting_for_contract_end":
            assert item.kind == "ITO"
            assert item.start_month == line.available_from_month == facts["available_from_month"]
            assert item.start_month >= p.deal_lead_time_months
        elif item.delay_code == "waiting_for_lead_time":
            assert item.start_month == p.deal_lead_time_months == facts["lead_time_months"]
            assert own < item.start_month  # not the contract end, nor the gate: the lead time alone
        elif item.delay_code == "waiting_for_gate":
            assert item.kind == "BPO"
            assert item.start_month == gate == facts["gate_month"]
            assert item.start_month >= p.deal_lead_time_months
        else:
            assert item.delay_code == "slot_held"
            assert facts["could_start_month"] == earliest < item.start_month
            month = item.start_month - 1
            same_kind = [i for i in planned if i.kind == item.kind and i.id != item.id]
            busy = {i.id for i in same_kind if i.start_month <= month < i.start_month + _occupancy(i)}
            kind_lines = data.it_cost_areas if item.kind == "ITO" else data.business_functions
            slots = min(p.max_parallel_ito if item.kind == "ITO" else p.max_parallel_bpo, len(kind_lines))
            assert facts["slots"] == slots
            assert len(busy) >= slots, (item, busy)  # every slot of the kind is busy the month before
            named = {name.strip() for name in str(facts["held_by"]).split(",") if name.strip()}
            assert named
            assert named <= busy


def test_a_deal_waiting_for_the_lead_time_says_so_not_that_slots_are_held():
    """The tester's case: with a deal lead time of 3 months, the service desk (free from month 0) starts in
    month 3; no other ITO item runs in months 0-3, so the cause is the lead time, not 'all 2 slots'."""
    roadmap = build_roadmap(worked_input(deal_lead_time_months=3, risk_draws=0))
    sd = next(i for i in roadmap.items if i.id == "sd")
    assert sd.start_month == 3
    assert sd.delay_code == "waiting_for_lead_time"
    assert dict(sd.delay_params) == {"lead_time_months": 3}
    assert "slot" not in sd.rationale
    assert sd.rationale.endswith(
        "Starts in month 3, after the deal lead time: selection and contracting take 3 months before any ITO deal "
        "can start."
    )
    net = next(i for i in roadmap.items if i.id == "net")
    assert net.delay_code == "slot_held"
    assert dict(net.delay_params)["could_start_month"] == 3  # not month 0: the lead time comes first
    assert "both ITO slots are held" in net.rationale
    assert {i.id: i.start_month for i in roadmap.items if i.kind == "BPO" and i.included} == {"cs": 12, "pay": 12}


def test_bpo_waits_for_the_lead_time_when_there_is_no_ito_phase():
    """No IT area: the gate is month 0, but no deal starts before the 4-month lead time."""
    data = worked_input(deal_lead_time_months=4, risk_draws=0)
    roadmap = build_roadmap(dataclasses.replace(data, it_cost_areas=()))
    planned = [i for i in roadmap.items if i.included]
    assert planned
    assert {i.start_month for i in planned} == {4}
    assert {i.delay_code for i in planned} == {"waiting_for_lead_time"}


@pytest.mark.parametrize(
    ("slots", "english", "engine", "indonesian"),
    [
        (1, "but the single slot is held", "the single BPO slot is held", "satu-satunya slot"),
        (2, "but both slots are held", "both BPO slots are held", "kedua slot"),
        (3, "but all 3 slots are held", "all 3 BPO slots are held", "semua 3 slot"),
        (5, "but all 5 slots are held", "all 5 BPO slots are held", "semua 5 slot"),
    ],
)
def test_slot_sentences_read_well_for_any_number_of_slots(slots, english, engine, indonesian):
    made = engine_rationale.delay_slot(kind="BPO", slots=slots, held_by=("bf-1",), could_start=7)
    assert engine in made[1]
    assert "all 2" not in made[1]
    item = {"delay_code": made[0], "delay_params": dict(made[2])}
    with translation.override("en"):
        text = delay_explanation(item, names={"bf-1": "Payroll"})
    assert english in text
    assert "month 7" in text
    with translation.override("id"):
        assert indonesian in delay_explanation(item, names={"bf-1": "Payroll"})


def test_the_lead_time_delay_reads_in_both_languages():
    made = engine_rationale.delay_lead_time(lead_time=3, kind="ITO")
    item = {"delay_code": made[0], "delay_params": dict(made[2])}
    with translation.override("en"):
        text = delay_explanation(item)
    assert text == (
        "Waiting for the deal lead time: selection and contracting take 3 months, so no deal starts before month 3."
    )
    with translation.override("id"):
        indonesian = delay_explanation(item)
    assert "bulan ke-3" in indonesian
    assert indonesian != text


def test_a_lead_time_that_leaves_no_room_is_named_as_the_cause():
    """No IT area, a 58-month lead time in a 60-month plan: no BPO transition can end in time, and the reason
    says it is the lead time (not the gate, which is month 0)."""
    data = worked_input(deal_lead_time_months=58, risk_draws=0)
    roadmap = build_roadmap(dataclasses.replace(data, it_cost_areas=()))
    cs = next(i for i in roadmap.items if i.id == "cs")
    assert not cs.included
    assert cs.reason_code == "horizon_too_short"
    facts = dict(cs.reason_params)
    assert (facts["cause"], facts["earliest_start_month"]) == ("lead_time", 58)
    assert "(the deal lead time)" in cs.rationale
    item = {"reason_code": cs.reason_code, "reason_params": facts, "rationale": cs.rationale}
    with translation.override("en"):
        assert "(the deal lead time of selection and contracting)" in item_rationale(item, currency="IDR")
    with translation.override("id"):
        assert "(waktu tunggu pemilihan dan kontrak)" in item_rationale(item, currency="IDR")
