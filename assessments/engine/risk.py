"""The business case's risk in numbers: Monte Carlo and tornado over the recommended plan.

The plan is fixed (the same items and start months as the deterministic roadmap); what
varies are the uncertain inputs, called *drivers*: each item's savings or efficiency
fraction (from its benchmark band), each item's transition delay in months, and the
wage, indexation and FX rates the plan uses. risk_columns.py builds a plan's columns and
drivers; this module knows nothing of the plan.

The model is linear in the drivers. The monthly cash flow inside the horizon is a sum of
named *columns*; a column belongs to one item, has a shape (money a month per unit of
its driver, length = horizon) and contributes

    shape(month - delay) x (const + coef x driver value)

where `delay` is the sampled value of the column's delay driver (0 when it has none:
money paid at a fixed time). With every driver at its mode and no delay the columns add
up to the engine's deterministic cash flow (a test checks this to the cent).

Vectorised evaluation: for every draw the coefficient of each (column, delay) pair is
written into one sparse-looking design matrix Z (draws x pairs) and the monthly net flow
is Z @ S, S holding each column's shape shifted by each possible delay (pairs x months).
The cost is O(draws x pairs x months) in one BLAS call; see benchmarks/risk.py.

Distributions (`Driver.distribution`):

- ``"pert"``: the (modified) PERT distribution on [low, high] with mode `mode` and shape
  4: a + (b - a) x Beta(1 + 4 (m - a) / (b - a), 1 + 4 (b - m) / (b - a)). Source:
  D. Vose, *Risk Analysis: A Quantitative Guide*, 3rd ed., Wiley 2008, ch. 9 (PERT).
- ``"triangular"``: the triangular distribution on [low, high] with mode `mode`.
- ``"delay"``: whole months 0 .. high, P(k) proportional to the area of [k, k + 1) under
  a triangular density on [0, high + 1) with mode 0 (so no delay is the most likely, a
  delay of `high` months the least); `mode` must be 0.

Drivers are independent of one another (product judgement: the benchmark bands give no
correlation; a common factor would widen the spread and is left for later).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .types import DiscreteDistribution, NpvHistogram, Risk, TornadoBar

# Number of NPV histogram bins (product judgement: readable on a dashboard).
NPV_BINS = 30
# Bars kept in the tornado.
TORNADO_BARS = 10
DISTRIBUTIONS: tuple[str, ...] = ("pert", "triangular", "delay")
# product judgement: at most this many (draw, column-delay pair) weights at once (32 MiB of
# float64): a plan with more pairs runs fewer draws (Risk.draws < Risk.draws_requested), so
# memory and time stay bounded whatever the plan's size.
WORK_BUDGET = 4_000_000
# PERT shape parameter (Vose 2008: the classic PERT uses 4).
PERT_LAMBDA = 4.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Driver:
    """One uncertain input. `name` is unique (e.g. ``"savings_fraction:AREA-1"``); `kind`
    says what it is (``savings_fraction``, ``efficiency_fraction``, ``transition_delay``,
    or a kind another module adds); `item_id` the line it belongs to ("" for a plan-wide
    driver). low <= mode <= high, in the driver's unit (a fraction, or months for a delay).
    """

    name: str
    kind: str
    item_id: str
    low: float
    mode: float
    high: float
    distribution: str = "pert"


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """One named column of one item's monthly cash flow (money, + for a benefit).

    Contribution in month m: ``shape[m - delay] x (const + coef x value(driver))``, with
    ``shape`` of length = horizon (money a month per unit), `driver` the name of a Driver
    (None: ``const + coef`` at all times) and `delay` the name of a ``"delay"`` Driver
    that shifts the column later (None: never shifted).
    """

    name: str
    item_id: str
    shape: np.ndarray
    const: float = 0.0
    coef: float = 1.0
    driver: str | None = None
    delay: str | None = None
    # True for the ITO savings columns: what the gate measures.
    gate: bool = False
    # True for one-off costs (money invested): payback is 0, not None, for a plan that
    # invested but never went below zero (as cashflow.totals).
    investment: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskModel:
    """Everything the simulation needs: the plan's columns and drivers, the monthly discount
    factors (length >= horizon), the gate's target run-rate (money a year; None when the
    plan has no ITO item) and the earliest gate month (the first ITO start)."""

    horizon: int
    factor: np.ndarray
    drivers: tuple[Driver, ...]
    columns: tuple[Column, ...]
    gate_target: float | None = None
    gate_floor: int = 0


def _check(model: RiskModel) -> dict[str, int]:
    index: dict[str, int] = {}
    for j, d in enumerate(model.drivers):
        if d.name in index:
            raise ValueError(f"driver {d.name!r} is defined twice")
        if d.distribution not in DISTRIBUTIONS:
            raise ValueError(f"driver {d.name!r}: unknown distribution {d.distribution!r}")
        if not d.low <= d.mode <= d.high:
            raise ValueError(f"driver {d.name!r}: needs low <= mode <= high, got {d.low}, {d.mode}, {d.high}")
        if d.distribution == "delay" and (d.mode != 0 or d.low != 0 or d.high != int(d.high)):
            raise ValueError(f"driver {d.name!r}: a delay runs from 0 (the mode) to a whole number of months")
        index[d.name] = j
    for c in model.columns:
        if c.driver is not None and c.driver not in index:
            raise ValueError(f"column {c.name!r} of {c.item_id!r}: unknown driver {c.driver!r}")
        if c.delay is not None and model.drivers[index[c.delay]].distribution != "delay":
            raise ValueError(f"column {c.name!r} of {c.item_id!r}: {c.delay!r} is not a delay driver")
        if len(c.shape) != model.horizon:
            raise ValueError(f"column {c.name!r} of {c.item_id!r}: shape has {len(c.shape)} months, not the horizon")
    return index


def sample_drivers(drivers: Sequence[Driver], *, draws: int, rng: np.random.Generator) -> np.ndarray:
    """(draws, drivers) sampled values, one column per driver in order; reproducible from `rng`."""
    n = len(drivers)
    out = np.empty((draws, n))
    if not n or not draws:
        return out
    low = np.array([d.low for d in drivers])
    mode = np.array([d.mode for d in drivers])
    high = np.array([d.high for d in drivers])
    kind = np.array([d.distribution for d in drivers])
    out[:] = low
    width = high - low
    u = rng.random((draws, n))
    pert = np.flatnonzero((kind == "pert") & (width > 0))
    if pert.size:
        a, m, w = low[pert], mode[pert], width[pert]
        alpha = 1.0 + PERT_LAMBDA * (m - a) / w
        beta = 1.0 + PERT_LAMBDA * (a + w - m) / w
        out[:, pert] = a + w * rng.beta(alpha, beta, size=(draws, pert.size))
    tri = np.flatnonzero((kind == "triangular") & (width > 0))
    if tri.size:
        a, m, b, w, x = low[tri], mode[tri], high[tri], width[tri], u[:, tri]
        cut = (m - a) / w
        out[:, tri] = np.where(x < cut, a + np.sqrt(x * w * (m - a)), b - np.sqrt((1.0 - x) * w * (b - m)))
    late = np.flatnonzero((kind == "delay") & (width > 0))
    if late.size:
        # Triangular on [0, high + 1) with mode 0 by inverse transform, floored to whole months.
        top = high[late] + 1.0
        out[:, late] = np.minimum(np.floor(top - np.sqrt(1.0 - u[:, late]) * top), high[late])
    return out


@dataclass(frozen=True, slots=True)
class _Design:
    """Every (column, delay) pair: S (pairs x horizon) holds the column's shape shifted by the
    delay; per pair its column, driver index (the ones column when none), delay driver index
    (the zeros column when none), shift, const, coef and whether it is a gate column."""

    s: np.ndarray
    column: np.ndarray
    driver: np.ndarray
    delay: np.ndarray
    shift: np.ndarray
    const: np.ndarray
    coef: np.ndarray
    gate: np.ndarray


def _pair_count(model: RiskModel, index: dict[str, int]) -> int:
    count = 0
    for c in model.columns:
        count += 1 if c.delay is None else min(int(model.drivers[index[c.delay]].high), model.horizon) + 1
    return count


def _design(model: RiskModel, index: dict[str, int]) -> _Design:
    h = model.horizon
    n = len(model.drivers)
    ones, zeros = n, n + 1  # extra value columns appended by _extended
    spans = np.array(
        [0 if c.delay is None else min(int(model.drivers[index[c.delay]].high), h) for c in model.columns],
        dtype=np.int64,
    )
    column = np.repeat(np.arange(len(model.columns)), spans + 1)
    starts = np.cumsum(spans + 1) - (spans + 1)
    shift = np.arange(column.size) - np.repeat(starts, spans + 1)
    driver = np.array([ones if c.driver is None else index[c.driver] for c in model.columns], dtype=np.int64)
    delay = np.array([zeros if c.delay is None else index[c.delay] for c in model.columns], dtype=np.int64)
    shapes = np.array([c.shape for c in model.columns], dtype=float).reshape(len(model.columns), h)
    m = np.arange(h)[None, :]
    back = m - shift[:, None]
    s = np.where(back >= 0, shapes[column[:, None], np.maximum(back, 0)], 0.0) if column.size else np.zeros((0, h))
    return _Design(
        s=s,
        column=column,
        driver=driver[column],
        delay=delay[column],
        shift=shift,
        const=np.array([c.const for c in model.columns], dtype=float)[column],
        coef=np.array([c.coef for c in model.columns], dtype=float)[column],
        gate=np.array([c.gate for c in model.columns], dtype=bool)[column],
    )


def _extended(values: np.ndarray) -> np.ndarray:
    """The driver values with a column of ones (no driver) and one of zeros (no delay) appended."""
    rows = values.shape[0]
    return np.hstack((values, np.ones((rows, 1)), np.zeros((rows, 1))))


def _z(design: _Design, values: np.ndarray) -> np.ndarray:
    """Z (rows x pairs): each pair's weight const + coef x driver, where the row's delay is the pair's shift."""
    ext = _extended(values)
    weight = design.const + design.coef * ext[:, design.driver]
    z: np.ndarray = np.where(ext[:, design.delay] == design.shift, weight, 0.0)
    return z


