"""Which tests are slow: the modules that start servers, crawls, farms, LibreOffice or OCR.

``make check`` runs ``pytest -m "not slow"`` (the edit-test loop, in seconds); ``make test`` runs
everything.  Whole modules are listed here rather than marked one test at a time, because
their cost is in shared fixtures (a farm, a crawl) that every test of the module waits for.
When the slow tests are deselected these modules are not even imported: importing them
builds farms and registries, seconds that a quick run should not spend.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

SLOW_MODULES = {
    # crawls in a subprocess, against a local server or a farm
    "crawler/test_crawl.py",
    "crawler/test_farm.py",
    "crawler/test_farm_obstacles.py",
    "crawler/test_hostile_server.py",
    "crawler/test_portal_shapes.py",
    "crawler/test_real_pages.py",
    "crawler/test_run_summary.py",
    "crawler/test_shared_hosts.py",
    "crawler/test_flipbook.py",  # and OCR of one page image
    "altfarm/test_crawler_on_altfarm.py",
    # the nightly job end to end: farms, crawls, builds, kills
    "nightly/test_demo.py",
    "nightly/test_kills.py",
    "nightly/test_scale_out.py",
    "nightly/test_two_nights.py",
    # Datasette and Chromium as servers
    "archive/test_browser.py",
    "archive/test_serve.py",
    "archive/test_researcher_pages.py",
    # child processes with resource bounds, builds with worker pools
    "archive/test_build_hostile.py",
    "parsers/test_hostile_inputs.py",
    # LibreOffice and Tesseract
    "parsers/test_formats_doc.py",
    "parsers/test_formats_scan.py",
    "parsers/test_ocr_orient.py",
    # sweeps over every rendering and perturbation of the corpus: seconds of parsing
    "parsers/test_corpus.py",
    "parsers/test_renderings_floor.py",
    "parsers/test_seed_perturbations.py",
    # a farm host that answers slower than a client's timeout
    "farm/test_obstacles.py",
    # the demo's nightly run on its farm, built
}


# ``make test`` runs on two pytest-xdist workers, each module whole on one worker (--dist loadfile,
# so a module's farm or crawl is built once) and the modules handed out in collection order
# (--no-loadscope-reorder).  The longest modules (measured with --durations) are collected first, so
# that the last ones to start are short and neither worker is left running a long module alone.
LONGEST_FIRST = (
    "parsers/test_formats_scan.py",
    "nightly/test_demo.py",
    "parsers/test_corpus.py",
    "crawler/test_shared_hosts.py",
    "nightly/test_two_nights.py",
    "parsers/test_hostile_inputs.py",
    "crawler/test_farm_obstacles.py",
    "crawler/test_crawl.py",
    "archive/test_researcher_pages.py",
    "crawler/test_farm.py",
    "nightly/test_kills.py",
    "crawler/test_run_summary.py",
    "nightly/test_scale_out.py",
)


def _module(path: Path) -> str:
    try:
        return path.resolve().relative_to(TESTS).as_posix()
    except ValueError:
        return ""


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if config.getoption("markexpr") == "not slow" and _module(collection_path) in SLOW_MODULES:
        return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _module(Path(item.path)) in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
    if os.environ.get("PYTEST_XDIST_WORKER"):  # a worker's collection is the order modules are handed out in
        rank = {module: i for i, module in enumerate(LONGEST_FIRST)}
        items.sort(key=lambda item: rank.get(_module(Path(item.path)), len(rank)))  # stable: the rest keep their order
