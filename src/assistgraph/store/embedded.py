"""The embedded store: LadybugDB (``ladybug`` on PyPI), in-process, one file."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from ..errors import EmptyStoreError, QueryError, StoreBusyError, StoreError, WriteRefused
from ._plan import NodeBatch, RelBatch, chunks
from .base import BATCH, Node, Progress, QueryResult, Rel, Store
from .base import Path as GPath
from .dialect import LADYBUG, clean_props, plain, rewrite_for_embedded


def _convert(value: Any) -> Any:
    """Ladybug result values → plain values and Node/Rel/Path."""
    if isinstance(value, dict):
        if "_NODES" in value and "_RELS" in value:
            return GPath(
                tuple(_convert(n) for n in value["_NODES"]),
                tuple(_convert(r) for r in value["_RELS"]),
            )
        if "_SRC" in value and "_LABEL" in value:
            return Rel(value["_LABEL"], clean_props(value))
        if "_ID" in value and "_LABEL" in value:
            return Node(value["_LABEL"], clean_props(value))
        return {k: _convert(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert(v) for v in value]
    return plain(value)


class EmbeddedStore(Store):
    """A Ladybug database file.

    Opened read-only unless ``write=True``; a second writer gets
    :class:`~assistgraph.errors.StoreBusyError`. A load runs in one transaction:
    if it fails (or the process dies), the previous graph stays as it was.
    """

    dialect = LADYBUG

    def __init__(self, path: str | Path, *, write: bool = False) -> None:
        import ladybug

        self.path = Path(path).expanduser()
        self.location = str(self.path)
        self.write = write
        if not write and not self.path.exists():
            msg = f"no graph at {self.path}; run 'assistgraph load DIR' first"
            raise EmptyStoreError(msg)
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ladybug.Database(str(self.path), read_only=not write)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as e:
            if "lock" in str(e).lower():
                msg = (
                    f"store is busy: another process is writing to {self.path}; "
                    "wait for it to finish and try again"
                )
                raise StoreBusyError(msg) from e
            msg = f"cannot open the embedded store {self.path}: {e}"
            raise StoreError(msg) from e

    def close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        if conn is not None:
            conn.close()
            self._conn = None
        if db is not None:
            db.close()
            self._db = None

    def _exec(self, cypher: str, params: dict[str, Any] | None = None) -> Any:
        return self._conn.execute(cypher, params or {})

    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        timeout: float | None = None,
    ) -> QueryResult:
        if write and not self.write:
            msg = "the store was opened read-only"
            raise WriteRefused(msg)
        statement = rewrite_for_embedded(cypher)  # Neo4j Cypher in, Ladybug Cypher out
        try:
            # 0 turns the timeout off again
            self._conn.set_query_timeout(round(timeout * 1000) if timeout else 0)
            res = self._exec(statement, params)
        except RuntimeError as e:
            text = str(e)
            if timeout and text.strip().rstrip(".") == "Interrupted":
                msg = f"the query timed out after {timeout:g} s (--timeout)"
                raise QueryError(msg) from e
            if "read-only" in text:
                msg = "this statement writes; add --write to allow writes"
                raise WriteRefused(msg) from e
            if "Table" in text and "does not exist" in text:
                msg = f"no graph at {self.path}; run 'assistgraph load DIR' first ({text})"
                raise EmptyStoreError(msg) from e
            raise QueryError(text.strip()) from e
        if isinstance(res, list):  # several statements: keep the last result
            res = res[-1]
        columns = list(res.get_column_names())
        rows = []
        while res.has_next():
            rows.append([_convert(v) for v in res.get_next()])
        return QueryResult(columns, rows)

    def _write_all(
        self,
        nodes: list[NodeBatch],
        rels: list[RelBatch],
        *,
        replace: bool,
        progress: Progress | None,
    ) -> int:
        if not self.write:
            msg = "the store was opened read-only"
            raise WriteRefused(msg)
        extra_node = {b.label: {p: t for p, t in b.props.items() if t == "str"} for b in nodes}
        extra_rel: dict[str, dict[str, str]] = {}
        for b in rels:
            extra_rel.setdefault(b.type, {}).update(b.props)
        for stmt in self.dialect.schema_statements(extra_node, extra_rel):
            self._exec(stmt)
        written = 0
        self._exec("BEGIN TRANSACTION")
        try:
            if replace:
                for label in reversed([b.label for b in nodes]):
                    self._exec(self.dialect.delete_label(label, BATCH))
            for nb in nodes:
                q = self.dialect.merge_nodes(nb.label, nb.props)
                for part in chunks(nb.rows, BATCH):
                    self._exec(q, {"rows": part})
                    written += len(part)
                    if progress:
                        progress(len(part))
            for rb in rels:
                q = self.dialect.merge_rels(
                    rb.type, rb.from_label, rb.to_label, rb.key_props, rb.props
                )
                for part in chunks(rb.rows, BATCH):
                    self._exec(q, {"rows": part})
                    written += len(part)
                    if progress:
                        progress(len(part))
            self._exec("COMMIT")
        except BaseException as e:
            # Ladybug has already rolled back if a statement failed
            with contextlib.suppress(RuntimeError):
                self._exec("ROLLBACK")
            if isinstance(e, RuntimeError):
                msg = f"load failed and was rolled back; the store is unchanged: {e}"
                raise StoreError(msg) from e
            raise
        return written
