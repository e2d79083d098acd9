"""Cell text → value, null marker and flags.

The statutory tables hold counts, signed increments (2019 本年增/减) and
money.  Null is kept distinct from 0: a blank, a dash, a slash, 无 or 不适用
all become ``None`` with a marker saying which, so a reader can tell
"reported zero" from "left blank".  Nothing here guesses a number that
was not printed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import NamedTuple

from .cells import ValueKind
from .charmap import RADICALS  # radical code points of PDF text layers ("⺠政局") → the characters
from .document import OCR_UNREADABLE
from .limits import MAX_INTEGER

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_SPACE = re.compile(r"\s+")
_DASH = re.compile(r"^[-—–―‐‑−_~]+$")
_SLASH = re.compile(r"^[/\\]+$")
_SPLIT_DIGITS = re.compile(r"\d\s+\d")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
COUNT_UNITS = "件条个项次人宗起份家篇户"
_NUMBER = re.compile(rf"^(?P<sign>\+|-|--|增|减|增加|减少)?(?P<num>\d+(?:\.\d+)?)(?P<unit>万元|元|[{COUNT_UNITS}])?$")


class ParsedValue(NamedTuple):
    value: int | float | None
    marker: str | None  # blank | dash | slash | wu | na | text | out_of_range, only when value is None
    flags: tuple[str, ...] = ()


def clean(text: str | None) -> str:
    """NFKC, conversion debris removed, every kind of whitespace dropped."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text).translate(RADICALS)
    s = _BOOKMARK.sub("", s)
    s = s.replace("\u200b", "").replace("\ufeff", "")
    return _SPACE.sub("", s)


_NULL_WORDS = {"无": "wu", "没有": "wu", "不适用": "na", "N/A": "na", "n/a": "na", "NA": "na"}


def _null_marker(s: str) -> str | None:
    """The marker of a cleaned cell that holds no value (blank, -, /, 无, 不适用 …), else None."""
    if not s:
        return "blank"
    if s == OCR_UNREADABLE:
        return "ocr_unreadable"
    if _DASH.match(s):
        return "dash"
    if _SLASH.match(s):
        return "slash"
    return _NULL_WORDS.get(s)


def _number(num_txt: str, kind: ValueKind) -> int | float | None:
    """The number, or None when no database stores it as a number (kept as its text)."""
    if len(num_txt) > 40:  # beyond any count or amount (and int() refuses 4,300 digits)
        return None
    value: int | float = float(num_txt) if "." in num_txt else int(num_txt)
    if isinstance(value, float) and value.is_integer() and kind == "count":
        value = int(value)
    if (isinstance(value, int) and value > MAX_INTEGER) or not math.isfinite(value):
        return None
    return value


def _sign_flags(sign_txt: str | None, kind: ValueKind) -> list[str]:
    flags: list[str] = []
    if sign_txt == "--":
        flags.append("double_minus")
    if sign_txt and kind != "signed":
        flags.append("signed_in_count_col")
    return flags


def _in_unit(
    value: int | float, unit_txt: str | None, kind: ValueKind, unit: str | None, flags: list[str]
) -> ParsedValue:
    """An amount in 万元 (converted from 元, flagged); a count that carries a money unit is flagged."""
    if unit_txt in ("元", "万元"):
        if kind != "amount":
            return ParsedValue(value, None, (*flags, "unit_in_count_col"))
        if unit_txt == "元":
            value = round(value / 10000, 6)
            flags.append("unit_converted")
    elif kind == "amount" and unit == "元":
        value = round(value / 10000, 6)
        flags.append("unit_converted")
    elif kind == "amount" and unit is None:
        flags.append("unit_unknown")
    return ParsedValue(value, None, tuple(flags))


def parse_value(text: str | None, kind: ValueKind = "count", *, unit: str | None = None) -> ParsedValue:
    """Read one table cell.

    ``kind`` is the cell's value kind in the registry; ``unit`` the unit the
    column header names (``"万元"``, ``"元"`` or None) for money cells.
    """
    if text and _SPLIT_DIGITS.search(unicodedata.normalize("NFKC", text)):
        return ParsedValue(None, "text")  # "0 0": two numbers (or a split one), never glued into one
    s = clean(text)
    marker = _null_marker(s)
    if marker:
        return ParsedValue(None, marker)
    m = _NUMBER.match(_THOUSANDS.sub("", s))
    if not m:
        return ParsedValue(None, "text")
    sign_txt, unit_txt = m.group("sign"), m.group("unit")
    value = _number(m.group("num"), kind)
    if value is None:
        return ParsedValue(None, "out_of_range")
    if sign_txt in ("-", "--", "减", "减少"):
        value = -value
    return _in_unit(value, unit_txt, kind, unit, _sign_flags(sign_txt, kind))


def is_value_text(text: str | None) -> bool:
    """True when the cell reads as a value or a null marker (not as a label)."""
    v = parse_value(text, "signed")
    return v.marker != "text"
