"""The catalogue pre-selection of a roadmap input, computed by the database (issue 12).

The engine's shortlists rank every offering of an item's capability in the region by TOPSIS
(engine/shortlist.py). An offering's closeness depends on the others only through each
criterion's Euclidean norm, minimum and maximum over the candidate set (``OfferingPool``), so
the input carries those figures and only the offerings that can be picked. Both are found here
in a constant number of queries, whatever the size of the catalogue:

0. the candidates (active providers serving the region) and their five criteria are computed
   once into a temporary table of the connection, which the next two queries read;
1. one aggregate query: per capability the candidate count, the sum of squares, minimum and
   maximum of each criterion (price index, quality, certification fit, capacity capped at each
   item's cap, experience), from which the pools follow;
2. one window query: per capability and capacity cap, the offerings ranked by a monotone
   transform of the TOPSIS closeness (below), of which the first ``RANKED_PER_CAP`` are read;
3. the engine's own ranking (``build_shortlists`` with the pools) over those few rows picks
   the offerings the shortlists name.

The window query orders by S-^2 / (S+^2 + S-^2), where S+ and S- are the distances to the ideal
and anti-ideal: a strictly increasing function of the closeness S- / (S+ + S-) (both decrease
in S+ / S-), so it needs no square root, and equal closeness (identical figures) falls back to
the engine's tie-break (provider slug, then delivery model). A provider has at most one offering
per delivery model, so the first SHORTLIST_SIZE x 3 rows already hold the three best providers;
``RANKED_PER_CAP`` doubles that as a margin for rounding between SQL and numpy arithmetic.
Works on SQLite and PostgreSQL (temporary table, window functions, CAST, CASE, NULLIF, COALESCE).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Case, Exists, F, FloatField, OuterRef, Value, When
from django.db.models.functions import Cast

from assessments.engine import Offering as EngineOffering
from assessments.engine import OfferingPool, ShortlistRequest
from assessments.engine.defaults import SHORTLIST_BENEFIT, SHORTLIST_CRITERIA, SHORTLIST_SIZE
from assessments.engine.shortlist import SHORTLIST_WEIGHTS, build_shortlists, capacity_cap, certification_fit_sets
from providers import selectors as provider_selectors
from providers.models import Capability, Certification, DeliveryModel, Provider

# Rows read per capability and capacity cap: twice the rows the three best providers can hold.
RANKED_PER_CAP = 2 * SHORTLIST_SIZE * len(DeliveryModel.choices)

_FLOAT = FloatField()
# The temporary table of the candidates' criteria (one connection's own, dropped after use).
CANDIDATES = "roadmap_offering_candidates"


def _fit_expression(capability: str, fitting: dict[str, int]) -> Any:
    """The certification fit of an offering of `capability` (engine.certification_fit in SQL)."""
    held = Provider.certifications.through.objects.filter(provider_id=OuterRef("provider_id"))
    terms: list[Any] = []
    for codes in certification_fit_sets(capability=capability, codes=sorted(fitting)):
        if codes:
            ids = sorted(fitting[code] for code in codes)
            terms.append(Case(When(Exists(held.filter(certification_id__in=ids)), then=Value(1.0)), default=Value(0.0)))
    if not terms:
        return Value(0.0)
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _criteria(capabilities: dict[str, int], certifications: dict[str, int]) -> dict[str, Any]:
    """The shortlist criteria of an offering as SQL expressions (capacity uncapped)."""
    fit = Case(
        *(When(capability_id=pk, then=_fit_expression(code, certifications)) for code, pk in capabilities.items()),
        default=Value(0.0),
    )
    return {
        _alias("price_index"): Cast("price_index", _FLOAT),
        _alias("quality"): Cast("quality_score", _FLOAT),
        _alias("certification_fit"): Cast(fit, _FLOAT),
        _alias("capacity_ftes"): Cast("capacity_ftes", _FLOAT),
        _alias("experience_years"): Cast("experience_years", _FLOAT),
    }


def _alias(criterion: str) -> str:
    return f"criterion_{criterion}"


def _capped(column: str) -> str:
    """The SQL of `column` capped at a parameter (CASE: SQLite's MIN and PostgreSQL's LEAST differ)."""
    return f"CASE WHEN {column} < %s THEN {column} ELSE %s END"


def _pools(cursor: Any, capabilities: dict[str, int], caps: dict[str, list[float]]) -> list[OfferingPool]:
    """One aggregate query over the candidates' criteria: the pools of every capability and cap in use."""
    every_cap = sorted({cap for found in caps.values() for cap in found})
    columns, arguments = ["COUNT(*)"], []
    for criterion in SHORTLIST_CRITERIA:
        column = _alias(criterion)
        columns += [f"SUM({column} * {column})", f"MIN({column})", f"MAX({column})"]
    capacity = _alias("capacity_ftes")
    for cap in every_cap:
        columns.append(f"SUM(({_capped(capacity)}) * ({_capped(capacity)}))")
        arguments += [cap, cap, cap, cap]
    sql = f"SELECT capability_id, {', '.join(columns)} FROM {CANDIDATES} GROUP BY capability_id"  # noqa: S608 - our own column names and expressions; every value is a parameter
    cursor.execute(sql, arguments)
    rows = {row[0]: row[1:] for row in cursor.fetchall()}
    pools = []
    for code in sorted(caps):
        row = rows.get(capabilities[code])
        if row is None:
            continue
        for cap in caps[code]:
            figures: dict[str, float] = {}
            for c, criterion in enumerate(SHORTLIST_CRITERIA):
                squares, low, high = row[1 + 3 * c : 4 + 3 * c]
                if criterion == "capacity_ftes":
                    low, high = min(low, cap), min(high, cap)
                    squares = row[1 + 3 * len(SHORTLIST_CRITERIA) + every_cap.index(cap)]
                figures |= {
                    f"{criterion}_norm": math.sqrt(max(float(squares), 0.0)),
                    f"{criterion}_min": float(low),
                    f"{criterion}_max": float(high),
                }
            pools.append(OfferingPool(capability=code, capacity_cap=cap, candidates=int(row[0]), **figures))
    return pools


