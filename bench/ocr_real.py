"""OCR on real reports the project did not make (``python -m bench.ocr_real``).

The generated corpus's tables are drawn by our own renderers.  Here the sources are
real reports (``tests/archive/real_reports``, see its ``provenance.json``: a portal page's
markup as found, and reports found only as text with their tables rebuilt as plain
statutory markup): each page is printed to A4 by headless Chromium, as a visitor's
"save as PDF" or a portal's printout is, so its tables come with a browser's one-pixel
borders and its column widths; each page is printed twice, with the print dialog's
margins "None" and "Default" (1 cm: a page wider than the paper is shrunk more, so its
print is smaller).  Each print is scanned under each of ``bench.ocr``'s
variants but the Song-face one (which reprints a corpus DOCX), read, and compared cell
by cell with the report's own HTML parse: cells right, wrong (published and different)
and null, and whether agency, year and layout were read right.
``python -m bench.ocr_real [--variants=a,b]``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from bench.ocr import PRINTED_IN, ROOT, VARIANTS, score  # noqa: E402

REAL_REPORTS = ROOT / "tests" / "archive" / "real_reports"


def run(variants: list[str] | None = None) -> None:
    from docgen.extractors import PRINT_MARGINS, browser_pdfs, chromium_available
    from parsers import parse_bytes

    if not chromium_available():
        raise RuntimeError("headless Chromium is needed to print the real reports (make deps installs it)")
    chosen = [v for v in VARIANTS if v not in PRINTED_IN and (not variants or v in variants)]
    sources = sorted(REAL_REPORTS.glob("*.html"))
    expected = {src: parse_bytes(src.read_bytes(), filename=src.name) for src in sources}
    totals = [0, 0, 0]
    print(f"{'report':28} {'margin':6} {'scan':7} {'right':>5} {'wrong':>5} {'null':>5}  meta")
    for margin in PRINT_MARGINS:
        printed = browser_pdfs(sources, margin)
        for src in sources:
            for variant in chosen:
                right, wrong, null = _scan_and_read(src, expected[src], printed[src], variant, margin)
                totals = [t + n for t, n in zip(totals, (right, wrong, null), strict=True)]
    cells = sum(totals)
    print(
        f"all  cells {cells}: right {100 * totals[0] / max(cells, 1):.2f}%, "
        f"wrong {100 * totals[1] / max(cells, 1):.3f}%, null {100 * totals[2] / max(cells, 1):.2f}%"
    )


def _scan_and_read(src: Path, expected: dict, pdf: bytes, variant: str, margin: str) -> tuple[int, int, int]:
    """One print of a real report scanned as ``variant``, read, and scored against its HTML parse
    (``expected``)."""
    from docgen.scans import Degradation, image_pdf, scanned_pages
    from parsers import parse_bytes

    pages = scanned_pages(pdf, Degradation(**VARIANTS[variant]), seed=7)
    report = parse_bytes(image_pdf(pages), filename=f"{src.stem}.scan.pdf")
    right, wrong, null, notes = score(report, expected)
    meta = all(report[k] == expected[k] for k in ("agency", "year", "layout"))
    print(
        f"{src.stem:28} {margin:6} {variant:7} {right:>5} {wrong:>5} {null:>5}  {'ok' if meta else 'WRONG'}",
        flush=True,
    )
    for note in notes[:5]:
        print(f"    wrong: {note}")
    return right, wrong, null


if __name__ == "__main__":
    picked = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--variants=")), "")
    run(picked.split(",") if picked else None)
