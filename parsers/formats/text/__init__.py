"""Plain text → Document: cleaned of markup debris, then cut into paragraphs and tables by the
kind of each line (``lines``); one module per family of renderings (``innertext``, ``ruled``, ``rows``).


Real extractions of the annual reports render their tables in several
ways, all handled here (format-spec §4.2):

* one cell per line, each cell prefixed by a tab, rows separated by blank
  lines, empty ``"\\t"`` lines standing for merged cells; a cell may wrap
  onto a line without the tab, even after a blank line
  ("4.无正当理由大量反复\\n\\n申请");
* tab-separated rows with ragged leading empties;
* pipe rows ``| a | b |`` (markdown tables, ``||||`` padding) and the
  variant where every ``|`` sits on its own line;
* markdown headings, ``[bookmark: _Hlk…]`` debris, U+3000 padding.
"""

from __future__ import annotations

import re

from ...charset import decode_text
from ...document import Document, Table
from .innertext import join_innertext_cells
from .lines import fragment_run, line_kind, next_is
from .rows import bar_cells, cell_per_line, cell_pipes, pipe_rows, tab_rows
from .ruled import COLUMN_RULE, GRID_BORDER, closing_rule, grid_table, ruled_table

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")


_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>=\"'])")


_MD_EMPHASIS = re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1")


_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")


_MD_LINK = re.compile(r"\[([^\]\n]*)\]\((?:[^)\n]*)\)")


def to_document(data: bytes, filename: str | None = None, url: str | None = None) -> Document:
    return parse_text(decode_text(data))


def _without_markup_debris(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _BOOKMARK.sub("", text)
    # markdown debris: backslash escapes ("\\+6", "2\\.重复申请") and bold/italic wrappers
    text = _MD_ESCAPE.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", text))


Block = str | Table | None  # None: nothing to keep
_ROW_READERS = {"tabcell": cell_per_line, "tabrow": tab_rows}


def _if_rows(table: Table, i: int) -> tuple[Block, int]:
    return (table if table.rows else None), i


def _pipe_block(lines: list[str], kinds: list[str], i: int) -> tuple[Block, int]:
    k = kinds[i]
    if (
        k == "cellpipe"
        and not next_is(kinds, i, "cellpipe", window=1)
        and not next_is(kinds, i, "bar", window=1)
        and lines[i].count("|") > 1
    ):
        return pipe_rows(lines, kinds, i)  # "第二十条第（一）项 | |||" among pipe rows
    if k == "cellpipe" or (k in ("bar", "pipes") and next_is(kinds, i, "cellpipe")):
        return _if_rows(*cell_pipes(lines, kinds, i))
    if k == "pipes":
        return None, i + 1
    return _if_rows(*bar_cells(lines, kinds, i))


def _text_block(lines: list[str], kinds: list[str], i: int) -> tuple[Block, int]:
    j = fragment_run(lines, kinds, i)
    if j > i + 1:
        # one cell's text broken into short lines (span soup), set off by blank lines: rejoin
        return "".join(line.strip() for line in lines[i:j]), j
    return _MD_HEADING.sub("", lines[i]).strip(), i + 1


def _read_block(lines: list[str], kinds: list[str], i: int) -> tuple[Block, int]:
    """The block that starts at line i and the line after it."""
    k, line = kinds[i], lines[i]
    if k == "blank":
        # a line of nothing but NBSP is what an HTML-to-text tool leaves of an empty cell (&nbsp;)
        return ("\xa0" if "\xa0" in line and not line.strip(" \xa0") else None), i + 1
    if GRID_BORDER.match(line):
        return _if_rows(*grid_table(lines, i))
    if k == "text" and COLUMN_RULE.match(line) and closing_rule(lines, i) > i:
        return ruled_table(lines, i, closing_rule(lines, i))
    if k in _ROW_READERS:
        return _ROW_READERS[k](lines, kinds, i)
    if k in ("piperow", "sep"):
        return _if_rows(*pipe_rows(lines, kinds, i))
    if k in ("cellpipe", "bar", "pipes"):
        return _pipe_block(lines, kinds, i)
    return _text_block(lines, kinds, i)


def parse_text(text: str) -> Document:
    lines = join_innertext_cells(_without_markup_debris(text)).split("\n")
    kinds = [line_kind(line) for line in lines]
    blocks: list[str | Table] = []
    i = 0
    while i < len(lines):
        block, i = _read_block(lines, kinds, i)
        if block is not None:
            blocks.append(block)
    return Document(blocks=blocks, format="text")
