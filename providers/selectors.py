"""Reads of the provider catalogue: browsing, export and the engine's inputs.

The catalogue is shared reference data: every signed-in user may read it, only
administrators change it (in the Django admin). Every function here runs a fixed
number of queries, whatever the number of providers.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import CharField, Count, F, Max, Min, Prefetch, Q, QuerySet, Sum, TextField, Value
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from providers.models import Benchmark, Capability, Offering, Provider

# Price bands over the price index (1.00 = market price).
BUDGET_BELOW = Decimal("0.90")
PREMIUM_ABOVE = Decimal("1.10")
PRICE_BANDS: dict[str, Any] = {
    "budget": _("Budget (index below 0.90)"),
    "market": _("Market (0.90 to 1.10)"),
    "premium": _("Premium (above 1.10)"),
}
SORTS: dict[str, Any] = {
    "name": _("Name"),
    "rating": _("Rating, best first"),
    "price": _("Price, lowest first"),
    "capacity": _("Capacity, largest first"),
    "quality": _("Quality, best first"),
}
# Providers without a matching offering have no price, capacity or quality: always last.
_ORDERING = {
    "name": ("name",),
    "rating": ("-rating", "name"),
    "price": (F("min_price").asc(nulls_last=True), "name"),
    "capacity": (F("total_capacity").desc(nulls_last=True), "name"),
    "quality": (F("best_quality").desc(nulls_last=True), "name"),
}


def price_band_of(price_index: Decimal | float) -> str:
    if price_index < BUDGET_BELOW:
        return "budget"
    if price_index > PREMIUM_ABOVE:
        return "premium"
    return "market"


def capabilities_by_kind(*, kind: str) -> QuerySet[Capability]:
    return Capability.objects.filter(kind=kind).order_by("sort_order", "name")


@dataclass(frozen=True, kw_only=True)
class CatalogueQuery:
    q: str = ""
    kind: str = ""
    capability: Capability | None = None
    region: Any = None
    certification: Any = None
    delivery_model: str = ""
    price_band: str = ""
    min_rating: Decimal | None = None
    sort: str = "name"

    @property
    def filters_offerings(self) -> bool:
        return bool(self.kind or self.capability or self.delivery_model or self.price_band)


def _offering_conditions(query: CatalogueQuery, prefix: str = "") -> Q:
    """Conditions on one offering; with a prefix they apply through a provider's relation."""
    conditions = Q()
    if query.kind:
        conditions &= Q(**{f"{prefix}capability__kind": query.kind})
    if query.capability is not None:
        conditions &= Q(**{f"{prefix}capability": query.capability})
    if query.delivery_model:
        conditions &= Q(**{f"{prefix}delivery_model": query.delivery_model})
    if query.price_band == "budget":
        conditions &= Q(**{f"{prefix}price_index__lt": BUDGET_BELOW})
    elif query.price_band == "market":
        conditions &= Q(**{f"{prefix}price_index__gte": BUDGET_BELOW, f"{prefix}price_index__lte": PREMIUM_ABOVE})
    elif query.price_band == "premium":
        conditions &= Q(**{f"{prefix}price_index__gt": PREMIUM_ABOVE})
    return conditions


