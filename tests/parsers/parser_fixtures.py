"""Build annual-report texts for the parser tests: the statutory form, filled and rendered.

``form_rows`` lays the three tables out as the State Council form does
(merged cells once, where they start); the ``render_*`` functions turn
those rows into the text renderings real extractions produce
(format-spec §4.2); ``report_text`` wraps a rendering in a report.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from parsers import cells as registry

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

T3_LABELS = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied.state_secret": "1.属于国家秘密",
    "denied.prohibited_by_law": "2.其他法律行政法规禁止公开",
    "denied.three_safeties": "3.危及“三安全一稳定”",
    "denied.third_party": "4.保护第三方合法权益",
    "denied.internal_affairs": "5.属于三类内部事务信息",
    "denied.process_info": "6.属于四类过程性信息",
    "denied.enforcement_file": "7.属于行政执法案卷",
    "denied.inquiry": "8.属于行政查询事项",
    "unavailable.not_held": "1.本机关不掌握相关政府信息",
    "unavailable.needs_creation": "2.没有现成信息需要另行制作",
    "unavailable.unclear": "3.补正后申请内容仍不明确",
    "rejected.petition": "1.信访举报投诉类申请",
    "rejected.duplicate": "2.重复申请",
    "rejected.publication": "3.要求提供公开出版物",
    "rejected.excessive": "4.无正当理由大量反复申请",
    "rejected.confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other.no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other.unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other.other": "3.其他",
    "other.all": "（六）其他处理",
    "total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
GROUP_CELLS = {
    "granted": "三、本年度办理结果",
    "denied.state_secret": "（三）不予公开",
    "unavailable.not_held": "（四）无法提供",
    "rejected.petition": "（五）不予处理",
    "other.no_correction": "（六）其他处理",
}


def seed_gold(n: int) -> dict:
    return json.loads(next((SEEDS / "gold").glob(f"{n:03d}_*.json")).read_text(encoding="utf-8"))


def seed_text(n: int) -> str:
    return next(SEEDS.glob(f"{n:03d}_*.txt")).read_text(encoding="utf-8")


def as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def synthetic_values(layout: str, seed: int = 7, *, t3_layout: str | None = None) -> dict[str, int]:
    """Plausible values for every code of a layout, with the form's identities holding."""
    rnd = random.Random(seed)
    t3_layout = t3_layout or layout
    out: dict[str, int] = {c: rnd.randint(0, 40) for c in registry.codes_for(layout, 2)}
    for c in out:
        if c.endswith(".change"):
            out[c] = rnd.randint(-9, 9)
    rows = [r.key for r in registry.t3_rows(t3_layout)]
    outcomes = [r for r in rows if r not in ("new", "carried_over", "total", "carried_forward")]
    for col in registry.T3_APPLICANT_COLUMNS:
        for r in outcomes:
            out[f"t3.{r}.{col}"] = rnd.choice([0, 0, 0, 1, 2, 5, 11])
        total = sum(out[f"t3.{r}.{col}"] for r in outcomes)
        out[f"t3.total.{col}"] = total
        out[f"t3.carried_over.{col}"] = rnd.randint(0, 3)
        out[f"t3.carried_forward.{col}"] = rnd.randint(0, 3)
        out[f"t3.new.{col}"] = total + out[f"t3.carried_forward.{col}"] - out[f"t3.carried_over.{col}"]
        if out[f"t3.new.{col}"] < 0:
            out[f"t3.carried_over.{col}"] += out[f"t3.new.{col}"]
            out[f"t3.new.{col}"] = 0
    for r in rows:
        out[f"t3.{r}.total"] = sum(out[f"t3.{r}.{c}"] for c in registry.T3_APPLICANT_COLUMNS)
    for g, _, _ in registry.T4_GROUPS:
        parts = [rnd.randint(0, 3) for _ in range(4)]
        for o, v in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            out[f"t4.{g}.{o}"] = v
        out[f"t4.{g}.total"] = sum(parts)
    return out


def t2_rows(layout: str, v: dict[str, str]) -> list[list[str]]:
    def vals(row: str, cols: list[str]) -> list[str]:
        return [v.get(f"t2.{row}.{c}", "") for c in cols]

    if layout == "2021":
        return [
            ["第二十条第（一）项"],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", *vals("rules", ["issued", "repealed", "in_force"])],
            ["行政规范性文件", *vals("normative", ["issued", "repealed", "in_force"])],
            ["第二十条第（五）项"],
            ["信息内容", "本年处理决定数量"],
            ["行政许可", *vals("licensing", ["decisions"])],
            ["第二十条第（六）项"],
            ["信息内容", "本年处理决定数量"],
            ["行政处罚", *vals("punishment", ["decisions"])],
            ["行政强制", *vals("coercion", ["decisions"])],
            ["第二十条第（八）项"],
            ["信息内容", "本年收费金额（单位：万元）"],
            ["行政事业性收费", *vals("fees", ["amount"])],
        ]
    three = ["prev_count", "change", "decisions"]
    return [
        ["第二十条第（一）项"],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", *vals("rules", ["made", "published", "total_published"])],
        ["规范性文件", *vals("normative", ["made", "published", "total_published"])],
        ["第二十条第（五）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", *vals("licensing", three)],
        ["其他对外管理服务事项", *vals("other_services", three)],
        ["第二十条第（六）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚", *vals("punishment", three)],
        ["行政强制", *vals("coercion", three)],
        ["第二十条第（八）项"],
        ["信息内容", "上一年项目数量", "本年增/减"],
        ["行政事业性收费", *vals("fees", ["prev_count", "change"])],
        ["第二十条第（九）项"],
        ["信息内容", "采购项目数量", "采购总金额"],
        ["政府集中采购", *vals("procurement", ["count", "amount"])],
    ]


