"""The archive at national scale: real-length reports, built by ``archive.build``, served by ``archive.serve``.

``python -m bench.archive_scale [--sizes 10000,30000,100000] [--keep DIR]``

For each size N a raw archive (DATA_DIR) of N reports is laid out as the crawler and the
parser leave it: a blob and a fetch-log line per report, and its parse-cache entry -- a real
parse of a docgen rendering (``parsers.parse_bytes``: ~200 cells, their raw text, markers and
checks for 2019 and later, none before) whose text and sections are replaced by ~7,600
characters of real report prose (paragraphs of the five seed reports, ``tests/seeds``).  Its
agencies have one report a year, 2008-2025.  Then:

* ``archive.build --full`` writes ``archive.db`` and ``stats.db`` (build rate, sizes);
* on the largest, a night adds 1,000 new documents (the 2026 reports of 1,000 agencies:
  parsed for real, their agencies' cross-year checks redone) and the default increment
  brings the databases up to date (its time);
* ``archive.serve`` serves both (``-i`` with an inspect file, ``suggest_facets`` off) and the
  pages are timed over HTTP, median of 5 after a first request: a search with its facets
  for a word in 1%, 20% and 100% of reports, the faceted reports table, a report page.

Sizes and times are fitted as ``a + b * N`` (least squares) over the measured sizes and
projected to 1,000,000 reports and to the national archive (100,000 reports a year, 2008-2026: 1.9
million).  The parse cache stands in for the parsing itself, measured by ``bench.parsers``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.httpget import NOTHING_KEPT, free_port, timed_get
from bench.synthetic_archive import DEPARTMENTS, PROVINCES, SEARCHED
from rawarchive import BlobStore, DataDir, write_atomically

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "seeds"
YEARS = list(range(2008, 2026))  # the base archive; a night adds 2026
TEXT_CHARS = 7600
NATIONAL = 100_000 * (len(YEARS) + 1)  # every agency, every year to the night's
RUN_BASE, RUN_NIGHT = "20261101T020000Z", "20261201T020000Z"


class Prose:
    """Report paragraphs from the seeds, with the searched words only where the bench puts them."""

    def __init__(self) -> None:
        lines = []
        for path in sorted(SEEDS.glob("0*.txt")):
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip().replace("复议", "复查").replace("消防", "防灾")
                if len(line) >= 20 and not any(ch in line for ch in "\t|"):
                    lines.append(line)
        self.lines = lines

    def text(self, rng: random.Random) -> str:
        out, size = [], 0
        while size < TEXT_CHARS:
            line = rng.choice(self.lines)
            out.append(line)
            size += len(line) + 1
        if rng.random() < SEARCHED[0][1]:
            out.insert(rng.randrange(len(out)), "本年度组织消防安全培训两次。")
        if rng.random() < SEARCHED[1][1]:
            out.insert(rng.randrange(len(out)), "本年度未发生因政府信息公开引起的行政复议案件。")
        return "\n".join(out)


def _agency(a: int) -> tuple[str, str, str]:
    province = PROVINCES[a % len(PROVINCES)]
    return f"{province}第{a}号{DEPARTMENTS[a % len(DEPARTMENTS)]}", province, f"{11 + a % 31:02d}{a % 90 + 1:02d}00"


def _pool() -> dict[str, list[dict]]:
    """Real parses of docgen renderings, per layout: the cells, raw text, markers and checks the bench reuses."""
    import docgen
    import parsers

    pool: dict[str, list[dict]] = {"2021": [], "2019": []}
    for seed in range(12):
        for year, layout in ((2023, "2021"), (2020, "2019")):
            report = docgen.synth_report("某市某局", year, layout=layout, seed=seed)
            style = "cells" if seed % 2 else "tabs"
            pool[layout].append(
                parsers.parse_bytes(docgen.render_text(report, style=style).encode("utf-8"), filename="r.txt")
            )
    return pool


def _result(pool: dict[str, list[dict]], rng: random.Random, agency: str, year: int, text: str) -> dict:
    layout = "2021" if year >= 2021 else "2019" if year >= 2019 else "pre2019"
    base = (
        dict(rng.choice(pool[layout]))
        if layout in pool
        else {
            "layout": "pre2019",
            "layouts": {"t2": None, "t3": None, "t4": None},
            "cells": {},
            "raw": {},
            "markers": {},
            "flags": {},
            "checks": [],
            "warnings": [],
            "error": None,
            "read_by": "text",
            "confidence": {},
            "format": "text",
        }
    )
    step = len(text) // 6
    keys = ["overview", "proactive", "requests", "review", "problems", "other"]
    title = f"{agency}{year}年政府信息公开工作年度报告"
    base.update(
        file=f"{year}.txt",
        title=title,
        agency=agency,
        year=year,
        published=f"{year + 1}-01-{rng.randint(10, 31)}",
        text=f"{title}\n{text}",
        sections={k: text[i * step : (i + 1) * step] for i, k in enumerate(keys)},
    )
    return base


def lay_out(root: Path, n_reports: int, seed: int = 1) -> float:
    """DATA_DIR with ``n_reports`` reports (blobs, fetch log, parse cache); return the seconds taken."""
    from archive.parsing import ParseCache, parser_version

    started = time.perf_counter()
    rng, prose, pool = random.Random(seed), Prose(), _pool()
    blobs, cache = BlobStore(DataDir(root).blobs), ParseCache(root, parser_version())
    lines = []
    for i in range(n_reports):
        agency, _province, code = _agency(i // len(YEARS))
        year = YEARS[i % len(YEARS)]
        text = prose.text(rng)
        data = f"{agency}{year}年政府信息公开工作年度报告\n{text}".encode()
        sha = blobs.put(data)
        cache.put(sha, _result(pool, rng, agency, year, text))
        lines.append(
            _line(RUN_BASE, agency, code, f"http://gov{i // len(YEARS)}.example/nb/{year}.txt", sha, len(data))
        )
    write_atomically(DataDir(root).fetch_log(RUN_BASE), "\n".join(lines) + "\n")
    return time.perf_counter() - started


def _line(run_id: str, agency: str, code: str, url: str, sha: str, size: int) -> str:
    return json.dumps(
        {
            "run_id": run_id,
            "kind": "report_page",
            "source": agency,
            "source_url": url.rsplit("/", 2)[0] + "/",
            "url": url,
            "final_url": url,
            "status": 200,
            "fetched_at": run_id[:4] + "-12-01T02:00:00Z",
            "sha256": sha,
            "size": size,
            "content_type": "text/plain",
            "filename": url.rsplit("/", 1)[-1],
            "link_text": None,
            "division_code": code,
            "level": "department",
            "family": "generic",
        },
        ensure_ascii=False,
    )


def a_night(root: Path, n_documents: int = 1000, seed: int = 2) -> None:
    """``n_documents`` new documents: the 2026 reports of the first agencies, at real length, not yet parsed."""
    import docgen

    rng, prose, blobs = random.Random(seed), Prose(), BlobStore(DataDir(root).blobs)
    lines = []
    for a in range(n_documents):
        agency, _province, code = _agency(a)
        report = docgen.synth_report(agency, 2026, seed=a)
        data = (docgen.render_text(report, style="cells") + "\n" + prose.text(rng)[:5800]).encode("utf-8")
        sha = blobs.put(data)
        lines.append(_line(RUN_NIGHT, agency, code, f"http://gov{a}.example/nb/2026.txt", sha, len(data)))
    write_atomically(DataDir(root).fetch_log(RUN_NIGHT), "\n".join(lines) + "\n")


def serve_times(root: Path, repeats: int = 5) -> dict[str, tuple[float, str]]:
    """Median ms (after a first request) of each page, and a note (HTTP status, facets timed out)."""
    import urllib.parse
    import urllib.request

    from datasette.utils import tilde_encode

    from archive.serve import serving

    q = urllib.parse.quote
    out: dict[str, tuple[float, str]] = {}
    with serving(root, free_port(), log=root / "serve.log", startup_timeout=1200, env=NOTHING_KEPT) as server:
        rid = json.loads(urllib.request.urlopen(server.url + "/archive/reports.json?_size=1&_shape=array").read())[0][
            "id"
        ]
        pages = {f"search {w} ({share:.0%}) + facets": f"/archive/reports?_search={q(w)}" for w, share in SEARCHED}
        pages.update(
            {
                "reports table, 5 facets": "/archive/reports",
                "reports province+year, facets": f"/archive/reports?province={q(PROVINCES[3])}&year=2023",
                "stats.db reports table, facets": "/stats/reports",
                "report page": "/archive/reports/" + q(tilde_encode(rid)),
            }
        )
        for label, path in pages.items():
            _first, median, status, body = timed_get(server.url + path, repeats)
            note = ("" if status == 200 else f"HTTP {status}") + (
                " facets timed out" if b"facets timed out" in body else ""
            )
            out[label] = (median, note.strip())
    return out


def shares(db: Path) -> dict[str, float]:
    import sqlite3

    from archive.search import fts_query

    conn = sqlite3.connect(db)
    try:
        total = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
        return {
            w: conn.execute("SELECT count(*) FROM reports_fts WHERE reports_fts MATCH ?", (fts_query(w),)).fetchone()[0]
            / total
            for w, _ in SEARCHED
        }
    finally:
        conn.close()


def gzipped_size(path: Path) -> int:
    """Bytes of the file as a gzip download (level 6)."""
    import zlib

    packer, size = zlib.compressobj(6, zlib.DEFLATED, 31), 0
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            size += len(packer.compress(chunk))
    return size + len(packer.flush())


def measure(root: Path, n: int, workers: int) -> dict:
    from archive.build import build
    from archive.compact import compact_path

    laid = lay_out(root, n)
    stats = build(root, workers=workers, full=True)
    db = DataDir(root).database
    row = {
        "n": n,
        "layout_s": laid,
        "build_s": stats.seconds,
        "rate": stats.reports / stats.seconds,
        "full_bytes": db.stat().st_size,
        "compact_bytes": compact_path(db).stat().st_size,
        "compact_gz_bytes": gzipped_size(compact_path(db)),
        "shares": shares(db),
    }
    row["pages"] = serve_times(root)
    print(
        f"  {n:,} reports: laid out {laid:.0f} s, full build {stats.seconds:.0f} s ({row['rate']:.0f} reports/s), "
        f"archive.db {row['full_bytes'] / 1e9:.2f} GB, stats.db {row['compact_bytes'] / 1e6:.1f} MB "
        f"({row['compact_gz_bytes'] / 1e6:.1f} MB gzipped); "
        f"word shares {', '.join(f'{w} {s:.1%}' for w, s in row['shares'].items())}",
        flush=True,
    )
    return row


def night(root: Path, workers: int) -> dict:
    from archive.build import build

    a_night(root)
    stats = build(root, workers=workers)
    idle = build(root, workers=workers)  # the increment's fixed part: everything read, nothing to write
    return {
        "seconds": stats.seconds,
        "mode": stats.mode,
        "rewritten": stats.rewritten,
        "parsed": stats.parsed,
        "reports": stats.reports,
        "idle_s": idle.seconds,
    }


def fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """``a, b`` of ``y = a + b * x`` (least squares): a fixed part and a part that grows with the
    archive.  Sizes grow linearly; a page's time is its fixed cost plus what it walks (index
    entries, matches), linear in the reports at worst."""
    mx, my = sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    return my - b * mx, max(b, 0.0)  # a time that fell with size (noise) is projected flat


def table(rows: list[dict], nightly: dict | None) -> str:
    sizes = [r["n"] for r in rows]
    targets = [1_000_000, NATIONAL]
    head = (
        "| measure | "
        + " | ".join(f"{n:,}" for n in sizes)
        + " | "
        + " | ".join(f"{n:,} (fit)" for n in targets)
        + " | per 100,000 more |"
    )
    lines = [head, "|" + "---|" * (len(sizes) + len(targets) + 2)]

    def line(label: str, values: list[float], fmt: str, project: bool = True) -> None:
        a, b = fit(list(zip(sizes, values, strict=True)))
        projected = [fmt.format(a + b * n) if project else "" for n in targets]
        lines.append(
            f"| {label} | "
            + " | ".join(fmt.format(v) for v in values)
            + " | "
            + " | ".join(projected)
            + " | "
            + (fmt.format(b * 100_000) if project else "")
            + " |"
        )

    line("archive.db, GB", [r["full_bytes"] / 1e9 for r in rows], "{:.2f}")
    line("stats.db, MB", [r["compact_bytes"] / 1e6 for r in rows], "{:.0f}")
    line("stats.db gzipped, MB", [r["compact_gz_bytes"] / 1e6 for r in rows], "{:.0f}")
    line("full build, s", [r["build_s"] for r in rows], "{:.0f}")
    line("full build, reports/s", [r["rate"] for r in rows], "{:.0f}", project=False)
    for label in rows[0]["pages"]:
        line(f"{label}, ms p50", [r["pages"][label][0] for r in rows], "{:.0f}")
    notes = {
        f"{label} at {r['n']:,}: {r['pages'][label][1]}" for r in rows for label in r["pages"] if r["pages"][label][1]
    }
    out = "\n".join(lines)
    if notes:
        out += "\n\n" + "\n".join(f"* {n}" for n in sorted(notes))
    if nightly:
        out += (
            f"\n\nnight of 1,000 new documents on {rows[-1]['n']:,} reports: {nightly['mode']} in "
            f"{nightly['seconds']:.0f} s ({nightly['parsed']} parsed, {nightly['rewritten']} reports written, "
            f"{nightly['reports']:,} reports after); the same build with nothing new: {nightly['idle_s']:.0f} s"
        )
    return out


DEFAULT_SIZES = [10_000, 30_000, 100_000]


def run(sizes: list[int] | None = None, workers: int = 2, keep: Path | None = None) -> None:
    sizes = sizes or DEFAULT_SIZES
    rows, nightly = [], None
    base = keep or Path(tempfile.mkdtemp(prefix="nianbao-bench-scale-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        for n in sizes:
            root = base / f"n{n}"
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir(parents=True)
            rows.append(measure(root, n, workers))
            if n == max(sizes):
                nightly = night(root, workers)
            elif keep is None:
                shutil.rmtree(root, ignore_errors=True)
        (base / "results.json").write_text(json.dumps({"rows": rows, "night": nightly}, ensure_ascii=False, indent=1))
        print(table(rows, nightly))
    finally:
        if keep is None:
            shutil.rmtree(base, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.archive_scale", description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated report counts")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--keep", type=Path, default=None, help="lay out and keep the archives in this directory")
    args = p.parse_args(argv)
    run([int(s) for s in args.sizes.split(",")], args.workers, args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
