"""Discounting and monthly cash flows, linear in the number of items.

Flows are built with difference arrays (one scatter-add per item, then cumulative
sums), so the cost is O(items + months) rather than O(items x months).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True, slots=True)
class Discounting:
    """Monthly discounting from an annual rate: factor (1 + r) ** (-m / 12) for month m.

    `prefix[k]` is the sum of the first k factors, so the present value of any run of
    level monthly amounts is O(1); ramp prefixes do the same for a linear ramp-up.
    """

    horizon: int
    annual_rate: float
    factor: np.ndarray = field(init=False)
    prefix: np.ndarray = field(init=False)
    _ramps: dict[int, np.ndarray] = field(init=False)

    def __post_init__(self) -> None:
        months = np.arange(self.horizon + 1, dtype=float)
        factor = (1.0 + self.annual_rate) ** (-months / 12.0)
        object.__setattr__(self, "factor", factor)
        object.__setattr__(self, "prefix", np.concatenate(([0.0], np.cumsum(factor))))
        object.__setattr__(self, "_ramps", {0: np.concatenate(([0.0], np.cumsum(factor[: self.horizon])))})

    def ramp_prefix(self, ramp_months: int) -> np.ndarray:
        """ramp_prefix(R)[K] = sum over k < K of min(1, (k + 1) / R) * factor[k]."""
        cached = self._ramps.get(ramp_months)
        if cached is None:
            k = np.arange(self.horizon, dtype=float)
            weights = np.minimum(1.0, (k + 1.0) / ramp_months)
            cached = np.concatenate(([0.0], np.cumsum(weights * self.factor[: self.horizon])))
            self._ramps[ramp_months] = cached
        return cached

    def unit_npv(
        self,
        *,
        start: np.ndarray,
        transition: np.ndarray,
        ramp: np.ndarray,
        one_off: np.ndarray,
        annual: np.ndarray,
    ) -> np.ndarray:
        """NPV over the horizon of items starting at `start` (all arrays, one per item).

        The one-off is paid evenly over the transition months (in the start month when
        there is no transition); the benefit (annual / 12 a month) begins after the
        transition and ramps up linearly over `ramp` months. Items must satisfy
        start + transition < horizon.
        """
        start = np.asarray(start, dtype=np.int64)
        transition = np.asarray(transition, dtype=np.int64)
        spread = np.maximum(transition, 1)
        cost_pv = one_off / spread * self.prefix[spread]
        remaining = np.clip(self.horizon - start - transition, 0, self.horizon)
        benefit_pv = np.empty(len(start))
        ramp = np.asarray(ramp, dtype=np.int64)
        for r in np.unique(ramp):
            mask = ramp == r
            benefit_pv[mask] = self.ramp_prefix(int(r))[remaining[mask]]
        benefit_pv *= annual / 12.0 * self.factor[np.minimum(transition, self.horizon)]
        return self.factor[np.minimum(start, self.horizon)] * (benefit_pv - cost_pv)

    def unit_npv_one(self, *, start: int, transition: int, ramp: int, one_off: float, annual: float) -> float:
        """Scalar twin of `unit_npv`, for the sequential scheduler."""
        spread = max(transition, 1)
        cost_pv = one_off / spread * float(self.prefix[spread])
        remaining = min(max(self.horizon - start - transition, 0), self.horizon)
        benefit_pv = float(self.ramp_prefix(ramp)[remaining]) * annual / 12.0 * float(self.factor[transition])
        return float(self.factor[start]) * (benefit_pv - cost_pv)


def tower_flows(
    *,
    horizon: int,
    start: np.ndarray,
    transition: np.ndarray,
    ramp: np.ndarray,
    one_off: np.ndarray,
    annual: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly benefit and one-off cost arrays (length `horizon`) of scheduled items.

    Same conventions as `Discounting.unit_npv`. A linear ramp is a second-order
    difference: slope +annual/12/R from the first benefit month, removed R months later.
    """
    size = horizon + 2
    start = np.asarray(start, dtype=np.int64)
    transition = np.asarray(transition, dtype=np.int64)
    ramp = np.asarray(ramp, dtype=np.int64)
    spread = np.maximum(transition, 1)
    cost_diff = np.zeros(size)
    np.add.at(cost_diff, np.minimum(start, horizon), one_off / spread)
    np.add.at(cost_diff, np.minimum(start + spread, horizon), -one_off / spread)
    costs = np.cumsum(cost_diff)[:horizon]

    monthly = annual / 12.0
    first = np.minimum(start + transition, horizon)
    step = ramp == 0
    level_diff = np.zeros(size)
    np.add.at(level_diff, first[step], monthly[step])
    slope_diff = np.zeros(size)
    r = ramp[~step]
    slope = monthly[~step] / np.where(r > 0, r, 1)
    np.add.at(slope_diff, first[~step], slope)
    np.add.at(slope_diff, np.minimum(first[~step] + r, horizon), -slope)
    benefit = np.cumsum(level_diff)[:horizon] + np.cumsum(np.cumsum(slope_diff))[:horizon]
    return benefit, costs


@dataclass(frozen=True, slots=True)
class Totals:
    net: np.ndarray
    cumulative: np.ndarray
    discounted_cumulative: np.ndarray
    npv: float
    payback_month: int | None
    peak_investment: float


def totals(*, ito: np.ndarray, bpo: np.ndarray, costs: np.ndarray, discounting: Discounting) -> Totals:
    """Net, cumulative and discounted flows and the headline figures.

    payback_month: the first month from which the cumulative position stays at or above
    zero to the end of the horizon, after having been negative (None when it never
    recovers, or when nothing was invested). Later investment waves (BPO transitions)
    can push a recovered position negative again, so "stays" is what a board means by
    paid back. Comparisons use a tolerance relative to the flows so a scaled copy of
    the input decides the same.
    """
    net = ito + bpo - costs
    cumulative = np.cumsum(net)
    discounted = np.cumsum(net * discounting.factor[: len(net)])
    tol = 1e-9 * float(np.abs(net).sum())
    negative = np.flatnonzero(cumulative < -tol)
    payback: int | None = None
    if negative.size and negative[-1] + 1 < len(cumulative):
        payback = int(negative[-1] + 1)
    peak = max(0.0, -float(cumulative.min())) if len(cumulative) else 0.0
    npv = float(discounted[-1]) if len(discounted) else 0.0
    return Totals(
        net=net,
        cumulative=cumulative,
        discounted_cumulative=discounted,
        npv=npv,
        payback_month=payback,
        peak_investment=peak,
    )
