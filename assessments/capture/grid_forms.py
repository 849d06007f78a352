"""The line grid's save: the JSON document the grid posts, read and validated row by row.

The grid posts every row back as one JSON body (`grid_post_read`), so Django's limit on
the number of form fields never applies. Each row is validated with the same line form
as the workbook import (ITCostAreaForm / BusinessFunctionForm, bound row after row by the
shared `outsourcing.uploads.FormRowValidator`), so the grid and the import accept and
refuse alike; the errors carry the row and the column they belong to.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from assessments.capture.forms import LineForm
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


def grid_rows_validate(
    *, rows: Sequence[Mapping[str, Any]], form_class: type[LineForm], capabilities: Mapping[str, Capability]
) -> tuple[list[dict[str, Any]], list[GridError]]:
    """Validate every posted row with the line form; blank rows are ignored.

    Returns the lines for the line services (cleaned values, `id` of an existing line
    or None) and every problem found, each at its row (index in `rows`) and column.
    A cell that is not text, a number or empty (a list, an object, true/false) is refused at the cell.
    """
    fields = grid_fields(form_class)
    validator = FormRowValidator(form_class, capabilities=capabilities)
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
        form = validator.bind(data)
        if not form.is_valid():
            for name, messages in form.errors.items():
                if name in refused:
                    continue
                column = name if name in fields else ""
                errors.extend(GridError(index, column, str(message)) for message in messages)
            continue
        if refused:
            continue
        line = {name: form.cleaned_data.get(name) for name in fields}
        line["id"] = _row_id(row.get("id"))
        lines.append(line)
    return lines, errors
