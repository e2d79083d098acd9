"""Plain text → Document.

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
import unicodedata

from ..charset import decode_text
from ..document import Document, Table
from ..values import COUNT_UNITS

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING_LIKE = re.compile(
    r"^\s*(#|[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十]+[部分章节]|[（(][一二三四五六七八九十]+[)）])"
)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>=\"'])")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1")
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\((?:[^)\n]*)\)")
_AGENCY_LINE = re.compile(r"(局|委员会|政府|办公室|办公厅|大队|支队|中心|法院|检察院|管委会|街道办事处|年|月|日|报告|工作)$")
_CELL_PIPE = re.compile(r"^(?P<cell>[^|]*[^|\s])\s*\|[\s|]*$")
_VALUE_LIKE = re.compile(r"^[\s\u3000]*[-+—–/／\\无]?[\s\u3000]*[\d.,，]*[\s\u3000]*$")


def to_document(data: bytes, filename: str | None = None, url: str | None = None) -> Document:
    return parse_text(decode_text(data))


def _is_prose_line(line: str) -> bool:
    return len(line.strip()) > 60 or "。" in line


def _join_innertext_cells(text: str) -> str:
    """A browser's innerText: cells on their own lines, a lone tab line between two cells.

    Blank lines pad everything; two or more blank lines end a row; a line after a single blank
    line and no tab continues its cell ("商业\n\n企业").  Rejoin each row into one tab-separated
    line (an empty cell shows as two tab lines in a row).
    """
    separators = text.count("\n\n\t\n\n")
    if separators < 10 or len(re.findall(r"^\t[^\t\n\s]", text, re.M)) * 5 > separators:
        return text  # tab-prefixed cells (one cell per line) are another rendering
    rows: list[list[str]] = []
    cur: list[str] = []
    pending = False  # a separator was read: the next line opens a new cell
    blanks = 0
    for line in text.split("\n"):
        if "\t" in line and not line.strip(" \t\xa0\u3000"):
            # one or more separators (with blank cells between them on the same line)
            for _ in range(line.count("\t")):
                if blanks >= 2 and cur:
                    if pending:
                        cur.append("")
                    rows.append(cur)
                    cur = []
                if pending or not cur:
                    cur.append("")
                pending, blanks = True, 0
            continue
        if not line.strip(" \t\r"):
            blanks += 1
            continue
        if cur and (_heading_like(line) or _is_prose_line(line)
                    or (not pending and (_heading_like(cur[-1]) or _is_value(cur[-1])))):
            blanks = max(blanks, 2)  # a heading or prose after a cell: the row is over
        if blanks >= 2 and cur:
            if pending:
                cur.append("")
            rows.append(cur)
            cur, pending = [], False
        if pending or not cur:
            cur.append(line.strip())
        else:
            cur[-1] += "\n" + line.strip()
        pending, blanks = False, 0
    if cur:
        rows.append(cur)
    return "\n\n".join("\t".join(c.replace("\n", "") if len(r) > 1 else c for c in r) for r in rows)


def _kind(line: str) -> str:
    if "\t" in line:
        # spaces before the tab are indentation the extraction added ("  \t7"), not a cell
        line = line.lstrip(" \u3000\xa0") if line.lstrip(" \u3000\xa0").startswith("\t") else line
        if line.startswith("\t") and line.count("\t") == 1:
            return "tabcell"
        if line.strip("\t \u3000"):
            return "tabrow"
        return "tabcell" if line.count("\t") == 1 else "tabrow"
    s = line.strip()
    if not s:
        # a line of nothing but NBSP is what an HTML-to-text tool leaves of an empty cell (&nbsp;)
        return "blank"
    if s == "|":
        return "bar"
    if set(s) == {"|"}:
        return "pipes"  # "||", "|||": colspan padding of a cell-per-line pipe rendering
    if _CELL_PIPE.match(s):
        return "cellpipe"  # "规章 |", "8 | ||||": one cell per line, closed by its pipe (and padding)
    if _MD_SEPARATOR.match(s) and "-" in s and "|" in s:
        return "sep"
    if s.count("|") >= 2 or (s.count("|") == 1 and not s.startswith("|")):
        return "piperow"  # "| a | b |", "a | b |", "a | b"
    return "text"


def _heading_like(text: str) -> bool:
    s = text.strip()
    return bool(_HEADING_LIKE.match(s)) or (s.endswith("情况") and len(s) > 8) or s.endswith("。")


# a number with its unit: "21000元" in a fees cell, "7件" (the units parsers.values reads)
_WITH_UNIT = re.compile(rf"^[\s\u3000]*\d[\d.,，]*[\s\u3000]*(?:万元|元|[{COUNT_UNITS}])[\s\u3000]*$")


def _is_value(text: str) -> bool:
    return bool(text.strip()) and bool(_VALUE_LIKE.match(text) or _WITH_UNIT.match(text))


def _split_pipe(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        # markdown: the outer pipes close the row
        s = s[1:]
        if s.endswith("|"):
            s = s[:-1]
    # without a leading pipe ("a| 1| 1|    "), a trailing pipe opens one more (blank) cell
    return [c.strip() for c in s.split("|")]


def parse_text(text: str) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _BOOKMARK.sub("", text)
    # markdown debris: backslash escapes ("\\+6", "2\\.重复申请") and bold/italic wrappers
    text = _MD_ESCAPE.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", text))
    text = _join_innertext_cells(text)
    lines = text.split("\n")
    kinds = [_kind(line) for line in lines]
    blocks: list = []
    i, n = 0, len(lines)
    while i < n:
        k = kinds[i]
        if k == "blank":
            if "\xa0" in lines[i] and not lines[i].strip(" \xa0"):
                # a line of nothing but NBSP is what an HTML-to-text tool leaves of an empty cell (&nbsp;)
                blocks.append("\xa0")
            i += 1
        elif _GRID_BORDER.match(lines[i]):
            table, i = _grid_table(lines, i)
            if table.rows:
                blocks.append(table)
        elif k == "text" and _COLUMN_RULE.match(lines[i]) and _closing_rule(lines, i) > i:
            table, i = _ruled_table(lines, i, _closing_rule(lines, i))
            blocks.append(table)
        elif k == "tabcell":
            table, i = _cell_per_line(lines, kinds, i)
            blocks.append(table)
        elif k == "tabrow":
            table, i = _tab_rows(lines, kinds, i)
            blocks.append(table)
        elif k in ("piperow", "sep"):
            table, i = _pipe_rows(lines, kinds, i)
            if table.rows:
                blocks.append(table)
        elif k == "cellpipe" and not _next_is(kinds, i, "cellpipe", window=1) and \
                not _next_is(kinds, i, "bar", window=1) and lines[i].count("|") > 1:
            table, i = _pipe_rows(lines, kinds, i)  # "第二十条第（一）项 | |||" among pipe rows
            blocks.append(table)
        elif k == "cellpipe" or (k in ("bar", "pipes") and _next_is(kinds, i, "cellpipe")):
            table, i = _cell_pipes(lines, kinds, i)
            if table.rows:
                blocks.append(table)
        elif k == "pipes":
            i += 1
        elif k == "bar":
            table, i = _bar_cells(lines, kinds, i)
            if table.rows:
                blocks.append(table)
        else:
            j = _fragment_run(lines, kinds, i)
            if j > i + 1:
                # one cell's text broken into short lines (span soup), set off by blank lines: rejoin
                blocks.append("".join(line.strip() for line in lines[i:j]))
                i = j
                continue
            blocks.append(_MD_HEADING.sub("", lines[i]).strip())
            i += 1
    return Document(blocks=blocks, format="text")


# pandoc's plain-text tables ("simple" and "multiline"): dashed rules whose runs give the columns
#   ---------- ---------- ------
#   行政复议              行政诉讼
#   0          0          1
#   ---------- ---------- ------
# cells sit inside their column's span of display columns (a CJK character is two wide), so blank
# cells keep their place, which splitting on runs of spaces loses
_COLUMN_RULE = re.compile(r"^\s*-{3,}(?:\s+-{3,}){2,}\s*$")
_FULL_RULE = re.compile(r"^\s*-{10,}\s*$")


# pandoc's grid tables: "+----+----+" borders between rows, a row's cells wrapped over several
# "| … | … |" lines ("| 其他对外管  |" / "| 理服务事项  |"): rejoin each cell's lines
_GRID_BORDER = re.compile(r"^\s*\+[-=:]{3,}(?:\+[-=:]{3,})*\+\s*$")


def _grid_table(lines: list[str], i: int) -> tuple[Table, int]:
    rows: list[list[str]] = []
    current: list[str] | None = None
    j = i
    while j < len(lines):
        line = lines[j].strip()
        if _GRID_BORDER.match(line):
            if current is not None:
                rows.append(current)
            current = None
        elif line.startswith("|") and line.endswith("|"):
            cells = [c.strip() for c in line[1:-1].split("|")]
            if current is None:
                current = cells
            elif len(cells) == len(current):
                current = [a + b for a, b in zip(current, cells, strict=True)]
            else:
                rows.append(current)
                current = cells
        else:
            break
        j += 1
    if current is not None:
        rows.append(current)
    return Table(rows=rows, origin="text:grid"), j


def _closing_rule(lines: list[str], i: int) -> int:
    """The line index of the rule that closes the table opened at i (or -1)."""
    for j in range(i + 1, min(len(lines), i + 400)):
        if _COLUMN_RULE.match(lines[j]) or _FULL_RULE.match(lines[j]):
            return j
    return -1


def _display_cells(line: str, starts: list[int]) -> list[str]:
    cells = [""] * len(starts)
    pos = 0
    for ch in line:
        width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if not ch.isspace():
            col = max((k for k, st in enumerate(starts) if st <= pos), default=0)
            cells[col] += ch
        elif cells and pos > 0:
            col = max((k for k, st in enumerate(starts) if st <= pos), default=0)
            if cells[col] and not cells[col].endswith(" "):
                cells[col] += " "  # a space inside a cell ("商业 企业"); trimmed below
        pos += width
    return [c.strip() for c in cells]


def _ruled_table(lines: list[str], i: int, end: int) -> tuple[Table, int]:
    """The rows between the column rule at i and the closing rule at end; returns the index after it."""
    starts = [m.start() for m in re.finditer(r"-{3,}", lines[i])]
    body = lines[i + 1:end]
    # multiline tables separate their rows by blank lines, and a cell wraps within its row
    multiline = sum(1 for line in body if not line.strip()) >= max(2, len(body) // 4)
    rows: list[list[str]] = []
    current: list[str] | None = None
    for line in body:
        if not line.strip() or _COLUMN_RULE.match(line):
            if multiline and current is not None:
                rows.append(current)
                current = None
            continue
        cells = _display_cells(line, starts)
        if multiline and current is not None:
            current = [a + b for a, b in zip(current, cells, strict=True)]
        elif multiline:
            current = cells
        else:
            rows.append(cells)
    if current is not None:
        rows.append(current)
    return Table(rows=rows, origin="text:ruled"), end + 1


def _fragment_run(lines: list[str], kinds: list[str], i: int) -> int:
    """End of a run of short label fragments starting at i, blank lines before and after it (else i)."""
    if (i > 0 and kinds[i - 1] != "blank") or sum(1 for k in kinds[:i] if k != "blank") < 8:
        return i  # (the title block at the top is never a run of cell fragments)
    j = i
    while j < len(lines) and kinds[j] == "text":
        t = lines[j].strip()
        if len(t) > 16 or _heading_like(t) or _is_value(t) or t.startswith("#") or _AGENCY_LINE.search(t):
            return i
        j += 1
    if j < len(lines) and kinds[j] != "blank":
        return i
    return j


def _next_is(kinds: list[str], i: int, kind: str, window: int = 3) -> bool:
    """Whether one of the next few non-blank lines after i is of the given kind."""
    seen = 0
    for k in kinds[i + 1:]:
        if k == "blank":
            continue
        if k == kind:
            return True
        seen += 1
        if seen >= window:
            return False
    return False


def _cell_pipes(lines: list[str], kinds: list[str], i: int) -> tuple[Table, int]:
    """Each cell on its own line closed by "|", "|" alone for an empty cell, "||"/"|||" as padding.

    Such renderings mark no row ends; a label that follows a value, an empty cell or padding starts
    a new row, which is where the form's rows start.
    """
    rows: list[list[str]] = []
    row: list[str] = []
    prev = "start"
    n = len(lines)
    j = i
    while j < n:
        k = kinds[j]
        if k == "cellpipe":
            m = _CELL_PIPE.match(lines[j].strip())
            content = m.group("cell").strip() if m else ""
            is_label = bool(content) and not _is_value(content)
            if is_label and prev in ("value", "empty", "pad") and row:
                rows.append(row)
                row = []
            row.append(content)
            prev = "label" if is_label else ("value" if content else "empty")
            if lines[j].count("|") > 1:
                prev = "pad"
        elif k == "bar":
            row.append("")
            prev = "empty"
        elif k == "pipes":
            prev = "pad"
        elif k == "blank":
            m = _next_nonblank(kinds, j)
            if m < n and kinds[m] in ("cellpipe", "bar", "pipes"):
                j = m
                continue
            break
        else:
            break
        j += 1
    if row:
        rows.append(row)
    return Table(rows=rows, origin="text:cellpipes"), j


def _next_nonblank(kinds: list[str], j: int) -> int:
    while j < len(kinds) and kinds[j] == "blank":
        j += 1
    return j


# "规章  0  0  0": a row of its own (label and values on one line), never the wrapped tail of a cell
_ROW_WITH_VALUES = re.compile(r"\S(?:[\s\u3000]+[-+]?\d[\d.,]*){2,}[\s\u3000]*$")


def _cell_per_line(lines: list[str], kinds: list[str], i: int) -> tuple[Table, int]:
    """One cell per tab-prefixed line; blank lines end rows; untabbed short lines continue a cell."""
    rows: list[list[str]] = []
    row: list[str] = []
    n = len(lines)

    def last_cell_is_label() -> bool:
        target = row if row else (rows[-1] if rows else [])
        return bool(target) and bool(target[-1].strip()) and not _is_value(target[-1])

    def continue_cell(text: str) -> None:
        target = row if row else rows[-1]
        target[-1] = target[-1] + "\n" + text.strip()

    j = i
    while j < n:
        k = kinds[j]
        if k == "tabcell":
            row.append(lines[j][1:].strip() if lines[j].startswith("\t") else lines[j].strip())
            j += 1
        elif k == "blank":
            m = _next_nonblank(kinds, j)
            if (
                m < n
                and kinds[m] == "text"
                and m == j + 1
                and m + 1 < n
                and kinds[m + 1] == "tabcell"
                and len(lines[m].strip()) <= 15
                and not _heading_like(lines[m])
                and last_cell_is_label()
            ):
                # a cell wrapped across a blank line ("4.无正当理由大量反复\n\n申请"): same row
                continue_cell(lines[m])
                j = m + 1
                continue
            if row:
                rows.append(row)
                row = []
            if m < n and kinds[m] == "tabcell":
                j = m
                continue
            j = m
            break
        elif k == "text" and kinds[j - 1] == "tabcell" and not _heading_like(lines[j]) and last_cell_is_label() \
                and len(lines[j].strip()) <= 40 and not _ROW_WITH_VALUES.search(lines[j]):
            continue_cell(lines[j])
            j += 1
        else:
            break
    if row:
        rows.append(row)
    return Table(rows=rows, origin="text:cells"), j


def _tab_rows(lines: list[str], kinds: list[str], i: int) -> tuple[Table, int]:
    """Tab-separated rows; a short untabbed line between two rows is the wrapped start of the next row's label."""
    rows: list[list[str]] = []
    n = len(lines)
    j = i
    pending = ""
    while j < n:
        k = kinds[j]
        if k in ("tabrow", "tabcell"):
            cells = [c.strip() for c in lines[j].split("\t")]
            if pending:
                for idx, c in enumerate(cells):
                    if c:
                        cells[idx] = pending + "\n" + c
                        break
                pending = ""
            rows.append(cells)
            j += 1
        elif k == "text" and j + 1 < n and kinds[j + 1] == "tabrow" and len(lines[j].strip()) <= 40 \
                and (not _heading_like(lines[j]) or _wrapped_numbered_label(lines[j], lines[j + 1])):
            pending = lines[j].strip()
            j += 1
        elif k == "blank":
            m = _next_nonblank(kinds, j)
            if m < n and kinds[m] == "tabrow" and m - j <= 1:
                j = m
                continue
            break
        else:
            break
    return Table(rows=rows, origin="text:tabs"), j


