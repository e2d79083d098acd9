"""The six narrative sections, split on their headings.

Headings vary (format-spec §2.2, §4.4 item 24): numerals missing,
markdown ``#``, wording such as 概述 or 因政府信息公开工作被申请行政复议….
A heading is a short line that matches a section's wording; the prose
between two headings belongs to the first.  Where headings are missing,
the statutory tables stand in for the table sections' anchors.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .document import Document, Table

SECTION_KEYS = ["overview", "proactive", "requests", "review", "problems", "other"]

_NUM = r"^(?:#+\s*)?(?:第?[一二三四五六七八九十]+\s*(?:[、.．:：]|部分)\s*|[（(][一二三四五六七八九十]+[)）]\s*)?"
_PATTERNS: dict[str, re.Pattern[str]] = {
    "overview": re.compile(_NUM + r"(总体情况|概述|概况|基本情况)"),
    "proactive": re.compile(_NUM + r".{0,8}主动公开政府信息.{0,6}情况"),
    "requests": re.compile(_NUM + r".{0,8}(收到和处理政府信息公开申请|依申请公开政府信息.{0,4}情况|依申请公开情况)"),
    "review": re.compile(_NUM + r".{0,16}(行政复议.{0,8}行政诉讼|复议.{0,4}诉讼)"),
    "problems": re.compile(_NUM + r".{0,16}(存在的?主要问题|主要问题及改进|问题及改进|存在的?问题)"),
    "other": re.compile(_NUM + r"(其他需要报告的事项|其他需要报告|其他事项)"),
}


def _heading(line: str) -> str | None:
    s = unicodedata.normalize("NFKC", line).strip()
    if len(s) > 40 or s.endswith(("。", "；", ";")):
        return None
    for key, rx in _PATTERNS.items():
        if rx.match(s):
            return key
    return None


_ORDER = {k: i for i, k in enumerate(SECTION_KEYS)}


def _section_of_table(table: Table, current: str | None) -> str | None:
    """A table with no heading before it still says which section we are in."""
    if current is not None and _ORDER.get(current, -1) >= _ORDER["proactive"]:
        return current
    joined = "".join("".join(r) for r in table.rows[:6])
    if "第二十条" in joined or "本年制发件数" in joined or "信息内容" in joined:
        return "proactive"
    if "申请人情况" in joined or "本年新收" in joined:
        return "requests"
    return current


@dataclass
class _Sections:
    out: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in SECTION_KEYS})
    current: str | None = None
    seen: set[str] = field(default_factory=set)
    preamble: list[str] = field(default_factory=list)  # title and introduction

    def table(self, table: Table) -> None:
        self.current = _section_of_table(table, self.current)
        if self.current is not None:
            self.out[self.current].extend("\t".join(c.replace("\n", "") for c in row) for row in table.rows)

    def line(self, line: str) -> None:
        key = _heading(line)
        if key and key not in self.seen and (self.current is None or _ORDER[key] > _ORDER.get(self.current, -1)):
            self.current = key
            self.seen.add(key)
        elif self.current is None:
            self.preamble.append(line.strip())
        else:
            self.out[self.current].append(line.strip())


def split_sections(doc: Document) -> dict[str, str]:
    st = _Sections()
    for b in doc.blocks:
        if isinstance(b, Table):
            st.table(b)
            continue
        for line in b.split("\n"):
            if line.strip():
                st.line(line)
    out = st.out
    if "overview" not in st.seen and st.preamble:
        # no overview heading: the prose after the title is the overview
        out["overview"] = st.preamble[1:] + out["overview"]
    return {k: "\n".join(v) for k, v in out.items()}
