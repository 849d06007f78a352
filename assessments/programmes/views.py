"""Programme pages: start from an approved roadmap, the status page, an engagement, a month of
actuals (grid), the actuals import. Every route fetches through organisations/access.py."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.capture.forms import ImportConfirmForm
from assessments.models import Notification
from assessments.organisations import access
from assessments.programmes import actuals_import_services, presenter, selectors, services
from assessments.programmes.forms import (
    ActualForm,
    ActualsImportForm,
    EngagementForm,
    ProgrammeStartForm,
    month_or_today,
)
from assessments.programmes.services import ACTUAL_FIELDS
from outsourcing.http import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET"])
def programme_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The programmes of the organisations the user may see, each with where its gate stands."""
    programmes = (
        selectors.programmes_visible_to(user=request.user)
        .select_related("roadmap__assessment__organisation")
        .defer("roadmap__result", "roadmap__inputs")
        .order_by("roadmap__assessment__organisation__name", "pk")
    )
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


@login_required
@require_POST
def programme_start_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap = access.roadmap_by_id(user=request.user, pk=pk, action="run", with_result=False)
    form = ProgrammeStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the first month of the plan as YYYY-MM."))
        return redirect("assessments:roadmap_dashboard", pk=roadmap.pk)
    try:
        programme = services.programme_start(
            roadmap=roadmap,
            first_month=form.cleaned_data["first_month"] or timezone.localdate().replace(day=1),
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:roadmap_dashboard", pk=roadmap.pk)
    return redirect("assessments:programme_detail", pk=programme.pk)


@login_required
@require_http_methods(["GET"])
def programme_detail_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = access.programme_by_id(user=request.user, pk=pk)
    status = selectors.programme_status_get(programme=programme)
    currency = status.currency
    labels = presenter.engagement_labels(engagements=[figures.engagement for figures in status.engagements])
    rows = [
        {
            "figures": figures,
            "label": labels.get(figures.engagement.pk, figures.engagement.label),
            "success_label": presenter.success_state_label(figures.success.state) if figures.success else "",
            "success_reason": presenter.success_reason(figures.success, currency=currency) if figures.success else "",
        }
        for figures in status.engagements
    ]
    notifications = list(Notification.objects.filter(user=request.user, programme=programme, read_at=None)[:10])
    role = access.role_of(user=request.user, organisation=programme.roadmap.assessment.organisation)
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "status": status,
            "rows": rows,
            "gate_sentence": presenter.gate_sentence(status.gate, currency=currency),
            "gate_label": presenter.gate_state_label(status.gate.state),
            "notifications": notifications,
            "notification_texts": [
                presenter.notification_text(code=n.code, params=n.params, programme=programme)[0] for n in notifications
            ],
            "may_run": access.role_may(role=role, action="run"),
            "may_compute": access.role_may(role=role, action="compute"),
            "replans": selectors.programme_replans(programme=programme),
            "currency": currency,
        },
    )


@login_required
@require_POST
def programme_replan_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Request a re-plan from the recorded actuals; back to the programme page, which links it to the comparison."""
    programme = access.programme_by_id(user=request.user, pk=pk, action="compute")
    replan = services.programme_replan(programme=programme, user=request.user)
    messages.success(
        request,
        _("Re-plan requested: “%(name)s”. Compare it with the approved roadmap once it is computed.")
        % {"name": replan.name},
    )
    return redirect("assessments:programme_detail", pk=programme.pk)


@login_required
@require_POST
def notifications_read_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    programme = access.programme_by_id(user=request.user, pk=pk)
    Notification.objects.filter(user=request.user, programme=programme, read_at=None).update(read_at=timezone.now())
    return redirect("assessments:programme_detail", pk=programme.pk)


@login_required
@require_http_methods(["GET", "POST"])
def engagement_edit_view(request: AuthenticatedHttpRequest, pk: int, engagement_pk: int) -> HttpResponse:
    programme = access.programme_by_id(user=request.user, pk=pk, action="run")
    engagement = get_object_or_404(programme.engagements, pk=engagement_pk)
    form = EngagementForm(request.POST or None, instance=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_update(
                engagement=engagement, changes={name: form.cleaned_data[name] for name in form.fields}
            )
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, _("Engagement saved."))
            return redirect("assessments:programme_detail", pk=programme.pk)
    return render(
        request,
        "programmes/engagement_form.html",
        {
            "programme": programme,
            "engagement": engagement,
            "label": presenter.engagement_labels(engagements=[engagement])[engagement.pk],
            "shortlist_names": selectors.shortlist_names(engagement=engagement),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def actuals_month_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The month grid: one row per engagement, the figures that apply to its kind."""
    programme = access.programme_by_id(user=request.user, pk=pk, action="run")
    month = month_or_today(request.POST.get("month") or request.GET.get("month"))
    engagements = list(selectors.engagements_with_actuals(programme=programme))
    existing = {a.engagement_id: a for e in engagements for a in e.actuals.all() if a.month == month}
    data = request.POST if request.method == "POST" else None
    forms = [ActualForm(data, prefix=f"e{e.pk}", instance=existing.get(e.pk), engagement=e) for e in engagements]
    labels = presenter.engagement_labels(engagements=engagements)
    for form in forms:
        form.label = labels.get(form.engagement.pk, form.engagement.label)
    if request.method == "POST" and all(form.is_valid() for form in forms):
        rows = [
            (form.engagement, month, dict(form.cleaned_data))
            for form in forms
            if form.has_changed() or form.instance.pk
        ]
        try:
            services.actuals_record(programme=programme, rows=rows)
        except services.ActualsInvalid as invalid:
            for number, problems in invalid.rows.items():
                form = next(f for f in forms if f.engagement == rows[number - 1][0])
                for name, texts in problems.items():
                    form.add_error(name if name in form.fields else None, texts)
        else:
            shown = formats.date_format(month, "YEAR_MONTH_FORMAT")
            messages.success(request, _("Actuals for %(month)s saved.") % {"month": shown})
            return redirect(reverse("assessments:programme_detail", kwargs={"pk": programme.pk}))
    return render(
        request,
        "programmes/actuals_month.html",
        {
            "programme": programme,
            "month": month,
            "month_index": selectors.month_index(first_month=programme.first_month, month=month),
            "forms": forms,
        },
    )


