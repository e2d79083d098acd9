"""The three statutory tables as grids of spanning cells, shared by every renderer.

A grid is a list of rows; a row lists the cells that *start* in it (HTML
semantics), each with its rowspan and colspan.  Renderers turn that into
HTML ``rowspan``/``colspan``, Word merges, or text placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.cells import T3_APPLICANT_COLUMNS, T4_GROUPS, T4_OUTCOMES, t3_rows


@dataclass
class GCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    head: bool = False  # a header or label cell (bold, centred in renderings)


Grid = list[list[GCell]]

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _h(text: str, rowspan: int = 1, colspan: int = 1) -> GCell:
    return GCell(text, rowspan, colspan, head=True)


def _v(report: dict, code: str, colspan: int = 1) -> GCell:
    return GCell(report["raw"][code], 1, colspan)


def _t2_blocks(report: dict) -> list[Grid]:
    """Table 2 as its 第二十条 blocks, each a grid of the table's full width."""
    if report["layouts"]["t2"] == "2021":
        w = 4
        return [
            [
                [_h("第二十条第（一）项", colspan=w)],
                [_h("信息内容"), _h("本年制发件数"), _h("本年废止件数"), _h("现行有效件数")],
                [_h("规章")] + [_v(report, f"t2.rules.{c}") for c in ("issued", "repealed", "in_force")],
                [_h("行政规范性文件")] + [_v(report, f"t2.normative.{c}") for c in ("issued", "repealed", "in_force")],
            ],
            [
                [_h("第二十条第（五）项", colspan=w)],
                [_h("信息内容"), _h("本年处理决定数量", colspan=3)],
                [_h("行政许可"), _v(report, "t2.licensing.decisions", 3)],
            ],
            [
                [_h("第二十条第（六）项", colspan=w)],
                [_h("信息内容"), _h("本年处理决定数量", colspan=3)],
                [_h("行政处罚"), _v(report, "t2.punishment.decisions", 3)],
                [_h("行政强制"), _v(report, "t2.coercion.decisions", 3)],
            ],
            [
                [_h("第二十条第（八）项", colspan=w)],
                [_h("信息内容"), _h("本年收费金额（单位：万元）", colspan=3)],
                [_h("行政事业性收费"), _v(report, "t2.fees.amount", 3)],
            ],
        ]
    w = 4
    three = ("prev_count", "change", "decisions")
    return [
        [
            [_h("第二十条第（一）项", colspan=w)],
            [_h("信息内容"), _h("本年新制作数量"), _h("本年新公开数量"), _h("对外公开总数量")],
            [_h("规章")] + [_v(report, f"t2.rules.{c}") for c in ("made", "published", "total_published")],
            [_h("规范性文件")] + [_v(report, f"t2.normative.{c}") for c in ("made", "published", "total_published")],
        ],
        [
            [_h("第二十条第（五）项", colspan=w)],
            [_h("信息内容"), _h("上一年项目数量"), _h("本年增/减"), _h("处理决定数量")],
            [_h("行政许可")] + [_v(report, f"t2.licensing.{c}") for c in three],
            [_h("其他对外管理服务事项")] + [_v(report, f"t2.other_services.{c}") for c in three],
        ],
        [
            [_h("第二十条第（六）项", colspan=w)],
            [_h("信息内容"), _h("上一年项目数量"), _h("本年增/减"), _h("处理决定数量")],
            [_h("行政处罚")] + [_v(report, f"t2.punishment.{c}") for c in three],
            [_h("行政强制")] + [_v(report, f"t2.coercion.{c}") for c in three],
        ],
        [
            [_h("第二十条第（八）项", colspan=w)],
            [_h("信息内容"), _h("上一年项目数量"), _h("本年增/减", colspan=2)],
            [_h("行政事业性收费"), _v(report, "t2.fees.prev_count"), _v(report, "t2.fees.change", 2)],
        ],
        [
            [_h("第二十条第（九）项", colspan=w)],
            [_h("信息内容"), _h("采购项目数量"), _h("采购总金额", colspan=2)],
            [_h("政府集中采购"), _v(report, "t2.procurement.count"), _v(report, "t2.procurement.amount", 2)],
        ],
    ]


def table2(report: dict, *, split: bool = False) -> list[Grid]:
    """One big table (seed 000, Shanghai) or one small table per 第二十条 item."""
    blocks = _t2_blocks(report)
    if split:
        return blocks
    return [[row for block in blocks for row in block]]


