"""A hostile web server for the crawler, served as an HTTP proxy on 127.0.0.1 (the crawler
reaches it through ``http_proxy``).  It stops by itself after ``lifetime`` seconds, and no
answer streams for longer than ``STREAM_SECONDS``.

Host www.hostile.gov.cn: a report page whose attachments are a gzip bomb, an endless chain
of distinct redirects, a Content-Length that says 10 and sends 5,000, one that says 5,000
and sends 100, a declared 2 GiB body, several endless chunked 2 GiB bodies, and one file
that fails once (503) and then arrives; beside it, normal reports with normal files.
Host www.captcha.gov.cn: a CAPTCHA page (200) and a slow normal report listed beside it,
which arrives after the CAPTCHA has blocked the host.
"""

from __future__ import annotations

import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from minisite import Server  # a test server with a backlog a crawl does not overflow

HOSTILE = "http://www.hostile.gov.cn"
CAPTCHA = "http://www.captcha.gov.cn"
MiB = 1024 * 1024
STREAM_SECONDS = 20.0
ENDLESS = [f"/files/endless{n}.pdf" for n in range(1, 5)]
SOURCES_CSV = (
    "agency,url,family\n敌意市人民政府,http://www.hostile.gov.cn/,\n验证市人民政府,http://www.captcha.gov.cn/,\n"
)


def _page(title: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="ArticleTitle" content="{title}"></head><body>{body}</body></html>'
    ).encode()


def _report(title: str, files: list[tuple[str, str]]) -> bytes:
    links = "".join(f'<p><a href="{href}">{name}</a></p>' for href, name in files)
    prose = "<p>本年度我单位认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息。</p>" * 40
    return _page(title, f'<h1>{title}</h1><div id="zoom"><p>一、总体情况</p>{prose}{links}</div>')


def pdf(tag: str, size: int = 0) -> bytes:
    return b"%PDF-1.4\n% " + tag.encode() + b"\n" + b"0" * size + b"\n%%EOF\n"


