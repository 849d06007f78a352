"""Managers' pages: roadmap dashboard, board pack, portfolio, comparison, scenarios, approval, exports.

Thin: each view fetches through a scoped selector (404 for other tenants), validates a
form where there is input, and calls a service for writes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.engine.defaults import POSSIBLE_FROM, PROBABLE_FROM
from assessments.models import Decision, Roadmap, RoadmapStatus
from assessments.organisations import access
from assessments.organisations.selectors import organisations_visible_to
from assessments.roadmaps import (
    boardpack_presenter,
    comparison_selectors,
    dashboard_selectors,
    pages_presenter,
    parameter_presenter,
    portfolio_selectors,
    presenter,
    selectors,
    services,
)
from assessments.roadmaps.forms import DecisionForm, PortfolioFilterForm, ScenarioForm
from assessments.roadmaps.pipeline_selectors import roadmap_is_waiting_for_broker, roadmap_status_message
from outsourcing.http import AuthenticatedHttpRequest


def _done_roadmap(request: AuthenticatedHttpRequest, pk: int) -> tuple[Roadmap, presenter.RoadmapPresentation | None]:
    roadmap = access.roadmap_by_id(user=request.user, pk=pk)
    return roadmap, presenter.roadmap_presentation_get(roadmap=roadmap)


def _not_ready(roadmap: Roadmap) -> HttpResponse:
    # Queued, running or failed: the pipeline's status page shows progress or the reason.
    return redirect("assessments:roadmap_status", pk=roadmap.pk)


def _dashboard_body(
    request: AuthenticatedHttpRequest, roadmap_id: int, finished_at: Any, names_version: str
) -> str | None:
    """The dashboard's KPIs, explanations, charts, item tables and assumptions, as cached HTML.

    They depend only on the roadmap's result (immutable once done) and the language, so they
    are rendered once per roadmap and language and served from the cache after that. Rendered
    without the request, so nothing user-specific (a CSRF token, a name) can end up in the
    shared copy.
    """
    key = pages_presenter.dashboard_body_key(
        roadmap_id=roadmap_id, finished_at=finished_at, names_version=names_version
    )
    body = cache.get(key)
    if body is None:
        roadmap, view = _done_roadmap(request, roadmap_id)
        if view is None:
            return None
        context = pages_presenter.roadmap_page_context(roadmap=roadmap, view=view, names_version=names_version)
        body = render_to_string("assessments/dashboard_body.html", context)
        cache.set(key, body, pages_presenter.DASHBOARD_CACHE_SECONDS)
    return body


# Placeholders in the cached page fragment. User-typed text is HTML-escaped, so it can never
# contain the comment; the CSRF slot is derived from the secret key, so nobody can type it.
_BODY_SLOT = "<!--dashboard-body-->"
_CSRF_SLOT = "csrf" + salted_hmac("assessments.dashboards.csrf-slot", "1").hexdigest()[:32]


def _dashboard_main(request: AuthenticatedHttpRequest, pk: int, state: dashboard_selectors.DashboardState) -> str:
    """Header, decision and the other roadmaps around the body slot, cached per state of the assessment."""
    key = pages_presenter.dashboard_main_key(pk=pk, digest=state.digest)
    main = cache.get(key)
    if main is None:
        roadmap, related = dashboard_selectors.dashboard_roadmaps_get(user=request.user, pk=pk)
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
            "has_manager": state.has_manager,
        }
        main = render_to_string("assessments/dashboard_main.html", context)
        cache.set(key, main, pages_presenter.DASHBOARD_CACHE_SECONDS)
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
    state = dashboard_selectors.dashboard_state_get(user=request.user, pk=pk)
    done = state.status == RoadmapStatus.DONE
    body = _dashboard_body(request, pk, state.finished_at, state.names_version) if done else None
    if body is None:
        return redirect("assessments:roadmap_status", pk=pk)
    user = request.user
    nav = state.nav
    cacheable = not len(messages.get_messages(request))
    viewer = (user.pk, user.get_full_name(), user.get_username(), sorted(nav.items()), request.get_full_path())
    key = pages_presenter.dashboard_page_key(pk=pk, digest=state.digest, viewer=viewer)
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
            cache.set(key, page, pages_presenter.DASHBOARD_CACHE_SECONDS)
    return HttpResponse(page.replace(_BODY_SLOT, body, 1).replace(_CSRF_SLOT, get_token(request)))


def _board_pack_context(
    request: AuthenticatedHttpRequest, roadmap: Roadmap, view: presenter.RoadmapPresentation
) -> dict:
    return pages_presenter.roadmap_page_context(roadmap=roadmap, view=view) | {
        "summary": boardpack_presenter.executive_summary(view)
    }


@login_required
@require_GET
def roadmap_board_pack_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The board pack page: executive summary first, then the detail; prints on A4."""
    roadmap, view = _done_roadmap(request, pk)
    if view is None:
        return _not_ready(roadmap)
    return render(request, "assessments/boardpack.html", _board_pack_context(request, roadmap, view))


