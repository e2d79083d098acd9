"""Build the generated parser corpus: ``python -m docgen.build_corpus [OUTDIR]``.

Writes tests/parsers/corpus/generated/: synthetic reports (both layouts,
a hybrid, null markers, a 元 amount, broken identities, an all-zero
township) rendered to .html, .docx, .pdf and .doc (a few also as scanned
PDFs), and the five seeds (cells from tests/seeds/gold) rendered to
.html, .docx and .pdf.  Every file has a sibling ``<file>.expected.json``
with the truth in the gold shape; the generator's source data is the
truth by construction.

Deterministic in content (fixed agencies, years and seeds); PDF and DOC
bytes differ between runs only in LibreOffice's timestamps and ids.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import docgen
from docgen.office import convert_many, docx_to_doc_many, scan_pdf
from docgen.synth import report_from_cells

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "tests" / "parsers" / "corpus" / "generated"
SEEDS = Path(__file__).resolve().parents[1] / "tests" / "seeds" / "gold"

# name, synth_report arguments, HTML rendering (variant, charset, declared charset)
SYNTHETIC: list[tuple[str, dict, tuple[str, str, str | None]]] = [
    (
        "g01_2021_city",
        dict(agency="淄博市市场监督管理局", year=2023, layout="2021", seed=1, scale=12),
        ("standard", "utf-8", None),
    ),
    (
        "g02_2019_district",
        dict(agency="上海市黄浦区财政局", year=2019, layout="2019", seed=2),
        ("standard", "gbk", "utf-8"),
    ),  # GBK body under a UTF-8 declaration
    (
        "g03_hybrid",
        dict(agency="盐城市大丰区住房和城乡建设局", year=2022, layout="hybrid", seed=3),
        ("split", "utf-8", None),
    ),
    (
        "g04_blank_zeros",
        dict(agency="上海市静安区民政局", year=2020, layout="2019", seed=4, nulls="blank"),
        ("word", "gb18030", "gb2312"),
    ),  # gb2312 declared, GB18030 body
    (
        "g05_slash_yuan",
        dict(agency="北京市通州区统计局", year=2019, layout="2019", seed=5, nulls="slash:t2rules", yuan=True),
        ("standard", "gbk", ""),
    ),  # no declaration
    (
        "g06_broken_dash",
        dict(agency="淄博市张店区消防救援大队", year=2024, layout="2021", seed=6, broken="2", nulls="dash:coercion"),
        ("split", "utf-8", None),
    ),
    (
        "g07_zero_township",
        dict(agency="平顶山市湛河区曹镇乡人民政府", year=2023, layout="2021", seed=7, zero=True, nulls="wu:t4"),
        ("standard", "utf-8", None),
    ),
    (
        "g08_yuan_fees",
        dict(agency="杭州市西湖区卫生健康局", year=2022, layout="2021", seed=8, yuan=True, scale=20),
        ("word", "utf-8", None),
    ),
    (
        "g09_2019_broken4",
        dict(agency="武汉市生态环境局", year=2020, layout="2019", seed=9, broken="4", scale=9),
        ("split", "utf-8", None),
    ),
]
SCANNED = ["g01_2021_city", "g07_zero_township"]
ATTACHMENT_PAGE = "g01_2021_city"  # also rendered as a page whose body only says 详见附件


def _expected(report: dict, fmt: str, **override) -> dict:
    out = docgen.expected(report)
    out["format"] = fmt
    out.update(override)
    return out


def _write(path: Path, data: bytes | str, expected: dict) -> None:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    Path(str(path) + ".expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8"
    )


def seed_reports() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(SEEDS.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        report = report_from_cells(
            gold["agency"],
            gold["year"],
            gold["cells"],
            layout=gold["layout"],
            published=gold.get("published"),
            notes=gold.get("notes", ""),
        )
        out.append((f"s{gold['id'][:3]}_seed", report))
    return out


README = """# Generated corpus (do not edit: `python -m docgen.build_corpus` rebuilds it)

Synthetic reports (g01-g09) and the five seeds (s000-s004, cells from
tests/seeds/gold) rendered by `docgen`: `.html` (a whole TRS-style page;
g02 is GBK under a UTF-8 label, g04 GB18030 under gb2312, g05 GBK without
a declaration), `.docx` (python-docx, Word merges), `.pdf` (LibreOffice
from the DOCX), `.doc` (LibreOffice via ODT; synthetic reports only),
`.scan.pdf` (image-only PDF of the PDF) and one `.attachment.html` whose
body only says 详见附件.

