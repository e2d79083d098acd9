"""The fetch-log line the spider yields for every outcome (DESIGN.md's table; the pipeline writes
it): one shape for answers, events and failures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from scrapy.http import Request, Response

from crawler import answers
from crawler.registry import Source

Output = Request | dict[str, Any]  # what a callback yields: a request, or a fetch-log line (an item)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def fetch_record(
    run_id: str, kind: str, source: Source, meta: dict[str, Any], handled_by: str | None, **fields: Any
) -> dict[str, Any]:
    """A line of ``kind`` under ``source``; ``meta``: the request's (where the link was found),
    ``handled_by``: the CMS family module that handled the source, when the request names none."""
    record: dict[str, Any] = {
        "run_id": run_id,
        "kind": kind,
        "source": source.agency,
        "source_url": source.url,
        "url": None,
        "final_url": None,
        "status": None,
        "headers": None,
        "fetched_at": now(),
        "sha256": None,
        "size": None,
        "content_type": None,
        "list_url": meta.get("list_url"),
        "link_text": meta.get("link_text"),
        "page_url": meta.get("page_url"),
        "filename": None,
        "family": meta.get("family") or handled_by,
        "reason": None,
    }
    extra = source.extra()
    hint = extra.pop("family", None)  # the registry's hint; "family" is what handled the page
    record.update(extra)
    if hint:
        record["family_hint"] = hint
    record.update(fields)
    return record


def response_fields(response: Response) -> dict[str, Any]:
    """What a line says of the answer: the address asked (before redirects), the final one,
    status, headers, content type, and whether the HTTP cache answered."""
    headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
    request = response.request
    requested = (request.meta.get("redirect_urls") or [request.url])[0] if request else response.url
    return {
        "url": requested,
        "final_url": response.url,
        "status": response.status,
        "headers": headers,
        "content_type": answers.content_type(response) or None,
        "cached": "cached" in response.flags,
    }
