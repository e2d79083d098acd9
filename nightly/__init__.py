"""Nightly operation: one locked, incremental crawl + build, published atomically.

`python -m nightly.run` is the scheduled job; `python -m nightly.demo` runs
the same pipeline against the simulated portal farm and serves the result.
`nightly.season` knows the statutory deadlines and which sources to re-check.
"""
