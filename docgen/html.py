"""HTML renderings: the report body as portals print it, and whole detail pages."""

from __future__ import annotations

from html import escape

from docgen.blocks import report_blocks
from docgen.grids import Grid

VARIANTS = ("standard", "split", "word", "attachment")


def _cell_html(text: str, word: bool) -> str:
    if text == "":
        return "&nbsp;"
    lines = [escape(x) for x in text.split("\n")]
    if word:  # MS Word pasted into the CMS editor: every cell a MsoNormal paragraph
        return "".join(
            f'<p class="MsoNormal" align="center"><span style="font-size:10.5pt">{x}</span></p>' for x in lines
        )
    return "<br/>".join(lines)


def grid_html(grid: Grid, *, word: bool = False) -> str:
    rows = []
    for row in grid:
        tds = []
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            style = ' style="text-align:center"' if not cell.head else ""
            tds.append(f"<td{attrs}{style}>{_cell_html(cell.text, word)}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return (
        '<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse">'
        "<tbody>" + "\n".join(rows) + "</tbody></table>"
    )


def render_html(report: dict, *, variant: str = "standard", attachment_href: str | None = None) -> str:
    """The report body as an HTML fragment.

    ``standard``: table 2 as one big table; ``split``: table 2 as four (five)
    small tables; ``word``: ``<p class=MsoNormal>`` inside every cell, as
    pasted from Word; ``attachment``: the body only points to an attachment
    (``attachment_href``, default a TRS-style ``./P0….pdf``).
    """
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}")
    if variant == "attachment":
        href = attachment_href or f"./P0{report['year'] + 1}0115000000000001.pdf"
        return (
            f'<p style="text-indent:2em">{escape(report["title"])}详见附件。</p>'
            f'<p>附件：<a href="{escape(href)}" appendix="true">{escape(report["title"])}.pdf</a></p>'
        )
    word = variant == "word"
    out: list[str] = []
    for b in report_blocks(report, split_t2=variant == "split"):
        if b.kind == "title":
            out.append(f'<p style="text-align:center"><strong>{escape(b.text)}</strong></p>')
        elif b.kind == "heading":
            out.append(f'<p style="text-indent:2em"><strong>{escape(b.text)}</strong></p>')
        elif b.kind == "table":
            assert b.grid is not None
            out.append(grid_html(b.grid, word=word))
        elif b.kind == "sign":
            out.append(f'<p style="text-align:right">{escape(b.text)}</p>')
        else:
            out.append(f'<p style="text-indent:2em">{escape(b.text)}</p>')
    return "\n".join(out)


def render_page(
    report: dict,
    *,
    variant: str = "standard",
    charset: str = "utf-8",
    declared: str | None = None,
    index_no: str = "000000000/2024-00001",
) -> bytes:
    """A whole TRS-style detail page (meta tags, navigation chrome, 索引号 table, body),
    encoded in ``charset`` and declaring ``declared`` (default: the true charset; pass a
    different one to model a lying declaration, ``""`` for none)."""
    declared = charset if declared is None else declared
    meta_charset = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">' if declared else ""
    title = escape(report["title"])
    pub = report.get("published") or ""
    agency = escape(report["agency"])
    pubdate_meta = f'<meta name="PubDate" content="{pub} 09:30">' if pub else ""
    page = f"""<!DOCTYPE html>
<html><head>{meta_charset}
<title>{title}_{agency}</title>
<meta name="SiteName" content="{agency}">
<meta name="ColumnName" content="政府信息公开年报">
<meta name="ArticleTitle" content="{title}">
{pubdate_meta}
<meta name="ContentSource" content="{agency}">
<script>var pageCount = 1;</script>
<style>.nav a {{ margin: 0 4px }}</style>
</head><body>
<div class="header"><div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/xxgk/">信息公开</a>
<a href="/hdjl/">互动交流</a><a href="/bsfw/">办事服务</a></div></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 政府信息公开年报</div>
<table class="xxgk-table"><tr><td>索 引 号：</td><td>{index_no}</td><td>发布机构：</td><td>{agency}</td></tr>
<tr><td>成文日期：</td><td>{pub}</td><td>发布日期：</td><td>{pub}</td></tr>
<tr><td>标　　题：</td><td colspan="3">{title}</td></tr></table>
<h1 class="title">{title}</h1>
<div class="info">发布时间：{pub} 来源：{agency} 字号：[大 中 小] 打印</div>
<div id="zoom"><div class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web">
{render_html(report, variant=variant)}
</div></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a.html">关于印发某某工作方案的通知</a></li>
<li><a href="/b.html">某某局2022年政府信息公开工作年度报告</a></li></ul></div>
<div class="footer">主办单位：{agency} 网站标识码：3700000001 ICP备案号：鲁ICP备00000000号</div>
</body></html>
"""
    return page.encode(charset)
