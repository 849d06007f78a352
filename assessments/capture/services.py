"""Writes for assessments and their lines.

Every change to a draft first *claims* it with one conditional UPDATE
(`... WHERE status = 'draft' AND lock_version = n`, setting `lock_version = n + 1`).
A stale form, or a second person saving the same draft, matches no row and gets
`AssessmentConflict` instead of silently overwriting the first save; a submitted
assessment matches no row either and gets `AssessmentNotEditable`.
"""

from collections.abc import Mapping, Sequence, Set
from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, connections, models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

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
    """A new draft; parameters left out take the organisation's region and currency or the model defaults."""
    values = {name: data[name] for name in PARAMETER_FIELDS if name in data}
    values.setdefault("region", organisation.region)
    values.setdefault("currency", organisation.currency)
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


LineData = Mapping[str, Any]


def _line_values(data: LineData, *, fields: Sequence[str], position: int) -> dict[str, Any]:
    values = {name: data[name] for name in fields if name in data}
    values.setdefault("notes", "")
    values["position"] = position
    return values


class _LineCheck:
    """The model's own checks of one kind of line (what `clean_fields` runs) and its capability's kind.

    Each distinct value of a field is checked once per write: 5,000 lines hold a handful of
    scores and months, and `clean_fields` line after line was a third of a 5,000-line import.
    A value is known by its type and, for a decimal, its text (`Decimal("1.0")` and
    `Decimal("1.000")` are equal but only one fits two decimal places). The capability is
    checked by its kind rather than by `full_clean`, which would query it once per line.
    """

    def __init__(self, *, model: type[ITCostArea] | type[BusinessFunction], kind: str) -> None:
        self.kind = kind
        self.fields = [
            field
            for field in model._meta.concrete_fields
            if field.name not in ("assessment", "capability") and not field.generated
        ]
        self.passed: dict[str, set[Any]] = {field.attname: set() for field in self.fields}

    def values(self, values: dict[str, Any], *, capability: Any, names: Set[str] | None = None) -> None:
        """Check a line's column values (attname -> value), cleaned in place as `clean_fields` cleans them.

        `names` (attnames) limits the check to those fields: the ones a save changes in a stored line.
        Raises ValidationError({field name: errors}) as `clean_fields` does, or for a capability
        missing or of another kind.
        """
        errors: dict[str, Any] = {}
        for field in self.fields:
            if names is not None and field.attname not in names:
                continue
            raw = values.get(field.attname)
            if field.blank and raw in field.empty_values:
                continue
            key: tuple[type, Any] | None = (type(raw), str(raw) if isinstance(raw, Decimal) else raw)
            passed = self.passed[field.attname]
            try:
                if key in passed:
                    continue
            except TypeError:  # not hashable: checked every time
                key = None
            try:
                cleaned = field.clean(raw, None)  # the line fields' checks never read the instance
            except ValidationError as error:
                errors[field.name] = error.error_list
                continue
            values[field.attname] = cleaned
            if key is not None and type(cleaned) is type(raw) and cleaned == raw:
                passed.add(key)
        if errors:
            raise ValidationError(errors)
        if capability is None or capability.kind != self.kind:
            raise ValidationError({"capability": _("Choose a %(kind)s capability.") % {"kind": self.kind}})

    def line(self, line: ITCostArea | BusinessFunction, *, names: Set[str] | None = None) -> None:
        """Check a line instance (see `values`), its fields cleaned in place."""
        values = {field.attname: getattr(line, field.attname) for field in self.fields}
        self.values(values, capability=line.capability, names=names)
        for name, value in values.items():
            setattr(line, name, value)