def _gzip_of_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: the gzip container
    block = bytes(MiB)
    return b"".join(packer.compress(block) for _ in range(size // MiB)) + packer.flush()


def _home(host: str) -> dict[str, bytes]:
    return {
        "/": _page("人民政府", '<a href="/zwgk/">政府信息公开</a>'),
        "/zwgk/": _page("政府信息公开", '<a href="/zwgk/nb/index.html">政府信息公开年报</a>'),
    }


def _list(items: list[tuple[str, str]]) -> bytes:
    lis = "".join(
        f'<li><a href="{href}" title="{title}">{title}</a><span>2024-01-26</span></li>' for href, title in items
    )
    return _page("政府信息公开年报", f'<div class="list"><ul>{lis}</ul></div>')


class HostileWorld:
    """What each URL answers; ``good_files`` and ``good_reports`` must be archived."""

    def __init__(self) -> None:
        self.gzip_bomb = _gzip_of_zeros(160 * MiB)  # beyond DOWNLOAD_MAXSIZE once inflated
        self.lock = threading.Lock()
        self.hits: dict[str, int] = {}
        bad = [
            ("/files/bomb.pdf", "年报全文（一）.pdf"),
            ("/files/redirect/1.pdf", "年报全文（二）.pdf"),
            ("/files/cl_lie.pdf", "年报全文（三）.pdf"),
            ("/files/dataloss.pdf", "年报全文（四）.pdf"),
            ("/files/declared_huge.pdf", "年报全文（五）.pdf"),
        ]
        bad += [(path, f"年报附表{n}.pdf") for n, path in enumerate(ENDLESS, start=1)]
        self.bad_files = {HOSTILE + path for path, _ in bad}
        self.pages: dict[str, bytes] = {}
        self.pages.update({HOSTILE + p: body for p, body in _home(HOSTILE).items()})
        self.pages.update({CAPTCHA + p: body for p, body in _home(CAPTCHA).items()})
        self.pages[HOSTILE + "/zwgk/nb/index.html"] = _list(
            [
                ("/nb/r1.html", "敌意市财政局2023年政府信息公开工作年度报告"),
                ("/nb/r2.html", "敌意市统计局2023年政府信息公开工作年度报告"),
            ]
        )
        self.pages[HOSTILE + "/nb/r1.html"] = _report(
            "敌意市财政局2023年政府信息公开工作年度报告", [("/files/good1.pdf", "年报正文.pdf"), *bad]
        )
        self.pages[HOSTILE + "/nb/r2.html"] = _report(
            "敌意市统计局2023年政府信息公开工作年度报告",
            [("/files/good2.pdf", "年报正文.pdf"), ("/files/flaky.pdf", "年报附件.pdf")],
        )
        self.pages[CAPTCHA + "/zwgk/nb/index.html"] = _list(
            [
                ("/nb/captcha.html", "验证市交通局2023年政府信息公开工作年度报告"),
                ("/nb/slow.html", "验证市水务局2023年政府信息公开工作年度报告"),
            ]
        )
        self.pages[CAPTCHA + "/nb/captcha.html"] = _page("安全验证", "<p>请完成安全验证：拖动滑块完成拼图</p>")
        self.pages[CAPTCHA + "/nb/slow.html"] = _report(
            "验证市水务局2023年政府信息公开工作年度报告", [("/files/after.pdf", "年报正文.pdf")]
        )
        self.good_reports = {HOSTILE + "/nb/r1.html", HOSTILE + "/nb/r2.html", CAPTCHA + "/nb/slow.html"}
        self.good_files = {HOSTILE + "/files/good1.pdf", HOSTILE + "/files/good2.pdf", HOSTILE + "/files/flaky.pdf"}

    def hit(self, url: str) -> int:
        with self.lock:
            self.hits[url] = self.hits.get(url, 0) + 1
            return self.hits[url]


class HostileHandler(BaseHTTPRequestHandler):
    """The hosts' answers; ``serve`` binds it to one world."""

    protocol_version = "HTTP/1.1"
    world: HostileWorld

    def do_GET(self) -> None:  # noqa: N802 -- the http.server hook
        url = self.path if self.path.startswith("http") else f"http://{self.headers['Host']}{self.path}"
        parts = urlsplit(url)
        path, origin = parts.path, f"{parts.scheme}://{parts.netloc}"
        count = self.world.hit(url)
        try:
            self._answer(origin, path, count)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up: what a cancelled download looks like from here

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None, length: int | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {"Content-Type": "text/html; charset=utf-8"}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def _stream(self, headers: dict[str, str], chunked: bool) -> None:
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        block, sent, started = b"%PDF-1.4\n" + bytes(256 * 1024 - 9), 0, time.monotonic()
        while sent < 2048 * MiB and time.monotonic() - started < STREAM_SECONDS:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
            sent += len(block)
            block = bytes(256 * 1024)

    def _answer(self, origin: str, path: str, count: int) -> None:
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"})
        if path == "/nb/slow.html":
            time.sleep(1.5)  # arrives after the CAPTCHA beside it has blocked the host
        if path.startswith("/files/"):
            return self._answer_file(origin, path, count)
        page = self.world.pages.get(origin + path)
        if page is None:
            return self._send(404, "<html><body>页面不存在</body></html>".encode())
        return self._send(200, page)

    def _answer_file(self, origin: str, path: str, count: int) -> None:
        pdf_type = {"Content-Type": "application/pdf"}
        if path == "/files/bomb.pdf":
            return self._send(200, self.world.gzip_bomb, {**pdf_type, "Content-Encoding": "gzip"})
        if path.startswith("/files/redirect/"):
            n = int(path.rsplit("/", 1)[1].split(".")[0])
            return self._send(302, b"", {"Location": f"{origin}/files/redirect/{n + 1}.pdf"})
        if path == "/files/cl_lie.pdf":
            return self._send(200, pdf("cl-lie", 5000), pdf_type, length=10)
        if path == "/files/dataloss.pdf":
            return self._send(200, pdf("dataloss", 5000)[:100], pdf_type, length=5000)
        if path == "/files/declared_huge.pdf":
            return self._declared_huge()
        if path in ENDLESS:
            return self._stream(pdf_type, chunked=True)
        if path == "/files/flaky.pdf" and count == 1:
            return self._send(503, b"busy", {"Content-Type": "text/plain"})
        return self._send(200, pdf(path), pdf_type)

    def _declared_huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(2048 * MiB))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        started = time.monotonic()
        while time.monotonic() - started < STREAM_SECONDS:
            self.wfile.write(bytes(256 * 1024))

    def log_message(self, *args: object) -> None:
        pass


def serve(world: HostileWorld, lifetime: float = 120.0) -> ThreadingHTTPServer:
    handler = type("Handler", (HostileHandler,), {"world": world})
    server = Server(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stopper = threading.Timer(lifetime, server.shutdown)  # stops by itself, whatever the test does
    stopper.daemon = True
    stopper.start()
    return server
