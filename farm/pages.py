"""HTML of every page a farm host serves: home, 政府信息公开 hub, column lists, articles.

Markup follows the families' real templates (portal-patterns §0, §1): list
items with the title in ``title=`` and truncated visible text, the family's
pager (``createPageHTML`` 4-arg or 6-arg, ``index_N``, ``_N``, pageIndex,
"下一页"), 索引号 tables, meta tags dropped on some sites, body containers.
"""

from __future__ import annotations

import math
import re
from datetime import date
from html import escape
from urllib.parse import urlsplit

from farm import families, names
from farm.families import NAV_PAGES
from farm.world import Column, Entry, Noise, Report, Site, hexid

RARE = "技术支持：堃喆网络"  # GBK-only characters (not in GB2312), printed on gb2312-declared hosts


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


def nav_path(site: Site, slug: str) -> str:
    return families.of(site).nav_path(site, slug)


def hub_url(site: Site) -> str:
    """Where the home page's 政府信息公开 link points."""
    target = site.xxgk_host or site
    if "redirect_301" in target.obstacles:
        return target.origin + "/zwgk/"
    return target.origin + families.hub_path(target)


def real_hub_path(site: Site) -> str:
    path = families.hub_path(site)
    if site.obstacles & {"meta_refresh", "js_redirect"}:
        head, _, tail = path.rpartition("/")
        return f"{head}/main_{tail}" if "?" not in tail else path + "&main=1"
    return path


def home_path(site: Site) -> str:
    return families.of(site).home_path(site)


# ------------------------------------------------------------------ site chrome
# ICP / 公网安备 prefixes by the division code's province digits (苏ICP备…号, 苏公网安备 …号)
ICP_PREFIX = {"13": "冀", "14": "晋", "21": "辽", "22": "吉", "23": "黑", "32": "苏", "33": "浙", "34": "皖", "35": "闽",
              "36": "赣", "37": "鲁", "41": "豫", "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼", "50": "渝",
              "51": "川", "52": "贵", "53": "云", "61": "陕", "62": "甘", "63": "青", "64": "宁", "65": "新"}
# the seed hosts' real provinces (their cities carry no simulated province)
SEED_PROVINCES = {"37": ("山东省", "shandong"), "41": ("河南省", "henan"), "64": ("宁夏回族自治区", "nx")}
MINISTRIES = [("国家发展和改革委员会", "www.ndrc.gov.cn"), ("财政部", "www.mof.gov.cn"), ("教育部", "www.moe.gov.cn"),
              ("民政部", "www.mca.gov.cn"), ("生态环境部", "www.mee.gov.cn")]
PROVINCE_DEPTS = [("省发展和改革委员会", "fgw"), ("省教育厅", "jyt"), ("省财政厅", "czt"), ("省卫生健康委员会", "wsjkw")]
# site menu entries beside 首页 and 政务公开; several answer 404, as on real sites whose menus outlive pages
MENU = [("政府机构", "/zfjg/index.html"), ("政府工作报告", "/zfgzbg/index.html"), ("新闻发布会", "/xwfbh/index.html"),
        ("互动交流", "/hdjl/index.html"), ("网站地图", "/wzdt/index.html")]


