"""Bulk writes of an assessment's lines (IT cost areas, business functions) and their history.

The line services in `services.py` call these: each distinct value meets the model's field checks
once (`LineCheck`), new lines go in one insert (one array per column on PostgreSQL), changed lines
in one update, and django-simple-history's records are copied by the database with one
`INSERT ... SELECT` per kind of change, so a save costs the same queries whatever the count.
"""

from collections.abc import Mapping, Sequence, Set
from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connections, models
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    Assessment,
    BusinessFunction,
    ITCostArea,
)
from providers.models import Kind

LineData = Mapping[str, Any]


def _line_values(data: LineData, *, fields: Sequence[str], position: int) -> dict[str, Any]:
    values = {name: data[name] for name in fields if name in data}
    values.setdefault("notes", "")
    values["position"] = position
    return values


class LineCheck:
    """The model's own checks of one kind of line (what `clean_fields` runs) and its capability's kind.

    Each distinct value of a field is checked once per write: 5,000 lines hold a handful of
    scores and months, and `clean_fields` line after line was a third of a 5,000-line import.
    A value is known by its type and, for a decimal, its text (`Decimal("1.0")` and
    `Decimal("1.000")` are equal but only one fits two decimal places). The capability is
    checked by its kind rather than by `full_clean`, which would query it once per line.

    One check may serve the validation of a save's rows and then the save itself (the grid
    does: `assessments.capture.grid_forms`): the values the rows' validation passed are not
    checked again by the line services, every other value is.
    """

    def __init__(self, *, model: type[ITCostArea] | type[BusinessFunction], kind: str) -> None:
        self.model = model
        self.kind = kind
        # The position is the line's index in the write, set by the line services, never taken from the data.
        self.fields = [
            field
            for field in model._meta.concrete_fields
            if field.name not in ("assessment", "capability", "position") and not field.generated
        ]
        self.passed: dict[str, set[Any]] = {field.attname: set() for field in self.fields}

    def fields_check(self, values: dict[str, Any], *, names: Set[str] | None = None) -> dict[str, list[Any]]:
        """The model fields' checks of a line's column values (attname -> value), cleaned in place as
        `clean_fields` cleans them; `names` (attnames) limits them to those fields.

        Returns {field name: [ValidationError, ...]} as `clean_fields` would raise it (empty when all pass).
        """
        errors: dict[str, list[Any]] = {}
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
        return errors

    def values(self, values: dict[str, Any], *, capability: Any, names: Set[str] | None = None) -> None:
        """Check a line's column values (attname -> value), cleaned in place as `clean_fields` cleans them.

        `names` (attnames) limits the check to those fields: the ones a save changes in a stored line.
        Raises ValidationError({field name: errors}) as `clean_fields` does, or for a capability
        missing or of another kind.
        """
        errors = self.fields_check(values, names=names)
        if errors:
            raise ValidationError(errors)
        if capability is None or capability.kind != self.kind:
            raise ValidationError({"capability": _("Choose one of the %(kind)s capabilities.") % {"kind": self.kind}})

    def line(self, line: ITCostArea | BusinessFunction, *, names: Set[str] | None = None) -> None:
        """Check a line instance (see `values`), its fields cleaned in place."""
        values = {field.attname: getattr(line, field.attname) for field in self.fields}
        self.values(values, capability=line.capability, names=names)
        for name, value in values.items():
            setattr(line, name, value)


def line_check_create(*, model: type[ITCostArea] | type[BusinessFunction]) -> LineCheck:
    """A fresh `LineCheck` for the lines of `model` (its capabilities' kind: ITO or BPO)."""
    return LineCheck(model=model, kind=Kind.ITO if model is ITCostArea else Kind.BPO)


def line_check_for(
    *, check: LineCheck | None, model: type[ITCostArea] | type[BusinessFunction], kind: str
) -> LineCheck:
    # A check made for another kind of line would skip values its fields never judged.
    if check is not None and check.model is model and check.kind == kind:
        return check
    return LineCheck(model=model, kind=kind)


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


def lines_sync(
    *,
    model: type[ITCostArea] | type[BusinessFunction],
    assessment: Assessment,
    user: User,
    lines: Sequence[LineData],
    fields: Sequence[str],
    kind: str,
    check: LineCheck | None = None,
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
        lines_replace(model=model, assessment=assessment, user=user, lines=lines, fields=fields, kind=kind, check=check)
        return
    check = line_check_for(check=check, model=model, kind=kind)
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


def lines_replace(
    *,
    model: type[ITCostArea] | type[BusinessFunction],
    assessment: Assessment,
    user: User,
    lines: Sequence[LineData],
    fields: Sequence[str],
    kind: str,
    check: LineCheck | None = None,
) -> None:
    """Replace every line of one kind by `lines` (none of them an existing line): four queries, whatever the count.

    The removed lines' history is copied by the database before they are deleted, the new lines
    go in one insert and their history is copied from them: no line is read back into Python.
    """
    check = line_check_for(check=check, model=model, kind=kind)
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
