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


def split_sections(doc: Document) -> dict[str, str]:
    out: dict[str, list[str]] = {k: [] for k in SECTION_KEYS}
    current: str | None = None
    order = {k: i for i, k in enumerate(SECTION_KEYS)}
    seen: set[str] = set()
    preamble: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Table):
            # a table with no heading before it still says which section we are in
            if current is None or order.get(current, -1) < order["proactive"]:
                joined = "".join("".join(r) for r in b.rows[:6])
                if "第二十条" in joined or "本年制发件数" in joined or "信息内容" in joined:
                    current = "proactive"
                elif "申请人情况" in joined or "本年新收" in joined:
                    current = "requests"
            if current is not None:
                out[current].extend("\t".join(c.replace("\n", "") for c in row) for row in b.rows)
            continue
        for line in b.split("\n"):
            if not line.strip():
                continue
            key = _heading(line)
            if key and key not in seen and (current is None or order[key] > order.get(current, -1)):
                current = key
                seen.add(key)
                continue
            if current is None:
                preamble.append(line.strip())  # title and introduction
                continue
            out[current].append(line.strip())
    if "overview" not in seen and preamble:
        # no overview heading: the prose after the title is the overview
        out["overview"] = preamble[1:] + out["overview"]
    return {k: "\n".join(v) for k, v in out.items()}
