"""API views: each fetches through assessments/organisations/access.py (404 for another
organisation's object, 403 when the role may not act) and calls a selector or a service."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.models import ApiToken
from api.services import token_create, token_revoke
from assessments.models import Assessment, MonthlyActual
from assessments.organisations import access
from assessments.organisations.selectors import organisations_visible_to
from assessments.programmes import presenter as programme_presenter
from assessments.programmes import selectors as programme_selectors
from assessments.programmes import services as programme_services
from assessments.roadmaps.presenter import roadmap_decision_code, roadmap_presentation_get
from outsourcing.http import AuthenticatedHttpRequest


def _signed_in(request: Request) -> User:
    """The request's user: every API view runs behind IsAuthenticated (REST_FRAMEWORK's
    DEFAULT_PERMISSION_CLASSES), so it is never the anonymous user (DRF types it as either)."""
    return cast(User, request.user)


class OrganisationListView(generics.ListAPIView):
    """Organisations the user is a member of (administrators: all)."""

    serializer_class = s.OrganisationSerializer

    def get_queryset(self):
        return organisations_visible_to(user=_signed_in(self.request)).select_related("region").order_by("pk")


class OrganisationDetailView(generics.RetrieveAPIView):
    serializer_class = s.OrganisationSerializer

    def get_object(self):
        return access.organisation_by_id(user=_signed_in(self.request), pk=self.kwargs["pk"])


class AssessmentListView(generics.ListAPIView):
    """Assessments of the organisations the user may see; `?organisation=<id>` narrows them."""

    serializer_class = s.AssessmentSerializer

    def get_queryset(self):
        queryset = Assessment.objects.filter(organisation__in=organisations_visible_to(user=_signed_in(self.request)))
        organisation = self.request.query_params.get("organisation")
        if organisation is not None:
            if not organisation.isdigit():
                raise ValidationError({"organisation": [_("Give the organisation's id (a whole number).")]})
            queryset = queryset.filter(organisation_id=int(organisation))
        return queryset.order_by("pk")


class AssessmentDetailView(generics.RetrieveAPIView):
    serializer_class = s.AssessmentSerializer

    def get_object(self):
        return access.assessment_by_id(user=_signed_in(self.request), pk=self.kwargs["pk"])


class RoadmapDetailView(APIView):
    """A computed roadmap as the dashboard presents it; 409 while it is not computed."""

    @extend_schema(responses=s.RoadmapSerializer)
    def get(self, request: Request, pk: int) -> Response:
        roadmap = access.roadmap_by_id(user=_signed_in(request), pk=pk)
        view = roadmap_presentation_get(roadmap=roadmap)
        if view is None:
            return Response({"detail": _("This roadmap is not computed.")}, status=status.HTTP_409_CONFLICT)
        data = {
            "id": roadmap.pk,
            "assessment": roadmap.assessment_id,
            "name": roadmap.name,
            "status": roadmap.status,
            "decision": roadmap.decision,
            "decision_state": roadmap_decision_code(roadmap=roadmap),
            "currency": view.currency,
            "gate_month": view.gate_month,
            "gate_reason": str(view.gate_reason),
            "kpis": view.kpis,
            "phases": view.phases,
            "items": [item | {"rationale": str(item["rationale"])} for item in view.items],
            "cash_flow": view.cash_flow,
        }
        return Response(s.RoadmapSerializer(data).data)


def _programme_data(status_: programme_selectors.ProgrammeStatus) -> dict[str, Any]:
    gate = status_.gate
    return {
        "id": status_.programme.pk,
        "roadmap": status_.programme.roadmap_id,
        "first_month": status_.programme.first_month,
        "currency": status_.currency,
        "gate": {
            "state": gate.state,
            "sentence": programme_presenter.gate_sentence(gate, currency=status_.currency),
            "planned_run_rate": gate.planned_run_rate,
            "threshold": gate.threshold,
            "realised_run_rate": gate.realised_run_rate,
            "planned_month": gate.planned_month,
            "open_month": gate.open_month,
            "projected_month": gate.projected_month,
            "slip_months": gate.slip_months,
        },
        "engagements": [figures.engagement for figures in status_.engagements],
    }


class ProgrammeDetailView(APIView):
    """A programme: its engagements and where the gate stands on recorded actuals."""

    @extend_schema(responses=s.ProgrammeSerializer)
    def get(self, request: Request, pk: int) -> Response:
        programme = access.programme_by_id(user=_signed_in(request), pk=pk)
        status_ = programme_selectors.programme_status_get(programme=programme)
        return Response(s.ProgrammeSerializer(_programme_data(status_)).data)


class ProgrammeActualsView(generics.ListAPIView):
    """GET: the programme's monthly actuals (paginated). POST: record a list of rows, all or none;
    a refusal is 400 with {"<row index, from 0>": {"<field>": ["message"]}} for each refused row."""

    serializer_class = s.ActualSerializer

    def get_queryset(self):
        programme = access.programme_by_id(user=_signed_in(self.request), pk=self.kwargs["pk"])
        return (
            MonthlyActual.objects.filter(engagement__programme=programme)
            .select_related("engagement")
            .order_by("month", "engagement__item_id")
        )

    @extend_schema(request=s.ActualWriteSerializer(many=True), responses={201: s.ActualSerializer(many=True)})
    def post(self, request: Request, pk: int) -> Response:
        programme = access.programme_by_id(user=_signed_in(request), pk=pk, action="run")
        if not isinstance(request.data, list):
            raise ValidationError({"non_field_errors": [_("Send a list of rows.")]})
        if not request.data or len(request.data) > 1000:
            raise ValidationError({"non_field_errors": [_("Send between 1 and 1000 rows.")]})
        incoming = s.ActualWriteSerializer(data=request.data, many=True)
        incoming.is_valid(raise_exception=True)
        engagements = {e.item_id: e for e in programme.engagements.all()}
        rows: list[tuple[int, tuple[Any, Any, dict[str, Any]]]] = []
        errors: dict[str, dict[str, list[str]]] = {}
        for index, row in enumerate(incoming.validated_data):
            engagement = engagements.get(row["engagement"])
            if engagement is None:
                errors[str(index)] = {"engagement": [_("No such engagement in this programme.")]}
                continue
            values = {k: v for k, v in row.items() if k not in ("engagement", "month")}
            rows.append((index, (engagement, row["month"], values)))
        if errors:
            raise ValidationError(errors)
        try:
            saved = programme_services.actuals_record(programme=programme, rows=[row for _i, row in rows])
        except programme_services.ActualsInvalid as invalid:
            for number, problems in invalid.rows.items():
                errors[str(rows[number - 1][0])] = problems
            raise ValidationError(errors) from None
        return Response(s.ActualSerializer(saved, many=True).data, status=status.HTTP_201_CREATED)


@login_required
@require_http_methods(["GET", "POST"])
def tokens_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own API tokens: create one (shown once) or see which are active."""
    created = None
    if request.method == "POST":
        try:
            _row, created = token_create(user=request.user, name=request.POST.get("name", "")[:80])
        except ValueError as error:
            messages.error(request, str(error))
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "api/tokens.html", {"tokens": tokens, "created": created})


@login_required
@require_POST
def token_revoke_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if token_revoke(user=request.user, pk=pk):
        messages.success(request, _("Token revoked."))
    return redirect("api:tokens")
