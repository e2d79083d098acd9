"""A city's portal platform for crawler tests: the government and its departments under ONE host,
each a registry row with its own 政府信息公开 page and 年报 column, every page in full site chrome.

* Departments of the path style own ``/zfxxgk/<abbr>/…``; departments of the flat style live at
  ``/public/column/<id>`` and ``/art/<y>/<m>/<d>/art_<id>_<n>.html``: no path says whose they are.
* The city's 政府信息公开 page links every department's 信息公开 page, and the flat
  departments' 年报 columns directly (as real 信息公开平台 pages do).
* Chrome: a header linking 中国政府网, the province's portal and the service hall, a menu of the
  site's own pages (政府机构, 政府工作报告, 新闻发布会: some answer 404), a footer with 主办单位,
  政府网站标识码, ICP and 公网安备 numbers, a 相关链接 block and a drop-down of other cities'
  portals.  Two templates: one with telling class names, one of plain tables and divs.
* Every report year from 2009 to 2024, pre-2019 ones in free text.
* A small second host whose robots.txt asks ``Crawl-delay: 1.5``.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit

from minisite import Page, html, report_page

CITY = "http://www.yz-city.gov.cn"
SLOW = "http://www.slow-county.gov.cn"
CHROME_HOSTS = {
    "www.gov.cn",
    "www.js-prov.gov.cn",
    "www.jszwfw.gov.cn",
    "www.nj-city.gov.cn",
    "www.sz-city.gov.cn",
    "www.beian.gov.cn",
    "bszs.conac.cn",
}
MENU_PATHS = {"/zwgk/zfjg/", "/zwgk/zfgzbg/", "/xwfb/", "/hdjl/", "/zwfw/"}  # none leads to a 年报
PATH_DEPTS = [
    ("jyj", "教育局"),
    ("czj", "财政局"),
    ("gaj", "公安局"),
    ("mzj", "民政局"),
    ("sfj", "司法局"),
    ("rsj", "人力资源和社会保障局"),
    ("zrzyj", "自然资源和规划局"),
    ("sthjj", "生态环境局"),
    ("zjj", "住房和城乡建设局"),
    ("jtj", "交通运输局"),
]
FLAT_DEPTS = [
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电和旅游局",
    "卫生健康委员会",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
]
YEARS = [2024, 2023, 2022, 2021, 2018, 2015, 2009]
CITY_NAME = "扬洲市"


def _header(telling: bool) -> str:
    links = (
        '<a href="http://www.gov.cn/">中国政府网</a><a href="http://www.js-prov.gov.cn/">江苏省人民政府</a>'
        '<a href="http://www.jszwfw.gov.cn/">江苏政务服务网</a><a href="/">扬洲市人民政府</a><a href="/wza/">无障碍</a>'
    )
    menu = (
        '<a href="/">首页</a><a href="/zwgk/">政务公开</a>'
        '<a href="/zwgk/zfjg/">政府机构</a><a href="/zwgk/zfgzbg/">政府工作报告</a>'
        '<a href="/xwfb/">新闻发布会</a><a href="/hdjl/">互动交流</a><a href="/zwfw/">政务服务</a>'
    )
    if telling:
        return (
            f'<header class="gov-header"><div class="top-bar">{links}</div></header><nav class="mainNav">{menu}</nav>'
        )
    return f'<table width="1000"><tr><td>{links}</td></tr><tr><td>{menu}</td></tr></table>'


def _footer(telling: bool) -> str:
    related = (
        '<a href="http://www.nj-city.gov.cn/">南京市人民政府</a><a href="http://www.sz-city.gov.cn/">苏州市人民政府</a>'
        '<a href="http://www.gov.cn/">中国政府网</a>'
    )
    select = (
        '<select onchange="window.open(this.value)"><option>市级网站</option>'
        '<option value="http://www.nj-city.gov.cn/">南京市</option><option value="http://www.sz-city.gov.cn/">苏州市</option></select>'
    )
    marks = (
        '<p>主办单位：扬洲市人民政府办公室 政府网站标识码：3210000001 <a href="https://beian.miit.gov.cn/">苏ICP备05000001号</a></p>'
        '<p><a href="http://www.beian.gov.cn/">苏公网安备 32100002000001号</a> <a href="http://bszs.conac.cn/">党政机关</a></p>'
    )
    if telling:
        return f'<div class="yqlj"><span>友情链接</span>{related}{select}</div><footer class="footer">{marks}</footer>'
    return f"<div><div><b>相关链接</b></div><div>{related}</div><div>{select}</div></div><div>{marks}</div>"


def page(body: str, title: str, *, telling: bool = True) -> Page:
    return html(f"{_header(telling)}<div>{body}</div>{_footer(telling)}", title)


def _list(items: list[tuple[str, str]], next_href: str | None = None) -> str:
    lis = "".join(
        f'<li><a href="{href}" title="{title}">{title}</a><span>2024-01-20</span></li>' for href, title in items
    )
    pager = f'<div class="page"><a href="{next_href}">下一页</a></div>' if next_href else ""
    return f'<div class="list"><ul>{lis}</ul></div>{pager}'


def _report(title: str, year: int, telling: bool) -> Page:
    if year >= 2019:
        status, headers, body = report_page(title, [])
    else:  # an older report: free text, no statutory tables
        status, headers, body = html(
            f"<h1>{title}</h1><div id='zoom'>"
            + "<p>根据《中华人民共和国政府信息公开条例》，现公布本年度报告。</p>" * 30
            + "</div>",
            title,
            f'<meta name="ArticleTitle" content="{title}">',
        )
    # wrap the report in the site's chrome
    text = (
        body.decode("utf-8")
        .replace("<body>", f"<body>{_header(telling)}")
        .replace("</body>", f"{_footer(telling)}</body>")
    )
    return status, headers, text.encode("utf-8")


class CityPlatform:
    """Serves like minisite.World (``answer``, ``requests``), for minisite.serve."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.reports: dict[str, str] = {}  # report URL → agency
        self.registry: list[tuple[str, str]] = []
        self.requests: list[tuple[str, str]] = []
        self.times: list[tuple[float, str]] = []  # when each request arrived, per host
        self.statuses: list[tuple[str, int]] = []
        self.validators = False
        self.lock = threading.Lock()
        self._build()

    def _reports_of(self, agency: str, path: str, telling: bool, slug: str) -> list[tuple[str, str]]:
        items = []
        for n, year in enumerate(YEARS, 1):
            href = f"{path}{year + 1}01/t{year + 1}0120_{slug}{n}.html"
            title = f"{agency}{year}年政府信息公开工作年度报告"
            self.pages[CITY + href] = _report(title, year, telling)
            self.reports[CITY + href] = agency
            items.append((href, title))
        items.append(
            (f"{path}202401/t20240120_{slug}n.html", "关于做好2023年政府信息公开工作年度报告编制发布工作的通知")
        )
        self.pages[CITY + items[-1][0]] = page("<p>通知</p>", "通知", telling=telling)
        return items

    def _build(self) -> None:
        gov = f"{CITY_NAME}人民政府"
        # the government's own column, in two list pages
        items = self._reports_of(gov, "/zfxxgk/ndbg/", True, "g")
        self.pages[CITY + "/zfxxgk/ndbg/"] = page(_list(items[:4], "/zfxxgk/ndbg/index_1.html"), "政府信息公开年报")
        self.pages[CITY + "/zfxxgk/ndbg/index_1.html"] = page(_list(items[4:]), "政府信息公开年报")
        dept_links = []
        for abbr, name in PATH_DEPTS:
            agency = CITY_NAME + name
            base = f"/zfxxgk/{abbr}/"
            self.pages[CITY + base] = page(
                f'<ul><li><a href="{base}zcwj/">政策文件</a></li><li><a href="{base}jgzn/">机构职能</a></li>'
                f'<li><a href="{base}ndbg/">政府信息公开年报</a></li></ul>',
                f"{agency}信息公开",
            )
            for other, name_of in (("zcwj/", "政策文件"), ("jgzn/", "机构职能")):
                self.pages[CITY + base + other] = page(f"<p>{agency}{name_of}</p>", name_of)
            self.pages[CITY + base + "ndbg/"] = page(
                _list(self._reports_of(agency, base + "ndbg/", True, abbr)), "政府信息公开年报"
            )
            self.registry.append((agency, CITY + base))
            dept_links.append(f'<li><a href="{base}">{name}</a></li>')
        column_links = []
        for n, name in enumerate(FLAT_DEPTS):
            agency = CITY_NAME + name
            home, column = 1000 + n, 2000 + n
            self.pages[CITY + f"/public/column/{home}"] = page(
                f'<table><tr><td><a href="/public/column/{3000 + n}">法定主动公开内容</a></td></tr>'
                f'<tr><td><a href="/public/column/{column}">政府信息公开年报</a></td></tr></table>',
                f"{agency}信息公开",
                telling=False,
            )
            self.pages[CITY + f"/public/column/{3000 + n}"] = page(
                f"<p>{agency}法定主动公开内容</p>", "法定主动公开内容", telling=False
            )
            items = self._reports_of(agency, f"/art/{column}/", False, f"f{n}_")
            self.pages[CITY + f"/public/column/{column}"] = page(_list(items), "政府信息公开年报", telling=False)
            self.registry.append((agency, CITY + f"/public/column/{home}"))
            dept_links.append(f'<li><a href="/public/column/{home}">{name}</a></li>')
            column_links.append(f'<li><a href="/public/column/{column}">{name}政府信息公开年报</a></li>')
        # the city's 政府信息公开 page: its own column, every department's page, the flat columns
        self.pages[CITY + "/zfxxgk/"] = page(
            '<div class="col"><a href="/zfxxgk/ndbg/">政府信息公开年报</a></div>'
            f"<h3>部门信息公开</h3><ul>{''.join(dept_links)}</ul>"
            f"<h3>部门年报</h3><ul>{''.join(column_links)}</ul>",
            "扬洲市政府信息公开",
        )
        self.pages[CITY + "/zwgk/"] = page('<a href="/zfxxgk/">政府信息公开</a>', "政务公开")
        self.registry.insert(0, (gov, CITY + "/zfxxgk/"))
        # a county that asks for a slow pace
        county = "慢县人民政府"
        items = []
        for n, year in enumerate((2024, 2023, 2022), 1):
            href = f"/xxgk/nb/{year + 1}01/t{year + 1}0120_{n}.html"
            title = f"{county}{year}年政府信息公开工作年度报告"
            self.pages[SLOW + href] = report_page(title, [])
            self.reports[SLOW + href] = county
            items.append((href, title))
        self.pages[SLOW + "/xxgk/nb/"] = html(_list(items), "政府信息公开年报")
        self.registry.append((county, SLOW + "/xxgk/nb/"))

    @property
    def sources_csv(self) -> str:
        return "agency,url\n" + "".join(f"{agency},{url}\n" for agency, url in self.registry)

    def answer(self, method: str, url: str, body: bytes) -> Page:
        parts = urlsplit(url)
        with self.lock:
            self.requests.append((method, url))
            self.times.append((time.monotonic(), parts.hostname or ""))
        if parts.path == "/robots.txt":
            delay = "Crawl-delay: 1.5\n" if f"http://{parts.netloc}" == SLOW else ""
            return 200, {"Content-Type": "text/plain"}, f"User-agent: *\n{delay}Disallow: /private/\n".encode()
        found = self.pages.get(f"{parts.scheme}://{parts.netloc}{parts.path}")
        if found is None:
            return 404, {"Content-Type": "text/html; charset=utf-8"}, "<html><body>页面不存在</body></html>".encode()
        return found
