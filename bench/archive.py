"""Archive benchmarks: build rate, and Datasette response times on 1,000,000 reports.

``python -m bench.archive [--reports N] [--documents N]`` (``run()`` for ``python -m bench``):

1. **build rate**: a raw archive of synthetic reports (docgen text renderings,
   logged as the crawler logs them) built with ``archive.build``: cold (every
   document parsed, in worker processes) and warm (everything from the parse
   cache: the database writing alone), in reports per second.
2. **serving at scale**: a database of N synthetic reports (default 1,000,000)
   written straight into the production schema (``archive.schema``: same
   tables, indexes and search index), served by ``archive.serve``, and timed
   through HTTP: a Chinese search (rare, medium and very common words), the
   reports table page with its five facets, a filtered faceted page, a report
   page and a canned ranked search.  Scaled parts, to keep generation to a few
   minutes: report texts are ~120 characters (real ones are ~7,600, in the side
   table report_texts; the search index grows with the text: ``bench.archive_scale``
   measures real-length reports), ``report_cells`` holds the full cell set
   for 1 report in 20 (the wide tables hold all), and ``documents`` /
   ``fetches`` are left empty (no page in the timings reads them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.httpget import NOTHING_KEPT, free_port, timed_get
from bench.synthetic_archive import DEPARTMENTS, SEARCHED, generate
from rawarchive import BlobStore, DataDir, write_atomically

REPO = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- 1. build rate
def build_rate(n_documents: int, workers: int) -> dict[str, float]:
    import docgen
    from archive.build import build

    root = Path(tempfile.mkdtemp(prefix="nianbao-bench-build-"))
    layout, blobs = DataDir(root), BlobStore(DataDir(root).blobs)
    try:
        lines = []
        for i in range(n_documents):
            agency = f"第{i // 4}县{DEPARTMENTS[i % len(DEPARTMENTS)]}"
            report = docgen.synth_report(agency, 2021 + i % 4, seed=i)
            data = docgen.render_text(report, style="cells" if i % 2 else "tabs").encode("utf-8")
            sha = blobs.put(data)
            lines.append(
                json.dumps(
                    {
                        "run_id": "20261101T000000Z",
                        "kind": "report_page",
                        "source": agency,
                        "url": f"http://b.example/{i}.txt",
                        "final_url": f"http://b.example/{i}.txt",
                        "status": 200,
                        "fetched_at": "2026-11-01T00:00:00Z",
                        "sha256": sha,
                        "size": len(data),
                        "content_type": "text/plain",
                        "filename": f"{i}.txt",
                        "division_code": "370300",
                        "level": "department",
                    },
                    ensure_ascii=False,
                )
            )
        write_atomically(layout.fetch_log("20261101T000000Z"), "\n".join(lines) + "\n")
        cold = build(root, workers=workers)
        layout.database.unlink()
        warm = build(root, workers=workers)
        return {
            "documents": n_documents,
            "reports": cold.reports,
            "workers": workers,
            "cold_s": cold.seconds,
            "warm_s": warm.seconds,
            "cold_reports_per_s": cold.reports / cold.seconds,
            "warm_reports_per_s": warm.reports / warm.seconds,
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------- 2. a million reports
def serve_timings(data_dir: Path, repeats: int = 5) -> list[tuple[str, float, float, int, str]]:
    from archive.serve import serving

    started = time.perf_counter()
    with serving(data_dir, free_port(), log=data_dir / "serve.log", startup_timeout=600, env=NOTHING_KEPT) as server:
        base = server.url
        startup = time.perf_counter() - started
        q = urllib.parse.quote
        pages = [
            ("server start (inspect + load), s", None),
            ("reports table page, 5 facets (HTML)", "/archive/reports"),
            ("reports table page, 5 facets (JSON)", "/archive/reports.json"),
            ("faceted page province=山东省&year=2023", f"/archive/reports?province={q('山东省')}&year=2023"),
            ("report_t3_totals page, 3 facets", "/archive/report_t3_totals"),
            ("report_checks status=fail, 4 facets", "/archive/report_checks?status=fail"),
            ("one report (row page)", None),
        ]
        for word, share in SEARCHED:
            pages.append(
                (f"search {word} (~{share:.0%} of reports), table page + facets", f"/archive/reports?_search={q(word)}")
            )
            pages.append((f"search {word}, JSON, no facets", f"/archive/reports.json?_search={q(word)}&_nofacet=1"))
            pages.append((f"ranked search {word} (bm25, top 200)", f"/archive/search_reports.json?q={q(word)}"))
        results = []
        for label, path in pages:
            if label.startswith("server start"):
                results.append((label, startup, startup, 0, ""))
                continue
            if path is None:
                first_id = json.loads(
                    urllib.request.urlopen(base + "/archive/reports.json?_size=1&_shape=array").read()
                )[0]["id"]
                from datasette.utils import tilde_encode

                path = "/archive/reports/" + q(tilde_encode(first_id))
            first, median, status, body = timed_get(base + path, repeats)
            # a search too broad to facet (datasette_plugins/search_facets.py) says so on the page
            note = "facets reported timed out" if b"facets timed out" in body else ""
            results.append((label, first, median, status, note))
        return results


def run(
    n_reports: int = 1_000_000, n_documents: int = 200, workers: int | None = None, keep: Path | None = None
) -> None:
    workers = workers or os.cpu_count() or 1
    rate = build_rate(n_documents, workers)
    print(f"build: {rate['documents']} text documents -> {rate['reports']} reports, {rate['workers']} workers")
    print(f"  cold (parse + write): {rate['cold_s']:.1f} s = {rate['cold_reports_per_s']:.0f} reports/s")
    print(f"  warm (parse cache, write only): {rate['warm_s']:.1f} s = {rate['warm_reports_per_s']:.0f} reports/s")

    root = Path(tempfile.mkdtemp(prefix="nianbao-bench-1m-")) if keep is None else keep
    root.mkdir(parents=True, exist_ok=True)
    try:
        db = DataDir(root).database
        if keep is not None and db.is_file():
            gen = {"total_s": 0.0, "rows_s": 0.0, "fts_s": 0.0, "index_s": 0.0}  # reuse a kept database
        else:
            gen = generate(db, n_reports)
        size = db.stat().st_size
        print(
            f"\nsynthetic database: {n_reports:,} reports in {gen['total_s']:.0f} s "
            f"(rows {gen['rows_s']:.0f} s, search index {gen['fts_s']:.0f} s, indexes+ANALYZE {gen['index_s']:.0f} s); "
            f"{size / 1e9:.2f} GB on disk"
        )
        DataDir(root).blobs.mkdir(exist_ok=True)
        print(f"\n{'page':58} {'first ms':>9} {'median ms':>10}")
        for label, first, median, status, note in serve_timings(root):
            if label.startswith("server start"):
                print(f"{label:58} {first:9.1f}")
            else:
                flag = ("" if status == 200 else f"  HTTP {status}") + (f"  ({note})" if note else "")
                print(f"{label:58} {first:9.0f} {median:10.0f}{flag}")
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.archive", description=__doc__.split("\n")[0])
    p.add_argument("--reports", type=int, default=1_000_000, help="synthetic reports in the served database")
    p.add_argument("--documents", type=int, default=200, help="documents in the build-rate archive")
    p.add_argument("--workers", type=int, default=None)
    p.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="generate the big database in this directory and keep it (reused when it exists)",
    )
    args = p.parse_args(argv)
    run(args.reports, args.documents, args.workers, args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
