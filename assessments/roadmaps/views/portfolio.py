"""The portfolio: the assessments the user may see, filtered, sorted and paged, with their charts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.organisations.selectors import organisations_visible_to
from assessments.roadmaps import pages_presenter, portfolio_selectors
from assessments.roadmaps.forms import PortfolioFilterForm
from outsourcing.http import AuthenticatedHttpRequest


@login_required
@require_GET
def portfolio_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = list(organisations_visible_to(user=request.user).order_by("name"))
    form = PortfolioFilterForm(request.GET or None, organisations=organisations)
    filters = form.cleaned_data if form.is_valid() else {}
    assessments = portfolio_selectors.portfolio_assessments(
        user=request.user,
        organisation=filters.get("organisation"),
        status=filters.get("status", ""),
        approval=filters.get("approval", ""),
        sort=filters.get("sort") or "organisation",
        search=filters.get("search", ""),
        include_drafts=bool(filters.get("drafts")),
    )
    page = Paginator(assessments, portfolio_selectors.PORTFOLIO_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessments/portfolio.html",
        {
            "form": form,
            "page": page,
            "rows": portfolio_selectors.portfolio_rows_complete(rows=list(page.object_list)),
            "query": query.urlencode(),
            "charts": pages_presenter.portfolio_charts_get(assessments=assessments),
            "approval_labels": portfolio_selectors.APPROVAL_CHOICES,
        },
    )