def _import_session_key(programme) -> str:
    return f"programme-actuals-import-{programme.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def actuals_import_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Upload and preview; a valid preview is kept in the session until it is confirmed."""
    programme = access.programme_by_id(user=request.user, pk=pk, action="run")
    form = ActualsImportForm(request.POST or None, request.FILES or None)
    preview = None
    token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            preview = actuals_import_services.actuals_preview(
                programme=programme,
                name=upload.name or "",
                content=upload.read(settings.IMPORT_MAX_BYTES + 1),
                currency=programme.roadmap.assessment.organisation.currency,
            )
            if preview.is_valid:
                token = uuid.uuid4().hex
                request.session[_import_session_key(programme)] = {
                    "token": token,
                    "file_name": upload.name,
                    "rows": preview.rows,
                }
            else:
                request.session.pop(_import_session_key(programme), None)
                status = 400
        else:
            status = 400
    return render(
        request,
        "programmes/actuals_import.html",
        {
            "programme": programme,
            "form": form,
            "preview": preview,
            "preview_rows": [
                {"row": row, "engagement": labels.get(row["engagement"], "")}
                for labels, rows in [(preview.labels, preview.rows[:50]) if preview else ({}, [])]
                for row in rows
            ],
            "problems": preview.problems if preview else [],
            "confirm": ImportConfirmForm(initial={"token": token}) if token else None,
            "fields": ACTUAL_FIELDS,
        },
        status=status,
    )


@login_required
@require_POST
def actuals_import_confirm_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the previewed rows, all or nothing."""
    programme = access.programme_by_id(user=request.user, pk=pk, action="run")
    form = ImportConfirmForm(request.POST)
    stored = request.session.get(_import_session_key(programme))
    if not form.is_valid() or not stored or stored.get("token") != form.cleaned_data["token"]:
        messages.error(request, _("This preview has expired or was replaced by another upload. Upload the file again."))
        return redirect("assessments:programme_actuals_import", pk=programme.pk)
    request.session.pop(_import_session_key(programme), None)
    try:
        saved = actuals_import_services.actuals_confirm(programme=programme, payload=stored["rows"])
    except actuals_import_services.ImportRefused as refused:
        messages.error(request, " ".join(refused.problems[:20]))
        return redirect("assessments:programme_actuals_import", pk=programme.pk)
    messages.success(request, _("%(count)d rows of actuals imported.") % {"count": len(saved)})
    return redirect("assessments:programme_detail", pk=programme.pk)


EXPORT_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _actuals_download(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The programme's actuals in the import's columns; anyone who may read the programme may download it.
    `Cache-Control: private, no-store` (client financials), as on every signed-in response."""
    programme = access.programme_by_id(user=request.user, pk=pk)
    response = HttpResponse(
        presenter.actuals_file(programme=programme, fmt=fmt), content_type=EXPORT_CONTENT_TYPES[fmt]
    )
    stem = f"actuals-programme-{programme.pk}-{timezone.localdate().isoformat()}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def actuals_export_csv_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _actuals_download(request, pk, "csv")


@login_required
@require_GET
def actuals_export_xlsx_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _actuals_download(request, pk, "xlsx")
