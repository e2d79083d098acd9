"""LibreOffice conversions (PDF, DOC) and scanned-PDF rendering.

LibreOffice start-up dominates (about 1 s), so ``convert_many`` converts a
batch in one invocation.  Each call uses a private profile directory so
parallel workers do not collide on LibreOffice's user-profile lock.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")  # None: not installed

# print faces other than LibreOffice's own substitutes (fontconfig files): "song" prints 宋体
# in a Song face, as Word does, where LibreOffice would print it in Noto Sans CJK
FACES = {"song": Path(__file__).with_name("fonts") / "song.conf"}

# docx -> doc directly makes LibreOffice write a .doc whose tables it cannot read back
# (shared/research/ecosystem.md §6.3); going through .odt keeps the tables.
_FILTERS = {"pdf": "pdf", "doc": "doc:MS Word 97", "docx": "docx:MS Word 2007 XML", "odt": "odt"}


def convert_many(
    paths: Iterable[str | Path], to: str, outdir: str | Path, *, timeout: float = 300, face: str | None = None
) -> list[Path]:
    """Convert files with one LibreOffice run; returns the output paths in input order.
    ``face``: a print face of ``FACES`` (None: LibreOffice's own font substitutes)."""
    paths = [Path(p) for p in paths]
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    if not paths:
        return []
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        cmd = [
            SOFFICE or "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            _FILTERS.get(to, to),
            "--outdir",
            str(outdir),
            *map(str, paths),
        ]
        env = dict(os.environ, FONTCONFIG_FILE=str(FACES[face])) if face else None
        subprocess.run(cmd, check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    ext = to.split(":")[0]
    outs = [outdir / (p.stem + "." + ext) for p in paths]
    missing = [str(o) for o in outs if not o.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {missing}")
    return outs


def _convert_bytes(data: bytes, suffix: str, chain: list[str]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="docgen-") as tmp:
        src = Path(tmp) / f"report{suffix}"
        src.write_bytes(data)
        for i, to in enumerate(chain):
            src = convert_many([src], to, Path(tmp) / f"step{i}")[0]
        return src.read_bytes()


def render_pdf(report: dict) -> bytes:
    from docgen.word import render_docx

    return _convert_bytes(render_docx(report), ".docx", ["pdf"])


def render_doc(report: dict) -> bytes:
    from docgen.word import render_docx

    return _convert_bytes(render_docx(report), ".docx", ["odt", "doc"])


def docx_to_doc_many(docx_paths: Iterable[str | Path], outdir: str | Path) -> list[Path]:
    """Batch .docx -> .doc through .odt (two LibreOffice runs for the whole batch)."""
    outdir = Path(outdir)
    with tempfile.TemporaryDirectory(prefix="docgen-odt-") as tmp:
        odts = convert_many(docx_paths, "odt", tmp)
        return convert_many(odts, "doc", outdir)


def scan_pdf(pdf: bytes, *, dpi: int = 150, seed: int = 0, quality: int = 55) -> bytes:
    """Rasterise a PDF, add mild scanner noise and skew, and wrap the page images in a
    PDF without a text layer (what a 图片版 report is)."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    doc = pdfium.PdfDocument(pdf)
    pages: list[Image.Image] = []
    try:
        for page in doc:
            img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            img = img.rotate(rng.uniform(-0.6, 0.6), resample=Image.BILINEAR, fillcolor=255, expand=False)
            noise = Image.effect_noise(img.size, 18).point(lambda v: 255 if v > 120 else 235)
            img = Image.composite(img, noise, img.point(lambda v: 0 if v > 200 else 255))
            img = img.filter(ImageFilter.GaussianBlur(0.4))
            pages.append(img)
    finally:
        doc.close()
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:], quality=quality)
    return buf.getvalue()


def render_scan_pdf(report: dict, *, pdf: bytes | None = None, dpi: int = 150) -> bytes:
    """An image-only PDF of the report (pass ``pdf`` to reuse an already rendered one)."""
    return scan_pdf(pdf if pdf is not None else render_pdf(report), dpi=dpi, seed=report.get("seed", 0))
