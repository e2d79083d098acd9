"""HTML page → Document.

Decoding: the one charset policy of ``parsers.charset`` (declared charsets may lie).

Structure: the report body is found by the CMS body containers of
``shared/research/portal-patterns.md`` (#zoom, .TRS_Editor, #UCAP-CONTENT,
…), falling back to the element that holds the most paragraph text, so
navigation chrome stays out.  Tables keep HTML semantics: each ``<td>``
appears once, in the row where it starts, whatever its rowspan/colspan.
A layout table that wraps other tables is walked as a container.  Page
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
from ..document import Document, Table
from ..limits import MAX_HTML_DEPTH, html_depth_exceeded

_CJK = re.compile(r"[\u4e00-\u9fff]")

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
_BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "blockquote",
    "pre",
    "center",
    "header",
    "footer",
    "dl",
    "dt",
    "dd",
    "form",
    "hr",
    "address",
    "figure",
    "figcaption",
    "main",
    "nav",
    "aside",
    "tr",
    "td",
    "th",
    "caption",
}
_SPACE = re.compile(r"[ \t\r\n\f\u00a0\u3000\u2002\u2003\u200b]+")
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
# A link to a file of an attachment type of the document table (as the crawler fetches them), but
# not to a ``.txt``/``.md``: in a page body that is a help text or a code host's page, never the
# report's attachment, and the body's "report is in the attachment" warning must not follow it.
_NOT_REPORT_ATTACHMENTS = frozenset({"txt", "md"})
_ATTACHMENT_EXT = re.compile(
    r"\.(" + "|".join(e for e in attachment_extensions() if e not in _NOT_REPORT_ATTACHMENTS) + r")(\?|$)",
    re.IGNORECASE,
)


# ---------------------------------------------------------------- text of elements
def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _CellLines:
    """A cell's text gathered line by line: ``<br>`` and block elements end a line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        line = _clean("".join(self.buf))
        if line:
            self.lines.append(line)
        self.buf.clear()

    def children(self, el: etree._Element) -> None:
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)

    def walk(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        breaks = tag in _BLOCK_TAGS or tag == "table"
        if tag == "br" or breaks:
            self.flush()
        if el.text and tag:
            self.buf.append(el.text)
        self.children(el)
        if breaks:
            self.flush()


def _cell_text(td: etree._Element) -> str:
    """A cell's text, lines (``<p>``, ``<br>``, ``<div>``) joined by ``\\n``."""
    cell = _CellLines()
    if td.text:
        cell.buf.append(td.text)
    cell.children(td)
    cell.flush()
    return "\n".join(cell.lines)


def _rows(table: etree._Element) -> list[etree._Element]:
    return table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _is_layout_table(table: etree._Element) -> bool:
    """A table used for page layout: its cells wrap real tables (3+ rows) or long prose.
    A data table whose cell holds a small note table stays a data table."""
    for inner in table.xpath(".//table"):
        if len(_rows(inner)) >= 3:
            return True
    return any(_text_len(td) > 300 for tr in _rows(table) for td in tr.xpath("./td | ./th"))


def _text_len(el: etree._Element) -> int:
    return len(_SPACE.sub("", el.text_content()))


def _table(table: etree._Element, origin: str) -> Table | None:
    rows: list[list[str]] = []
    for tr in _rows(table):
        cells = [_cell_text(td) for td in tr.xpath("./td | ./th")]
        if cells and any(c for c in cells):
            rows.append(cells)
    return Table(rows=rows, origin=origin) if rows else None


def _hidden(el: etree._Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or el.get("hidden") is not None


class _Blocks:
    """Paragraphs and tables gathered in reading order: block elements and ``<br>`` end a paragraph."""

    def __init__(self) -> None:
        self.out: list[str | Table] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        text = _clean("".join(self.buf))
        if text:
            self.out.append(text)
        self.buf.clear()

    def table(self, el: etree._Element) -> None:
        self.flush()
        if not _is_layout_table(el):
            t = _table(el, "html")
            if t:
                self.out.append(t)
            return
        for tr in _rows(el):
            for td in tr.xpath("./td | ./th"):
                self.children(td)
                self.flush()

    def walk(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or _hidden(el):
            return
        if tag == "table":
            self.table(el)
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        self.children(el)
        if block:
            self.flush()

    def children(self, el: etree._Element) -> None:
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)


def blocks_of(root: etree._Element) -> list[str | Table]:
    """Paragraphs and tables of an element, in reading order."""
    blocks = _Blocks()
    blocks.walk(root)
    blocks.flush()
    return blocks.out


# ---------------------------------------------------------------- body and metadata


def find_body(root: etree._Element) -> tuple[etree._Element, str]:
    """The element holding the report, and how it was found."""
    short: tuple[etree._Element, str] | None = None
    for sel in BODY_SELECTORS:
        try:
            found = root.cssselect(sel)
        except Exception:  # cssselect missing or selector unsupported
            found = []
        found = [el for el in found if _text_len(el) >= 10 or el.xpath(".//table")]
        if not found:
            continue
        best = max(found, key=_text_len)
        if _text_len(best) >= 200 or best.xpath(".//table"):
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
        n = _text_len(el) if el.tag != "br" else len(_clean(el.tail or ""))
        links = sum(len(_clean(a.text_content())) for a in el.iter("a")) if el.tag != "br" else 0
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
        own = _SPACE.sub("", el.text_content())
        if len(own) > 60:
            continue
        for label in labels:
            if not own.startswith(label):
                continue
            rest = own[len(label) :].lstrip(":：")
            if not rest:  # the value sits in the next cell
                nxt = el.getnext()
                rest = _SPACE.sub("", nxt.text_content()) if nxt is not None else ""
            if rest and label not in pairs:
                pairs[label] = rest
            break
    return pairs


# CMS <meta name=…> → the key it fills (the first one wins)
_META_NAMES = {"articletitle": "title", "contentsource": "publisher", "sitename": "site", "columnname": "column"}


def _meta_tags(root: etree._Element, meta: dict[str, str]) -> None:
    for m in root.iter("meta"):
        name = (m.get("name") or "").strip().lower()
        content = _clean(m.get("content") or "")
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
    if h1 is not None and _clean(h1.text_content()):
        meta.setdefault("title", _clean(h1.text_content()))
    title = root.find(".//title")
    if title is not None and _clean(title.text_content()):
        # "<report title>_<site name>" or "<title>-<site>"
        meta.setdefault("title", re.split(r"[_|]|\s-\s", _clean(title.text_content()))[0])
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
    if not doc.tables() and len(_SPACE.sub("", plain)) < 300 and ("附件" in plain or attachments):
        doc.warnings.append("body refers to an attachment (详见附件): the report is in the attachment")
    elif not doc.tables() and body.xpath(".//img"):
        doc.warnings.append("body has images but no tables: tables may be images")
    return doc
