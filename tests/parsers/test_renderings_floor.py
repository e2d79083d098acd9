"""The text renderings real extraction tools produce (tests/parsers/renderings/, see its README).

Those files are a measurement (``python -m bench.accuracy``); this test is its ratchet: for every
tool, at least as many documents as listed below must parse exactly (agency, year, published,
layout, every cell).  Raise a floor when the engine improves; never lower one to hide a regression.
The tools left at 0 lose the tables in extraction (antiword drops nested tables; pdftotext
without -layout prints the table column by column).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from parser_compare import differences

from parsers import parse_file

RENDERINGS = Path(__file__).resolve().parent / "renderings"
SUFFIX = ".expected.json"

FLOORS = {
    "bs4-text": 11, "browserpdf-pypdfium2": 6, "browserpdf-pdftotext-raw": 6, "catdoc": 3, "chromium-innertext": 11, "docx2python": 10, "html2text": 12,
    "mammoth-html": 10, "mammoth-md": 10, "markitdown-docx": 10, "markitdown-html": 12, "markitdown-pdf": 10,
    "pandoc-gfm": 10, "pandoc-html-plain": 10, "pandoc-markdown": 10, "pandoc-plain": 10, "pdfplumber": 10,
    "pdftotext-layout": 10, "pdftotext-raw": 9, "pypdfium2": 9, "python-docx": 10, "soffice-txt-doc": 8,
    "soffice-txt-docx": 10, "tika-cells": 10,
}


def test_every_tool_keeps_its_floor() -> None:
    passed: Counter[str] = Counter()
    failures: dict[str, list[str]] = {}
    for exp in sorted(RENDERINGS.glob(f"*/*{SUFFIX}")):
        doc = exp.with_name(exp.name[: -len(SUFFIX)])
        if not doc.exists():
            continue
        diff = differences(parse_file(doc), json.loads(exp.read_text(encoding="utf-8")))
        if diff:
            failures.setdefault(doc.parent.name, []).append(f"{doc.name}: {diff[0]} (+{len(diff) - 1})")
        else:
            passed[doc.parent.name] += 1
    below = {tool: (passed[tool], floor) for tool, floor in FLOORS.items() if passed[tool] < floor}
    assert not below, "\n".join(f"{t}: {p} < {f}\n  " + "\n  ".join(failures.get(t, [])[:5])
                                for t, (p, f) in below.items())
