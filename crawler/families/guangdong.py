"""Guangdong 集约化: NFCMS portal pages (``content/post_<id>.html``, lists index.html, index_2.html …)
and the ``gkmlpt`` disclosure platform: ``/gkmlpt/index`` carries ``window._CONFIG`` with the
category TREE; ``/gkmlpt/api/all/<category>?page=N&sid=<SID>`` answers JSON, 100 articles a page,
where page 0 and page 1 are the same batch (so page 0 is never asked for)."""

from __future__ import annotations

import json
import math
import re
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from crawler.families.base import GKMLPT_API, FamilyError, ListRequest, sibling, to_int
from crawler.families.createpage import page_call
from crawler.families.scripts import literal_at, object_after
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
    if not isinstance(data.get("articles"), list):
        raise FamilyError(f"gkmlpt API answer without an articles list (keys: {', '.join(list(data)[:8])})")
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
        files = [
            Link(urljoin(page.url, a["url"]), a.get("name") or "")
            for a in article.get("attachment") or []
            if a.get("url")
        ]
        if url and files:
            found[urljoin(page.url, url)] = files
    return found


def _config(text: str) -> tuple[str | None, list[dict]]:
    """SID and category TREE of ``window._CONFIG``, written as a JS literal (``SID: '755041'``)
    or as quoted JSON (``"SID": "755041"``); when the object as a whole will not parse, the
    two keys are looked for on their own."""
    config = object_after(text, "window._CONFIG") or object_after(text, "_CONFIG")
    if config is not None and (config.get("SID") is not None or isinstance(config.get("TREE"), list)):
        sid = config.get("SID")
        tree = config.get("TREE") if isinstance(config.get("TREE"), list) else []
        return (str(sid) if sid is not None and str(sid).strip() else None), [n for n in tree if isinstance(n, dict)]
    sid = re.search(r"""["']?\bSID["']?\s*:\s*["']?(\w+)""", text)
    nodes: list[dict] = []
    tree = re.search(r"""["']?\bTREE["']?\s*:\s*(\[)""", text)
    if tree:
        parsed = literal_at(text, tree.start(1))
        nodes = parsed if isinstance(parsed, list) else []
        if not nodes:
            nodes = [
                {"id": int(i), "name": n}
                for i, n in re.findall(
                    r"""["']?id["']?\s*:\s*["']?(\d+)["']?\s*,\s*["']?name["']?\s*:\s*['"]([^'"]+)""",
                    text[tree.start(1) :],
                )
            ]
    return (sid.group(1) if sid else None), [n for n in nodes if isinstance(n, dict)]


def _walk(nodes: list[dict]):
    for node in nodes:
        yield node
        yield from _walk(node.get("children") or [])


def next_pages(page: Page) -> list[ListRequest]:
    data = api_json(page)
    headers = {"Accept": "application/json", "Referer": urljoin(page.url, "/gkmlpt/policy")}
    if data is not None:
        return _next_api_page(page, data, headers)
    if "window._CONFIG" in page.text:
        return _annual_categories(page, headers)
    call = page_call(page.text)
    if call is not None:
        here = _NFCMS_PAGE.search(page.url)
        number = int(here.group(1) or 1) if here else 1
        if number < call.count:
            return [ListRequest(sibling(page.url, f"index_{number + 1}.html"))]
    return []


def _next_api_page(page: Page, data: dict, headers: dict[str, str]) -> list[ListRequest]:
    """The gkmlpt API answer's next page, while its total says there is one."""
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


def _annual_categories(page: Page, headers: dict[str, str]) -> list[ListRequest]:
    """The first API page of the 年报 category of the gkmlpt index and of its sub-categories (by
    year, by unit type)."""
    sid, tree = _config(page.text)
    if not sid or not tree:
        missing = " and ".join(name for name, value in (("SID", sid), ("category TREE", tree)) if not value)
        raise FamilyError(f"gkmlpt window._CONFIG without a readable {missing}")
    chosen: dict[str, None] = {}
    for node in _walk(tree):
        if _ANNUAL.search(str(node.get("name", ""))):
            chosen.update({str(n["id"]): None for n in _walk([node]) if n.get("id") is not None})
    if not chosen:
        names = [str(node.get("name", "")) for node in _walk(tree)]
        raise FamilyError(
            f"gkmlpt category TREE has no 年报 category ({len(names)} categories: {'、'.join(names[:8])})"
        )
    return [
        ListRequest(
            urljoin(page.url, f"/gkmlpt/api/all/{category}?" + urlencode({"page": 1, "sid": sid})),
            kind=GKMLPT_API,
            headers=headers,
        )
        for category in chosen
    ]


def gkmlpt_index_url(page: Page) -> str | None:
    """Every Guangdong site has the platform at /gkmlpt/index."""
    return urljoin(page.url, "/gkmlpt/index") if score(page) >= 2 else None
