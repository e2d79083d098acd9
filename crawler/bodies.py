"""Bounds on response bodies beyond Scrapy's per-response ``DOWNLOAD_MAXSIZE``.

* ``BodiesInFlightBudget`` (extension): Scrapy holds every body in memory while it arrives,
  up to ``DOWNLOAD_MAXSIZE`` each; with 32 downloads at once that is 6 GB.  The bodies in
  flight together may hold ``BODIES_IN_FLIGHT_MAX`` bytes: past it, the largest download
  is stopped (``StopDownload``) and recorded as an error for its URL, to be fetched again
  by the next run.  A single download may still use the whole ``DOWNLOAD_MAXSIZE``.
* ``TruncatedBodyMiddleware``: a body that ends before its format does (a PDF without its
  ``%%EOF``, a ZIP without its central directory) is what arrives when a server's
  Content-Length is shorter than what it meant to send.  It is an error, never archived
  as a complete file.
"""

from __future__ import annotations

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import StopDownload
from scrapy.http import Request, Response

from crawler.failures import TruncatedBody

MiB = 1024 * 1024


class BodiesInFlightBudget:
    def __init__(self, crawler: Crawler) -> None:
        self.limit = crawler.settings.getint("BODIES_IN_FLIGHT_MAX", 160 * MiB)
        self.received: dict[Request, int] = {}
        self.doomed: set[Request] = set()
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)
        crawler.signals.connect(self.left, signal=signals.request_left_downloader)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BodiesInFlightBudget:
        return cls(crawler)

    def left(self, request: Request) -> None:
        self.received.pop(request, None)
        self.doomed.discard(request)

    def bytes_received(self, data: bytes, request: Request) -> None:
        size = self.received.get(request, 0) + len(data)
        self.received[request] = size
        if request in self.doomed:
            self._stop(request, size)
        total = sum(self.received.values())
        if total <= self.limit or len(self.received) < 2:
            return
        largest = max(self.received, key=self.received.__getitem__)
        if largest is request:
            self._stop(request, size)
        self.doomed.add(largest)  # stopped at its next chunk

    def _stop(self, request: Request, size: int) -> None:
        self.left(request)
        request.meta["stop_reason"] = (
            f"cancelled: the bodies downloading at once passed the memory budget (BODIES_IN_FLIGHT_MAX, "
            f"{self.limit // MiB} MiB); this one, the largest, had {size // MiB} MiB; fetched again next run"
        )
        raise StopDownload(fail=True)


def truncation(body: bytes) -> str | None:
    """Why the body is cut short, judged by its own format (None: complete, or no way to tell)."""
    if body[:1024].lstrip().startswith(b"%PDF-") and b"%%EOF" not in body[-65536:]:
        return "a PDF without its %%EOF end marker"
    if body.startswith(b"PK\x03\x04") and b"PK\x05\x06" not in body[-(65536 + 22) :]:
        return "a ZIP (DOCX) without its central directory"
    return None


class TruncatedBodyMiddleware:
    """After decompression (below HttpCompressionMiddleware's 590), before the spider."""

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status != 200:
            return response
        why = truncation(response.body)
        if why:
            declared = response.headers.get(b"Content-Length", b"").decode("latin-1") or "none"
            raise TruncatedBody(
                f"truncated: {why} ({len(response.body)} bytes received, Content-Length {declared}); not archived"
            )
        return response
