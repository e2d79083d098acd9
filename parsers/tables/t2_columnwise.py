"""Table 2 printed by blocks of columns (pdftotext without -layout): values placed by their column
headers and the count of rows, only when exact; and the units of the amount columns."""

from __future__ import annotations

import re

from .. import cells as registry
from ..form.t2_rows import T2_PATTERNS
from ..values import is_value_text
from .labels import T2_SIGNALS_2019, T2_SIGNALS_2021
from .reading import Reading, kind_of
from .stream import Slot, is_prose


def t2_unit(header: str, column_word: str) -> str | None:
    idx = header.find(column_word)
    if idx < 0:
        return None
    tail = header[idx : idx + 30]
    if "万元" in tail:
        return "万元"
    if "元" in tail:
        return "元"
    return None


def amount_unit(code: str, header: str) -> str | None:
    """The unit an amount cell's column header prints (收费金额 defaults to the form's 万元)."""
    if code == "t2.fees.amount":
        return t2_unit(header, "收费金额") or "万元"
    if code == "t2.procurement.amount":
        return t2_unit(header, "采购总金额")
    return None


# table 2 printed by text blocks (pdftotext without -layout): a column header, or two adjacent ones,
# then their values for the rows of one item, row by row ("本年新制作数量 本年新公开数量 0 0 1 1":
# 规章 0 0, 规范性文件 1 1; "本年制发件数 0 1": one column for both rows).  Header → column key.
_T2_BLOCK_HEADERS: list[tuple[str, str]] = [
    ("本年制发件数", "issued"),
    ("本年废止件数", "repealed"),
    ("现行有效件数", "in_force"),
    ("本年处理决定数量", "decisions"),
    ("处理决定数量", "decisions"),
    ("本年收费金额", "fee_amount"),
    ("本年新制作数量", "made"),
    ("本年新公开数量", "published"),
    ("对外公开总数量", "total_published"),
    ("上一年项目数量", "prev_count"),
    ("本年增/减", "change"),
    ("本年增减", "change"),
    ("采购项目数量", "count"),
    ("采购总金额", "amount"),
]


# per layout, in form order: the rows of an item and its columns (header key → code column)
_T2_BLOCK_GROUPS: dict[str, list[tuple[list[str], dict[str, str]]]] = {
    "2021": [
        (["rules", "normative"], {"issued": "issued", "repealed": "repealed", "in_force": "in_force"}),
        (["licensing"], {"decisions": "decisions"}),
        (["punishment", "coercion"], {"decisions": "decisions"}),
        (["fees"], {"fee_amount": "amount"}),
    ],
    "2019": [
        (["rules", "normative"], {"made": "made", "published": "published", "total_published": "total_published"}),
        (["licensing", "other_services"], {"prev_count": "prev_count", "change": "change", "decisions": "decisions"}),
        (["punishment", "coercion"], {"prev_count": "prev_count", "change": "change", "decisions": "decisions"}),
        (["fees"], {"prev_count": "prev_count", "change": "change"}),
        (["procurement"], {"count": "count", "amount": "amount"}),
    ],
}


def read_t2_blocks_without_rows(region: list[Slot], r: Reading, seen: set[str]) -> None:
    """Table 2 whose row labels all ran into one line: the layout from the column headers, then blocks."""
    text = "|".join(n for slot in region if not is_prose(slot) for n in slot.norms if n and len(n) <= 60)
    s21 = sum(w in text for w in T2_SIGNALS_2021)
    s19 = sum(w in text for w in T2_SIGNALS_2019)
    if s21 == s19 or max(s21, s19) < 2:
        return
    layout = "2021" if s21 > s19 else "2019"
    probe = Reading()
    if not read_t2_columnwise(region, probe, seen, layout):
        return
    r.layouts["t2"] = layout
    r.codes.extend(registry.codes_for(layout, 2))
    r.values.update(probe.values)
    r.raw.update(probe.raw)
    r.warnings.extend(probe.warnings)


