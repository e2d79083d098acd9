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
import random
import shutil
import socket
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from rawarchive import BlobStore, DataDir, write_atomically

REPO = Path(__file__).resolve().parents[1]

PROVINCES = ["北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
             "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
             "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省",
             "宁夏回族自治区", "新疆维吾尔自治区"]
DEPARTMENTS = ["教育局", "财政局", "应急管理局", "市场监督管理局", "生态环境局", "自然资源局", "住房和城乡建设局",
               "交通运输局", "卫生健康委员会", "民政局", "人力资源和社会保障局", "公安局", "司法局", "审计局",
               "统计局", "农业农村局", "水利局", "文化和旅游局", "人民政府", "发展和改革委员会"]
COMMON = ["政府信息", "主动公开", "依申请公开", "工作", "年度", "规范", "平台", "网站", "制度", "加强", "推进",
          "落实", "办理", "答复", "政策解读", "新闻发布", "便民服务", "数据开放", "监督", "培训", "公开目录"]
# (word, share of reports that mention it): the searches timed below
SEARCHED = [("消防", 0.01), ("复议", 0.2), ("公开", 1.0)]


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
            lines.append(json.dumps({
                "run_id": "20261101T000000Z", "kind": "report_page", "source": agency, "url": f"http://b.example/{i}.txt",
                "final_url": f"http://b.example/{i}.txt", "status": 200, "fetched_at": "2026-11-01T00:00:00Z",
                "sha256": sha, "size": len(data), "content_type": "text/plain", "filename": f"{i}.txt",
                "division_code": "370300", "level": "department"}, ensure_ascii=False))
        write_atomically(layout.fetch_log("20261101T000000Z"), "\n".join(lines) + "\n")
        cold = build(root, workers=workers)
        layout.database.unlink()
        warm = build(root, workers=workers)
        return {"documents": n_documents, "reports": cold.reports, "workers": workers,
                "cold_s": cold.seconds, "warm_s": warm.seconds,
                "cold_reports_per_s": cold.reports / cold.seconds, "warm_reports_per_s": warm.reports / warm.seconds}
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------- 2. a million reports
def _text(rng: random.Random) -> str:
    words = rng.choices(COMMON, k=14)
    for word, share in SEARCHED[:2]:
        if rng.random() < share:
            words.insert(rng.randrange(len(words)), "行政" + word if word == "复议" else word + "救援")
    return "，".join(words) + "。"


