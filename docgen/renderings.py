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

import importlib.metadata
import io
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "parsers" / "corpus"
DEFAULT_OUT = ROOT / "tests" / "parsers" / "renderings"
EXPECTED_SUFFIX = ".expected.json"

# The source reports: both layouts and a hybrid, non-zero and all-zero tables, null
# markers (blank, slash, dash, 无), a 元 amount, broken identities, and three seeds
# (real cell values, one with a broken table 3 identity).
SOURCES = [
    "generated/g01_2021_city",       # 2021 layout, large non-zero counts
    "generated/g02_2019_district",   # 2019 layout; the page is GBK under a UTF-8 declaration
    "generated/g03_hybrid",          # 2019 table 2 with 2021 table 3; table 2 split in four
    "generated/g04_blank_zeros",     # 2019, every zero of table 3 left blank; Word-made HTML
    "generated/g05_slash_yuan",      # 2019, "/" in the rules rows, procurement in 元
    "generated/g06_broken_dash",     # 2021, "-" for coercion, identity 2 broken
    "generated/g07_zero_township",   # 2021, all zeros, 无 in table 4
    "generated/g08_yuan_fees",       # 2021, fees printed in 元; Word-made HTML
    "generated/g09_2019_broken4",    # 2019, identity 4 broken
    "generated/s000_seed",           # seed 000's cells (2021)
    "generated/s002_seed",           # seed 002's cells (2021, table 3 total contradicts its rows)
    "real/jiangsu_shuyang_fagaiju_2023",       # a real page: Word span soup, blanks (HTML only)
    "real/shanghai_shizhengfu_bangongting_2019",  # a real page: misaligned colspans (HTML only)
]

# printed by the browser too (not g02: its page is GBK under a UTF-8 declaration, so the
# printout is mojibake; not the real pages: their chrome was stripped when they were kept)
BROWSER_PDF_SOURCES = ("g01_2021_city", "g03_hybrid", "g04_blank_zeros", "g05_slash_yuan", "g06_broken_dash",
                       "s000_seed")

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _run(cmd: list[str], *, timeout: float = 120) -> str:
    done = subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    return done.stdout.decode("utf-8", errors="replace")


def _tool_version(cmd: list[str], *, line: int = 0) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    lines = (done.stdout + done.stderr).decode("utf-8", errors="replace").strip().splitlines()
    return lines[line].strip() if len(lines) > line else "?"


def _debian_version(package: str) -> str:
    version = _tool_version(["dpkg-query", "-W", "-f", "${Version}", package])
    return f"{package} {version} (Debian)"


def _package_version(name: str) -> str:
    try:
        return f"{name} {importlib.metadata.version(name)}"
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _has_module(name: str) -> bool:
    try:
        __import__(name)
    except ImportError:
        return False
    return True


# --- PDF -------------------------------------------------------------------------------


def pdftotext(path: Path, *flags: str) -> str:
    return _run(["pdftotext", *flags, "-enc", "UTF-8", str(path), "-"])


def pdfplumber_text(path: Path) -> str:
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font-descriptor chatter on browser PDFs

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pypdfium2_text(path: Path) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        # PDFium ends lines with CRLF; pipelines keep them, so does this rendering
        return "\n".join(pages)
    finally:
        pdf.close()


def pypdf_text(path: Path) -> str:
    import pypdf

    # LangChain's PyPDFLoader and many RAG pipelines: extract_text() page by page
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


# --- DOCX ------------------------------------------------------------------------------


def _docx_body(path: Path):
    import docx

    return docx.Document(str(path))


def python_docx_text(path: Path) -> str:
    """The usual python-docx recipe: body paragraphs and tables in document order,
    a table row as its cells' text joined by tabs (``row.cells`` repeats a merged
    cell's text in every grid column it spans)."""
    from docx.table import Table

    doc = _docx_body(path)
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                lines.append("\t".join(cell.text for cell in row.cells))
        else:
            lines.append(block.text)
    return "\n".join(lines) + "\n"


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
    doc = _docx_body(path)
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


def docx2txt_text(path: Path) -> str:
    import docx2txt

    return docx2txt.process(str(path))


def docx2python_text(path: Path) -> str:
    from docx2python import docx2python

    with docx2python(str(path)) as extracted:
        return extracted.text


def mammoth_markdown(path: Path) -> str:
    import mammoth

    with path.open("rb") as f:
        return mammoth.convert_to_markdown(f).value


