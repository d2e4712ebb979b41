"""The small interface both stores implement, and the values their queries return."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import schema
from ._plan import NodeBatch, RelBatch, plan
from .dialect import Dialect

if TYPE_CHECKING:
    import networkx as nx

    from ..validate import Dataset

Progress = Callable[[int], None]  # called with the number of rows just written
BATCH = 1000


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
class Path:
    """A path returned by a query: alternating nodes and relationships."""

    nodes: tuple[Node, ...]
    rels: tuple[Rel, ...]


@dataclass
class QueryResult:
    """Columns and rows of a query, with plain Python values (and Node/Rel/Path)."""

    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]


@dataclass
class LoadSummary:
    """What a load did: rows written per batch kind, the store's counts after, time taken."""

    store: str
    rows_written: int
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    forces: dict[str, int] = field(default_factory=dict)  # providers per force
    seconds: float = 0.0


class Store(ABC):
    """A graph store: Neo4j (server) or Ladybug (embedded)."""

    dialect: Dialect
    location: str

    # -- to implement ----------------------------------------------------------
    @abstractmethod
    def _write_all(
        self,
        nodes: list[NodeBatch],
        rels: list[RelBatch],
        *,
        replace: bool,
        progress: Progress | None,
    ) -> int:
        """Write every batch; all or nothing where the store allows. Return rows written."""

    @abstractmethod
    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        timeout: float | None = None,
    ) -> QueryResult:
        """Run one Neo4j-Cypher statement and return its rows (refusing writes unless ``write``).

        ``timeout`` (seconds) stops a statement that runs longer, with a ``QueryError``.
        """

    @abstractmethod
    def close(self) -> None: ...

    # -- shared ----------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def load(
        self, ds: Dataset, *, replace: bool = False, progress: Progress | None = None
    ) -> LoadSummary:
        """Upsert a validated dataset (``replace=True`` first empties the store's graph).

        Loads are idempotent: loading the same dataset twice gives the same graph.
        """
        start = time.perf_counter()
        nodes, rels = plan(ds)
        written = self._write_all(nodes, rels, replace=replace, progress=progress)
        counts = self.counts()
        return LoadSummary(
            store=self.location,
            rows_written=written,
            nodes=counts["nodes"],
            relationships=counts["relationships"],
            forces=self.providers_by_force(),
            seconds=time.perf_counter() - start,
        )

    def _scalar(self, cypher: str) -> int:
        res = self.query(cypher)
        return int(res.rows[0][0]) if res.rows else 0

    def counts(self) -> dict[str, dict[str, int]]:
        """Number of nodes per label and relationships per type."""
        nodes = {lb: self._scalar(self.dialect.count_nodes(lb)) for lb in schema.NODE_LABELS}
        rels = {rt: self._scalar(self.dialect.count_rels(rt)) for rt in schema.REL_TYPES}
        return {"nodes": nodes, "relationships": rels}

    def providers_by_force(self) -> dict[str, int]:
        """Number of providers of each of the five forces (0 where none)."""
        res = self.query("MATCH (p:Provider) RETURN p.force AS force, count(p) AS n ORDER BY force")
        found = {str(f): int(n) for f, n in res.rows}
        return {f: found.get(f, 0) for f in schema.FORCES}

    def export_graph(self, *, labels: tuple[str, ...] | None = None) -> nx.MultiDiGraph:
        """Read the graph (or the part with ``labels``) into a NetworkX ``MultiDiGraph``.

        Node keys are ``"Label:id"``; every node has ``label`` and its properties;
        every edge has attribute ``type`` and its properties, and a key that tells
        parallel edges apart: the type, then the values of its key properties
        (``"FUNDS|2024"``, ``"EXCHANGED_CADRES|2024|to_county"``, ``"PAIRED_WITH"``).
        """
        import networkx as nx

        from .dialect import clean_props

        wanted = set(labels or schema.NODE_LABELS)
        G = nx.MultiDiGraph()
        for label in schema.NODE_LABELS:
            if label not in wanted:
                continue
            for nid, props in self.query(self.dialect.export_nodes(label)).rows:
                G.add_node(f"{label}:{nid}", **clean_props(props), label=label)
        for rt in schema.REL_TYPES.values():
            for a, b in rt.pairs:
                if a not in wanted or b not in wanted:
                    continue
                res = self.query(self.dialect.export_rels(rt.name, a, b))
                for src, dst, p in res.rows:
                    props = clean_props(p)
                    G.add_edge(
                        f"{a}:{src}", f"{b}:{dst}", rt.edge_key(props), **props, type=rt.name
                    )
        return G
