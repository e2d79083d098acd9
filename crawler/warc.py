"""Every request and network response of a run as WARC records (warcio).

A downloader middleware at priority 950: above HttpCacheMiddleware (900) and
HttpCompressionMiddleware (590), so it sees responses as they came off the network,
still content-encoded, and can skip the ones the cache replayed (flag ``cached``).
Files are ``DATA_DIR/warc/<run_id>-<n>.warc.gz``; each process takes the next free ``n``
(created with O_EXCL, so resumed runs and Redis workers never share a file) and rotates
after WARC_MAX_BYTES.
"""

from __future__ import annotations

import os
from http import HTTPStatus
from io import BytesIO
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from rawarchive.layout import warc_path


def status_line(status: int) -> str:
    """``404 Not Found``: the standard reason phrase (a status no RFC names, such as a CDN's 522,
    is ``Unknown``)."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


class WarcWriterMiddleware:
    def __init__(self, directory: Path, run_id: str, max_bytes: int) -> None:
        self.directory = Path(directory)
        self.run_id = run_id
        self.max_bytes = max_bytes
        self._handle = None
        self._writer: WARCWriter | None = None
        self.records = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcWriterMiddleware:
        settings = crawler.settings
        directory = settings.get("WARC_DIR")
        if not directory or not settings.getbool("WARC_ENABLED", True):
            raise NotConfigured
        middleware = cls(Path(directory), settings.get("RUN_ID") or "run", settings.getint("WARC_MAX_BYTES", 1 << 30))
        crawler.signals.connect(middleware.close, signal=signals.spider_closed)
        return middleware

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        n = 0
        while True:
            path = warc_path(self.directory, self.run_id, n)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                break
            except FileExistsError:
                n += 1
        self._handle = os.fdopen(fd, "wb")
        self._writer = WARCWriter(self._handle, gzip=True)

    def process_response(self, request: Request, response: Response) -> Response:
        if "cached" in response.flags:
            return response
        if self._writer is None or (self._handle and self._handle.tell() > self.max_bytes):
            self.close()
            self._open()
        assert self._writer is not None
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, values in response.headers.items()
            for v in values
            if k.lower() != b"transfer-encoding"
        ]
        status = status_line(response.status)
        record = self._writer.create_warc_record(
            response.url,
            "response",
            payload=BytesIO(response.body),
            http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
        )
        request_headers = [
            (k.decode("latin-1"), v.decode("latin-1")) for k, values in request.headers.items() for v in values
        ]
        path = request.url.split("/", 3)[3] if request.url.count("/") >= 3 else ""
        request_record = self._writer.create_warc_record(
            request.url,
            "request",
            payload=BytesIO(request.body or b""),
            http_headers=StatusAndHeaders(f"{request.method} /{path} HTTP/1.1", request_headers, is_http_request=True),
        )
        request_record.rec_headers.add_header("WARC-Concurrent-To", record.rec_headers.get_header("WARC-Record-ID"))
        self._writer.write_record(record)
        self._writer.write_record(request_record)
        self._handle.flush()
        self.records += 2
        return response

    def close(self, *args: object, **kwargs: object) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
            self._writer = None
