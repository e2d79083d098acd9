"""A report's title as printed: the first title-like line of the head (a title split over two lines
joined, the agency's line above it prepended), past a page's chrome and a cover letter; and the
text helpers the metadata readers share (NFKC, Chinese-numeral years, what an agency name looks like).
"""

from __future__ import annotations

import re
import unicodedata

from identity import chinese_number

from .document import Document
from .values import RADICALS

YEAR = r"((?:19|20)\d{2})"


_TITLE_LINE = re.compile(r"(政府|政务)?信息公开.{0,12}(年度|年)?.{0,6}报告|年度报告|年报")


TITLE_YEAR = re.compile(YEAR + r"\s*(?:[-—至~]\s*(?:19|20)\d{2}\s*)?(?:年度|年|学年)")


_AGENCY_END = re.compile(
    r"(局|委|委员会|办|办公室|院|府|政府|队|大队|支队|会|中心|所|处|站|部|厅|署|行|馆|区|县|市|镇|乡|街道|办事处|管委会|"
    r"公司|集团|学校|大学|学院|医院|法院|检察院|委|室|台|园|社|联|团|庭|监狱|分局|科|股)$"
)


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s).translate(RADICALS).strip()


def looks_like_agency(s: str) -> bool:
    s = nfkc(s).replace(" ", "")
    return (
        3 <= len(s) <= 40 and not re.search(r"[。，,；;：:！？!?《》]|\d|报告|年度", s) and bool(_AGENCY_END.search(s))
    )


_ATTACHMENT_DEBRIS = re.compile(
    r"^附件\s*\d*\s*[:：]\s*|\.(?:pdf|docx?|wps|xlsx?|ofd)$|[，,]?(?:详见|见)附件[。.]?$", re.IGNORECASE
)


BREADCRUMB = re.compile(r"当前位置|您的位置|所在位置|位置[:：]|首页\s*[>›»/]|\s[>›»]\s")


# markdown emphasis and book-title marks around a whole title line ("**…年度报告**", "《…年度报告》")
_TITLE_WRAPPING = re.compile(r"^(?:\*\*|__|《)\s*(?P<t>.+?)\s*(?:\*\*|__|》)$")


# "XX关于报送2023年政府信息公开工作年度报告的函": a cover letter, the report follows it
_COVER_LETTER = re.compile(r"(?:报送|呈报|上报|报备).{0,40}(?:的函|的报告|的请示)$|的函$")


# "…年度报告_淄博市人民政府门户网站", "…年度报告 - 某某区政府": a page <title> with the site's name
_SITE_SUFFIX = re.compile(r"\s*(?:_|\||\s[-–—]\s)\s*[^_|]{2,30}(?:网站|网|门户|政府|人民政府|平台)$")


def _title_text(line: str) -> str:
    s = re.sub(r"^#+\s*|^(?:标\s*题|题\s*名|名\s*称)\s*(?:[:：]\s*|\s(?=\S))", "", nfkc(line))
    s = _ATTACHMENT_DEBRIS.sub("", s).strip()
    if re.search(r"报告|年报", s):
        s = _SITE_SUFFIX.sub("", s)
    m = _TITLE_WRAPPING.match(s)
    return m.group("t") if m and "《" not in m.group("t") and "**" not in m.group("t") else s


def find_title(lines: list[str], doc: Document) -> tuple[str | None, int]:
    title, k = _find_title(lines, doc, 0)
    if title and k >= 0 and not TITLE_YEAR.search(digit_years(title)):
        # a column name in the page's chrome ("信息公开年报") before the report's own title
        later, k2 = _find_title(lines, doc, k + 1)
        if later and k2 > k and TITLE_YEAR.search(digit_years(later)):
            title, k = later, k2
    if title and k >= 0 and _COVER_LETTER.search(title):
        # the letter's own title: the report's title comes after the letter
        later, k2 = _find_title(lines, doc, k + 1, limit=60)
        if later and k2 > k and not _COVER_LETTER.search(later):
            return later, k2
    return title, k


def _find_title(lines: list[str], doc: Document, start: int, limit: int = 15) -> tuple[str | None, int]:
    for k in range(start, min(len(lines), start + limit)):
        line = lines[k]
        s = _title_text(line)
        prev = nfkc(lines[k - 1]) if k > 0 else ""
        if len(s) > 80 or "。" in s or BREADCRUMB.search(s):
            continue
        if not _TITLE_LINE.search(s) and not (s.endswith("报告") and "信息公开" in prev and len(s) <= 30):
            continue
        title = s
        # a title split across lines: "…应急管理局2021年" / "政府信息公开工作年度报告"
        if (
            k > 0
            and not BREADCRUMB.search(prev)
            and (
                re.search(YEAR + r"\s*年度?$", nfkc(lines[k - 1]))
                or ("信息公开" in lines[k - 1] and len(nfkc(lines[k - 1])) <= 50 and "报告" not in lines[k - 1])
            )
        ):
            return nfkc(lines[k - 1]) + title, k - 1
        if re.match(r"^" + YEAR, title) or title.startswith(("政府信息公开", "政务公开")):
            above = [x for x in lines[max(0, k - 3) : k] if looks_like_agency(x)]
            if above:
                return nfkc(above[-1]) + title, k
        return title, k
    meta_title = doc.meta.get("title")
    if meta_title and _TITLE_LINE.search(meta_title):
        return nfkc(meta_title), -1
    return None, -1


_CN_YEAR = re.compile(r"[〇零○O一二三四五六七八九]{4}(?=\s*年)")


def digit_years(s: str) -> str:
    """ "二〇二三年度" → "2023年度", for reading the year and the unit off a title (the title stays as printed)."""
    return _CN_YEAR.sub(lambda m: str(chinese_number(m.group(0)) or m.group(0)), s)