class Chrome:
    """A host's header, menu and footer, as full as real portals' and in three markups.

    Real 政府网站 (the 2017 《政府网站发展指引》 layout, portal-patterns §0.2 for 网站标识码) carry on every
    page links to 中国政府网, the province's portal, the city's portal and the 政务服务网, 无障碍 / 长者模式 /
    English switches, a menu, and a footer with 主办单位, 网站标识码, ICP备案, 公网安备, the 党政机关 mark and a
    相关链接 block with a ``<select onchange="window.open(this.value)">`` (§2.4: navigation chrome links).
    ``html5`` uses <header>/<nav>/<footer>; ``table`` the old table layout (div.top, #head, .yqlj, .bottom,
    .footer); ``plain`` bare <div>s and <table>s with no telling class names.  Off-farm hosts linked here
    are the manifest's ``chrome_hosts``; the string is built once per host.
    """

    def __init__(self, provinces: list[str]) -> None:
        self.provinces = provinces
        self.cache: dict[str, tuple[str, str]] = {}

    def parts(self, site: Site) -> tuple[str, str]:
        """(header + menu, footer) of the site's host."""
        host_site = site.host_site
        hit = self.cache.get(host_site.host)
        if hit is None:
            hit = self.cache[host_site.host] = self._build(host_site)
        return hit

    def _build(self, site: Site) -> tuple[str, str]:
        template = site.variant.get("chrome") or ""
        city = site.city
        code = city.division_code
        province, abbr = (city.province, names.province_abbr(city.province)) if city.province else \
            SEED_PROVINCES.get(code[:2], ("山东省", "shandong"))
        home = site.origin + families.of(site).chrome_home_path(site)
        hub = hub_url(site)
        own = urlsplit(site.origin).netloc

        def link(url: str, text: str, attrs: str = "") -> str:
            parts = urlsplit(url)
            shown = url if parts.netloc != own else parts.path + (f"?{parts.query}" if parts.query else "")
            return f'<a href="{escape(shown)}"{attrs}>{text}</a>'

        if not template:  # the minimal chrome most hosts had before: three links, one footer line
            nav = link(home, "首页") + link(hub, "政府信息公开") + link(site.origin + "/wzdt/index.html", "网站地图")
            footer = f"主办单位：{escape(site.owner.name)} 网站标识码：{code}0001"
            if "charset_gb2312" in site.obstacles:
                footer += " " + RARE
            if site.variant.get("clone"):
                footer += f' 友情链接：<a href="http://{site.variant["clone"]}/">政务服务导航</a>'
            return f'<div class="header"><div class="nav">{nav}</div></div>', f'<div class="footer">{footer}</div>'
        blank = ' target="_blank"'
        portal = city.portal.origin + "/" if city.portal is not None else home
        zwfw = f"http://www.{abbr}zwfw.gov.cn/"
        top = [link("http://www.gov.cn/", "中国政府网", blank), link(f"http://www.{abbr}.gov.cn/", f"{province}人民政府", blank),
               link(portal, escape(city.gov.name if city.gov else site.owner.name), blank),
               link(zwfw, f"{province}政务服务网", blank), '<a href="javascript:void(0);" id="cniil_wza">无障碍</a>',
               '<a href="javascript:;" onclick="elderMode()">长者模式</a>',
               link(f"http://english.{city.pinyin}.gov.cn/", "English", blank)]
        menu = [link(home, "首页"), link(hub, "政务公开")] + [link(site.origin + p, t) for t, p in MENU[:4]] + [
            link(zwfw + "col/col" + code[:4] + "/index.html", "政务服务", blank), link(site.origin + MENU[4][1], MENU[4][0])]
        n = int(hexid(site.host, n=6), 16)
        icp = ICP_PREFIX.get(code[:2], "京")
        related = [link(f"http://{h}/", t, blank) for t, h in MINISTRIES[:3]] + [
            link(f"http://{d}.{abbr}.gov.cn/", t.replace("省", province), blank) for t, d in PROVINCE_DEPTS[:2]]
        others = [p for p in self.provinces if p != province][:4]
        options = "".join(f'<option value="http://{h}/">{t}</option>' for t, h in MINISTRIES) + "".join(
            f'<option value="http://{d}.{abbr}.gov.cn/">{t.replace("省", province)}</option>' for t, d in PROVINCE_DEPTS) + "".join(
            f'<option value="http://www.{names.province_abbr(p)}.gov.cn/">{p}人民政府</option>' for p in others)
        select = f'<select onchange="window.open(this.value)"><option value="">—— 相关网站 ——</option>{options}</select>'
        if site.variant.get("clone"):
            related.append(f'<a href="http://{site.variant["clone"]}/">政务服务导航</a>')
        owner = escape(site.owner.name)
        info = [f"主办单位：{owner}", f"承办单位：{owner}办公室", f"网站标识码：{code}0001",
                link("https://beian.miit.gov.cn/", f"{icp}ICP备{5000000 + n % 900000:08d}号", blank),
                link(f"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={code}02{n % 1000000:06d}",
                     f"{icp}公网安备 {code}02{n % 1000000:06d}号", blank),
                link(f"http://bszs.conac.cn/sitename?method=show&id={hexid(site.host, 'conac', n=16).upper()}",
                     '<img src="/images/dzjg.png" alt="党政机关">', blank),
                link(f"http://pucha.kaipuyun.cn/exposure/jiucuo.html?site_code={code}0001", "网站纠错", blank)]
        if "charset_gb2312" in site.obstacles:
            info.append(RARE)
        if template == "html5":
            header = (f'<header class="site-header"><div class="topbar">{" | ".join(top)}</div>'
                      f'<div class="logo"><h1>{owner}</h1></div></header>'
                      f'<nav class="main-nav"><ul>{"".join(f"<li>{a}</li>" for a in menu)}</ul></nav>')
            footer = (f'<footer class="site-footer"><div class="related"><h4>相关链接</h4>{" ".join(related)}'
                      f'{select}</div><div class="copyright"><p>{"</p><p>".join(info)}</p></div></footer>')
        elif template == "table":
            header = (f'<div class="top"><table id="head" width="100%"><tr><td>{"&nbsp;".join(top)}</td></tr>'
                      f'<tr><td class="logo">{owner}</td></tr></table></div>'
                      f'<table id="menu" width="100%"><tr>{"".join(f"<td>{a}</td>" for a in menu)}</tr></table>')
            footer = (f'<div class="yqlj">友情链接：{" ".join(related)} {select}</div>'
                      f'<div class="footer bottom"><table width="100%"><tr><td>{"&nbsp;&nbsp;".join(info)}</td></tr>'
                      f"</table></div>")
        else:  # plain: nothing in the markup says "header", "menu" or "footer"
            header = (f'<div><div>{" ".join(top)}</div><div><b>{owner}</b></div></div>'
                      f'<table><tr>{"".join(f"<td>{a}</td>" for a in menu)}</tr></table>')
            footer = (f'<div><div>相关链接：{" ".join(related)} {select}</div>'
                      f'<table><tr><td>{"<br>".join(info)}</td></tr></table></div>')
        return header, footer


