"""The one spider: for every registry row, from the home page to the 政府信息公开 section, to the
annual-report column, through its pagination, to every report page and attachment.

Roles a request plays (``meta["role"]``):

* ``nav``    – a page on the way to the annual-report column (home page included);
* ``list``   – a page of an annual-report column (a year or unit sub-column, a list page, an
               aggregated index, a Hanweb dataproxy answer, a gkmlpt API answer);
* ``report`` – a page whose link says it is a report (or may be one: ``candidate``);
* ``attachment`` – a document file of a report page;
* ``page_image`` – one page image of a flipbook report page (``crawler.pageimages``).

Every outcome is one item for the archive pipeline: ``report_page`` / ``attachment`` /
``page_image`` with the body, or ``noise`` / ``error`` / ``blocked`` / ``vanished`` with a reason.  The spider routes
answers and keeps the walk's state; what a page means is read by ``crawler.listpages``,
``crawler.linkjudge`` and ``crawler.reportpages``.  A Redis worker's wait for work is
``crawler.redis_idle``'s.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler import answers, families, listpages, obstacles, reportpages, titles
from crawler.failures import could_be_tls, failure_outcome, requested_url
from crawler.families.base import API_KINDS, XHR_DATA
from crawler.linkjudge import LIST_MAX_HOPS
from crawler.pages import Page
from crawler.records import Output, fetch_record, response_fields
from crawler.registry import Source, load_sources
from crawler.scope import Scope, host_of
from rawarchive import DataDir
from rawarchive import read_fetch_log as read_log

MAX_LIST_PAGES_PER_SOURCE = 3000
_PRIORITY = {"attachment": 3, "page_image": 3, "report": 2, "list": 1}


class AnnualReportSpider(scrapy.Spider):
    name = "annual_reports"

    def __init__(
        self,
        sources: str,
        run_id: str,
        only: str | None = None,
        known_urls: str | None = None,
        min_year: int | str = titles.DEFAULT_MIN_YEAR,
        redis_mode: bool | str = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.run_id = run_id
        registry = load_sources(sources)
        self.sources = load_sources(sources, only.split("|") if only else None)
        self.by_agency = {s.agency: s for s in self.sources}
        self.scope = Scope(registry, self.sources)
        self.min_year = int(min_year)
        self.known = self._load_known(known_urls)
        self.known_set = {k["url"] for k in self.known}
        self.redis_mode = str(redis_mode).lower() in ("1", "true", "yes")
        self.blocked_hosts: set[str] = set()
        self.family_of: dict[str, str] = {}
        self.list_pages: dict[str, int] = {}
        # Per source, what this process saw beyond the fetch log: pages answered, the first
        # annual-report list reached (a source with a column but no report is "empty", one
        # without is "failed: no 年报 column found").  crawler.run writes it into the summary.
        self.progress: dict[str, dict[str, Any]] = {}
        self.archived_before: set[str] = set()

    @staticmethod
    def _load_known(path: str | None) -> list[dict[str, str]]:
        if not path:
            return []
        known = []
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line:
                record = json.loads(line)
                if record.get("url"):
                    known.append(record)
        return known

    # ----------------------------------------------------------------- requests

    async def start(self) -> AsyncIterator[Request]:
        log = DataDir(self.settings["DATA_DIR"]).fetch_log(self.run_id)
        self.archived_before = {
            r["url"]
            for r in read_log(log)
            if r.get("kind") in ("attachment", "page_image") and r.get("sha256") and r.get("url")
        }
        for source in self.sources:
            # In Redis mode the shared duplicate filter makes seeding idempotent across workers.
            yield self.request_for(source, source.url, "nav", hops=0, dont_filter=not self.redis_mode)
        for record in self.known:
            source = self.by_agency.get(record.get("source", ""))
            if source is None:
                continue
            role = "attachment" if record.get("kind") == "attachment" else "report"
            yield self.request_for(source, record["url"], role, hops=LIST_MAX_HOPS, known=True)

    def request_for(
        self,
        source: Source,
        url: str,
        role: str,
        *,
        hops: int,
        list_url: str | None = None,
        link_text: str | None = None,
        page_url: str | None = None,
        kind: str = "list",
        family: str | None = None,
        method: str = "GET",
        body: str | None = None,
        headers: dict[str, str] | None = None,
        known: bool = False,
        attachments: list[tuple[str, str]] | None = None,
        dont_filter: bool = False,
        pager: bool = False,
    ) -> Request:
        """A request of the walk under ``source``, playing ``role`` (see the module's doc)."""
        meta = {
            "pager": pager,
            "source": source.agency,
            "role": role,
            "hops": hops,
            "list_url": list_url,
            "link_text": link_text,
            "page_url": page_url,
            "kind": kind,
            "family": family,
            "known": known or url in self.known_set,
            "attachments": attachments or [],
            # every error answer reaches the callback (to be recorded), redirects are still followed
            "handle_httpstatus_list": list(range(400, 600)),
        }
        if role == "attachment":
            meta["download_maxsize"] = self.settings.getint("DOWNLOAD_MAXSIZE")
        return Request(
            url,
            callback=self.parse,
            errback=self.failed,
            method=method,
            body=body,
            headers=headers,
            meta=meta,
            dont_filter=dont_filter,
            priority=_PRIORITY.get(role, 0),
        )

    def take_list_page(self, source: Source) -> bool:
        """Count one more list page for ``source``; False once its budget is spent."""
        count = self.list_pages.get(source.agency, 0)
        if count >= MAX_LIST_PAGES_PER_SOURCE:
            return False
        self.list_pages[source.agency] = count + 1
        return True

    # ----------------------------------------------------------------- records

    def record(self, kind: str, source: Source, meta: dict[str, Any], **fields: Any) -> dict[str, Any]:
        return fetch_record(self.run_id, kind, source, meta, self.family_of.get(source.agency), **fields)

    def response_record(self, kind: str, source: Source, response: Response, **fields: Any) -> dict[str, Any]:
        return self.record(kind, source, response.meta, **response_fields(response), **fields)

    def event(
        self, kind: str, source: Source, meta: dict[str, Any], url: str, reason: str, **fields: Any
    ) -> dict[str, Any]:
        return self.record(kind, source, meta, url=url, reason=reason, **fields)

    def block(self, source: Source, response: Response, reason: str) -> dict[str, Any]:
        """Block the answer's host for the rest of the run; every blocked answer is a line."""
        host = host_of(response.url)
        again = "; host already blocked" if host in self.blocked_hosts else ""
        self.blocked_hosts.add(host)
        return self.response_record("blocked", source, response, reason=f"{reason} ({host}){again}")

    def progress_of(self, source: Source) -> dict[str, Any]:
        return self.progress.setdefault(source.agency, {"pages": 0, "column_url": None})

    def family_for(self, source: Source, page: Page, meta: dict[str, Any]) -> str:
        """The CMS family that reads this page; the source's first non-generic one is kept for
        its lines."""
        if meta.get("family") and meta.get("kind") in API_KINDS:
            return meta["family"]
        family = families.detect(page, source.family or self.family_of.get(source.agency))
        if family != "generic" or source.agency not in self.family_of:
            self.family_of.setdefault(source.agency, family)
            if self.family_of[source.agency] == "generic" and family != "generic":
                self.family_of[source.agency] = family
        return family

    # ----------------------------------------------------------------- callbacks

    def parse(self, response: Response) -> Iterator[Output]:
        meta = response.meta
        source = self.by_agency[meta["source"]]
        role = meta["role"]
        self.progress_of(source)["pages"] += 1
        # a response that arrives after its host was blocked is still read and archived (issue 13)
        if role == "page_image":
            yield from reportpages.page_image(self, source, response)
            return
        if role == "attachment" or self._is_file(response):
            yield from reportpages.attachment(self, source, response)
            return
        page = Page.from_response(response)
        # a script's answer (JSON, a menu .js that sets a language cookie) is judged by its status only
        reason = obstacles.block_reason(page) if meta.get("kind") != XHR_DATA or page.status != 200 else None
        if reason:
            yield self.block(source, response, reason)
            return
        try:
            if role == "report":
                yield from self.report_page(source, response, page)
            else:
                yield from self.list_page(source, response, page)
        except Exception as error:  # a page that breaks a family module must not stop the crawl
            self.logger.exception("failed on %s", response.url)
            yield self.response_record("error", source, response, reason=f"{type(error).__name__}: {error}")

    @staticmethod
    def _is_file(response: Response) -> bool:
        """A link taken for a report page or a column may answer with the file itself (an opaque
        download address listed under the report's title)."""
        meta = response.meta
        if response.status != 200 or answers.is_html(response):
            return False
        return meta["role"] == "report" or (
            meta["role"] == "list" and meta.get("kind") not in API_KINDS and answers.is_document(response)
        )

    def report_page(self, source: Source, response: Response, page: Page) -> Iterator[Output]:
        return reportpages.report_page(self, source, response, page)

    def list_page(
        self, source: Source, response: Response, page: Page, role: str | None = None, from_report: bool = False
    ) -> Iterator[Output]:
        return listpages.list_page(self, source, response, page, role, from_report)

    def failed(self, failure: Failure) -> Iterator[Output]:
        request: Request = failure.request
        meta = request.meta
        source = self.by_agency.get(meta.get("source", ""))
        if source is None:
            return
        if request.url.startswith("https://") and could_be_tls(failure) and not meta.get("http_fallback"):
            # Many portals link https:// but serve http only (the TLS handshake fails, or the
            # proxy tunnel is refused): the same address over http.
            fallback = request.replace(url="http://" + request.url[len("https://") :], dont_filter=True)
            fallback.meta["http_fallback"] = True
            yield fallback
            return
        outcome = failure_outcome(failure, request, self.blocked_hosts)  # every failure is a line (issue 13)
        if outcome is None:
            return  # offsite: a request we chose not to make
        if outcome.block_host:
            self.blocked_hosts.add(host_of(request.url))
        yield self.event(outcome.kind, source, meta, requested_url(request), outcome.reason, final_url=request.url)
