"""CSV uploads: encoding, Excel's `sep=` line, the delimiter, and rows read under budgets.

Encodings, in this order: a byte order mark (UTF-8, UTF-16 LE/BE); UTF-16 without a
mark (recognised by its zero bytes); UTF-8; then Windows-1252, what Excel's plain
"CSV (Comma delimited)" writes on Western Windows. A file that is none of them, or
holds binary data, is refused with a message.
"""

import codecs
import csv
import io
import re

from django.utils.translation import gettext as _

from outsourcing.uploads.budgets import Budgets, Deadline, UploadRefused
from outsourcing.uploads.cells import Table, is_blank

DELIMITERS = (",", ";", "\t", "|")
_SEP_LINE = re.compile(r'^\s*"?sep=(.)"?\s*$', re.IGNORECASE)
# C0 control characters other than tab, line feed and carriage return mark a binary file.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _utf16_without_bom(sample: bytes) -> str | None:
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd > 0.4 and zero_even < 0.05:
        return "utf-16-le"
    if zero_even > 0.4 and zero_odd < 0.05:
        return "utf-16-be"
    return None


def text_decode(content: bytes) -> tuple[str, str]:
    """(text, encoding name) of an uploaded text file, or UploadRefused."""
    if content.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif b"\x00" in content:
        encoding = _utf16_without_bom(content[:4096])
        if encoding is None:
            raise UploadRefused(_("This is not a CSV text file. Save the sheet as “CSV UTF-8” or upload the workbook."))
        candidates = [encoding]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _BINARY.search(text[:65536]):
            raise UploadRefused(_("This is not a CSV text file. Save the sheet as “CSV UTF-8” or upload the workbook."))
        return text, encoding
    raise UploadRefused(
        _(
            "The file's text encoding is not UTF-8, UTF-16 or Windows-1252. In your spreadsheet program, "
            "save it as “CSV UTF-8”."
        )
    )


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for symbol in line:
        if symbol == '"':
            quoted = not quoted
        elif symbol == char and not quoted:
            count += 1
    return count


def delimiter_detect(text: str) -> tuple[str, str]:
    """(delimiter, text without Excel's `sep=` line).

    Excel's own `sep=;` first line wins; otherwise the candidate found most often in
    the first non-blank line outside quotes (a comma on a tie).
    """
    first, _newline, rest = text.partition("\n")
    match = _SEP_LINE.match(first)
    if match:
        _sep_line_check(first.strip(" \r\n"), match.group(1), rest)
        return match.group(1), rest
    line = next((candidate for candidate in text[:65536].splitlines() if candidate.strip()), "")
    counts = {char: _count_outside_quotes(line, char) for char in DELIMITERS}
    best = max(DELIMITERS, key=lambda char: (counts[char], char == ","))
    return best, text


def _delimiter_name(char: str) -> str:
    return _("tab") if char == "\t" else f"“{char}”"


def _sep_line_check(sep_line: str, declared: str, rest: str) -> None:
    """Refuse a `sep=` line that the header row below it contradicts (no declared separator, another one
    present), naming both, rather than reading the whole header as one column."""
    line = next((candidate for candidate in rest[:65536].splitlines() if candidate.strip()), "")
    if _count_outside_quotes(line, declared):
        return
    counts = {char: _count_outside_quotes(line, char) for char in DELIMITERS if char != declared}
    found = max(counts, key=lambda char: counts[char]) if counts else ""
    if found and counts[found]:
        raise UploadRefused(
            _(
                "The first line “%(line)s” says the values are separated by %(declared)s, but the header row "
                "below it is separated by %(found)s. Delete the first line, or save the file again as CSV."
            )
            % {"line": sep_line, "declared": _delimiter_name(declared), "found": _delimiter_name(found)}
        )


def _too_many_columns(count: int, budgets: Budgets) -> UploadRefused:
    return UploadRefused(
        _("The file has too many columns (%(count)s); at most %(limit)s are read. Remove the extra columns.")
        % {"count": count, "limit": budgets.max_columns}
    )


def rows_too_many(budgets: Budgets) -> UploadRefused:
    return UploadRefused(
        _("The file has more than %(limit)s rows of data; split it into smaller files.") % {"limit": budgets.max_rows}
    )


def rows_scanned_too_many(budgets: Budgets) -> UploadRefused:
    return UploadRefused(
        _("The file has more than %(limit)s rows, most of them empty; delete the empty rows and upload it again.")
        % {"limit": budgets.max_rows_scanned}
    )


def cells_too_many(budgets: Budgets) -> UploadRefused:
    return UploadRefused(
        _("The file has more than %(limit)s cells; split it into smaller files.") % {"limit": budgets.max_cells}
    )


def csv_table(content: bytes, *, name: str, budgets: Budgets, deadline: Deadline) -> Table:
    """Read a CSV upload into a Table (cells are stripped text), or raise UploadRefused."""
    text, _encoding = text_decode(content)
    delimiter, text = delimiter_detect(text)
    if not text.strip():
        raise UploadRefused(_("The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[object] | None = None
    header_row = 0
    rows: list[tuple[int, list[object]]] = []
    cells = 0
    try:
        for number, record in enumerate(reader, start=1):
            if number > budgets.max_rows_scanned:
                raise rows_scanned_too_many(budgets)
            cells += len(record)
            if cells > budgets.max_cells:
                raise cells_too_many(budgets)
            if number % 1000 == 0:
                deadline.check()
            if len(record) > budgets.max_columns:
                if any(not is_blank(value) for value in record[budgets.max_columns :]):
                    raise _too_many_columns(len(record), budgets)
                record = record[: budgets.max_columns]
            if all(is_blank(value) for value in record):
                continue
            values: list[object] = [value.strip() for value in record]
            if header is None:
                header, header_row = values, number
                continue
            rows.append((number, values))
            if len(rows) > budgets.max_rows:
                raise rows_too_many(budgets)
    except csv.Error as error:
        raise UploadRefused(
            _("The CSV file is malformed near row %(row)s (%(reason)s).") % {"row": reader.line_num, "reason": error}
        ) from error
    if header is None:
        raise UploadRefused(_("The file is empty."))
    return Table(name=name, header=header, header_row=header_row, rows=rows, kind="csv")
