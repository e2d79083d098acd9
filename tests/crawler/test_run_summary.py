"""runs/<run_id>.json: every source gets a status (ok / blocked / failed / empty) and a reason,
and a rewrite of the file (a resumed run, a later Redis worker) keeps keys the crawler does not
own, such as the nightly job's "nightly"."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import crawlrun  # noqa: E402
from minisite import World, html, serve  # noqa: E402

from rawarchive import DataDir

FAST = crawlrun.settings(crawlrun.QUICK, RETRY_TIMES=1, RETRY_BACKOFF_BASE=0.05, DOWNLOAD_TIMEOUT=3)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends: connections are refused


@pytest.fixture
def world() -> Iterator[tuple[World, int]]:
    site = World()
    empty = "http://www.empty-town.gov.cn"
    site.pages[f"{empty}/"] = html('<a href="/zwgk/">政府信息公开</a>', "示例镇人民政府")
    site.pages[f"{empty}/zwgk/"] = html('<a href="/zwgk/nb/index.html">政府信息公开年报</a>', "政府信息公开")
    site.pages[f"{empty}/zwgk/nb/index.html"] = html(
        '<h2>政府信息公开年报</h2><ul class="list"><li>暂无信息</li></ul>', "政府信息公开年报"
    )
    site.pages["http://www.no-column.gov.cn/"] = html('<a href="/xwzx/">新闻中心</a>', "示例乡人民政府")
    server = serve(site)
    yield site, server.server_port
    server.shutdown()
    server.server_close()


def crawl(data: Path, port: int, sources: Path, run_id: str) -> subprocess.CompletedProcess:
    env = {**crawlrun.proxied(f"http://127.0.0.1:{port}"), "no_proxy": "127.0.0.1", "NO_PROXY": "127.0.0.1"}
    return crawlrun.run(crawlrun.command(sources, data, run_id, *FAST), env)


def test_every_source_has_a_status_and_foreign_keys_survive(world: tuple[World, int], tmp_path: Path) -> None:
    site, port = world
    sources = tmp_path / "sources.csv"
    sources.write_text(
        site.sources_csv
        + "示例镇人民政府,http://www.empty-town.gov.cn/,\n"
        + "示例乡人民政府,http://www.no-column.gov.cn/,\n"
        + f"示例村委会,http://127.0.0.1:{closed_port()}/,\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    run_file = DataDir(data).run_summary("S1")
    run_file.parent.mkdir(parents=True)
    run_file.write_text(json.dumps({"nightly": {"published": False, "note": "written by another part"}}))

    result = crawl(data, port, sources, "S1")
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(run_file.read_text())
    assert summary["nightly"] == {"published": False, "note": "written by another part"}
    rows = summary["sources"]
    assert rows["示例市人民政府"]["status"] == "ok" and rows["示例市人民政府"]["reports"] > 0
    assert rows["被封锁市人民政府"]["status"] == "blocked" and "412" in rows["被封锁市人民政府"]["reason"]
    assert rows["示例镇人民政府"]["status"] == "empty"
    assert rows["示例镇人民政府"]["column_url"] == "http://www.empty-town.gov.cn/zwgk/nb/index.html"
    assert rows["示例乡人民政府"]["status"] == "failed" and "no 年报 column" in rows["示例乡人民政府"]["reason"]
    assert rows["示例村委会"]["status"] == "failed" and "refused" in rows["示例村委会"]["reason"].lower()
    assert all(row["reason"] for row in rows.values())
    assert "empty: 示例镇人民政府" in result.stdout

    # The nightly job adds to the file; a second process of the same run (resume, a later Redis
    # worker) rewrites its own keys and keeps the nightly job's.
    summary["nightly"]["published"] = True
    run_file.write_text(json.dumps(summary, ensure_ascii=False))
    result = crawl(data, port, sources, "S1")
    assert result.returncode == 0, result.stderr[-3000:]
    again = json.loads(run_file.read_text())
    assert again["nightly"]["published"] is True and again["processes"] == 2
    assert again["started_at"] == summary["started_at"]
    assert again["sources"]["示例镇人民政府"]["status"] == "empty"
