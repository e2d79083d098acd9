"""The raw archive (``DATA_DIR``, DESIGN.md): the one owner of its layout and its files.

Every stage goes through this package: the crawler writes blobs and fetch-log lines with it,
the nightly job and ``archive.build`` read them with it, bench and tests build archives with it.
It imports nothing from Scrapy and nothing from the stages, so any of them can import it.

* ``layout.DataDir`` — every path under ``DATA_DIR`` (the ``path_for`` of the project);
* ``atomic`` — the one temp-file, fsync, rename writer;
* ``blobs.BlobStore`` — content-addressed bytes;
* ``records`` — the typed fetch record (``FetchRecord``) and the kinds of line;
* ``fetchlog`` — the one fetch-log reader (one torn-line rule) and the appender;
* ``reader.RawArchive`` — a whole archive read back: every fetch line, run summaries.
"""

from rawarchive.atomic import install_file, write_atomically, write_json_atomically
from rawarchive.blobs import BlobStore, blob_path
from rawarchive.fetchlog import FetchLog, read_fetch_log, read_fetch_log_lines
from rawarchive.layout import DataDir
from rawarchive.reader import FetchLine, RawArchive, logged_run_ids, read_run_summary
from rawarchive.records import DOCUMENT_KINDS, FETCH_KINDS, FETCH_RECORD_KEYS, PART_KINDS, FetchRecord

__all__ = [
    "DOCUMENT_KINDS",
    "FETCH_KINDS",
    "FETCH_RECORD_KEYS",
    "PART_KINDS",
    "BlobStore",
    "DataDir",
    "FetchLine",
    "FetchLog",
    "FetchRecord",
    "RawArchive",
    "blob_path",
    "install_file",
    "logged_run_ids",
    "read_fetch_log",
    "read_fetch_log_lines",
    "read_run_summary",
    "write_atomically",
    "write_json_atomically",
]
