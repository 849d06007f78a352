"""Reads of assessments and their lines, scoped to the requesting user.

Tenancy rule: a user sees an organisation only through a membership, except
administrators (staff), who see every organisation read-only. Every queryset that
serves a user starts from `organisations_visible_to`.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.template.defaultfilters import floatformat
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from assessments.models import Assessment, BusinessFunction, ITCostArea, Organisation
from assessments.organisations.selectors import organisations_visible_to
from providers.models import Capability, Kind, Region

# --- Organisations' assessments -----------------------------------------------------------------


def organisation_assessments(*, organisation: Organisation) -> QuerySet[Assessment]:
    return organisation.assessments.select_related("author").order_by("title", "lineage", "-version")


# --- Assessments ----------------------------------------------------------------------------------


def assessments_visible_to(*, user: AbstractBaseUser) -> QuerySet[Assessment]:
    return Assessment.objects.filter(organisation__in=organisations_visible_to(user=user))


def assessment_list(
    *,
    user: AbstractBaseUser,
    search: str = "",
    organisation: Organisation | None = None,
    status: str = "",
) -> QuerySet[Assessment]:
    assessments = assessments_visible_to(user=user).select_related("organisation", "author")
    if search:
        assessments = assessments.filter(Q(title__icontains=search) | Q(organisation__name__icontains=search))
    if organisation is not None:
        assessments = assessments.filter(organisation=organisation)
    if status:
        assessments = assessments.filter(status=status)
    return assessments.order_by("-updated_at", "-pk")


def assessments_recent(*, user: AbstractBaseUser, limit: int = 5) -> list[Assessment]:
    return list(assessment_list(user=user)[:limit])


def capabilities_of_kind(*, kind: str) -> dict[str, Capability]:
    """Capabilities of one kind by code, in catalogue order (forms and workbooks validate against it)."""
    return {capability.code: capability for capability in Capability.objects.filter(kind=kind)}


def it_cost_areas_of(*, assessment: Assessment) -> list[ITCostArea]:
    return list(assessment.it_cost_areas.select_related("capability").order_by("position", "pk"))


def business_functions_of(*, assessment: Assessment) -> list[BusinessFunction]:
    return list(assessment.business_functions.select_related("capability").order_by("position", "pk"))


def assessment_line_counts(*, assessment: Assessment) -> tuple[int, int]:
    return assessment.it_cost_areas.count(), assessment.business_functions.count()


@dataclass(frozen=True)
class LineTotals:
    lines: int
    annual_cost: Decimal
    ftes: Decimal


@dataclass(frozen=True)
class AssessmentTotals:
    it_cost_areas: LineTotals
    business_functions: LineTotals

    @property
    def annual_cost(self) -> Decimal:
        return self.it_cost_areas.annual_cost + self.business_functions.annual_cost

    @property
    def ftes(self) -> Decimal:
        return self.it_cost_areas.ftes + self.business_functions.ftes


def _line_totals(lines: Sequence[ITCostArea | BusinessFunction]) -> LineTotals:
    return LineTotals(
        lines=len(lines),
        annual_cost=sum((line.annual_cost for line in lines), Decimal("0")),
        ftes=sum((line.ftes for line in lines), Decimal("0")),
    )


def assessment_totals(
    *, it_cost_areas: Sequence[ITCostArea], business_functions: Sequence[BusinessFunction]
) -> AssessmentTotals:
    return AssessmentTotals(
        it_cost_areas=_line_totals(it_cost_areas), business_functions=_line_totals(business_functions)
    )


# --- Completeness -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    ok: bool
    details: tuple[str, ...] = ()
    # Warnings never block a submission; they point at figures worth a second look.
    warning: bool = False


def _line_problems(lines: Sequence[ITCostArea | BusinessFunction], *, kind: str) -> list[str]:
    problems = []
    for number, line in enumerate(lines, start=1):
        messages: list[str] = []
        try:
            line.clean_fields(exclude=["assessment", "capability"])
        except ValidationError as error:
            for field_name, field_errors in error.message_dict.items():
                label = line._meta.get_field(field_name).verbose_name
                messages.extend(f"{label}: {message}" for message in field_errors)
        if line.capability.kind != kind:
            messages.append(
                gettext("%(capability)s is not a %(kind)s capability.")
                % {
                    "capability": line.capability,
                    "kind": kind,
                }
            )
        if messages:
            problems.append(
                gettext("Line %(number)s (%(capability)s): %(messages)s")
                % {"number": number, "capability": line.capability, "messages": "; ".join(messages)}
            )
    return problems


def assessment_checklist(
    *,
    assessment: Assessment,
    it_cost_areas: Sequence[ITCostArea],
    business_functions: Sequence[BusinessFunction],
) -> list[ChecklistItem]:
    """What a submission needs, item by item; blocking items first, then warnings."""
    parameter_problems: list[str] = []
    try:
        assessment.clean_fields(exclude=["organisation", "author", "region", "copied_from"])
    except ValidationError as error:
        for field_name, field_errors in error.message_dict.items():
            label = Assessment._meta.get_field(field_name).verbose_name
            parameter_problems.extend(f"{label}: {message}" for message in field_errors)
    if not assessment.title.strip():
        parameter_problems.append(gettext("The assessment needs a title."))
    it_problems = _line_problems(it_cost_areas, kind=Kind.ITO)
    bf_problems = _line_problems(business_functions, kind=Kind.BPO)
    line_count = len(it_cost_areas) + len(business_functions)
    items = [
        ChecklistItem(
            gettext("Title and parameters are complete and in range"), not parameter_problems, tuple(parameter_problems)
        ),
        ChecklistItem(
            gettext("At least one IT cost area or business function"),
            line_count > 0,
            () if line_count else (gettext("Add lines in step 2 or 3, or import a workbook."),),
        ),
        ChecklistItem(gettext("Every IT cost area is valid"), not it_problems, tuple(it_problems)),
        ChecklistItem(gettext("Every business function is valid"), not bf_problems, tuple(bf_problems)),
    ]
    warnings = []
    if line_count and not it_cost_areas:
        warnings.append(gettext("No IT cost areas: the roadmap will have no ITO phase, so BPO starts at once."))
    if line_count and not business_functions:
        warnings.append(gettext("No business functions: the roadmap will have no BPO phase."))
    zero_cost = [str(line.capability) for line in [*it_cost_areas, *business_functions] if line.annual_cost == 0]
    if zero_cost:
        warnings.append(
            gettext("Lines with an annual cost of zero cannot save anything: %(lines)s.")
            % {"lines": ", ".join(zero_cost)}
        )
    if assessment.currency != assessment.organisation.currency:
        warnings.append(
            gettext("The assessment is in %(currency)s while the organisation reports in %(org_currency)s.")
            % {"currency": assessment.currency, "org_currency": assessment.organisation.currency}
        )
    items.extend(ChecklistItem(text, ok=False, warning=True) for text in warnings)
    return items


def checklist_is_complete(*, checklist: Sequence[ChecklistItem]) -> bool:
    return all(item.ok for item in checklist if not item.warning)


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    label: str
    url_name: str
    done: bool
    summary: str


def assessment_steps(*, assessment: Assessment, it_count: int, bf_count: int) -> list[Step]:
    """The stepper: which steps of the capture hold data. Lines are optional per step, not in total."""
    submitted = not assessment.is_editable
    return [
        Step(
            1,
            "parameters",
            gettext("Title and parameters"),
            "assessments:parameters",
            True,
            gettext("%(months)s months, %(currency)s")
            % {"months": assessment.horizon_months, "currency": assessment.currency},
        ),
        Step(
            2,
            "it",
            gettext("IT cost areas"),
            "assessments:it_cost_areas",
            it_count > 0,
            ngettext("%(count)s line", "%(count)s lines", it_count) % {"count": it_count},
        ),
        Step(
            3,
            "bpo",
            gettext("Business functions"),
            "assessments:business_functions",
            bf_count > 0,
            ngettext("%(count)s line", "%(count)s lines", bf_count) % {"count": bf_count},
        ),
        Step(
            4, "review", gettext("Review and submit"), "assessments:review", submitted, assessment.get_status_display()
        ),
    ]


# --- Versions -------------------------------------------------------------------------------------


def assessment_versions(*, assessment: Assessment) -> list[Assessment]:
    return list(
        Assessment.objects.filter(lineage=assessment.lineage, organisation=assessment.organisation)
        .select_related("author")
        .order_by("-version")
    )


PARAMETER_FIELDS = (
    "title",
    "horizon_months",
    "discount_rate",
    "region",
    "currency",
    "gate_fraction",
    "max_parallel_ito",
    "max_parallel_bpo",
    "materiality_threshold",
)
IT_COST_AREA_FIELDS = (
    "capability",
    "annual_cost",
    "ftes",
    "available_from_month",
    "maturity",
    "standardisation",
    "criticality",
    "notes",
)
BUSINESS_FUNCTION_FIELDS = (
    "capability",
    "annual_cost",
    "ftes",
    "annual_volume",
    "standardisation",
    "strategic_importance",
    "maturity",
    "regulatory_sensitivity",
    "knowledge_intensity",
    "error_rate_percent",
    "notes",
)


def _display(value: object) -> object:
    """Numbers grouped the reader's way (4,800,000,000 or 4.800.000.000); other values as they are."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return floatformat(value, "-2g")
    return value


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: object
    new: object

    @property
    def old_display(self) -> object:
        return _display(self.old)

    @property
    def new_display(self) -> object:
        return _display(self.new)