def t3_rows(layout: str, v: dict[str, str], *, merged_legal: bool = False) -> list[list[str]]:
    cols = ["natural", "legal_all", "total"] if merged_legal else list(registry.T3_STANDARD_COLUMNS)
    rows: list[list[str]] = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]]
    rows.append(["自然人", "法人或其他组织", "总计"])
    if not merged_legal:
        rows.append(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])
    for r in registry.t3_rows(layout):
        label = T3_LABELS[r.key]
        lead = (
            [GROUP_CELLS[r.key]]
            if r.key in GROUP_CELLS and not (r.key == "other.no_correction" and layout == "2019")
            else []
        )
        rows.append([*lead, label, *[v.get(f"t3.{r.key}.{c}", "") for c in cols]])
    return rows


def t4_rows(v: dict[str, str]) -> list[list[str]]:
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        ["行政复议", "行政诉讼"],
        [*outcomes, "未经复议直接起诉", "复议后起诉"],
        [*outcomes, *outcomes],
        [v.get(f"t4.{g}.{o}", "") for g, _, _ in registry.T4_GROUPS for o, _, _ in registry.T4_OUTCOMES],
    ]


# ------------------------------------------------------------------ renderings


def render_pipes(rows: list[list[str]]) -> str:
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def render_markdown(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    lines = ["| " + " | ".join(rows[0] + [""] * (width - len(rows[0]))) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" + "|" * (width - len(r)) for r in rows[1:]]
    return "\n".join(lines)


def render_bars(rows: list[list[str]]) -> str:
    out: list[str] = []
    for r in rows:
        out.append("|")
        for c in r:
            out.append(c)
            out.append("|")
    return "\n".join(out)


def render_cell_pipes(rows: list[list[str]]) -> str:
    """Each cell on its own line closed by "|", empty cells as "|", rows padded with "||" (长春 2023)."""
    out: list[str] = []
    for r in rows:
        out.extend(f"{c} |" if c else "|" for c in r)
        out.append("||")
    return "\n".join(out)


def render_split_pipes(rows: list[list[str]]) -> str:
    """A markdown row with a line break after every "|": the row's opening pipe alone (汉阳 2022)."""
    out: list[str] = []
    for r in rows:
        out.append("|")
        out.extend(f"{c} |" if c else "|" for c in r)
    return "\n".join(out)


def render_tabs(rows: list[list[str]], width: int = 10) -> str:
    """Tab-separated rows padded to a fixed width, labels starting in ragged columns."""
    out = []
    for i, r in enumerate(rows):
        lead = [""] * (i % 2)
        cells = lead + r
        out.append("\t".join(cells + [""] * max(0, width - len(cells))))
    return "\n".join(out)


def render_cells_per_line(rows: list[list[str]]) -> str:
    """One tab-prefixed cell per line, a blank line between rows, empty placeholder lines."""
    out = []
    for r in rows:
        out.extend("\t" + c for c in r)
        out.append("")
    return "\n".join(out)


def render_spaces(rows: list[list[str]]) -> str:
    """A PDF text layer: one line per row, cells separated by single spaces."""
    return "\n".join(" ".join(c for c in r) for r in rows)


def report_text(
    t2: str,
    t3: str,
    t4: str,
    *,
    agency: str = "某某市某某局",
    year: int = 2023,
    signature: str | None = "2024年1月20日",
) -> str:
    parts = [
        f"{agency}{year}年政府信息公开工作年度报告",
        "",
        f"本年度报告中所列数据的统计期限自{year}年1月1日起，至{year}年12月31日止。",
        "一、总体情况",
        f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "二、主动公开政府信息情况",
        t2,
        "",
        "三、收到和处理政府信息公开申请情况",
        t3,
        "",
        "四、政府信息公开行政复议、行政诉讼情况",
        t4,
        "",
        "五、存在的主要问题及改进情况",
        "公开内容有待丰富。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
        "",
    ]
    if signature:
        parts += [agency, signature]
    return "\n".join(parts) + "\n"


def full_report(
    render, layout: str, values: dict, *, t3_layout: str | None = None, merged_legal: bool = False, **kw
) -> str:
    v = {k: as_text(x) if not isinstance(x, str) else x for k, x in values.items()}
    return report_text(
        render(t2_rows(layout, v)),
        render(t3_rows(t3_layout or layout, v, merged_legal=merged_legal)),
        render(t4_rows(v)),
        **kw,
    )
