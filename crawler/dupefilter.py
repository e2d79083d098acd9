"""Duplicate filters of a run: one fetch per URL, except that every source walks its own way.

Pages on the way to a column and the column's list pages (roles ``nav`` and ``list``) are
de-duplicated per source: where agencies share a host, one source's visit to a list page must
not hide it from the source the list belongs to (its column would look unreachable).  Reports
and attachments are de-duplicated across the run, so each is fetched and archived once.
"""

from __future__ import annotations

import hashlib

from scrapy.crawler import Crawler
from scrapy.dupefilters import RFPDupeFilter
from scrapy.http import Request
from scrapy.utils.request import RequestFingerprinter
from scrapy_redis.dupefilter import RFPDupeFilter as RedisRFPDupeFilter

WALK_ROLES = ("nav", "list")


def scoped(fingerprint: str, request: Request) -> str:
    """``fingerprint`` of ``request``, made per source for the walk's own pages."""
    if request.meta.get("role") in WALK_ROLES and request.meta.get("source"):
        return hashlib.sha1(f"{fingerprint}\0{request.meta['source']}".encode()).hexdigest()
    return fingerprint


class WalkFingerprinter(RequestFingerprinter):
    """Scrapy's fingerprint, per source for the walk's own pages (settings.REQUEST_FINGERPRINTER_CLASS)."""

    def fingerprint(self, request: Request) -> bytes:
        return bytes.fromhex(scoped(super().fingerprint(request).hex(), request))


class ProcessDupeFilter(RFPDupeFilter):
    """Lives as long as the process (see settings.DUPEFILTER_CLASS)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProcessDupeFilter:
        return cls(None, crawler.settings.getbool("DUPEFILTER_DEBUG"), fingerprinter=crawler.request_fingerprinter)


class RedisDupeFilter(RedisRFPDupeFilter):
    """The scale-out run's filter, shared by its workers through Redis."""

    def request_fingerprint(self, request: Request) -> str:
        return scoped(super().request_fingerprint(request), request)
