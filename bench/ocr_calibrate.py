"""Calibrate the OCR confidence threshold (``parsers.formats.scan.MIN_CONFIDENCE``).

Parses scanned renders with the threshold off and lists each value cell's confidence
beside whether its value was right; prints, for candidate thresholds, how many cells
would be published right, wrong and null.  ``python -m bench.ocr_calibrate [NAME ...]``.
"""

from __future__ import annotations

import sys

from bench.ocr import VARIANTS, source_pdf, sources, truth


def run(names: list[str] | None = None) -> None:
    from docgen.scans import Degradation, image_pdf, scanned_pages
    from parsers import parse_bytes
    from parsers.formats import scan

    scan.MIN_CONFIDENCE = 0.0  # read everything; the threshold is applied below
    samples: list[tuple[float, bool]] = []
    for src in sources(names or []):
        expected = truth(src)
        for variant, kw in VARIANTS.items():
            # another seed than bench.ocr's: the threshold is not fitted on what it is judged on
            pages = scanned_pages(source_pdf(src, variant), Degradation(**kw), seed=len(src.name) + 100)
            report = parse_bytes(image_pdf(pages), filename=f"{src.stem}.scan.pdf")
            for code, value in expected["cells"].items():
                got = report["cells"].get(code)
                if got is not None and code in report["confidence"]:
                    samples.append((report["confidence"][code], got == value))
                    if got != value:
                        print(f"    wrong {variant} {code}: {got!r} for {value!r} at {report['confidence'][code]:.3f}")
            print(f"{src.stem}: {len(samples)} samples", flush=True)
    print(f"{'threshold':>9} {'published':>9} {'wrong':>6} {'wrong %':>8}")
    for t in (0.0, 0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
        kept = [ok for c, ok in samples if c >= t]
        wrong = sum(1 for ok in kept if not ok)
        print(f"{t:>9.2f} {len(kept):>9} {wrong:>6} {wrong / max(1, len(kept)):>8.3%}")


if __name__ == "__main__":
    run(sys.argv[1:])
