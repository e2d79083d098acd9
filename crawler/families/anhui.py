"""Anhui-style 信息公开 platforms: ``/public/column/<siteId>?type=4&catId=…&action=list&pageIndex=N``
lists, ``/public/<siteId>/<docId>.html`` details, ``/site/tpl/<id>?year=`` 年报 hubs and the county
``/XxgkAnnualReport/show/<n>.html`` and ``/OpennessContent/showList/<dept>/<cat>/page_<n>.html``."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from crawler.families.base import ListRequest, sibling
from crawler.pages import Link, Page

NAME = "anhui"

_SHOWLIST = re.compile(r"/page_(\d+)\.html$")
_TOTAL = re.compile(r"共\s*(\d+)\s*页")


def score(page: Page) -> int:
    text = page.text
    points = 0
    if "/public/column/" in page.url or "/public/column/" in text:
        points += 3
    if re.search(r"XxgkAnnualReport|Xxgknb/show|OpennessContent|/site/tpl/", text + page.url):
        points += 3
    if "wzcon" in text or "HtmlGenerateTime" in text:
        points += 2
    return points


def item_links(page: Page) -> list[Link]:
    return page.links()


def next_pages(page: Page) -> list[ListRequest]:
    parts = urlsplit(page.url)
    total = _TOTAL.search(page.text)
    last = int(total.group(1)) if total else None
    query = parse_qs(parts.query, keep_blank_values=True)
    for key in ("pageIndex", "pageNo", "pageNum"):
        if key in query or (key == "pageIndex" and "/public/column/" in parts.path and "action=list" in parts.query):
            current = int((query.get(key) or ["1"])[0] or 1)
            if last is not None and current >= last:
                return []
            query[key] = [str(current + 1)]
            return [ListRequest(parts._replace(query=urlencode(query, doseq=True)).geturl())]
    match = _SHOWLIST.search(parts.path)
    if match:
        current = int(match.group(1))
        if last is not None and current >= last:
            return []
        return [ListRequest(sibling(page.url, f"page_{current + 1}.html"))]
    return []
