"""Scanned reports (image-only PDFs, page images) → Document, by OCR.

Pages are rendered with pypdfium2 at 300 dpi and read by Debian's
tesseract (``chi_sim``) in a subprocess, one page at a time, with
``OMP_THREAD_LIMIT=1`` so parallel workers do not oversubscribe the cores.

OCR text is good for prose (search, the year, the agency) but table cells
are not reliable: on generated scans of ruled tables tesseract drops most
single-digit cells and misreads others (``bench/parsers.py`` measures it).
So the Document keeps the OCR paragraphs and carries no tables, and its
``error`` starts with ``needs_ocr:`` so the report is recorded as needing
OCR rather than as a report with empty tables.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..document import Document
from ..limits import fit_pixels, render_scale

TESSERACT = shutil.which("tesseract") or "tesseract"
DPI = 300
PAGE_TIMEOUT = 120
MAX_PAGES = 40
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef])[ ]+(?=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef])")


def _page_images(data: bytes) -> list:
    """PIL images of the pages (a PDF) or of the image itself."""
    from PIL import Image

    if data.lstrip()[:5].startswith(b"%PDF"):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            return [pdf[i].render(scale=render_scale(*pdf[i].get_size(), DPI), grayscale=True).to_pil()
                    for i in range(min(len(pdf), MAX_PAGES))]
        finally:
            pdf.close()
    img = Image.open(io.BytesIO(data))
    frames = []
    for i in range(min(getattr(img, "n_frames", 1), MAX_PAGES)):  # an animated GIF is no 10,000-page report
        img.seek(i)
        frame = img.convert("L")
        if frame.width < 1800:  # a low-resolution page photo: bring it near 300 dpi for tesseract
            scale = 2480 / frame.width
            frame = frame.resize(fit_pixels(2480, round(frame.height * scale)), Image.LANCZOS)
        frames.append(frame)
    return frames


def ocr_image(image, *, lang: str = "chi_sim", psm: int = 3) -> str:
    """Tesseract's text of one page image."""
    with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
        path = Path(tmp) / "page.png"
        image.save(path)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        proc = subprocess.run([TESSERACT, str(path), "stdout", "-l", lang, "--psm", str(psm)],
                              capture_output=True, timeout=PAGE_TIMEOUT, env=env, check=False)
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr.decode("utf-8", "replace").strip()[:200])
        return proc.stdout.decode("utf-8", "replace")


def _paragraphs(text: str) -> list[str]:
    """OCR lines → paragraphs (blank lines separate them); CJK-internal spaces removed."""
    out: list[str] = []
    for chunk in re.split(r"\n\s*\n", text):
        joined = "".join(line.strip() for line in chunk.splitlines() if line.strip())
        joined = _CJK_GAP.sub("", joined)
        if joined:
            out.append(joined)
    return out


def to_document(data: bytes, *, filename: str | None = None, url: str | None = None,
                reason: str = "image-only document", ocr: bool = True) -> Document:
    doc = Document(format="scan")
    if not shutil.which(TESSERACT):
        doc.error = f"needs_ocr: {reason}; tesseract is not installed"
        return doc
    try:
        pages = _page_images(data)
    except Exception as exc:  # a broken image or PDF
        doc.error = f"corrupt: {type(exc).__name__}: {exc}"
        return doc
    if ocr:
        for n, image in enumerate(pages, start=1):
            try:
                # binarised pages read as well and about twice as fast as noisy grey ones
                doc.blocks += _paragraphs(ocr_image(image.convert("L").point(lambda v: 255 if v > 160 else 0)))
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                doc.warnings.append(f"OCR failed on page {n}: {exc}")
    doc.meta["pages"] = str(len(pages))
    doc.warnings.append(f"OCR text from {len(pages)} page(s) kept for search; table cells not read")
    doc.error = f"needs_ocr: {reason}; table digits from OCR are not reliable"
    return doc
