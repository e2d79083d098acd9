"""The rows of one report in every table that holds it (pure: the report's documents and their
parse results in, rows out).  A full build and a nightly increment write the same rows."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from archive import schema
from archive.assemble import Doc
from archive.crosschecks import YearTables
from identity import split_report_id
from parsers import cells as registry
from parsers.checks.documents import source_agreement

log = logging.getLogger("archive.build")

SECTION_KEYS = [k for k, _, _ in schema.SECTIONS]
CROSS_YEAR_CODES = (
    {f"t3.carried_over.{c}" for c in (col.key for col in registry.T3_COLUMNS)}
    | {f"t3.carried_forward.{c}" for c in (col.key for col in registry.T3_COLUMNS)}
    | {f"t2.{r}.{c}" for r in ("rules", "normative") for c in ("issued", "repealed", "in_force")}
)
# the checks across_years() writes: recomputed for an agency whenever one of its reports changes
CROSS_YEAR_CHECKS = ("5", "6")
WIDE = (
    ("report_t2", "t2", schema.t2_codes()),
    ("report_t3_totals", "t3", schema.t3_total_codes()),
    ("report_t4", "t4", schema.t4_codes()),
)
# every table with one or more rows per report, keyed by its column ``report``
PER_REPORT_TABLES = (
    "report_texts",
    "report_documents",
    "report_cells",
    "report_checks",
    "report_builds",
    *(t for t, _, _ in WIDE),
)

ParseOf = Callable[[str], dict[str, Any] | None]


def blob_link(sha256: str | None) -> str | None:
    return f"/-/blob/{sha256}" if sha256 else None


def text_of(result: dict[str, Any]) -> str:
    """The report's text: the parser's ``text`` if it gives one, else its sections joined."""
    text = result.get("text")
    if isinstance(text, str) and text.strip():
        return text
    sections = result.get("sections") or {}
    return "\n\n".join(str(sections.get(k) or "") for k in SECTION_KEYS if sections.get(k)).strip()


def fingerprint(rid: str, members: list[Doc], place: dict[str, Any], version: str) -> str:
    """What the report's rows are made of: equal fingerprints, equal rows (the parse cache is
    keyed by SHA-256 and parser version; every other input is a field of a document or of the
    agency's place)."""
    docs = [
        [
            d.sha256,
            d.kind,
            d.where,
            d.page_url,
            d.title,
            d.link_text,
            d.published,
            d.layout,
            d.format,
            d.read_by,
            d.cells_reported,
            d.parse_status,
            d.has_blob,
            d.vanished_at,
        ]
        for d in members
    ]
    payload = [rid, version, place.get("province"), place.get("level"), place.get("city_code"), docs]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()


def _report_row(rid: str, members: list[Doc], result: dict[str, Any], place: dict[str, Any]) -> dict[str, Any]:
    chosen = members[0]
    agency, year = split_report_id(rid)
    layouts = result.get("layouts") or {}
    page = next((d for d in members if d.kind == "report_page"), None)
    return {
        "id": rid,
        "agency": agency,
        "year": year,
        "province": place["province"],
        "level": place["level"],
        "title": chosen.title or next((d.title for d in members if d.title), None) or chosen.link_text,
        "published": chosen.published or min((d.published for d in members if d.published), default=None),
        "layout": chosen.layout,
        "layout_t2": layouts.get("t2"),
        "layout_t3": layouts.get("t3"),
        "layout_t4": layouts.get("t4"),
        "needs_ocr": int(chosen.layout == "needs_ocr" or chosen.format == "scan"),
        "read_by": chosen.read_by,
        "city_code": place["city_code"],
        "url": (page.where if page else None) or chosen.page_url or chosen.where,
        "document_url": chosen.where,
        "source_document": chosen.sha256,
        "archived_copy": blob_link(chosen.sha256) if chosen.has_blob else None,
        "source_documents": json.dumps([d.sha256 for d in members]),
        "cells_reported": chosen.cells_reported,
        "checks_failed": 0,
        "checks_status": None,
        "warnings": json.dumps(result.get("warnings") or [], ensure_ascii=False),
        "vanished_at": max(d.vanished_at for d in members) if all(d.vanished_at for d in members) else None,
    }


def _text_row(
    rid: str, members: list[Doc], result: dict[str, Any], parse_of: ParseOf, title: str | None
) -> dict[str, Any]:
    texts = [text_of(result)] + [text_of(parse_of(d.sha256) or {}) for d in members[1:]]
    text = texts[0] or max(texts, key=len, default="")
    sections = result.get("sections") or {}
    return {
        "report": rid,
        "title": title,
        "text": text or None,
        **{f"section_{k}": sections.get(k) or None for k in SECTION_KEYS},
    }


