"""Cell text → value, null marker, flags."""

from __future__ import annotations

import pytest

from identity import chinese_number
from parsers.document import OcrText
from parsers.tables.reading import Reading
from parsers.values import parse_value


@pytest.mark.parametrize(
    ("text", "kind", "value", "marker"),
    [
        ("0", "count", 0, None),
        ("\u3000\u30000", "count", 0, None),
        ("\xa0139", "count", 139, None),
        ("１２３", "count", 123, None),  # full-width digits
        ("1,234", "count", 1234, None),
        ("1，234", "count", 1234, None),
        ("7件", "count", 7, None),
        ("", "count", None, "blank"),
        ("   ", "count", None, "blank"),
        ("-", "count", None, "dash"),
        ("—", "count", None, "dash"),
        ("--", "count", None, "dash"),
        ("/", "count", None, "slash"),
        ("／", "count", None, "slash"),
        ("无", "count", None, "wu"),
        ("不适用", "count", None, "na"),
        ("见附表", "count", None, "text"),
        ("+3", "signed", 3, None),
        ("-4", "signed", -4, None),
        ("增3", "signed", 3, None),
        ("减4", "signed", -4, None),
        ("4068.208", "amount", 4068.208, None),
        ("103.3879万元", "amount", 103.3879, None),
    ],
)
def test_values_and_markers(text: str, kind: str, value: object, marker: str | None) -> None:
    pv = parse_value(text, kind)  # type: ignore[arg-type]
    assert pv.value == value and type(pv.value) is type(value)
    assert pv.marker == marker


def test_double_minus_is_negative_and_flagged() -> None:
    pv = parse_value("--253", "signed")
    assert pv.value == -253 and "double_minus" in pv.flags


def test_signed_value_in_a_count_column_is_flagged() -> None:
    pv = parse_value("+22", "count")
    assert pv.value == 22 and "signed_in_count_col" in pv.flags


def test_yuan_is_converted_to_wanyuan_and_flagged() -> None:
    pv = parse_value("251000元", "amount")
    assert pv.value == 25.1 and "unit_converted" in pv.flags
    assert parse_value("380", "amount", unit="元").value == 0.038
    assert "unit_unknown" in parse_value("52.15", "amount").flags
    assert parse_value("52.15", "amount", unit="万元").flags == ()


def test_zero_is_not_null() -> None:
    assert parse_value("0").value == 0 and parse_value("0").marker is None


def test_chinese_numbers() -> None:
    assert chinese_number("二〇二五") == 2025
    assert chinese_number("十二") == 12
    assert chinese_number("三十一") == 31
    assert chinese_number("九") == 9


def test_numbers_separated_by_spaces_are_never_glued() -> None:
    # "0 0" is two cells run together by an extraction, not the number 0 (nor "1 0" the number 10)
    assert parse_value("0 0") == (None, "text", ())
    assert parse_value("1 0").marker == "text"


def test_a_sign_only_ocr_saw_in_a_count_column_is_not_published() -> None:
    # a speck before "2" on a scan reads as "-2": in a count column that is no value, while
    # the same "-2" typed in a text report is kept, flagged; in a signed column OCR's sign stays
    scanned, typed = Reading(), Reading()
    scanned.put("t3.new.legal", OcrText("-2", 0.98), "count")
    typed.put("t3.new.legal", "-2", "count")
    assert (scanned.values["t3.new.legal"].value, scanned.values["t3.new.legal"].marker) == (None, "ocr_unreadable")
    assert typed.values["t3.new.legal"].value == -2
    assert "signed_in_count_col" in typed.values["t3.new.legal"].flags
    scanned.put("t2.licensing.change", OcrText("-2", 0.98), "signed")
    assert scanned.values["t2.licensing.change"].value == -2
    scanned.put("t3.new.other_org", OcrText("-0", 0.98), "count")  # -0 is 0 whatever the speck
    assert scanned.values["t3.new.other_org"].value == 0
