"""The IT cost areas and business functions steps: the line grid's page and its save."""

from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseInlineFormSet
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments.capture import grid_forms, grid_presenter, services
from assessments.capture.forms import BusinessFunctionFormSet, ITCostAreaFormSet
from assessments.capture.selectors import (
    assessment_totals,
    business_functions_of,
    capabilities_of_kind,
    it_cost_areas_of,
)
from assessments.capture.views.common import STEP_URLS, for_edit, step_context, step_target
from assessments.models import Assessment, BusinessFunction, ITCostArea
from outsourcing.http import AuthenticatedHttpRequest
from providers.models import Kind


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
    assessment, refusal = for_edit(request, pk)
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
        **step_context(assessment, step.key),
        "step": step,
        "lines": lines,
        "totals": getattr(assessment_totals(it_cost_areas=it_lines, business_functions=bf_lines),
                          "it_cost_areas" if step.key == "it" else "business_functions"),
        "grid": grid_presenter.grid_payload(
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
        post = grid_forms.grid_post_read(
            body=request.read(grid_forms.GRID_MAX_BYTES + 1), max_rows=settings.IMPORT_MAX_ROWS
        )
    except grid_forms.GridRejected as rejected:
        return JsonResponse({"message": rejected.message, "errors": []}, status=400)
    # One check of the model's rules for the rows and then the save: what the rows passed is not checked twice.
    check = services.line_check_create(
        model=cast("type[ITCostArea] | type[BusinessFunction]", step.formset_class.model)
    )
    lines, errors = grid_forms.grid_rows_validate(
        rows=post.rows, form_class=form_class, capabilities=capabilities, check=check
    )
    if errors:
        message = _("Some lines need attention: see the cells marked in red. Nothing was saved yet.")
        return JsonResponse({"message": message, "errors": [error.as_json() for error in errors]}, status=400)
    try:
        step.save(assessment=assessment, user=request.user, lock_version=post.lock_version, lines=lines, check=check)
    except services.AssessmentNotEditable as error:
        return JsonResponse(
            {"message": error.message, "errors": [], "redirect": reverse("assessments:detail", args=[assessment.pk])},
            status=409,
        )
    except services.AssessmentConflict as error:
        return JsonResponse({"message": error.message, "errors": []}, status=409)
    messages.success(request, _("Draft saved."))
    target = STEP_URLS[step_target(post.action, step.key)]
    return JsonResponse({"redirect": reverse(target, args=[assessment.pk]), "lock_version": assessment.lock_version})


@login_required
@require_http_methods(["GET", "POST"])
def assessment_it_cost_areas_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _lines_view(request, pk, LINE_STEPS["it"])


@login_required
@require_http_methods(["GET", "POST"])
def assessment_business_functions_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _lines_view(request, pk, LINE_STEPS["bpo"])
