"""What the researcher pages show, read from ``archive.db`` through Datasette's database object.

``report_view`` gathers one report (header, form tables, checks, sections,
source documents, the agency's other years); ``agency_view`` one agency across
the years.  Text and sections are read from ``report_texts``.
"""

from __future__ import annotations

import json
from typing import Any

from archive import divisions, form
from archive.schema import SECTIONS, TEXT_KEY, TEXT_TABLE

FIRST_YEAR = 2008  # the Regulations took effect on 1 May 2008: the first annual reports cover 2008
KEY_ROWS: list[tuple[str, str, str, str]] = [  # wide table, column, zh, en: the agency page's key figures
    ("report_t3_totals", "new", "本年新收申请", "new requests"),
    ("report_t3_totals", "carried_over", "上年结转", "carried over"),
    ("report_t3_totals", "granted", "予以公开", "disclosed"),
    ("report_t3_totals", "partial", "部分公开", "partly disclosed"),
    ("report_t3_totals", "unavailable_not_held", "本机关不掌握", "not held"),
    ("report_t3_totals", "total", "办理总计", "total handled"),
    ("report_t3_totals", "carried_forward", "结转下年度", "carried forward"),
    ("report_t4", "review_total", "行政复议总计", "reconsiderations"),
    ("report_t4", "review_corrected", "行政复议纠正", "reconsiderations: corrected"),
    ("report_t4", "suit_direct_total", "直接起诉总计", "suits without reconsideration"),
    ("report_t4", "suit_after_review_total", "复议后起诉总计", "suits after reconsideration"),
]


def view_link(archived_copy: str) -> str:
    """``/-/blob/<sha>`` -> ``/-/view/<sha>``: where a reader opens an archived copy (archived_copies.py)."""
    return archived_copy.replace("/-/blob/", "/-/view/", 1)


async def rows(db: Any, sql: str, params: list[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
    result = await db.execute(sql, params or [])
    return [dict(zip(result.columns, tuple(r), strict=True)) for r in result.rows]


async def _sections(db: Any, rid: str) -> list[dict[str, str]]:
    table, key = TEXT_TABLE, TEXT_KEY
    cols = ", ".join(f"[section_{k}]" for k, _, _ in SECTIONS)
    found = await rows(db, f"select {cols} from [{table}] where [{key}] = ?", [rid])
    if not found:
        return []
    return [{"key": k, "zh": zh, "en": en, "text": found[0][f"section_{k}"]} for k, zh, en in SECTIONS]


async def _documents(db: Any, rid: str) -> list[dict[str, Any]]:
    return await rows(
        db,
        """
        select d.sha256, rd.role, d.kind, d.format, d.url, d.final_url, d.fetched_at, d.last_fetched_at,
          d.filename, d.content_type, d.size, d.read_by, d.cells_reported, d.archived_copy, d.vanished_at,
          d.superseded_by, d.parse_status
        from report_documents rd join documents d on d.sha256 = rd.document
        where rd.report = ? order by rd.role = 'chosen' desc, d.kind desc, d.sha256""",
        [rid],
    )


async def _timeliness(db: Any, agency: str) -> dict[int, dict[str, Any]]:
    found = await rows(db, "select * from report_timeliness where agency = ? order by year", [agency])
    return {r["year"]: r for r in found}


async def report_view(db: Any, rid: str) -> dict[str, Any] | None:
    found = await rows(db, "select * from reports where id = ?", [rid])
    if not found:
        return None
    report = found[0]
    agency = (await rows(db, "select * from agencies where name = ?", [report["agency"]]) or [{}])[0]
    stored = {r["code"]: r for r in await rows(db, "select * from report_cells where report = ?", [rid])}
    layouts = {"t2": report["layout_t2"], "t3": report["layout_t3"], "t4": report["layout_t4"]}
    years = await rows(db, "select id, year from reports where agency = ? order by year", [report["agency"]])
    index = [y["id"] for y in years].index(rid)
    checks = await rows(
        db,
        """
        select c.check_id, k.title_zh, k.title_en, c.scope, c.status, c.lhs, c.rhs, c.diff, c.expr, c.soft
        from report_checks c left join checks k on k.id = c.check_id
        where c.report = ? order by c.status = 'fail' desc, c.check_id, c.scope""",
        [rid],
    )
    return {
        "report": report,
        "agency": agency,
        "hierarchy": divisions.hierarchy_of(agency),
        "timeliness": (await _timeliness(db, report["agency"])).get(report["year"]),
        "tables": form.form_tables(layouts, stored),
        "checks": checks,
        "sections": await _sections(db, rid),
        "documents": await _documents(db, rid),
        "warnings": json.loads(report["warnings"] or "[]"),
        "previous": years[index - 1] if index > 0 else None,
        "next": years[index + 1] if index + 1 < len(years) else None,
    }


async def _key_figures(db: Any, agency: str) -> dict[tuple[str, str], dict[int, Any]]:
    figures: dict[tuple[str, str], dict[int, Any]] = {}
    for table in sorted({t for t, _, _, _ in KEY_ROWS}):
        cols = [c for t, c, _, _ in KEY_ROWS if t == table]
        select = ", ".join(f"[{c}]" for c in cols)
        for r in await rows(db, f"select year, {select} from [{table}] where agency = ?", [agency]):
            for c in cols:
                figures.setdefault((table, c), {})[r["year"]] = r[c]
    return figures


async def agency_view(db: Any, name: str) -> dict[str, Any] | None:
    found = await rows(db, "select * from agencies where name = ?", [name])
    if not found:
        return None
    reports = {
        r["year"]: r
        for r in await rows(
            db,
            """
        select id, year, title, published, layout, checks_status, read_by from reports where agency = ?""",
            [name],
        )
    }
    timeliness = await _timeliness(db, name)
    last = (await rows(db, "select max(year) as y from reports"))[0]["y"] or FIRST_YEAR
    last = max([last, *timeliness])
    years = [
        {"year": y, "report": reports.get(y), "timeliness": timeliness.get(y)} for y in range(FIRST_YEAR, last + 1)
    ]
    figures = await _key_figures(db, name)
    with_report = [y for y in range(FIRST_YEAR, last + 1) if y in reports]
    key_rows = [
        {"zh": zh, "en": en, "column": c, "by_year": [figures.get((t, c), {}).get(y) for y in with_report]}
        for t, c, zh, en in KEY_ROWS
    ]
    return {
        "agency": found[0],
        "hierarchy": divisions.hierarchy_of(found[0]),
        "years": years,
        "report_years": with_report,
        "reports": reports,
        "key_rows": key_rows,
    }
