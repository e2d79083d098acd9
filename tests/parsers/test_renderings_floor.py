"""The text renderings real extraction tools produce (tests/parsers/renderings/, see its README).

Those files are a measurement (``python -m bench.accuracy``); this test is its ratchet: for every
tool, at least as many documents as listed below must parse exactly (agency, year, published,
layout, every cell).  Raise a floor when the engine improves; never lower one to hide a regression.
The tools left at 0 lose the tables in extraction (antiword drops nested tables; pdftotext
without -layout prints the table column by column); for those, ``CELL_FLOORS`` ratchets the cells
read right, and no tool may yield a wrong value (a lost cell is null with a warning).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from parser_compare import differences

from parsers import parse_file

RENDERINGS = Path(__file__).resolve().parent / "renderings"
SUFFIX = ".expected.json"

FLOORS = {
    "browserpdf-pdfplumber": 6,
    "browserpdf-pdftotext-layout": 2,
    "browserpdf-pdftotext-raw": 6,
    "browserpdf-pypdfium2": 6,
    "bs4-text": 12,
    "catdoc": 3,
    "chromium-innertext": 12,
    "docx2python": 11,
    "html2text": 13,
    "mammoth-html": 11,
    "mammoth-md": 11,
    "markitdown-docx": 11,
    "markitdown-html": 13,
    "markitdown-pdf": 11,
    "pandoc-gfm": 11,
    "pandoc-html-plain": 12,
    "pandoc-markdown": 11,
    "pandoc-plain": 11,
    "pdfplumber": 11,
    "pdftotext-layout": 11,
    "pdftotext-raw": 10,
    "pypdfium2": 10,
    "python-docx": 11,
    "soffice-txt-doc": 9,
    "soffice-txt-docx": 11,
    "tika-cells": 11,
}


# cells read right, per tool, where whole documents cannot be (a table lost in extraction): catdoc
# drops the top of table 3 (read from its first specific row), antiword drops the nested tables
# (table 4 read from its column words when 15 values and the 总计 identities hold); pdftotext without
# -layout prints tables column by column
CELL_FLOORS = {
    "antiword": 415,
    "catdoc": 1618,
    "browserpdf-pdftotext-layout": 984,
    "pdftotext": 329,  # table 2 read by its blocks of columns; tables 3 and 4 stay null
}


@dataclass
class ToolOutcome:
    exact: int = 0
    cells_ok: int = 0
    wrong: list[str] = field(default_factory=list)  # a value that is not the truth: the silent kind
    failures: list[str] = field(default_factory=list)


@cache
def _outcomes() -> dict[str, ToolOutcome]:
    out: dict[str, ToolOutcome] = defaultdict(ToolOutcome)
    for exp in sorted(RENDERINGS.glob(f"*/*{SUFFIX}")):
        doc = exp.with_name(exp.name[: -len(SUFFIX)])
        if not doc.exists():
            continue
        expected = json.loads(exp.read_text(encoding="utf-8"))
        report = parse_file(doc)
        tool = out[doc.parent.name]
        diff = differences(report, expected)
        if diff:
            tool.failures.append(f"{doc.name}: {diff[0]} (+{len(diff) - 1})")
        else:
            tool.exact += 1
        for code, want in expected.get("cells", {}).items():
            got = report["cells"].get(code)
            if got == want and (got is None) == (want is None):
                tool.cells_ok += 1
            elif got is not None:
                tool.wrong.append(f"{doc.name} {code}: got {got!r}, expected {want!r}")
    return out


def test_every_tool_keeps_its_floor() -> None:
    outcomes = _outcomes()
    below = {tool: (outcomes[tool].exact, floor) for tool, floor in FLOORS.items() if outcomes[tool].exact < floor}
    assert not below, "\n".join(
        f"{t}: {p} < {f}\n  " + "\n  ".join(outcomes[t].failures[:5]) for t, (p, f) in below.items()
    )


def test_cell_floors() -> None:
    outcomes = _outcomes()
    below = {
        tool: (outcomes[tool].cells_ok, floor) for tool, floor in CELL_FLOORS.items() if outcomes[tool].cells_ok < floor
    }
    assert not below, below


def test_no_rendering_yields_a_wrong_value() -> None:
    """Whatever a tool did to a table, a cell is right or null (with a warning), never another number."""
    wrong = {tool: o.wrong[:3] for tool, o in _outcomes().items() if o.wrong}
    assert not wrong, wrong