@dataclass(frozen=True)
class LineChange:
    kind: str  # "added", "removed" or "changed"
    capability: str
    occurrence: int
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class VersionDiff:
    old: Assessment
    new: Assessment
    parameters: tuple[FieldChange, ...]
    it_cost_areas: tuple[LineChange, ...]
    business_functions: tuple[LineChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.parameters or self.it_cost_areas or self.business_functions)


def _field_value(instance: models.Model, field_name: str) -> object:
    field = instance._meta.get_field(field_name)
    if field.choices:
        return getattr(instance, f"get_{field_name}_display")()
    return getattr(instance, field_name)


def _changes(old: models.Model, new: models.Model, fields: Sequence[str]) -> tuple[FieldChange, ...]:
    changes = []
    for name in fields:
        field = old._meta.get_field(name)
        attname = field.attname
        if getattr(old, attname) != getattr(new, attname):
            changes.append(FieldChange(name, str(field.verbose_name), _field_value(old, name), _field_value(new, name)))
    return tuple(changes)


def _lines_diff(
    old_lines: Sequence[ITCostArea | BusinessFunction],
    new_lines: Sequence[ITCostArea | BusinessFunction],
    fields: Sequence[str],
) -> tuple[LineChange, ...]:
    """Lines are compared by capability and their order within that capability.

    Within one capability, identical lines pair up first, then the rest in order, so a
    line inserted above another of the same capability shows as one addition, not
    as a change followed by an addition.
    """
    compared = [name for name in fields if name != "capability"]

    def grouped(lines: Sequence[ITCostArea | BusinessFunction]) -> dict[int, list[ITCostArea | BusinessFunction]]:
        groups: dict[int, list[ITCostArea | BusinessFunction]] = defaultdict(list)
        for line in lines:
            groups[line.capability_id].append(line)
        return groups

    old_groups, new_groups = grouped(old_lines), grouped(new_lines)
    changes: list[LineChange] = []
    removed: list[LineChange] = []
    for capability_id in dict.fromkeys([*new_groups, *old_groups]):
        olds, news = old_groups.get(capability_id, []), new_groups.get(capability_id, [])
        pairs: dict[int, int] = {}
        unused = list(range(len(olds)))
        for new_index, line in enumerate(news):
            same = next((i for i in unused if not _changes(olds[i], line, compared)), None)
            if same is not None:
                pairs[new_index] = same
                unused.remove(same)
        for new_index in range(len(news)):
            if new_index not in pairs and unused:
                pairs[new_index] = unused.pop(0)
        for new_index, line in enumerate(news):
            if new_index not in pairs:
                changes.append(LineChange("added", str(line.capability), new_index + 1))
                continue
            field_changes = _changes(olds[pairs[new_index]], line, compared)
            if field_changes:
                changes.append(LineChange("changed", str(line.capability), new_index + 1, field_changes))
        removed.extend(LineChange("removed", str(olds[i].capability), i + 1) for i in unused)
    return (*changes, *removed)


