"""The document generator the corpus and the farm rely on: consistent truth, faithful renderings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import docgen
from docgen.synth import report_from_cells
from parsers.cells import T3_APPLICANT_COLUMNS, T4_GROUPS, codes_for, t3_rows

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _identity_failures(report: dict) -> set[str]:
    c = report["cells"]
    rows = [r.key for r in t3_rows(report["layouts"]["t3"])]
    outcomes = [k for k in rows if k not in ("new", "carried_over", "total", "carried_forward")]
    failed = set()
    for col in T3_APPLICANT_COLUMNS + ["total"]:
        if c[f"t3.new.{col}"] + c[f"t3.carried_over.{col}"] != c[f"t3.total.{col}"] + c[f"t3.carried_forward.{col}"]:
            failed.add("1")
        if c[f"t3.total.{col}"] != sum(c[f"t3.{k}.{col}"] for k in outcomes):
            failed.add("2")
    for k in rows:
        if c[f"t3.{k}.total"] != sum(c[f"t3.{k}.{col}"] for col in T3_APPLICANT_COLUMNS):
            failed.add("3")
    for g, _, _ in T4_GROUPS:
        if c[f"t4.{g}.total"] != sum(c[f"t4.{g}.{o}"] for o in ("upheld", "corrected", "other", "pending")):
            failed.add("4")
    return failed


@pytest.mark.parametrize("layout", ["2021", "2019", "hybrid"])
def test_synthetic_reports_are_consistent_and_complete(layout: str) -> None:
    for i in range(50):
        r = docgen.synth_report(f"测试市第{i}局", 2020 + i % 5, layout=layout, seed=i)
        t2 = "2019" if layout in ("2019", "hybrid") else "2021"
        t3 = "2019" if layout == "2019" else "2021"
        assert list(r["cells"]) == codes_for(t2, 2) + codes_for(t3, 3) + codes_for("2021", 4)
        assert _identity_failures(r) == set()
        assert r["layout"] == layout
    nonzero = docgen.synth_report("某市公安局", 2023, seed=3)
    assert nonzero["cells"]["t3.new.total"] > 0
    assert all(v == 0 for k, v in docgen.synth_report("某镇", 2023, zero=True)["cells"].items() if k.startswith("t3."))


def test_broken_identities_break_only_what_is_asked() -> None:
    assert _identity_failures(docgen.synth_report("甲局", 2023, broken="2")) == {"1", "2"}
    assert _identity_failures(docgen.synth_report("甲局", 2023, broken="3")) == {"1", "3"}
    assert _identity_failures(docgen.synth_report("甲局", 2023, broken="4")) == {"4"}


def test_deterministic_and_seeded() -> None:
    a = docgen.synth_report("乙局", 2022, seed=5)
    assert a == docgen.synth_report("乙局", 2022, seed=5)
    assert a["cells"] != docgen.synth_report("乙局", 2022, seed=6)["cells"]


def test_null_markers_and_yuan() -> None:
    r = docgen.synth_report("丙局", 2019, layout="2019", nulls="slash:t2rules", yuan=True)
    assert all(
        r["cells"][c] is None and r["raw"][c] == "/" and r["markers"][c] == "slash"
        for c in ("t2.rules.made", "t2.rules.published", "t2.rules.total_published")
    )
    raw = r["raw"]["t2.procurement.amount"]
    assert raw.endswith("元") and int(raw[:-1]) / 10000 == r["cells"]["t2.procurement.amount"]
    blank = docgen.synth_report("丁局", 2020, nulls="blank")
    assert blank["markers"] and all(blank["raw"][c] == "" for c in blank["markers"])


def test_cells_text_rendering_matches_seed_000_structure() -> None:
    """render_text(style="cells") prints the tables exactly as the real seed 000 extraction."""
    gold = json.loads((SEEDS / "gold" / "000_1956a86f1af00c4d.json").read_text(encoding="utf-8"))
    report = report_from_cells(gold["agency"], gold["year"], gold["cells"], published=gold["published"])

    def table_rows(text: str) -> list[list[str]]:
        text = re.sub(r"\[bookmark:[^\]]*\]", "", text)
        out, cur = [], []
        for line in text.split("\n"):
            if line.startswith("\t"):
                cur.append(line[1:])
            elif not line and cur:
                out.append(cur)
                cur = []
            elif line and cur:  # a cell wrapped onto the next line
                cur[-1] += line
        return out

    seed = table_rows((SEEDS / "000_1956a86f1af00c4d.txt").read_text(encoding="utf-8"))
    assert table_rows(docgen.render_text(report, style="cells")) == seed


def test_text_styles_and_html_variants_render() -> None:
    r = docgen.synth_report("戊局", 2023)
    tabs = docgen.render_text(r, style="tabs")
    assert tabs.startswith("# 戊局2023年") and "\n规章\t0\t0\t0\n" in tabs
    assert "| 行政许可 | " in docgen.render_text(r, style="pipes")
    assert docgen.render_html(r, variant="split").count("<table") == 6
    assert docgen.render_html(r).count("<table") == 3
    assert 'rowspan="22"' in docgen.render_html(r)
    assert 'rowspan="20"' in docgen.render_html(docgen.synth_report("戊局", 2019, layout="2019"))
