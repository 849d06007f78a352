"""The stored shortlist criteria of each region's candidates (issue 12).

Every roadmap input ranks, per capability in use, every offering of that capability by active
providers serving the assessment's region (roadmaps/offering_pools.py). Reading those offerings
from the catalogue's tables is a join per candidate (providers, their regions and
certifications); here each (region, capability) keeps them as one ``RegionCandidates`` row: the
offerings' ids and their criteria matrix, as the engine computes it (``candidate_criteria``:
price index, quality, certification fit, capacity, experience), in the engine's order of
providers and delivery models. A roadmap input reads one row per capability whatever the size of
the catalogue, and ranks in numpy.

Never stale: a row holds the catalogue revision it was built at, and the database's own triggers
raise that revision on every write to the catalogue's tables (providers migration 0006), so a
row is used only if nothing in the catalogue changed since; otherwise it is rebuilt on first use
(or by ``manage.py catalogue_candidates_rebuild``). The revision is read before the catalogue, so
a row is never labelled newer than what it holds. A row also records ``LAYOUT``, the engine's
criteria definition (the criteria, the certifications that fit each capability), so a changed
engine rebuilds it too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from django.db.models import Subquery

from assessments.engine import CERTIFICATION_FIT
from assessments.engine.defaults import SHORTLIST_CRITERIA
from assessments.engine.shortlist import certification_fit
from providers import selectors as provider_selectors
from providers.models import CatalogueRevision, Region, RegionCandidates

# Changes whenever the stored criteria would: their list, the fitting certifications, this format.
LAYOUT = hashlib.sha256(
    repr(("criteria-v1", SHORTLIST_CRITERIA, sorted(CERTIFICATION_FIT.items()))).encode("utf-8")
).hexdigest()
_CRITERIA = len(SHORTLIST_CRITERIA)


@dataclass(frozen=True)
class Candidates:
    """One capability's candidates in one region: ids (int64, n) and criteria (float64, n x criteria)."""

    offering_ids: np.ndarray
    criteria: np.ndarray


def _revision() -> Subquery:
    return Subquery(CatalogueRevision.objects.filter(pk=1).values("revision")[:1])


def region_candidates_read(*, region_code: str, capabilities: Mapping[str, int]) -> dict[str, Candidates]:
    """The candidates of each capability of `capabilities` (code -> pk) in `region_code`.

    One query when every row is current; the capabilities whose row is missing or stale are
    rebuilt from the catalogue (``region_candidates_rebuild``)."""
    by_pk = {pk: code for code, pk in capabilities.items()}
    stored = RegionCandidates.objects.filter(
        region__code=region_code, capability_id__in=sorted(by_pk), layout=LAYOUT, revision=_revision()
    ).values_list("capability_id", "offering_ids", "criteria")
    found = {
        by_pk[pk]: Candidates(
            offering_ids=np.frombuffer(ids, dtype=np.int64),
            criteria=np.frombuffer(criteria, dtype=np.float64).reshape(-1, _CRITERIA),
        )
        for pk, ids, criteria in stored
    }
    missing = {code: pk for code, pk in capabilities.items() if code not in found}
    if missing:
        found |= region_candidates_rebuild(region_code=region_code, capabilities=missing)
    return found


def region_candidates_rebuild(*, region_code: str, capabilities: Mapping[str, int]) -> dict[str, Candidates]:
    """Builds (and stores, at the catalogue's current revision) the candidates of `capabilities`
    (code -> pk) in `region_code` from the catalogue's tables; four queries and an upsert.
    The criteria are the engine's ``candidate_criteria`` of the offerings ``offerings_for_engine``
    gives, computed from the rows without building them."""
    revision = CatalogueRevision.objects.filter(pk=1).values_list("revision", flat=True).first()  # before the catalogue
    region = Region.objects.filter(code=region_code).values_list("pk", flat=True).first()
    rows, held = provider_selectors.offering_candidates_for_engine(
        capability_codes=capabilities, region_code=region_code
    )
    by_capability: dict[str, list[tuple]] = {code: [] for code in capabilities}
    for row in rows:
        by_capability[row[3]].append(row)
    built = {}
    for code, found in by_capability.items():
        found.sort(key=lambda row: (row[2], row[4]))  # the engine's order: provider, delivery model (shortlist.py)
        fits: dict[int, int] = {}
        for row in found:
            if row[1] not in fits:
                fits[row[1]] = certification_fit(capability=code, certifications=held.get(row[1], ()))
        # the engine's candidate_criteria of these offerings, without building them (tests compare both)
        criteria = np.array(
            [
                (price, quality, fits[provider], capacity, experience)
                for _, provider, *_, price, quality, capacity, experience in found
            ],
            dtype=float,
        ).reshape(len(found), _CRITERIA)
        built[code] = Candidates(offering_ids=np.array([row[0] for row in found], dtype=np.int64), criteria=criteria)
    if revision is not None and region is not None:
        # A row of an older revision, written by a concurrent build, is only ever replaced, never served.
        RegionCandidates.objects.bulk_create(
            [
                RegionCandidates(
                    region_id=region,
                    capability_id=capabilities[code],
                    revision=revision,
                    layout=LAYOUT,
                    candidates=len(candidates.offering_ids),
                    offering_ids=candidates.offering_ids.tobytes(),
                    criteria=candidates.criteria.tobytes(),
                )
                for code, candidates in sorted(built.items())
            ],
            update_conflicts=True,
            unique_fields=["region", "capability"],
            update_fields=["revision", "layout", "candidates", "offering_ids", "criteria"],
        )
    return built


def catalogue_candidates_rebuild() -> int:
    """Builds every region's candidates of every capability at the current revision; the rows written."""
    from providers.models import Capability

    capabilities = dict(Capability.objects.values_list("code", "pk"))
    count = 0
    for code in Region.objects.order_by("code").values_list("code", flat=True):
        count += len(region_candidates_rebuild(region_code=code, capabilities=capabilities))
    return count
