"""The gate and rule 4 on evidence: pure functions over recorded actuals (no ORM, no Django).

Months are programme months: month 0 is the roadmap's month 0 (the programme's first month).
Money is in the organisation's currency; run-rates are a year (12 x one month).

- `gate_status`: the gate opens in the first month in which the realised ITO run-rate
  (12 x that month's realised ITO savings, all ITO engagements together) reaches
  `gate_fraction` x the planned ITO run-rate (DESIGN.md section 5, rule 6).
- `success_test`: a BPO engagement's success measures against its targets, and its net
  financial result against the plan to date (rule 4): met, at risk or missed, with a reason code.
- `cumulative_variance`: planned against actual cumulative cash flow by month.

Thresholds that are not in the founding document are the product's own judgement and say so.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

GateState = Literal["not_required", "open", "no_actuals", "on_track", "late", "not_in_sight"]
SuccessState = Literal["pending", "met", "at_risk", "missed"]

# How many of the latest months the trend is fitted on (the product's own judgement: half a
# year is long enough to smooth one odd month and short enough to follow a ramp-up).
TREND_MONTHS = 6
# A BPO engagement is judged only after this many months of savings (the product's own
# judgement: a provider's ramp-up usually runs a quarter; before that it is "pending").
SUCCESS_GRACE_MONTHS = 3
# A measure or the financial result below this share of its target is "missed" rather than
# "at risk" (the product's own judgement).
MISSED_BELOW_FRACTION = 0.5


@dataclass(frozen=True, slots=True, kw_only=True)
class GateStatus:
    """Where the gate stands on recorded actuals.

    `planned_run_rate` and `threshold` (= gate_fraction x planned) are a year of ITO savings;
    `realised_run_rate` is 12 x the latest recorded month's realised ITO savings (None without
    actuals). `open_month` is the first month that reached the threshold; `projected_month` the
    month the linear trend of the last `TREND_MONTHS` months reaches it (None when the trend
    never does); `slip_months` = (open or projected month) - planned month (positive: late).
    """

    state: GateState
    planned_run_rate: float
    threshold: float
    gate_fraction: float
    planned_month: int | None
    realised_run_rate: float | None
    latest_month: int | None
    open_month: int | None
    projected_month: int | None
    slip_months: int | None


def gate_open_month(*, monthly_ito_savings: Mapping[int, float], threshold: float) -> int | None:
    """The first month whose realised run-rate (12 x its savings) reaches `threshold`, else None.

    `monthly_ito_savings` maps programme month -> realised ITO savings that month (currency).
    A threshold of zero or less (no planned ITO savings) opens the gate in month 0.
    """
    if threshold <= 0:
        return 0
    for month in sorted(monthly_ito_savings):
        if 12.0 * monthly_ito_savings[month] >= threshold:
            return month
    return None


def _trend_month(*, monthly_ito_savings: Mapping[int, float], threshold: float, horizon_months: int) -> int | None:
    """The first month after the latest one at which the fitted linear trend of the run-rate reaches
    the threshold, within the horizon; None when the trend is flat, falling or too slow."""
    months = sorted(monthly_ito_savings)[-TREND_MONTHS:]
    if len(months) < 2:
        return None
    rates = [12.0 * monthly_ito_savings[m] for m in months]
    slope, intercept = statistics.linear_regression(months, rates)
    if slope <= 0:
        return None
    reach = (threshold - intercept) / slope
    if not math.isfinite(reach) or reach >= horizon_months:
        return None  # a trend this slow never reaches the threshold within the plan
    month = max(math.ceil(reach), months[-1] + 1)
    return month if month < horizon_months else None


def gate_status(
    *,
    monthly_ito_savings: Mapping[int, float],
    planned_run_rate: float,
    gate_fraction: float,
    planned_month: int | None,
    horizon_months: int,
) -> GateStatus:
    """The gate on evidence (see the module docstring).

    Raises ValueError when `gate_fraction` is outside (0, 1] or a figure is not finite.
    """
    if not 0 < gate_fraction <= 1:
        raise ValueError("gate_fraction must be in (0, 1]")
    values = [planned_run_rate, *monthly_ito_savings.values()]
    if not all(math.isfinite(v) for v in values):
        raise ValueError("figures must be finite numbers")
    threshold = gate_fraction * planned_run_rate
    latest = max(monthly_ito_savings) if monthly_ito_savings else None
    realised = 12.0 * monthly_ito_savings[latest] if latest is not None else None

    def status(
        state: GateState, *, open_month: int | None, projected_month: int | None, slip_months: int | None
    ) -> GateStatus:
        return GateStatus(
            state=state,
            planned_run_rate=planned_run_rate,
            threshold=threshold,
            gate_fraction=gate_fraction,
            planned_month=planned_month,
            realised_run_rate=realised,
            latest_month=latest,
            open_month=open_month,
            projected_month=projected_month,
            slip_months=slip_months,
        )

    if threshold <= 0:
        return status("not_required", open_month=0, projected_month=None, slip_months=None)
    opened = gate_open_month(monthly_ito_savings=monthly_ito_savings, threshold=threshold)
    if opened is not None:
        slip = opened - planned_month if planned_month is not None else None
        return status("open", open_month=opened, projected_month=None, slip_months=slip)
    if latest is None:
        return status("no_actuals", open_month=None, projected_month=None, slip_months=None)
    projected = _trend_month(
        monthly_ito_savings=monthly_ito_savings, threshold=threshold, horizon_months=horizon_months
    )
    if projected is None:
        return status("not_in_sight", open_month=None, projected_month=None, slip_months=None)
    slip = projected - planned_month if planned_month is not None else None
    state: GateState = "late" if slip is not None and slip > 0 else "on_track"
    return status(state, open_month=None, projected_month=projected, slip_months=slip)


@dataclass(frozen=True, slots=True, kw_only=True)
class Measure:
    """One success measure of a BPO engagement: baseline (before), target (planned after) and the
    latest recorded value, in the measure's unit (currency per transaction, per cent, days, FTEs).
    `lower_is_better` is True for cost, error rate and cycle time, False for FTEs released."""

    code: str
    baseline: float | None
    target: float | None
    actual: float | None
    lower_is_better: bool = True

    def progress(self) -> float | None:
        """Share of the planned improvement achieved (1.0 = target met), None when not measurable."""
        if self.target is None or self.actual is None:
            return None
        if self.lower_is_better:
            if self.baseline is None or self.baseline == self.target:
                return 1.0 if self.actual <= self.target else 0.0
            return (self.baseline - self.actual) / (self.baseline - self.target)
        if self.target <= 0:
            return None
        return self.actual / self.target


@dataclass(frozen=True, slots=True, kw_only=True)
class SuccessResult:
    """Rule 4 for one BPO engagement: `state` with a reason `code` and its `params` (worded on display)."""

    state: SuccessState
    code: str
    params: tuple[tuple[str, str | float | int | None], ...] = ()


def success_test(
    *,
    measures: Sequence[Measure],
    realised_benefit_to_date: float,
    planned_benefit_to_date: float,
    months_of_savings: int,
) -> SuccessResult:
    """Rule 4 on evidence for one BPO engagement.

    - `pending` until `SUCCESS_GRACE_MONTHS` months of savings are recorded, or with no measure;
    - `missed` when the realised net benefit to date is zero or less, or below
      `MISSED_BELOW_FRACTION` of plan, or a measure is no better than its baseline;
    - `met` when every tracked measure reached its target and the benefit to date reached plan;
    - `at_risk` otherwise (the first shortfall is named).
    Money in the organisation's currency; `planned_benefit_to_date` is the plan's cumulative benefit
    over the same months.
    """
    if months_of_savings < SUCCESS_GRACE_MONTHS:
        return SuccessResult(state="pending", code="ramping_up", params=(("months", months_of_savings),))
    tracked = [(m, p) for m in measures if (p := m.progress()) is not None]
    if not tracked:
        return SuccessResult(state="pending", code="no_measures")
    financial = realised_benefit_to_date / planned_benefit_to_date if planned_benefit_to_date > 0 else None
    money = (("realised", round(realised_benefit_to_date, 2)), ("planned", round(planned_benefit_to_date, 2)))
    if realised_benefit_to_date <= 0:
        return SuccessResult(state="missed", code="no_net_benefit", params=money)
    for measure, progress in tracked:
        if progress <= 0:
            return SuccessResult(
                state="missed",
                code="no_better_than_baseline",
                params=(("measure", measure.code), ("actual", measure.actual), ("baseline", measure.baseline)),
            )
    if financial is not None and financial < MISSED_BELOW_FRACTION:
        return SuccessResult(state="missed", code="benefit_far_below_plan", params=money)
    for measure, progress in tracked:
        if progress < 1:
            return SuccessResult(
                state="at_risk",
                code="measure_below_target",
                params=(("measure", measure.code), ("actual", measure.actual), ("target", measure.target)),
            )
    if financial is not None and financial < 1:
        return SuccessResult(state="at_risk", code="benefit_below_plan", params=money)
    return SuccessResult(state="met", code="targets_met", params=money)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedStream:
    """A planned engagement's cash flow: `one_off_cost` in `start_month`, then `annual_savings` / 12
    a month from `savings_from_month` (currency). Months None: not scheduled (nothing planned)."""

    start_month: int | None
    savings_from_month: int | None
    annual_savings: float
    one_off_cost: float


def planned_monthly(stream: PlannedStream, *, months: int) -> list[float]:
    """Planned net cash flow of one engagement for months 0..months-1 (currency).

    A simplification of the engine's own cash flow: no ramp-up, erosion or indexation (the engine
    reports those for the programme as a whole, not per item)."""
    flow = [0.0] * months
    if stream.start_month is not None and 0 <= stream.start_month < months:
        flow[stream.start_month] -= stream.one_off_cost
    if stream.savings_from_month is not None:
        for month in range(max(stream.savings_from_month, 0), months):
            flow[month] += stream.annual_savings / 12.0
    return flow


def cumulative(values: Sequence[float]) -> list[float]:
    """Running totals of `values` (same length)."""
    total = 0.0
    out = []
    for value in values:
        total += value
        out.append(total)
    return out
