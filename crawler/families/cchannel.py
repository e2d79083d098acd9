"""The gov.cn-style "c-channel .shtml" family: ``/<site>/c<6 digits>/…`` channels, ``#UCAP-CONTENT``
bodies and the 6-argument pager ``createPageHTML('page_div', pageCount, current1, 'xlist', 'shtml',
total)`` → xlist.shtml, xlist_2.shtml, … (some sites: xlist_1.shtml for page two)."""

from __future__ import annotations

import re

from crawler.families.base import ListRequest, script_calls, sibling, to_int
from crawler.pages import Link, Page

NAME = "cchannel"

_CHANNEL = re.compile(r"/c\d{5,7}/")


def _page_call(text: str) -> tuple[int, int, str, str] | None:
    for args in script_calls(text, "createPageHTML"):
        if len(args) >= 5 and to_int(args[0]) is None and to_int(args[1]) is not None:
            return to_int(args[1]) or 0, to_int(args[2]) or 1, args[3] or "xlist", args[4] or "shtml"
    return None


def score(page: Page) -> int:
    points = 0
    if _page_call(page.text):
        points += 4
    if "UCAP-CONTENT" in page.text or "kaipuyun" in page.text:
        points += 2
    if _CHANNEL.search(page.url) or len(_CHANNEL.findall(page.text)) >= 3:
        points += 1
    return points


def item_links(page: Page) -> list[Link]:
    return page.links()


def next_pages(page: Page) -> list[ListRequest]:
    call = _page_call(page.text)
    if call is None:
        return []
    count, current, prefix, ext = call
    if current >= count:
        return []
    # Standard: page k is prefix_k; variant: page k is prefix_{k-1}.  Ask for both next ones.
    names = {f"{prefix}_{current + 1}.{ext}", f"{prefix}_{current}.{ext}"}
    return [ListRequest(sibling(page.url, name)) for name in sorted(names)]