def _rows_insert(*, model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (column attname -> value; the primary key left to the database) in a single query,
    whatever the number of rows: on SQLite one statement run for every row (executemany), elsewhere
    (PostgreSQL) one INSERT ... SELECT from the columns sent as arrays and unnested.

    Django's bulk_create and django-simple-history's bulk_create_with_history build the SQL
    of every value in Python; for 5,000 lines and their history that took most of a 5 s save.
    Values are prepared by their model fields exactly as a save would prepare them.
    """
    if not rows:
        return
    connection = connections[model._default_manager.db]
    columns = [field for field in model._meta.concrete_fields if not field.primary_key]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(cast(str, field.column)) for field in columns)  # concrete: a column
    placeholders = ", ".join(["%s"] * len(columns))
    # Whole numbers into integer columns and text into text columns go as they are (preparing them is the
    # identity and would cost a call per value); every other value is prepared by its field.
    plain = [
        int if isinstance(field, models.IntegerField | models.ForeignKey) else str
        if isinstance(field, models.CharField | models.TextField) else None
        for field in columns
    ]  # fmt: skip
    defaults = {field.attname: field.get_default() for field in columns}
    values = [
        [
            value if value is None or type(value) is kind else field.get_db_prep_save(value, connection)
            for field, kind, value in zip(
                columns, plain, (row.get(field.attname, defaults[field.attname]) for field in columns), strict=True
            )
        ]
        for row in rows
    ]
    insert = f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608 - names quoted, values are parameters
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # the library runs one prepared statement for every row
            cursor.executemany(f"{insert}({placeholders})", values)
            return
        # Elsewhere one statement a row costs a round trip and a parse each (0.5 s for 5,000 rows on
        # PostgreSQL), and a VALUES list of every value is slower still to compose: each column goes as
        # one array, unnested by the database into rows.
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in columns)
        sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays})"  # noqa: S608 - names quoted
        cursor.execute(sql, [list(column) for column in zip(*values, strict=True)])


def _lines_update(*, model: type[models.Model], lines: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Write `fields` of every line by primary key in one query: on SQLite one UPDATE statement run for
    all lines (executemany), on PostgreSQL one UPDATE joined to the new values unnested from arrays.

    Django's bulk_update writes one CASE expression per column with a branch per line,
    whose building and evaluation grow with the square of the batch (10 s for 5,000 lines
    on SQLite); one prepared statement per line is linear and still a single query.
    """
    connection = connections[model._default_manager.db]
    columns = [cast(models.Field, model._meta.get_field(name)) for name in fields]  # fields, not relations
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(cast(str, column.column))} = %s" for column in columns)
    primary_key = connection.ops.quote_name(cast(str, model._meta.pk.column))
    rows = [
        [*(column.get_db_prep_save(getattr(line, column.attname), connection) for column in columns), line.pk]
        for line in lines
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {primary_key} = %s", rows)  # noqa: S608 - quoted
            return
        # Elsewhere (PostgreSQL) one statement a row costs a round trip and a parse each: the new values
        # go as one array per column, unnested by the database and joined to the lines by primary key.
        aliases = [f"c{index}" for index in range(len(columns))]
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in [*columns, model._meta.pk])
        sets = ", ".join(
            f"{connection.ops.quote_name(cast(str, column.column))} = v.{alias}"
            for column, alias in zip(columns, aliases, strict=True)
        )
        sql = (
            f"UPDATE {table} SET {sets} FROM unnest({arrays}) AS v({', '.join(aliases)}, row_id) "  # noqa: S608 - quoted
            f"WHERE {table}.{primary_key} = v.row_id"
        )
        cursor.execute(sql, [list(column) for column in zip(*rows, strict=True)])


