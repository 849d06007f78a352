"""Slot scheduling: at most N engagements at once, in a given priority order.

Both schedulers are greedy in priority order and never backfill, which keeps the plan
explainable ("the next slot frees up in month m"). BPO uses a heap of slot free times
(O(items x log slots)); ITO's best-fit choice uses a per-month slot count (O(items x
months), months being bounded, with the scan vectorised), so neither depends on the
number of slots.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

SCHEDULED = "scheduled"
OUTSIDE_HORIZON = "outside_horizon"
NOT_PROFITABLE = "not_profitable"


@dataclass(frozen=True, slots=True)
class SlotSchedule:
    start: np.ndarray  # first month of each item (earliest attempted start when not scheduled; -1 if untried)
    status: tuple[str, ...]  # per item: SCHEDULED, OUTSIDE_HORIZON, NOT_PROFITABLE or "" if untried


def schedule_ito(
    *,
    order: Sequence[int],
    available_from: np.ndarray,
    transition: np.ndarray,
    occupancy: np.ndarray,
    horizon: int,
    slots: int,
    count: int,
) -> SlotSchedule:
    """ITO: an item may start once its area is free (`available_from`) and a slot is
    free; it holds the slot for `occupancy` months (start to provider exit).

    The slot chosen is the one that became free most recently before the item could
    start anyway (best fit), else the earliest to free up; so an item waiting for its
    area does not take a slot an earlier-ready item could have used.
    An item whose savings could not begin within the horizon takes no slot.

    Slots are kept as a count of slots per "free from" month. Months are bounded
    (a slot is only ever freed before horizon + longest engagement), so each best-fit
    query is one vectorised scan of a short array: O(items x months / SIMD) with no
    dependence on the number of slots.
    """
    start = np.full(count, -1, dtype=np.int64)
    status = [""] * count
    if not len(order):
        return SlotSchedule(start=start, status=tuple(status))
    size = horizon + int(np.max(occupancy[list(order)])) + 1
    free_from = np.zeros(size, dtype=np.int64)
    free_from[0] = slots
    for i in order:
        ready = min(int(available_from[i]), size - 1)
        fits = np.flatnonzero(free_from[: ready + 1])
        month = int(fits[-1]) if fits.size else int(np.flatnonzero(free_from)[0])
        begin = max(int(available_from[i]), month)
        start[i] = begin
        if begin + int(transition[i]) >= horizon:
            status[i] = OUTSIDE_HORIZON
            continue
        status[i] = SCHEDULED
        free_from[month] -= 1
        free_from[begin + int(occupancy[i])] += 1
    return SlotSchedule(start=start, status=tuple(status))


def schedule_bpo(
    *,
    order: Sequence[int],
    earliest: int,
    transition: np.ndarray,
    occupancy: np.ndarray,
    horizon: int,
    slots: int,
    count: int,
    npv_at: Callable[[int, int], float],
) -> SlotSchedule:
    """BPO: every item may start from `earliest` (the gate); a slot is held from start
    to the end of ramp-up (`occupancy`). An item is placed only if its benefits begin
    within the horizon and its NPV at the slot's start is still positive (rule 4),
    otherwise it is left out and takes no slot.
    """
    # More slots than items can never be used; the cap keeps a huge limit from allocating.
    heap = [earliest] * max(1, min(slots, count))
    start = np.full(count, -1, dtype=np.int64)
    status = [""] * count
    for i in order:
        begin = heap[0]
        start[i] = begin
        if begin + int(transition[i]) >= horizon:
            status[i] = OUTSIDE_HORIZON
            continue
        if npv_at(i, begin) <= 0:
            status[i] = NOT_PROFITABLE
            continue
        status[i] = SCHEDULED
        heapq.heapreplace(heap, begin + int(occupancy[i]))
    return SlotSchedule(start=start, status=tuple(status))
