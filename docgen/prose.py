"""The prose of a synthetic report: title, six sections, contact and signature lines."""

from __future__ import annotations

import random

SECTION_HEADINGS = {
    "overview": "一、总体情况",
    "proactive": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}

_OVERVIEW_PARTS = [
    "（一）主动公开。{a}坚持以公开为常态、不公开为例外，通过门户网站、政务新媒体等渠道主动公开政府信息{n}条，"
    "涉及机构职能、政策文件、行政执法、财政预决算等内容。",
    "（二）依申请公开。{y}年共收到政府信息公开申请{req}件，均在法定期限内予以答复，答复率100%。",
    "（三）政府信息管理。严格落实信息发布审核制度，坚持“先审后发”，全年开展保密审查{k}次，未发生泄密事件。",
    "（四）平台建设。持续优化政府信息公开专栏，及时更新机构信息、法定主动公开内容和政府信息公开年报。",
    "（五）监督保障。将政务公开工作纳入年度考核，组织开展政务公开业务培训{t}次，主动接受社会监督。",
]

_PROBLEMS = [
    "{y}年，我单位政府信息公开工作取得一定成效，但仍存在公开内容不够丰富、政策解读形式较为单一等问题。",
    "下一步，将进一步加强业务培训，拓展公开渠道，提升政策解读质量，推动政务公开工作规范化、标准化。",
]

_OTHER = [
    "{y}年，{a}未收取信息处理费。",
    "本年度未发出收费通知，实际收取信息处理费0元。",
    "无其他需要报告的事项。",
]


def title_for(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


def preamble(report: dict) -> list[str]:
    """The opening paragraphs: statistical period and contact sentence."""
    a, y = report["agency"], report["year"]
    return [
        f"本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
        f"如对本报告有疑问，请与{a}办公室联系"
        f"（地址：人民路{len(a) * 7 % 200 + 1}号；电话：0531-{8600000 + len(a) * 1311 % 99999}）。",
    ]


def signature(report: dict) -> list[str]:
    pub = report.get("published")
    if not pub:
        return [report["agency"]]
    y, m, d = (int(x) for x in pub.split("-"))
    return [report["agency"], f"{y}年{m}月{d}日"]


def sections_for(agency: str, year: int, cells: dict, rng: random.Random) -> dict[str, str]:
    req = cells.get("t3.new.total") or 0
    fill = {
        "a": agency,
        "y": year,
        "req": req,
        "n": rng.randint(30, 2000),
        "k": rng.randint(2, 40),
        "t": rng.randint(1, 6),
    }
    overview = "\n".join(p.format(**fill) for p in _OVERVIEW_PARTS)
    return {
        "overview": overview,
        "proactive": "",
        "requests": "" if req else "本年度未收到政府信息公开申请。",
        "review": "",
        "problems": "\n".join(p.format(**fill) for p in _PROBLEMS),
        "other": _OTHER[rng.randrange(len(_OTHER))].format(**fill),
    }
