"""A search hit's passage: the text around the first occurrence of a search term, with every
occurrence marked (the reports search page and the canned ranked search show the same)."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from archive.search import search_terms

PASSAGE_BEFORE, PASSAGE_AFTER = 50, 60  # characters around the first occurrence
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE_IN_CJK = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")  # a PDF's line break inside a word


def _term_pattern(term: str) -> str:
    # whitespace may fall between any two characters of a Chinese word (the index ignores it)
    return r"\s*".join(re.escape(ch) for ch in term if not ch.isspace())


def passage(text: str | None, search: str) -> str | None:
    """The text around the first occurrence of any search term, Chinese words rejoined; None if absent."""
    terms = search_terms(search)
    if not text or not terms:
        return None
    pattern = re.compile("|".join(_term_pattern(t) for t in sorted(terms, key=len, reverse=True)))
    found = pattern.search(text)
    if found is None:
        return None  # found in the title only
    start, end = max(0, found.start() - PASSAGE_BEFORE), found.end() + PASSAGE_AFTER
    window = _SPACE_IN_CJK.sub("", text[start:end])
    return " ".join(window.split())


def highlighted(passage_text: str, search: str) -> Markup:
    """The passage, escaped, with every occurrence of a search term marked."""
    terms = sorted(search_terms(search), key=len, reverse=True)
    pattern = re.compile("|".join(_term_pattern(t) for t in terms))
    out, at = [], 0
    for found in pattern.finditer(passage_text):
        out += [escape(passage_text[at : found.start()]), Markup("<mark>"), escape(found.group()), Markup("</mark>")]
        at = found.end()
    return Markup("…") + Markup("").join([*out, escape(passage_text[at:])]) + Markup("…")
