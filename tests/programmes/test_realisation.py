"""The gate and rule 4 on evidence: pure functions, no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.programmes import realisation as r

PLANNED = 5_000_000_000.0  # IDR a year


def _gate(savings, *, planned_month=19, fraction=0.5, horizon=60):
    return r.gate_status(
        monthly_ito_savings=savings,
        planned_run_rate=PLANNED,
        gate_fraction=fraction,
        planned_month=planned_month,
        horizon_months=horizon,
    )


@given(
    below=st.lists(st.floats(min_value=0, max_value=PLANNED * 0.5 / 12 * 0.999), max_size=40),
    crossing=st.floats(min_value=PLANNED * 0.5 / 12, max_value=PLANNED),
    after=st.lists(st.floats(min_value=0, max_value=PLANNED), max_size=10),
)
def test_gate_opens_in_the_first_month_the_run_rate_reaches_the_threshold(below, crossing, after):
    savings = dict(enumerate([*below, crossing, *after]))
    status = _gate(savings)
    assert status.state == "open"
    assert status.open_month == len(below)
    assert status.slip_months == len(below) - 19
    assert 12 * savings[status.open_month] >= status.threshold
    assert all(12 * savings[m] < status.threshold for m in range(status.open_month))


@given(st.lists(st.floats(min_value=0, max_value=PLANNED * 0.5 / 12 * 0.999), min_size=1, max_size=40))
def test_gate_stays_shut_while_every_month_is_below_the_threshold(values):
    status = _gate(dict(enumerate(values)))
    assert status.open_month is None
    assert status.state in ("late", "on_track", "not_in_sight")
    assert status.realised_run_rate == pytest.approx(12 * values[-1])


def test_worked_example_trend_opens_three_months_after_plan():
    # Realised ITO savings growing by IDR 15 m a month from month 10 (run-rate +180 m a year each
    # month): 12 x (15 m x (m - 10)) reaches 2.5 bn in month 24 (ceil of 23.9).
    savings = {m: 15_000_000.0 * (m - 10) for m in range(10, 20)}
    status = _gate(savings, planned_month=21)
    assert status.state == "late"
    assert status.projected_month == 24
    assert status.slip_months == 3
    assert status.threshold == pytest.approx(2.5e9)


def test_no_planned_ito_savings_needs_no_gate():
    status = r.gate_status(
        monthly_ito_savings={}, planned_run_rate=0.0, gate_fraction=0.5, planned_month=0, horizon_months=60
    )
    assert status.state == "not_required"
    assert status.open_month == 0


def test_no_actuals_and_a_falling_trend():
    assert _gate({}).state == "no_actuals"
    assert _gate({0: 100e6, 1: 90e6, 2: 80e6}).state == "not_in_sight"


@pytest.mark.parametrize("fraction", [0, -0.1, 1.5, float("nan")])
def test_gate_fraction_out_of_range_is_refused(fraction):
    with pytest.raises(ValueError, match="gate_fraction"):
        _gate({0: 1.0}, fraction=fraction)


def test_infinite_figures_are_refused():
    with pytest.raises(ValueError, match="finite"):
        _gate({0: float("inf")})


def _measures(cost=None, errors=None, ftes=None):
    return [
        r.Measure(code="cost_per_transaction", baseline=40_000, target=28_000, actual=cost),
        r.Measure(code="error_rate_percent", baseline=6.0, target=3.0, actual=errors),
        r.Measure(code="ftes_released", baseline=0.0, target=40.0, actual=ftes, lower_is_better=False),
    ]


@pytest.mark.parametrize(
    ("measures", "realised", "planned", "months", "state", "code"),
    [
        (_measures(27_000, 2.9, 41), 1_200e6, 1_000e6, 6, "met", "targets_met"),
        (_measures(31_000, 2.9, 41), 1_200e6, 1_000e6, 6, "at_risk", "measure_below_target"),
        (_measures(27_000, 2.9, 41), 800e6, 1_000e6, 6, "at_risk", "benefit_below_plan"),
        (_measures(27_000, 2.9, 41), 400e6, 1_000e6, 6, "missed", "benefit_far_below_plan"),
        (_measures(27_000, 6.5, 41), 1_200e6, 1_000e6, 6, "missed", "no_better_than_baseline"),
        (_measures(27_000, 2.9, 41), -50e6, 1_000e6, 6, "missed", "no_net_benefit"),
        (_measures(27_000, 2.9, 41), 1_200e6, 1_000e6, 2, "pending", "ramping_up"),
        (_measures(), 1_200e6, 1_000e6, 6, "pending", "no_measures"),
    ],
)
def test_success_test_worked_cases(measures, realised, planned, months, state, code):
    result = r.success_test(
        measures=measures, realised_benefit_to_date=realised, planned_benefit_to_date=planned, months_of_savings=months
    )
    assert (result.state, result.code) == (state, code)


def test_planned_monthly_and_cumulative():
    stream = r.PlannedStream(start_month=1, savings_from_month=3, annual_savings=1200.0, one_off_cost=500.0)
    flow = r.planned_monthly(stream, months=5)
    assert flow == [0.0, -500.0, 0.0, 100.0, 100.0]
    assert r.cumulative(flow) == [0.0, -500.0, -500.0, -400.0, -300.0]


@given(
    values=st.lists(st.floats(min_value=0, max_value=PLANNED, allow_subnormal=True), min_size=1, max_size=30),
    horizon=st.integers(min_value=31, max_value=120),
)
def test_the_projection_is_after_the_latest_month_and_inside_the_plan(values, horizon):
    status = _gate(dict(enumerate(values)), horizon=horizon)
    if status.projected_month is not None:
        assert status.open_month is None
        assert status.latest_month < status.projected_month < horizon
    if status.open_month is not None:
        assert status.projected_month is None
