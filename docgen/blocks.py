"""A report as a sequence of printable blocks, in reading order, for every renderer."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.grids import Grid, table2, table3, table4
from docgen.prose import SECTION_HEADINGS, preamble, signature


@dataclass
class Block:
    kind: str  # "title", "heading", "para", "table", "sign"
    text: str = ""
    grid: Grid | None = None
    name: str = ""  # "t2", "t3", "t4" for tables


def report_blocks(report: dict, *, split_t2: bool = False) -> list[Block]:
    out: list[Block] = [Block("title", report["title"])]
    out += [Block("para", p) for p in preamble(report)]
    sections = report.get("sections", {})
    tables = {
        "proactive": [("t2", g) for g in table2(report, split=split_t2)],
        "requests": [("t3", table3(report))],
        "review": [("t4", table4(report))],
    }
    for key, heading in SECTION_HEADINGS.items():
        out.append(Block("heading", heading))
        for para in filter(None, sections.get(key, "").split("\n")):
            out.append(Block("para", para))
        for name, grid in tables.get(key, []):
            out.append(Block("table", grid=grid, name=name))
    out += [Block("sign", line) for line in signature(report)]
    return out
