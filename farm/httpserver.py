"""A small HTTP/1.1 server on asyncio: forward-proxy (absolute-form) and origin-form requests.

Hand-written rather than aiohttp because the farm must control the raw
bytes of headers (GBK ``Content-Disposition``, lying charsets) and must
never be the bottleneck of a crawl benchmark: one process, keep-alive,
pipelining, no per-request allocations beyond the response.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

MAX_HEAD = 64 * 1024
MAX_BODY = 1024 * 1024
# the standard reason phrases (http.HTTPStatus), looked up once rather than per response
REASONS = {status.value: status.phrase for status in HTTPStatus}


@dataclass
class Request:
    method: str
    host: str  # lower-case, ":80" removed
    path: str
    query: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    client: str
    proxied: bool  # absolute-form request line (the client used us as a proxy)
    scheme: str = "http"

    @property
    def params(self) -> dict[str, str]:
        out = dict(parse_qsl(self.query, keep_blank_values=True))
        if self.body and "x-www-form-urlencoded" in self.headers.get("content-type", "x-www-form-urlencoded"):
            for k, v in parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True):
                out.setdefault(k, v)
        return out

    @property
    def target(self) -> str:
        return self.path + (f"?{self.query}" if self.query else "")


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: list[tuple[str, bytes | str]] = field(default_factory=list)
    close: bool = False


Handler = Callable[[Request], Awaitable[Response] | Response]


def http_date(ts: float) -> str:
    return email.utils.formatdate(ts, usegmt=True)


_date_cache: tuple[int, bytes] = (0, b"")


def _date_header() -> bytes:
    global _date_cache
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache = (now, http_date(now).encode())
    return _date_cache[1]


def serialize(resp: Response, head_only: bool = False) -> bytes:
    out = [f"HTTP/1.1 {resp.status} {REASONS.get(resp.status, 'OK')}\r\n".encode(), b"Date: ", _date_header(), b"\r\n"]
    for name, value in resp.headers:
        raw = value if isinstance(value, bytes) else value.encode("latin-1", "replace")
        out.append(name.encode() + b": " + raw + b"\r\n")
    if resp.status != 304:
        out.append(b"Content-Length: %d\r\n" % len(resp.body))
    if resp.close:
        out.append(b"Connection: close\r\n")
    out.append(b"\r\n")
    if not head_only and resp.status != 304:
        out.append(resp.body)
    return b"".join(out)


class HttpProtocol(asyncio.Protocol):
    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.queue: asyncio.Queue[Request | None] = asyncio.Queue()
        self.worker: asyncio.Task | None = None
        self.client = "127.0.0.1"

    def connection_made(self, transport) -> None:  # type: ignore[override]
        self.transport = transport
        peer = transport.get_extra_info("peername")
        if peer:
            self.client = peer[0]
        self.worker = asyncio.get_running_loop().create_task(self.serve())

    def connection_lost(self, exc) -> None:
        self.transport = None
        self.queue.put_nowait(None)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buffer) > MAX_HEAD:
                    self.fail(400)
                return
            head = bytes(self.buffer[:end]).decode("latin-1")
            lines = head.split("\r\n")
            try:
                method, target, version = lines[0].split(" ", 2)
            except ValueError:
                self.fail(400)
                return
            headers: dict[str, str] = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length") or 0)
            if length > MAX_BODY:
                self.fail(400)
                return
            if len(self.buffer) < end + 4 + length:
                return
            body = bytes(self.buffer[end + 4 : end + 4 + length])
            del self.buffer[: end + 4 + length]
            if version == "HTTP/1.0" and headers.get("connection", "").lower() != "keep-alive":
                headers["connection"] = "close"
            self.queue.put_nowait(self.parse(method, target, headers, body))

    def parse(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Request:
        proxied = target.lower().startswith(("http://", "https://"))
        if method == "CONNECT":
            return Request(method, target.lower(), "", "", headers, body, self.client, True)
        if proxied:
            parts = urlsplit(target)
            host, path, query = parts.netloc, parts.path or "/", parts.query
        else:
            host = headers.get("host", "")
            path, _, query = target.partition("?")
        host = host.lower()
        if host.endswith(":80"):
            host = host[:-3]
        scheme = "https" if target.lower().startswith("https://") else "http"
        return Request(method, host, path, query, headers, body, self.client, proxied, scheme)

    def fail(self, status: int) -> None:
        if self.transport is not None:
            self.transport.write(serialize(Response(status, b"bad request", close=True)))
            self.transport.close()

    async def serve(self) -> None:
        while True:
            req = await self.queue.get()
            if req is None or self.transport is None:
                return
            try:
                result = self.handler(req)
                resp = await result if asyncio.iscoroutine(result) else result
            except Exception as exc:  # a farm bug must not kill the connection silently
                import traceback

                traceback.print_exc()
                resp = Response(500, f"farm error: {exc}".encode(), [("Content-Type", "text/plain")])
            if self.transport is None:
                return
            close = resp.close or req.headers.get("connection", "").lower() == "close"
            resp.close = close
            self.transport.write(serialize(resp, head_only=req.method == "HEAD"))
            if close:
                self.transport.close()
                return


async def start_server(handler: Handler, host: str, port: int) -> asyncio.AbstractServer:
    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: HttpProtocol(handler), host, port, backlog=1024)
