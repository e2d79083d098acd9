"""One module per CMS family.  Each module recognises its family from the page itself
(markup and script fingerprints) and knows the family's list markup and pagination.

Every module of this package that is no helper (``HELPERS``) and provides the four names
below is a family: ``FAMILIES`` finds it by itself (the first seven in their fixed order, then
the others by name), so adding a family is one module here (``make newfamily``).
A family module provides:

* ``NAME`` – the family's name, written into the fetch log;
* ``score(page) -> int`` – how strongly the page carries the family's fingerprints;
* ``item_links(page) -> list[Link]`` – the links a list page lists (beyond plain anchors);
* ``next_pages(page) -> list[ListRequest]`` – the further pages of the same list;
* optionally ``paginates_alone(page) -> bool`` – True when the generic pager must not guess
  further pages of this page (an XHR answer paged by its own links).

A module that claims a page but cannot read what it needs from it raises ``FamilyError`` with
the reason; the spider records it as an ``error`` line (and falls back to plain links).
Inline-script reading is shared in ``scripts`` (call arguments, JS object literals) and the
``createPageHTML`` pager of both signatures in ``createpage``.  ``xhr`` is no family: it reads
the lists any page loads by script (its endpoints are added to every list page's next pages,
and the spider reads their answers with ``answer_links``).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace
from types import ModuleType

from crawler import links
from crawler.families import generic, xhr
from crawler.families.base import FamilyError, ListRequest
from crawler.pages import Link, Page

# The families that were there first, in their order: ``detect`` gives a tie to the first of the
# leaders, so a new family must not overtake them.  Any other module of this package that is a
# family (``NAME``, ``score``, ``item_links``, ``next_pages``) follows, by name.
ORDER = ["trs", "cchannel", "hanweb", "guangdong", "anhui", "wanhu", "generic"]
HELPERS = {"base", "scripts", "createpage", "xhr"}  # modules of this package that are no family
FAMILY_API = ("score", "item_links", "next_pages")


def _is_family(module: ModuleType) -> bool:
    return isinstance(getattr(module, "NAME", None), str) and all(
        callable(getattr(module, name, None)) for name in FAMILY_API
    )


def _discover() -> dict[str, ModuleType]:
    names = ORDER + sorted({m.name for m in pkgutil.iter_modules(__path__)} - set(ORDER) - HELPERS)
    modules = [importlib.import_module(f"{__name__}.{name}") for name in names]
    return {module.NAME: module for module in modules if _is_family(module)}


FAMILIES: dict[str, ModuleType] = _discover()

__all__ = ["FAMILIES", "FamilyError", "ListRequest", "answer_links", "detect", "item_links", "next_pages"]


# Other names registries use for the same families.
ALIASES = {"ucap": "cchannel", "c-channel": "cchannel", "other": "generic", "nfcms": "guangdong", "gkmlpt": "guangdong"}


def canonical(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    return ALIASES.get(name, name) if ALIASES.get(name, name) in FAMILIES else None


def detect(page: Page, hint: str | None = None) -> str:
    """The family whose fingerprints the page carries most; the registry's hint breaks ties
    and is used when the page carries none."""
    hint = canonical(hint)
    scores = {name: module.score(page) for name, module in FAMILIES.items() if name != generic.NAME}
    best = max(scores.values(), default=0)
    if best <= 0:
        return hint if hint in FAMILIES else generic.NAME
    leaders = [name for name, score in scores.items() if score == best]
    if hint in leaders:
        return hint
    return leaders[0]


def item_links(page: Page, family: str) -> list[Link]:
    """The links the list lists; a pdf.js-style viewer link stands for the document it shows."""
    module = FAMILIES.get(family, generic)
    found = module.item_links(page)
    if module is not generic:
        seen = {link.url for link in found}
        found += [link for link in generic.item_links(page) if link.url not in seen]
    return _unwrapped(found)


def answer_links(page: Page) -> list[Link]:
    """The links of an answer to a list page's script request (JSON, JSONP, HTML fragment)."""
    return _unwrapped(xhr.item_links(page))


def _unwrapped(found: list[Link]) -> list[Link]:
    unwrapped = []
    for link in found:
        document = links.document_behind_viewer(link.url)
        unwrapped.append(replace(link, url=document) if document else link)
    return unwrapped


def next_pages(page: Page, family: str) -> list[ListRequest]:
    """The family's pagination plus the generic next-link pager, without duplicates.

    A family module that claims the page but cannot read its pager raises FamilyError; the
    error reaches the spider (an ``error`` line with the reason) unless the generic pager still
    found the way on."""
    module = FAMILIES.get(family, generic)
    problem: FamilyError | None = None
    try:
        requests = list(module.next_pages(page))
    except FamilyError as error:
        problem, requests = error, []
    if module is not generic and not getattr(module, "paginates_alone", lambda _: False)(page):
        requests += generic.next_pages(page)
    requests += xhr.endpoints(page)  # a list its script loads (a shell page, or one more batch)
    if problem is not None and not requests:
        raise problem
    unique: dict[tuple[str, str | None], ListRequest] = {}
    for request in requests:
        unique.setdefault((request.url, request.body), request)
    return [r for r in unique.values() if r.url != page.url or r.body]
