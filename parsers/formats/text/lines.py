"""The kind of a line of plain text (a tab cell, a tab row, a pipe row, a rule, text…) and the small
tests the table readers share."""

from __future__ import annotations

import re

from ...values import COUNT_UNITS

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


HEADING_LIKE = re.compile(
    r"^\s*(#|[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+[部分章节]|[（(][一二三四五六七八九十]+[)）])"
)


_AGENCY_LINE = re.compile(
    r"(局|委员会|政府|办公室|办公厅|大队|支队|中心|法院|检察院|管委会|街道办事处|年|月|日|报告|工作)$"
)


CELL_PIPE = re.compile(r"^(?P<cell>[^|]*[^|\s])\s*\|[\s|]*$")


_VALUE_LIKE = re.compile(r"^[\s\u3000]*[-+—–/／\\无]?[\s\u3000]*[\d.,，]*[\s\u3000]*$")


def is_prose_line(line: str) -> bool:
    return len(line.strip()) > 60 or "。" in line


def line_kind(line: str) -> str:
    if "\t" in line:
        # spaces before the tab are indentation the extraction added ("  \t7"), not a cell
        line = line.lstrip(" \u3000\xa0") if line.lstrip(" \u3000\xa0").startswith("\t") else line
        if line.startswith("\t") and line.count("\t") == 1:
            return "tabcell"
        if line.strip("\t \u3000"):
            return "tabrow"
        return "tabcell" if line.count("\t") == 1 else "tabrow"
    s = line.strip()
    if not s:
        # a line of nothing but NBSP is what an HTML-to-text tool leaves of an empty cell (&nbsp;)
        return "blank"
    if s == "|":
        return "bar"
    if set(s) == {"|"}:
        return "pipes"  # "||", "|||": colspan padding of a cell-per-line pipe rendering
    if CELL_PIPE.match(s):
        return "cellpipe"  # "规章 |", "8 | ||||": one cell per line, closed by its pipe (and padding)
    if _MD_SEPARATOR.match(s) and "-" in s and "|" in s:
        return "sep"
    if s.count("|") >= 2 or (s.count("|") == 1 and not s.startswith("|")):
        return "piperow"  # "| a | b |", "a | b |", "a | b"
    return "text"


def heading_like(text: str) -> bool:
    s = text.strip()
    return bool(HEADING_LIKE.match(s)) or (s.endswith("情况") and len(s) > 8) or s.endswith("。")


# a number with its unit: "21000元" in a fees cell, "7件" (the units parsers.values reads)
_WITH_UNIT = re.compile(rf"^[\s\u3000]*\d[\d.,，]*[\s\u3000]*(?:万元|元|[{COUNT_UNITS}])[\s\u3000]*$")


def is_value(text: str) -> bool:
    return bool(text.strip()) and bool(_VALUE_LIKE.match(text) or _WITH_UNIT.match(text))


def split_pipe(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        # markdown: the outer pipes close the row
        s = s[1:]
        if s.endswith("|"):
            s = s[:-1]
    # without a leading pipe ("a| 1| 1|    "), a trailing pipe opens one more (blank) cell
    return [c.strip() for c in s.split("|")]


def fragment_run(lines: list[str], kinds: list[str], i: int) -> int:
    """End of a run of short label fragments starting at i, blank lines before and after it (else i)."""
    if (i > 0 and kinds[i - 1] != "blank") or sum(1 for k in kinds[:i] if k != "blank") < 8:
        return i  # (the title block at the top is never a run of cell fragments)
    j = i
    while j < len(lines) and kinds[j] == "text":
        t = lines[j].strip()
        if len(t) > 16 or heading_like(t) or is_value(t) or t.startswith("#") or _AGENCY_LINE.search(t):
            return i
        j += 1
    if j < len(lines) and kinds[j] != "blank":
        return i
    return j


def next_is(kinds: list[str], i: int, kind: str, window: int = 3) -> bool:
    """Whether one of the next few non-blank lines after i is of the given kind."""
    seen = 0
    for k in kinds[i + 1 :]:
        if k == "blank":
            continue
        if k == kind:
            return True
        seen += 1
        if seen >= window:
            return False
    return False


def next_nonblank(kinds: list[str], j: int) -> int:
    while j < len(kinds) and kinds[j] == "blank":
        j += 1
    return j
