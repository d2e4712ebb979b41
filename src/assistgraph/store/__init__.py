"""Two stores behind one small interface: Neo4j (server) and Ladybug (embedded)."""

from __future__ import annotations

from ..settings import Settings
from ..values import GraphPath, Node, Rel
from .base import LoadSummary, QueryResult, Store

__all__ = [
    "GraphPath",
    "LoadSummary",
    "Node",
    "QueryResult",
    "Rel",
    "Store",
    "open_store",
]


def open_store(
    settings: Settings | str | None = None, *, write: bool = False, wait: float = 0
) -> Store:
    """Open the store that ``settings`` names (a :class:`Settings`, a URI or a path).

    ``write=False`` opens it for reading: the embedded store read-only, Neo4j
    with every statement checked to be read-only before it runs. ``wait``: seconds
    a writer waits for another writer of the embedded store to finish before
    :class:`~assistgraph.errors.StoreBusyError` (Neo4j serialises writers itself).
    """
    if not isinstance(settings, Settings):
        settings = Settings.from_env(settings)
    if settings.kind == "neo4j":
        from .neo4j import Neo4jStore

        return Neo4jStore(settings, write=write)
    from .embedded import EmbeddedStore

    return EmbeddedStore(settings.store, write=write, wait=wait)
