"""A browser's innerText rendering: cells on their own lines, rows set off by blank lines, rejoined
into tab-separated rows before the line kinds are read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import heading_like, is_prose_line, is_value


@dataclass
class _Rows:
    rows: list[list[str]] = field(default_factory=list)
    cur: list[str] = field(default_factory=list)
    pending: bool = False  # a separator was read: the next line opens a new cell
    blanks: int = 0

    def _end_row(self) -> None:
        if self.pending:
            self.cur.append("")
        self.rows.append(self.cur)
        self.cur = []

    def separator(self) -> None:
        if self.blanks >= 2 and self.cur:
            self._end_row()
        if self.pending or not self.cur:
            self.cur.append("")
        self.pending, self.blanks = True, 0

    def text(self, line: str) -> None:
        cur = self.cur
        if cur and (
            heading_like(line)
            or is_prose_line(line)
            or (not self.pending and (heading_like(cur[-1]) or is_value(cur[-1])))
        ):
            self.blanks = max(self.blanks, 2)  # a heading or prose after a cell: the row is over
        if self.blanks >= 2 and cur:
            self._end_row()
            self.pending = False
        if self.pending or not self.cur:
            self.cur.append(line.strip())
        else:
            self.cur[-1] += "\n" + line.strip()
        self.pending, self.blanks = False, 0

    def close(self) -> list[list[str]]:
        if self.cur:
            self.rows.append(self.cur)
        return self.rows


def join_innertext_cells(text: str) -> str:
    """A browser's innerText: cells on their own lines, a lone tab line between two cells.

    Blank lines pad everything; two or more blank lines end a row; a line after a single blank
    line and no tab continues its cell ("商业\n\n企业").  Rejoin each row into one tab-separated
    line (an empty cell shows as two tab lines in a row).
    """
    separators = text.count("\n\n\t\n\n")
    if separators < 10 or len(re.findall(r"^\t[^\t\n\s]", text, re.M)) * 5 > separators:
        return text  # tab-prefixed cells (one cell per line) are another rendering
    st = _Rows()
    for line in text.split("\n"):
        if "\t" in line and not line.strip(" \t\xa0\u3000"):
            # one or more separators (with blank cells between them on the same line)
            for _ in range(line.count("\t")):
                st.separator()
        elif not line.strip(" \t\r"):
            st.blanks += 1
        else:
            st.text(line)
    rows = st.close()
    return "\n\n".join("\t".join(c.replace("\n", "") if len(r) > 1 else c for c in r) for r in rows)
