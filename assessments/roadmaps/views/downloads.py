"""The downloads of a computed roadmap: the board's workbook (XLSX) and the items, cash flow and
risk as CSV files."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from assessments.roadmaps import pages_presenter
from assessments.roadmaps.views.common import done_roadmap, not_ready
from outsourcing.http import AuthenticatedHttpRequest


def _download(request: AuthenticatedHttpRequest, pk: int, kind: pages_presenter.ExportKind) -> HttpResponse:
    roadmap, view = done_roadmap(request, pk)
    if view is None:
        return not_ready(roadmap)
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
