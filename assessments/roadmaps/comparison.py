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
        months = ("start_month", "savings_from_month", "exit_month")
        months_a = {m: (a or {}).get(m) for m in months}
        months_b = {m: (b or {}).get(m) for m in months}
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
