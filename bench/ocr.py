"""OCR of scanned reports: cell accuracy and seconds per page (``python -m bench ocr``).

Every rendered PDF of the generated corpus (synthetic reports and the five
real seeds) is scanned by ``docgen.scans`` under named degradations and
parsed; each cell is compared with the truth: right, wrong (a value
published that differs: the figure that must stay at or under 0.1%) or
null (unreadable: the cost of never guessing).  Speed is seconds per page
of our reader on one core, beside rapidocr's own whole-page pass (detection
+ classification + recognition) on the same page images as the baseline.

``python -m bench.ocr [--quick] [--variants=colour,grey] [NAME ...]``: ``--quick`` uses
the seeds only; ``--variants`` the named scan variants only (default: all).
"""

from __future__ import annotations

import functools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "tests" / "parsers" / "corpus" / "generated"

VARIANTS = {
    # a colour scan: red seal, speckle, skew, JPEG
    "colour": dict(),
    # a greyscale scan of grey paper: the seal stays dark over the cells, stronger skew and JPEG
    "grey": dict(seal="grey", paper=225, rotate=1.5, jpeg=35),
    # a photocopy: the seal where real seals sit (over the signature, and the table's last
    # rows when they are near), in a dark grey, with a hand stamp's uneven ink
    "copy": dict(seal="dark", seal_at="end", uneven=True, paper=225, rotate=1.5, jpeg=35),
    # a phone photo of a stamped page: keystone and bulge, the red seal at the signature
    "photo": dict(seal_at="end", uneven=True, warp=0.012, rotate=1.0),
    # a black-and-white scan at 200 dpi (one bit a pixel, stored CCITT G4): the red seal at the
    # signature as black as print where its ink is thick, speckle black too
    "bw": dict(bitonal=True, seal_at="end", uneven=True, jpeg=0, rotate=1.0, dpi=200),
    # the colour scan of a stack fed any way round: each page upright, a quarter turn or upside down
    "turned": dict(turn=True),
    # a flipbook's page pictures at 120 dpi (a page about 1,000 px wide), the seal at the signature
    "low": dict(seal_at="end", dpi=120),
    # the colour scan of a Word print in a Song face (宋体 as Word prints it; the corpus's PDFs
    # print it in a sans face): serifs, thin strokes, other digits
    "song": dict(),
}
PRINTED_IN = {"song": "song"}  # variants printed from the DOCX in a face of docgen.office.FACES
FIRST = ("colour", "grey")  # the variants of the first measurements: their total stays comparable


def sources(names: list[str], *, quick: bool = False) -> list[Path]:
    """The corpus's rendered PDFs whose names hold one of ``names`` (all when none; the
    real seeds' only when ``quick``)."""
    paths = sorted(p for p in GENERATED.glob("*.pdf") if not p.name.endswith(".scan.pdf"))
    if names:
        return [p for p in paths if any(n in p.name for n in names)]
    return [p for p in paths if p.name.startswith("s")] if quick else paths


def truth(src: Path) -> dict:
    """The expected report of a corpus PDF (its ``.expected.json``)."""
    return json.loads(Path(f"{src}.expected.json").read_text(encoding="utf-8"))


@functools.cache
def source_pdf(src: Path, variant: str) -> bytes:
    """The PDF a variant scans: the corpus's own, or its DOCX printed in the variant's face."""
    face = PRINTED_IN.get(variant)
    if face is None:
        return src.read_bytes()
    from docgen.office import convert_many

    with tempfile.TemporaryDirectory(prefix="bench-print-") as tmp:
        return convert_many([src.with_suffix(".docx")], "pdf", tmp, face=face)[0].read_bytes()


def score(report: dict, expected: dict) -> tuple[int, int, int, list[str]]:
    right = wrong = null = 0
    notes: list[str] = []
    for code, value in expected["cells"].items():
        got = report["cells"].get(code)
        if got == value and (got is None) == (value is None):
            right += 1
        elif got is None:
            null += 1
        else:
            wrong += 1
            notes.append(f"{code}: {got!r} for {value!r}")
    return right, wrong, null, notes


