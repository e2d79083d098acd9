"""Compare a parsed report with an expected (gold) JSON: a list of readable differences."""

from __future__ import annotations

FIELDS = ("agency", "year", "published", "layout")


def differences(report: dict, expected: dict) -> list[str]:
    out: list[str] = []
    if report.get("error") and "error" not in expected:
        out.append(f"error: {report['error']}")
    for key in FIELDS:
        if key in expected and report.get(key) != expected[key]:
            out.append(f"{key}: got {report.get(key)!r}, expected {expected[key]!r}")
    got = report.get("cells", {})
    want = expected.get("cells", {})
    for code, value in want.items():
        if code not in got:
            out.append(f"{code}: missing, expected {value!r}")
        elif got[code] != value or (got[code] is None) != (value is None):
            out.append(f"{code}: got {got[code]!r} (raw {report.get('raw', {}).get(code)!r}), expected {value!r}")
    extra = sorted(set(got) - set(want))
    if extra and "cells" in expected:
        out.append(f"unexpected codes: {', '.join(extra[:10])}{' …' if len(extra) > 10 else ''}")
    return out