def _flows(model: RiskModel, index: dict[str, int], values: np.ndarray) -> np.ndarray:
    """Monthly net flow (rows of `values` x horizon)."""
    design = _design(model, index)
    flows: np.ndarray = _z(design, values) @ design.s
    return flows


def _payback(net: np.ndarray, costs_invested: np.ndarray) -> np.ndarray:
    """Per row: the first month from which the cumulative position stays >= 0 after being
    negative; 0 when invested and never negative; -1 for never (as cashflow.totals)."""
    draws, h = net.shape
    cum = np.cumsum(net, axis=1)
    tol = 1e-9 * np.abs(net).sum(axis=1, keepdims=True)
    negative = cum < -tol
    any_neg = negative.any(axis=1)
    last = h - 1 - np.argmax(negative[:, ::-1], axis=1)
    out = np.full(draws, -1, dtype=np.int64)
    recovered = any_neg & (last + 1 < h)
    out[recovered] = last[recovered] + 1
    out[~any_neg & costs_invested] = 0
    return out


def _gate(model: RiskModel, savings: np.ndarray) -> np.ndarray:
    """Per row: the first month whose ITO savings run-rate (12 x the month) reaches the
    target, never before `gate_floor`; -1 when never within the horizon."""
    target = float(model.gate_target or 0.0)
    reached = 12.0 * savings >= target - 1e-9 * max(target, 1e-300)
    reached[:, : model.gate_floor] = False
    first = np.argmax(reached, axis=1)
    return np.where(reached.any(axis=1), first, -1)


