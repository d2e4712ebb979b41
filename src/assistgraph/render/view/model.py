"""What a view draws before it is encoded: display nodes and display edges.

Both are immutable (``NamedTuple``): selection builds them from the graph, folding
builds new ones, encoding reads them. Their ``props`` are the graph's own property
dicts wherever a node or fact is shown as it is (read, never changed: the graph is
frozen and shared by every analysis of a command), and new dicts where folding made
something new (a force node, the shared properties of merged facts).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

__all__ = ["NO_FOLDED", "DisplayEdge", "DisplayNode", "FactGroups"]

#: a node with nothing folded into it
NO_FOLDED: Mapping[str, int] = MappingProxyType({})


class DisplayNode(NamedTuple):
    """One node of the view: its key (``"Label:id"``), label, id and properties."""

    key: str
    label: str
    nid: str
    props: Mapping[str, Any]
    #: label -> how many nodes of that label were folded into this one
    folded: Mapping[str, int] = NO_FOLDED
    #: providers grouped into a force node
    members: int = 0


class DisplayEdge(NamedTuple):
    """One drawn edge: one fact, or several facts between the same two nodes merged.

    ``props`` are the properties the card shows as the edge's own (for merged facts:
    the ones they all share); ``rows`` the properties of each fact when parallel facts
    of the graph were merged into this edge (folded edges only count their facts).
    """

    src: str
    dst: str
    type: str
    props: Mapping[str, Any]
    facts: int = 1
    amount: float | None = None
    years: frozenset[int] = frozenset()
    confidences: frozenset[str] = frozenset()
    rows: list[Mapping[str, Any]] | None = None


#: (source key, target key, type) -> the graph's property dicts of those facts
FactGroups = dict[tuple[str, str, str], list[Mapping[str, Any]]]
