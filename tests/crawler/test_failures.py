"""crawler.failures and crawler.bodies: the fetch-log line of each way a request can fail."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, ResponseDataLossError, StopDownload
from scrapy.http import Request
from twisted.python.failure import Failure

from crawler.bodies import truncation
from crawler.failures import failure_outcome, requested_url


def _outcome(exc: Exception, request: Request, blocked: set[str] | None = None):
    return failure_outcome(Failure(exc), request, blocked or set())


def test_a_redirect_back_to_itself_blocks_the_host_a_chain_of_addresses_does_not() -> None:
    loop = Request("http://a.gov.cn/x", meta={"redirect_urls": ["http://a.gov.cn/x"] * 20})
    outcome = _outcome(IgnoreRequest("max redirections reached"), loop)
    assert outcome.kind == "blocked" and outcome.block_host and "cookie challenge" in outcome.reason
    chain = Request("http://a.gov.cn/r/21", meta={"redirect_urls": [f"http://a.gov.cn/r/{n}" for n in range(1, 21)]})
    outcome = _outcome(IgnoreRequest("max redirections reached"), chain)
    assert outcome.kind == "error" and not outcome.block_host and "21 distinct addresses" in outcome.reason
    assert requested_url(chain) == "http://a.gov.cn/r/1"


def test_dropped_cancelled_and_truncated_requests_each_get_a_readable_reason() -> None:
    request = Request("http://a.gov.cn/f.pdf", meta={"download_maxsize": 1000})
    assert _outcome(IgnoreRequest("host a.gov.cn is blocked"), request).reason.startswith("not fetched: host a.gov.cn")
    assert _outcome(DownloadCancelledError(), request).reason.startswith(
        "oversized: the body exceeds the download size limit (1000 bytes)"
    )
    assert _outcome(ResponseDataLossError(), request).reason.startswith("truncated: the connection closed")
    request.meta["stop_reason"] = "cancelled: budget"
    assert _outcome(StopDownload(fail=True), request).reason == "cancelled: budget"
    assert _outcome(IgnoreRequest("Filtered offsite request to 'b.com'"), request) is None


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"%PDF-1.7\n%\xe2", "a PDF without its %%EOF end marker"),
        (b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n", None),
        (b"PK\x03\x04" + bytes(100), "a ZIP (DOCX) without its central directory"),
        (b"PK\x03\x04" + bytes(100) + b"PK\x05\x06" + bytes(18), None),
        (b"<html>a page</html>", None),
    ],
)
def test_a_body_cut_short_is_told_by_its_own_format(body: bytes, why: str | None) -> None:
    assert truncation(body) == why
