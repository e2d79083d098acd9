"""Table 3's row labels: which row a label names (``match_t3``), labels wrapped over lines, the
table's column headings repeated after a page break, and where a table 3 that lost its first rows starts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import cells as registry
from ..form.t2_rows import T2_PATTERNS
from ..form.t3_rows import T3_PATTERNS
from ..values import is_value_text
from .labels import T2_SIGNALS_2019, T2_SIGNALS_2021, T3_HEADER_WORDS, T4_HEADER_WORDS, strip_numbering
from .reading import Anchor
from .stream import Slot, is_label, is_prose, prev_nonempty, value_only

OUTCOME_KEYS = {r.key for r in registry.T3_ROWS} - {"new", "carried_over", "total", "carried_forward"}


# "1.2.本机关不掌握…" / "2.3.重复申请": two rows' numbers in front of one label, where a browser-printed
# PDF put the labels of two short rows on one line
DOUBLED_NUMBERING = re.compile(r"(?<![\d.])(\d)\.(\d)\.(?!\d)")


_INNER_NUMBERING = re.compile(r"\([一二三四五六七]\)|(?<![\d.])[1-8][.、](?!\d)")


_GROUP_PREFIX = re.compile(r"^(?:三、)?(?:本年度?办理结果|不予公开|无法提供|不予处理|其他处理)(?=.)")


def _inner_labels(body: str) -> Iterator[str]:
    """The row label inside a longer text, in the order they are tried."""
    # a group cell run into its first row's label ("本年度办理结果(一)予以公开"), or a fragment of a
    # wrapped group cell before it ("度办理结(二)部分公开", "处理2.重复申请"): the row after the numbering
    rest = strip_numbering(_GROUP_PREFIX.sub("", body))
    if rest and rest != body:
        yield rest
    doubled = DOUBLED_NUMBERING.search(body)
    if doubled:
        # "2.3.重复申请": two rows' numbers in front of the first row's label (see ambiguous_rows)
        yield body[doubled.end() :]
    inner = _INNER_NUMBERING.search(body)
    if inner and inner.start() > 0:
        yield body[inner.start() :]


def _pattern_key(body: str, matched: set[str], last: str | None) -> str | None:
    for key, rx in T3_PATTERNS:
        if not rx.search(body):
            continue
        if key == "other.other" and last not in ("G:other", "other.no_correction", "other.unpaid_fee"):
            continue
        if key == "total" and not (matched & OUTCOME_KEYS):
            continue
        return key
    return None


def match_t3(n: str, matched: set[str], last: str | None) -> str | None:
    """The table 3 row key (or "G:" group) a normalised label names, given the rows matched so far."""
    body = strip_numbering(n)
    if not body:
        return None
    for inner in _inner_labels(body):
        key = match_t3(inner, matched, last)
        if key and not key.startswith("G:"):
            return key
    return _pattern_key(body, matched, last)


def has_values_after(stream: list[Slot], i: int, ci: int) -> bool:
    own = stream[i].norms[ci + 1 :]
    if any(n and is_value_text(n) for n in own):
        return True
    return not any(own) and i + 1 < len(stream) and value_only(stream[i + 1]) and any(stream[i + 1].norms)


NEW_ROW = re.compile(r"^本年度?新收")


# outcome rows specific enough to start table 3 on when its first rows were lost (catdoc drops the
# top of a table in a text box): each is told by words no other table or prose line carries
_T3_SPECIFIC_ROWS = (
    "denied.state_secret",
    "denied.prohibited_by_law",
    "denied.third_party",
    "denied.internal",
    "denied.process",
    "denied.enforcement_file",
    "denied.inquiry",
    "unavailable.not_held",
    "unavailable.needs_creation",
    "unavailable.unclear",
    "rejected.petition",
    "rejected.publication",
    "rejected.excessive",
    "rejected.confirmation",
    "other.no_correction",
    "other.unpaid_fee",
)


_MIN_SPECIFIC_ROWS = 6


def t3_start_without_first_rows(stream: list[Slot]) -> int | None:
    """The first row of a table 3 that lost its 本年新收 row: the first specific outcome row with values,
    when at least six such rows with values follow (an isolated phrase in prose is no table)."""
    first, keys = None, set()
    for i, slot in enumerate(stream):
        if is_prose(slot):
            continue
        for ci, n in enumerate(slot.norms):
            if not is_label(n) or len(n) > 40:
                continue
            key = match_t3(n, set(), None)
            if key in _T3_SPECIFIC_ROWS and has_values_after(stream, i, ci):
                first = i if first is None else first
                keys.add(key)
        if len(keys) >= _MIN_SPECIFIC_ROWS:
            return first
    return None


_GROUP_KEYS = (None, "G:result", "G:denied", "G:unavailable", "G:rejected", "G:other")


def _label_piece(slot: Slot) -> tuple[str, list[int]] | None:
    """A line's one short piece of label text and the positions of its values after it, when the line
    can be a piece of a wrapped label (no piece a row label of its own, no text after the values)."""
    vals = [k for k, x in enumerate(slot.norms) if x and is_value_text(x)]
    texts = [x for x in slot.norms[: vals[0] if vals else len(slot.norms)] if x]
    if (
        len(texts) != 1
        or len(texts[0]) > 16
        or is_prose(slot)
        or (vals and any(x and not is_value_text(x) for x in slot.norms[vals[0] :]))
    ):
        return None
    if match_t3(texts[0], set(), None) not in _GROUP_KEYS:
        return None  # a piece that is a label of its own
    return texts[0], vals


def _next_nonempty(stream: list[Slot], k: int) -> int:
    while k < len(stream) and not any(stream[k].norms):
        k += 1
    return k


def label_lines(stream: list[Slot], i: int) -> tuple[str, Anchor, int] | None:
    """A row label wrapped over two or three lines, its values beside one of them, none of the pieces a
    label of its own ("一、本年新" / "收政府信息  7  0 …" / "公开申请数量", as pdftotext -layout prints
    a tall cell): the joined label and where its values start."""
    text, lines, value_at = "", 0, None
    j = _next_nonempty(stream, i)
    while j < len(stream) and lines < 3:
        piece = _label_piece(stream[j])
        if piece is None or (piece[1] and value_at is not None):
            return None
        if piece[1]:
            value_at = Anchor("", j, piece[1][0] - 1)
        text += piece[0]
        lines += 1
        key = match_t3(text, set(), None) if lines >= 2 and value_at is not None else None
        if key is not None and not key.startswith("G:"):
            # the label's last piece below its values ("公开申请数量") belongs to it too
            k = _next_nonempty(stream, j + 1)
            if lines < 3 and k < len(stream) and label_tail(stream[k]):
                j = k
            return text, value_at, j
        j = _next_nonempty(stream, j + 1)
    return None


_T3_COLUMN_WORDS = tuple(w for w in T3_HEADER_WORDS if w != "勾稽关系")


def t3_headings_above(stream: list[Slot], i: int) -> bool:
    """Column headings of table 3 right above row i: a row of them, or two lines of one heading each."""
    j = prev_nonempty(stream, i)
    if j < 0 or not t3_header_row(stream[j]):
        return False
    k = prev_nonempty(stream, j)
    return sum(1 for n in stream[j].norms if n) >= 2 or (k >= 0 and t3_header_row(stream[k]))


def t3_header_row(slot: Slot) -> bool:
    """A row of table 3's column headings (cells "自然人" … "其他" "总计", or one of them on a line alone)."""
    texts = [n for n in slot.norms if n]
    if not texts or any(is_value_text(n) for n in texts):
        return False
    heads = sum(1 for n in texts if n in _T3_COLUMN_WORDS or n in ("其他", "总计", "合计"))
    return heads == len(texts) and (heads >= 2 or texts[0] in _T3_COLUMN_WORDS or texts[0] == "其他")


def label_tail(slot: Slot) -> bool:
    """A short line of label text that is no row of its own: no numbering, no known row or header word."""
    texts = [n for n in slot.norms if n]
    if len(texts) != 1:
        return False
    n = texts[0]
    if is_value_text(n) or len(n) > 16 or strip_numbering(n) != n or n.startswith("第"):
        return False
    if match_t3(n, set(), None) or any(rx.search(n) for _, rx in T2_PATTERNS):
        return False
    words = T4_HEADER_WORDS + T3_HEADER_WORDS + T2_SIGNALS_2021 + T2_SIGNALS_2019 + ("信息内容",)
    return not any(w in n for w in words if len(w) > 1)
