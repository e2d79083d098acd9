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
    "browserpdf-pdfplumber": 6,
    "browserpdf-pdftotext-layout": 2,
    "browserpdf-pdftotext-raw": 6,
    "browserpdf-pypdfium2": 6,
    "bs4-text": 11,
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
    "pandoc-html-plain": 11,
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
