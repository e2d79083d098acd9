"""HTML page → Document.

Decoding: the one charset policy of ``parsers.charset`` (declared charsets may lie).

Structure: the report body is found by the CMS body containers of
``shared/research/portal-patterns.md`` (#zoom, .TRS_Editor, #UCAP-CONTENT,
…), falling back to the element that holds the most paragraph text, so
navigation chrome stays out; its paragraphs and tables are read in order by
``html_blocks`` (each ``<td>`` once, layout tables walked as containers).  Page
metadata (ArticleTitle/PubDate/ContentSource meta tags, ``<h1>``,
``<title>``, the 索引号 table, the 发布时间 info line) goes to
``Document.meta``.
"""

from __future__ import annotations

import re
import unicodedata

import lxml.html
from lxml import etree

from ..charset import decode_html
from ..doctypes import attachment_extensions
from ..document import Document
from ..limits import MAX_HTML_DEPTH, html_depth_exceeded
from .html_blocks import SPACE, blocks_of, clean, text_len

# CMS body containers, most specific first (portal-patterns.md §1)
BODY_SELECTORS = [
    "#zoom",
    "#Zoom",
    ".TRS_Editor",
    ".trs_editor_view",
    ".TRS_UEDITOR",
    "#UCAP-CONTENT",
    "#ivs_content",
    ".Article_content",
    ".article-content",
    ".article-con",
    ".xxgk_content",
    ".wzcon",
    ".news_cont_d_wrap",
    ".pages_content",
    ".main-txt",
    ".Custom_UnionStyle",
    ".view",
    "div.text",
    ".articleBox",
    "#content",
    ".content",
    "article",
]
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "select", "button")
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
# A link to a file of an attachment type of the document table (as the crawler fetches them), but
# not to a ``.txt``/``.md``: in a page body that is a help text or a code host's page, never the
# report's attachment, and the body's "report is in the attachment" warning must not follow it.
_NOT_REPORT_ATTACHMENTS = frozenset({"txt", "md"})
_ATTACHMENT_EXT = re.compile(
    r"\.(" + "|".join(e for e in attachment_extensions() if e not in _NOT_REPORT_ATTACHMENTS) + r")(\?|$)",
    re.IGNORECASE,
)


# ---------------------------------------------------------------- body and metadata


def find_body(root: etree._Element) -> tuple[etree._Element, str]:
    """The element holding the report, and how it was found."""
    short: tuple[etree._Element, str] | None = None
    for sel in BODY_SELECTORS:
        try:
            found = root.cssselect(sel)
        except Exception:  # cssselect missing or selector unsupported
            found = []
        found = [el for el in found if text_len(el) >= 10 or el.xpath(".//table")]
        if not found:
            continue
        best = max(found, key=text_len)
        if text_len(best) >= 200 or best.xpath(".//table"):
            return best, sel
        # a short body ("详见附件") in a known container beats a guess, unless a
        # later selector finds the real report (a widget can reuse a class name)
        short = short or (best, sel)
    if short:
        return short
    # fallback: the element that directly holds the most paragraph and table text
    scores: dict[etree._Element, int] = {}
    for el in root.iter("p", "table", "br"):
        parent = el.getparent()
        if parent is None:
            continue
        n = text_len(el) if el.tag != "br" else len(clean(el.tail or ""))
        links = sum(len(clean(a.text_content())) for a in el.iter("a")) if el.tag != "br" else 0
        scores[parent] = scores.get(parent, 0) + n - 2 * links
    body = root.find("body")
    if scores:
        best = max(scores, key=scores.__getitem__)
        if scores[best] > 50:
            return best, "largest text block"
    return (body if body is not None else root), "page"


