"""Synthetic reports written straight into the production schema (``archive.schema``), for
timing pages at a size no crawl here reaches: agencies over 2017–2024, short texts made of
common report words (``bench.archive`` and ``bench.archive_scale`` use them)."""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

PROVINCES = [
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
]
DEPARTMENTS = [
    "教育局",
    "财政局",
    "应急管理局",
    "市场监督管理局",
    "生态环境局",
    "自然资源局",
    "住房和城乡建设局",
    "交通运输局",
    "卫生健康委员会",
    "民政局",
    "人力资源和社会保障局",
    "公安局",
    "司法局",
    "审计局",
    "统计局",
    "农业农村局",
    "水利局",
    "文化和旅游局",
    "人民政府",
    "发展和改革委员会",
]
COMMON = [
    "政府信息",
    "主动公开",
    "依申请公开",
    "工作",
    "年度",
    "规范",
    "平台",
    "网站",
    "制度",
    "加强",
    "推进",
    "落实",
    "办理",
    "答复",
    "政策解读",
    "新闻发布",
    "便民服务",
    "数据开放",
    "监督",
    "培训",
    "公开目录",
]

# (word, share of reports that mention it): the searches timed below
SEARCHED = [("消防", 0.01), ("复议", 0.2), ("公开", 1.0)]


def _text(rng: random.Random) -> str:
    words = rng.choices(COMMON, k=14)
    for word, share in SEARCHED[:2]:
        if rng.random() < share:
            words.insert(rng.randrange(len(words)), "行政" + word if word == "复议" else word + "救援")
    return "，".join(words) + "。"


YEARS = list(range(2017, 2025))


def _prepare(conn: sqlite3.Connection) -> None:
    """Pragmas of a throwaway file, the production schema, and the registry tables."""
    from archive import schema

    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    schema.create_tables(conn)
    conn.executemany(
        "INSERT INTO cells VALUES (:code, :table_no, :row_key, :column_key, :label_zh, :label_en, :layouts, "
        ":kind, :optional)",
        schema.cell_rows(),
    )
    conn.executemany("INSERT INTO checks VALUES (:id, :title_zh, :title_en, :soft)", schema.check_rows())


