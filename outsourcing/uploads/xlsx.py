"""XLSX uploads read by streaming the sheet XML, bounded by the data present.

openpyxl (even read-only) trusts a sheet's stored size (`<dimension>`): a stale one
drops rows, a declared full sheet walks a million empty rows. Here only elements
present in the file are visited: the sheet's XML is decompressed in chunks, the
empty rows and cells that spreadsheet programs write for formatting (`<row .../>`,
`<c .../>`) are cut out before parsing, and the remaining `<c>` elements are parsed
with the standard library's expat-based pull parser (expat ≥ 2.4 refuses entity
expansion attacks; documents with a DTD are refused outright). Every part counts
toward the uncompressed-bytes budget, checked first from the zip directory and then
as actually decompressed.

Number formats matter (ECMA-376 Part 1, §18.8.30 numFmt, built-in ids 9-10 per cent,
14-22 and 45-47 dates): a cell formatted as a percentage is returned as `Percent`, one
formatted as a date as `ExcelDate`, so a column can read them as the user sees them.
"""

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from html import unescape
from posixpath import join, normpath
from typing import cast
from xml.etree.ElementTree import Element, ParseError, XMLPullParser, fromstring

from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS

from outsourcing.uploads.budgets import Budgets, Deadline, UploadRefused
from outsourcing.uploads.cells import (
    ErrorValue,
    ExcelDate,
    Formula,
    Percent,
    Table,
    column_index,
    column_letter,
)
from outsourcing.uploads.text import cells_too_many, rows_scanned_too_many, rows_too_many
from outsourcing.uploads.xlsx_values import (
    DATE_IDS,
    PERCENT_IDS,
    SHARED_ITEM,
    excel_number,
    format_kind,
    inline_text,
    shared_text,
)

_CHUNK = 1 << 20
_SMALL_PART_LIMIT = 8 << 20
_EMPTY_CELL_OR_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|row)\b[^<>]*/>")
_EMPTY_ROW_PAIR = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b[^<>]*>\s*</(?:[A-Za-z_][\w.-]*:)?row>")
_CELL_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,7})\$?(\d*)$")


_LOCAL_NAMES: dict[str, str] = {}
_COLUMN_INDEXES: dict[str, int] = {}
_FEED = 1 << 16  # the parser is fed in slices: a long queue of pending events is slow


def _local(tag: str) -> str:
    """A tag's local name (without its namespace), cached: sheets repeat a handful of tags."""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1]
        if len(_LOCAL_NAMES) < 1000:
            _LOCAL_NAMES[tag] = name
    return name


def _damaged() -> UploadRefused:
    return UploadRefused(_("The workbook could not be read: it may be damaged or password-protected."))


def not_a_workbook() -> UploadRefused:
    return UploadRefused(_("The file is a ZIP archive but not an Excel workbook (XLSX). Save it as “Excel Workbook”."))


@dataclass(frozen=True)
class SheetInfo:
    name: str
    visible: bool
    path: str


class _Expansion:
    """Counts decompressed bytes against the budget."""

    def __init__(self, budgets: Budgets) -> None:
        self.budgets = budgets
        self.total = 0

    def add(self, count: int) -> None:
        self.total += count
        if self.total > self.budgets.max_uncompressed_bytes:
            raise too_large_unpacked(self.budgets)


