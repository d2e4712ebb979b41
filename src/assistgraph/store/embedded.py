"""The embedded store: LadybugDB (``ladybug`` on PyPI), in-process, one file."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import (
    EmptyStoreError,
    QueryError,
    QueryTimeout,
    ResourceLimit,
    StoreBusyError,
    StoreError,
    WriteRefused,
)
from ..i18n import _
from ..settings import Limits
from ..values import GraphPath, Node, Rel, plain
from ._plan import NodeBatch, RelBatch, chunks
from .base import BATCH, Progress, QueryResult, Store, utc_now
from .dialect import LADYBUG, clean_props, quote
from .readonly import ensure_read_only
from .translate import Tables, rewrite_for_embedded, translate

__all__ = [
    "EmbeddedStore",
]


#: Seconds between checks of a running statement, and to wait for it after an interrupt.
_POLL = 0.05
_GRACE = 1.0


def _rss() -> int | None:
    """This process's resident memory in bytes (Linux ``/proc``), or None elsewhere."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _convert(value: Any) -> Any:
    """Ladybug result values → plain values and Node/Rel/GraphPath."""
    if isinstance(value, dict):
        if "_NODES" in value and "_RELS" in value:
            return GraphPath(
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

    def __init__(
        self,
        path: str | Path,
        *,
        write: bool = False,
        limits: Limits | None = None,
        wait: float = 0,
    ) -> None:
        import ladybug

        given = Path(path).expanduser()
        self.location = str(given)
        # a symlinked store is followed: its target is the file read, rebuilt and replaced
        self.path = Path(os.path.realpath(given)) if given.is_symlink() else given
        self.write = write
        self.limits = limits or Limits.from_env()
        self._stuck = False
        self._lock: int | None = None
        self._run_id: str | None = None
        self._committed_run: str | None = None
        self._known_tables: Tables | None = None
        if not write and not self.path.exists():
            msg = _("no graph at {path}; run 'assistgraph load DIR' first", path=self.location)
            raise EmptyStoreError(msg)
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock = _writer_lock(self.path, wait)
        try:
            # read-only (analyses, ad-hoc queries): the engine's memory is bounded
            pool = 0 if write else self.limits.query_memory
            self._db = ladybug.Database(str(self.path), read_only=not write, buffer_pool_size=pool)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as e:
            self._unlock()
            if "lock" in str(e).lower():
                raise StoreBusyError(_busy(self.path)) from e
            msg = _("cannot open the embedded store {path}: {why}", path=self.path, why=e)
            raise StoreError(msg) from e

    def close(self) -> None:
        if getattr(self, "_stuck", False):  # closing would wait for the stuck statement
            return
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        if conn is not None:
            conn.close()
            self._conn = None
        if db is not None:
            db.close()
            self._db = None
        self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    # -- the load record is committed with the data ------------------------------
    def _begin_load_run(self, ds: Any, *, replace: bool) -> str:
        self._run_id = super()._begin_load_run(ds, replace=replace)
        self._committed_run = None
        return self._run_id

    def _end_load_run(self, run_id: str, status: str, rows: int) -> None:
        if run_id == self._committed_run:
            return  # recorded as completed together with the data (see _finish_run)
        super()._end_load_run(run_id, status, rows)

    def _finish_run(self, conn: Any, written: int) -> None:
        """Mark the load run completed on ``conn``, inside the unit that commits the data."""
        if self._run_id is None:
            return
        params = {"id": self._run_id, "status": "completed", "finished": utc_now(), "rows": written}
        conn.execute(self.dialect.end_load_run(), params)

    def state_key(self) -> str | None:
        key = super().state_key()
        if key is None:
            return None
        stamps = []
        for f in (self.path, Path(f"{self.path}.wal")):
            try:
                st = f.stat()
                stamps.append(f"{st.st_size}:{st.st_mtime_ns}")
            except OSError:
                stamps.append("-")
        return f"{key}|{'|'.join(stamps)}"

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
            msg = _("the store was opened read-only")
            raise WriteRefused(msg)
        if not write:
            ensure_read_only(cypher)  # an allowlist: COPY, LOAD, INSTALL … are refused
        # Neo4j Cypher in, Ladybug Cypher out; labels the store lacks match nothing
        tr = translate(cypher, self._tables())
        statement = tr.text
        try:
            res = self._guarded(statement, params, timeout)
        except RuntimeError as e:
            text = str(e)
            if "read-only" in text:
                msg = _("this statement writes")
                raise WriteRefused(msg) from e
            if "buffer pool is full" in text:
                msg = _(
                    "the query needs more memory than the store allows ({mib} MiB)",
                    mib=self.limits.query_memory >> 20,
                )
                raise ResourceLimit(msg) from e
            raise QueryError(text.strip()) from e
        except (ValueError, TypeError, OverflowError) as e:  # parameters the engine cannot take
            msg = _("the parameters cannot be used: {why}", why=e)
            raise QueryError(msg) from e
        finally:
            if write:
                self._known_tables = None  # a write may have created or dropped tables
        if isinstance(res, list):  # several statements: keep the last result
            res = res[-1]
        columns = list(res.get_column_names())
        rows = []
        while res.has_next():
            rows.append([_convert(v) for v in res.get_next()])
        return QueryResult(columns, rows, tr.warnings)

    def _tables(self) -> Tables:
        if self._known_tables is None:
            found = self._conn.execute("CALL show_tables() RETURN name, type").get_all()
            self._known_tables = Tables(
                frozenset(n for n, t in found if t == "NODE"),
                frozenset(n for n, t in found if t == "REL"),
            )
        return self._known_tables

    def _guarded(self, statement: str, params: dict[str, Any] | None, timeout: float | None) -> Any:
        """Run a statement in a worker thread, stopping it on timeout or memory growth.

        The engine is stopped with the connection's ``interrupt()``, which it checks
        between batches of rows. An expression that builds one huge value (``UNWIND
        range(1, 2000000000)``) is never interrupted: after a grace period the error
        is ``fatal`` (the thread cannot be killed; the process must end).
        """
        if self._stuck:
            msg = _("an earlier statement is still running in the engine; start a new process")
            raise QueryError(msg)
        box: dict[str, Any] = {}
        done = threading.Event()

        def work() -> None:
            try:
                box["res"] = self._exec(statement, params)
            except BaseException as e:  # handed to the caller's thread
                box["err"] = e
            finally:
                done.set()

        worker = threading.Thread(target=work, name="assistgraph-query", daemon=True)
        start = time.monotonic()
        base = _rss()
        worker.start()
        why = ""
        timed_out = False
        try:
            while not done.wait(_POLL):
                if timeout and time.monotonic() - start >= timeout:
                    why = _("the query timed out after {timeout:g} s", timeout=timeout)
                    timed_out = True
                elif base is not None and (_rss() or 0) - base > self.limits.query_memory:
                    why = _(
                        "the query used more than {mib} MiB of memory and was stopped",
                        mib=self.limits.query_memory >> 20,
                    )
                if why:
                    break
        except KeyboardInterrupt:
            self._stop(done)
            raise
        if why:
            stopped = self._stop(done)
            cls = QueryTimeout if timed_out else ResourceLimit
            if not stopped:
                msg = _("{why}; the engine did not stop", why=why)
                raise cls(msg, fatal=True)
            if "err" in box:
                raise cls(why) from box["err"]
        if "err" in box:
            raise box["err"]
        return box["res"]

    def _stop(self, done: threading.Event) -> bool:
        """Interrupt the running statement; True if it stopped within the grace period."""
        self._conn.interrupt()
        if done.wait(_GRACE):
            return True
        self._stuck = True
        return False

    def _export_rows(self, cypher: str, *, bulk: bool = False) -> list[list[Any]]:
        try:
            return self._conn.execute(rewrite_for_embedded(cypher)).get_all()  # type: ignore[no-any-return]
        except RuntimeError:
            return self.query(cypher).rows  # the same error, as query() reports it

    def _write_all(
        self,
        nodes: list[NodeBatch],
        rels: list[RelBatch],
        *,
        replace: bool,
        progress: Progress | None,
    ) -> int:
        if not self.write:
            msg = _("the store was opened read-only")
            raise WriteRefused(msg)
        if replace or self._graph_is_empty():
            return self._rebuild(nodes, rels, progress)
        written = 0
        self._exec("BEGIN TRANSACTION")
        try:
            # new columns inside the transaction: a failed load leaves the schema as it was
            for stmt in self.dialect.schema_statements(*_extras(nodes, rels)):
                self._exec(stmt)
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
            self._finish_run(self._conn, written)
            with _sigint_deferred():  # the commit and its record are one step
                self._exec("COMMIT")
                self._committed_run = self._run_id
        except BaseException as e:
            # Ladybug has already rolled back if a statement failed
            with contextlib.suppress(RuntimeError):
                self._exec("ROLLBACK")
            if isinstance(e, RuntimeError):
                msg = _("load failed and was rolled back; the store is unchanged: {why}", why=e)
                raise StoreError(msg) from e
            raise
        return written

    # -- bulk path: build a new file with COPY FROM, then swap it in -----------------
    def _graph_is_empty(self) -> bool:
        """True if the store holds no node of the programme graph (bookkeeping aside)."""
        tables = {r[0] for r in _rows(self._conn, "CALL show_tables() RETURN name")}
        for label in schema.NODE_LABELS:
            if label in tables and _rows(self._conn, self.dialect.count_nodes(label))[0][0]:
                return False
        return True

    def _rebuild(
        self, nodes: list[NodeBatch], rels: list[RelBatch], progress: Progress | None
    ) -> int:
        """Load a fresh or replaced graph: ``COPY FROM`` into a new file, then ``os.replace``.

        The new file is built beside the store (``.NAME.build-PID``) while this
        process still holds the store's lock; tables outside the programme graph
        (load-run bookkeeping) are copied over. Only once the new file is complete
        and closed does it replace the old one, so a failed or killed load leaves the
        previous graph as it was (a killed load may leave the ``.build-PID`` file,
        which the next bulk load removes). ``COPY`` appends, so rows are deduplicated
        first, the last row winning as with ``MERGE … SET``.
        """
        import ladybug

        tmp = self.path.with_name(f".{self.path.name}.build-{os.getpid()}")
        _remove_stale_builds(self.path)
        _remove(tmp)
        db = ladybug.Database(str(tmp))
        conn = ladybug.Connection(db)
        try:
            for stmt in self.dialect.schema_statements(*_extras(nodes, rels)):
                conn.execute(stmt)
            written = self._copy_graph(conn, nodes, rels, progress)
            self._copy_bookkeeping(conn)
            self._finish_run(conn, written)  # the new file says "completed" once it is in place
            conn.close()
            db.close()
        except BaseException as e:
            with contextlib.suppress(Exception):
                conn.close()
                db.close()
            _remove(tmp)
            if isinstance(e, RuntimeError):
                msg = _("load failed and was rolled back; the store is unchanged: {why}", why=e)
                raise StoreError(msg) from e
            raise
        # the engine's lock goes with the old file; the writer lock (.NAME.lock) stays
        # held, so no other writer opens the store until the new file is in place
        with _sigint_deferred():
            lock, self._lock = self._lock, None
            self.close()
            self._lock = lock
            try:
                _remove(Path(f"{self.path}.wal"))  # the old file's (empty) write-ahead log
                os.replace(tmp, self.path)
                self._committed_run = self._run_id
            finally:
                self._db = ladybug.Database(str(self.path))
                self._conn = ladybug.Connection(self._db)
        return written

    def _copy_graph(
        self,
        conn: Any,
        nodes: list[NodeBatch],
        rels: list[RelBatch],
        progress: Progress | None,
    ) -> int:
        import pandas as pd

        written = 0
        ids: dict[str, set[str]] = {}
        for nb in nodes:
            columns = [r[0] for r in _rows(conn, self.dialect.table_columns(nb.label))]
            frame = pd.DataFrame.from_records(nb.rows, columns=columns)
            frame = frame.drop_duplicates(subset="id", keep="last")
            ids[nb.label] = set(frame["id"])
            if len(frame):
                conn.execute(self.dialect.copy_nodes(nb.label))
            written += len(nb.rows)
            if progress:
                progress(len(nb.rows))
            del frame  # never reused: a frame consumed by a failed COPY may crash Ladybug
        for rb in rels:
            props = [r[0] for r in _rows(conn, self.dialect.table_columns(rb.type))]
            frame = pd.DataFrame.from_records(rb.rows, columns=["_src", "_dst", *props])
            # MERGE would skip a row whose endpoint is missing, and update a repeated key
            keep = frame["_src"].isin(ids.get(rb.from_label, set())) & frame["_dst"].isin(
                ids.get(rb.to_label, set())
            )
            frame = frame[keep].drop_duplicates(subset=["_src", "_dst", *rb.key_props], keep="last")
            frame = frame.rename(columns={"_src": "from", "_dst": "to"})
            if len(frame):
                conn.execute(self.dialect.copy_rels(rb.type, rb.from_label, rb.to_label))
            written += len(rb.rows)
            if progress:
                progress(len(rb.rows))
            del frame
        return written

    def _copy_bookkeeping(self, conn: Any) -> None:
        """Copy node tables that are not part of the programme graph (e.g. load runs)."""
        import pandas as pd

        programme = set(schema.NODE_LABELS)
        for name, kind in _rows(self._conn, "CALL show_tables() RETURN name, type"):
            if kind != "NODE" or name in programme:
                continue
            info = _rows(self._conn, f"CALL table_info('{name}') RETURN name, type, `primary key`")
            cols = ", ".join(f"{quote(c)} {t}" for c, t, _ in info)
            pk = next(c for c, _, is_pk in info if is_pk)
            conn.execute(
                f"CREATE NODE TABLE IF NOT EXISTS {quote(name)}({cols}, PRIMARY KEY({quote(pk)}))"
            )
            names = [c for c, _, _ in info]
            ret = ", ".join(f"n.{quote(c)}" for c in names)
            data = _rows(self._conn, f"MATCH (n:{quote(name)}) RETURN {ret}")
            if data:
                frame = pd.DataFrame.from_records(data, columns=names)  # noqa: F841 (COPY reads it)
                conn.execute(f"COPY {quote(name)} FROM frame")


def _busy(path: Path) -> str:
    return _(
        "store is busy: another process is writing to {path}; wait for it to finish and try again",
        path=path,
    )


def _writer_lock(store: Path, wait: float) -> int | None:
    """Take the writer lock ``.NAME.lock`` beside the store, waiting up to ``wait`` seconds.

    Held from opening for writing until closing, across the replacement of the file
    by a rebuilt one (the engine's own lock belongs to the file and goes with it).
    Raises :class:`~assistgraph.errors.StoreBusyError` if another writer holds it.
    Where ``fcntl`` is missing (Windows), only the engine's lock applies.
    """
    try:
        import fcntl
    except ImportError:
        return None
    fd = os.open(store.with_name(f".{store.name}.lock"), os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + max(wait, 0)
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise StoreBusyError(_busy(store)) from None
            time.sleep(0.05)


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Let a commit finish: Ctrl-C during the block is ignored (the load completes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, lambda *_: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def _rows(conn: Any, statement: str) -> list[list[Any]]:
    res = conn.execute(statement)
    out = []
    while res.has_next():
        out.append(res.get_next())
    return out


def _extras(
    nodes: list[NodeBatch], rels: list[RelBatch]
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    extra_node = {b.label: {p: t for p, t in b.props.items() if t == "str"} for b in nodes}
    extra_rel: dict[str, dict[str, str]] = {}
    for b in rels:
        extra_rel.setdefault(b.type, {}).update(b.props)
    return extra_node, extra_rel


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}.wal")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _remove_stale_builds(store: Path) -> None:
    """Remove ``.NAME.build-PID`` files left by killed loads (their process is gone)."""
    for p in store.parent.glob(f".{store.name}.build-*"):
        pid = p.name.rsplit("-", 1)[-1].split(".")[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            _remove(p)
        except PermissionError:
            pass
