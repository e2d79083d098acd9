"""Hanweb 大汉 JCMS: ``/col/col<id>/index.html`` columns whose first records are embedded as
``<datastore><record><![CDATA[<li><a …>]]></record>`` XML; the rest come from
``POST /module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=`` with the jpage
``ajaxParam`` as the form and a same-site Referer.  Attachments: ``downfile.jsp``."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urljoin

from parsel import Selector

from crawler.families.base import HANWEB_PROXY, ListRequest, to_int
from crawler.pages import Link, Page

NAME = "hanweb"

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S)
_JPAGE = re.compile(r"\.jpage\(\s*\{(.*?)\}\s*\)\s*;", re.S)


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


def item_links(page: Page) -> list[Link]:
    links: list[Link] = []
    for fragment in _RECORD.findall(page.text):
        links += page.links(Selector(text=f"<div>{fragment}</div>"))
    return links


def _jpage_config(text: str) -> dict[str, str]:
    match = _JPAGE.search(text)
    if not match:
        return {}
    body = match.group(1)
    config: dict[str, str] = {}
    ajax = re.search(r"ajaxParam\s*:\s*\{(.*?)\}", body, re.S)
    for key, value in re.findall(r"(\w+)\s*:\s*('[^']*'|\"[^\"]*\"|[^,{}]+)", body.replace(ajax.group(0), "") if ajax else body):
        config[key] = value.strip().strip("'\"")
    if ajax:
        for key, value in re.findall(r"(\w+)\s*:\s*('[^']*'|\"[^\"]*\"|[^,{}]+)", ajax.group(1)):
            config[f"ajax.{key}"] = value.strip().strip("'\"")
    return config


def next_pages(page: Page) -> list[ListRequest]:
    if "<datastore>" in page.text and "jpage" not in page.text and "<html" not in page.text.lower():
        return []  # a dataproxy.jsp answer: the column page already asked for every window
    config = _jpage_config(page.text)
    total = to_int(config.get("totalRecord"))
    embedded = len(_RECORD.findall(page.text))
    requests: list[ListRequest] = []
    if total and config.get("proxyUrl"):
        per_page = to_int(config.get("perPage")) or 15
        group = to_int(config.get("groupSize")) or 3
        window = per_page * group
        form = {k[5:]: v for k, v in config.items() if k.startswith("ajax.")}
        form.setdefault("col", "1")
        proxy = urljoin(page.url, config["proxyUrl"])
        headers = {
            "Referer": page.url,
            "X-Requested-With": "XMLHttpRequest",
            "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
        }
        start = embedded + 1 if embedded else 1
        while start <= total:
            end = min(start + window - 1, total)
            query = urlencode({"startrecord": start, "endrecord": end, "perpage": per_page})
            requests.append(
                ListRequest(f"{proxy}?{query}", kind=HANWEB_PROXY, method="POST", body=urlencode(form), headers=headers)
            )
            start = end + 1
        return requests
    nextgroup = _NEXTGROUP.search(page.text)
    if nextgroup:
        href = re.search(r"href=['\"]([^'\"]+)", nextgroup.group(1))
        if href:
            requests.append(ListRequest(urljoin(page.url, href.group(1).replace("&amp;", "&")), kind=HANWEB_PROXY,
                                        headers={"Referer": page.url}))
    return requests
