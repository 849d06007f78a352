"""Discounting and monthly cash flows, linear in the number of items.

Flows are built per item as (items x months) arrays with numpy broadcasting: linear in
items for a given horizon (at most 600 months), and simple enough to check by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def discount_factors(*, months: int, annual_rate: float) -> np.ndarray:
    """(1 + r) ** (-m / 12) for m = 0 .. months - 1."""
    return (1.0 + annual_rate) ** (-np.arange(months, dtype=float) / 12.0)


def item_flows(
    *,
    length: int,
    start: np.ndarray,
    transition: np.ndarray,
    ramp: np.ndarray,
    term: np.ndarray,
    one_off: np.ndarray,
    annual: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly benefit and one-off cost of each item, shape (items, length).

    The one-off is paid evenly over the transition months (in the start month when there
    is none); the benefit (annual / 12 a month) begins after the transition, ramps up
    linearly over `ramp` months (month k of the ramp earns (k + 1) / ramp of it) and ends
    when the item's valuation term (`term` months from its start) ends. Months count
    from 0; money per item as given. O(items x length), vectorised.
    """
    m = np.arange(length)[None, :]
    start = np.asarray(start, dtype=np.int64)[:, None]
    transition = np.asarray(transition, dtype=np.int64)[:, None]
    spread = np.maximum(transition, 1)
    ramp = np.asarray(ramp, dtype=np.int64)[:, None]
    end = start + np.asarray(term, dtype=np.int64)[:, None]
    cost = np.where((m >= start) & (m < start + spread), (np.asarray(one_off, dtype=float)[:, None] / spread), 0.0)
    first = start + transition
    weight = np.minimum(1.0, (m - first + 1) / np.maximum(ramp, 1))
    benefit = np.where((m >= first) & (m < end), np.asarray(annual, dtype=float)[:, None] / 12.0 * weight, 0.0)
    return benefit, cost


def valuation_npv(
    *,
    transition: np.ndarray,
    ramp: np.ndarray,
    term: np.ndarray,
    one_off: np.ndarray,
    annual: np.ndarray,
    annual_rate: float,
) -> np.ndarray:
    """NPV of each item over its own valuation term if it starts in month 0 (discounted
    at (1 + r) ** (-m / 12)); starting in month t multiplies it by (1 + r) ** (-t / 12)."""
    n = len(np.asarray(term))
    if n == 0:
        return np.zeros(0)
    length = int(np.max(term)) if n else 0
    length = max(length, int(np.max(np.maximum(transition, 1))))
    benefit, cost = item_flows(
        length=length,
        start=np.zeros(n, dtype=np.int64),
        transition=transition,
        ramp=ramp,
        term=term,
        one_off=one_off,
        annual=annual,
    )
    return (benefit - cost) @ discount_factors(months=length, annual_rate=annual_rate)


@dataclass(frozen=True, slots=True)
class Totals:
    net: np.ndarray
    cumulative: np.ndarray
    discounted_cumulative: np.ndarray
    npv: float
    payback_month: int | None
    peak_investment: float


def totals(*, ito: np.ndarray, bpo: np.ndarray, costs: np.ndarray, factor: np.ndarray) -> Totals:
    """Net, cumulative and discounted flows and the headline figures.

    payback_month: the first month from which the cumulative position stays at or above
    zero to the end of the horizon, after having been negative (0 when money was invested
    but the position never went below zero; None when it never recovers, or when nothing
    was invested). Later investment waves (BPO transitions)
    can push a recovered position negative again, so "stays" is what a board means by
    paid back. Comparisons use a tolerance relative to the flows so a scaled copy of
    the input decides the same.
    """
    net = ito + bpo - costs
    cumulative = np.cumsum(net)
    discounted = np.cumsum(net * factor[: len(net)])
    tol = 1e-9 * float(np.abs(net).sum())
    negative = np.flatnonzero(cumulative < -tol)
    payback: int | None = None
    if negative.size and negative[-1] + 1 < len(cumulative):
        payback = int(negative[-1] + 1)
    elif not negative.size and float(np.sum(costs)) > 0:
        payback = 0  # invested, but the position never went below zero
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
