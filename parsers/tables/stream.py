"""A Document flattened into one stream of rows (``Slot``): table rows as they are, paragraphs split
into cells when they read like a flattened table row, page furniture dropped; and the tests a row
of the stream answers (a label? prose? values only?)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Document, Table
from ..values import is_value_text
from .labels import MAX_LABEL, norm

_RUN_OF_VALUES = re.compile(r"^\s*[-+]?\d[\d,.]*(?:\s+[-+]?\d[\d,.]*)+\s*$")


@dataclass
class Slot:
    cells: list[str]
    block: int
    from_table: bool
    norms: list[str] = field(default_factory=list)
    whole: bool = False  # a line kept as it was read (OCR prose): never split into values

    def __post_init__(self) -> None:
        # two values run into one cell by the extraction ("0 0"): two cells
        if not self.whole and any(_RUN_OF_VALUES.match(c) for c in self.cells):
            self.cells = [part for c in self.cells for part in (c.split() if _RUN_OF_VALUES.match(c) else [c])]
        self.norms = [norm(c) for c in self.cells]


_SPACED_UNIT = re.compile(r"(\d)\s+(万元|元)(?=\s|$)")


_PARA_SPLIT = re.compile(r"\t|\||\s{2,}|\u3000+")


_VALUE_TOKEN = r"(?:[+\-增减]?\d[\d,.]*(?:万元|元)?|--\d+|[-—/]|无|不适用)"


_TRAILING_VALUES = re.compile(rf"^(?P<label>.*?[^\s\d.+\-])\s+(?P<vals>{_VALUE_TOKEN}(?:\s+{_VALUE_TOKEN})*)\s*$")


_ALL_VALUES = re.compile(rf"^\s*{_VALUE_TOKEN}(?:\s+{_VALUE_TOKEN})+\s*$")


def _split_paragraph(text: str) -> list[str]:
    """A paragraph that is really a flattened table row → its cells; prose stays one cell."""
    if "。" in text or (len(text) > 160 and not re.search(r"\S\s{2,}\S", text)):
        return [text]
    text = _SPACED_UNIT.sub(r"\1\2", text)  # "29500 元" is one cell
    if _ALL_VALUES.match(text):
        return text.split()
    parts = [p.strip() for p in _PARA_SPLIT.split(text) if p.strip()]
    if len(parts) == 1:
        m = _TRAILING_VALUES.match(parts[0])
        if m and len(m.group("label")) <= MAX_LABEL:
            return [m.group("label").strip(), *m.group("vals").split()]
        return [text]
    out: list[str] = []
    for p in parts:
        m = _TRAILING_VALUES.match(p)
        if m:
            out.extend([m.group("label").strip(), *m.group("vals").split()])
        elif _ALL_VALUES.match(p):
            out.extend(p.split())
        else:
            out.append(p)
    return out


# "— 5 —", "- 5 -", "第5页 共12页", "5/12": page furniture of a PDF text layer
_PAGE_FOOTER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$"
)


# the report's title repeated as a PDF page header ("XX局2024年政府信息公开工作年度报告"): never a table row
_RUNNING_TITLE = re.compile(r"^\S{0,40}政府信息公开(?:工作)?年度报告$")


_RULE_LINE = re.compile(r"^(?=.*[-=_─━]{4})[\s\-=+:|_—─━┄┈]+$")  # the rules of a plain-text table drawing


def build_stream(doc: Document) -> list[Slot]:
    stream: list[Slot] = []
    # an OCR'd page's prose is read by detection, line by line, without a cell's confidence:
    # a table whose grid was not found must not come back through it as rows of values
    # (two columns' "1" and "6" detected as one box are 16): its cells stay null
    ocr = doc.meta.get("read_by") == "ocr"
    for bi, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            for row in block.rows:
                stream.append(Slot(list(row), bi, True))
        else:
            for line in block.split("\n"):
                if (
                    line.strip()
                    and not _RULE_LINE.match(line)
                    and not _PAGE_FOOTER.match(line)
                    and not _RUNNING_TITLE.match(line.strip())
                ):
                    text = line.strip()
                    stream.append(Slot([text] if ocr else _split_paragraph(text), bi, False, whole=ocr))
                elif line and not line.strip(" \xa0"):
                    stream.append(Slot([""], bi, False))  # an empty cell's &nbsp;, on a line of its own
    return stream


def is_label(n: str) -> bool:
    return bool(n) and len(n) <= MAX_LABEL and not is_value_text(n)


def is_prose(slot: Slot) -> bool:
    """A paragraph of running text (not a label, not a value)."""
    if slot.from_table or len(slot.cells) != 1:
        return False
    n = slot.norms[0]
    return len(n) > MAX_LABEL or (slot.cells[0].strip().endswith(("。", "；", ";")) and len(n) > 8)


def value_only(slot: Slot) -> bool:
    return all(not n or is_value_text(n) for n in slot.norms)


def prev_nonempty(stream: list[Slot], i: int) -> int:
    j = i - 1
    while j >= 0 and not any(stream[j].norms):
        j -= 1
    return j


def after_values(stream: list[Slot], i: int) -> bool:
    """Whether the nearest non-empty row above row i ends with a value (the row above is complete)."""
    j = prev_nonempty(stream, i)
    last = [n for n in stream[j].norms if n] if j >= 0 else []
    return bool(last) and is_value_text(last[-1])


def fragment_and_values(slot: Slot) -> bool:
    """The wrapped tail of a label ("他情形）") and the rest of the row's values on one line."""
    texts = [n for n in slot.norms if n and not is_value_text(n)]
    return bool(texts) and all(len(t) <= 10 for t in texts) and any(n and is_value_text(n) for n in slot.norms)


def text_and_values(slot: Slot) -> bool:
    """A line with label text (of any length) and values."""
    return any(n and not is_value_text(n) for n in slot.norms) and any(n and is_value_text(n) for n in slot.norms)
