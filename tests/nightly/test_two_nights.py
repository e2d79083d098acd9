"""Two nights on the portal farm: the second run is incremental and the published database shows it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.parsing import ParseCache
from nightly.parse_shard import shard_of
from nightly.run import EXIT_BAD_RUN, EXIT_OK
from rawarchive import DataDir


def warc_responses(data_dir: Path, run_id: str) -> list[tuple[str, int]]:
    """(url, status) of every response the crawler received from the network in this run."""
    out = []
    for path in DataDir(data_dir).warc_files(run_id):
        with open(path, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response":
                    out.append(
                        (record.rec_headers.get_header("WARC-Target-URI"), int(record.http_headers.get_statuscode()))
                    )
    return out


@pytest.fixture(scope="module")
def two_nights(portals, run_ids, tmp_path_factory, kit):
    data_dir = tmp_path_factory.mktemp("nightly-data")
    first = run_ids()
    one = kit.run_nightly(portals, data_dir, first)
    assert one.returncode == EXIT_OK, one.stdout + one.stderr
    changes = portals.advance_day()
    second = run_ids()
    two = kit.run_nightly(portals, data_dir, second)
    assert two.returncode == EXIT_OK, two.stdout + two.stderr
    return data_dir, first, second, changes, one.stdout, two.stdout


def test_first_night_archives_and_publishes_everything_reachable(two_nights, portals, kit) -> None:
    data_dir, first, _, _, out, _ = two_nights
    record = kit.nightly_record(data_dir, first)
    assert f"nightly run {first}: OK" in out and (data_dir / "logs" / f"{first}.log").read_text().count("OK") >= 1
    assert record["published"] is True and record["sources_ok"] == record["sources_total"] > 0
    assert record["new_report_pages"] == record["report_pages"] > 0 and record["changed_reports"] == 0
    assert record["new_reports"] == record["report_pages"] + record["attachments"]


def test_second_night_is_incremental_and_complete(two_nights, portals, kit) -> None:
    data_dir, first, second, changes, _, out = two_nights
    record = kit.nightly_record(data_dir, second)
    assert changes["new"] and changes["replaced"] and changes["gone"]

    # Every report that appeared overnight is found, and nothing else counts as new but its attachments.
    assert set(changes["new"]) <= set(record["new_urls"])
    events = kit.fetch_events(data_dir)
    new_pages = {e["url"] for e in events if e["run_id"] == second and e["kind"] == "report_page"} & set(
        record["new_urls"]
    )
    assert new_pages == set(changes["new"])
    assert record["changed_urls"] == [changes["replaced"]]
    assert record["vanished_urls"] == [changes["gone"]]

    # No unchanged document was downloaded again: every attachment known from night 1 and not replaced
    # was answered 304 (Not Modified) from the network; the replaced one came in full.
    night1_attachments = {e["url"] for e in events if e["run_id"] == first and e["kind"] == "attachment"}
    responses = warc_responses(data_dir, second)
    for url in night1_attachments - {changes["replaced"]}:
        statuses = {status for u, status in responses if u == url}
        assert statuses <= {304}, (url, statuses)
    assert 200 in {status for u, status in responses if u == changes["replaced"]}
    assert record["not_modified"] >= len(night1_attachments) - 1

    # The replaced attachment is a new blob beside the old one.
    shas = [e["sha256"] for e in events if e["url"] == changes["replaced"] and e.get("sha256")]
    old, new = shas[0], shas[-1]
    assert old != new
    assert kit.blobs_intact(data_dir) > 0
    for sha in (old, new):
        assert DataDir(data_dir).blob(sha).is_file()


def test_the_published_database_reflects_both_nights(two_nights, kit) -> None:
    data_dir, first, second, changes, _, _ = two_nights
    db = DataDir(data_dir).database
    assert not DataDir(data_dir).staged_database.exists()
    archived = {
        e["sha256"]
        for e in kit.fetch_events(data_dir)
        if e["kind"] in ("report_page", "attachment") and e.get("sha256")
    }
    assert {sha for (sha,) in kit.db_rows(db, "SELECT sha256 FROM documents")} == archived

    new_page = changes["new"][0]
    assert kit.db_rows(db, "SELECT count(*) FROM documents WHERE url = ? AND report IS NOT NULL", new_page) == [(1,)]
    replaced = kit.db_rows(
        db, "SELECT sha256, superseded_by FROM documents WHERE url = ? ORDER BY fetched_at", changes["replaced"]
    )
    assert len(replaced) == 2 and replaced[0][1] == replaced[1][0]
    assert kit.db_rows(db, "SELECT vanished_at IS NOT NULL FROM documents WHERE url = ?", changes["gone"]) == [(1,)]

    runs = dict(kit.db_rows(db, "SELECT run_id, new_reports FROM crawl_runs"))
    assert set(runs) == {first, second}
    assert runs[second] == kit.nightly_record(data_dir, second)["new_reports"] >= 1


def test_an_unchanged_night_changes_nothing_but_the_run_record(two_nights, portals, run_ids, tmp_path, kit) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(two_nights[0], data_dir)
    third = run_ids()
    run = kit.run_nightly(portals, data_dir, third)
    assert run.returncode == EXIT_OK, run.stdout + run.stderr
    record = kit.nightly_record(data_dir, third)
    assert (record["new_reports"], record["changed_reports"], record["changed_attachments"]) == (0, 0, 0)
    assert record["vanished_reports"] == 0  # the page that vanished last night is not reported again
    assert record["full_downloads"] <= record["requests"] - record["not_modified"]


def test_parsing_sharded_by_sha256_fills_the_parse_cache_the_build_uses(two_nights, tmp_path, kit) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(two_nights[0], data_dir, ignore=shutil.ignore_patterns("parsed"))
    documents = {
        e["sha256"]
        for e in kit.fetch_events(data_dir)
        if e["kind"] in ("report_page", "attachment") and e.get("sha256")
    }
    outputs = []
    for shard in ("0/2", "1/2"):
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "nightly.parse_shard",
                "--data-dir",
                str(data_dir),
                "--shard",
                shard,
                "--workers",
                "1",
            ],
            cwd=kit.root,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    mine = [sum(shard_of(sha, 2) == i for sha in documents) for i in (0, 1)]
    for i, out in enumerate(outputs):
        assert f"shard {i}/2: {mine[i]} documents, {mine[i]} parsed now" in out
    # The cache directory is named by the parsers' source hash: read it from the output (the parsers may
    # be edited while the suite runs).
    version = re.search(r"cache .*/parsed/(\w+)\)", outputs[-1]).group(1)
    cache = ParseCache(data_dir, version)
    assert all(cache.has(sha) for sha in documents)


def test_only_due_crawls_nothing_within_the_week_and_everything_after_it(two_nights, portals, run_ids, tmp_path, kit):
    import datetime as dt

    data_dir = tmp_path / "data"
    shutil.copytree(two_nights[0], data_dir)
    from nightly import season

    today = dt.datetime.now(dt.UTC).date()
    sources = len(portals.sources_csv.read_text(encoding="utf-8").splitlines()) - 1
    quiet = run_ids()
    # In the reporting season (January-April) a source still missing last year's report is due every
    # night; out of it, nothing crawled this week is.
    missing = season.missing_last_year(season.timeliness(data_dir, today), today) if season.in_season(today) else []
    run = kit.run_nightly(portals, data_dir, quiet, "--only-due", "--today", today.isoformat())
    assert run.returncode == EXIT_OK, run.stdout + run.stderr
    assert f"season: {len(missing)} of {sources} sources are due tonight" in run.stdout
    if not missing:
        assert "nothing to crawl tonight" in run.stdout
        assert not DataDir(data_dir).run_summary(quiet).exists()

    weekly = run_ids()
    later = (today + dt.timedelta(days=8)).isoformat()
    run = kit.run_nightly(portals, data_dir, weekly, "--only-due", "--today", later)
    assert run.returncode == EXIT_OK, run.stdout + run.stderr
    assert f"season: {sources} of {sources} sources are due tonight" in run.stdout
    assert kit.nightly_record(data_dir, weekly)["sources_total"] == sources


def test_a_night_with_no_source_reachable_exits_non_zero_for_the_scheduler(two_nights, portals, run_ids, tmp_path, kit):
    data_dir = tmp_path / "data"
    shutil.copytree(two_nights[0], data_dir)
    dead = tmp_path / "dead.csv"
    dead.write_text(
        "agency,url\n无此县人民政府,http://www.no-such-county.gov.cn/\n无此市教育局,http://jyj.no-such-city.gov.cn/\n",
        encoding="utf-8",
    )
    run_id = run_ids()
    argv = kit.nightly_argv(portals, data_dir, run_id)
    argv[argv.index("--sources") + 1] = str(dead)
    run = subprocess.run(argv, cwd=kit.root, env=kit.farm_env(portals), capture_output=True, text=True, timeout=300)
    assert run.returncode == EXIT_BAD_RUN, run.stdout + run.stderr
    assert "no source reachable (0 blocked, 2 failed)" in run.stdout
    record = kit.nightly_record(data_dir, run_id)
    assert record["ok"] is False and record["published"] is True
    # Published all the same: the database is built from the whole archive, which lost nothing.
    assert kit.db_rows(DataDir(data_dir).database, "SELECT count(*) FROM reports")[0][0] > 0
