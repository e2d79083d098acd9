"""Lists a page loads by script (portal-patterns §3.7): the static HTML is a shell, the items
come from a JSON, JSONP, XML or HTML-fragment endpoint the page's own inline script names
(Anhui ``/site/label/…?IsAjax=1&dataType=JSON&pageIndex=1``, jpaas ``…/build/unit?pageNo=1``,
Hanweb ``/module/xxgk/search.jsp?…&currpage=1`` POSTs, IGS ``.jhtml`` JSON, zTree JSONP, …).

Whatever the vendor, the mechanism is the same, so it is read the same way:

* ``endpoints(page)`` – the requests the page's scripts would send: the URL of ``$.ajax({url:
  …})``, ``$.get/$.post/$.getJSON(…)``, ``fetch(…)``, ``axios.*(…)``, ``xhr.open(…)`` or a
  ``…Url = '…'`` variable, with its ``data``/``params`` object as the query (GET) or the form
  (POST), variables resolved, a page argument that cannot be resolved taken as 1;
* ``item_links(page)`` – the links of an answer: objects with a title and a URL anywhere in the
  JSON, ``<a href>`` inside HTML strings of it, or the anchors of an HTML fragment;
* ``next_pages(page, request)`` – the same request with its page parameter (query or form)
  one higher, until the answer's page count (``totalPage``, ``共N页``) is reached; the spider
  stops as well when an answer lists nothing new.

Family endpoints with their own module (Hanweb ``dataproxy.jsp``, ``gkmlpt``) are left to it."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from parsel import Selector

from crawler.families import hanweb
from crawler.families.base import PAGE_KEYS, XHR_DATA, ListRequest, to_int
from crawler.families.scripts import expression_end, literal_at, matching_end, resolve, split_top_level
from crawler.pages import Link, Page

_PAGE_KEYS_LOWER = {k.lower() for k in PAGE_KEYS}
_LEFT_TO_FAMILIES = re.compile(r"/jpage/dataproxy\.jsp|/gkmlpt/", re.I)
_STATIC = re.compile(r"\.(js|css|png|jpe?g|gif|svg|ico|woff2?|ttf|mp4|mp3)$", re.I)
# Where a script names the address it loads a list from.
_CALL = re.compile(
    r"(?:(?:\$|jQuery)\.(?:get|post|getJSON|ajax)|fetch|axios(?:\.(?:get|post|request))?|\.load)\s*\(\s*"
    r"|\.open\(\s*['\"](?:GET|POST)['\"]\s*,\s*"
    r"|\burl\s*:\s*"
    r"|\b\w*(?:url|Url|URL|api|Api|API)\s*=(?!=)\s*",
)
_TOTAL_PAGES_KEYS = ("totalpage", "totalpages", "pagecount", "pages", "pagetotal", "totalpagecount", "pagesize_total")
_TOTAL_TEXT = re.compile(r"共\s*(\d+)\s*页")
_URL_KEYS = (
    "post_url",
    "url",
    "link",
    "href",
    "linkurl",
    "docurl",
    "detailurl",
    "articleurl",
    "infourl",
    "pageurl",
    "path",
)
_TITLE_KEYS = ("title", "doctitle", "name", "bt", "subject", "infotitle", "articletitle")
_JSONP = re.compile(r"^\s*[\w$.]+\s*\(\s*(.*?)\s*\)\s*;?\s*$", re.S)


# ----------------------------------------------------------------- discovering endpoints


def _scripts(page: Page) -> list[str]:
    return [s for s in page.selector.xpath("//script[not(@src)]/text()").getall() if "<datastore" not in s]


def _value(expression: str, text: str, position: int) -> str | None:
    """A string expression: a literal, a variable, or a ``+`` concatenation of them; an unknown
    part right after ``page…=`` is page 1, any other unknown part makes the whole unknown."""
    parts = split_top_level(expression, 0, "+")[0]
    out = ""
    for part in parts:
        value = resolve(part, text, position)
        if value is None:
            if re.search(r"(" + "|".join(PAGE_KEYS) + r")=$", out, re.I):
                value = "1"
            elif len(parts) > 1 and out:
                value = ""  # e.g. a cache-buster or a site id the template fills in
            else:
                return None
        out += value
    return out


def _data_object(text: str, start: int, end: int) -> tuple[dict[str, str], bool]:
    """The ``data``/``params`` object and whether the method is POST, within text[start:end]."""
    window = text[start:end]
    post = bool(re.search(r"(?:type|method)\s*:\s*['\"]post['\"]|\.post\s*\(|['\"]POST['\"]", window, re.I))
    data: dict[str, str] = {}
    match = re.search(r"\b(?:data|params|body)\s*:\s*\{", window)
    if match:
        brace = start + match.end() - 1
        data = _object(text, brace)
    return data, post


def _object(text: str, brace: int) -> dict[str, str]:
    """A flat JS object literal as strings; values that are variables are resolved."""
    body = text[brace + 1 : matching_end(text, brace) - 1]
    data: dict[str, str] = {}
    for key, expression in re.findall(r"""['"]?([\w$]+)['"]?\s*:\s*([^,}\n]+)""", body):
        value = _value(expression.strip(), text, brace)
        if value is None:
            value = "1" if key.lower() in _PAGE_KEYS_LOWER else ""
        data[key] = value
    if not data:
        literal = literal_at(text, brace)
        if isinstance(literal, dict):
            data = {str(k): "" if v is None else str(v) for k, v in literal.items() if not isinstance(v, (dict, list))}
    return data


