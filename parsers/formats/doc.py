"""Legacy Word ``.doc`` and Kingsoft ``.wps`` → Document.

Why LibreOffice: no maintained pure-Python reader of the binary Word
format keeps table structure.  LibreOffice's importer does (merged cells
survive .doc → .docx, shared/research/ecosystem.md §6.3), and it reads
Kingsoft .wps files with the same DOC importer (WPS is DOC-based).  So the
file is converted headless to DOCX and read by ``parsers.formats.docx``:
one code path for tables of every Word format.  Each call uses its own
``-env:UserInstallation`` profile, so parallel workers do not fight over
LibreOffice's profile lock, and a timeout, so a pathological file cannot
hang a worker.  Start-up costs about a second per file.

Fallback: ``antiword -m UTF-8.txt`` (about 1 ms per file) when LibreOffice
is missing or fails.  It prints tables as ``|cell|cell|`` lines, which are
read back as table rows (merged cells come out as empty cells).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..doctypes import BY_FORMAT
from ..document import Document, Table
from . import docx as docx_reader

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
ANTIWORD = shutil.which("antiword")
TIMEOUT = 120
_TABLE_LINE = re.compile(r"^\s*\|.*\|\s*$")


def convert_to_docx(data: bytes, suffix: str = ".doc", timeout: float = TIMEOUT) -> bytes:
    """The file converted by LibreOffice headless, with a private profile."""
    if not SOFFICE:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="doc2docx-") as tmp:
        src = Path(tmp) / f"in{suffix}"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        cmd = [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp}/profile",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(src),
        ]
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        result = out / "in.docx"
        if not result.exists():
            err = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()[:300]
            raise RuntimeError(f"LibreOffice could not convert the file (exit {proc.returncode}): {err}")
        return result.read_bytes()


def antiword_document(data: bytes, fmt: str = "doc", timeout: float = 60) -> Document:
    """Read with antiword: paragraphs, and ``|a|b|`` lines as table rows."""
    doc = Document(format=fmt)
    if not ANTIWORD:
        doc.error = "antiword is not installed"
        return doc
    with tempfile.NamedTemporaryFile(suffix=".doc") as f:
        f.write(data)
        f.flush()
        proc = subprocess.run(
            [ANTIWORD, "-m", "UTF-8.txt", "-w", "0", f.name], capture_output=True, timeout=timeout, check=False
        )
    if proc.returncode != 0:
        doc.error = f"antiword failed: {proc.stderr.decode('utf-8', 'replace').strip()[:200]}"
        return doc
    rows: list[list[str]] = []
    para: list[str] = []

    def flush_para() -> None:
        if para:
            doc.blocks.append("".join(para))
            para.clear()

    def flush_table() -> None:
        if rows:
            doc.blocks.append(Table(rows=list(rows), origin="doc:antiword"))
            rows.clear()

    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        if _TABLE_LINE.match(line):
            flush_para()
            rows.append([c.strip() for c in line.strip()[1:-1].split("|")])
            continue
        flush_table()
        if line.strip():
            para.append(line.strip())
        else:
            flush_para()
    flush_table()
    flush_para()
    return doc


def to_document(data: bytes, *, filename: str | None = None, url: str | None = None) -> Document:
    fmt = "wps" if BY_FORMAT["wps"].named((filename or url or "").split("?")[0]) else "doc"
    if data[:5] == b"{\\rtf":
        suffix = ".rtf"
    else:
        suffix = ".doc"  # LibreOffice sniffs the OLE2 content; .wps opens with the DOC importer
    try:
        converted = convert_to_docx(data, suffix)
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
        fallback = antiword_document(data, fmt)
        if fallback.error is None:
            fallback.warnings.append(f"read with antiword: {exc}")
            return fallback
        return Document(format=fmt, error=f"cannot read {fmt}: {exc}; {fallback.error}")
    doc = docx_reader.to_document(converted, filename=filename, url=url, fmt=fmt)
    if doc.error:
        doc.error = f"LibreOffice output unreadable: {doc.error}"
    return doc
