"""A browser's innerText rendering: cells on their own lines, rows set off by blank lines, rejoined
into tab-separated rows before the line kinds are read."""

from __future__ import annotations

import re

from .lines import heading_like, is_prose_line, is_value


def join_innertext_cells(text: str) -> str:
    """A browser's innerText: cells on their own lines, a lone tab line between two cells.

    Blank lines pad everything; two or more blank lines end a row; a line after a single blank
    line and no tab continues its cell ("商业\n\n企业").  Rejoin each row into one tab-separated
    line (an empty cell shows as two tab lines in a row).
    """
    separators = text.count("\n\n\t\n\n")
    if separators < 10 or len(re.findall(r"^\t[^\t\n\s]", text, re.M)) * 5 > separators:
        return text  # tab-prefixed cells (one cell per line) are another rendering
    rows: list[list[str]] = []
    cur: list[str] = []
    pending = False  # a separator was read: the next line opens a new cell
    blanks = 0
    for line in text.split("\n"):
        if "\t" in line and not line.strip(" \t\xa0\u3000"):
            # one or more separators (with blank cells between them on the same line)
            for _ in range(line.count("\t")):
                if blanks >= 2 and cur:
                    if pending:
                        cur.append("")
                    rows.append(cur)
                    cur = []
                if pending or not cur:
                    cur.append("")
                pending, blanks = True, 0
            continue
        if not line.strip(" \t\r"):
            blanks += 1
            continue
        if cur and (heading_like(line) or is_prose_line(line)
                    or (not pending and (heading_like(cur[-1]) or is_value(cur[-1])))):
            blanks = max(blanks, 2)  # a heading or prose after a cell: the row is over
        if blanks >= 2 and cur:
            if pending:
                cur.append("")
            rows.append(cur)
            cur, pending = [], False
        if pending or not cur:
            cur.append(line.strip())
        else:
            cur[-1] += "\n" + line.strip()
        pending, blanks = False, 0
    if cur:
        rows.append(cur)
    return "\n\n".join("\t".join(c.replace("\n", "") if len(r) > 1 else c for c in r) for r in rows)
