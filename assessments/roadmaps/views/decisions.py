"""Decisions on a computed roadmap: approve or reject it, or ask for a scenario with other parameters."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.models import Decision, RoadmapStatus
from assessments.organisations import access
from assessments.roadmaps import parameter_presenter, selectors, services
from assessments.roadmaps.forms import DecisionForm, ScenarioForm
from assessments.roadmaps.pipeline_selectors import roadmap_is_waiting_for_broker, roadmap_status_message
from assessments.roadmaps.views.common import not_ready
from outsourcing.http import AuthenticatedHttpRequest


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
        return not_ready(roadmap)
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
