"""The line grid of the IT cost areas and business functions steps: what the page sends, what it reads back.

The page renders no form per line. It carries the lines as one JSON document
(`grid_payload`, through `json_script`) for a spreadsheet-like grid (Tabulator, see
static/js/line_grid.js), and the grid posts every row back as one JSON body
(`grid_post_read`), so Django's limit on the number of form fields never applies.
Each row is validated with the same form class as the workbook import
(ITCostAreaForm / BusinessFunctionForm, `grid_rows_validate`), so the grid and the
import accept and refuse alike; the errors carry the row and the column they belong to.
"""

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from assessments.capture.forms import AmountField, LineForm, ScoreField, WholeNumberField
from assessments.models import BusinessFunction, ITCostArea
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


def _kind(form_field: forms.Field) -> str:
    if isinstance(form_field, ScoreField):
        return "score"
    if isinstance(form_field, AmountField):
        return "amount"
    if isinstance(form_field, WholeNumberField):
        return "whole"
    if isinstance(form_field, forms.ChoiceField):
        return "capability"
    return "text"


def _short_titles() -> dict[str, str]:
    # The read-only line tables' abbreviations: five score columns side by side must fit a 1366 px screen.
    return {
        "standardisation": _("Std."),
        "strategic_importance": _("Strat."),
        "maturity": _("Mat."),
        "regulatory_sensitivity": _("Reg."),
        "knowledge_intensity": _("Know."),
    }


def grid_columns(*, form_class: type[LineForm], currency: str) -> list[dict[str, Any]]:
    """The grid's columns in the form's field order: field name, label, header (short when space is tight),
    help text, kind and decimals.

    Kinds: "capability" (a select of codes), "amount" (decimal), "whole" (count), "score" (1-5), "text".
    """
    model = form_class._meta.model
    form = form_class(capabilities={})
    scores = sum(isinstance(form.fields[name], ScoreField) for name in grid_fields(form_class))
    short = _short_titles() if scores > 3 else {}
    columns = []
    for name in grid_fields(form_class):
        form_field = form.fields[name]
        model_field = model._meta.get_field(name)
        kind = _kind(form_field)
        unit = currency if name == "annual_cost" else ("1–5" if kind == "score" else "")
        title = str(form_field.label)[:1].upper() + str(form_field.label)[1:]
        columns.append(
            {
                "field": name,
                "title": title,
                "short": short.get(name, title),
                "help": str(model_field.help_text or ""),
                "kind": kind,
                "decimals": getattr(model_field, "decimal_places", None) if kind == "amount" else None,
                "unit": unit,
                "required": bool(form_field.required),
            }
        )
    return columns


def _cell(value: Any) -> Any:
    if isinstance(value, Capability):
        return value.code
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def grid_rows(*, lines: Sequence[ITCostArea | BusinessFunction], fields: Sequence[str]) -> list[dict[str, Any]]:
    """Saved lines as grid rows: `id`, then each field as the grid edits it (codes, plain decimals)."""
    rows = []
    for line in lines:
        row: dict[str, Any] = {"id": line.pk}
        for name in fields:
            row[name] = line.capability.code if name == "capability" else _cell(getattr(line, name))
        rows.append(row)
    return rows


def grid_payload(
    *,
    form_class: type[LineForm],
    lines: Sequence[ITCostArea | BusinessFunction],
    capabilities: Mapping[str, Capability],
    currency: str,
    max_rows: int,
) -> dict[str, Any]:
    """Everything the grid's script needs, as one JSON-ready dict (columns, capability names, rows, texts).

    Capability names are in the reader's language (the shipped names are translated,
    an administrator's own are shown as typed); the rows store the codes.
    """
    fields = grid_fields(form_class)
    return {
        "columns": grid_columns(form_class=form_class, currency=currency),
        "capabilities": [{"code": code, "name": str(capability)} for code, capability in capabilities.items()],
        "rows": grid_rows(lines=lines, fields=fields),
        "max_rows": max_rows,
        "texts": {
            "total": _("Total"),
            "lines": _("lines"),
            "choose": _("Choose…"),
            "unreadable": _("Some amounts cannot be read yet; the totals leave them out."),
            "saving": _("Saving…"),
            "errors": _("Some lines need attention: see the cells marked in red. Nothing was saved yet."),
            "failed": _("The save did not reach the server. Check the connection and try again; nothing is lost."),
            "remove": _("Remove this line"),
            "added": _("Line added."),
            "removed": _("Line removed; it goes when you save."),
            "too_many": _("A page holds at most %(count)s lines; import a workbook for more.") % {"count": max_rows},
            "row": _("Line %(number)s"),
        },
    }


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


class RowValidator:
    """One line form, bound to row after row: the form's own validation without building a form per row.

    Building a Django form deep-copies its fields, about two thirds of the cost of
    validating a line; 5,000 lines took 2.8 s that way. Here the fields are copied
    once, and each row gets fresh data, a fresh model instance and fresh errors, so
    `is_valid()`, `errors` and `cleaned_data` are exactly what a new form would give.
    """

    def __init__(self, *, form_class: type[LineForm], capabilities: Mapping[str, Capability]) -> None:
        self.form = form_class(data={}, capabilities=capabilities)
        self.instance = form_class._meta.model()

    def bind(self, data: Mapping[str, Any]) -> LineForm:
        form = self.form
        form.data = data
        # One model instance serves every row: the form sets each field that passed its own checks
        # before the model validates it, and leaves the failed ones out of the model's validation.
        form.instance = self.instance
        form._errors = None  # type: ignore[attr-defined]  # Django's private form API: "not validated yet"
        form.cleaned_data = {}
        # The bound fields are kept: they read the form's data when asked, and hold no row's value.
        return form


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
    validator = RowValidator(form_class=form_class, capabilities=capabilities)
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
