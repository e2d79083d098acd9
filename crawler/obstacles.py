"""Answers that are not content: challenges and bans (recorded as ``blocked``, never evaded),
soft 404s and redirects home (``vanished`` for known report pages)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.pages import Page

_CAPTCHA = re.compile(
    r"puzzle-vcode|slider-?captcha|滑块|拖动.{0,6}验证|请完成.{0,6}验证|安全验证|人机验证|验证码|window\._\$ts", re.I
)
_BAN = re.compile(
    r"访问过于频繁|访问频率过高|请求过于频繁|您的IP.{0,20}(封|限制|禁止)"
    r"|IP.{0,10}已被.{0,6}(封|限制|禁止)|访问受限|禁止访问|拒绝访问"
    r"|Access Denied|不合法的参数|非法请求|非法访问",
    re.I,
)
_JS_COOKIE = re.compile(r"document\.cookie\s*=", re.I)
_RELOAD = re.compile(r"location\.(reload|replace|href)|window\.location\s*=", re.I)
_NOT_FOUND = re.compile(
    r"页面不存在|页面未找到|找不到|无法找到|已被删除|已删除|不存在或已|404\s*Not\s*Found|Page\s+Not\s+Found|出错了|您访问的页面",
    re.I,
)
_HOME_PATHS = {
    "",
    "/",
    "/index.html",
    "/index.htm",
    "/index.shtml",
    "/default.html",
    "/default.htm",
    "/index.jsp",
    "/index.php",
}


def block_reason(page: Page) -> str | None:
    """Why the host refuses us, or None when the answer is ordinary."""
    status = page.status
    text = page.text or ""
    small = len(text) < 40_000
    if status == 412:
        cookie = any(k.lower() == "set-cookie" for k in page.headers)
        return "HTTP 412 challenge" + (" with a JS cookie" if cookie or _JS_COOKIE.search(text) else "")
    if status == 403:
        return "HTTP 403 refused (user agent or IP fenced)"
    if status == 429:
        return "HTTP 429 rate limited"
    if status in (200, 202, 403, 503) and small and _CAPTCHA.search(text):
        return "CAPTCHA page"
    if small and _BAN.search(text) and page.visible_text_length() < 2000:
        return "ban page"
    if small and len(text) < 3000 and _JS_COOKIE.search(text) and _RELOAD.search(text):
        return "JS cookie challenge"
    return None


def is_soft_404(page: Page) -> bool:
    return page.status == 200 and page.visible_text_length() < 600 and bool(_NOT_FOUND.search(page.text or ""))


def redirected_home(requested: str, final: str) -> bool:
    before, after = urlsplit(requested), urlsplit(final)
    return before.path not in _HOME_PATHS and after.path in _HOME_PATHS and before.geturl() != after.geturl()


def vanish_reason(page: Page, requested: str) -> str | None:
    """Why a page we expected is gone (404/410, a soft 404, a redirect to the home page)."""
    if page.status in (404, 410):
        return f"HTTP {page.status}"
    if redirected_home(requested, page.url):
        return "redirects to the home page"
    if is_soft_404(page):
        return "soft 404 (page says it does not exist)"
    return None
