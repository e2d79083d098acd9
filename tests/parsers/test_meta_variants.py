"""Title, agency, year and date variants of real reports (format-spec §4.4 items 22–23, portal-patterns §2.3).

Each case is a short synthetic opening (and closing) modelled on a variant seen on real pages; the
body between them is a stand-in.  ``expected`` lists only the fields the case is about: ``title``,
``agency``, ``year``, ``published``, and ``warning`` (a substring one of the warnings must contain).
"""

from __future__ import annotations

import pytest

from parsers.document import Document
from parsers.meta import read_meta

BODY = "一、总体情况\n本年度，我单位认真贯彻落实《中华人民共和国政府信息公开条例》。"


def _read(text: str, page_meta: dict[str, str]):
    doc = Document(blocks=[line for line in text.split("\n") if line.strip()], meta=dict(page_meta))
    return read_meta(doc)


CASES: list[tuple[str, str, dict[str, str], dict[str, object]]] = [
    # --- the 年度…年度 doubling and other title wordings
    (
        "doubled 年度",
        "上海市黄浦区人民政府2023年度政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "上海市黄浦区人民政府", "year": 2023},
    ),
    (
        "doubled 年度 with spaces",
        "广州市越秀区北京街道办事处 2023 年度政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "广州市越秀区北京街道办事处", "year": 2023},
    ),
    ("township", "会同县高椅乡2025年政府信息公开工作年度报告\n" + BODY, {}, {"agency": "会同县高椅乡", "year": 2025}),
    (
        "工作报告 without 年度",
        "南京市财政局2023年政府信息公开工作报告\n" + BODY,
        {},
        {"title": "南京市财政局2023年政府信息公开工作报告", "agency": "南京市财政局", "year": 2023},
    ),
    (
        "older 政务信息公开年度报告",
        "舒兰市人民政府2016年政务信息公开年度报告\n" + BODY,
        {},
        {"agency": "舒兰市人民政府", "year": 2016},
    ),
    (
        "信息公开工作年度报告 without 政府",
        "道县人民政府2013年信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "道县人民政府", "year": 2013},
    ),
    (
        "关于 after the unit",
        "福州市卫生健康委员会关于2025年政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "福州市卫生健康委员会", "year": 2025},
    ),
    (
        "关于 before the unit",
        "关于某某县财政局2022年度政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "某某县财政局", "year": 2022},
    ),
    (
        "关于…情况的报告 without unit",
        "关于2023年度政府信息公开工作情况的报告\n" + BODY + "\n衡阳县人民政府\n2024年1月18日",
        {},
        {"agency": "衡阳县人民政府", "year": 2023, "published": "2024-01-18"},
    ),
    (
        "（图片版） suffix",
        "蓬莱市人民政府2019年政府信息公开工作年度报告（图片版）\n" + BODY,
        {},
        # titles are NFKC-normalised like every name: the full-width brackets become ASCII
        {"title": "蓬莱市人民政府2019年政府信息公开工作年度报告(图片版)", "agency": "蓬莱市人民政府", "year": 2019},
    ),
    (
        "（修订版） suffix",
        "惠州市惠城区人民政府2021年政府信息公开工作年度报告(修订版)\n" + BODY,
        {},
        {"agency": "惠州市惠城区人民政府", "year": 2021},
    ),
    (
        "bold markdown title",
        "**淄博市应急管理局2024年政府信息公开工作年度报告**\n" + BODY,
        {},
        {"title": "淄博市应急管理局2024年政府信息公开工作年度报告", "agency": "淄博市应急管理局", "year": 2024},
    ),
    (
        "title in book-title marks",
        "《淄博市应急管理局2024年政府信息公开工作年度报告》\n" + BODY,
        {},
        {"agency": "淄博市应急管理局", "year": 2024},
    ),
    (
        "subject before the year (盐城 2022)",
        "盐城市行政审批局政府信息公开工作\n2022年度情况的报告\n" + BODY,
        {},
        {"agency": "盐城市行政审批局", "year": 2022},
    ),
    (
        "page <title> with the site's name after it",
        "淄博市应急管理局2024年政府信息公开工作年度报告_淄博市人民政府门户网站\n" + BODY,
        {},
        {"title": "淄博市应急管理局2024年政府信息公开工作年度报告", "agency": "淄博市应急管理局", "year": 2024},
    ),
    (
        "year in a subtitle line",
        "淄博市应急管理局政府信息公开工作年度报告\n（2023年度）\n" + BODY,
        {},
        {"agency": "淄博市应急管理局", "year": 2023},
    ),
    (
        "year in Chinese numerals",
        "淄博市应急管理局二〇二三年度政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "淄博市应急管理局", "year": 2023},
    ),
    (
        "year in full-width digits",
        "淄博市应急管理局２０２３年政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "淄博市应急管理局", "year": 2023},
    ),
    (
        "year in brackets after the title",
        "淄博市应急管理局政府信息公开工作年度报告（2023年）\n" + BODY,
        {},
        {"agency": "淄博市应急管理局", "year": 2023},
    ),
    # --- stacked headers and stray lines
    (
        "stacked unit / year+title",
        "淄博市应急管理局\n2024年政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "淄博市应急管理局", "year": 2024},
    ),
    (
        "stacked, unit printed twice",
        "湛河区应急管理局\n湛河区应急管理局\n2024年政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "湛河区应急管理局", "year": 2024},
    ),
    (
        "stacked unit / year / title",
        "淄博市应急管理局\n2024年度\n政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "淄博市应急管理局", "year": 2024},
    ),
    (
        "stray one-character line",
        "盐\n盐城市行政审批局\n2022年政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "盐城市行政审批局", "year": 2022},
    ),
    (
        "breadcrumb above the title",
        "首页 > 政务公开 > 年度报告\n淄博市应急管理局2024年政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "淄博市应急管理局", "year": 2024},
    ),
    # --- no unit in the title
    (
        "no unit: signature",
        "2022年政府信息公开工作年度报告\n" + BODY + "\n淄博市应急管理局\n2023年1月20日",
        {},
        {"agency": "淄博市应急管理局", "year": 2022, "published": "2023-01-20"},
    ),
    (
        "no unit: contact sentence",
        "2022年政府信息公开工作年度报告\n"
        + BODY
        + "\n如对本报告有疑问，请与宿迁市宿城区民政局办公室联系（电话：0527-1）。",
        {},
        {"agency": "宿迁市宿城区民政局", "year": 2022},
    ),
    (
        "no unit: page publisher",
        "2022年政府信息公开工作年度报告\n" + BODY,
        {"publisher": "宿迁市宿城区民政局"},
        {"agency": "宿迁市宿城区民政局", "year": 2022},
    ),
    (
        "no unit: first line above",
        "宿迁市宿城区民政局\n\n2022年政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "宿迁市宿城区民政局", "year": 2022},
    ),
    (
        "neither year nor unit",
        "政府信息公开工作年度报告\n2022年，我乡认真贯彻落实条例。\n" + BODY + "\n会同县高椅乡人民政府\n2023年1月15日",
        {},
        {"agency": "会同县高椅乡人民政府", "year": 2022, "published": "2023-01-15"},
    ),
    (
        "neither: year from the publication date",
        "政府信息公开工作年度报告\n" + BODY + "\n高椅乡人民政府\n2023年1月15日",
        {},
        {"year": 2022, "warning": "publication date"},
    ),
    (
        "no unit: the page's 发布机构 line in a browser's text",
        "首页\n政务公开\n信息公开年报\n索引号：000000000/2024-00001\n发布机构：宿迁市宿城区民政局\n"
        "生成日期：2023-01-20\n公开方式：主动公开\n主题分类：其他\n"
        "标题：2022年政府信息公开工作年度报告\n2022年政府信息公开工作年度报告\n" + BODY,
        {},
        {
            "title": "2022年政府信息公开工作年度报告",
            "agency": "宿迁市宿城区民政局",
            "year": 2022,
            "published": "2023-01-20",
        },
    ),
    (
        "no unit: 来源 line with page furniture",
        "2022年政府信息公开工作年度报告\n来源：宿迁市宿城区民政局 字号：[大 中 小]\n" + BODY,
        {},
        {"agency": "宿迁市宿城区民政局", "year": 2022},
    ),
    (
        "no unit: the breadcrumb names it",
        "当前位置：首页 > 宿迁市宿城区民政局 > 政府信息公开 > 年报\n2022年政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "宿迁市宿城区民政局", "year": 2022},
    ),
    # --- cover letters
    (
        "cover letter then the report",
        "福建省卫生健康委员会关于报送2023年政府信息公开工作年度报告的函\n省政府办公厅：\n"
        "根据《条例》规定，现报送《福建省卫生健康委员会2023年政府信息公开工作年度报告》，请审核。\n"
        "福建省卫生健康委员会\n2024年1月10日\n"
        "福建省卫生健康委员会2023年政府信息公开工作年度报告\n" + BODY + "\n福建省卫生健康委员会\n2024年1月12日",
        {},
        {
            "title": "福建省卫生健康委员会2023年政府信息公开工作年度报告",
            "agency": "福建省卫生健康委员会",
            "year": 2023,
            "published": "2024-01-12",
        },
    ),
    (
        "cover letter alone names the unit",
        "三明市应急管理局关于报送2023年度政府信息公开工作年度报告的函\n市政府办公室：\n现将我局报告报送如下。\n" + BODY,
        {},
        {"agency": "三明市应急管理局", "year": 2023},
    ),
    # --- short names: prefer the full name found elsewhere
    (
        "short 市应急局, full name in the signature",
        "市应急局2023年政府信息公开工作年度报告\n" + BODY + "\n淄博市应急管理局\n2024年1月9日",
        {},
        {"agency": "淄博市应急管理局", "year": 2023},
    ),
    (
        "short 市应急局, full name in the contact sentence",
        "市应急局2023年政府信息公开工作年度报告\n" + BODY + "\n如有疑问，请与淄博市应急管理局办公室联系。",
        {},
        {"agency": "淄博市应急管理局", "year": 2023},
    ),
    (
        "我局 in the contact sentence is no name",
        "2023年政府信息公开工作年度报告\n" + BODY + "\n请与我局办公室联系。\n淄博市应急管理局\n2024年1月9日",
        {},
        {"agency": "淄博市应急管理局"},
    ),
    (
        "short town name, full in the signature",
        "2018年建新镇政府信息公开工作年度报告\n" + BODY + "\n遂溪县建新镇人民政府\n2018年12月31日",
        {},
        {"agency": "遂溪县建新镇人民政府", "year": 2018},
    ),
    # --- radicals from PDF text layers
    (
        "radicals supplement in the title",
        "上海市静安区⺠政局2023年政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "上海市静安区民政局", "year": 2023},
    ),
    (
        "Kangxi radicals in the title",
        "上海市⼈⺠政府办公厅2023年政府信息公开工作年度报告\n" + BODY,
        {},
        {"agency": "上海市人民政府办公厅", "year": 2023},
    ),
    # --- statistical periods
    ("garbled period, 月 dropped", "政府信息公开年报\n本报告统计时限为2018年11日至2018年1231日。", {}, {"year": 2018}),
    (
        "garbled period, 年 and 月 dropped",
        "某某局政府信息公开工作年度报告\n本报告中所列数据的统计期限自201711日起至20171231日止。",
        {},
        {"year": 2017},
    ),
    (
        "period beats the title year",
        "某某局2023年政府信息公开工作年度报告\n本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
        {},
        {"year": 2022},
    ),
    (
        "period ending 30 November",
        "某某医院2022年信息公开工作年度报告\n本报告统计期限为2022年1月1日至2022年11月30日。",
        {},
        {"year": 2022, "warning": "31 December"},
    ),
    # --- signature dates
    (
        "Chinese numerals with 〇",
        "某某局2024年政府信息公开工作年度报告\n" + BODY + "\n某某局\n二〇二五年一月九日",
        {},
        {"published": "2025-01-09"},
    ),
    (
        "Chinese numerals with ○",
        "某某局2024年政府信息公开工作年度报告\n" + BODY + "\n某某局\n二○二五年十二月三十一日",
        {},
        {"published": "2025-12-31"},
    ),
    (
        "Chinese numerals with 零",
        "某某局2024年政府信息公开工作年度报告\n" + BODY + "\n某某局\n二零二五年一月二十日",
        {},
        {"published": "2025-01-20"},
    ),
    (
        "spaces inside the date",
        "某某局2024年政府信息公开工作年度报告\n" + BODY + "\n某某局\n2025 年 1 月 9 日",
        {},
        {"published": "2025-01-09"},
    ),
    (
        "ideographic spaces inside the date",
        "某某局2024年政府信息公开工作年度报告\n" + BODY + "\n某某局\n2025年\u30001月\u30009日",
        {},
        {"published": "2025-01-09"},
    ),
    (
        "dotted date",
        "某某局2024年政府信息公开工作年度报告\n" + BODY + "\n某某局\n2025.01.09",
        {},
        {"published": "2025-01-09"},
    ),
    (
        "dashed date",
        "某某局2024年政府信息公开工作年度报告\n" + BODY + "\n某某局\n2025-1-9",
        {},
        {"published": "2025-01-09"},
    ),
    (
        "agency and dotted date on one line",
        "2024年政府信息公开工作年度报告\n" + BODY + "\n淄博市应急管理局 2025.1.9",
        {},
        {"agency": "淄博市应急管理局", "published": "2025-01-09"},
    ),
    (
        "signature date with a note after it",
        "某某局2024年政府信息公开工作年度报告\n" + BODY + "\n某某局\n2025年1月9日（此件公开发布）",
        {},
        {"published": "2025-01-09"},
    ),
    (
        "signature followed by a page footer",
        "某某局2024年政府信息公开工作年度报告\n" + BODY + "\n某某局\n2025年1月9日\n- 12 -",
        {},
        {"published": "2025-01-09"},
    ),
    (
        "page metadata date with slashes",
        "某某局2023年政府信息公开工作年度报告\n" + BODY,
        {"published": "2024/01/17"},
        {"published": "2024-01-17"},
    ),
    (
        "page metadata date in 年月日",
        "某某局2023年政府信息公开工作年度报告\n" + BODY,
        {"published": "2024年01月17日"},
        {"published": "2024-01-17"},
    ),
    (
        "signature dated inside the statistical year is flagged",
        "某某局2024年政府信息公开工作年度报告\n" + BODY + "\n某某局\n2024年12月20日",
        {},
        {"published": "2024-12-20", "warning": "not after the statistical year"},
    ),
    (
        "a date in the body is no signature",
        "某某局2024年政府信息公开工作年度报告\n" + BODY + "\n2024年3月5日，我局召开专题会议。",
        {},
        {"published": None},
    ),
]


@pytest.mark.parametrize(("text", "page_meta", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_meta_variant(text: str, page_meta: dict[str, str], expected: dict[str, object]) -> None:
    meta = _read(text, page_meta)
    got = {"title": meta.title, "agency": meta.agency, "year": meta.year, "published": meta.published}
    for key, want in expected.items():
        if key == "warning":
            assert any(str(want) in w for w in meta.warnings), meta.warnings
        else:
            assert got[key] == want, f"{key}: got {got[key]!r}, want {want!r} ({meta.warnings})"


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 40


def test_radicals_are_folded_in_the_whole_report() -> None:
    from parsers import parse_bytes

    text = (
        "上海市静安区⺠政局2023年政府信息公开工作年度报告\n一、总体情况\n本年度⻓期坚持公开，⻔户网站⼈员⻛险提示。\n"
        "上海市静安区⺠政局\n2024年1月20日\n"
    )
    report = parse_bytes(text.encode(), filename="r.txt")
    assert report["agency"] == "上海市静安区民政局" and report["title"].startswith("上海市静安区民政局")
    assert "长期坚持公开，门户网站人员风险提示" in report["text"]
    assert not any(0x2E80 <= ord(ch) <= 0x2FDF for ch in report["text"])
