"""The board pack: the page (prints on A4) and the same sections as a PDF file."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessments.models import Roadmap
from assessments.roadmaps import boardpack_presenter, pages_presenter, presenter
from assessments.roadmaps.views.common import done_roadmap, not_ready
from outsourcing.http import AuthenticatedHttpRequest


def _board_pack_context(
    request: AuthenticatedHttpRequest, roadmap: Roadmap, view: presenter.RoadmapPresentation
) -> dict:
    return pages_presenter.roadmap_page_context(roadmap=roadmap, view=view) | {
        "summary": boardpack_presenter.executive_summary(view),
        # Links in the PDF file must be absolute: it is read away from the site.
        "site_root": request.build_absolute_uri("/").rstrip("/"),
    }


@login_required
@require_GET
def roadmap_board_pack_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The board pack page: executive summary first, then the detail; prints on A4."""
    roadmap, view = done_roadmap(request, pk)
    if view is None:
        return not_ready(roadmap)
    return render(request, "assessments/boardpack.html", _board_pack_context(request, roadmap, view))


@login_required
@require_GET
def roadmap_board_pack_pdf_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The board pack as a PDF file (WeasyPrint), named after the assessment and today's date.

    The same sections as the page, with static charts (SVG and tables) instead of plotly.js.
    """
    roadmap, view = done_roadmap(request, pk)
    if view is None:
        return not_ready(roadmap)
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
