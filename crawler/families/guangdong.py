"""Guangdong 集约化: NFCMS portal pages (``content/post_<id>.html``, lists index.html, index_2.html …)
and the ``gkmlpt`` disclosure platform: ``/gkmlpt/index`` carries ``window._CONFIG`` with the
category TREE; ``/gkmlpt/api/all/<category>?page=N&sid=<SID>`` answers JSON, 100 articles a page,
where page 0 and page 1 are the same batch (so page 0 is never asked for)."""

from __future__ import annotations

import json
import math
import re
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from crawler.families.base import GKMLPT_API, ListRequest, script_calls, sibling, to_int
from crawler.pages import Link, Page

NAME = "guangdong"

_ANNUAL = re.compile(r"年报|年度报告|年度報告")
_NFCMS_PAGE = re.compile(r"/index(?:_(\d+))?\.html$")
_PER_PAGE = 100


def score(page: Page) -> int:
    text = page.text
    points = 0
    if "NFCMS_SITE_ID" in text or "NFCMS_POST_ID" in text:
        points += 4
    if "/gkmlpt/" in page.url or "window._CONFIG" in text:
        points += 3
    if re.search(r"content/post_\d+\.html", text):
        points += 2
    return points


def api_json(page: Page) -> dict | None:
    if not page.text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(page.text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def item_links(page: Page) -> list[Link]:
    data = api_json(page)
    if data is None:
        return page.links()
    links = []
    for article in data.get("articles") or []:
        # post_url is the portal's own article; url is the gkmlpt copy of it (a duplicate).
        url = article.get("post_url") or article.get("url")
        if url:
            links.append(Link(urljoin(page.url, url), article.get("title") or ""))
    return links


def api_attachments(page: Page) -> dict[str, list[Link]]:
    """gkmlpt lists attachments in the API answer: article URL → its attachment links."""
    data = api_json(page) or {}
    found: dict[str, list[Link]] = {}
    for article in data.get("articles") or []:
        url = article.get("post_url") or article.get("url")
        files = [Link(urljoin(page.url, a["url"]), a.get("name") or "") for a in article.get("attachment") or [] if a.get("url")]
        if url and files:
            found[urljoin(page.url, url)] = files
    return found


def _config(text: str) -> tuple[str | None, list[dict]]:
    sid = re.search(r"SID\s*:\s*['\"]?(\w+)", text)
    tree = re.search(r"TREE\s*:\s*(\[.*?\])\s*,\s*\n?\s*[A-Z_]+\s*:", text, re.S) or re.search(r"TREE\s*:\s*(\[.*\])", text, re.S)
    nodes: list[dict] = []
    if tree:
        try:
            nodes = json.loads(tree.group(1))
        except ValueError:
            nodes = [{"id": int(i), "name": n} for i, n in re.findall(r"id\"?\s*:\s*(\d+)\s*,\s*\"?name\"?\s*:\s*['\"]([^'\"]+)", tree.group(1))]
    return (sid.group(1) if sid else None), nodes


def _walk(nodes: list[dict]):
    for node in nodes:
        yield node
        yield from _walk(node.get("children") or [])


def next_pages(page: Page) -> list[ListRequest]:
    data = api_json(page)
    headers = {"Accept": "application/json", "Referer": urljoin(page.url, "/gkmlpt/policy")}
    if data is not None:
        parts = urlsplit(page.url)
        query = parse_qs(parts.query)
        number = to_int((query.get("page") or ["1"])[0]) or 1
        total = to_int(data.get("total")) or to_int((data.get("classify") or {}).get("post_count")) or 0
        last = max(1, math.ceil(total / _PER_PAGE))
        if number >= last or not data.get("articles"):
            return []
        query["page"] = [str(number + 1)]
        url = parts._replace(query=urlencode(query, doseq=True)).geturl()
        return [ListRequest(url, kind=GKMLPT_API, headers=headers)]
    if "window._CONFIG" in page.text:
        sid, tree = _config(page.text)
        requests = []
        for node in _walk(tree):
            if _ANNUAL.search(str(node.get("name", ""))):
                url = urljoin(page.url, f"/gkmlpt/api/all/{node['id']}?" + urlencode({"page": 1, "sid": sid or ""}))
                requests.append(ListRequest(url, kind=GKMLPT_API, headers=headers))
        return requests
    requests = []
    for args in script_calls(page.text, "createPageHTML"):
        count, current = to_int(args[0]) if args else None, to_int(args[1]) if len(args) > 1 else None
        if count is not None and current is not None:
            here = _NFCMS_PAGE.search(page.url)
            number = int(here.group(1) or 1) if here else 1
            if number < count:
                requests.append(ListRequest(sibling(page.url, f"index_{number + 1}.html")))
            break
    return requests


def gkmlpt_index_url(page: Page) -> str | None:
    """Every Guangdong site has the platform at /gkmlpt/index."""
    return urljoin(page.url, "/gkmlpt/index") if score(page) >= 2 else None
