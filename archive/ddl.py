"""Tables as data: a column's type and its Chinese and English description, a table's keys and
indexes, and the DDL both are written with (``archive.schema`` declares the tables)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # SQLite declared type; "" keeps whatever Python gives (int stays int, float stays float)
    zh: str
    en: str


@dataclass(frozen=True)
class Table:
    name: str
    zh: str
    en: str
    columns: list[Column]
    pk: list[str]
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)  # column, other table, other column
    indexes: list[list[str]] = field(default_factory=list)
    label_column: str | None = None
    # rows stored in the primary-key b-tree only: half the size for the big narrow tables
    without_rowid: bool = False

    def ddl(self) -> str:
        cols = [f"[{c.name}] {c.type}".rstrip() for c in self.columns]
        cols.append("PRIMARY KEY (" + ", ".join(f"[{k}]" for k in self.pk) + ")")
        cols += [f"FOREIGN KEY ([{c}]) REFERENCES [{t}]([{o}])" for c, t, o in self.foreign_keys]
        return (
            f"CREATE TABLE [{self.name}] (\n  "
            + ",\n  ".join(cols)
            + "\n)"
            + (" WITHOUT ROWID" if self.without_rowid else "")
        )

    def index_ddl(self) -> list[str]:
        """Indexes, created after the bulk load (faster than maintaining them row by row)."""

        def term(spec: str) -> str:  # "year desc" -> [year] DESC
            column, _, direction = spec.partition(" ")
            return f"[{column}] {direction.upper()}".rstrip()

        return [
            f"CREATE INDEX [idx_{self.name}_{'_'.join(c.replace(' ', '_') for c in idx)}] ON [{self.name}] ("
            + ", ".join(term(c) for c in idx)
            + ")"
            for idx in self.indexes
        ]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def C(name: str, type_: str, zh: str, en: str) -> Column:  # noqa: N802 - reads as a table row below
    return Column(name, type_, zh, en)
