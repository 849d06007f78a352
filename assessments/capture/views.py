"""Pages for organisations and assessment capture. Thin: forms validate, selectors read, services write.

Every view that takes an id reads it through a selector scoped to the user (404 for
other organisations). Write views also need the consultant role in the assessment's
organisation; managers and administrators get a 403 page that says so.
"""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from assessments.capture import line_grid, services, workbook
from assessments.capture.forms import (
    AssessmentFilterForm,
    AssessmentParametersForm,
    BusinessFunctionFormSet,
    ImportConfirmForm,
    ITCostAreaFormSet,
    LockForm,
    VersionCompareForm,
    WorkbookUploadForm,
)
from assessments.capture.selectors import (
    assessment_checklist,
    assessment_line_counts,
    assessment_list,
    assessment_steps,
    assessment_totals,
    business_functions_of,
    capabilities_of_kind,
    checklist_is_complete,
    it_cost_areas_of,
)
from assessments.capture.versions import (
    assessment_history,
    assessment_versions,
    assessment_versions_diff,
)
from assessments.models import Assessment, BusinessFunction, ITCostArea
from assessments.organisations import access
from assessments.organisations.responses import forbidden_response, read_only_refusal
from assessments.organisations.selectors import (
    organisations_visible_to,
)
from assessments.roadmaps import selectors as roadmap_selectors
from assessments.roadmaps.pipeline_selectors import (
    roadmap_is_waiting_for_broker,
    roadmap_latest_base,
    roadmap_status_message,
)
from outsourcing.http import AuthenticatedHttpRequest
from providers.models import Kind

ASSESSMENTS_PER_PAGE = 25
HISTORY_PER_PAGE = 50


# --- Assessment list ------------------------------------------------------------------------------


@login_required
@require_safe
def assessment_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = organisations_visible_to(user=request.user).order_by("name")
    form = AssessmentFilterForm(request.GET or None, organisations=organisations)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {
            "search": form.cleaned_data["q"].strip(),
            "organisation": form.cleaned_data["organisation"],
            "status": form.cleaned_data["status"],
        }
    page = Paginator(assessment_list(user=request.user, **filters), ASSESSMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "assessments/assessment_list.html",
        {"form": form, "page": page, "filtered": any(filters.values()) if filters else False},
    )


# --- Capture steps --------------------------------------------------------------------------------


