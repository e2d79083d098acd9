"""Is this document an annual report on government information disclosure at all?

Crawled files include error pages saved under a report's name, garbage behind a
valid header (a broken OLE2 file that antiword still turns into "text"), and real
documents of another kind.  Every report, of whatever year or layout -- the
statutory tables, a pre-2019 free-text report, a page that says 详见附件 under the
report's title -- names its subject: 政府信息公开, 年度报告, 依申请公开, 主动公开….
A document that names none of it, in its text, its title or its metadata, is not
a report.  Mirror copies (pinyin after each character, traditional characters)
are read through.
"""

from __future__ import annotations

import re
import unicodedata

from .document import Document

# The report's own vocabulary (simplified and traditional); any one is enough.
_REPORT_WORDS = re.compile(
    r"信息公开|政务公开|公开工作|年度报告|工作报告|年报|依申请|主动公开|政府信息|公开指南|公开目录"
    r"|資訊公開|信息公開|政務公開|公開工作|年度報告|工作報告|年報|依申請|主動公開|政府資訊"
)
_PINYIN = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]")
_SPACE = re.compile(r"\s+")


def _readable(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _SPACE.sub("", _PINYIN.sub("", text))


def names_the_subject(*texts: str | None) -> bool:
    return any(t and _REPORT_WORDS.search(_readable(t)) for t in texts)


def not_a_report_reason(doc: Document, file: str | None = None) -> str | None:
    """Why the document is no report (None when it may be one).  ``file`` is not consulted:
    a crawled file's name is the link's text, which says what was hoped for, not what came."""
    text = doc.text()
    if names_the_subject(text, *doc.meta.values()):
        return None
    if not text.strip():
        return None  # nothing to judge: the caller says "no text in the document"
    lost = text.count("\ufffd")
    if lost >= 20 and lost >= 0.5 * sum(1 for ch in text if ord(ch) > 127):
        return None  # decoded with the wrong charset upstream: the wording is lost, a warning says so
    sample = _SPACE.sub("", text)[:40]
    return f"not a report: no wording of a report on government information disclosure in the text (begins {sample!r})"
