"""The one spider: for every registry row, from the home page to the 政府信息公开 section, to the
annual-report column, through its pagination, to every report page and attachment.

Roles a request plays (``meta["role"]``):

* ``nav``    – a page on the way to the annual-report column (home page included);
* ``list``   – a page of an annual-report column (a year or unit sub-column, a list page, an
               aggregated index, a Hanweb dataproxy answer, a gkmlpt API answer);
* ``report`` – a page whose link says it is a report (or may be one: ``candidate``);
* ``attachment`` – a document file of a report page.

Every outcome is one item for the archive pipeline: ``report_page`` / ``attachment`` with the
body, or ``noise`` / ``error`` / ``blocked`` / ``vanished`` with a reason.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler import families, links, obstacles, titles
from crawler.failures import could_be_tls, failure_outcome, requested_url
from crawler.families import guangdong, xhr
from crawler.families.base import API_KINDS, GKMLPT_API, XHR_DATA, ListRequest
from crawler.pages import Link, Page
from crawler.pipelines import BODY
from crawler.registry import Source, load_sources
from crawler.scope import Scope, host_of
from rawarchive import DataDir
from rawarchive import read_fetch_log as read_log

NAV_MAX_HOPS = 3  # home → 政府信息公开 → … → annual-report column
LIST_MAX_HOPS = 6  # column → year → unit type → unit …
MAX_LIST_PAGES_PER_SOURCE = 3000
_HTML_TYPES = ("text/html", "application/xhtml")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _content_type(response: Response) -> str:
    return response.headers.get(b"Content-Type", b"").decode("latin-1").split(";")[0].strip().lower()


def _is_html(response: Response) -> bool:
    kind = _content_type(response)
    if kind:
        return kind.startswith(_HTML_TYPES)
    return response.body[:512].lstrip().lower().startswith((b"<!doctype html", b"<html", b"<head", b"<meta"))


_DOCUMENT_TYPES = ("application/pdf", "application/msword", "application/vnd.", "application/octet-stream", "application/zip",
                   "application/x-rar", "application/x-zip", "application/x-7z", "application/x-download", "application/x-msdownload",
                   "application/x-pdf", "application/x-wps", "application/kswps", "application/wps", "application/ofd",
                   "application/force-download", "image/")


def _is_document(response: Response) -> bool:
    """A file answer (PDF, office, archive, or anything sent as an attachment), not a list page,
    JSON or XML answer."""
    disposition = response.headers.get(b"Content-Disposition", b"").decode("latin-1").lower()
    return disposition.startswith("attachment") or _content_type(response).startswith(_DOCUMENT_TYPES) or (
        response.body[:5] == b"%PDF-" or response.body[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))


def _filename(response: Response, link_text: str | None) -> str | None:
    raw = response.headers.get(b"Content-Disposition", b"")
    if raw:
        star = re.search(rb"filename\*\s*=\s*([\w-]+)''([^;]+)", raw, re.I)
        if star:
            return unquote(star.group(2).decode("latin-1"), encoding=star.group(1).decode("ascii", "replace"), errors="replace")
        plain = re.search(rb"filename\s*=\s*\"?([^\";]+)", raw, re.I)
        if plain:
            value = plain.group(1)
            for encoding in ("utf-8", "gb18030"):
                try:
                    return unquote(value.decode(encoding))
                except UnicodeDecodeError:
                    continue
    if link_text and links.is_document_url("x/" + link_text.strip()):
        return link_text.strip()
    return None


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
        idle_timeout: float | str = 30.0,
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
        self.idle_timeout = float(idle_timeout)
        self.blocked_hosts: set[str] = set()
        self.family_of: dict[str, str] = {}
        self.list_pages: dict[str, int] = {}
        # Per source, what this process saw beyond the fetch log: pages answered, the first
        # annual-report list reached (a source with a column but no report is "empty", one
        # without is "failed: no 年报 column found").  crawler.run writes it into the summary.
        self.progress: dict[str, dict[str, Any]] = {}
        self.last_activity = time.monotonic()
        self.shared_progress: tuple[int, int] = (0, 0)
        self.redis_client: Any = None  # the scale-out run's Redis, opened when first idle
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

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):  # type: ignore[no-untyped-def]
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    def on_idle(self) -> None:
        """Redis workers wait for work another worker may still push, up to the idle timeout.
        The timeout counts from the run's last progress anywhere, not only this worker's: while
        another worker still finds new URLs (the shared duplicate filter grows) or archives
        (the fetch log grows), work may still come, e.g. when a worker joins while the first
        one holds every queued request in flight."""
        if not self.redis_mode:
            return
        progress = self._shared_progress()
        if progress != self.shared_progress:
            self.shared_progress = progress
            self.last_activity = time.monotonic()
        if time.monotonic() - self.last_activity < self.idle_timeout:
            raise DontCloseSpider

    def _shared_progress(self) -> tuple[int, int]:
        log = DataDir(self.settings["DATA_DIR"]).fetch_log(self.run_id)
        size = log.stat().st_size if log.exists() else 0
        try:
            seen = int(self._redis().scard(self.settings["SCHEDULER_DUPEFILTER_KEY"]))
        except Exception:  # Redis gone: the worker's own clock decides
            seen = -1
        return seen, size

    def _redis(self) -> Any:
        if self.redis_client is None:
            import redis

            self.redis_client = redis.Redis.from_url(self.settings["REDIS_URL"])
        return self.redis_client

    # ----------------------------------------------------------------- requests

    async def start(self) -> AsyncIterator[Request]:
        log = DataDir(self.settings["DATA_DIR"]).fetch_log(self.run_id)
        self.archived_before = {
            r["url"] for r in read_log(log) if r.get("kind") == "attachment" and r.get("sha256") and r.get("url")
        }
        for source in self.sources:
            # In Redis mode the shared duplicate filter makes seeding idempotent across workers.
            yield self._request(source, source.url, "nav", hops=0, dont_filter=not self.redis_mode)
        for record in self.known:
            source = self.by_agency.get(record.get("source", ""))
            if source is None:
                continue
            role = "attachment" if record.get("kind") == "attachment" else "report"
            yield self._request(source, record["url"], role, hops=LIST_MAX_HOPS, known=True)

    def _request(
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
            url, callback=self.parse, errback=self.failed, method=method, body=body, headers=headers,
            meta=meta, dont_filter=dont_filter, priority={"attachment": 3, "report": 2, "list": 1}.get(role, 0),
        )

    # ----------------------------------------------------------------- records

    def _record(self, kind: str, source: Source, meta: dict[str, Any], **fields: Any) -> dict[str, Any]:
        record: dict[str, Any] = {
            "run_id": self.run_id,
            "kind": kind,
            "source": source.agency,
            "source_url": source.url,
            "url": None,
            "final_url": None,
            "status": None,
            "headers": None,
            "fetched_at": _now(),
            "sha256": None,
            "size": None,
            "content_type": None,
            "list_url": meta.get("list_url"),
            "link_text": meta.get("link_text"),
            "page_url": meta.get("page_url"),
            "filename": None,
            "family": meta.get("family") or self.family_of.get(source.agency),
            "reason": None,
        }
        extra = source.extra()
        hint = extra.pop("family", None)  # the registry's hint; "family" is what handled the page
        record.update(extra)
        if hint:
            record["family_hint"] = hint
        record.update(fields)
        return record

    def _response_record(self, kind: str, source: Source, response: Response, **fields: Any) -> dict[str, Any]:
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        requested = (response.request.meta.get("redirect_urls") or [response.request.url])[0] if response.request else response.url
        return self._record(
            kind, source, response.meta,
            url=requested, final_url=response.url, status=response.status, headers=headers,
            content_type=_content_type(response) or None, cached="cached" in response.flags, **fields,
        )

    def _event(self, kind: str, source: Source, meta: dict[str, Any], url: str, reason: str, **fields: Any) -> dict[str, Any]:
        return self._record(kind, source, meta, url=url, reason=reason, **fields)

    def _block(self, source: Source, response: Response, reason: str) -> Iterator[dict[str, Any]]:
        host = host_of(response.url)
        again = "; host already blocked" if host in self.blocked_hosts else ""  # every response is a line
        self.blocked_hosts.add(host)
        yield self._response_record("blocked", source, response, reason=f"{reason} ({host}){again}")

    # ----------------------------------------------------------------- callbacks

    def _progress(self, source: Source) -> dict[str, Any]:
        return self.progress.setdefault(source.agency, {"pages": 0, "column_url": None})

    def parse(self, response: Response) -> Iterator[Request | dict[str, Any]]:
        self.last_activity = time.monotonic()
        meta = response.meta
        source = self.by_agency[meta["source"]]
        role = meta["role"]
        self._progress(source)["pages"] += 1
        # a response that arrives after its host was blocked is still read and archived (issue 13)
        # A link taken for a report page or a column may answer with the file itself (an opaque
        # download address listed under the report's title).
        is_file = response.status == 200 and not _is_html(response) and (
            role == "report" or (role == "list" and meta.get("kind") not in API_KINDS and _is_document(response)))
        if role == "attachment" or is_file:
            yield from self._attachment(source, response)
            return
        page = Page.from_response(response)
        # a script's answer (JSON, a menu .js that sets a language cookie) is judged by its status only
        reason = obstacles.block_reason(page) if meta.get("kind") != XHR_DATA or page.status != 200 else None
        if reason:
            yield from self._block(source, response, reason)
            return
        try:
            if role == "report":
                yield from self._report(source, response, page)
            else:
                yield from self._listing(source, response, page)
        except Exception as error:  # a page that breaks a family module must not stop the crawl
            self.logger.exception("failed on %s", response.url)
            yield self._response_record("error", source, response, reason=f"{type(error).__name__}: {error}")

    def failed(self, failure: Failure) -> Iterator[Request | dict[str, Any]]:
        self.last_activity = time.monotonic()
        request = failure.request  # type: ignore[attr-defined]
        meta = request.meta
        source = self.by_agency.get(meta.get("source", ""))
        if source is None:
            return
        if request.url.startswith("https://") and could_be_tls(failure) and not meta.get("http_fallback"):
            # Many portals link https:// but serve http only (the TLS handshake fails, or the
            # proxy tunnel is refused): the same address over http.
            fallback = request.replace(url="http://" + request.url[len("https://"):], dont_filter=True)
            fallback.meta["http_fallback"] = True
            yield fallback
            return
        outcome = failure_outcome(failure, request, self.blocked_hosts)  # every failure is a line (issue 13)
        if outcome is None:
            return  # offsite: a request we chose not to make
        if outcome.block_host:
            self.blocked_hosts.add(host_of(request.url))
        yield self._event(outcome.kind, source, meta, requested_url(request), outcome.reason, final_url=request.url)

    # ----------------------------------------------------------------- lists

    def _family(self, source: Source, page: Page, meta: dict[str, Any]) -> str:
        if meta.get("family") and meta.get("kind") in API_KINDS:
            return meta["family"]
        family = families.detect(page, source.family or self.family_of.get(source.agency))
        if family != "generic" or source.agency not in self.family_of:
            self.family_of.setdefault(source.agency, family)
            if self.family_of[source.agency] == "generic" and family != "generic":
                self.family_of[source.agency] = family
        return family

    def _listing(
        self, source: Source, response: Response, page: Page, role: str | None = None, from_report: bool = False
    ) -> Iterator[Request | dict[str, Any]]:
        """A nav or list page; ``from_report``: a page ``_report`` found to be a list (never
        handed back to it as a report)."""
        meta = response.meta
        role, hops = role or meta["role"], meta["hops"]
        if page.status >= 400 or obstacles.is_soft_404(page):
            if not meta.get("pager"):  # every page we chose to ask for; a pager's guess may miss
                yield self._response_record("error", source, response, reason=f"list page answered HTTP {page.status}"
                                            if page.status >= 400 else "list page is a soft 404")
            return
        redirect = links.js_redirect_target(page)
        if redirect and redirect != page.url:
            if self.scope.home_scope(source, host_of(redirect)) or self.scope.list_scope(source, host_of(redirect)):
                yield self._request(source, redirect, role, hops=hops, list_url=meta.get("list_url"),
                                    link_text=meta.get("link_text"), family=meta.get("family"))
            return
        family = self._family(source, page, meta)
        # every answer is a line: the walk's own pages too (their bytes are in the WARC)
        yield self._response_record("page", source, response, family=family)
        if role == "nav" and links.is_annual_page(page):
            role = "list"
        if role == "list":
            self._progress(source)["column_url"] = self._progress(source)["column_url"] or page.url
        try:
            found = families.answer_links(page) if meta.get("kind") == XHR_DATA else families.item_links(page, family)
        except Exception as error:
            yield self._response_record("error", source, response, reason=f"family {family} failed: {error}", family=family)
            family, found = "generic", page.links()
        in_list = role == "list"
        reports: list[Link] = []
        followed: list[Request] = []
        items = 0
        extra = guangdong.api_attachments(page) if meta.get("kind") == GKMLPT_API else {}
        # A nav page whose content shows the way on (its 年报 column, 信息公开) is not walked through
        # its site menus: on a city platform every unit's page carries the city's menu.
        menus = in_list or not any(not link.chrome and (links.is_annual_column_link(link) or links.is_disclosure_link(link))
                                   for link in found)
        for link in found:
            if link.chrome and not menus and not links.is_annual_column_link(link) \
                    and not titles.classify(link.text, self.min_year).is_report:
                continue
            outcome = self._judge(source, page, link, in_list=in_list, hops=hops, family=family, extra=extra)
            for thing in outcome:
                if isinstance(thing, Request) and thing.meta["role"] == "report":
                    reports.append(link)
                if isinstance(thing, dict) or (isinstance(thing, Request) and thing.meta["role"] in ("report", "attachment")):
                    items += 1
                if isinstance(thing, Request):
                    followed.append(thing)
                else:
                    yield thing
        yield from followed
        if not in_list and hops < NAV_MAX_HOPS and meta.get("kind") != XHR_DATA:
            # menus a script injects (head.js / nav.js): the way into 政府信息公开 may be only there
            for menu in xhr.script_sources(page, menus=True):
                yield self._request(source, menu.url, "nav", hops=hops, list_url=page.url, kind=XHR_DATA, family=family,
                                    headers=menu.headers)
        # The page itself may be the report (a column page whose body is the report), or a
        # report page at a column-like address (``…/<id>/index.shtml``) reached by a report's
        # title whose body is only 详见附件 and the file.
        if not reports and meta.get("kind") not in API_KINDS and not from_report:
            if links.column_page_is_report(page, self.min_year) or (
                titles.classify(meta.get("link_text"), self.min_year).is_report
                and titles.classify(page.title, self.min_year).is_report and links.attachment_links(page)
            ):
                yield from self._report(source, response, page)
                return
        if family == "guangdong" and hops == 0:
            url = guangdong.gkmlpt_index_url(page)
            if url and url != page.url:
                yield self._request(source, url, "nav", hops=1, list_url=page.url, link_text="gkmlpt", family=family)
        # Pagination: only in annual-report lists, only while pages still list items (stub deep
        # pages end it), and within a per-source budget.
        if not (in_list or reports):
            if "window._CONFIG" not in page.text:
                return
        # A pager whose further pages repeat this one (a query parameter the site ignores, a
        # client-side ``pageNum``) would run on to the budget: a repeat ends the list.
        digest = hashlib.sha1("\n".join(sorted(link.url for link in found)).encode()).hexdigest()
        if meta.get("pager") and found and digest == meta.get("prev_digest"):
            return
        try:
            if meta.get("kind") == XHR_DATA:
                request = response.request
                next_pages = xhr.next_pages(page, request.method, request.body.decode("utf-8", "replace") or None,
                                            {k.decode("latin-1"): v[0].decode("latin-1") for k, v in request.headers.items()
                                             if k.lower() in (b"referer", b"x-requested-with", b"content-type", b"accept")})
            else:
                next_pages = families.next_pages(page, family)
        except Exception as error:
            yield self._response_record("error", source, response, reason=f"pagination of family {family} failed: {error}")
            return
        self.logger.debug("pagination of %s (%s, items %d): %s", page.url, family, items, [n.url for n in next_pages])
        for next_page in next_pages:
            special = next_page.kind in API_KINDS and meta.get("kind") not in API_KINDS
            if not items and not special:
                continue
            count = self.list_pages.get(source.agency, 0)
            if count >= MAX_LIST_PAGES_PER_SOURCE:
                break
            self.list_pages[source.agency] = count + 1
            request = self._list_request(source, next_page, page, hops=hops if in_list else hops + 1, family=family)
            request.meta["prev_digest"] = digest
            yield request

    def _list_request(self, source: Source, next_page: ListRequest, page: Page, *, hops: int, family: str) -> Request:
        return self._request(
            source, next_page.url, "list", hops=hops, list_url=page.url, kind=next_page.kind, family=family,
            method=next_page.method, body=next_page.body, headers=next_page.headers or None, pager=True,
        )

    def _judge(
        self, source: Source, page: Page, link: Link, *, in_list: bool, hops: int, family: str,
        extra: dict[str, list[Link]],
    ) -> Iterable[Request | dict[str, Any]]:
        """One link of a nav or list page: a report to fetch, noise to record, a column to follow.

        The request is made under the registry row the link's URL belongs to (``Scope.claim``):
        a department's column reached from the city's page is the department's.  Out of the
        site chrome (header, menus, footer) only strong signs are followed: a report's title, an
        annual-report or year column, a way into 信息公开 on the source's own site."""
        host = host_of(link.url)
        if host in self.blocked_hosts:
            return ()
        verdict = titles.classify(link.text, self.min_year)
        document = links.is_document_url(link.url)
        owner = self.scope.claim(source, link.url)
        if owner is None:
            # Off every registry site: only a report, or its file, that an annual-report list
            # (an aggregated index) links to on a government host: by its title, or by the unit's
            # name alone (never a column or a home page).
            report_link = verdict.is_report or document or (titles.is_truncated(link.text) and titles.mentions_disclosure(link.text)) or (
                links.names_unit_or_year(link.text) and not links.is_column_url(link.url))
            if not (in_list and not link.chrome and report_link and self.scope.leaves_registry_for(link.url)):
                return ()
            owner = source
        meta = {"list_url": page.url, "link_text": link.text, "family": family}
        if verdict.is_report:
            duplicate = titles.duplicate_url_reason(link.url)
            if duplicate:
                return [self._event("noise", owner, meta, link.url, duplicate)]
            repost = titles.repost_reason(link.text, page.meta("SiteName") or source.agency)
            if repost:
                return [self._event("noise", owner, meta, link.url, repost)]
            if document:
                return [self._request(owner, link.url, "attachment", hops=hops + 1, list_url=page.url,
                                      link_text=link.text, page_url=page.url, family=family)]
            if (links.is_column_url(link.url) or links.is_column_name(link.text)) and not links.is_article_url(link.url):
                if hops + 1 > LIST_MAX_HOPS:
                    return ()
                return [self._request(owner, link.url, "list", hops=hops + 1, list_url=page.url, link_text=link.text, family=family)]
            files = [(f.url, f.text) for f in extra.get(link.url, [])]
            return [self._request(owner, link.url, "report", hops=hops + 1, list_url=page.url, link_text=link.text,
                                  family=family, attachments=files)]
        if verdict.kind == "noise":
            if link.chrome:  # a footer's 网站年度报表 is no item of this list
                return ()
            return [self._event("noise", owner, meta, link.url, verdict.reason or "noise", year=verdict.year)]
        if not link.chrome:
            # Not a report title: maybe a cut-off one, or a way towards the reports.
            if (titles.is_truncated(link.text) and titles.mentions_disclosure(link.text)) or (
                in_list and links.is_article_url(link.url) and "AnnualReport" in link.url
            ):
                return [self._request(owner, link.url, "report", hops=hops + 1, list_url=page.url, link_text=link.text,
                                      family=family)]
            if in_list and links.names_unit_or_year(link.text) and not links.is_column_url(link.url):
                # an aggregated index lists units (or years) by name only: their report, or its file
                role = "attachment" if document else "report"
                request = self._request(owner, link.url, role, hops=hops + 1, list_url=page.url, link_text=link.text,
                                        page_url=page.url if document else None, family=family)
                request.meta["candidate"] = not document
                return [request]
        if document:
            return ()
        if links.is_annual_column_link(link) or (in_list and links.is_year_column_text(link.text)) or (
                in_list and not link.chrome and links.is_sub_column_link(link, page.url)):
            if hops + 1 > LIST_MAX_HOPS:
                return ()
            return [self._request(owner, link.url, "list", hops=hops + 1, list_url=page.url, link_text=link.text, family=family)]
        # The way into 信息公开 is walked by each source on its own site; another row's site is
        # that row's to walk.
        if not in_list and owner is source and hops < NAV_MAX_HOPS and links.is_disclosure_link(link):
            return [self._request(source, link.url, "nav", hops=hops + 1, list_url=page.url, link_text=link.text, family=family)]
        return ()

    # ----------------------------------------------------------------- reports

    def _report(self, source: Source, response: Response, page: Page) -> Iterator[Request | dict[str, Any]]:
        meta = response.meta
        requested = (meta.get("redirect_urls") or [response.url])[0]
        # A location.replace shell (nothing to read, no file) in front of the report; a small
        # report page whose script only sends phones to its _wap twin is no shell.
        redirect = links.js_redirect_target(page) if page.visible_text_length() < 30 and not links.attachment_links(page) else None
        if redirect and redirect != page.url and page.status < 400 and meta.get("js_redirects", 0) < 3 \
                and not titles.duplicate_url_reason(redirect):
            if self.scope.list_scope(source, host_of(redirect)):  # a location.replace shell
                request = self._request(source, redirect, "report", hops=meta["hops"], list_url=meta.get("list_url"),
                                        link_text=meta.get("link_text"), family=meta.get("family"), known=meta.get("known", False),
                                        attachments=meta.get("attachments"))
                request.meta["js_redirects"] = meta.get("js_redirects", 0) + 1
                request.meta["candidate"] = meta.get("candidate", False)
                yield request
            return
        vanished = obstacles.vanish_reason(page, requested)
        if vanished:
            kind = "vanished" if meta.get("known") else "error"
            yield self._response_record(kind, source, response, reason=vanished)
            return
        if page.status >= 400:
            yield self._response_record("error", source, response, reason=f"HTTP {page.status}")
            return
        link_text = meta.get("link_text") or ""
        link_verdict = titles.classify(link_text, self.min_year)
        verdict = link_verdict
        if not link_verdict.is_report or titles.is_truncated(link_text):
            page_verdict = titles.classify(page.title, self.min_year)
            if page_verdict.kind != "other" or not meta.get("known"):
                verdict = page_verdict
        if not verdict.is_report and not (meta.get("known") and verdict.kind == "other"):
            if verdict.kind == "noise":
                yield self._response_record("noise", source, response, reason=verdict.reason)
            elif meta.get("candidate") and meta["hops"] < LIST_MAX_HOPS and (links.is_annual_page(page) or any(
                    titles.classify(link.text, self.min_year).is_report for link in page.links())):
                # a unit's or a year's link on an annual-report list that led to a list, not a report
                yield from self._listing(source, response, page, role="list", from_report=True)
            else:  # every answer is a line: a page taken for a report that is none
                yield self._response_record("noise", source, response, reason=f"not a report (page title: {page.title[:60]})")
            return
        repost = titles.repost_reason(page.title, page.meta("SiteName") or source.agency)
        if repost:
            yield self._response_record("noise", source, response, reason=repost)
            return
        report_links = [
            link for link in page.content_links()
            if titles.classify(link.text, self.min_year).is_report and not links.is_document_url(link.url) and link.url != page.url
        ]
        # A per-year topic page listing reports: little text of its own (or hardly more than its
        # links' titles, when it lists a whole city), and none of a report's statutory sections.
        visible = page.visible_text_length()
        listed = sum(len(link.text) for link in report_links)
        hub = len(report_links) >= 3 and (visible < 3000 or (listed * 2 > visible and page.statutory_sections() < 3))
        if hub:  # a per-year topic page listing reports: treat as a list
            yield from self._listing(source, response, page, role="list", from_report=True)
            return
        # Recorded under the agency it belongs to: the row its title names on this site, whichever
        # source's walk reached it (a city's aggregated list, a department's own column).
        source = self.scope.named(page.title or link_text, response.url, source)
        yield self._response_record(
            "report_page", source, response, **{BODY: response.body}, year=verdict.year,
            title=page.title or link_text or None,
        )
        files = {url: text for url, text in meta.get("attachments") or []}
        for link in links.attachment_links(page):
            files.setdefault(link.url, link.text)
        for url, text in files.items():
            noise = titles.attachment_noise(text, self.min_year)
            if noise:
                yield self._event("noise", source, {"list_url": meta.get("list_url"), "link_text": text, "page_url": response.url},
                                  url, f"attachment: {noise}")
                continue
            host = host_of(url)
            if host in self.blocked_hosts or not self.scope.list_scope(source, host):
                continue
            if url in self.archived_before:
                continue  # already archived earlier in this run (a resumed crawl)
            yield self._request(source, url, "attachment", hops=meta["hops"] + 1, list_url=meta.get("list_url"),
                                link_text=text, page_url=response.url, family=meta.get("family"))
        # Reports linked from a report page's content (previous years, related units), on the
        # registry's sites.
        for link in report_links:
            owner = self.scope.claim(source, link.url)
            if owner is not None and host_of(link.url) not in self.blocked_hosts and meta["hops"] < LIST_MAX_HOPS:
                yield self._request(owner, link.url, "report", hops=meta["hops"] + 1, list_url=response.url,
                                    link_text=link.text, family=meta.get("family"))

    def _attachment(self, source: Source, response: Response) -> Iterator[dict[str, Any]]:
        meta = response.meta
        if response.status >= 400:
            kind = "vanished" if meta.get("known") and response.status in (404, 410) else "error"
            if response.status in (403, 412, 429):
                yield from self._block(source, response, f"HTTP {response.status}")
                return
            yield self._response_record(kind, source, response, reason=f"HTTP {response.status}")
            return
        if meta.get("known") and obstacles.redirected_home((meta.get("redirect_urls") or [response.url])[0], response.url):
            yield self._response_record("vanished", source, response, reason="redirects to the home page")
            return
        if _is_html(response):
            page = Page.from_response(response)
            reason = obstacles.block_reason(page)
            if reason:
                yield from self._block(source, response, reason)
                return
            if obstacles.is_soft_404(page):
                kind = "vanished" if meta.get("known") else "error"
                yield self._response_record(kind, source, response, reason="soft 404 (page says it does not exist)")
                return
        yield self._response_record(
            "attachment", source, response, **{BODY: response.body},
            filename=_filename(response, meta.get("link_text")),
        )
