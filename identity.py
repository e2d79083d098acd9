"""Stable ids (DESIGN.md, "Stable ids"): the one place that says who and which year a report is.

* agency id: the agency's name, NFKC, no whitespace (``normalise_agency``);
* report id: ``<agency>/<year>`` (``report_id``);
* crawl run id: the UTC start time ``YYYYMMDDTHHMMSSZ`` (``new_run_id``);
* the year and the agency a title names (``title_year``, ``title_agency``), with years printed
  in Chinese numerals (二〇二四年) read wherever a year is read;
* the dedup rule: which documents make up one report and which of them its cells come from
  (``assign_reports``, ``best_first``).

The crawler (classifying titles), the nightly season calendar (keying what it saw) and
``archive.build`` (keying reports) all call these functions, so they cannot drift apart.
It imports nothing from Scrapy or from the stages; ``parsers`` imports it too.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Protocol, TypeVar

# ------------------------------------------------------------------ text and numbers

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "O": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def normalise_text(text: str | None) -> str:
    """NFKC, no whitespace: the form in which titles and names are compared ("" for nothing)."""
    if not text:
        return ""
    return "".join(unicodedata.normalize("NFKC", text).split())


def normalise_agency(name: str | None) -> str | None:
    """The agency id: the name NFKC-normalised without whitespace; None when nothing is left."""
    return normalise_text(name) or None


def chinese_number(s: str) -> int | None:
    """二〇二五 → 2025, 十二 → 12, 三十一 → 31."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "十" in s:
        left, _, right = s.partition("十")
        tens = _CN_DIGITS.get(left, None) if left else 1
        ones = _CN_DIGITS.get(right, None) if right else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    digits = [_CN_DIGITS.get(c) for c in s]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


# ------------------------------------------------------------------ titles

# A year as titles print it: 2023年 / 2023年度, or in Chinese numerals 二〇二三年 (first one wins).
_YEAR = re.compile(r"(?:19|20)\d{2}(?=年)")
_CN_YEAR = re.compile(r"[〇零○OＯ一二三四五六七八九]{4}(?=年)")
# Before the year, the agency; around it, words that belong to a cover letter or a heading.
_LEADING = re.compile(r"^(?:关于|【[^】]*】)")
_TRAILING = re.compile(r"关于(?:报送|印发|公布|发布|上报)?$")
_QUOTES = "《》“”\"' "
_AGENCY_MAX = 40  # longer text before the year is a sentence, not an agency's name


def _title_years(text: str) -> list[tuple[int, int]]:
    """(position, year) of every printed year in a normalised title, in reading order."""
    found = [(m.start(), int(m.group(0))) for m in _YEAR.finditer(text)]
    for m in _CN_YEAR.finditer(text):
        year = chinese_number(m.group(0))
        if year is not None and 1900 <= year < 2100:
            found.append((m.start(), year))
    return sorted(found)


def title_year(title: str | None) -> int | None:
    """The statistical year a title names: the first year printed before 年 (2023年, 二〇二三年度)."""
    years = _title_years(normalise_text(title))
    return years[0][1] if years else None


def year_from_titles(*titles: str | None) -> int | None:
    """The year of the first of several titles (a page's, its link's) that names one."""
    for title in titles:
        year = title_year(title)
        if year is not None:
            return year
    return None


def title_agency(title: str | None) -> str | None:
    """The agency a title names before its year (XX县教育局2023年政府信息公开工作年度报告).

    A leading 关于 or 【…】 and a cover letter's 关于报送… before the year are not part of the name."""
    text = normalise_text(title)
    for start, _ in _title_years(text):
        prefix = _LEADING.sub("", text[:start])
        prefix = _TRAILING.sub("", prefix).strip(_QUOTES)
        if len(prefix) >= 2:
            return prefix if len(prefix) <= _AGENCY_MAX else None
    return None


# ------------------------------------------------------------------ ids


def report_id(agency: str, year: int) -> str:
    """``<agency>/<year>`` of an agency id and a statistical year."""
    return f"{agency}/{year}"


def split_report_id(rid: str) -> tuple[str, int]:
    """``<agency>/<year>`` back into its agency id and year (an agency name may hold a "/")."""
    agency, _, year = rid.rpartition("/")
    return agency, int(year)


def new_run_id(now: dt.datetime | None = None) -> str:
    """A crawl run's id: its UTC start time, so run ids sort by time."""
    return (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")


# ------------------------------------------------------------------ the dedup rule


class Candidate(Protocol):
    """What the dedup rule reads of an archived document (``archive.assemble.Doc``)."""

    sha256: str
    kind: str
    page_url: str | None
    where: str | None
    source: str | None
    agency: str | None
    year: int | None
    title: str | None
    link_text: str | None
    cells_reported: int
    superseded_by: str | None
    last_fetched_at: str | None
    report: str | None


C = TypeVar("C", bound=Candidate)


def _descending(text: str) -> tuple[int, ...]:
    """A sort key that orders strings descending."""
    return tuple(-ord(c) for c in text)


def best_first(docs: Iterable[C]) -> list[C]:
    """A report's documents in order of preference for its cells: most cells read, not
    superseded, an attachment before its page, the latest fetched, then by hash (stable)."""
    return sorted(
        docs,
        key=lambda d: (
            -d.cells_reported,
            d.superseded_by is not None,
            d.kind != "attachment",
            _descending(d.last_fetched_at or ""),
            d.sha256,
        ),
    )


def assign_reports(docs: Mapping[str, C]) -> dict[str, list[C]]:
    """Set ``doc.report`` on every document (by SHA-256) that names an agency and a year; return the reports,
    each with its documents best first.

    A report page and its attachments form one bundle: what one of them says (agency, year)
    holds for all, unless a member names a different year of its own (another year's report
    attached to the page).  A year no parse found is read from the titles; an agency no
    parse found is the crawl source's."""
    bundles: dict[str, list[C]] = defaultdict(list)
    for doc in docs.values():
        anchor = doc.page_url if doc.kind == "attachment" and doc.page_url else doc.where or doc.sha256
        bundles[anchor].append(doc)
    reports: dict[str, list[C]] = defaultdict(list)
    for members in bundles.values():
        ranked = best_first(members)
        bundle_agency = next((d.agency for d in ranked if d.agency), None)
        bundle_year = next((d.year for d in ranked if d.year), None)
        if bundle_year is None:
            bundle_year = year_from_titles(*[t for d in ranked for t in (d.title, d.link_text)])
        for doc in members:
            year = doc.year or bundle_year
            agency = (doc.agency if doc.year and doc.year != bundle_year else None) or bundle_agency
            agency = agency or normalise_agency(doc.source)
            if agency and year:
                doc.report = report_id(agency, year)
                reports[doc.report].append(doc)
    return {rid: best_first(members) for rid, members in sorted(reports.items())}
