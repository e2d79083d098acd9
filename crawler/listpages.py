"""Nav and list pages: the page is a line, its links are judged (``crawler.linkjudge``), the menus a
script injects are asked for, and an annual-report list is paged through within a per-source budget.

A list page whose body is itself the report goes to ``crawler.reportpages`` (through the spider)."""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy.http import Request, Response

from crawler import families, links, obstacles, titles
from crawler.families import guangdong, xhr
from crawler.families.base import API_KINDS, GKMLPT_API, XHR_DATA, ListRequest
from crawler.linkjudge import NAV_MAX_HOPS, judge
from crawler.pages import Link, Page
from crawler.records import Output
from crawler.registry import Source
from crawler.scope import host_of

if TYPE_CHECKING:
    from crawler.spiders.annual_reports import AnnualReportSpider


@dataclass
class ListVisit:
    """One nav or list page being read: where it is in the walk and what handles it."""

    crawl: AnnualReportSpider
    source: Source
    response: Response
    page: Page
    role: str
    family: str = "generic"

    @property
    def meta(self) -> dict[str, Any]:
        return self.response.meta

    @property
    def hops(self) -> int:
        return self.meta["hops"]

    @property
    def in_list(self) -> bool:
        return self.role == "list"

    def request(self, url: str, role: str, **fields: Any) -> Request:
        return self.crawl.request_for(self.source, url, role, **fields)


def list_page(
    crawl: AnnualReportSpider,
    source: Source,
    response: Response,
    page: Page,
    role: str | None = None,
    from_report: bool = False,
) -> Iterator[Output]:
    """A nav or list page; ``from_report``: a page the report handler found to be a list (never
    handed back to it as a report)."""
    visit = ListVisit(crawl, source, response, page, role or response.meta["role"])
    if page.status >= 400 or obstacles.is_soft_404(page):
        if not visit.meta.get("pager"):  # every page we chose to ask for; a pager's guess may miss
            reason = f"list page answered HTTP {page.status}" if page.status >= 400 else "list page is a soft 404"
            yield crawl.response_record("error", source, response, reason=reason)
        return
    redirect = links.js_redirect_target(page)
    if redirect and redirect != page.url:
        yield from _follow_js_redirect(visit, redirect)
        return
    visit.family = crawl.family_for(source, page, visit.meta)
    # every answer is a line: the walk's own pages too (their bytes are in the WARC)
    yield crawl.response_record("page", source, response, family=visit.family)
    if visit.role == "nav" and links.is_annual_page(page):
        visit.role = "list"
    if visit.in_list:
        progress = crawl.progress_of(source)
        progress["column_url"] = progress["column_url"] or page.url
    found = yield from _item_links(visit)
    reports, items = yield from _walk_links(visit, found)
    yield from _script_menus(visit)
    if not reports and not from_report and _is_itself_report(visit):
        yield from crawl.report_page(source, response, page)
        return
    if visit.family == "guangdong" and visit.hops == 0:
        url = guangdong.gkmlpt_index_url(page)
        if url and url != page.url:
            yield visit.request(url, "nav", hops=1, list_url=page.url, link_text="gkmlpt", family=visit.family)
    # Pagination: only in annual-report lists, only while pages still list items (stub deep
    # pages end it), and within a per-source budget.
    if visit.in_list or reports or "window._CONFIG" in page.text:
        yield from _pagination(visit, found, items)


def _follow_js_redirect(visit: ListVisit, redirect: str) -> Iterator[Output]:
    scope, source, host = visit.crawl.scope, visit.source, host_of(redirect)
    if scope.home_scope(source, host) or scope.list_scope(source, host):
        meta = visit.meta
        yield visit.request(
            redirect,
            visit.role,
            hops=visit.hops,
            list_url=meta.get("list_url"),
            link_text=meta.get("link_text"),
            family=meta.get("family"),
        )


def _item_links(visit: ListVisit) -> Generator[Output, None, list[Link]]:
    """The page's links as its family reads them; the generic reading when the family fails."""
    try:
        if visit.meta.get("kind") == XHR_DATA:
            return families.answer_links(visit.page)
        return families.item_links(visit.page, visit.family)
    except Exception as error:
        yield visit.crawl.response_record(
            "error", visit.source, visit.response, reason=f"family {visit.family} failed: {error}", family=visit.family
        )
        visit.family = "generic"
        return visit.page.links()


