"""Plain-text renderings seen in real extractions of reports (tests/seeds)."""

from __future__ import annotations

from docgen.blocks import report_blocks
from docgen.grids import expand, word_rows

STYLES = ("cells", "tabs", "pipes")


def render_text(report: dict, *, style: str = "cells") -> str:
    """``cells``: one tab-indented cell per line, a blank line between rows, ``\\t``
    placeholders for merged cells (seeds 000/002/003); ``tabs``: one row per
    line, tab-separated over the full grid, markdown headings (seeds 001/004);
    ``pipes``: ``| a | b |`` rows over the full grid."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}")
    out: list[str] = []
    for b in report_blocks(report):
        if b.kind == "table":
            assert b.grid is not None
            if style == "cells":
                for row in word_rows(b.grid):
                    out.extend("\t" + cell for cell in row)
                    out.append("")
            elif style == "tabs":
                out.extend("\t".join(row) for row in expand(b.grid))
            else:
                out.extend("| " + " | ".join(row) + " |" for row in expand(b.grid))
            out.append("")
        elif style == "tabs" and b.kind == "title":
            out += [f"# {b.text}", ""]
        elif style == "tabs" and b.kind == "heading":
            out += [f"## {b.text}", ""]
        else:
            out.append(b.text)
            if style == "tabs":
                out.append("")
    return "\n".join(out) + "\n"
