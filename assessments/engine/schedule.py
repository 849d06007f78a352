"""Start months that maximise the plan's NPV under a parallel-engagement limit.

One kind (ITO or BPO) at a time. Each candidate item i has a value v_i > 0 (its NPV over
its own valuation term if started in month 0, money), a window of allowed start months
[earliest_i, latest_i] and an occupancy o_i (months it holds one of `slots` engagement
slots from its start). Starting in month t is worth v_i x d(t), d being the monthly
discount factor, because the item's flows simply shift by t months. The problem:

    maximise  sum_i sum_t v_i d(t) x_it
    subject to  sum_t x_it <= 1                                  (each item at most once)
                sum_{i, t : t <= m < t + o_i} x_it <= slots     (every month m < horizon)
                x_it in {0, 1}, t in [earliest_i, latest_i]

a time-indexed binary programme, solved with HiGHS through `scipy.optimize.milp` with a
time limit; its status and relative optimality gap are returned. Methods, by size:

- "earliest_start": every candidate fits at its earliest start (at most `slots` busy in
  every month): that is optimal, as d(t) never increases, and needs no solver;
- "milp": up to MILP_MAX_VARIABLES (item, month) pairs;
- "heuristic" beyond that: list scheduling by value, largest first, each item at the
  earliest month whose whole occupancy fits (work-conserving; no optimality claim).

Every solution is then compacted: an item moves to the earliest start that still fits,
so no planned item waits without a cause the roadmap can name (contract end, gate, or a
slot held by other items). With a time limit struck, the better of the MILP's incumbent
and the heuristic is kept.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .types import ScheduleRun

# Beyond this many (item, start month) variables the heuristic is used: at 60 months and
# full windows that is about 200 candidates of one kind (about a second of HiGHS on 2 cores).
MILP_MAX_VARIABLES = 10_000
# Relative gap at which HiGHS may stop; small enough that tests can compare with
# exhaustive enumeration.
MIP_REL_GAP = 1e-7


@dataclass(frozen=True, slots=True)
class SlotProblem:
    """Arrays have one entry per candidate; months are ints; `factor` covers every month
    up to the horizon."""

    value: np.ndarray
    earliest: np.ndarray
    latest: np.ndarray
    occupancy: np.ndarray
    slots: int
    horizon: int
    factor: np.ndarray


@dataclass(frozen=True, slots=True)
class SlotPlan:
    start: np.ndarray  # start month per candidate, -1 when left out
    run: ScheduleRun


def objective(problem: SlotProblem, start: np.ndarray) -> float:
    """Plan value of a start vector (-1 = left out), money."""
    chosen = start >= 0
    return float(np.sum(problem.value[chosen] * problem.factor[start[chosen]]))


def usage(problem: SlotProblem, start: np.ndarray) -> np.ndarray:
    """Engagements running in each month 0..horizon-1."""
    h = problem.horizon
    diff = np.zeros(h + 1, dtype=np.int64)
    chosen = np.flatnonzero(start >= 0)
    s = start[chosen]
    e = np.minimum(s + problem.occupancy[chosen], h)
    keep = e > s
    np.add.at(diff, s[keep], 1)
    np.add.at(diff, e[keep], -1)
    return np.cumsum(diff)[:h]


class _Slots:
    """The slot counts of a schedule being built, as Python lists (the horizon is short and an
    item's window is a handful of months: list operations beat numpy calls on such sizes, and
    every figure is an integer, so the result is the same).

    `used[m]`: engagements running in month m; `blocked`: prefix counts of the full months
    (length horizon + 1), months a..b-1 hold blocked[b] - blocked[a] full ones."""

    def __init__(self, problem: SlotProblem, used: list[int]) -> None:
        self.h = problem.horizon
        self.slots = problem.slots
        self.earliest = problem.earliest.tolist()
        self.latest = problem.latest.tolist()
        self.occupancy = problem.occupancy.tolist()
        self.used = used
        self.blocked: list[int] = []
        self.refresh()

    def refresh(self) -> None:
        total, blocked, slots = 0, [0], self.slots
        for u in self.used:
            total += u >= slots
            blocked.append(total)
        self.blocked = blocked

    def first_fit(self, i: int, upto: int | None = None) -> int:
        """The earliest start in item i's window (up to `upto`, inclusive) where its whole
        occupancy fits under the limit (by the current `blocked`), or -1."""
        lo = int(self.earliest[i])
        hi = int(self.latest[i]) if upto is None else min(int(self.latest[i]), upto)
        if hi < lo:
            return -1
        occ = int(self.occupancy[i])
        if occ <= 0:
            return lo
        blocked, h = self.blocked, self.h
        if blocked[-1] == 0:  # no month is full: the earliest start fits
            return lo
        for t in range(lo, hi + 1):
            if blocked[min(t + occ, h)] - blocked[min(t, h)] == 0:
                return t
        return -1

    def occupy(self, i: int, t: int, sign: int) -> range:
        """Add `sign` to the months item i occupies from `t`; returns those months."""
        months = range(*slice(t, min(t + int(self.occupancy[i]), self.h)).indices(self.h))
        used = self.used
        for m in months:
            used[m] += sign
        return months


def heuristic(problem: SlotProblem) -> np.ndarray:
    """List scheduling: by value (largest first, ties by position), each item at the
    earliest start where its occupancy fits; left out (-1) when none does."""
    n = len(problem.value)
    start = np.full(n, -1, dtype=np.int64)
    state = _Slots(problem, [0] * problem.horizon)
    # The full months change only when an item is placed, and the first fit depends only on
    # the item's (earliest, latest, occupancy) and the full months: while these stay the
    # same, items with the same window share the answer (many items, few windows).
    windows = list(zip(state.earliest, state.latest, state.occupancy, strict=True))
    known: dict[tuple[int, int, int], int] = {}
    value = problem.value.tolist()
    for i in sorted(range(n), key=lambda k: (-value[k], k)):
        t = known.get(windows[i], -2)
        if t == -2:
            t = known[windows[i]] = state.first_fit(i)
        if t >= 0:
            start[i] = t
            months = state.occupy(i, t, +1)
            # only these months changed (none of them was full: i fits there)
            if months and max(state.used[m] for m in months) >= state.slots:
                state.refresh()
                known.clear()  # other months are full now
    return start


def compact(problem: SlotProblem, start: np.ndarray) -> np.ndarray:
    """Move every placed item to its earliest feasible start given the others, until
    nothing moves. Never lowers the objective (the discount factor never increases)."""
    state = _Slots(problem, usage(problem, start).tolist())
    begin = start.tolist()
    moved = True
    while moved:
        moved = False
        for i in sorted((k for k, s in enumerate(begin) if s >= 0), key=lambda k: (begin[k], k)):
            t0 = begin[i]
            if t0 == int(state.earliest[i]):
                continue
            state.occupy(i, t0, -1)
            state.refresh()
            t = state.first_fit(i, upto=t0)
            t = t0 if t < 0 else t
            state.occupy(i, t, +1)
            if t != t0:
                begin[i] = t
                moved = True
    return np.array(begin, dtype=np.int64)


def event_months(problem: SlotProblem) -> np.ndarray:
    """Months at which some item may start in a compacted schedule (bool, horizon + 1).

    After `compact`, an item starts at its earliest month or in the month a slot frees up,
    i.e. when another item's occupancy ends; by induction every start lies in the closure
    of the earliest months under adding occupancies. Restricting the MILP's start months
    to that set loses no optimal solution and shrinks the model.
    """
    h = problem.horizon
    reach = np.zeros(h + 1, dtype=bool)
    reach[np.clip(problem.earliest, 0, h)] = True
    steps = np.unique(problem.occupancy[problem.occupancy > 0]).tolist()
    while True:
        grown = reach.copy()
        for o in steps:
            if o <= h:
                grown[o:] |= reach[: h + 1 - o]
        if np.array_equal(grown, reach):
            return reach
        reach = grown


def _milp(problem: SlotProblem, time_limit: float) -> tuple[np.ndarray | None, str, float | None]:
    from scipy.optimize import Bounds, LinearConstraint, milp  # deferred: a 0.4 s import
    from scipy.sparse import coo_array

    n = len(problem.value)
    h = problem.horizon
    width = (problem.latest - problem.earliest + 1).astype(np.int64)
    item = np.repeat(np.arange(n), width)
    offset = np.concatenate(([0], np.cumsum(width)[:-1]))
    t = problem.earliest[item] + (np.arange(int(width.sum())) - offset[item])
    keep = event_months(problem)[t]
    item, t = item[keep], t[keep]
    nvar = int(item.size)
    coef = problem.value[item] * problem.factor[t]
    scale = float(np.max(np.abs(coef))) or 1.0
    c = -coef / scale
    # Rows 0..n-1: one start per item; rows n..n+h-1: slots in month m.
    span = np.minimum(t + problem.occupancy[item], h) - t
    span = np.maximum(span, 0)
    var_rep = np.repeat(np.arange(nvar), span)
    first = np.concatenate(([0], np.cumsum(span)[:-1]))
    month = t[var_rep] + (np.arange(int(span.sum())) - first[var_rep])
    rows = np.concatenate((item, n + month))
    cols = np.concatenate((np.arange(nvar), var_rep))
    a = coo_array((np.ones(len(rows)), (rows, cols)), shape=(n + h, nvar)).tocsr()
    upper = np.concatenate((np.ones(n), np.full(h, float(problem.slots))))
    res = milp(
        c,
        constraints=LinearConstraint(a, -np.inf, upper),
        integrality=np.ones(nvar, dtype=np.int64),
        bounds=Bounds(0, 1),
        options={"time_limit": max(time_limit, 0.01), "mip_rel_gap": MIP_REL_GAP},
    )
    if res.x is None:
        return None, "time_limit", None
    x = res.x > 0.5
    start = np.full(n, -1, dtype=np.int64)
    start[item[x]] = t[x]
    status = "optimal" if res.status == 0 else "time_limit"
    gap = getattr(res, "mip_gap", None)
    gap = 0.0 if status == "optimal" and (gap is None or gap <= MIP_REL_GAP) else gap
    return start, status, None if gap is None or not np.isfinite(gap) else float(gap)


def plan_slots(problem: SlotProblem, *, kind: str, time_limit: float) -> SlotPlan:
    """Choose start months (see the module docstring). Deterministic for a given input."""
    began = time.perf_counter()
    n = len(problem.value)
    nvar = int((problem.latest - problem.earliest + 1).sum()) if n else 0

    def done(start: np.ndarray, method: str, status: str, gap: float | None) -> SlotPlan:
        run = ScheduleRun(
            kind=kind,
            method=method,
            status=status,
            gap=gap,
            seconds=time.perf_counter() - began,
            candidates=n,
            variables=nvar if method == "milp" else 0,
        )
        return SlotPlan(start=start, run=run)

    if n == 0:
        return done(np.zeros(0, dtype=np.int64), "none", "optimal", 0.0)
    at_earliest = problem.earliest.astype(np.int64).copy()
    if int(usage(problem, at_earliest).max(initial=0)) <= problem.slots:
        return done(at_earliest, "earliest_start", "optimal", 0.0)
    greedy = compact(problem, heuristic(problem))
    if nvar > MILP_MAX_VARIABLES:
        return done(greedy, "heuristic", "heuristic", None)
    start, status, gap = _milp(problem, time_limit)
    if start is None:
        return done(greedy, "heuristic", "time_limit", None)
    start = compact(problem, start)
    if status != "optimal" and objective(problem, greedy) > objective(problem, start):
        start = greedy
    return done(start, "milp", status, gap)
