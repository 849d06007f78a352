"""What the managers' pages show, built from the presenter: the dashboard's context and cache keys,
the comparison of two roadmaps, the portfolio charts, the glossary's figures and the downloads.

The views call this module and never the chart, comparison or export builders (nor the engine)
themselves; every
function here takes objects the view has already fetched through assessments/organisations/access.py
or a scoped selector, except `comparison_page_get`, which fetches the pair through its selector.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Literal

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import get_language

from assessments.engine.defaults import POSSIBLE_FROM, PROBABLE_FROM
from assessments.models import Roadmap
from assessments.roadmaps import (
    comparison_selectors,
    exports,
    parameter_presenter,
    portfolio_selectors,
    presenter,
    selectors,
)
from assessments.roadmaps.charts.base import CACHE_SECONDS, CHARTS_VERSION, Chart
from assessments.roadmaps.charts.comparison import compare_chart, compare_many_chart
from assessments.roadmaps.charts.dashboard import dashboard_charts_cached, roadmap_cache_tag
from assessments.roadmaps.charts.portfolio import portfolio_charts
from assessments.roadmaps.comparison import Comparison, ManyComparison, roadmap_compare
from assessments.roadmaps.comparison import roadmaps_compare as _roadmaps_compare

# How long a rendered dashboard fragment is kept (seconds): as long as its charts.
DASHBOARD_CACHE_SECONDS = CACHE_SECONDS


def dashboard_body_key(*, roadmap_id: int, finished_at: Any, names_version: str) -> str:
    """The cache key of a dashboard's body (KPIs, charts, tables): one per computed result, language
    and version of the names shown."""
    return f"roadmap-dashboard-body:{roadmap_cache_tag(roadmap_id, finished_at, names_version)}"


def dashboard_main_key(*, pk: int, digest: str) -> str:
    """The cache key of the part around the body (header, decision, other roadmaps), per state digest
    (`DashboardState.digest`) and language."""
    return f"roadmap-dashboard-main:{CHARTS_VERSION}:{pk}:{get_language() or ''}:{digest}"


def dashboard_page_key(*, pk: int, digest: str, viewer: tuple[Any, ...]) -> str:
    """The cache key of the whole page for one viewer (`viewer`: what of the user and address the
    page shows), hashed so that nothing personal is in the key."""
    viewer_hash = hashlib.sha256(repr(viewer).encode()).hexdigest()[:32]
    return f"roadmap-dashboard-page:{CHARTS_VERSION}:{pk}:{get_language() or ''}:{digest}:{viewer_hash}"


def roadmap_page_context(
    *, roadmap: Roadmap, view: presenter.RoadmapPresentation, names_version: str = ""
) -> dict[str, Any]:
    """The template context of the dashboard body and the board pack: the presentation, its charts
    (cached per result), the effective parameters with their sources, and the roadmap's labels."""
    stored = parameter_presenter.roadmap_parameters_stored(roadmap=roadmap)
    parameters = parameter_presenter.parameters_effective(
        stored, result={"effective_parameters": view.effective_parameters}
    )
    return {
        "roadmap": roadmap,
        "assessment": roadmap.assessment,
        "organisation": roadmap.assessment.organisation,
        "view": view,
        "currency": view.currency,
        "charts": dashboard_charts_cached(
            roadmap_id=roadmap.pk, finished_at=roadmap.finished_at, view=view, names_version=names_version
        ),
        "parameters": parameters,
        "parameter_rows": parameter_presenter.parameter_rows(
            parameters, stored=set(stored), overridden=set(roadmap.parameter_overrides or {})
        ),
        # Effective parameters carry every default, so no figure is repeated here.
        "gate_percent": f"{float(parameters['gate_fraction']) * 100:g}",
        "materiality_percent": f"{float(parameters['materiality_threshold']) * 100:g}",
        "decided_by": selectors.decided_by_name(roadmap),
        "roadmap_label": selectors.roadmap_label(roadmap),
    }


@dataclass(frozen=True)
class ComparisonPage:
    """Two roadmaps side by side. When one is not computed yet, `not_ready` is that roadmap and the
    other fields are None."""

    first: Roadmap
    second: Roadmap
    not_ready: Roadmap | None = None
    comparison: Comparison | None = None
    first_label: str = ""
    second_label: str = ""
    currency: str = ""
    chart: Chart | None = None


