"""Report-level metadata: title, agency, statistical year, publication date.

Sources in descending reliability (format-spec §4.4): the title and the
lines above it, the statistical-period sentence, the signature block at
the end, the contact sentence, and last the page metadata the front-end
found beside the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from identity import chinese_number

from .document import Document, Table
from .titles import BREADCRUMB, TITLE_YEAR, YEAR, digit_years, find_title, looks_like_agency, nfkc

_PERIOD = [
    re.compile(r"(?:统计|期限|时限|时间|数据|期间)[^。]{0,60}?" + YEAR + r"\s*年\s*0?1\s*月\s*0?1\s*日"),
    re.compile(
        r"(?:统计|期限|时限|时间|数据|期间)[^。]{0,60}?"
        + YEAR
        + r"\s*年?\s*0?1\s*月?\s*0?1\s*日\s*(?:起)?\s*(?:至|到|—|-)"
    ),
]


_PERIOD_END = re.compile(r"[^。]{0,12}?(?:至|到|—|-|~)\s*(?:(?:19|20)\d{2}\s*年)?\s*\d{1,2}\s*月\s*\d{1,2}\s*日")


_HINT_YEAR = re.compile(r"指\s*" + YEAR + r"\s*年")


_CN = "〇零一二三四五六七八九十○O"


_DATE = re.compile(
    rf"^(?P<prefix>.{{0,40}}?)\s*(?P<y>\d{{4}}|[{_CN}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN}]{{1,3}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})\s*日\s*"
    # a note after the date: "（此件公开发布）", "（此页无正文）"
    r"(?:[(（][^()（）]{1,12}[)）])?\s*$"
)


_DATE_TAIL = re.compile(
    rf"[。；;]\s*(?P<prefix>[^。；;]{{0,40}}?)\s*(?P<y>\d{{4}}|[{_CN}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN}]{{1,3}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})\s*日\s*$"
)


# "2025.01.09", "2025-1-9", "2025/1/9" under the signature
_NUMERIC_DATE = re.compile(
    r"^(?P<prefix>.{0,40}?)\s*(?P<y>(?:19|20)\d{2})\s*(?P<sep>[.\-/])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*"
    r"(?P<d>\d{1,2})\s*$"
)


_ISO_DATE = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")


_CONTACT = re.compile(r"请与\s*(?P<a>[^，。,（(]{2,40}?)\s*(?:联系|联络)")


_SUB_OFFICE = re.compile(
    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:领导小组)?(?:办公室|办|处|科|中心|股)$|办公室$|综合科$|办公厅秘书处$"
)


_ANNOUNCED = re.compile(
    r"(?:现公布|现发布|现予公布|现将|特公布|特向社会公布)\s*《?(?P<a>[^，。,；《》]{3,40}?)\s*"
    + r"((?:19|20)\d{2})\s*年度?(?:政府|政务)?信息公开(?:工作)?年度报告"
)


@dataclass
class Meta:
    title: str | None = None
    agency: str | None = None
    agency_source: str | None = None
    year: int | None = None
    year_source: str | None = None
    published: str | None = None
    warnings: list[str] = field(default_factory=list)


def _lines(doc: Document, *, before_first_table: bool = False) -> list[str]:
    out: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Table):
            if before_first_table:
                break
            continue
        for line in b.split("\n"):
            s = line.strip().strip("\u3000").strip()
            if s:
                out.append(s)
    return out


def _clean_agency(s: str) -> str:
    s = nfkc(s).strip(" 《》“”\"'")
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"^关于", "", s)
    return s


def _agency_from_title(title: str) -> str | None:
    title = digit_years(title)
    m = re.match(r"^(.*?)\s*" + YEAR + r"\s*(?:[-—至~]\s*(?:19|20)\d{2}\s*)?(?:年度|年|学年)", title)
    prefix = m.group(1) if m else None
    if prefix:
        # "XX政府信息公开工作2022年度情况的报告": the year comes after the subject
        prefix = re.sub(r"(?:关于)?(?:政府|政务)?信息公开.*$", "", prefix)
    if not prefix:
        rest = re.sub(r"^(?:关于)?" + YEAR + r"\s*(?:年度|年)", "", title)
        m2 = re.match(r"^(.*?)(?:政府|政务)?信息公开", rest)
        prefix = m2.group(1) if m2 else None
    if not prefix:
        return None
    # "XX关于2025年…", "XX关于报送2023年…的函"
    prefix = re.sub(r"(?:关于)?(?:报送|呈报|上报|报备|印发|公布|发布)?$", "", prefix.strip())
    a = _clean_agency(prefix)
    return a if len(a) >= 3 else None


def _abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` reads as a short form of ``full``: \
inside it, or its characters in order and the same last one."""
    if full.startswith(short):
        return False  # "淄博市应急管理局办公室": a part of the unit, not its full name
    if short in full:
        return True
    if short[-1] != full[-1] or short in ("我局", "本局"):
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def _date(y: str, m: str, d: str) -> str | None:
    yy, mm, dd = chinese_number(y), chinese_number(m), chinese_number(d)
    if yy is None or mm is None or dd is None or not (1 <= mm <= 12 and 1 <= dd <= 31 and 1990 <= yy <= 2100):
        return None
    return f"{yy:04d}-{mm:02d}-{dd:02d}"


