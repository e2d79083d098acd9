"""Labels of the statutory form, for OCR: a label cell read with a character or two
wrong (申→甲, a dropped 案 or 、) is snapped to the form's printed label.

The table engine anchors rows on their label text; one misread character can
lose a whole row.  The form's labels are fixed text (``parsers.cells``), so a
reading that is nearly one of them is that label.  Only labels are snapped,
never a value, and only when the match is close and unambiguous; a label the
form does not know (a province's extra row) stays as read.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache

from .. import cells as registry

_MIN_RATIO = 0.8
_MIN_LENGTH = 4  # short labels (其他, 总计) are read right or left alone: too close to each other
_HEADERS = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
    "法人或其他组织",
    "信息内容",
    "本年处理决定数量",
    *(f"第二十条第（{n}）项" for n in "一五六八九十"),
    "三、本年度办理结果",
    "四、结转下年度继续办理",
    "未经复议直接起诉",
    "复议后起诉",
]
_SPACE = re.compile(r"\s+")
_ORDINAL = re.compile(r"^[0-9]+[.．、]")  # a row's number on the form: "1."
_READ_ORDINAL = re.compile(r"^[0-9LlIi|]+[.．、]?")  # as read: 1 as L, l, I or |, its point lost
_ONE = str.maketrans("LlIi|", "11111")
# a number after a label's last character: a value its cell took in across a lost rule
_TRAILING_NUMBER = re.compile(r"[\u4e00-\u9fff）)][^\u4e00-\u9fff]*\d[^\u4e00-\u9fff]*$")


def ends_in_a_number(label: str) -> bool:
    """A label read with a number after its last character: no label of the form ends in
    one, so it is a value its cell took in where the rule before the value was lost
    ("政府集中采购 6"): the row's next value would take the lost one's place."""
    return bool(_TRAILING_NUMBER.search(_SPACE.sub("", label)))


@cache
def form_labels() -> tuple[str, ...]:
    """Every label printed on the forms of both layouts: rows, groups, columns."""
    out: set[str] = set(_HEADERS)
    for cell in registry.CELLS.values():
        for part in cell.label_zh.split("·"):
            out.add(part.strip())
    for row in registry.T3_ROWS:
        out.update(p.strip() for p in row.label_zh.split("·"))
        if row.group_zh:
            out.add(row.group_zh)
    for column in registry.T3_COLUMNS:
        out.update(p.strip() for p in column.label_zh.split("·"))
    for _, label, _ in registry.T4_OUTCOMES:
        out.add(label)
    return tuple(sorted(label for label in out if len(label) >= _MIN_LENGTH))


def snap(text: str) -> str:
    """The form's label this reading stands for, or the reading itself."""
    read = _SPACE.sub("", text)
    if len(read) < _MIN_LENGTH or ends_in_a_number(read):
        return text  # snapped, the number would be lost, and with it what says the row is not read
    best, best_ratio, second = "", 0.0, 0.0
    for label in form_labels():
        m = SequenceMatcher(None, read, label, autojunk=False)
        if m.real_quick_ratio() < _MIN_RATIO or m.quick_ratio() < _MIN_RATIO:
            continue
        ratio = m.ratio()
        if ratio > best_ratio:
            best, best_ratio, second = label, ratio, best_ratio
        elif ratio > second:
            second = ratio
    if best_ratio >= _MIN_RATIO and best_ratio - second >= 0.05:
        return best
    return _one_character_off(read) or text


def _one_character_off(read: str) -> str | None:
    """The one form label this reading has every character of, in place, but one: a short
    label with a character misread (亍政强制: the ratio of one wrong in four is under
    ``_MIN_RATIO``), its ordinal misread or lost too (L属于国家松密, 2重复甲请: a
    row's "1." is a stroke or two, its point the first thing a low-resolution scan
    loses).  None when no label, or more than one, is that near."""
    ordinal, body = _numbered(read, _READ_ORDINAL)
    near = [
        label
        for label in form_labels()
        if _one_off(read, label) or _same_number(ordinal, body, *_numbered(label, _ORDINAL))
    ]
    return near[0] if len(near) == 1 else None


def _numbered(text: str, ordinal: re.Pattern[str]) -> tuple[str, str]:
    m = ordinal.match(text)
    return (m.group(0), text[m.end() :]) if m else ("", text)


def _same_number(ordinal: str, body: str, label_ordinal: str, label_body: str) -> bool:
    """A reading of a numbered label: its number the label's (read as a look-alike, or
    without its point), its text the label's but one character at most."""
    if not label_ordinal or not ordinal:
        return False
    digits = ordinal.translate(_ONE).rstrip(".．、")
    return digits == label_ordinal.rstrip(".．、") and (body == label_body or _one_off(body, label_body))


def _one_off(read: str, label: str) -> bool:
    return len(label) == len(read) and sum(a != b for a, b in zip(read, label, strict=True)) == 1