def _not_editable(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    messages.error(
        request,
        _("“%(title)s” version %(version)s is %(status)s and locked. Create a new version to change it.")
        % {
            "title": assessment.title,
            "version": assessment.version,
            "status": assessment.get_status_display().lower(),
        },
    )
    return redirect("assessments:detail", pk=assessment.pk)


def _denied(request: HttpRequest, denied: access.AccessDenied) -> HttpResponse:
    return forbidden_response(request, organisation=denied.organisation, role=denied.role, assessment=denied.assessment)


def _for_edit(request: AuthenticatedHttpRequest, pk: int) -> tuple[Assessment, HttpResponse | None]:
    """The assessment if the user may edit it now; otherwise the response that explains why not."""
    try:
        assessment = access.assessment_by_id(user=request.user, pk=pk, action="edit")
    except access.AccessDenied as denied:
        # assessment_by_id refuses an action with the assessment it found, so it is never None here.
        return cast(Assessment, denied.assessment), _denied(request, denied)
    if not assessment.is_editable:
        return assessment, _not_editable(request, assessment)
    return assessment, None


def _step_context(assessment: Assessment, current: str) -> dict[str, Any]:
    it_count, bf_count = assessment_line_counts(assessment=assessment)
    return {
        "assessment": assessment,
        "steps": assessment_steps(assessment=assessment, it_count=it_count, bf_count=bf_count),
        "current_step": current,
        "line_counts": (it_count, bf_count),
    }


STEP_URLS = {
    "parameters": "assessments:parameters",
    "it": "assessments:it_cost_areas",
    "bpo": "assessments:business_functions",
    "review": "assessments:review",
}
STEP_ORDER = ["parameters", "it", "bpo", "review"]


def _step_target(action: str, step: str) -> str:
    """Where a save button leads: stay, the next step, the previous step, or any step of the stepper."""
    index = STEP_ORDER.index(step)
    if action == "next" and index + 1 < len(STEP_ORDER):
        return STEP_ORDER[index + 1]
    if action == "previous" and index > 0:
        return STEP_ORDER[index - 1]
    if action.startswith("goto:") and action[5:] in STEP_URLS:
        return action[5:]
    return step


def _after_save(request: HttpRequest, assessment: Assessment, step: str) -> HttpResponse:
    messages.success(request, _("Draft saved."))
    return redirect(STEP_URLS[_step_target(request.POST.get("action", "save"), step)], pk=assessment.pk)


def _conflict(request: HttpRequest, error: services.AssessmentError) -> None:
    messages.error(request, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create_view(request: AuthenticatedHttpRequest, organisation_pk: int) -> HttpResponse:
    try:
        organisation = access.organisation_by_id(user=request.user, pk=organisation_pk, action="edit")
    except access.AccessDenied as denied:
        return forbidden_response(request, organisation=denied.organisation, role=denied.role)
    form = AssessmentParametersForm(
        request.POST or None,
        instance=Assessment(organisation=organisation, region=organisation.region, currency=organisation.currency),
    )
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "lock_version"}
        assessment = services.assessment_create(organisation=organisation, user=request.user, data=data)
        return _after_save(request, assessment, "parameters")
    return render(
        request,
        "assessments/assessment_parameters.html",
        {"form": form, "organisation": organisation, "assessment": None, "steps": None, "current_step": "parameters"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_parameters_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment, refusal = _for_edit(request, pk)
    if refusal:
        return refusal
    form = AssessmentParametersForm(request.POST or None, instance=assessment)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "lock_version"}
        try:
            services.assessment_update(
                assessment=assessment,
                user=request.user,
                lock_version=form.cleaned_data["lock_version"],
                data=data,
            )
        except services.AssessmentNotEditable:
            return _not_editable(request, access.assessment_by_id(user=request.user, pk=pk))
        except services.AssessmentConflict as error:
            _conflict(request, error)
            status = 409
        else:
            return _after_save(request, assessment, "parameters")
        assessment = access.assessment_by_id(user=request.user, pk=pk)
    context = {**_step_context(assessment, "parameters"), "form": form, "organisation": assessment.organisation}
    return render(request, "assessments/assessment_parameters.html", context, status=status)


@dataclass(frozen=True)
class _LineStep:
    key: str
    kind: str
    formset_class: "type[BaseInlineFormSet[Any, Any, Any]]"  # a string: the class is not subscriptable at run time
    prefix: str
    lines_of: Any
    save: Any


LINE_STEPS = {
    "it": _LineStep("it", Kind.ITO, ITCostAreaFormSet, "it", it_cost_areas_of,
                    services.assessment_it_cost_areas_save),
    "bpo": _LineStep("bpo", Kind.BPO, BusinessFunctionFormSet, "bf", business_functions_of,
                     services.assessment_business_functions_save),
}  # fmt: skip


def _lines_view(request: AuthenticatedHttpRequest, pk: int, step: _LineStep) -> HttpResponse:
    assessment, refusal = _for_edit(request, pk)
    if refusal:
        return refusal
    capabilities = capabilities_of_kind(kind=step.kind)
    form_class = step.formset_class.form
    status = 200
    if request.method == "POST":
        if request.content_type == "application/json":
            return _lines_save(request, assessment, step, form_class=form_class, capabilities=capabilities)
        # Only the grid saves lines; without JavaScript the page shows them and points to the workbook.
        messages.error(
            request, _("Lines are edited in the grid, which needs JavaScript. Without it, import a workbook.")
        )
        status = 400
    lines = step.lines_of(assessment=assessment)
    model = form_class._meta.model
    guide = [
        (name, str(model._meta.get_field(name).verbose_name), str(model._meta.get_field(name).help_text))
        for name in form_class._meta.fields
        if model._meta.get_field(name).help_text
    ]
    it_lines, bf_lines = (lines, []) if step.key == "it" else ([], lines)
    context = {
        **_step_context(assessment, step.key),
        "step": step,
        "lines": lines,
        "totals": getattr(assessment_totals(it_cost_areas=it_lines, business_functions=bf_lines),
                          "it_cost_areas" if step.key == "it" else "business_functions"),
        "grid": line_grid.grid_payload(
            form_class=form_class,
            lines=lines,
            capabilities=capabilities,
            currency=assessment.currency,
            max_rows=settings.IMPORT_MAX_ROWS,
        ),
        "guide": guide,
        "model_name": model._meta.verbose_name,
        "model_name_plural": model._meta.verbose_name_plural,
    }  # fmt: skip
    return render(request, "assessments/assessment_lines.html", context, status=status)


def _lines_save(
    request: AuthenticatedHttpRequest, assessment: Assessment, step: _LineStep, *, form_class: type, capabilities: dict
) -> JsonResponse:
    """The grid's save: one JSON document in, JSON out (where to go next, or the errors at row and column)."""
    try:
        post = line_grid.grid_post_read(
            body=request.read(line_grid.GRID_MAX_BYTES + 1), max_rows=settings.IMPORT_MAX_ROWS
        )
    except line_grid.GridRejected as rejected:
        return JsonResponse({"message": rejected.message, "errors": []}, status=400)
    lines, errors = line_grid.grid_rows_validate(rows=post.rows, form_class=form_class, capabilities=capabilities)
    if errors:
        message = _("Some lines need attention: see the cells marked in red. Nothing was saved yet.")
        return JsonResponse({"message": message, "errors": [error.as_json() for error in errors]}, status=400)
    try:
        step.save(assessment=assessment, user=request.user, lock_version=post.lock_version, lines=lines)
    except services.AssessmentNotEditable as error:
        return JsonResponse(
            {"message": error.message, "errors": [], "redirect": reverse("assessments:detail", args=[assessment.pk])},
            status=409,
        )
    except services.AssessmentConflict as error:
        return JsonResponse({"message": error.message, "errors": []}, status=409)
    messages.success(request, _("Draft saved."))
    target = STEP_URLS[_step_target(post.action, step.key)]
    return JsonResponse({"redirect": reverse(target, args=[assessment.pk]), "lock_version": assessment.lock_version})


@login_required
@require_http_methods(["GET", "POST"])
def assessment_it_cost_areas_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _lines_view(request, pk, LINE_STEPS["it"])


@login_required
@require_http_methods(["GET", "POST"])
def assessment_business_functions_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _lines_view(request, pk, LINE_STEPS["bpo"])


def _summary_context(assessment: Assessment) -> dict[str, Any]:
    it_lines = it_cost_areas_of(assessment=assessment)
    bf_lines = business_functions_of(assessment=assessment)
    checklist = assessment_checklist(assessment=assessment, it_cost_areas=it_lines, business_functions=bf_lines)
    return {
        "assessment": assessment,
        "it_lines": it_lines,
        "bf_lines": bf_lines,
        "totals": assessment_totals(it_cost_areas=it_lines, business_functions=bf_lines),
        "checklist": checklist,
        "complete": checklist_is_complete(checklist=checklist),
        "steps": assessment_steps(assessment=assessment, it_count=len(it_lines), bf_count=len(bf_lines)),
    }


@login_required
@require_http_methods(["GET", "POST"])
def assessment_review_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment, refusal = _for_edit(request, pk)
    if refusal:
        return refusal
    lock = LockForm(request.POST or None, initial={"lock_version": assessment.lock_version})
    status = 200
    if request.method == "POST" and lock.is_valid():
        try:
            services.assessment_submit(
                assessment=assessment, user=request.user, lock_version=lock.cleaned_data["lock_version"]
            )
        except services.AssessmentNotEditable:
            return _not_editable(request, access.assessment_by_id(user=request.user, pk=pk))
        except services.AssessmentIncomplete as error:
            messages.error(request, error.message)
            status = 400
        except services.AssessmentConflict as error:
            messages.error(
                request,
                _("The draft changed since this page was opened (%(reason)s) Check the review again, then submit.")
                % {"reason": error.message},
            )
            status = 409
        else:
            messages.success(
                request,
                _(
                    "Submitted. Version %(version)s is now locked and its base roadmap is being computed: open it"
                    " below when it is ready. A manager of the organisation then approves or rejects it. To change"
                    " the inputs, create a new version."
                )
                % {"version": assessment.version},
            )
            # Its roadmap was sent when the submit committed; a broker that is down keeps it queued.
            roadmap = roadmap_latest_base(assessment=assessment, done_only=False)
            if roadmap is not None and roadmap_is_waiting_for_broker(roadmap=roadmap):
                messages.warning(request, roadmap_status_message(roadmap=roadmap))
            return redirect("assessments:detail", pk=assessment.pk)
        assessment = access.assessment_by_id(user=request.user, pk=pk)
        lock = LockForm(initial={"lock_version": assessment.lock_version})
    context = {**_summary_context(assessment), "lock": lock, "current_step": "review"}
    return render(request, "assessments/assessment_review.html", context, status=status)


@login_required
def assessment_detail_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = access.assessment_by_id(user=request.user, pk=pk)
    if refusal := read_only_refusal(request):
        return refusal
    role = access.role_of(user=request.user, organisation=assessment.organisation)
    versions = assessment_versions(assessment=assessment)
    context = {
        **_summary_context(assessment),
        "role": role,
        "can_edit": access.role_may(role=role, action="edit"),
        "versions": versions,
        "lineage_draft": next((version for version in versions if version.is_editable), None),
        "current_step": None,
        "roadmaps": roadmap_selectors.assessment_roadmaps(assessment=assessment),
    }
    return render(request, "assessments/assessment_detail.html", context)


# --- Versions and history -------------------------------------------------------------------------


@login_required
def assessment_version_create_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # Tenancy before the method check: a foreign id is a 404 whatever the method.
    assessment = access.assessment_by_id(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        access.ensure(user=request.user, organisation=assessment.organisation, action="edit")
    except access.AccessDenied as denied:
        return forbidden_response(request, organisation=denied.organisation, role=denied.role)
    try:
        copy = services.assessment_version_create(assessment=assessment, user=request.user)
    except services.AssessmentError as error:
        messages.error(request, error.message)
        return redirect("assessments:versions", pk=assessment.pk)
    messages.success(
        request,
        _("Version %(new)s created from version %(old)s as a draft. Version %(old)s stays as it was.")
        % {"new": copy.version, "old": assessment.version},
    )
    return redirect("assessments:parameters", pk=copy.pk)


@login_required
def assessment_versions_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = access.assessment_by_id(user=request.user, pk=pk)
    if refusal := read_only_refusal(request):
        return refusal
    versions = assessment_versions(assessment=assessment)
    by_pk = {version.pk: version for version in versions}
    diff = None
    if "old" in request.GET or "new" in request.GET:
        form = VersionCompareForm(request.GET, versions=versions)
        if form.is_valid():
            old, new = by_pk[form.cleaned_data["old"]], by_pk[form.cleaned_data["new"]]
            if old.version > new.version:
                old, new = new, old
            diff = assessment_versions_diff(old=old, new=new)
    else:
        older = assessment.copied_from_id if assessment.copied_from_id in by_pk else None
        if older is None and len(versions) > 1:
            older = next((version.pk for version in versions if version.version < assessment.version), None)
        initial = {"old": older, "new": assessment.pk} if older else {"new": assessment.pk}
        form = VersionCompareForm(initial=initial, versions=versions)
        if older:
            diff = assessment_versions_diff(old=by_pk[older], new=assessment)
    role = access.role_of(user=request.user, organisation=assessment.organisation)
    return render(
        request,
        "assessments/assessment_versions.html",
        {
            "assessment": assessment,
            "versions": versions,
            "form": form,
            "diff": diff,
            "can_edit": access.role_may(role=role, action="edit"),
            "lineage_draft": next((version for version in versions if version.is_editable), None),
        },
    )


@login_required
def assessment_history_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = access.assessment_by_id(user=request.user, pk=pk)
    if refusal := read_only_refusal(request):
        return refusal
    page = Paginator(assessment_history(assessment=assessment), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "assessments/assessment_history.html", {"assessment": assessment, "page": page})


# --- Workbook -------------------------------------------------------------------------------------


def _download_name(assessment: Assessment, suffix: str) -> str:
    return f"{slugify(assessment.title) or 'assessment'}-v{assessment.version}{suffix}"


@login_required
def assessment_workbook_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = access.assessment_by_id(user=request.user, pk=pk)
    if refusal := read_only_refusal(request):
        return refusal
    content = workbook.workbook_build(
        assessment=assessment,
        it_cost_areas=it_cost_areas_of(assessment=assessment),
        business_functions=business_functions_of(assessment=assessment),
        it_capabilities=list(capabilities_of_kind(kind=Kind.ITO).values()),
        bpo_capabilities=list(capabilities_of_kind(kind=Kind.BPO).values()),
    )
    response = HttpResponse(content, content_type=workbook.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_download_name(assessment, ".xlsx")}"'
    return response


@login_required
def assessment_csv_view(request: AuthenticatedHttpRequest, pk: int, sheet: str) -> HttpResponse:
    assessment = access.assessment_by_id(user=request.user, pk=pk)
    if refusal := read_only_refusal(request):
        return refusal
    specs: dict[str, tuple[workbook.SheetSpec, Callable[..., Sequence[ITCostArea | BusinessFunction]]]]
    specs = {"it-cost-areas": (workbook.IT_SHEET, it_cost_areas_of),
             "business-functions": (workbook.BF_SHEET, business_functions_of)}  # fmt: skip
    if sheet not in specs:
        raise Http404("No such sheet.")
    spec, lines_of = specs[sheet]
    content = workbook.sheet_csv_build(spec=spec, lines=lines_of(assessment=assessment), currency=assessment.currency)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(assessment, f"-{sheet}.csv")}"'
    return response


def _import_session_key(assessment: Assessment) -> str:
    return f"assessments.import.{assessment.pk}"


def _capabilities() -> dict[str, Any]:
    return {
        "it_capabilities": capabilities_of_kind(kind=Kind.ITO),
        "bpo_capabilities": capabilities_of_kind(kind=Kind.BPO),
    }


@login_required
@require_http_methods(["GET", "POST"])
def assessment_import_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Upload and preview. A valid preview is kept in the session until it is confirmed."""
    assessment, refusal = _for_edit(request, pk)
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
            preview = workbook.import_preview(
                name=upload.name, content=content, currency=assessment.currency, **_capabilities()
            )
            if preview.is_valid:
                token = uuid.uuid4().hex
                request.session[_import_session_key(assessment)] = {
                    "token": token,
                    "lock_version": assessment.lock_version,
                    "file_name": upload.name,
                    "lines": workbook.preview_payload(preview),
                }
            else:
                request.session.pop(_import_session_key(assessment), None)
                status = 400
        else:
            status = 400
    step_context = _step_context(assessment, "import")
    it_count, bf_count = step_context["line_counts"]
    context = {
        **step_context,
        "form": form,
        "preview": preview,
        "confirm": ImportConfirmForm(initial={"token": token}) if token else None,
        "current_counts": {"it": it_count, "bf": bf_count},
        "sheets": workbook.SHEETS,
        "max_rows": settings.IMPORT_MAX_ROWS,
        "max_bytes": settings.IMPORT_MAX_BYTES,
    }
    return render(request, "assessments/assessment_import.html", context, status=status)


@login_required
def assessment_import_confirm_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment, refusal = _for_edit(request, pk)
    if refusal:
        return refusal
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ImportConfirmForm(request.POST)
    stored = request.session.get(_import_session_key(assessment))
    if not form.is_valid() or not stored or stored.get("token") != form.cleaned_data["token"]:
        messages.error(request, _("This preview has expired or was replaced by another upload. Upload the file again."))
        return redirect("assessments:import", pk=assessment.pk)
    preview = workbook.payload_validate(stored["lines"], **_capabilities())
    if preview.errors:
        request.session.pop(_import_session_key(assessment), None)
        messages.error(request, _("The catalogue changed since the preview and some rows no longer fit. Upload again."))
        return redirect("assessments:import", pk=assessment.pk)
    try:
        services.assessment_lines_import(
            assessment=assessment,
            user=request.user,
            lock_version=stored["lock_version"],
            it_cost_areas=preview.lines_for("it"),
            business_functions=preview.lines_for("bf"),
        )
    except services.AssessmentNotEditable:
        return _not_editable(request, access.assessment_by_id(user=request.user, pk=pk))
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
