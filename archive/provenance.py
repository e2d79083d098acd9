"""Is a report's content real?  In the demo, only the seeds' and the real corpus's reports are.

The demo's portals are simulated (``farm/``): their agencies, hosts and numbers
are made up, except that the farm publishes the five real seed reports
(``tests/seeds``) under their real agencies.  The fixture archives of the
tests also carry the real corpus (``tests/parsers/corpus/real``).  A report
whose agency and year are those of one of these files is real; on a demo
site every other report is synthetic.  On a real archive every report was
crawled from the agency's own site.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from identity import normalise_agency

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "seeds"
CORPUS = REPO / "tests" / "parsers" / "corpus" / "real"


@lru_cache(maxsize=1)
def real_reports() -> dict[tuple[str, int], str]:
    """(agency, year) -> where the real report comes from."""
    out: dict[tuple[str, int], str] = {}
    for path in sorted(CORPUS.glob("*.expected.json")):
        exp = json.loads(path.read_text(encoding="utf-8"))
        if exp.get("agency") and exp.get("year"):
            name = path.name.removesuffix(".expected.json")
            out[(normalise_agency(exp["agency"]) or "", int(exp["year"]))] = (
                f"real report: corpus file {name} (sources: tests/parsers/corpus/real/SOURCES.md)"
            )
    for path in sorted((SEEDS / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        out[(normalise_agency(gold["agency"]) or "", int(gold["year"]))] = (
            f"real report: seed {gold['id']} (tests/seeds/{gold['file']})"
        )
    return out


def provenance(agency: str, year: int, demo: bool) -> tuple[str, str]:
    """(real | synthetic | crawled, what to tell the reader)."""
    real = real_reports().get((agency, int(year)))
    if real:
        return "real", real
    if demo:
        return "synthetic", (
            "synthetic: made up by the simulated portal farm (agency, host and numbers are not a real agency's)"
        )
    return "crawled", "crawled from the agency's own site (see the source documents below)"
