"""The fetch record: one line of ``fetches/<run_id>.jsonl`` (DESIGN.md, "A fetch-log line").

``FetchRecord`` names exactly the keys of DESIGN.md's table; ``tests/test_docs.py`` keeps the two
equal.  Lines are written by the crawler and read back by nightly and ``archive.build`` as plain
dicts (JSON), so the type documents and checks the shape rather than wrapping it.
"""

from typing import NotRequired, TypedDict

# Kinds of line that carry a document's bytes (the rest are events without a body).
DOCUMENT_KINDS = ("report_page", "attachment")
# ``page_image``: one page image of a flipbook report page (``page_url``), its bytes a blob; a part
# of that page's document, read with it (``archive.parsing``), never a document of its own.
PART_KINDS = ("page_image",)
# ``page``: a page the walk read on its way (nav or list), its bytes in the WARC only.
FETCH_KINDS = (*DOCUMENT_KINDS, *PART_KINDS, "page", "noise", "error", "blocked", "vanished")


class FetchRecord(TypedDict):
    run_id: str
    kind: str
    source: str
    source_url: str
    url: str | None
    final_url: str | None
    status: int | None
    headers: dict[str, str] | None
    fetched_at: str
    sha256: str | None
    size: int | None
    content_type: str | None
    list_url: str | None
    link_text: str | None
    page_url: str | None
    filename: str | None
    family: str | None
    reason: str | None
    # Set on some lines only:
    cached: NotRequired[bool]  # a response: served from Scrapy's HTTP cache (revalidated), not refetched
    year: NotRequired[int | None]  # report_page / noise: the statistical year read from the title
    title: NotRequired[str | None]  # report_page: the page's title (or the link text)
    family_hint: NotRequired[str]  # the registry row's `family` column, when set
    division_code: NotRequired[str]  # the registry row's optional columns, when set
    level: NotRequired[str]
    parent: NotRequired[str]


FETCH_RECORD_KEYS: tuple[str, ...] = tuple(FetchRecord.__annotations__)