def _walk_links(visit: ListVisit, found: list[Link]) -> Generator[Output, None, tuple[list[Link], int]]:
    """Judge every link: records first, then the requests.  Returns the links taken for reports
    and the count of items (records, report and file requests) the page lists."""
    reports: list[Link] = []
    followed: list[Request] = []
    items = 0
    extra = guangdong.api_attachments(visit.page) if visit.meta.get("kind") == GKMLPT_API else {}
    menus = _walks_menus(visit, found)
    min_year = visit.crawl.min_year
    for link in found:
        if (
            link.chrome
            and not menus
            and not links.is_annual_column_link(link)
            and not titles.classify(link.text, min_year).is_report
        ):
            continue
        for thing in judge(
            visit.crawl,
            visit.source,
            visit.page,
            link,
            in_list=visit.in_list,
            hops=visit.hops,
            family=visit.family,
            extra=extra,
        ):
            if isinstance(thing, dict):
                items += 1
                yield thing
                continue
            if thing.meta["role"] == "report":
                reports.append(link)
            items += thing.meta["role"] in ("report", "attachment")
            followed.append(thing)
    yield from followed
    return reports, items


def _walks_menus(visit: ListVisit, found: list[Link]) -> bool:
    """A nav page whose content shows the way on (its 年报 column, 信息公开) is not walked through
    its site menus: on a city platform every unit's page carries the city's menu."""
    return visit.in_list or not any(
        not link.chrome and (links.is_annual_column_link(link) or links.is_disclosure_link(link)) for link in found
    )


def _script_menus(visit: ListVisit) -> Iterator[Request]:
    """Menus a script injects (head.js / nav.js): the way into 政府信息公开 may be only there."""
    if visit.in_list or visit.hops >= NAV_MAX_HOPS or visit.meta.get("kind") == XHR_DATA:
        return
    for menu in xhr.script_sources(visit.page, menus=True):
        yield visit.request(
            menu.url,
            "nav",
            hops=visit.hops,
            list_url=visit.page.url,
            kind=XHR_DATA,
            family=visit.family,
            headers=menu.headers,
        )


def _is_itself_report(visit: ListVisit) -> bool:
    """The page itself may be the report (a column page whose body is the report), or a report
    page at a column-like address (``…/<id>/index.shtml``) reached by a report's title whose body
    is only 详见附件 and the file."""
    if visit.meta.get("kind") in API_KINDS:
        return False
    page, min_year = visit.page, visit.crawl.min_year
    return links.column_page_is_report(page, min_year) or (
        titles.classify(visit.meta.get("link_text"), min_year).is_report
        and titles.classify(page.title, min_year).is_report
        and bool(links.attachment_links(page))
    )


def _pagination(visit: ListVisit, found: list[Link], items: int) -> Iterator[Output]:
    # A pager whose further pages repeat this one (a query parameter the site ignores, a
    # client-side ``pageNum``) would run on to the budget: a repeat ends the list.
    meta, crawl = visit.meta, visit.crawl
    digest = hashlib.sha1("\n".join(sorted(link.url for link in found)).encode()).hexdigest()
    if meta.get("pager") and found and digest == meta.get("prev_digest"):
        return
    try:
        next_pages = _next_pages(visit)
    except Exception as error:
        yield crawl.response_record(
            "error", visit.source, visit.response, reason=f"pagination of family {visit.family} failed: {error}"
        )
        return
    crawl.logger.debug(
        "pagination of %s (%s, items %d): %s", visit.page.url, visit.family, items, [n.url for n in next_pages]
    )
    hops = visit.hops if visit.in_list else visit.hops + 1
    for next_page in next_pages:
        special = next_page.kind in API_KINDS and meta.get("kind") not in API_KINDS
        if not items and not special:
            continue
        if not crawl.take_list_page(visit.source):
            break
        request = _list_request(visit, next_page, hops)
        request.meta["prev_digest"] = digest
        yield request


def _next_pages(visit: ListVisit) -> list[ListRequest]:
    if visit.meta.get("kind") != XHR_DATA:
        return families.next_pages(visit.page, visit.family)
    request = visit.response.request
    asked = {
        k.decode("latin-1"): v[0].decode("latin-1")
        for k, v in request.headers.items()
        if k.lower() in (b"referer", b"x-requested-with", b"content-type", b"accept")
    }
    return xhr.next_pages(visit.page, request.method, request.body.decode("utf-8", "replace") or None, asked)


def _list_request(visit: ListVisit, next_page: ListRequest, hops: int) -> Request:
    return visit.request(
        next_page.url,
        "list",
        hops=hops,
        list_url=visit.page.url,
        kind=next_page.kind,
        family=visit.family,
        method=next_page.method,
        body=next_page.body,
        headers=next_page.headers or None,
        pager=True,
    )
