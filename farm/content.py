"""Report content and document bytes, rendered with ``docgen``.

A report's data is ``docgen.synth_report`` of (agency, year, layout, seed),
or a seed's gold values with the seed's own text as sections.  HTML and
DOCX are rendered on demand (cheap); PDF, DOC and scanned PDFs go through
LibreOffice, so they are rendered once per farm in two batch runs and kept
in a cache directory keyed by the content they render.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gzip
import hashlib
import json
import logging
import os
import re
import tempfile
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from farm.bodies import lazy_docgen, noise_body, old_report_html, old_report_paragraphs, text_docx
from farm.world import Noise, Report, World
from rawarchive import write_atomically

log = logging.getLogger("farm.content")
SEEDS_DIR = Path(__file__).resolve().parents[1] / "tests" / "seeds"  # the five real seed reports
SECTION_KEYS = ["overview", "proactive", "requests", "review", "problems", "other"]
SECTION_RE = re.compile(r"^\s*[#\s]*([一二三四五六])、")


def seed_report(seed_id: str, title: str, published: str) -> dict:
    gold = json.loads((SEEDS_DIR / "gold" / f"{seed_id}.json").read_text(encoding="utf-8"))
    from docgen.synth import fmt_value

    text = (SEEDS_DIR / gold["file"]).read_text(encoding="utf-8")
    sections = {k: "" for k in SECTION_KEYS}
    current = None
    for line in text.splitlines():
        m = SECTION_RE.match(line)
        if m:
            current = SECTION_KEYS["一二三四五六".index(m.group(1))]
            continue
        # the seed's own tables are replaced by rendered ones; keep prose lines only
        if current in ("overview", "problems", "other") and len(line.strip()) > 12 and "\t" not in line.strip():
            sections[current] += line.strip().lstrip("#").strip() + "\n"
    cells = gold["cells"]
    return {
        "agency": gold["agency"],
        "year": gold["year"],
        "published": gold["published"] or published,
        "layout": gold["layout"],
        "layouts": {"t2": "2021", "t3": "2021", "t4": "standard"},
        "title": title,
        "cells": cells,
        "raw": {c: fmt_value(c, v) for c, v in cells.items()},
        "markers": {},
        "sections": {k: v.strip() for k, v in sections.items()},
        "notes": gold.get("notes", ""),
        "seed_id": seed_id,
    }


HTML_CACHE_VERSION = 1


def _write_atomic(path: Path, data: bytes) -> None:
    # A cache shared by farm processes: renamed into place whole; not fsynced, because a lost
    # entry after a power cut is only rendered again.
    write_atomically(path, data, fsync=False)


def _render_fragment(job: tuple) -> None:
    path, agency, year, layout, seed, published, title, variant, seed_id = job
    docgen = lazy_docgen()
    if seed_id:
        data = seed_report(seed_id, title, published)
    else:
        data = docgen.synth_report(agency, year, layout=layout, seed=seed, published=published)
        data["title"] = title
    html = docgen.render_html(data, variant=variant)
    _write_atomic(Path(path), gzip.compress(html.encode("utf-8"), 3))


@contextlib.contextmanager
def _render_lock(cache_dir: Path) -> Iterator[None]:
    """An exclusive flock on the cache's ``.render.lock``; the kernel releases it however its holder ends."""
    with open(cache_dir / ".render.lock", "ab") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@functools.cache
