"""The gov.cn-style "c-channel .shtml" family: ``/<site>/c<6 digits>/…`` channels, ``#UCAP-CONTENT``
bodies and the 6-argument pager ``createPageHTML('page_div', pageCount, current1, 'xlist', 'shtml',
total)`` → xlist.shtml, xlist_2.shtml, … (some sites: xlist_1.shtml for page two).  The pager
itself, in both signatures, is ``createpage``."""

from __future__ import annotations

import re

from crawler.families import createpage
from crawler.families.base import ListRequest
from crawler.pages import Link, Page

NAME = "cchannel"

_CHANNEL = re.compile(r"/c\d{5,7}/")


def score(page: Page) -> int:
    points = 0
    call = createpage.page_call(page.text)
    if call is not None and call.one_based:
        points += 4
    if "UCAP-CONTENT" in page.text or "kaipuyun" in page.text:
        points += 2
    if _CHANNEL.search(page.url) or len(_CHANNEL.findall(page.text)) >= 3:
        points += 1
    return points


def item_links(page: Page) -> list[Link]:
    return page.links()


def next_pages(page: Page) -> list[ListRequest]:
    return createpage.pager_requests(page)
