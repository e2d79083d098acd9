"""The registry (parsers/cells.py) is the spec (docs/report-cells.md), code for code."""

from __future__ import annotations

import re
from pathlib import Path

from parsers import cells as registry

SPEC = Path(__file__).resolve().parents[2] / "docs" / "report-cells.md"


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def spec_codes() -> set[str]:
    text = SPEC.read_text(encoding="utf-8")
    codes: set[str] = set()
    # table 2: one code per row, or "`t2.x.a` / `.b` / `.c`" shorthand
    for line in _section(text, "## Table 2", "## Table 3").splitlines():
        m = re.match(r"^\| `(t2\.[a-z_]+)\.([a-z_]+)`((?: / `\.[a-z_]+`)*)", line)
        if m:
            codes.add(f"{m.group(1)}.{m.group(2)}")
            codes.update(f"{m.group(1)}{s}" for s in re.findall(r"`(\.[a-z_]+)`", m.group(3)))
    t3 = _section(text, "## Table 3", "## Table 4")
    columns = re.findall(r"^\| `([a-z_]+)` \|", _section(t3, "Columns:", "Rows:"), re.M)
    rows = re.findall(r"^\| `([a-z_.]+)` \|", t3[t3.index("Rows:") :], re.M)
    codes.update(f"t3.{r}.{c}" for r in rows for c in columns)
    t4 = _section(text, "## Table 4", "## The checks")
    groups = re.findall(r"`([a-z_]+)` 行政", t4)
    outcomes = re.findall(r"`([a-z_]+)` (?:结果|其他结果|尚未|总计)", t4)
    codes.update(f"t4.{g}.{o}" for g in groups for o in outcomes)
    return codes


def test_registry_codes_equal_the_spec() -> None:
    spec = spec_codes()
    assert len(spec) > 200  # the parse of the spec found its tables
    assert set(registry.CELLS) == spec


def test_no_duplicate_codes_and_sane_shapes() -> None:
    codes = [c.code for c in registry.CELLS.values()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"t[234](\.[a-z_]+)+", c) for c in codes)
    assert len(registry.codes_for("2021")) == 200
    assert len(registry.codes_for("2019")) == 198


def test_layout_codes_follow_the_form() -> None:
    assert "t3.other.all.total" in registry.codes_for("2019", 3)
    assert "t3.other.all.total" not in registry.codes_for("2021", 3)
    assert "t3.new.legal_all" not in registry.codes_for("2021", 3)
    assert "t3.new.legal_all" in registry.codes_for("2021", 3, include_optional=True)
    assert registry.CELLS["t2.licensing.change"].kind == "signed"
    assert registry.CELLS["t2.procurement.amount"].kind == "amount"
