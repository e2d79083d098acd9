"""Answers a host gives around its pages: its obstacles (412 challenge, rate bans, flaky 500s,
robots.txt, soft 404s, lying charsets) and its validators (ETag, Last-Modified, 304)."""

from __future__ import annotations

import hashlib
import time
from collections import deque
from email.utils import parsedate_to_datetime

from farm import families
from farm.httpserver import Request, Response, http_date
from farm.world import Site

SPAM = '<div class="ad" style="display:none">澳门新葡京 线上娱乐 首存送彩金 <a href="http://www.365betzf.com/">进入</a></div>'
CHALLENGE = (
    b'<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Pragma" content="no-cache">'
    b'<script type="text/javascript">var _$_a=["\\x63\\x6f\\x6f\\x6b\\x69\\x65","\\x46\\x53\\x53\\x42\\x42\\x49'
    b'\\x6c\\x31\\x55\\x67\\x7a\\x62\\x4e\\x37\\x4e\\x38\\x30\\x54"];(function(_0x1,_0x2){var _0x3=function(_0x4)'
    b'{while(--_0x4){_0x1["push"](_0x1["shift"]());}};_0x3(++_0x2);}(_$_a,0x1b3));var _$_t=function(){return '
    b'window["_$ts"]=window["_$ts"]||{},_$ts["nsd"]=Math["random"]()*0x186a0|0,document[_$_a[0]]=_$_a[1]+"="+'
    b"(function(s){var h=0;for(var i=0;i<s.length;i++){h=(h<<5)-h+s.charCodeAt(i)|0}return h})(navigator"
    b'["userAgent"]+_$ts["nsd"])+"; path=/";location["reload"]();};_$_t();</script></head><body></body></html>'
)
ROBOTS = {
    "permissive": ["Disallow:"],
    "internals": ["Disallow: /e/", "Disallow: /d/", "Disallow: /admin/", "Disallow: /bak/"],
    "disallow_all": ["Disallow: /"],
}
BANNED = "<html><head><meta charset='utf-8'></head><body>访问过于频繁，请稍后再试。</body></html>".encode()
FLAKY = b"<html><body><h1>500 Internal Server Error</h1></body></html>"


def server_name(site: Site) -> str:
    return families.of(site).server


def challenge(req: Request) -> Response:
    """The 412 + cookie-setting script of a JS challenge (瑞数-style)."""
    token = hashlib.md5(f"{req.host}{time.time()}".encode()).hexdigest()[:24]
    return Response(
        412,
        CHALLENGE,
        [
            ("Content-Type", "text/html"),
            ("Server", "nginx"),
            ("Set-Cookie", f"FSSBBIl1UgzbN7N80S={token}; Path=/; HttpOnly"),
        ],
    )


def flaky() -> Response:
    return Response(500, FLAKY, [("Content-Type", "text/html")])


class RateBan:
    """Bans a client from a host for ``seconds`` once it asks more than ``burst`` times in a second."""

    def __init__(self, seconds: float, burst: int) -> None:
        self.seconds = seconds
        self.burst = burst
        self.hits: dict[tuple[str, str], deque] = {}
        self.banned: dict[tuple[str, str], float] = {}

    def check(self, site: Site, req: Request) -> Response | None:
        key = (site.host, req.client)
        now = time.monotonic()
        until = self.banned.get(key, 0.0)
        status = 429 if len(site.host) % 2 else 403
        if until > now:
            return Response(
                status,
                BANNED,
                [("Content-Type", "text/html; charset=utf-8"), ("Retry-After", str(int(until - now) + 1))],
            )
        hits = self.hits.setdefault(key, deque())
        hits.append(now)
        while hits and hits[0] < now - 1.0:
            hits.popleft()
        if len(hits) > self.burst:
            self.banned[key] = now + self.seconds
            hits.clear()
            return Response(
                status, BANNED, [("Content-Type", "text/html; charset=utf-8"), ("Retry-After", str(int(self.seconds)))]
            )
        return None


def robots(site: Site) -> Response:
    kind = site.robots
    if kind == "absent":
        return not_found(site)
    if kind == "forbidden":
        return Response(403, b"<html><body>403 Forbidden</body></html>", [("Content-Type", "text/html")])
    lines = ["User-agent: *", *ROBOTS.get(kind, [])]
    if kind == "disallow_column":
        lines += [f"Disallow: {p}" for p in families.of(site).disallowed_prefixes(site)]
    return Response(200, ("\n".join(lines) + "\n").encode(), [("Content-Type", "text/plain")])


def not_found(site: Site) -> Response:
    if "soft_404" in site.obstacles:
        body = (
            '<html><head><meta charset="utf-8"><title>页面不存在</title></head><body><div class="err">'
            '<h2>抱歉，您访问的页面不存在或已被删除！</h2><a href="/">返回首页</a></div></body></html>'
        ).encode()
        return Response(200, body, [("Content-Type", "text/html; charset=utf-8")])
    return Response(
        404,
        b"<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>",
        [("Content-Type", "text/html; charset=iso-8859-1")],
    )


def encode(site: Site, html: str) -> tuple[bytes, str]:
    """The page's bytes and Content-Type, in the host's (possibly lying) charset."""
    if "charset_gb2312" in site.obstacles:
        return html.encode("gbk", "xmlcharrefreplace"), "text/html; charset=gb2312"
    if "charset_missing" in site.obstacles:
        return html.encode("gbk", "xmlcharrefreplace"), "text/html"
    if "charset_lying" in site.obstacles:
        return html.encode("gbk", "xmlcharrefreplace"), "text/html; charset=UTF-8"
    return html.encode("utf-8"), "text/html; charset=utf-8"


def validated(
    site: Site, req: Request, body: bytes, ctype: str, modified: float, extra: list | None = None
) -> Response:
    """200 with ETag and Last-Modified, or 304 to a matching conditional request."""
    headers: list[tuple[str, bytes | str]] = [("Content-Type", ctype), ("Server", server_name(site))]
    if extra:
        headers += extra
    if "no_validators" in site.obstacles:
        headers.append(("Cache-Control", "no-cache"))
        return Response(200, body, headers)
    etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
    headers += [("ETag", etag), ("Last-Modified", http_date(modified))]
    if _fresh(req, etag, modified) and req.method in ("GET", "HEAD"):
        return Response(304, b"", [h for h in headers if h[0] in ("ETag", "Last-Modified", "Server")])
    return Response(200, body, headers)


def _fresh(req: Request, etag: str, modified: float) -> bool:
    inm = req.headers.get("if-none-match")
    if inm is not None:
        return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims = req.headers.get("if-modified-since")
    if not ims:
        return False
    try:
        return parsedate_to_datetime(ims).timestamp() >= int(modified)
    except (TypeError, ValueError):
        return False
