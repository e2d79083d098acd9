"""Bodies that are no statutory report: what lists carry besides reports (portal-patterns §2.4) and
the 2008–2018 reports in the old free-text form."""

from __future__ import annotations

import io
import zipfile
from html import escape

from farm.world import Noise


def lazy_docgen():
    """docgen, imported on first use rather than with the farm."""
    import docgen

    return docgen


def noise_body(nz: Noise) -> str:
    """The body of a noise page: what real portals publish next to the reports."""
    owner = nz.site.owner.name
    y = nz.year or nz.date.year
    if nz.kind == "website_report":
        rows = [
            ("网站名称", f"{owner}门户网站"),
            ("首页网址", nz.site.origin + "/"),
            ("主办单位", owner),
            ("网站类型", "政府门户网站"),
            ("政府网站标识码", "3700000001"),
            ("独立用户访问总量（单位：个）", "120563"),
            ("网站总访问量（单位：次）", "1385226"),
            ("信息发布（单位：条）", "2316"),
            ("概况类信息更新量", "12"),
            ("政务动态信息更新量", "1580"),
            ("信息公开目录信息更新量", "724"),
            ("办事服务", "是"),
            ("互动交流·留言办理·收到留言数量（单位：条）", "312"),
        ]
        trs = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows)
        return (
            f"<p style='text-align:center'><strong>政府网站工作年度报表</strong></p><p>（{y}年度）</p>"
            f"<p>填报单位：{owner}</p><table border='1'>{trs}</table>"
        )
    if nz.kind == "notice":
        return (
            f"<p>各乡镇人民政府、街道办事处，各部门：</p><p>根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室"
            f"关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知（国办公开办函〔2021〕30号）要求，现就做好{y}年政府信息公开"
            "工作年度报告编制发布工作通知如下：</p>"
            f"<p>一、各单位应于{y + 1}年1月31日前向社会公布本单位{y}年政府信息公开工作年度报告。"
            f"</p><p>二、年度报告应当包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等内容。</p>"
            f"<p style='text-align:right'>{owner}办公室</p>"
        )
    if nz.kind in ("interpretation", "graphic"):
        agency = nz.agency or owner
        if nz.kind == "graphic":
            return (
                f"<p style='text-align:center'><img src='./W0{nz.date:%Y%m%d}123456789012.jpg' "
                f"alt='{nz.title}' oldsrc='W0{nz.date:%Y%m%d}123456789012.jpg'></p>"
            )
        return (
            f"<p>近日，{agency}发布了{y}年政府信息公开工作年度报告。为便于公众理解，现将主要内容解读如下：</p>"
            f"<p>一、报告的主要内容。报告共分六个部分。</p><p>二、主动公开情况。全年主动公开政府信息若干条。</p>"
            f"<p>三、依申请公开情况。本年度依法办理政府信息公开申请。</p>"
        )
    if nz.kind == "repost":
        data = lazy_docgen().synth_report(nz.agency or "交通运输部", y, layout="2021" if y >= 2021 else "2019", seed=7)
        return "<p>（转载）</p>" + lazy_docgen().render_html(data)
    if nz.kind == "other_document":
        return (
            f"<p>{nz.title}</p><p>各有关单位：现将有关事项通知如下，请结合实际认真贯彻执行。</p>"
            f"<p style='text-align:right'>{owner}</p><p style='text-align:right'>{nz.date:%Y年%m月%d日}</p>"
        )
    return f"<p>{nz.title}</p>"


def old_report_paragraphs(agency: str, year: int, title: str) -> list[str]:
    """A 2008–2018 report in the old free-text form (portal-patterns §2.4): 概述, 主动公开, 依申请公开,
    收费及减免, 复议诉讼, 问题及改进; figures in sentences, no statutory tables."""
    seed = sum(map(ord, agency)) + year
    return [
        title,
        f"本报告根据《中华人民共和国政府信息公开条例》要求，由{agency}编制。全文包括概述，主动公开政府信息情况，"
        "依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请提起行政复议、行政诉讼的情况，"
        "政府信息公开工作存在的主要问题及改进情况等。",
        "一、概述",
        f"{year}年，{agency}认真贯彻落实政府信息公开条例，政府信息公开工作有序推进。",
        "二、主动公开政府信息情况",
        f"{year}年共主动公开政府信息{100 + seed % 397}条。",
        "三、依申请公开政府信息情况",
        f"全年共受理政府信息公开申请{seed % 13}件，均已按期答复。",
        "四、政府信息公开的收费及减免情况",
        "本年度未收取任何费用。",
        "五、因政府信息公开申请提起行政复议、行政诉讼的情况",
        f"本年度发生行政复议{seed % 3}件，行政诉讼0件。",
        "六、政府信息公开工作存在的主要问题及改进情况",
        "公开内容的深度和广度有待进一步提高。",
    ]


def old_report_html(agency: str, year: int, title: str) -> str:
    paras = old_report_paragraphs(agency, year, title)
    return f"<p style='text-align:center'><strong>{escape(paras[0])}</strong></p>" + "".join(
        f"<p>{escape(p)}</p>" for p in paras[1:]
    )


def text_docx(paragraphs: list[str]) -> bytes:
    """A minimal Word document of plain paragraphs (what a 2010s office exported; no tables)."""
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": document,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2016, 3, 1, 9, 30, 0))  # fixed: byte-identical per farm
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()
