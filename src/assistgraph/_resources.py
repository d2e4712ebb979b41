"""Locate the data files the package needs: ``loaders/`` and ``cypher/``.

In a wheel they are shipped inside the package as ``assistgraph/_data/…``
(``pyproject.toml`` force-includes the top-level folders). In a source checkout
or an editable install they are read from the repository's top-level folders.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """The folder ``name`` (``"loaders"`` or ``"cypher"``) wherever it is installed."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    msg = f"assistgraph data folder {name!r} not found (broken installation?)"
    raise FileNotFoundError(msg)
