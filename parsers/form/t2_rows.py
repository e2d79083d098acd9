"""TODO"""

from __future__ import annotations

import re

T2_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (key, re.compile(rx))
    for key, rx in [
        ("rules", r"^规章"),
        ("normative", r"^(?:行政)?规范性文件|^行政规范性$"),
        ("licensing", r"^行政许可"),
        ("other_services", r"^其他对外管理服务"),
        ("punishment", r"^行政处罚"),
        ("coercion", r"^行政强制"),
        ("fees", r"^行政事业性收费"),
        ("procurement", r"^政府集中采购"),
        ("ext:other_docs", r"^其他主动公开"),
    ]
]
