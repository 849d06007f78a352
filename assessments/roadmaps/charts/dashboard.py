"""The dashboard's set of charts for one roadmap, and its cache (a done result never changes)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language

from assessments.roadmaps.charts.base import CACHE_SECONDS, CHARTS_VERSION, Chart
from assessments.roadmaps.charts.items import benefit_by_function_chart, savings_by_capability_chart, suitability_chart
from assessments.roadmaps.charts.risk import risk_npv_chart, tornado_chart
from assessments.roadmaps.charts.roadmap import cash_flow_chart, roadmap_scale, timeline_chart
from assessments.roadmaps.presenter import RoadmapPresentation


def dashboard_charts(view: RoadmapPresentation) -> list[Chart]:
    scale = roadmap_scale(view)
    charts = [timeline_chart(view), cash_flow_chart(view, scale)]
    if view.risk:
        charts.append(risk_npv_chart(view))
        if view.risk.get("tornado"):
            charts.append(tornado_chart(view))
    if view.ito_candidates:
        charts.append(savings_by_capability_chart(view, scale))
    if view.bpo_candidates:
        charts.append(benefit_by_function_chart(view, scale))
        charts.append(suitability_chart(view, scale))
    return charts


def roadmap_cache_tag(roadmap_id: int, finished_at: Any, names_version: str = "") -> str:
    """Names one computed result in cache keys. The finish time rules out a reused id (a test
    database rolled back, a database restored) ever serving another roadmap's drawing;
    `names_version` (`DashboardState.names_version`) changes when a name shown may have changed."""
    finished = finished_at.isoformat() if finished_at else "-"
    return f"{CHARTS_VERSION}:{roadmap_id}:{finished}:{get_language() or ''}:{names_version}"


def dashboard_charts_cached(
    *, roadmap_id: int, finished_at: Any, view: RoadmapPresentation, names_version: str = ""
) -> list[Chart]:
    """The dashboard's figures, cached per roadmap, language and names: a done result never changes."""
    key = f"roadmap-charts:{roadmap_cache_tag(roadmap_id, finished_at, names_version)}"
    cached = cache.get(key)
    if cached is not None:
        return [Chart.from_dict(data) for data in cached]
    charts = dashboard_charts(view)
    cache.set(key, [chart.as_dict() for chart in charts], CACHE_SECONDS)
    return charts


# --- Portfolio and comparison -------------------------------------------------------