def mammoth_html(path: Path) -> str:
    import mammoth

    with path.open("rb") as f:
        return mammoth.convert_to_html(f).value


def markitdown_text(path: Path) -> str:
    from markitdown import MarkItDown

    return MarkItDown(enable_plugins=False).convert(str(path)).text_content


def pandoc(path: Path, fmt: str, to: str) -> str:
    return _run(["pandoc", "-f", fmt, "-t", to, str(path)])


# --- DOC -------------------------------------------------------------------------------


def antiword_text(path: Path) -> str:
    return _run(["antiword", "-m", "UTF-8.txt", str(path)])


def catdoc_text(path: Path) -> str:
    return _run(["catdoc", "-d", "utf-8", str(path)])


def soffice_text_many(paths: list[Path]) -> dict[Path, str]:
    """LibreOffice's plain-text export (``--convert-to txt:Text``), one run for the batch."""
    out: dict[Path, str] = {}
    by_suffix: dict[str, list[Path]] = {}
    for p in paths:
        by_suffix.setdefault(p.suffix, []).append(p)
    with tempfile.TemporaryDirectory(prefix="renderings-lo-") as tmp:
        for suffix, group in by_suffix.items():
            outdir = Path(tmp) / suffix.strip(".")
            cmd = [SOFFICE or "soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                   "--norestore", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(outdir),
                   *map(str, group)]
            subprocess.run(cmd, check=True, capture_output=True, timeout=600)
            for p in group:
                # the export starts with a byte-order mark; a pipeline reading it as
                # utf-8 (not utf-8-sig) keeps it, and so does this rendering
                out[p] = (outdir / f"{p.stem}.txt").read_bytes().decode("utf-8")
    return out


# --- HTML ------------------------------------------------------------------------------


def _html_unicode(path: Path) -> str:
    """Decode a page the way a scraper built on BeautifulSoup does (UnicodeDammit:
    declared charset first, then detection)."""
    from bs4 import UnicodeDammit

    data = path.read_bytes()
    return UnicodeDammit(data, is_html=True).unicode_markup or data.decode("utf-8", errors="replace")


def bs4_text(path: Path) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_bytes(), "lxml").get_text("\n")


def html2text_text(path: Path) -> str:
    import html2text

    return html2text.html2text(_html_unicode(path))


def markitdown_html(path: Path) -> str:
    from markitdown import MarkItDown, StreamInfo

    # markitdown guesses the charset itself unless told; give it what UnicodeDammit decided,
    # as a pipeline that fetched the page with requests would
    text = _html_unicode(path)
    return MarkItDown(enable_plugins=False).convert_stream(
        io.BytesIO(text.encode("utf-8")), stream_info=StreamInfo(extension=".html", charset="utf-8")).text_content


def pandoc_html_plain(path: Path) -> str:
    done = subprocess.run(["pandoc", "-f", "html", "-t", "plain"], input=_html_unicode(path).encode("utf-8"),
                          capture_output=True, check=True, timeout=120)
    return done.stdout.decode("utf-8", errors="replace")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium_available() -> bool:
    return CHROMIUM is not None and _has_module("playwright")


def _chromium_version() -> str:
    return _tool_version([CHROMIUM or "chromium", "--version"])


def chromium_innertext_many(paths: list[Path]) -> dict[Path, str]:
    """innerText lays a table out as rows of tab-separated cells (no cell for a spanned
    position), which is also what copying a page from the browser gives."""
    from playwright.sync_api import sync_playwright

    out: dict[Path, str] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            for p in paths:
                # a file: URL, so the page's own charset declaration decides, as on the portal
                page.goto(p.resolve().as_uri())
                out[p] = page.inner_text("body") + "\n"
        finally:
            browser.close()
    return out


_PRINTED: dict[Path, bytes] = {}


def browser_pdfs(paths: list[Path]) -> dict[Path, bytes]:
    """Each page printed to an A4 PDF by headless Chromium, as a visitor's "save as PDF"
    or a portal that publishes a printout of its page does: the tables wrap where the
    browser's column widths put them, not where Word's do.  Printed once per build."""
    from playwright.sync_api import sync_playwright

    todo = [p for p in paths if p not in _PRINTED]
    if todo:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                page = browser.new_page()
                for p in todo:
                    page.goto(p.resolve().as_uri())
                    _PRINTED[p] = page.pdf(format="A4", print_background=False)
            finally:
                browser.close()
    return {p: _PRINTED[p] for p in paths}


