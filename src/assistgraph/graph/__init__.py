"""The programme graph: built once from a store's rows, indexed once, read by everyone.

* :func:`build_graph` turns a store's export rows into a NetworkX ``MultiDiGraph``
  (frozen: analyses and pages read it, none changes it);
* :func:`facts` indexes a graph into :class:`Facts`, plain lookups by id, cached per
  frozen graph, so one command builds its index once.

This package imports only :mod:`assistgraph.schema` and helpers beneath it: never a
store, an analysis or a renderer.
"""

from __future__ import annotations

from .build import BUILDS, build_graph
from .facts import Facts, adjacency, as_of_date, facts, rel_props, resolve_ids

__all__ = [
    "BUILDS",
    "Facts",
    "adjacency",
    "as_of_date",
    "build_graph",
    "facts",
    "rel_props",
    "resolve_ids",
]
