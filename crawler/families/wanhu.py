"""万户 Ezweb / ezEIP: lists ``/channels/<id>.html`` then ``/channels/<id>_2.html`` …,
articles ``/contents/<channel>/<id>.html``, pager text ``当前第 1/12 页``."""

from __future__ import annotations

import re

from crawler.families.base import ListRequest, sibling
from crawler.pages import Link, Page

NAME = "wanhu"

_CHANNEL_PAGE = re.compile(r"/channels/(\d+)(?:_(\d+))?\.(s?html?)$")
_TOTAL = re.compile(r"当前第\s*(\d+)\s*/\s*(\d+)\s*页|共\s*(\d+)\s*页")


def score(page: Page) -> int:
    points = 0
    if _CHANNEL_PAGE.search(page.url):
        points += 3
    if re.search(r"/contents/\d+/\d+\.s?html?", page.text):
        points += 2
    if re.search(r"/channels/\d+\.s?html?", page.text):
        points += 1
    return points


def item_links(page: Page) -> list[Link]:
    return page.links()


def next_pages(page: Page) -> list[ListRequest]:
    match = _CHANNEL_PAGE.search(page.url)
    if not match:
        return []
    channel, number, ext = match.group(1), int(match.group(2) or 1), match.group(3)
    total = _TOTAL.search(page.text)
    last = None
    if total:
        last = int(total.group(2) or total.group(3))
    if last is not None and number >= last:
        return []
    return [ListRequest(sibling(page.url, f"{channel}_{number + 1}.{ext}"))]
