"""Text renderings of the generated corpus by real extraction tools: ``python -m docgen.renderings [OUTDIR]``.

Real reports often reach a parser not as the published DOCX/PDF/DOC/HTML but
as the text some pipeline extracted from it (the seeds are two such shapes:
Apache Tika's one-cell-per-line text and a markdown converter's tab rows).
This builder runs every extractor that such pipelines use and that exists
on this machine over a handful of corpus documents, and writes

    OUTDIR/<tool>/<name>.<ext>                the extractor's output, unchanged
    OUTDIR/<tool>/<name>.<ext>.expected.json  the source document's truth, plus
                                              "rendering": {tool, version, source, source_format}

(default OUTDIR: tests/parsers/renderings).  The output is deterministic for a
given set of tool versions; a tool that is not installed is skipped and named.
The source documents are read from tests/parsers/corpus: generated/ (build
them first with ``python -m docgen.build_corpus``) and, for the HTML tools,
two real portal pages of real/.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from string import Template

from docgen import tools
from docgen.extractors import (
    docx_body,
)
from docgen.tools import Tool

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "parsers" / "corpus"
DEFAULT_OUT = ROOT / "tests" / "parsers" / "renderings"
EXPECTED_SUFFIX = ".expected.json"

# The source reports: both layouts and a hybrid, non-zero and all-zero tables, null
# markers (blank, slash, dash, 无), a 元 amount, broken identities, and three seeds
# (real cell values, one with a broken table 3 identity).
SOURCES = [
    "generated/g01_2021_city",  # 2021 layout, large non-zero counts
    "generated/g02_2019_district",  # 2019 layout; the page is GBK under a UTF-8 declaration
    "generated/g03_hybrid",  # 2019 table 2 with 2021 table 3; table 2 split in four
    "generated/g04_blank_zeros",  # 2019, every zero of table 3 left blank; Word-made HTML
    "generated/g05_slash_yuan",  # 2019, "/" in the rules rows, procurement in 元
    "generated/g06_broken_dash",  # 2021, "-" for coercion, identity 2 broken
    "generated/g07_zero_township",  # 2021, all zeros, 无 in table 4
    "generated/g08_yuan_fees",  # 2021, fees printed in 元; Word-made HTML
    "generated/g09_2019_broken4",  # 2019, identity 4 broken
    "generated/s000_seed",  # seed 000's cells (2021)
    "generated/s002_seed",  # seed 002's cells (2021, table 3 total contradicts its rows)
    "real/jiangsu_shuyang_fagaiju_2023",  # a real page: Word span soup, blanks (HTML only)
    "real/shanghai_shizhengfu_bangongting_2019",  # a real page: misaligned colspans (HTML only)
]

# printed by the browser too (not g02: its page is GBK under a UTF-8 declaration, so the
# printout is mojibake; not the real pages: their chrome was stripped when they were kept)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _tika_paragraph(p) -> str:
    out: list[str] = []
    for el in p.iter():
        if el.tag == f"{_W}bookmarkStart":
            name = el.get(f"{_W}name", "")
            if name and name != "_GoBack":
                out.append(f"[bookmark: {name}]")
        elif el.tag == f"{_W}t" and el.text:
            out.append(el.text)
        elif el.tag == f"{_W}tab":
            out.append("\t")
        elif el.tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
    return "".join(out)


def tika_cells_text(path: Path) -> str:
    """What Apache Tika's text output of a DOCX looks like (no Tika on this machine):
    Tika writes XHTML and its text handler puts a newline after every <p>, <tr>
    and <table> and a tab before every <td>.  So a table cell is a tab-indented
    line (one per paragraph of the cell), a row ends in a blank line, every w:tc
    is a cell (a vertically merged continuation is an empty ``\\t`` line), and
    bookmarks read ``[bookmark: _Hlk…]`` (seeds 000, 002, 003)."""
    doc = docx_body(path)
    out: list[str] = []

    def table(tbl) -> None:
        for tr in tbl.iterchildren(f"{_W}tr"):
            for tc in tr.iterchildren(f"{_W}tc"):
                out.append("\t")
                for child in tc.iterchildren():
                    if child.tag == f"{_W}p":
                        out.append(_tika_paragraph(child) + "\n")
                    elif child.tag == f"{_W}tbl":
                        table(child)
            out.append("\n")
        out.append("\n")

    for child in doc.element.body.iterchildren():
        if child.tag == f"{_W}p":
            out.append(_tika_paragraph(child) + "\n")
        elif child.tag == f"{_W}tbl":
            table(child)
    return "".join(out)


TOOLS: list[Tool] = [
    replace(tool, extract=tika_cells_text) if tool.name == "tika-cells" else tool for tool in tools.TOOLS
]


def _kept_version(tool_dir: Path) -> str:
    """A tool missing here leaves its earlier renderings as they are; say which version made them."""
    for exp in sorted(tool_dir.glob(f"*{EXPECTED_SUFFIX}")):
        version = json.loads(exp.read_text(encoding="utf-8")).get("rendering", {}).get("version")
        return f"{version} (kept: tool missing at the last rebuild)"
    return "missing"


def _source_path(corpus: Path, name: str, ext: str) -> Path:
    return corpus / f"{name}.{ext}"


def _stem(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def _expected_for(source: Path, tool: Tool, version: str, corpus: Path) -> dict:
    expected = json.loads(Path(f"{source}{EXPECTED_SUFFIX}").read_text(encoding="utf-8"))
    expected["rendering"] = {
        "tool": tool.name,
        "version": version,
        "source": source.relative_to(corpus).as_posix(),
        "source_format": tool.source,
    }
    return expected


def _write(path: Path, text: str, expected: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # bytes as the tool wrote them (newline="" keeps a CRLF a CRLF)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(text)
    Path(f"{path}{EXPECTED_SUFFIX}").write_text(
        json.dumps(expected, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )


def _snapshot(corpus: Path, sources: list[str], into: Path) -> Path:
    """Copy the source documents and their truth aside first: the corpus directory is
    rebuilt wholesale by docgen.build_corpus, possibly while this runs."""
    snap = into / corpus.name
    needed = sorted({t.source for t in TOOLS})
    for name in sources:
        copied = 0
        for ext in needed:  # a source has the formats it has: the seeds no .doc, real pages only .html
            src = _source_path(corpus, name, ext)
            target = _source_path(snap, name, ext)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copy2(f"{src}{EXPECTED_SUFFIX}", f"{target}{EXPECTED_SUFFIX}")
                shutil.copy2(src, target)
            except FileNotFoundError:
                continue
            copied += 1
        if not copied:
            raise SystemExit(f"no document for {corpus / name}: run python -m docgen.build_corpus first")
    return snap


def build(outdir: Path = DEFAULT_OUT, corpus: Path = CORPUS, sources: list[str] | None = None) -> dict:
    """Write every available tool's rendering of every source; returns {tool: version or 'missing'}."""
    sources = SOURCES if sources is None else sources
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="renderings-src-") as tmp:
        return _build(outdir, _snapshot(corpus, sources, Path(tmp)), sources)


