"""The text extraction tools real pipelines run over reports, each as one function of a file
(or one batch start-up): poppler, pdfplumber, pypdfium2, pypdf, python-docx, docx2txt, docx2python,
mammoth, markitdown, pandoc, LibreOffice, antiword, catdoc, BeautifulSoup, html2text, Chromium.
``docgen.renderings`` runs them over the corpus."""

from __future__ import annotations

import importlib.metadata
import io
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from docgen.office import convert_many


def _run(cmd: list[str]) -> str:
    done = subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    return done.stdout.decode("utf-8", errors="replace")


def tool_version(cmd: list[str]) -> str:
    """The first line the command prints (stdout, then stderr), or "?"."""
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    lines = (done.stdout + done.stderr).decode("utf-8", errors="replace").strip().splitlines()
    return lines[0].strip() if lines else "?"


def debian_version(package: str) -> str:
    version = tool_version(["dpkg-query", "-W", "-f", "${Version}", package])
    return f"{package} {version} (Debian)"


def package_version(name: str) -> str:
    try:
        return f"{name} {importlib.metadata.version(name)}"
    except importlib.metadata.PackageNotFoundError:
        return "?"


def has_module(name: str) -> bool:
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


def docx_body(path: Path):
    import docx

    return docx.Document(str(path))


def python_docx_text(path: Path) -> str:
    """The usual python-docx recipe: body paragraphs and tables in document order,
    a table row as its cells' text joined by tabs (``row.cells`` repeats a merged
    cell's text in every grid column it spans)."""
    from docx.table import Table

    doc = docx_body(path)
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                lines.append("\t".join(cell.text for cell in row.cells))
        else:
            lines.append(block.text)
    return "\n".join(lines) + "\n"


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
    """LibreOffice's plain-text export (``--convert-to txt:Text``), one run per file type."""
    out: dict[Path, str] = {}
    by_suffix: dict[str, list[Path]] = {}
    for p in paths:
        by_suffix.setdefault(p.suffix, []).append(p)
    with tempfile.TemporaryDirectory(prefix="renderings-lo-") as tmp:
        for suffix, group in by_suffix.items():
            texts = convert_many(group, "txt:Text (encoded):UTF8", Path(tmp) / suffix.strip("."), timeout=600)
            for p, text in zip(group, texts, strict=True):
                # the export starts with a byte-order mark; a pipeline reading it as
                # utf-8 (not utf-8-sig) keeps it, and so does this rendering
                out[p] = text.read_bytes().decode("utf-8")
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
    return (
        MarkItDown(enable_plugins=False)
        .convert_stream(io.BytesIO(text.encode("utf-8")), stream_info=StreamInfo(extension=".html", charset="utf-8"))
        .text_content
    )


def pandoc_html_plain(path: Path) -> str:
    done = subprocess.run(
        ["pandoc", "-f", "html", "-t", "plain"],
        input=_html_unicode(path).encode("utf-8"),
        capture_output=True,
        check=True,
        timeout=120,
    )
    return done.stdout.decode("utf-8", errors="replace")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium_available() -> bool:
    return CHROMIUM is not None and has_module("playwright")


def chromium_version() -> str:
    return tool_version([CHROMIUM or "chromium", "--version"])


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


_PRINTED: dict[tuple[Path, str], bytes] = {}

# the margins of Chromium's print dialog: "None" (to the paper's edge, Playwright's own
# default) and "Default" (DevTools Page.printToPDF: "Defaults to 1cm"), where a page wider
# than the paper is shrunk further, its print smaller
PRINT_MARGINS = ("0", "1cm")


def browser_pdfs(paths: list[Path], margin: str = "0") -> dict[Path, bytes]:
    """Each page printed to an A4 PDF by headless Chromium, as a visitor's "save as PDF"
    or a portal that publishes a printout of its page does: the tables wrap where the
    browser's column widths put them, not where Word's do.  ``margin`` on every side (one
    of ``PRINT_MARGINS``).  Printed once per build."""
    from playwright.sync_api import sync_playwright

    todo = [p for p in paths if (p, margin) not in _PRINTED]
    sides = dict.fromkeys(("top", "right", "bottom", "left"), margin)
    if todo:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                page = browser.new_page()
                for p in todo:
                    page.goto(p.resolve().as_uri())
                    _PRINTED[p, margin] = page.pdf(format="A4", print_background=False, margin=sides)
            finally:
                browser.close()
    return {p: _PRINTED[p, margin] for p in paths}


def from_browser_pdf(extract: Callable[[Path], str]) -> Callable[[list[Path]], dict[Path, str]]:
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
