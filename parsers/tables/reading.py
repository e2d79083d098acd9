"""What the engine has read: ``Reading`` (values, raw text, layouts, warnings) and ``Anchor`` (a row
label's place in the stream)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import cells as registry
from ..document import OcrText
from ..values import ParsedValue, parse_value


@dataclass
class Reading:
    layouts: dict[str, str | None] = field(default_factory=lambda: {"t2": None, "t3": None, "t4": None})
    values: dict[str, ParsedValue] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)  # every code the detected tables carry
    ext_labels: dict[str, str] = field(default_factory=dict)
    t3_merged_legal: bool = False
    warnings: list[str] = field(default_factory=list)
    pre2019: bool = False
    # tables whose layout was not read from the table itself (a default, or another table's)
    guessed: set[str] = field(default_factory=set)
    # table 3's rows that were read (its rows not found are warned once its layout is settled)
    t3_found: set[str] = field(default_factory=set)

    def put(
        self, code: str, text: str, kind: registry.ValueKind, unit: str | None = None, extra_flags: tuple[str, ...] = ()
    ) -> None:
        pv = parse_value(text, kind, unit=unit)
        if isinstance(text, OcrText) and "signed_in_count_col" in pv.flags and pv.value:
            # a scanner's speck just before a number reads as its minus; in a column of counts,
            # where a printed sign is a slip at best, a sign only OCR saw is not published
            # (-0 is 0 either way)
            pv = ParsedValue(None, "ocr_unreadable", pv.flags)
        if extra_flags:
            pv = ParsedValue(pv.value, pv.marker, (*pv.flags, *extra_flags))
        self.values[code] = pv
        self.raw[code] = text
        if "signed_in_count_col" in pv.flags:
            self.warnings.append(f"{code}: signed value {text!r} in a count column (misplaced?)")
        if "double_minus" in pv.flags:
            self.warnings.append(f"{code}: {text!r} read as {pv.value}")
        if "unit_converted" in pv.flags:
            self.warnings.append(f"{code}: {text!r} converted from 元 to 万元")


def kind_of(code: str) -> registry.ValueKind:
    c = registry.CELLS.get(code)
    return c.kind if c else "count"


@dataclass
class Anchor:
    key: str
    slot: int
    cell: int
