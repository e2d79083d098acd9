"""The farm as an HTTP application: dispatch on the host, then on the family's paths.

Per-host obstacles (encodings, 412 challenge, bans, slowness, soft 404s,
robots.txt) are applied here, around the pages ``farm.pages`` renders.
"""

from __future__ import annotations

import asyncio
import json
from collections import OrderedDict
from datetime import date, timedelta
from urllib.parse import quote

from farm import answers, families
from farm import manifest as manifest_mod
from farm.content import Content
from farm.families import EXT, page_time
from farm.httpserver import Request, Response
from farm.pages import Renderer
from farm.paths import home_path
from farm.routes import site_routes
from farm.world import EPOCH, Column, Report, Site, World

ADMIN_HOST = "farm.admin"
CACHE_BYTES = 256 * 1024 * 1024  # rendered pages kept in memory
_lm = page_time


class Farm:
    def __init__(
        self,
        world: World,
        content: Content,
        state_dir,
        *,
        slow_seconds: float = 60.0,
        ban_seconds: float = 60.0,
        ban_burst: int = 5,
    ) -> None:
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
        self.bans = answers.RateBan(ban_seconds, ban_burst)
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
        if routes is None:
            routes = self.routes[site.host] = site_routes(site, self.site_reports.get(site.host, []))
        return routes

    def not_found(self, site: Site) -> Response:
        return answers.not_found(site)

    # ------------------------------------------------------------------ entry point
    async def handle(self, req: Request) -> Response:
        self.requests += 1
        # every request by host, farm or not (chrome hosts answer 502): GET http://farm.admin/requests
        self.host_requests[req.host] = self.host_requests.get(req.host, 0) + 1
        if req.method == "CONNECT" or req.scheme == "https":
            return Response(
                501,
                b"farm hosts are plain http:// only; CONNECT/HTTPS is not supported",
                [("Content-Type", "text/plain; charset=utf-8")],
                close=True,
            )
        if req.host == ADMIN_HOST:
            return await self.admin(req)
        clone = False
        site = self.world.sites.get(req.host)
        if site is None and self.clone_victim is not None and req.host == self.clone_victim.variant["clone"]:
            site, clone = self.clone_victim, True
        if site is None:
            return Response(
                502,
                f"farm: cannot connect to {req.host} (connection refused)".encode(),
                [("Content-Type", "text/plain; charset=utf-8")],
            )
        blocked = await self.obstacle(site, req, site.obstacles if not clone else set())
        if blocked is not None:
            return blocked
        resp = self.dispatch(site, req)
        if asyncio.iscoroutine(resp):
            resp = await resp
        if clone and resp.status == 200 and resp.headers and b"html" in str(resp.headers[0][1]).encode():
            resp.body = resp.body.replace(b"</body>", answers.SPAM.encode() + b"</body>")
            resp.headers = [h for h in resp.headers if h[0] not in ("ETag", "Last-Modified")]
        return resp

    async def obstacle(self, site: Site, req: Request, obstacles: set[str]) -> Response | None:
        """The answer of a host's obstacle (or its robots.txt) instead of the page, if any."""
        if "rate_ban" in obstacles:
            banned = self.bans.check(site, req)
            if banned is not None:
                return banned
        if req.path == "/robots.txt":
            return answers.robots(site)
        if "slow" in obstacles:
            await asyncio.sleep(self.slow_seconds)
        if "challenge_412" in obstacles and req.path not in ("/", home_path(site), "/index.html"):
            return answers.challenge(req)
        if "flaky_500" in obstacles and req.method in ("GET", "POST"):
            key = (req.host, req.target)
            if key not in self.flaky_seen:
                if len(self.flaky_seen) > 200000:
                    self.flaky_seen.clear()
                self.flaky_seen.add(key)
                return answers.flaky()
        return None

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
            body, ctype = answers.encode(site, html)
            cached = (body, ctype, modified)
            self.cache[key] = cached
            self.cache_bytes += len(body)
            while self.cache_bytes > CACHE_BYTES and len(self.cache) > 1:
                _, old = self.cache.popitem(last=False)
                self.cache_bytes -= len(old[0]) if isinstance(old[0], bytes) else 0
        else:
            self.cache.move_to_end(key)
        body, ctype, modified = cached
        return answers.validated(site, req, body, ctype, modified)

    def render(self, site: Site, req: Request, route: tuple) -> tuple[str, float] | None:
        """The page's HTML and Last-Modified time, or None where the page is not (yet, or any more) there."""
        r = self.renderer
        epoch = _lm(EPOCH)
        kind = route[0]
        if kind == "home":
            return r.home(site), epoch
        if kind == "hub":
            return r.hub(route[1] if len(route) > 1 else site), epoch
        if kind == "shell":
            return _shell(site, route[1]), epoch
        if kind == "nav":
            return r.nav_page(route[2] if len(route) > 2 else site, route[1]), epoch
        if kind == "column":
            return self.render_column(route[1], route[2] if len(route) > 2 else 0)
        if kind == "report":
            return self.render_report(site, req, route[1], route[2])
        if kind == "noise":
            nz = route[1]
            if nz.of is not None and nz.of.day > self.day:
                return None
            return r.noise_page(nz, f"{site.origin}{req.path}"), _lm(nz.date)
        return None

    def render_column(self, col: Column, k: int) -> tuple[str, float] | None:
        r = self.renderer
        html = r.column_page(col, k, self.day)
        if html is None:
            return None
        dates = [e.date for e in r.visible(col, self.day) if e.kind != "column"]
        changed = [
            self.day_date(rep.replaced_day)
            for e in r.visible(col, self.day)
            if (rep := e.report) is not None and rep.replaced_day is not None and rep.replaced_day <= self.day
        ]
        return html, max([_lm(d) for d in dates + changed] + [_lm(EPOCH) if not dates else 0])

    def render_report(self, site: Site, req: Request, rep: Report, twin: str) -> tuple[str, float] | None:
        if rep.gone_day is not None and self.day >= rep.gone_day:
            return None
        if rep.day > self.day:
            return None
        html = self.renderer.article(rep, f"{site.origin}{req.path}", self.day, twin=twin)
        return html, _lm(rep.published)

    def day_date(self, day: int) -> date:
        return EPOCH + timedelta(days=day)

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
            extra.append(
                ("Content-Disposition", b'attachment; filename="' + att.filename.encode("gbk", "replace") + b'"')
            )
        elif att.disposition == "rfc5987":
            extra.append(
                (
                    "Content-Disposition",
                    f"attachment; filename=\"report.{ext}\"; filename*=UTF-8''{quote(att.filename)}",
                )
            )
        ctype = families.of(site).attachment_type(ext)
        return answers.validated(site, req, body, ctype, modified, extra)

    # ------------------------------------------------------------------ admin
    async def admin(self, req: Request) -> Response:
        js = [("Content-Type", "application/json; charset=utf-8")]
        if req.path == "/advance":
            changes = await asyncio.get_running_loop().run_in_executor(None, self.advance_day)
            return Response(200, json.dumps(changes, ensure_ascii=False).encode(), js)
        if req.path == "/status":
            return Response(
                200,
                json.dumps({"day": self.day, "requests": self.requests, "sites": len(self.world.sites)}).encode(),
                js,
            )
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
        return {
            "day": d,
            "new": [r.url for r in new],
            "replaced": replaced.attachments[0].url if replaced else None,
            "gone": gone.url if gone else None,
        }


def _shell(site: Site, hub: str) -> str:
    """The page in front of the real hub: a meta refresh or a script redirect."""
    if "meta_refresh" in site.obstacles:
        return f'<html><head><meta http-equiv="refresh" content="0;url={site.origin + hub}"></head><body></body></html>'
    return f'<script>location.replace("{hub}");</script>'