def assessment_versions_diff(*, old: Assessment, new: Assessment) -> VersionDiff:
    """What changed from `old` to `new`: parameters, and lines added, removed or changed."""
    return VersionDiff(
        old=old,
        new=new,
        parameters=_changes(old, new, PARAMETER_FIELDS),
        it_cost_areas=_lines_diff(
            it_cost_areas_of(assessment=old), it_cost_areas_of(assessment=new), IT_COST_AREA_FIELDS
        ),
        business_functions=_lines_diff(
            business_functions_of(assessment=old), business_functions_of(assessment=new), BUSINESS_FUNCTION_FIELDS
        ),
    )


# --- Change history -----------------------------------------------------------------------------

# Bookkeeping columns: they change with every save and say nothing a reader needs.
_HISTORY_HIDDEN_FIELDS = {
    "id",
    "lock_version",
    "updated_at",
    "created_at",
    "submitted_at",
    "position",
    "assessment",
    "lineage",
}


@dataclass(frozen=True)
class HistoryEvent:
    when: datetime
    user: str
    subject: str
    action: str  # "created", "changed" or "deleted"
    changes: tuple[FieldChange, ...]


def _history_value(model: type[models.Model], name: str, value: object, lookups: dict[str, dict]) -> object:
    field = model._meta.get_field(name)
    if name in lookups:
        return lookups[name].get(value, value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def _history_events(
    records: Sequence[models.Model],
    *,
    model: type[models.Model],
    subject: Callable[[models.Model], str],
    lookups: dict[str, dict],
) -> list[HistoryEvent]:
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.name not in _HISTORY_HIDDEN_FIELDS and not field.name.startswith("history")
    ]
    events = []
    previous_by_object: dict[int, models.Model] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        previous = previous_by_object.get(record.id)
        changes = []
        if record.history_type == "~" and previous is not None:
            for field in fields:
                before, after = getattr(previous, field.attname), getattr(record, field.attname)
                if before != after:
                    changes.append(
                        FieldChange(
                            field.name,
                            str(field.verbose_name),
                            _history_value(model, field.name, before, lookups),
                            _history_value(model, field.name, after, lookups),
                        )
                    )
            if not changes:
                previous_by_object[record.id] = record
                continue
        previous_by_object[record.id] = record
        user = record.history_user
        events.append(
            HistoryEvent(
                when=record.history_date,
                user=(user.get_full_name() or user.get_username()) if user else gettext("system"),
                subject=subject(record),
                action={"+": "created", "~": "changed", "-": "deleted"}[record.history_type],
                changes=tuple(changes),
            )
        )
    return events