def catalogue_providers(*, query: CatalogueQuery) -> QuerySet[Provider]:
    """Active providers matching the query, with the figures of their matching offerings.

    Offering filters (kind, capability, delivery model, price band) must hold for one
    and the same offering; its price, capacity and quality are what the cards show.
    """
    providers = Provider.objects.filter(is_active=True)
    if query.filters_offerings:
        providers = providers.filter(pk__in=Offering.objects.filter(_offering_conditions(query)).values("provider_id"))
    if query.region is not None:
        providers = providers.filter(
            pk__in=Provider.regions.through.objects.filter(region=query.region).values("provider_id")
        )
    if query.certification is not None:
        providers = providers.filter(
            pk__in=Provider.certifications.through.objects.filter(certification=query.certification).values(
                "provider_id"
            )
        )
    if query.min_rating is not None:
        providers = providers.filter(rating__gte=query.min_rating)
    if query.q:
        text = query.q
        providers = providers.filter(
            Q(name__icontains=text)
            | Q(slug__icontains=text)
            | Q(description__icontains=text)
            | Q(headquarters_country__icontains=text)
            | Q(
                pk__in=Offering.objects.filter(
                    Q(capability__name__icontains=text) | Q(capability__code__icontains=text)
                ).values("provider_id")
            )
        )
    matching = _offering_conditions(query, prefix="offerings__")
    providers = providers.annotate(
        offering_count=Count("offerings", filter=matching),
        min_price=Min("offerings__price_index", filter=matching),
        max_price=Max("offerings__price_index", filter=matching),
        total_capacity=Sum("offerings__capacity_ftes", filter=matching),
        best_quality=Max("offerings__quality_score", filter=matching),
    )
    return providers.order_by(*_ORDERING.get(query.sort, _ORDERING["name"])).prefetch_related(
        "regions",
        "certifications",
        Prefetch(
            "offerings",
            queryset=Offering.objects.filter(_offering_conditions(query))
            .select_related("capability")
            .order_by("capability__kind", "capability__sort_order", "delivery_model"),
            to_attr="matching_offerings",
        ),
    )


def catalogue_totals() -> dict[str, int]:
    """Headline counts for the catalogue page, in one query."""
    return Provider.objects.filter(is_active=True).aggregate(
        provider_count=Count("pk", distinct=True),
        offering_count=Count("offerings", distinct=True),
        capability_count=Count("offerings__capability", distinct=True),
    )


def provider_get(*, slug: str, user: User | AnonymousUser) -> Provider:
    """A provider with everything its page shows; inactive ones only for administrators."""
    providers = Provider.objects.prefetch_related(
        "regions",
        "certifications",
        Prefetch(
            "offerings",
            queryset=Offering.objects.select_related("capability").order_by(
                "capability__kind", "capability__sort_order", "delivery_model"
            ),
        ),
    )
    if not user.is_staff:
        providers = providers.filter(is_active=True)
    provider = providers.filter(slug=slug).first()
    if provider is None:
        raise Http404("No such provider.")
    return provider


def catalogue_export_rows() -> list[dict[str, Any]]:
    """Every provider and offering in the flat import layout (one row per offering)."""
    return list(catalogue_export_rows_iter())


# Providers read per query, with their regions, certifications and offerings read for the whole chunk.
EXPORT_CHUNK_PROVIDERS = 2000
_EXPORT_PROVIDER_FIELDS = (
    "slug", "name", "description", "website", "headquarters_country", "founded_year", "employees", "rating",
)  # fmt: skip
_EXPORT_OFFERING_FIELDS = (
    "capability__code", "delivery_model", "price_index", "capacity_ftes", "min_contract_months", "quality_score",
    "experience_years",
)  # fmt: skip


def catalogue_export_rows_iter() -> Iterator[dict[str, Any]]:
    """`catalogue_export_rows` one row at a time, the database read in chunks of providers (bounded memory).

    Plain values, no model instances: 40,000 offerings read in a few queries per 2,000 providers.
    """
    providers = Provider.objects.order_by("slug").values_list("pk", "is_active", *_EXPORT_PROVIDER_FIELDS)
    chunk: list[tuple] = []
    for provider in providers.iterator(chunk_size=EXPORT_CHUNK_PROVIDERS):
        chunk.append(provider)
        if len(chunk) == EXPORT_CHUNK_PROVIDERS:
            yield from _export_chunk(chunk)
            chunk = []
    if chunk:
        yield from _export_chunk(chunk)


def _codes_by_provider(through: Any, ids: list[int], code: str) -> dict[int, str]:
    codes: dict[int, list[str]] = defaultdict(list)
    for provider_id, value in through.objects.filter(provider_id__in=ids).values_list("provider_id", code):
        codes[provider_id].append(value)
    return {provider_id: ";".join(sorted(values)) for provider_id, values in codes.items()}