def _signature(lines: list[str]) -> tuple[str | None, str | None]:
    """The date (and the agency line above it) of the signature block at the end."""
    tail = lines[-8:]
    for k in range(len(tail) - 1, -1, -1):
        s = nfkc(tail[k])
        m = _DATE.match(s) or _NUMERIC_DATE.match(s)
        if not m or "。" in m.group("prefix"):
            continue
        date = _date(m.group("y"), m.group("m"), m.group("d"))
        if not date:
            continue
        agency = None
        prefix = m.group("prefix").strip()
        if prefix and looks_like_agency(prefix):
            agency = _clean_agency(prefix)
        elif k > 0 and looks_like_agency(tail[k - 1]):
            agency = _clean_agency(tail[k - 1])
        return date, agency
    # the signature run into the last paragraph: "…未收取信息处理费。淄博市市场监督管理局2024年3月13日"
    for line in reversed(tail[-3:]):
        m = _DATE_TAIL.search(nfkc(line))
        if m:
            date = _date(m.group("y"), m.group("m"), m.group("d"))
            if date:
                prefix = m.group("prefix").strip()
                return date, _clean_agency(prefix) if prefix and looks_like_agency(prefix) else None
    return None, None


def _unsealed(agency: str | None, lines: list[str]) -> str | None:
    """A scan's signature agency with a character of the seal stamped over it read in front
    ("专淄博市市场监督管理局", from 专用章): the name without it, when the report prints that
    name more often than the name as read (the signature is the only place of the latter)."""
    if not agency or len(agency) < 5:
        return agency
    text = nfkc("\n".join(lines))
    rest = agency[1:]
    return rest if text.count(rest) > text.count(agency) and looks_like_agency(rest) else agency


def _meta_date(value: str | None) -> str | None:
    if not value:
        return None
    m = _ISO_DATE.search(nfkc(value))
    return _date(*m.groups()) if m else None


_PAGE_DATE = re.compile(
    r"(?:发布|公开|成文|印发)?(?:日期|时间)\s*[:：]\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})"
)


# the page's 政务公开 metadata block as a browser or an HTML-to-text tool prints it: "发布机构：X",
# "来源：X 字号：[大 中 小]" (portal-patterns §0.4)
_PAGE_PUBLISHER = re.compile(r"^(?:发布机构|发文机关|信息来源|来源|责任部门|发布单位)\s*[:：]\s*(?P<a>[^\s:：]{3,40})")


def _page_publisher(lines: list[str]) -> str | None:
    for line in lines:
        m = _PAGE_PUBLISHER.match(nfkc(line))
        if m and looks_like_agency(m.group("a")):
            return _clean_agency(m.group("a"))
    return None


def _breadcrumb_agency(lines: list[str]) -> str | None:
    """The last crumb that names a unit in "当前位置：首页 > 宿迁市宿城区民政局 > 政府信息公开 > 年报"."""
    for line in lines:
        s = nfkc(line)
        if not BREADCRUMB.search(s):
            continue
        s = re.sub(r"^.*?(?:当前位置|您的位置|所在位置|位置)\s*[:：]\s*", "", s)
        crumbs = [c.strip() for c in re.split(r"[>›»]|\s/\s", s) if c.strip()]
        units = [c for c in crumbs if looks_like_agency(c) and not re.search(r"信息公开|政务公开|首页|网站", c)]
        if units:
            return _clean_agency(units[-1])
    return None


def _page_date(lines: list[str]) -> str | None:
    """A 发布时间/发布日期 line the page prints above the report."""
    for line in lines:
        m = _PAGE_DATE.search(nfkc(line))
        if m:
            return _date(*m.groups())
    return None


def _agency_candidates(
    doc: Document, head: list[str], lines: list[str], title: str | None, k: int, sig_agency: str | None
) -> list[tuple[str, str | None]]:
    """Where the agency's name may be printed, most trusted first: (source, name or None)."""
    text = nfkc("\n".join(lines))
    candidates: list[tuple[str, str | None]] = []
    if title:
        candidates.append(("title", _agency_from_title(title)))
    if k > 0:
        above = [x for x in head[max(0, k - 3) : k] if looks_like_agency(x)]
        candidates.append(("first_line", _clean_agency(above[-1]) if above else None))
    candidates.append(("signature", sig_agency))
    m = _ANNOUNCED.search(text)
    if m and not re.match(r"^(我|本|市|区|县)", m.group("a")):
        candidates.append(("announcement", _clean_agency(m.group("a"))))
    m = _CONTACT.search(text)
    if m:
        a = _clean_agency(m.group("a"))
        for _ in range(2):
            a = _SUB_OFFICE.sub("", a)
        candidates.append(("contact", a if len(a) >= 3 and not a.startswith(("我", "本")) else None))
    line_publisher = _page_publisher(head[:30])
    if line_publisher:
        candidates.append(("page_line", line_publisher))
    candidates.append(("breadcrumb", _breadcrumb_agency(head[:15])))
    for key in ("publisher", "source", "ContentSource"):
        if doc.meta.get(key):
            candidates.append(("page_meta", _clean_agency(doc.meta[key])))
    return candidates


