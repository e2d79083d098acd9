"""Title, agency, statistical year and publication date (format-spec §4.4)."""

from __future__ import annotations

import pytest

from parsers import parse_bytes
from parsers.document import Document
from parsers.meta import read_meta


def _meta(text: str, **page_meta: str):
    doc = Document(blocks=[line for line in text.split("\n") if line.strip()], meta=dict(page_meta))
    return read_meta(doc)


@pytest.mark.parametrize(
    ("text", "agency", "year"),
    [
        ("淄博市应急管理局2024年政府信息公开工作年度报告\n正文。", "淄博市应急管理局", 2024),
        ("# 湛河区应急管理局 2024 年政府信息公开工作年度报告\n正文。", "湛河区应急管理局", 2024),
        ("枣庄市台儿庄区应急管理局2021年\n政府信息公开工作年度报告\n正文。", "枣庄市台儿庄区应急管理局", 2021),
        ("石嘴山市应急管理局\n\n2023 年政府信息公开工作年度报告\n正文。", "石嘴山市应急管理局", 2023),
        ("关于某某县财政局2022年度政府信息公开工作年度报告\n正文。", "某某县财政局", 2022),
        (
            "宿州市人民政府2016年\n政府信息公开工作年度报告\n宿州市人民政府办公室\n2017年3月\n正文。",
            "宿州市人民政府",
            2016,
        ),
        (
            "2018年建新镇政府信息公开工作年度报告\n正文。\n遂溪县建新镇人民政府\n2018年12月31日",
            "遂溪县建新镇人民政府",
            2018,
        ),
        ("正文\n2024 年上海市科委政府信息公开工作\n年度报告\n正文。", "上海市科委", 2024),
    ],
)
def test_title_agency_and_year(text: str, agency: str, year: int) -> None:
    meta = _meta(text)
    assert (meta.agency, meta.year) == (agency, year)


def test_statistical_period_beats_the_title_year() -> None:
    meta = _meta("某某局2023年政府信息公开工作年度报告\n本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。")
    assert meta.year == 2022 and meta.year_source == "period"


def test_garbled_period_without_month() -> None:
    meta = _meta("政府信息公开年报\n本报告统计时限为2018年11日至2018年1231日。")
    assert meta.year == 2018


def test_agency_from_the_announcement_or_the_contact_sentence() -> None:
    text = (
        "根据《条例》规定，现公布泰州市人民政府2017年政府信息公开工作年度报告。"
        "如对报告有疑问，请与泰州市人民政府办公室政府信息公开处联系（电话：0523-1）。"
    )
    assert _meta(text).agency == "泰州市人民政府"
    contact = _meta("本报告如有疑问，请与淄博市张店区消防救援大队联系（地址：张店区）。")
    assert contact.agency == "淄博市张店区消防救援大队" and contact.agency_source == "contact"


def test_attachment_only_page_uses_the_body_line_without_debris() -> None:
    meta = _meta(
        "某某市某某局2023年政府信息公开工作年度报告详见附件。\n附件：某某市某某局2023年政府信息公开工作年度报告.pdf"
    )
    assert meta.title == "某某市某某局2023年政府信息公开工作年度报告" and meta.agency == "某某市某某局"


@pytest.mark.parametrize(
    ("tail", "published"),
    [
        ("淄博市应急管理局    \n2025年1月9日    ", "2025-01-09"),
        ("某某局 2024年3月13日", "2024-03-13"),
        ("未收取信息处理费。淄博市市场监督管理局2024年3月13日", "2024-03-13"),
        ("某某镇人民政府\n二〇二四年一月十五日", "2024-01-15"),
        ("本报告统计数据从 2023 年 1 月 1 日至 12 月 31 日。", None),
    ],
)
def test_published_from_the_signature(tail: str, published: str | None) -> None:
    assert _meta("某某局2023年政府信息公开工作年度报告\n正文。\n" + tail).published == published


def test_published_from_page_metadata_and_page_lines() -> None:
    assert _meta("某某局2023年政府信息公开工作年度报告\n正文。", published="2024-01-17 09:00").published == "2024-01-17"
    assert _meta("唐村镇2010年政府信息公开工作年度报告\n发布时间:2011-03-14 18:20:44\n正文。").published == "2011-03-14"


def test_year_falls_back_to_publication_minus_one() -> None:
    meta = _meta("政务公开情况\n正文。\n某某局\n2024年1月20日")
    assert meta.year == 2023 and "year inferred" in " ".join(meta.warnings)


def test_stray_one_character_line_is_not_an_agency() -> None:
    report = parse_bytes("盐\n盐城市行政审批局\n2022年政府信息公开工作年度报告\n正文。\n".encode(), filename="r.txt")
    assert report["agency"] == "盐城市行政审批局"


def test_period_not_ending_on_31_december_is_flagged() -> None:
    meta = _meta("某某医院2022年信息公开工作年度报告\n本报告统计期限为2022年1月1日至2022年12月20日。")
    assert meta.year == 2022 and any("31 December" in w for w in meta.warnings)
    assert not any("31 December" in w for w in _meta("报告\n统计期限自2022年1月1日起至12月31日止。").warnings)


def test_mirror_copies_are_flagged() -> None:
    pinyin = "".join(f"公(gong)開(kai){i}" for i in range(12))
    report = parse_bytes(f"某某局2022年政府信息公开工作年度报告\n{pinyin}\n".encode(), filename="m.txt")
    assert any("mirror" in w for w in report["warnings"])


def test_a_seal_character_read_before_a_scans_signature_is_not_the_agencys() -> None:
    # a phone photo of the last page: the seal over the signature, its 专 read in front of it
    tail = "2023年，淄博市市场监督管理局未收取信息处理费。\n专淄博市市场监督管理局\n2024年1月20日"
    scanned = Document(blocks=["正文。", *tail.split("\n")], meta={"read_by": "ocr"})
    assert read_meta(scanned).agency == "淄博市市场监督管理局"
    # a name printed once, as signed, stays as read; and a text document is never trimmed
    once = Document(blocks=["正文。", "专淄博市市场监督管理局", "2024年1月20日"], meta={"read_by": "ocr"})
    assert read_meta(once).agency == "专淄博市市场监督管理局"
    assert _meta("正文。\n" + tail).agency == "专淄博市市场监督管理局"
