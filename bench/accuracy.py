"""Parser accuracy on documents with a known truth: \
``python -m bench.accuracy [-v] [--json OUT] [--baseline OLD] [DIR...]``.

Runs ``parsers.parse_file`` on every file under DIR (default:
tests/parsers/renderings and tests/parsers/corpus) that has a sibling
``<file>.expected.json``, and prints per extraction tool and source format:
documents, documents parsed exactly, cell accuracy (correct cells / expected
cells; a null is a value like any other), failed cells split into "lost"
(read as null or absent) and "wrong" (a value that is not the truth: the
silent kind), accuracy per table and of agency/year/published/layout, then
the cells that fail most often with an example.

A measurement, not a test: it never fails on a wrong cell.  A rendering's
expected JSON names its tool and source format under ``rendering``
(docgen/renderings.py); other documents are grouped by their directory
("corpus/generated", "corpus/real") and their format.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [ROOT / "tests" / "parsers" / "renderings", ROOT / "tests" / "parsers" / "corpus"]
EXPECTED_SUFFIX = ".expected.json"
FIELDS = ("agency", "year", "published", "layout")
PER_DOCUMENT_TIMEOUT_S = 120


@dataclass
class Outcome:
    """One document's comparison with its truth."""

    path: Path
    tool: str
    source_format: str
    seconds: float
    error: str | None = None
    fields: dict[str, bool] = field(default_factory=dict)  # field -> correct (only fields the truth has)
    got_fields: dict[str, object] = field(default_factory=dict)
    cells_expected: int = 0
    expected_codes: list[str] = field(default_factory=list)
    wrong: dict[str, tuple[object, object, object]] = field(default_factory=dict)  # code -> (got, raw, expected)
    missing: list[str] = field(default_factory=list)  # expected codes the report lacks
    unexpected: list[str] = field(default_factory=list)  # codes the report has and the truth lacks
    warnings: list[str] = field(default_factory=list)  # the parser's own account of what was odd

    @property
    def cells_correct(self) -> int:
        return self.cells_expected - len(self.wrong)

    @property
    def exact(self) -> bool:
        return self.error is None and all(self.fields.values()) and not self.wrong and not self.unexpected


def documents(dirs: list[Path]) -> list[Path]:
    out: list[Path] = []
    for d in dirs:
        candidates = [d] if d.is_file() else sorted(d.rglob(f"*{EXPECTED_SUFFIX}"))
        for exp in candidates:
            if not exp.name.endswith(EXPECTED_SUFFIX):
                exp = Path(f"{exp}{EXPECTED_SUFFIX}")
            doc = exp.with_name(exp.name[: -len(EXPECTED_SUFFIX)])
            if doc.exists() and exp.exists():
                out.append(doc)
    return out


def group_of(doc: Path, expected: dict) -> tuple[str, str]:
    """(tool, source format) of a document."""
    rendering = expected.get("rendering")
    if isinstance(rendering, dict):
        return str(rendering.get("tool")), str(rendering.get("source_format"))
    try:
        rel = doc.parent.relative_to(ROOT / "tests" / "parsers")
        tool = rel.as_posix()
    except ValueError:
        tool = doc.parent.name
    fmt = expected.get("format") or doc.suffix.lstrip(".") or "?"
    if doc.name.endswith(".scan.pdf"):
        fmt = "scan"
    return tool, str(fmt)


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise _Timeout()


def _parse(doc: Path) -> dict:
    from parsers import parse_file

    use_alarm = hasattr(signal, "SIGALRM")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.alarm(PER_DOCUMENT_TIMEOUT_S)
    try:
        return parse_file(doc)
    finally:
        if use_alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


def _same(got: object, want: object) -> bool:
    if (got is None) != (want is None):
        return False
    if isinstance(got, bool) or isinstance(want, bool):
        return got is want
    return got == want


def evaluate(doc: Path) -> Outcome:
    expected = json.loads(Path(f"{doc}{EXPECTED_SUFFIX}").read_text(encoding="utf-8"))
    tool, fmt = group_of(doc, expected)
    started = time.perf_counter()
    try:
        report = _parse(doc)
        error = report.get("error")
    except _Timeout:
        report, error = {}, f"timeout after {PER_DOCUMENT_TIMEOUT_S} s"
    except Exception as exc:  # a crash is a measured outcome, not the end of the run
        report, error = {}, f"{type(exc).__name__}: {exc}"
        traceback.print_exc(limit=3, file=sys.stderr)
    outcome = Outcome(
        doc,
        tool,
        fmt,
        time.perf_counter() - started,
        error=error,
        warnings=[str(w) for w in report.get("warnings") or []],
    )
    for key in FIELDS:
        if key in expected:
            outcome.fields[key] = report.get(key) == expected[key]
            outcome.got_fields[key] = report.get(key)
    want = expected.get("cells") or {}
    got = report.get("cells") or {}
    raw = report.get("raw") or {}
    outcome.cells_expected = len(want)
    outcome.expected_codes = list(want)
    for code, value in want.items():
        if code not in got:
            outcome.missing.append(code)
            outcome.wrong[code] = ("<missing>", None, value)
        elif not _same(got[code], value):
            outcome.wrong[code] = (got[code], raw.get(code), value)
    if "cells" in expected:
        outcome.unexpected = sorted(set(got) - set(want))
    return outcome


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    -"