def _export_chunk(providers: list[tuple]) -> Iterator[dict[str, Any]]:
    ids = [provider[0] for provider in providers]
    regions = _codes_by_provider(Provider.regions.through, ids, "region__code")
    certifications = _codes_by_provider(Provider.certifications.through, ids, "certification__code")
    offerings: dict[int, list[tuple]] = defaultdict(list)
    for provider_id, *values in (
        Offering.objects.filter(provider_id__in=ids)
        .order_by("capability__kind", "capability__sort_order", "capability__code", "delivery_model")
        .values_list("provider_id", *_EXPORT_OFFERING_FIELDS)
    ):
        offerings[provider_id].append(values)
    for pk, is_active, *values in providers:
        provider_cells = {
            **dict(zip(_EXPORT_PROVIDER_FIELDS, values, strict=True)),
            "regions": regions.get(pk, ""),
            "certifications": certifications.get(pk, ""),
            "active": "true" if is_active else "false",
        }
        if not offerings[pk]:
            # A provider without offerings still round-trips, as a row with empty offering columns.
            yield provider_cells
        for offering in offerings[pk]:
            yield {
                **provider_cells,
                "capability": offering[0],
                "delivery_model": offering[1],
                "price_index": offering[2],
                "capacity_ftes": offering[3],
                "min_contract_months": offering[4],
                "quality_score": offering[5],
                "experience_years": offering[6],
            }


# --- Engine inputs ----------------------------------------------------------------------


def _engine_offerings_wanted(codes: list[str], region_code: str | None) -> Q:
    wanted = Q(provider__is_active=True, capability__code__in=codes)
    if region_code is not None:
        wanted &= Q(provider__in=Provider.objects.filter(regions__code=region_code).values("pk"))
    return wanted


def offerings_for_engine(
    *,
    capability_codes: Iterable[str],
    region_code: str | None = None,
    offering_ids: Iterable[int] | None = None,
) -> list[dict[str, Any]]:
    """Active providers' offerings of the given capabilities as plain dicts, in two queries.

    With `region_code`, only providers serving that region (the engine shortlists no other);
    with `offering_ids`, only those offerings (a pre-selection).
    """
    codes = sorted(set(capability_codes))
    if not codes:
        return []
    wanted = _engine_offerings_wanted(codes, region_code)
    if offering_ids is not None:
        wanted &= Q(pk__in=sorted(set(offering_ids)))
    offerings = (
        Offering.objects.filter(wanted)
        .order_by("provider__slug", "capability__code", "delivery_model")
        .values_list(
            "provider_id",
            "provider__slug",
            "provider__name",
            "provider__rating",
            "capability__code",
            "delivery_model",
            "price_index",
            "quality_score",
            "capacity_ftes",
            "experience_years",
        )
    )
    provider_ids: Any = Offering.objects.filter(wanted).values("provider_id")
    if offering_ids is not None:
        # a pre-selection is a few rows: their providers by id, not a subquery that PostgreSQL
        # may plan over every offering
        offerings = list(offerings)  # type: ignore[assignment]  # evaluated once, iterated below
        provider_ids = sorted({row[0] for row in offerings})
    regions = (
        Provider.regions.through.objects.filter(provider_id__in=provider_ids)
        .annotate(kind=Value("region", output_field=CharField()))
        .values_list("provider_id", "kind", "region__code")  # type: ignore[misc]  # the plugin misses annotations on through models
    )
    certifications = (
        Provider.certifications.through.objects.filter(provider_id__in=provider_ids)
        .annotate(kind=Value("certification", output_field=CharField()))
        .values_list("provider_id", "kind", "certification__code")  # type: ignore[misc]  # as above
    )
    codes_of: dict[tuple[int, str], list[str]] = defaultdict(list)
    for provider_id, kind, code in regions.union(certifications, all=True):
        codes_of[(provider_id, kind)].append(code)
    return [
        {
            "provider": slug,
            "provider_name": name,
            "capability": capability,
            "delivery_model": delivery_model,
            "regions": sorted(codes_of[(provider_id, "region")]),
            "price_index": float(price_index),
            "quality": float(quality),
            "certifications": sorted(codes_of[(provider_id, "certification")]),
            "capacity_ftes": float(capacity),
            "experience_years": float(experience),
            "rating": float(rating),
        }
        for (
            provider_id,
            slug,
            name,
            rating,
            capability,
            delivery_model,
            price_index,
            quality,
            capacity,
            experience,
        ) in offerings
    ]


