"""Tables printed row by row or cell by cell: tab rows, one cell per line, pipe rows and the
variants where each cell or each ``|`` sits on a line of its own."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...document import Table
from .lines import CELL_PIPE, HEADING_LIKE, heading_like, is_value, next_nonblank, split_pipe


def cell_pipes(lines: list[str], kinds: list[str], i: int) -> tuple[Table, int]:
    """Each cell on its own line closed by "|", "|" alone for an empty cell, "||"/"|||" as padding.

    Such renderings mark no row ends; a label that follows a value, an empty cell or padding starts
    a new row, which is where the form's rows start.
    """
    rows: list[list[str]] = []
    row: list[str] = []
    prev = "start"
    n = len(lines)
    j = i
    while j < n:
        k = kinds[j]
        if k == "cellpipe":
            m = CELL_PIPE.match(lines[j].strip())
            content = m.group("cell").strip() if m else ""
            is_label = bool(content) and not is_value(content)
            if is_label and prev in ("value", "empty", "pad") and row:
                rows.append(row)
                row = []
            row.append(content)
            prev = "label" if is_label else ("value" if content else "empty")
            if lines[j].count("|") > 1:
                prev = "pad"
        elif k == "bar":
            row.append("")
            prev = "empty"
        elif k == "pipes":
            prev = "pad"
        elif k == "blank":
            m = next_nonblank(kinds, j)
            if m < n and kinds[m] in ("cellpipe", "bar", "pipes"):
                j = m
                continue
            break
        else:
            break
        j += 1
    if row:
        rows.append(row)
    return Table(rows=rows, origin="text:cellpipes"), j


# "规章  0  0  0": a row of its own (label and values on one line), never the wrapped tail of a cell
_ROW_WITH_VALUES = re.compile(r"\S(?:[\s\u3000]+[-+]?\d[\d.,]*){2,}[\s\u3000]*$")


def _wrapped_across_blank(lines: list[str], kinds: list[str], j: int, m: int) -> bool:
    """A short text line m right after the blank line j and before a tab cell: a cell's wrapped tail."""
    n = len(lines)
    return (
        m < n
        and kinds[m] == "text"
        and m == j + 1
        and m + 1 < n
        and kinds[m + 1] == "tabcell"
        and len(lines[m].strip()) <= 15
        and not heading_like(lines[m])
    )


def _untabbed_tail(lines: list[str], kinds: list[str], j: int) -> bool:
    """A short untabbed line right after a tab cell, no heading and no row of its own."""
    return (
        kinds[j - 1] == "tabcell"
        and not heading_like(lines[j])
        and len(lines[j].strip()) <= 40
        and not _ROW_WITH_VALUES.search(lines[j])
    )


def _last_cell_is_label(rows: list[list[str]], row: list[str]) -> bool:
    target = row if row else (rows[-1] if rows else [])
    return bool(target) and bool(target[-1].strip()) and not is_value(target[-1])


def _continue_cell(rows: list[list[str]], row: list[str], text: str) -> None:
    target = row if row else rows[-1]
    target[-1] = target[-1] + "\n" + text.strip()


def next_is_tabcell(kinds: list[str], m: int) -> bool:
    return m < len(kinds) and kinds[m] == "tabcell"


def cell_per_line(lines: list[str], kinds: list[str], i: int) -> tuple[Table, int]:
    """One cell per tab-prefixed line; blank lines end rows; untabbed short lines continue a cell."""
    rows: list[list[str]] = []
    row: list[str] = []
    n = len(lines)

    j = i
    while j < n:
        k = kinds[j]
        if k == "tabcell":
            row.append(lines[j][1:].strip() if lines[j].startswith("\t") else lines[j].strip())
            j += 1
        elif k == "blank":
            m = next_nonblank(kinds, j)
            if _wrapped_across_blank(lines, kinds, j, m) and _last_cell_is_label(rows, row):
                # a cell wrapped across a blank line ("4.无正当理由大量反复\n\n申请"): same row
                _continue_cell(rows, row, lines[m])
                j = m + 1
                continue
            if row:
                rows.append(row)
                row = []
            j = m
            if not next_is_tabcell(kinds, m):
                break
        elif k == "text" and _untabbed_tail(lines, kinds, j) and _last_cell_is_label(rows, row):
            _continue_cell(rows, row, lines[j])
            j += 1
        else:
            break
    if row:
        rows.append(row)
    return Table(rows=rows, origin="text:cells"), j


