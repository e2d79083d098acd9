"""``python -m altfarm serve [--port N] [--out DIR]``: serve the farm until interrupted, writing
DIR/sources.csv and DIR/manifest.json."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from altfarm import AltFarm


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m altfarm")
    parser.add_argument("command", choices=["serve"])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", type=Path, default=Path("altfarm-out"))
    args = parser.parse_args()
    with AltFarm(args.out, args.port) as farm:
        print(
            f"altfarm proxy at {farm.proxy_url}; sources {farm.sources_csv}; manifest {farm.manifest_json}", flush=True
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