_BENCHMARK_FLOATS = (
    "savings_low",
    "savings_typical",
    "savings_high",
    "transition_cost_fraction",
    "market_unit_cost_low",
    "market_unit_cost_typical",
    "market_unit_cost_high",
)
_BENCHMARK_INTS = ("transition_months", "engagement_months", "ramp_months")
_BENCHMARK_MARKET_TEXTS = ("unit_of_measure", "market_currency", "market_region")


def benchmarks_for_engine(*, capability_codes: Iterable[str] | None = None) -> dict[str, dict[str, float | int | str]]:
    """Capability code -> the administrators' current benchmark figures, in one query.

    Fractions as fractions; the market unit-cost band (money per unit a year, in its
    market currency) with its unit, currency, year and region only when the benchmark has one.
    """
    result: dict[str, dict[str, float | int | str]] = {}
    rows = Benchmark.objects.all()
    if capability_codes is not None:
        rows = rows.filter(capability__code__in=sorted(set(capability_codes)))
    for row in rows.values(
        "capability__code", *_BENCHMARK_FLOATS, *_BENCHMARK_INTS, *_BENCHMARK_MARKET_TEXTS, "market_year"
    ):
        figures: dict[str, float | int | str] = {}
        for name in _BENCHMARK_FLOATS:
            if row[name] is not None:
                figures[name] = float(row[name])
        if row["market_unit_cost_typical"] is not None:
            for name in _BENCHMARK_MARKET_TEXTS:
                if row[name]:
                    figures[name] = row[name]
            if row["market_year"] is not None:
                figures["market_year"] = int(row["market_year"])
        for name in _BENCHMARK_INTS:
            # NULL (engagement months of a BPO capability, ramp-up of an ITO one) is the engine's 0,
            # "not applicable": every capability's benchmark is then complete, shipped or not.
            figures[name] = int(row[name]) if row[name] is not None else 0
        result[row["capability__code"]] = figures
    return result


def offering_candidates_for_engine(
    *, capability_codes: Iterable[str], region_code: str
) -> tuple[list[tuple[Any, ...]], dict[int, tuple[str, ...]]]:
    """Every candidate of the shortlists of `capability_codes` in `region_code` (active providers
    serving the region), in two queries: rows of (offering id, provider id, provider slug,
    capability code, delivery model, price index, quality, capacity, experience), the figures as
    floats exactly as ``offerings_for_engine`` gives them, and each provider's certification codes."""
    codes = sorted(set(capability_codes))
    if not codes:
        return [], {}
    held: dict[int, list[str]] = defaultdict(list)
    # the certifications of every provider serving the region (a few rows per provider): one join,
    # not a second pass over the candidates
    for provider_id, code in Provider.certifications.through.objects.filter(
        provider__regions__code=region_code
    ).values_list("provider_id", "certification__code"):
        held[provider_id].append(code)
    # The decimals as their text, read with float(): the value float(Decimal) gives, without
    # building a Decimal per figure (half the time of this query on 20,000 rows).
    rows = [
        (pk, provider_id, slug, capability, model, float(price), float(quality), float(capacity), float(experience))
        for pk, provider_id, slug, capability, model, price, quality, capacity, experience in Offering.objects.filter(
            _engine_offerings_wanted(codes, region_code)
        ).values_list(
            "pk",
            "provider_id",
            "provider__slug",
            "capability__code",
            "delivery_model",
            Cast("price_index", TextField()),
            Cast("quality_score", TextField()),
            "capacity_ftes",
            "experience_years",
        )
    ]
    return rows, {provider_id: tuple(sorted(found)) for provider_id, found in held.items()}