def too_large_unpacked(budgets: Budgets) -> UploadRefused:
    return UploadRefused(
        _("The workbook expands to more than %(limit)s MB once unpacked; split it or delete empty formatted rows.")
        % {"limit": budgets.max_uncompressed_bytes // (1 << 20)}
    )


class Workbook:
    """An uploaded workbook, checked and opened; `table(sheet)` streams one sheet."""

    def __init__(self, content: bytes, *, budgets: Budgets, deadline: Deadline) -> None:
        self.budgets = budgets
        self.deadline = deadline
        self.expansion = _Expansion(budgets)
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(content))
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
            raise UploadRefused(_("The file is not a valid XLSX workbook (it may be damaged).")) from error
        self.names = {info.filename for info in infos}
        if "xl/workbook.xml" not in self.names or "[Content_Types].xml" not in self.names:
            raise not_a_workbook()
        if sum(info.file_size for info in infos) > budgets.max_uncompressed_bytes:
            raise too_large_unpacked(budgets)
        self.sheets = self._sheets()
        if not self.sheets:
            raise not_a_workbook()
        self._styles: list[str] | None = None
        self._strings: list[str] | None = None

    # --- small parts ------------------------------------------------------------------------------

    def _read_small(self, name: str) -> bytes:
        try:
            with self.archive.open(name) as part:
                data = part.read(_SMALL_PART_LIMIT + 1)
        except KeyError:
            return b""
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as error:
            raise _damaged() from error
        if len(data) > _SMALL_PART_LIMIT:
            raise too_large_unpacked(self.budgets)
        self.expansion.add(len(data))
        return data

    def _parse_small(self, name: str) -> Element | None:
        data = self._read_small(name)
        if not data:
            return None
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise _damaged()
        try:
            return fromstring(data)  # noqa: S314 - a document with a DTD was refused above (defusedxml's guard)
        except ParseError as error:
            raise _damaged() from error

    def _sheets(self) -> list[SheetInfo]:
        workbook = self._parse_small("xl/workbook.xml")
        relations = self._parse_small("xl/_rels/workbook.xml.rels")
        if workbook is None:
            raise not_a_workbook()
        targets = {}
        for relation in relations if relations is not None else []:
            target = relation.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
            targets[relation.get("Id")] = path
        sheets = []
        for element in workbook.iter():
            if _local(element.tag) != "sheet":
                continue
            relation_id = next((value for key, value in element.attrib.items() if _local(key) == "id"), None)
            path = targets.get(relation_id, "")
            sheets.append(
                SheetInfo(
                    name=element.get("name", ""),
                    visible=element.get("state", "visible") == "visible",
                    path=path,
                )
            )
        return sheets

    def _style_kinds(self) -> list[str]:
        if self._styles is None:
            styles = self._parse_small("xl/styles.xml")
            kinds: list[str] = []
            if styles is not None:
                codes = {
                    int(element.get("numFmtId", "0")): element.get("formatCode", "")
                    for element in styles.iter()
                    if _local(element.tag) == "numFmt" and element.get("numFmtId", "").isdigit()
                }
                for section in styles:
                    if _local(section.tag) != "cellXfs":
                        continue
                    for xf in section:
                        raw = xf.get("numFmtId", "0")
                        format_id = int(raw) if raw.isdigit() else 0
                        if format_id in codes:
                            kinds.append(format_kind(codes[format_id]))
                        elif format_id in PERCENT_IDS:
                            kinds.append("percent")
                        elif format_id in DATE_IDS:
                            kinds.append("date")
                        else:
                            kinds.append(format_kind(BUILTIN_FORMATS.get(format_id, "General")))
            self._styles = kinds
        return self._styles

    # --- streamed parts ---------------------------------------------------------------------------

    def _chunks(self, name: str) -> Iterator[bytes]:
        """The part's XML in chunks, without the empty rows and cells written for formatting only."""
        try:
            part = self.archive.open(name)
        except KeyError as error:
            raise _damaged() from error
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as error:
            raise _damaged() from error
        carry = b""
        with part:
            while True:
                self.deadline.check()
                try:
                    chunk = part.read(_CHUNK)
                except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
                    raise _damaged() from error
                if not chunk:
                    break
                self.expansion.add(len(chunk))
                data = carry + chunk
                cut = data.rfind(b"<")
                if cut <= 0:
                    carry, data = data, b""
                else:
                    data, carry = data[:cut], data[cut:]
                if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                    raise _damaged()
                data = data.replace(b"<row/>", b"")
                data = _EMPTY_ROW_PAIR.sub(b"", _EMPTY_CELL_OR_ROW.sub(b"", data))
                if data:
                    yield data
        if carry:
            yield carry

    def _elements(self, name: str, wanted: str, stop: str) -> Iterator[Element]:
        """Each completed `wanted` element of a streamed part, until the end of `stop`."""
        parser: XMLPullParser[Element] = XMLPullParser(events=("end",))
        events = 0
        limit = 4 * self.budgets.max_cells + 10_000
        try:
            for data in self._chunks(name):
                for start in range(0, len(data), _FEED):
                    parser.feed(data[start : start + _FEED])
                    # Only "end" events were asked for: each is (event, element).
                    for _event, element in cast("Iterator[tuple[str, Element]]", parser.read_events()):
                        events += 1
                        if events > limit:
                            raise cells_too_many(self.budgets)
                        tag = _LOCAL_NAMES.get(element.tag) or _local(element.tag)
                        if tag == wanted:
                            yield element
                            element.clear()
                        elif tag == stop:
                            return
            parser.close()
        except ParseError as error:
            raise _damaged() from error

    def _shared_strings(self) -> list[str]:
        """The workbook's shared strings, in order.

        Read by patterns, several times faster than an element per parser event: plain items
        (`<si><t>text</t></si>`, nearly all of them) at once, rich text by its runs. The
        part's DTD, if any, was refused in `_chunks`. Counted against the cells budget.
        """
        if self._strings is None:
            strings: list[str] = []
            if "xl/sharedStrings.xml" in self.names:
                pending = b""
                for data in self._chunks("xl/sharedStrings.xml"):
                    pending += data
                    end = 0
                    limit = self.budgets.max_cells
                    for match in SHARED_ITEM.finditer(pending):
                        end = match.end()
                        plain, other = match.groups()
                        if plain is not None:
                            text = plain.decode("utf-8", "replace")
                            strings.append(unescape(text) if "&" in text else text)
                        else:
                            strings.append(shared_text(other))
                        if len(strings) > limit:
                            raise cells_too_many(self.budgets)
                    pending = pending[end:]
            self._strings = strings
        return self._strings

    def _cell_value(self, cell: Element, styles: list[str]) -> object:
        kind = cell.get("t", "n")
        value_text = None
        formula = None
        inline = None
        for child in cell:
            name = _LOCAL_NAMES.get(child.tag) or _local(child.tag)
            if name == "v":
                value_text = child.text
            elif name == "f":
                formula = child.text or ""
            elif name == "is":
                inline = child
        if formula is not None:
            return Formula(formula)
        if kind == "inlineStr":
            return inline_text(inline) if inline is not None else None
        if value_text is None:
            return None
        if kind == "s":
            strings = self._shared_strings()
            try:
                return strings[int(value_text)]
            except (ValueError, IndexError):
                return ErrorValue("#REF!")
        if kind == "str":
            return value_text
        if kind == "b":
            return value_text.strip() == "1"
        if kind == "e":
            return ErrorValue(value_text)
        if kind == "d":
            return ExcelDate(Decimal(0))
        number = excel_number(value_text)
        style = cell.get("s", "0")
        format_kind = styles[int(style)] if style.isdigit() and int(style) < len(styles) else ""
        if isinstance(number, int | Decimal):
            if format_kind == "percent":
                return Percent(Decimal(number))
            if format_kind == "date":
                return ExcelDate(Decimal(number))
        return number

    def table(self, sheet: SheetInfo) -> Table:
        """The sheet's header and data rows; only rows holding a non-blank cell are kept."""
        if sheet.path not in self.names:
            raise _damaged()
        styles = self._style_kinds()
        budgets = self.budgets
        header: list[object] | None = None
        header_row = 0
        rows: list[tuple[int, list[object]]] = []
        scanned = cells = 0
        row_number = 0
        for row in self._elements(sheet.path, "row", "sheetData"):
            scanned += 1
            if scanned > budgets.max_rows_scanned:
                raise rows_scanned_too_many(budgets)
            if scanned % 1000 == 0:
                self.deadline.check()
            declared = row.get("r", "")
            row_number = int(declared) if declared.isdigit() else row_number + 1
            values: dict[int, object] = {}
            column = 0
            for cell in row:
                if (_LOCAL_NAMES.get(cell.tag) or _local(cell.tag)) != "c":
                    continue
                cells += 1
                if cells > budgets.max_cells:
                    raise cells_too_many(budgets)
                letters = cell.get("r", "").rstrip("0123456789").lstrip("$").rstrip("$")
                known = _COLUMN_INDEXES.get(letters)
                if known is not None:
                    column = known
                else:
                    match = _CELL_REFERENCE.match(cell.get("r", ""))
                    column = column_index(match.group(1)) if match else column + 1
                    if match and len(_COLUMN_INDEXES) < 20_000:
                        _COLUMN_INDEXES[letters] = column
                value = self._cell_value(cell, styles)
                if value is None or (value.__class__ is str and not value.strip()):
                    continue
                if column > budgets.max_columns:
                    raise UploadRefused(
                        _(
                            "The sheet “%(sheet)s” has data in column %(column)s; at most %(limit)s columns are "
                            "read. Remove the extra columns."
                        )
                        % {"sheet": sheet.name, "column": column_letter(column), "limit": budgets.max_columns}
                    )  # fmt: skip
                values[column] = value
            if not values:
                continue
            line: list[object] = [None] * max(values)
            for index, value in values.items():
                line[index - 1] = value
            if header is None:
                header, header_row = line, row_number
                continue
            rows.append((row_number, line))
            if len(rows) > budgets.max_rows:
                raise rows_too_many(budgets)
        return Table(name=sheet.name, header=header or [], header_row=header_row or 1, rows=rows, kind="xlsx")


