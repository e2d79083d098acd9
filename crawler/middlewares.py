"""Downloader middlewares of our own: retries that back off, and no requests to hosts that
have answered with a challenge (we record them as blocked and leave them alone)."""

from __future__ import annotations

import asyncio
import random

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from crawler.scope import host_of


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, but each retry waits ``RETRY_BACKOFF_BASE * 2**n`` seconds (capped,
    jittered, and at least the server's ``Retry-After``) before it is handed back."""

    def __init__(self, settings) -> None:  # type: ignore[no-untyped-def]
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

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, response)
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
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
