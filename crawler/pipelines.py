"""The archive pipeline: every item the spider yields becomes one fetch-log line; items that
carry a body have it stored as a blob first (DESIGN.md).

The writes (a blob, then its line, each fsynced) stay in the reactor's thread on purpose: in the
thread pool they freed the reactor to take more downloads at once, and the crawl's peak memory
with large bodies in flight rose past its bound (issue 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from rawarchive import BlobStore, DataDir, FetchLog

BODY = "_body"


class ArchivePipeline:
    def __init__(self, data_dir: Path, run_id: str) -> None:
        layout = DataDir(data_dir)
        self.blobs = BlobStore(layout.blobs)
        self.log = FetchLog(layout.fetch_log(run_id))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(Path(crawler.settings["DATA_DIR"]), crawler.settings["RUN_ID"])

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        body = item.pop(BODY, None)
        if body is not None:
            item["sha256"] = self.blobs.put(body)  # on disk before its line (a kill never leaves a line without bytes)
            item["size"] = len(body)
        # On the item only, after the line is written: whether it was new (not in the log line).
        item["written"] = self.log.append(item)
        return item

    def close_spider(self) -> None:
        self.log.close()
