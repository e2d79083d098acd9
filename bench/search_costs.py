"""What each statement of a search costs per hit, on a built archive (``python -m bench.search_costs DB...``).

A search page's time is a fixed part plus, for each statement that reads the hits, its cost
per hit times the number of hits (``archive.search_plan``).  The fixed part and the row
lookups are measured at 1,000,000 reports by ``bench.archive`` (short texts); the cost per
hit of reading the index grows with the length of the texts, and is measured here on
archives of real-length reports (``bench.archive_scale --keep``).  Together they project a
page at a million real-length reports without building one (``docs/national-scale.md``).

For each searched word (``bench.synthetic_archive.SEARCHED``) it prints the hits and the
median time (5 runs, after a first) of: the index's count of the hits, the hits' rowids
read for the facets, the facets counted from them, the walk that finds a broad search's
first page, and bm25 over every hit (the ranking).
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from archive.facet_columns import FacetColumns, hit_rowids
from archive.metadata import FACETS
from archive.search import fts_query
from archive.search_plan import HIT_ROWIDS_SQL, HITS_SQL, SEARCH_CLAUSE, ranked_sql, walked_sql
from bench.synthetic_archive import SEARCHED

PAGE = f"select id, title, year from reports where {SEARCH_CLAUSE} order by year desc, id limit 51"


def median_ms(run: Callable[[], object], repeats: int = 5) -> float:
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def costs(db: Path) -> list[dict[str, float]]:
    conn = sqlite3.connect(f"file:{db}?immutable=1", uri=True)
    conn.create_function("escape_fts", 1, fts_query, deterministic=True)
    columns = FacetColumns.load(conn, "reports", FACETS["reports"])
    assert columns is not None
    reports = len(columns.rowids)
    found = []
    for word, _ in SEARCHED:
        p = {"search": word}
        hits = conn.execute(HITS_SQL, p).fetchone()[0]
        rowids = hit_rowids(conn, HIT_ROWIDS_SQL, p)
        walked = walked_sql(PAGE, hits, reports)
        found.append(
            {
                "word": word,
                "reports": reports,
                "hits": hits,
                "count_ms": median_ms(lambda p=p: conn.execute(HITS_SQL, p).fetchone()),
                "rowids_ms": median_ms(lambda p=p: hit_rowids(conn, HIT_ROWIDS_SQL, p)),
                "facets_ms": median_ms(lambda r=rowids: columns.count(r)),
                "walk_ms": median_ms(lambda w=walked, p=p: conn.execute(w, p).fetchall()) if walked else float("nan"),
                "bm25_ms": median_ms(lambda p=p: conn.execute(ranked_sql(PAGE, 0), p).fetchall(), repeats=3),
            }
        )
    conn.close()
    return found


def main(argv: list[str] | None = None) -> int:
    paths = [Path(a) for a in (argv if argv is not None else sys.argv[1:])]
    print(f"{'archive':40} {'word':4} {'hits':>9} {'count':>8} {'rowids':>8} {'facets':>8} {'walk':>7} {'bm25':>8}")
    print(f"{'':40} {'':4} {'':>9} {'µs/hit':>8} {'µs/hit':>8} {'µs/hit':>8} {'ms':>7} {'µs/hit':>8}")
    for path in paths:
        for c in costs(path):
            per = {k: 1000 * c[f"{k}_ms"] / max(c["hits"], 1) for k in ("count", "rowids", "facets", "bm25")}
            print(
                f"{str(path)[-40:]:40} {c['word']:4} {c['hits']:9,d} {per['count']:8.3f} {per['rowids']:8.3f} "
                f"{per['facets']:8.3f} {c['walk_ms']:7.1f} {per['bm25']:8.3f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
