"""The shape of a view's payload: what each position of its compact rows holds.

The page's data travels as compact JSON: a node is an object with short keys, but
an edge is a row (an array), and so are the entries of the shared tables of field
names, kinds and types. This module names every position, once; ``static/graph.js``
names the same positions in one object per row (``EDGE``, ``FACT_ROW``, ``FIELD``,
``KIND``, ``TYPE``), and ``tests/render/test_view_payload.py`` checks that the two
agree.

An edge row::

    [from, to, type, width, weak, facts, source, confidence]

``from``/``to`` index ``payload["nodes"]``, ``type`` indexes ``payload["types"]``,
``weak`` is 1 or 0, ``facts`` a flat ``[field, text, field, text, …]`` (fields index
``payload["fields"]``), ``source``/``confidence`` index ``payload["strings"]`` (or
are ``null``). An edge of merged parallel facts has two more positions: ``rows``,
``[[facts, source, confidence], …]`` (positions: :class:`FactRow`), and
``rows_not_listed``, how many facts its card leaves out.

>>> from assistgraph.render.view.payload import EdgeRow
>>> row = [0, 1, 0, 1.0, 0, [], None, None]
>>> row[EdgeRow.TO], len(row) > EdgeRow.ROWS
(1, False)
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["EdgeRow", "FactRow", "FieldRow", "KindRow", "TypeRow", "node_id", "positions"]


class EdgeRow:
    """Positions in an edge row of ``payload["edges"]``."""

    FROM: Final = 0
    TO: Final = 1
    TYPE: Final = 2
    WIDTH: Final = 3
    WEAK: Final = 4
    FACTS: Final = 5
    SOURCE: Final = 6
    CONFIDENCE: Final = 7
    #: merged parallel facts only: their rows, then how many were left out
    ROWS: Final = 8
    ROWS_NOT_LISTED: Final = 9


class FactRow:
    """Positions in one fact of a merged edge (``row[EdgeRow.ROWS][i]``)."""

    FACTS: Final = 0
    SOURCE: Final = 1
    CONFIDENCE: Final = 2


class FieldRow:
    """Positions in ``payload["fields"][i]``: a property's name (中文, English)."""

    ZH: Final = 0
    EN: Final = 1


class KindRow:
    """Positions in ``payload["kinds"][label]``: how a node label is named and drawn."""

    ZH: Final = 0
    EN: Final = 1
    SHAPE: Final = 2
    COLOR: Final = 3


class TypeRow:
    """Positions in ``payload["types"][i]``: a relationship type, its names and colour."""

    NAME: Final = 0
    ZH: Final = 1
    EN: Final = 2
    COLOR: Final = 3


def positions(row: type) -> dict[str, int]:
    """The named positions of one row class, by name.

    >>> positions(TypeRow)
    {'NAME': 0, 'ZH': 1, 'EN': 2, 'COLOR': 3}
    """
    return {k: v for k, v in vars(row).items() if k.isupper() and isinstance(v, int)}


def node_id(node: dict[str, Any]) -> str:
    """The drawn id of a payload node: ``"Label:id"`` (the page's script makes the same).

    >>> node_id({"kind": "County", "nid": "C1"})
    'County:C1'
    """
    return f"{node['kind']}:{node['nid']}"
