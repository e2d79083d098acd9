"""One link of a nav or list page: a report to fetch, noise to record, a column to follow, or
nothing.

The request is made under the registry row the link's URL belongs to (``Scope.claim``): a
department's column reached from the city's page is the department's.  Out of the site chrome
(header, menus, footer) only strong signs are followed: a report's title, an annual-report or year
column, a way into 信息公开 on the source's own site."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy.http import Request

from crawler import links, titles
from crawler.pages import Link, Page
from crawler.records import Output
from crawler.registry import Source
from crawler.scope import host_of

if TYPE_CHECKING:
    from crawler.spiders.annual_reports import AnnualReportSpider

NAV_MAX_HOPS = 3  # home → 政府信息公开 → … → annual-report column
LIST_MAX_HOPS = 6  # column → year → unit type → unit …


@dataclass(frozen=True)
class LinkOnPage:
    """A link as the page that lists it places it: in a list or on the way to one."""

    crawl: AnnualReportSpider
    source: Source
    page: Page
    link: Link
    in_list: bool
    hops: int
    family: str

    def request(self, owner: Source, role: str, **fields: Any) -> Request:
        return self.crawl.request_for(
            owner,
            self.link.url,
            role,
            hops=self.hops + 1,
            list_url=self.page.url,
            link_text=self.link.text,
            family=self.family,
            **fields,
        )

    def deeper_list(self, owner: Source) -> Sequence[Output]:
        if self.hops + 1 > LIST_MAX_HOPS:
            return ()
        return [self.request(owner, "list")]


def judge(
    crawl: AnnualReportSpider,
    source: Source,
    page: Page,
    link: Link,
    *,
    in_list: bool,
    hops: int,
    family: str,
    extra: dict[str, list[Link]],
) -> Sequence[Output]:
    """What to do with one link: the requests and records it leads to (none: not followed)."""
    if host_of(link.url) in crawl.blocked_hosts:
        return ()
    on_page = LinkOnPage(crawl, source, page, link, in_list, hops, family)
    verdict = titles.classify(link.text, crawl.min_year)
    owner = _owner(on_page, verdict.is_report)
    if owner is None:
        return ()
    if verdict.is_report:
        return _report_link(on_page, owner, extra)
    if verdict.kind == "noise":
        if link.chrome:  # a footer's 网站年度报表 is no item of this list
            return ()
        return [crawl.event("noise", owner, _meta(on_page), link.url, verdict.reason or "noise", year=verdict.year)]
    if not link.chrome:
        maybe = _maybe_report(on_page, owner)
        if maybe:
            return maybe
    if links.is_document_url(link.url):
        return ()
    return _way_on(on_page, owner)


def _meta(on_page: LinkOnPage) -> dict[str, Any]:
    return {"list_url": on_page.page.url, "link_text": on_page.link.text, "family": on_page.family}


def _owner(on_page: LinkOnPage, is_report: bool) -> Source | None:
    """The registry row the link belongs to.  Off every registry site: only a report, or its file,
    that an annual-report list (an aggregated index) links to on a government host: by its title,
    or by the unit's name alone (never a column or a home page); it stays the source's."""
    crawl, link = on_page.crawl, on_page.link
    owner = crawl.scope.claim(on_page.source, link.url)
    if owner is not None:
        return owner
    report_link = (
        is_report
        or links.is_document_url(link.url)
        or (titles.is_truncated(link.text) and titles.mentions_disclosure(link.text))
        or (links.names_unit_or_year(link.text) and not links.is_column_url(link.url))
    )
    if on_page.in_list and not link.chrome and report_link and crawl.scope.leaves_registry_for(link.url):
        return on_page.source
    return None


def _report_link(on_page: LinkOnPage, owner: Source, extra: dict[str, list[Link]]) -> Sequence[Output]:
    """A link whose text is a report's title: the report (or its file, or its column), unless the
    address or the title says it is a duplicate or another body's repost."""
    crawl, link, page = on_page.crawl, on_page.link, on_page.page
    noise = titles.duplicate_url_reason(link.url) or titles.repost_reason(
        link.text, page.meta("SiteName") or on_page.source.agency
    )
    if noise:
        return [crawl.event("noise", owner, _meta(on_page), link.url, noise)]
    if links.is_document_url(link.url):
        return [on_page.request(owner, "attachment", page_url=page.url)]
    if (links.is_column_url(link.url) or links.is_column_name(link.text)) and not links.is_article_url(link.url):
        return on_page.deeper_list(owner)
    files = [(f.url, f.text) for f in extra.get(link.url, [])]
    return [on_page.request(owner, "report", attachments=files)]


def _maybe_report(on_page: LinkOnPage, owner: Source) -> Sequence[Output]:
    """Not a report title: maybe a cut-off one, or a unit's (or year's) name on an aggregated
    index, which leads to its report or its file."""
    link, in_list = on_page.link, on_page.in_list
    if (titles.is_truncated(link.text) and titles.mentions_disclosure(link.text)) or (
        in_list and links.is_article_url(link.url) and "AnnualReport" in link.url
    ):
        return [on_page.request(owner, "report")]
    if in_list and links.names_unit_or_year(link.text) and not links.is_column_url(link.url):
        document = links.is_document_url(link.url)
        role = "attachment" if document else "report"
        request = on_page.request(owner, role, page_url=on_page.page.url if document else None)
        request.meta["candidate"] = not document
        return [request]
    return ()


def _way_on(on_page: LinkOnPage, owner: Source) -> Sequence[Output]:
    """A column towards the reports, or the way into 信息公开.  The way into 信息公开 is walked by
    each source on its own site; another row's site is that row's to walk."""
    link, in_list, hops = on_page.link, on_page.in_list, on_page.hops
    if (
        links.is_annual_column_link(link)
        or (in_list and links.is_year_column_text(link.text))
        or (in_list and not link.chrome and links.is_sub_column_link(link, on_page.page.url))
    ):
        return on_page.deeper_list(owner)
    if not in_list and owner is on_page.source and hops < NAV_MAX_HOPS and links.is_disclosure_link(link):
        return [
            on_page.crawl.request_for(
                on_page.source,
                link.url,
                "nav",
                hops=hops + 1,
                list_url=on_page.page.url,
                link_text=link.text,
                family=on_page.family,
            )
        ]
    return ()
