"""Agency and year of a report from its title, as portals print it (`XX县教育局2023年政府信息公开工作年度报告`)."""

from __future__ import annotations

import re
import unicodedata

_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})\s*年")


def normalise_agency(name: str) -> str:
    """The agency id of DESIGN.md: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))


def title_year(title: str) -> int | None:
    text = unicodedata.normalize("NFKC", title or "")
    m = _YEAR.search(text)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(title or "")
    return int(m.group(1).translate(_CN_DIGITS)) if m else None


def title_agency(title: str) -> str | None:
    """The agency printed before the year in a title like `XX县教育局2023年政府信息公开工作年度报告`."""
    text = normalise_agency(title)
    m = _YEAR.search(text) or _CN_YEAR.search(text)
    if not m:
        return None
    prefix = re.sub(r"^(关于|【[^】]*】)", "", text[: m.start()]).strip("《》“”\"' ")
    return prefix if len(prefix) >= 2 else None
