"""Is a title a genuine 政府信息公开工作年度报告, noise from the same column, or neither?

Titles come from a link's ``title`` attribute or text, or from a page's
``ArticleTitle`` / ``<h1>`` / ``<title>``.  The verdict says why a title is
left out, so the fetch log can record it as a ``noise`` line.  The year and the
agency a title names are read by ``identity``, as the season calendar and the
archive read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from identity import normalise_text, title_agency, title_year

DEFAULT_MIN_YEAR = 2008  # the Regulations on Open Government Information took effect in 2008: every year is a report

# The statutory report: 政府/政务 信息公开 + 年度报告 / 工作报告 / 年报 (simplified or traditional).
_REPORT = re.compile(r"(政府|政务|信息)信息?公[开開].{0,12}?(年度报[告]|年度報告|工作报告|工作報告|年报|年報)")
_REPORT_LOOSE = re.compile(r"信息公[开開](工作)?年[度]?报告|信息公[开開]年报")
_TRADITIONAL = re.compile(r"[開報與機關內]")

# Noise that sits in the same columns; checked in this order, first match wins.
_NOISE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("website annual report (网站年度报表)", re.compile(r"网站.{0,8}(年度)?报表|网站工作年度报表|网站年报")),
    ("notice (通知)", re.compile(r"通知|编制发布工作|关于做好")),
    ("interpretation (解读/图解)", re.compile(r"解读|图解|一图|读懂|问答|答记者问|政策图")),
    ("public institution report (公共企事业单位)", re.compile(r"公共企事业单位")),
    ("guide or rules (指南/制度)", re.compile(r"指南|制度$|申请表")),
)
# Other yearly reports that are not the disclosure report.
_OTHER_ANNUAL = re.compile(r"年度报告|年报|年度報告|报表")
_OTHER_KINDS = re.compile(r"法治政府|决算|预算|工作要点|工作总结|统计公报|国民经济|审计|履职|社会责任|网站")

# A title that looks cut off in a list (…, ...), so the page itself must be read.
_TRUNCATED = re.compile(r"(…|\.\.\.|。。。)\s*$")


@dataclass(frozen=True)
class Verdict:
    kind: Literal["report", "noise", "other"]
    year: int | None = None
    reason: str | None = None

    @property
    def is_report(self) -> bool:
        return self.kind == "report"


def classify(title: str | None, min_year: int = DEFAULT_MIN_YEAR) -> Verdict:
    """Classify one title.  ``other`` means "not about annual reports at all"."""
    text = normalise_text(title)
    if not text:
        return Verdict("other")
    looks_annual = bool(_REPORT.search(text) or _REPORT_LOOSE.search(text))
    year = title_year(text)
    for reason, pattern in _NOISE_RULES:
        if pattern.search(text) and (looks_annual or _OTHER_ANNUAL.search(text)):
            return Verdict("noise", year, reason)
    if not looks_annual:
        if _OTHER_ANNUAL.search(text) and _OTHER_KINDS.search(text):
            return Verdict("noise", year, "another kind of annual report")
        return Verdict("other", year)
    if _TRADITIONAL.search(text):
        return Verdict("noise", year, "duplicate: traditional-Chinese (big5) mirror")
    if year is not None and year < min_year:
        return Verdict("noise", year, f"before {min_year} (report year {year})")
    return Verdict("report", year)


def is_truncated(title: str | None) -> bool:
    return bool(title and _TRUNCATED.search(title.strip()))


# The phrase a list cuts off (…2023年政府信…): a truncated text ending in a prefix of it.
_CUT_PHRASES = ("政府信息公开工作年度报告", "政务信息公开工作年度报告", "信息公开工作年度报告", "年度报告")
_ELLIPSIS = re.compile(r"(…|\.\.\.|。。。)+$")


def mentions_disclosure(text: str | None) -> bool:
    """A cut-off link text that may still be a report (…信息公开工作…, or cut earlier:
    …2023年政府信…); its page's ArticleTitle / <h1> has the full title."""
    t = normalise_text(text)
    if "信息公开" in t or "信息公開" in t or "年报" in t or "年度报" in t:
        return True
    head = _ELLIPSIS.sub("", t)
    if not (title_year(head) is not None or head.endswith(("政府", "政务", "政府信", "政务信"))):
        return False
    if re.search(r"\d{4}年度?政$", head):  # cut right after the year: …2023年度政…
        return True
    return any(head.endswith(phrase[:n]) for phrase in _CUT_PHRASES for n in range(2, len(phrase) + 1))


_DUPLICATE_URL = re.compile(r"(_wap\.s?html?$|/m?mpost_\d+|/gate/big5/|[?&]big5|/wap/|/mobile/|/m/)", re.I)


def duplicate_url_reason(url: str) -> str | None:
    """Mobile, WAP and big5 twins of a report page are duplicates, not reports."""
    match = _DUPLICATE_URL.search(url)
    if not match:
        return None
    token = match.group(1).lower()
    if "big5" in token:
        return "duplicate: big5 mirror"
    return "duplicate: mobile/wap twin"


_CENTRAL = re.compile(r"^(国务院|中华人民共和国|国家|中国)|部$|总局$|总署$")
_REGION = re.compile(r"^(.{2,8}?(?:省|自治区|特别行政区|市|州|盟|地区|县|旗|区))")


def repost_reason(title: str, site_agency: str | None) -> str | None:
    """A report of a central body reposted by a local site (e.g. the ministry's 年报 under a
    county bureau's column).  Only that clear case is flagged; regional mismatches are left
    alone because aggregated indexes legitimately list subordinate units."""
    agency = title_agency(title)
    site = normalise_text(site_agency)
    if not agency or not site or agency in site or site in agency:
        return None
    if _CENTRAL.search(agency) and not _CENTRAL.search(site) and _REGION.match(site):
        return f"repost of another agency's report ({agency})"
    return None


_ATTACHMENT_NOISE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("interpretation (解读/图解)", re.compile(r"解读|图解|一图|读懂|问答")),
    ("form or guide (申请表/指南)", re.compile(r"申请表|登记表|指南|模板|样表")),
    ("website annual report (网站年度报表)", re.compile(r"网站.{0,8}报表")),
)


def attachment_noise(name: str | None, min_year: int = DEFAULT_MIN_YEAR) -> str | None:
    """Why a report page's attachment is not (part of) the report: 问答解读.docx, an application
    form, the website form; None for the report's own files (which rarely name themselves)."""
    text = normalise_text(name)
    for reason, pattern in _ATTACHMENT_NOISE:
        if pattern.search(text):
            return reason
    verdict = classify(text, min_year)
    if verdict.kind == "noise" and verdict.reason and not verdict.reason.startswith("before"):
        return verdict.reason
    return None
