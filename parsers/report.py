"""Assemble the report JSON of DESIGN.md from a Document."""

from __future__ import annotations

import re

from . import cells as registry
from .charmap import fold_document
from .checks import plausibility, run_checks
from .document import Document, OcrText
from .meta import Meta, read_meta
from .sections import SECTION_KEYS, split_sections
from .tables import Reading, read_tables

_ATTACHMENT_HINT = re.compile(r"详见附件|见附件|相关附件|附件[:：]|附表|如下图|见下图|图片")


def empty_report(file: str | None, fmt: str, error: str | None) -> dict:
    return {
        "file": file,
        "format": fmt,
        "title": None,
        "agency": None,
        "year": None,
        "published": None,
        "layout": "needs_ocr" if fmt == "scan" else "nonstandard",
        "layouts": {"t2": None, "t3": None, "t4": None},
        "cells": {},
        "raw": {},
        "markers": {},
        "flags": {},
        "checks": [],
        "sections": {k: "" for k in SECTION_KEYS},
        "warnings": [],
        "error": error,
        "text": "",
        "read_by": "ocr" if fmt == "scan" else "text",
        "confidence": {},
    }


_NO_TABLES = ("pre2019", "nonstandard", "tables_missing", "needs_ocr")


def _scan_report(doc: Document, report: dict, warnings: list[str]) -> dict:
    """A scan: OCR text serves the metadata and the sections, never the table cells."""
    warnings.append(doc.error or "needs_ocr")
    meta = read_meta(doc)
    warnings.extend(meta.warnings)
    report.update(
        title=meta.title,
        agency=meta.agency,
        year=meta.year,
        published=meta.published,
        layout="needs_ocr",
        sections=split_sections(doc),
        warnings=warnings,
    )
    return report


def _layout_without_tables(doc: Document, reading: Reading, meta: Meta) -> str:
    if reading.pre2019 or (meta.year is not None and meta.year <= 2018) or _old_outline(doc):
        return "pre2019"
    if doc.format == "scan" or any("ocr" in w.lower() for w in doc.warnings) and not doc.text().strip():
        return "needs_ocr"
    headings = sum(1 for k in ("proactive", "requests", "review") if k in _headings_seen(doc))
    if headings >= 2 or _ATTACHMENT_HINT.search(doc.text()):
        return "tables_missing"
    return "nonstandard"


def _layout(doc: Document, reading: Reading, meta: Meta, warnings: list[str]) -> str:
    """The report's layout: its tables' when they agree, ``hybrid`` when not, else why none was read."""
    l2, l3 = reading.layouts["t2"], reading.layouts["t3"]
    if l2 and l3:
        layout = l2 if l2 == l3 else "hybrid"
        if layout == "hybrid":
            warnings.append(f"hybrid: table 2 has the {l2} layout, table 3 the {l3} layout")
    elif l2 or l3:
        layout = l2 or l3
        warnings.append(f"table {'3' if l2 else '2'} not found")
    else:
        layout = _layout_without_tables(doc, reading, meta)
    if layout in _NO_TABLES and not doc.text().strip():
        layout = "needs_ocr" if doc.format in ("scan", "pdf") else layout
        warnings.append("no text in the document")
    return layout


def _layout_codes(reading: Reading, warnings: list[str]) -> list[str]:
    """Every code of the detected layout: a table that was not found is listed as null."""
    l2, l3 = reading.layouts["t2"], reading.layouts["t3"]
    codes = list(reading.codes)
    if l2 is None:
        codes = registry.codes_for(l3 or "2021", 2) + codes
    if l3 is None:
        codes += registry.codes_for(l2 or "2021", 3)
    if reading.layouts["t4"] is None:
        codes += registry.codes_for("2021", 4)
        warnings.append("table 4 not found")
    return codes