def assessment_history(*, assessment: Assessment, limit: int = 2000) -> list[HistoryEvent]:
    """Who changed what, when, on the assessment and its lines (deleted lines included), newest first.

    Six queries whatever the number of records: three history tables, then the
    names of the capabilities, regions and authors they mention.
    """
    assessment_records = list(
        Assessment.history.filter(id=assessment.pk).select_related("history_user").order_by("-history_date")[:limit]
    )
    it_records = list(
        ITCostArea.history.filter(assessment_id=assessment.pk)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    bf_records = list(
        BusinessFunction.history.filter(assessment_id=assessment.pk)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    capability_ids = {record.capability_id for record in [*it_records, *bf_records]}
    capabilities = dict(Capability.objects.filter(pk__in=capability_ids).values_list("pk", "name"))
    region_ids = {record.region_id for record in assessment_records}
    regions = dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "name"))
    user_ids = {record.author_id for record in assessment_records}
    authors = {
        user.pk: user.get_full_name() or user.get_username()
        for user in get_user_model().objects.filter(pk__in=user_ids)
    }
    it_label, bf_label = str(ITCostArea._meta.verbose_name), str(BusinessFunction._meta.verbose_name)
    events = [
        *_history_events(
            assessment_records,
            model=Assessment,
            subject=lambda r: capfirst(str(Assessment._meta.verbose_name)),
            lookups={"region": regions, "author": authors},
        ),
        *_history_events(
            it_records,
            model=ITCostArea,
            subject=lambda r: f"{capfirst(it_label)} · {capabilities.get(r.capability_id, '?')}",
            lookups={"capability": capabilities},
        ),
        *_history_events(
            bf_records,
            model=BusinessFunction,
            subject=lambda r: f"{capfirst(bf_label)} · {capabilities.get(r.capability_id, '?')}",
            lookups={"capability": capabilities},
        ),
    ]
    events.sort(key=lambda event: event.when, reverse=True)
    return events
