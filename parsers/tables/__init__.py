"""The table engine: a Document's statutory tables 2, 3 and 4 → cell codes.

Whatever the source format, the Document is flattened into one stream of
rows (table rows as they are, paragraphs split into cells when they read
like a flattened table row: ``stream``).  Rows are anchored on their normalised
label text (``labels``, the form's row patterns in ``parsers.form``), never on
grid positions; a row's values are the value cells that follow its label,
fitted to the width its layout prescribes (``fitting``; format-spec §4.2: take
the last N, tolerate ragged leading empties and placeholder cells).  The layout
is decided per table from its header signature (format-spec §3).  Nothing is
repaired: a blank stays null, a wrong total stays wrong, and every inference is
written to ``warnings``.  One module per table: ``t2`` (``t2_columnwise``), ``t3``
(``t3_labels``, ``t3_find``, ``t3_rescue``), ``t4``.
"""

from __future__ import annotations

from ..document import Document
from .labels import PRE2019_SIGNALS
from .reading import Reading
from .stream import build_stream
from .t2 import read_t2
from .t3 import missing_rows, read_t3, take_layout
from .t4 import read_t4


def read_tables(doc: Document) -> Reading:
    r = Reading()
    stream = build_stream(doc)
    t3_start, t3_end = read_t3(stream, r)
    read_t2(stream, r, t3_start, r.layouts["t3"])
    if "t3" in r.guessed and "t2" not in r.guessed and r.layouts["t2"] not in (None, r.layouts["t3"]):
        take_layout(r, r.layouts["t2"])
    if missing := missing_rows(r):
        r.warnings.append(f"t3: rows not found: {', '.join(missing)}")
    read_t4(stream, r, t3_end + 1 if t3_end >= 0 else 0)
    if r.layouts["t2"] is None and r.layouts["t3"] is None:
        text = "|".join(n for s in stream for n in s.norms)
        r.pre2019 = sum(w in text for w in PRE2019_SIGNALS) >= 2
    return r


__all__ = ["Reading", "read_tables"]
