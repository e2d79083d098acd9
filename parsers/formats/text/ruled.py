"""pandoc's plain-text tables: simple and multiline (dashed rules give the columns) and grid
(``+---+`` borders); cells are placed by display column, so blank cells keep their place."""

from __future__ import annotations

import re
import unicodedata

from ...document import Table

# cells sit inside their column's span of display columns (a CJK character is two wide), so blank
# cells keep their place, which splitting on runs of spaces loses
COLUMN_RULE = re.compile(r"^\s*-{3,}(?:\s+-{3,}){2,}\s*$")


_FULL_RULE = re.compile(r"^\s*-{10,}\s*$")


# pandoc's grid tables: "+----+----+" borders between rows, a row's cells wrapped over several
# "| … | … |" lines ("| 其他对外管  |" / "| 理服务事项  |"): rejoin each cell's lines
GRID_BORDER = re.compile(r"^\s*\+[-=:]{3,}(?:\+[-=:]{3,})*\+\s*$")


def grid_table(lines: list[str], i: int) -> tuple[Table, int]:
    rows: list[list[str]] = []
    current: list[str] | None = None
    j = i
    while j < len(lines):
        line = lines[j].strip()
        if GRID_BORDER.match(line):
            if current is not None:
                rows.append(current)
            current = None
        elif line.startswith("|") and line.endswith("|"):
            cells = [c.strip() for c in line[1:-1].split("|")]
            if current is None:
                current = cells
            elif len(cells) == len(current):
                current = [a + b for a, b in zip(current, cells, strict=True)]
            else:
                rows.append(current)
                current = cells
        else:
            break
        j += 1
    if current is not None:
        rows.append(current)
    return Table(rows=rows, origin="text:grid"), j


def closing_rule(lines: list[str], i: int) -> int:
    """The line index of the rule that closes the table opened at i (or -1)."""
    for j in range(i + 1, min(len(lines), i + 400)):
        if COLUMN_RULE.match(lines[j]) or _FULL_RULE.match(lines[j]):
            return j
    return -1


def _display_cells(line: str, starts: list[int]) -> list[str]:
    cells = [""] * len(starts)
    pos = 0
    for ch in line:
        width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if not ch.isspace():
            col = max((k for k, st in enumerate(starts) if st <= pos), default=0)
            cells[col] += ch
        elif cells and pos > 0:
            col = max((k for k, st in enumerate(starts) if st <= pos), default=0)
            if cells[col] and not cells[col].endswith(" "):
                cells[col] += " "  # a space inside a cell ("商业 企业"); trimmed below
        pos += width
    return [c.strip() for c in cells]


def ruled_table(lines: list[str], i: int, end: int) -> tuple[Table, int]:
    """The rows between the column rule at i and the closing rule at end; returns the index after it."""
    starts = [m.start() for m in re.finditer(r"-{3,}", lines[i])]
    body = lines[i + 1 : end]
    # multiline tables separate their rows by blank lines, and a cell wraps within its row
    multiline = sum(1 for line in body if not line.strip()) >= max(2, len(body) // 4)
    rows: list[list[str]] = []
    current: list[str] | None = None
    for line in body:
        if not line.strip() or COLUMN_RULE.match(line):
            if multiline and current is not None:
                rows.append(current)
                current = None
            continue
        cells = _display_cells(line, starts)
        if multiline and current is not None:
            current = [a + b for a, b in zip(current, cells, strict=True)]
        elif multiline:
            current = cells
        else:
            rows.append(cells)
    if current is not None:
        rows.append(current)
    return Table(rows=rows, origin="text:ruled"), end + 1
