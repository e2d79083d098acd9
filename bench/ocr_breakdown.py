"""Where OCR loses cells: per scan condition and per stage (``python -m bench.ocr_breakdown``).

Each condition is one degradation alone on a clean scan (rotation, speckle, a red or a
grey seal, grey paper, JPEG, blur), then the full variants of ``bench.ocr``.  Every
cell of the truth that is not read right is put down to the stage that lost it:

* ``table_lost``: no cell of its table was placed (grid not found, or not read as that table);
* ``row_lost``: its table was read but the cell was not placed (a row or column cut wrong,
  a label misread);
* ``unsure``: recognised below ``MIN_CONFIDENCE``;
* ``marks``, ``nothing_read``, ``stray_lines``, ``scar``, ``faint_point``, ``shape``, ``slant``, ``misaligned``,
  ``lost_rule``, ``false_rule``, ``not_a_value``: the reasons ``parsers.formats.scan.unreadable``
  gives for a value it does not publish;
* ``other_marker``: read as blank, a dash or text where the source printed a value;
* ``wrong``: a value published that differs.

``python -m bench.ocr_breakdown [--conditions a,b] [NAME ...]`` (default: four documents).
"""

from __future__ import annotations

import os
import sys
from collections import Counter

os.environ.setdefault("OMP_NUM_THREADS", "1")

from bench.ocr import GENERATED, VARIANTS, source_pdf, truth  # noqa: E402

_CLEAN = dict(rotate=0.0, noise=False, seal=None, paper=255, jpeg=0, blur=0.0)
CONDITIONS: dict[str, dict] = {
    "clean": {},
    "rotate": dict(rotate=1.5),
    "noise": dict(noise=True),
    "red_seal": dict(seal="red"),
    "grey_seal": dict(seal="grey"),
    "grey_paper": dict(paper=225),
    "jpeg": dict(jpeg=35),
    "blur": dict(blur=0.5),
    **{f"full_{k}": {**dict(rotate=0.8, noise=True, seal="red", jpeg=45, blur=0.5), **v} for k, v in VARIANTS.items()},
}
DEFAULT_DOCUMENTS = ["s000_seed", "s003_seed", "g01_2021_city", "g03_hybrid"]
REASONS = [
    "nothing_read",
    "marks",
    "stray_lines",
    "scar",
    "faint_point",
    "shape",
    "slant",
    "misaligned",
    "lost_rule",
    "false_rule",
    "off_page",
    "not_a_value",
    "unsure",
]


def _tagging_cell_text() -> None:
    """Null cells carry their reason as a negative confidence (this process only)."""
    from parsers.document import OCR_UNREADABLE, OcrText
    from parsers.formats import scan

    def cell_text(cell, why: str) -> OcrText:
        if why:
            return OcrText(OCR_UNREADABLE, -1.0 - REASONS.index(why))
        return OcrText(cell.text, cell.confidence)

    scan.cell_text = cell_text


def classify(report: dict, expected: dict) -> Counter:
    """Each truth cell as ``right``, ``wrong`` or the stage that lost it."""
    out: Counter = Counter()
    placed_tables = {code.split(".")[0] for code in report["raw"]}
    for code, value in expected["cells"].items():
        got = report["cells"].get(code)
        if got == value and (got is None) == (value is None):
            out["right"] += 1
        elif got is not None:
            out["wrong"] += 1
        elif code not in report["raw"]:
            out["table_lost" if code.split(".")[0] not in placed_tables else "row_lost"] += 1
        elif report["markers"].get(code) == "ocr_unreadable":
            c = report["confidence"].get(code, 0.0)
            out[REASONS[int(-c) - 1] if c < 0 else "unsure"] += 1
        else:
            out["other_marker"] += 1
    return out


def run(documents: list[str], conditions: list[str]) -> None:
    from docgen.scans import Degradation, image_pdf, scanned_pages
    from parsers import parse_bytes

    _tagging_cell_text()
    columns = ["right", "wrong", "table_lost", "row_lost", *REASONS, "other_marker"]
    print(f"{'condition':12} {'cells':>5} " + " ".join(f"{c[:11]:>11}" for c in columns))
    for name in conditions:
        total: Counter = Counter()
        for doc in documents:
            src = GENERATED / f"{doc}.pdf"
            expected = truth(src)
            printed = source_pdf(src, name.removeprefix("full_"))
            pages = scanned_pages(printed, Degradation(**{**_CLEAN, **CONDITIONS[name]}), seed=len(src.name))
            total += classify(parse_bytes(image_pdf(pages), filename=f"{doc}.scan.pdf"), expected)
        cells = sum(total.values())
        print(f"{name:12} {cells:>5} " + " ".join(f"{total[c]:>11}" for c in columns), flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    chosen = next((a.split("=", 1)[1] for a in args if a.startswith("--conditions=")), "")
    names = [a for a in args if not a.startswith("--")]
    run(names or DEFAULT_DOCUMENTS, chosen.split(",") if chosen else list(CONDITIONS))
