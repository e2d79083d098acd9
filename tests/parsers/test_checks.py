"""Identities 1–4 of the form: pass, fail with the difference, not assessable."""

from __future__ import annotations

from parser_fixtures import SEEDS, seed_gold, synthetic_values

from parsers import cells as registry
from parsers import parse_file
from parsers.checks import plausibility, run_checks


def _by(checks: list[dict]) -> dict[tuple[str, str], dict]:
    return {(c["check"], c["scope"]): c for c in checks}


def test_seed_002_fails_identity_2_by_9() -> None:
    report = parse_file(SEEDS / seed_gold(2)["file"])
    failed = [c for c in report["checks"] if c["status"] == "fail"]
    assert {(c["check"], c["scope"]) for c in failed} == {("2", "natural"), ("2", "total")}
    for c in failed:
        assert (c["lhs"], c["rhs"], c["diff"]) == (9, 0, 9)
        assert c["expr"].startswith(f"t3.total.{c['scope']} = t3.granted.{c['scope']}")
    by = _by(report["checks"])
    assert by[("1", "natural")]["status"] == "pass"  # the source keeps identity 1


def test_checks_shape_and_count_on_every_seed() -> None:
    for n in range(5):
        checks = parse_file(SEEDS / seed_gold(n)["file"])["checks"]
        # 7 columns × identities 1 and 2, 25 rows (2021) × identity 3, 3 groups × identity 4
        assert len(checks) == 7 + 7 + 25 + 3
        assert {tuple(sorted(c)) for c in checks if c["status"] == "pass"} <= {
            ("check", "diff", "expr", "lhs", "rhs", "scope", "status")
        }
        if n != 2:
            assert all(c["status"] == "pass" for c in checks)


def test_identity_1_per_column_and_not_assessable_on_null() -> None:
    cells = dict(synthetic_values("2021", seed=1))
    cells["t3.carried_forward.research"] = None
    cells["t3.new.natural"] += 2
    by = _by(run_checks(cells, "2021", False, True))
    assert by[("1", "natural")]["status"] == "fail" and by[("1", "natural")]["diff"] == 2
    assert by[("1", "research")]["status"] == "not_assessable" and by[("1", "research")]["lhs"] is None
    assert by[("1", "total")]["status"] == "pass"  # identity 1 is per column: the total column still holds
    assert by[("4", "review")]["status"] == "pass"


def test_identity_2_uses_other_all_in_2019() -> None:
    cells = dict(synthetic_values("2019", seed=8))
    by = _by(run_checks(cells, "2019", False, False))
    assert "t3.other.all.natural" in by[("2", "natural")]["expr"]
    assert "other.no_correction" not in by[("2", "natural")]["expr"]
    assert all(c["status"] == "pass" for c in by.values())
    assert not any(k[0] == "4" for k in by)


def test_identity_3_with_merged_legal_column() -> None:
    cells: dict = {code: None for code in registry.codes_for("2021", 3)}
    cells.update({"t3.new.natural": 5, "t3.new.legal_all": 2, "t3.new.total": 8})
    by = _by(run_checks(cells, "2021", True, False))
    assert by[("3", "new")]["expr"] == "t3.new.total = t3.new.natural + t3.new.legal_all"
    assert (by[("3", "new")]["status"], by[("3", "new")]["diff"]) == ("fail", 1)


def test_identity_4_per_group() -> None:
    cells = dict(synthetic_values("2021", seed=9))
    cells["t4.suit_direct.total"] = cells["t4.suit_direct.total"] + 3
    by = _by(run_checks(cells, "2021", False, True))
    assert by[("4", "suit_direct")]["diff"] == 3 and by[("4", "review")]["status"] == "pass"


def test_plausibility_warnings() -> None:
    cells = {"t2.rules.issued": 2, "t2.fees.amount": 2_000_000, "t3.new.natural": -1}
    warnings = plausibility(cells, "某某县某某镇人民政府")
    assert len(warnings) == 3
    assert plausibility({"t2.rules.issued": 2}, "某某市人民政府") == []
