"""Parser throughput per format: ``python -m bench.parsers`` (or ``run()``).

For each format of the test corpus (tests/parsers/corpus/generated and
real/) it times the full parse (``parsers.parse_bytes``: front-end +
table engine) and the front-end alone, and compares them with a named
baseline, the bare library reading the same files:

* HTML: BeautifulSoup(data, "lxml");
* DOCX: python-docx ``Document()``;
* PDF: pdfplumber's own ``extract_text()`` of every page;
* DOC: the LibreOffice conversion to DOCX alone;
* scan: rapidocr's own whole-page pass (detection + recognition) on each page.

Peak memory is tracemalloc's peak of Python allocations during one pass
(LibreOffice runs in a subprocess and is not counted), and the process's
max RSS at the end.  OCR accuracy is ``bench.ocr``.
It ends with a projection: hours for a full re-parse of 100,000 reports a
year on 2 cores.
"""

from __future__ import annotations

import functools
import io
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "parsers" / "corpus"
FIXTURES = ROOT / "tests" / "parsers" / "files" / "formats"

# the mix projected for a year's re-parse: a third PDF (brief), most of the rest HTML bodies
MIX = {"pdf": 0.33, "html": 0.50, "docx": 0.09, "doc": 0.06, "scan": 0.02}
REPORTS_PER_YEAR = 100_000
CORES = 2
REAL_PDF_PAGES = 8  # real reports run 5-15 pages; the generated ones 2-3


def _files() -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {"html": [], "docx": [], "pdf": [], "doc": [], "scan": []}
    for p in sorted(CORPUS.glob("*/*")):
        if p.name.endswith(".json") or p.suffix not in (".html", ".docx", ".pdf", ".doc"):
            continue
        if p.name.endswith(".scan.pdf"):
            continue
        if p.name.endswith(".attachment.html"):
            continue
        out[p.suffix[1:]].append(p)
    out["scan"] = [FIXTURES / "scan_page.pdf"]
    return out


def _time(fn: Callable[[bytes, str], object], blobs: list[tuple[bytes, str]], min_seconds: float) -> float:
    """Seconds per document, repeating the set until min_seconds have passed."""
    n, started = 0, time.perf_counter()
    while True:
        for data, name in blobs:
            fn(data, name)
            n += 1
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            return elapsed / n


def _peak(fn: Callable[[bytes, str], object], blobs: list[tuple[bytes, str]]) -> float:
    tracemalloc.start()
    for data, name in blobs:
        fn(data, name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def _baselines() -> dict[str, tuple[str, Callable[[bytes, str], object]]]:
    def soup(data: bytes, name: str) -> object:
        from bs4 import BeautifulSoup

        return BeautifulSoup(data, "lxml")

    def python_docx(data: bytes, name: str) -> object:
        from docx import Document

        return Document(io.BytesIO(data))

    def plumber_text(data: bytes, name: str) -> object:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [page.extract_text() for page in pdf.pages]

    def libreoffice(data: bytes, name: str) -> object:
        from parsers.formats.doc import convert_to_docx

        return convert_to_docx(data)

    def rapidocr_page(data: bytes, name: str) -> object:
        from parsers.formats.scan import page_images

        return [_rapidocr()(page) for page in page_images(data)]

    return {
        "html": ("BeautifulSoup(lxml)", soup),
        "docx": ("python-docx Document()", python_docx),
        "pdf": ("pdfplumber extract_text", plumber_text),
        "doc": ("LibreOffice → DOCX", libreoffice),
        "scan": ("rapidocr whole page", rapidocr_page),
    }


@functools.cache
def _rapidocr():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)


def _front_end(fmt: str) -> Callable[[bytes, str], object]:
    from parsers.formats import to_document

    return lambda data, name: to_document(fmt, data, filename=name)


def _full(data: bytes, name: str) -> object:
    from parsers import parse_bytes

    return parse_bytes(data, filename=name)


def _pdf_pages(paths: list[Path]) -> float:
    import pypdfium2 as pdfium

    counts = []
    for p in paths:
        pdf = pdfium.PdfDocument(p.read_bytes())
        counts.append(len(pdf))
        pdf.close()
    return statistics.mean(counts) if counts else 1.0


def run(min_seconds: float = 1.5) -> None:
    files = _files()
    baselines = _baselines()
    per_report: dict[str, float] = {}
    print("docs/s: documents per second on one core; ratio: full-parse time / baseline time")
    print(
        f"{'format':6} {'docs':>4} {'full parse/s':>12} {'front-end/s':>12} {'baseline/s':>11} "
        f"{'ratio':>6} {'peak MB':>8}  baseline"
    )
    for fmt, paths in files.items():
        if not paths:
            continue
        if fmt in ("doc", "scan"):
            paths = paths[:3]  # a LibreOffice start-up or an OCR run per file: a few are enough
        blobs = [(p.read_bytes(), p.name) for p in paths]
        if fmt == "scan":  # load both OCR engines' models outside the timings
            from parsers.formats.ocr_engine import models

            models()
            _rapidocr()
        secs = min_seconds if fmt not in ("doc", "scan") else 0.0
        full = _time(_full, blobs, secs)
        front = _time(_front_end(fmt), blobs, secs)
        base_name, base_fn = baselines[fmt]
        base = _time(base_fn, blobs, secs)
        peak = _peak(_full, blobs[:5]) if fmt not in ("doc", "scan") else _peak(_full, blobs[:1])
        per_report[fmt] = full
        print(
            f"{fmt:6} {len(paths):>4} {1 / full:>12.1f} {1 / front:>12.1f} {1 / base:>11.1f} "
            f"{full / base:>5.2f}x {peak:>8.1f}  {base_name}"
        )
    pages = _pdf_pages(files["pdf"])
    if "pdf" in per_report:
        print(f"pdf: {pages:.1f} pages per generated report, {per_report['pdf'] / pages * 1000:.0f} ms per page")
        per_report["pdf"] = per_report["pdf"] / pages * REAL_PDF_PAGES
    if "scan" in per_report:  # the scan fixture is one page; a scanned report has as many as a PDF
        per_report["scan"] *= REAL_PDF_PAGES
    print(f"max RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    print("OCR accuracy of scanned reports (cells right / wrong / null): python -m bench ocr")

    total_seconds = sum(REPORTS_PER_YEAR * share * per_report.get(fmt, 0.0) for fmt, share in MIX.items())
    print(
        f"\nprojection: {REPORTS_PER_YEAR:,} reports/year, mix "
        + ", ".join(f"{fmt} {share:.0%}" for fmt, share in MIX.items())
        + f", PDFs and scans of {REAL_PDF_PAGES} pages"
    )
    for fmt, share in MIX.items():
        if fmt in per_report:
            hours = REPORTS_PER_YEAR * share * per_report[fmt] / CORES / 3600
            print(f"  {fmt:5} {per_report[fmt]:7.3f} s/report  → {hours:6.2f} h on {CORES} cores")
    print(
        f"  full re-parse: {total_seconds / CORES / 3600:.1f} hours on {CORES} cores "
        f"(one process per core; LibreOffice and OCR dominate)"
    )


if __name__ == "__main__":
    run()
