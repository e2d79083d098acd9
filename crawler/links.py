"""What a link on a portal page is: a report, a document file, an annual-report column, a way
into the 政府信息公开 section, or nothing we need.  Judged from the link's text and URL."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from crawler import titles
from crawler.pages import Link, Page
from identity import normalise_text as normalise
from parsers.doctypes import attachment_extensions

# A link to a file of any attachment type of the document table is a document, except a ``.md``
# link: on a portal that is a code host's or an editor's page, never a published report (the
# text reader reads ``.md`` files; the crawler does not take such links for attachments).
_NOT_ATTACHMENT_LINKS = frozenset({"md"})
DOCUMENT_EXTENSIONS = tuple(e for e in attachment_extensions() if e not in _NOT_ATTACHMENT_LINKS)
_DOCUMENT = re.compile(r"\.(" + "|".join(DOCUMENT_EXTENSIONS) + r")$", re.I)
_DOWNLOAD = re.compile(
    r"downfile\.jsp|download\.jsp|/download[/?]|attachment\.(do|action|jsp)|fileDownload|downloadFile", re.I
)
_DOWNLOAD_CALL = re.compile(r"""(?:downloadFile|downLoadFile|download)\(\s*['"]([^'"]+)['"]""")

# Article (detail page) URL shapes of the families.
_ARTICLE = re.compile(
    r"/t\d{8}_\d+|/art/\d{4}/|art_\d+_\d+|/content/post_\d+|/m?mpost_\d+|/contents/\d+/\d+|/content_\d+"
    r"|/\d{6}/[0-9a-f]{32}\.s?html?|/[0-9a-f]{32}\.s?html?$|/public/\d+/\d+\.html|/public/content/\d+"
    r"|XxgkAnnualReport|Xxgknb/show|xxgkAnnualReport\.jsp|year_details|/doc_[0-9a-f]{24}|/\d{16,20}\.html"
    r"|/[0-9a-f]{24}\.html|/\d{4}/\d{2}-\d{2}/\d+\.html|/info/\d+/\d+\.htm|show\.php\?id=|/\d{8}/[0-9a-f]{32}\.html"
    r"|/gkmlpt/content/",
    re.I,
)
_COLUMN_FILE = re.compile(
    r"(^|/)((index|default|list|xlist|common_list|newxxgk_list|.*list.*)(_\d+)?|\d{1,3})\.(s?html?|jsp|aspx?|php)$",
    re.I,
)
# The name of an annual-report column, not of a report: no unit, no year.
_COLUMN_NAME = re.compile(r"^(政府|政务)?信息公开(工作)?(年报|年度报告)(专栏)?$")

# Ways into the disclosure section, and the annual-report column itself.
_DISCLOSURE_TEXT = re.compile(
    r"政府信息公开|政务信息公开|信息公开|政务公开|公开目录|法定主动公开|主动公开|政府公开|公开专栏|信息公开平台|部门公开|乡镇公开|街道公开"
)
_DISCLOSURE_PATH = re.compile(r"zfxxgk|xxgk|zwgk|gongkai|govxxgk|public/column|gkmlpt|zfgk|/gk/|xxgkml|fdzdgknr", re.I)
_ANNUAL_TEXT = re.compile(r"年报|年度报告|年度報告|工作报告")
_ANNUAL_PATH = re.compile(
    r"zfxxgknb|xxgknb|gknb|ndbg|nianbao|zfxxgkndbg|ndbb|bmnb|szfnb|qzfxxgknb|zfxxgkbg|annualreport|nbzt|xxgkn\d", re.I
)
_YEAR_COLUMN = re.compile(r"^(19|20)\d{2}\s*(年|年度)?\s*(度)?\s*(政府信息公开)?(工作)?(年报|年度报告|报告)?$")
_UNIT_SPLIT = re.compile(
    r"部门|乡镇|街道|镇街|本级|县市区|区县|县区|市直|市级|区级|县级|直属|委办局|政府办|单位|机构|县\(市、区\)|各区|各县|各市|汇总|区政府|县政府|市政府|人民政府|省级|市州"
)
_AGENCY_NAME = re.compile(r"(省|市|区|县|旗|州|盟|局|委|办|厅|院|会|所|站|队|中心|政府|镇|乡|街道|办事处)$")


def is_document_url(url: str) -> bool:
    parts = urlsplit(url)
    path = unquote(parts.path)
    if _DOCUMENT.search(path) or _DOWNLOAD.search(url):
        return True
    for values in parse_qs(parts.query).values():
        if any(_DOCUMENT.search(v) for v in values):
            return not re.search(r"\.(s?html?|jsp|aspx?|php)$", path, re.I) or "down" in path.lower()
    return False


def is_article_url(url: str) -> bool:
    return bool(_ARTICLE.search(url))


def is_column_url(url: str) -> bool:
    parts = urlsplit(url)
    path = parts.path
    if is_article_url(url) or is_document_url(url):
        return False
    last = path.rsplit("/", 1)[-1]
    return (
        path.endswith("/")
        or "." not in last
        or bool(_COLUMN_FILE.search(path))
        or "/col/col" in path
        or "/channels/" in path
        or "/public/column/" in path
        or "/site/tpl/" in path
        or "/gkmlpt/" in path
    )


_NOT_A_WAY_IN = re.compile(r"指南|制度|依申请|申请表|网站地图|意见|留言|信箱|登录|注册")


def is_disclosure_link(link: Link) -> bool:
    text = normalise(link.text)
    if _NOT_A_WAY_IN.search(text):  # pages that never lead to the 年报 column
        return False
    if _DISCLOSURE_TEXT.search(text):
        return True
    # by its address alone only in the content: a site menu's every item lies under /zwgk/
    return (
        not link.chrome
        and len(text) <= 12
        and bool(_DISCLOSURE_PATH.search(urlsplit(link.url).path))
        and not _MENU_ITEM.search(text)
        and not _OTHER_REPORT.search(text)
    )


_OTHER_REPORT = re.compile(r"政府工作报告|计划执行情况|预算执行情况|国民经济和社会发展")


def is_annual_column_link(link: Link) -> bool:
    text = normalise(link.text)
    if _OTHER_REPORT.search(text):  # the government's work report to the congress, budgets: not 年报
        return False
    path = urlsplit(link.url).path
    if _ANNUAL_TEXT.search(text) and len(text) <= 24 and not re.search(r"(19|20)\d{2}", text):
        return True
    return bool(_ANNUAL_PATH.search(path)) and not is_article_url(link.url) and not is_document_url(link.url)


def is_sub_column_link(link: Link, list_url: str) -> bool:
    """Inside an annual-report column: a year, a unit-type split, an agency's own sub-column."""
    text = normalise(link.text)
    if not text or is_document_url(link.url) or is_article_url(link.url):
        return False
    if _YEAR_COLUMN.match(text) or (_ANNUAL_TEXT.search(text) and len(text) <= 30 and not _OTHER_REPORT.search(text)):
        return True
    if _ANNUAL_PATH.search(urlsplit(link.url).path) and is_column_url(link.url):
        return True
    if len(text) <= 20 and (_UNIT_SPLIT.search(text) or _AGENCY_NAME.search(text)) and not _MENU_ITEM.search(text):
        # a site's menu sits at its top level (/, /xwfb/); a unit's sub-column does not
        top_level = urlsplit(link.url).path.strip("/").count("/") == 0 and "." not in urlsplit(link.url).path
        return under_directory(link.url, list_url) or (is_column_url(link.url) and not top_level)
    return False


# Items of a site's menu that name no unit of an annual-report index.
_MENU_ITEM = re.compile(
    r"首页|政府机构|机构设置|机构职能|领导|新闻|发布会|互动|政务服务|办事|专题|人民政府$|政务公开$|政府信息公开$"
)
_NOT_A_UNIT = re.compile(
    r"首页|主页|网站|地图|指南|制度|依申请|公开目录|通知|公告|新闻|动态|登录|English|无障碍|关怀|返回|上一|下一|尾页"
)


def is_year_column_text(text: str) -> bool:
    """A year's sub-column (2023年, 2023年度报告): a strong sign wherever it is linked."""
    return bool(_YEAR_COLUMN.match(normalise(text)))


def names_unit_or_year(text: str) -> bool:
    """A link text that is only an agency's name (XX市统计局, XX镇人民政府) or a year (2023年):
    what an aggregated annual-report index shows for each unit's or year's report."""
    text = normalise(text)
    if not 2 <= len(text) <= 24 or _NOT_A_UNIT.search(text):
        return False
    return bool(_YEAR_COLUMN.match(text)) or (bool(_AGENCY_NAME.search(text)) and not re.search(r"\d", text))


def under_directory(url: str, list_url: str) -> bool:
    """``url`` lies in a sub-directory of the list page's directory."""
    here, there = urlsplit(list_url), urlsplit(url)
    if here.hostname != there.hostname:
        return False
    directory = here.path.rsplit("/", 1)[0] + "/"
    return there.path.startswith(directory) and there.path.rsplit("/", 1)[0] + "/" != directory and is_column_url(url)


_VIEWER_KEYS = ("file", "url", "src", "path", "filepath", "fileUrl")
_VIEWER_PATH = re.compile(r"viewer|pdfjs|preview|readpdf|showpdf|onlineview", re.I)


def document_behind_viewer(url: str) -> str | None:
    """The document an online viewer page shows (pdf.js ``viewer.html?file=/…/x.pdf``, office
    previewers ``…?url=…docx``), or None when ``url`` is not such a viewer.  The viewer page
    itself is no document: the file it names is."""
    parts = urlsplit(url)
    if _DOCUMENT.search(unquote(parts.path)) or not parts.query:
        return None
    query = parse_qs(parts.query)
    for key in _VIEWER_KEYS:
        for value in query.get(key) or []:
            inner = urljoin(url, value.strip())
            if inner == url or urlsplit(inner).scheme not in ("http", "https"):
                continue
            # a viewer's file may be a download address without an extension (``?file=/api/file/12``)
            if is_document_url(inner) or (_VIEWER_PATH.search(parts.path) and key in ("file", "url", "src")):
                return urlsplit(inner)._replace(fragment="").geturl()
    return None


def attachment_links(page: Page) -> list[Link]:
    """Document files a report page offers: plain links, downfile.jsp, onclick downloads,
    iframe/embed/object viewers (``viewer.html?file=…``: the file, never the viewer), and files
    named in embedded JSON."""
    found: dict[str, Link] = {}
    for finder in (_content_files, _opaque_files, _onclick_files, _frame_files, _json_files):
        for url, text, tag in finder(page):
            url = document_behind_viewer(url) or url if url else None
            if url and url not in found and (tag != "json" or is_document_url(url)):
                found[url] = Link(url, text, tag)
    return list(found.values())


_Found = Iterator[tuple[str | None, str, str]]  # a file's address, its text, the tag that offers it


def _content_files(page: Page) -> _Found:
    for link in page.content_links():  # a footer's files (网站年度报表.xls) are not the report's
        if is_document_url(link.url) or document_behind_viewer(link.url):
            yield link.url, link.text, "a"


def _opaque_files(page: Page) -> _Found:
    """Opaque storage addresses (``/getFile?id=…``, ``/u/file/abc123``): the link itself says it
    is a file: a name with a document extension (text, title, download=) or appendix/download marks."""
    for anchor in page.selector.root.xpath("//a[@href or @onclick]"):  # lxml elements: read on every report page
        url = page.anchor_url(anchor)
        if not url or url == page.url:
            continue
        text = " ".join(t.strip() for t in anchor.itertext() if t.strip())
        names = [anchor.attrib.get("download") or "", anchor.attrib.get("title") or "", text]
        marked = any(name in anchor.attrib for name in ("download", "appendix", "data-appendix", "needdownload"))
        named = next((n.strip() for n in names if _DOCUMENT.search(n.strip())), None)
        if named or (marked and not is_article_url(url)):
            yield url, named or text or names[1], "a"


def _onclick_files(page: Page) -> _Found:
    for anchor in page.selector.xpath("//*[@onclick]"):
        match = _DOWNLOAD_CALL.search(anchor.attrib.get("onclick", ""))
        if match:
            yield page.absolute(match.group(1)), " ".join(anchor.xpath(".//text()").getall()).strip(), "a"


def _frame_files(page: Page) -> _Found:
    for frame in page.selector.xpath("//iframe[@src]|//embed[@src]|//object[@data]"):
        url = page.absolute(frame.attrib.get("src") or frame.attrib.get("data") or "")
        if url and (document_behind_viewer(url) or is_document_url(url)):
            yield url, "", "iframe" if document_behind_viewer(url) else frame.root.tag


# A quoted rooted address of a document file; not a ``.txt`` (a script's config names robots.txt
# and help texts, never a report).
_JSON_FILE = re.compile(
    r"""["'](https?:)?(//[^"'\s<>]+|/[^"'\s<>]+)\.("""
    + "|".join(e for e in DOCUMENT_EXTENSIONS if e != "txt")
    + r""")["']""",
    re.I,
)


def _json_files(page: Page) -> _Found:
    """Files named only inside embedded JSON (gkmlpt _CONFIG.DETAIL, escaped HTML); a quoted
    viewer address (``src='…viewer.html?file=….pdf'``) stands for its file."""
    unescaped = page.text.replace("\\u003C", "<").replace("\\u003c", "<").replace("\\u003E", ">").replace("\\/", "/")
    for match in _JSON_FILE.finditer(unescaped):
        raw = html.unescape((match.group(1) or "") + match.group(2) + "." + match.group(3))
        yield page.absolute(raw), "", "json"


def is_annual_page(page: Page) -> bool:
    """The page is an annual-report column (by its ColumnName, <title> or path)."""
    names = normalise((page.meta("ColumnName") or "") + (page.selector.xpath("//title/text()").get() or ""))
    return bool(_ANNUAL_TEXT.search(names)) or bool(_ANNUAL_PATH.search(urlsplit(page.url).path))


_JS_REDIRECT = re.compile(r"""location(?:\.href)?\s*(?:=|\.replace\(|\.assign\()\s*["']([^"']+)["']""")


def js_redirect_target(page: Page) -> str | None:
    """The target of a tiny ``<script>location.replace("…")</script>`` shell page."""
    if page.visible_text_length() > 200 or len(page.text) > 4000:
        return None
    # only what runs on load: a location.href in an onclick is a link, not a redirect
    scripts = "\n".join(page.selector.xpath("//script[not(@src)]/text()").getall()) or (
        page.text if "<" not in page.text.lstrip()[:1] else ""
    )
    match = _JS_REDIRECT.search(scripts)
    return page.absolute(match.group(1)) if match else None


def is_column_name(text: str) -> bool:
    """政府信息公开年报 / 政府信息公开年度报告 / 政府信息公开工作年度报告 as a link: a column."""
    return bool(_COLUMN_NAME.match(normalise(text)))


# Below this much visible text a column page titled like a report is taken for one only when its
# body carries the statutory sections (an empty year sub-column named 2024年年报 has neither).
_REPORT_BODY_LENGTH = 800
_UNDATED_REPORT_BODY_LENGTH = 3000


def column_page_is_report(page: Page, min_year: int) -> bool:
    """A column page with no list whose body *is* the report (portal-patterns §2.2 item 7, e.g.
    Jiangsu ``jtyst.jiangsu.gov.cn/col/col90231/index.html``): a report title (ArticleTitle,
    <h1>, <title> or a heading of the body) over a report body (the statutory sections of
    条例 第五十条, or a long text).  An undated title (政府信息公开工作年度报告) needs more body."""
    sections = page.statutory_sections()
    length = page.visible_text_length()
    if length <= _REPORT_BODY_LENGTH and sections < 3:
        return False
    verdicts = [titles.classify(text, min_year) for text in (page.title, *page.heading_texts())]
    if any(v.is_report and v.year is not None for v in verdicts):
        return True
    return bool(verdicts) and (
        (verdicts[0].is_report and length > _UNDATED_REPORT_BODY_LENGTH)
        or (any(v.is_report for v in verdicts) and sections >= 3)
    )