def comparison_page_get(*, user: User, first_pk: int, second_pk: int) -> ComparisonPage:
    """The comparison of two roadmaps of one organisation the user may see.

    Raises Http404 (from `comparison_selectors.roadmap_pair_get`) for a roadmap the user may not see
    or two roadmaps of different organisations. The chart is drawn only when both share a currency.
    """
    first, second = comparison_selectors.roadmap_pair_get(user=user, first_pk=first_pk, second_pk=second_pk)
    first_view = presenter.roadmap_presentation_get(roadmap=first)
    second_view = presenter.roadmap_presentation_get(roadmap=second)
    if first_view is None or second_view is None:
        return ComparisonPage(first=first, second=second, not_ready=first if first_view is None else second)
    comparison = roadmap_compare(
        first=first,
        second=second,
        first_view=first_view,
        second_view=second_view,
        first_parameters=parameter_presenter.parameters_effective(
            parameter_presenter.roadmap_parameters_stored(roadmap=first)
        ),
        second_parameters=parameter_presenter.parameters_effective(
            parameter_presenter.roadmap_parameters_stored(roadmap=second)
        ),
    )
    first_label, second_label = selectors.roadmap_label(first), selectors.roadmap_label(second)
    chart = None
    if comparison.same_currency:
        chart = compare_chart(first_label=first_label, second_label=second_label, first=first_view, second=second_view)
    return ComparisonPage(
        first=first,
        second=second,
        comparison=comparison,
        first_label=first_label,
        second_label=second_label,
        currency=first_view.currency,
        chart=chart,
    )


def portfolio_charts_get(*, assessments: QuerySet[portfolio_selectors.PortfolioAssessment]) -> list[Chart]:
    """The portfolio charts of the filtered portfolio (`portfolio_selectors.portfolio_assessments`):
    one query for the rows, then NPV and payback per currency."""
    return portfolio_charts(portfolio_selectors.portfolio_chart_rows(assessments=assessments))


ExportKind = Literal["xlsx", "items.csv", "cash-flow.csv", "risk.csv"]


@dataclass(frozen=True)
class Download:
    """A file to send: its bytes, its name and its media type."""

    content: bytes
    filename: str
    content_type: str


def roadmap_download(*, roadmap: Roadmap, view: presenter.RoadmapPresentation, kind: ExportKind) -> Download:
    """One export of a computed roadmap: the workbook, or the items, the cash flow or the risk as CSV."""
    if kind == "xlsx":
        content = exports.roadmap_workbook(roadmap=roadmap, view=view)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif kind == "items.csv":
        content, content_type = exports.items_csv(view=view), "text/csv; charset=utf-8"
    elif kind == "risk.csv":
        content, content_type = exports.risk_csv(view=view), "text/csv; charset=utf-8"
    else:
        content, content_type = exports.cash_flow_csv(view=view), "text/csv; charset=utf-8"
    return Download(content=content, filename=exports.export_filename(roadmap, kind), content_type=content_type)


def roadmaps_compare(*, roadmaps: list[Roadmap], views: list[presenter.RoadmapPresentation]) -> ManyComparison:
    """Three to six computed roadmaps side by side (pure; see comparison.roadmaps_compare)."""
    return _roadmaps_compare(roadmaps=roadmaps, views=views)


def glossary_context() -> dict[str, Any]:
    """The glossary page's figures, as the template shows them.

    Keys: `gate_percent` and `materiality_percent` (per cent, as text), `horizon_months` (int), from
    the engine's effective defaults (`parameter_presenter.parameters_effective`); `probable_from`
    and `possible_from`, the BPO suitability scores (0-100, as text) from which a function is a
    probable or a possible candidate (`assessments.engine.defaults`; the product's own judgement);
    `kpis`, the key figures in dashboard order as dicts of `key`, `label` and `help`.
    """
    defaults = parameter_presenter.parameters_effective({})
    return {
        "gate_percent": f"{float(defaults['gate_fraction']) * 100:g}",
        "materiality_percent": f"{float(defaults['materiality_threshold']) * 100:g}",
        "horizon_months": defaults["horizon_months"],
        "probable_from": f"{PROBABLE_FROM:g}",
        "possible_from": f"{POSSIBLE_FROM:g}",
        "kpis": [
            {"key": key, "label": presenter.KPI_LABELS[key], "help": presenter.KPI_HELP[key]}
            for key in presenter.KPI_KEYS
        ],
    }


def compare_many_chart_get(*, labels: list[str], kpi_rows: list[dict[str, Any]], currency: str) -> Chart:
    """The grouped-bar chart of 3-6 roadmaps' money figures (one bar per roadmap in the series
    colours; charts/comparison.py), for the comparison page."""
    return compare_many_chart(labels=labels, kpi_rows=kpi_rows, currency=currency)
