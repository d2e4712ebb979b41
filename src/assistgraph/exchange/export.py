"""Write the programme graph out: contract tables (xlsx, csv) or a graph file.

* ``xlsx`` — one workbook, one sheet per contract table; ``csv`` — a folder, one
  UTF-8 file (with BOM, for Excel) per table. Both load again unchanged
  (``assistgraph load``): the round trip keeps every node, relationship and property,
  provenance included.
* ``graphml``, ``gexf`` — for Gephi and yEd (NetworkX's writers). Each node has
  ``kind`` (its label), ``node_id`` (its id) and ``label`` (its Chinese name, else its
  id, which Gephi shows); each relationship ``rel_type`` and ``label`` (its type).
  Attribute names the formats reserve (``id``, ``label``, ``type``, ``weight``,
  ``start``, ``end``) get a trailing ``_``; lists become ``;``-separated text, dates
  ISO text, and an attribute whose values mix types becomes text everywhere.
* ``json`` — NetworkX node-link data (``nodes``, ``edges``), the graph as it is; a
  node's graph key (``County:513337``) is its ``key`` (``id`` is a property), an edge's
  ends are ``src`` and ``dst`` (``source`` is provenance):
  ``nx.node_link_graph(data, **NODE_LINK)`` reads it back.

Every text cell of a spreadsheet (xlsx, csv) that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading ``'``
(:func:`assistgraph.output.safe_spreadsheet_cell`), so no formula runs when the file
is opened; ``load`` removes that ``'`` again.

This module is output code: it takes a graph, never a store.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import schema
from ..errors import AssistgraphError
from ..i18n import gettext
from ..output import safe_spreadsheet_cell
from .tables import graph_tables

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EXPORT_FORMATS", "NODE_LINK", "export_graph", "gephi_graph"]

EXPORT_FORMATS = ("xlsx", "csv", "graphml", "gexf", "json")
#: Names of the node-link JSON's fields (the defaults ``id`` and ``source`` are properties).
NODE_LINK: dict[str, str] = {"name": "key", "source": "src", "target": "dst", "edges": "edges"}
_RESERVED = frozenset({"id", "label", "type", "weight", "start", "end", "kind", "key"})


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: lists ``;``-joined, text neutralised."""
    if isinstance(value, list | tuple):
        value = ";".join(map(str, value))
    if isinstance(value, str):
        return safe_spreadsheet_cell(value)
    return value


def _csv_text(value: Any) -> str:
    value = _cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_xlsx(tables: dict[str, tuple[list[str], list[list[Any]]]], path: Path) -> None:
    """One sheet per table (named as the table), header row first."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    for name, (columns, rows) in tables.items():
        ws = wb.create_sheet(name)
        ws.append(columns)
        for row in rows:
            ws.append([_cell(v) for v in row])
    wb.save(path)


def write_csv(tables: dict[str, tuple[list[str], list[list[Any]]]], folder: Path) -> None:
    """One ``TABLE.csv`` per table in ``folder`` (created), UTF-8 with a BOM."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (columns, rows) in tables.items():
        with open(folder / f"{name}.csv", "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(columns)
            w.writerows([_csv_text(v) for v in row] for row in rows)


def _scalar(value: Any) -> Any:
    if isinstance(value, list | tuple | set):
        return ";".join(map(str, value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _attrs(props: dict[str, Any]) -> dict[str, Any]:
    return {
        (f"{k}_" if k in _RESERVED else k): _scalar(v)
        for k, v in props.items()
        if v is not None and k not in ("label", "type")
    }


def _one_type(items: list[dict[str, Any]]) -> None:
    """Make each attribute one type across ``items`` (int+float → float, else text)."""
    kinds: dict[str, set[type]] = {}
    for d in items:
        for k, v in d.items():
            kinds.setdefault(k, set()).add(type(v))
    for k, ts in kinds.items():
        if len(ts) < 2:
            continue
        to: Any = float if ts <= {int, float} else str
        for d in items:
            if k in d:
                v = d[k]
                d[k] = float(v) if to is float else str(v).lower() if type(v) is bool else str(v)


def gephi_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` that the GraphML and GEXF writers (and Gephi) accept; see the module."""
    import networkx as nx

    H = nx.MultiDiGraph()
    nodes = []
    for n, d in G.nodes(data=True):
        a = _attrs(d)
        a.pop("id_", None)
        a.update(kind=d.get("label", ""), node_id=str(d.get("id", n)))
        a["label"] = str(d.get("name_zh") or d.get("id") or n)
        nodes.append((n, a))
    edges = []
    for u, v, k, d in G.edges(keys=True, data=True):
        a = _attrs(d)
        a.update(rel_type=d.get("type", ""), label=d.get("type", ""))
        edges.append((u, v, k, a))
    _one_type([a for _, a in nodes])
    _one_type([a for *_, a in edges])
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    return H


def export_graph(
    G: nx.MultiDiGraph, path: str | Path, *, fmt: str, tables: Sequence[str] | None = None
) -> dict[str, int]:
    """Write ``G`` to ``path`` in format ``fmt`` (one of :data:`EXPORT_FORMATS`).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The programme graph (:func:`assistgraph.jobs.programme_graph`). Not modified.
    path : path
        The file to write (a folder for ``csv``, created if needed).
    fmt : str
        ``xlsx``, ``csv``, ``graphml``, ``gexf`` or ``json``.
    tables : sequence of str, optional
        Only these contract tables (``xlsx``, ``csv``), e.g. the roster a round of
        county workbooks is loaded with.

    Returns
    -------
    dict
        What was written: rows per table (xlsx, csv), or ``{"nodes": n, "edges": m}``.

    Examples
    --------
    >>> export_graph(G, "out/programme.xlsx", fmt="xlsx")  # doctest: +SKIP
    {'prefectures': 8, 'counties': 39, ...}
    """
    import networkx as nx

    path = Path(path)
    if fmt not in EXPORT_FORMATS:
        msg = gettext(
            "unknown export format {fmt}; use one of {known}",
            fmt=repr(fmt),
            known=", ".join(EXPORT_FORMATS),
        )
        raise AssistgraphError(msg)
    unknown = sorted(set(tables or ()) - {t.name for t in schema.TABLES})
    if unknown:
        known = ", ".join(t.name for t in schema.TABLES)
        msg = gettext(
            "unknown table {names}; tables: {known}", names=", ".join(unknown), known=known
        )
        raise AssistgraphError(msg)
    try:
        if fmt in ("xlsx", "csv"):
            out = graph_tables(G)
            if tables is not None:
                out = {k: v for k, v in out.items() if k in tables}
            (write_xlsx if fmt == "xlsx" else write_csv)(out, path)
            return {name: len(rows) for name, (_, rows) in out.items()}
        if fmt == "json":
            data = nx.node_link_data(G, **NODE_LINK)
            path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
        elif fmt == "graphml":
            nx.write_graphml(gephi_graph(G), path)
        else:
            nx.write_gexf(gephi_graph(G), path)
    except OSError as e:
        msg = gettext("cannot write {path}: {why}", path=path, why=e.strerror or e)
        raise AssistgraphError(msg) from None
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
