"""A host's header, menu and footer (the site chrome): the links every page of a real 政府网站
carries besides its content, most of them to hosts that are no farm host."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from urllib.parse import urlsplit

from farm import families, names
from farm.paths import hub_url
from farm.world import Site, hexid

RARE = "技术支持：堃喆网络"  # GBK-only characters (not in GB2312), printed on gb2312-declared hosts
# ICP / 公网安备 prefixes by the division code's province digits (苏ICP备…号, 苏公网安备 …号)
ICP_PREFIX = {
    "13": "冀",
    "14": "晋",
    "21": "辽",
    "22": "吉",
    "23": "黑",
    "32": "苏",
    "33": "浙",
    "34": "皖",
    "35": "闽",
    "36": "赣",
    "37": "鲁",
    "41": "豫",
    "42": "鄂",
    "43": "湘",
    "44": "粤",
    "45": "桂",
    "46": "琼",
    "50": "渝",
    "51": "川",
    "52": "贵",
    "53": "云",
    "61": "陕",
    "62": "甘",
    "63": "青",
    "64": "宁",
    "65": "新",
}
# the seed hosts' real provinces (their cities carry no simulated province)
SEED_PROVINCES = {"37": ("山东省", "shandong"), "41": ("河南省", "henan"), "64": ("宁夏回族自治区", "nx")}
MINISTRIES = [
    ("国家发展和改革委员会", "www.ndrc.gov.cn"),
    ("财政部", "www.mof.gov.cn"),
    ("教育部", "www.moe.gov.cn"),
    ("民政部", "www.mca.gov.cn"),
    ("生态环境部", "www.mee.gov.cn"),
]
PROVINCE_DEPTS = [
    ("省发展和改革委员会", "fgw"),
    ("省教育厅", "jyt"),
    ("省财政厅", "czt"),
    ("省卫生健康委员会", "wsjkw"),
]
# site menu entries beside 首页 and 政务公开; several answer 404, as on real sites whose menus outlive pages
MENU = [
    ("政府机构", "/zfjg/index.html"),
    ("政府工作报告", "/zfgzbg/index.html"),
    ("新闻发布会", "/xwfbh/index.html"),
    ("互动交流", "/hdjl/index.html"),
    ("网站地图", "/wzdt/index.html"),
]
BLANK = ' target="_blank"'
Link = Callable[..., str]


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
        own = urlsplit(site.origin).netloc

        def link(url: str, text: str, attrs: str = "") -> str:
            parts = urlsplit(url)
            shown = url if parts.netloc != own else parts.path + (f"?{parts.query}" if parts.query else "")
            return f'<a href="{escape(shown)}"{attrs}>{text}</a>'

        home = site.origin + families.of(site).chrome_home_path(site)
        if not site.variant.get("chrome"):
            return _minimal(site, link, home, hub_url(site))
        return self._full(site, link, home, hub_url(site))

    def _full(self, site: Site, link: Link, home: str, hub: str) -> tuple[str, str]:
        city = site.city
        code = city.division_code
        province, abbr = (
            (city.province, names.province_abbr(city.province))
            if city.province
            else SEED_PROVINCES.get(code[:2], ("山东省", "shandong"))
        )
        portal = city.portal.origin + "/" if city.portal is not None else home
        zwfw = f"http://www.{abbr}zwfw.gov.cn/"
        top = [
            link("http://www.gov.cn/", "中国政府网", BLANK),
            link(f"http://www.{abbr}.gov.cn/", f"{province}人民政府", BLANK),
            link(portal, escape(city.gov.name if city.gov else site.owner.name), BLANK),
            link(zwfw, f"{province}政务服务网", BLANK),
            '<a href="javascript:void(0);" id="cniil_wza">无障碍</a>',
            '<a href="javascript:;" onclick="elderMode()">长者模式</a>',
            link(f"http://english.{city.pinyin}.gov.cn/", "English", BLANK),
        ]
        menu = (
            [link(home, "首页"), link(hub, "政务公开")]
            + [link(site.origin + p, t) for t, p in MENU[:4]]
            + [
                link(zwfw + "col/col" + code[:4] + "/index.html", "政务服务", BLANK),
                link(site.origin + MENU[4][1], MENU[4][0]),
            ]
        )
        related = [link(f"http://{h}/", t, BLANK) for t, h in MINISTRIES[:3]] + [
            link(f"http://{d}.{abbr}.gov.cn/", t.replace("省", province), BLANK) for t, d in PROVINCE_DEPTS[:2]
        ]
        if site.variant.get("clone"):
            related.append(f'<a href="http://{site.variant["clone"]}/">政务服务导航</a>')
        select = self._select(province, abbr)
        return _markup(site.variant["chrome"], escape(site.owner.name), top, menu, related, select, _info(site, link))

    def _select(self, province: str, abbr: str) -> str:
        """The 相关网站 drop-down: ministries, the province's departments, other provinces."""
        others = [p for p in self.provinces if p != province][:4]
        options = (
            "".join(f'<option value="http://{h}/">{t}</option>' for t, h in MINISTRIES)
            + "".join(
                f'<option value="http://{d}.{abbr}.gov.cn/">{t.replace("省", province)}</option>'
                for t, d in PROVINCE_DEPTS
            )
            + "".join(
                f'<option value="http://www.{names.province_abbr(p)}.gov.cn/">{p}人民政府</option>' for p in others
            )
        )
        return f'<select onchange="window.open(this.value)"><option value="">—— 相关网站 ——</option>{options}</select>'


