"""Scanned reports read by OCR: the statutory tables cut into cells and read, every cell
exact or null (never a guessed number), whatever carries the page images.

The scans are made at test time by ``docgen.scans`` from the corpus's rendered PDFs of
real seed reports and synthetic ones: skew, speckle, an official seal over the tables
(red in a colour scan, dark grey in a greyscale one), grey paper and JPEG artefacts.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import struct
import zlib
from pathlib import Path

import pytest

from docgen.scans import Degradation, flipbook, image_docx, image_pdf, scanned_pages
from parsers import parse_bytes
from parsers.formats import scan
from parsers.formats.pdf import to_document

FILES = Path(__file__).resolve().parent / "files" / "formats"
CORPUS = Path(__file__).resolve().parent / "corpus" / "generated"
SCAN_PAGES = Path(__file__).resolve().parent / "files" / "scan_pages"
REAL_REPORTS = Path(__file__).resolve().parents[1] / "archive" / "real_reports"


def _expected(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.pdf.expected.json").read_text(encoding="utf-8"))


def _identity(report: dict) -> tuple:
    """What names a report: its agency, year and layout."""
    return report["agency"], report["year"], report["layout"]


def _table_cells(expected: dict, table: str) -> dict:
    """The expected cells of one table (``"t2"``, ``"t3"``, ``"t4"``)."""
    return {c: v for c, v in expected["cells"].items() if c.startswith(f"{table}.")}


def _pages(name: str, degradation: Degradation, seed: int) -> list:
    return scanned_pages((CORPUS / f"{name}.pdf").read_bytes(), degradation, seed=seed)


def _check_cells(report: dict, expected: dict, *, min_right: float) -> None:
    """Every cell is its true value or null; at least ``min_right`` of them are read."""
    wrong = {
        code: (report["cells"].get(code), value)
        for code, value in expected["cells"].items()
        if report["cells"].get(code) is not None and report["cells"].get(code) != value
    }
    assert not wrong, f"values published wrong: {wrong}"
    right = sum(
        1
        for code, value in expected["cells"].items()
        if report["cells"].get(code) == value and (value is None) == (report["cells"].get(code) is None)
    )
    assert right >= min_right * len(expected["cells"]), f"only {right}/{len(expected['cells'])} cells read"
    # a null the source did not print is marked unreadable (or its row was not placed at all)
    for code, value in expected["cells"].items():
        if value is not None and report["cells"].get(code) is None and code in report["markers"]:
            assert report["markers"][code] == "ocr_unreadable", (code, report["markers"][code])


@pytest.fixture(scope="module")
def seed_colour_scan() -> dict:
    # seed 000 (a real report's content) as a colour scan: red seal, speckle, skew, JPEG
    return parse_bytes(image_pdf(_pages("s000_seed", Degradation(), seed=11)), filename="s000.scan.pdf")


def test_scanned_real_report_reads_its_tables(seed_colour_scan: dict) -> None:
    report, expected = seed_colour_scan, _expected("s000_seed")
    assert report["error"] is None and report["format"] == "scan" and report["read_by"] == "ocr"
    assert _identity(report) == _identity(expected)
    _check_cells(report, expected, min_right=0.8)
    # each cell read by OCR keeps the recogniser's confidence
    read = [c for c, v in report["cells"].items() if v is not None]
    assert all(0.0 < report["confidence"][c] <= 1.0 for c in read)
    assert {c["check"] for c in report["checks"]} >= {"1", "2", "3", "4"}  # the identities still run


def test_a_page_fed_sideways_is_read_upright() -> None:
    # a real report's first page fed a quarter turn (a landscape page on a portrait scanner):
    # read as the upright scan is (every turn is undone exactly: test_ocr_orient)
    first = _pages("s000_seed", Degradation(), seed=11)[0]
    report, expected = (
        parse_bytes(image_pdf([first.rotate(90, expand=True)]), filename="s000.scan.pdf"),
        _expected("s000_seed"),
    )
    assert _identity(report) == _identity(expected)
    assert "page 1 was turned 90° clockwise to read it" in report["warnings"]
    # table 2 is on the page: read as on the upright scan, nothing published wrong
    t2 = _table_cells(expected, "t2")
    assert sum(report["cells"].get(c) == v for c, v in t2.items()) >= 0.9 * len(t2)
    assert not [c for c, v in report["cells"].items() if v is not None and v != expected["cells"][c]]


def test_a_landscape_page_keeps_the_print_size_of_a_portrait_one() -> None:
    # A4 in points, either way round: the shorter side sets the scale, so a wide table 3
    # printed landscape is read at the same pixels per character as portrait print
    assert scan.page_scale(842, 595) == scan.page_scale(595, 842)


def test_greyscale_scan_with_a_seal_over_the_cells_never_guesses() -> None:
    # a greyscale scan keeps the seal dark over the table: what it hides is null, never a guess
    grey = Degradation(seal="grey", paper=225, rotate=1.5, jpeg=35)
    report = parse_bytes(image_pdf(_pages("s003_seed", grey, seed=4)), filename="s003.scan.pdf")
    expected = _expected("s003_seed")
    assert (report["agency"], report["year"]) == (expected["agency"], expected["year"])
    _check_cells(report, expected, min_right=0.8)


def test_a_grey_seal_touching_the_column_rules_does_not_lose_the_table() -> None:
    # the seal's ring touches column rules under it: the rules are still rules, the cells
    # under the seal's characters are null, the row keeps its place (table 3 was lost whole)
    grey = Degradation(seal="grey", paper=225, rotate=1.5, jpeg=35)
    report = parse_bytes(image_pdf(_pages("g03_hybrid", grey, seed=4)), filename="g03.scan.pdf")
    expected = _expected("g03_hybrid")
    t3 = _table_cells(expected, "t3")
    _check_cells(report, {"cells": t3}, min_right=0.75)


def test_a_photocopy_with_a_dark_seal_over_the_signature_never_guesses() -> None:
    # a photocopy: the seal where real seals sit (over the agency and date, here just under
    # table 4), in a dark grey that the red channel cannot take off, with uneven ink
    copy = Degradation(seal="dark", seal_at="end", uneven=True, paper=225, rotate=1.5, jpeg=35)
    report = parse_bytes(image_pdf(_pages("g01_2021_city", copy, seed=7)), filename="g01.scan.pdf")
    expected = _expected("g01_2021_city")
    assert _identity(report) == _identity(expected)
    _check_cells(report, expected, min_right=0.9)


def test_flipbook_page_images_are_read_when_given() -> None:
    # a report page whose body is <img> pages (here the last page: table 4 and the signature);
    # the parser fetches nothing, it is given the images' bytes by URL
    expected = _expected("s001_seed")
    pages = _pages("s001_seed", Degradation(seal=None), seed=5)[1:]
    html, images = flipbook(pages, expected["title"])
    url = "https://www.example.gov.cn/art/2024/3/15/art_1.html"
    without = parse_bytes(html, filename="page.html", url=url)
    assert without["read_by"] == "text" and not any(v is not None for v in without["cells"].values())
    report = parse_bytes(html, filename="page.html", url=url, images=images)
    assert report["format"] == "html" and report["read_by"] == "ocr"
    assert (report["agency"], report["year"]) == (expected["agency"], expected["year"])
    t4 = _table_cells(expected, "t4")
    _check_cells(report, {"cells": t4}, min_right=0.9)


def test_docx_of_pasted_scans_is_read_by_ocr() -> None:
    # the first page of a township report (tables 2 and the head of table 3) pasted into Word
    expected = _expected("g07_zero_township")
    page = _pages("g07_zero_township", Degradation(rotate=0.5, seal=None), seed=2)[0]
    report = parse_bytes(image_docx([page]), filename="report.docx")
    assert report["format"] == "docx" and report["read_by"] == "ocr"
    t2 = _table_cells(expected, "t2")
    _check_cells(report, {"cells": t2}, min_right=0.8)


def test_image_only_pdf_goes_to_ocr() -> None:
    doc = to_document((FILES / "scan_page.pdf").read_bytes())
    assert doc.format == "scan" and doc.error is None and doc.meta["read_by"] == "ocr"
    assert doc.tables()  # the ruled tables of the page, cut into cells
    text = re.sub(r"\s", "", doc.text())
    # the prose survives OCR: title and the statistical period, for search and metadata
    assert "平顶山市湛河区曹镇乡人民政府" in text
    assert "2023年1月1日" in text and "政府信息公开" in text


def test_cid_garbage_text_layer_is_treated_as_a_scan() -> None:
    import pdfplumber

    from parsers.formats.pdf import text_layer_quality

    path = FILES / "cid_garbage.pdf"
    with pdfplumber.open(path) as pdf:
        per_page, cid_share = text_layer_quality(pdf)
    assert per_page > 100 and cid_share > 0.9  # plenty of glyphs, none of them text
    report = parse_bytes(path.read_bytes(), filename="cid_garbage.pdf")
    assert report["format"] == "scan" and report["read_by"] == "ocr"
    assert any("(cid:N)" in w for w in report["warnings"])
    expected = _expected("g07_zero_township")
    t2 = _table_cells(expected, "t2")
    assert {c: report["cells"].get(c) for c in t2} == t2


def test_a_200_inch_page_is_rendered_within_the_pixel_bound() -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(200 * 72, 11 * 72))
    c.rect(72, 72, 400, 200)
    c.save()
    pages = list(scan.page_images(buf.getvalue()))
    assert pages[0].shape[0] * pages[0].shape[1] <= scan.MAX_PAGE_PIXELS
    assert scan.page_scale(200 * 72, 11 * 72) ** 2 * 200 * 72 * 11 * 72 <= scan.MAX_PAGE_PIXELS


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size (its pixels are never there)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def test_an_image_beyond_the_bound_is_refused_without_decoding() -> None:
    report = parse_bytes(_png_header(100_000, 100_000), filename="page.png")
    # refused from the header's size alone (Pillow's own bomb guard, or our page bound)
    assert report["format"] == "scan" and report["error"] and "pixels" in report["error"]


def test_a_number_whose_faint_decimal_point_the_ink_lost_is_never_published_without_it() -> None:
    # a photocopied fee cell, "7.8" with a light point under JPEG 35 on grey paper: the
    # page's ink threshold misses the point, so the recogniser reads "78"; the cell must be
    # 7.8 or null, never 78
    import cv2

    from parsers.formats.ocr_engine import models
    from parsers.formats.ocr_grid import find_tables, ink_mask
    from parsers.formats.ocr_table import despeckle, read_table

    from .test_ocr_grid import faint_point_number

    gray = faint_point_number(195, size=(420, 160))
    for y in (40, 100, 140):  # two rows: a column rule crosses a row rule
        cv2.line(gray, (20, y), (300, y), 30, 2)
    for x in (20, 150, 300):
        cv2.line(gray, (x, 40), (x, 140), 30, 2)
    gray, ink, _ = despeckle(gray, ink_mask(gray))
    (table,) = find_tables(ink)
    ((_, cell), _) = read_table(gray, ink, table, models())
    assert cell.is_value
    assert cell.text == "7.8" or cell.why, cell


def test_a_value_cell_is_as_sure_as_its_reading_over_what_a_value_can_hold() -> None:
    # a lone 0 the model splits between 0 and its look-alikes (。, o), which no value cell
    # can hold: over the value alphabet it is a sure 0; a split with a Chinese character
    # (a seal's stroke) still counts against it
    import numpy as np

    from parsers.formats.ocr_engine import models

    engine = models()
    index = {c: i for i, c in enumerate(engine.vocabulary) if c}

    def lone_zero(rival: str) -> np.ndarray:
        probs = np.zeros((3, len(engine.vocabulary)), np.float32)
        probs[[0, 2], 0] = 1.0  # blanks around it
        probs[1, index["0"]], probs[1, index[rival]] = 0.45, 0.55
        return probs

    assert engine.decode(lone_zero("。")).text == "。"  # the open reading cannot tell
    lookalike = engine.decode(lone_zero("。"), values_only=True)
    assert lookalike.text == "0" and abs(lookalike.weakest - 1.0) < 1e-6
    stroke = engine.decode(lone_zero("照"), values_only=True)
    assert stroke.text == "0" and abs(stroke.weakest - 0.45) < 1e-6


def _one_cell_table(lines: list[str], width: int) -> tuple:
    """A two-column ruled row whose value cell (``width`` px wide) holds ``lines`` of print, centred."""
    import cv2
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from parsers.formats.ocr_grid import find_tables, ink_mask
    from parsers.formats.ocr_table import despeckle

    img = Image.new("L", (width + 260, 140), 255)
    draw, font = ImageDraw.Draw(img), ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 26)
    draw.text((30, 55), "行政许可", font=font, fill=0)
    for k, text in enumerate(lines):
        x = 150 + (width - draw.textlength(text, font=font)) / 2
        draw.text((x, 22 + 44 * k), text, font=font, fill=0)
    gray = np.array(img)
    for y in (15, 120):
        cv2.line(gray, (20, y), (150 + width, y), 0, 2)
    for x in (20, 150, 150 + width):
        cv2.line(gray, (x, 15), (x, 120), 0, 2)
    gray, ink, _ = despeckle(gray, ink_mask(gray))
    (table,) = find_tables(ink)
    return gray, ink, table


def test_two_rows_values_in_one_cell_are_never_joined_into_one_number() -> None:
    # the rule between two rows lost (dashed, faint, under a seal): "1" over "6" in one cell
    # is two values, never 16; a long number wrapped in a narrow cell fills its first line
    from parsers.formats.ocr_engine import models
    from parsers.formats.ocr_table import read_table

    gray, ink, table = _one_cell_table(["1", "6"], 160)
    ((_, stacked),) = read_table(gray, ink, table, models())
    assert stacked.is_value and stacked.why == "lost_rule", stacked
    gray, ink, table = _one_cell_table(["123456", "78"], 100)
    ((_, wrapped),) = read_table(gray, ink, table, models())
    assert (wrapped.text, wrapped.why) == ("12345678", ""), wrapped


def test_a_table_printed_without_side_borders_keeps_its_first_and_last_columns() -> None:
    # rules across and between the columns, none down the table's left and right sides
    # (a Word table with its side borders off): the label column and the last value column
    # are cells, closed by the rules' own ends
    import cv2
    import numpy as np

    from parsers.formats.ocr_grid import find_tables, ink_mask

    gray = np.full((300, 900), 255, np.uint8)
    for y in (40, 110, 180, 250):
        cv2.line(gray, (40, y), (860, y), 0, 2)
    for x in (300, 580):
        cv2.line(gray, (x, 40), (x, 250), 0, 2)
    (table,) = find_tables(ink_mask(gray))
    assert [len(row) for row in table.rows] == [3, 3, 3]
    assert [(c.x0 < 60, c.x1 > 840) for c in (table.rows[0][0], table.rows[0][-1])] == [(True, False), (False, True)]


def test_a_row_keeps_its_values_in_their_places_when_strokes_cut_its_label() -> None:
    # a low-resolution scan enlarged: bold strokes of a label read as column rules in a row
    # or two cut it into pieces, an empty one just before the values; and a stroke of a
    # seal among the values reads as text.  Neither may shift a value into its neighbour's
    # column: the empty piece is part of the label, the text an unreadable value
    from parsers.formats.ocr_grid import Box
    from parsers.formats.ocr_rows import settled
    from parsers.formats.ocr_table import CellReading

    def cell(text: str, x0: int, x1: int, value: bool) -> tuple[CellReading, Box]:
        return CellReading(text, 0.99, value), Box(x0, 100, x1, 130)

    columns = [160, 286, 428, 727, 838, 948]
    row = [
        cell("（五）不予处理", 160, 281, False),
        cell("1.信访举报", 286, 540, False),
        cell("", 544, 722, False),  # off the table's columns: a piece of the label
        cell("7", 727, 833, True),
        cell("生", 838, 943, False),  # text between two values
        cell("3", 948, 1053, True),
    ]
    placed = settled(row, columns)
    assert [(c.text, c.is_value, c.why) for c, _ in placed] == [
        ("（五）不予处理", False, ""),
        ("1.信访举报", False, ""),
        ("7", True, ""),
        ("生", True, "stray_lines"),
        ("3", True, ""),
    ]
    assert placed[1][1].x1 == 722  # the label's cell runs to the values
    # an empty cell at a column of the table is a blank value, kept
    blank = [row[0], cell("", 286, 722, False), *row[3:]]
    assert [c.text for c, _ in settled(blank, [*columns, 286])] == ["（五）不予处理", "", "7", "生", "3"]
    # table 4's one row of values has no label: what is left of a seal's star over its last
    # cell, read as text (a real report's colour scan), is after the values, and no label
    last = [
        cell("5", 334, 380, True),
        cell("", 384, 449, False),
        cell("7", 591, 660, True),
        cell("Y蜀", 665, 780, False),
    ]
    assert [(c.is_value, c.why) for c, _ in settled(last, [334, 384, 591, 665])][-1] == (True, "stray_lines")


def test_a_last_rows_label_cut_by_a_stroke_is_one_label_again() -> None:
    # a flipbook page at 120 dpi enlarged: a stroke of 四、结转下年度继续办理 read as a column
    # rule cut the table's last row of text (a sliver of a thickened bottom rule under it),
    # the characters under it lost: the pieces were two labels, and the row's values went to
    # the row of totals above (15 values for 7).  The rows above have no such rule
    from parsers.formats.ocr_grid import Box, GridTable
    from parsers.formats.ocr_rows import false_rule, joined_label
    from parsers.formats.ocr_table import CellReading

    def row(y: int, height: int, *xs: int) -> list[Box]:
        return [Box(a, y, b, y + height) for a, b in itertools.pairwise(xs)]

    values = (727, 838, 948, 1058)
    grid = GridTable(
        Box(160, 900, 1058, 1055),
        [
            row(958, 22, 160, 286, *values),  # （六）其他处理
            row(985, 22, 160, 286, *values),  # （七）总计
            row(1012, 23, 160, 485, *values),  # 四、结转… cut at 485
            row(1040, 13, 343, 485, 496),  # the sliver under it
        ],
    )
    cut = grid.rows[2][1]
    assert false_rule(grid, 2, cut)
    assert not false_rule(grid, 2, grid.rows[2][2])  # the values' own rules are everyone's
    assert joined_label("四结转下年", CellReading("续办理", 0.95, False)) == "四、结转下年度继续办理"


def test_a_slash_read_as_one_and_a_digit_joined_by_a_seal_stroke_are_never_published() -> None:
    # a colour scan of a report whose rules row prints "/" for its nulls, with a red seal
    # over table 3 whose stroke joins the 1 of "15" to its 5: the recogniser read the slash
    # as a sure 1 and "15" as a sure 5.  Every value published must be the printed one.
    name = "g05_slash_yuan"
    pages = _pages(name, Degradation(), seed=len(f"{name}.pdf") + 100)
    report = parse_bytes(image_pdf(pages), filename=f"{name}.scan.pdf")
    expected = _expected(name)["cells"]
    wrong = {c: v for c, v in report["cells"].items() if v is not None and c in expected and v != expected[c]}
    assert not wrong
    assert report["cells"]["t2.rules.total_published"] is None


def test_values_whose_label_runs_into_the_next_row_are_not_placed() -> None:
    # a real report (2019, 上海市人民政府办公厅) printed and scanned: the rule between two
    # item labels was lost, so "5.属于三类内部事务信息" and "6.属于四类过程性信息" are one cell
    # beside two rows of values.  Which values are whose is a guess (the engine gave row 5's
    # to row 6): both rows are null.  A group label spanning rows is not such a label.
    from parsers.formats.ocr_grid import Box, GridTable
    from parsers.formats.ocr_rows import under_a_long_label
    from parsers.formats.ocr_table import CellReading

    def row(y0: int, y1: int, first: int, labels: list[str]) -> tuple[list[CellReading], list[Box]]:
        cells = [CellReading(t, 0.99, False) for t in labels] + [CellReading("3", 0.99, True)] * 2
        xs = [first, 428][: len(labels)] + [727, 838]
        return cells, [Box(x, y0, x + 100, y1) for x in xs]

    rows = [
        row(100, 130, 286, ["（三）不予公开", "4.保护第三方合法权益"]),  # a group label spanning 3 rows
        row(130, 160, 428, ["5.属于三类内部事务信息\n6.属于四类过程性信息"]),  # runs down to 190
        ([CellReading("3", 0.99, True)] * 2, [Box(727, 160, 827, 190), Box(838, 160, 938, 190)]),
        row(190, 220, 428, ["7.属于行政执法案卷"]),
    ]
    rows[0][1][0] = Box(286, 100, 386, 190)  # the group label: a leaf label follows it
    rows[1][1][0] = Box(428, 130, 528, 190)
    grid = GridTable(Box(160, 100, 1500, 220), [boxes for _, boxes in rows])
    assert under_a_long_label([cells for cells, _ in rows], grid) == {1, 2}


def test_a_row_of_values_without_its_own_label_is_not_placed() -> None:
    # the real report above, its table 3 wider than the page: a row of values with no label
    # cell of its own sat under the label of the row above, and its 2 was published in a
    # blank's place.  Table 4's one row of values has no label, and neither has any row of
    # its table: it stays read.
    from parsers.formats.ocr_rows import unlabelled
    from parsers.formats.ocr_table import CellReading

    label, value, blank = (
        CellReading("8.属于行政查询事项", 0.99, False),
        CellReading("2", 0.99, True),
        CellReading("", 1.0, False),
    )
    t3 = [[label, value, blank], [value, blank, blank], [label, value, value]]
    assert unlabelled(t3) == {1}
    # a row whose first cell is an unread piece of a group label spanning rows (a photo:
    # "三、本年度办理结果" beside "（一）予以公开") has its label in its second cell
    piece = CellReading("", 0.0, True, "nothing_read")
    group = [[label, value, value], [piece, CellReading("（一）予以公开", 0.99, False), value, value]]
    assert unlabelled(group) == set()
    # table 4: a speck in a header cell read as "." makes no row of values of the header
    speck = CellReading(".", 0.0, True, "marks")
    header = [CellReading("结果维持", 0.99, False), speck, CellReading("复议后起诉", 0.99, False)]
    assert unlabelled([header, [value, value, value]]) == set()
    t4 = [[CellReading("行政复议", 0.99, False)], [value, value, value]]
    assert unlabelled(t4) == set()


def test_a_value_read_into_its_label_across_a_lost_rule_leaves_its_row_unplaced() -> None:
    # the real report above printed by a browser (thin grey rules) and scanned in black and
    # white: the rule between "政府集中采购" and its 6 was lost, the label cell read
    # "政府集中采购—6", was snapped to the form's label, and the row's next value, 251000元,
    # was published as the number of purchases.  No label of the form ends in a number.
    from parsers.formats.ocr_labels import ends_in_a_number, snap
    from parsers.formats.ocr_rows import value_in_label
    from parsers.formats.ocr_table import CellReading

    for read in ["政府集中采购—6", "政府集中采购 6", "（七）总计 49", "行政处罚12.5"]:
        assert ends_in_a_number(read), read
        assert snap(read) == read  # the number stays, and says the row is not read
    for label in ["政府集中采购", "1.属于国家秘密", "第二十条第（九）项", "本年增/减", "采购总金额（元）"]:
        assert not ends_in_a_number(label), label
    assert snap("政府集中采胸") == "政府集中采购"  # a misread character is still snapped

    took = [CellReading("政府集中采购—6", 0.97, False), CellReading("251000元", 0.99, True)]
    kept = [CellReading("政府集中采购", 0.99, False), CellReading("6", 0.99, True), CellReading("2510", 0.99, True)]
    header = [CellReading("第二十条第（九）项", 0.99, False)]
    assert value_in_label([header, took]) == {1}
    assert value_in_label([header, kept]) == set()
    # a seal's character over a row's last value, read with it ("信" over "1" as 三W1), is
    # after the row's values: no label, and the row keeps its place (a Song-face print)
    sealed = [
        CellReading("1.信访举报投诉类申请", 1.0, False),
        CellReading("1", 0.99, True),
        CellReading("三W1", 0.5, False),
    ]
    assert value_in_label([header, sealed]) == set()


def test_a_word_print_in_a_song_face_is_read_and_never_guessed(tmp_path: Path) -> None:
    # the corpus's PDFs print 宋体 in a sans face (LibreOffice's substitute); real reports are
    # printed from Word in a Song face.  The hybrid report printed so (thin strokes, serifs,
    # other digits; its table is smaller under the same seal) and scanned in colour: a
    # seal's stroke at a 0's foot was read as 9 before print's height was checked
    import pdfplumber

    from docgen.office import convert_many

    pdf = convert_many([CORPUS / "g03_hybrid.docx"], "pdf", tmp_path, face="song")[0]
    with pdfplumber.open(pdf) as printed:
        assert any("NotoSerifCJK" in c["fontname"] for c in printed.pages[0].chars)
    pages = scanned_pages(pdf.read_bytes(), Degradation(), seed=14)
    report, expected = parse_bytes(image_pdf(pages), filename="g03.scan.pdf"), _expected("g03_hybrid")
    assert _identity(report) == _identity(expected)
    _check_cells(report, expected, min_right=0.85)


def test_a_black_and_white_scans_lone_zeros_are_all_read() -> None:
    # one page of a seed report's table 3 scanned in black and white (bench variant bw):
    # clean lone 0s that the recogniser, shown one alone, reads unsurely or not at all;
    # every cell placed is read, and right
    from bench.ocr import VARIANTS

    pages = _pages("s004_seed", Degradation(**VARIANTS["bw"]), seed=13)
    report = parse_bytes(image_pdf(pages[1:2]), filename="s004.scan.pdf")
    expected = _expected("s004_seed")["cells"]
    placed = {code: value for code, value in expected.items() if code in report["raw"]}
    assert len(placed) >= 100
    cells = report["cells"]
    missed = {code: (cells.get(code), value) for code, value in placed.items() if cells.get(code) != value}
    assert not missed, missed


def test_seal_characters_in_the_first_row_of_numbers_are_unreadable_values() -> None:
    # a seal's characters over the first row of table 3 (measured on a real report turned
    # in the scanner): above them are the column heads, not values, and below them a row
    # whose own lost rule made one cell two columns wide.  They are values that cannot be
    # read, not text that would cost the row its place; the column heads stay text
    from parsers.formats.ocr_grid import Box, GridTable
    from parsers.formats.ocr_rows import in_value_column
    from parsers.formats.ocr_table import CellReading

    def row(y: int, cells: list[tuple[str, int, int, bool]]) -> tuple[list[CellReading], list[Box]]:
        return [CellReading(t, 0.99, v) for t, _, _, v in cells], [Box(a, y, b, y + 60) for _, a, b, v in cells]

    rows = [
        row(0, [("申请人情况", 930, 1332, False)]),
        row(
            60, [("商业企业", 1004, 1096, False), ("科研机构", 1100, 1192, False), ("社会公益组织", 1196, 1332, False)]
        ),
        row(
            120,
            [
                ("一、本年新收", 92, 926, False),
                ("有", 930, 1096, False),
                ("次", 1100, 1192, False),
                ("2", 1196, 1332, True),
            ],
        ),
        row(
            180,
            [("二、上年结转", 92, 926, False), ("18", 930, 999, True), ("", 1004, 1096, True), ("", 1100, 1332, True)],
        ),
    ]
    readings = [cells for cells, _ in rows]
    grid = GridTable(Box(90, 0, 1340, 240), [boxes for _, boxes in rows])
    first = grid.rows[2]
    assert [in_value_column(readings, grid, 2, b) for b in first[1:3]] == [True, True]
    assert not in_value_column(readings, grid, 2, first[0])  # the row's label
    assert not any(in_value_column(readings, grid, 1, b) for b in grid.rows[1])  # the heads


def _grid(rows: list[list[tuple[int, int]]], height: int = 50):
    from parsers.formats.ocr_grid import Box, GridTable

    boxes = [[Box(x0, r * height, x1, (r + 1) * height) for x0, x1 in row] for r, row in enumerate(rows)]
    return GridTable(Box(0, 0, max(b.x1 for row in boxes for b in row), len(rows) * height), boxes)


def test_a_rule_a_seal_hid_in_two_rows_or_in_the_last_row_is_a_lost_rule() -> None:
    # the cells of a real report's print, scanned in colour (bench.ocr_real): the seal's star
    # sat on the rule between 社会公益组织 and 法律服务机构 in table 3's rows 二 and (一), and
    # on the rule between 尚未审结 and 总计 in table 4's one row of values.  Each row had a
    # cell two columns wide and one column too few: not placed, 10 of its values lost
    from parsers.formats.ocr_rows import lost_rules

    heads = [(1022, 1123), (1127, 1229), (1233, 1384), (1388, 1538), (1543, 1595)]
    full = [(18, 937), (940, 1018), *heads, (1599, 1651)]
    merged = [(18, 937), (940, 1018), (1022, 1123), (1127, 1229), (1233, 1538), (1543, 1595), (1599, 1651)]
    table3 = _grid([[(940, 1018), (1022, 1595)], heads, full, merged, merged, full, full])
    assert lost_rules(table3, 3, table3.rows[3][4]) == [1388]
    assert lost_rules(table3, 4, table3.rows[4][4]) == [1388]
    assert lost_rules(table3, 5, table3.rows[5][4]) == []  # a cell of its own column
    table4 = _grid(
        [
            [(334, 661), (665, 1324)],
            [(665, 999), (1003, 1322)],
            [(1003, 1068), (1072, 1137), (1141, 1206), (1210, 1275), (1279, 1324)],
            [(1003, 1068), (1072, 1137), (1141, 1206), (1210, 1324)],
        ]
    )
    assert lost_rules(table4, 3, table4.rows[3][3]) == [1279]

    # a real merged cell is merged in its head too, and its block's title row spans the
    # table: table 2's 本年处理决定数量 over three columns, under a block of four
    table2 = _grid(
        [
            [(18, 300), (304, 500), (504, 700), (704, 900)],  # 规范性文件 | 5 | 1 | 25
            [(18, 900)],  # 第二十条第（五）项
            [(18, 300), (304, 900)],  # 信息内容 | 本年处理决定数量
            [(18, 300), (304, 900)],  # 行政许可 | 0
            [(18, 900)],  # 第二十条第（六）项
        ]
    )
    assert lost_rules(table2, 3, table2.rows[3][1]) == []
    # nor where a stroke of each block title's centred text was read as a rule (a 120-dpi
    # flipbook of the corpus): the same false rule above and below is still no column's
    titled = _grid(
        [
            [(160, 549), (554, 864), (869, 1179), (1184, 1494)],  # 行政强制 | 84 | -5 | 257
            [(160, 780), (785, 1494)],  # 第二十条第（八）项, cut
            [(160, 549), (554, 864), (869, 1494)],  # 信息内容 | 上一年项目数量 | 本年增/减
            [(160, 549), (554, 864), (869, 1494)],  # 行政事业性收费 | 4 | -1
            [(160, 781), (785, 1494)],  # 第二十条第（九）项, cut
            [(160, 549), (554, 864), (869, 1494)],  # 信息内容 | 采购项目数量 | 采购总金额
        ]
    )
    assert lost_rules(titled, 3, titled.rows[3][1]) == []
    # nor is a last row's cell merged as its head is, under its block's title
    last = _grid(
        [*([(18, 300), (304, 500), (504, 900)] for _ in range(2)), [(18, 900)], *[[(18, 300), (304, 900)]] * 2]
    )
    assert lost_rules(last, 4, last.rows[4][1]) == []


def test_a_row_closed_short_of_the_tables_last_column_keeps_its_width() -> None:
    # the grey scan of a real report's print (bench.ocr_real): table 3 runs off the page, and
    # in its first rows of values the rule that closed the 总计 column was not found.  Those
    # rows were a column short and not placed (13 values lost); a null where the column is
    from parsers.formats.ocr_grid import Box
    from parsers.formats.ocr_rows import columns_past
    from parsers.formats.ocr_table import CellReading

    values = [CellReading("二、上年结转政府信息公开申请数量", 1.0, False), CellReading("18", 1.0, True)]
    starts = [18, 940, 1021, 1127, 1233, 1387, 1388, 1542, 1599, 1600]  # a rule's two edges: one column
    assert columns_past(values, Box(1542, 0, 1596, 50), starts) == 1
    assert columns_past(values, Box(1388, 0, 1539, 50), starts) == 2
    assert columns_past(values, Box(1599, 0, 1651, 50), starts) == 0  # closed by the table's border
    # a block of fewer, wider columns (table 2's 本年增/减 over two) ends at the border too
    assert columns_past(values, Box(1127, 0, 1651, 50), starts) == 0


def test_a_real_reports_rows_under_a_seal_are_placed_and_nothing_is_published_wrong() -> None:
    # page 2 of a real report's browser print, scanned in colour (see the README beside it):
    # the seal's star hid one column rule in table 3's rows 二 and (一), whose values were
    # lost with their place.  The rows are placed, a null where the rule was; no value read
    # differs from the report's own HTML
    from PIL import Image

    page = Image.open(SCAN_PAGES / "shanghai_bgt_2019_colour_page2.jpg")
    report = parse_bytes(image_pdf([page]), filename="shanghai_bgt_2019.scan.pdf")
    html = (REAL_REPORTS / "shanghai_bgt_2019.html").read_bytes()
    truth = parse_bytes(html, filename="shanghai_bgt_2019.html")["cells"]
    cells = report["cells"]
    assert cells["t3.carried_over.natural"] == 18
    assert cells["t3.granted.natural"] == 258
    # a blank cell under a value is blank, not a value that could not be read
    assert report["markers"]["t3.partial.commercial"] == "blank"
    wrong = {c: (v, truth.get(c)) for c, v in cells.items() if v is not None and v != truth.get(c)}
    assert not wrong, wrong
    assert sum(1 for c, v in truth.items() if c in report["raw"] and cells.get(c) == v) >= 120


def test_a_number_the_page_edge_cut_is_never_published() -> None:
    # a table printed wider than its page (a browser's printout of a portal page): its last
    # column runs off the edge, "805" shows as "80" and a sliver.  That column's cells are
    # null; the columns inside the page are read
    import cv2
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from parsers.document import OCR_UNREADABLE, Table
    from parsers.formats.ocr_engine import models

    img = Image.new("L", (1654, 500), 255)
    draw, font = ImageDraw.Draw(img), ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 30)
    gray = np.array(img)
    for y in (100, 200, 300):
        cv2.line(gray, (100, y), (1653, y), 0, 2)
    for x in (100, 700, 1100, 1500):
        cv2.line(gray, (x, 100), (x, 300), 0, 2)
    img = Image.fromarray(gray)
    draw = ImageDraw.Draw(img)
    for k, (label, inner, cut) in enumerate((("行政许可", "12", "805"), ("行政处罚", "34", "72"))):
        top = 130 + 100 * k
        draw.text((130, top), label, font=font, fill=0)
        draw.text((880, top), inner, font=font, fill=0)
        draw.text((1625, top), cut, font=font, fill=0)  # "805" runs past the edge at 1654
    ((_, table),) = [b for b in scan.read_page(np.array(img), models(), 1) if isinstance(b[1], Table)]
    assert [row[1] for row in table.rows] == ["12", "34"]
    assert [row[-1] for row in table.rows] == [OCR_UNREADABLE, OCR_UNREADABLE]


def test_values_beside_labels_ocr_could_not_read_are_never_moved_into_a_row() -> None:
    # a real report's table 3 (its own HTML) broken where a page ended, after 4.无正当理由
    # 大量反复申请, whose cells are blank; the rest as a bitonal scan of the next page gave it:
    # its labels unreadable, so OCR cut them as cells of no known column.  Their 805 is no
    # value of that row's, and a cell that could not be read may be a value or a label:
    # nothing is moved past one, nothing published differs from the HTML
    from parsers import _document
    from parsers.document import OCR_UNREADABLE as U
    from parsers.document import Table
    from parsers.report import build_report

    html = (REAL_REPORTS / "shanghai_bgt_2019.html").read_bytes()
    truth = parse_bytes(html, filename="shanghai_bgt_2019.html")["cells"]
    doc = _document("html", html, "shanghai_bgt_2019.html", None, None)
    t3 = next(b for b in doc.blocks if isinstance(b, Table) and "本年新收" in str(b.rows))
    del t3.rows[next(i for i, row in enumerate(t3.rows) if "无正当理由" in row[0]) + 1 :]
    next_page = [["", "", "", U, "", ""], [U, U, "", U, U, U, "805"], ["四结转下年度继续力理72", "", "", U, U, U]]
    doc.blocks.insert(doc.blocks.index(t3) + 1, Table(next_page, origin="scan:page3"))
    report = build_report(doc, "shanghai_bgt_2019.scan.pdf")
    wrong = {c: (v, truth.get(c)) for c, v in report["cells"].items() if v is not None and v != truth.get(c)}
    assert not wrong, wrong
    assert report["cells"]["t3.rejected.excessive.total"] is None


def test_a_titles_large_print_is_not_run_on_into_the_paragraph_under_it() -> None:
    # a real report's title as a phone photo of its print gave the lines (top, bottom,
    # left, right): the title's larger print runs near the right margin, and the first
    # line of the paragraph under it starts unindented.  The paragraph's own lines run on
    from parsers.formats.ocr_prose import _paragraphs

    title = "2024年上海市科委政府信息公开工作年度报告"
    paragraph = ["根据《中华人民共和国政府信息公开条例》的要求，市科委编制了", "2024年度政务公开工作报告", "等六部分。"]
    lines = [
        (180.0, 250.0, 95.0, 1500.0, title),
        (280.0, 318.0, 95.0, 1540.0, paragraph[0]),
        (325.0, 363.0, 95.0, 1530.0, paragraph[1]),
        (370.0, 408.0, 95.0, 900.0, paragraph[2]),
    ]
    assert [text for _, text in _paragraphs(lines)] == [title, "".join(paragraph)]
