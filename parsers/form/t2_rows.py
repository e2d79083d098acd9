"""Table 2's rows: the form's own (both layouts) and the rows some provinces add.

A row is found by its label pattern (searched in the label once its numbering is stripped).  A row
of the form reads into the cells of ``parsers.cells`` for the detected layout.  A province's extra
row reads into ``t2.ext.<slug>.<column>`` with table 2's 规章 columns (its printed label in
``ext_labels``): to add one, append ``("ext:<slug>", pattern)`` to ``PROVINCE_EXTRA_ROWS``.
"""

from __future__ import annotations

import re

# the rows of the statutory form (2021 and 2019 layouts), row key → label pattern
FORM_ROWS: list[tuple[str, str]] = [
    ("rules", r"^规章"),
    ("normative", r"^(?:行政)?规范性文件|^行政规范性$"),
    ("licensing", r"^行政许可"),
    ("other_services", r"^其他对外管理服务"),
    ("punishment", r"^行政处罚"),
    ("coercion", r"^行政强制"),
    ("fees", r"^行政事业性收费"),
    ("procurement", r"^政府集中采购"),
]

# rows some provinces print below the form's (e.g. 其他主动公开的信息): "ext:<slug>" → label pattern
PROVINCE_EXTRA_ROWS: list[tuple[str, str]] = [
    ("ext:other_docs", r"^其他主动公开"),
]

T2_PATTERNS: list[tuple[str, re.Pattern[str]]] = [(key, re.compile(rx)) for key, rx in FORM_ROWS + PROVINCE_EXTRA_ROWS]