def _minimal(site: Site, link: Link, home: str, hub: str) -> tuple[str, str]:
    """The minimal chrome most hosts had before: three links, one footer line."""
    code = site.city.division_code
    nav = link(home, "首页") + link(hub, "政府信息公开") + link(site.origin + "/wzdt/index.html", "网站地图")
    footer = f"主办单位：{escape(site.owner.name)} 网站标识码：{code}0001"
    if "charset_gb2312" in site.obstacles:
        footer += " " + RARE
    if site.variant.get("clone"):
        footer += f' 友情链接：<a href="http://{site.variant["clone"]}/">政务服务导航</a>'
    return f'<div class="header"><div class="nav">{nav}</div></div>', f'<div class="footer">{footer}</div>'


def _info(site: Site, link: Link) -> list[str]:
    """The footer's lines: 主办单位, 网站标识码, ICP备案, 公网安备, the 党政机关 mark, 网站纠错."""
    code = site.city.division_code
    n = int(hexid(site.host, n=6), 16)
    # a simulated province's ICP abbreviation is its own first character, never a real province's
    icp = ICP_PREFIX.get(code[:2]) or (site.city.province[:1] if site.city.province else "京")
    owner = escape(site.owner.name)
    info = [
        f"主办单位：{owner}",
        f"承办单位：{owner}办公室",
        f"网站标识码：{code}0001",
        link("https://beian.miit.gov.cn/", f"{icp}ICP备{5000000 + n % 900000:08d}号", BLANK),
        link(
            f"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={code}02{n % 1000000:06d}",
            f"{icp}公网安备 {code}02{n % 1000000:06d}号",
            BLANK,
        ),
        link(
            f"http://bszs.conac.cn/sitename?method=show&id={hexid(site.host, 'conac', n=16).upper()}",
            '<img src="/images/dzjg.png" alt="党政机关">',
            BLANK,
        ),
        link(f"http://pucha.kaipuyun.cn/exposure/jiucuo.html?site_code={code}0001", "网站纠错", BLANK),
    ]
    if "charset_gb2312" in site.obstacles:
        info.append(RARE)
    return info


def _markup(
    template: str, owner: str, top: list[str], menu: list[str], related: list[str], select: str, info: list[str]
) -> tuple[str, str]:
    """(header, footer) in one of the three markups."""
    if template == "html5":
        header = (
            f'<header class="site-header"><div class="topbar">{" | ".join(top)}</div>'
            f'<div class="logo"><h1>{owner}</h1></div></header>'
            f'<nav class="main-nav"><ul>{"".join(f"<li>{a}</li>" for a in menu)}</ul></nav>'
        )
        footer = (
            f'<footer class="site-footer"><div class="related"><h4>相关链接</h4>{" ".join(related)}'
            f'{select}</div><div class="copyright"><p>{"</p><p>".join(info)}</p></div></footer>'
        )
    elif template == "table":
        header = (
            f'<div class="top"><table id="head" width="100%"><tr><td>{"&nbsp;".join(top)}</td></tr>'
            f'<tr><td class="logo">{owner}</td></tr></table></div>'
            f'<table id="menu" width="100%"><tr>{"".join(f"<td>{a}</td>" for a in menu)}</tr></table>'
        )
        footer = (
            f'<div class="yqlj">友情链接：{" ".join(related)} {select}</div>'
            f'<div class="footer bottom"><table width="100%"><tr><td>{"&nbsp;&nbsp;".join(info)}</td></tr>'
            f"</table></div>"
        )
    else:  # plain: nothing in the markup says "header", "menu" or "footer"
        header = (
            f"<div><div>{' '.join(top)}</div><div><b>{owner}</b></div></div>"
            f"<table><tr>{''.join(f'<td>{a}</td>' for a in menu)}</tr></table>"
        )
        footer = (
            f"<div><div>相关链接：{' '.join(related)} {select}</div>"
            f"<table><tr><td>{'<br>'.join(info)}</td></tr></table></div>"
        )
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
