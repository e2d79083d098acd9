"""A fetched page as the spider and the family modules see it: decoded text for navigation,
a parsel selector, links with their titles.  The raw bytes are archived untouched elsewhere."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector
from scrapy.http import Response

from crawler import chrome
from parsers.charset import decode_html
from parsers.doctypes import attachment_extensions

_URL_ATTRIBUTES = ("data-url", "data-href", "_href", "url")
# window.open('…'), location.href = '…', location.replace('…'), downloadFile('…'): a quoted address,
# rooted, relative, or a bare name of a page or of a document file (parsers.doctypes).
_ONCLICK_URL = re.compile(
    r"""(?:[\w$.]+\s*\(|=)\s*['"]"""
    r"""((?:https?:)?/[^'"\s]*|\.{1,2}/[^'"\s]*|[\w./-]+\.(?:s?html?|jsp|aspx?|php|"""
    + "|".join(attachment_extensions())
    + r""")(?:\?[^'"\s]*)?)['"]"""
)
_ANCHORS = etree.XPath("//a[@href or @onclick or @data-url or @data-href]|//area[@href]")


# Section headings every 年报 carries (2019 and 2021 forms alike).
_STATUTORY_SECTIONS = (
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
)


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    tag: str = "a"
    chrome: bool = False  # in the page's header, menus or footer (crawler.chrome), not its content


@dataclass
class Page:
    """One response, decoded."""

    url: str
    text: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_response(cls, response: Response) -> Page:
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        # the one charset policy (parsers.charset), not Scrapy's text: Scrapy trusts the header
        # first, and portals' headers lie (a GBK body served as charset=utf-8)
        text, _ = decode_html(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"))
        return cls(url=response.url, text=text, status=response.status, headers=headers)

    @cached_property
    def selector(self) -> Selector:
        return Selector(text=self.text or "<html></html>", type="html")

    @cached_property
    def base_url(self) -> str:
        base = self.selector.xpath("//base/@href").get()
        return urljoin(self.url, base.strip()) if base else self.url

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").rstrip(".")

    def absolute(self, href: str) -> str | None:
        href = (href or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            return None
        url = urljoin(self.base_url, href)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None
        if parts.hostname and parts.hostname.endswith("."):
            # a trailing-dot FQDN from a bad join: the same host, which not every server answers for
            port = f":{parts.port}" if parts.port else ""
            parts = parts._replace(netloc=parts.hostname.rstrip(".") + port)
        return parts._replace(fragment="").geturl()

    def meta(self, name: str) -> str | None:
        value = self.selector.xpath(
            f"//meta[translate(@name,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')='{name.lower()}']/@content"
        ).get()
        return value.strip() if value and value.strip() else None

    @cached_property
    def title(self) -> str:
        """The page's own title: ArticleTitle, then <h1>, then <title>."""
        for candidate in (
            self.meta("ArticleTitle"),
            " ".join(self.selector.xpath("//h1//text()").getall()).strip(),
            (self.selector.xpath("//title/text()").get() or "").strip(),
        ):
            if candidate:
                return candidate
        return ""

    def heading_texts(self) -> list[str]:
        """Short emphasised texts in the body (headings, bold, centred lines): where a report
        title sits when the page is a column whose body is the report."""
        texts = []
        for node in self.selector.xpath(
            "//body//*[self::h1 or self::h2 or self::h3 or self::strong or self::b or "
            "(self::p and contains(@style,'center')) or contains(@class,'title')]"
        )[:40]:
            text = " ".join(t.strip() for t in node.xpath(".//text()").getall() if t.strip())
            if 6 <= len(text) <= 80:
                texts.append(text)
        return texts

    def anchor_url(self, anchor: Selector | etree._Element) -> str | None:
        """Where an <a> leads: its href, or, for ``href="javascript:void(0)"`` / ``#`` menu items,
        the address its ``onclick`` opens (``window.open('…')``, ``location.href='…'``) or its
        ``data-url`` / ``data-href`` attribute names."""
        url = self.absolute(anchor.attrib.get("href", ""))
        if url:
            return url
        for name in _URL_ATTRIBUTES:
            if anchor.attrib.get(name):
                url = self.absolute(anchor.attrib[name])
                if url:
                    return url
        href = anchor.attrib.get("href", "")
        code = anchor.attrib.get("onclick", "") + (" " + href if href.strip().lower().startswith("javascript:") else "")
        match = _ONCLICK_URL.search(code)
        return self.absolute(match.group(1)) if match else None

    def links(self, selector: Selector | None = None) -> list[Link]:
        """Every <a> with its title attribute (lists truncate the visible text) or text; of the
        whole page unless ``selector`` names a fragment.  The spider and the family modules ask a
        page for its links several times: the page's own are read once."""
        if selector is None:
            return list(self._own_links)
        return self._links_in(selector)

    @cached_property
    def chrome_roots(self) -> set[etree._Element]:
        """The roots of the page's site chrome (``crawler.chrome``), found once."""
        return chrome.chrome_elements(self.selector.root, self.host)

    @cached_property
    def _own_links(self) -> list[Link]:
        return self._links_in(self.selector, self.chrome_roots)

    def content_links(self) -> list[Link]:
        """The page's own links outside its site chrome."""
        return [link for link in self._own_links if not link.chrome]

    def _links_in(self, sel: Selector, chrome_roots: set | None = None) -> list[Link]:
        found: list[Link] = []
        # lxml elements, not parsel selectors: a page has hundreds of anchors, read on every page
        for anchor in _ANCHORS(sel.root):
            url = self.anchor_url(anchor)
            if not url:
                continue
            text = (anchor.get("title") or anchor.get("alt") or "").strip() or " ".join(
                t.strip() for t in anchor.itertext() if t.strip()
            )
            found.append(Link(url, text, chrome=chrome.in_chrome(anchor, chrome_roots or set())))
        # list rows that are clickable themselves: <tr onclick="window.open('/…/t2024….html')"><td>title</td>…
        for row in sel.xpath("//*[self::tr or self::li or self::td or self::div or self::span or self::p][@onclick]"):
            match = _ONCLICK_URL.search(row.attrib.get("onclick", ""))
            url = self.absolute(match.group(1)) if match else None
            text = " ".join(t.strip() for t in row.xpath(".//text()").getall() if t.strip())
            if url and 0 < len(text) <= 200 and all(link.url != url for link in found):
                found.append(
                    Link(
                        url,
                        (row.attrib.get("title") or "").strip() or text,
                        chrome=chrome.in_chrome(row.root, chrome_roots or set()),
                    )
                )
        # a year or unit switcher: <select onchange="location.href=this.value"><option value="/…/2023/">
        for option in sel.xpath(
            "//select[contains(@onchange,'location') or contains(@onchange,'open') or "
            "contains(@onchange,'href')]/option[@value]"
        ):
            value = option.attrib.get("value", "").strip()
            url = self.absolute(value) if re.match(r"^(https?:)?/|^\.{0,2}/|^[\w-]+/|\.s?html?$", value) else None
            if url:
                found.append(
                    Link(
                        url,
                        " ".join(t.strip() for t in option.xpath(".//text()").getall() if t.strip()),
                        chrome=chrome.in_chrome(option.root, chrome_roots or set()),
                    )
                )
        return found

    def script_links(self) -> list[Link]:
        """Anchors written inside inline scripts: list records kept in a JS array
        (``var InitData = ['<li><a href=…>…</a></li>', …]``, older Hanweb jpage) or
        ``document.write('<a …>')``; the HTML parser sees them only as script text."""
        found: list[Link] = []
        for script in self.selector.xpath("//script[not(@src)]/text()").getall():
            found += self.links_in_code(script)
        return found

    def links_in_code(self, code: str) -> list[Link]:
        """Anchors inside JavaScript source: string literals, ``document.write('<a …>')``."""
        if "<a" not in code and "\\u003C" not in code and "\\x3C" not in code:
            return []
        text = (
            code.replace("\\u003C", "<")
            .replace("\\u003c", "<")
            .replace("\\u003E", ">")
            .replace("\\u003e", ">")
            .replace("\\x3C", "<")
            .replace("\\x3E", ">")
            .replace('\\"', '"')
            .replace("\\'", "'")
            .replace("\\/", "/")
        )
        fragments = re.findall(r"<a\s[^>]*>.*?</a>", text, re.S | re.I)
        return self.links(Selector(text="<div>" + "".join(fragments) + "</div>")) if fragments else []

    def frame_links(self) -> list[Link]:
        """Pages a frameset or an <iframe> embeds (old templates put the list in a frame); each
        carries this page's own title, since the frame is this page's content."""
        found: list[Link] = []
        title = (self.selector.xpath("//title/text()").get() or self.meta("ColumnName") or "").strip()
        for frame in self.selector.xpath("//frame[@src]|//iframe[@src]"):
            url = self.absolute(frame.attrib.get("src", ""))
            if url and url != self.url:
                found.append(Link(url, title, "frame"))
        return found

    def statutory_sections(self) -> int:
        """How many of the statutory report's section headings (条例 第五十条) the page carries:
        a column page whose body is a report titled only 政府信息公开工作年度报告 (no unit, no
        year) is recognised by its body, not its title."""
        return self._statutory_sections

    @cached_property
    def _statutory_sections(self) -> int:
        text = re.sub(r"\s+", "", " ".join(self.selector.xpath("//body//text()[not(ancestor::script)]").getall()))
        return sum(1 for heading in _STATUTORY_SECTIONS if heading in text)

    def visible_text_length(self) -> int:
        return self._visible_text_length

    @cached_property
    def _visible_text_length(self) -> int:
        """Characters of the body's text, scripts and styles left out, whitespace runs counted once
        (XPath string functions: this runs on every report page)."""
        root = self.selector.root
        if not hasattr(root, "xpath"):
            return 0
        hidden = sum(
            int(node.xpath("string-length(normalize-space(.))")) for node in root.xpath("//body//script|//body//style")
        )
        return max(0, int(root.xpath("string-length(normalize-space(//body))")) - hidden)
