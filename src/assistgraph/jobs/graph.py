"""The programme graph of a store, exported once per store state and cached.

:func:`programme_graph` is how commands get their graph: it asks the store for its
state (:meth:`~assistgraph.store.Store.state_key`: the last load run, and for the
embedded store the file's size and modification time), and reuses

* the graph already built in this process for that state (a report's every figure
  reads one graph), else
* the graph cached on disk for that state, with its index (:func:`~assistgraph.graph.facts`;
  the second command on an unchanged store skips the export and the index), else
* a fresh export (:meth:`~assistgraph.store.Store.export_rows` →
  :func:`~assistgraph.graph.build_graph`), which it then caches.

Any load changes the state; ``assistgraph cypher --write`` and the shell's writes
call :func:`forget_graphs`. Writes that bypass assistgraph (Neo4j Browser, another
driver) do not change a Neo4j store's key: set ``ASSISTGRAPH_CACHE=0`` then.

The cache is a folder only its owner can read (``ASSISTGRAPH_CACHE_DIR``, default
``$XDG_CACHE_HOME/assistgraph/graphs`` or ``~/.cache/assistgraph/graphs``), one pickle
per store; a folder that others can write is refused (a pickle runs code when read).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import process
from ..gcpause import gc_paused
from ..graph import build_graph, facts
from ..graph.facts import Facts, remember

if TYPE_CHECKING:
    import networkx as nx

    from ..store import Store

__all__ = [
    "CACHE_EVENTS",
    "cache_dir",
    "forget_graphs",
    "programme_graph",
]

#: ``"export"``, ``"disk"`` (read from the cache) and ``"memory"`` (reused) per process.
CACHE_EVENTS: Counter[str] = Counter()
_MEMORY: dict[str, tuple[str, Any]] = {}  # store identity -> (state key, graph)


def cache_dir(environ: Any = None) -> Path | None:
    """The cache folder, or None when ``ASSISTGRAPH_CACHE=0`` turns caching off."""
    env = os.environ if environ is None else environ
    if env.get("ASSISTGRAPH_CACHE", "1") in ("0", "false", "no", "off"):
        return None
    if env.get("ASSISTGRAPH_CACHE_DIR"):
        return Path(env["ASSISTGRAPH_CACHE_DIR"]).expanduser()
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "assistgraph" / "graphs"


def _identity(store: Store) -> str:
    return hashlib.sha256(store.identity().encode()).hexdigest()[:24]


def programme_graph(store: Store) -> nx.MultiDiGraph:
    """The store's whole graph (frozen), from the cache when the store is unchanged.

    Parameters
    ----------
    store : Store
        An open store.

    Returns
    -------
    networkx.MultiDiGraph
        As :func:`assistgraph.graph.build_graph` builds it; frozen, shared by every
        caller in this process: never change it (copy it first).
    """
    ident = _identity(store)
    key = store.state_key()
    if key is not None:
        held = _MEMORY.get(ident)
        if held is not None and held[0] == key:
            CACHE_EVENTS["memory"] += 1
            return held[1]
        G = _read_disk(ident, key)
        if G is not None:
            CACHE_EVENTS["disk"] += 1
            _MEMORY[ident] = (key, G)
            return G
    G = build_graph(store.export_rows())
    CACHE_EVENTS["export"] += 1
    if key is not None:
        _MEMORY[ident] = (key, G)
        _write_disk(ident, key, G)
    return G


def forget_graphs(store: Store) -> None:
    """Drop the cached graphs of ``store`` (after a write the state key cannot see)."""
    ident = _identity(store)
    _MEMORY.pop(ident, None)
    folder = _safe_dir(create=False)
    if folder is not None:
        for suffix in (".pickle", ".key"):
            (folder / f"{ident}{suffix}").unlink(missing_ok=True)


def _safe_dir(*, create: bool) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        if create:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = folder.stat()
    except OSError:
        return None
    if st.st_uid != os.getuid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None  # someone else could plant a pickle: no cache
    return folder


def _read_disk(ident: str, key: str) -> Any:
    folder = _safe_dir(create=False)
    if folder is None:
        return None
    try:
        if (folder / f"{ident}.key").read_text(encoding="utf-8") != key:
            return None
        # millions of acyclic objects: cyclic GC passes during the load cost 3/4 of it
        with open(folder / f"{ident}.pickle", "rb") as fh, gc_paused():
            G, index = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None
    if not isinstance(index, Facts):
        return None
    remember(G, index)
    return G


def _write_disk(ident: str, key: str, G: Any) -> None:
    folder = _safe_dir(create=True)
    if folder is None:
        return
    index = facts(G)  # every analysis reads it: cached with the graph, sharing its dicts
    # a single command pickles in a child while it goes on, and waits for it at exit
    if not process.in_background(lambda: _dump(folder, ident, key, G, index)):
        _dump(folder, ident, key, G, index)


def _dump(folder: Path, ident: str, key: str, G: Any, index: Facts) -> None:
    try:
        with gc_paused():
            pickled = pickle.dumps((G, index), protocol=5)
        for suffix, data in ((".pickle", pickled), (".key", key.encode())):
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{ident}")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, folder / f"{ident}{suffix}")  # key last: a torn pair never matches
    except OSError:
        return  # a full disk only costs the next command an export