def _closeness_order(pool: OfferingPool) -> tuple[str, list[float]]:
    """SQL of S-^2 / (S+^2 + S-^2) of a candidate against `pool` (ranks as its TOPSIS closeness), and its parameters."""
    ideal, anti, arguments = [], [], []
    for c, criterion in enumerate(SHORTLIST_CRITERIA):
        norm = getattr(pool, f"{criterion}_norm")
        scale = float(SHORTLIST_WEIGHTS[c]) / (norm if norm > 0 else 1.0)
        value, cap = _alias(criterion), []
        if criterion == "capacity_ftes":
            value, cap = _capped(value), [pool.capacity_cap, pool.capacity_cap]
        best, worst = (getattr(pool, f"{criterion}_{stat}") * scale for stat in ("max", "min"))
        if not SHORTLIST_BENEFIT[c]:
            best, worst = worst, best
        term = f"(({value}) * %s - %s)"
        ideal.append(f"{term} * {term}")
        anti.append(f"{term} * {term}")
        arguments.append((cap, scale, best, worst))
    ideal_args = [x for cap, scale, best, _ in arguments for x in (*cap, scale, best, *cap, scale, best)]
    anti_args = [x for cap, scale, _, worst in arguments for x in (*cap, scale, worst, *cap, scale, worst)]
    to_ideal, to_anti = " + ".join(ideal), " + ".join(anti)
    return (
        f"COALESCE(({to_anti}) / NULLIF(({to_ideal}) + ({to_anti}), 0.0), 0.5)",
        [*anti_args, *ideal_args, *anti_args],
    )


def _ranked(cursor: Any, capabilities: dict[str, int], by_capability: dict[str, list[OfferingPool]]) -> list[int]:
    """One window query: the ids of the first RANKED_PER_CAP candidates of each capability and cap."""
    slots = max(len(found) for found in by_capability.values())
    ranks, arguments = [], []
    for slot in range(slots):
        # a capability with fewer caps repeats its last one: no extra rows, no empty ranking
        cases = []
        for code, found in by_capability.items():
            order, order_args = _closeness_order(found[min(slot, len(found) - 1)])
            cases.append(f"WHEN %s THEN {order}")
            arguments += [capabilities[code], *order_args]
        ranks.append(
            f"ROW_NUMBER() OVER (PARTITION BY capability_id ORDER BY CASE capability_id {' '.join(cases)} "
            f"ELSE 0.5 END DESC, provider_slug, delivery_model) AS rank{slot}"
        )
    near = " OR ".join(f"rank{slot} <= %s" for slot in range(slots))
    sql = f"SELECT id FROM (SELECT id, {', '.join(ranks)} FROM {CANDIDATES}) ranked WHERE {near}"  # noqa: S608 - our own SQL; every value is a parameter
    cursor.execute(
        sql,
        (*arguments, *[RANKED_PER_CAP] * slots),
    )
    return [row[0] for row in cursor.fetchall()]


def offering_pools_select(
    *, requests: Sequence[ShortlistRequest], region_code: str
) -> tuple[list[dict[str, Any]], list[OfferingPool]]:
    """(the offerings the shortlists of `requests` pick, the pools of their full candidate sets).

    Offerings are ``providers.selectors.offerings_for_engine`` dicts (at most SHORTLIST_SIZE per
    request), pools one per capability and capacity cap that has candidates in `region_code`.
    The engine given both computes the shortlists it computes over every offering of the region
    (tests/assessments/test_roadmap_input.py). Nine queries (seven without a candidate), whatever the catalogue's size.
    """
    caps: dict[str, list[float]] = {}
    for request in requests:
        caps.setdefault(request.capability, []).append(capacity_cap(request.ftes))
    caps = {code: sorted(set(found)) for code, found in caps.items()}
    if not caps:
        return [], []
    certifications = dict(Certification.objects.values_list("code", "pk"))
    capabilities = dict(Capability.objects.filter(code__in=caps).values_list("code", "pk"))
    caps = {code: found for code, found in caps.items() if code in capabilities}
    sql, params = (
        provider_selectors.engine_offerings(
            capability_ids=[capabilities[code] for code in caps], region_code=region_code
        )
        .annotate(provider_slug=F("provider__slug"), **_criteria(capabilities, certifications))
        .values("id", "capability_id", "provider_slug", "delivery_model", *(_alias(c) for c in SHORTLIST_CRITERIA))
        .order_by()
        .query.sql_with_params()
    )
    # The candidates' criteria are computed once into a temporary table (per connection), which
    # both queries read: half the time of a common table expression materialised twice.
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {CANDIDATES} AS {sql}", params)
        try:
            pools = _pools(cursor, capabilities, caps)
            by_capability: dict[str, list[OfferingPool]] = {}
            for pool in pools:
                by_capability.setdefault(pool.capability, []).append(pool)
            ranked = _ranked(cursor, capabilities, by_capability) if pools else []
        finally:
            cursor.execute(f"DROP TABLE {CANDIDATES}")
    if not pools:
        return [], []
    offerings = provider_selectors.offerings_for_engine(
        capability_codes=sorted(caps), region_code=region_code, offering_ids=ranked
    )
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