def _field_pct(outcomes: list[Outcome], key: str) -> str:
    judged = [o.fields[key] for o in outcomes if key in o.fields]
    return _pct(sum(judged), len(judged))


def _table_pct(outcomes: list[Outcome], prefix: str) -> str:
    expected = sum(1 for o in outcomes for code in o.expected_codes if code.startswith(prefix))
    wrong = sum(1 for o in outcomes for code in o.wrong if code.startswith(prefix))
    return _pct(expected - wrong, expected)


def _failures(outcomes: list[Outcome], lost: bool) -> int:
    return sum(1 for o in outcomes for f in o.wrong.values() if _is_lost(f) == lost)


def table(outcomes: list[Outcome], key) -> list[str]:
    groups: dict[tuple, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[key(o)].append(o)
    header = (
        f"{'tool':27} {'from':5} {'docs':>4} {'exact':>5} {'cells ok/expected':>19} {'cell%':>6}"
        f" {'lost':>5} {'wrong':>5} {'t2%':>6} {'t3%':>6} {'t4%':>6} "
        f"{'agency':>6} {'year':>6} {'publ.':>6} {'layout':>6} {'errors':>6} {'s/doc':>6}"
    )
    lines = [header, "-" * len(header)]
    rows = sorted(groups.items(), key=lambda kv: (kv[0][0] != "corpus/generated", kv[0]))
    for (tool, fmt), group in rows + [(("ALL", ""), outcomes)]:
        cells_ok = sum(o.cells_correct for o in group)
        cells_all = sum(o.cells_expected for o in group)
        lines.append(
            f"{tool:27} {fmt:5} {len(group):4} {sum(o.exact for o in group):5} {cells_ok:>9}/{cells_all:<9}"
            f" {_pct(cells_ok, cells_all):>6} {_failures(group, True):5} {_failures(group, False):5}"
            f" {_table_pct(group, 't2.'):>6} {_table_pct(group, 't3.'):>6}"
            f" {_table_pct(group, 't4.'):>6} {_field_pct(group, 'agency'):>6} {_field_pct(group, 'year'):>6}"
            f" {_field_pct(group, 'published'):>6} {_field_pct(group, 'layout'):>6}"
            f" {sum(o.error is not None for o in group):6} {sum(o.seconds for o in group) / len(group):6.2f}"
        )
    return lines


def _is_lost(failure: tuple) -> bool:
    """A failed cell read as nothing (null or absent), as opposed to a wrong value."""
    return failure[0] is None or failure[0] == "<missing>"


def worst_cells(outcomes: list[Outcome], limit: int = 25) -> list[str]:
    """The codes most often given a wrong value (a silent error), then those most often lost."""
    seen: Counter[str] = Counter()
    counts = {"wrong": Counter(), "lost": Counter()}
    example: dict[tuple[str, str], tuple[Outcome, tuple]] = {}
    for o in outcomes:
        seen.update(o.expected_codes)
        for code, failure in o.wrong.items():
            kind = "lost" if _is_lost(failure) else "wrong"
            counts[kind][code] += 1
            example.setdefault((kind, code), (o, failure))
    lines: list[str] = []
    for kind, title in (("wrong", "given a wrong value"), ("lost", "read as nothing")):
        if not counts[kind]:
            continue
        lines += [f"  {title}:", f"  {'code':42} {kind:>5} {'of':>5}  example (got / raw / expected)"]
        for code, n in counts[kind].most_common(limit if kind == "wrong" else limit // 2):
            o, (got, raw, want) = example[(kind, code)]
            lines.append(f"  {code:42} {n:5} {seen[code]:5}  {_rel(o.path)}: {got!r} / {raw!r} / {want!r}")
    return lines


def field_failures(outcomes: list[Outcome], limit: int = 15) -> list[str]:
    lines = []
    for key in FIELDS:
        bad = [o for o in outcomes if o.fields.get(key) is False]
        if not bad:
            continue
        lines.append(f"{key}: wrong in {len(bad)} documents, e.g.")
        for o in bad[: limit // 3 or 1]:
            want = json.loads(Path(f"{o.path}{EXPECTED_SUFFIX}").read_text(encoding="utf-8")).get(key)
            lines.append(f"    {_rel(o.path)}: got {o.got_fields.get(key)!r}, expected {want!r}")
    return lines


_DIGITS = re.compile(r"(?<![t\d])\d+")  # keep the table in "t3.new"


def common_warnings(outcomes: list[Outcome], per_tool: int = 5) -> list[str]:
    """The parser's warnings on imperfect documents, most frequent first per tool (digits as N)."""
    by_tool: dict[str, Counter[str]] = defaultdict(Counter)
    for o in outcomes:
        if not o.exact:
            by_tool[o.tool].update({_DIGITS.sub("N", w)[:110] for w in o.warnings})
    lines = []
    for tool in sorted(by_tool):
        lines.append(f"    {tool}:")
        lines += [f"        {n:3} docs  {w}" for w, n in by_tool[tool].most_common(per_tool)]
    return lines


def _rel(path: Path) -> str:
    try:
        return path.relative_to(ROOT / "tests" / "parsers").as_posix()
    except ValueError:
        return str(path)


def report_lines(outcomes: list[Outcome], *, verbose: bool = False) -> list[str]:
    lines = ["Per tool (rendering) and source format:", *table(outcomes, lambda o: (o.tool, o.source_format))]
    by_format = table(outcomes, lambda o: ("(any tool)", o.source_format))
    lines += ["", "Per source format:", *by_format]
    errors = [o for o in outcomes if o.error]
    if errors:
        lines += ["", f"Documents with an error ({len(errors)}):"]
        lines += [f"    {_rel(o.path)}: {o.error}" for o in errors[:20]]
    if any(o.fields.get(k) is False for o in outcomes for k in FIELDS):
        lines += ["", "Report fields that fail:", *field_failures(outcomes)]
    if any(o.wrong for o in outcomes):
        lines += ["", "Cells that fail most often:", *worst_cells(outcomes)]
    imperfect = sorted((o for o in outcomes if not o.exact), key=lambda o: -len(o.wrong))
    if verbose and imperfect:
        lines += ["", "Parser warnings on documents not parsed exactly:", *common_warnings(outcomes)]
    if imperfect:
        lines += ["", "Documents not parsed exactly (wrong cells / expected):"]
        for o in imperfect[: None if verbose else 30]:
            bad_fields = [k for k, ok in o.fields.items() if not ok]
            extra = f" fields wrong: {', '.join(bad_fields)}" if bad_fields else ""
            extra += f" unexpected codes: {len(o.unexpected)}" if o.unexpected else ""
            lines.append(f"    {_rel(o.path):60} {len(o.wrong):4}/{o.cells_expected:<4}{extra}")
            if verbose:
                for code, (got, raw, want) in list(o.wrong.items())[:12]:
                    lines.append(f"        {code}: got {got!r} (raw {raw!r}), expected {want!r}")
    return lines


def measure(dirs: list[Path] | None = None, *, progress: bool = False) -> list[Outcome]:
    outcomes = []
    for doc in documents(dirs or DEFAULT_DIRS):
        outcomes.append(evaluate(doc))
        if progress:
            print(".", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return outcomes


def run() -> None:
    """The `make bench` entry: the whole table on the default directories."""
    started = time.perf_counter()
    outcomes = measure()
    print("\n".join(report_lines(outcomes)))
    print(f"\n{len(outcomes)} documents in {time.perf_counter() - started:.1f} s")


def _as_json(o: Outcome) -> dict:
    return {
        "file": _rel(o.path),
        "tool": o.tool,
        "source_format": o.source_format,
        "error": o.error,
        "fields": o.fields,
        "got_fields": o.got_fields,
        "cells_expected": o.cells_expected,
        "wrong": {k: list(v) for k, v in o.wrong.items()},
        "unexpected": o.unexpected,
        "warnings": o.warnings,
        "seconds": round(o.seconds, 3),
    }


def compare_lines(outcomes: list[Outcome], baseline: list[dict]) -> list[str]:
    """Documents whose correct-cell count changed since a run saved with --json."""
    before = {b["file"]: b["cells_expected"] - len(b["wrong"]) for b in baseline}
    changed = []
    for o in outcomes:
        old = before.get(_rel(o.path))
        if old is not None and old != o.cells_correct:
            changed.append((o.cells_correct - old, _rel(o.path), old, o.cells_correct, o.cells_expected))
    ok_now = sum(o.cells_correct for o in outcomes if _rel(o.path) in before)
    ok_then = sum(before[_rel(o.path)] for o in outcomes if _rel(o.path) in before)
    lines = [
        f"Against the baseline: {ok_then} → {ok_now} correct cells "
        f"({sum(d > 0 for d, *_ in changed)} documents better, {sum(d < 0 for d, *_ in changed)} worse)"
    ]
    for delta, name, old, new, total in sorted(changed):
        lines.append(f"    {delta:+5}  {name:60} {old:4} → {new:4} of {total}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.accuracy", description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path, help="directories (or files) to measure")
    ap.add_argument("--verbose", "-v", action="store_true", help="list every imperfect document's wrong cells")
    ap.add_argument("--json", type=Path, help="also write every outcome to this JSON file")
    ap.add_argument("--baseline", type=Path, help="a file written by --json earlier: list what changed since")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    outcomes = measure([d.resolve() for d in args.dirs] or None, progress=True)
    print("\n".join(report_lines(outcomes, verbose=args.verbose)))
    if args.baseline:
        baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
        print("\n" + "\n".join(compare_lines(outcomes, baseline)))
    print(f"\n{len(outcomes)} documents in {time.perf_counter() - started:.1f} s")
    if args.json:
        args.json.write_text(
            json.dumps([_as_json(o) for o in outcomes], ensure_ascii=False, indent=1, default=str) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