def _wrapped_numbered_label(line: str, next_row: str) -> bool:
    """"一、本年" above "新收政府信息公开申请数量\t…": a numbered row label wrapped right after its numbering.

    A heading stands alone; this head is a few characters and the row below starts with no
    numbering of its own, so the two are one label.
    """
    head = line.strip()
    first = next((c.strip() for c in next_row.split("\t") if c.strip()), "")
    return len(head) <= 8 and not head.endswith(("。", "情况")) and bool(first) \
        and not _HEADING_LIKE.match(first) and not re.match(r"^[\d(（①-⑳]", first) and not _is_value(first)


def _pipe_rows(lines: list[str], kinds: list[str], i: int) -> tuple[Table, int]:
    rows: list[list[str]] = []
    n = len(lines)
    j = i
    while j < n:
        k = kinds[j]
        if k == "piperow" or (k == "cellpipe" and lines[j].count("|") > 1):
            rows.append(_split_pipe(lines[j]))
            j += 1
        elif k == "sep":
            j += 1
        elif k == "blank":
            m = _next_nonblank(kinds, j)
            if m < n and kinds[m] in ("piperow", "sep") and m - j <= 1:
                j = m
                continue
            break
        else:
            break
    return Table(rows=rows, origin="text:pipes"), j


def _bar_cells(lines: list[str], kinds: list[str], i: int) -> tuple[Table, int]:
    """Every "|" on its own line: text lines between bars are cells, two bars in a row end a row."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    n = len(lines)
    j = i
    prev_bar = False
    while j < n:
        k = kinds[j]
        if k == "bar":
            if cell:
                row.append("\n".join(cell))
                cell = []
            elif prev_bar and row:
                rows.append(row)
                row = []
            prev_bar = True
            j += 1
        elif k == "text":
            if not prev_bar and not cell:
                break
            cell.append(lines[j].strip())
            prev_bar = False
            j += 1
        elif k == "blank":
            m = _next_nonblank(kinds, j)
            if m < n and kinds[m] == "bar":
                if prev_bar and not cell:
                    row.append("")  # an empty cell: nothing but a blank line between two bars
                    prev_bar = False
                j = m
                continue
            if m < n and kinds[m] == "text" and m + 1 < n and kinds[m + 1] == "bar" and (prev_bar or cell) \
                    and not _heading_like(lines[m]):
                j = m
                continue
            break
        else:
            break
    if cell:
        row.append("\n".join(cell))
    if row:
        rows.append(row)
    return Table(rows=rows, origin="text:bars"), j
