"""Row labels as the engine compares them (normalised, numbering stripped) and the header words
that tell the layouts apart (format-spec §3)."""

from __future__ import annotations

import re

from ..values import clean

_NUMBERING = re.compile(
    r"^(?:[、.:,]|第?[一二三四五六七八九十]+[、.:)]|\([一二三四五六七八九十]+\)|\d{1,2}[.、)](?!\d)|\(\d{1,2}\)|[①-⑳])+"
)


def norm(text: str | None) -> str:
    """Normalised label: NFKC, no whitespace or debris, one form of brackets, colons and quotes."""
    s = clean(text)
    s = s.replace("〔", "(").replace("〕", ")").replace("【", "(").replace("】", ")")
    s = s.replace("“", "").replace("”", "").replace('"', "").replace("‘", "").replace("’", "")
    s = s.replace("．", ".").replace("。", "")
    return s


def strip_numbering(label: str) -> str:
    return _NUMBERING.sub("", label)


MAX_LABEL = 90


T3_HEADER_WORDS = (
    "勾稽关系",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
)


T2_SIGNALS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "本年处理决定数量")


T2_SIGNALS_2019 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "本年增减",
    "其他对外管理服务事项",
    "第二十条第(九)项",
    "采购项目数量",
    "采购总金额",
)


T4_HEADER_WORDS = (
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "合计",
    "未经复议直接起诉",
    "复议后起诉",
    "结果",
    "维持",
    "纠正",
    "其他",
    "尚未",
    "审结",
    "总",
    "计",
)


PRE2019_SIGNALS = (
    "统计指标",
    "收到申请数",
    "申请办结数",
    "属于已主动公开范围数",
    "依申请公开信息收取的费用",
    "回应解读",
    "机构建设和保障经费",
    "收费及减免",
    "同意公开答复数",
    "免予公开",
)
