"""Writes for assessments and their lines.

Every change to a draft first *claims* it with one conditional UPDATE
(`... WHERE status = 'draft' AND lock_version = n`, setting `lock_version = n + 1`).
A stale form, or a second person saving the same draft, matches no row and gets
`AssessmentConflict` instead of silently overwriting the first save; a submitted
assessment matches no row either and gets `AssessmentNotEditable`.
"""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from assessments.capture.line_writes import LineCheck, LineData, lines_sync
from assessments.capture.line_writes import line_check_create as line_check_create  # the views' entry point
from assessments.capture.selectors import (
    BUSINESS_FUNCTION_FIELDS,
    IT_COST_AREA_FIELDS,
    PARAMETER_FIELDS,
    ChecklistItem,
    assessment_checklist,
    business_functions_of,
    checklist_is_complete,
    it_cost_areas_of,
)
from assessments.engine.defaults import discount_rate_of
from assessments.models import (
    Assessment,
    AssessmentStatus,
    BusinessFunction,
    ITCostArea,
    Organisation,
)
from assessments.organisations import access
from assessments.roadmaps.pipeline_services import roadmap_request
from providers.models import Kind


class AssessmentError(Exception):
    """A write the user asked for that cannot be done; `message` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AssessmentNotEditable(AssessmentError):
    pass


class AssessmentConflict(AssessmentError):
    pass


class AssessmentIncomplete(AssessmentError):
    def __init__(self, message: str, *, checklist: Sequence[ChecklistItem]) -> None:
        super().__init__(message)
        self.checklist = list(checklist)


def _not_editable_message(assessment: Assessment) -> str:
    return _("“%(title)s” version %(version)s is %(status)s and locked. Create a new version to change it.") % {
        "title": assessment.title,
        "version": assessment.version,
        "status": assessment.get_status_display().lower(),
    }


# --- Assessments ----------------------------------------------------------------------------------


@transaction.atomic
def assessment_create(*, organisation: Organisation, user: User, data: Mapping[str, Any]) -> Assessment:
    """A new draft; parameters left out take the organisation's region and currency, the currency's default
    discount rate (`engine.defaults.discount_rate_of`) or the model defaults."""
    values = {name: data[name] for name in PARAMETER_FIELDS if name in data}
    values.setdefault("region", organisation.region)
    values.setdefault("currency", organisation.currency)
    # The default discount rate follows the currency (engine/defaults.py: 10-year yield + 4 points).
    values.setdefault("discount_rate", Decimal(str(discount_rate_of(values["currency"]))))
    assessment = Assessment(organisation=organisation, author=user, status=AssessmentStatus.DRAFT, **values)
    assessment.full_clean(exclude=["author"])
    assessment._history_user = user
    assessment.save()
    return assessment


def _assessment_claim(*, assessment: Assessment, lock_version: int | None) -> None:
    """Take the draft for this write, or raise; must run inside the caller's transaction."""
    drafts = Assessment.objects.filter(pk=assessment.pk, status=AssessmentStatus.DRAFT)
    if lock_version is not None:
        drafts = drafts.filter(lock_version=lock_version)
    now = timezone.now()
    if drafts.update(lock_version=F("lock_version") + 1, updated_at=now) == 0:
        current = Assessment.objects.filter(pk=assessment.pk).first()
        if current is None or current.status != AssessmentStatus.DRAFT:
            raise AssessmentNotEditable(_not_editable_message(current or assessment))
        raise AssessmentConflict(
            _(
                "Someone else saved this draft after you opened it, so your changes were not saved. "
                "Reload the page to see their version, then make your changes again."
            )
        )
    assessment.lock_version = Assessment.objects.values_list("lock_version", flat=True).get(pk=assessment.pk)
    assessment.status = AssessmentStatus.DRAFT
    assessment.updated_at = now


@transaction.atomic
def assessment_update(
    *, assessment: Assessment, user: User, lock_version: int | None, data: Mapping[str, Any]
) -> Assessment:
    """Save the title and parameters of a draft (step 1)."""
    _assessment_claim(assessment=assessment, lock_version=lock_version)
    for name in PARAMETER_FIELDS:
        if name in data:
            setattr(assessment, name, data[name])
    assessment.full_clean(exclude=["author", "organisation"])
    assessment._history_user = user
    assessment.save()
    return assessment


@transaction.atomic
def assessment_it_cost_areas_save(
    *,
    assessment: Assessment,
    user: User,
    lock_version: int | None,
    lines: Sequence[LineData],
    check: LineCheck | None = None,
) -> Assessment:
    """Step 2: the draft's IT cost areas become `lines` (dicts of field values, `id` for existing ones).

    `check` (from `line_check_create(model=ITCostArea)`) is the one the rows were validated with, if
    any: the values it passed are not checked twice. Raises AssessmentNotEditable, AssessmentConflict,
    or ValidationError for a line the model refuses.
    """
    _assessment_claim(assessment=assessment, lock_version=lock_version)
    lines_sync(
        model=ITCostArea,
        assessment=assessment,
        user=user,
        lines=lines,
        fields=IT_COST_AREA_FIELDS,
        kind=Kind.ITO,
        check=check,
    )
    return assessment


