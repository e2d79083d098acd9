"""The extraction tools of the renderings, with how each is run, versioned and found on this machine."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docgen.extractors import (
    antiword_text,
    bs4_text,
    catdoc_text,
    chromium_available,
    chromium_innertext_many,
    chromium_version,
    debian_version,
    docx2python_text,
    docx2txt_text,
    from_browser_pdf,
    has_module,
    html2text_text,
    mammoth_html,
    mammoth_markdown,
    markitdown_html,
    markitdown_text,
    package_version,
    pandoc,
    pandoc_html_plain,
    pdfplumber_text,
    pdftotext,
    pypdf_text,
    pypdfium2_text,
    python_docx_text,
    soffice_text_many,
    tool_version,
)
from docgen.office import SOFFICE

BROWSER_PDF_SOURCES = (
    "g01_2021_city",
    "g03_hybrid",
    "g04_blank_zeros",
    "g05_slash_yuan",
    "g06_broken_dash",
    "s000_seed",
)


@dataclass(frozen=True)
class Tool:
    name: str
    source: str  # the source document's extension: docx, pdf, doc, html
    ext: str  # the rendering's extension: txt, md, html
    extract: Callable[[Path], str] | None  # one file at a time, or
    version: Callable[[], str]
    available: Callable[[], bool]
    description: str
    batch: Callable[[list[Path]], dict[Path, str]] | None = None  # all files in one start-up
    only: tuple[str, ...] | None = None  # these sources only (of SOURCES)


def _which(name: str) -> Callable[[], bool]:
    return lambda: shutil.which(name) is not None


def _module(name: str) -> Callable[[], bool]:
    return lambda: has_module(name)


_POPPLER = lambda: tool_version(["pdftotext", "-v"])  # noqa: E731
_PANDOC = lambda: tool_version(["pandoc", "--version"])  # noqa: E731
_SOFFICE = lambda: tool_version([SOFFICE or "soffice", "--version"])  # noqa: E731


# "tika-cells" is an emulation: its extract is ``docgen.renderings.tika_cells_text``, set there
TOOLS: list[Tool] = [
    Tool(
        "pdftotext",
        "pdf",
        "txt",
        lambda p: pdftotext(p),
        _POPPLER,
        _which("pdftotext"),
        "poppler `pdftotext` (reading order, no flags)",
    ),
    Tool(
        "pdftotext-layout",
        "pdf",
        "txt",
        lambda p: pdftotext(p, "-layout"),
        _POPPLER,
        _which("pdftotext"),
        "poppler `pdftotext -layout`",
    ),
    Tool(
        "pdftotext-raw",
        "pdf",
        "txt",
        lambda p: pdftotext(p, "-raw"),
        _POPPLER,
        _which("pdftotext"),
        "poppler `pdftotext -raw` (content-stream order)",
    ),
    Tool(
        "pdfplumber",
        "pdf",
        "txt",
        pdfplumber_text,
        lambda: package_version("pdfplumber"),
        _module("pdfplumber"),
        "pdfplumber `page.extract_text()`, pages joined by a newline",
    ),
    Tool(
        "pypdfium2",
        "pdf",
        "txt",
        pypdfium2_text,
        lambda: package_version("pypdfium2"),
        _module("pypdfium2"),
        "pypdfium2 `textpage.get_text_range()` (CRLF line ends kept), pages joined by a newline",
    ),
    Tool(
        "pypdf",
        "pdf",
        "txt",
        pypdf_text,
        lambda: package_version("pypdf"),
        _module("pypdf"),
        "pypdf `page.extract_text()` (LangChain's PyPDFLoader), pages joined by a newline",
    ),
    Tool(
        "markitdown-pdf",
        "pdf",
        "md",
        markitdown_text,
        lambda: package_version("markitdown"),
        _module("markitdown"),
        "markitdown `convert()` of the PDF (pdfminer text)",
    ),
    Tool(
        "tika-cells",
        "docx",
        "txt",
        None,
        lambda: "emulation in docgen/renderings.py",
        _module("docx"),
        "Apache Tika's text output of a DOCX, emulated (see tika_cells_text)",
    ),
    Tool(
        "python-docx",
        "docx",
        "txt",
        python_docx_text,
        lambda: package_version("python-docx"),
        _module("docx"),
        "python-docx: paragraphs and tab-joined `row.cells` in body order",
    ),
    Tool(
        "docx2txt",
        "docx",
        "txt",
        docx2txt_text,
        lambda: package_version("docx2txt"),
        _module("docx2txt"),
        "docx2txt `process()` (LangChain's Docx2txtLoader)",
    ),
    Tool(
        "docx2python",
        "docx",
        "txt",
        docx2python_text,
        lambda: package_version("docx2python"),
        _module("docx2python"),
        "docx2python `.text`",
    ),
    Tool(
        "mammoth-md",
        "docx",
        "md",
        mammoth_markdown,
        lambda: package_version("mammoth"),
        _module("mammoth"),
        "mammoth `convert_to_markdown()`",
    ),
    Tool(
        "mammoth-html",
        "docx",
        "html",
        mammoth_html,
        lambda: package_version("mammoth"),
        _module("mammoth"),
        "mammoth `convert_to_html()` (an HTML fragment, as pasted into a CMS)",
    ),
    Tool(
        "markitdown-docx",
        "docx",
        "md",
        markitdown_text,
        lambda: package_version("markitdown"),
        _module("markitdown"),
        "markitdown `convert()` of the DOCX (mammoth HTML → markdown)",
    ),
    Tool(
        "pandoc-plain",
        "docx",
        "txt",
        lambda p: pandoc(p, "docx", "plain"),
        _PANDOC,
        _which("pandoc"),
        "`pandoc -f docx -t plain` (default wrapping)",
    ),
    Tool(
        "pandoc-markdown",
        "docx",
        "md",
        lambda p: pandoc(p, "docx", "markdown"),
        _PANDOC,
        _which("pandoc"),
        "`pandoc -f docx -t markdown`",
    ),
    Tool(
        "pandoc-gfm",
        "docx",
        "md",
        lambda p: pandoc(p, "docx", "gfm"),
        _PANDOC,
        _which("pandoc"),
        "`pandoc -f docx -t gfm`",
    ),
    Tool(
        "soffice-txt-docx",
        "docx",
        "txt",
        None,
        _SOFFICE,
        lambda: SOFFICE is not None,
        "LibreOffice `--convert-to 'txt:Text (encoded):UTF8'` of the DOCX",
        batch=soffice_text_many,
    ),
    Tool(
        "soffice-txt-doc",
        "doc",
        "txt",
        None,
        _SOFFICE,
        lambda: SOFFICE is not None,
        "LibreOffice `--convert-to 'txt:Text (encoded):UTF8'` of the DOC",
        batch=soffice_text_many,
    ),
    Tool(
        "antiword",
        "doc",
        "txt",
        antiword_text,
        lambda: debian_version("antiword"),
        _which("antiword"),
        "`antiword -m UTF-8.txt`",
    ),
    Tool("catdoc", "doc", "txt", catdoc_text, lambda: debian_version("catdoc"), _which("catdoc"), "`catdoc -d utf-8`"),
    Tool(
        "bs4-text",
        "html",
        "txt",
        bs4_text,
        lambda: package_version("beautifulsoup4"),
        _module("bs4"),
        "BeautifulSoup(page bytes, 'lxml').get_text('\\n') of the whole page",
    ),
    Tool(
        "html2text",
        "html",
        "md",
        html2text_text,
        lambda: package_version("html2text"),
        _module("html2text"),
        "html2text.html2text() of the page (decoded by UnicodeDammit)",
    ),
    Tool(
        "markitdown-html",
        "html",
        "md",
        markitdown_html,
        lambda: package_version("markitdown"),
        _module("markitdown"),
        "markitdown `convert_stream()` of the page (decoded by UnicodeDammit)",
    ),
    Tool(
        "pandoc-html-plain",
        "html",
        "txt",
        pandoc_html_plain,
        _PANDOC,
        _which("pandoc"),
        "`pandoc -f html -t plain` of the page (decoded by UnicodeDammit)",
    ),
    Tool(
        "chromium-innertext",
        "html",
        "txt",
        None,
        chromium_version,
        chromium_available,
        "the page opened in headless Chromium (Playwright), `document.body.innerText`: what a "
        "browser-driven scraper or a copy from the browser gets",
        batch=chromium_innertext_many,
    ),
    *(
        Tool(
            f"browserpdf-{name}",
            "html",
            "txt",
            None,
            _version,
            chromium_available,
            f"the page printed to PDF by headless Chromium (Playwright `page.pdf`), then {what}",
            batch=from_browser_pdf(extract),
            only=BROWSER_PDF_SOURCES,
        )
        for name, extract, _version, what in [
            ("pdftotext-layout", lambda p: pdftotext(p, "-layout"), _POPPLER, "`pdftotext -layout`"),
            ("pdftotext-raw", lambda p: pdftotext(p, "-raw"), _POPPLER, "`pdftotext -raw`"),
            ("pdfplumber", pdfplumber_text, lambda: package_version("pdfplumber"), "pdfplumber"),
            ("pypdfium2", pypdfium2_text, lambda: package_version("pypdfium2"), "pypdfium2"),
        ]
    ),
]