def _read_agency(meta: Meta, candidates: list[tuple[str, str | None]]) -> None:
    for source, agency in candidates:
        if agency:
            meta.agency, meta.agency_source = agency, source
            break
    # a short name in the title ("建新镇", "市应急局") printed in full elsewhere ("遂溪县建新镇人民政府",
    # "淄博市应急管理局"): the full name keeps the short one's characters in order and its last character
    if meta.agency:
        fuller = [
            (source, a)
            for source, a in candidates
            if a and a != meta.agency and len(a) > len(meta.agency) and _abbreviates(meta.agency, a)
        ]
        if fuller:
            meta.agency, meta.agency_source = fuller[0][1], fuller[0][0]
    if meta.agency and meta.agency_source != "title":
        meta.warnings.append(f"agency taken from the {meta.agency_source.replace('_', ' ')}")


def _year_of_period(meta: Meta, text: str) -> None:
    for rx in _PERIOD:
        m = rx.search(text)
        if m:
            meta.year, meta.year_source = int(m.group(1)), "period"
            end = _PERIOD_END.match(text, m.end())
            if end and not re.search(r"12\s*月\s*31\s*日", end.group(0)):
                meta.warnings.append(f"statistical period does not end on 31 December: {end.group(0).strip()}")
            return


def _year_of_title(title: str | None, head: list[str], k: int) -> int | None:
    if not title:
        return None
    m = TITLE_YEAR.search(digit_years(title))
    if m:
        return int(m.group(1))
    if 0 <= k < len(head) - 1:
        # "…政府信息公开工作年度报告" / "（2023年度）": the year in a subtitle line
        m = re.match(r"^[(（]?\s*" + YEAR + r"\s*年度?\s*[)）]?$", nfkc(head[k + 1]))
        if m:
            return int(m.group(1))
    return None


def _year_of_overview(lines: list[str]) -> int | None:
    """No title: the year the overview opens with ("2019年，我乡…")."""
    for line in lines[:6]:
        m = re.match(r"^" + YEAR + r"\s*年(?:度|以来)?[，,]", nfkc(line))
        if m:
            return int(m.group(1))
    return None


def _read_year(meta: Meta, lines: list[str], head: list[str], title: str | None, k: int) -> None:
    """The statistical year: the period printed, else the title, else a hint, else the overview."""
    text = nfkc("\n".join(lines))
    _year_of_period(meta, text)
    if meta.year is None:
        year = _year_of_title(title, head, k)
        if year is not None:
            meta.year, meta.year_source = year, "title"
    if meta.year is None:
        m = _HINT_YEAR.search(text)
        if m:
            meta.year, meta.year_source = int(m.group(1)), "hint"
    if meta.year is None:
        year = _year_of_overview(lines)
        if year is not None:
            meta.year, meta.year_source = year, "overview"
            meta.warnings.append("statistical year taken from the first sentence of the overview")


def _read_published(meta: Meta, doc: Document, head: list[str], sig_date: str | None) -> None:
    meta.published = (
        sig_date or _meta_date(doc.meta.get("published")) or _meta_date(doc.meta.get("PubDate")) or _page_date(head[:8])
    )
    if meta.year is not None and meta.published and int(meta.published[:4]) <= meta.year:
        # a report is due by 31 January of the next year: a date inside the statistical year is a
        # signature dated in advance, a date of another document, or a wrong year
        meta.warnings.append(f"publication date {meta.published} is not after the statistical year {meta.year}")
    if meta.year is None and meta.published:
        meta.year, meta.year_source = int(meta.published[:4]) - 1, "published"
        meta.warnings.append("year inferred from the publication date")


def read_meta(doc: Document) -> Meta:
    meta = Meta()
    lines = _lines(doc)
    head = _lines(doc, before_first_table=True) or lines
    title, k = find_title(head, doc)
    meta.title = title
    sig_date, sig_agency = _signature(lines)
    if doc.meta.get("read_by") == "ocr":
        sig_agency = _unsealed(sig_agency, lines)
    _read_agency(meta, _agency_candidates(doc, head, lines, title, k, sig_agency))
    _read_year(meta, lines, head, title, k)
    _read_published(meta, doc, head, sig_date)
    if meta.year is None:
        meta.warnings.append("statistical year not found")
    return meta
