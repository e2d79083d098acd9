"""Format front-ends: each module turns bytes into a ``parsers.document.Document``.

``to_document`` imports the module of the sniffed format lazily, so a
missing optional dependency (or a front-end not yet written) costs only the
documents of that format, which come back with ``error`` set.
"""

from __future__ import annotations

import importlib

from ..document import Document

# which module reads which format (WPS is an OLE2 word-processor file: the DOC reader handles it)
_MODULES = {
    "text": ["text"],
    "html": ["html"],
    "docx": ["docx"],
    "pdf": ["pdf"],
    "doc": ["doc"],
    "wps": ["wps", "doc"],
    "scan": ["scan"],
}


def to_document(fmt: str, data: bytes, filename: str | None = None, url: str | None = None) -> Document:
    for name in _MODULES.get(fmt, []):
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.endswith(f"formats.{name}"):
                continue
            return Document(format=fmt, error=f"cannot read {fmt}: missing dependency {exc.name}")
        return module.to_document(data, filename=filename, url=url)
    return Document(format=fmt, error=f"no reader for format {fmt!r}")
