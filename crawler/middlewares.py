"""Downloader middlewares of our own: retries that back off, and no requests to hosts that
have answered with a challenge (we record them as blocked and leave them alone)."""

from __future__ import annotations

import asyncio
import random
import re
import time

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings

from crawler.politeness import raise_floor
from crawler.scope import host_of
from parsers.charset import decode_html


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, but each retry waits ``RETRY_BACKOFF_BASE * 2**n`` seconds (capped,
    jittered, and at least the server's ``Retry-After``) before it is handed back."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def _wait(self, retry: Request, response: Response | None = None) -> None:
        attempt = retry.meta.get("retry_times", 1)
        delay = min(self.cap, self.base * 2 ** (attempt - 1)) * random.uniform(0.8, 1.2)
        if response is not None:
            after = response.headers.get(b"Retry-After", b"").decode("latin-1").strip()
            if after.isdigit():
                delay = max(delay, min(self.cap, float(after)))
        if delay > 0:
            await asyncio.sleep(delay)

    # Scrapy awaits a coroutine here: the retry waits without holding the reactor.
    async def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, response)
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result)
        return result


class BlockedHostsMiddleware:
    """Drops requests to hosts the spider has recorded as blocked."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BlockedHostsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        blocked = getattr(spider, "blocked_hosts", set())
        if host_of(request.url) in blocked:
            raise IgnoreRequest(f"host {host_of(request.url)} is blocked")
        return None


_BAN_200 = re.compile(r"访问过于频繁|访问频率过高|请求过于频繁|Too Many Requests", re.I)
# beside a 403/503 status, a plain "try again later" says rate limit as well
_BAN_TEXT = re.compile(_BAN_200.pattern + "|请稍后再试", re.I)


def _small_text(response: Response) -> str:
    """A short refusal page's text, read by the one charset policy (parsers.charset)."""
    return decode_html(response.body, response.headers.get(b"Content-Type", b"").decode("latin-1"))[0]


def retry_after_seconds(response: Response) -> float | None:
    """``Retry-After`` in seconds (delta form; an HTTP date is rare on these portals)."""
    value = response.headers.get(b"Retry-After", b"").decode("latin-1").strip()
    return float(value) if value.isdigit() else None


def is_rate_ban(response: Response) -> bool:
    """A temporary refusal for going too fast (429, or 403/503 with a Retry-After or a 访问过于频繁
    page): the host is not blocking us for good, it wants us to wait."""
    if response.status == 429:
        return True
    if response.status == 200:  # a 访问过于频繁 page served with 200 (token-bucket WAFs)
        return len(response.body) < 4000 and bool(_BAN_200.search(_small_text(response)))
    if response.status not in (403, 503):
        return False
    return retry_after_seconds(response) is not None or bool(
        len(response.body) < 4000 and _BAN_TEXT.search(_small_text(response))
    )


class HostBanPauseMiddleware:
    """A host that bans us for a burst gets no request until its ``Retry-After`` has passed;
    the refused request is then asked again (``BAN_RETRIES`` times).  A ban that lasts longer
    than ``BAN_MAX_PAUSE`` seconds, or comes back every time, reaches the spider, which records
    the host as blocked.  Politeness (DOWNLOAD_DELAY, one slot per host) should make this rare;
    this is what a real crawler does when a portal's limit is stricter than ours."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.retries = settings.getint("BAN_RETRIES", 2)
        self.max_pause = settings.getfloat("BAN_MAX_PAUSE", 600.0)
        self.default_pause = settings.getfloat("BAN_DEFAULT_PAUSE", 60.0)
        self.min_delay = settings.getfloat("BAN_MIN_DELAY", 1.0)
        self.paused_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostBanPauseMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        until = self.paused_until.get(host_of(request.url), 0.0)
        wait = until - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        return None

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if not is_rate_ban(response):
            return response
        pause = retry_after_seconds(response)
        pause = self.default_pause if pause is None else pause
        asked = request.meta.get("ban_retries", 0)
        if asked >= self.retries or pause > self.max_pause:
            return response
        host = host_of(request.url)
        # +1 s: Retry-After is rounded, and the ban's clock is the server's
        self.paused_until[host] = max(self.paused_until.get(host, 0.0), time.monotonic() + pause + 1.0)
        self._slow_down(request)
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("ban/paused")
        retry = request.replace(dont_filter=True)
        retry.meta["ban_retries"] = asked + 1
        retry.priority = request.priority
        return retry

    def _slow_down(self, request: Request) -> None:
        """Waiting out a ban is not enough: resumed at the same pace, the requests queued for
        the host make the next burst and the next ban.  The host's download slot is slowed
        (its delay doubled, at least ``BAN_MIN_DELAY``) for the rest of the run."""
        downloader = getattr(self.crawler.engine, "downloader", None)
        slot = downloader.slots.get(downloader.get_slot_key(request)) if downloader is not None else None
        raise_floor(self.crawler, request, max(slot.delay * 2 if slot is not None else 0.0, self.min_delay))