def docgen_version() -> str:
    """A hash of the generator's source: rendered pages cached under another version are stale."""
    root = Path(__file__).resolve().parent.parent / "docgen"
    digest = hashlib.sha1()
    for path in sorted(root.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


class Content:
    """Report data and document bytes for one world."""

    def __init__(self, world: World, cache_dir: Path) -> None:
        self.world = world
        self.cache_dir = Path(cache_dir)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self._data: OrderedDict[tuple[int, int], dict] = OrderedDict()
        self._bytes: OrderedDict[tuple, bytes] = OrderedDict()
        self.degraded: list[str] = []

    # -------------------------------------------------------------- data
    def report_data(self, rep: Report, version: int = 1) -> dict:
        key = (id(rep), version)
        hit = self._data.get(key)
        if hit is not None:
            self._data.move_to_end(key)
            return hit
        if rep.seed_id:
            data = seed_report(rep.seed_id, rep.title, rep.published.isoformat())
        else:
            data = lazy_docgen().synth_report(
                rep.agency.name, rep.year, layout=rep.layout, seed=rep.synth_seed, published=rep.published.isoformat()
            )
            data["title"] = rep.title
        if version > 1:
            # the corrected reissue: one table-2 cell changed, identities untouched
            data = json.loads(json.dumps(data))
            code = "t2.punishment.decisions"
            data["cells"][code] = int(data["cells"].get(code) or 0) + 3
            data.setdefault("raw", {})[code] = str(data["cells"][code])
            data.get("markers", {}).pop(code, None)
        self._data[key] = data
        if len(self._data) > 2000:
            self._data.popitem(last=False)
        return data

    def expected(self, rep: Report, version: int = 1) -> dict:
        if rep.old:  # no statutory tables before 2019: nothing to fill in
            return {
                "agency": rep.agency.name,
                "year": rep.year,
                "published": rep.published.isoformat(),
                "layout": rep.layout,
                "cells": {},
            }
        data = self.report_data(rep, version)
        return {
            "agency": data["agency"],
            "year": data["year"],
            "published": data["published"],
            "layout": data["layout"],
            "cells": data["cells"],
        }

    # -------------------------------------------------------------- bytes
    def _remember(self, key: tuple, value: bytes) -> bytes:
        self._bytes[key] = value
        if len(self._bytes) > 256:
            self._bytes.popitem(last=False)
        return value

    def report_html(self, rep: Report, version: int = 1) -> str:
        """The report as an HTML fragment; rendered once, then read from the disk cache (~2 ms vs ~0.1 ms)."""
        if rep.old:
            return old_report_html(rep.agency.name, rep.year, rep.title)
        path = self._html_path(rep, version)
        try:
            return gzip.decompress(path.read_bytes()).decode("utf-8")
        except FileNotFoundError:
            pass
        html = lazy_docgen().render_html(self.report_data(rep, version), variant=rep.html_variant)
        _write_atomic(path, gzip.compress(html.encode("utf-8"), 3))
        return html

    def _html_path(self, rep: Report, version: int) -> Path:
        # keyed by what the report is, not by its cells: the docgen version keeps an
        # edited generator from serving pages rendered by the old one
        key = "|".join(
            map(
                str,
                (
                    rep.rid,
                    rep.synth_seed,
                    rep.layout,
                    rep.html_variant,
                    version,
                    rep.title,
                    rep.seed_id,
                    rep.published,
                    HTML_CACHE_VERSION,
                    docgen_version(),
                ),
            )
        )
        digest = hashlib.sha1(key.encode()).hexdigest()[:24]
        return self.cache_dir / "html" / digest[:2] / f"{digest}.html.gz"

    def warm(self, processes: int | None = None) -> int:
        """Render every report's HTML fragment into the disk cache, in worker processes."""
        jobs = []
        for rep in self.world.reports:
            if rep.site is None or rep.body not in ("html", "html+attachment", "column") or rep.old:
                continue
            path = self._html_path(rep, 1)
            if not path.exists():
                jobs.append(
                    (
                        str(path),
                        rep.agency.name,
                        rep.year,
                        rep.layout,
                        rep.synth_seed,
                        rep.published.isoformat(),
                        rep.title,
                        rep.html_variant,
                        rep.seed_id,
                    )
                )
        if not jobs:
            return 0
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(processes or os.cpu_count() or 1) as pool:
            for _ in pool.imap_unordered(_render_fragment, jobs, chunksize=64):
                pass
        return len(jobs)

    def document(self, rep: Report, fmt: str, version: int = 1) -> bytes:
        """The attachment bytes of a report in fmt (pdf, docx, doc, scan)."""
        key = (id(rep), fmt, version)
        hit = self._bytes.get(key)
        if hit is not None:
            return hit
        if rep.old:  # a pre-2019 report is always a plain-text DOCX (no LibreOffice)
            return self._remember(key, text_docx(old_report_paragraphs(rep.agency.name, rep.year, rep.title)))
        data = self.report_data(rep, version)
        path = self._office_path(data, fmt)
        if fmt == "docx":
            if path.exists():
                return self._remember(key, path.read_bytes())
            body = lazy_docgen().render_docx(data)
            _write_atomic(path, body)
            return self._remember(key, body)
        if not path.exists():
            self.render_office([(rep, fmt, version)])
        if path.exists():
            return self._remember(key, path.read_bytes())
        self.degraded.append(f"{rep.rid}: {fmt} not rendered, served as docx")
        return self._remember(key, lazy_docgen().render_docx(data))

    def cached_document(self, rep: Report, fmt: str, version: int = 1) -> bytes | None:
        return self._bytes.get((id(rep), fmt, version))

    def _office_path(self, data: dict, fmt: str) -> Path:
        digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:24]
        return self.cache_dir / f"{digest}.{fmt}"

    def render_office(self, jobs: list[tuple[Report, str, int]]) -> None:
        """Render every PDF/DOC/scan not yet cached, with one LibreOffice run per target.  Farms that
        share a cache directory render into it one at a time (``_render_lock``): a farm started beside
        another waits for it, then renders only what is still missing, not the same documents again."""
        if not self._missing(jobs):
            return
        with _render_lock(self.cache_dir):
            todo = self._missing(jobs)
            if todo:
                self._render(todo)

    def _missing(self, jobs: list[tuple[Report, str, int]]) -> list[tuple[dict, str]]:
        todo = []
        for rep, fmt, version in jobs:
            data = self.report_data(rep, version)
            if not self._office_path(data, fmt).exists():
                todo.append((data, fmt))
        return todo

    def _render(self, todo: list[tuple[dict, str]]) -> None:
        docgen = lazy_docgen()
        with tempfile.TemporaryDirectory(prefix="farm-render-") as tmp:
            tmpdir = Path(tmp)
            docx_paths: dict[str, Path] = {}
            for data, _fmt in todo:
                stem = self._office_path(data, "x").stem
                if stem not in docx_paths:
                    p = tmpdir / f"{stem}.docx"
                    p.write_bytes(docgen.render_docx(data))
                    docx_paths[stem] = p
            need_pdf = sorted({self._office_path(d, "x").stem for d, f in todo if f in ("pdf", "scan")})
            need_doc = sorted({self._office_path(d, "x").stem for d, f in todo if f == "doc"})
            self._convert([docx_paths[s] for s in need_pdf], [docx_paths[s] for s in need_doc], tmpdir)
            for data, fmt in todo:
                if fmt == "scan":
                    self._scan(data)

    def _convert(self, to_pdf: list[Path], to_doc: list[Path], tmpdir: Path) -> None:
        """The PDF batch and the DOC chain: independent LibreOffice runs, side by side."""
        docgen = lazy_docgen()
        with ThreadPoolExecutor(2) as pool:
            pdfs = pool.submit(docgen.convert_many, to_pdf, "pdf", tmpdir / "pdf")
            docs = pool.submit(docgen.docx_to_doc_many, to_doc, tmpdir / "doc")
            for fut, ext in ((pdfs, "pdf"), (docs, "doc")):
                try:
                    for out in fut.result():
                        _write_atomic(self.cache_dir / f"{out.stem}.{ext}", out.read_bytes())
                except Exception as exc:  # LibreOffice missing or failing: the farm still serves DOCX
                    log.warning("LibreOffice rendering failed: %s", exc)
                    self.degraded.append(f"LibreOffice ({ext}) failed: {exc}")

    def _scan(self, data: dict) -> None:
        """The scanned-image PDF of a report, from its rendered PDF."""
        pdf_path = self._office_path(data, "pdf")
        if not pdf_path.exists():
            return
        try:
            scan = lazy_docgen().render_scan_pdf(data, pdf=pdf_path.read_bytes())
            _write_atomic(self._office_path(data, "scan"), scan)
        except Exception as exc:
            log.warning("scan rendering failed: %s", exc)
            self.degraded.append(f"scan failed: {exc}")

    def prerender(self) -> None:
        jobs = []
        for rep in self.world.reports:
            for att in rep.attachments:
                if att.fmt in ("pdf", "doc", "scan"):
                    jobs.append((rep, att.fmt, 1))
        self.render_office(jobs)

    # -------------------------------------------------------------- noise bodies
    @functools.lru_cache(maxsize=512)  # noqa: B019 - one Content per farm process
    def noise_html(self, nz: Noise) -> str:
        return noise_body(nz)
