"""Managers' pages: roadmap dashboard, board pack, portfolio, comparison, scenarios, approval, exports.

Thin: each view fetches through a scoped selector (404 for other tenants), validates a
form where there is input, and calls a service for writes.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.models import Decision, Roadmap, RoadmapStatus
from assessments.organisations import access
from assessments.organisations.selectors import organisations_visible_to
from assessments.roadmaps import charts as chart_builders
from assessments.roadmaps import comparison as comparisons
from assessments.roadmaps import exports, notifications, presenter, selectors, services
from assessments.roadmaps.forms import DecisionForm, PortfolioFilterForm, ScenarioForm
from assessments.roadmaps.pipeline_selectors import roadmap_is_waiting_for_broker, roadmap_status_message
from outsourcing.http import AuthenticatedHttpRequest


def _done_roadmap(request: AuthenticatedHttpRequest, pk: int) -> tuple[Roadmap, presenter.RoadmapPresentation | None]:
    roadmap = access.roadmap_by_id(user=request.user, pk=pk)
    return roadmap, presenter.roadmap_presentation_get(roadmap=roadmap)


def _not_ready(roadmap: Roadmap) -> HttpResponse:
    # Queued, running or failed: the pipeline's status page shows progress or the reason.
    return redirect("assessments:roadmap_status", pk=roadmap.pk)


def _roadmap_context(
    request: HttpRequest, roadmap: Roadmap, view: presenter.RoadmapPresentation, names_version: str = ""
) -> dict:
    stored = presenter.roadmap_parameters_stored(roadmap=roadmap)
    parameters = presenter.parameters_effective(stored, result={"effective_parameters": view.effective_parameters})
    return {
        "roadmap": roadmap,
        "assessment": roadmap.assessment,
        "organisation": roadmap.assessment.organisation,
        "view": view,
        "currency": view.currency,
        "charts": chart_builders.dashboard_charts_cached(
            roadmap_id=roadmap.pk, finished_at=roadmap.finished_at, view=view, names_version=names_version
        ),
        "parameters": parameters,
        "parameter_rows": presenter.parameter_rows(
            parameters, stored=set(stored), overridden=set(roadmap.parameter_overrides or {})
        ),
        # Effective parameters carry every default, so no figure is repeated here.
        "gate_percent": f"{float(parameters['gate_fraction']) * 100:g}",
        "materiality_percent": f"{float(parameters['materiality_threshold']) * 100:g}",
        "decided_by": selectors.decided_by_name(roadmap),
        "roadmap_label": selectors.roadmap_label(roadmap),
    }


def _dashboard_body(
    request: AuthenticatedHttpRequest, roadmap_id: int, finished_at: Any, names_version: str
) -> str | None:
    """The dashboard's KPIs, explanations, charts, item tables and assumptions, as cached HTML.

    They depend only on the roadmap's result (immutable once done) and the language, so they
    are rendered once per roadmap and language and served from the cache after that. Rendered
    without the request, so nothing user-specific (a CSRF token, a name) can end up in the
    shared copy.
    """
    key = f"roadmap-dashboard-body:{chart_builders.roadmap_cache_tag(roadmap_id, finished_at, names_version)}"
    body = cache.get(key)
    if body is None:
        roadmap, view = _done_roadmap(request, roadmap_id)
        if view is None:
            return None
        context = _roadmap_context(request, roadmap, view, names_version)
        body = render_to_string("assessments/dashboard_body.html", context)
        cache.set(key, body, chart_builders.CACHE_SECONDS)
    return body


# Placeholders in the cached page fragment. User-typed text is HTML-escaped, so it can never
# contain the comment; the CSRF slot is derived from the secret key, so nobody can type it.
_BODY_SLOT = "<!--dashboard-body-->"
_CSRF_SLOT = "csrf" + salted_hmac("assessments.dashboards.csrf-slot", "1").hexdigest()[:32]


def _dashboard_main(request: AuthenticatedHttpRequest, pk: int, state: selectors.DashboardState) -> str:
    """Header, decision and the other roadmaps around the body slot, cached per state of the assessment."""
    key = f"roadmap-dashboard-main:{chart_builders.CHARTS_VERSION}:{pk}:{get_language() or ''}:{state.digest}"
    main = cache.get(key)
    if main is None:
        roadmap, related = selectors.dashboard_roadmaps_get(user=request.user, pk=pk)
        organisation = roadmap.assessment.organisation
        context = {
            "roadmap": roadmap,
            "assessment": roadmap.assessment,
            "organisation": organisation,
            "currency": roadmap.assessment.currency,
            "body": mark_safe(_BODY_SLOT),  # noqa: S308 - a constant
            "csrf_token": _CSRF_SLOT,
            "access": access.permissions_for(user=request.user, role=roadmap.viewer_role),
            "decision_form": DecisionForm(),
            "decided_by": selectors.decided_by_name(roadmap),
            "roadmap_label": selectors.roadmap_label(roadmap),
            "related": related,
            "superseded_by": state.superseded_by,
            "approved_sibling": state.approved_sibling,
        }
        main = render_to_string("assessments/dashboard_main.html", context)
        cache.set(key, main, chart_builders.CACHE_SECONDS)
    return main


@login_required
@require_GET
def roadmap_dashboard_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The dashboard, assembled from cached fragments; what it shows is checked on every request.

    One cheap query reads the state of the assessment's roadmaps, the viewer's role (enforcing
    tenancy) and the navigation's roles. The page is then assembled from
    the body (rendered once per roadmap and language from the immutable result) and the rest
    of the page, rendered once per state, viewer and address, with slots for the body and the
    CSRF token, which is filled in fresh for each request. A page with flash messages to show
    is rendered in full and not cached.
    """
    state = selectors.dashboard_state_get(user=request.user, pk=pk)
    done = state.status == RoadmapStatus.DONE
    body = _dashboard_body(request, pk, state.finished_at, state.names_version) if done else None
    if body is None:
        return redirect("assessments:roadmap_status", pk=pk)
    user = request.user
    nav = state.nav
    cacheable = not len(messages.get_messages(request))
    viewer = (user.pk, user.get_full_name(), user.get_username(), sorted(nav.items()), request.get_full_path())
    key = (
        f"roadmap-dashboard-page:{chart_builders.CHARTS_VERSION}:{pk}:{get_language() or ''}:{state.digest}:"
        f"{hashlib.sha256(repr(viewer).encode()).hexdigest()[:32]}"
    )
    page = cache.get(key) if cacheable else None
    if page is None:
        context = {
            "main": mark_safe(_dashboard_main(request, pk, state)),  # noqa: S308 - our template's output
            "title": state.assessment_title,
            "csrf_token": _CSRF_SLOT,
            "nav": nav,
        }
        page = render_to_string("assessments/dashboard.html", context, request=request)
        if cacheable:
            cache.set(key, page, chart_builders.CACHE_SECONDS)
    return HttpResponse(page.replace(_BODY_SLOT, body, 1).replace(_CSRF_SLOT, get_token(request)))


