"""Every document under tests/parsers/corpus/**/ with a sibling ``<name>.expected.json``.

Generated renders (corpus/generated/) and real reports (corpus/real/)
must parse to exactly the expected agency, year, publication date,
layout and cells.  Documents the engine cannot read yet are listed in
KNOWN_FAILURES with the reason (strict xfail: a fix makes the test fail
until the entry is removed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from parser_compare import differences

from parsers import parse_file

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED_SUFFIX = ".expected.json"
SLOW_SUFFIXES = {".doc", ".wps"}

# relative path → reason
KNOWN_FAILURES: dict[str, str] = {
    "real/shanghai_shizhengfu_bangongting_2025.txt": (
        "table 2 item (一): the rendering pulls two cells out above the table and leaves rows of 2 values "
        "for 3 columns; the expected placement (55 → normative.repealed) cannot be derived from the text"
    ),
}


def _documents() -> list[Path]:
    docs = []
    for exp in sorted(CORPUS.glob(f"**/*{EXPECTED_SUFFIX}")):
        doc = exp.with_name(exp.name[: -len(EXPECTED_SUFFIX)])
        if doc.exists():
            docs.append(doc)
    return docs


def _params() -> list:
    out = []
    for doc in _documents():
        rel = doc.relative_to(CORPUS).as_posix()
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[rel])] if rel in KNOWN_FAILURES else []
        if doc.suffix.lower() in SLOW_SUFFIXES or ".scan." in doc.name:
            marks.append(pytest.mark.slow)  # LibreOffice or OCR: seconds per document
        out.append(pytest.param(doc, id=rel, marks=marks))
    return out


@pytest.mark.parametrize("doc", _params())
def test_corpus_document(doc: Path) -> None:
    expected = json.loads(Path(f"{doc}{EXPECTED_SUFFIX}").read_text(encoding="utf-8"))
    report = parse_file(doc)
    diff = differences(report, expected)
    assert not diff, f"{doc.name}: {len(diff)} differences\n  " + "\n  ".join(diff[:40])
