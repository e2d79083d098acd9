"""Everything else: plain lists, next-link pagers (下一页), ``N.html`` numbered pages,
``?page=N`` queries, and column pages that are themselves the report."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from crawler.families.base import PAGE_KEYS, ListRequest, sibling
from crawler.pages import Link, Page

NAME = "generic"

_NEXT_TEXT = re.compile(r"^(下一页|下页|后一页|后页|下一頁|下頁|nextpage|next|>{1,2}|»|＞{1,2}|›)$", re.I)
# Decorations pagers put around the word: [下一页], 下一页>, 下一页 >>, 【下一页】, <下一页>
_DECORATION = re.compile(r"[\s\[\]【】()（）<>《》«»＜＞›‹|｜]")


def _is_next(text: str) -> bool:
    text = (text or "").strip()
    if _NEXT_TEXT.match(re.sub(r"\s+", "", text)):
        return True
    bare = _DECORATION.sub("", text)
    return bool(bare) and bool(_NEXT_TEXT.match(bare))


_NUMBERED = re.compile(r"/(\d{1,4})\.s?html?$")
_PAGE_LITERAL = re.compile(r"""['"]([^'"\s]*?[?&]?)(?<!\w)(""" + "|".join(PAGE_KEYS) + r""")=['"]\s*\+""")
_TOTAL = re.compile(r"parseInt\(\s*['\"]?(\d+)['\"]?\s*\)|共\s*(\d+)\s*页")


def score(page: Page) -> int:
    return 0


def item_links(page: Page) -> list[Link]:
    """Plain anchors, anchors inside inline scripts (records in a JS array), and the pages
    frames embed (an old template's list in an <iframe>)."""
    found = page.links()
    seen = {link.url for link in found}
    for link in page.script_links() + page.frame_links():
        if link.url not in seen:
            seen.add(link.url)
            found.append(link)
    return found


def next_pages(page: Page) -> list[ListRequest]:
    requests = _next_links(page)
    if requests:
        return requests
    total = _TOTAL.search(page.text)
    last = int(total.group(1) or total.group(2)) if total else None
    numbered = _NUMBERED.search(urlsplit(page.url).path)
    if numbered and last:
        current = int(numbered.group(1))
        if current < last:
            return [ListRequest(sibling(page.url, f"{current + 1}.html"))]
    if total and total.group(1) and last and last > 1 and re.search(r"/(index\.s?html?)?$", urlsplit(page.url).path):
        # Shaanxi-style 1.html, 2.html … (total as parseInt('N')) reached at the column's directory
        return [ListRequest(sibling(page.url, "2.html"))]
    return _query_pages(page, last)


def _next_links(page: Page) -> list[ListRequest]:
    """The pager's own 下一页 links (by text, title, or an empty ``next`` class)."""
    requests = []
    for anchor in page.selector.xpath("//a"):
        text = " ".join(anchor.xpath(".//text()").getall()).strip() or anchor.attrib.get("title", "")
        if (
            _is_next(text)
            or _is_next(anchor.attrib.get("title", ""))
            or (not text.strip() and re.search(r"\bnext\b", anchor.attrib.get("class", ""), re.I))
        ):
            url = page.anchor_url(anchor)
            if url and url != page.url:
                requests.append(ListRequest(url))
    return requests


def _query_pages(page: Page, last: int | None) -> list[ListRequest]:
    """The next page by the address's page parameter, or by the one a pager script builds."""
    parts = urlsplit(page.url)
    query = parse_qs(parts.query, keep_blank_values=True)
    for key in PAGE_KEYS:
        if key in query and query[key][0].isdigit():
            current = int(query[key][0])
            if last is not None and current >= last:
                return []
            query[key] = [str(current + 1)]
            return [ListRequest(parts._replace(query=urlencode(query, doseq=True)).geturl())]
    # A pager of ``javascript:goPage(2)`` links whose function builds ``'?pageNo=' + n``: the
    # first page has no parameter yet, and sites count from 0 or 1, so both 1 and 2 are asked
    # (the spider drops a page that repeats the previous one).
    script = " ".join(page.selector.xpath("//script[not(@src)]/text()").getall())
    built = _PAGE_LITERAL.search(script)
    # only this page's own query (``'?cat=4&pageNo=' + n``); another address is a script request (xhr)
    own_query = built is not None and not re.search(r"[/.]", built.group(1))
    if built and own_query and built.group(2) not in query and (last is None or last > 1):
        key = built.group(2)
        return [
            ListRequest(parts._replace(query=urlencode({**query, key: [str(n)]}, doseq=True)).geturl()) for n in (1, 2)
        ]
    return []