@login_required
@require_GET
def roadmap_board_pack_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap, view = _done_roadmap(request, pk)
    if view is None:
        return _not_ready(roadmap)
    return render(request, "assessments/boardpack.html", _roadmap_context(request, roadmap, view))


@login_required
@require_POST
def roadmap_decide_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap = access.roadmap_by_id(user=request.user, pk=pk, action="decide")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The decision could not be read; please try again."))
        return redirect("assessments:roadmap_dashboard", pk=roadmap.pk)
    try:
        services.roadmap_decide(
            roadmap=roadmap,
            user=request.user,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        )
    except services.DecisionConflict as conflict:
        messages.warning(request, conflict.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if form.cleaned_data["decision"] == Decision.APPROVED:
            messages.success(request, _("Roadmap approved. It is now locked and the assessment is marked approved."))
        else:
            messages.success(request, _("Roadmap rejected. Your comment is shown to the consultants."))
    return redirect("assessments:roadmap_dashboard", pk=roadmap.pk)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_create_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap = access.roadmap_by_id(user=request.user, pk=pk, action="scenario")
    if roadmap.status != RoadmapStatus.DONE:
        return _not_ready(roadmap)
    stored = presenter.roadmap_parameters_stored(roadmap=roadmap)
    parameters = presenter.parameters_effective(stored)
    if request.method == "POST":
        form = ScenarioForm(request.POST)
        if form.is_valid():
            try:
                scenario, created = services.scenario_request(
                    roadmap=roadmap,
                    user=request.user,
                    name=form.cleaned_data["name"],
                    parameters=form.engine_parameters(),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                if created:
                    scenario.refresh_from_db(fields=["status", "enqueued_at"])
                    if scenario.status == RoadmapStatus.DONE:
                        text = _("Scenario “%(name)s” computed. Compare it with the original to see what changed.")
                    elif roadmap_is_waiting_for_broker(roadmap=scenario):
                        text = _("Scenario “%(name)s” saved.")
                        messages.warning(request, roadmap_status_message(roadmap=scenario))
                    else:
                        text = _("Scenario “%(name)s” requested; it is being computed.")
                    messages.success(request, text % {"name": scenario.name})
                else:
                    messages.info(request, _("This scenario already exists; here it is."))
                return redirect("assessments:roadmap_dashboard", pk=scenario.pk)
    else:
        form = ScenarioForm(initial=ScenarioForm.initial_from(parameters))
    return render(
        request,
        "assessments/scenario_form.html",
        {
            "roadmap": roadmap,
            "assessment": roadmap.assessment,
            "form": form,
            "parameter_rows": presenter.parameter_rows(
                parameters, stored=set(stored), overridden=set(roadmap.parameter_overrides or {})
            ),
            "roadmap_label": selectors.roadmap_label(roadmap),
        },
    )


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
    first_pk = _int_or_404(request.GET.get("a"))
    second_pk = _int_or_404(request.GET.get("b"))
    if first_pk is None:
        return render(
            request,
            "assessments/compare_start.html",
            {"candidates": selectors.compare_start_candidates(user=request.user)},
        )
    if second_pk is None or second_pk == first_pk:
        first = access.roadmap_by_id(user=request.user, pk=first_pk)
        candidates = [
            candidate
            for candidate in selectors.compare_candidates(user=request.user, organisation=first.assessment.organisation)
            if candidate.pk != first.pk
        ]
        return render(
            request,
            "assessments/compare_pick.html",
            {"first": first, "first_label": selectors.roadmap_label(first), "candidates": candidates},
        )
    first, second = comparisons.roadmap_pair_get(user=request.user, first_pk=first_pk, second_pk=second_pk)
    first_view = presenter.roadmap_presentation_get(roadmap=first)
    second_view = presenter.roadmap_presentation_get(roadmap=second)
    if first_view is None or second_view is None:
        messages.info(request, _("Both roadmaps must be computed before they can be compared."))
        return _not_ready(first if first_view is None else second)
    comparison = comparisons.roadmap_compare(
        first=first,
        second=second,
        first_view=first_view,
        second_view=second_view,
        first_parameters=presenter.parameters_effective(presenter.roadmap_parameters_stored(roadmap=first)),
        second_parameters=presenter.parameters_effective(presenter.roadmap_parameters_stored(roadmap=second)),
    )
    first_label, second_label = selectors.roadmap_label(first), selectors.roadmap_label(second)
    chart = None
    if comparison.same_currency:
        chart = chart_builders.compare_chart(
            first_label=first_label, second_label=second_label, first=first_view, second=second_view
        )
    return render(
        request,
        "assessments/compare.html",
        {
            "comparison": comparison,
            "first": first,
            "second": second,
            "first_label": first_label,
            "second_label": second_label,
            "currency": first_view.currency,
            "chart": chart,
        },
    )


@login_required
@require_GET
def portfolio_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = list(organisations_visible_to(user=request.user).order_by("name"))
    form = PortfolioFilterForm(request.GET or None, organisations=organisations)
    filters = form.cleaned_data if form.is_valid() else {}
    assessments = selectors.portfolio_assessments(
        user=request.user,
        organisation=filters.get("organisation"),
        status=filters.get("status", ""),
        approval=filters.get("approval", ""),
        sort=filters.get("sort") or "organisation",
        search=filters.get("search", ""),
        include_drafts=bool(filters.get("drafts")),
    )
    page = Paginator(assessments, selectors.PORTFOLIO_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessments/portfolio.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.portfolio_rows_complete(rows=list(page.object_list)),
            "query": query.urlencode(),
            "charts": chart_builders.portfolio_charts(selectors.portfolio_chart_rows(assessments=assessments)),
            "approval_labels": selectors.APPROVAL_CHOICES,
        },
    )


@login_required
@require_GET
def notifications_view(request: HttpRequest) -> HttpResponse:
    """The user's notices, newest first (50 a page); opening the list marks them read."""
    page = Paginator(notifications.notifications_of(user=request.user), 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    notifications.notifications_mark_read(user=request.user)
    return render(request, "assessments/notifications.html", {"page": page, "rows": rows})


def _download(roadmap: Roadmap, content: bytes, *, suffix: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename(roadmap, suffix)}"'
    return response


@login_required
@require_GET
def roadmap_export_xlsx_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap, view = _done_roadmap(request, pk)
    if view is None:
        return _not_ready(roadmap)
    content = exports.roadmap_workbook(roadmap=roadmap, view=view)
    return _download(
        roadmap,
        content,
        suffix="xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_GET
def roadmap_export_items_csv_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap, view = _done_roadmap(request, pk)
    if view is None:
        return _not_ready(roadmap)
    return _download(roadmap, exports.items_csv(view=view), suffix="items.csv", content_type="text/csv; charset=utf-8")


@login_required
@require_GET
def roadmap_export_cash_flow_csv_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap, view = _done_roadmap(request, pk)
    if view is None:
        return _not_ready(roadmap)
    return _download(
        roadmap, exports.cash_flow_csv(view=view), suffix="cash-flow.csv", content_type="text/csv; charset=utf-8"
    )


@login_required
@require_GET
def roadmap_export_risk_csv_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap, view = _done_roadmap(request, pk)
    if view is None:
        return _not_ready(roadmap)
    return _download(roadmap, exports.risk_csv(view=view), suffix="risk.csv", content_type="text/csv; charset=utf-8")
