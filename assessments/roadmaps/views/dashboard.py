"""The roadmap dashboard, assembled from cached fragments (body per result and language, the rest
per state of the assessment and viewer), with the CSRF token filled in fresh for each request."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from assessments.models import RoadmapStatus
from assessments.organisations import access
from assessments.roadmaps import dashboard_selectors, pages_presenter, selectors
from assessments.roadmaps.forms import DecisionForm
from assessments.roadmaps.views.common import done_roadmap
from outsourcing.http import AuthenticatedHttpRequest


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
        roadmap, view = done_roadmap(request, roadmap_id)
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