def _block_header(n: str) -> str | None:
    return next((col for h, col in _T2_BLOCK_HEADERS if n.startswith(h)), None)


def _next_block(tokens: list[tuple[str, str]], i: int) -> tuple[list[tuple[str, str]], list[str], int]:
    """From token i: up to three column headers ((header key, header text)), the values after them,
    and the token after those."""
    cols: list[tuple[str, str]] = []
    while i < len(tokens) and _block_header(tokens[i][0]) and len(cols) < 3:
        cols.append((_block_header(tokens[i][0]) or "", tokens[i][0]))
        i += 1
    if not cols:
        return [], [], i + 1
    run: list[str] = []
    while i < len(tokens) and is_value_text(tokens[i][0]) and not _block_header(tokens[i][0]):
        run.append(tokens[i][1])
        i += 1
    return cols, run, i


def _block_cells(
    cols: list[tuple[str, str]], run: list[str], layout: str, seen: set[str], filled: set[str]
) -> list[tuple[str, str, str]]:
    """The (code, text, header) of a block's values: the first row group they fit exactly, or none."""
    keys = [k for k, _ in cols]
    for rows, colmap in _T2_BLOCK_GROUPS[layout]:
        if (
            all(k in colmap for k in keys)
            and len(run) == len(keys) * len(rows)
            and all(x in seen for x in rows)
            and not any(f"{x}.{colmap[k]}" in filled for x in rows for k in keys)
        ):
            cells = [
                (f"{row}.{colmap[k]}", run[ri * len(keys) + ki], text)
                for ri, row in enumerate(rows)
                for ki, (k, text) in enumerate(cols)
            ]
            if any(re.match(r"^\s*[+\-增减]", t) and not code.endswith(".change") for code, t, _ in cells):
                return []  # a signed value outside 本年增/减: the block is not what it seems
            return cells
    return []


def read_t2_columnwise(region: list[Slot], r: Reading, seen: set[str], layout: str) -> bool:
    """Table 2 whose rows hold no values because the text runs by blocks of columns.

    After one or two column headers, the values must be exactly (headers × rows) of the first item
    whose rows are all printed, whose columns include those headers and whose cells are not filled
    yet; a signed value may only land in 本年增/减.  Then the values go row by row, flagged
    ``position_inferred``; otherwise nothing is placed and a warning says so.  Returns whether
    anything was placed.
    """
    tokens = [(n, c) for slot in region for n, c in zip(slot.norms, slot.cells, strict=True) if n]
    # row labels printed anywhere in the table's lines (the text front-end may have joined a column of
    # short labels into one line: "信息内容行政处罚行政强制信息内容行政事业性收费")
    table_text = "|".join(n for slot in region if not is_prose(slot) for n in slot.norms if n and len(n) <= 60)
    seen = seen | {key for key, rx in T2_PATTERNS if re.search(rx.pattern.lstrip("^"), table_text)}
    filled: set[str] = set()
    placed: list[tuple[str, str, str]] = []  # (code, text, header)
    i = 0
    while i < len(tokens):
        cols, run, i = _next_block(tokens, i)
        if not cols or not run:
            continue
        cells = _block_cells(cols, run, layout, seen, filled)
        if not cells:
            r.warnings.append(
                f"t2: {len(run)} values after {'/'.join(h for _, h in cols)} match no row group; not placed"
            )
            continue
        for code, text, header in cells:
            filled.add(code)
            placed.append((f"t2.{code}", text, header))
    if not placed:
        return False
    for code, text, header in placed:
        r.put(code, text, kind_of(code), unit=amount_unit(code, header), extra_flags=("position_inferred",))
    r.warnings = [w for w in r.warnings if not (w.startswith("t2.") and "no cells after the label" in w)]
    r.warnings.append(
        f"t2: printed by blocks of columns; {len(placed)} values placed by their column headers and the count of rows"
    )
    return True
