"""Read → validate → store: the ``load`` job as one library function."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .. import schema
from ..settings import Settings
from ..sources import read_sources
from ..store import LoadSummary, Store, open_store
from ..store.base import Progress
from ..validate import Dataset

__all__ = ["load_dataset", "providers_by_force", "total_rows"]


def load_dataset(
    source: str | Path | Sequence[str | Path] | Dataset,
    settings: Settings | str | None = None,
    *,
    replace: bool = False,
    encoding: str | None = None,
    progress: Progress | None = None,
    wait: float = 0,
) -> LoadSummary:
    """Validate a dataset completely, then upsert it into a store.

    Nothing is written unless every table is valid (an
    :class:`~assistgraph.errors.InputError` lists every problem otherwise).

    Parameters
    ----------
    source : path, paths or Dataset
        A dataset folder of CSV files, an ``.xlsx`` workbook, several of them (merged:
        :func:`assistgraph.sources.read_sources`), or a validated dataset.
    settings : Settings, str or None
        The store (see :func:`assistgraph.store.open_store`).
    replace : bool
        Empty the store's graph first, so that it holds exactly this dataset.
    encoding : str, optional
        Encoding of the CSV files (default: UTF-8, else GB18030 detected).
    progress : callable, optional
        Called with the number of rows written after each batch.
    wait : float
        Seconds to wait for another load into the same embedded store to finish
        (default: none; a busy store is a :class:`~assistgraph.errors.StoreBusyError`).

    Examples
    --------
    >>> summary = load_dataset("examples/sichuan", "/tmp/g.lbug")  # doctest: +SKIP
    >>> summary.nodes["County"]  # doctest: +SKIP
    39
    """
    ds = source if isinstance(source, Dataset) else read_sources(source, encoding=encoding)
    with open_store(settings, write=True, wait=wait) as store:
        summary = store.load(ds, replace=replace, progress=progress)
        summary.forces = providers_by_force(store)
        return summary


def providers_by_force(store: Store) -> dict[str, int]:
    """Number of providers of each of the five forces in ``store`` (0 where none)."""
    res = store.query("MATCH (p:Provider) RETURN p.force AS force, count(p) AS n ORDER BY force")
    found = {str(f): int(n) for f, n in res.rows}
    return {f: found.get(f, 0) for f in schema.FORCES}


def total_rows(ds: Dataset) -> int:
    """Rows a load of ``ds`` writes (nodes plus relationships), for progress bars."""
    from ..store._plan import plan

    nodes, rels = plan(ds)
    return sum(len(b.rows) for b in nodes) + sum(len(b.rows) for b in rels)
