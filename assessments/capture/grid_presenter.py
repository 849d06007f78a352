"""The line grid of the IT cost areas and business functions steps: what the page is sent.

The page renders no form per line. It carries the lines as one JSON document
(`grid_payload`, through `json_script`) for a spreadsheet-like grid (Tabulator, see
static/js/line_grid.js); what the grid posts back is read and validated by
`assessments.capture.grid_forms`.
"""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from assessments.capture.form_fields import AmountField, ScoreField, WholeNumberField, YesNoField
from assessments.capture.forms import LineForm
from assessments.capture.grid_forms import grid_fields
from assessments.models import BusinessFunction, ITCostArea
from providers.models import Capability
from providers.units import capability_unit


def _kind(form_field: forms.Field) -> str:
    if isinstance(form_field, ScoreField):
        return "score"
    if isinstance(form_field, YesNoField):
        return "boolean"
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


# Columns the grid hides until asked ("Exit costs and regulation"), or while a saved line fills one: the
# widest grid must fit a 1366 px screen without scrolling sideways, and most lines leave these empty.
ADVANCED_FIELDS = frozenset({"termination_fee", "stranded_book_value", "regulatory_condition_accepted"})


def grid_columns(*, form_class: type[LineForm], currency: str) -> list[dict[str, Any]]:
    """The grid's columns in the form's field order: field name, label, header (short when space is tight),
    help text, kind and decimals.

    Kinds: "capability" (a select of codes), "amount" (decimal), "whole" (count), "score" (1-5), "boolean"
    (yes / no), "text". `advanced` columns are hidden until the user shows them (ADVANCED_FIELDS); a
    `per_capability_unit` column shows each cell with its line's capability's unit of measure.
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
        unit = currency if name in ("annual_cost", "termination_fee", "stranded_book_value") else ""
        unit = "1–5" if kind == "score" else unit
        # An IT area's volume is in its capability's unit of measure: each cell shows it (`capabilities`).
        per_capability_unit = name == "volume"
        unit = _("in the capability's unit") if per_capability_unit else unit
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
                "advanced": name in ADVANCED_FIELDS,
                "per_capability_unit": per_capability_unit,
            }
        )
    return columns


def _cell(value: Any) -> Any:
    if isinstance(value, Capability):
        return value.code
    if isinstance(value, bool):
        return "true" if value else "false"  # the grid posts text or numbers only (grid_forms)
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

    Capability names and units of measure are in the reader's language (the shipped ones are
    translated, an administrator's own are shown as typed); the rows store the codes.
    """
    fields = grid_fields(form_class)
    return {
        "columns": grid_columns(form_class=form_class, currency=currency),
        "capabilities": [
            {"code": code, "name": str(capability), "unit": capability_unit(capability)}
            for code, capability in capabilities.items()
        ],
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
            "advanced": _("Exit costs and regulation"),
            "advanced_help": _(
                "Show the columns of each line's own termination fee and stranded book value, and the "
                "regulator's condition of a regulated function"
            ),
            "yes": _("yes"),
            "no": _("no"),
        },
    }
