"""Read-only catalogue pages for every signed-in user; changes happen in the admin."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from outsourcing.http import AuthenticatedHttpRequest
from providers.forms import CatalogueFilterForm
from providers.selectors import catalogue_providers, catalogue_totals, provider_get

PAGE_SIZE = 24
# Only these parameters travel from the catalogue to a provider page and back.
_CATALOGUE_PARAMETERS = (*CatalogueFilterForm.base_fields, "page")


def _catalogue_querystring(params: QueryDict) -> str:
    kept = QueryDict(mutable=True)
    for name in _CATALOGUE_PARAMETERS:
        value = params.get(name, "")
        if value:
            kept[name] = value[:100]
    return kept.urlencode()


def _without(params: QueryDict, name: str) -> str:
    kept = params.copy()
    kept.pop(name, None)
    kept.pop("page", None)
    return kept.urlencode()


@require_GET
@login_required
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    query = form.query()
    page = Paginator(catalogue_providers(query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "providers/catalogue.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "view_mode": form.view_mode,
            "totals": catalogue_totals(),
            "back": _catalogue_querystring(request.GET),
            "active_filters": [
                (label, shown, _without(request.GET, name)) for name, label, shown in form.active_filters()
            ],
        },
    )


@require_GET
@login_required
def provider_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    provider = provider_get(slug=slug, user=request.user)
    return render(
        request,
        "providers/provider_detail.html",
        {"provider": provider, "back": _catalogue_querystring(QueryDict(request.GET.get("back", "")))},
    )