_DATA_SCRIPT = re.compile(r"datacall|showJsContent|\.(do|jsp|action|aspx?|php|jhtml)$", re.I)
_MENU_SCRIPT = re.compile(r"(^|/)[\w.-]*(head|nav|menu|top|header|daohang|dh)[\w.-]*\.js$", re.I)


def script_sources(page: Page, menus: bool = False) -> list[ListRequest]:
    """Same-host ``<script src>`` that write content: a data call (``/jact/front/datacall/
    showJsContent.do?iid=…``, a ``.do``/``.jsp`` answering ``document.write``), or with
    ``menus`` the head/nav/menu scripts that inject a site's menus (Henan ``head.js``)."""
    found = []
    host = urlsplit(page.url).hostname
    for src in page.selector.xpath("//script/@src").getall():
        url = page.absolute(src)
        if not url or urlsplit(url).hostname != host:
            continue
        path = urlsplit(url).path
        if _DATA_SCRIPT.search(path) or (menus and _MENU_SCRIPT.search(path) and "jquery" not in path.lower()):
            found.append(ListRequest(url, kind=XHR_DATA, headers={"Referer": page.url}))
    return found


JPAAS_UNIT = "/api-gateway/jpaas-publish-server/front/page/build/unit"


def jpaas_pages(page: Page) -> list[ListRequest]:
    """Zhejiang's jpaas gateway (portal-patterns §1.2): the pager element carries ``count``,
    ``rows`` and ``queryData="{'webId':…,'pageId':…,'tagId':…,'tplSetId':…}"``; the list is
    ``GET …/front/page/build/unit?…&parseType=bulidstatic&pageType=column&rows=R&pageNo=N``
    answering ``{"data": {"html": "<li>…"}}``."""
    requests = []
    for element in page.selector.xpath("//*[@querydata]"):
        query = literal_at(element.attrib["querydata"], 0)
        if not isinstance(query, dict):
            continue
        rows = to_int(element.attrib.get("rows")) or 15
        count = to_int(element.attrib.get("count"))
        last = max(1, -(-count // rows)) if count else 1
        for number in range(1, last + 1):
            params = {
                **{k: str(v) for k, v in query.items()},
                "parseType": "bulidstatic",
                "pageType": "column",
                "rows": str(rows),
                "pageNo": str(number),
            }
            url = urljoin(page.url, JPAAS_UNIT) + "?" + urlencode(params)
            requests.append(
                ListRequest(url, kind=XHR_DATA, headers={"X-Requested-With": "XMLHttpRequest", "Referer": page.url})
            )
    return requests


def endpoints(page: Page) -> list[ListRequest]:
    """The list requests the page's inline scripts would send (same host only), the data-call
    scripts it includes, and the jpaas pager's pages."""
    found: dict[tuple[str, str | None], ListRequest] = {
        (request.url, None): request for request in script_sources(page) + jpaas_pages(page)
    }
    host = urlsplit(page.url).hostname
    for script in _scripts(page):
        for match in _CALL.finditer(script):
            start = match.end()
            end = expression_end(script, start)
            expression = script[start:end].strip()
            if not expression or expression[0] in "{(":
                continue
            value = _value(expression, script, start)
            if (
                not value
                or not re.match(r"^(https?:)?/|^\.{0,2}/|^[\w-]+[/.?]", value)
                or value.startswith("javascript:")
            ):
                continue
            url = urljoin(page.url, value)
            parts = urlsplit(url)
            if parts.hostname != host or _STATIC.search(parts.path) or _LEFT_TO_FAMILIES.search(url) or url == page.url:
                continue
            # the call (or the object holding ``url:``) around the match: its data and method
            opener = max(script.rfind("{", 0, match.start()), script.rfind("(", 0, match.start()))
            region_end = (
                matching_end(script, opener) if opener >= 0 and match.group(0).lstrip().startswith("url") else end + 400
            )
            region_end = min(region_end, len(script))
            data, post = _data_object(script, max(0, opener if opener >= 0 else match.start()), region_end)
            if not data and not match.group(0).lstrip().startswith("url"):
                after = script[end : end + 5].lstrip(", ")
                if after.startswith("{"):
                    data = _object(script, script.index("{", end))
            headers = {"X-Requested-With": "XMLHttpRequest", "Referer": page.url}
            if post:
                headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
                request = ListRequest(url, kind=XHR_DATA, method="POST", body=urlencode(data), headers=headers)
            else:
                if data:
                    query = parse_qs(parts.query, keep_blank_values=True)
                    query.update({k: [v] for k, v in data.items()})
                    url = parts._replace(query=urlencode(query, doseq=True)).geturl()
                request = ListRequest(url, kind=XHR_DATA, headers=headers)
            found.setdefault((request.url, request.body), request)
    return list(found.values())


# ----------------------------------------------------------------- reading answers


def data_of(page: Page) -> Any:
    """The answer as JSON (JSONP unwrapped), or None when it is not JSON."""
    text = page.text.strip().lstrip("\ufeff")
    if not text or text[0] not in "[{":
        match = _JSONP.match(text)
        if not match:
            return None
        text = match.group(1)
    try:
        return json.loads(text)
    except ValueError:
        return literal_at(text, 0) if text[:1] in "[{" else None


def _first(item: dict, keys: tuple[str, ...]) -> str | None:
    lowered = {str(k).lower(): v for k, v in item.items()}
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _walk(value: Any, page: Page, out: list[Link]) -> None:
    if isinstance(value, dict):
        url, title = _first(value, _URL_KEYS), _first(value, _TITLE_KEYS)
        if url and title and not url.startswith(("javascript:", "#")):
            absolute = page.absolute(url)
            if absolute:
                out.append(Link(absolute, re.sub(r"<[^>]+>", "", title)))
        for inner in value.values():
            _walk(inner, page, out)
    elif isinstance(value, list):
        for inner in value:
            _walk(inner, page, out)
    elif isinstance(value, str) and "<a" in value and "href" in value:
        out += page.links(Selector(text=f"<div>{value}</div>"))


def item_links(page: Page) -> list[Link]:
    data = data_of(page)
    if data is None:
        if "<record" in page.text:  # a Hanweb-style <datastore> answer (e.g. morecolumndataproxy.jsp)
            return hanweb.item_links(page)
        if not page.text.lstrip().startswith("<"):  # a script that writes the list (document.write)
            return page.links_in_code(page.text)
        return page.links()  # an HTML fragment
    found: list[Link] = []
    _walk(data, page, found)
    unique: dict[str, Link] = {}
    for link in found:
        unique.setdefault(link.url, link)
    return list(unique.values())


def _total_pages(page: Page) -> int | None:
    data = data_of(page)
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                if str(key).lower() in _TOTAL_PAGES_KEYS and to_int(inner) is not None:
                    return to_int(inner)
                if isinstance(inner, dict):
                    stack.append(inner)
    match = _TOTAL_TEXT.search(re.sub(r"&nbsp;|\s", "", page.text))
    return int(match.group(1)) if match else None


def _bump(values: dict[str, list[str]]) -> tuple[int, dict[str, list[str]]] | None:
    for key in values:
        if key.lower() in _PAGE_KEYS_LOWER and values[key] and values[key][0].isdigit():
            current = int(values[key][0])
            return current, {**values, key: [str(current + 1)]}
    return None


def next_pages(page: Page, method: str, body: str | None, headers: dict[str, str]) -> list[ListRequest]:
    """The same request, one page further (page parameter in the query or the form)."""
    parts = urlsplit(page.url)
    total = _total_pages(page)
    query = parse_qs(parts.query, keep_blank_values=True)
    bumped = _bump(query)
    if bumped:
        current, query = bumped
        if total is not None and current >= total:
            return []
        url = parts._replace(query=urlencode(query, doseq=True)).geturl()
        return [ListRequest(url, kind=XHR_DATA, method=method, body=body, headers=headers)]
    if body:
        form = parse_qs(body, keep_blank_values=True)
        bumped = _bump(form)
        if bumped:
            current, form = bumped
            if total is not None and current >= total:
                return []
            return [
                ListRequest(page.url, kind=XHR_DATA, method=method, body=urlencode(form, doseq=True), headers=headers)
            ]
    return []
