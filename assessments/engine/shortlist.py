"""Provider shortlists: TOPSIS over the offerings of an item's capability in the region.

``shortlist_preselect`` reduces a catalogue to the offerings the shortlists pick, plus the
figures (``OfferingPool``) that keep their closeness and ranks those of the full catalogue.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from .ahp import ahp_weights
from .defaults import (
    CAPABILITIES,
    CAPACITY_HEADROOM,
    CERTIFICATION_FIT,
    CRITERION_LABELS,
    SHORTLIST_BENEFIT,
    SHORTLIST_CRITERIA,
    SHORTLIST_PAIRWISE,
    SHORTLIST_SIZE,
)
from .topsis import topsis_batch, topsis_reference
from .types import Offering, OfferingPool, ShortlistEntry

# Computed once: the weights are fixed product judgement (see defaults.SHORTLIST_PAIRWISE).
SHORTLIST_AHP = ahp_weights(SHORTLIST_PAIRWISE)
SHORTLIST_WEIGHTS = np.array(SHORTLIST_AHP.weights)
_BENEFIT = np.array(SHORTLIST_BENEFIT)
# A second deciding criterion is named only if it contributes at least half as much as the first.
SECOND_CRITERION_SHARE = 0.5

_CERT_NOISE = re.compile(r"/IEC|:\d{4}|[^A-Z0-9]")


@lru_cache(maxsize=4096)
def _cert_key(name: str) -> str:
    return _CERT_NOISE.sub("", name.upper())


def certification_fit(*, capability: str, certifications: Sequence[str]) -> int:
    """How many of the certifications that fit `capability` the offering holds."""
    return _certification_fit(capability, tuple(certifications))


def certification_fit_sets(*, capability: str, codes: Sequence[str]) -> tuple[frozenset[str], ...]:
    """For each certification that fits `capability` (defaults.CERTIFICATION_FIT), the
    members of `codes` that satisfy it, as ``certification_fit`` matches them: an offering's
    fit is the number of these sets its provider holds a member of. Lets a database count
    the fit (roadmaps/offering_pools.py) exactly as the engine does."""
    keys = [(code, _cert_key(code)) for code in codes]
    return tuple(
        frozenset(code for code, key in keys if key.startswith(_cert_key(wanted)))
        for wanted in CERTIFICATION_FIT.get(capability, ())
    )


# Catalogues repeat the same certification sets, so the count is memoised.
@lru_cache(maxsize=4096)
def _certification_fit(capability: str, certifications: tuple[str, ...]) -> int:
    held = [_cert_key(c) for c in certifications]
    return sum(
        1 for wanted in CERTIFICATION_FIT.get(capability, ()) if any(h.startswith(_cert_key(wanted)) for h in held)
    )


@dataclass(frozen=True, slots=True)
class ShortlistRequest:
    key: int  # caller's handle for the item
    capability: str
    ftes: float


def _format(criterion: str, value: float) -> str:
    label = CRITERION_LABELS[criterion]
    if criterion == "price_index":
        return f"price (index {value:.2f})"
    if criterion == "certification_fit":
        return f"{label} ({int(value)})"
    if criterion == "capacity_ftes":
        return f"capacity ({value:g} FTEs)"
    if criterion == "experience_years":
        return f"experience ({value:g} years)"
    return f"{label} ({value:g})"


def _best_per_provider(ranked: np.ndarray, providers: Sequence[str]) -> np.ndarray:
    """The first SHORTLIST_SIZE columns of each ranked row that belong to distinct providers."""
    if len(set(providers)) == len(providers):
        return ranked[:, :SHORTLIST_SIZE]
    size = min(SHORTLIST_SIZE, len(set(providers)))
    # A provider holds at most `most` of the candidates, so the first size x most columns of a
    # row already name `size` distinct providers: only they become Python lists.
    most = max(Counter(providers).values())
    rows = []
    for row in ranked[:, : size * most].tolist():
        seen: set[str] = set()
        picked = []
        for j in row:
            if providers[j] not in seen:
                seen.add(providers[j])
                picked.append(j)
                if len(picked) == size:
                    break
        rows.append(picked)
    return np.array(rows, dtype=ranked.dtype).reshape(len(rows), size)


def capacity_cap(ftes: float) -> float:
    """The capacity criterion's cap for an item of `ftes` FTEs: CAPACITY_HEADROOM x max(ftes, 1)."""
    return float(CAPACITY_HEADROOM * max(float(ftes), 1.0))


