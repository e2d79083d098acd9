"""Every path under ``DATA_DIR`` (DESIGN.md, "The raw archive"): the one place that spells them.

``DataDir(root).blob(sha)``, ``.fetch_log(run_id)``, ``.run_summary(run_id)``… are what the
crawler, the nightly job, ``archive.build``, bench and the tests use; no other module joins a
file name onto ``DATA_DIR``.
"""

from __future__ import annotations

from pathlib import Path

from rawarchive.blobs import blob_path

# The directories a crawl writes into; created before the first request.
CRAWL_DIRS = ("blobs", "fetches", "warc", "runs", "jobs", "httpcache")


def warc_path(warc_dir: Path, run_id: str, n: int) -> Path:
    """``warc/<run_id>-<n>.warc.gz``: each crawl process of a run takes the next free ``n``."""
    return Path(warc_dir) / f"{run_id}-{n}.warc.gz"


class DataDir:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"DataDir({str(self.root)!r})"

    # ------------------------------------------------------------- crawl (crawler/)

    @property
    def blobs(self) -> Path:
        return self.root / "blobs"

    def blob(self, sha256: str) -> Path:
        return blob_path(self.blobs, sha256)

    @property
    def fetches(self) -> Path:
        return self.root / "fetches"

    def fetch_log(self, run_id: str) -> Path:
        return self.fetches / f"{run_id}.jsonl"

    def fetch_logs(self) -> list[Path]:
        """Every fetch log, oldest run first (run ids are UTC start times, so they sort by time)."""
        return sorted(self.fetches.glob("*.jsonl")) if self.fetches.is_dir() else []

    @property
    def warc(self) -> Path:
        return self.root / "warc"

    def warc_files(self, run_id: str) -> list[Path]:
        """``warc/<run_id>-<n>.warc.gz`` in order."""
        return sorted(self.warc.glob(f"{run_id}-*.warc.gz"))

    @property
    def runs(self) -> Path:
        return self.root / "runs"

    def run_summary(self, run_id: str) -> Path:
        return self.runs / f"{run_id}.json"

    def run_summaries(self) -> list[Path]:
        return sorted(self.runs.glob("*.json")) if self.runs.is_dir() else []

    @property
    def jobs(self) -> Path:
        return self.root / "jobs"

    def job(self, run_id: str) -> Path:
        """Scrapy's JOBDIR for one run (resume after a kill)."""
        return self.jobs / run_id

    @property
    def httpcache(self) -> Path:
        return self.root / "httpcache"

    def make_crawl_dirs(self) -> None:
        for name in CRAWL_DIRS:
            (self.root / name).mkdir(parents=True, exist_ok=True)

    # ------------------------------------------------------------- build (archive/)

    def parsed(self, parser_version: str) -> Path:
        """The parse cache of one parser version."""
        return self.root / "parsed" / parser_version

    def parsed_entry(self, parser_version: str, sha256: str) -> Path:
        return self.parsed(parser_version) / sha256[:2] / f"{sha256}.json"

    @property
    def database(self) -> Path:
        """The published database, ``archive.db``."""
        return self.root / "archive.db"

    @property
    def staged_database(self) -> Path:
        """The nightly build's database before it is checked and renamed over ``archive.db``."""
        return self.root / "archive.db.new"

    # ------------------------------------------------------------- nightly (nightly/)

    @property
    def season(self) -> Path:
        """The season calendar the nightly job writes and ``archive.build`` reads."""
        return self.root / "season.json"

    @property
    def nightly_lock(self) -> Path:
        return self.root / "nightly.lock"

    @property
    def nightly_state(self) -> Path:
        """The stage the running nightly job has reached."""
        return self.root / "nightly.state.json"

    def nightly_hold(self, stage: str) -> Path:
        """A test's request that the nightly job wait before ``stage``."""
        return self.root / f"nightly.hold.{stage}"

    @property
    def nightly(self) -> Path:
        """The nightly job's working files: the index of earlier runs, per-run inputs of the crawl."""
        return self.root / "nightly"

    def nightly_file(self, name: str) -> Path:
        return self.nightly / name

    @property
    def logs(self) -> Path:
        """The nightly job's and its children's logs."""
        return self.root / "logs"

    def log(self, name: str) -> Path:
        return self.logs / name
