"""Synthetic annual reports and their renderings (HTML, text, DOCX, PDF, DOC, scanned PDF).

Test and demo infrastructure: the parser's generated corpus and the portal
farm both render reports through this package, so every format path is
tested on the same truth.  Not used by the crawler, the parsers or the
archive at run time.

API (every function is pure apart from LibreOffice/Tesseract subprocesses):

    synth_report(agency: str, year: int, *, layout: str = "2021", seed: int = 0,
                 published: str | None = None, zero: bool = False) -> dict
        A report in the shape of shared/seeds/gold/*.json ("agency", "year",
        "published", "layout", "cells" code -> value, plus "title" and
        "sections" name -> text), with cells that satisfy identities 1-4
        (unless asked to break one), non-zero tables unless zero=True.

    render_html(report: dict, *, variant: str = "standard") -> str
        The report as an HTML body fragment with the tables as real
        portals print them (rowspan/colspan header blocks, etc.).
    render_text(report: dict, *, style: str = "cells") -> str
        Text renderings seen in real extractions: "cells" (one cell per
        line, blank line between rows), "tabs", "pipes".
    render_docx(report: dict) -> bytes          python-docx, merged cells
    render_pdf(report: dict) -> bytes           DOCX converted by LibreOffice
    render_doc(report: dict) -> bytes           DOCX converted by LibreOffice
    render_scan_pdf(report: dict) -> bytes      image-only PDF (no text layer)
    convert_many(paths, to: str, outdir) -> list[Path]
        One LibreOffice invocation for many files (start-up dominates).
"""
