"""Reads of one roadmap for its pages and exports: its engine input, the benchmarks it used, how it
is named, who decided it, and the roadmaps of an assessment; the user's roadmap notices.

Functions that take a roadmap expect one fetched through assessments/organisations/access.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.db.models import Case, F, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from assessments.engine import DEFAULT_BENCHMARKS, ENGINE_VERSION
from assessments.models import (
    Assessment,
    Decision,
    Roadmap,
    RoadmapNotification,
)
from assessments.roadmaps.decision_state import SIBLING_NAME, SIBLING_PK, approved_sibling_annotate
from providers.models import Benchmark

if TYPE_CHECKING:
    pass


BENCHMARK_FIELDS = (
    "savings_low",
    "savings_typical",
    "savings_high",
    "transition_months",
    "transition_cost_fraction",
    "engagement_months",
    "ramp_months",
    # ITO only (engine 2.0): the market's unit-cost band that found savings are measured against.
    "unit_of_measure",
    "market_unit_cost_low",
    "market_unit_cost_typical",
    "market_unit_cost_high",
    "market_currency",
    "market_year",
    "market_region",
)


# Input keys of roadmaps stored by engine 1.x, read under their 2.0 names.
_LEGACY_BENCHMARK_KEYS = {"transition_cost_pct": "transition_cost_fraction"}


_BENCHMARK_SOURCE_COLUMNS = {
    "savings_low": "savings_source",
    "savings_typical": "savings_source",
    "savings_high": "savings_source",
    "transition_months": "transition_months_source",
    "transition_cost_fraction": "transition_cost_source",
    "engagement_months": "duration_source",
    "ramp_months": "duration_source",
}


def roadmap_engine_outdated(*, roadmap: Roadmap) -> bool:
    """True when a computed roadmap was computed by another engine version than the one installed.

    The roadmap keeps its result and the version it was computed with; a recompute (a new
    roadmap row, since the inputs hash includes the version) offers the current one. A roadmap
    not computed yet (no version stored) is not outdated: it will be computed by this engine.
    """
    return bool(roadmap.engine_version) and roadmap.engine_version != ENGINE_VERSION


def roadmap_inputs_get(*, roadmap: Roadmap) -> dict[str, Any]:
    """The engine input the roadmap was computed from (one query; it is left out of the page's fetch)."""
    inputs = Roadmap.objects.filter(pk=roadmap.pk).values_list("inputs", flat=True).first()
    return inputs or {}


def benchmark_rows(*, inputs: dict[str, Any], capability_names: dict[str, str]) -> list[dict[str, Any]]:
    """The benchmark figures the roadmap used, each with its source.

    The figures come from the roadmap's stored input (what the engine actually used) over the
    engine's shipped defaults; the source is the administrators' Benchmark row when it exists
    (they cite what they enter), else the engine's cited default. One query.
    """
    used = {item["capability"] for item in inputs.get("it_cost_areas", [])} | {
        item["capability"] for item in inputs.get("business_functions", [])
    }
    stored = {
        code: {_LEGACY_BENCHMARK_KEYS.get(key, key): value for key, value in figures.items()}
        for code, figures in (inputs.get("benchmarks") or {}).items()
    }
    sources = {
        row["capability__code"]: row
        for row in Benchmark.objects.filter(capability__code__in=used).values(
            "capability__code", *set(_BENCHMARK_SOURCE_COLUMNS.values())
        )
    }
    rows = []
    for code in sorted(used):
        default = DEFAULT_BENCHMARKS.get(code)
        for name in BENCHMARK_FIELDS:
            if name in stored.get(code, {}):
                value = stored[code][name]
            elif default is not None:
                value = getattr(default, name, None)
            else:
                continue
            if value in (None, ""):
                continue
            source = ""
            if code in sources and name in stored.get(code, {}) and name in _BENCHMARK_SOURCE_COLUMNS:
                source = sources[code][_BENCHMARK_SOURCE_COLUMNS[name]]
            if not source and default is not None:
                source = default.source_of(name)
            rows.append(
                {
                    "capability": code,
                    "name": capability_names.get(code, code),
                    "field": name,
                    "value": value,
                    "source": source,
                }
            )
    return rows


def assessment_roadmaps(*, assessment: Assessment) -> list[Roadmap]:
    """The roadmaps of an assessment for its page: the approved one first, then base, then newest.

    One query; the JSON columns are left out. The caller has authorised the assessment.
    """
    return list(
        approved_sibling_annotate(queryset=Roadmap.objects.filter(assessment=assessment))
        .only("pk", "name", "status", "decision", "npv", "requested_at", "finished_at", "assessment_id")
        .order_by(
            Case(When(decision=Decision.APPROVED, then=Value(0)), default=Value(1)),
            Case(When(name="", then=Value(0)), default=Value(1)),
            F("requested_at").desc(),
            F("pk").desc(),
        )
    )


def roadmap_label(roadmap: Roadmap) -> str:
    """How a roadmap is named in pickers and comparisons: assessment, version, scenario."""
    assessment = roadmap.assessment
    base = f"{assessment.title} v{assessment.version}"
    return f"{base} · {roadmap.name}" if roadmap.name else f"{base} · {_('base roadmap')}"


def decided_by_name(roadmap: Roadmap) -> str:
    user = roadmap.decided_by
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def notifications_of(*, user: User) -> QuerySet[RoadmapNotification]:
    """The user's notifications, newest first, with their roadmap and assessment, annotated with
    the roadmap's approved sibling (`approved_sibling_annotate`, prefix "roadmap__")."""
    return approved_sibling_annotate(
        queryset=RoadmapNotification.objects.filter(user_id=user.pk), prefix="roadmap__"
    ).select_related("roadmap", "roadmap__assessment")


def notifications_with_decision_state(*, notices: list[RoadmapNotification]) -> list[RoadmapNotification]:
    """`notices` (from `notifications_of`) with each roadmap carrying its approved sibling, so that
    `roadmap_decision_state` reads it without a query; the same list, changed in place."""
    for notice in notices:
        for name in (SIBLING_PK, SIBLING_NAME):
            setattr(notice.roadmap, name, getattr(notice, name))
    return notices