def _discrete(values: np.ndarray) -> DiscreteDistribution:
    """Counts per month value; -1 (never) counted apart; percentiles treat never as last."""
    never = int(np.count_nonzero(values < 0))
    months, counts = np.unique(values[values >= 0], return_counts=True)
    n = len(values)
    ranked = np.sort(np.where(values < 0, np.iinfo(np.int64).max, values))

    def pct(q: float) -> int | None:
        if not n:
            return None
        v = int(ranked[min(n - 1, int(np.ceil(q * n)) - 1)])
        return None if v == np.iinfo(np.int64).max else v

    return DiscreteDistribution(
        months=tuple(int(m) for m in months),
        counts=tuple(int(c) for c in counts),
        never=never,
        p10=pct(0.10),
        p50=pct(0.50),
        p90=pct(0.90),
    )


def base_values(model: RiskModel) -> np.ndarray:
    """(1, drivers): every driver at its mode (delays at 0): the deterministic run."""
    return np.array([[d.mode for d in model.drivers]], dtype=float).reshape(1, len(model.drivers))


def evaluate(model: RiskModel, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(npv per row, monthly net flow rows) for driver values (rows x drivers)."""
    index = _check(model)
    net = _flows(model, index, values)
    npv: np.ndarray = net @ model.factor[: model.horizon]
    return npv, net


@dataclass(frozen=True, slots=True, kw_only=True)
class Deterministic:
    """The plan at every driver's mode (no delay): NPV (money), gate month (None: never, or no
    gate target) and payback month (None: never, or nothing invested), as the roadmap's KPIs."""

    npv: float
    gate_month: int | None
    payback_month: int | None