def _from_browser_pdf(extract: Callable[[Path], str]) -> Callable[[list[Path]], dict[Path, str]]:
    def run(paths: list[Path]) -> dict[Path, str]:
        out: dict[Path, str] = {}
        with tempfile.TemporaryDirectory(prefix="renderings-print-") as tmp:
            for src, pdf in browser_pdfs(paths).items():
                printed = Path(tmp) / f"{src.stem}.pdf"
                printed.write_bytes(pdf)
                out[src] = extract(printed)
        return out

    return run


# --- the tools -------------------------------------------------------------------------


@dataclass(frozen=True)
class Tool:
    name: str
    source: str                       # the source document's extension: docx, pdf, doc, html
    ext: str                          # the rendering's extension: txt, md, html
    extract: Callable[[Path], str] | None  # one file at a time, or
    version: Callable[[], str]
    available: Callable[[], bool]
    description: str
    batch: Callable[[list[Path]], dict[Path, str]] | None = None  # all files in one start-up
    only: tuple[str, ...] | None = None  # these sources only (of SOURCES)


def _which(name: str) -> Callable[[], bool]:
    return lambda: shutil.which(name) is not None


def _module(name: str) -> Callable[[], bool]:
    return lambda: _has_module(name)


_POPPLER = lambda: _tool_version(["pdftotext", "-v"])  # noqa: E731
_PANDOC = lambda: _tool_version(["pandoc", "--version"])  # noqa: E731
_SOFFICE = lambda: _tool_version([SOFFICE or "soffice", "--version"])  # noqa: E731