_COPY_SUFFIX = re.compile(r"\s*\(\d+\)$")


def sheet_name_key(name: str) -> str:
    """Sheet names compare as Excel does: case-insensitively, here also ignoring repeated spaces."""
    return " ".join(str(name).casefold().split())


def sheet_choose(workbook: Workbook, names: set[str]) -> SheetInfo | None:
    """The one visible sheet named exactly one of `names` (compared with `sheet_name_key`).

    Hidden sheets and copies ("IT cost areas (2)") never count. Two candidates (say the
    English and the Indonesian name) are refused, naming both; none gives None.
    """
    keys = {sheet_name_key(name) for name in names}
    candidates = [sheet for sheet in workbook.sheets if sheet.visible and sheet_name_key(sheet.name) in keys]
    if len(candidates) > 1:
        raise UploadRefused(
            _("The workbook has two sheets for the same lines, “%(first)s” and “%(second)s”; keep only one.")
            % {"first": candidates[0].name, "second": candidates[1].name}
        )
    return candidates[0] if candidates else None


def sheet_near_miss(workbook: Workbook, names: set[str]) -> UploadRefused | None:
    """Why a workbook without a visible sheet named one of `names` must not be read as if it lacked those lines:
    the sheet is there but hidden, or only a copy ("IT cost areas (2)") is visible. None when neither."""
    keys = {sheet_name_key(name) for name in names}
    hidden = next((each for each in workbook.sheets if not each.visible and sheet_name_key(each.name) in keys), None)
    if hidden is not None:
        return UploadRefused(
            _("The sheet “%(name)s” is hidden, and hidden sheets are not read. Unhide it, delete any copy of it, and "
              "upload the workbook again.")
            % {"name": hidden.name}
        )  # fmt: skip
    for sheet in workbook.sheets:
        copy_of = _COPY_SUFFIX.sub("", sheet_name_key(sheet.name))
        if sheet.visible and copy_of != sheet_name_key(sheet.name) and copy_of in keys:
            return UploadRefused(
                _("The sheet “%(copy)s” looks like a copy of a sheet this workbook lacks; rename it to the "
                  "original's name and upload the workbook again.")
                % {"copy": sheet.name}
            )  # fmt: skip
    return None
