"""Chinese full-text search on a CJK *bigram* FTS5 index.

FTS5's ``unicode61`` tokenizer treats a run of CJK characters as one token,
so "消防" inside "消防救援大队" could never match.  Trigram cannot match
queries shorter than three characters, and those (消防, 复议, 信访) are the
common case (shared/research/ecosystem.md §1).  So the indexed text and the
query are rewritten into space-separated tokens before FTS5 sees them:

* every run of CJK characters becomes its overlapping bigrams followed by its
  last character alone: 消防救援 → ``消防 防救 救援 援``.  That is one token per
  character, as many as a per-character index holds, but a two-character word
  -- the most common query -- is one token: its matches are read straight
  from one posting list, without the position checks a phrase of single
  characters needs on every report (at 1,000,000 reports, 公开 as a phrase
  of 公 and 开 took seconds; as one token it is a list walk);
* a query term becomes a phrase of the same tokens: 依申请公开 → ``"依申 申请 请公 公开"``
  (adjacent bigrams: an exact substring match at any length).  A run that
  ends the term contributes its bigrams only (in the text it may go on); a
  run followed by more of the term (2023年度报告 in "2023年度报告2") also
  contributes its last character, as the text does at the end of a run; a
  lone character ending the term is a prefix (``"2023 年"*``: 年, 年度, 年报…).

The build indexes ``spaced(text)``; the Datasette plugin replaces
``escape_fts`` with ``fts_query`` so the search box and canned queries rewrite
the query the same way.
"""

from __future__ import annotations

import operator
import re
import unicodedata

# CJK ideographs (BMP, extension A, compatibility, supplementary planes) and kana.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A run goes on across whitespace: between Chinese characters it is layout (a PDF's line break
# inside 信息公\n开, a justified 年  报), and a quoted "信息 公开" means the characters in a row.
_CJK_RUN = re.compile(f"[{_CJK}](?:\\s*[{_CJK}])*")
# what unicode61 keeps as a token outside CJK runs: letters and digits (underscore separates)
_PIECE = re.compile(f"{_CJK_RUN.pattern}|[^\\W_{_CJK}]+")
_SPACE = re.compile(r"\s+")
_TERMS = re.compile(r'\s+|(".*?")')


def _run_tokens(run: str, *, last_alone: bool) -> list[str]:
    run = _SPACE.sub("", run)
    bigrams = [run[i : i + 2] for i in range(len(run) - 1)]
    return [*bigrams, run[-1]] if last_alone or not bigrams else bigrams


def _spaced_run(match: re.Match[str]) -> str:
    run = match.group()
    if not run.isalpha():  # whitespace inside the run (CJK characters and kana are alphabetic)
        run = _SPACE.sub("", run)
    # the bigrams pairwise in C (map over two offsets), not sliced one by one: the build spaces
    # every report's ~7,600 characters
    return " " + " ".join(map(operator.add, run, run[1:])) + (" " if len(run) > 1 else "") + run[-1] + " "


def spaced(text: str) -> str:
    """Text as the index stores it: NFKC, every CJK run as its bigrams and its last character."""
    # one callback per run of CJK characters, not per character: the build spaces every report
    return _CJK_RUN.sub(_spaced_run, unicodedata.normalize("NFKC", text))


def _phrase(term: str) -> str | None:
    pieces = _PIECE.findall(unicodedata.normalize("NFKC", term))
    tokens: list[str] = []
    prefix = False
    for i, piece in enumerate(pieces):
        last = i == len(pieces) - 1
        if _CJK_RUN.fullmatch(piece):
            tokens += _run_tokens(piece, last_alone=not last)
            prefix = last and len(piece) == 1
        else:
            tokens.append(piece)
    if not tokens:
        return None
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


def search_terms(query: str) -> list[str]:
    """The query's terms as Datasette's ``escape_fts`` splits them: whitespace separates, double quotes group."""
    terms = [t.strip('"').strip() for t in _TERMS.split(query) if t]
    return [t for t in terms if t]


def fts_query(query: str) -> str:
    """A search-box query as an FTS5 expression: each term a quoted phrase of index tokens.

    Same splitting as Datasette's ``escape_fts`` (whitespace separates terms,
    double quotes group them), then each term is rewritten as the index is.
    Adjacent phrases are separated by a space: inside an FTS5 string ``""`` is
    an escaped quote.
    """
    if query.count('"') % 2:
        query += '"'
    phrases = [p for term in _TERMS.split(query) if term and term != '""' and (p := _phrase(term.strip('"')))]
    # an empty query is the empty phrase, which matches nothing (a bare '' is a syntax error)
    return " ".join(phrases) or '""'
