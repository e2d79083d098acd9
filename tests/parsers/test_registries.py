"""The registries that describe the form and the files: checks, table-2 rows, document types, charset."""

from __future__ import annotations

import importlib

from parsers import parse_bytes
from parsers.charset import decode_html
from parsers.checks import CHECKS, SOFT_CHECKS, checks_of
from parsers.checks.across_years import YearTables
from parsers.detect import detect_format
from parsers.doctypes import BY_FORMAT, DOCTYPES, attachment_extensions, modules_for
from parsers.form.t2_rows import PROVINCE_EXTRA_ROWS, T2_PATTERNS


def test_every_check_has_titles_a_scope_and_a_function_of_its_scope() -> None:
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids))
    assert ids[:6] == ["1", "2", "3", "4", "5", "6"]
    for check in CHECKS:
        assert check.title_zh and check.title_en
        assert callable(check.fn)
    assert SOFT_CHECKS == {"6"}


def test_cross_year_checks_run_from_the_registry() -> None:
    prev = YearTables("a/2023", "a", 2023, "2021", "2021", {"t3.carried_forward.natural": 4, "t2.rules.in_force": 10})
    cur = YearTables(
        "a/2024",
        "a",
        2024,
        "2021",
        "2021",
        {"t3.carried_over.natural": 3, "t2.rules.in_force": 12, "t2.rules.issued": 3, "t2.rules.repealed": 1},
    )
    rows = [row for check in checks_of("across_years") for row in check.fn(cur, prev)]
    by = {(r["check_id"], r["scope"]): r for r in rows}
    assert by[("5", "natural")]["status"] == "fail" and by[("5", "natural")]["diff"] == -1
    assert by[("6", "rules")]["status"] == "pass"
    assert by[("6", "normative")]["status"] == "not_assessable"


def test_a_province_row_is_read_as_an_extension_of_table_2() -> None:
    assert all(key.startswith("ext:") for key, _ in PROVINCE_EXTRA_ROWS)
    assert {key for key, _ in T2_PATTERNS} >= {key for key, _ in PROVINCE_EXTRA_ROWS}
    rows = [
        ("规章", "1", "0", "5"),
        ("行政规范性文件", "2", "1", "9"),
        ("行政许可", "", "", "7"),
        ("其他主动公开的信息", "4", "0", "6"),
    ]
    html = (
        "<html><body><p>2024年政府信息公开工作年度报告</p><table>"
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
        + "</table></body></html>"
    )
    report = parse_bytes(html.encode(), filename="r.html")
    assert report["cells"]["t2.ext.other_docs.in_force"] == 6
    assert report["ext_labels"]["t2.ext.other_docs.issued"] == "其他主动公开的信息"


def test_every_reader_of_the_doctype_table_exists() -> None:
    readers = [t for t in DOCTYPES if t.modules]
    assert {t.format for t in readers} == {"pdf", "docx", "doc", "wps", "scan", "html", "text"}
    for doctype in readers:
        found = []
        for name in doctype.modules:
            try:
                found.append(importlib.import_module(f"parsers.formats.{name}"))
            except ModuleNotFoundError as exc:
                assert exc.name == f"parsers.formats.{name}"  # a listed reader not written yet (wps)
        assert found and all(callable(m.to_document) for m in found)
    assert modules_for("wps") == ("wps", "doc") and modules_for("binary") == ()


def test_signatures_of_the_table_sniff_their_format() -> None:
    assert detect_format(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64) == "scan"
    assert detect_format(b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 64) == "scan"
    assert detect_format(b"{\\rtf1\\ansi hello}") == "doc"
    ole2 = BY_FORMAT["doc"].signatures[0][0][1] + b"\x00" * 504
    assert detect_format(ole2, "report.WPS") == "wps"
    assert detect_format(ole2, "report.doc") == "doc"
    assert detect_format(b"PK\x03\x04 broken") == "zip"
    assert {"pdf", "docx", "doc", "wps", "zip", "rar", "ofd", "txt"} <= set(attachment_extensions())
    assert "html" not in attachment_extensions()


def test_the_header_charset_counts_after_the_body_declaration() -> None:
    text = "<html><body><p>年度報告總體情況</p></body></html>"  # too short for detection to tell Big5
    data = text.encode("big5")
    assert decode_html(data)[0] != text
    assert decode_html(data, "text/html; charset=big5")[0] == text
    declared = text.replace("<html>", "<html><meta charset='big5'>")
    assert decode_html(declared.encode("big5"), "text/html; charset=shift_jis")[0] == declared
