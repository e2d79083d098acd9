"""Command line: ``python -m farm serve|advance|status``.

python -m farm serve --port 8899 --seed 1 --size 200 --state-dir /tmp/farm
python -m farm advance --state-dir /tmp/farm     # the next day (talks to the running farm)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
import time
from pathlib import Path

from rawarchive import write_atomically


def serve(args: argparse.Namespace) -> int:
    from farm.app import Farm
    from farm.content import Content
    from farm.country import build_world
    from farm.httpserver import start_server
    from farm.manifest import write_all

    state = Path(args.state_dir)
    state.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    obstacles = None if args.obstacles == "auto" else args.obstacles == "on"
    world = build_world(args.seed, args.size, obstacles=obstacles)
    cache = Path(args.cache_dir or os.environ.get("FARM_CACHE_DIR") or state / "cache")
    content = Content(world, cache)
    content.prerender()
    if args.warm:
        rendered = content.warm()
        print(f"warmed {rendered} report pages into {cache}", flush=True)
    write_all(world, content, state, 0)
    farm = Farm(world, content, state, slow_seconds=args.slow_seconds, ban_seconds=args.ban_seconds)
    built = time.monotonic() - t0

    async def main() -> None:
        server = await start_server(farm.handle, args.host, args.port)
        port = server.sockets[0].getsockname()[1]
        info = {
            "pid": os.getpid(),
            "port": port,
            "proxy_url": f"http://{args.host}:{port}",
            "seed": args.seed,
            "size": args.size,
            "build_seconds": round(built, 2),
            "hosts": len(world.sites),
            "reports": len(world.reports),
        }
        write_atomically(state / "farm.json", json.dumps(info), fsync=False)
        print(
            f"farm ready: proxy {info['proxy_url']} ({len(world.sites)} hosts, {len(world.reports)} reports, "
            f"built in {built:.1f}s); manifest {state / 'manifest.json'}",
            flush=True,
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        server.close()
        # the per-host request counts, for a test that reads them after the farm stopped
        (state / "requests.json").write_text(json.dumps(farm.host_requests, ensure_ascii=False, sort_keys=True))

    asyncio.run(main())
    return 0


def advance(args: argparse.Namespace) -> int:
    from farm import fetch

    info = json.loads((Path(args.state_dir) / "farm.json").read_text())
    status, _, body = fetch(info["port"], "http://farm.admin/advance", method="POST", timeout=600)
    print(body.decode())
    return 0 if status == 200 else 1


def status(args: argparse.Namespace) -> int:
    from farm import fetch

    info = json.loads((Path(args.state_dir) / "farm.json").read_text())
    _, _, body = fetch(info["port"], "http://farm.admin/status")
    print(body.decode())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m farm", description="simulated government portals (farm/README.md)")
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve", help="run the farm in the foreground")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8899, help="0 picks a free port (see STATE_DIR/farm.json)")
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--size", type=int, default=200, help="number of reporting units (agencies)")
    s.add_argument("--state-dir", default="./farm-state")
    s.add_argument("--cache-dir", default=None, help="rendered PDF/DOC cache (default STATE_DIR/cache)")
    s.add_argument("--obstacles", choices=["auto", "on", "off"], default="auto", help="auto: on from size 20 up")
    s.add_argument(
        "--warm", action="store_true", help="render every HTML report into the cache before serving (for benchmarks)"
    )
    s.add_argument("--slow-seconds", type=float, default=60.0)
    s.add_argument("--ban-seconds", type=float, default=60.0)
    s.set_defaults(func=serve)
    a = sub.add_parser("advance", help="move a running farm to the next day")
    a.add_argument("--state-dir", default="./farm-state")
    a.set_defaults(func=advance)
    st = sub.add_parser("status", help="day and request count of a running farm")
    st.add_argument("--state-dir", default="./farm-state")
    st.set_defaults(func=status)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
