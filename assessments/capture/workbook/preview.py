"""An import's preview: the validated lines of each sheet, or every problem at its row and column.

`import_preview` reads an uploaded XLSX or CSV file (checked by content, not by its
name) and validates every row with the same line forms the grid uses; it never raises
on a malformed file: every problem becomes a `RowError`. Nothing is written here: the
preview is kept (as `preview_payload`) until the user confirms, its capabilities checked
against the catalogue again then (`payload_validate`), and
`assessments.capture.services.assessment_lines_import` writes it, all or nothing.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from assessments.capture.workbook.reading import read_csv, read_xlsx, sheet_validate
from assessments.capture.workbook.sheets import DECIMAL_FIELDS, SHEETS, SheetSpec
from outsourcing.uploads import (
    Budgets,
    Deadline,
    ErrorCollector,
    ErrorsExhausted,
    RowError,
    UploadRefused,
    upload_sniff,
)
from outsourcing.uploads.text import rows_too_many
from providers.models import Capability, Kind


@dataclass
class SheetPreview:
    spec: SheetSpec
    lines: list[dict[str, Any]] = field(default_factory=list)

    @property
    def annual_cost(self) -> Decimal:
        return sum((line["annual_cost"] for line in self.lines), Decimal("0"))

    @property
    def ftes(self) -> Decimal:
        return sum((line["ftes"] for line in self.lines), Decimal("0"))


@dataclass
class ImportPreview:
    file_kind: str = ""
    sheets: dict[str, SheetPreview] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.sheets)

    def lines_for(self, key: str) -> list[dict[str, Any]] | None:
        sheet = self.sheets.get(key)
        return None if sheet is None else sheet.lines


def import_preview(
    *,
    name: str,
    content: bytes,
    it_capabilities: Mapping[str, Capability],
    bpo_capabilities: Mapping[str, Capability],
    currency: str | None = None,
) -> ImportPreview:
    """Read and validate an upload; every problem is reported, nothing raises, nothing is saved.

    `currency` is the assessment's ISO code: an amount marked with another currency
    (`€ 1.127,54` in an IDR assessment) is refused at its row and column. The reading
    runs under the upload budgets (`outsourcing.uploads.budgets`); checking stops
    after `UPLOAD_MAX_ERRORS` problems and says so.
    """
    preview = ImportPreview()
    budgets = Budgets.from_settings()
    deadline = Deadline(budgets.max_seconds)
    try:
        kind = upload_sniff(content=content, name=name, budgets=budgets)
        preview.file_kind = kind
        reader = read_xlsx if kind == "xlsx" else read_csv
        tables = reader(content, name=name, budgets=budgets, deadline=deadline)
        if sum(len(table.rows) for _spec, table in tables) > budgets.max_rows:
            raise rows_too_many(budgets)
    except UploadRefused as refused:
        preview.errors.append(RowError(None, "", refused.message, name))
        return preview
    capabilities = {Kind.ITO: it_capabilities, Kind.BPO: bpo_capabilities}
    errors = ErrorCollector(budgets.max_errors)
    try:
        for spec, table in tables:
            deadline.check()
            lines = sheet_validate(
                spec, table, capabilities=capabilities[spec.kind], currency=currency, errors=errors, deadline=deadline
            )
            preview.sheets[spec.key] = SheetPreview(spec, lines)
    except ErrorsExhausted:
        pass
    except UploadRefused as refused:
        errors.errors.append(RowError(None, "", refused.message, name))
    preview.errors.extend(errors.finish())
    return preview


def _json_value(value: Any) -> Any:
    if isinstance(value, Capability):
        return value.code
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def preview_payload(preview: ImportPreview) -> dict[str, list[dict[str, Any]]]:
    """The validated lines as JSON for the session; on confirm `payload_validate` makes them lines again."""
    return {
        key: [{name: _json_value(value) for name, value in line.items()} for line in sheet.lines]
        for key, sheet in preview.sheets.items()
    }


def payload_validate(
    payload: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    it_capabilities: Mapping[str, Capability],
    bpo_capabilities: Mapping[str, Capability],
) -> ImportPreview:
    """The kept preview's lines (`preview_payload`, read back from the session) made ready to write again.

    `payload` maps a sheet key ("it", "bf") to its lines: field -> JSON value (a capability by
    its code, a decimal as text). Returns an `ImportPreview` whose `lines_for(key)` holds each
    line with a `Capability` and `Decimal` values, and whose `errors` hold a `RowError` (sheet
    row number, "capability") for every line whose capability is no longer in the catalogue.

    The values were validated by the line form when the preview was made and have stayed on
    the server since (the session), so the form does not check them a second time (that was
    half of a 5,000-line confirm). What may have changed in between is the catalogue: each
    capability code must still name a capability of the sheet's kind. The line service checks
    every value against the model's fields again as it writes.
    """
    preview = ImportPreview(file_kind="session")
    capabilities = {Kind.ITO: it_capabilities, Kind.BPO: bpo_capabilities}
    for spec in SHEETS:
        if spec.key not in payload:
            continue
        sheet = SheetPreview(spec)
        catalogue = capabilities[spec.kind]
        gone = spec.form_class.base_fields["capability"].error_messages["invalid_choice"]
        decimals = DECIMAL_FIELDS.intersection(spec.fields)
        for number, stored in enumerate(payload[spec.key], start=2):
            line: dict[str, Any] = {name: stored.get(name) for name in spec.fields}
            code = line["capability"]
            line["capability"] = catalogue.get(code) if isinstance(code, str) else None
            if line["capability"] is None:
                preview.errors.append(RowError(number, "capability", str(gone) % {"value": code}, spec.title))
                continue
            try:
                for name in decimals:
                    value = line[name]
                    if value is not None:
                        line[name] = Decimal(value)
            except (ArithmeticError, TypeError, ValueError):
                preview.errors.append(RowError(number, name, _("Enter a number."), spec.title))
                continue
            sheet.lines.append(line)
        preview.sheets[spec.key] = sheet
    return preview
