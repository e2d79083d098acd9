"""Report pages and files: a page taken for a report is archived with its body when its title (or
its link's) says it is one, its attachments are asked for, and the reports it links to are
followed; a file answer is archived as an attachment.  A page that turns out to list reports goes
back to ``crawler.listpages`` (through the spider)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from scrapy.http import Request, Response

from crawler import answers, links, obstacles, pageimages, titles
from crawler.linkjudge import LIST_MAX_HOPS
from crawler.pages import Link, Page
from crawler.pipelines import BODY
from crawler.records import Output
from crawler.registry import Source
from crawler.scope import host_of
from crawler.titles import Verdict

if TYPE_CHECKING:
    from crawler.spiders.annual_reports import AnnualReportSpider

MAX_JS_REDIRECTS = 3


def report_page(crawl: AnnualReportSpider, source: Source, response: Response, page: Page) -> Iterator[Output]:
    meta = response.meta
    shell = _shell_target(page, meta)
    if shell:
        # A location.replace shell (nothing to read, no file) in front of the report.
        if crawl.scope.list_scope(source, host_of(shell)):
            yield _through_shell(crawl, source, shell, meta)
        return
    unavailable = _unavailable(crawl, source, response, page)
    if unavailable:
        yield unavailable
        return
    verdict = _verdict(crawl, page, meta)
    if not verdict.is_report and not (meta.get("known") and verdict.kind == "other"):
        yield from _not_a_report(crawl, source, response, page, verdict)
        return
    repost = titles.repost_reason(page.title, page.meta("SiteName") or source.agency)
    if repost:
        yield crawl.response_record("noise", source, response, reason=repost)
        return
    report_links = [
        link
        for link in page.content_links()
        if titles.classify(link.text, crawl.min_year).is_report
        and not links.is_document_url(link.url)
        and link.url != page.url
    ]
    if _is_hub(page, report_links):  # a per-year topic page listing reports: treat as a list
        yield from crawl.list_page(source, response, page, role="list", from_report=True)
        return
    # Recorded under the agency it belongs to: the row its title names on this site, whichever
    # source's walk reached it (a city's aggregated list, a department's own column).
    link_text = meta.get("link_text") or ""
    source = crawl.scope.named(page.title or link_text, response.url, source)
    yield crawl.response_record(
        "report_page",
        source,
        response,
        **{BODY: response.body},
        year=verdict.year,
        title=page.title or link_text or None,
    )
    yield from _attachments(crawl, source, response, page)
    yield from _page_images(crawl, source, response, page)
    yield from _linked_reports(crawl, source, response, report_links)


def _shell_target(page: Page, meta: dict[str, Any]) -> str | None:
    """Where a location.replace shell sends the reader; a small report page whose script only
    sends phones to its _wap twin is no shell (it has the file)."""
    if page.visible_text_length() >= 30 or links.attachment_links(page):
        return None
    redirect = links.js_redirect_target(page)
    if (
        redirect
        and redirect != page.url
        and page.status < 400
        and meta.get("js_redirects", 0) < MAX_JS_REDIRECTS
        and not titles.duplicate_url_reason(redirect)
    ):
        return redirect
    return None


def _through_shell(crawl: AnnualReportSpider, source: Source, target: str, meta: dict[str, Any]) -> Request:
    request = crawl.request_for(
        source,
        target,
        "report",
        hops=meta["hops"],
        list_url=meta.get("list_url"),
        link_text=meta.get("link_text"),
        family=meta.get("family"),
        known=meta.get("known", False),
        attachments=meta.get("attachments"),
    )
    request.meta["js_redirects"] = meta.get("js_redirects", 0) + 1
    request.meta["candidate"] = meta.get("candidate", False)
    return request


def _unavailable(crawl: AnnualReportSpider, source: Source, response: Response, page: Page) -> dict[str, Any] | None:
    """The line for a report page that is gone (vanished when it was known) or answers an error."""
    meta = response.meta
    vanished = obstacles.vanish_reason(page, (meta.get("redirect_urls") or [response.url])[0])
    if vanished:
        return crawl.response_record("vanished" if meta.get("known") else "error", source, response, reason=vanished)
    if page.status >= 400:
        return crawl.response_record("error", source, response, reason=f"HTTP {page.status}")
    return None


def _verdict(crawl: AnnualReportSpider, page: Page, meta: dict[str, Any]) -> Verdict:
    """The link's title decides, unless it is no report's or is cut off: then the page's title
    (a known URL keeps the link's verdict when the page's title says nothing)."""
    link_text = meta.get("link_text") or ""
    verdict = titles.classify(link_text, crawl.min_year)
    if not verdict.is_report or titles.is_truncated(link_text):
        page_verdict = titles.classify(page.title, crawl.min_year)
        if page_verdict.kind != "other" or not meta.get("known"):
            verdict = page_verdict
    return verdict


def _not_a_report(
    crawl: AnnualReportSpider, source: Source, response: Response, page: Page, verdict: Verdict
) -> Iterator[Output]:
    meta = response.meta
    if verdict.kind == "noise":
        yield crawl.response_record("noise", source, response, reason=verdict.reason)
    elif (
        meta.get("candidate")
        and meta["hops"] < LIST_MAX_HOPS
        and (
            links.is_annual_page(page)
            or any(titles.classify(link.text, crawl.min_year).is_report for link in page.links())
        )
    ):
        # a unit's or a year's link on an annual-report list that led to a list, not a report
        yield from crawl.list_page(source, response, page, role="list", from_report=True)
    else:  # every answer is a line: a page taken for a report that is none
        yield crawl.response_record("noise", source, response, reason=f"not a report (page title: {page.title[:60]})")


def _is_hub(page: Page, report_links: list[Link]) -> bool:
    """A per-year topic page listing reports: little text of its own (or hardly more than its
    links' titles, when it lists a whole city), and none of a report's statutory sections."""
    if len(report_links) < 3:
        return False
    visible = page.visible_text_length()
    listed = sum(len(link.text) for link in report_links)
    return visible < 3000 or (listed * 2 > visible and page.statutory_sections() < 3)


def _attachments(crawl: AnnualReportSpider, source: Source, response: Response, page: Page) -> Iterator[Output]:
    """The report's files: those its list gave and those the page links; an interpretation or
    a form is noise, a file already archived in this run (a resumed crawl) is not asked again."""
    meta = response.meta
    files = {url: text for url, text in meta.get("attachments") or []}
    for link in links.attachment_links(page):
        files.setdefault(link.url, link.text)
    for url, text in files.items():
        noise = titles.attachment_noise(text, crawl.min_year)
        if noise:
            where = {"list_url": meta.get("list_url"), "link_text": text, "page_url": response.url}
            yield crawl.event("noise", source, where, url, f"attachment: {noise}")
            continue
        host = host_of(url)
        if host in crawl.blocked_hosts or not crawl.scope.list_scope(source, host) or url in crawl.archived_before:
            continue
        yield crawl.request_for(
            source,
            url,
            "attachment",
            hops=meta["hops"] + 1,
            list_url=meta.get("list_url"),
            link_text=text,
            page_url=response.url,
            family=meta.get("family"),
        )


def _page_images(crawl: AnnualReportSpider, source: Source, response: Response, page: Page) -> Iterator[Request]:
    """A flipbook's page images (``crawler.pageimages``), each archived as received for the parser."""
    meta = response.meta
    for url in pageimages.page_image_urls(page):
        if host_of(url) in crawl.blocked_hosts or url in crawl.archived_before:
            continue
        request = crawl.request_for(
            source,
            url,
            "page_image",
            hops=meta["hops"] + 1,
            list_url=meta.get("list_url"),
            page_url=response.url,
            family=meta.get("family"),
        )
        request.meta["download_maxsize"] = pageimages.PAGE_IMAGE_MAXSIZE
        yield request


def _linked_reports(
    crawl: AnnualReportSpider, source: Source, response: Response, report_links: list[Link]
) -> Iterator[Request]:
    """Reports linked from a report page's content (previous years, related units), on the
    registry's sites."""
    hops = response.meta["hops"]
    if hops >= LIST_MAX_HOPS:
        return
    for link in report_links:
        owner = crawl.scope.claim(source, link.url)
        if owner is not None and host_of(link.url) not in crawl.blocked_hosts:
            yield crawl.request_for(
                owner,
                link.url,
                "report",
                hops=hops + 1,
                list_url=response.url,
                link_text=link.text,
                family=response.meta.get("family"),
            )


def attachment(crawl: AnnualReportSpider, source: Source, response: Response) -> Iterator[dict[str, Any]]:
    """A file answer: archived with its name, unless it is an error, a challenge, or a page
    saying the file is gone."""
    meta = response.meta
    if response.status >= 400:
        if response.status in (403, 412, 429):
            yield crawl.block(source, response, f"HTTP {response.status}")
            return
        kind = "vanished" if meta.get("known") and response.status in (404, 410) else "error"
        yield crawl.response_record(kind, source, response, reason=f"HTTP {response.status}")
        return
    if meta.get("known") and obstacles.redirected_home((meta.get("redirect_urls") or [response.url])[0], response.url):
        yield crawl.response_record("vanished", source, response, reason="redirects to the home page")
        return
    refusal = _file_refusal(crawl, source, response) if answers.is_html(response) else None
    if refusal:
        yield refusal
        return
    yield crawl.response_record(
        "attachment",
        source,
        response,
        **{BODY: response.body},
        filename=answers.filename(response, meta.get("link_text")),
    )


def page_image(crawl: AnnualReportSpider, source: Source, response: Response) -> Iterator[dict[str, Any]]:
    """A flipbook's page image: archived as received when it is a picture; an error answer, a
    challenge or anything else (a soft 404 page) is a line without a blob."""
    if response.status in (403, 412, 429):
        yield crawl.block(source, response, f"HTTP {response.status}")
    elif response.status >= 400:
        yield crawl.response_record("error", source, response, reason=f"HTTP {response.status}")
    elif not pageimages.is_image(response.body):
        what = answers.content_type(response) or "no content type"
        yield crawl.response_record("error", source, response, reason=f"page image: not a picture ({what})")
    else:
        yield crawl.response_record("page_image", source, response, **{BODY: response.body})


def _file_refusal(crawl: AnnualReportSpider, source: Source, response: Response) -> dict[str, Any] | None:
    """An HTML answer where a file was asked for: a challenge blocks the host, a soft 404 is gone."""
    page = Page.from_response(response)
    reason = obstacles.block_reason(page)
    if reason:
        return crawl.block(source, response, reason)
    if obstacles.is_soft_404(page):
        kind = "vanished" if response.meta.get("known") else "error"
        return crawl.response_record(kind, source, response, reason="soft 404 (page says it does not exist)")
    return None