def _build(outdir: Path, corpus: Path, sources: list[str]) -> dict:
    versions: dict[str, str] = {}
    for tool in TOOLS:
        if not tool.available():
            versions[tool.name] = _kept_version(outdir / tool.name)
            continue
        version = tool.version()
        versions[tool.name] = version
        target = outdir / tool.name
        if target.exists():
            shutil.rmtree(target)
        names = [n for n in sources if tool.only is None or _stem(n) in tool.only]
        inputs = [p for p in (_source_path(corpus, n, tool.source) for n in names) if p.exists()]
        if tool.batch is not None:
            texts = tool.batch(inputs)
        else:
            assert tool.extract is not None
            texts = {p: tool.extract(p) for p in inputs}
        for src, text in texts.items():
            _write(target / f"{_stem(src.stem)}.{tool.ext}", text, _expected_for(src, tool, version, corpus))
        print(f"{tool.name:26} {len(texts):3} renderings  ({version})", flush=True)
    write_readme(outdir, versions, sources)
    return versions


def write_readme(outdir: Path, versions: dict[str, str], sources: list[str]) -> None:
    rows = "\n".join(
        f"| `{t.name}/` | {t.source} | .{t.ext} | {t.description} | {versions.get(t.name, 'missing')} |" for t in TOOLS
    )
    template = Template((Path(__file__).with_name("renderings_readme.md")).read_text(encoding="utf-8"))
    text = template.substitute(sources=", ".join(f"`{s}`" for s in sources), rows=rows)
    (outdir / "README.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    outdir = Path(argv[0]) if argv else DEFAULT_OUT
    versions = build(outdir)
    missing = [name for name, v in versions.items() if v == "missing" or v.endswith("rebuild)")]
    size = sum(p.stat().st_size for p in outdir.rglob("*") if p.is_file())
    print(f"{outdir}: {size / 1e6:.2f} MB" + (f"; tools missing: {', '.join(missing)}" if missing else ""))


if __name__ == "__main__":
    main()
