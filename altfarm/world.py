"""The simulated hosts: routes, dynamic endpoints, and the manifest of what a crawler should find."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from altfarm import docs


@dataclass
class Request:
    method: str
    host: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Response]


class Host:
    """One simulated web server: static routes by path (the query is ignored, as static servers do)
    plus dynamic handlers."""

    def __init__(self, name: str, *, encoding: str = "utf-8", declared: str = "utf-8") -> None:
        self.name = name
        self.encoding = encoding  # bytes are written in this codec ...
        self.declared = declared  # ... and labelled with this one (GBK declared gb2312, §3.1)
        self.routes: dict[str, Response] = {}
        self.handlers: dict[str, Handler] = {}
        self.force_gzip = False

    def page(self, path: str, text: str, status: int = 200) -> None:
        body = text.encode(self.encoding)
        self.routes[path] = Response(status, body, {"Content-Type": f"text/html; charset={self.declared}"})

    def file(self, path: str, data: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.routes[path] = Response(200, data, {"Content-Type": content_type, **(headers or {})})

    def serve(self, request: Request) -> Response:
        response = (
            self.handlers[request.path](request) if request.path in self.handlers else self.routes.get(request.path)
        )
        if response and self.force_gzip:
            return Response(
                response.status, gzip.compress(response.body, mtime=0), {**response.headers, "Content-Encoding": "gzip"}
            )
        if response:
            return response
        return Response(
            404, docs.simple_page("页面不存在", "<p>404</p>").encode(), {"Content-Type": "text/html; charset=utf-8"}
        )


@dataclass
class Source:
    agency: str
    url: str
    division_code: str
    level: str
    parent: str


class World:
    """All hosts plus the manifest (what is reachable and what is noise)."""

    def __init__(self) -> None:
        self.hosts: dict[str, Host] = {}
        self.sources: list[Source] = []
        self.reports: list[dict] = []  # reachable report documents: report pages and their attachments
        self.noise: list[dict] = []  # pages a crawler must not take as reports
        self.sites: list[dict] = []  # per source: agency, host, entry, pager (for altfarm's own walk test)
        self.blocked_hosts: list[str] = []
        self.robots_hosts: list[str] = []

    def host(self, name: str, **kwargs: str) -> Host:
        self.hosts[name] = Host(name, **kwargs)
        return self.hosts[name]

    def report(
        self, url: str, *, site: str, kind: str, title: str, year: int | None, listed_on: str | None = None
    ) -> None:
        self.reports.append(
            {"url": url, "site": site, "kind": kind, "title": title, "year": year, "listed_on": listed_on}
        )

    def noise_item(self, url: str, *, site: str, reason: str, title: str, listed_on: str | None = None) -> None:
        self.noise.append({"url": url, "site": site, "reason": reason, "title": title, "listed_on": listed_on})

    def manifest(self) -> dict:
        return {
            "reports": self.reports,
            "noise": self.noise,
            "sites": self.sites,
            "blocked_hosts": self.blocked_hosts,
            "robots_hosts": self.robots_hosts,
        }

    def manifest_json(self) -> str:
        return json.dumps(self.manifest(), ensure_ascii=False, indent=1)

    def sources_csv(self) -> str:
        """The registry: family left blank everywhere, the crawler must recognise it from the pages."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["agency", "url", "division_code", "level", "parent", "family"])
        for source in self.sources:
            writer.writerow([source.agency, source.url, source.division_code, source.level, source.parent, ""])
        return out.getvalue()

    def serve(self, request: Request) -> Response | None:
        host = self.hosts.get(request.host)
        return host.serve(request) if host else None


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""
