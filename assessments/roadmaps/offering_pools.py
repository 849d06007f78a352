"""The catalogue pre-selection of a roadmap input, computed by the database (issue 12).

The engine's shortlists rank every offering of an item's capability in the region by TOPSIS
(engine/shortlist.py). An offering's closeness depends on the others only through each
criterion's Euclidean norm, minimum and maximum over the candidate set (``OfferingPool``), so
the input carries those figures and only the offerings that can be picked. Both are found here
in a constant number of queries, whatever the size of the catalogue:

0. the candidates (active providers serving the region) and their five criteria are computed
   once into a temporary table of the connection, indexed by capability, which the next two
   queries read (the certification fit from one grouped pass over the provider-certification
   table joined to each candidate, not a correlated subquery per candidate and fitting set);
1. one aggregate query: per capability (a UNION ALL of one aggregate per capability, each
   reading its own rows through the index) the candidate count, the sum of squares, minimum and
   maximum of each criterion (price index, quality, certification fit, capacity capped at each
   of that capability's caps, experience), from which the pools follow;
2. one ranking query: per capability and capacity cap (a UNION ALL of top-N queries), the
   offerings ordered by a monotone transform of the TOPSIS closeness (below), of which the first
   ``RANKED_PER_CAP`` are read (a bounded sort of that capability's rows, not a window over all);
3. the engine's own ranking (``build_shortlists`` with the pools) over those few rows picks
   the offerings the shortlists name.

The ranking query orders by S-^2 / (S+^2 + S-^2), where S+ and S- are the distances to the ideal
and anti-ideal: a strictly increasing function of the closeness S- / (S+ + S-) (both decrease
in S+ / S-), so it needs no square root, and equal closeness (identical figures) falls back to
the engine's tie-break (provider slug, then delivery model). A provider has at most one offering
per delivery model, so the first SHORTLIST_SIZE x 3 rows already hold the three best providers;
``RANKED_PER_CAP`` doubles that as a margin for rounding between SQL and numpy arithmetic.
Works on SQLite and PostgreSQL (temporary table and index, UNION ALL of limited subqueries, CAST, CASE,
NULLIF, COALESCE).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django.db import connection

from assessments.engine import Offering as EngineOffering
from assessments.engine import OfferingPool, ShortlistRequest
from assessments.engine.defaults import SHORTLIST_BENEFIT, SHORTLIST_CRITERIA, SHORTLIST_SIZE
from assessments.engine.shortlist import SHORTLIST_WEIGHTS, build_shortlists, capacity_cap, certification_fit_sets
from providers import selectors as provider_selectors
from providers.models import Capability, Certification, DeliveryModel, Offering, Provider, Region

# Rows read per capability and capacity cap: twice the rows the three best providers can hold.
RANKED_PER_CAP = 2 * SHORTLIST_SIZE * len(DeliveryModel.choices)

# The temporary table of the candidates' criteria (one connection's own, dropped after use).
CANDIDATES = "roadmap_offering_candidates"


def _quoted(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _candidates_sql(
    capabilities: dict[str, int], certifications: dict[str, int], region_code: str
) -> tuple[str, list[Any]]:
    """The SELECT of the candidates (active providers' offerings of `capabilities` by providers
    serving `region_code`) with their five criteria, capacity uncapped.

    The certification fit (engine.certification_fit in SQL) reads one grouped pass over the
    provider-certification table, joined once per candidate: a column per distinct fitting set
    (1 if the provider holds a member), summed per capability. A correlated EXISTS per set and
    candidate cost about half the candidates' time."""
    fit_sets: dict[tuple[int, ...], int] = {}
    fit_terms: dict[int, list[int]] = {}
    for code, pk in sorted(capabilities.items()):
        for codes in certification_fit_sets(capability=code, codes=sorted(certifications)):
            if codes:
                ids = tuple(sorted(certifications[c] for c in codes))
                fit_terms.setdefault(pk, []).append(fit_sets.setdefault(ids, len(fit_sets)))
    held_params: list[Any] = []
    fit_params: list[Any] = []
    held, fit = "", "0.0"
    if fit_sets:
        columns = []
        for ids, n in fit_sets.items():
            columns.append(
                f"MAX(CASE WHEN certification_id IN ({', '.join(['%s'] * len(ids))}) THEN 1.0 ELSE 0.0 END) AS fit_{n}"
            )
            held_params += ids
        held = (
            f" LEFT JOIN (SELECT provider_id, {', '.join(columns)} "  # noqa: S608 - table and column names are ours; every value is a parameter
            f"FROM {_quoted(Provider.certifications.through)} GROUP BY provider_id) held "
            "ON held.provider_id = o.provider_id"
        )
        cases = []
        for pk, terms in fit_terms.items():
            cases.append(f"WHEN %s THEN COALESCE({' + '.join(f'held.fit_{n}' for n in terms)}, 0.0)")
            fit_params.append(pk)
        fit = f"CASE o.capability_id {' '.join(cases)} ELSE 0.0 END"
    capability_ids = sorted(capabilities.values())
    expressions = {
        "price_index": "o.price_index",
        "quality": "o.quality_score",
        "certification_fit": fit,
        "capacity_ftes": "o.capacity_ftes",
        "experience_years": "o.experience_years",
    }
    criteria = ", ".join(
        f"CAST({expression} AS DOUBLE PRECISION) AS {_alias(name)}" for name, expression in expressions.items()
    )
    sql = (
        "SELECT o.id AS id, o.capability_id AS capability_id, p.slug AS provider_slug, "  # noqa: S608 - table and column names are ours; every value is a parameter
        f"o.delivery_model AS delivery_model, {criteria} "
        f"FROM {_quoted(Offering)} o INNER JOIN {_quoted(Provider)} p ON p.id = o.provider_id{held} "
        f"WHERE o.capability_id IN ({', '.join(['%s'] * len(capability_ids))}) AND p.is_active = %s "
        "AND o.provider_id IN "
        f"(SELECT pr.provider_id FROM {_quoted(Provider.regions.through)} pr "
        f"INNER JOIN {_quoted(Region)} r ON r.id = pr.region_id WHERE r.code = %s)"
    )
    # the parameters in the order of their places: the select list, the join, the filters
    return sql, [*fit_params, *held_params, *capability_ids, True, region_code]


