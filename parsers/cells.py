"""The machine-readable registry of cell codes.

This module is the single source of truth for the statutory tables of an
annual report (``docs/report-cells.md``): the parser's targets, the
SQLite schema, the identity checks and the Datasette descriptions are all
derived from it.  It is pure data plus a few lookups; no parsing here.

A code is ``t<table>.<row>.<column>`` (table 2 and 4) or
``t3.<row>.<column>`` (table 3), lowercase ASCII, dot-separated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Layout = Literal["2021", "2019"]
ValueKind = Literal["count", "signed", "amount"]


@dataclass(frozen=True)
class Cell:
    code: str
    table: int  # 2, 3 or 4
    row: str  # row key, e.g. "denied.state_secret"
    column: str  # column key, e.g. "natural"
    label_zh: str  # row label · column label, as printed on the form
    label_en: str
    layouts: tuple[str, ...]  # layouts whose form carries this cell
    kind: ValueKind = "count"
    optional: bool = False  # only present in some renderings (legal_all)


@dataclass(frozen=True)
class Row:
    key: str
    label_zh: str
    label_en: str
    layouts: tuple[str, ...] = ("2021", "2019")
    group_zh: str = ""  # the merged group cell the row sits under, if any
    group_en: str = ""


@dataclass(frozen=True)
class Column:
    key: str
    label_zh: str
    label_en: str
    kind: ValueKind = "count"
    optional: bool = False


BOTH: tuple[str, ...] = ("2021", "2019")

# ---------------------------------------------------------------- table 2
# Table 2 is a set of (row, column) pairs that differ by layout.
# Each entry: row key, row label, row label (en), [(column key, column label zh, en, kind)], layouts
_T2Columns = list[tuple[str, str, str, ValueKind]]
# The column groups the form prints under several rows.
_STOCK_2021: _T2Columns = [  # rules and normative documents, 2021 form
    ("issued", "本年制发件数", "issued this year", "count"),
    ("repealed", "本年废止件数", "repealed this year", "count"),
    ("in_force", "现行有效件数", "currently in force", "count"),
]
_MADE_2019: _T2Columns = [  # rules and normative documents, 2019 form
    ("made", "本年新制作数量", "newly made this year", "count"),
    ("published", "本年新公开数量", "newly published this year", "count"),
    ("total_published", "对外公开总数量", "total published", "count"),
]
_ITEMS_2019: _T2Columns = [  # the items of an administrative matter, 2019 form
    ("prev_count", "上一年项目数量", "items last year", "count"),
    ("change", "本年增/减", "change this year", "signed"),
]
_DECISIONS: _T2Columns = [("decisions", "本年处理决定数量", "decisions this year", "count")]
_T2: list[tuple[str, str, str, _T2Columns, tuple[str, ...]]] = [
    ("rules", "规章", "Rules (规章)", _STOCK_2021, ("2021",)),
    ("normative", "行政规范性文件", "Normative documents", _STOCK_2021, ("2021",)),
    ("rules", "规章", "Rules (规章)", _MADE_2019, ("2019",)),
    ("normative", "规范性文件", "Normative documents", _MADE_2019, ("2019",)),
    ("licensing", "行政许可", "Administrative licensing", _ITEMS_2019, ("2019",)),
    ("licensing", "行政许可", "Administrative licensing", _DECISIONS, BOTH),
    (
        "other_services",
        "其他对外管理服务事项",
        "Other external management services",
        [*_ITEMS_2019, ("decisions", "处理决定数量", "decisions", "count")],
        ("2019",),
    ),
    ("punishment", "行政处罚", "Administrative punishment", _ITEMS_2019, ("2019",)),
    ("punishment", "行政处罚", "Administrative punishment", _DECISIONS, BOTH),
    ("coercion", "行政强制", "Administrative coercion", _ITEMS_2019, ("2019",)),
    ("coercion", "行政强制", "Administrative coercion", _DECISIONS, BOTH),
    (
        "fees",
        "行政事业性收费",
        "Administrative fees",
        [("amount", "本年收费金额（单位：万元）", "amount collected this year (10k yuan)", "amount")],
        ("2021",),
    ),
    ("fees", "行政事业性收费", "Administrative fees", _ITEMS_2019, ("2019",)),
    (
        "procurement",
        "政府集中采购",
        "Government centralised procurement",
        [
            ("count", "采购项目数量", "procurement items", "count"),
            ("amount", "采购总金额", "procurement total amount", "amount"),
        ],
        ("2019",),
    ),
]

# ---------------------------------------------------------------- table 3
T3_COLUMNS: list[Column] = [
    Column("natural", "自然人", "natural persons"),
    Column("commercial", "法人或其他组织·商业企业", "legal persons: commercial enterprises"),
    Column("research", "法人或其他组织·科研机构", "legal persons: research institutions"),
    Column("social", "法人或其他组织·社会公益组织", "legal persons: social welfare organisations"),
    Column("legal", "法人或其他组织·法律服务机构", "legal persons: legal service agencies"),
    Column("other_org", "法人或其他组织·其他", "legal persons: other"),
    Column("legal_all", "法人或其他组织（合并一列）", "legal persons, merged into one column", optional=True),
    Column("total", "总计", "total"),
]
# The six applicant columns of the standard form (legal_all replaces the five legal ones).
T3_APPLICANT_COLUMNS = ["natural", "commercial", "research", "social", "legal", "other_org"]
T3_STANDARD_COLUMNS = T3_APPLICANT_COLUMNS + ["total"]

_G_RESULT = ("三、本年度办理结果", "III. outcomes this year")
T3_ROWS: list[Row] = [
    Row("new", "一、本年新收政府信息公开申请数量", "I. new requests received this year"),
    Row("carried_over", "二、上年结转政府信息公开申请数量", "II. requests carried over from last year"),
    Row("granted", "（一）予以公开", "(1) disclosed", BOTH, *_G_RESULT),
    Row(
        "partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "(2) partly disclosed", BOTH, *_G_RESULT
    ),
    Row("denied.state_secret", "（三）不予公开·1.属于国家秘密", "(3) withheld: state secret", BOTH, *_G_RESULT),
    Row(
        "denied.prohibited_by_law",
        "（三）不予公开·2.其他法律行政法规禁止公开",
        "(3) withheld: prohibited by other laws",
        BOTH,
        *_G_RESULT,
    ),
    Row(
        "denied.three_safeties",
        "（三）不予公开·3.危及“三安全一稳定”",
        "(3) withheld: endangers the 'three safeties and one stability'",
        BOTH,
        *_G_RESULT,
    ),
    Row(
        "denied.third_party",
        "（三）不予公开·4.保护第三方合法权益",
        "(3) withheld: third-party rights",
        BOTH,
        *_G_RESULT,
    ),
    Row(
        "denied.internal_affairs",
        "（三）不予公开·5.属于三类内部事务信息",
        "(3) withheld: internal affairs",
        BOTH,
        *_G_RESULT,
    ),
    Row(
        "denied.process_info",
        "（三）不予公开·6.属于四类过程性信息",
        "(3) withheld: process information",
        BOTH,
        *_G_RESULT,
    ),
    Row(
        "denied.enforcement_file",
        "（三）不予公开·7.属于行政执法案卷",
        "(3) withheld: enforcement case file",
        BOTH,
        *_G_RESULT,
    ),
    Row(
        "denied.inquiry",
        "（三）不予公开·8.属于行政查询事项",
        "(3) withheld: administrative inquiry matter",
        BOTH,
        *_G_RESULT,
    ),
    Row(
        "unavailable.not_held",
        "（四）无法提供·1.本机关不掌握相关政府信息",
        "(4) cannot provide: not held",
        BOTH,
        *_G_RESULT,
    ),
    Row(
        "unavailable.needs_creation",
        "（四）无法提供·2.没有现成信息需要另行制作",
        "(4) cannot provide: would need creating",
        BOTH,
        *_G_RESULT,
    ),
    Row(
        "unavailable.unclear",
        "（四）无法提供·3.补正后申请内容仍不明确",
        "(4) cannot provide: unclear after correction",
        BOTH,
        *_G_RESULT,
    ),
    Row(
        "rejected.petition",
        "（五）不予处理·1.信访举报投诉类申请",
        "(5) not processed: petition or complaint",
        BOTH,
        *_G_RESULT,
    ),
    Row("rejected.duplicate", "（五）不予处理·2.重复申请", "(5) not processed: duplicate request", BOTH, *_G_RESULT),
    Row(
        "rejected.publication",
        "（五）不予处理·3.要求提供公开出版物",
        "(5) not processed: asks for publications",
        BOTH,
        *_G_RESULT,
    ),
    Row(
        "rejected.excessive",
        "（五）不予处理·4.无正当理由大量反复申请",
        "(5) not processed: excessive repeated requests",
        BOTH,
        *_G_RESULT,
    ),
    Row(
        "rejected.confirmation",
        "（五）不予处理·5.要求行政机关确认或重新出具已获取信息",
        "(5) not processed: asks to confirm or reissue information",
        BOTH,
        *_G_RESULT,
    ),
    Row(
        "other.no_correction",
        "（六）其他处理·1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "(6) other: applicant did not correct in time",
        ("2021",),
        *_G_RESULT,
    ),
    Row(
        "other.unpaid_fee",
        "（六）其他处理·2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "(6) other: applicant did not pay the fee",
        ("2021",),
        *_G_RESULT,
    ),
    Row("other.other", "（六）其他处理·3.其他", "(6) other: other", ("2021",), *_G_RESULT),
    Row("other.all", "（六）其他处理", "(6) other handling (single row)", ("2019",), *_G_RESULT),
    Row("total", "（七）总计", "(7) total handled", BOTH, *_G_RESULT),
    Row("carried_forward", "四、结转下年度继续办理", "IV. carried forward to next year"),
]

# ---------------------------------------------------------------- table 4
T4_GROUPS: list[tuple[str, str, str]] = [
    ("review", "行政复议", "administrative reconsideration"),
    ("suit_direct", "行政诉讼·未经复议直接起诉", "litigation without prior reconsideration"),
    ("suit_after_review", "行政诉讼·复议后起诉", "litigation after reconsideration"),
]
T4_OUTCOMES: list[tuple[str, str, str]] = [
    ("upheld", "结果维持", "upheld"),
    ("corrected", "结果纠正", "corrected"),
    ("other", "其他结果", "other result"),
    ("pending", "尚未审结", "pending"),
    ("total", "总计", "total"),
]

TABLE_TITLES = {
    2: ("主动公开政府信息情况", "Proactive disclosure"),
    3: ("收到和处理政府信息公开申请情况", "Requests received and handled"),
    4: ("政府信息公开行政复议、行政诉讼情况", "Administrative reconsideration and litigation"),
}


def _build() -> dict[str, Cell]:
    cells: dict[str, Cell] = {}

    def add(cell: Cell) -> None:
        if cell.code in cells:
            old = cells[cell.code]
            # the same cell on both forms (e.g. t2.licensing.decisions): merge layouts
            merged = tuple(sorted(set(old.layouts) | set(cell.layouts), reverse=True))
            cells[cell.code] = Cell(**{**old.__dict__, "layouts": merged})
        else:
            cells[cell.code] = cell

    for row, rzh, ren, cols, layouts in _T2:
        for col, czh, cen, kind in cols:
            add(Cell(f"t2.{row}.{col}", 2, row, col, f"{rzh}·{czh}", f"{ren}: {cen}", layouts, kind))
    for r in T3_ROWS:
        for c in T3_COLUMNS:
            add(
                Cell(
                    f"t3.{r.key}.{c.key}",
                    3,
                    r.key,
                    c.key,
                    f"{r.label_zh}·{c.label_zh}",
                    f"{r.label_en}: {c.label_en}",
                    r.layouts,
                    c.kind,
                    c.optional,
                )
            )
    for g, gzh, gen in T4_GROUPS:
        for o, ozh, oen in T4_OUTCOMES:
            add(Cell(f"t4.{g}.{o}", 4, g, o, f"{gzh}·{ozh}", f"{gen}: {oen}", BOTH))
    return cells


CELLS: dict[str, Cell] = _build()


def codes_for(layout: str, table: int | None = None, *, include_optional: bool = False) -> list[str]:
    """The codes a table of the given layout carries, in form order."""
    return [
        c.code
        for c in CELLS.values()
        if layout in c.layouts and (table is None or c.table == table) and (include_optional or not c.optional)
    ]


def t3_rows(layout: str) -> list[Row]:
    return [r for r in T3_ROWS if layout in r.layouts]
