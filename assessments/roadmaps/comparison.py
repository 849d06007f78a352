"""Two roadmaps side by side: scenarios of one assessment, or versions of it.

A pure comparison of two presentations (assessments/roadmaps/presenter.py): KPI deltas, items matched by capability and
kind, parameter differences.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, cast

from django.utils.translation import gettext_lazy as _

from assessments.models import Roadmap
from assessments.roadmaps.parameter_presenter import parameter_rows
from assessments.roadmaps.presenter import KPI_KEYS, KPI_LABELS, LOWER_IS_BETTER, RoadmapPresentation


def _phase_of(item: dict[str, Any] | None) -> str:
    if item is None:
        return "absent"
    return item["kind"] if item["included"] else "excluded"


def _match_items(
    first: RoadmapPresentation, second: RoadmapPresentation, *, same_assessment: bool
) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """Pairs of the same line in both roadmaps.

    Within one assessment item ids are the line ids. Across versions lines are copied with
    new ids, so they are matched by kind, capability and order of appearance.
    """

    def key_of(items: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
        if same_assessment:
            return {item["id"]: item for item in items}
        seen: Counter[tuple[str, str]] = Counter()
        keyed = {}
        for item in items:
            pair = (item["kind"], item["capability"])
            seen[pair] += 1
            keyed[(*pair, seen[pair])] = item
        return keyed

    left, right = key_of(first.items), key_of(second.items)
    keys = list(left) + [key for key in right if key not in left]
    return [(left.get(key), right.get(key)) for key in keys]


PHASE_LABELS: dict[str, Any] = {
    "ITO": _("ITO phase"),
    "BPO": _("BPO phase"),
    "excluded": _("not recommended"),
    "absent": _("not in this roadmap"),
}


@dataclass
class Comparison:
    first: Roadmap
    second: Roadmap
    first_view: RoadmapPresentation
    second_view: RoadmapPresentation
    kpi_rows: list[dict[str, Any]]
    parameter_rows: list[dict[str, Any]]
    moved_items: list[dict[str, Any]]
    unchanged_count: int
    shortlist_changes: list[dict[str, Any]]
    same_currency: bool


def _delta(first: Any, second: Any) -> Any:
    if first is None or second is None:
        return None
    return second - first


def roadmap_compare(
    *,
    first: Roadmap,
    second: Roadmap,
    first_view: RoadmapPresentation,
    second_view: RoadmapPresentation,
    first_parameters: dict[str, Any],
    second_parameters: dict[str, Any],
) -> Comparison:
    """KPI deltas, parameter differences, items that moved phase or month, changed shortlists (pure)."""
    kpi_rows = []
    for key in KPI_KEYS:
        a, b = first_view.kpis.get(key), second_view.kpis.get(key)
        delta = _delta(a, b)
        better = None
        if delta not in (None, 0):
            better = (delta < 0) if key in LOWER_IS_BETTER else (delta > 0)
        kpi_rows.append(
            {
                "key": key,
                "label": KPI_LABELS[key],
                "first": a,
                "second": b,
                "delta": delta,
                "better": better,
                "is_month": key == "payback_month",
            }
        )
    if first_view.horizon_months != second_view.horizon_months:
        # NPVs over different horizons are not comparable: the plain change is not judged, and
        # both are recomputed over the months they share from the stored monthly cash flow.
        months = common_horizon([first_view, second_view])
        for row in kpi_rows:
            if row["key"] == "npv":
                row["better"] = None
                row["not_comparable"] = True
        a, b = npv_over(first_view, months), npv_over(second_view, months)
        delta = _delta(a, b)
        kpi_rows.append(
            {
                "key": "npv_common",
                "label": _("NPV over the common %(months)s months") % {"months": months},
                "first": a,
                "second": b,
                "delta": delta,
                "better": None if delta in (None, 0) else delta > 0,
                "is_month": False,
            }
        )
    kpi_rows.append(
        {
            "key": "gate_month",
            "label": _("BPO gate month"),
            "first": first_view.gate_month,
            "second": second_view.gate_month,
            "delta": _delta(first_view.gate_month, second_view.gate_month),
            "better": None,
            "is_month": True,
        }
    )
    parameters = []
    second_rows = {row["key"]: row for row in parameter_rows(second_parameters)}
    for row_a in parameter_rows(first_parameters):
        row_b = second_rows.get(row_a["key"])
        parameters.append(
            {
                "label": row_a["label"],
                "first": row_a["shown"],
                "second": row_b["shown"] if row_b else "–",
                "changed": row_b is None or row_b["value"] != row_a["value"],
            }
        )
    moved: list[dict[str, Any]] = []
    shortlist_changes: list[dict[str, Any]] = []
    unchanged = 0
    same_assessment = first.assessment_id == second.assessment_id
    for a, b in _match_items(first_view, second_view, same_assessment=same_assessment):
        either = cast("dict[str, Any]", a or b)  # _match_items never pairs two Nones
        label = either["label"]
        phase_a, phase_b = _phase_of(a), _phase_of(b)
        month_fields = ("start_month", "savings_from_month", "exit_month")
        months_a = {m: (a or {}).get(m) for m in month_fields}
        months_b = {m: (b or {}).get(m) for m in month_fields}
        if phase_a != phase_b or months_a != months_b:
            moved.append(
                {
                    "label": label,
                    "kind": either["kind"],
                    "first_phase": PHASE_LABELS[phase_a],
                    "second_phase": PHASE_LABELS[phase_b],
                    "phase_changed": phase_a != phase_b,
                    "first": months_a,
                    "second": months_b,
                    "start_shift": _delta(months_a["start_month"], months_b["start_month"]),
                }
            )
        else:
            unchanged += 1
        providers_a = [e["provider_name"] for e in (a or {}).get("shortlist", [])]
        providers_b = [e["provider_name"] for e in (b or {}).get("shortlist", [])]
        if providers_a != providers_b:
            shortlist_changes.append(
                {
                    "label": label,
                    "first": (a or {}).get("shortlist", []),
                    "second": (b or {}).get("shortlist", []),
                    "added": [name for name in providers_b if name not in providers_a],
                    "removed": [name for name in providers_a if name not in providers_b],
                }
            )
    return Comparison(
        first=first,
        second=second,
        first_view=first_view,
        second_view=second_view,
        kpi_rows=kpi_rows,
        parameter_rows=parameters,
        moved_items=moved,
        unchanged_count=unchanged,
        shortlist_changes=shortlist_changes,
        same_currency=first_view.currency == second_view.currency,
    )


# --- More than two roadmaps ----------------------------------------------------------

MAX_COMPARED = 6


def npv_over(view: RoadmapPresentation, months: int) -> float | None:
    """NPV of the first `months` months of a roadmap, in its currency: the discounted cumulative
    net cash flow the engine stored for month `months - 1` (so the roadmap's own discount rate
    applies). None when the roadmap has fewer months or no cash flow."""
    if months <= 0 or len(view.cash_flow) < months:
        return None
    value = view.cash_flow[months - 1].get("discounted_cumulative")
    return None if value is None else float(value)


def common_horizon(views: list[RoadmapPresentation]) -> int:
    """The longest number of months every roadmap covers (0 when one has no cash flow)."""
    return min((view.horizon_months for view in views), default=0)


@dataclass
class ManyComparison:
    """Key figures of several roadmaps side by side. `npv_common` is each roadmap's NPV over the
    common horizon (`common_months`); `horizons_differ` says whether the plain NPVs cover
    different periods and so must not be ranked against each other."""

    roadmaps: list[Roadmap]
    views: list[RoadmapPresentation]
    kpi_rows: list[dict[str, Any]]
    common_months: int
    horizons_differ: bool
    same_currency: bool


def roadmaps_compare(*, roadmaps: list[Roadmap], views: list[RoadmapPresentation]) -> ManyComparison:
    """Key figures per roadmap with the best one marked (pure). NPV is ranked only over the
    common horizon when horizons differ; amounts are never ranked across currencies."""
    same_currency = len({view.currency for view in views}) == 1
    months = common_horizon(views)
    horizons_differ = len({view.horizon_months for view in views}) > 1
    rows: list[dict[str, Any]] = []

    def row(key: str, label: Any, values: list[Any], *, is_month: bool, rank: bool) -> None:
        best = None
        present = [value for value in values if value is not None]
        if rank and present and len(set(present)) > 1 and (same_currency or is_month):
            best = min(present) if key in LOWER_IS_BETTER else max(present)
        rows.append(
            {
                "key": key,
                "label": label,
                "cells": [
                    {"value": value, "best": value is not None and value == best, "currency": view.currency}
                    for value, view in zip(values, views, strict=True)
                ],
                "is_month": is_month,
            }
        )

    row("horizon_months", _("Horizon (months)"), [view.horizon_months for view in views], is_month=True, rank=False)
    for key in KPI_KEYS:
        # A plain NPV over different horizons is not comparable: shown, never ranked.
        row(
            key,
            KPI_LABELS[key],
            [view.kpis.get(key) for view in views],
            is_month=key == "payback_month",
            rank=not (key == "npv" and horizons_differ),
        )
    if horizons_differ:
        row(
            "npv_common",
            _("NPV over the common %(months)s months") % {"months": months},
            [npv_over(view, months) for view in views],
            is_month=False,
            rank=True,
        )
    row("gate_month", _("BPO gate month"), [view.gate_month for view in views], is_month=True, rank=False)
    return ManyComparison(
        roadmaps=roadmaps,
        views=views,
        kpi_rows=rows,
        common_months=months,
        horizons_differ=horizons_differ,
        same_currency=same_currency,
    )
