"""The farm as an HTTP application: dispatch on the host, then on the family's paths.

Per-host obstacles (encodings, 412 challenge, bans, slowness, soft 404s,
robots.txt) are applied here, around the pages ``farm.pages`` renders.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict, deque
from datetime import date, timedelta
from urllib.parse import quote, urlsplit

from farm import families
from farm import manifest as manifest_mod
from farm.content import Content
from farm.families import EXT, NAV_PAGES, page_time
from farm.httpserver import Request, Response, http_date
from farm.pages import Renderer, home_path, real_hub_path
from farm.world import EPOCH, Column, Report, Site, World

ADMIN_HOST = "farm.admin"
CACHE_BYTES = 256 * 1024 * 1024  # rendered pages kept in memory
SPAM = '<div class="ad" style="display:none">澳门新葡京 线上娱乐 首存送彩金 <a href="http://www.365betzf.com/">进入</a></div>'
CHALLENGE = (b'<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Pragma" content="no-cache">'
             b'<script type="text/javascript">var _$_a=["\\x63\\x6f\\x6f\\x6b\\x69\\x65","\\x46\\x53\\x53\\x42\\x42\\x49'
             b'\\x6c\\x31\\x55\\x67\\x7a\\x62\\x4e\\x37\\x4e\\x38\\x30\\x54"];(function(_0x1,_0x2){var _0x3=function(_0x4)'
             b'{while(--_0x4){_0x1["push"](_0x1["shift"]());}};_0x3(++_0x2);}(_$_a,0x1b3));var _$_t=function(){return '
             b'window["_$ts"]=window["_$ts"]||{},_$ts["nsd"]=Math["random"]()*0x186a0|0,document[_$_a[0]]=_$_a[1]+"="+'
             b'(function(s){var h=0;for(var i=0;i<s.length;i++){h=(h<<5)-h+s.charCodeAt(i)|0}return h})(navigator'
             b'["userAgent"]+_$ts["nsd"])+"; path=/";location["reload"]();};_$_t();</script></head><body></body></html>')


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


_lm = page_time


class Farm:
    def __init__(self, world: World, content: Content, state_dir, *, slow_seconds: float = 60.0,
                 ban_seconds: float = 60.0, ban_burst: int = 5) -> None:
        self.world = world
        self.content = content
        self.renderer = Renderer(content, world.provinces)
        self.state_dir = state_dir
        self.day = 0
        self.slow_seconds = slow_seconds
        self.ban_seconds = ban_seconds
        self.ban_burst = ban_burst
        self.routes: dict[str, dict[str, tuple]] = {}
        self.cache: OrderedDict[tuple, tuple[bytes, str, float]] = OrderedDict()
        self.cache_bytes = 0
        self.hits: dict[tuple[str, str], deque] = {}
        self.banned: dict[tuple[str, str], float] = {}
        self.flaky_seen: set[tuple[str, str]] = set()
        self.requests = 0
        self.host_requests: dict[str, int] = {}
        self.clone_victim = next((s for s in world.sites.values() if s.variant.get("clone")), None)
        self.site_reports: dict[str, list[Report]] = {}
        for rep in world.reports:
            if rep.site is not None:
                self.site_reports.setdefault(rep.site.host, []).append(rep)

    # ------------------------------------------------------------------ routes
    def site_routes(self, site: Site) -> dict[str, tuple]:
        routes = self.routes.get(site.host)
        if routes is not None:
            return routes
        routes = {"/": ("home",), home_path(site): ("home",), "/index.html": ("home",)}
        hub = families.hub_path(site)
        # A meta-refresh / JS-redirect shell must lead to a hub that answers, on every family
        # (the anhui /site/tpl/main_<id> target used to be missing: a 404 behind the shell).
        routes[real_hub_path(site)] = ("hub",)
        if hub != real_hub_path(site):
            routes[hub] = ("shell", real_hub_path(site))
        if "redirect_301" in site.obstacles:
            routes["/zwgk/"] = ("redirect", hub)
            routes["/zwgk"] = ("redirect", hub)
        family = families.of(site)
        for name, slug in NAV_PAGES:
            routes[family.nav_route_key(site, slug)] = ("nav", name)
        for path, name in (("/wzdt/index.html", "网站地图"), ("/xwzx/index.html", "新闻中心"),
                           ("/bsfw/index.html", "办事服务"), ("/hdjl/index.html", "互动交流")):
            routes[path] = ("nav", name)
        self.column_routes(site, routes)
        for unit in site.units:  # a city platform: each unit's hub, guide pages and columns on this host
            routes[families.hub_path(unit)] = ("hub", unit)
            for name, slug in NAV_PAGES:
                key = family.nav_route_key(unit, slug)
                if key is not None:
                    routes[key] = ("nav", name, unit)
            self.column_routes(unit, routes)
        for rep in self.site_reports.get(site.host, []):
            if rep.body != "column":
                routes[urlsplit(rep.url).path] = ("report", rep, "")
            for dup in rep.duplicates:
                routes[urlsplit(dup).path] = ("report", rep, "twin")
            for att in rep.attachments:
                parts = urlsplit(att.url)
                key = parts.path if not parts.query else "downfile:" + parts.query.rsplit("filename=", 1)[1]
                routes[key] = ("attachment", rep, att)
                if att.backing_url:
                    routes[urlsplit(att.backing_url).path] = ("attachment", rep, att)
        for _cid, nz in site.variant.get("gk_docs", []):
            routes[urlsplit(nz.url).path] = ("noise", nz)
        self.routes[site.host] = routes
        return routes

    @staticmethod
    def column_routes(site: Site, routes: dict[str, tuple]) -> None:
        """Routes of a site's column pages and of the noise pages its columns list."""
        for col in site.columns:
            if not families.of(site).column_routes(col, routes):
                continue
            pages = 1 if col.kind != "list" else max(1, -(-len(col.entries) // col.per_page))
            for k in range(pages):
                routes[families.page_path(col, k)] = ("column", col, k)
            for e in col.entries:
                if e.noise is not None and urlsplit(e.noise.url).netloc == site.host and e.noise.kind != "dead_link":
                    routes[urlsplit(e.noise.url).path] = ("noise", e.noise)

    # ------------------------------------------------------------------ entry point
    async def handle(self, req: Request) -> Response:
        self.requests += 1
        # every request by host, farm or not (chrome hosts answer 502): GET http://farm.admin/requests
        self.host_requests[req.host] = self.host_requests.get(req.host, 0) + 1
        if req.method == "CONNECT" or req.scheme == "https":
            return Response(501, b"farm hosts are plain http:// only; CONNECT/HTTPS is not supported",
                            [("Content-Type", "text/plain; charset=utf-8")], close=True)
        if req.host == ADMIN_HOST:
            return await self.admin(req)
        clone = False
        site = self.world.sites.get(req.host)
        if site is None and self.clone_victim is not None and req.host == self.clone_victim.variant["clone"]:
            site, clone = self.clone_victim, True
        if site is None:
            return Response(502, f"farm: cannot connect to {req.host} (connection refused)".encode(),
                            [("Content-Type", "text/plain; charset=utf-8")])
        obstacles = site.obstacles if not clone else set()
        if "rate_ban" in obstacles:
            banned = self.ban_check(site, req)
            if banned is not None:
                return banned
        if req.path == "/robots.txt":
            return self.robots(site)
        if "slow" in obstacles:
            await asyncio.sleep(self.slow_seconds)
        if "challenge_412" in obstacles and req.path not in ("/", home_path(site), "/index.html"):
            token = hashlib.md5(f"{req.host}{time.time()}".encode()).hexdigest()[:24]
            return Response(412, CHALLENGE, [("Content-Type", "text/html"), ("Server", "nginx"),
                                             ("Set-Cookie", f"FSSBBIl1UgzbN7N80S={token}; Path=/; HttpOnly")])
        if "flaky_500" in obstacles and req.method in ("GET", "POST"):
            key = (req.host, req.target)
            if key not in self.flaky_seen:
                if len(self.flaky_seen) > 200000:
                    self.flaky_seen.clear()
                self.flaky_seen.add(key)
                return Response(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                                [("Content-Type", "text/html")])
        resp = self.dispatch(site, req)
        if asyncio.iscoroutine(resp):
            resp = await resp
        if clone and resp.status == 200 and resp.headers and b"html" in str(resp.headers[0][1]).encode():
            resp.body = resp.body.replace(b"</body>", SPAM.encode() + b"</body>")
            resp.headers = [h for h in resp.headers if h[0] not in ("ETag", "Last-Modified")]
        return resp

    def ban_check(self, site: Site, req: Request) -> Response | None:
        key = (site.host, req.client)
        now = time.monotonic()
        until = self.banned.get(key, 0.0)
        status = 429 if len(site.host) % 2 else 403
        body = "<html><head><meta charset='utf-8'></head><body>访问过于频繁，请稍后再试。</body></html>".encode()
        if until > now:
            return Response(status, body, [("Content-Type", "text/html; charset=utf-8"),
                                           ("Retry-After", str(int(until - now) + 1))])
        hits = self.hits.setdefault(key, deque())
        hits.append(now)
        while hits and hits[0] < now - 1.0:
            hits.popleft()
        if len(hits) > self.ban_burst:
            self.banned[key] = now + self.ban_seconds
            hits.clear()
            return Response(status, body, [("Content-Type", "text/html; charset=utf-8"),
                                           ("Retry-After", str(int(self.ban_seconds)))])
        return None

    def robots(self, site: Site) -> Response:
        kind = site.robots
        if kind == "absent":
            return self.not_found(site)
        if kind == "forbidden":
            return Response(403, b"<html><body>403 Forbidden</body></html>", [("Content-Type", "text/html")])
        lines = ["User-agent: *"]
        if kind == "permissive":
            lines.append("Disallow:")
        elif kind == "internals":
            lines += ["Disallow: /e/", "Disallow: /d/", "Disallow: /admin/", "Disallow: /bak/"]
        elif kind == "disallow_all":
            lines.append("Disallow: /")
        elif kind == "disallow_column":
            lines += [f"Disallow: {p}" for p in disallowed_prefixes(site)]
        return Response(200, ("\n".join(lines) + "\n").encode(), [("Content-Type", "text/plain")])

    def not_found(self, site: Site) -> Response:
        if "soft_404" in site.obstacles:
            body = ('<html><head><meta charset="utf-8"><title>页面不存在</title></head><body><div class="err">'
                    "<h2>抱歉，您访问的页面不存在或已被删除！</h2><a href=\"/\">返回首页</a></div></body></html>").encode()
            return Response(200, body, [("Content-Type", "text/html; charset=utf-8")])
        return Response(404, b"<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>",
                        [("Content-Type", "text/html; charset=iso-8859-1")])

    # ------------------------------------------------------------------ dispatch
    def dispatch(self, site: Site, req: Request):
        routes = self.site_routes(site)
        answer = families.of(site).dispatch(self, site, req, routes)
        if answer is not None:
            return answer
        route = routes.get(req.path)
        if route is None:
            return self.not_found(site)
        return self.serve(site, req, route)

    def serve(self, site: Site, req: Request, route: tuple):
        kind = route[0]
        if kind == "redirect":
            return Response(301, b"", [("Location", site.origin + route[1]), ("Content-Type", "text/html")])
        if kind == "attachment":
            return self.attachment(site, req, route[1], route[2])
        key = (site.host, req.target if families.of(site).cache_by_target else req.path, self.day)
        cached = self.cache.get(key)
        if cached is None:
            rendered = self.render(site, req, route)
            if rendered is None:
                return self.not_found(site)
            html, modified = rendered
            body, ctype = self.encode(site, html)
            cached = (body, ctype, modified)
            self.cache[key] = cached
            self.cache_bytes += len(body)
            while self.cache_bytes > CACHE_BYTES and len(self.cache) > 1:
                _, old = self.cache.popitem(last=False)
                self.cache_bytes -= len(old[0]) if isinstance(old[0], bytes) else 0
        else:
            self.cache.move_to_end(key)
        body, ctype, modified = cached
        return self.validated(site, req, body, ctype, modified)

    def render(self, site: Site, req: Request, route: tuple) -> tuple[str, float] | None:
        kind = route[0]
        r = self.renderer
        epoch = _lm(EPOCH)
        if kind == "home":
            return r.home(site), epoch
        if kind == "hub":
            return r.hub(route[1] if len(route) > 1 else site), epoch
        if kind == "shell":
            target = site.origin + route[1]
            if "meta_refresh" in site.obstacles:
                return (f'<html><head><meta http-equiv="refresh" content="0;url={target}"></head>'
                        f"<body></body></html>", epoch)
            return f'<script>location.replace("{route[1]}");</script>', epoch
        if kind == "nav":
            return r.nav_page(route[2] if len(route) > 2 else site, route[1]), epoch
        if kind == "column":
            col: Column = route[1]
            html = r.column_page(col, route[2] if len(route) > 2 else 0, self.day)
            if html is None:
                return None
            dates = [e.date for e in r.visible(col, self.day) if e.kind != "column"]
            changed = [self.day_date(rep.replaced_day) for e in r.visible(col, self.day)
                       if (rep := e.report) is not None and rep.replaced_day is not None and rep.replaced_day <= self.day]
            return html, max([_lm(d) for d in dates + changed] + [epoch if not dates else 0])
        if kind == "report":
            rep: Report = route[1]
            if rep.gone_day is not None and self.day >= rep.gone_day:
                return None
            if rep.day > self.day:
                return None
            page_url = f"{site.origin}{req.path}"
            html = r.article(rep, page_url, self.day, twin=route[2])
            modified = _lm(rep.published)
            return html, modified
        if kind == "noise":
            nz = route[1]
            if nz.of is not None and nz.of.day > self.day:
                return None
            return r.noise_page(nz, f"{site.origin}{req.path}"), _lm(nz.date)
        return None

    def day_date(self, day: int) -> date:
        return EPOCH + timedelta(days=day)

    def encode(self, site: Site, html: str) -> tuple[bytes, str]:
        if "charset_gb2312" in site.obstacles:
            return html.encode("gbk", "xmlcharrefreplace"), "text/html; charset=gb2312"
        if "charset_missing" in site.obstacles:
            return html.encode("gbk", "xmlcharrefreplace"), "text/html"
        if "charset_lying" in site.obstacles:
            return html.encode("gbk", "xmlcharrefreplace"), "text/html; charset=UTF-8"
        return html.encode("utf-8"), "text/html; charset=utf-8"

    def validated(self, site: Site, req: Request, body: bytes, ctype: str, modified: float,
                  extra: list | None = None) -> Response:
        headers: list[tuple[str, bytes | str]] = [("Content-Type", ctype), ("Server", _server_name(site))]
        if extra:
            headers += extra
        if "no_validators" in site.obstacles:
            headers.append(("Cache-Control", "no-cache"))
            return Response(200, body, headers)
        etag = _etag(body)
        headers += [("ETag", etag), ("Last-Modified", http_date(modified))]
        inm = req.headers.get("if-none-match")
        ims = req.headers.get("if-modified-since")
        fresh = False
        if inm is not None:
            fresh = etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        elif ims:
            try:
                from email.utils import parsedate_to_datetime

                fresh = parsedate_to_datetime(ims).timestamp() >= int(modified)
            except (TypeError, ValueError):
                fresh = False
        if fresh and req.method in ("GET", "HEAD"):
            return Response(304, b"", [h for h in headers if h[0] in ("ETag", "Last-Modified", "Server")])
        return Response(200, body, headers)

    async def attachment(self, site: Site, req: Request, rep: Report, att) -> Response:
        if rep.day > self.day:
            return self.not_found(site)
        version = rep.version(self.day)
        body = self.content.cached_document(rep, att.fmt, version)
        if body is None:  # rendering takes ~0.1 s: keep the event loop serving meanwhile
            body = await asyncio.get_running_loop().run_in_executor(None, self.content.document, rep, att.fmt, version)
        modified = _lm(rep.published) if version == 1 else _lm(self.day_date(rep.replaced_day or 0))
        extra: list[tuple[str, bytes | str]] = []
        ext = EXT[att.fmt]
        if att.disposition == "gbk":
            extra.append(("Content-Disposition", b'attachment; filename="' + att.filename.encode("gbk", "replace") + b'"'))
        elif att.disposition == "rfc5987":
            extra.append(("Content-Disposition",
                          f"attachment; filename=\"report.{ext}\"; filename*=UTF-8''{quote(att.filename)}"))
        ctype = families.of(site).attachment_type(ext)
        return self.validated(site, req, body, ctype, modified, extra)

    # ------------------------------------------------------------------ admin
    async def admin(self, req: Request) -> Response:
        js = [("Content-Type", "application/json; charset=utf-8")]
        if req.path == "/advance":
            changes = await asyncio.get_running_loop().run_in_executor(None, self.advance_day)
            return Response(200, json.dumps(changes, ensure_ascii=False).encode(), js)
        if req.path == "/status":
            return Response(200, json.dumps({"day": self.day, "requests": self.requests,
                                             "sites": len(self.world.sites)}).encode(), js)
        if req.path == "/requests":
            counts = {h: n for h, n in sorted(self.host_requests.items()) if h != ADMIN_HOST}
            return Response(200, json.dumps(counts, ensure_ascii=False).encode(), js)
        if req.path == "/manifest":
            return Response(200, manifest_mod.manifest_path(self.state_dir).read_bytes(), js)
        return Response(404, b"{}", js)

    def advance_day(self) -> dict:
        """Next day: new reports appear, one attachment is replaced, one report page disappears."""
        self.day += 1
        d = self.day
        new = [r for r in self.world.reports if r.day == d]
        replaced = None
        for rep in self.world.replace_order:
            if rep.replaced_day is None and rep.gone_day is None:
                rep.replaced_day = d
                replaced = rep
                break
        gone = None
        for rep in self.world.vanish_order:
            if rep.gone_day is None and rep.replaced_day is None:
                rep.gone_day = d
                gone = rep
                break
        self.cache.clear()
        self.cache_bytes = 0
        manifest_mod.write_all(self.world, self.content, self.state_dir, self.day)
        return {"day": d, "new": [r.url for r in new],
                "replaced": replaced.attachments[0].url if replaced else None,
                "gone": gone.url if gone else None}


def _server_name(site: Site) -> str:
    return families.of(site).server


def disallowed_prefixes(site: Site) -> list[str]:
    return families.of(site).disallowed_prefixes(site)
