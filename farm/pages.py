"""HTML of every page a farm host serves: home, 政府信息公开 hub, column lists, articles.

Markup follows the families' real templates (portal-patterns §0, §1): list
items with the title in ``title=`` and truncated visible text, the family's
pager (``createPageHTML`` 4-arg or 6-arg, ``index_N``, ``_N``, pageIndex,
"下一页"), 索引号 tables, meta tags dropped on some sites, body containers.
"""

from __future__ import annotations

import math
from datetime import date
from html import escape

from farm import families
from farm.chrome import Chrome
from farm.families import NAV_PAGES
from farm.paths import home_path, hub_url, nav_path, real_hub_path
from farm.world import Column, Entry, Noise, Report, Site


# ------------------------------------------------------------------ helpers
def fmt_date(d: date, style: str) -> str:
    if style == "bracket":
        return f"[{d:%Y-%m-%d}]"
    if style == "dot":
        return f"{d:%Y.%m.%d}"
    if style == "slash":
        return f"{d:%Y/%m/%d}"
    if style == "md":
        return f"{d:%m-%d}"  # no year (portal-patterns §0.5)
    return f"{d:%Y-%m-%d}"


def href(site: Site, page_url: str, target: str) -> str:
    """The link as the site's template writes it: relative, root-relative, absolute or //host."""
    return families.of(site).href(site, page_url, target)


