"""The user's notices."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.roadmaps import selectors, services
from assessments.roadmaps.decision_state import SIBLING_NAME, SIBLING_PK
from outsourcing.http import AuthenticatedHttpRequest


@login_required
@require_GET
def notifications_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's notices, newest first (50 a page); opening the list marks them read."""
    page = Paginator(selectors.notifications_of(user=request.user), 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for notice in rows:
        # The roadmap's decision state reads its approved sibling, fetched with the notice.
        for name in (SIBLING_PK, SIBLING_NAME):
            setattr(notice.roadmap, name, getattr(notice, name))
    services.notifications_mark_read(user=request.user)
    return render(request, "assessments/notifications.html", {"page": page, "rows": rows})
