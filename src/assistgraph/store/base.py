"""The small interface both stores implement, and the values their queries return."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import schema
from ..errors import ConnectionFailed, QueryError, StoreError
from ._plan import NodeBatch, RelBatch, plan
from .dialect import Dialect, plain

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


def _now() -> str:
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
            forces=self.providers_by_force(),
            seconds=time.perf_counter() - start,
        )

    def _begin_load_run(self, ds: Dataset, *, replace: bool) -> str:
        """Record a load as ``running`` (committed at once, so a killed load stays visible)."""
        for stmt in self.dialect.load_run_schema():
            self.query(stmt, write=True)
        run_id = f"{_now()}-{uuid.uuid4().hex[:8]}"
        params = {"id": run_id, "dataset": ds.path, "started": _now(), "replace": replace}
        self.query(self.dialect.begin_load_run(), params, write=True)
        return run_id

    def _end_load_run(self, run_id: str, status: str, rows: int) -> None:
        params = {"id": run_id, "status": status, "finished": _now(), "rows": rows}
        self.query(self.dialect.end_load_run(), params, write=True)

    def load_runs(self, *, limit: int = 10) -> QueryResult:
        """The latest loads, newest first: ``running`` ones were interrupted or are under way."""
        try:
            return self.query(self.dialect.list_load_runs(), {"limit": limit})
        except QueryError:  # no load has been recorded in this store yet
            return QueryResult(["id", "dataset", "started", "finished", "status", "rows"], [])

    def _scalar(self, cypher: str) -> int:
        res = self.query(cypher)
        return int(res.rows[0][0]) if res.rows else 0

    def counts(self) -> dict[str, dict[str, int]]:
        """Number of nodes per label and relationships per type."""
        found = {(k, name): int(n) for k, name, n in self._export_rows(self.dialect.count_all())}
        nodes = {lb: found.get(("node", lb), 0) for lb in schema.NODE_LABELS}
        rels = {rt: found.get(("rel", rt), 0) for rt in schema.REL_TYPES}
        return {"nodes": nodes, "relationships": rels}

    def providers_by_force(self) -> dict[str, int]:
        """Number of providers of each of the five forces (0 where none)."""
        res = self.query("MATCH (p:Provider) RETURN p.force AS force, count(p) AS n ORDER BY force")
        found = {str(f): int(n) for f, n in res.rows}
        return {f: found.get(f, 0) for f in schema.FORCES}

    def export_graph(
        self,
        *,
        labels: tuple[str, ...] | None = None,
        rel_types: tuple[str, ...] | None = None,
    ) -> nx.MultiDiGraph:
        """Read the graph (or the part with ``labels``) into a NetworkX ``MultiDiGraph``.

        ``rel_types`` keeps only relationships of these types (default: all): an
        analysis that never reads ``FUNDS`` (``chains``) need not carry a million of them.

        Node keys are ``"Label:id"``; every node has ``label`` and its properties;
        every edge has attribute ``type`` and its properties, and a key that tells
        parallel edges apart: the type, then the values of its key properties
        (``"FUNDS|2024"``, ``"EXCHANGED_CADRES|2024|to_county"``, ``"PAIRED_WITH"``).
        """
        with gc_paused():  # millions of acyclic dicts: cyclic GC passes only cost time
            return self._export_graph(labels, rel_types)

    def _export_graph(
        self, labels: tuple[str, ...] | None, rel_types: tuple[str, ...] | None
    ) -> nx.MultiDiGraph:
        import networkx as nx

        wanted = set(labels or schema.NODE_LABELS)
        share: dict[str, str] = {}  # one object per distinct text (see _clean)
        one = share.setdefault
        G = nx.MultiDiGraph()
        for label in schema.NODE_LABELS:
            if label not in wanted:
                continue
            nodes = []
            for nid, props in self._export_rows(self.dialect.export_nodes(label), bulk=True):
                key = f"{label}:{nid}"
                nodes.append((one(key, key), {**_clean(props, share), "label": label}))
            G.add_nodes_from(nodes)
        for rt in schema.REL_TYPES.values():
            if rel_types is not None and rt.name not in rel_types:
                continue
            name, key_props = rt.name, rt.key_props
            for a, b in rt.pairs:
                if a not in wanted or b not in wanted:
                    continue
                edges = []
                for src, dst, p in self._export_rows(
                    self.dialect.export_rels(name, a, b), bulk=True
                ):
                    props = _clean(p, share)
                    key = (
                        "|".join([name, *(str(props.get(k)) for k in key_props)])
                        if key_props
                        else name
                    )  # = rt.edge_key(props), inlined: this loop runs once per edge
                    props["type"] = name
                    u, v = f"{a}:{src}", f"{b}:{dst}"
                    edges.append((one(u, u), one(v, v), key, props))  # the nodes' own keys
                G.add_edges_from(edges)
        return G

    def gds_version(self) -> str | None:
        """The Graph Data Science library's version on this store, or None if it has none."""
        return None

    def require_gds(self) -> str:
        """The GDS version, or :class:`~assistgraph.errors.StoreError` saying it is missing."""
        version = self.gds_version()
        if version is None:
            where = (
                "the embedded store"
                if self.dialect.embedded
                else f"this server ({self.location}: no gds.* procedures)"
            )
            msg = (
                f"Graph Data Science is not available on {where}; "
                "--engine gds needs a Neo4j server with the GDS plugin installed. "
                "Run without --engine gds to use NetworkX (the default)"
            )
            raise StoreError(msg)
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
        msg = f"{type(self).__name__} cannot run Graph Data Science algorithms"
        raise StoreError(msg)

    def _export_rows(self, cypher: str, *, bulk: bool = False) -> list[list[Any]]:
        """Rows of one of the dialect's own statements (known to be read-only).

        Stores override this with a lean path (no rewriting, no read-only check,
        no per-value conversion); values are plain, as :func:`_clean` expects.
        ``bulk``: a large result (export), which a store may fetch in bulk records.
        """
        return self.query(cypher).rows


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building large acyclic structures.

    Building a national graph creates millions of dicts and tuples; each full
    collection walks all of them again (≈ 40 % of the export's time, measured).
    Reference counting still frees everything; the previous GC state is restored.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _clean(props: dict[str, Any] | None, share: dict[str, str]) -> dict[str, Any]:
    """Properties without ``None`` padding and internal keys (``_ID`` …); Decimal → number.

    Property names and text values go through ``share`` (one per export), so that
    equal texts are one object: drivers decode a new string for every name and value
    of every row, and a national export repeats a few hundred sources, confidences
    and names of properties over a million relationships (less memory, and the
    dict lookups of every analysis compare them by identity).
    """
    one = share.setdefault
    out = {
        one(k, k): one(v, v) if type(v) is str else v
        for k, v in (props or {}).items()
        if v is not None and k[0] != "_"
    }
    for k, v in out.items():
        if type(v) not in _PLAIN:
            out[k] = plain(v)
    return out


_PLAIN = frozenset({str, int, float, bool})
