"""A scale-out (Redis) worker's wait for work: a Scrapy extension that keeps an idle worker open
while the run still makes progress anywhere, up to ``REDIS_IDLE_TIMEOUT`` seconds.

``crawler.run`` adds it to ``EXTENSIONS`` in Redis mode only; it needs ``REDIS_URL``.  The timeout counts from
the run's last progress anywhere, not only this worker's: while another worker still finds new
URLs (the shared duplicate filter grows) or archives (the fetch log grows), work may still come,
e.g. when a worker joins while the first one holds every queued request in flight.
"""

from __future__ import annotations

import time
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.settings import BaseSettings

from rawarchive import DataDir


class RedisIdleWait:
    def __init__(self, settings: BaseSettings) -> None:
        self.timeout = settings.getfloat("REDIS_IDLE_TIMEOUT", 30.0)
        self.redis_url: str = settings["REDIS_URL"]
        self.dupefilter_key: str = settings["SCHEDULER_DUPEFILTER_KEY"]
        self.fetch_log = DataDir(settings["DATA_DIR"]).fetch_log(settings["RUN_ID"])
        self.last_activity = time.monotonic()
        self.shared_progress: tuple[int, int] = (0, 0)
        self.client: Any = None  # the run's Redis, opened when first idle

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisIdleWait:
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured
        extension = cls(crawler.settings)
        # Scrapy keeps the extension, and signal receivers are weak references: bound methods of
        # the extension live as long as the crawl.
        crawler.signals.connect(extension.activity, signal=signals.response_received)
        crawler.signals.connect(extension.activity, signal=signals.request_left_downloader)  # failures too
        crawler.signals.connect(extension.idle, signal=signals.spider_idle)
        return extension

    def activity(self, **_: Any) -> None:
        """This worker's own progress: an answer or a failure came back."""
        self.last_activity = time.monotonic()

    def idle(self, spider: Spider) -> None:
        """Keep the worker open (``DontCloseSpider``) while the run progressed within the timeout."""
        progress = self.progress()
        if progress != self.shared_progress:
            self.shared_progress = progress
            self.last_activity = time.monotonic()
        if time.monotonic() - self.last_activity < self.timeout:
            raise DontCloseSpider

    def progress(self) -> tuple[int, int]:
        """The run's progress anywhere: URLs in the shared duplicate filter, bytes of the fetch log."""
        size = self.fetch_log.stat().st_size if self.fetch_log.exists() else 0
        try:
            seen = int(self.redis().scard(self.dupefilter_key))
        except Exception:  # Redis gone: the worker's own clock decides
            seen = -1
        return seen, size

    def redis(self) -> Any:
        if self.client is None:
            import redis

            self.client = redis.Redis.from_url(self.redis_url)
        return self.client
