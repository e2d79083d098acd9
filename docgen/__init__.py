"""Synthetic annual reports and their renderings (HTML, text, DOCX, PDF, DOC, scanned PDF).

Test and demo infrastructure: the parser's generated corpus and the portal
farm both render reports through this package, so every format path is
tested on the same truth.  Not used by the crawler, the parsers or the
archive at run time.

API (every function is pure apart from LibreOffice subprocesses):

    synth_report(agency: str, year: int, *, layout: str = "2021", seed: int = 0,
                 published: str | None = None, zero: bool = False,
                 broken: str | None = None, nulls: str | None = None,
                 yuan: bool = False, scale: int = 6) -> dict
        A report in the shape of tests/seeds/gold/*.json ("agency", "year",
        "published", "layout", "cells" code -> value, "notes") plus "title",
        "layouts" ({"t2", "t3", "t4"}), "raw" (code -> the text printed in
        the cell), "markers" (code -> blank/slash/dash/wu for null cells),
        "sections" (overview, proactive, requests, review, problems, other
        -> text) and "seed".  Deterministic in (agency, year, seed); about
        0.2 ms.  Cells satisfy identities 1-4 and the tables are non-zero
        unless zero=True.
          layout:  "2021", "2019", or "hybrid" (2019 table 2, 2021 table 3).
          broken:  "2", "3" or "4" shifts a total so that identity fails
                   (the notes say where; the cells keep the shifted total).
          nulls:   "<marker>[:<scope>]", marker in blank/slash/dash/wu, scope
                   "t3zeros" (default: every 0 of table 3), "t2rules",
                   "coercion", "t4" (its zeros); those cells become null.
          yuan:    print the money cell (t2.fees.amount, or
                   t2.procurement.amount in a 2019 table 2) in 元, e.g.
                   "38000元"; the value stays in 万元 (3.8).
          scale:   rough size of the request counts.

    render_html(report: dict, *, variant: str = "standard") -> str
        The report as an HTML body fragment with the tables as real portals
        print them: table 3's 3x3 note cell (rowspan/colspan), 三、本年度办理结果
        rowspan=22 (20), table 4's three-row header.  Variants: "standard"
        (table 2 one big table), "split" (one small table per 第二十条 item),
        "word" (<p class=MsoNormal> in every cell), "attachment" (the body
        only says 详见附件 and links attachment_href, default ./P0….pdf).
    render_page(report, *, variant="standard", charset="utf-8", declared=None,
                index_no=...) -> bytes
        A whole TRS-style detail page: meta tags (ArticleTitle, PubDate,
        ContentSource), navigation chrome, the 索引号 table, #zoom body;
        encoded in charset, declaring `declared` (a lie if it differs, none
        if "").
    render_text(report: dict, *, style: str = "cells") -> str
        Text renderings seen in real extractions: "cells" (one cell per
        line, blank line between rows, like seeds 000/002/003), "tabs" (like
        001/004), "pipes".
    render_docx(report: dict, *, split_t2=False, repeat_t3_header=True,
                running_header=None, rows_split=False) -> bytes
        python-docx, merged cells (gridSpan/vMerge), rows that never split,
        table 3's header rows repeated on each page, page numbers in the
        footer, optionally a running header line on every page; rows_split
        lets Word/LibreOffice break a row across pages.
    render_pdf(report: dict) -> bytes           DOCX converted by LibreOffice
    render_doc(report: dict) -> bytes           DOCX -> ODT -> DOC by LibreOffice
    render_scan_pdf(report: dict, *, pdf=None, dpi=150) -> bytes
        image-only PDF (no text layer): the PDF rasterised with pypdfium2,
        mild noise, skew and blur; pass `pdf` to reuse a rendered PDF.
    docgen.scans: scanned renders for the OCR tests and bench.  scanned_pages(pdf,
        Degradation(rotate, noise, seal="red"|"grey"|None, paper, jpeg, blur), seed=)
        -> page images with skew, speckle, an official seal over the tables, grey
        paper, blur and JPEG artefacts; image_pdf(pages), image_docx(pages) and
        flipbook(pages, title) -> (html bytes, {image URL: bytes}) carry them.
    convert_many(paths, to: str, outdir) -> list[Path]
        One LibreOffice invocation for many files (start-up dominates);
        `to` is "pdf", "docx", "odt" or "doc".
    docx_to_doc_many(docx_paths, outdir) -> list[Path]
        Batch DOCX -> DOC through ODT (a direct DOCX -> DOC export loses the
        tables when read back).
    expected(report: dict) -> dict
        The gold-shaped truth for a rendering of the report (agency, year,
        published, layout, layouts, title, cells, markers, notes).

Rendering PDFs and DOCs costs about a second per LibreOffice run: render a
pool once with convert_many and reuse it.
"""

from docgen.html import render_html, render_page
from docgen.office import convert_many, docx_to_doc_many, render_doc, render_pdf, render_scan_pdf
from docgen.synth import synth_report
from docgen.text import render_text
from docgen.word import render_docx


def expected(report: dict) -> dict:
    keys = ("agency", "year", "published", "layout", "layouts", "title", "cells", "markers", "notes")
    return {k: report.get(k) for k in keys}


__all__ = [
    "convert_many",
    "docx_to_doc_many",
    "expected",
    "render_doc",
    "render_docx",
    "render_html",
    "render_page",
    "render_pdf",
    "render_scan_pdf",
    "render_text",
    "synth_report",
]
