"""The hand-checked expected files of the real-report corpus are well formed.

Every ``corpus/real/*.expected.json`` must name an existing document, carry
every code of its layout (and no other), hold only ints, decimals (money)
or null, and give a plausible year.  This guards the truth the parser is
measured against; it does not run the parser (tests/parsers/test_corpus.py
does).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers import cells

REAL = Path(__file__).resolve().parent / "corpus" / "real"
SUFFIX = ".expected.json"
LAYOUTS_WITH_CELLS = {"2021", "2019", "hybrid"}
LAYOUTS_WITHOUT_CELLS = {"pre2019", "tables_missing", "nonstandard"}
KEYS = {"id", "file", "layout", "agency", "year", "published", "cells", "notes", "source"}


def _expected_files() -> list[Path]:
    return sorted(REAL.glob(f"*{SUFFIX}"))


def _layout_codes(t2_layout: str, t3_layout: str) -> set[str]:
    return set(cells.codes_for(t2_layout, 2)) | set(cells.codes_for(t3_layout, 3)) | set(cells.codes_for(t3_layout, 4))


def _t2_t3_layouts(found: set[str]) -> tuple[str, str]:
    """The table layouts a hybrid's codes come from (its t2 and t3 signatures)."""
    t2 = "2021" if "t2.rules.issued" in found else "2019"
    t3 = "2021" if "t3.other.other.total" in found else "2019"
    return t2, t3


def test_corpus_is_not_empty() -> None:
    assert len(_expected_files()) >= 5


@pytest.mark.parametrize("path", _expected_files(), ids=lambda p: p.name)
def test_expected_file_is_well_formed(path: Path) -> None:
    exp = json.loads(path.read_text(encoding="utf-8"))
    assert set(exp) == KEYS, f"keys: {sorted(set(exp) ^ KEYS)}"
    assert exp["file"] == path.name[: -len(SUFFIX)]
    assert exp["id"] == Path(exp["file"]).stem
    assert (REAL / exp["file"]).is_file(), "the document itself is missing"
    assert exp["file"].isascii(), "file names are ASCII"
    assert isinstance(exp["year"], int) and 2008 <= exp["year"] <= 2030
    if exp["published"] is not None:
        year, month, day = (int(x) for x in exp["published"].split("-"))
        assert exp["year"] <= year <= exp["year"] + 2 and 1 <= month <= 12 and 1 <= day <= 31
    assert exp["agency"] is None or (isinstance(exp["agency"], str) and exp["agency"])
    assert exp["source"], "every real report says where it was found"

    layout = exp["layout"]
    found = set(exp["cells"])
    if layout in LAYOUTS_WITHOUT_CELLS:
        assert found == set(), f"{layout} carries no cell codes"
        return
    assert layout in LAYOUTS_WITH_CELLS, layout
    t2_layout, t3_layout = (layout, layout) if layout != "hybrid" else _t2_t3_layouts(found)
    if layout == "hybrid":
        assert t2_layout != t3_layout, "a hybrid mixes the two layouts"
    wanted = _layout_codes(t2_layout, t3_layout)
    assert found == wanted, f"missing {sorted(wanted - found)[:5]}, unknown {sorted(found - wanted)[:5]}"
    for code, value in exp["cells"].items():
        kind = cells.CELLS[code].kind
        if value is None:
            continue
        if kind == "amount":
            assert isinstance(value, int | float) and not isinstance(value, bool) and value >= 0, code
        elif kind == "signed":
            assert isinstance(value, int) and not isinstance(value, bool), code
        else:
            assert isinstance(value, int) and not isinstance(value, bool) and value >= 0, code


def test_sources_table_lists_every_document() -> None:
    table = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    for path in _expected_files():
        assert path.name[: -len(SUFFIX)] in table, f"{path.name} missing from SOURCES.md"