class Renderer:
    """Renders one site's pages for a given farm day."""

    def __init__(self, content, provinces: list[str] | None = None) -> None:
        self.content = content
        self.chrome = Chrome(provinces if provinces is not None else content.world.provinces)

    # -------------------------------------------------------------- frame
    def frame(
        self,
        site: Site,
        page_url: str,
        title: str,
        body: str,
        *,
        column: str = "",
        article: dict | None = None,
        crumbs: list[tuple[str, str]] | None = None,
    ) -> str:
        v = site.variant
        owner = site.owner.name
        metas = []
        if v["meta"]:
            metas.append(f'<meta name="SiteName" content="{escape(owner)}">')
            metas.append(f'<meta name="SiteDomain" content="{site.host}">')
            metas.append(f'<meta name="SiteIDCode" content="{site.city.division_code}0001">')
            if column:
                metas.append(f'<meta name="ColumnName" content="{escape(column)}">')
                metas.append('<meta name="ColumnType" content="政务公开">')
            if article:
                for k in ("ArticleTitle", "PubDate", "ContentSource"):
                    if article.get(k):
                        metas.append(f'<meta name="{k}" content="{escape(article[k])}">')
                metas += families.of(site).article_meta(site, article)
        charset = (
            "gb2312"
            if "charset_gb2312" in site.obstacles
            else "gbk"
            if site.obstacles & {"charset_missing", "charset_lying"}
            else "utf-8"
        )
        header, footer = self.chrome.parts(site)
        crumb_html = ""
        if crumbs:
            crumb_html = (
                '<div class="location">当前位置：'
                + " &gt; ".join(
                    f'<a href="{href(site, page_url, u)}">{escape(t)}</a>' if u else escape(t) for t, u in crumbs
                )
                + "</div>"
            )
        script = families.of(site).article_script(site, article) if article else ""
        return (
            f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{escape(title)}</title>{''.join(metas)}{script}</head><body>"
            f'{header}{crumb_html}<div class="main">{body}</div>{footer}</body></html>'
        )

    # -------------------------------------------------------------- home and hub
    def home(self, site: Site) -> str:
        page = site.origin + home_path(site)
        links = [
            f'<li><a href="{href(site, page, hub_url(site))}">政府信息公开</a></li>',
            f'<li><a href="{href(site, page, site.origin + "/xwzx/index.html")}">新闻中心</a></li>',
            f'<li><a href="{href(site, page, site.origin + "/bsfw/index.html")}">办事服务</a></li>',
            f'<li><a href="{href(site, page, site.origin + "/hdjl/index.html")}">互动交流</a></li>',
        ]
        links += families.of(site).directory_links(site)
        return self.frame(
            site,
            page,
            site.owner.name,
            f'<ul class="menu">{"".join(links)}</ul>'
            f'<div class="news"><h3>政务要闻</h3><ul><li>{escape(site.owner.name)}召开常务会议</li></ul></div>',
        )

    def hub(self, site: Site) -> str:
        page = site.origin + real_hub_path(site)
        root = site.nianbao_root
        items = []
        for name, slug in NAV_PAGES[:2]:
            items.append(f'<li><a href="{href(site, page, site.origin + nav_path(site, slug))}">{name}</a></li>')
        if root is not None:
            label = families.of(site).hub_label
            items.append(f'<li><a href="{href(site, page, self.column_url(root, 0))}">{label}</a></li>')
        for name, slug in NAV_PAGES[2:]:
            items.append(f'<li><a href="{href(site, page, site.origin + nav_path(site, slug))}">{name}</a></li>')
        items += families.of(site).directory_links(site)
        body = f'<div class="xxgk-nav"><h2>政府信息公开</h2><ul>{"".join(items)}</ul></div>'
        if site.units:
            body += self.platform_directory(site, page)
        return self.frame(site, page, f"政府信息公开_{site.owner.name}", body, column="政府信息公开")

    def platform_directory(self, site: Site, page: str) -> str:
        """The city platform's lists of every unit's own 政府信息公开 page (and, path style, 年报 column).

        Real 信息公开平台 pages (portal-patterns §2.2 items 4 and 6) list 部门信息公开 and 乡镇（街道）信息公开
        by unit name; the link is the only way to learn which flat /channels/<id> belongs to whom.
        """
        blocks = []
        for kind, heading in (("department", "部门信息公开"), ("township", "乡镇（街道）信息公开")):
            units = [u for u in site.units if u.owner.kind == kind]
            if units:
                links = "".join(
                    f'<li><a href="{escape(href(site, page, hub_url(u)))}" title="{escape(u.owner.name)}">'
                    f"{escape(u.owner.name.removeprefix(site.city.name))}</a></li>"
                    for u in units
                )
                blocks.append(f'<div class="dept-list"><h3>{heading}</h3><ul>{links}</ul></div>')
        if site.variant.get("platform") == "path":
            links = "".join(
                f'<li><a href="{escape(href(site, page, self.column_url(u.nianbao_root, 0)))}">'
                f"{escape(u.owner.name)}政府信息公开年报</a></li>"
                for u in site.units
                if u.nianbao_root is not None
            )
            blocks.append(f'<div class="dept-list"><h3>部门年报</h3><ul>{links}</ul></div>')
        return "".join(blocks)

    def nav_page(self, site: Site, name: str) -> str:
        body = f"<h1>{name}</h1><p>{escape(site.owner.name)}{name}。</p>"
        return self.frame(site, site.origin + "/", name, body, column=name)

    # -------------------------------------------------------------- columns
    @staticmethod
    def column_url(col: Column, k: int) -> str:
        return col.site.origin + families.page_path(col, k)

    @staticmethod
    def visible(col: Column, day: int) -> list[Entry]:
        return [e for e in col.entries if e.day <= day]

    def n_pages(self, col: Column, day: int) -> int:
        if col.kind != "list" or families.of(col.site).one_page_lists:
            return 1
        return max(1, math.ceil(len(self.visible(col, day)) / col.per_page))

    def item(self, site: Site, page: str, e: Entry, tpl: str) -> str:
        v = site.variant
        title = e.title
        shown = title[:20] + "…" if v["truncate"] and len(title) > 22 else title
        attr = f' title="{escape(title)}"' if v["truncate"] or len(title) % 2 else ""
        d = fmt_date(e.date, v["date_fmt"])
        a = f'<a href="{escape(href(site, page, e.url))}" target="_blank"{attr}>{escape(shown)}</a>'
        if tpl == "table":
            return f"<tr><td>{a}</td><td>{d}</td></tr>"
        if tpl == "h4":
            return f'<li><h4>{a}</h4><span class="date">{d}</span></li>'
        return f"<li>{a}<span>{d}</span></li>"

    def items_html(self, site: Site, page: str, entries: list[Entry]) -> str:
        tpl = site.variant["list_tpl"]
        rows = "".join(self.item(site, page, e, tpl) for e in entries)
        if tpl == "table":
            return f'<table class="list-table">{rows}</table>'
        return f'<div class="list-box"><ul>{rows}</ul></div>'

    def column_page(self, col: Column, k: int, day: int) -> str | None:
        """Page k (0-based) of a column, or None where the page does not exist."""
        site = col.site
        if col.kind == "report":
            return self.column_report(col, day)
        entries = self.visible(col, day)
        page = self.column_url(col, k)
        crumbs = [("首页", site.origin + home_path(site)), ("政府信息公开", hub_url(site))]
        if col.parent is not None:
            crumbs.append((col.parent.name, self.column_url(col.parent, 0)))
        crumbs.append((col.name, ""))
        if col.kind == "links":
            if k:
                return None
            subs = "".join(
                f'<li><a href="{escape(href(site, page, e.url))}">{escape(e.title)}</a></li>' for e in entries
            )
            return self.frame(
                site, page, col.name, f'<div class="sub-columns"><ul>{subs}</ul></div>', column=col.name, crumbs=crumbs
            )
        scripted = families.of(site).scripted_list(col, entries, page)
        if scripted is not None:
            return self.frame(site, page, col.name, scripted, column=col.name, crumbs=crumbs)
        n = self.n_pages(col, day)
        if k >= n:
            return None
        if col.stub_after is not None and k > col.stub_after:
            if k % 2 == 0:
                return None
            return (
                '<!DOCTYPE html><html><head><meta charset="utf-8"><title>'
                + escape(col.name)
                + '</title></head><body><div class="list-box"><ul></ul></div>'
                + f'<script>createPageHTML({n}, {k}, "index", "{site.variant["ext"]}");</script></body></html>'
            )
        chunk = entries[k * col.per_page : (k + 1) * col.per_page]
        body = f'<h2 class="column-title">{escape(col.name)}</h2>' + self.items_html(site, page, chunk)
        body += self.pager(col, k, n, len(entries))
        return self.frame(site, page, col.name, body, column=col.name, crumbs=crumbs)

    def pager(self, col: Column, k: int, n: int, total: int) -> str:
        site = col.site
        page = self.column_url(col, k)

        def link(j: int, text: str) -> str:
            return f'<a href="{escape(href(site, page, self.column_url(col, j)))}">{text}</a>'

        return families.of(site).pager(col, k, n, total, link)

    # -------------------------------------------------------------- articles
    def index_table(self, site: Site, rep_agency: str, index_no: str, d: date, title: str) -> str:
        tpl = site.variant["index_tpl"]
        fields = [
            ("索引号", index_no),
            ("分类", "政府信息公开年报"),
            ("发布机构", rep_agency),
            ("成文日期", f"{d:%Y-%m-%d}"),
            ("标题", title),
            ("文号", ""),
            ("发布日期", f"{d:%Y-%m-%d}"),
            ("有效性", "有效"),
        ]
        if tpl == "td_b":
            rows = "".join(f"<tr><td><b>{k}：</b></td><td>{escape(v)}</td></tr>" for k, v in fields)
            return f'<table class="xxgk-table">{rows}</table>'
        if tpl == "grid":
            cells = "".join(f"<div><div class='k'>{k}</div><div class='v'>{escape(v)}</div></div>" for k, v in fields)
            return f'<div class="table">{cells}</div>'
        spaced = {"索引号": "索 引 号", "标题": "标　　题", "有效性": "有 效 性", "文号": "文　　号"}
        cells = [f"<td>{spaced.get(k, k)}</td><td>{escape(v)}</td>" for k, v in fields]
        rows = "".join("<tr>" + "".join(cells[i : i + 2]) + "</tr>" for i in range(0, len(cells), 2))
        return f'<table class="xxgk-table">{rows}</table>'

    def container(self, site: Site, inner: str) -> str:
        return families.of(site).container(inner)

    def attachment_links(self, site: Site, page: str, rep: Report) -> str:
        links = []
        for att in rep.attachments:
            h = escape(href(site, page, att.url))
            text = escape(att.filename) if att.disposition == "none" else "附件下载"
            if families.of(site).appendix_links or "/P0" in att.url:
                links.append(
                    f'<a appendix="true" data-appendix="true" needdownload="true" href="{h}" '
                    f'title="{escape(att.filename)}" download="{escape(att.filename)}">{escape(att.filename)}</a>'
                )
            else:
                links.append(f'<a href="{h}" target="_blank">{text}</a>')
        if not links:
            return ""
        return families.of(site).attachment_block(links)

    def article(self, rep: Report, page_url: str, day: int, twin: str = "") -> str:
        site = rep.site
        assert site is not None
        version = rep.version(day)
        agency = rep.agency.name
        inner = ""
        if rep.body in ("html", "html+attachment", "column"):
            inner = self.content.report_html(rep, version)
        else:
            inner = f'<p style="text-indent:2em">{escape(rep.title)}详见附件。</p>'
        inner += self.attachment_links(site, page_url, rep)
        h1 = rep.title if rep.title.startswith(agency) or len(rep.url) % 3 else agency + rep.title
        meta = {
            "ArticleTitle": rep.title,
            "PubDate": f"{rep.published:%Y-%m-%d} 09:30",
            "ContentSource": agency,
            "id": rep.article_id,
        }
        crumbs = [("首页", site.origin + home_path(site)), ("政府信息公开", hub_url(site)), ("政府信息公开年报", "")]
        extra = ""
        mobile = families.of(site).mobile_link(site)
        if mobile is not None and not twin:
            extra = f'<a class="{mobile[0]}" href="{escape(href(site, page_url, rep.duplicates[0]))}">{mobile[1]}</a>'
        body = (
            self.index_table(site, agency, rep.index_no, rep.published, rep.title)
            + f'<h1 class="title">{escape(h1)}</h1><div class="info">发布时间：{rep.published:%Y-%m-%d} 09:30 '
            f"来源：{escape(agency)} 字号：[大 中 小] 打印 {extra}</div>" + self.container(site, inner)
        )
        return self.frame(
            site,
            page_url,
            f"{rep.title}_{site.owner.name}",
            body,
            column="政府信息公开年报",
            article=meta,
            crumbs=crumbs,
        )

    def column_report(self, col: Column, day: int) -> str:
        reps = [e.report for e in self.visible(col, day) if e.report is not None]
        site = col.site
        page = self.column_url(col, 0)
        if not reps:
            return self.frame(site, page, col.name, "<p>暂无信息</p>", column=col.name)
        rep = reps[0]
        inner = self.content.report_html(rep, rep.version(day))
        body = f'<h2 class="column-title">{escape(col.name)}</h2>' + self.container(site, inner)
        return self.frame(site, page, col.name, body, column=col.name)

    def noise_page(self, nz: Noise, page_url: str) -> str:
        site = nz.site
        meta = {
            "ArticleTitle": nz.title,
            "PubDate": f"{nz.date:%Y-%m-%d} 10:00",
            "ContentSource": site.owner.name,
            "id": nz.article_id,
        }
        body = (
            self.index_table(site, site.owner.name, f"{nz.article_id}/{nz.date.year}-00001", nz.date, nz.title)
            + f'<h1 class="title">{escape(nz.title)}</h1>'
            + self.container(site, self.content.noise_html(nz))
        )
        return self.frame(site, page_url, nz.title, body, column="政府信息公开", article=meta)
