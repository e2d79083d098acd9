"""What an answer is and the file name it gives; a Redis worker's wait for work."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote

import pytest
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawler import answers, links
from crawler.redis_idle import RedisIdleWait
from crawler.run import build_settings, parse_args
from parsers.doctypes import attachment_extensions

NAME = "戊区统计局2023年年报.pdf"


def disposition(header: bytes, link_text: str | None = None) -> str | None:
    return answers.filename(Response("http://www.xx.gov.cn/f", headers={"Content-Disposition": header}), link_text)


def test_content_disposition_names_in_every_encoding_portals_send() -> None:
    # RFC 5987 wins over the plain fallback name
    assert disposition(f"attachment; filename=\"report.pdf\"; filename*=UTF-8''{quote(NAME)}".encode()) == NAME
    assert disposition(f"attachment; filename*=GBK''{quote(NAME, encoding='gbk')}".encode()) == NAME
    assert disposition(f"attachment; filename*=utf-8'zh'{quote(NAME)}".encode()) == NAME
    # raw bytes in the portal's encoding, quoted or not, and percent-encoded names
    assert disposition(f'attachment; filename="{NAME}"'.encode("gbk")) == NAME
    assert disposition(f'attachment; filename="{NAME}"'.encode()) == NAME
    assert disposition(f"attachment; filename={NAME}".encode("gbk")) == NAME
    assert disposition(f'attachment; filename="{quote(NAME)}"'.encode()) == NAME
    # no name in the header: the link's text when it reads as a file name, else nothing
    assert disposition(b"attachment", "年报.docx") == "年报.docx"
    assert disposition(b"attachment", "附件下载") is None
    assert answers.filename(Response("http://www.xx.gov.cn/f"), None) is None


def test_file_answers_are_told_from_pages() -> None:
    pdf = Response("http://www.xx.gov.cn/f", body=b"%PDF-1.7 ...")
    page = Response("http://www.xx.gov.cn/p", headers={"Content-Type": "text/html; charset=gbk"}, body=b"<html>")
    sent = Response(
        "http://www.xx.gov.cn/d", headers={"Content-Disposition": "attachment", "Content-Type": "text/plain"}
    )
    assert answers.is_document(pdf) and not answers.is_html(pdf)
    assert answers.is_html(page) and not answers.is_document(page)
    assert answers.is_document(sent)
    assert answers.is_html(Response("http://www.xx.gov.cn/", body=b"  <!DOCTYPE html><html>"))


def test_file_types_and_extensions_are_the_document_tables_with_the_crawlers_exceptions() -> None:
    def answer(content_type: str, body: bytes = b"x") -> Response:
        return Response("http://www.xx.gov.cn/f", headers={"Content-Type": content_type}, body=body)

    # every MIME type of an attachment in parsers.doctypes, and the crawler's broad vendor/picture policy
    assert answers.is_document(answer("application/x-7z-compressed")) and answers.is_document(answer("text/rtf"))
    assert answers.is_document(answer("application/vnd.ms-powerpoint")) and answers.is_document(answer("image/png"))
    assert answers.is_document(answer("", b"{\\rtf1\\ansi ..."))  # an RTF by its first bytes
    # a column answering text/plain sent an error page or JSON under the wrong type, not a report
    assert not answers.is_document(answer("text/plain", b'{"total": 0}'))
    assert answers.is_html(answer("application/xhtml+xml"))
    # links: every attachment extension of the table but .md (a code host's page on a portal, never a report)
    assert links.is_document_url("http://www.xx.gov.cn/u/2024年报.ceb") and links.is_document_url("http://x.cn/a.WPT")
    assert not links.is_document_url("http://www.xx.gov.cn/help/README.md")
    assert set(links.DOCUMENT_EXTENSIONS) == set(attachment_extensions()) - {"md"}


RUN_KEYS = ("REDIS_URL", "SCHEDULER_DUPEFILTER_KEY", "DATA_DIR", "RUN_ID", "REDIS_IDLE_TIMEOUT")


def run_settings(tmp_path: Path, *extra: str) -> dict[str, object]:
    """The settings ``crawler.run`` gives a run, those the idle wait reads."""
    settings = build_settings(
        parse_args(["--sources", "x.csv", "--data-dir", str(tmp_path), *extra]), "20261206T000000Z"
    )
    return {key: settings[key] for key in RUN_KEYS if settings.get(key) is not None}


def idle_wait(tmp_path: Path, timeout: str) -> RedisIdleWait:
    """The extension as ``crawler.run`` configures it, on a Redis that does not answer."""
    settings = run_settings(tmp_path, "--redis-url", "redis://127.0.0.1:1/0", "--idle-timeout", timeout)
    return RedisIdleWait.from_crawler(get_crawler(settings_dict=settings))


def test_a_redis_worker_waits_while_the_run_progresses_then_closes(tmp_path: Path) -> None:
    wait = idle_wait(tmp_path, "0.3")
    with pytest.raises(DontCloseSpider):
        wait.idle(spider=None)  # just started: wait for work
    time.sleep(0.4)
    wait.idle(spider=None)  # nothing anywhere for longer than the timeout: close
    # another worker archives (the run's fetch log grows): the clock starts again
    wait.fetch_log.parent.mkdir(parents=True, exist_ok=True)
    wait.fetch_log.write_text('{"kind": "page"}\n')
    with pytest.raises(DontCloseSpider):
        wait.idle(spider=None)


def test_the_idle_wait_is_a_redis_run_s_only(tmp_path: Path) -> None:
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        RedisIdleWait.from_crawler(get_crawler(settings_dict=run_settings(tmp_path)))
    extensions = build_settings(
        parse_args(["--sources", "x.csv", "--data-dir", str(tmp_path), "--redis-url", "redis://127.0.0.1:1/0"]),
        "20261206T000000Z",
    ).getdict("EXTENSIONS")
    assert RedisIdleWait in extensions
    assert idle_wait(tmp_path, "7").timeout == 7.0
