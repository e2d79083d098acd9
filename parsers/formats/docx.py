"""DOCX → Document (python-docx).

Body paragraphs and tables in document order.  The table walk reads the
``w:tc`` elements themselves rather than python-docx's ``table.cell(r, c)``
grid, which repeats a merged cell at every position of its span: a
horizontal merge (``gridSpan``) is one ``w:tc`` and so appears once, and a
vertical-merge continuation (``vMerge`` without ``restart``) is dropped, so
a merged cell appears once where it starts (the Document convention).
A one-column table that wraps other tables is walked as a container;
a table nested inside a data cell contributes its text to that cell.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from ..document import Document, Table
from ..limits import LimitExceeded, check_zip

_P, _TBL, _TR, _TC, _SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
_SDT_CONTENT, _TCPR, _VMERGE, _VAL = qn("w:sdtContent"), qn("w:tcPr"), qn("w:vMerge"), qn("w:val")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")


def paragraph_text(p: etree._Element) -> str:
    """The visible text of a ``w:p``: runs, tabs and breaks."""
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR):  # deleted revisions are w:delText, not w:t
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _is_continuation(tc: etree._Element) -> bool:
    tcpr = tc.find(_TCPR)
    if tcpr is None:
        return False
    vmerge = tcpr.find(_VMERGE)
    return vmerge is not None and vmerge.get(_VAL) in (None, "continue")


def _children(el: etree._Element):
    """Block children, looking through content controls (``w:sdt``)."""
    for child in el:
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content)
        else:
            yield child


def _cell_text(tc: etree._Element) -> str:
    lines: list[str] = []
    for child in _children(tc):
        if child.tag == _P:
            lines.append(paragraph_text(child))
        elif child.tag == _TBL:  # nested table: its rows as lines
            for tr in child.iter(_TR):
                lines.append(" ".join(_cell_text(c) for c in tr.findall(_TC)))
    # Word leaves empty paragraphs where merged cells were joined: drop the blank edges
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(line.strip() for line in lines)


def _rows(tbl: etree._Element) -> list[etree._Element]:
    return [tr for tr in _children(tbl) if tr.tag == _TR]


def _is_wrapper(tbl: etree._Element) -> bool:
    rows = _rows(tbl)
    return bool(tbl.find(f".//{_TC}//{_TBL}") is not None) and all(len(tr.findall(_TC)) <= 1 for tr in rows)


def _table(tbl: etree._Element, n: int) -> Table | None:
    rows: list[list[str]] = []
    for tr in _rows(tbl):
        cells = [_cell_text(tc) for tc in _children(tr) if tc.tag == _TC and not _is_continuation(tc)]
        if any(cells):
            rows.append(cells)
    return Table(rows=rows, origin=f"docx:table{n}") if rows else None


def body_blocks(body: etree._Element) -> list[str | Table]:
    out: list[str | Table] = []
    count = 0

    def walk(container: etree._Element) -> None:
        nonlocal count
        for child in _children(container):
            if child.tag == _P:
                text = paragraph_text(child).strip()
                if text:
                    out.extend(line.strip() for line in text.split("\n") if line.strip())
            elif child.tag == _TBL:
                if _is_wrapper(child):
                    for tr in _rows(child):
                        for tc in tr.findall(_TC):
                            walk(tc)
                    continue
                count += 1
                t = _table(child, count)
                if t:
                    out.append(t)

    walk(body)
    return out


def to_document(data: bytes, *, filename: str | None = None, url: str | None = None, fmt: str = "docx") -> Document:
    doc = Document(format=fmt)
    try:
        check_zip(data)
        wd = open_docx(io.BytesIO(data))
    except LimitExceeded as exc:
        doc.error = str(exc)
        return doc
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        doc.error = f"corrupt DOCX: {exc}"
        return doc
    doc.blocks = body_blocks(wd.element.body)
    props = wd.core_properties
    if props.title:
        doc.meta["title"] = props.title.strip()
    if props.author:
        doc.meta["author"] = props.author.strip()
    if not doc.tables():
        pictures = _pictures(wd)
        if pictures:  # the tables (or the whole report) pasted as scans: read them by OCR
            from . import scan

            return scan.read_images(pictures, doc)
    if not doc.blocks:
        doc.warnings.append("DOCX has no text (tables may be images)")
    return doc


def _pictures(wd) -> list[bytes]:
    """The pictures of the body in document order (``a:blip`` references)."""
    blip, embed = qn("a:blip"), qn("r:embed")
    out: list[bytes] = []
    for el in wd.element.body.iter(blip):
        part = wd.part.related_parts.get(el.get(embed))
        if part is not None and getattr(part, "content_type", "").startswith("image/"):
            out.append(part.blob)
    return out
