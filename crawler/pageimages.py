"""Flipbook report pages: a report published as a sequence of page images, not as text.

Real portals publish a printed, stamped and scanned report as pictures inside the article body:
``<img src="./W020240125….jpg" oldsrc="W020240125….jpg">`` per page in a TRS ``TRS_Editor``
div, images named by page number (``files/mobile/1.jpg`` of a FlipHTML5/云展网 export,
``page1.jpg``), or lazily loaded (``src`` a placeholder, the page in ``data-original`` /
``data-src``).  The parser reads such a page when it is given the images' bytes
(``parsers.formats.scan.with_page_images``); the crawler's part is to fetch them.

Deciding "this page is a flipbook" is navigation, from markup only: the page prints none of the
statutory tables as text, and its content area (outside ``crawler.chrome``) holds pictures that
may be pages.  A picture is left out when it is chrome, a logo, an icon, a QR code, a badge or a
placeholder (by its name, class, id or alt), declared tiny (``width``/``height``), not an image
file, or on another site than the page's own host or its CDN (a subdomain of the same base).
At most ``MAX_PAGE_IMAGES`` per page, each at most ``PAGE_IMAGE_MAXSIZE`` bytes.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from lxml import etree

from crawler import chrome
from crawler.pages import Page
from crawler.scope import base_domain, host_of, under

MAX_PAGE_IMAGES = 80
PAGE_IMAGE_MAXSIZE = 20 * 1024 * 1024  # a 300-dpi A4 page as PNG is ~5 MB; past 20 MB it is no page
MIN_DECLARED_SIDE = 200  # px: a page shown smaller than this is a thumbnail or an icon

# The attributes lazy loaders keep the real picture in (``src`` is then a spinner), before ``src``.
SOURCE_ATTRIBUTES = ("data-original", "data-src", "data-lazy-src", "data-echo", "src")
_IMAGE_PATH = re.compile(r"\.(jpe?g|png|gif|bmp|webp|tiff?)$", re.I)
# Names of what is not a page: logos, icons, QR codes (二维码, ewm), share and print buttons,
# the 党政机关/conac and 公安备案 badges, 无障碍 (wza) and 纠错 widgets, spacers and spinners.
_NOT_A_PAGE = re.compile(
    r"logo|icon|ico[_.-]|favicon|qr|ewm|erweima|二维码|weixin|wechat|weibo|share|fenxiang|banner|btn|button|"
    r"arrow|close|print|dayin|search|sousuo|dzjg|conac|党政机关|gongan|beian|备案|jiucuo|纠错|wza|无障碍|"
    r"spacer|blank|loading|placeholder|pixel|avatar",
    re.I,
)
# Labels only the statutory tables print: a page carrying two of them has its tables as text.
_TABLE_LABELS = ("本年制发件数", "本年新制作数量", "本年新公开数量", "申请人情况", "自然人", "商业企业", "维持", "纠正")
_IMGS = etree.XPath("//body//img")
# Leading bytes of the picture formats a page image comes in.
_PICTURE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")


def page_image_urls(page: Page) -> list[str]:
    """The page images of a flipbook report page to fetch, in reading order; none when the page
    prints its tables as text or shows no picture that may be a page."""
    if tables_as_text(page):
        return []
    chrome_roots = page.chrome_roots
    found: list[str] = []
    for img in _IMGS(page.selector.root):
        source = _source(img)
        if not source or chrome.in_chrome(img, chrome_roots) or not _may_be_a_page(img, source):
            continue
        url = page.absolute(source)
        if url and url not in found and _on_site(page, url):
            found.append(url)
        if len(found) == MAX_PAGE_IMAGES:
            break
    return found


def tables_as_text(page: Page) -> bool:
    """The page's tables print at least two of the statutory tables' labels."""
    for table in page.selector.root.xpath("//body//table"):
        text = re.sub(r"\s+", "", "".join(table.itertext()))
        if sum(1 for label in _TABLE_LABELS if label in text) >= 2:
            return True
    return False


def _source(img: etree._Element) -> str | None:
    """The picture's address as written: a lazy loader's attribute before ``src``."""
    for name in SOURCE_ATTRIBUTES:
        value = (img.get(name) or "").strip()
        if value and not value.startswith("data:"):
            return value
    return None


def _may_be_a_page(img: etree._Element, source: str) -> bool:
    names = " ".join(img.get(a) or "" for a in ("class", "id", "alt", "title"))
    filename = unquote(urlsplit(source).path).rsplit("/", 1)[-1]
    if _NOT_A_PAGE.search(names) or _NOT_A_PAGE.search(filename):
        return False
    if "." in filename and not _IMAGE_PATH.search(filename):
        return False  # a script or page answering with a picture (a counter, a captcha): not a page
    return all(side is None or side >= MIN_DECLARED_SIDE for side in _declared_sides(img))


def _declared_sides(img: etree._Element) -> tuple[int | None, int | None]:
    """Width and height as the markup declares them (attributes, inline style), in pixels."""
    style = img.get("style") or ""
    sides = []
    for name in ("width", "height"):
        value = img.get(name) or img.get(f"data-{name}") or ""  # TRS's editor: data-width="800"
        match = re.search(rf"(?<![-\w]){name}\s*:\s*(\d+)\s*px", style, re.I)
        raw = match.group(1) if match else value.strip()
        sides.append(int(raw) if raw.isdigit() else None)  # "100%", "auto": no size said
    return sides[0], sides[1]


def _on_site(page: Page, url: str) -> bool:
    """On the page's own host, or its CDN: a subdomain of the page's base domain
    (``img.xx.gov.cn`` for ``www.xx.gov.cn``)."""
    host = host_of(url)
    return bool(host) and (host == page.host.lower() or under(host, base_domain(page.host)))


def is_image(body: bytes) -> bool:
    """The bytes are a picture (by their magic bytes: servers send pictures as
    ``application/octet-stream`` too, and soft 404 pages as ``image/jpeg``)."""
    return body.startswith(_PICTURE_MAGIC) or (body[:4] == b"RIFF" and body[8:12] == b"WEBP")
