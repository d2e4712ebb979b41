"""Where the store and the analyses meet, above both.

* :func:`programme_graph` — a store's graph, exported once per store state and cached;
* :class:`GdsEngine` — the analyses' graph algorithms on a Neo4j server's Graph Data
  Science library (``--engine gds``).

``analysis`` and ``render`` never import a store; the CLI composes them through here.
"""

from __future__ import annotations

from .gds import GdsEngine, engine_for
from .graph import CACHE_EVENTS, cache_dir, forget_graphs, programme_graph
from .load import load_dataset, providers_by_force, total_rows

__all__ = [
    "CACHE_EVENTS",
    "GdsEngine",
    "cache_dir",
    "engine_for",
    "forget_graphs",
    "load_dataset",
    "programme_graph",
    "providers_by_force",
    "total_rows",
]
