"""The manifest and the sources CSV agree with what the farm serves, and a seed fixes everything."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import docgen
from farm.content import Content
from farm.country import build_world
from farm.manifest import SOURCES_COLUMNS, cells_of, write_all

GOLD = Path(__file__).resolve().parents[1] / "seeds" / "gold"


def test_sources_csv_rows_lead_to_every_report(live):
    data = live.data
    rows = list(csv.DictReader(io.StringIO(live.sources_csv.read_text(encoding="utf-8"))))
    assert rows and list(rows[0]) == SOURCES_COLUMNS
    assert {r["level"] for r in rows} >= {"department"} and {r["level"] for r in rows} & {"city", "county"}
    assert any(r["family"] == "" for r in rows) and any(r["family"] for r in rows)
    # a city platform has one row per agency on the same host: a report names its row by agency and url
    by_row = {(r["agency"], r["url"]): r for r in rows}
    for rep in data["reports"]:
        assert (rep["source_agency"], rep["source_url"]) in by_row, rep["id"]
        assert urlsplit(rep["source_url"]).netloc == rep["source_host"]
    kinds = set()
    for row in rows:
        host = urlsplit(row["url"]).netloc
        info = data["hosts"][host]
        if set(info["obstacles"]) & {"slow", "rate_ban", "flaky_500", "challenge_412"}:
            continue
        status, _, _ = live.fetch(row["url"])
        assert status in (200, 301), row
        kinds.add(
            "home"
            if row["url"].rstrip("/").endswith(host) or row["url"] == info["home"]
            else "hub"
            if row["url"] == info["xxgk"]
            else "column"
        )
    assert kinds == {"home", "hub", "column"}


def test_expected_cells_are_those_of_the_served_document(live):
    data = live.data
    seeds = [r for r in data["reports"] if r["source"] == "seed"]
    assert len(seeds) == 5
    for rep in seeds:
        gold = json.loads((GOLD / f"{rep['seed_id']}.json").read_text(encoding="utf-8"))
        assert cells_of(data, rep) == gold["cells"] and rep["agency"] == gold["agency"]
    synth = [r for r in data["reports"] if r["source"] == "synth"]
    for rep in synth[:40]:
        s = rep["synth"]
        truth = docgen.synth_report(
            s["agency"], s["year"], layout=s["layout"], seed=s["seed"], published=s["published"]
        )
        assert cells_of(data, rep) == truth["cells"]
        assert any(v for v in truth["cells"].values())
    # an HTML report page prints its agency and the values of its tables
    rep = next(r for r in synth if r["body"] == "html" and r["reachable"] and not data["hosts"][r["host"]]["obstacles"])
    status, _, body = live.fetch(rep["page_url"])
    html = body.decode()
    assert rep["agency"] in html and str(cells_of(data, rep)["t3.new.total"]) in html
    # a DOCX attachment carries the same table values
    rep = next(
        r for r in synth if r["format"] == "docx" and r["reachable"] and not data["hosts"][r["host"]]["obstacles"]
    )
    status, _, body = live.fetch(rep["attachments"][0]["url"])
    xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
    assert rep["agency"] in xml and f">{cells_of(data, rep)['t3.granted.total']}<" in xml


def test_manifest_covers_formats_layouts_and_noise(live):
    data = live.data
    reports = data["reports"]
    assert {r["format"] for r in reports} >= {"html", "pdf", "docx", "doc", "scan"}
    assert {r["body"] for r in reports} == {"html", "attachment", "html+attachment", "column"}
    assert {r["layout"] for r in reports} >= {"2019", "2021"}
    assert {r["year"] for r in reports} >= set(range(2019, 2025))
    kinds = {n["kind"] for n in data["noise"]}
    # 2008–2018 reports are reports now (source "pre2019"), no longer "historic" noise
    assert kinds >= {"website_report", "notice", "duplicate", "nav", "other_document", "spam_clone", "dead_link"}
    assert "historic" not in kinds
    assert kinds & {"interpretation", "graphic"}
    hosts = set(data["hosts"])
    assert "61.150.65.235" in hosts and "122.137.242.24:8080" in hosts
    assert any(h.startswith("xxgk.") for h in hosts)
    assert sum(r["reachable"] for r in reports) == data["farm"]["counts"]["reachable"]
    # every reachable report page answers 200 (hosts that ban or stall are checked elsewhere)
    for rep in reports:
        if rep["reachable"] and not set(data["hosts"][rep["host"]]["obstacles"]) & {"rate_ban", "flaky_500"}:
            assert live.fetch(rep["page_url"])[0] == 200, rep["page_url"]


def test_a_seed_fixes_the_world(tmp_path, w):
    def manifest_bytes(seed: int, out: Path, hashseed: str) -> bytes:
        # separate processes with different hash seeds: no set or dict order may leak into the farm
        return w.written(seed, 40, out, tmp_path / "cache", hashseed)

    a = manifest_bytes(11, tmp_path / "a", "1")
    b = manifest_bytes(11, tmp_path / "b", "2")
    c = manifest_bytes(12, tmp_path / "c", "1")
    assert a == b and a != c
    # and the in-process model agrees with what the subprocess wrote
    world = build_world(11, 40)
    write_all(world, Content(world, tmp_path / "cache"), tmp_path / "d", 0)
    assert (tmp_path / "d" / "manifest.json").read_bytes() + (tmp_path / "d" / "sources.csv").read_bytes() == a
