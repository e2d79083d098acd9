"""The site chrome of a page: its header, menus, footer, breadcrumb and related-site blocks.

A portal's list and report pages sit inside the portal's template: a header linking 中国政府网,
the province's and the city's portals and the service hall; a site menu (政府机构, 政府工作报告,
新闻发布会 …); a footer with 主办单位, 政府网站标识码, ICP and 公网安备 numbers and a 相关链接
block.  None of that leads to a report, and following it walks a crawler from one county's
column into other provinces' portals (portal-patterns §1, §3).  The spider follows only strong
signals (a report's title, an annual-report column) out of the chrome; the weak ones (a unit's
name on an aggregated index, a sub-directory) only from the content area.

Chrome is recognised by general means, no per-site rule:

* HTML5 landmarks (``<header>``, ``<nav>``, ``<footer>``) and ARIA roles;
* the class and id words templates give it (``header``, ``top``, ``nav``, ``menu``, ``footer``,
  ``bottom``, ``copyright``, ``yqlj`` 友情链接, ``dqwz`` 当前位置, …);
* for templates with no telling names (old table layouts): the block around footer text
  (政府网站标识码, ICP备, 公网安备, 主办单位, 版权所有) and around a related-sites heading
  (相关链接, 友情链接, 政府网站, 网站导航), and a ``<select>`` of other sites;
* a block of links that mostly lead to other sites (a header's 中国政府网 | 省政府 | 政务服务网);
* and never a block that holds the page's dated report titles: a wrapper misnamed ``nav``
  around the whole list stays content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from crawler.scope import base_domain, host_of, under

_LANDMARK_TAGS = {"header", "nav", "footer"}
_LANDMARK_ROLES = {"banner", "navigation", "contentinfo"}
# Whole class/id words (split on -, _, digits and camelCase) that name chrome.
_CHROME_WORDS = {
    "header",
    "head",
    "top",
    "topbar",
    "toolbar",
    "banner",
    "nav",
    "navbar",
    "navs",
    "navigation",
    "menu",
    "menus",
    "mainmenu",
    "mainnav",
    "topnav",
    "subnav",
    "footer",
    "foot",
    "bottom",
    "copyright",
    "friendlink",
    "friendlinks",
    "yqlj",
    "xglj",
    "wzdh",
    "sitelinks",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "dqwz",
    "location",
    "position",
    "sitemap",
    "wza",
    "shortcut",
}
# Word stems: a class word that starts or ends with one of these is chrome (``navBox``, ``gov-footer1``).
_CHROME_STEMS = ("header", "footer", "topbar", "navbar", "mainnav", "breadcrumb", "copyright", "friendlink", "yqlj")
_FOOTER_TEXT = re.compile(r"网站标识码|ICP\s*备|ICP\s*证|公网安备|版权所有|主办单位|承办单位|主办：|Copyright|©", re.I)
_RELATED_HEADING = re.compile(
    r"^\s*[【\[]?(相关链接|友情链接|政府网站|网站导航|相关网站|兄弟网站|各地政府网站|部门网站|"
    r"区县网站|县区网站|市县网站|政府网站群|站群导航)[】\]：:]?\s*$"
)
# Dated report titles: a block holding one is the content, whatever its name.
_REPORT_TITLE = re.compile(r"(19|20)\d{2}\s*年.{0,30}(年度报告|年报|年度報告)|(年度报告|年报).{0,6}(19|20)\d{2}")
_BLOCKS = {"div", "table", "section", "ul", "ol", "dl", "aside", "center", "form"}
_YEAR = re.compile(r"(19|20)\d{2}")
_SPLIT = re.compile(r"[^a-zA-Z]+|(?<=[a-z])(?=[A-Z])")


def _words(value: str | None) -> list[str]:
    return [w.lower() for w in _SPLIT.split(value or "") if w]


def _named_chrome(element: etree._Element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _LANDMARK_TAGS or (element.get("role") or "").lower() in _LANDMARK_ROLES:
        return True
    for word in _words(element.get("class")) + _words(element.get("id")):
        if (
            word in _CHROME_WORDS
            or word.startswith(_CHROME_STEMS)
            or word.endswith(("nav", "menu", "footer", "header"))
        ):
            return True
    return False


def _block_of(element: etree._Element) -> etree._Element | None:
    for node in element.iterancestors():
        if node.tag in _BLOCKS:
            return node
    return None


def _holds_reports(element: etree._Element) -> bool:
    for anchor in element.iter("a"):
        text = (anchor.get("title") or "") + " " + "".join(anchor.itertext())
        if _REPORT_TITLE.search(text):
            return True
    return False


_NAMED = etree.XPath("//body//*[@class or @id or @role] | //header | //nav | //footer | //select")
# Text nodes that may be footer text or a related-sites heading (filtered by the regexes after).
_MARKED_TEXT = etree.XPath(
    "//body//text()[contains(., 'ICP') or contains(., '网站标识码') or contains(., '公网安备')"
    " or contains(., '版权所有')"
    " or contains(., '主办') or contains(., '承办单位') or contains(., 'Copyright') or contains(., '©')"
    " or contains(., '链接') or contains(., '网站') or contains(., '导航')]"
)


def _off_site(href: str, base: str) -> bool:
    if not href.startswith(("http:", "https:", "//")):
        return False  # a relative link stays on the site
    return not under(host_of(href), base)


def _link_blocks(root: etree._Element, base: str) -> list[etree._Element]:
    """Blocks of links that mostly lead to other sites (a header's 中国政府网 | 省政府 | 政务服务网,
    an unlabelled related-sites row): at least three links, two thirds of them off the site."""
    counts: dict[etree._Element, list[int]] = {}
    for anchor in root.iter("a"):
        block = _block_of(anchor)
        if block is not None and anchor.get("href"):
            tally = counts.setdefault(block, [0, 0])
            tally[0] += 1
            tally[1] += _off_site(anchor.get("href", ""), base)
    return [block for block, (total, off) in counts.items() if total >= 3 and off * 3 >= total * 2]


def _few_links(block: etree._Element | None, anchors_total: int) -> bool:
    """A block that is not the page: it holds few of the page's links."""
    return (
        block is not None and block.tag not in ("body", "html") and int(block.xpath("count(.//a)")) * 3 < anchors_total
    )


