"""The building blocks of :mod:`assistgraph.schema`: columns, links and tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: ``year``: a whole year; a full date is read as its year.
ColumnType = Literal["str", "int", "float", "bool", "date", "list", "year"]


@dataclass(frozen=True)
class Column:
    """One input column: its type, whether it is required, and its checks."""

    name: str
    type: ColumnType = "str"
    required: bool = False
    enum: tuple[str, ...] | None = None
    ref: str | None = None  # table whose ``id`` this column references
    min: float | None = None  # smallest allowed value (numbers)
    store: bool = True  # becomes a property (False for columns turned into edges)


@dataclass(frozen=True)
class Link:
    """A relationship made from a reference column of a node table.

    ``direction="out"`` makes ``(row node)-[:type]->(referenced node)``;
    ``"in"`` makes ``(referenced node)-[:type]->(row node)``.
    """

    column: str
    type: str
    direction: Literal["out", "in"] = "out"


@dataclass(frozen=True)
class RelSpec:
    """How a relationship table becomes one relationship per row."""

    type: str
    from_column: str
    to_column: str
    #: columns besides the endpoints that identify the relationship (MERGE keys)
    key_props: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """One table of the input contract and what it becomes in the graph."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    label: str | None = None  # node tables
    rel: RelSpec | None = None  # relationship tables
    links: tuple[Link, ...] = ()
    required_table: bool = False
    title_zh: str = ""
    #: made by validation from other tables, never read from a file (``task_forces``)
    derived: bool = False

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        msg = f"table {self.name!r} has no column {name!r}"
        raise KeyError(msg)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def node_id(self, row: dict[str, object]) -> str:
        """The node id of a row of a node table (composite keys joined by ``/``)."""
        return "/".join(str(row[k]) for k in self.key)


@dataclass(frozen=True)
class RelType:
    """A relationship type with every (from label, to label) pair it joins."""

    name: str
    pairs: tuple[tuple[str, str], ...]
    props: dict[str, str] = field(default_factory=dict)  # property -> column type
    #: properties that, with the endpoints, identify one relationship (MERGE keys)
    key_props: tuple[str, ...] = ()

    def edge_key(self, props: dict[str, object]) -> str:
        """A stable key for one relationship among parallel ones: ``TYPE`` or ``TYPE|2024|…``."""
        return "|".join([self.name, *(str(props.get(k)) for k in self.key_props)])
