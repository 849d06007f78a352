"""The user's notices."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.roadmaps import selectors, services
from outsourcing.http import AuthenticatedHttpRequest


@login_required
@require_GET
def notifications_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's notices, newest first (50 a page); opening the list marks them read."""
    page = Paginator(selectors.notifications_of(user=request.user), 50).get_page(request.GET.get("page"))
    rows = selectors.notifications_with_decision_state(notices=list(page.object_list))
    services.notifications_mark_read(user=request.user)
    return render(request, "assessments/notifications.html", {"page": page, "rows": rows})
