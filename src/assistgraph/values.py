"""Values the stores hand over: plain Python values, and the nodes, relationships and
paths a query returns (shared by the store, the graph and the output formats)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

__all__ = ["GraphPath", "Node", "Rel", "plain"]


def plain(value: Any) -> Any:
    """A plain Python value: ``Decimal`` → int or float, containers converted recursively."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Node:
    """A node returned by a query: its label and properties (no ``None`` padding)."""

    label: str
    props: dict[str, Any]


@dataclass(frozen=True)
class Rel:
    """A relationship returned by a query: its type, endpoint ids and properties."""

    type: str
    props: dict[str, Any]
    src: str | None = None
    dst: str | None = None


@dataclass(frozen=True)
class GraphPath:
    """A path returned by a query: alternating nodes and relationships."""

    nodes: tuple[Node, ...]
    rels: tuple[Rel, ...]
