"""DOCX rendering with python-docx: merged cells as Word stores them (gridSpan, vMerge)."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from docgen.blocks import report_blocks
from docgen.grids import Grid, expand

FONT = "宋体"  # what real reports ask for; LibreOffice substitutes Noto CJK


def _east_asian(run_or_style, name: str = FONT) -> None:
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


# column widths (cm) of the printed form, 17 cm between the margins
WIDTHS = {
    "t2": [5.0, 4.0, 4.0, 4.0],
    "t3": [1.6, 1.8, 3.8] + [1.4] * 7,
    "t4": [17 / 15] * 15,
}


def _set_widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    for col, w in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=False):
        col.w = Cm(w)
    for tr in table._tbl.tr_lst:
        offset = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Cm(sum(widths_cm[offset : offset + span]))
            offset += span


def _add_grid(
    doc,
    grid: Grid,
    *,
    repeat_header: int = 0,
    font_pt: float = 8,
    widths: list[float] | None = None,
    cant_split: bool = True,
) -> None:
    shape = expand(grid, fill="")
    nrows, ncols = len(shape), len(shape[0])
    table = doc.add_table(rows=nrows, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # merge first, then write: python-docx moves content on merge
    occupied = [[False] * ncols for _ in range(nrows)]
    trs = table._tbl.tr_lst
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while occupied[r][c]:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    occupied[r + dr][c + dc] = True
            target = _merged(table, trs, r, c, cell.rowspan, cell.colspan)
            _write_cell(target, cell.text, font_pt, bold=cell.head and r < repeat_header)
            c += cell.colspan
    if widths and len(widths) == ncols:
        _set_widths(table, widths)
    for i, tr in enumerate(table.rows):
        trpr = tr._tr.get_or_add_trPr()
        if cant_split:
            trpr.append(OxmlElement("w:cantSplit"))  # rows never break across pages
        if i < repeat_header:
            trpr.append(OxmlElement("w:tblHeader"))


def _merged(table, trs, r: int, c: int, rowspan: int, colspan: int) -> _Cell:
    """The cell at (r, c), merged over its spans."""
    # tc_at_grid_offset: table.cell() rebuilds the whole cell matrix on every call
    target = _Cell(trs[r].tc_at_grid_offset(c), table)
    if rowspan > 1 or colspan > 1:
        target = target.merge(_Cell(trs[r + rowspan - 1].tc_at_grid_offset(c + colspan - 1), table))
    return target


def _write_cell(target: _Cell, text: str, font_pt: float, *, bold: bool) -> None:
    """A cell's text, a centred paragraph per line."""
    para = target.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(text.split("\n")):
        if i:
            para = target.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(line)
        run.font.size = Pt(font_pt)
        run.bold = bold


def render_docx(
    report: dict,
    *,
    split_t2: bool = False,
    repeat_t3_header: bool = True,
    running_header: str | None = None,
    rows_split: bool = False,
) -> bytes:
    """The report as a Word document: title, prose, tables with real merges; page
    numbers in the footer and, if given, a running header on every page."""
    doc = new_docx()
    doc.core_properties.author = "Administrator"
    doc.core_properties.title = ""
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    _east_asian(normal)
    for section in doc.sections:
        _set_up_page(section, running_header)
    previous = ""
    for b in report_blocks(report, split_t2=split_t2):
        if b.kind == "table":
            assert b.grid is not None
            if previous == "table":  # adjacent w:tbl elements are read as one table
                doc.add_paragraph()
            _add_grid(
                doc,
                b.grid,
                repeat_header=3 if b.name == "t3" and repeat_t3_header else 0,
                widths=WIDTHS.get(b.name),
                cant_split=not rows_split,
            )
        else:
            _add_text(doc, b.kind, b.text)
        previous = b.kind
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _set_up_page(section, running_header: str | None) -> None:
    """A4, the margins of exported reports, a centred page number in the footer, the running header."""
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.2)
    if running_header:
        hp = section.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        hp.add_run(running_header).font.size = Pt(9)
    fp = section.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = fp.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.text = text
        run._r.append(el)


def _add_text(doc, kind: str, text: str) -> None:
    """A title, heading, signature or body paragraph, set as official documents are."""
    para = doc.add_paragraph()
    run = para.add_run(text)
    if kind == "title":
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run.bold = True
        run.font.size = Pt(16)
    elif kind == "heading":
        run.bold = True
        para.paragraph_format.first_line_indent = Pt(24)
    elif kind == "sign":
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        para.paragraph_format.first_line_indent = Pt(24)
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY  # 两端对齐, as official documents are set
