"""What a failed request means for the fetch log: its kind, a reason a person can read, and
whether the host is to be blocked.

Every response that arrives, and every request we drop, is one fetch-log line: cancelled for
size, decompression bombs, truncated bodies, endless redirect chains, timeouts.  Only a
challenge blocks a host (a redirect back to the same address that sets a cookie); one bad
URL is an error for that URL.  Offsite requests we chose never to make stay unrecorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    StopDownload,
)
from scrapy.http import Request
from twisted.python.failure import Failure

from crawler.scope import host_of

# A redirect loop that sets a cookie cycles through one or two addresses; a chain of more
# distinct addresses than this is a broken link, not a challenge.
CHALLENGE_LOOP_MAX_ADDRESSES = 2


class TruncatedBody(Exception):
    """A body shorter than its format says (a PDF without %%EOF, a ZIP without its directory)."""


class BodyBudgetExceeded(Exception):
    """Bodies in flight together exceeded the crawler's memory budget (crawler.bodybudget)."""


@dataclass(frozen=True)
class FailureOutcome:
    kind: str  # fetch-log kind: "error" or "blocked"
    reason: str
    block_host: bool = False


def requested_url(request: Request) -> str:
    """The address the link gave, before any redirect (the fetch log's ``url``)."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


def could_be_tls(failure: Failure) -> bool:
    """A failure the same address over http might not have (a TLS handshake, a refused tunnel);
    not one we caused (ignored, cancelled for size, stopped, truncated)."""
    return not failure.check(
        IgnoreRequest, DownloadCancelledError, StopDownload, ResponseDataLossError, TruncatedBody, BodyBudgetExceeded
    )


def redirect_addresses(request: Request) -> int:
    return len({*request.meta.get("redirect_urls", []), request.url})


def failure_outcome(failure: Failure, request: Request, blocked_hosts: set[str]) -> FailureOutcome | None:
    """The line for a failed request, or None for a request we chose not to make (offsite)."""
    value = failure.value
    message = str(value)
    limit = request.meta.get("download_maxsize")
    if failure.check(IgnoreRequest):
        return _dropped(message or type(value).__name__, request, blocked_hosts)
    if failure.check(DownloadCancelledError):
        size = f" ({limit} bytes)" if limit else ""
        detail = f": {message}" if message else ""
        return FailureOutcome(
            "error", f"oversized: the body exceeds the download size limit{size}; cancelled{detail}"[:500]
        )
    if failure.check(ResponseDataLossError):
        return FailureOutcome(
            "error",
            "truncated: the connection closed before the body reached its Content-Length (data loss); nothing archived",
        )
    if failure.check(StopDownload):  # stopped by our own signal handlers, which leave the reason
        return FailureOutcome("error", str(request.meta.get("stop_reason") or "download stopped")[:500])
    if failure.check(BodyBudgetExceeded, TruncatedBody):
        return FailureOutcome("error", _plain(value)[:500])
    if failure.check(DownloadTimeoutError):
        return FailureOutcome("error", f"timeout: no complete answer in time ({message or 'DOWNLOAD_TIMEOUT'})"[:500])
    return FailureOutcome("error", f"{type(value).__name__}: {message or type(value).__name__}"[:500])


def _dropped(message: str, request: Request, blocked_hosts: set[str]) -> FailureOutcome | None:
    """A request a middleware dropped (``IgnoreRequest``): robots.txt, a redirect loop or chain, a
    decompression bomb, a blocked host; None for an offsite one."""
    host = host_of(request.url)
    if "robots.txt" in message:
        return FailureOutcome("blocked", f"robots.txt forbids it ({host})")
    if "max redirections" in message:
        addresses = redirect_addresses(request)
        if addresses <= CHALLENGE_LOOP_MAX_ADDRESSES:
            # a redirect back to itself that sets a cookie (openresty CT6T-style challenge): we
            # keep no cookies, so it never ends
            return FailureOutcome(
                "blocked", f"redirect loop (cookie challenge) ({host})", block_host=host not in blocked_hosts
            )
        return FailureOutcome(
            "error", f"too many redirects: a chain through {addresses} distinct addresses (last {request.url})"
        )
    if "during decompression" in message:
        return FailureOutcome(
            "error",
            "decompression bomb: the body inflates beyond the download size limit; "
            f"dropped ({message.split(' because ', 1)[-1]})",
        )
    if message.startswith("host ") and "is blocked" in message:
        return FailureOutcome("blocked", f"not fetched: host {host} was blocked earlier in this run")
    if "offsite" in message.lower():
        return None
    return FailureOutcome("error", f"dropped: {message}"[:500])


def _plain(exc: BaseException) -> str:
    text = str(exc)
    return text if text else type(exc).__name__
