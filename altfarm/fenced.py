"""altfarm's hosts a polite crawler cannot get past: a 412 JS challenge, robots.txt Disallow: /,
a cookie shell and a slider captcha (portal-patterns §3)."""

from __future__ import annotations

from altfarm import docs
from altfarm.world import Request, Response, Source, World


# ---------------------------------------------------------------- obstacles: 412 challenge, robots Disallow: /
def challenged_county(world: World) -> None:
    """Every path answers 412 with an obfuscated JS cookie challenge (瑞数-style, §3.2)."""
    agency = "红原县人民政府"
    host = world.host("www.hongyuanx.gov.cn")
    world.sources.append(Source(agency, f"http://{host.name}/zwgk/zfxxgknb/", "513233", "county", "阿坝州人民政府"))
    world.sites.append(
        {"agency": agency, "host": host.name, "entry": f"http://{host.name}/zwgk/zfxxgknb/", "pager": "blocked"}
    )
    world.blocked_hosts.append(host.name)
    challenge = (
        b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=utf-8'></head><body>"
        b"<script>var _$ts=window['$_ts'];if(!_$ts)_$ts={};_$ts.nsd=84176;_$ts.cd='qqlErrAlqEqjrrAlDGGmcqGh';"
        b"</script><script src='/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js' r='m'></script></body></html>"
    )

    def challenged(request: Request) -> Response:
        return Response(
            412, challenge, {"Content-Type": "text/html", "Set-Cookie": "FSSBBIl1UgzbN7N80S=Zx9Q3; Path=/; HttpOnly"}
        )

    host.serve = challenged  # type: ignore[method-assign]


def robots_district(world: World) -> None:
    """robots.txt says ``Disallow: /``; the reports exist but a polite crawler must not fetch them."""
    agency = "顺平区人民政府"
    host = world.host("www.shunpingq.gov.cn")
    world.sources.append(
        Source(agency, f"http://{host.name}/zfxxgk/zfxxgknb/index.html", "130636", "county", "保中市人民政府")
    )
    world.sites.append(
        {
            "agency": agency,
            "host": host.name,
            "entry": f"http://{host.name}/zfxxgk/zfxxgknb/index.html",
            "pager": "robots",
        }
    )
    world.robots_hosts.append(host.name)
    host.routes["/robots.txt"] = Response(200, b"User-agent: *\nDisallow: /\n", {"Content-Type": "text/plain"})
    host.page(
        "/zfxxgk/zfxxgknb/index.html",
        docs.simple_page(
            "政府信息公开年报",
            "<ul><li><a href='./202401/t20240122_1.html'>顺平区人民政府2023年政府信息公开工作年度报告</a></li></ul>",
        ),
    )
    host.page(
        "/zfxxgk/zfxxgknb/202401/t20240122_1.html",
        docs.simple_page("顺平区人民政府2023年政府信息公开工作年度报告", docs.report_body(agency, 2023)),
    )


def cookie_shell_city(world: World) -> None:
    """A ~380-byte shell that sets ``C3VK`` by script and reloads (§3.2); a client without JS loops."""
    shell = (
        b"<html><head><meta charset='utf-8'></head><body><script>var x=\"8f3a1c7d20e4\";"
        b'document.cookie="C3VK="+x+"; path=/; max-age=300";window.location.reload();</script></body></html>'
    )
    fenced_host(
        world,
        "怀安市人民政府",
        "www.huaianx.gov.cn",
        "/zwgk/xxgk/zfxxgknb/",
        Response(200, shell, {"Content-Type": "text/html; charset=utf-8"}),
    )


def slider_captcha_city(world: World) -> None:
    """A slider-CAPTCHA interstitial answered with 200 (Ningxia, §3.2)."""
    page = (
        "<html><head><meta charset='utf-8'><title>请稍候…</title></head><body><div class='puzzle-vcode'>"
        "<p>请稍候…</p><p>拖动下方滑块完成拼图</p><canvas id='puzzle'></canvas></div>"
        "<script>window._$ts=window._$ts||[];_$ts.push('" + "a9" * 2000 + "');</script></body></html>"
    )
    fenced_host(
        world,
        "黔中市人民政府",
        "www.qianzhongx.gov.cn",
        "/zwgk/zfxxgk/zfxxgknb/",
        Response(200, page.encode(), {"Content-Type": "text/html; charset=utf-8"}),
    )


def fenced_host(world: World, agency: str, name: str, path: str, answer: Response) -> None:
    host = world.host(name)
    world.sources.append(Source(agency, f"http://{name}{path}", "", "city", ""))
    world.sites.append({"agency": agency, "host": name, "entry": f"http://{name}{path}", "pager": "blocked"})
    world.blocked_hosts.append(name)
    host.serve = lambda request: answer  # type: ignore[method-assign]
