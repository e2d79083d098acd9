"""TRS WCM static publishing ("t-date"): …/<YYYYMM>/t<YYYYMMDD>_<id>.html articles, lists paged
by ``createPageHTML(pageCount, currentPage0, "index", "html")`` → index.html, index_1.html, …
(extension htm/shtml too; arguments often variables: ``var countPage = 3; …``).  The pager
itself, in both signatures, is ``createpage``."""

from __future__ import annotations

import re

from crawler.families import createpage
from crawler.families.base import ListRequest
from crawler.pages import Link, Page

NAME = "trs"

_ARTICLE = re.compile(r"/t\d{8}_\d+(_wap)?\.s?html?|/P0\d{8}\d+\.\w+")


def score(page: Page) -> int:
    text = page.text
    points = 0
    call = createpage.page_call(text)
    if call is not None and call.from_call and not call.one_based:
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


def next_pages(page: Page) -> list[ListRequest]:
    return createpage.pager_requests(page)
