"""Scale-out parsing (nightly.parse_shard) builds the jobs archive.build would: a flipbook report
page comes with its archived page images, so the shard fills the very cache entry the build reads."""

from __future__ import annotations

import json
from pathlib import Path

from archive.parsing import images_of, page_images
from nightly.parse_shard import shard_jobs, shard_of
from rawarchive import BlobStore, DataDir, RawArchive

PAGE = "http://www.xx.gov.cn/nb/t20250126_1.html"
MOVED = "http://www.xx.gov.cn/nb/2025/t20250126_1.html"  # the same page, archived under a new address


def write_log(data_dir: Path, run_id: str, records: list[dict]) -> None:
    layout = DataDir(data_dir)
    layout.fetches.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"run_id": run_id, "final_url": r["url"], **r}, ensure_ascii=False) for r in records]
    layout.fetch_log(run_id).write_text("\n".join(lines) + "\n", encoding="utf-8")


def flipbook_archive(data_dir: Path) -> dict[str, str]:
    store = BlobStore(DataDir(data_dir).blobs)
    sha = {
        "page": store.put(b"<html><body><img src='p1.jpg'><img src='p2.jpg'></body></html>"),
        "p1": store.put(b"\xff\xd8\xffpage one"),
        "p2": store.put(b"\xff\xd8\xffpage two"),
        "pdf": store.put(b"%PDF-1.4 an attachment"),
    }
    write_log(data_dir, "20260101T020000Z", [
        {"kind": "report_page", "url": PAGE, "sha256": sha["page"], "fetched_at": "2026-01-01T02:00:00Z"},
        {"kind": "page_image", "url": "http://www.xx.gov.cn/nb/p1.jpg", "sha256": sha["p1"], "page_url": PAGE,
         "fetched_at": "2026-01-01T02:00:01Z"},
        {"kind": "attachment", "url": "http://www.xx.gov.cn/nb/r.pdf", "sha256": sha["pdf"], "page_url": PAGE,
         "fetched_at": "2026-01-01T02:00:02Z"},
    ])  # fmt: skip
    # the next night the page moved and its second image is archived under the new address
    write_log(data_dir, "20260102T020000Z", [
        {"kind": "report_page", "url": MOVED, "sha256": sha["page"], "fetched_at": "2026-01-02T02:00:00Z"},
        {"kind": "page_image", "url": "http://www.xx.gov.cn/nb/2025/p2.jpg", "sha256": sha["p2"], "page_url": MOVED,
         "fetched_at": "2026-01-02T02:00:01Z"},
    ])  # fmt: skip
    return sha


def test_a_shard_parses_a_flipbook_page_with_its_page_images_under_the_builds_cache_key(tmp_path: Path) -> None:
    sha = flipbook_archive(tmp_path)
    jobs = {job.sha256: job for i in (0, 1) for job in shard_jobs(tmp_path, i, 2)}
    assert set(jobs) == {sha["page"], sha["pdf"]}  # page images are parsed with their page, not alone
    blob = DataDir(tmp_path).blob
    page = jobs[sha["page"]]
    # the images of every address the page was archived under, as archive.build hands them over
    assert page.images == (
        ("http://www.xx.gov.cn/nb/2025/p2.jpg", blob(sha["p2"])),
        ("http://www.xx.gov.cn/nb/p1.jpg", blob(sha["p1"])),
    )
    raw = RawArchive(tmp_path)
    assert page.images == images_of({PAGE, MOVED}, page_images(list(raw.fetch_lines()), raw.blob_path))
    assert page.key != sha["page"] and page.key.startswith(sha["page"])
    assert jobs[sha["pdf"]].images == () and jobs[sha["pdf"]].key == sha["pdf"]


def test_each_document_is_in_exactly_one_shard(tmp_path: Path) -> None:
    sha = flipbook_archive(tmp_path)
    for i in (0, 1, 2):
        assert {job.sha256 for job in shard_jobs(tmp_path, i, 3)} == {
            s for s in (sha["page"], sha["pdf"]) if shard_of(s, 3) == i
        }


def test_a_shard_names_a_file_as_the_build_does(tmp_path: Path) -> None:
    """A file the fetch log names no file name for is parsed under its address's last segment, as
    archive.build parses it (the cache key is the SHA-256 alone: both must parse the same input)."""
    sha = flipbook_archive(tmp_path)
    jobs = {job.sha256: job for i in (0, 1) for job in shard_jobs(tmp_path, i, 2)}
    assert jobs[sha["pdf"]].filename == "r.pdf"
    assert jobs[sha["pdf"]].url == "http://www.xx.gov.cn/nb/r.pdf"
