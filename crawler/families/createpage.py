"""The ``createPageHTML`` pager of static CMS templates (TRS WCM, c-channel and kin), in both
signatures found in the wild, with arguments written as literals or as variables:

* 4 arguments ``(pageCount, currentPage0, "index", "html")``: page 0 is index.html, page k is
  index_k.html (some sites: index_2 for the second page); the extension may be htm or shtml;
* 6 arguments ``('page_div', pageCount, currentPage1, 'xlist', 'shtml', totalRecords)``: page 1
  is xlist.shtml, page k is xlist_k.shtml (some sites: xlist_1 for the second page)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler.families.base import FamilyError, ListRequest, sibling, to_int
from crawler.families.scripts import calls, resolve, resolved_calls
from crawler.pages import Page

FUNCTION = "createPageHTML"
_NUMBERED = re.compile(r"/([\w-]+?)_(\d+)\.(s?html?)$")
_EXTENSION = re.compile(r"\.(s?html?)$")


@dataclass(frozen=True)
class PageCall:
    count: int
    current: int  # as the template writes it: 0-based (4 arguments) or 1-based (6 arguments)
    prefix: str
    extension: str | None  # None: the call does not say
    one_based: bool
    from_call: bool = True  # False: only ``var countPage = …`` was found, no call


def _extension(value: str | None) -> str | None:
    value = (value or "").strip().lstrip(".").lower()
    return value if re.fullmatch(r"s?html?|jsp|aspx?|php", value) else None


def page_call(text: str) -> PageCall | None:
    """The page's pager call with its arguments resolved, whichever signature it uses."""
    for args in resolved_calls(text, FUNCTION):
        numbers = [to_int(a) for a in args]
        if len(args) >= 4 and numbers[0] is not None and numbers[1] is not None:
            return PageCall(numbers[0], numbers[1], args[2] or "index", _extension(args[3]), one_based=False)
        if len(args) >= 5 and numbers[0] is None and numbers[1] is not None:
            current = numbers[2] if numbers[2] is not None else 1
            return PageCall(numbers[1], current, args[3] or "xlist", _extension(args[4]), one_based=True)
    # Templates that set the variables but build the pager elsewhere (an external script).
    count = re.search(r"var\s+countPage\s*=", text)
    if count:
        pages = to_int(resolve("countPage", text, len(text)))
        current = to_int(resolve("currentPage", text, len(text))) if re.search(r"var\s+currentPage\s*=", text) else 0
        if pages is not None:
            return PageCall(pages, current or 0, "index", None, one_based=False, from_call=False)
    return None


def has_unreadable_call(text: str) -> str | None:
    """A pager call whose arguments cannot be resolved (the reason), or None."""
    if page_call(text) is not None:
        return None
    found = calls(text, FUNCTION)
    if found:
        return f"{FUNCTION}({', '.join(found[0].arguments)}) has arguments that cannot be resolved"
    return None


def next_requests(page: Page, call: PageCall) -> list[ListRequest]:
    """The further pages of the list, asking for both spellings where sites disagree."""
    here = _NUMBERED.search(urlsplit(page.url).path)
    own = _EXTENSION.search(urlsplit(page.url).path)
    extension = call.extension or (here.group(3) if here else own.group(1) if own else "html")
    numbers: set[int] = set()
    if call.one_based:
        if call.current < call.count:
            # Standard: page k is prefix_k; variant: page k is prefix_{k-1}.
            numbers |= {call.current + 1, call.current}
    else:
        if call.current + 1 < call.count:
            numbers.add(call.current + 1)
        if here and int(here.group(2)) != call.current:
            n = int(here.group(2)) + 1  # a site whose second page is index_2: the file number runs one ahead
            if n <= call.count:
                numbers.add(n)
        elif not here and call.count >= 2:
            numbers.add(2)  # on page one we cannot tell _1 from _2 yet; a 404 costs one request
    return [ListRequest(sibling(page.url, f"{call.prefix}_{n}.{extension}")) for n in sorted(numbers) if n >= 1]


def pager_requests(page: Page) -> list[ListRequest]:
    """The pager of the page; FamilyError when it has one that cannot be read."""
    call = page_call(page.text)
    if call is None:
        problem = has_unreadable_call(page.text)
        if problem:
            raise FamilyError(problem)
        return []
    return next_requests(page, call)
