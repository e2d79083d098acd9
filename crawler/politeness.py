"""Per-host pace floors: robots.txt ``Crawl-delay`` and the slowdown after a rate ban.

Scrapy paces each host through its download slot, and AutoThrottle moves the slot's delay with
the host's latency, down to ``DOWNLOAD_DELAY``.  A host that asks for more (``Crawl-delay: 5``
in its robots.txt) or that has banned us for a burst gets a floor of its own, which
AutoThrottle never goes below for the rest of the run.
"""

from __future__ import annotations

import logging

from protego import Protego
from scrapy.core.downloader import Slot
from scrapy.crawler import Crawler
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Request, Response

logger = logging.getLogger(__name__)
_FLOORS = "_nianbao_host_delay_floors"


def _floors(crawler: Crawler) -> dict[str, float]:
    floors = getattr(crawler, _FLOORS, None)
    if floors is None:
        floors = {}
        setattr(crawler, _FLOORS, floors)
    return floors


def raise_floor(crawler: Crawler, request: Request, seconds: float) -> None:
    """From now on, at least ``seconds`` between two requests to ``request``'s host."""
    downloader = getattr(crawler.engine, "downloader", None)
    if downloader is None:
        return
    key = downloader.get_slot_key(request)
    floors = _floors(crawler)
    floors[key] = max(floors.get(key, 0.0), seconds)
    slot = downloader.slots.get(key)
    if slot is not None:
        slot.delay = max(slot.delay, floors[key])


class FloorAutoThrottle(AutoThrottle):
    """AutoThrottle that keeps each host at or above its floor (settings.EXTENSIONS)."""

    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        super()._adjust_delay(slot, latency, response)
        floor = _floors(self.crawler).get(response.meta.get("download_slot", ""), 0.0)
        if slot.delay < floor:
            slot.delay = floor


class CrawlDelayMiddleware:
    """Honours robots.txt ``Crawl-delay`` for our user agent (up to ``CRAWL_DELAY_MAX`` seconds:
    a day-long delay would stop the host's crawl, and is recorded in the log instead)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.user_agent = crawler.settings.get("USER_AGENT") or "*"
        self.maximum = crawler.settings.getfloat("CRAWL_DELAY_MAX", 60.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status != 200 or not request.url.endswith("/robots.txt"):
            return response
        try:
            delay = Protego.parse(response.body.decode("utf-8", "replace")).crawl_delay(self.user_agent)
        except Exception:  # an unreadable robots.txt asks for nothing
            return response
        if delay:
            if delay > self.maximum:
                logger.warning("%s asks Crawl-delay %s s; honouring %s s", request.url, delay, self.maximum)
            raise_floor(self.crawler, request, min(float(delay), self.maximum))
            stats = self.crawler.stats
            if stats is not None:
                stats.set_value(f"crawl_delay/{request.meta.get('download_slot') or request.url}", float(delay))
        return response