def _date(text: str) -> str | None:
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    if not (1990 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _label_values(root: etree._Element) -> dict[str, str]:
    """Label → value pairs of the 政务公开 metadata block (索引号 table, div grids)."""
    pairs: dict[str, str] = {}
    labels = (
        "索引号",
        "发布机构",
        "发文机关",
        "责任部门",
        "成文日期",
        "生成日期",
        "发文日期",
        "发布日期",
        "公开日期",
        "标题",
        "信息名称",
        "名称",
        "文号",
        "发文字号",
        "来源",
        "发布时间",
    )
    for el in root.iter("td", "th", "span", "li", "div", "p", "b", "strong", "label", "dt"):
        if el.tag == "div" and len(el) > 3:
            continue
        own = SPACE.sub("", el.text_content())
        if len(own) > 60:
            continue
        for label in labels:
            if not own.startswith(label):
                continue
            rest = own[len(label) :].lstrip(":：")
            if not rest:  # the value sits in the next cell
                nxt = el.getnext()
                rest = SPACE.sub("", nxt.text_content()) if nxt is not None else ""
            if rest and label not in pairs:
                pairs[label] = rest
            break
    return pairs


# CMS <meta name=…> → the key it fills (the first one wins)
_META_NAMES = {"articletitle": "title", "contentsource": "publisher", "sitename": "site", "columnname": "column"}


def _meta_tags(root: etree._Element, meta: dict[str, str]) -> None:
    for m in root.iter("meta"):
        name = (m.get("name") or "").strip().lower()
        content = clean(m.get("content") or "")
        if not content:
            continue
        if name == "pubdate":
            d = _date(content)
            if d:
                meta.setdefault("published", d)
        elif name in _META_NAMES:
            meta.setdefault(_META_NAMES[name], content)


def _info_lines(root: etree._Element, meta: dict[str, str]) -> None:
    """The "发布日期：…", "来源：…" lines a CMS prints above the article."""
    pairs = _label_values(root)
    dates = (
        _date(pairs.get(key, "")) for key in ("发布日期", "公开日期", "发布时间", "成文日期", "生成日期", "发文日期")
    )
    d = next((d for d in dates if d), None)
    if d:
        meta.setdefault("published", d)
    publisher = next((pairs[key] for key in ("发布机构", "发文机关", "来源", "责任部门") if pairs.get(key)), None)
    if publisher:
        # an info line "来源：X 字号：[大 中 小]" runs on: keep the source only
        meta.setdefault("publisher", re.split(r"字号|浏览|点击|打印|【|\[", publisher)[0])
    if pairs.get("索引号"):
        meta.setdefault("index_no", pairs["索引号"])
    for key in ("标题", "信息名称", "名称"):
        if pairs.get(key):
            meta.setdefault("title", pairs[key])


def page_meta(root: etree._Element) -> dict[str, str]:
    meta: dict[str, str] = {}
    _meta_tags(root, meta)
    _info_lines(root, meta)
    h1 = root.find(".//h1")
    if h1 is not None and clean(h1.text_content()):
        meta.setdefault("title", clean(h1.text_content()))
    title = root.find(".//title")
    if title is not None and clean(title.text_content()):
        # "<report title>_<site name>" or "<title>-<site>"
        meta.setdefault("title", re.split(r"[_|]|\s-\s", clean(title.text_content()))[0])
    return meta


def _attachments(body: etree._Element, url: str | None) -> list[str]:
    out = []
    for a in body.iter("a"):
        href = a.get("href") or ""
        if _ATTACHMENT_EXT.search(href) or a.get("appendix") or _ATTACHMENT_EXT.search(a.text_content() or ""):
            out.append(href)
    return out


def to_document(data: bytes, *, filename: str | None = None, url: str | None = None) -> Document:
    doc = Document(format="html")
    text, encoding = decode_html(data)
    if not text.strip():
        doc.error = "empty HTML"
        return doc
    try:
        # huge_tree: libxml2 otherwise drops text nodes over 10 MB and deep trees without a word
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        doc.error = f"unparseable HTML: {exc}"
        return doc
    if html_depth_exceeded(root):
        doc.error = f"HTML elements nested deeper than {MAX_HTML_DEPTH} levels: no page a CMS writes"
        return doc
    if encoding not in ("utf-8", "ascii"):
        doc.meta["encoding"] = encoding
    for el in list(root.iter(*_DROP_TAGS)):
        el.drop_tree()
    doc.meta.update(page_meta(root))
    body, how = find_body(root)
    doc.blocks = blocks_of(body)
    if how in ("largest text block", "page"):
        doc.warnings.append(f"no known body container; used the {how}")
    attachments = _attachments(body, url)
    if attachments:
        doc.meta["attachments"] = "\n".join(attachments)
    plain = unicodedata.normalize("NFKC", doc.text())
    if not doc.tables() and len(SPACE.sub("", plain)) < 300 and ("附件" in plain or attachments):
        doc.warnings.append("body refers to an attachment (详见附件): the report is in the attachment")
    elif not doc.tables() and body.xpath(".//img"):
        doc.warnings.append("body has images but no tables: tables may be images")
    return doc