TOOLS: list[Tool] = [
    Tool("pdftotext", "pdf", "txt", lambda p: pdftotext(p), _POPPLER, _which("pdftotext"),
         "poppler `pdftotext` (reading order, no flags)"),
    Tool("pdftotext-layout", "pdf", "txt", lambda p: pdftotext(p, "-layout"), _POPPLER, _which("pdftotext"),
         "poppler `pdftotext -layout`"),
    Tool("pdftotext-raw", "pdf", "txt", lambda p: pdftotext(p, "-raw"), _POPPLER, _which("pdftotext"),
         "poppler `pdftotext -raw` (content-stream order)"),
    Tool("pdfplumber", "pdf", "txt", pdfplumber_text, lambda: _package_version("pdfplumber"),
         _module("pdfplumber"), "pdfplumber `page.extract_text()`, pages joined by a newline"),
    Tool("pypdfium2", "pdf", "txt", pypdfium2_text, lambda: _package_version("pypdfium2"), _module("pypdfium2"),
         "pypdfium2 `textpage.get_text_range()` (CRLF line ends kept), pages joined by a newline"),
    Tool("pypdf", "pdf", "txt", pypdf_text, lambda: _package_version("pypdf"), _module("pypdf"),
         "pypdf `page.extract_text()` (LangChain's PyPDFLoader), pages joined by a newline"),
    Tool("markitdown-pdf", "pdf", "md", markitdown_text, lambda: _package_version("markitdown"),
         _module("markitdown"), "markitdown `convert()` of the PDF (pdfminer text)"),
    Tool("tika-cells", "docx", "txt", tika_cells_text, lambda: "emulation in docgen/renderings.py",
         _module("docx"), "Apache Tika's text output of a DOCX, emulated (see tika_cells_text)"),
    Tool("python-docx", "docx", "txt", python_docx_text, lambda: _package_version("python-docx"),
         _module("docx"), "python-docx: paragraphs and tab-joined `row.cells` in body order"),
    Tool("docx2txt", "docx", "txt", docx2txt_text, lambda: _package_version("docx2txt"), _module("docx2txt"),
         "docx2txt `process()` (LangChain's Docx2txtLoader)"),
    Tool("docx2python", "docx", "txt", docx2python_text, lambda: _package_version("docx2python"),
         _module("docx2python"), "docx2python `.text`"),
    Tool("mammoth-md", "docx", "md", mammoth_markdown, lambda: _package_version("mammoth"), _module("mammoth"),
         "mammoth `convert_to_markdown()`"),
    Tool("mammoth-html", "docx", "html", mammoth_html, lambda: _package_version("mammoth"), _module("mammoth"),
         "mammoth `convert_to_html()` (an HTML fragment, as pasted into a CMS)"),
    Tool("markitdown-docx", "docx", "md", markitdown_text, lambda: _package_version("markitdown"),
         _module("markitdown"), "markitdown `convert()` of the DOCX (mammoth HTML → markdown)"),
    Tool("pandoc-plain", "docx", "txt", lambda p: pandoc(p, "docx", "plain"), _PANDOC, _which("pandoc"),
         "`pandoc -f docx -t plain` (default wrapping)"),
    Tool("pandoc-markdown", "docx", "md", lambda p: pandoc(p, "docx", "markdown"), _PANDOC, _which("pandoc"),
         "`pandoc -f docx -t markdown`"),
    Tool("pandoc-gfm", "docx", "md", lambda p: pandoc(p, "docx", "gfm"), _PANDOC, _which("pandoc"),
         "`pandoc -f docx -t gfm`"),
    Tool("soffice-txt-docx", "docx", "txt", None, _SOFFICE, lambda: SOFFICE is not None,
         "LibreOffice `--convert-to 'txt:Text (encoded):UTF8'` of the DOCX", batch=soffice_text_many),
    Tool("soffice-txt-doc", "doc", "txt", None, _SOFFICE, lambda: SOFFICE is not None,
         "LibreOffice `--convert-to 'txt:Text (encoded):UTF8'` of the DOC", batch=soffice_text_many),
    Tool("antiword", "doc", "txt", antiword_text, lambda: _debian_version("antiword"),
         _which("antiword"), "`antiword -m UTF-8.txt`"),
    Tool("catdoc", "doc", "txt", catdoc_text, lambda: _debian_version("catdoc"), _which("catdoc"),
         "`catdoc -d utf-8`"),
    Tool("bs4-text", "html", "txt", bs4_text, lambda: _package_version("beautifulsoup4"), _module("bs4"),
         "BeautifulSoup(page bytes, 'lxml').get_text('\\n') of the whole page"),
    Tool("html2text", "html", "md", html2text_text, lambda: _package_version("html2text"), _module("html2text"),
         "html2text.html2text() of the page (decoded by UnicodeDammit)"),
    Tool("markitdown-html", "html", "md", markitdown_html, lambda: _package_version("markitdown"),
         _module("markitdown"), "markitdown `convert_stream()` of the page (decoded by UnicodeDammit)"),
    Tool("pandoc-html-plain", "html", "txt", pandoc_html_plain, _PANDOC, _which("pandoc"),
         "`pandoc -f html -t plain` of the page (decoded by UnicodeDammit)"),
    Tool("chromium-innertext", "html", "txt", None, _chromium_version, _chromium_available,
         "the page opened in headless Chromium (Playwright), `document.body.innerText`: what a "
         "browser-driven scraper or a copy from the browser gets", batch=chromium_innertext_many),
    *(Tool(f"browserpdf-{name}", "html", "txt", None, _version, _chromium_available,
           f"the page printed to PDF by headless Chromium (Playwright `page.pdf`), then {what}",
           batch=_from_browser_pdf(extract), only=BROWSER_PDF_SOURCES)
      for name, extract, _version, what in [
          ("pdftotext-layout", lambda p: pdftotext(p, "-layout"), _POPPLER, "`pdftotext -layout`"),
          ("pdftotext-raw", lambda p: pdftotext(p, "-raw"), _POPPLER, "`pdftotext -raw`"),
          ("pdfplumber", pdfplumber_text, lambda: _package_version("pdfplumber"), "pdfplumber"),
          ("pypdfium2", pypdfium2_text, lambda: _package_version("pypdfium2"), "pypdfium2"),
      ]),
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
        json.dumps(expected, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


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
        f"| `{t.name}/` | {t.source} | .{t.ext} | {t.description} | {versions.get(t.name, 'missing')} |"
        for t in TOOLS)
    text = f"""# Text-extraction renderings of known reports

Real reports often reach the parser as text that some pipeline extracted
from the published DOCX/PDF/DOC/HTML (see shared/research/format-spec.md §4.2).
Each directory here holds one extraction tool's output, unchanged, for the
same source documents of `tests/parsers/corpus/`:
{", ".join(f"`{s}`" for s in sources)}
(the real pages only through the HTML tools).

Beside each rendering, `<file>.expected.json` is a copy of the source
document's truth (agency, year, published, layout, cells, markers) with a
`rendering` object added: tool, version, source document, source format.

These files are a measurement, not a test: `python -m bench.accuracy`
parses every document with an expected JSON (here and under
`tests/parsers/corpus/`) and prints, per tool and source format, how many
documents and cells the parser gets exactly right, and which cells fail most.

| directory | from | file | tool | version |
|---|---|---|---|---|
{rows}

`tika-cells` is an emulation: there is no Apache Tika here (no Debian package,
no Maven Central).  It writes what Tika's text handler writes for a DOCX: a
tab before each table cell, a newline after each paragraph and row, and
`[bookmark: …]` for bookmarks, which is the shape of seeds 000, 002 and 003.

## What each tool does to a table

* `pdftotext` (no flags): column by column (all labels, then each column's
  numbers); the rows cannot be rebuilt from the text.
* `pdftotext-layout`, `pdfplumber`, `markitdown-pdf`: a row per line, cells
  apart by runs of spaces (`-layout`) or one space; a label that wraps in its
  cell goes on with the next line ("2.其他法律行政法规禁止公" / "开"), so do
  the column headers ("商业企" / "业", "科研机" / "构"); a row-spanning
  label is cut into pieces put in front of rows ("三、本年 （一）予以公开 8 0 9 …",
  "度办理结 （二）部分公开…"); table 3's header repeats on the next page
  after the page number.
* `pdftotext-raw`, `pypdfium2` (CRLF line ends): a wrapped label comes whole
  before its values ("（二）部分公开（区分处理的，只计这一" / "情形，不计其他情形）" /
  "3 0 3 4 0 0 10"); table 4's header words are cut ("结果" / "维持") and its
  15 values share one line.
* `pypdf`: like `-raw`, and it moves punctuation out of its run
  ("3. “ ”危及 三安全一稳定" for 3.危及“三安全一稳定”).
* `docx2txt`: every cell a paragraph between blank lines, rows apart only
  by a few more blank lines.
* `python-docx`: a merged cell's text is repeated in every grid column it
  spans ("行政事业性收费\\t4\\t-1\\t-1" for 4 | -1 spanning two columns), and
  row-spanning labels on every row.
* `docx2python`: every cell a paragraph between blank lines, merged cells
  repeated as in python-docx.
* `mammoth-md`: no tables at all (a paragraph per cell), markdown escapes
  ("2\\.重复申请", "\\-1") and "__bold__" titles.
* `markitdown-docx`, `pandoc-gfm`, `html2text`, `markitdown-html`: pipe
  tables; "**bold**" titles; a whole page's breadcrumbs come first, as
  markdown links.
* `pandoc-plain`, `pandoc-markdown`, `pandoc-html-plain`: pandoc "simple
  tables", every row padded with spaces to 200+ columns between dashed rules.
* `soffice-txt-*`: every cell on its own line and nothing between rows;
  starts with a byte-order mark.
* `antiword`: tables drawn with "|"; on these LibreOffice-written .doc files
  it loses table 3's rows and table 4's first header row.
* `catdoc`: tab-separated rows, but on these .doc files it loses table 2 and
  the head of table 3 and prints mis-decoded bytes ("NÅ`b_ÿ").
* `bs4-text`, `chromium-innertext`: the whole page, navigation first.
  `g02_2019_district` is GBK under a UTF-8 declaration, so both give U+FFFD
  text, as a pipeline that trusts the declaration would.  `bs4-text` puts
  one cell per line, and every inline element on a line of its own (the real
  Word-made page `jiangsu_shuyang_fagaiju_2023`: "一" / "、本年新收政府信息公开申请数量");
  `chromium-innertext` gives tab-separated rows without
  placeholders for spanned cells, and a cell holding a `<p>` (Word-made
  HTML, `g04_blank_zeros`) breaks its row across lines.

* `browserpdf-*` (six of the pages, printed to PDF by Chromium, then read by
  a PDF tool): Chromium's CJK font subsets map some glyphs to Kangxi radicals
  ("⼀、本年新收", "⾏政", "申请⼈情况": U+2F00… for 一/行/人; NFKC folds them
  back), the tables wrap at the browser's column widths, and a row-spanning
  label is glued to a row's label ("（三）不予4.保护第三⽅合法权益").

## Rebuild

    python -m docgen.build_corpus        # the source documents, if needed
    python -m docgen.renderings          # rewrites tests/parsers/renderings/

The tools are those of requirements.txt (pdfplumber, pypdfium2, pypdf,
python-docx, docx2txt, beautifulsoup4, lxml, playwright, docx2python,
mammoth, html2text, markitdown) and Debian's poppler-utils, LibreOffice, antiword,
catdoc, chromium and `pandoc` (`apt-get install pandoc`, not in
apt-packages.txt).  A tool that is missing is skipped: its directory is kept
as it was and the version column says so.  Output depends only on the
source documents and the tool versions.
"""
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
