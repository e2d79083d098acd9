"""The table engine on the variations format-spec §3–§4 lists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from parser_fixtures import (
    as_text,
    full_report,
    render_cells_per_line,
    render_pipes,
    report_text,
    seed_gold,
    synthetic_values,
    t2_rows,
    t3_rows,
    t4_rows,
)

from parsers import cells as registry
from parsers import parse_bytes

ROOT = Path(__file__).resolve().parents[2]


def _parse(text: str) -> dict:
    return parse_bytes(text.encode("utf-8"), filename="report.txt")


def _texts(values: dict) -> dict[str, str]:
    return {k: as_text(v) if not isinstance(v, str) else v for k, v in values.items()}


def test_hybrid_2021_table2_with_2019_table3() -> None:
    v21, v19 = seed_gold(0)["cells"], synthetic_values("2019", seed=3)
    values = {
        **{k: x for k, x in v21.items() if k.startswith("t2.")},
        **{k: x for k, x in v19.items() if not k.startswith("t2.")},
    }
    report = _parse(full_report(render_pipes, "2021", values, t3_layout="2019"))
    assert report["layout"] == "hybrid"
    assert report["layouts"] == {"t2": "2021", "t3": "2019", "t4": "standard"}
    expected_codes = (
        set(registry.codes_for("2021", 2)) | set(registry.codes_for("2019", 3)) | set(registry.codes_for("2021", 4))
    )
    assert set(report["cells"]) == expected_codes
    assert all(report["cells"][k] == values[k] for k in expected_codes)
    assert any("hybrid" in w for w in report["warnings"])


def test_table3_without_its_other_rows_takes_table2s_layout() -> None:
    # a 2019 report whose table 3 lost its （六）其他处理 row (a seal over it, the table cut at
    # the page's edge): nothing in table 3 says which layout it is, table 2's header does.
    # It was "hybrid", with the 2021 form's three other.* rows listed as not found
    values = synthetic_values("2019", seed=3)
    text = full_report(render_pipes, "2019", values)
    lines = [line for line in text.split("\n") if "其他处理" not in line]
    assert len(lines) == len(text.split("\n")) - 1
    report = _parse("\n".join(lines))
    assert report["layout"] == "2019"
    assert report["layouts"] == {"t2": "2019", "t3": "2019", "t4": "standard"}
    assert set(report["cells"]) == set(registry.codes_for("2019", 2)) | set(registry.codes_for("2019", 3)) | set(
        registry.codes_for("2021", 4)
    )
    assert all(report["cells"][c] is None for c in report["cells"] if c.startswith("t3.other."))
    read = [c for c in report["cells"] if not c.startswith("t3.other.")]
    assert all(report["cells"][c] == values[c] for c in read)
    assert "t3: layout taken from table 2 (2019)" in report["warnings"]
    # the rows not found are the 2019 form's: its one （六） row (other.all), none of the 2021 form's
    assert [w for w in report["warnings"] if w.startswith("t3: rows not found")] == ["t3: rows not found: other.all"]


def test_2019_table2_signed_values_units_and_markers() -> None:
    values = _texts(synthetic_values("2019"))
    values.update(
        {
            "t2.licensing.change": "+3",
            "t2.punishment.change": "减4",
            "t2.coercion.change": "--253",
            "t2.other_services.prev_count": "+22",
            "t2.procurement.amount": "251000元",
            "t2.fees.prev_count": "/",
            "t2.fees.change": "-",
            "t2.rules.made": "无",
            "t2.rules.published": "",
        }
    )
    report = _parse(full_report(render_pipes, "2019", values))
    c, m = report["cells"], report["markers"]
    assert report["layout"] == "2019"
    assert (c["t2.licensing.change"], c["t2.punishment.change"], c["t2.coercion.change"]) == (3, -4, -253)
    assert c["t2.other_services.prev_count"] == 22
    assert any("t2.other_services.prev_count" in w and "signed" in w for w in report["warnings"])
    assert c["t2.procurement.amount"] == 25.1 and report["raw"]["t2.procurement.amount"] == "251000元"
    assert c["t2.fees.prev_count"] is None and m["t2.fees.prev_count"] == "slash"
    assert c["t2.fees.change"] is None and m["t2.fees.change"] == "dash"
    assert m["t2.rules.made"] == "wu" and m["t2.rules.published"] == "blank"


def test_2021_fees_in_yuan_are_converted() -> None:
    values = _texts(seed_gold(0)["cells"])
    values["t2.fees.amount"] = "3500元"
    report = _parse(full_report(render_cells_per_line, "2021", values))
    assert report["cells"]["t2.fees.amount"] == 0.35
    assert any("元" in w for w in report["warnings"])


def test_hubei_variant_with_extra_row_and_bracketed_labels() -> None:
    v = _texts(synthetic_values("2019", seed=11))
    rows = t2_rows("2019", v)
    rows[2][0] = "规章(设区的市、自治州人民政府应提供相关数据)"
    rows[5] = [
        "信息内容",
        "上一年项目数量(指2019年事项数)",
        "本年增/减(增用正值表示，减用负值表示，如-8)",
        "处理决定数量(指2020年办件量)",
    ]
    rows.insert(4, ["其他主动公开文件", "5", "4", "120"])
    text = report_text(render_pipes(rows), render_pipes(t3_rows("2019", v)), render_pipes(t4_rows(v)), year=2020)
    report = _parse(text)
    assert report["layouts"]["t2"] == "2019"
    assert report["cells"]["t2.rules.made"] == int(v["t2.rules.made"])
    assert report["cells"]["t2.ext.other_docs.made"] == 5
    assert report["cells"]["t2.ext.other_docs.total_published"] == 120
    assert report["ext_labels"]["t2.ext.other_docs.made"] == "其他主动公开文件"


def test_2019_table2_without_procurement_item() -> None:
    v = _texts(synthetic_values("2019"))
    rows = t2_rows("2019", v)[:-3]  # no 第二十条第（九）项
    report = _parse(report_text(render_pipes(rows), render_pipes(t3_rows("2019", v)), render_pipes(t4_rows(v))))
    assert report["layout"] == "2019"
    assert report["cells"]["t2.procurement.count"] is None and "t2.procurement.count" not in report["raw"]
    assert any("procurement" in w for w in report["warnings"])


def test_merged_legal_person_column() -> None:
    v = synthetic_values("2021", seed=5)
    for row in registry.t3_rows("2021"):
        v[f"t3.{row.key}.legal_all"] = sum(v[f"t3.{row.key}.{c}"] for c in registry.T3_APPLICANT_COLUMNS[1:])
    report = _parse(full_report(render_pipes, "2021", v, merged_legal=True))
    c = report["cells"]
    assert c["t3.new.legal_all"] == v["t3.new.legal_all"] and c["t3.new.total"] == v["t3.new.total"]
    assert c["t3.new.commercial"] is None and c["t3.total.research"] is None
    threes = [x for x in report["checks"] if x["check"] == "3"]
    assert threes and all(x["status"] == "pass" for x in threes)
    assert "t3.new.legal_all" in threes[0]["expr"] or any("legal_all" in x["expr"] for x in threes)


def test_dropped_blank_cells_natural_and_total_flagged() -> None:
    v = _texts(seed_gold(0)["cells"])
    rows = t3_rows("2021", v)
    new = next(r for r in rows if r[0].startswith("一、"))
    new[1:] = ["3", "3"]  # 岳阳南湖 2019: the five blanks vanished
    text = report_text(render_pipes(t2_rows("2021", v)), render_pipes(rows), render_pipes(t4_rows(v)))
    report = _parse(text)
    assert report["cells"]["t3.new.natural"] == 3 and report["cells"]["t3.new.total"] == 3
    assert report["cells"]["t3.new.commercial"] is None
    assert any("t3.new" in w and "dropped" in w for w in report["warnings"])
    assert "position_inferred" in report["flags"]["t3.new.natural"]


def test_unplaceable_row_stays_null_with_a_warning() -> None:
    v = _texts(seed_gold(0)["cells"])
    rows = t3_rows("2021", v)
    new = next(r for r in rows if r[0].startswith("一、"))
    new[1:] = ["3", "1", "4"]
    report = _parse(report_text(render_pipes(t2_rows("2021", v)), render_pipes(rows), render_pipes(t4_rows(v))))
    assert report["cells"]["t3.new.natural"] is None
    assert any("t3.new" in w and "not placed" in w for w in report["warnings"])


def test_lost_labels_under_a_group_recovered_by_exact_count() -> None:
    v = _texts(synthetic_values("2019", seed=2))
    rows = t3_rows("2019", v)
    first = next(i for i, r in enumerate(rows) if r and r[0] == "（三）不予公开")
    run = []
    for r in rows[first : first + 8]:
        run.extend(r[-7:])
    rows[first : first + 8] = [["（三）不予公开"], run]
    report = _parse(report_text(render_pipes(t2_rows("2019", v)), render_pipes(rows), render_pipes(t4_rows(v))))
    for key in ("state_secret", "inquiry"):
        for col in ("natural", "total"):
            assert report["cells"][f"t3.denied.{key}.{col}"] == int(v[f"t3.denied.{key}.{col}"])
    assert any("placed by count" in w for w in report["warnings"])


def test_blank_totals_make_identities_not_assessable() -> None:
    v = _texts(synthetic_values("2019", seed=4))
    for row in registry.t3_rows("2019"):
        if row.key not in ("new", "carried_over", "total", "carried_forward"):
            v[f"t3.{row.key}.total"] = ""
    report = _parse(full_report(render_cells_per_line, "2019", v))
    assert report["cells"]["t3.granted.total"] is None and report["markers"]["t3.granted.total"] == "blank"
    by = {(c["check"], c["scope"]): c for c in report["checks"]}
    assert by[("3", "granted")]["status"] == "not_assessable"
    assert by[("2", "natural")]["status"] == "pass"
    assert by[("2", "total")]["status"] == "not_assessable"


def test_pre2019_report_has_no_cells() -> None:
    text = (
        "某某县人民政府2016年政府信息公开工作年度报告\n一、概述\n本年度……\n二、主动公开政府信息情况\n"
        "全年主动公开信息120条。\n三、依申请公开政府信息和不予公开政府信息的情况\n无。\n"
        "四、政府信息公开的收费及减免情况\n未收费。\n五、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。\n"
    )
    report = _parse(text)
    assert report["layout"] == "pre2019" and report["cells"] == {} and report["checks"] == []
    assert report["year"] == 2016 and report["agency"] == "某某县人民政府"


def test_tables_missing_when_only_headings_remain() -> None:
    text = (
        "某某区农业农村局2020年政府信息公开工作年度报告\n一、总体情况\n本年度……\n二、主动公开政府信息情况\n"
        "三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
        "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n相关附件：年报.pdf\n"
    )
    report = _parse(text)
    assert report["layout"] == "tables_missing" and report["cells"] == {}
    assert report["year"] == 2020 and report["error"] is None


def test_not_a_report_is_nonstandard() -> None:
    report = _parse("关于开展安全生产月活动的通知\n各单位：请认真组织。\n")
    assert report["layout"] == "nonstandard" and report["cells"] == {}


def test_missing_table4_rows_are_listed_as_null() -> None:
    v = _texts(seed_gold(0)["cells"])
    text = report_text(render_pipes(t2_rows("2021", v)), render_pipes(t3_rows("2021", v)), "")
    report = _parse(text)
    assert report["layout"] == "2021" and report["layouts"]["t4"] is None
    assert report["cells"]["t4.review.total"] is None and "t4.review.total" not in report["markers"]
    assert "table 4 not found" in report["warnings"]
    fours = [c for c in report["checks"] if c["check"] == "4"]
    assert len(fours) == 3 and all(c["status"] == "not_assessable" for c in fours)
    assert report["cells"]["t3.new.total"] == 7


def test_importing_parsers_does_not_import_scrapy() -> None:
    code = (
        "import sys, parsers, parsers.tables, parsers.meta, parsers.report, parsers.formats.text, "
        "parsers.__main__; parsers.parse_bytes('x'.encode()); assert 'scrapy' not in sys.modules, 'scrapy'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_prose_mentions_before_the_tables_do_not_capture_rows() -> None:
    v = _texts(seed_gold(0)["cells"])
    text = report_text(render_pipes(t2_rows("2021", v)), render_pipes(t3_rows("2021", v)), render_pipes(t4_rows(v)))
    text = text.replace(
        "一、总体情况\n", "一、总体情况\n（二）行政许可信息公开情况\n本年新收政府信息公开申请7件。\n行政处罚\n"
    )
    report = _parse(text)
    assert report["cells"]["t2.licensing.decisions"] == 838
    assert report["cells"]["t2.punishment.decisions"] == 56
    assert report["cells"]["t3.new.natural"] == 7 and report["cells"]["t3.granted.total"] == 2


def test_page_footers_and_repeated_headers_inside_table3() -> None:
    v = _texts(seed_gold(0)["cells"])
    rows = t3_rows("2021", v)
    cut = next(i for i, r in enumerate(rows) if r[-8:-7] == ["3.其他"] or r[0] == "3.其他")
    rows[cut:cut] = [
        ["— 5 —"],
        ["自然人", "法人或其他组织", "总计"],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
    ]
    report = _parse(
        report_text(
            render_cells_per_line(t2_rows("2021", v)), render_cells_per_line(rows), render_cells_per_line(t4_rows(v))
        )
    )
    assert report["layout"] == "2021"
    for code, value in seed_gold(0)["cells"].items():
        assert report["cells"][code] == value, code


def test_title_with_the_year_after_the_subject() -> None:
    v = _texts(seed_gold(0)["cells"])
    text = report_text(
        render_pipes(t2_rows("2021", v)), render_pipes(t3_rows("2021", v)), render_pipes(t4_rows(v)), signature=None
    )
    text = text.replace(
        "某某市某某局2023年政府信息公开工作年度报告", "盐\n盐城市行政审批局政府信息公开工作\n2022年度情况的报告"
    )
    text = text.replace("本年度报告中所列数据的统计期限自2023年1月1日起，至2023年12月31日止。\n", "")
    report = _parse(text)
    assert report["agency"] == "盐城市行政审批局" and report["year"] == 2022 and report["published"] is None


def test_tables_split_and_merged_differently() -> None:
    # table 2 as four small tables, tables 3 and 4 as one table, 规范性文件 under 2021 headers
    v = _texts(seed_gold(4)["cells"])
    rows2 = t2_rows("2021", v)
    rows2[3][0] = "规范性文件"
    t2 = "\n\n".join(render_pipes(rows2[i : i + n]) for i, n in ((0, 4), (4, 3), (7, 4), (11, 3)))
    t34 = render_pipes(t3_rows("2021", v) + t4_rows(v))
    report = _parse(report_text(t2, t34, ""))
    assert report["layout"] == "2021"
    for code, value in seed_gold(4)["cells"].items():
        assert report["cells"][code] == value, code


def test_label_wrapped_away_from_its_values_in_tab_rows() -> None:
    text = seed_text_with(
        1, "\t\t5. 要求行政机关确认或重新出具已获取信息\t", "\t\t5. 要求行政机关确认或重新\n出具已获取信息\t"
    )
    report = _parse(text)
    gold = seed_gold(1)
    assert all(report["cells"][k] == v for k, v in gold["cells"].items())


def seed_text_with(n: int, old: str, new: str) -> str:
    from parser_fixtures import seed_text

    text = seed_text(n)
    if old not in text:  # seed 001 prints this label without leading tabs
        old = old.lstrip("\t")
        new = new.lstrip("\t")
    assert old in text
    return text.replace(old, new)


def test_ocr_prose_never_gives_table_values() -> None:
    # a scanned page whose table grid was not found (dashed rules, a lost outline) comes back
    # as detected text lines: "行政许可 1 6" there may be two columns' digits in one box.
    # The same rows read from a text file are cells; read by OCR they stay null
    from parsers.formats import to_document
    from parsers.report import build_report

    text = full_report(render_pipes, "2021", seed_gold(0)["cells"]).replace("|", " ")
    as_text_file = build_report(to_document("text", text.encode("utf-8"), filename="r.txt"), "r.txt")
    assert sum(v is not None for v in as_text_file["cells"].values()) > 100
    doc = to_document("text", text.encode("utf-8"), filename="r.txt")
    doc.meta["read_by"] = "ocr"
    as_ocr_prose = build_report(doc, "r.txt")
    assert as_ocr_prose["read_by"] == "ocr"
    assert [c for c, v in as_ocr_prose["cells"].items() if v is not None] == []
