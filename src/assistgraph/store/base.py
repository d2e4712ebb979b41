"""The small interface both stores implement, and the values their queries return."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import schema
from ..errors import ConnectionFailed, GdsUnavailable, QueryError, StoreError
from ..i18n import _
from ._plan import NodeBatch, RelBatch, plan
from .dialect import Dialect

__all__ = ["BATCH", "ExportPart", "LoadSummary", "Progress", "QueryResult", "Store"]

#: One part of an export: ("node", label, rows) or ("rel", type, (src_label, dst_label), rows).
ExportPart = tuple[Any, ...]

if TYPE_CHECKING:
    import networkx as nx

    from ..validate import Dataset

Progress = Callable[[int], None]  # called with the number of rows just written
BATCH = 1000


@dataclass
class QueryResult:
    """Columns and rows of a query, with plain Python values (and Node/Rel/GraphPath)."""

    columns: list[str]
    rows: list[list[Any]]
    #: what the server (or the translator) warned about, one line each
    warnings: list[str] = field(default_factory=list)

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


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


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
        run_id = self._begin_load_run(ds, replace=replace)
        try:
            written = self._write_all(nodes, rels, replace=replace, progress=progress)
        except ConnectionFailed:
            raise  # the server is gone: the run stays 'running', visibly interrupted
        except BaseException:
            with contextlib.suppress(Exception):
                self._end_load_run(run_id, "failed", 0)
            raise
        self._end_load_run(run_id, "completed", written)
        counts = self.counts()
        return LoadSummary(
            store=self.location,
            rows_written=written,
            nodes=counts["nodes"],
            relationships=counts["relationships"],
            seconds=time.perf_counter() - start,
        )

    def _begin_load_run(self, ds: Dataset, *, replace: bool) -> str:
        """Record a load as ``running`` (committed at once, so a killed load stays visible)."""
        for stmt in self.dialect.load_run_schema():
            self.query(stmt, write=True)
        run_id = f"{utc_now()}-{uuid.uuid4().hex[:8]}"
        params = {"id": run_id, "dataset": ds.path, "started": utc_now(), "replace": replace}
        self.query(self.dialect.begin_load_run(), params, write=True)
        return run_id

    def _end_load_run(self, run_id: str, status: str, rows: int) -> None:
        params = {"id": run_id, "status": status, "finished": utc_now(), "rows": rows}
        self.query(self.dialect.end_load_run(), params, write=True)

    def load_runs(self, *, limit: int = 10) -> QueryResult:
        """The latest loads, newest first: ``running`` ones were interrupted or are under way."""
        try:
            return self.query(self.dialect.list_load_runs(), {"limit": limit})
        except QueryError:  # no load has been recorded in this store yet
            return QueryResult(["id", "dataset", "started", "finished", "status", "rows"], [])

    def identity(self) -> str:
        """Which store this is (kind, location, database), for caches keyed by store."""
        return f"{type(self).__name__}|{self.location}|{getattr(self, 'database', None) or ''}"

    def state_key(self) -> str | None:
        """A text that changes whenever a load changes the graph; None if no load is recorded.

        The newest load run (id, status, end) and the node and relationship counts;
        stores add what else they can see (the embedded file's size and time).
        """
        runs = self.load_runs(limit=1)
        if not runs.rows:
            return None
        counts = self.counts()
        sizes = [*counts["nodes"].values(), *counts["relationships"].values()]
        return "|".join(str(v) for v in [*runs.rows[0], *sizes])

    def _scalar(self, cypher: str) -> int:
        res = self.query(cypher)
        return int(res.rows[0][0]) if res.rows else 0

    def counts(self) -> dict[str, dict[str, int]]:
        """Number of nodes per label and relationships per type."""
        found = {(k, name): int(n) for k, name, n in self._export_rows(self.dialect.count_all())}
        nodes = {lb: found.get(("node", lb), 0) for lb in schema.NODE_LABELS}
        rels = {rt: found.get(("rel", rt), 0) for rt in schema.REL_TYPES}
        return {"nodes": nodes, "relationships": rels}

    def export_rows(
        self,
        *,
        labels: tuple[str, ...] | None = None,
        rel_types: tuple[str, ...] | None = None,
    ) -> Iterator[ExportPart]:
        """The graph as rows, one part per label and per relationship type and endpoints.

        Yields ``("node", label, rows)`` with rows ``[id, props]`` and
        ``("rel", type, (src_label, dst_label), rows)`` with rows ``[src_id, dst_id,
        props]``; ``labels`` keeps only those labels (and relationships between them),
        ``rel_types`` only those relationship types. :func:`assistgraph.graph.build_graph`
        turns them into the NetworkX graph the analyses read.
        """
        wanted = set(labels or schema.NODE_LABELS)
        for label in schema.NODE_LABELS:
            if label in wanted:
                yield "node", label, self._export_rows(self.dialect.export_nodes(label), bulk=True)
        for rt in schema.REL_TYPES.values():
            if rel_types is not None and rt.name not in rel_types:
                continue
            for a, b in rt.pairs:
                if a in wanted and b in wanted:
                    rows = self._export_rows(self.dialect.export_rels(rt.name, a, b), bulk=True)
                    yield "rel", rt.name, (a, b), rows

    def export_graph(
        self,
        *,
        labels: tuple[str, ...] | None = None,
        rel_types: tuple[str, ...] | None = None,
    ) -> nx.MultiDiGraph:
        """Read the graph (or a part of it) into a NetworkX ``MultiDiGraph``.

        :func:`assistgraph.graph.build_graph` of :meth:`export_rows`; see there for the
        shape of the graph. Commands go through :func:`assistgraph.jobs.programme_graph`,
        which caches the graph per store state.
        """
        from ..graph import build_graph

        return build_graph(self.export_rows(labels=labels, rel_types=rel_types))

    def gds_version(self) -> str | None:
        """The Graph Data Science library's version on this store, or None if it has none."""
        return None

    def require_gds(self) -> str:
        """The GDS version, or :class:`~assistgraph.errors.GdsUnavailable` saying it is missing."""
        version = self.gds_version()
        if version is None:
            if self.dialect.embedded:
                msg = _(
                    "Graph Data Science is not available on the embedded store; the gds "
                    "engine needs a Neo4j server with the GDS plugin installed"
                )
            else:
                msg = _(
                    "Graph Data Science is not available on this server ({location}: no gds.* "
                    "procedures); the gds engine needs a Neo4j server with the GDS plugin "
                    "installed",
                    location=self.location,
                )
            raise GdsUnavailable(msg)
        return version

    def gds_stream(
        self,
        algorithm: str,
        edges: Sequence[tuple[int, int]],
        *,
        weights: Sequence[float] | None = None,
        directed: bool = False,
        config: dict[str, Any] | None = None,
    ) -> dict[Any, Any]:
        """Run a Graph Data Science algorithm on the server (``Neo4jStore``).

        Here, a store without GDS: :class:`~assistgraph.errors.StoreError` saying so.
        """
        self.require_gds()
        msg = _("{store} cannot run Graph Data Science algorithms", store=type(self).__name__)
        raise StoreError(msg)

    def _export_rows(self, cypher: str, *, bulk: bool = False) -> list[list[Any]]:
        """Rows of one of the dialect's own statements (known to be read-only).

        Stores override this with a lean path (no rewriting, no read-only check,
        no per-value conversion); values are plain, as :func:`_clean` expects.
        ``bulk``: a large result (export), which a store may fetch in bulk records.
        """
        return self.query(cypher).rows