def deterministic(model: RiskModel) -> Deterministic:
    """The model's deterministic run (every driver at its mode): the roadmap's NPV, gate and payback."""
    index = _check(model)
    values = base_values(model)
    design = _design(model, index)
    z = _z(design, values)
    net = z @ design.s
    npv = float((net @ model.factor[: model.horizon])[0])
    payback = int(_payback(net, _invested(model, index, values))[0])
    gate: int | None = None
    if model.gate_target is not None:
        gate = int(_gate(model, z[:, design.gate] @ design.s[design.gate])[0])
    return Deterministic(
        npv=npv,
        gate_month=None if gate is None or gate < 0 else gate,
        payback_month=None if payback < 0 else payback,
    )


def tornado(model: RiskModel, *, bars: int = TORNADO_BARS) -> tuple[TornadoBar, ...]:
    """The `bars` drivers that move NPV most: each alone from its low to its high, the
    others at their modes (delays 0). Sorted by swing |npv_high - npv_low|, largest first;
    ties by driver name. A driver whose low equals its high is left out."""
    index = _check(model)
    moving = [j for j, d in enumerate(model.drivers) if d.high > d.low]
    if not moving:
        return ()
    design = _design(model, index)
    base = base_values(model)
    ext = _extended(base)[0]
    sdisc = design.s @ model.factor[: model.horizon]  # each pair's discounted value per unit weight
    weight = design.const + design.coef * ext[design.driver]
    on = ext[design.delay] == design.shift
    base_npv = float(np.sum(np.where(on, weight, 0.0) * sdisc))
    n = len(model.drivers) + 2
    low = np.array([d.low for d in model.drivers] + [1.0, 0.0])
    high = np.array([d.high for d in model.drivers] + [1.0, 0.0])
    ends = []
    for end in (low, high):
        # A driver moved alone changes only its own pairs: the weight (value drivers) or
        # which shifted copy is on (delay drivers); every other pair stays at its base.
        by_value = np.where(on, design.coef * (end[design.driver] - ext[design.driver]), 0.0) * sdisc
        moved_on = end[design.delay] == design.shift
        by_delay = (np.where(moved_on, weight, 0.0) - np.where(on, weight, 0.0)) * sdisc
        delta = np.bincount(design.driver, weights=by_value, minlength=n)
        delta += np.bincount(design.delay, weights=by_delay, minlength=n)
        ends.append(base_npv + delta)
    npv = np.empty(2 * len(moving))
    npv[0::2] = ends[0][moving]
    npv[1::2] = ends[1][moving]
    out = []
    for r, j in enumerate(moving):
        d = model.drivers[j]
        out.append(
            TornadoBar(
                driver=d.name,
                kind=d.kind,
                item_id=d.item_id,
                low=d.low,
                high=d.high,
                npv_low=float(npv[2 * r]),
                npv_high=float(npv[2 * r + 1]),
            )
        )
    out.sort(key=lambda b: (-abs(b.npv_high - b.npv_low), b.driver))
    return tuple(out[:bars])