_T3_GROUP_LABELS = {
    "denied": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "rejected": "（五）不予处理",
    "other": "（六）其他处理",
}


def _t3_sub_label(label_zh: str) -> str:
    return label_zh.split("·", 1)[1] if "·" in label_zh else label_zh


def table3(report: dict) -> Grid:
    layout = report["layouts"]["t3"]
    rows = t3_rows(layout)
    values = T3_APPLICANT_COLUMNS + ["total"]

    def vals(key: str) -> list[GCell]:
        return [_v(report, f"t3.{key}.{c}") for c in values]

    grid: Grid = [
        [_h(T3_NOTE, rowspan=3, colspan=3), _h("申请人情况", colspan=7)],
        [_h("自然人", rowspan=2), _h("法人或其他组织", colspan=5), _h("总计", rowspan=2)],
        [_h("商业企业"), _h("科研机构"), _h("社会公益组织"), _h("法律服务机构"), _h("其他")],
    ]
    outcome_rows = [r for r in rows if r.group_zh]
    groups: dict[str, int] = {}
    for r in outcome_rows:
        if "." in r.key and r.key != "other.all":
            groups[r.key.split(".")[0]] = groups.get(r.key.split(".")[0], 0) + 1
    for r in rows:
        if not r.group_zh:
            grid.append([_h(r.label_zh, colspan=3)] + vals(r.key))
            continue
        row: list[GCell] = []
        if r is outcome_rows[0]:
            row.append(_h("三、本年度办理结果", rowspan=len(outcome_rows)))
        group, _, sub = r.key.partition(".")
        if not sub or r.key == "other.all":  # 2019: （六）其他处理 is one row over both label columns
            row.append(_h(r.label_zh, colspan=2))
        else:
            if sub == next(k.partition(".")[2] for k in (x.key for x in outcome_rows) if k.startswith(group + ".")):
                row.append(_h(_T3_GROUP_LABELS[group], rowspan=groups[group]))
            row.append(_h(_t3_sub_label(r.label_zh)))
        grid.append(row + vals(r.key))
    return grid


def table4(report: dict) -> Grid:
    labels = [o[1] for o in T4_OUTCOMES]
    grid: Grid = [
        [_h("行政复议", colspan=5), _h("行政诉讼", colspan=10)],
        [_h(t, rowspan=2) for t in labels] + [_h("未经复议直接起诉", colspan=5), _h("复议后起诉", colspan=5)],
        [_h(t) for t in labels * 2],
        [_v(report, f"t4.{g}.{o}") for g, _, _ in T4_GROUPS for o, _, _ in T4_OUTCOMES],
    ]
    return grid


def expand(grid: Grid, *, fill: str = "") -> list[list[str]]:
    """The full rectangular grid, a spanned cell's text at its start and ``fill`` elsewhere."""
    out: list[list[str | None]] = []
    for r, row in enumerate(grid):
        while len(out) <= r:
            out.append([])
        c = 0
        for cell in row:
            while c < len(out[r]) and out[r][c] is not None:
                c += 1
            for dr in range(cell.rowspan):
                while len(out) <= r + dr:
                    out.append([])
                line = out[r + dr]
                while len(line) < c + cell.colspan:
                    line.append(None)
                for dc in range(cell.colspan):
                    line[c + dc] = cell.text if dr == 0 and dc == 0 else fill
            c += cell.colspan
    width = max(len(x) for x in out)
    return [[x if x is not None else fill for x in line] + [fill] * (width - len(line)) for line in out]


def word_rows(grid: Grid) -> list[list[str]]:
    """The rows as Word stores them: one entry per ``w:tc`` (a horizontal span is one
    cell, a vertically merged continuation is an empty cell) — what text extraction
    of a DOCX shows, as in seeds 000/002/003."""
    pending: dict[int, tuple[int, int]] = {}  # grid column -> (rows left, colspan)
    out: list[list[str]] = []
    for row in grid:
        line: list[str] = []
        c = 0
        cells = iter(row)
        nxt = next(cells, None)
        while nxt is not None or any(col >= c for col in pending):
            if c in pending:
                left, span = pending[c]
                line.append("")
                if left <= 1:
                    del pending[c]
                else:
                    pending[c] = (left - 1, span)
                c += span
                continue
            if nxt is None:
                break
            line.append(nxt.text)
            if nxt.rowspan > 1:
                pending[c] = (nxt.rowspan - 1, nxt.colspan)
            c += nxt.colspan
            nxt = next(cells, None)
        out.append(line)
    return out
