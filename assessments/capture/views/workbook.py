"""The workbook pages: the XLSX and CSV downloads, and the import (upload, preview, confirm)."""

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments.capture import services
from assessments.capture.forms import ImportConfirmForm, WorkbookUploadForm
from assessments.capture.views.common import for_edit, not_editable, step_context
from assessments.capture.workbook import selectors as workbook_selectors
from assessments.capture.workbook import services as workbook_services
from assessments.models import Assessment
from assessments.organisations import access
from assessments.organisations.responses import read_only_refusal
from outsourcing.http import AuthenticatedHttpRequest


@login_required
def assessment_workbook_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = access.assessment_by_id(user=request.user, pk=pk)
    if refusal := read_only_refusal(request):
        return refusal
    content = workbook_selectors.assessment_workbook(assessment=assessment)
    response = HttpResponse(content, content_type=workbook_selectors.XLSX_CONTENT_TYPE)
    name = workbook_selectors.download_name(assessment=assessment, suffix=".xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def assessment_csv_view(request: AuthenticatedHttpRequest, pk: int, sheet: str) -> HttpResponse:
    assessment = access.assessment_by_id(user=request.user, pk=pk)
    if refusal := read_only_refusal(request):
        return refusal
    if sheet not in workbook_selectors.CSV_SHEETS:
        raise Http404("No such sheet.")
    content = workbook_selectors.assessment_sheet_csv(assessment=assessment, sheet=sheet)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    name = workbook_selectors.download_name(assessment=assessment, suffix=f"-{sheet}.csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _import_session_key(assessment: Assessment) -> str:
    return f"assessments.import.{assessment.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def assessment_import_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Upload and preview. A valid preview is kept in the session until it is confirmed."""
    assessment, refusal = for_edit(request, pk)
    if refusal:
        return refusal
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    preview = None
    token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read(settings.IMPORT_MAX_BYTES + 1)
            preview = workbook_services.assessment_import_preview(
                assessment=assessment, name=upload.name, content=content
            )
            if preview.is_valid:
                token = uuid.uuid4().hex
                request.session[_import_session_key(assessment)] = {
                    "token": token,
                    "lock_version": assessment.lock_version,
                    "file_name": upload.name,
                    "lines": workbook_services.import_payload(preview=preview),
                }
            else:
                request.session.pop(_import_session_key(assessment), None)
                status = 400
        else:
            status = 400
    context: dict[str, Any] = step_context(assessment, "import")
    it_count, bf_count = context["line_counts"]
    context.update(
        {
            "form": form,
            "preview": preview,
            "confirm": ImportConfirmForm(initial={"token": token}) if token else None,
            "current_counts": {"it": it_count, "bf": bf_count},
            "sheets": workbook_selectors.workbook_sheets(),
            "max_rows": settings.IMPORT_MAX_ROWS,
            "max_bytes": settings.IMPORT_MAX_BYTES,
        }
    )
    return render(request, "assessments/assessment_import.html", context, status=status)


@login_required
def assessment_import_confirm_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment, refusal = for_edit(request, pk)
    if refusal:
        return refusal
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ImportConfirmForm(request.POST)
    stored = request.session.get(_import_session_key(assessment))
    if not form.is_valid() or not stored or stored.get("token") != form.cleaned_data["token"]:
        messages.error(request, _("This preview has expired or was replaced by another upload. Upload the file again."))
        return redirect("assessments:import", pk=assessment.pk)
    try:
        preview = workbook_services.assessment_import_confirm(
            assessment=assessment, user=request.user, lock_version=stored["lock_version"], payload=stored["lines"]
        )
    except workbook_services.ImportStale as stale:
        request.session.pop(_import_session_key(assessment), None)
        messages.error(request, stale.message)
        return redirect("assessments:import", pk=assessment.pk)
    except services.AssessmentNotEditable:
        return not_editable(request, access.assessment_by_id(user=request.user, pk=pk))
    except services.AssessmentConflict:
        request.session.pop(_import_session_key(assessment), None)
        messages.error(
            request,
            _("The draft was changed after the preview, so nothing was imported. Upload the file again to see "
              "the preview against the latest draft."),
        )  # fmt: skip
        return redirect("assessments:import", pk=assessment.pk)
    request.session.pop(_import_session_key(assessment), None)
    it_lines, bf_lines = preview.lines_for("it"), preview.lines_for("bf")
    values = {"it": len(it_lines or []), "bf": len(bf_lines or []), "file": stored["file_name"]}
    if it_lines is not None and bf_lines is not None:
        message = _("Imported %(it)s IT cost areas and %(bf)s business functions from %(file)s.") % values
    elif it_lines is not None:
        message = _("Imported %(it)s IT cost areas from %(file)s; the business functions are unchanged.") % values
    else:
        message = _("Imported %(bf)s business functions from %(file)s; the IT cost areas are unchanged.") % values
    messages.success(request, message)
    return redirect(reverse("assessments:review", kwargs={"pk": assessment.pk}))