def simulate(model: RiskModel, *, draws: int, seed: int, bars: int = TORNADO_BARS) -> Risk:
    """Monte Carlo of the fixed plan: `draws` futures from numpy's PCG64 seeded with `seed`
    (the same model, draws and seed give the same result on any machine with the same numpy).
    A plan with more than WORK_BUDGET / draws column-delay pairs runs WORK_BUDGET // pairs
    draws instead (at least 1); the result says how many it ran and how many were asked.

    Returns NPV percentiles (P10/P50/P90, money discounted to month 0 over the horizon),
    the probability that NPV > 0 (0..1), an NPV histogram (NPV_BINS bins), the gate month
    and payback month distributions (months; `never` counts the futures in which the gate
    is not reached or the plan does not pay back within the horizon) and the tornado.
    Raises ValueError for an inconsistent model (a column naming an unknown driver, a
    driver with low > mode > high ...).
    """
    index = _check(model)
    if draws < 1:
        raise ValueError(f"draws must be at least 1, got {draws}")
    requested = draws
    draws = min(draws, max(1, WORK_BUDGET // max(_pair_count(model, index), 1)))
    rng = np.random.Generator(np.random.PCG64(seed))
    values = sample_drivers(model.drivers, draws=draws, rng=rng)
    design = _design(model, index)
    z = _z(design, values)
    net = z @ design.s
    gate_savings = z[:, design.gate] @ design.s[design.gate] if model.gate_target is not None else None
    del z  # the largest array: free it before the percentiles
    npv = net @ model.factor[: model.horizon]
    payback = _payback(net, _invested(model, index, values))
    gate = _gate(model, gate_savings) if gate_savings is not None else np.zeros(0, dtype=np.int64)
    p10, p50, p90 = (float(x) for x in np.percentile(npv, [10, 50, 90]))
    counts, edges = _histogram(npv)
    return Risk(
        draws=draws,
        draws_requested=requested,
        seed=seed,
        npv_deterministic=deterministic(model).npv,  # the plan's NPV (tests/engine/test_engine_risk_parity.py)
        npv_mean=float(npv.mean()),
        npv_p10=p10,
        npv_p50=p50,
        npv_p90=p90,
        probability_npv_positive=float(np.count_nonzero(npv > 0) / draws),
        npv_histogram=NpvHistogram(edges=tuple(float(e) for e in edges), counts=tuple(int(c) for c in counts)),
        gate_month=_discrete(gate) if gate.size else None,
        payback_month=_discrete(payback),
        tornado=tornado(model, bars=bars),
        drivers=len(model.drivers),
    )


def _histogram(npv: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """NPV_BINS equal bins over [min, max]; one bin when every draw gives (almost) the same NPV."""
    lo, hi = float(npv.min()), float(npv.max())
    if hi - lo <= 1e-9 * max(abs(lo), abs(hi), 1.0):
        return np.array([npv.size]), np.array([lo, hi])
    return np.histogram(npv, bins=NPV_BINS)


def _invested(model: RiskModel, index: dict[str, int], values: np.ndarray) -> np.ndarray:
    """Per row: whether an investment column pays money inside the horizon in that draw."""
    cols = [c for c in model.columns if c.investment and (c.shape != 0).any()]
    if not cols:
        return np.zeros(values.shape[0], dtype=bool)
    n = len(model.drivers)
    driver = np.array([n if c.driver is None else index[c.driver] for c in cols], dtype=np.int64)
    const = np.array([c.const for c in cols])
    coef = np.array([c.coef for c in cols])
    weight = const + coef * _extended(values)[:, driver]
    invested: np.ndarray = (weight != 0).any(axis=1)
    return invested
