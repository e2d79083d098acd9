"""Everything else: plain lists, next-link pagers (下一页), ``N.html`` numbered pages,
``?page=N`` queries, and column pages that are themselves the report."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from crawler.families.base import ListRequest, sibling
from crawler.pages import Link, Page

NAME = "generic"

_NEXT_TEXT = re.compile(r"^\s*(下一页|下页|后一页|后页|下一頁|next\s*(page)?|>|»|＞)\s*$", re.I)
_NUMBERED = re.compile(r"/(\d{1,4})\.s?html?$")
_TOTAL = re.compile(r"parseInt\(\s*['\"]?(\d+)['\"]?\s*\)|共\s*(\d+)\s*页")


def score(page: Page) -> int:
    return 0


def item_links(page: Page) -> list[Link]:
    return page.links()


def next_pages(page: Page) -> list[ListRequest]:
    requests = []
    for anchor in page.selector.xpath("//a"):
        text = " ".join(anchor.xpath(".//text()").getall()) or anchor.attrib.get("title", "")
        if _NEXT_TEXT.match(text or ""):
            url = page.absolute(anchor.attrib.get("href", ""))
            if url and url != page.url:
                requests.append(ListRequest(url))
    if requests:
        return requests
    total = _TOTAL.search(page.text)
    last = int(total.group(1) or total.group(2)) if total else None
    numbered = _NUMBERED.search(urlsplit(page.url).path)
    if numbered and last:
        current = int(numbered.group(1))
        if current < last:
            return [ListRequest(sibling(page.url, f"{current + 1}.html"))]
    parts = urlsplit(page.url)
    query = parse_qs(parts.query, keep_blank_values=True)
    for key in ("page", "pageNo", "pageIndex", "currpage", "pageNum"):
        if key in query and query[key][0].isdigit():
            current = int(query[key][0])
            if last is not None and current >= last:
                return []
            query[key] = [str(current + 1)]
            return [ListRequest(parts._replace(query=urlencode(query, doseq=True)).geturl())]
    return []
