"""A raw archive (DATA_DIR) made of real files, laid out and logged as DESIGN.md says.

Contents (run 1, 20261101T020000Z):
* the five seed reports (tests/seeds) as report pages in text form;
* the real reports of tests/parsers/corpus/real, when present;
* 淄博市应急管理局 2023, made with docgen from seed 000's cells so that the
  pair 2023/2024 exercises checks 5 and 6: its carried_forward.natural is 2
  while 2024's carried_over.natural is 0 (check 5 fails by -2), its
  normative in_force is consistent (check 6 passes), its rules in_force is 5
  (check 6 differs by -5);
* 淄博市市场监督管理局 2024 as a report page (HTML) linking its attachment
  (DOCX); the page misprints one cell (t3.granted.natural one too high);
* a noise page, an error and a blocked source.
Run 2 (20261108T020000Z, no summary file: a killed crawl): seed 000 fetched
again (same bytes), seed 003's page vanished, and a torn last line.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from rawarchive import DataDir

REPO = Path(__file__).resolve().parents[2]
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CORPUS = REPO / "tests" / "parsers" / "corpus" / "real"
RUN1, RUN2 = "20261101T020000Z", "20261108T020000Z"
RUN3 = "20261115T020000Z"  # a later night, added to a copy of the fixture archive

SEED_PLACES = {  # agency -> (division code, level, site)
    "淄博市应急管理局": ("370300", "department", "http://yjj.zibo.example"),
    "湛河区应急管理局": ("410411", "department", "http://zhq.pds.example"),
    "淄博市张店区消防救援大队": ("370303", "department", "http://zd.zibo.example"),
    "枣庄市台儿庄区应急管理局": ("370405", "department", "http://tez.zz.example"),
    "石嘴山市应急管理局": ("640200", "department", "http://yjj.szs.example"),
    "淄博市市场监督管理局": ("370300", "department", "http://scjg.zibo.example"),
}
CHROMIUM = "/usr/bin/chromium"
PAIR_AGENCY = "淄博市市场监督管理局"
PAIR_SITE = "http://scjg.zibo.example"


class ArchiveWriter:
    """Writes blobs and fetch-log lines the way the crawler does."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lines: dict[str, list[str]] = {}

    def blob(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        path = DataDir(self.root).blob(sha)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return sha

    def log(
        self,
        run_id: str,
        kind: str,
        source: str,
        url: str | None,
        *,
        data: bytes | None = None,
        content_type: str | None = None,
        at: str = "",
        status: int | None = 200,
        **extra: object,
    ) -> str | None:
        sha = self.blob(data) if data is not None else None
        code, level, site = SEED_PLACES.get(source, (None, None, "http://other.example"))
        record = {
            "run_id": run_id,
            "kind": kind,
            "source": source,
            "source_url": site + "/xxgk/nb/",
            "url": url,
            "final_url": url,
            "status": status,
            "headers": {"Content-Type": content_type} if content_type else {},
            "fetched_at": at,
            "sha256": sha,
            "size": len(data) if data is not None else None,
            "content_type": content_type,
            "list_url": site + "/xxgk/nb/index.html",
            "link_text": None,
            "page_url": None,
            "filename": None,
            "family": "generic",
            "reason": None,
        }
        if code:
            record.update(division_code=code, level=level)
        record.update(extra)
        self.lines.setdefault(run_id, []).append(json.dumps(record, ensure_ascii=False))
        return sha

    def close(self, torn: dict[str, str] | None = None) -> None:
        DataDir(self.root).fetches.mkdir(parents=True, exist_ok=True)
        for run_id, lines in self.lines.items():
            text = "\n".join(lines) + "\n" + ((torn or {}).get(run_id) or "")
            DataDir(self.root).fetch_log(run_id).write_text(text, encoding="utf-8")


def gold(stem: str) -> dict:
    return json.loads((SEEDS / "gold" / f"{stem}.json").read_text(encoding="utf-8"))


def zibo_2023_cells(cells_2024: dict) -> dict:
    cells = dict(cells_2024)
    for code in ("t3.carried_forward.natural", "t3.carried_forward.total", "t3.new.natural", "t3.new.total"):
        cells[code] = cells[code] + 2  # identities 1-3 still hold within 2023
    cells["t2.normative.in_force"] = (
        cells_2024["t2.normative.in_force"] - cells_2024["t2.normative.issued"] + cells_2024["t2.normative.repealed"]
    )
    cells["t2.rules.in_force"] = 5
    return cells


def make_data_dir(root: Path) -> dict:
    """Lay out the fixture archive; return what the tests should expect of it."""
    import docgen
    from docgen.synth import report_from_cells

    w = ArchiveWriter(root)
    facts: dict = {
        "seed_urls": {},
        "report_pages": [],
        "corpus": [],
        "runs": (RUN1, RUN2),
        "pair_agency": PAIR_AGENCY,
        "gold": {stem: gold(stem) for stem in sorted(p.stem for p in SEEDS.glob("0*.txt"))},
    }
    seeds = sorted(p.stem for p in SEEDS.glob("0*.txt"))
    for i, stem in enumerate(seeds):
        g = gold(stem)
        site = SEED_PLACES[g["agency"]][2]
        url = f"{site}/xxgk/nb/{stem}.txt"
        data = (SEEDS / f"{stem}.txt").read_bytes()
        w.log(
            RUN1,
            "report_page",
            g["agency"],
            url,
            data=data,
            content_type="text/plain; charset=utf-8",
            at=f"2026-11-01T02:0{i}:00Z",
            link_text=f"{g['agency']}{g['year']}年政府信息公开工作年度报告",
            filename=f"{stem}.txt",
        )
        facts["seed_urls"][stem] = url
        facts["report_pages"].append(data)
    corpus = (
        sorted(p for p in CORPUS.glob("*") if p.suffix in (".txt", ".html", ".pdf", ".docx", ".doc"))
        if CORPUS.is_dir()
        else []
    )
    for j, path in enumerate(corpus):
        exp = (
            json.loads(Path(str(path) + ".expected.json").read_text(encoding="utf-8"))
            if Path(str(path) + ".expected.json").is_file()
            else {}
        )
        source = exp.get("agency") or path.stem
        ctype = "text/html; charset=utf-8" if path.suffix == ".html" else "text/plain; charset=utf-8"
        w.log(
            RUN1,
            "report_page",
            source,
            f"http://corpus.example/{path.name}",
            data=path.read_bytes(),
            content_type=ctype,
            at=f"2026-11-01T03:{j:02d}:00Z",
            filename=path.name,
        )
        facts["corpus"].append(path.name)

    # two years of one agency: checks 5 and 6
    g0 = gold(seeds[0])
    r2023 = report_from_cells(g0["agency"], 2023, zibo_2023_cells(g0["cells"]), published="2024-01-20")
    w.log(
        RUN1,
        "report_page",
        g0["agency"],
        "http://yjj.zibo.example/xxgk/nb/2023.txt",
        data=docgen.render_text(r2023, style="cells").encode("utf-8"),
        content_type="text/plain; charset=utf-8",
        at="2026-11-01T02:10:00Z",
        filename="2023.txt",
    )

    # a report page and its attachment; the page misprints one cell
    pair = docgen.synth_report(PAIR_AGENCY, 2024, seed=7, published="2025-01-20")
    page_report = copy.deepcopy(pair)
    page_report["cells"]["t3.granted.natural"] += 1
    page_report["raw"]["t3.granted.natural"] = str(page_report["cells"]["t3.granted.natural"])
    page_url = f"{PAIR_SITE}/xxgk/nb/2025/art_1.html"
    page_sha = w.log(
        RUN1,
        "report_page",
        PAIR_AGENCY,
        page_url,
        data=docgen.render_page(page_report),
        content_type="text/html; charset=utf-8",
        at="2026-11-01T02:20:00Z",
        link_text=pair["title"],
    )
    attachment_sha = w.log(
        RUN1,
        "attachment",
        PAIR_AGENCY,
        f"{PAIR_SITE}/xxgk/nb/2025/P1.docx",
        data=docgen.render_docx(pair),
        at="2026-11-01T02:20:05Z",
        page_url=page_url,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="2024年年报.docx",
        link_text="附件：2024年年报.docx",
    )
    facts.update(pair=pair, pair_page=page_sha, pair_attachment=attachment_sha)

    w.log(
        RUN1,
        "noise",
        PAIR_AGENCY,
        f"{PAIR_SITE}/xxgk/nb/other.html",
        data=b"<html>not a report</html>",
        content_type="text/html",
        at="2026-11-01T02:21:00Z",
        reason="not a report title",
    )
    w.log(
        RUN1,
        "error",
        PAIR_AGENCY,
        f"{PAIR_SITE}/xxgk/nb/broken.html",
        status=500,
        at="2026-11-01T02:22:00Z",
        reason="HTTP 500",
    )
    w.log(
        RUN1,
        "blocked",
        "某县人民政府",
        "http://blocked.example/",
        status=412,
        at="2026-11-01T02:23:00Z",
        reason="anti-bot 412",
    )

    # run 2: a killed crawl: no summary, a torn last line
    seed0 = (SEEDS / f"{seeds[0]}.txt").read_bytes()
    w.log(
        RUN2,
        "report_page",
        g0["agency"],
        facts["seed_urls"][seeds[0]],
        data=seed0,
        content_type="text/plain; charset=utf-8",
        at="2026-11-08T02:00:00Z",
    )
    w.log(
        RUN2,
        "vanished",
        gold(seeds[3])["agency"],
        facts["seed_urls"][seeds[3]],
        status=404,
        at="2026-11-08T02:01:00Z",
        reason="HTTP 404 on a known report page",
    )
    w.close(torn={RUN2: '{"run_id": "20261108T020000Z", "kind": "report_pa'})

    # the nightly job's season file (nightly/season.py): one agency late, one report missing
    DataDir(root).season.write_text(
        json.dumps(
            {
                "report_timeliness": [
                    {
                        "source": "淄博市应急管理局",
                        "agency": "淄博市应急管理局",
                        "level": "department",
                        "year": 2024,
                        "deadline": "2025-01-31",
                        "deadline_basis": "Art. 49",
                        "status": "on_time",
                        "appeared": True,
                        "on_time": True,
                        "on_time_basis": "published",
                        "published": "2025-01-09",
                        "first_seen": "2026-11-01T02:00:00Z",
                        "url": facts["seed_urls"][seeds[0]],
                        "title": None,
                    },
                    {
                        "source": "某县人民政府",
                        "agency": "某县人民政府",
                        "level": "government",
                        "year": 2025,
                        "deadline": "2026-03-31",
                        "deadline_basis": "Art. 49",
                        "status": "missing",
                        "appeared": False,
                        "on_time": None,
                        "on_time_basis": None,
                        "published": None,
                        "first_seen": None,
                        "url": None,
                        "title": None,
                    },
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    DataDir(root).runs.mkdir(parents=True, exist_ok=True)
    DataDir(root).run_summary(RUN1).write_text(
        json.dumps(
            {
                "run_id": RUN1,
                "started_at": "2026-11-01T02:00:00Z",
                "finished_at": "2026-11-01T03:30:00Z",
                "sources": {
                    "某县人民政府": {"status": "blocked"},
                    PAIR_AGENCY: {"status": "ok"},
                    **{a: {"status": "ok"} for a in SEED_PLACES},
                },
                "stats": {"downloader/request_count": 42},
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return facts


@pytest.fixture(scope="session")
def archive_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The fixture archive, built once: (DATA_DIR, facts)."""
    from archive.build import build

    root = tmp_path_factory.mktemp("data")
    facts = make_data_dir(root)
    facts["first_build"] = build(root, workers=2)
    return root, facts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(data_dir: Path, **env_vars: str) -> Iterator[str]:
    """``python -m archive.serve`` on a free port, as a real server; yields its base URL."""
    from archive.serve import serving

    port = free_port()
    with serving(data_dir, port, log=data_dir.parent / f"serve-{port}.log", env=env_vars, startup_timeout=30) as server:
        yield server.url


@pytest.fixture(scope="session")
def server(archive_dir: tuple[Path, dict]):
    with served(archive_dir[0]) as base:
        yield base


@pytest.fixture(scope="session")
def serve_archive():
    """``served``, for a test that needs a server of its own (another environment)."""
    return served


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's /usr/bin/chromium), one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        try:
            yield chromium
        finally:
            chromium.close()
