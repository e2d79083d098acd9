"""Label cells read by OCR snapped to the form's printed labels (``parsers.formats.ocr_labels``):
near enough and unambiguous, or left as read."""

from __future__ import annotations

import pytest

from parsers.formats.ocr_labels import snap


@pytest.mark.parametrize(
    ("read", "label"),
    [
        ("亍政强制", "行政强制"),  # a black-and-white scan's 行 lost a stroke: one wrong in four
        ("行政许司", "行政许可"),
        ("商业企亚", "商业企业"),
        ("甲请人情况", "申请人情况"),
        ("政府集中采胸", "政府集中采购"),
    ],
)
def test_a_label_read_with_one_character_wrong_is_the_forms_label(read: str, label: str) -> None:
    assert snap(read) == label


@pytest.mark.parametrize(
    "read",
    [
        "行政检查",  # a province's own row: two characters from any of the form's
        "行政征收",
        "第二十条第（七）项",  # one character from five of the form's headers: which, none can say
        "其他",  # short labels are read right or left alone
        "行政处罚12",  # a value taken into the label stays, and says the row is not read
    ],
)
def test_a_reading_not_near_one_label_alone_stays_as_read(read: str) -> None:
    assert snap(read) == read


def test_a_numbered_label_with_its_number_misread_and_a_character_off_is_snapped() -> None:
    # a low-resolution scan: "1." read as L, the point of "2." lost, and one character off
    assert snap("L属于国家松密") == "1.属于国家秘密"
    assert snap("2重复甲请") == "2.重复申请"
    assert snap("I.信访举报投诉类申请") == "1.信访举报投诉类申请"


def test_a_label_numbered_otherwise_is_not_snapped_by_its_text_alone() -> None:
    # another number, and a character off: which row it is, the reading does not say
    assert snap("7属于国家松密") == "7属于国家松密"