def tab_rows(lines: list[str], kinds: list[str], i: int) -> tuple[Table, int]:
    """Tab-separated rows; a short untabbed line between two rows is the wrapped start of the next row's label."""
    rows: list[list[str]] = []
    n = len(lines)
    j = i
    pending = ""
    while j < n:
        k = kinds[j]
        if k in ("tabrow", "tabcell"):
            cells = [c.strip() for c in lines[j].split("\t")]
            if pending:
                for idx, c in enumerate(cells):
                    if c:
                        cells[idx] = pending + "\n" + c
                        break
                pending = ""
            rows.append(cells)
            j += 1
        elif (
            k == "text"
            and j + 1 < n
            and kinds[j + 1] == "tabrow"
            and len(lines[j].strip()) <= 40
            and (not heading_like(lines[j]) or _wrapped_numbered_label(lines[j], lines[j + 1]))
        ):
            pending = lines[j].strip()
            j += 1
        elif k == "blank":
            m = next_nonblank(kinds, j)
            if m < n and kinds[m] == "tabrow" and m - j <= 1:
                j = m
                continue
            break
        else:
            break
    return Table(rows=rows, origin="text:tabs"), j


def _wrapped_numbered_label(line: str, next_row: str) -> bool:
    """ "一、本年" above "新收政府信息公开申请数量\t…": a numbered row label wrapped right after its numbering.

    A heading stands alone; this head is a few characters and the row below starts with no
    numbering of its own, so the two are one label.
    """
    head = line.strip()
    first = next((c.strip() for c in next_row.split("\t") if c.strip()), "")
    return (
        len(head) <= 8
        and not head.endswith(("。", "情况"))
        and bool(first)
        and not HEADING_LIKE.match(first)
        and not re.match(r"^[\d(（①-⑳]", first)
        and not is_value(first)
    )


def pipe_rows(lines: list[str], kinds: list[str], i: int) -> tuple[Table, int]:
    rows: list[list[str]] = []
    n = len(lines)
    j = i
    while j < n:
        k = kinds[j]
        if k == "piperow" or (k == "cellpipe" and lines[j].count("|") > 1):
            rows.append(split_pipe(lines[j]))
            j += 1
        elif k == "sep":
            j += 1
        elif k == "blank":
            m = next_nonblank(kinds, j)
            if m < n and kinds[m] in ("piperow", "sep") and m - j <= 1:
                j = m
                continue
            break
        else:
            break
    return Table(rows=rows, origin="text:pipes"), j


@dataclass
class _Bars:
    """The rows read so far of a table whose every "|" sits on its own line."""

    rows: list[list[str]] = field(default_factory=list)
    row: list[str] = field(default_factory=list)
    cell: list[str] = field(default_factory=list)
    prev_bar: bool = False

    def bar(self) -> None:
        if self.cell:
            self.row.append("\n".join(self.cell))
            self.cell = []
        elif self.prev_bar and self.row:
            self.rows.append(self.row)
            self.row = []
        self.prev_bar = True

    def text(self, line: str) -> None:
        self.cell.append(line.strip())
        self.prev_bar = False

    def close(self) -> list[list[str]]:
        if self.cell:
            self.row.append("\n".join(self.cell))
        if self.row:
            self.rows.append(self.row)
        return self.rows


def _past_blank(lines: list[str], kinds: list[str], j: int, st: _Bars) -> int | None:
    """Where the table goes on after the blank line j, or None when it ends there."""
    n = len(lines)
    m = next_nonblank(kinds, j)
    if m < n and kinds[m] == "bar":
        if st.prev_bar and not st.cell:
            st.row.append("")  # an empty cell: nothing but a blank line between two bars
            st.prev_bar = False
        return m
    if (
        m < n
        and kinds[m] == "text"
        and m + 1 < n
        and kinds[m + 1] == "bar"
        and (st.prev_bar or st.cell)
        and not heading_like(lines[m])
    ):
        return m
    return None


def bar_cells(lines: list[str], kinds: list[str], i: int) -> tuple[Table, int]:
    """Every "|" on its own line: text lines between bars are cells, two bars in a row end a row."""
    st = _Bars()
    j = i
    while j < len(lines):
        k = kinds[j]
        if k == "bar":
            st.bar()
        elif k == "text" and (st.prev_bar or st.cell):
            st.text(lines[j])
        elif k == "blank" and (nxt := _past_blank(lines, kinds, j, st)) is not None:
            j = nxt
            continue
        else:
            break
        j += 1
    return Table(rows=st.close(), origin="text:bars"), j
