"""The spider on frozen answers, as the callback tests drive it: a spider over a small registry
and the request meta a list page's answer carries, written once."""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.test import get_crawler

from crawler.spiders.annual_reports import AnnualReportSpider


def spider(tmp_path: Path, *rows: str) -> AnnualReportSpider:
    """A spider over the registry rows given (``agency,url,family`` lines)."""
    sources = tmp_path / "sources.csv"
    sources.write_text("agency,url,family\n" + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    crawler = get_crawler(AnnualReportSpider, {"DATA_DIR": str(tmp_path), "RUN_ID": "T"})
    return AnnualReportSpider.from_crawler(crawler, sources=str(sources), run_id="T")


def meta(source: str = "XX区人民政府", **meta: object) -> dict:
    """The meta of a request for a list page of ``source``, two hops in, as ``meta`` changes it."""
    return {
        "source": source,
        "role": "list",
        "hops": 2,
        "kind": "list",
        "family": None,
        "known": False,
        "attachments": [],
        "pager": False,
        **meta,
    }
