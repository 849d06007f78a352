"""The catalogue pre-selection of a roadmap input (issue 12).

The engine's shortlists rank every offering of an item's capability in the region by TOPSIS
(engine/shortlist.py). An offering's closeness depends on the others only through each
criterion's Euclidean norm, minimum and maximum over the candidate set (``OfferingPool``), so
the input carries those figures and only the offerings that can be picked. They are found in a
constant number of queries, whatever the size of the catalogue:

1. the stored criteria of every candidate of each capability in use in the region (one row per
   capability: roadmaps/candidates.py, current to the catalogue's last write);
2. the engine's own arithmetic over them (``shortlist_pools_rank``, numpy): per capability and
   capacity cap, the pool and the first ``RANKED_PER_CAP`` offerings of the ranking, in the
   order the shortlists rank them (closeness, then provider and delivery model);
3. those offerings read from the catalogue, and the engine's ``build_shortlists`` with the
   pools over them picks the offerings the shortlists name.

The pools and the ranking are the very computation the engine makes over the whole candidate
set (same values, same order, same numpy expressions), so the shortlists are those of the full
catalogue. A provider has at most one offering per delivery model, so the first SHORTLIST_SIZE x
3 offerings of a ranking hold its three best providers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assessments.engine import Offering as EngineOffering
from assessments.engine import OfferingPool, ShortlistRequest, shortlist_pools_rank
from assessments.engine.defaults import SHORTLIST_SIZE
from assessments.engine.shortlist import build_shortlists, capacity_cap
from assessments.roadmaps import candidates as region_candidates
from providers import selectors as provider_selectors
from providers.models import Capability, DeliveryModel

# Offerings read per capability and capacity cap: all the three best providers can hold.
RANKED_PER_CAP = SHORTLIST_SIZE * len(DeliveryModel.choices)


def offering_pools_select(
    *, requests: Sequence[ShortlistRequest], region_code: str
) -> tuple[list[dict[str, Any]], list[OfferingPool]]:
    """(the offerings the shortlists of `requests` pick, the pools of their full candidate sets).

    Offerings are ``providers.selectors.offerings_for_engine`` dicts (at most SHORTLIST_SIZE per
    request), pools one per capability and capacity cap that has candidates in `region_code`.
    The engine given both computes the shortlists it computes over every offering of the region
    (tests/assessments/test_roadmap_input.py). Four queries (two without a candidate) when the
    stored candidates are current, whatever the catalogue's size.
    """
    caps: dict[str, list[float]] = {}
    for request in requests:
        caps.setdefault(request.capability, []).append(capacity_cap(request.ftes))
    caps = {code: sorted(set(found)) for code, found in caps.items()}
    if not caps:
        return [], []
    capabilities = dict(Capability.objects.filter(code__in=caps).values_list("code", "pk"))
    stored = region_candidates.region_candidates_read(region_code=region_code, capabilities=capabilities)
    pools: list[OfferingPool] = []
    ranked: set[int] = set()
    for code in sorted(stored):
        found = stored[code]
        if not len(found.offering_ids):
            continue
        pooled, head = shortlist_pools_rank(
            capability=code, criteria=found.criteria, caps=caps[code], keep=RANKED_PER_CAP
        )
        pools += pooled
        ranked.update(found.offering_ids[head].ravel().tolist())
    if not pools:
        return [], []
    # the ranked ids are candidates of the region already: filtering by the region again made
    # PostgreSQL plan the region's semi-join over every offering (160 ms at 10,000 providers)
    offerings = provider_selectors.offerings_for_engine(capability_codes=sorted(caps), offering_ids=sorted(ranked))
    shortlists = build_shortlists(
        requests=requests,
        offerings=[EngineOffering(**offering) for offering in offerings],
        region=region_code,
        pools=pools,
    )
    picked = {
        (request.capability, entry.provider, entry.delivery_model)
        for request in requests
        for entry in shortlists.get(request.key, ())
    }
    kept = [o for o in offerings if (o["capability"], o["provider"], o["delivery_model"]) in picked]
    return kept, pools
