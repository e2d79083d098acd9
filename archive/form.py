"""The three statutory tables of one report laid out as the printed form.

Rows and columns come in the form's order from the cell registry
(``parsers.cells``) for the report's layout of each table; each cell carries
its value, the text as printed when that differs from the value, the marker of
a null cell and the parser's flag.  Pure: the caller passes the report's cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parsers import cells as registry


@dataclass
class FormCell:
    code: str
    label_zh: str
    label_en: str
    value: Any = None
    raw: str | None = None
    marker: str | None = None
    flag: str | None = None
    present: bool = False  # the report has a row for this code

    @property
    def column_zh(self) -> str:
        return self.label_zh.split("·")[-1]

    @property
    def shown(self) -> str:
        if self.value is None:
            return ""
        if isinstance(self.value, float) and self.value.is_integer() and registry.CELLS[self.code].kind != "amount":
            return str(int(self.value))
        return str(self.value)

    @property
    def printed_differs(self) -> bool:
        """The printed text says something other than the value (e.g. 1,234 or ３ or 12件)."""
        raw = (self.raw or "").strip()
        return bool(raw) and raw != self.shown


@dataclass
class FormRow:
    label_zh: str
    label_en: str
    group_zh: str = ""
    cells: list[FormCell | None] = field(default_factory=list)


@dataclass
class FormTable:
    number: int
    title_zh: str
    title_en: str
    layout: str | None
    columns: list[tuple[str, str]]  # (zh, en); empty for table 2, whose columns vary by row
    rows: list[FormRow]

    @property
    def header(self) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
        """The form's two header rows: spanning cells (法人或其他组织 over its five columns), then the sub-columns."""
        top: list[dict[str, Any]] = []
        sub: list[tuple[str, str]] = []
        two = any("·" in zh for zh, _ in self.columns)
        for zh, en in self.columns:
            group, _, part = zh.partition("·")
            if not part:
                top.append({"zh": zh, "en": en, "colspan": 1, "rowspan": 2 if two else 1})
                continue
            if top and top[-1]["zh"] == group:
                top[-1]["colspan"] += 1
            else:
                top.append({"zh": group, "en": en.split(":")[0], "colspan": 1, "rowspan": 1})
            sub.append((part, en))
        return top, sub


def _cell(code: str, stored: dict[str, dict[str, Any]]) -> FormCell:
    spec = registry.CELLS[code]
    row = stored.get(code)
    cell = FormCell(code, spec.label_zh, spec.label_en)
    if row is not None:
        cell.value, cell.raw, cell.marker, cell.flag = row["value"], row["raw"], row["marker"], row.get("flag")
        cell.present = True
    return cell


def table2(layout: str, stored: dict[str, dict[str, Any]]) -> FormTable:
    rows: dict[str, FormRow] = {}
    for code in registry.codes_for(layout, 2):
        spec = registry.CELLS[code]
        zh, en = spec.label_zh.split("·", 1)[0], spec.label_en.split(":", 1)[0]
        rows.setdefault(spec.row, FormRow(zh, en)).cells.append(_cell(code, stored))
    zh, en = registry.TABLE_TITLES[2]
    return FormTable(2, zh, en, layout, [], list(rows.values()))


def table3(layout: str, stored: dict[str, dict[str, Any]]) -> FormTable:
    columns = [
        c
        for c in registry.T3_COLUMNS
        if not c.optional or any(k.endswith(f".{c.key}") and k.startswith("t3.") for k in stored)
    ]
    rows = []
    for r in registry.t3_rows(layout):
        cells: list[FormCell | None] = [_cell(f"t3.{r.key}.{c.key}", stored) for c in columns]
        rows.append(FormRow(r.label_zh, r.label_en, r.group_zh, cells))
    zh, en = registry.TABLE_TITLES[3]
    return FormTable(3, zh, en, layout, [(c.label_zh, c.label_en) for c in columns], rows)


def table4(layout: str, stored: dict[str, dict[str, Any]]) -> FormTable:
    rows = [
        FormRow(gzh, gen, "", [_cell(f"t4.{g}.{o}", stored) for o, _, _ in registry.T4_OUTCOMES])
        for g, gzh, gen in registry.T4_GROUPS
    ]
    zh, en = registry.TABLE_TITLES[4]
    return FormTable(4, zh, en, layout, [(ozh, oen) for _, ozh, oen in registry.T4_OUTCOMES], rows)


def form_tables(layouts: dict[str, str | None], stored: dict[str, dict[str, Any]]) -> list[FormTable]:
    """The tables the report's layouts carry (none for a pre-2019 report or one whose tables were not found)."""
    out = []
    if layouts.get("t2") in registry.BOTH:
        out.append(table2(str(layouts["t2"]), stored))
    if layouts.get("t3") in registry.BOTH:
        out.append(table3(str(layouts["t3"]), stored))
    if layouts.get("t4") or any(code.startswith("t4.") for code in stored):
        out.append(table4(str(layouts.get("t4") or "standard"), stored))
    return out
