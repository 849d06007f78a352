"""The line grid's save: the JSON document the grid posts, read and validated row by row.

The grid posts every row back as one JSON body (`grid_post_read`), so Django's limit on
the number of form fields never applies. Each row is validated with the same line form
as the workbook import (ITCostAreaForm / BusinessFunctionForm, bound row after row by the
shared `outsourcing.uploads.FormRowValidator`), so the grid and the import accept and
refuse alike; the errors carry the row and the column they belong to.

5,000 rows hold few distinct values in most columns (scores, months, capabilities), so
each distinct value of a column is cleaned by its form field once, and the model's own
checks run through the line services' `LineCheck`, once per distinct value too; the
save is then given that check, so it does not check again what the rows passed.
"""

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessments.capture.forms import LineForm
from assessments.capture.services import LineCheck, line_check_create
from outsourcing.uploads.rows import FormRowValidator
from providers.models import Capability

# A grid of 5,000 lines with long notes stays well under this; anything larger is refused with a message.
GRID_MAX_BYTES = 16 * 1024 * 1024


class GridRejected(ValueError):
    """The posted document cannot be read at all; `message` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class GridError:
    """One problem of one cell: `row` is the 0-based index of the posted row, `field` its column ("" = row)."""

    row: int
    field: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class GridPost:
    """A save from the grid: the draft version it was opened at, where to go next, and its rows."""

    lock_version: int
    action: str
    rows: list[dict[str, Any]] = field(default_factory=list)


def grid_fields(form_class: type[LineForm]) -> list[str]:
    """The line form's own fields, in order. (An inline formset appends its foreign key to the shared
    `Meta.fields` list of the form it is built from, so that list alone is not to be trusted.)"""
    return [name for name in form_class._meta.fields or () if name in form_class.base_fields]


def grid_post_read(*, body: bytes, max_rows: int) -> GridPost:
    """The grid's JSON document `{"lock_version": n, "action": "...", "rows": [{...}, ...]}`.

    Raises GridRejected (with a message for the user) if it is too large, not JSON,
    or not of that shape; the cells themselves are judged by `grid_rows_validate`.
    """
    if len(body) > GRID_MAX_BYTES:
        raise GridRejected(_("This save is too large to accept. Import the lines as a workbook instead."))
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise GridRejected(_("The page sent something that could not be read; reload it and try again.")) from error
    if not isinstance(document, dict) or not isinstance(document.get("rows"), list):
        raise GridRejected(_("The page sent something that could not be read; reload it and try again."))
    lock_version = document.get("lock_version")
    if isinstance(lock_version, bool) or not isinstance(lock_version, int) or lock_version < 0:
        raise GridRejected(_("The page was incomplete; reload it and try again."))
    rows = document["rows"]
    if len(rows) > max_rows:
        raise GridRejected(_("A page holds at most %(count)s lines; import a workbook for more.") % {"count": max_rows})
    if not all(isinstance(row, dict) for row in rows):
        raise GridRejected(_("The page sent something that could not be read; reload it and try again."))
    action = document.get("action")
    return GridPost(lock_version=lock_version, action=action if isinstance(action, str) else "save", rows=rows)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _row_id(value: Any) -> int | None:
    # An id only ever names a line of this draft: the line service ignores any other.
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def _clean_once(clean: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A form field's `clean` that cleans each distinct value once (known by its type and value) and
    then gives the same cleaned value, or raises the same errors, for every row holding it."""
    cleaned: dict[tuple[type, Any], Any] = {}
    refused: dict[tuple[type, Any], ValidationError] = {}

    def clean_once(value: Any) -> Any:
        key = (type(value), value)
        try:
            if key in cleaned:
                return cleaned[key]
            if key in refused:
                raise refused[key].with_traceback(None)
        except TypeError:  # not hashable (the grid refuses such cells before): cleaned every time
            return clean(value)
        try:
            result = clean(value)
        except ValidationError as error:
            refused[key] = error
            raise
        cleaned[key] = result
        return result

    return clean_once


def _model_checks_by(form: forms.ModelForm, check: LineCheck) -> Callable[[], None]:
    """The line form's model validation (`LineForm._post_clean`: `clean_fields` of the fields the form
    leaves to the model; the lines have no model-wide `clean`, unique or constraint check there), run
    through `check` on the form's cleaned values rather than on an instance, with the same exclusions."""

    def post_clean() -> None:
        exclude = form._get_validation_exclusions() | {"capability"}  # type: ignore[attr-defined]  # Django's private ModelForm API, not in django-stubs
        values = {}
        for model_field in check.fields:
            if model_field.name not in exclude and model_field.name in form.cleaned_data:
                values[model_field.attname] = form.cleaned_data[model_field.name]
        errors = check.fields_check(values, names=set(values))
        if errors:
            form._update_errors(ValidationError(errors))  # type: ignore[attr-defined]  # as above

    return post_clean


def grid_rows_validate(
    *,
    rows: Sequence[Mapping[str, Any]],
    form_class: type[LineForm],
    capabilities: Mapping[str, Capability],
    check: LineCheck | None = None,
) -> tuple[list[dict[str, Any]], list[GridError]]:
    """Validate every posted row with the line form; blank rows are ignored.

    Returns the lines for the line services (cleaned values, `id` of an existing line
    or None) and every problem found, each at its row (index in `rows`) and column.
    A cell that is not text, a number or empty (a list, an object, true/false) is refused at the cell.
    The model's checks go through `check` (`services.line_check_create` for the form's model; a new
    one when not given): pass the same check to the save so that it skips the values passed here.
    """
    fields = grid_fields(form_class)
    validator = FormRowValidator(form_class, capabilities=capabilities)
    form = cast(LineForm, validator.form)
    for form_field in form.fields.values():
        form_field.clean = _clean_once(form_field.clean)  # type: ignore[assignment]  # this form's copy of the field
    model = form_class._meta.model
    if check is None or check.model is not model:
        check = line_check_create(model=model)
    form._post_clean = _model_checks_by(form, check)  # type: ignore[method-assign]  # this form only, not the class
    lines: list[dict[str, Any]] = []
    errors: list[GridError] = []
    for index, row in enumerate(rows):
        data: dict[str, Any] = {}
        refused: set[str] = set()
        for name in fields:
            value = row.get(name)
            if isinstance(value, bool) or not (value is None or isinstance(value, str | int | float)):
                errors.append(GridError(index, name, _("Enter text or a number.")))
                refused.add(name)
                continue
            data[name] = value.strip() if isinstance(value, str) else value
        if not refused and all(_is_blank(data.get(name)) for name in fields):
            continue
        bound = validator.bind(data)
        if not bound.is_valid():
            for name, messages in bound.errors.items():
                if name in refused:
                    continue
                column = name if name in fields else ""
                errors.extend(GridError(index, column, str(message)) for message in messages)
            continue
        if refused:
            continue
        line = {name: bound.cleaned_data.get(name) for name in fields}
        line["id"] = _row_id(row.get("id"))
        lines.append(line)
    return lines, errors
