"""The Neo4j store: a real server through the official ``neo4j`` driver (Bolt)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import schema
from ..errors import ConnectionFailed, QueryError, QueryTimeout, StoreError, WriteRefused
from ..i18n import _
from ..settings import redact
from ..values import GraphPath, Node, Rel, plain
from ._plan import NodeBatch, RelBatch, chunks, unique_rels
from .base import Progress, QueryResult, Store
from .dialect import NEO4J, quote
from .readonly import ensure_read_only

if TYPE_CHECKING:
    from collections.abc import Sequence

    import neo4j as neo4j_driver

    from ..settings import Settings


__all__ = [
    "BATCH",
    "GDS_ALGORITHMS",
    "Neo4jStore",
    "server_warnings",
]

#: Graph Data Science algorithms ``gds_stream`` may call: name -> (procedure, the
#: columns it yields: node id(s) first, then the value)
GDS_ALGORITHMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "betweenness": ("gds.betweenness.stream", ("nodeId", "score")),
    "leiden": ("gds.leiden.stream", ("nodeId", "communityId")),
    "similarity": ("gds.nodeSimilarity.stream", ("node1", "node2", "similarity")),
}


_UNKNOWN = object()


def server_warnings(summary: Any) -> list[str]:
    """The server's warnings about a statement, one short line each, without repeats.

    ``The label `NoSuchLabel` does not exist. Verify …`` becomes
    ``label NoSuchLabel does not exist`` (the driver's own log of them is silenced
    by the CLI: it prints each as a 600-character object dump).

    >>> class S: gql_status_objects = [type("N", (), {"is_notification": True,
    ...     "severity": "WARNING", "status_description": "warn: label does not exist. "
    ...     "The label `X` does not exist. Verify that the spelling is correct."})()]
    >>> server_warnings(S())
    ['label X does not exist']
    """
    out: list[str] = []
    for st in getattr(summary, "gql_status_objects", None) or []:
        if not getattr(st, "is_notification", False):
            continue
        if str(getattr(st, "severity", "")).upper().rsplit(".", 1)[-1] != "WARNING":
            continue
        text = str(getattr(st, "status_description", "") or "")
        parts = [p.strip() for p in text.split(". ") if p.strip()]
        line = parts[1] if len(parts) > 1 and parts[0].lower().startswith("warn") else text
        line = line.replace("`", "").rstrip(".")
        if line[:4] == "The ":
            line = line[4:]
        if line and line not in out:
            out.append(line)
    return out


def _convert(value: Any) -> Any:
    from neo4j import graph, time

    if isinstance(value, graph.Node):
        return Node(next(iter(sorted(value.labels)), ""), dict(value.items()))
    if isinstance(value, graph.Relationship):
        src = value.start_node.get("id") if value.start_node is not None else None
        dst = value.end_node.get("id") if value.end_node is not None else None
        return Rel(value.type, dict(value.items()), src, dst)
    if isinstance(value, graph.Path):
        return GraphPath(
            tuple(_convert(n) for n in value.nodes),
            tuple(_convert(r) for r in value.relationships),
        )
    if isinstance(value, time.Date | time.DateTime | time.Time):
        return value.iso_format()
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    return plain(value)


#: Rows per write transaction. Larger batches mean fewer round trips; 10,000 rows
#: of this schema stay well within a default transaction's memory.
BATCH = 10_000


class _Rows(list):  # type: ignore[type-arg]
    """A batch of rows sent as ``$rows``, with a short ``repr``.

    The driver formats every RUN message for its debug log, parameters included,
    whether or not debug logging is on (``" ".join(map(repr, fields))`` in
    ``Bolt5x0.run``, driver 6.4): the ``repr`` of 10,000 rows took 17 % of the
    client's time in a province load. A list to the driver's packer; in a debug
    log, only the number of rows (no values).
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _fix(settings: Settings) -> str:
    return _(
        "check that the server is running and that NEO4J_URI (or --store), "
        "NEO4J_USERNAME, NEO4J_PASSWORD and NEO4J_DATABASE are right"
    )


