"""An HTML element's paragraphs and tables, in reading order (the HTML reader's text walk).

Tables keep HTML semantics: each ``<td>`` appears once, in the row where it starts, whatever
its rowspan/colspan.  A layout table that wraps other tables (or long prose) is walked as a
container, not read as a table.
"""

from __future__ import annotations

import re

from lxml import etree

from ..document import Table

_BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "blockquote",
    "pre",
    "center",
    "header",
    "footer",
    "dl",
    "dt",
    "dd",
    "form",
    "hr",
    "address",
    "figure",
    "figcaption",
    "main",
    "nav",
    "aside",
    "tr",
    "td",
    "th",
    "caption",
}
SPACE = re.compile(r"[ \t\r\n\f\u00a0\u3000\u2002\u2003\u200b]+")


def clean(text: str) -> str:
    return SPACE.sub(" ", text).strip()


class _CellLines:
    """A cell's text gathered line by line: ``<br>`` and block elements end a line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        line = clean("".join(self.buf))
        if line:
            self.lines.append(line)
        self.buf.clear()

    def children(self, el: etree._Element) -> None:
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)

    def walk(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        breaks = tag in _BLOCK_TAGS or tag == "table"
        if tag == "br" or breaks:
            self.flush()
        if el.text and tag:
            self.buf.append(el.text)
        self.children(el)
        if breaks:
            self.flush()


def _cell_text(td: etree._Element) -> str:
    """A cell's text, lines (``<p>``, ``<br>``, ``<div>``) joined by ``\\n``."""
    cell = _CellLines()
    if td.text:
        cell.buf.append(td.text)
    cell.children(td)
    cell.flush()
    return "\n".join(cell.lines)


def _rows(table: etree._Element) -> list[etree._Element]:
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _is_layout_table(table: etree._Element) -> bool:
    """A table used for page layout: its cells wrap real tables (3+ rows) or long prose.
    A data table whose cell holds a small note table stays a data table."""
    for inner in table.xpath(".//table"):
        if len(_rows(inner)) >= 3:
            return True
    return any(text_len(td) > 300 for tr in _rows(table) for td in tr.xpath("./td | ./th"))


def text_len(el: etree._Element) -> int:
    return len(SPACE.sub("", el.text_content()))


def _table(table: etree._Element, origin: str) -> Table | None:
    rows: list[list[str]] = []
    for tr in _rows(table):
        cells = [_cell_text(td) for td in tr.xpath("./td | ./th")]
        if cells and any(c for c in cells):
            rows.append(cells)
    return Table(rows=rows, origin=origin) if rows else None


def _hidden(el: etree._Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or el.get("hidden") is not None


class _Blocks:
    """Paragraphs and tables gathered in reading order: block elements and ``<br>`` end a paragraph."""

    def __init__(self) -> None:
        self.out: list[str | Table] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        text = clean("".join(self.buf))
        if text:
            self.out.append(text)
        self.buf.clear()

    def table(self, el: etree._Element) -> None:
        self.flush()
        if not _is_layout_table(el):
            t = _table(el, "html")
            if t:
                self.out.append(t)
            return
        for tr in _rows(el):
            for td in tr.xpath("./td | ./th"):
                self.children(td)
                self.flush()

    def walk(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or _hidden(el):
            return
        if tag == "table":
            self.table(el)
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        self.children(el)
        if block:
            self.flush()

    def children(self, el: etree._Element) -> None:
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)


def blocks_of(root: etree._Element) -> list[str | Table]:
    """Paragraphs and tables of an element, in reading order."""
    blocks = _Blocks()
    blocks.walk(root)
    blocks.flush()
    return blocks.out
