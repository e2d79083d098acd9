"""Obstacles behave as farm/README.md says: 412, robots, bans, GBK, redirects, soft 404s, 304s."""

from __future__ import annotations

import http.client
import re
import socket

import pytest


def host_with(live, obstacle: str) -> str:
    return next(h for h, v in live.data["hosts"].items() if obstacle in v["obstacles"])


def inner_url(live, host: str) -> str:
    """A page below the home page of a host: its hub (what the home page links)."""
    return live.data["hosts"][host]["xxgk"]


def test_cookie_challenge_412_is_never_solved(live):
    host = host_with(live, "challenge_412")
    status, headers, body = live.fetch(f"http://{host}/")
    assert status == 200
    url = live.data["hosts"][host]["nianbao"]
    status, headers, body = live.fetch(url)
    assert status == 412 and b"<script" in body and len(body) < 3000
    cookie = headers["set-cookie"].split(";")[0]
    assert cookie.startswith("FSSBBIl1UgzbN7N80S=")
    status, _, _ = live.fetch(url, headers={"Cookie": cookie})
    assert status == 412
    reports = [r for r in live.data["reports"] if r["host"] == host]
    assert reports and all(not r["reachable"] and r["unreachable_reason"] == "blocked" for r in reports)


def test_robots_variants(live):
    data = live.data
    everything = host_with(live, "robots_disallow_all")
    status, _, body = live.fetch(f"http://{everything}/robots.txt")
    assert status == 200 and "Disallow: /\n" in body.decode()
    column = host_with(live, "robots_disallow_column")
    status, _, body = live.fetch(f"http://{column}/robots.txt")
    rules = re.findall(r"Disallow: (\S+)", body.decode())
    from urllib.parse import urlsplit

    for rep in (r for r in data["reports"] if r["host"] == column):
        assert any(urlsplit(rep["page_url"]).path.startswith(p) for p in rules)
        assert rep["unreachable_reason"] == "robots"
    kinds = {v["robots"] for v in data["hosts"].values()}
    assert {"absent", "permissive", "disallow_all", "disallow_column"} <= kinds


def test_burst_gets_banned_and_stays_banned(live):
    host = host_with(live, "rate_ban")
    url = f"http://{host}/robots.txt"
    statuses = [live.fetch(url)[0] for _ in range(8)]
    assert statuses[:5] == [statuses[0]] * 5 and statuses[0] not in (403, 429)
    assert statuses[-1] in (403, 429)
    status, headers, body = live.fetch(f"http://{host}/")
    assert status in (403, 429) and "访问过于频繁" in body.decode() and int(headers["retry-after"]) > 0


def test_gbk_pages_and_declarations(live):
    host = host_with(live, "charset_gb2312")
    status, headers, body = live.fetch(f"http://{host}/")
    assert headers["content-type"].endswith("charset=gb2312")
    text = body.decode("gb18030")
    assert "堃喆" in text and live.data["hosts"][host]["agency"] in text
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    missing = host_with(live, "charset_missing")
    status, headers, body = live.fetch(f"http://{missing}/")
    assert headers["content-type"] == "text/html" and b"charset=gbk" in body[:300]
    assert live.data["hosts"][missing]["agency"] in body.decode("gb18030")
    lying = host_with(live, "charset_lying")
    status, headers, body = live.fetch(f"http://{lying}/")
    assert "UTF-8" in headers["content-type"]
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_conditional_requests_answer_304(live):
    data = live.data
    rep = next(
        r
        for r in data["reports"]
        if r["reachable"]
        and data["hosts"][r["host"]]["validators"]
        and not data["hosts"][r["host"]]["obstacles"]
        and r["attachments"]
    )
    for url in (rep["page_url"], rep["attachments"][0]["url"]):
        status, headers, body = live.fetch(url)
        assert status == 200 and body
        etag, modified = headers["etag"], headers["last-modified"]
        assert live.fetch(url, headers={"If-None-Match": etag})[0] == 304
        assert live.fetch(url, headers={"If-Modified-Since": modified})[0] == 304
        assert live.fetch(url, headers={"If-None-Match": '"stale"'})[0] == 200
    bare = host_with(live, "no_validators")
    status, headers, _ = live.fetch(f"http://{bare}/")
    assert status == 200 and "etag" not in headers and "last-modified" not in headers


