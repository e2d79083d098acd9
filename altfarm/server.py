"""altfarm's HTTP forward proxy: absolute-form requests (``GET http://host/path HTTP/1.1``) are
answered by the simulated host of that name; an unknown host gets 502, as from a real proxy."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

from altfarm import longtail, portals
from altfarm.world import Request, World


def build_world() -> World:
    world = World()
    for builder in portals.BUILDERS + longtail.BUILDERS:
        builder(world)
    return world


class ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: AltFarmServer

    def log_message(self, format: str, *args: object) -> None:  # quiet: the request log is kept in memory
        pass

    def handle_any(self) -> None:
        target = urlsplit(self.path)
        host = (target.hostname or self.headers.get("Host", "").split(":")[0]).lower()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request(
            self.command,
            host,
            target.path or "/",
            dict(parse_qsl(target.query, keep_blank_values=True)),
            {k: v for k, v in self.headers.items()},
            body,
        )
        with self.server.lock:
            self.server.requests.append(
                (self.command, host, target.path + (f"?{target.query}" if target.query else ""))
            )
        response = self.server.world.serve(request)
        if response is None:
            status, payload, headers = 502, b"Bad Gateway: unknown host", {"Content-Type": "text/plain"}
        else:
            status, payload, headers = response.status, response.body, response.headers
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_HEAD = handle_any


class AltFarmServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # socketserver's backlog of 5 drops a crawl's connections: a retry a second later

    def __init__(self, world: World, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), ProxyHandler)
        self.world = world
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, str]] = []


class AltFarm:
    """Context manager: the farm serving in a thread; ``out_dir`` gets sources.csv and manifest.json."""

    def __init__(self, out_dir: Path | None = None, port: int = 0) -> None:
        self.world = build_world()
        self.server = AltFarmServer(self.world, port)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.out_dir = out_dir
        self.sources_csv: Path | None = None
        self.manifest_json: Path | None = None

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def manifest(self) -> dict:
        return self.world.manifest()

    def __enter__(self) -> AltFarm:
        if self.out_dir:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.sources_csv = self.out_dir / "sources.csv"
            self.sources_csv.write_text(self.world.sources_csv(), encoding="utf-8")
            self.manifest_json = self.out_dir / "manifest.json"
            self.manifest_json.write_text(self.world.manifest_json(), encoding="utf-8")
        self.thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
