"""Hanweb 大汉 JCMS: ``/col/col<id>/index.html`` columns whose first records are embedded as
``<datastore><record><![CDATA[<li><a …>]]></record>`` XML; the rest come from the jpage proxy
``dataproxy.jsp`` in one of two forms, and deployments differ in which one answers:

* ``POST dataproxy.jsp?startrecord=&endrecord=&perpage=`` with the jpage ``ajaxParam`` as the
  form (what the jpage plugin sends; some deployments answer it with an empty datastore);
* ``GET dataproxy.jsp?page=N&appid=…&columnid=…&unitid=…``, the link in ``<nextgroup>`` (some
  deployments encrypt the ids there, so only ``page`` may be changed).

Both forms are asked for, so whichever one the deployment serves fills the list (the duplicate
records the other may return are dropped by the duplicate filter); a proxy answer's own
``<nextgroup>`` is followed.  Attachments: ``downfile.jsp``."""

from __future__ import annotations

import math
import re
from urllib.parse import urlencode, urljoin, urlsplit

from parsel import Selector

from crawler.families.base import HANWEB_PROXY, FamilyError, ListRequest, to_int
from crawler.families.scripts import object_after
from crawler.pages import Link, Page

NAME = "hanweb"

_RECORD = re.compile(r"<record>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>", re.S)
_NEXTGROUP = re.compile(r"<nextgroup>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</nextgroup>", re.S)
_HEADERS = {"X-Requested-With": "XMLHttpRequest"}


def score(page: Page) -> int:
    text = page.text
    points = 0
    if "<datastore>" in text or "dataproxy.jsp" in text:
        points += 4
    if re.search(r"/col/col\d+/", page.url) or "jcms_files" in text:
        points += 2
    if re.search(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html", text):
        points += 2
    if "downfile.jsp" in text:
        points += 1
    return points


def is_proxy_answer(page: Page) -> bool:
    """A dataproxy.jsp answer (bare XML), not a column page that embeds a datastore."""
    return "<datastore" in page.text and ".jpage(" not in page.text and "<html" not in page.text.lower()


def paginates_alone(page: Page) -> bool:
    """A proxy answer is paged by its <nextgroup> only: the generic ``?page=N+1`` guess would run
    on forever against a deployment that ignores ``page``."""
    return is_proxy_answer(page)


def _records(text: str) -> list[str]:
    return [cdata or plain for cdata, plain in _RECORD.findall(text)]


def item_links(page: Page) -> list[Link]:
    fragments = _records(page.text)
    if not fragments and re.search(r"<record\b", page.text):
        raise FamilyError("the datastore's <record> elements could not be read")
    links: list[Link] = []
    for fragment in fragments:
        links += page.links(Selector(text=f"<div>{fragment}</div>"))
    return links


def _jpage_config(text: str) -> dict:
    return object_after(text, ".jpage(") or {}


def _nextgroup_url(page: Page) -> str | None:
    match = _NEXTGROUP.search(page.text)
    if not match:
        return None
    href = re.search(r"href\s*=\s*['\"]([^'\"]+)", match.group(1) or match.group(2) or "")
    if not href:
        return None
    url = urljoin(page.url, href.group(1).replace("&amp;", "&").strip())
    return url if url != page.url else None


def _with_page(url: str, number: int) -> str:
    """``url`` asking for page ``number``; the rest of the query is kept byte for byte (the ids
    may be encrypted blobs, the site name percent-encoded GBK)."""
    parts = urlsplit(url)
    query, count = re.subn(r"(^|&)page=[^&]*", rf"\g<1>page={number}", parts.query)
    if not count:
        query = f"page={number}&{query}" if query else f"page={number}"
    return parts._replace(query=query).geturl()


def _get_requests(page: Page, nextgroup: str, groups: int | None) -> list[ListRequest]:
    """The GET form: the <nextgroup> link, or with a known total every group's ``page=N``
    (deployments count the embedded group as page 0 or as page 1, so 1…groups covers both)."""
    headers = {**_HEADERS, "Referer": page.url}
    urls = [nextgroup] if not groups else [_with_page(nextgroup, n) for n in range(1, groups + 1)]
    return [ListRequest(url, kind=HANWEB_PROXY, headers=headers) for url in dict.fromkeys(urls)]


def _post_requests(page: Page, config: dict, embedded: int, total: int) -> list[ListRequest]:
    """The POST form: windows of perPage × groupSize records after the embedded ones."""
    per_page = to_int(config.get("perPage")) or 15
    window = per_page * (to_int(config.get("groupSize")) or 3)
    form = {key: "" if value is None else str(value) for key, value in (config.get("ajaxParam") or {}).items()}
    form.setdefault("col", "1")
    proxy = urljoin(page.url, str(config["proxyUrl"]))
    headers = {**_HEADERS, "Referer": page.url, "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}
    requests = []
    start = embedded + 1 if embedded else 1
    while start <= total:
        end = min(start + window - 1, total)
        query = urlencode({"startrecord": start, "endrecord": end, "perpage": per_page})
        requests.append(
            ListRequest(f"{proxy}?{query}", kind=HANWEB_PROXY, method="POST", body=urlencode(form), headers=headers)
        )
        start = end + 1
    return requests


def next_pages(page: Page) -> list[ListRequest]:
    nextgroup = _nextgroup_url(page)
    if is_proxy_answer(page):
        return _get_requests(page, nextgroup, None) if nextgroup and _records(page.text) else []
    config = _jpage_config(page.text)
    # records embedded as <datastore> XML, or (older jpage) as a JS array of HTML strings
    in_datastore = len(_records(page.text))
    in_script = 0 if in_datastore else len(page.script_links())
    embedded = in_datastore or in_script
    total = to_int(config.get("totalRecord"))
    if total is not None and total <= embedded:
        return []  # the column page already carries every record
    requests: list[ListRequest] = []
    if nextgroup:
        window = (to_int(config.get("perPage")) or 15) * (to_int(config.get("groupSize")) or 3)
        requests += _get_requests(page, nextgroup, math.ceil(total / window) if total else None)
    if total and config.get("proxyUrl"):
        requests += _post_requests(page, config, embedded, total)
    if not requests and ".jpage(" in page.text and not in_script:  # a JS array jpage pages on the client only
        raise FamilyError(
            f"jpage pager without a readable totalRecord/proxyUrl or <nextgroup> "
            f"({embedded} embedded records of {total if total is not None else 'an unknown number'})"
        )
    return requests