def _alias(criterion: str) -> str:
    return f"criterion_{criterion}"


def _capped(column: str) -> str:
    """The SQL of `column` capped at a parameter (CASE: SQLite's MIN and PostgreSQL's LEAST differ)."""
    return f"CASE WHEN {column} < %s THEN {column} ELSE %s END"


def _pools(cursor: Any, capabilities: dict[str, int], caps: dict[str, list[float]]) -> list[OfferingPool]:
    """One aggregate query over the candidates' criteria: the pools of every capability and cap in use.

    A UNION ALL of one aggregate per capability (its rows only, through the temporary table's
    index), each with the capped capacity's sum of squares for that capability's own caps."""
    width = max(len(found) for found in caps.values())
    capacity = _alias("capacity_ftes")
    parts, arguments = [], []
    for code in sorted(caps):
        columns = ["capability_id", "COUNT(*)"]
        for criterion in SHORTLIST_CRITERIA:
            column = _alias(criterion)
            columns += [f"SUM({column} * {column})", f"MIN({column})", f"MAX({column})"]
        for cap in caps[code]:
            columns.append(f"SUM(({_capped(capacity)}) * ({_capped(capacity)}))")
            arguments += [cap, cap, cap, cap]
        columns += ["NULL"] * (width - len(caps[code]))
        parts.append(f"SELECT {', '.join(columns)} FROM {CANDIDATES} WHERE capability_id = %s GROUP BY capability_id")  # noqa: S608 - our own column names and expressions; every value is a parameter
        arguments.append(capabilities[code])
    cursor.execute(" UNION ALL ".join(parts), arguments)
    rows = {row[0]: row[1:] for row in cursor.fetchall()}
    pools = []
    for code in sorted(caps):
        row = rows.get(capabilities[code])
        if row is None:
            continue
        for n, cap in enumerate(caps[code]):
            figures: dict[str, float] = {}
            for c, criterion in enumerate(SHORTLIST_CRITERIA):
                squares, low, high = row[1 + 3 * c : 4 + 3 * c]
                if criterion == "capacity_ftes":
                    low, high = min(low, cap), min(high, cap)
                    squares = row[1 + 3 * len(SHORTLIST_CRITERIA) + n]
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
    """One query: the ids of the first RANKED_PER_CAP candidates of each capability and cap.

    A UNION ALL of one top-N query per capability and cap: each reads only its capability's rows
    (the temporary table's index) and keeps the best RANKED_PER_CAP while it reads (a bounded
    sort), instead of numbering every candidate of every capability once per cap."""
    parts, arguments = [], []
    for n, (code, found) in enumerate(sorted(by_capability.items())):
        for m, pool in enumerate(found):
            order, order_args = _closeness_order(pool)
            parts.append(
                f"SELECT id FROM (SELECT id FROM {CANDIDATES} WHERE capability_id = %s "  # noqa: S608 - our own SQL; every value is a parameter
                f"ORDER BY {order} DESC, provider_slug, delivery_model LIMIT %s) AS ranked_{n}_{m}"
            )
            arguments += [capabilities[code], *order_args, RANKED_PER_CAP]
    cursor.execute(" UNION ALL ".join(parts), arguments)
    return sorted({row[0] for row in cursor.fetchall()})


def offering_pools_select(
    *, requests: Sequence[ShortlistRequest], region_code: str
) -> tuple[list[dict[str, Any]], list[OfferingPool]]:
    """(the offerings the shortlists of `requests` pick, the pools of their full candidate sets).

    Offerings are ``providers.selectors.offerings_for_engine`` dicts (at most SHORTLIST_SIZE per
    request), pools one per capability and capacity cap that has candidates in `region_code`.
    The engine given both computes the shortlists it computes over every offering of the region
    (tests/assessments/test_roadmap_input.py). Ten queries (eight without a candidate), whatever the catalogue's size.
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
    sql, params = _candidates_sql({code: capabilities[code] for code in caps}, certifications, region_code)
    # The candidates' criteria are computed once into a temporary table (per connection), which
    # both queries read: half the time of a common table expression materialised twice.
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {CANDIDATES} AS {sql}", params)
        try:
            cursor.execute(f"CREATE INDEX {CANDIDATES}_capability ON {CANDIDATES} (capability_id)")
            pools = _pools(cursor, capabilities, caps)
            by_capability: dict[str, list[OfferingPool]] = {}
            for pool in pools:
                by_capability.setdefault(pool.capability, []).append(pool)
            ranked = _ranked(cursor, capabilities, by_capability) if pools else []
        finally:
            cursor.execute(f"DROP TABLE {CANDIDATES}")
    if not pools:
        return [], []
    # the ranked ids are candidates of the region already: filtering by the region again made
    # PostgreSQL plan the region's semi-join over every offering (160 ms at 10,000 providers)
    offerings = provider_selectors.offerings_for_engine(capability_codes=sorted(caps), offering_ids=ranked)
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
