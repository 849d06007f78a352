"""Opening an upload: its type by content, then its tables, all under one set of budgets."""

from collections.abc import Mapping

from django.utils.translation import gettext as _

from outsourcing.uploads.budgets import Budgets, Deadline, UploadRefused
from outsourcing.uploads.cells import Table
from outsourcing.uploads.text import csv_table
from outsourcing.uploads.xlsx import Workbook, sheet_choose, sheet_near_miss

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # old .xls, or an encrypted (password-protected) workbook
TEXT_EXTENSIONS = {"csv", "txt", "tsv", ""}


def upload_sniff(*, content: bytes, name: str, budgets: Budgets) -> str:
    """ "xlsx" or "csv", decided by the content (the name only rules out other kinds), or UploadRefused."""
    if not content:
        raise UploadRefused(_("The file is empty."))
    if len(content) > budgets.max_bytes:
        raise UploadRefused(
            _("The file is larger than the upload limit (it must not be larger than %(limit)s KB); split it.")
            % {"limit": budgets.max_bytes // 1024}
        )
    if content.startswith(_OLE):
        raise UploadRefused(
            _(
                "This is an old Excel (.xls) or password-protected file, not an Excel workbook (.xlsx). "
                "Save it as an .xlsx workbook without a password."
            )
        )
    if content.startswith(_ZIP):
        return "xlsx"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in {"xlsx", "xlsm"}:
        raise UploadRefused(_("The file is named .%(ext)s but is not an Excel workbook (.xlsx).") % {"ext": extension})
    if extension not in TEXT_EXTENSIONS:
        raise UploadRefused(_("Upload the .xlsx workbook or a .csv file."))
    return "csv"


def upload_tables(
    *,
    content: bytes,
    name: str,
    sheets: Mapping[str, set[str]] | None = None,
    budgets: Budgets | None = None,
    deadline: Deadline | None = None,
) -> tuple[str, dict[str, Table]]:
    """(file kind, tables) of an upload, or UploadRefused.

    A CSV file is one table, under the key "" . A workbook gives, for each key of
    `sheets`, the visible sheet named exactly one of its names (keys without such a
    sheet are left out; see `xlsx.sheet_choose`, but a hidden sheet of that name or a visible copy
    such as "NAME (2)" is refused, see `xlsx.sheet_near_miss`); without `sheets`, the first visible
    sheet under the key "".
    """
    budgets = budgets or Budgets.from_settings()
    deadline = deadline or Deadline(budgets.max_seconds)
    kind = upload_sniff(content=content, name=name, budgets=budgets)
    if kind == "csv":
        return kind, {"": csv_table(content, name=name, budgets=budgets, deadline=deadline)}
    workbook = Workbook(content, budgets=budgets, deadline=deadline)
    tables: dict[str, Table] = {}
    if sheets is None:
        first = next((sheet for sheet in workbook.sheets if sheet.visible), None)
        if first is None:
            raise UploadRefused(_("The workbook has no visible sheet."))
        tables[""] = workbook.table(first)
        return kind, tables
    for key, names in sheets.items():
        sheet = sheet_choose(workbook, names)
        if sheet is not None:
            tables[key] = workbook.table(sheet)
        elif (refused := sheet_near_miss(workbook, names)) is not None:
            raise refused
    return kind, tables
