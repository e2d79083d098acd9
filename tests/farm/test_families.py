"""Each family's pagination, followed the way real portals work, yields every listed item exactly once."""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import urlsplit

# hosts whose obstacles stop a plain walk (tested in test_obstacles.py)
STOPPERS = {"challenge_412", "slow", "rate_ban", "flaky_500", "robots_disallow_all", "robots_disallow_column"}


def test_every_family_paginates_each_item_exactly_once(live, w):
    data = live.data
    walked: Counter[str] = Counter()
    multipage: set[str] = set()
    stub_hidden = {r["page_url"] for r in data["reports"] if r["unreachable_reason"] == "stub_pages"}
    stub_lists = {u for r in data["reports"] if r["unreachable_reason"] == "stub_pages" for u in r["list_urls"]}
    noise_urls = {n["url"] for n in data["noise"] if n["host"] in {urlsplit(u).netloc for u in stub_hidden}}
    for first, expected in sorted(w.reports_by_list(data).items()):
        host = data["hosts"][urlsplit(first).netloc]
        if set(host["obstacles"]) & STOPPERS:
            continue
        got = w.walk_column(live, first)
        counts = Counter(got)
        assert [u for u, n in counts.items() if n > 1] == [], f"listed twice on {first}"
        missing = expected - set(got)
        assert set(got) <= expected, f"{first}: extra {set(got) - expected}"
        # only the long-tail stub deep pages may hide items, and the manifest says which reports
        elsewhere = {r["page_url"] for r in data["reports"] if len(r["list_urls"]) > 1}
        assert missing <= stub_hidden | noise_urls | elsewhere, f"{first}: missing {missing}"
        if missing:
            assert first in stub_lists, f"{first}: missing {missing}"
        walked[host["family"]] += 1
        status, html = w.page(live, first)
        if len(got) > len(w.anchors(html, first)) or "createPageHTML" in html and len(got) > 8:
            multipage.add(host["family"])
    assert set(walked) == {"trs", "ucap", "hanweb", "guangdong", "anhui", "wanhu", "other"}
    # pagination (or the Hanweb dataproxy) was really exercised in every family
    assert multipage >= {"trs", "ucap", "hanweb", "guangdong", "anhui", "wanhu", "other"}, multipage


def test_hanweb_dataproxy_needs_a_same_site_referer(live, w):
    data = live.data
    first = next(
        u
        for r in data["reports"]
        for u in r["list_urls"]
        if r["family"] == "hanweb" and "/col/col" in u and not set(data["hosts"][r["host"]]["obstacles"]) & STOPPERS
    )
    status, html = w.page(live, first)
    colid = re.search(r"columnid:(\d+)", html).group(1)
    host = urlsplit(first).netloc
    url = f"http://{host}/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=5000&perpage=15"
    form = f"col=1&appid=1&webid=1&path=%2F&columnid={colid}&permissiontype=0".encode()
    ctype = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}
    status, _, empty = live.fetch(url, method="POST", body=form, headers=ctype)
    assert status == 200 and empty == b""
    status, _, other = live.fetch(url, method="POST", body=form, headers={**ctype, "Referer": "http://www.x.gov.cn/"})
    assert other == b""
    status, _, full = live.fetch(url, method="POST", body=form, headers={**ctype, "Referer": first})
    records = re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", full.decode())
    total = int(re.search(r"totalRecord:(\d+)", html).group(1))
    assert len(records) == total > 0


def test_gkmlpt_api_pages_and_attachments(live, w):
    data = live.data
    host = next(
        h for h, v in data["hosts"].items() if v["family"] == "guangdong" and not set(v["obstacles"]) & STOPPERS
    )
    status, html = w.page(live, f"http://{host}/gkmlpt/index")
    config = json.loads(re.search(r"window._CONFIG = (\{.*?\});", html).group(1))
    sid, tree = config["SID"], config["TREE"]
    nb = next(c["id"] for c in tree if c["name"] == "政府信息公开年报")
    ref = {"Referer": f"http://{host}/gkmlpt/index", "Accept": "application/json"}

    def api(cat, pg, headers=ref, s=sid):
        st, _, body = live.fetch(f"http://{host}/gkmlpt/api/all/{cat}?page={pg}&sid={s}", headers=headers)
        return st, json.loads(body)

    assert api(0, 1, headers={})[0] == 403
    assert api(0, 1, s="1")[1]["articles"] == []
    st, p0 = api(0, 0)
    _, p1 = api(0, 1)
    _, p2 = api(0, 2)
    assert p0 == p1 and len(p1["articles"]) == 100 and p2["articles"] and p2["articles"] != p1["articles"]
    total = p1["total"]
    ids = [a["id"] for pg in range(1, total // 100 + 2) for a in api(0, pg)[1]["articles"]]
    assert len(ids) == len(set(ids)) == total
    reports = {r["page_url"]: r for r in data["reports"] if r["host"] == host}
    nb_posts = []
    for pg in range(1, api(nb, 1)[1]["total"] // 100 + 2):
        nb_posts += api(nb, pg)[1]["articles"]
    listed = {a["post_url"] for a in nb_posts}
    assert set(reports) <= listed
    for a in nb_posts:
        if a["post_url"] in reports:
            want = [x["url"] for x in reports[a["post_url"]]["attachments"]]
            assert [x["url"] for x in a["attachment"]] == want
            assert a["url"] in reports[a["post_url"]]["duplicates"]


def test_stub_deep_pages_are_stubs_or_missing(live, w):
    data = live.data
    hidden = [r for r in data["reports"] if r["unreachable_reason"] == "stub_pages"]
    assert hidden, "the long-tail stub-page site hides some reports"
    first = hidden[0]["list_urls"][0]
    status, html = w.page(live, first)
    count = int(re.search(r"createPageHTML\((\d+), 0,", html).group(1))
    assert count >= 3
    base = first.rsplit("/", 1)[0]
    assert live.fetch(f"{base}/index_1.html")[0] == 200
    assert live.fetch(f"{base}/index_2.html")[0] == 404
    if count > 3:
        status, _, stub = live.fetch(f"{base}/index_3.html")
        assert status == 200 and len(stub) < 400 and b"<li>" not in stub


def test_column_page_that_is_the_report(live, w):
    rep = next(
        r
        for r in live.data["reports"]
        if r["body"] == "column" and r["reachable"] and not set(live.data["hosts"][r["host"]]["obstacles"]) & STOPPERS
    )
    status, html = w.page(live, rep["page_url"])
    assert status == 200 and rep["agency"] in html and "本年新收政府信息公开申请数量" in html
