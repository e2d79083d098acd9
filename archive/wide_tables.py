"""The wide per-table tables (one row per report, one column per cell), generated from the cell
registry ``parsers.cells``: ``report_t2``, ``report_t3_totals`` and ``report_t4``."""

from __future__ import annotations

from archive.ddl import C, Column, Table
from parsers import cells as registry

_WIDE_KEYS = [
    C("report", "TEXT", "报告", "report id"),
    C("agency", "TEXT", "机关", "agency"),
    C("year", "INTEGER", "统计年度", "statistical year"),
    C("province", "TEXT", "省份", "province"),
    C("level", "TEXT", "层级", "administrative level"),
]
_KIND_TYPE = {"count": "INTEGER", "signed": "INTEGER", "amount": "REAL"}


def wide_column(code: str) -> str:
    """Column name of a cell in the wide tables: the code without its table prefix, dots as underscores."""
    table, rest = code.split(".", 1)
    if table == "t3":  # report_t3_totals holds only the total column, named by row
        rest = rest.removesuffix(".total")
    return rest.replace(".", "_")


def t2_codes() -> list[str]:
    return [c.code for c in registry.CELLS.values() if c.table == 2]


def t3_total_codes() -> list[str]:
    return [f"t3.{r.key}.total" for r in registry.T3_ROWS]


def t4_codes() -> list[str]:
    return [c.code for c in registry.CELLS.values() if c.table == 4]


def _cell_columns(codes: list[str]) -> list[Column]:
    out = []
    for code in codes:
        cell = registry.CELLS[code]
        layouts = "/".join(cell.layouts)
        out.append(
            C(
                wide_column(code),
                _KIND_TYPE[cell.kind],
                f"{cell.label_zh}（{code}）",
                f"{cell.label_en} ({code}; {layouts} layout)",
            )
        )
    return out


def _wide(name: str, zh: str, en: str, layout_col: Column, codes: list[str]) -> Table:
    return Table(
        name,
        zh,
        en,
        [*_WIDE_KEYS, layout_col, *_cell_columns(codes)],
        ["report"],
        foreign_keys=[("report", "reports", "id")],
        indexes=[["year desc", "report"], ["province", "year"], [layout_col.name]],
    )


REPORT_T2 = _wide(
    "report_t2",
    "表二：主动公开政府信息情况（每报告一行）",
    "Table 2, proactive disclosure: one row per report (both layouts' cells; null where the layout has no such cell)",
    C("layout_t2", "TEXT", "表二版式", "table 2 layout"),
    t2_codes(),
)
REPORT_T3_TOTALS = _wide(
    "report_t3_totals",
    "表三：各办理结果总计（每报告一行）",
    "Table 3, the total column of every row: requests and outcomes, one row per report",
    C("layout_t3", "TEXT", "表三版式", "table 3 layout"),
    t3_total_codes(),
)
REPORT_T4 = _wide(
    "report_t4",
    "表四：行政复议、行政诉讼（每报告一行）",
    "Table 4, reconsideration and litigation: one row per report",
    C("layout_t4", "TEXT", "表四版式", "table 4 layout"),
    t4_codes(),
)
