"""Table 3's rows as printed on the form: the label pattern of each row key, in form order, and the
rows under each group cell.  A new wording of a row = one pattern here."""

from __future__ import annotations

import re

from .. import cells as registry

# table 3 rows in form order; "G:" entries are group cells that carry no values
T3_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (key, re.compile(rx))
    for key, rx in [
        ("new", r"^本年度?新收"),
        ("carried_over", r"^上年度?结转"),
        ("G:result", r"^本年度?办理结果"),
        ("granted", r"^予以公开"),
        ("partial", r"^部分公开"),
        ("denied.state_secret", r"国家秘密"),
        ("denied.prohibited_by_law", r"禁止公开|^其他法律行政法规"),
        ("denied.three_safeties", r"三安全一稳定|^危及"),
        ("denied.third_party", r"第三方合法权益"),
        ("denied.internal_affairs", r"内部事务"),
        ("denied.process_info", r"过程性信息"),
        ("denied.enforcement_file", r"执法案卷"),
        ("denied.inquiry", r"查询事项"),
        ("G:denied", r"^不予公开$"),
        ("unavailable.not_held", r"不掌握"),
        ("unavailable.needs_creation", r"另行制作|没有现成"),
        ("unavailable.unclear", r"仍不明确|^补正后"),
        ("G:unavailable", r"^无法提供$"),
        ("rejected.petition", r"信访|举报投诉"),
        ("rejected.duplicate", r"^重复申请"),
        ("rejected.publication", r"出版物"),
        ("rejected.excessive", r"大量反复"),
        ("rejected.confirmation", r"重新出具|确认或重新"),
        ("G:rejected", r"^不予处理$"),
        ("other.no_correction", r"不补正|无正当理由逾期"),
        ("other.unpaid_fee", r"收费通知|缴纳费用"),
        ("G:other", r"^其他处理$"),
        ("other.other", r"^其他$"),
        ("total", r"^总计$|^合计$"),
        ("carried_forward", r"^结转下一?年|^转下一?年度|下年度继续办理"),
    ]
]


T3_GROUP_ROWS = {
    "G:denied": [r.key for r in registry.T3_ROWS if r.key.startswith("denied.")],
    "G:unavailable": [r.key for r in registry.T3_ROWS if r.key.startswith("unavailable.")],
    "G:rejected": [r.key for r in registry.T3_ROWS if r.key.startswith("rejected.")],
    "G:other": ["other.no_correction", "other.unpaid_fee", "other.other"],
}
