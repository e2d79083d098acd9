"""Bytes of the documents altfarm serves: report and noise detail pages, PDF and DOCX attachments.

Written from shared/research/portal-patterns.md alone (§0.2 meta tags, §0.4 索引号 table placed
before 发布日期, §1 body containers, §2.5 six-section body).  The tables are only plausible
shapes: the crawler archives, it does not parse.
"""

from __future__ import annotations

import html
import io
import zipfile

SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def report_body(unit: str, year: int | None) -> str:
    """A short six-section report with the three statutory tables (a few rows each)."""
    when = f"{year}年" if year else "本年度"
    parts = [f"<p>{html.escape(unit)}{when}政府信息公开工作年度报告根据《中华人民共和国政府信息公开条例》编制。</p>"]
    for number, heading in enumerate(SECTIONS, 1):
        parts.append(f"<p><strong>{heading}</strong></p>")
        if number == 2:
            parts.append(
                "<table border='1'><tr><td>信息内容</td><td>本年制发件数</td>"
                "<td>本年废止件数</td><td>现行有效件数</td></tr>"
                f"<tr><td>规章</td><td>0</td><td>0</td><td>{number + len(unit)}</td></tr>"
                "<tr><td>行政规范性文件</td><td>3</td><td>1</td><td>12</td></tr></table>"
            )
        elif number == 3:
            parts.append(
                "<table border='1'><tr><td colspan='2'>"
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
                "<td>自然人</td></tr>"
                f"<tr><td colspan='2'>一、本年新收政府信息公开申请数量</td><td>{(year or 7) % 97}</td></tr>"
                "<tr><td colspan='2'>二、上年结转政府信息公开申请数量</td><td>0</td></tr></table>"
            )
        elif number == 4:
            parts.append(
                "<table border='1'><tr><td>行政复议</td><td>结果维持</td><td>结果纠正</td></tr>"
                "<tr><td></td><td>0</td><td>0</td></tr></table>"
            )
        else:
            parts.append(f"<p>{html.escape(unit)}认真贯彻落实政府信息公开工作要求，持续推进政务公开标准化规范化。</p>")
    return "\n".join(parts)


def xxgk_table(index_no: str, publisher: str, published: str, title: str) -> str:
    """The 信息公开 header table, 索引号 first (its digits look like a date, §0.4)."""
    return (
        "<table class='xxgk-table'>"
        f"<tr><td>索 引 号：</td><td>{index_no}</td><td>主题分类：</td><td>政府信息公开年报</td></tr>"
        f"<tr><td>发布机构：</td><td>{html.escape(publisher)}</td><td>发布日期：</td><td>{published}</td></tr>"
        f"<tr><td>标　　题：</td><td colspan='3'>{html.escape(title)}</td></tr></table>"
    )


def detail_page(
    *,
    site_name: str,
    title: str,
    unit: str,
    published: str,
    index_no: str,
    body: str,
    container: str = "div id='zoom'",
    breadcrumb: str = "政府信息公开 > 政府信息公开年报",
    meta: bool = True,
    charset: str = "utf-8",
    h1: str | None = None,
    after_body: str = "",
    extra_head: str = "",
) -> str:
    head_meta = ""
    if meta:
        head_meta = (
            f"<meta name='SiteName' content='{html.escape(site_name)}'>"
            "<meta name='ColumnName' content='政府信息公开年报'>"
            f"<meta name='ArticleTitle' content='{html.escape(title)}'>"
            f"<meta name='PubDate' content='{published} 09:30'>"
            f"<meta name='ContentSource' content='{html.escape(unit)}'>"
        )
    tag = container.split()[0]
    return (
        f"<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; charset={charset}'>"
        f"{head_meta}{extra_head}<title>{html.escape(title)}_{html.escape(site_name)}</title></head><body>"
        f"<div class='top'><a href='/'>首页</a> <a href='/sitemap.html'>网站地图</a></div>"
        f"<div class='location'>当前位置：<a href='/'>首页</a> &gt; {breadcrumb}</div>"
        f"<h1 class='title'>{html.escape(h1 or title)}</h1>"
        f"{xxgk_table(index_no, unit, published, title)}"
        f"<div class='info'>发布时间：{published} 09:30　来源：{html.escape(unit)}　字号：[大 中 小] 打印</div>"
        f"<{container}>{body}</{tag}>{after_body}"
        "<div class='footer'>主办单位：" + html.escape(site_name) + "</div></body></html>"
    )


def noise_body(title: str) -> str:
    return (
        f"<p>{html.escape(title)}</p><p>各有关单位：现将有关事项通知如下，请认真贯彻执行。</p>"
        "<table border='1'><tr><td>网站名称</td><td>首页网址</td></tr><tr><td>示例</td><td>http://example</td></tr></table>"
    )


def simple_page(title: str, body: str, charset: str = "utf-8", head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='{charset}'>{head}<title>{html.escape(title)}</title></head>"
        f"<body><h2>{html.escape(title)}</h2>{body}</body></html>"
    )


def pdf_bytes(label: str) -> bytes:
    """A minimal valid one-page PDF whose text (ASCII) makes every file's SHA-256 distinct."""
    text = label.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A minimal valid WordprocessingML package (the three parts Word needs)."""
    body = "".join(f"<w:p><w:r><w:t>{html.escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    parts = {
        "[Content_Types].xml": "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
        "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'>"
        "<Default Extension='rels' ContentType='application/vnd.openxmlformats-package.relationships+xml'/>"
        "<Default Extension='xml' ContentType='application/xml'/>"
        "<Override PartName='/word/document.xml' "
        "ContentType='application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'/></Types>",
        "_rels/.rels": "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
        "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
        "<Relationship Id='rId1' Type='http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument'"
        " Target='word/document.xml'/></Relationships>",
        "word/document.xml": "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
        "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
        f"<w:body>{body}</w:body></w:document>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