def _lines_history(
    *,
    model: type[ITCostArea] | type[BusinessFunction],
    assessment: Assessment,
    history_type: str,
    user: User,
    ids: Sequence[int] | None = None,
) -> None:
    """One django-simple-history record per line ("+" added, "~" changed, "-" removed), copied by the database.

    The lines are the assessment's lines of `model` (those with the primary keys `ids` when given);
    each record is the one simple-history's bulk_history_create would write (every tracked field as
    the line holds it now, the time, the user, `history_type`). One statement,
    `INSERT INTO ..._history (...) SELECT ... FROM ... WHERE assessment_id = %s [AND id IN (...)]`, per
    batch of ids the database takes in one query (every line at once on SQLite 3.32+ and PostgreSQL):
    no line is read into Python.
    """
    connection = connections[model._default_manager.db]
    history = model.history.model
    quote = connection.ops.quote_name
    tracked = {field.attname for field in history.tracked_fields}
    stated = {
        "history_date": timezone.now(),
        "history_change_reason": None,
        "history_type": history_type,
        "history_user_id": user.pk,
    }
    columns = [field for field in history._meta.concrete_fields if not field.primary_key]
    unknown = [field.attname for field in columns if field.attname not in tracked and field.attname not in stated]
    if unknown:  # a field added to the history model must be given a value here
        raise ImproperlyConfigured(f"{history.__name__}: no value for {', '.join(unknown)}")
    sources: list[str] = []
    params: list[Any] = []
    for field in columns:
        if field.attname in tracked:
            sources.append(quote(cast(str, cast(models.Field, model._meta.get_field(field.name)).column)))
        else:
            sources.append("%s")
            params.append(field.get_db_prep_save(stated[field.attname], connection))
    names = ", ".join(quote(field.column) for field in columns)
    where = f"{quote(cast(models.ForeignKey, model._meta.get_field('assessment')).column)} = %s"
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({names}) "  # noqa: S608 - names quoted, values are parameters
        f"SELECT {', '.join(sources)} FROM {quote(model._meta.db_table)} WHERE {where}"
    )
    with connection.cursor() as cursor:
        if ids is None:
            cursor.execute(sql, [*params, assessment.pk])
            return
        limit = connection.features.max_query_params or len(ids) + len(params) + 1
        batch = max(limit - len(params) - 1, 1)
        primary_key = quote(cast(str, model._meta.pk.column))
        for start in range(0, len(ids), batch):
            chunk = list(ids[start : start + batch])
            listed = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"{sql} AND {primary_key} IN ({listed})", [*params, assessment.pk, *chunk])


def _lines_sync(
    *,
    model: type[ITCostArea] | type[BusinessFunction],
    assessment: Assessment,
    user: User,
    lines: Sequence[LineData],
    fields: Sequence[str],
    kind: str,
) -> None:
    """Make the assessment's lines of one kind exactly `lines`, in that order.

    Lines carrying the `id` of an existing line update it in place (so the history
    shows a change, not a removal and an addition); the others are created; existing
    lines not mentioned are deleted. Unchanged lines are not written at all.

    Every write is a bulk one, with its history in bulk too: a constant number of
    queries whatever the number of lines (one read, at most one delete, one update
    statement run for every changed line and one insert batch, each with its history rows), not one per line.
    """
    if not any(data.get("id") for data in lines):
        _lines_replace(model=model, assessment=assessment, user=user, lines=lines, fields=fields, kind=kind)
        return
    check = _LineCheck(model=model, kind=kind)
    existing = {line.pk: line for line in model.objects.filter(assessment=assessment).select_related("capability")}
    kept: set[int] = set()
    to_create: list[ITCostArea | BusinessFunction] = []
    to_update: list[models.Model] = []
    changed_fields: set[str] = set()
    for position, data in enumerate(lines):
        values = _line_values(data, fields=fields, position=position)
        line = existing.get(data["id"]) if data.get("id") else None
        if line is None or line.pk in kept:
            line = model(assessment=assessment, **values)
            check.line(line)
            to_create.append(line)
            continue
        kept.add(line.pk)
        changed: set[str] = set()
        for name, value in values.items():
            # Compare foreign keys by id: reading `line.capability` would query once per line.
            if name == "capability":
                same = line.capability_id == getattr(value, "pk", value)
            else:
                same = getattr(line, name) == value
            if not same:
                setattr(line, name, value)
                changed_fields.add(name)
                changed.add(name)
        if changed:
            # Only what changed: the rest of a stored line passed these checks when it was written.
            check.line(line, names=changed)
            to_update.append(line)
    removed = [pk for pk in existing if pk not in kept]
    if removed:
        _lines_history(model=model, assessment=assessment, user=user, history_type="-", ids=removed)
        # A raw delete: the model's delete signals (django-simple-history's) would cost a query per line.
        model.objects.filter(pk__in=removed)._raw_delete(model.objects.db)
    if to_update:
        _lines_update(model=model, lines=to_update, fields=sorted(changed_fields))
        _lines_history(
            model=model, assessment=assessment, user=user, history_type="~", ids=[line.pk for line in to_update]
        )
    if to_create:
        columns = [field.attname for field in model._meta.concrete_fields if not field.primary_key]
        _rows_insert(model=model, rows=[{name: getattr(line, name) for name in columns} for line in to_create])
        # Positions are unique among the lines once written: they give the new lines their ids back.
        ids = dict(model.objects.filter(assessment=assessment).values_list("position", "pk"))
        _lines_history(
            model=model,
            assessment=assessment,
            user=user,
            history_type="+",
            ids=[ids[line.position] for line in to_create],
        )


