"""A flipbook report page is parsed with its archived page images: which images a page gets from
the fetch log, and a parse cache key that changes when they do (so the night that brings a
page's images parses it again)."""

from __future__ import annotations

from pathlib import Path

from archive.parsing import ParseCache, ParseJob, images_of, page_images
from rawarchive import BlobStore, DataDir, FetchLine

PAGE = "http://www.xx.gov.cn/nb/t20250126_1.html"


def line(no: int, kind: str, url: str, sha: str | None, at: str, **fields: object) -> FetchLine:
    data = {"run_id": "R1", "kind": kind, "url": url, "final_url": fields.pop("final_url", url), "sha256": sha}
    return FetchLine("R1", no, {**data, "fetched_at": at, **fields})


def test_a_page_gets_the_latest_bytes_of_each_of_its_images(tmp_path: Path) -> None:
    store = BlobStore(DataDir(tmp_path).blobs)
    old, new, other = store.put(b"\xff\xd8\xffold"), store.put(b"\xff\xd8\xffnew"), store.put(b"\xff\xd8\xffother")
    lines = [
        line(1, "report_page", PAGE, "pp", "2026-01-01T00:00:00Z"),
        line(3, "page_image", "http://www.xx.gov.cn/nb/p1.jpg", new, "2026-01-02T00:00:00Z", page_url=PAGE),
        line(2, "page_image", "http://www.xx.gov.cn/nb/p1.jpg", old, "2026-01-01T00:00:01Z", page_url=PAGE),
        # redirected: known under the address asked and the one answered
        line(
            4,
            "page_image",
            "http://www.xx.gov.cn/nb/p2.jpg",
            other,
            "2026-01-01T00:00:02Z",
            page_url=PAGE,
            final_url="http://img.xx.gov.cn/p2.jpg",
        ),
        line(5, "page_image", "http://www.xx.gov.cn/nb/p3.jpg", "ab" * 32, "2026-01-01T00:00:03Z", page_url=PAGE),
        line(6, "error", "http://www.xx.gov.cn/nb/p4.jpg", None, "2026-01-01T00:00:04Z", page_url=PAGE),
        line(7, "attachment", "http://www.xx.gov.cn/nb/r.pdf", other, "2026-01-01T00:00:05Z", page_url=PAGE),
    ]
    blob = DataDir(tmp_path).blob
    found = page_images(lines, blob)
    # p3's blob is not on disk, p4 was an error, the PDF is an attachment, not a page image
    assert found[PAGE] == {
        "http://www.xx.gov.cn/nb/p1.jpg": blob(new),
        "http://www.xx.gov.cn/nb/p2.jpg": blob(other),
        "http://img.xx.gov.cn/p2.jpg": blob(other),
    }
    assert [url for url, _ in images_of([PAGE, "http://www.xx.gov.cn/nb/other.html"], found)] == sorted(found[PAGE])
    assert images_of(["http://www.xx.gov.cn/nb/other.html"], found) == ()


def test_the_cache_key_names_the_images_and_a_document_finds_its_entry(tmp_path: Path) -> None:
    blobs = tmp_path / "blobs"
    plain = ParseJob("aa" * 32, blobs / "x", "p.html", PAGE)
    one = ParseJob("aa" * 32, blobs / "x", "p.html", PAGE, (("http://www.xx.gov.cn/nb/p1.jpg", blobs / ("11" * 32)),))
    other = ParseJob("aa" * 32, blobs / "x", "p.html", PAGE, (("http://www.xx.gov.cn/nb/p1.jpg", blobs / ("22" * 32)),))
    assert plain.key == "aa" * 32
    assert len({plain.key, one.key, other.key}) == 3 and one.key.startswith("aa" * 32)
    cache = ParseCache(tmp_path, "v1")
    cache.put(plain.key, {"read_by": "text"})
    cache.remember(one)
    assert not cache.has(one.key) and cache.get("aa" * 32) is None  # the page is parsed again, with its images
    cache.put(one.key, {"read_by": "ocr"})
    assert cache.get("aa" * 32) == {"read_by": "ocr"}