@login_required
@require_GET
def roadmap_board_pack_pdf_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The board pack as a PDF file (WeasyPrint), named after the assessment and today's date.

    The same sections as the page, with static charts (SVG and tables) instead of plotly.js.
    """
    roadmap, view = _done_roadmap(request, pk)
    if view is None:
        return _not_ready(roadmap)
    context = _board_pack_context(request, roadmap, view) | {
        "static_charts": {
            "timeline": boardpack_presenter.timeline_svg(view),
            "cash_flow": boardpack_presenter.cash_flow_svg(view),
        },
    }
    document = render_to_string("assessments/boardpack/pdf.html", context, request=request)
    response = HttpResponse(boardpack_presenter.boardpack_pdf(document=document), content_type="application/pdf")
    filename = boardpack_presenter.boardpack_filename(roadmap=roadmap, today=timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def roadmap_decide_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Approve or reject. A decision that cannot be recorded is shown again at its form, with the
    reason under the field concerned (400); a conflict (decided meanwhile) returns to the dashboard."""
    roadmap = access.roadmap_by_id(user=request.user, pk=pk, action="decide", with_result=False)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.roadmap_decide(
                roadmap=roadmap,
                user=request.user,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except services.DecisionConflict as conflict:
            messages.warning(request, conflict.message)
            return redirect("assessments:roadmap_dashboard", pk=roadmap.pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.cleaned_data["decision"] == Decision.APPROVED:
                messages.success(
                    request, _("Roadmap approved. It is now locked and the assessment is marked approved.")
                )
            else:
                messages.success(request, _("Roadmap rejected. Your comment is shown to the consultants."))
            return redirect("assessments:roadmap_dashboard", pk=roadmap.pk)
    context = {
        "roadmap": roadmap,
        "assessment": roadmap.assessment,
        "organisation": roadmap.assessment.organisation,
        "access": access.permissions_for(
            user=request.user, role=getattr(roadmap.assessment.organisation, "access_role", None)
        ),
        "decision_form": form,
        "roadmap_label": selectors.roadmap_label(roadmap),
        "has_manager": True,
    }
    return render(request, "assessments/roadmap_decide.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_create_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap = access.roadmap_by_id(user=request.user, pk=pk, action="scenario")
    if roadmap.status != RoadmapStatus.DONE:
        return _not_ready(roadmap)
    stored = parameter_presenter.roadmap_parameters_stored(roadmap=roadmap)
    parameters = parameter_presenter.parameters_effective(stored)
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
            "parameter_rows": parameter_presenter.parameter_rows(
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
        return _not_ready(page.not_ready)
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
        return _not_ready(missing)
    comparison = pages_presenter.roadmaps_compare(roadmaps=roadmaps, views=[view for view in views if view is not None])
    columns = [
        {"roadmap": roadmap, "label": selectors.roadmap_label(roadmap), "currency": view.currency}
        for roadmap, view in zip(comparison.roadmaps, comparison.views, strict=True)
    ]
    return render(
        request,
        "assessments/compare_many.html",
        {"comparison": comparison, "columns": columns, "organisation": roadmaps[0].assessment.organisation},
    )


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


@login_required
@require_GET
def glossary_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The terms a board questions (run-rate, the short ITO engagement, the gate, TOPSIS closeness...).

    Figures are the engine's effective defaults, read in one place (presenter.parameters_effective).
    """
    defaults = parameter_presenter.parameters_effective({})
    return render(
        request,
        "assessments/glossary.html",
        {
            "gate_percent": f"{float(defaults['gate_fraction']) * 100:g}",
            "materiality_percent": f"{float(defaults['materiality_threshold']) * 100:g}",
            "horizon_months": defaults["horizon_months"],
            "probable_from": f"{PROBABLE_FROM:g}",
            "possible_from": f"{POSSIBLE_FROM:g}",
            "kpis": [
                {"key": key, "label": presenter.KPI_LABELS[key], "help": presenter.KPI_HELP[key]}
                for key in presenter.KPI_KEYS
            ],
        },
    )


@login_required
@require_GET
def notifications_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's notices, newest first (50 a page); opening the list marks them read."""
    page = Paginator(selectors.notifications_of(user=request.user), 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    services.notifications_mark_read(user=request.user)
    return render(request, "assessments/notifications.html", {"page": page, "rows": rows})


def _download(request: AuthenticatedHttpRequest, pk: int, kind: pages_presenter.ExportKind) -> HttpResponse:
    roadmap, view = _done_roadmap(request, pk)
    if view is None:
        return _not_ready(roadmap)
    download = pages_presenter.roadmap_download(roadmap=roadmap, view=view, kind=kind)
    response = HttpResponse(download.content, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


@login_required
@require_GET
def roadmap_export_xlsx_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "xlsx")


@login_required
@require_GET
def roadmap_export_items_csv_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "items.csv")


@login_required
@require_GET
def roadmap_export_cash_flow_csv_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "cash-flow.csv")


@login_required
@require_GET
def roadmap_export_risk_csv_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "risk.csv")
