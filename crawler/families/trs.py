"""TRS WCM static publishing ("t-date"): …/<YYYYMM>/t<YYYYMMDD>_<id>.html articles, lists paged
by ``createPageHTML(pageCount, currentPage0, "index", "html")`` → index.html, index_1.html, …"""

from __future__ import annotations

import re

from crawler.families.base import ListRequest, script_calls, sibling, to_int
from crawler.pages import Link, Page

NAME = "trs"

_ARTICLE = re.compile(r"/t\d{8}_\d+(_wap)?\.s?html?|/P0\d{8}\d+\.\w+")
_PAGE_NUMBER = re.compile(r"/([A-Za-z]+)_(\d+)\.(s?html?)$")


def score(page: Page) -> int:
    text = page.text
    points = 0
    calls = [c for c in script_calls(text, "createPageHTML") if c and to_int(c[0]) is not None]
    if calls:
        points += 3
    if "TRS_Editor" in text or "trs_editor_view" in text or "TRS_UEDITOR" in text:
        points += 2
    if _ARTICLE.search(text):
        points += 2
    if re.search(r"var\s+countPage\s*=", text):
        points += 2
    return points


def item_links(page: Page) -> list[Link]:
    return page.links()


def _page_call(text: str) -> tuple[int, int, str, str] | None:
    for args in script_calls(text, "createPageHTML"):
        if len(args) >= 4 and to_int(args[0]) is not None and to_int(args[1]) is not None:
            return to_int(args[0]) or 0, to_int(args[1]) or 0, args[2] or "index", args[3] or "html"
    count = re.search(r"var\s+countPage\s*=\s*['\"]?(\d+)", text)
    if count:
        current = re.search(r"var\s+currentPage\s*=\s*['\"]?(\d+)", text)
        return int(count.group(1)), int(current.group(1)) if current else 0, "index", "html"
    return None


def next_pages(page: Page) -> list[ListRequest]:
    call = _page_call(page.text)
    if call is None:
        return []
    count, current, name, ext = call
    here = _PAGE_NUMBER.search(page.url)
    numbers: set[int] = set()
    if current + 1 < count:
        numbers.add(current + 1)
    if here and int(here.group(2)) != current:
        # A 1-based site (second page index_2): the file number runs one ahead.
        n = int(here.group(2)) + 1
        if n <= count:
            numbers.add(n)
    elif not here and count >= 2:
        numbers.add(2)  # on page one we cannot tell _1 from _2 yet; a 404 costs one request
    return [ListRequest(sibling(page.url, f"{name}_{n}.{ext}")) for n in sorted(numbers)]
