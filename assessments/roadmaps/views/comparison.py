"""Roadmaps side by side: the picker, the detailed comparison of a pair, the key figures of three to six."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assessments.organisations import access
from assessments.roadmaps import comparison_selectors, pages_presenter, presenter, selectors
from assessments.roadmaps.views.common import not_ready
from outsourcing.http import AuthenticatedHttpRequest


def _int_or_404(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise Http404("Not a roadmap id.") from exc


@login_required
@require_GET
def roadmap_compare_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    chosen = list(dict.fromkeys(pk for pk in map(_int_or_404, request.GET.getlist("r")) if pk is not None))
    if len(chosen) == 2:
        # Two from the picker: the detailed comparison of a pair.
        return redirect(f"{request.path}?a={chosen[0]}&b={chosen[1]}")
    if len(chosen) > 2:
        return _roadmaps_compare_many(request, chosen)
    if len(chosen) == 1:
        return redirect(f"{request.path}?a={chosen[0]}")
    first_pk = _int_or_404(request.GET.get("a"))
    second_pk = _int_or_404(request.GET.get("b"))
    if first_pk is None:
        return render(
            request,
            "assessments/compare_start.html",
            {"candidates": comparison_selectors.compare_start_candidates(user=request.user)},
        )
    if second_pk is None or second_pk == first_pk:
        first = access.roadmap_by_id(user=request.user, pk=first_pk)
        candidates = [
            candidate
            for candidate in comparison_selectors.compare_candidates(
                user=request.user, organisation=first.assessment.organisation
            )
            if candidate.pk != first.pk
        ]
        return render(
            request,
            "assessments/compare_pick.html",
            {
                "first": first,
                "first_label": selectors.roadmap_label(first),
                "candidates": candidates,
                "max_others": comparison_selectors.MAX_COMPARED - 1,
            },
        )
    page = pages_presenter.comparison_page_get(user=request.user, first_pk=first_pk, second_pk=second_pk)
    if page.not_ready is not None:
        messages.info(request, _("Both roadmaps must be computed before they can be compared."))
        return not_ready(page.not_ready)
    return render(
        request,
        "assessments/compare.html",
        {
            "comparison": page.comparison,
            "first": page.first,
            "second": page.second,
            "first_label": page.first_label,
            "second_label": page.second_label,
            "currency": page.currency,
            "chart": page.chart,
        },
    )


def _roadmaps_compare_many(request: AuthenticatedHttpRequest, pks: list[int]) -> HttpResponse:
    """Key figures of three to six roadmaps side by side; NPVs over different horizons are
    also compared over the months all of them cover."""
    roadmaps = comparison_selectors.roadmaps_get(user=request.user, pks=pks)
    views = presenter.roadmap_presentations_get(roadmaps=roadmaps)
    missing = next((roadmap for roadmap, view in zip(roadmaps, views, strict=True) if view is None), None)
    if missing is not None:
        messages.info(request, _("Every roadmap must be computed before they can be compared."))
        return not_ready(missing)
    comparison = pages_presenter.roadmaps_compare(roadmaps=roadmaps, views=[view for view in views if view is not None])
    columns = [
        {"roadmap": roadmap, "label": selectors.roadmap_label(roadmap), "currency": view.currency}
        for roadmap, view in zip(comparison.roadmaps, comparison.views, strict=True)
    ]
    # Amounts of different currencies never share an axis: then the table alone compares them.
    chart = (
        pages_presenter.compare_many_chart_get(
            labels=[selectors.roadmap_label(roadmap) for roadmap in comparison.roadmaps],
            kpi_rows=comparison.kpi_rows,
            currency=comparison.views[0].currency,
        )
        if comparison.same_currency
        else None
    )
    return render(
        request,
        "assessments/compare_many.html",
        {
            "comparison": comparison,
            "columns": columns,
            "organisation": roadmaps[0].assessment.organisation,
            "chart": chart,
        },
    )
