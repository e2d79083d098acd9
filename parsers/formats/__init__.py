"""Format front-ends: each module turns bytes into a ``parsers.document.Document``.

``to_document`` imports the module of the sniffed format lazily, so a
missing optional dependency (or a front-end not yet written) costs only the
documents of that format, which come back with ``error`` set.  Which
modules read which format is a column of ``parsers.doctypes``.
"""

from __future__ import annotations

import importlib

from ..doctypes import modules_for
from ..document import Document


def to_document(fmt: str, data: bytes, filename: str | None = None, url: str | None = None) -> Document:
    for name in modules_for(fmt):
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.endswith(f"formats.{name}"):
                continue
            return Document(format=fmt, error=f"cannot read {fmt}: missing dependency {exc.name}")
        return module.to_document(data, filename=filename, url=url)
    return Document(format=fmt, error=f"no reader for format {fmt!r}")
