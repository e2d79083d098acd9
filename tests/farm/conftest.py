"""A running farm for the farm's tests, and a reference walker of each family's list mechanics.

The walker follows pagination the way farm/README.md documents it (the
real portals' mechanics), so the tests check the farm against its own
documentation, through the proxy, with nothing but http.client and lxml.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode, urljoin, urlsplit

import lxml.html
import pytest

import farm

SEED = 3
SIZE = 60


@pytest.fixture(scope="session")
def cache_dir() -> Path:
    # rendered documents are keyed by their content, so the cache is safe to share between runs
    return Path(os.environ.get("FARM_CACHE_DIR") or Path(tempfile.gettempdir()) / "nianbao-farm-cache")


@pytest.fixture(scope="session")
def live(tmp_path_factory, cache_dir):
    """One farm for the read-only tests (obstacles on, short ban and slowness)."""
    state = tmp_path_factory.mktemp("farm-state")
    with farm.running(state, seed=SEED, size=SIZE, cache_dir=cache_dir, ban_seconds=30, slow_seconds=3) as f:
        f.data = f.load_manifest()
        yield f


def decode(headers: dict, body: bytes) -> str:
    m = re.search(rb'charset=["\']?([\w-]+)', body[:2048])
    declared = (m.group(1).decode() if m else "utf-8").lower()
    if declared in ("gbk", "gb2312"):
        declared = "gb18030"
    return body.decode(declared, "replace")


def page(f, url: str, **headers) -> tuple[int, str]:
    status, hdrs, body = f.fetch(url, headers=headers)
    return status, decode(hdrs, body)


def anchors(html: str, base: str, scope: str = "//div[@class='list-box']//a | //table[@class='list-table']//a"):
    doc = lxml.html.fromstring(html)
    return [urljoin(base, a.get("href")) for a in doc.xpath(scope) if a.get("href")]


def pages_trs(html: str, url: str) -> list[str]:
    m = re.search(r'createPageHTML\((\d+),\s*(\d+),\s*"(\w+)",\s*"(\w+)"\)', html)
    if not m:
        m2 = re.search(r"countPage = (\d+).*?currentPage = (\d+).*?\"(\w+)\",\s*\"(\w+)\"", html, re.S)
        if not m2:
            return []
        m = m2
    count, _cur, name, ext = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
    return [urljoin(url, f"{name}_{k}.{ext}") for k in range(1, count)]


def pages_ucap(html: str, url: str) -> list[str]:
    m = re.search(r"createPageHTML\('page_div',\s*(\d+),\s*(\d+),\s*'(\w+)',\s*'(\w+)',\s*(\d+)\)", html)
    count, name, ext = int(m.group(1)), m.group(3), m.group(4)
    return [urljoin(url, f"{name}_{k}.{ext}") for k in range(2, count + 1)]


def walk_column(f, url: str) -> list[str]:
    """Every item URL of a column, all pages, in order (duplicates kept, to be counted)."""
    family = f.data["hosts"][urlsplit(url).netloc]["family"]
    status, html = page(f, url)
    assert status == 200, (url, status)
    items = anchors(html, url)
    if family == "hanweb":
        for rec in re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", html, re.S):
            items += anchors(rec, url, "//a")
        return items + hanweb_rest(f, url, html)
    if family in ("trs", "other") and "createPageHTML(" in html:
        return items + further_pages(f, pages_trs(html, url), only_found=True)
    if family == "ucap":
        return items + further_pages(f, pages_ucap(html, url))
    if family == "wanhu":
        n = int(re.search(r"当前第 1/(\d+) 页", html).group(1))
        return items + further_pages(f, [url.replace(".html", f"_{k}.html") for k in range(2, n + 1)])
    # guangdong (index_N), anhui (pageIndex), long tail (下一页): follow the 下一页 link
    return items + next_links(f, url, html)


def further_pages(f, urls: list[str], *, only_found: bool = False) -> list[str]:
    """The items of the further pages a pager names (``only_found``: a page may answer 404)."""
    items: list[str] = []
    for u in urls:
        status, more = page(f, u)
        if status == 200 or not only_found:
            items += anchors(more, u)
    return items


def next_links(f, url: str, html: str) -> list[str]:
    """The items of the pages reached by following 下一页 links, each page once."""
    items: list[str] = []
    seen = {url}
    while True:
        nxt = [a for a in lxml.html.fromstring(html).xpath("//a[text()='下一页']")]
        if not nxt:
            return items
        url = urljoin(url, nxt[0].get("href"))
        assert url not in seen
        seen.add(url)
        status, html = page(f, url)
        items += anchors(html, url)


def hanweb_rest(f, url: str, html: str) -> list[str]:
    m = re.search(r"totalRecord:(\d+), perPage:(\d+), groupSize:(\d+)", html)
    total, per, group = map(int, m.groups())
    colid = re.search(r"columnid:(\d+)", html).group(1)
    unitid = re.search(r"unitid:'(\d+)'", html).group(1)
    host = urlsplit(url).netloc
    out: list[str] = []
    start = per * group + 1
    while start <= total:
        end = start + per * group - 1
        q = urlencode({"startrecord": start, "endrecord": end, "perpage": per})
        form = urlencode(
            {"col": 1, "appid": 1, "webid": 1, "path": "/", "columnid": colid, "unitid": unitid, "permissiontype": 0}
        ).encode()
        status, _, body = f.fetch(
            f"http://{host}/module/web/jpage/dataproxy.jsp?{q}",
            method="POST",
            body=form,
            headers={
                "Referer": url,
                "X-Requested-With": "XMLHttpRequest",
                "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
            },
        )
        assert status == 200
        for rec in re.findall(r"<!\[CDATA\[(.*?)\]\]>", body.decode()):
            out += anchors(rec, url, "//a")
        start = end + 1
    return out


def reports_by_list(data: dict) -> dict[str, set[str]]:
    """First page of a column -> the report and noise URLs the manifest says it lists."""
    out: dict[str, set[str]] = {}
    for r in data["reports"]:
        for lu in r["list_urls"]:
            if lu == r["page_url"]:
                continue  # a column page that is the report itself
            out.setdefault(lu, set()).add(r["page_url"])
    for n in data["noise"]:
        if n.get("list_url"):
            out.setdefault(n["list_url"], set()).add(n["url"])
    return out


WRITE = """
import sys
from farm.content import Content
from farm.manifest import write_all
from farm.country import build_world
world = build_world(int(sys.argv[1]), int(sys.argv[2]))
write_all(world, Content(world, sys.argv[4]), sys.argv[3], 0)
"""


def written(seed: int, size: int, out: Path, cache: Path, hashseed: str) -> bytes:
    """manifest.json + sources.csv as a separate process under PYTHONHASHSEED=hashseed writes them
    (no set or dict order may leak into the farm)."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "PYTHONPATH": str(root)}
    args = [str(seed), str(size), str(out), str(cache)]
    subprocess.run([sys.executable, "-c", WRITE, *args], check=True, env=env, cwd=root)
    return (out / "manifest.json").read_bytes() + (out / "sources.csv").read_bytes()


def dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1)[:2000]


@pytest.fixture(scope="session")
def w() -> SimpleNamespace:
    """The walker's functions (test modules cannot import conftest under --import-mode=importlib)."""
    return SimpleNamespace(
        anchors=anchors,
        page=page,
        reports_by_list=reports_by_list,
        walk_column=walk_column,
        decode=decode,
        dump=dump,
        written=written,
    )
