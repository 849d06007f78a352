"""Versions of an assessment and its change history: the versions of one lineage, what changed
between two of them (parameters and lines matched by capability), and who changed what when."""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.db import models
from django.template.defaultfilters import floatformat
from django.utils.text import capfirst
from django.utils.translation import gettext

from assessments.capture.selectors import (
    BUSINESS_FUNCTION_FIELDS,
    IT_COST_AREA_FIELDS,
    PARAMETER_FIELDS,
    PERCENT_PARAMETER_FIELDS,
    business_functions_of,
    it_cost_areas_of,
)
from assessments.models import Assessment, BusinessFunction, ITCostArea
from outsourcing.money import percent_format
from providers.models import Capability, Region

# --- Versions -------------------------------------------------------------------------------------


def assessment_versions(*, assessment: Assessment) -> list[Assessment]:
    return list(
        Assessment.objects.filter(lineage=assessment.lineage, organisation=assessment.organisation)
        .select_related("author")
        .order_by("-version")
    )


def _display(value: object, *, field: str = "") -> object:
    """Numbers grouped the reader's way (4,800,000,000 or 4.800.000.000), shares and rates in per cent
    as the parameters step takes them (0.115 as `11.5 %` or `11,5 %`); other values as they are."""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        if field in PERCENT_PARAMETER_FIELDS:
            exponent = (Decimal(str(value)) * 100).normalize().as_tuple().exponent
            return percent_format(value, decimals=-exponent if isinstance(exponent, int) and exponent < 0 else 0)
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
        return _display(self.old, field=self.field)

    @property
    def new_display(self) -> object:
        return _display(self.new, field=self.field)


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
    field = cast(models.Field, instance._meta.get_field(field_name))  # a field, not a relation
    if field.choices:
        return getattr(instance, f"get_{field_name}_display")()
    return getattr(instance, field_name)


def _changes(old: models.Model, new: models.Model, fields: Sequence[str]) -> tuple[FieldChange, ...]:
    changes = []
    for name in fields:
        field = cast(models.Field, old._meta.get_field(name))  # a field, not a relation
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
    field = cast(models.Field, model._meta.get_field(name))  # a field, not a relation
    if name in lookups:
        return lookups[name].get(value, value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return value


def _history_events(
    records: Sequence[Any],  # django-simple-history's historical records: models it builds at run time, untyped
    *,
    model: type[models.Model],
    subject: Callable[[Any], str],
    lookups: dict[str, dict],
) -> list[HistoryEvent]:
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.name not in _HISTORY_HIDDEN_FIELDS and not field.name.startswith("history")
    ]
    events = []
    previous_by_object: dict[int, Any] = {}
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
    # Shipped capability names are translated like Capability.__str__ does (the reader's language).
    capabilities = {
        pk: gettext(name) for pk, name in Capability.objects.filter(pk__in=capability_ids).values_list("pk", "name")
    }
    region_ids = {record.region_id for record in assessment_records}
    regions = {pk: gettext(name) for pk, name in Region.objects.filter(pk__in=region_ids).values_list("pk", "name")}
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
