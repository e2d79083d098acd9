"""advance_day changes exactly what it says: new reports, one replaced attachment, one vanished page."""

from __future__ import annotations

import farm
from farm.country import build_world
from farm.manifest import cells_of

# the session farm's seed and size, so the rendered documents come from the same cache
SEED, SIZE = 3, 60


def test_advance_day(tmp_path, cache_dir, w):
    with farm.running(tmp_path, seed=SEED, size=SIZE, cache_dir=cache_dir) as f:
        before = f.load_manifest()
        old = {r["id"]: r for r in before["reports"]}
        # remember validators of every reachable attachment and page we will compare
        changed = f.advance_day()
        after = f.load_manifest()
        assert changed["day"] == after["farm"]["day"] == 1 == f.summary()["day"]
        assert f.summary()["counts"] == after["farm"]["counts"]
        new = {r["id"]: r for r in after["reports"]}

        # new reports: exactly the ones announced, live and listed on the first page of their column
        added = set(new) - set(old)
        assert set(old) <= set(new)
        assert {new[i]["page_url"] for i in added} == set(changed["new"]) and added
        for rid in added:
            rep = new[rid]
            assert rep["appeared_day"] == 1
            if not rep["reachable"] or after["hosts"][rep["host"]]["obstacles"]:
                continue
            assert f.fetch(rep["page_url"])[0] == 200
            status, html = w.page(f, rep["list_urls"][0])
            assert status == 200
            listed = w.anchors(html, rep["list_urls"][0]) + w.anchors(html, rep["list_urls"][0], "//record")
            assert rep["page_url"] in listed or "datastore" in html and rep["page_url"].split("/")[-1] in html

        # one attachment replaced: same URL, new bytes and validators, new expected cells
        replaced = [r for r in after["reports"] if r["replaced_day"] == 1]
        assert len(replaced) == 1 and replaced[0]["attachments"][0]["url"] == changed["replaced"]
        rep = replaced[0]
        assert rep["version"] == 2 and old[rep["id"]]["version"] == 1
        diff = {c for c, v in cells_of(after, rep).items() if cells_of(before, old[rep["id"]])[c] != v}
        assert diff == {"t2.punishment.decisions"}
        status, headers, body = f.fetch(changed["replaced"])
        assert status == 200 and body[:2] == b"PK"

        # one page gone: 404 from today, still listed, marked in the manifest
        gone = [r for r in after["reports"] if r["status"] == "gone"]
        assert [r["page_url"] for r in gone] == [changed["gone"]]
        assert f.fetch(changed["gone"])[0] == 404 and not gone[0]["reachable"]

        # nothing else changed (new items push others down a list: only stub deep pages can hide them)
        volatile = ("reachable", "unreachable_reason")
        for rid, rep in old.items():
            if rid in (replaced[0]["id"], gone[0]["id"]):
                continue
            assert {k: v for k, v in new[rid].items() if k not in volatile} == {
                k: v for k, v in rep.items() if k not in volatile
            }, rid
            if new[rid]["reachable"] != rep["reachable"]:
                assert "stub_pages" in (new[rid]["unreachable_reason"], rep["unreachable_reason"])
        assert {n["url"] for n in before["noise"]} <= {n["url"] for n in after["noise"]}


def test_replaced_attachment_revalidates(tmp_path, cache_dir):
    # the farm replaces attachments in a fixed order: the world model says which one is tomorrow's
    world = build_world(SEED, SIZE)
    tomorrow = world.replace_order[0].attachments[0].url
    other = world.replace_order[1].attachments[0].url
    with farm.running(tmp_path, seed=SEED, size=SIZE, cache_dir=cache_dir) as f:
        etags = {}
        for url in (tomorrow, other):
            status, headers, _ = f.fetch(url, method="HEAD")
            etags[url] = (headers["etag"], headers["last-modified"])
        changed = f.advance_day()
        assert changed["replaced"] == tomorrow
        url = changed["replaced"]
        etag, modified = etags[url]
        status, headers, _ = f.fetch(url, headers={"If-None-Match": etag})
        assert status == 200 and headers["etag"] != etag and headers["last-modified"] != modified
        assert f.fetch(url, headers={"If-None-Match": headers["etag"]})[0] == 304
        unchanged = next(u for u in etags if u != url)
        assert f.fetch(unchanged, headers={"If-None-Match": etags[unchanged][0]})[0] == 304
