"""The glossary: the terms a board questions, with the figures the engine uses by default."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.roadmaps import pages_presenter
from outsourcing.http import AuthenticatedHttpRequest


@login_required
@require_GET
def glossary_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The terms a board questions (run-rate, the short ITO engagement, the gate, TOPSIS closeness...).

    Figures are the engine's effective defaults, read in one place (`pages_presenter.glossary_context`).
    """
    return render(request, "assessments/glossary.html", pages_presenter.glossary_context())