def _cell_rows(rid: str, result: dict[str, Any]) -> list[dict[str, Any]]:
    cells, raw, markers = result.get("cells") or {}, result.get("raw") or {}, result.get("markers") or {}
    flags = result.get("flags") or {}
    rows = []
    for code in sorted(cells, key=_code_order):
        if code not in registry.CELLS:
            log.warning("%s: cell code %s is not in the registry, not stored", rid, code)
            continue
        rows.append(
            {
                "report": rid,
                "code": code,
                "table_no": registry.CELLS[code].table,
                "value": cells[code],
                "raw": raw.get(code),
                "marker": markers.get(code),
                "flag": ",".join(flags.get(code) or []) or None,
            }
        )
    return rows


def _check_rows(
    rid: str, members: list[Doc], result: dict[str, Any], parse_of: ParseOf, common: dict[str, Any]
) -> list[dict[str, Any]]:
    rows, seen = [], set()
    for check in result.get("checks") or []:
        key = (str(check.get("check")), str(check.get("scope") or ""))
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "report": rid,
                "check_id": key[0],
                "scope": key[1],
                "status": check.get("status"),
                "lhs": check.get("lhs"),
                "rhs": check.get("rhs"),
                "diff": check.get("diff"),
                "expr": check.get("expr"),
                **common,
            }
        )
    chosen = members[0]
    for other in members[1:]:
        if other.parse_status != "ok":
            continue
        status, _compared, _equal, differing, expr = source_agreement(result, parse_of(other.sha256) or {})
        if status == "not_assessable" and not chosen.cells_reported:
            continue  # neither gives cells: nothing to agree on
        rows.append(
            {
                "report": rid,
                "check_id": schema.SOURCE_AGREEMENT,
                "scope": other.sha256,
                "status": status,
                "lhs": chosen.cells_reported,
                "rhs": other.cells_reported,
                "diff": differing if status != "not_assessable" else None,
                "expr": expr,
                **common,
            }
        )
    return rows


def report_rows(
    rid: str, members: list[Doc], place: dict[str, Any], parse_of: ParseOf, version: str
) -> tuple[dict[str, list[dict[str, Any]]], YearTables]:
    """Every row of report ``rid`` (documents best first), by table; and its cells for the cross-year checks."""
    chosen = members[0]
    result = parse_of(chosen.sha256) or {}
    agency, year = split_report_id(rid)
    report = _report_row(rid, members, result, place)
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows["reports"].append(report)
    rows["report_texts"].append(_text_row(rid, members, result, parse_of, report["title"]))
    rows["report_builds"].append({"report": rid, "fingerprint": fingerprint(rid, members, place, version)})
    for i, d in enumerate(members):
        rows["report_documents"].append(
            {
                "report": rid,
                "document": d.sha256,
                "role": "chosen" if i == 0 else "alternative",
                "kind": d.kind,
                "format": d.format,
                "url": d.where,
                "cells_reported": d.cells_reported,
                "archived_copy": blob_link(d.sha256) if d.has_blob else None,
            }
        )
    rows["report_cells"] = _cell_rows(rid, result)
    common = {"soft": 0, "year": int(year), "layout": chosen.layout, "province": place["province"]}
    rows["report_checks"] = _check_rows(rid, members, result, parse_of, common)
    layouts, cells = result.get("layouts") or {}, result.get("cells") or {}
    place_fields = {"agency": agency, "year": year, "province": place["province"], "level": place["level"]}
    for table, key, codes in WIDE:
        if layouts.get(key):
            rows[table].append(
                {
                    "report": rid,
                    **place_fields,
                    f"layout_{key}": layouts[key],
                    **{schema.wide_column(c): cells.get(c) for c in codes},
                }
            )
    year_tables = YearTables(
        rid,
        agency,
        int(year),
        layouts.get("t2"),
        layouts.get("t3"),
        {c: v for c, v in cells.items() if c in CROSS_YEAR_CODES},
    )
    return rows, year_tables


def _code_order(code: str) -> tuple[int, str]:
    order = _CODE_ORDER.get(code)
    return (order, "") if order is not None else (len(_CODE_ORDER), code)


_CODE_ORDER = {code: i for i, code in enumerate(registry.CELLS)}
