"""OCR on tables printed in other shapes than the corpus's (``python -m bench.ocr_shapes``).

Real reports' tables are not all fully ruled in solid black.  Each shape is drawn
on a clean 200-dpi render of every corpus document, then read; cells right,
wrong (published and different) and null, per shape:

* ``plain``: as rendered, the reference;
* ``shaded``: the header rows shaded grey (a Word table's header style);
* ``no_sides``: no left and right borders (a Word table with its side borders off);
* ``dashed``: the inner horizontal rules dashed (虚线).

The edits are made where the clean render's ruling lines are (found with the
reader's own grid finder, on the clean page: only where to draw comes from it).
``python -m bench.ocr_shapes [--shapes=a,b] [NAME ...]``.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")

from bench.ocr import score, sources, truth  # noqa: E402

SHAPES = ("plain", "shaded", "no_sides", "dashed")


def _drawn(page, shape: str):
    """The clean page with its tables reprinted in ``shape``."""
    import numpy as np
    from PIL import Image

    from parsers.formats.ocr_grid import find_tables, ink_mask, opened

    a = np.asarray(page.convert("RGB")).copy()
    ink = ink_mask(a[:, :, 0].copy())
    for t in find_tables(ink):
        b = t.box
        if shape == "shaded":
            for cell in [c for row in t.rows[:2] for c in row]:
                region = (slice(cell.y0 + 2, cell.y1 - 1), slice(cell.x0 + 2, cell.x1 - 1))
                a[region] = np.minimum(a[region], 215)
        elif shape == "no_sides":
            a[b.y0 - 2 : b.y1 + 3, max(0, b.x0 - 3) : b.x0 + 4] = 255
            a[b.y0 - 2 : b.y1 + 3, b.x1 - 4 : b.x1 + 3] = 255
        elif shape == "dashed":
            rules = opened(ink, (60, 1))[b.y0 + 6 : b.y1 - 6, b.x0 : b.x1]
            ys, xs = np.nonzero(rules)
            gap = (xs // 4) % 2 == 1  # 4 px on, 4 px off
            a[ys[gap] + b.y0 + 6, xs[gap] + b.x0] = 255
    return Image.fromarray(a)


def run(names: list[str] | None = None, shapes: list[str] | None = None) -> None:
    from docgen.scans import Degradation, image_pdf, scanned_pages
    from parsers import parse_bytes

    clean = Degradation(rotate=0.0, noise=False, seal=None, jpeg=0, blur=0.0, dpi=200)
    shapes = shapes or list(SHAPES)
    totals = {s: [0, 0, 0] for s in shapes}
    print(f"{'document':28} {'shape':9} {'right':>5} {'wrong':>5} {'null':>5}")
    for src in sources(names or []):
        expected = truth(src)
        pages = scanned_pages(src.read_bytes(), clean, seed=1)
        for shape in shapes:
            drawn = pages if shape == "plain" else [_drawn(p, shape) for p in pages]
            report = parse_bytes(image_pdf(drawn, dpi=200), filename=f"{src.stem}.scan.pdf")
            right, wrong, null, notes = score(report, expected)
            for k, n in enumerate((right, wrong, null)):
                totals[shape][k] += n
            print(f"{src.stem:28} {shape:9} {right:>5} {wrong:>5} {null:>5}  {' '.join(notes[:3])}", flush=True)
    print()
    for shape, (right, wrong, null) in totals.items():
        cells = max(1, right + wrong + null)
        print(f"{shape:9} cells {cells}: right {right / cells:.2%}, wrong {wrong / cells:.3%}, null {null / cells:.2%}")


if __name__ == "__main__":
    args = sys.argv[1:]
    picked = next((a.split("=", 1)[1] for a in args if a.startswith("--shapes=")), "")
    run([a for a in args if not a.startswith("--")], picked.split(",") if picked else list(SHAPES))