def _baseline_seconds(pages: list) -> float:
    """rapidocr's whole-page pass on the same page images, one intra-op thread."""
    import numpy as np
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    started = time.perf_counter()
    for page in pages:
        engine(np.array(page.convert("RGB"))[:, :, ::-1])
    return (time.perf_counter() - started) / len(pages)


def _print_totals(totals: dict[str, list[int]], meta_ok: int, docs: int, seconds: list[float], page_count: int) -> None:
    """Cells right, wrong and null per scan variant and in all; our reader's time per page."""
    print()
    for variant, (right, wrong, null) in totals.items():
        cells = right + wrong + null
        if cells:
            print(
                f"{variant:7} cells {cells}: right {right / cells:.2%}, wrong {wrong / cells:.3%}, "
                f"null {null / cells:.2%}"
            )
    for name, variants in (("colour+grey", FIRST), ("all", tuple(totals))):
        chosen = [totals[v] for v in variants if v in totals]
        all_cells = sum(sum(t) for t in chosen)
        if all_cells:
            right, wrong = sum(t[0] for t in chosen), sum(t[1] for t in chosen)
            print(f"{name:11} cells {all_cells}: right {right / all_cells:.2%}, wrong {wrong / all_cells:.3%}")
    print(f"agency+year+layout right in {meta_ok}/{docs} documents")
    if seconds:
        mean = sum(seconds) / len(seconds)
        print(
            f"our reader: {mean:.1f} s per page (mean of {len(seconds)} documents, {page_count} pages, "
            f"1 onnxruntime thread)"
        )


def run(quick: bool = False, names: list[str] | None = None, variants: list[str] | None = None) -> None:
    from docgen.scans import Degradation, image_pdf, scanned_pages
    from parsers import parse_bytes
    from parsers.formats.ocr_engine import models

    models()  # loaded once, outside the timings
    chosen = {v: kw for v, kw in VARIANTS.items() if not variants or v in variants}
    totals = {v: [0, 0, 0] for v in chosen}
    seconds: list[float] = []
    page_count = 0
    meta_ok = 0
    docs = 0
    first_pages = None
    print(f"{'document':28} {'scan':7} {'right':>5} {'wrong':>5} {'null':>5} {'s/page':>6}  meta")
    for src in sources(names or [], quick=quick):
        expected = truth(src)
        for variant, kw in chosen.items():
            pages = scanned_pages(source_pdf(src, variant), Degradation(**kw), seed=len(src.name))
            first_pages = first_pages or pages
            started = time.perf_counter()
            report = parse_bytes(image_pdf(pages), filename=f"{src.stem}.scan.pdf")
            per_page = (time.perf_counter() - started) / len(pages)
            seconds.append(per_page)
            page_count += len(pages)
            right, wrong, null, notes = score(report, expected)
            for k, n in enumerate((right, wrong, null)):
                totals[variant][k] += n
            meta = (
                report["agency"] == expected["agency"],
                report["year"] == expected["year"],
                report["layout"] == expected["layout"],
            )
            docs += 1
            meta_ok += all(meta)
            print(
                f"{src.stem:28} {variant:7} {right:>5} {wrong:>5} {null:>5} {per_page:>6.1f}  "
                f"{'ok' if all(meta) else 'agency/year/layout ' + str(meta)}",
                flush=True,
            )
            for note in notes[:5]:
                print(f"    wrong: {note}")
    _print_totals(totals, meta_ok, docs, seconds, page_count)
    if first_pages:
        base = _baseline_seconds(first_pages)
        print(f"baseline, rapidocr whole-page pass (det+cls+rec) on the same pages: {base:.1f} s per page")


if __name__ == "__main__":
    args = sys.argv[1:]
    picked = next((a.split("=", 1)[1] for a in args if a.startswith("--variants=")), "")
    run(
        quick="--quick" in args,
        names=[a for a in args if not a.startswith("--")],
        variants=picked.split(",") if picked else None,
    )
