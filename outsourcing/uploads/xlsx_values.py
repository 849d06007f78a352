"""Cell values of an XLSX sheet as the user sees them: number formats, shared and inline strings, numbers.

Number formats follow ECMA-376 Part 1, §18.8.30 (numFmt): built-in ids 9-10 are per
cent, 14-22, 27-36, 45-47 and 50-58 dates; a custom format is a percentage when a `%`
appears outside quotes and escapes.
"""

import re
from decimal import Decimal
from html import unescape
from xml.etree.ElementTree import Element

from openpyxl.styles.numbers import is_date_format

from outsourcing.uploads.cells import ErrorValue

PERCENT_IDS = {9, 10}
DATE_IDS = {*range(14, 23), 45, 46, 47, *range(27, 37), *range(50, 59)}
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def local_name(tag: str) -> str:
    """An XML tag without its namespace: `{ns}row` -> `row`."""
    return tag.rsplit("}", 1)[-1]


def format_kind(code: str) -> str:
    bare = _QUOTED.sub("", code)
    if "%" in bare:
        return "percent"
    if is_date_format(code):
        return "date"
    return ""


def inline_text(element: Element) -> str:
    """The text of a shared string or inline string: its `t`, or the `t` of each run; phonetic runs skipped."""
    parts = []
    for child in element:
        name = local_name(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(grandchild.text or "" for grandchild in child if local_name(grandchild.tag) == "t")
    return "".join(parts)


_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
# One shared-string item: empty (`<si/>`), plain (group 1: `<si><t>text</t></si>`) or anything else (group 2).
SHARED_ITEM = re.compile(
    rb"<"
    + _PREFIX
    + rb"si\b[^<>]*?(?:/>|>\s*<"
    + _PREFIX
    + rb"t\b[^<>/]*>([^<]*)</"
    + _PREFIX
    + rb"t>\s*</"
    + _PREFIX
    + rb"si>|>(.*?)</"
    + _PREFIX
    + rb"si>)",
    re.S,
)
_PHONETIC = re.compile(rb"<" + _PREFIX + rb"rPh\b.*?</" + _PREFIX + rb"rPh>", re.S)
_TEXT_RUN = re.compile(rb"<" + _PREFIX + rb"t\b[^<>/]*>([^<]*)</" + _PREFIX + rb"t>")


def shared_text(body: bytes | None) -> str:
    """The text of a shared-string item that is not a single plain `<t>`: its runs' `<t>`, phonetic guides
    (`<rPh>`) left out."""
    if not body:
        return ""
    text = b"".join(_TEXT_RUN.findall(_PHONETIC.sub(b"", body))).decode("utf-8", "replace")
    return unescape(text) if "&" in text else text


def excel_number(text: str) -> object:
    """An Excel number as the user sees it: 15 significant digits (Excel's precision), whole numbers as int."""
    if len(text) < 16 and text.isdigit():
        return int(text)
    try:
        number = float(text)
    except ValueError:
        return ErrorValue(text[:20])
    if number != number or number in (float("inf"), float("-inf")):
        return ErrorValue("#NUM!")
    value = Decimal(format(number, ".15g"))
    if value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    return value