@transaction.atomic
def assessment_business_functions_save(
    *,
    assessment: Assessment,
    user: User,
    lock_version: int | None,
    lines: Sequence[LineData],
    check: LineCheck | None = None,
) -> Assessment:
    """Step 3: the draft's business functions become `lines` (as `assessment_it_cost_areas_save`)."""
    _assessment_claim(assessment=assessment, lock_version=lock_version)
    lines_sync(
        model=BusinessFunction,
        assessment=assessment,
        user=user,
        lines=lines,
        fields=BUSINESS_FUNCTION_FIELDS,
        kind=Kind.BPO,
        check=check,
    )
    return assessment


@transaction.atomic
def assessment_lines_import(
    *,
    assessment: Assessment,
    user: User,
    lock_version: int | None,
    it_cost_areas: Sequence[LineData] | None,
    business_functions: Sequence[LineData] | None,
) -> Assessment:
    """Replace the draft's lines of each kind given (None leaves that kind alone), all or nothing."""
    _assessment_claim(assessment=assessment, lock_version=lock_version)
    if it_cost_areas is not None:
        lines_sync(
            model=ITCostArea,
            assessment=assessment,
            user=user,
            lines=[{**line, "id": None} for line in it_cost_areas],
            fields=IT_COST_AREA_FIELDS,
            kind=Kind.ITO,
        )
    if business_functions is not None:
        lines_sync(
            model=BusinessFunction,
            assessment=assessment,
            user=user,
            lines=[{**line, "id": None} for line in business_functions],
            fields=BUSINESS_FUNCTION_FIELDS,
            kind=Kind.BPO,
        )
    return assessment


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user: User, lock_version: int | None = None) -> Assessment:
    """Lock a complete draft for the engine: status submitted, submitted_at now.

    Raises AssessmentNotEditable if it is no longer a draft, AssessmentConflict if
    `lock_version` is given and stale, AssessmentIncomplete (with the checklist) if
    something is missing. Nothing is written unless it succeeds.
    """
    _assessment_claim(assessment=assessment, lock_version=lock_version)
    checklist = assessment_checklist(
        assessment=assessment,
        it_cost_areas=it_cost_areas_of(assessment=assessment),
        business_functions=business_functions_of(assessment=assessment),
    )
    if not checklist_is_complete(checklist=checklist):
        raise AssessmentIncomplete(
            _("The assessment is not complete yet: see the checklist for what is missing."), checklist=checklist
        )
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment._history_user = user
    assessment.save()
    # Queue the base roadmap; the task is sent once this transaction commits (roadmap pipeline).
    if access.user_may(user=user, organisation=assessment.organisation, action="compute"):
        roadmap_request(assessment=assessment, user=user)
    return assessment


def _copy_lines(
    *, model: type[ITCostArea] | type[BusinessFunction], source: Assessment, target: Assessment, fields: Sequence[str]
) -> list[models.Model]:
    return [
        model(assessment=target, position=line.position, **{name: getattr(line, name) for name in fields})
        for line in model.objects.filter(assessment=source).select_related("capability").order_by("position", "pk")
    ]


@transaction.atomic
def assessment_version_create(*, assessment: Assessment, user: User) -> Assessment:
    """Copy an assessment into a new draft of the same lineage (next version number), lines included.

    The source is left exactly as it was. Only one draft per lineage: a second one
    would fork the work, so the existing draft has to be submitted first.
    """
    lineage = Assessment.objects.select_for_update().filter(lineage=assessment.lineage)
    draft = lineage.filter(status=AssessmentStatus.DRAFT).order_by("-version").first()
    if draft is not None:
        raise AssessmentError(
            _("Version %(version)s is already a draft: continue it, or submit it before starting another.")
            % {"version": draft.version}
        )
    next_version = (lineage.aggregate(latest=Max("version"))["latest"] or 0) + 1
    copy = Assessment(
        organisation=assessment.organisation,
        author=user,
        status=AssessmentStatus.DRAFT,
        lineage=assessment.lineage,
        version=next_version,
        copied_from=assessment,
        **{name: getattr(assessment, name) for name in PARAMETER_FIELDS},
    )
    copy._history_user = user
    try:
        with transaction.atomic():
            copy.save()
    except IntegrityError as error:
        raise AssessmentConflict(
            _("Someone else created version %(version)s at the same moment. Open the version list and continue it.")
            % {"version": next_version}
        ) from error
    bulk_create_with_history(
        _copy_lines(model=ITCostArea, source=assessment, target=copy, fields=IT_COST_AREA_FIELDS),
        ITCostArea,
        default_user=user,
    )
    bulk_create_with_history(
        _copy_lines(model=BusinessFunction, source=assessment, target=copy, fields=BUSINESS_FUNCTION_FIELDS),
        BusinessFunction,
        default_user=user,
    )
    return copy