def _cell_fields(reading: Reading, codes: list[str]) -> dict[str, dict]:
    """cells, raw, markers, flags (how a value was read when not plainly, format-spec §5 C2), confidence."""
    out: dict[str, dict] = {"cells": {}, "raw": {}, "markers": {}, "flags": {}, "confidence": {}}
    for code in codes:
        pv = reading.values.get(code)
        out["cells"][code] = pv.value if pv else None
        if pv is None:
            continue
        out["raw"][code] = reading.raw[code]
        if pv.value is None and pv.marker:
            out["markers"][code] = pv.marker
        if pv.flags:
            out["flags"][code] = list(pv.flags)
        if isinstance(reading.raw[code], OcrText):  # read by OCR: how sure the recogniser was
            out["confidence"][code] = round(reading.raw[code].confidence, 3)
        if pv.marker == "ocr_unreadable":
            out["raw"][code] = ""  # what OCR made of the cell is a guess: not published
    return out


def build_report(doc: Document, file: str | None) -> dict:
    needs_ocr = bool(doc.error and doc.error.startswith("needs_ocr"))
    if doc.error and not needs_ocr:
        return empty_report(file, doc.format, doc.error)
    report = empty_report(file, doc.format, None)
    fold_document(doc)  # radical code points of PDF text layers → the characters they stand for
    report["text"] = doc.text()  # the whole document, for full-text search in the archive
    warnings: list[str] = list(doc.warnings)
    if needs_ocr:
        return _scan_report(doc, report, warnings)
    meta = read_meta(doc)
    reading = read_tables(doc)
    sections = split_sections(doc)
    layout = _layout(doc, reading, meta, warnings)
    tables_read = layout not in _NO_TABLES
    layouts = dict(reading.layouts) if tables_read else {"t2": None, "t3": None, "t4": None}
    fields = _cell_fields(reading, _layout_codes(reading, warnings) if tables_read else [])
    cells = fields["cells"]
    l2, l3 = reading.layouts["t2"], reading.layouts["t3"]
    checks = run_checks(cells, (l3 or l2) if cells else None, reading.t3_merged_legal, bool(cells))
    warnings.extend(meta.warnings)
    warnings.extend(_mirror_signs(doc.text()))
    warnings.extend(reading.warnings)
    warnings.extend(plausibility(cells, meta.agency))
    report.update(
        title=meta.title,
        agency=meta.agency,
        year=meta.year,
        published=meta.published,
        layout=layout,
        layouts=layouts,
        cells=cells,
        raw=fields["raw"],
        markers=fields["markers"],
        checks=checks,
        sections=sections,
        warnings=warnings,
    )
    report["flags"] = fields["flags"]
    report["confidence"] = fields["confidence"]
    report["read_by"] = "ocr" if doc.meta.get("read_by") == "ocr" else "text"
    if reading.ext_labels:
        report["ext_labels"] = dict(reading.ext_labels)
    return report


_OLD_SECTIONS = re.compile(
    r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*(概述|.{0,10}收费及减免|.{0,10}申诉情况|.{0,6}依申请公开和不予公开)"
)


_PINYIN_AFTER_CHAR = re.compile(r"[\u4e00-\u9fff][(（][a-zü]{1,6}[)）]")
_TRADITIONAL = set("開資與為報們實數條門這國會對發關經過進區處辦證項歸讓應當見統計務機構")


def _mirror_signs(text: str) -> list[str]:
    """Copies republished on unrelated sites: pinyin after each character, or converted to traditional."""
    out = []
    if len(_PINYIN_AFTER_CHAR.findall(text)) >= 20:
        out.append("pinyin inserted after the characters: a mirror copy, not the agency's text")
    if sum(1 for ch in text if ch in _TRADITIONAL) >= 30:
        out.append("text converted to traditional characters: a mirror copy, not the agency's text")
    if text.count("\ufffd") >= 20:
        # a GBK page decoded as UTF-8 (or the reverse) before it reached us: the characters are gone
        out.append(
            f"text carries {text.count(chr(0xFFFD))} replacement characters (U+FFFD): decoded with the "
            "wrong charset before it reached the parser; names and labels are lost"
        )
    return out


def _old_outline(doc: Document) -> bool:
    """Sections of the 2008 Regulations (Art. 32): 概述, 收费及减免, 复议诉讼和申诉."""
    hits = sum(1 for p in doc.paragraphs() for line in p.split("\n") if _OLD_SECTIONS.match(line))
    return hits >= 2


def _headings_seen(doc: Document) -> set[str]:
    from .sections import _heading

    seen: set[str] = set()
    for p in doc.paragraphs():
        for line in p.split("\n"):
            k = _heading(line)
            if k:
                seen.add(k)
    return seen
