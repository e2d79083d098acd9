"""altfarm is consistent: each site's pagination, followed as a careful client would (urllib through
the proxy), yields each manifest item exactly once, every report and attachment is served, and the
obstacles behave as documented."""

from __future__ import annotations

import gzip
import json
import math
import re
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from html import unescape
from urllib.parse import urljoin

import pytest

from altfarm import AltFarm

HREF = re.compile(r"""href\s*=\s*['"]([^'"]+)['"]""")


@pytest.fixture(scope="module")
def farm():
    with AltFarm() as running:
        yield running


class Client:
    def __init__(self, proxy: str) -> None:
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy}))

    def get(self, url: str, retries: int = 1) -> tuple[int, dict, bytes]:
        try:
            with self.opener.open(url, timeout=5) as response:
                body = response.read()
                if response.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                return response.status, dict(response.headers), body
        except urllib.error.HTTPError as error:
            if error.code >= 500 and retries:
                return self.get(url, retries - 1)
            return error.code, dict(error.headers), error.read()

    def text(self, url: str) -> str:
        status, headers, body = self.get(url)
        assert status == 200, (url, status)
        declared = re.findall(r"charset=([\w-]+)", headers.get("Content-Type", ""))
        declared += [m.decode() for m in re.findall(rb"charset=['\"]?([\w-]+)", body[:1024])]
        for name in [*declared, "utf-8"]:  # a header may lie (§3.1): fall back to <meta>; gb2312/gbk mean GB18030
            try:
                return body.decode("gb18030" if name.lower() in {"gb2312", "gbk"} else name)
            except UnicodeDecodeError:
                continue
        raise AssertionError(f"undecodable {url}")


Walked = tuple[list[str], list[dict]]


def hrefs(page: str, base: str) -> list[str]:
    return [urljoin(base, unescape(h)) for h in HREF.findall(page)]


def link_by_text(page: str, base: str, text: str) -> str:
    match = re.search(r"""href=['"]([^'"]+)['"][^>]*>\s*""" + text + "<", page)
    assert match, text
    return urljoin(base, match.group(1))


def _via_disclosure(client: Client, entry: str) -> str:
    """home → 政府信息公开 → 政府信息公开年报"""
    home = client.text(entry)
    disclosure = link_by_text(home, entry, "政府信息公开")
    return link_by_text(client.text(disclosure), disclosure, "政府信息公开年报")


def _trs4(client: Client, entry: str) -> Walked:
    pages, queue = [], [entry]
    while queue:
        url = queue.pop(0)
        page = client.text(url)
        call = re.search(r"countPage\s*=\s*(\d+)", page) or re.search(r"createPageHTML\((\d+),", page)
        if call:
            count = int(call.group(1))
            stem, ext = url.rsplit("/", 1)[1].split(".")
            pages += [url] + [url.replace(f"{stem}.{ext}", f"{stem}_{k}.{ext}") for k in range(1, count)]
        else:  # a year or unit-type sub-column index
            queue += [
                h for h in hrefs(page, url) if h.startswith(url.rsplit("/", 1)[0] + "/") and h.endswith("/index.shtml")
            ]
    return pages, []


def _page_div(client: Client, entry: str) -> Walked:
    count = int(re.search(r"createPageHTML\('page_div',\s*(\d+)", client.text(entry)).group(1))
    return [entry] + [entry.replace(".shtml", f"_{k}.shtml") for k in range(2, count + 1)], []


def _wanhu(client: Client, entry: str) -> Walked:
    count = int(re.search(r"当前第 1/(\d+) 页", client.text(entry)).group(1))
    return [entry] + [entry.replace(".html", f"_{k}.html") for k in range(2, count + 1)], []


def _page_index(client: Client, entry: str) -> Walked:
    count = int(re.search(r"(\d+)页</span>", client.text(entry)).group(1))
    return [f"{entry}&pageIndex={k}" for k in range(1, count + 1)], []


def _numbered(client: Client, entry: str) -> Walked:
    """A JS redirect to 1.html; the announced total overstates what exists."""
    first = urljoin(entry, re.search(r"location\.replace\('([^']+)'\)", client.text(entry)).group(1))
    announced = int(re.search(r"parseInt\('(\d+)'\)", client.text(first)).group(1))
    pages = [urljoin(first, f"{k}.html") for k in range(1, announced + 1)]
    return [p for p in pages if client.get(p)[0] == 200], []


def _next_link(client: Client, entry: str) -> Walked:
    shell = client.text(entry)
    refresh = re.search(r"url=([^'\"]+)", shell)
    url = urljoin(entry, refresh.group(1)) if refresh else entry
    pages = []
    while url:
        pages.append(url)
        match = re.search(r"""href=['"]([^'"]+)['"]>下一页""", client.text(url))
        url = urljoin(url, match.group(1)) if match else ""
    return pages, []


def _hanweb(client: Client, entry: str) -> Walked:
    pages, url = [], entry
    while url:
        pages.append(url)
        match = re.search(r"<nextgroup><!\[CDATA\[<a href=\"([^\"]+)\"", client.text(url))
        url = urljoin(entry, unescape(match.group(1))) if match else ""
    return pages, []