def _lines_replace(
    *,
    model: type[ITCostArea] | type[BusinessFunction],
    assessment: Assessment,
    user: User,
    lines: Sequence[LineData],
    fields: Sequence[str],
    kind: str,
) -> None:
    """Replace every line of one kind by `lines` (none of them an existing line): four queries, whatever the count.

    The removed lines' history is copied by the database before they are deleted, the new lines
    go in one insert and their history is copied from them: no line is read back into Python.
    """
    check = _LineCheck(model=model, kind=kind)
    # The column values a new line would have: its fields' defaults, then the data given.
    defaults = {field.attname: field.get_default() for field in model._meta.concrete_fields if not field.primary_key}
    new_lines = []
    for position, data in enumerate(lines):
        values = _line_values(data, fields=fields, position=position)
        capability = values.pop("capability", None)
        row = {**defaults, **values, "assessment_id": assessment.pk, "capability_id": getattr(capability, "pk", None)}
        check.values(row, capability=capability)
        new_lines.append(row)
    _lines_history(model=model, assessment=assessment, history_type="-", user=user)
    # A raw delete: the model's delete signals (django-simple-history's) would cost a query per line.
    model.objects.filter(assessment=assessment)._raw_delete(model.objects.db)
    if new_lines:
        _rows_insert(model=model, rows=new_lines)
        _lines_history(model=model, assessment=assessment, history_type="+", user=user)


@transaction.atomic
def assessment_it_cost_areas_save(
    *, assessment: Assessment, user: User, lock_version: int | None, lines: Sequence[LineData]
) -> Assessment:
    """Step 2: the draft's IT cost areas become `lines` (dicts of field values, `id` for existing ones)."""
    _assessment_claim(assessment=assessment, lock_version=lock_version)
    _lines_sync(
        model=ITCostArea, assessment=assessment, user=user, lines=lines, fields=IT_COST_AREA_FIELDS, kind=Kind.ITO
    )
    return assessment


@transaction.atomic
def assessment_business_functions_save(
    *, assessment: Assessment, user: User, lock_version: int | None, lines: Sequence[LineData]
) -> Assessment:
    """Step 3: the draft's business functions become `lines`."""
    _assessment_claim(assessment=assessment, lock_version=lock_version)
    _lines_sync(
        model=BusinessFunction,
        assessment=assessment,
        user=user,
        lines=lines,
        fields=BUSINESS_FUNCTION_FIELDS,
        kind=Kind.BPO,
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
        _lines_sync(
            model=ITCostArea,
            assessment=assessment,
            user=user,
            lines=[{**line, "id": None} for line in it_cost_areas],
            fields=IT_COST_AREA_FIELDS,
            kind=Kind.ITO,
        )
    if business_functions is not None:
        _lines_sync(
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