def _by_capability(
    requests: Sequence[ShortlistRequest], offerings: Sequence[Offering], region: str
) -> tuple[dict[str, list[ShortlistRequest]], dict[str, list[Offering]]]:
    where = region.casefold()
    wanted: dict[str, list[ShortlistRequest]] = {}
    for r in requests:
        wanted.setdefault(r.capability, []).append(r)
    by_capability: dict[str, list[Offering]] = {}
    for o in offerings:
        if o.capability in wanted and any(r.casefold() == where for r in o.regions):
            by_capability.setdefault(o.capability, []).append(o)
    for found in by_capability.values():
        found.sort(key=lambda o: (o.provider, o.delivery_model))
    return wanted, by_capability


def _values(capability: str, candidates: Sequence[Offering], caps: Sequence[float]) -> np.ndarray:
    """(len(caps), candidates, criteria) raw criterion values, capacity capped at each cap."""
    base = np.array(
        [
            (
                o.price_index,
                o.quality,
                certification_fit(capability=capability, certifications=o.certifications),
                o.capacity_ftes,
                o.experience_years,
            )
            for o in candidates
        ],
        dtype=float,
    ).reshape(len(candidates), len(SHORTLIST_CRITERIA))
    return _capped(base, caps)


def _capped(base: np.ndarray, caps: Sequence[float]) -> np.ndarray:
    """(len(caps), candidates, criteria): `base` (candidates, criteria) with capacity capped at each cap."""
    limit = np.array(caps, dtype=float)
    values = np.repeat(base[None, :, :], len(caps), axis=0)
    values[:, :, 3] = np.minimum(base[None, :, 3], limit[:, None])
    return values


def candidate_criteria(*, capability: str, offerings: Sequence[Offering]) -> np.ndarray:
    """(offerings, criteria) raw criterion values of `offerings` of `capability`, capacity uncapped:
    what ``shortlist_pools_rank`` reads (a store of the catalogue's candidates keeps these)."""
    criteria: np.ndarray = _values(capability, offerings, [math.inf])[0]
    return criteria


def shortlist_pools_rank(
    *, capability: str, criteria: np.ndarray, caps: Sequence[float], keep: int
) -> tuple[list[OfferingPool], np.ndarray]:
    """The pools of a capability's full candidate set and the head of its ranking, from the criteria alone.

    `criteria` is ``candidate_criteria`` of every candidate of `capability` in the region, in
    the order of (provider, delivery model) that breaks ties in the shortlists. Returns one
    OfferingPool per cap of `caps` (sorted, distinct) and, per cap, the indices of the first
    `keep` candidates in the order ``build_shortlists`` ranks them (closeness descending, then
    that order): the same arithmetic as over the candidates themselves, so the pools and order
    are those of the full catalogue. With `keep` at least SHORTLIST_SIZE x the offerings a
    provider can have per capability, the kept rows hold every offering a shortlist picks."""
    values = _capped(criteria, caps)
    norms, hi, lo = topsis_reference(values)
    scores = topsis_batch(values, SHORTLIST_WEIGHTS, _BENEFIT, (norms, hi, lo))
    count = criteria.shape[0]
    ranked = np.lexsort((np.broadcast_to(np.arange(count), scores.shape), -scores), axis=-1)[:, :keep]
    return _pools(capability, caps, count, (norms, hi, lo)), ranked


