"""What family modules hand back to the spider."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

# Request kinds the spider knows how to read.
HTML_LIST = "list"
HANWEB_PROXY = "hanweb_proxy"  # XML <datastore> of <record> fragments
GKMLPT_API = "gkmlpt_api"  # JSON {"articles": [...]}
XHR_DATA = "xhr_data"  # an endpoint a list page's script loads its items from (JSON, JSONP, HTML fragment)
API_KINDS = (HANWEB_PROXY, GKMLPT_API, XHR_DATA)
# query or form parameters that carry a list's page number
PAGE_KEYS = (
    "pageIndex",
    "pageNo",
    "page",
    "currpage",
    "currPage",
    "pageNum",
    "curPage",
    "currentPage",
    "pageNumber",
    "p",
    "current",
)


class FamilyError(Exception):
    """A page carries the family's fingerprints but not what the module needs to go on (a pager
    whose arguments cannot be read, a gkmlpt config without SID or 年报 category…): the spider
    writes it as an ``error`` line with this reason instead of doing nothing silently."""


@dataclass(frozen=True)
class ListRequest:
    url: str
    kind: str = HTML_LIST
    method: str = "GET"
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict, hash=False)


def sibling(url: str, name: str) -> str:
    """``name`` in the same directory as ``url``."""
    return urljoin(url, name)


def script_calls(text: str, function: str) -> list[list[str]]:
    """The argument lists of every ``function(…)`` call in the page's scripts."""
    calls = []
    for match in re.finditer(rf"{function}\s*\(([^)]*)\)", text):
        args = [a.strip().strip("'\"") for a in match.group(1).split(",")]
        calls.append(args)
    return calls


def to_int(value: str | None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