def _gkmlpt(client: Client, entry: str) -> Walked:
    literal = re.search(r"window\._CONFIG = (\{.*?\});</script>", client.text(entry)).group(1)
    config = json.loads(re.sub(r"([{,]\s*)(\w+):", r'\1"\2":', literal).replace("'", '"'))
    leaves = [child["id"] for node in config["TREE"] for child in node["children"] if not child["children"]]
    articles = []
    for category in leaves:  # the whole directory, each leaf once
        api = urljoin(entry, f"/gkmlpt/api/all/{category}?sid={config['SID']}&page=")
        first = json.loads(client.text(api + "1"))
        assert json.loads(client.text(api + "0")) == first  # page 0 is page 1
        for page in range(1, math.ceil(first["total"] / len(first["articles"])) + 1):
            articles += json.loads(client.text(api + str(page)))["articles"]
    return [], articles


WALKERS: dict[str, Callable[[Client, str], Walked]] = {
    "trs4": _trs4,
    "trs4-years": _trs4,
    "page_div": _page_div,
    "wanhu": _wanhu,
    "column-is-report": lambda client, entry: ([], [{"url": entry, "attachment": []}]),
    "pageIndex": _page_index,
    "N.html": _numbered,
    "next-link": _next_link,
    "nfcms": _next_link,
    "hanweb": _hanweb,
    "gkmlpt": _gkmlpt,
}


def walk(client: Client, site: dict) -> Walked:
    """The list pages of a site, in order, plus (for gkmlpt) the JSON articles."""
    pager, entry = site["pager"], site["entry"]
    if pager not in WALKERS:
        raise AssertionError(pager)
    if pager in {"trs4", "hanweb"}:
        entry = _via_disclosure(client, entry)
    return WALKERS[pager](client, entry)


def test_each_manifest_item_is_listed_exactly_once_and_served(farm: AltFarm) -> None:
    client, manifest = Client(farm.proxy_url), farm.manifest
    listed_items = {i["url"] for i in manifest["reports"] if i["kind"] == "page"} | {
        i["url"] for i in manifest["noise"] if i["listed_on"]
    }
    attachments = {i["url"] for i in manifest["reports"] if i["kind"] == "attachment"}
    seen, attachment_links = Counter(), set()
    for site in manifest["sites"]:
        if site["pager"] in {"blocked", "robots"}:
            continue
        pages, articles = walk(client, site)
        for url in pages:
            seen.update(h for h in hrefs(client.text(url), url) if h in listed_items)
        seen.update(article["url"] for article in articles)
        attachment_links |= {a["url"] for article in articles for a in article["attachment"]}
    assert {url for url, n in seen.items() if n != 1} == set()
    assert set(seen) == listed_items
    for item in manifest["reports"]:
        if item["kind"] == "page":
            page = client.text(item["url"])
            assert item["title"] in page
            viewed = [
                urljoin(item["url"], f) for f in re.findall(r"viewer\.html\?file=([^'\"&]+)", page)
            ]  # pdf.js iframes
            attachment_links |= {h for h in hrefs(page, item["url"]) + viewed if h in attachments}
    assert attachment_links == attachments
    for url in attachments:
        status, headers, body = client.get(url)
        assert status == 200 and body[:4] in {b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"}, url
        assert headers["Content-Type"] in {
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/msword",
            "application/octet-stream",
            "application/zip",
        }


def test_obstacles(farm: AltFarm) -> None:
    client, manifest = Client(farm.proxy_url), farm.manifest
    answers = {host: client.get(f"http://{host}/any/path.html") for host in manifest["blocked_hosts"]}
    assert answers["www.hongyuanx.gov.cn"][0] == 412 and "Set-Cookie" in answers["www.hongyuanx.gov.cn"][1]
    assert b'document.cookie="C3VK=' in answers["www.huaianx.gov.cn"][2] and len(answers["www.huaianx.gov.cn"][2]) < 400
    assert b"puzzle-vcode" in answers["www.qianzhongx.gov.cn"][2]
    for host in manifest["robots_hosts"]:
        assert b"Disallow: /\n" in client.get(f"http://{host}/robots.txt")[2]
    assert client.get("http://www.nowhere.gov.cn/")[0] == 502
    gbk = client.get("http://www.baihe.gov.cn/zwgk/zfxxgknb/2024n/xzjd/index.shtml")
    assert "charset=gb2312" in gbk[1]["Content-Type"]
    with pytest.raises(UnicodeDecodeError):
        gbk[2].decode("gb2312")  # 堃 is GBK-only: a strict gb2312 decoder fails
    assert "堃山镇" in gbk[2].decode("gb18030")
    downloaded = client.get(next(i["url"] for i in manifest["reports"] if "downfile.jsp" in i["url"]))
    assert downloaded[1]["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    post = urllib.request.Request(
        "http://www.qinghequ.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=5&endrecord=8&perpage=2",
        data=b"col=1&appid=1&webid=3&columnid=282&unitid=123456",
        method="POST",
    )
    with client.opener.open(post, timeout=5) as response:
        assert b"<record>" not in response.read()  # this deployment only pages through the GET form
