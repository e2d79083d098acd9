"""The parts of the researcher pages that need no server: places, the form, archived copies, queries, _readme."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from archive import divisions, form
from archive.datasette_plugins.archived_copies import annotate_html, content_type, file_name
from archive.datasette_plugins.csv_for_excel import BOM, add_bom
from archive.datasette_plugins.default_columns import _with_default_columns
from archive.metadata import QUERIES, load_queries
from archive.passages import highlighted as highlight
from archive.readme_table import howto_rows
from parsers import cells as registry
from rawarchive import DataDir

GENERATED = Path(__file__).resolve().parents[1] / "parsers" / "corpus" / "generated"


def test_a_disagreement_between_registry_and_name_is_reported_not_repaired():
    # 海安市 is a county-level city of 南通, 江苏 (320685); a registry row saying 丹东, 辽宁 (210600) is flagged
    place = divisions.place_of("海安市人民政府", "210600", None)
    assert place.division_code == "210600" and place.level == "county"
    assert place.division_basis == "registry; the name names 320685 海安市"
    # without a registry code the name places it
    alone = divisions.place_of("海安市人民政府", None, None)
    assert alone.columns()["province"] == "江苏省" and alone.division_basis == "name"


def test_a_name_refines_the_registry_and_gives_the_level():
    zhangdian = divisions.place_of("淄博市张店区消防救援大队", "370300", None)
    assert (zhangdian.division_code, zhangdian.level) == ("370303", "department")
    assert [p["name"] for p in divisions.hierarchy(zhangdian.division_code)] == ["山东省", "淄博", "张店区"]
    township = divisions.place_of("遂溪县建新镇人民政府", None, None)
    assert (township.division_code, township.level) == ("440823", "township")
    assert divisions.place_of("石嘴山市应急管理局", "640200", "department").level_basis == "registry"
    # 清河区 of 淮安 (320812 until 2016, now 清江浦区) is not 清河区 of 铁岭 (211204)
    qinghe = divisions.place_of("清河区人民政府", "320812", None)
    assert (qinghe.division_code, qinghe.columns()["province"]) == ("320812", "江苏省")
    # a name that says nothing certain stays unknown: null, never a guess
    assert divisions.place_of("鼓楼区人民政府", None, None).division_code is None


def test_table_3_is_laid_out_in_the_forms_order_with_printed_text_and_markers():
    stored = {
        "t3.new.natural": {"value": 1234, "raw": "1,234", "marker": None, "flag": None},
        "t3.new.commercial": {"value": None, "raw": "-", "marker": "dash", "flag": None},
        "t3.granted.total": {"value": 5, "raw": "5", "marker": None, "flag": "position_inferred"},
    }
    [t3] = [t for t in form.form_tables({"t3": "2021"}, stored) if t.number == 3]
    assert [r.label_zh for r in t3.rows] == [r.label_zh for r in registry.t3_rows("2021")]
    top, sub = t3.header
    assert [h["zh"] for h in top] == ["自然人", "法人或其他组织", "总计"] and top[1]["colspan"] == 5 and len(sub) == 5
    new = {c.code: c for c in t3.rows[0].cells}
    assert new["t3.new.natural"].printed_differs and new["t3.new.natural"].shown == "1234"
    assert new["t3.new.commercial"].marker == "dash" and new["t3.new.commercial"].shown == ""
    assert not new["t3.new.total"].present
    granted = [r for r in t3.rows if r.label_zh.startswith("（一）")][0]
    assert granted.cells[-1].flag == "position_inferred" and not granted.cells[-1].printed_differs
    assert form.form_tables({"t2": None, "t3": None, "t4": None}, {}) == []  # a pre-2019 report: no tables


def test_a_pdf_is_a_pdf_whatever_the_server_said():
    pdf = (GENERATED / "g01_2021_city.pdf").read_bytes()[:4096]
    assert content_type(pdf, "application/octet-stream", None, None) == "application/pdf"
    assert content_type(b"PK\x03\x04...", "application/octet-stream", "docx", None).endswith(
        "wordprocessingml.document"
    )
    assert content_type(b"<!DOCTYPE html><html>", "application/octet-stream", None, None) == "text/html"
    assert content_type(b"plain", "text/plain; charset=gbk", "text", None) == "text/plain; charset=gbk"
    assert file_name(None, "http://x.example/a/P0201%E5%B9%B4%E6%8A%A5.pdf") == "P0201年报.pdf"


def test_an_archived_page_gets_a_banner_and_its_attachment_links_point_to_the_archived_copies():
    page = (GENERATED / "g01_2021_city.attachment.html").read_bytes()
    url = "http://scjg.zibo.example/xxgk/nb/2024/art_2.html"
    pdf = "http://scjg.zibo.example/xxgk/nb/2024/P020240115000000000001.pdf"
    row = {"url": url, "final_url": url, "fetched_at": "2026-11-15T02:00:00Z"}
    body, charset = annotate_html(
        page, "text/html; charset=utf-8", row, {pdf: "http://archive.example/-/blob/ab"}, "/-/blob/cd?raw=1"
    )
    text = body.decode(charset)
    assert 'href="http://archive.example/-/blob/ab"' in text and "./P020240115000000000001.pdf" not in text
    assert f'Archived copy of <a href="{url}"' in text and "2026-11-15T02:00:00Z" in text
    assert text.index("Archived copy") > text.lower().index("<body")
    assert 'href="http://scjg.zibo.example/zwgk/"' in text  # a relative link leads to the live site
    # only the links were touched: removing the banner and the rewrite gives the page back
    assert text.replace('href="http://archive.example/-/blob/ab"', 'href="./P020240115000000000001.pdf"').count(
        "附件"
    ) == page.decode("utf-8").count("附件")


def test_a_gbk_page_stays_gbk():
    page = '<html><head><meta charset="gbk"></head><body><a href="a.doc">附件</a></body></html>'.encode("gbk")
    row = {"url": "http://x.example/p.html", "final_url": None, "fetched_at": "2026-01-01T00:00:00Z"}
    body, charset = annotate_html(page, "text/html", row, {"http://x.example/a.doc": "/-/blob/ef"}, "/-/blob/1?raw=1")
    assert charset == "gb18030" and 'href="/-/blob/ef">附件' in body.decode("gb18030")


def test_passages_mark_every_term():
    assert highlight("本年度消防救援<b>", "消防 救援") == "…本年度<mark>消防</mark><mark>救援</mark>&lt;b&gt;…"


def test_csv_responses_start_with_a_byte_order_mark():
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"6")]})
        await send({"type": "http.response.body", "body": b"a,b\r\n"})

    def run(path: str) -> list[dict]:
        sent: list[dict] = []

        async def send(message):
            sent.append(message)

        asyncio.run(add_bom(app)({"type": "http", "path": path}, None, send))
        return sent

    start, body = run("/archive/reports.csv")
    assert body["body"] == BOM + b"a,b\r\n" and dict(start["headers"])[b"content-length"] == b"9"
    assert run("/archive/reports.json")[1]["body"] == b"a,b\r\n"


def test_a_canned_query_is_one_sql_file(tmp_path):
    (tmp_path / "busy_agencies.sql").write_text(
        "-- title: 申请最多的机关 · Busiest agencies\n-- description: by new requests\nSELECT 1 AS x\n",
        encoding="utf-8",
    )
    assert load_queries(tmp_path) == {
        "busy_agencies": {
            "title": "申请最多的机关 · Busiest agencies",
            "description": "by new requests",
            "sql": "SELECT 1 AS x",
        }
    }
    assert {"compare_agencies", "agency_years", "missing_reports"} <= set(QUERIES)


def test_the_readme_searches_work_with_plain_sqlite(archive_dir):
    conn = sqlite3.connect(DataDir(archive_dir[0]).database)
    try:
        described = {name for (name,) in conn.execute("select name from _readme where kind = 'table'")}
        tables = {
            name
            for (name,) in conn.execute(
                "select name from sqlite_master where type = 'table' and name not like 'reports_fts_%' "
                "and name not like 'sqlite_%'"
            )
        }
        assert tables <= described
        found = [set(conn.execute(r["example_sql"]).fetchall()) for r in howto_rows() if r["name"].startswith("search")]
        assert found[0] and {row[:2] for row in found[1]} == found[0]  # LIKE and the pair phrase agree
    finally:
        conn.close()


def test_a_table_page_shows_its_default_columns_unless_asked():
    tables = {"reports": ["title", "year"]}

    def query_of(path: str, query: str) -> bytes:
        return _with_default_columns({"type": "http", "path": path, "query_string": query.encode()}, tables)[
            "query_string"
        ]

    assert query_of("/archive/reports", "_search=%E6%B6%88") == b"_search=%E6%B6%88&_col=title&_col=year"
    assert query_of("/archive/reports", "_nocol=text") == b"_nocol=text"  # the reader chose
    assert query_of("/archive/reports.json", "") == b""  # the API keeps every column
    assert query_of("/archive/agencies", "") == b""
    assert query_of("/stats/reports", "") == b""  # the compact database's reports has no archived_copy


def test_a_report_reads_its_sections_from_the_side_table(archive_dir):
    from datasette.app import Datasette

    from archive import views

    db_path = DataDir(archive_dir[0]).database

    async def sections() -> dict[str, str | None]:
        db = Datasette([str(db_path)], immutables=[]).get_database("archive")
        assert await db.table_exists("report_texts")  # the side table the sections are read from
        view = await views.report_view(db, "淄博市应急管理局/2024")
        return {s["key"]: s["text"] for s in view["sections"]}

    got = asyncio.run(sections())
    [(overview,)] = (
        sqlite3.connect(db_path)
        .execute("select section_overview from report_texts where report = '淄博市应急管理局/2024'")
        .fetchall()
    )
    assert overview and got["overview"] == overview


def test_a_gbk_page_behind_a_header_that_says_utf8_is_shown_as_gbk():
    # portal-patterns §3.1: the header lies; the one charset policy (parsers.charset) reads the bytes
    page = "<html><head><title>年报</title></head><body><p>政府信息公开工作年度报告</p></body></html>".encode("gbk")
    row = {"url": "http://x.example/p.html", "final_url": None, "fetched_at": "2026-01-01T00:00:00Z"}
    body, charset = annotate_html(page, "text/html; charset=utf-8", row, {}, "/-/blob/1?raw=1")
    assert charset == "gb18030" and "<p>政府信息公开工作年度报告</p>" in body.decode(charset)


def test_a_served_type_is_the_document_tables():
    assert content_type(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...", "application/octet-stream", "doc", None) == (
        "application/msword"
    )
    assert content_type(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1...", None, "wps", None) == "application/vnd.ms-works"
    assert content_type(b"PK\x03\x04...", "application/octet-stream", None, None) == "application/zip"
    # a scan that is neither a PDF nor a picture the magic bytes know: served as the PDF it most often is
    assert content_type(b"II*\x00...", None, "scan", None) == "application/pdf"


def test_divisions_the_data_does_not_list_are_named_by_the_registrys_own_rows():
    from archive.divisions import hierarchy_of, place_of, registry_names

    rows = [
        ("昌湘市人民政府", "720100", "华清省人民政府"),
        ("昌湘市财政局", "720100", "昌湘市人民政府"),
        ("德溪区人民政府", "730116", "云庆省人民政府"),
        ("淄博市人民政府", "370300", "山东省人民政府"),  # listed by the data: its names come from there
        ("甲县人民政府", "740121", "乙市人民政府"),
        ("丙县人民政府", "740121", "乙市人民政府"),  # one code, two names: named not at all
    ]
    own = registry_names(rows)
    assert own == {"720100": "昌湘市", "720000": "华清省", "730116": "德溪区", "730000": "云庆省", "740100": "乙市"}
    department = place_of("昌湘市财政局", "720100", "department").columns(own)
    assert (department["province"], department["city"], department["county"]) == ("华清省", "昌湘市", None)
    assert [p["name"] for p in hierarchy_of(department)] == ["华清省", "昌湘市"]
    zibo = place_of("淄博市市场监督管理局", "370300", None).columns(own)
    assert (zibo["province"], zibo["city"], zibo["level"]) == ("山东省", "淄博", "department")
    unnamed = place_of("甲县教育局", "740121", None).columns(own)
    assert unnamed["county"] is None and unnamed["city"] == "乙市" and unnamed["province"] is None  # not found: null