class Neo4jStore(Store):
    """A database on a Neo4j server.

    The driver may be injected (``driver=``); otherwise one is created from
    ``settings`` and closed with the store.
    """

    dialect = NEO4J

    def __init__(
        self,
        settings: Settings,
        *,
        driver: neo4j_driver.Driver | None = None,
        write: bool = False,
    ) -> None:
        import neo4j
        from neo4j import exceptions as neo4j_exc

        self.settings = settings
        self._gds: Any = _UNKNOWN
        self.location = settings.store
        self.database = settings.database
        self.write = write
        self._own_driver = driver is None
        try:
            self._driver = driver or neo4j.GraphDatabase.driver(
                settings.store,
                auth=(settings.username, settings.password or ""),
                user_agent="assistgraph",
                connection_timeout=15.0,
                max_transaction_retry_time=15.0,  # retries on transient errors, then give up
            )
            self._driver.verify_connectivity()
            self._driver.execute_query("RETURN 1", database_=self.database)
        except neo4j_exc.AuthError as e:
            self.close()
            msg = _(
                "Neo4j at {store} refused the credentials of user {user}; "
                "set NEO4J_USERNAME and NEO4J_PASSWORD",
                store=settings.store,
                user=repr(settings.username),
            )
            raise ConnectionFailed(msg) from e
        except (neo4j_exc.ServiceUnavailable, OSError) as e:
            self.close()
            msg = _(
                "cannot reach Neo4j at {store}: {fix}", store=settings.store, fix=_fix(settings)
            )
            raise ConnectionFailed(msg) from e
        except neo4j_exc.ClientError as e:
            self.close()
            if "DatabaseNotFound" in (e.code or ""):
                msg = _(
                    "Neo4j at {store} has no database {database}; "
                    "set NEO4J_DATABASE to an existing database (Community has only 'neo4j')",
                    store=settings.store,
                    database=repr(self.database),
                )
                raise ConnectionFailed(msg) from e
            msg = _("Neo4j at {store}: {why}", store=settings.store, why=e.message)
            raise ConnectionFailed(msg) from e
        except (neo4j_exc.ConfigurationError, ValueError) as e:  # malformed URI
            self.close()
            msg = _(
                "bad Neo4j URI {uri}: {why}", uri=repr(redact(settings.store)), why=type(e).__name__
            )
            raise ConnectionFailed(msg) from e

    def close(self) -> None:
        drv = getattr(self, "_driver", None)
        if drv is not None and self._own_driver:
            drv.close()
        self._driver = None

    def _session(self, *, write: bool) -> Any:
        import neo4j

        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    def query_type(self, cypher: str, params: dict[str, Any] | None = None) -> str:
        """The server's plan summary ``query_type`` of a statement (``r``, ``rw``, ``w``, ``s``)."""
        with self._session(write=False) as s:
            summary = s.run(f"EXPLAIN {cypher}", params or {}).consume()
        return str(summary.query_type)

    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        timeout: float | None = None,
    ) -> QueryResult:
        from neo4j import exceptions as neo4j_exc
        from neo4j import unit_of_work

        params = params or {}
        try:
            if not write:
                ensure_read_only(cypher)  # LOAD CSV, writing procedures, IN TRANSACTIONS
                kind = self.query_type(cypher, params)
                if kind != "r":
                    msg = _("this statement is not read-only (query type {kind!r})", kind=kind)
                    raise WriteRefused(msg)

            @unit_of_work(timeout=timeout)  # a server-side transaction timeout
            def work(tx: Any) -> QueryResult:
                result = tx.run(cypher, params)
                cols = list(result.keys())
                rows = [[_convert(v) for v in rec.values()] for rec in result]
                return QueryResult(cols, rows, server_warnings(result.consume()))

            with self._session(write=write) as s:
                if write:
                    return s.execute_write(work)  # type: ignore[no-any-return]
                return s.execute_read(work)  # type: ignore[no-any-return]
        except neo4j_exc.Neo4jError as e:
            if timeout and "TransactionTimedOut" in (e.code or ""):
                msg = _("the query timed out after {timeout:g} s", timeout=timeout)
                raise QueryTimeout(msg) from e
            raise QueryError(e.message or str(e)) from e
        except neo4j_exc.ServiceUnavailable as e:
            msg = _("lost the connection to Neo4j at {store}: {why}", store=self.location, why=e)
            raise ConnectionFailed(msg) from e

    def gds_version(self) -> str | None:
        if self._gds is _UNKNOWN:  # asked once per store: every gds_stream checks it
            self._gds = self._ask_gds_version()
        return self._gds

    def _ask_gds_version(self) -> str | None:
        recs, _, _ = self._driver.execute_query(
            "SHOW PROCEDURES YIELD name WHERE name = 'gds.version' RETURN name",
            database_=self.database,
            routing_="r",
        )
        if not recs:
            return None
        recs, _, _ = self._driver.execute_query(
            "CALL gds.version() YIELD gdsVersion RETURN gdsVersion",
            database_=self.database,
            routing_="r",
        )
        return str(recs[0]["gdsVersion"]) if recs else None

    def gds_stream(
        self,
        algorithm: str,
        edges: Sequence[tuple[int, int]],
        *,
        weights: Sequence[float] | None = None,
        directed: bool = False,
        config: dict[str, Any] | None = None,
    ) -> dict[Any, Any]:
        """Run a Graph Data Science algorithm on a graph sent from here.

        The graph (``edges`` between integer node ids, optional ``weights``) is
        projected into the GDS catalog under a fresh name with a Cypher aggregation
        over ``UNWIND $rows`` (values as parameters), streamed, and dropped again,
        all in one session on the cluster's leader (the catalog lives on one server).

        Parameters
        ----------
        algorithm : {"betweenness", "leiden", "similarity"}
            ``gds.betweenness.stream``, ``gds.leiden.stream`` or
            ``gds.nodeSimilarity.stream``; names come from this allowlist only.
        directed : bool
            Project the edges as given (default: undirected).
        config : dict, optional
            The algorithm's configuration (passed as a parameter).

        Returns
        -------
        dict
            node id (``similarity``: (node1, node2)) -> the algorithm's value.
        """
        import uuid

        from neo4j import exceptions as neo4j_exc

        proc, columns = GDS_ALGORITHMS[algorithm]
        self.require_gds()
        name = f"assistgraph-{uuid.uuid4().hex}"
        rows = [
            [a, b, 1.0 if weights is None else float(weights[i])] for i, (a, b) in enumerate(edges)
        ]
        undirected = "" if directed else ", {undirectedRelationshipTypes: ['*']}"
        project = (
            "UNWIND $rows AS r WITH r[0] AS s, r[1] AS t, r[2] AS w "
            "RETURN gds.graph.project($name, s, t, {relationshipProperties: {weight: w}}"
            f"{undirected}).nodeCount AS nodes"
        )
        cols = ", ".join(columns)
        stream = f"CALL {proc}($name, $config) YIELD {cols} RETURN {cols}"
        try:
            with self._session(write=True) as s:
                s.run(project, rows=_Rows(rows), name=name).consume()
                try:
                    result = s.run(stream, name=name, config=config or {})
                    if len(columns) == 2:
                        return {rec[0]: rec[1] for rec in result}
                    return {(rec[0], rec[1]): rec[2] for rec in result}
                finally:
                    s.run(
                        "CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName",
                        name=name,
                    ).consume()
        except neo4j_exc.ClientError as e:
            msg = _(
                "Graph Data Science ({proc}) failed on {store}: {why}",
                proc=proc,
                store=self.location,
                why=e.message,
            )
            raise QueryError(msg) from e
        except neo4j_exc.ServiceUnavailable as e:
            msg = _("lost the connection to Neo4j at {store}: {why}", store=self.location, why=e)
            raise ConnectionFailed(msg) from e

    def _export_rows(self, cypher: str, *, bulk: bool = False) -> list[list[Any]]:
        from neo4j import exceptions as neo4j_exc

        if bulk:
            batched = self.dialect.export_batched(cypher)  # export statements: bulk records

            def work(tx: Any) -> list[list[Any]]:
                return [row for (part,) in tx.run(batched).values() for row in part]
        else:

            def work(tx: Any) -> list[list[Any]]:
                return tx.run(cypher).values()  # type: ignore[no-any-return]

        try:
            with self._session(write=False) as s:  # a read session: routed to a reader
                return s.execute_read(work)  # type: ignore[no-any-return]
        except (neo4j_exc.Neo4jError, neo4j_exc.ServiceUnavailable):
            return self.query(cypher).rows  # the same error, as query() reports it

    def _run_batches(self, q: str, rows: list[dict[str, Any]], progress: Progress | None) -> int:
        n = 0
        with self._session(write=True) as s:
            for part in map(_Rows, chunks(rows, BATCH)):
                s.execute_write(lambda tx, p=part: tx.run(q, rows=p).consume())
                n += len(part)
                if progress:
                    progress(len(part))
        return n

    def _graph_is_empty(self) -> bool:
        """True if the database holds no node of the programme graph (bookkeeping aside)."""
        recs, _, _ = self._driver.execute_query(
            " UNION ALL ".join(
                f"MATCH (n:{quote(lb)}) RETURN 1 AS x LIMIT 1" for lb in schema.NODE_LABELS
            ),
            database_=self.database,
        )
        return not recs

    def _write_all(
        self,
        nodes: list[NodeBatch],
        rels: list[RelBatch],
        *,
        replace: bool,
        progress: Progress | None,
    ) -> int:
        from neo4j import exceptions as neo4j_exc

        if not self.write:
            msg = _("the store was opened read-only")
            raise WriteRefused(msg)
        try:
            for stmt in self.dialect.schema_statements():
                self._driver.execute_query(stmt, database_=self.database)
            if replace:  # relationships first, then the nodes, each in bounded batches
                deletes = [self.dialect.delete_rel_type(t, 50_000) for t in schema.REL_TYPES]
                deletes += [self.dialect.delete_label(b.label, 10_000) for b in nodes]
                for q in deletes:
                    while True:
                        recs, _s, _k = self._driver.execute_query(q, database_=self.database)
                        if not recs or recs[0]["deleted"] == 0:
                            break
            # an empty (or just emptied) graph has nothing to find: CREATE, not MERGE
            fresh = replace or self._graph_is_empty()
            written = 0
            for nb in nodes:
                if fresh:  # ids are unique (the last row wins, as with MERGE … SET)
                    rows = list({r["id"]: r for r in nb.rows}.values())
                    self._run_batches(self.dialect.create_nodes(nb.label, nb.props), rows, None)
                    written += len(nb.rows)
                    if progress:
                        progress(len(nb.rows))
                    continue
                written += self._run_batches(
                    self.dialect.merge_nodes(nb.label, nb.props), nb.rows, progress
                )
            for rb in rels:
                if fresh:
                    q = self.dialect.create_rels(rb.type, rb.from_label, rb.to_label, rb.props)
                    self._run_batches(q, unique_rels(rb), None)
                    written += len(rb.rows)
                    if progress:
                        progress(len(rb.rows))
                    continue
                q = self.dialect.merge_rels(
                    rb.type, rb.from_label, rb.to_label, rb.key_props, rb.props
                )
                written += self._run_batches(q, rb.rows, progress)
            return written
        except neo4j_exc.ServiceUnavailable as e:
            msg = _(
                "lost the connection to Neo4j at {store} during the load; "
                "restart the server and run the same load again (loads are idempotent)",
                store=self.location,
            )
            raise ConnectionFailed(msg) from e
        except neo4j_exc.Neo4jError as e:
            msg = _("Neo4j refused the load: {why}", why=e.message)
            raise StoreError(msg) from e