def _pools(
    capability: str, caps: Sequence[float], count: int, reference: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> list[OfferingPool]:
    norms, hi, lo = reference
    return [
        OfferingPool(
            capability=capability,
            capacity_cap=cap,
            candidates=count,
            **{
                f"{criterion}_{stat}": float(source[row, c])
                for c, criterion in enumerate(SHORTLIST_CRITERIA)
                for stat, source in (("norm", norms), ("min", lo), ("max", hi))
            },
        )
        for row, cap in enumerate(caps)
    ]


def shortlist_preselect(
    *, requests: Sequence[ShortlistRequest], offerings: Sequence[Offering], region: str
) -> tuple[tuple[OfferingPool, ...], tuple[int, ...]]:
    """A catalogue pre-selection that leaves every shortlist exactly as the full catalogue gives it.

    Returns (pools, kept): one OfferingPool per capability and capacity cap in use (the
    full candidate set's count, norms, minima and maxima: see ``OfferingPool``), and the
    indices into `offerings` of the offerings some request's shortlist picks (at most
    SHORTLIST_SIZE per request), in input order. ``build_shortlists`` over the kept
    offerings with these pools gives the same entries (providers, order, closeness,
    reasons) as over all of `offerings`, because an offering's closeness depends on the
    others only through the pool's figures, and the ranking of the kept offerings is the
    full ranking restricted to them. Cost: one numpy pass over the candidates per capability.
    """
    wanted, by_capability = _by_capability(requests, offerings, region)
    index = {id(o): n for n, o in enumerate(offerings)}
    pools: list[OfferingPool] = []
    kept: set[int] = set()
    for capability in sorted(wanted):
        candidates = by_capability.get(capability, [])
        if not candidates:
            continue
        caps = sorted({capacity_cap(r.ftes) for r in wanted[capability]})
        criteria = candidate_criteria(capability=capability, offerings=candidates)
        found, ranked = shortlist_pools_rank(capability=capability, criteria=criteria, caps=caps, keep=len(candidates))
        for j in _best_per_provider(ranked, [o.provider for o in candidates]).ravel().tolist():
            kept.add(index[id(candidates[j])])
        pools += found
    return tuple(pools), tuple(sorted(kept))


def build_shortlists(
    *,
    requests: Sequence[ShortlistRequest],
    offerings: Sequence[Offering],
    region: str,
    pools: Sequence[OfferingPool] = (),
) -> Mapping[int, tuple[ShortlistEntry, ...]]:
    """Top offerings per request: same capability, serving `region` (case-insensitive).

    Criteria: price index (cost), quality, certification fit, capacity capped at
    CAPACITY_HEADROOM x the item's FTEs, experience; weights from the AHP matrix in
    defaults. Ties are broken by provider id. Each entry's reason names the 1-2
    criteria where it is strongest relative to the other candidates: the largest
    weight x relative standing (0 = worst candidate, 1 = best) among criteria on which
    the candidates differ.

    With `pools` (see ``OfferingPool`` and ``shortlist_preselect``), a capability whose
    every request has a pool for its capacity cap is ranked against the pooled full
    candidate set: closeness, "ranked r of k" and relative standing are those of the full
    set, though `offerings` holds only a pre-selection of it.
    """
    wanted, by_capability = _by_capability(requests, offerings, region)
    pooled = {(p.capability, float(p.capacity_cap)): p for p in pools}

    result: dict[int, tuple[ShortlistEntry, ...]] = {}
    for capability in sorted(wanted):
        reqs = wanted[capability]
        candidates = by_capability.get(capability, [])
        if not candidates:
            for r in reqs:
                result[r.key] = ()
            continue
        values = _values(capability, candidates, [capacity_cap(r.ftes) for r in reqs])
        found = [pooled.get((capability, capacity_cap(r.ftes))) for r in reqs]
        if all(p is not None for p in found):
            pool_of = [p for p in found if p is not None]
            k = pool_of[0].candidates
            reference = tuple(
                np.array(
                    [[getattr(p, f"{criterion}_{stat}") for criterion in SHORTLIST_CRITERIA] for p in pool_of],
                    dtype=float,
                )
                for stat in ("norm", "max", "min")
            )
            norms, hi, lo = reference
        else:
            k = len(candidates)
            norms, hi, lo = topsis_reference(values)
        scores = topsis_batch(values, SHORTLIST_WEIGHTS, _BENEFIT, (norms, hi, lo))
        # Rank by score (desc), ties by provider id (candidates are sorted by id), then keep
        # each provider's best offering only: a shortlist names three different providers.
        ranked = np.lexsort((np.broadcast_to(np.arange(len(candidates)), scores.shape), -scores), axis=-1)
        order = _best_per_provider(ranked, [o.provider for o in candidates])

        spread = hi - lo
        differs = spread > 1e-12 * np.maximum(np.abs(hi), 1.0)
        best = np.where(_BENEFIT[None, :], hi, lo)
        standing = np.where(
            differs[:, None, :],
            1.0 - np.abs(best[:, None, :] - values) / np.where(spread > 0, spread, 1.0)[:, None, :],
            0.0,
        )
        contribution = standing * SHORTLIST_WEIGHTS[None, None, :]
        # The deciding criteria of every shortlisted offering at once: the largest
        # contribution (ties to the heavier-listed criterion), and the runner-up if it is
        # at least SECOND_CRITERION_SHARE of it.
        rows = np.arange(len(reqs))[:, None]
        masked = np.where(differs[:, None, :], contribution[rows, order], -np.inf)
        first = masked.argmax(axis=2)
        c1 = np.take_along_axis(masked, first[..., None], axis=2)[..., 0]
        np.put_along_axis(masked, first[..., None], -np.inf, axis=2)
        second = masked.argmax(axis=2)
        c2 = np.take_along_axis(masked, second[..., None], axis=2)[..., 0]
        with np.errstate(invalid="ignore"):
            two = np.isfinite(c2) & (c2 > 0) & (c2 >= SECOND_CRITERION_SHARE * c1)
        strong = c1 > 0
        any_difference = differs.any(axis=1).tolist()
        picked = values[rows, order]  # (requests, shortlisted, criteria) raw values
        name = CAPABILITIES.get(capability, ("", capability))[1]
        order_l, first_l, second_l = order.tolist(), first.tolist(), second.tolist()
        # only the shortlisted scores become Python floats (all of them: requests x candidates)
        score_l = np.take_along_axis(scores, order, axis=1).tolist()
        two_l, strong_l, picked_l = two.tolist(), strong.tolist(), picked.tolist()
        described: dict[tuple[Any, ...], tuple[tuple[tuple[str, float], ...], str]] = {}
        for row, r in enumerate(reqs):
            entries = []
            for rank, j in enumerate(order_l[row], start=1):
                o = candidates[j]
                slot = rank - 1
                score = score_l[row][slot]
                if not any_difference[row]:
                    code = "only_candidate" if k == 1 else "tied_candidates"
                    deciding = [0, 1]  # nothing separates them: show the two heaviest criteria
                    lead = (
                        f"Only offering of {name} serving {region}:"
                        if k == 1
                        else f"Ranked {rank} of {k}; all candidates are equal on every criterion:"
                    )
                else:
                    deciding = [first_l[row][slot]]
                    if two_l[row][slot]:
                        deciding.append(second_l[row][slot])
                    if strong_l[row][slot]:
                        code = "strongest_on"
                        lead = f"Ranked {rank} of {k} (TOPSIS closeness {score:.3f}): strongest on"
                    else:
                        code = "remaining_candidate"
                        lead = f"Ranked {rank} of {k} (TOPSIS closeness {score:.3f}): no relative strength; weigh its"
                # the deciding figures of candidate j are the same in every row that picks it
                # with the same criteria (capacity aside, capped per row): built once
                raw = picked_l[row][slot]
                said_key = (j, *deciding, *(raw[i] for i in deciding))
                said = described.get(said_key)
                if said is None:
                    criteria = tuple((SHORTLIST_CRITERIA[i], float(raw[i])) for i in deciding)
                    said = described[said_key] = (
                        criteria,
                        " and ".join(_format(cname, value) for cname, value in criteria),
                    )
                criteria, named = said
                entries.append(
                    ShortlistEntry(
                        provider=o.provider,
                        provider_name=o.provider_name or o.provider,
                        closeness=score,
                        reason=f"{lead} {named}.",
                        reason_code=code,
                        criteria=criteria,
                        delivery_model=o.delivery_model,
                    )
                )
            result[r.key] = tuple(entries)
    return result