def _named_blocks(root: etree._Element) -> Iterator[etree._Element]:
    """Elements whose tag, id or class names them chrome; a drop-down of other sites (a year
    switcher names years, and is content)."""
    for element in _NAMED(root):
        if element.tag == "select":
            if not _YEAR.search(" ".join(element.itertext())):
                yield element
        elif _named_chrome(element):
            yield element


def _marked_blocks(root: etree._Element, anchors_total: int) -> Iterator[etree._Element]:
    """Blocks marked by their text: a footer's 政府网站标识码/ICP line, a related-sites heading."""
    for text in _MARKED_TEXT(root):
        stripped = text.strip()
        if not ((_FOOTER_TEXT.search(stripped) and len(stripped) < 300) or _RELATED_HEADING.match(stripped)):
            continue
        element = text.getparent()
        if element is None:
            continue
        block = element if text.is_text and element.tag in _BLOCKS else _block_of(element)
        while (
            block is not None
            and block.find(".//a") is None
            and block.getparent() is not None
            and block.getparent().tag not in ("body", "html")
        ):
            block = block.getparent()  # a heading's own block: the links sit beside it
        # a footer or related-sites block, not the page
        if _few_links(block, anchors_total):
            yield block


def chrome_elements(root: etree._Element, host: str = "") -> set[etree._Element]:
    """The outermost elements of the page that are chrome (see the module's doc); ``host``: the
    page's own, for blocks of links to other sites."""
    candidates: list[etree._Element] = []
    anchors_total = int(root.xpath("count(//a)")) or 1
    if host:
        candidates += [block for block in _link_blocks(root, base_domain(host)) if _few_links(block, anchors_total)]
    candidates += _named_blocks(root)
    candidates += _marked_blocks(root, anchors_total)
    chrome: set[etree._Element] = set()
    for element in candidates:
        if element in chrome or any(ancestor in chrome for ancestor in element.iterancestors()):
            continue
        if _holds_reports(element):
            continue
        chrome.add(element)
    return chrome


def in_chrome(element: etree._Element, chrome: set[etree._Element]) -> bool:
    if not chrome:
        return False
    if element in chrome:
        return True
    return any(ancestor in chrome for ancestor in element.iterancestors())