def chrome_hosts(world, chrome: Chrome) -> list[str]:
    """Off-farm hosts that the sites' chrome links (gov.cn, province portals, 政务服务网, 备案 sites…)."""
    farm_hosts = set(world.sites)
    clones = {s.variant["clone"] for s in world.sites.values() if s.variant.get("clone")}
    found: set[str] = set()
    for site in world.sites.values():
        header, footer = chrome.parts(site)
        found.update(re.findall(r'(?:href|value)="(?:https?:)?//([^/"?]+)', header + footer))
    return sorted(found - farm_hosts - clones)


class Renderer:
    """Renders one site's pages for a given farm day."""

    def __init__(self, content, provinces: list[str] | None = None) -> None:
        self.content = content
        self.chrome = Chrome(provinces if provinces is not None else content.world.provinces)

    # -------------------------------------------------------------- frame
    def frame(self, site: Site, page_url: str, title: str, body: str, *, column: str = "",
              article: dict | None = None, crumbs: list[tuple[str, str]] | None = None) -> str:
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
        charset = "gb2312" if "charset_gb2312" in site.obstacles else \
            "gbk" if site.obstacles & {"charset_missing", "charset_lying"} else "utf-8"
        header, footer = self.chrome.parts(site)
        crumb_html = ""
        if crumbs:
            crumb_html = '<div class="location">当前位置：' + " &gt; ".join(
                f'<a href="{href(site, page_url, u)}">{escape(t)}</a>' if u else escape(t) for t, u in crumbs) + "</div>"
        script = families.of(site).article_script(site, article) if article else ""
        return (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
                f"<title>{escape(title)}</title>{''.join(metas)}{script}</head><body>"
                f'{header}{crumb_html}<div class="main">{body}</div>{footer}</body></html>')

    # -------------------------------------------------------------- home and hub
    def home(self, site: Site) -> str:
        page = site.origin + home_path(site)
        links = [f'<li><a href="{href(site, page, hub_url(site))}">政府信息公开</a></li>',
                 f'<li><a href="{href(site, page, site.origin + "/xwzx/index.html")}">新闻中心</a></li>',
                 f'<li><a href="{href(site, page, site.origin + "/bsfw/index.html")}">办事服务</a></li>',
                 f'<li><a href="{href(site, page, site.origin + "/hdjl/index.html")}">互动交流</a></li>']
        links += families.of(site).directory_links(site)
        return self.frame(site, page, site.owner.name, f'<ul class="menu">{"".join(links)}</ul>'
                          f'<div class="news"><h3>政务要闻</h3><ul><li>{escape(site.owner.name)}召开常务会议</li></ul></div>')

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
                links = "".join(f'<li><a href="{escape(href(site, page, hub_url(u)))}" title="{escape(u.owner.name)}">'
                                f"{escape(u.owner.name.removeprefix(site.city.name))}</a></li>" for u in units)
                blocks.append(f'<div class="dept-list"><h3>{heading}</h3><ul>{links}</ul></div>')
        if site.variant.get("platform") == "path":
            links = "".join(f'<li><a href="{escape(href(site, page, self.column_url(u.nianbao_root, 0)))}">'
                            f"{escape(u.owner.name)}政府信息公开年报</a></li>"
                            for u in site.units if u.nianbao_root is not None)
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
            subs = "".join(f'<li><a href="{escape(href(site, page, e.url))}">{escape(e.title)}</a></li>'
                           for e in entries)
            return self.frame(site, page, col.name, f'<div class="sub-columns"><ul>{subs}</ul></div>',
                              column=col.name, crumbs=crumbs)
        scripted = families.of(site).scripted_list(col, entries, page)
        if scripted is not None:
            return self.frame(site, page, col.name, scripted, column=col.name, crumbs=crumbs)
        n = self.n_pages(col, day)
        if k >= n:
            return None
        if col.stub_after is not None and k > col.stub_after:
            if k % 2 == 0:
                return None
            return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>' + escape(col.name)
                    + '</title></head><body><div class="list-box"><ul></ul></div>'
                    + f'<script>createPageHTML({n}, {k}, "index", "{site.variant["ext"]}");</script></body></html>')
        chunk = entries[k * col.per_page:(k + 1) * col.per_page]
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
        fields = [("索引号", index_no), ("分类", "政府信息公开年报"), ("发布机构", rep_agency), ("成文日期", f"{d:%Y-%m-%d}"),
                  ("标题", title), ("文号", ""), ("发布日期", f"{d:%Y-%m-%d}"), ("有效性", "有效")]
        if tpl == "td_b":
            rows = "".join(f"<tr><td><b>{k}：</b></td><td>{escape(v)}</td></tr>" for k, v in fields)
            return f'<table class="xxgk-table">{rows}</table>'
        if tpl == "grid":
            cells = "".join(f"<div><div class='k'>{k}</div><div class='v'>{escape(v)}</div></div>" for k, v in fields)
            return f'<div class="table">{cells}</div>'
        spaced = {"索引号": "索 引 号", "标题": "标　　题", "有效性": "有 效 性", "文号": "文　　号"}
        cells = [f"<td>{spaced.get(k, k)}</td><td>{escape(v)}</td>" for k, v in fields]
        rows = "".join("<tr>" + "".join(cells[i:i + 2]) + "</tr>" for i in range(0, len(cells), 2))
        return f'<table class="xxgk-table">{rows}</table>'

    def container(self, site: Site, inner: str) -> str:
        return families.of(site).container(inner)

    def attachment_links(self, site: Site, page: str, rep: Report) -> str:
        links = []
        for att in rep.attachments:
            h = escape(href(site, page, att.url))
            text = escape(att.filename) if att.disposition == "none" else "附件下载"
            if families.of(site).appendix_links or "/P0" in att.url:
                links.append(f'<a appendix="true" data-appendix="true" needdownload="true" href="{h}" '
                             f'title="{escape(att.filename)}" download="{escape(att.filename)}">{escape(att.filename)}</a>')
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
        meta = {"ArticleTitle": rep.title, "PubDate": f"{rep.published:%Y-%m-%d} 09:30",
                "ContentSource": agency, "id": rep.article_id}
        crumbs = [("首页", site.origin + home_path(site)), ("政府信息公开", hub_url(site)), ("政府信息公开年报", "")]
        extra = ""
        mobile = families.of(site).mobile_link(site)
        if mobile is not None and not twin:
            extra = f'<a class="{mobile[0]}" href="{escape(href(site, page_url, rep.duplicates[0]))}">{mobile[1]}</a>'
        body = (self.index_table(site, agency, rep.index_no, rep.published, rep.title)
                + f'<h1 class="title">{escape(h1)}</h1><div class="info">发布时间：{rep.published:%Y-%m-%d} 09:30 '
                f"来源：{escape(agency)} 字号：[大 中 小] 打印 {extra}</div>" + self.container(site, inner))
        return self.frame(site, page_url, f"{rep.title}_{site.owner.name}", body, column="政府信息公开年报",
                          article=meta, crumbs=crumbs)

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
        meta = {"ArticleTitle": nz.title, "PubDate": f"{nz.date:%Y-%m-%d} 10:00", "ContentSource": site.owner.name,
                "id": nz.article_id}
        body = (self.index_table(site, site.owner.name, f"{nz.article_id}/{nz.date.year}-00001", nz.date, nz.title)
                + f'<h1 class="title">{escape(nz.title)}</h1>' + self.container(site, self.content.noise_html(nz)))
        return self.frame(site, page_url, nz.title, body, column="政府信息公开", article=meta)