def generate(db_path: Path, n_reports: int, cells_every: int = 20, seed: int = 1) -> dict[str, float]:
    """Write n_reports synthetic reports into the production schema; return timings."""
    import sqlite_utils

    from archive import schema
    from archive.search import spaced
    from parsers import cells as registry

    rng = random.Random(seed)
    started = time.perf_counter()
    db = sqlite_utils.Database(db_path)
    conn = db.conn
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    schema.create_tables(conn)
    conn.executemany("INSERT INTO cells VALUES (:code, :table_no, :row_key, :column_key, :label_zh, :label_en, :layouts, "
                     ":kind, :optional)", schema.cell_rows())
    conn.executemany("INSERT INTO checks VALUES (:id, :title_zh, :title_en, :soft)", schema.check_rows())

    years = list(range(2017, 2025))
    n_agencies = -(-n_reports // len(years))
    agencies = []
    for a in range(n_agencies):
        province = PROVINCES[a % len(PROVINCES)]
        agencies.append((f"{province}第{a}号{DEPARTMENTS[a % len(DEPARTMENTS)]}", province,
                         ["department", "government", "township"][a % 3]))
    conn.executemany("INSERT INTO agencies (name, province, level, first_year, last_year, reports) VALUES (?,?,?,?,?,?)",
                     [(n, p, lv, years[0], years[-1], len(years)) for n, p, lv in agencies])

    t3_codes = schema.t3_total_codes()
    t3_cols = [schema.wide_column(c) for c in t3_codes]
    t3_sql = (f"INSERT INTO report_t3_totals (report, agency, year, province, level, layout_t3, {', '.join(t3_cols)}) "
              f"VALUES ({', '.join('?' * (6 + len(t3_cols)))})")
    codes_2021 = registry.codes_for("2021")
    codes_2019 = registry.codes_for("2019")
    report_rows, t3_rows, check_rows, cell_rows = [], [], [], []
    ids = sorted(f"{name}/{year}" for name, _, _ in agencies for year in years)[:n_reports]
    place = {name: (province, level) for name, province, level in agencies}

    def flush() -> None:
        conn.executemany("INSERT INTO reports (id, agency, year, title, published, layout, layout_t3, needs_ocr, "
                         "province, level, url, checks_failed, checks_status) VALUES "
                         "(?,?,?,?,?,?,?,?,?,?,?,?,?)", [r[:-1] for r in report_rows])
        # the text in the side table, on the report's rowid (archive.schema.REPORT_TEXTS)
        conn.executemany("INSERT INTO report_texts (rowid, report, title, text) "
                         "SELECT rowid, id, title, ? FROM reports WHERE id = ?", [(r[-1], r[0]) for r in report_rows])
        conn.executemany(t3_sql, t3_rows)
        conn.executemany("INSERT INTO report_checks (report, check_id, scope, status, lhs, rhs, diff, soft, year, layout, "
                         "province) VALUES (?,?,?,?,?,?,?,0,?,?,?)", check_rows)
        conn.executemany("INSERT INTO report_cells (report, code, table_no, value, raw) VALUES (?,?,?,?,?)", cell_rows)
        for rows in (report_rows, t3_rows, check_rows, cell_rows):
            rows.clear()

    for i, rid in enumerate(ids):
        agency, year_text = rid.rsplit("/", 1)
        year = int(year_text)
        province, level = place[agency]
        layout = "2021" if year >= 2021 else ("2019" if year >= 2019 else "pre2019")
        failing = rng.random() < 0.15
        report_rows.append((rid, agency, year, f"{agency}{year}年政府信息公开工作年度报告", f"{year + 1}-01-{rng.randint(10, 31)}",
                            layout, layout if layout != "pre2019" else None, 0, province, level,
                            f"http://gov.example/{i}.html", int(failing), "fail" if failing else "pass", _text(rng)))
        if layout != "pre2019":
            t3_rows.append((rid, agency, year, province, level, layout,
                             *[rng.randint(0, 30) if (layout == "2021") != code.startswith("t3.other.all") else None
                               for code in t3_codes]))
            diff = rng.randint(1, 9) if failing else 0
            check_rows.append((rid, "1", "total", "fail" if failing else "pass", 10 + diff, 10, diff, year, layout, province))
            if i % cells_every == 0:
                for code in codes_2021 if layout == "2021" else codes_2019:
                    value = rng.randint(0, 20)
                    cell_rows.append((rid, code, registry.CELLS[code].table, value, str(value)))
        if len(report_rows) >= 20000:
            flush()
    flush()
    conn.commit()
    rows_s = time.perf_counter() - started

    t = time.perf_counter()
    conn.create_function("cjk_spaced", 1, spaced, deterministic=True)
    conn.execute(f"INSERT INTO [{schema.FTS_TABLE}] (rowid, title, text) "
                 "SELECT rowid, cjk_spaced(title), cjk_spaced(coalesce(text, '')) FROM report_texts ORDER BY rowid")
    conn.execute(f"INSERT INTO [{schema.FTS_TABLE}] ([{schema.FTS_TABLE}]) VALUES ('optimize')")
    conn.commit()
    fts_s = time.perf_counter() - t
    t = time.perf_counter()
    schema.create_indexes(conn)
    conn.execute("ANALYZE")
    conn.commit()
    index_s = time.perf_counter() - t
    db.close()
    return {"rows_s": rows_s, "fts_s": fts_s, "index_s": index_s, "total_s": time.perf_counter() - started}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _timed_get(url: str, repeats: int) -> tuple[float, float, int, bytes]:
    """(first, median of the repeats) in ms, the HTTP status and the last body."""
    times, status, body = [], 0, b""
    for _ in range(repeats + 1):
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=120) as r:
                body = r.read()
                status = r.status
        except urllib.error.HTTPError as e:  # e.g. 400: the query hit sql_time_limit_ms
            body = e.read()
            status = e.code
        times.append((time.perf_counter() - t) * 1000)
    return times[0], statistics.median(times[1:]), status, body


def serve_timings(data_dir: Path, repeats: int = 5) -> list[tuple[str, float, float, int, str]]:
    from archive.serve import serving

    started = time.perf_counter()
    with serving(data_dir, _free_port(), log=data_dir / "serve.log", startup_timeout=600) as server:
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
            pages.append((f"search {word} (~{share:.0%} of reports), table page + facets",
                          f"/archive/reports?_search={q(word)}"))
            pages.append((f"search {word}, JSON, no facets", f"/archive/reports.json?_search={q(word)}&_nofacet=1"))
            pages.append((f"ranked search {word} (bm25, top 200)", f"/archive/search_reports.json?q={q(word)}"))
        results = []
        for label, path in pages:
            if label.startswith("server start"):
                results.append((label, startup, startup, 0, ""))
                continue
            if path is None:
                first_id = json.loads(urllib.request.urlopen(base + "/archive/reports.json?_size=1&_shape=array")
                                      .read())[0]["id"]
                from datasette.utils import tilde_encode

                path = "/archive/reports/" + q(tilde_encode(first_id))
            first, median, status, body = _timed_get(base + path, repeats)
            # a search too broad to facet (datasette_plugins/search_facets.py) says so on the page
            note = "facets reported timed out" if b"facets timed out" in body else ""
            results.append((label, first, median, status, note))
        return results


def run(n_reports: int = 1_000_000, n_documents: int = 200, workers: int | None = None,
        keep: Path | None = None) -> None:
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
        print(f"\nsynthetic database: {n_reports:,} reports in {gen['total_s']:.0f} s "
              f"(rows {gen['rows_s']:.0f} s, search index {gen['fts_s']:.0f} s, indexes+ANALYZE {gen['index_s']:.0f} s); "
              f"{size / 1e9:.2f} GB on disk")
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
    p.add_argument("--keep", type=Path, default=None,
                   help="generate the big database in this directory and keep it (reused when it exists)")
    args = p.parse_args(argv)
    run(args.reports, args.documents, args.workers, args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