def test_redirects_and_shells(live, w):
    host = host_with(live, "redirect_301")
    status, headers, _ = live.fetch(f"http://{host}/zwgk/")
    assert status == 301 and headers["location"].startswith(f"http://{host}/")
    assert live.fetch(headers["location"])[0] == 200
    for kind, pattern in (
        ("meta_refresh", rb'http-equiv="refresh" content="0;url=([^"]+)"'),
        ("js_redirect", rb'location.replace\("([^"]+)"\)'),
    ):
        # every shell host, whatever its family (an anhui shell once led to a 404)
        shell_hosts = [h for h, v in live.data["hosts"].items() if kind in v["obstacles"]]
        assert shell_hosts
        for shell_host in shell_hosts:
            status, _, body = live.fetch(inner_url(live, shell_host))
            assert status == 200 and len(body) < 300
            target = re.search(pattern, body).group(1).decode()
            if target.startswith("/"):
                target = f"http://{shell_host}{target}"
            status, headers, hub = live.fetch(target)
            assert status == 200 and "政府信息公开" in w.decode(headers, hub), (shell_host, target, status)


def test_soft_404_and_dead_link(live):
    host = host_with(live, "soft_404")
    status, _, body = live.fetch(f"http://{host}/no/such/page.html")
    assert status == 200 and "页面不存在" in body.decode()
    dead = next(n for n in live.data["noise"] if n["kind"] == "dead_link" and n["host"] == host)
    status, _, body = live.fetch(dead["url"])
    assert status == 200 and "页面不存在" in body.decode()
    other = next(h for h, v in live.data["hosts"].items() if not v["obstacles"])
    assert live.fetch(f"http://{other}/no/such/page.html")[0] == 404


def test_flaky_500_then_ok(live):
    host = host_with(live, "flaky_500")
    url = f"http://{host}/wzdt/index.html"
    assert live.fetch(url)[0] == 500
    assert live.fetch(url)[0] == 200


def test_slow_host_exceeds_a_client_timeout(live):
    host = host_with(live, "slow")
    conn = http.client.HTTPConnection("127.0.0.1", live.port, timeout=1)
    conn.request("GET", f"http://{host}/", headers={"Host": host})
    with pytest.raises((TimeoutError, socket.timeout)):
        conn.getresponse()
    conn.close()


def test_unknown_hosts_https_and_origin_form(live):
    assert live.fetch("http://www.nosuchplace.gov.cn/")[0] == 502
    conn = http.client.HTTPConnection("127.0.0.1", live.port, timeout=5)
    conn.request("CONNECT", "www.nosuchplace.gov.cn:443")
    assert conn.getresponse().status == 501
    conn.close()
    host = next(iter(live.data["hosts"]))
    assert live.fetch(f"https://{host}/")[0] == 501
    # origin-form with a Host header, as curl -H Host / a reverse proxy would send
    host = next(h for h, v in live.data["hosts"].items() if not v["obstacles"])
    conn = http.client.HTTPConnection("127.0.0.1", live.port, timeout=5)
    conn.request("GET", "/", headers={"Host": host})
    resp = conn.getresponse()
    assert resp.status == 200 and live.data["hosts"][host]["agency"] in resp.read().decode()
    conn.close()


def test_attachment_names_in_content_disposition(live):
    data = live.data
    seen = set()
    for rep in data["reports"]:
        if not rep["reachable"] or set(data["hosts"][rep["host"]]["obstacles"]) & {"rate_ban", "flaky_500"}:
            continue
        for att in rep["attachments"]:
            if att["disposition"] == "none" or att["disposition"] in seen:
                continue
            status, headers, _ = live.fetch(att["url"])
            raw = headers["content-disposition"].encode("latin-1")
            if att["disposition"] == "gbk":
                assert att["filename"] in raw.decode("gbk")
            else:
                from urllib.parse import unquote

                assert unquote(raw.decode().split("UTF-8''")[1]) == att["filename"]
            seen.add(att["disposition"])
    assert seen == {"gbk", "rfc5987"}


@pytest.mark.parametrize(("seed", "size"), [(2, 40), (2026, 30), (5, 25)])
def test_every_refresh_shell_leads_to_an_answering_hub(seed, size):
    """Whatever the family (anhui's /site/tpl/<id> too), a meta-refresh or JS-redirect shell
    points at a hub that answers 200 with the 政府信息公开 page: the manifest calls the reports
    behind it reachable.  (In-process: the farm's request handler, no server.)"""
    import asyncio

    from farm.app import Farm
    from farm.country import build_world
    from farm.httpserver import Request
    from farm.paths import real_hub_path

    world = build_world(seed, size, obstacles=True)
    portals = Farm(world, None, None)
    shells = [s for s in world.sites.values() if s.obstacles & {"meta_refresh", "js_redirect"}]
    assert shells
    for site in shells:
        target = real_hub_path(site)
        path, _, query = target.partition("?")
        req = Request("GET", site.host, path, query, {}, b"", "127.0.0.1", True)
        answer = asyncio.run(portals.handle(req))
        assert answer.status == 200, (site.host, site.family, target, answer.status)
        charset = "gb18030" if b"charset=gb" in answer.body[:300].lower() else "utf-8"  # charset obstacles
        assert "政府信息公开" in answer.body.decode(charset, "replace"), (site.host, target)
