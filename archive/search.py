"""Chinese full-text search on a per-character (unigram) FTS5 index.

FTS5's ``unicode61`` tokenizer treats a run of CJK characters as one token,
so "消防" inside "消防救援大队" could never match.  Trigram cannot match
queries shorter than three characters, and those (消防, 复议, 信访) are the
common case.  So both the indexed text and the query are *spaced*: every CJK
character becomes its own token, and a query term becomes a phrase of
adjacent characters -- an exact substring match at any length
(shared/research/ecosystem.md §1).

The build spaces the text it indexes (``spaced``); the Datasette plugin
replaces ``escape_fts`` with ``fts_query`` so the search box and canned
queries space the query the same way.
"""

from __future__ import annotations

import re
import unicodedata

# CJK ideographs (BMP, extension A, compatibility, supplementary planes) and kana.
_CJK_RUN = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+"
)
_TERMS = re.compile(r'\s+|(".*?")')


def spaced(text: str) -> str:
    """Text as the index stores it: NFKC, every CJK character a token of its own."""
    # one callback per run of CJK characters, not per character: the build spaces every report
    return _CJK_RUN.sub(lambda m: " " + " ".join(m.group()) + " ", unicodedata.normalize("NFKC", text))


def fts_query(query: str) -> str:
    """A search-box query as an FTS5 expression: each term a quoted phrase of characters.

    Same splitting as Datasette's ``escape_fts`` (whitespace separates terms,
    double quotes group them), then each term is spaced.  Adjacent phrases are
    separated by a space: inside an FTS5 string ``""`` is an escaped quote.
    """
    if query.count('"') % 2:
        query += '"'
    phrases = []
    for term in _TERMS.split(query):
        if not term or term == '""':
            continue
        words = spaced(term.strip('"')).replace('"', " ").split()
        if words:
            phrases.append('"' + " ".join(words) + '"')
    # an empty query is the empty phrase, which matches nothing (a bare '' is a syntax error)
    return " ".join(phrases) or '""'