Each `<file>.expected.json` is the truth in the gold shape (agency, year,
published, layout, layouts, title, cells, markers, notes, format), taken
from the generator's source data.  Exceptions, by design:

* `*.scan.pdf`: read by OCR; agency, year, date and layout are expected as
  for any rendering, the cells exact or null (unreadable), checked against
  `source_cells` by tests/parsers/test_formats_scan.py and `bench.ocr`;
* `*.attachment.html`: `layout = "tables_missing"`, no cells.

| report | what it covers |
|---|---|
| g01 | 2021 layout, city bureau, large counts; scanned |
| g02 | 2019 layout (procurement, signed 本年增/减), GBK page under a UTF-8 label |
| g03 | hybrid: 2019 table 2 beside a 2021 table 3; table 2 split into small tables |
| g04 | 2019 layout, every 0 of table 3 printed blank (null), Word-pasted cells |
| g05 | 2019 layout, 规章 row "/ / /" (null), 采购总金额 printed in 元 |
| g06 | 2021 layout, identity 2 broken (总计 +9), 行政强制 "-" (null) |
| g07 | 2021 layout, all-zero township, table 4 "无" (null); scanned |
| g08 | 2021 layout, 本年收费金额 printed in 元 |
| g09 | 2019 layout, identity 4 broken |
"""


def build(outdir: Path = DEFAULT_OUT) -> list[Path]:
    if outdir.exists():
        shutil.rmtree(outdir)
    outdir.mkdir(parents=True)
    reports: list[tuple[str, dict, tuple[str, str, str | None] | None]] = []
    for name, kwargs, html in SYNTHETIC:
        reports.append((name, docgen.synth_report(**kwargs), html))
    for name, report in seed_reports():
        reports.append((name, report, ("standard", "utf-8", None)))

    docx_paths: list[Path] = []
    for name, report, html in reports:
        variant, charset, declared = html or ("standard", "utf-8", None)
        page = docgen.render_page(report, variant=variant, charset=charset, declared=declared)
        _write(outdir / f"{name}.html", page, _expected(report, "html"))
        path = outdir / f"{name}.docx"
        _write(path, docgen.render_docx(report, split_t2=variant == "split"), _expected(report, "docx"))
        docx_paths.append(path)
    by_name = {name: report for name, report, _ in reports}

    convert_many(docx_paths, "pdf", outdir)
    for path in docx_paths:
        report = by_name[path.stem]
        Path(str(path.with_suffix(".pdf")) + ".expected.json").write_text(
            json.dumps(_expected(report, "pdf"), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    synthetic = [p for p in docx_paths if p.stem.startswith("g")]
    with tempfile.TemporaryDirectory(prefix="corpus-doc-") as tmp:
        for doc in docx_to_doc_many(synthetic, tmp):
            target = outdir / doc.name
            shutil.move(doc, target)
            Path(str(target) + ".expected.json").write_text(
                json.dumps(_expected(by_name[doc.stem], "doc"), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
    for name in SCANNED:
        report = by_name[name]
        scan = scan_pdf((outdir / f"{name}.pdf").read_bytes(), dpi=150, seed=report["seed"])
        # read by OCR: the metadata is expected as for any rendering; the cells are exact or
        # null (unreadable), which tests/parsers/test_formats_scan.py and bench.ocr check
        # against the truth kept in source_cells
        expected = _expected(report, "scan", source_cells=report["cells"])
        del expected["cells"], expected["markers"]
        _write(outdir / f"{name}.scan.pdf", scan, expected)
    report = by_name[ATTACHMENT_PAGE]
    _write(
        outdir / f"{ATTACHMENT_PAGE}.attachment.html",
        docgen.render_page(report, variant="attachment"),
        _expected(
            report,
            "html",
            layout="tables_missing",
            cells={},
            markers={},
            layouts=None,
            notes="The body only points to an attachment (详见附件).",
        ),
    )
    (outdir / "README.md").write_text(README, encoding="utf-8")
    return sorted(p for p in outdir.iterdir() if not p.name.endswith((".json", ".md")))


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    outdir = Path(argv[0]) if argv else DEFAULT_OUT
    files = build(outdir)
    size = sum(p.stat().st_size for p in outdir.iterdir())
    print(f"{len(files)} files in {outdir} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