def _agencies(conn: sqlite3.Connection, n_reports: int) -> dict[str, tuple[str, str]]:
    """Enough agencies for n_reports over YEARS; agency name -> (province, level)."""
    place = {}
    for a in range(-(-n_reports // len(YEARS))):
        province = PROVINCES[a % len(PROVINCES)]
        name = f"{province}第{a}号{DEPARTMENTS[a % len(DEPARTMENTS)]}"
        place[name] = (province, ["department", "government", "township"][a % 3])
    conn.executemany(
        "INSERT INTO agencies (name, province, level, first_year, last_year, reports) VALUES (?,?,?,?,?,?)",
        [(n, p, lv, YEARS[0], YEARS[-1], len(YEARS)) for n, (p, lv) in place.items()],
    )
    return place


class _Batches:
    """Rows of the synthetic reports, written 20,000 reports at a time."""

    def __init__(self, conn: sqlite3.Connection, rng: random.Random, cells_every: int) -> None:
        from archive import schema
        from parsers import cells as registry

        self.conn, self.rng, self.cells_every, self.registry = conn, rng, cells_every, registry
        self.t3_codes = schema.t3_total_codes()
        t3_cols = [schema.wide_column(c) for c in self.t3_codes]
        self.t3_sql = (
            f"INSERT INTO report_t3_totals (report, agency, year, province, level, layout_t3, "
            f"{', '.join(t3_cols)}) VALUES ({', '.join('?' * (6 + len(t3_cols)))})"
        )
        self.codes = {"2021": registry.codes_for("2021"), "2019": registry.codes_for("2019")}
        self.reports: list[tuple] = []
        self.t3: list[tuple] = []
        self.checks: list[tuple] = []
        self.cells: list[tuple] = []

    def add(self, i: int, rid: str, province: str, level: str) -> None:
        agency, year_text = rid.rsplit("/", 1)
        year, rng = int(year_text), self.rng
        layout = "2021" if year >= 2021 else ("2019" if year >= 2019 else "pre2019")
        failing = rng.random() < 0.15
        self.reports.append(
            (
                rid,
                agency,
                year,
                f"{agency}{year}年政府信息公开工作年度报告",
                f"{year + 1}-01-{rng.randint(10, 31)}",
                layout,
                layout if layout != "pre2019" else None,
                0,
                province,
                level,
                f"http://gov.example/{i}.html",
                int(failing),
                "fail" if failing else "pass",
                _text(rng),
            )
        )
        if layout == "pre2019":
            return
        self.t3.append(
            (
                rid,
                agency,
                year,
                province,
                level,
                layout,
                *[
                    rng.randint(0, 30) if (layout == "2021") != code.startswith("t3.other.all") else None
                    for code in self.t3_codes
                ],
            )
        )
        diff = rng.randint(1, 9) if failing else 0
        self.checks.append(
            (rid, "1", "total", "fail" if failing else "pass", 10 + diff, 10, diff, year, layout, province)
        )
        if i % self.cells_every == 0:
            for code in self.codes[layout]:
                value = rng.randint(0, 20)
                self.cells.append((rid, code, self.registry.CELLS[code].table, value, str(value)))
        if len(self.reports) >= 20000:
            self.flush()

    def flush(self) -> None:
        conn = self.conn
        conn.executemany(
            "INSERT INTO reports (id, agency, year, title, published, layout, layout_t3, needs_ocr, "
            "province, level, url, checks_failed, checks_status) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [r[:-1] for r in self.reports],
        )
        # the text in the side table, on the report's rowid (archive.schema.REPORT_TEXTS)
        conn.executemany(
            "INSERT INTO report_texts (rowid, report, title, text) "
            "SELECT rowid, id, title, ? FROM reports WHERE id = ?",
            [(r[-1], r[0]) for r in self.reports],
        )
        conn.executemany(self.t3_sql, self.t3)
        conn.executemany(
            "INSERT INTO report_checks (report, check_id, scope, status, lhs, rhs, diff, soft, year, layout, "
            "province) VALUES (?,?,?,?,?,?,?,0,?,?,?)",
            self.checks,
        )
        conn.executemany("INSERT INTO report_cells (report, code, table_no, value, raw) VALUES (?,?,?,?,?)", self.cells)
        for rows in (self.reports, self.t3, self.checks, self.cells):
            rows.clear()


def _index(conn: sqlite3.Connection) -> tuple[float, float]:
    """The search index, then the indexes: their seconds."""
    from archive import schema
    from archive.search import spaced

    t = time.perf_counter()
    conn.create_function("cjk_spaced", 1, spaced, deterministic=True)
    conn.execute(
        f"INSERT INTO [{schema.FTS_TABLE}] (rowid, title, text) "
        "SELECT rowid, cjk_spaced(title), cjk_spaced(coalesce(text, '')) FROM report_texts ORDER BY rowid"
    )
    conn.execute(f"INSERT INTO [{schema.FTS_TABLE}] ([{schema.FTS_TABLE}]) VALUES ('optimize')")
    conn.commit()
    fts_s = time.perf_counter() - t
    t = time.perf_counter()
    schema.create_indexes(conn)
    conn.execute("ANALYZE")
    conn.commit()
    return fts_s, time.perf_counter() - t


def generate(db_path: Path, n_reports: int, cells_every: int = 20, seed: int = 1) -> dict[str, float]:
    """Write n_reports synthetic reports into the production schema; return timings."""
    import sqlite_utils

    rng = random.Random(seed)
    started = time.perf_counter()
    db = sqlite_utils.Database(db_path)
    conn = db.conn
    _prepare(conn)
    place = _agencies(conn, n_reports)
    batches = _Batches(conn, rng, cells_every)
    for i, rid in enumerate(sorted(f"{name}/{year}" for name in place for year in YEARS)[:n_reports]):
        batches.add(i, rid, *place[rid.rsplit("/", 1)[0]])
    batches.flush()
    conn.commit()
    rows_s = time.perf_counter() - started
    fts_s, index_s = _index(conn)
    db.close()
    return {"rows_s": rows_s, "fts_s": fts_s, "index_s": index_s, "total_s": time.perf_counter() - started}
