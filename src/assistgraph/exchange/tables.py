"""The programme graph back as the data contract's tables (what ``load`` reads).

Everything follows :mod:`assistgraph.schema`: a node table's rows are the nodes of
its label, a relationship table's rows the relationships of its type, list columns
(``county_ids``, ``promoted_by``, ``industry_ids`` …) come back from the relationships
they made, and every other property (provenance, unknown columns) is a column.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from .. import schema

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ContractTable", "graph_tables", "list_columns"]

#: A table as written: its column names and its rows (values plain, ``None`` if empty).
ContractTable = tuple[list[str], list[list[Any]]]

_INTERNAL = frozenset({"label", "type"})


def list_columns(table: schema.Table) -> list[tuple[schema.Column, schema.Link]]:
    """The list columns of a node table (``;``-separated ids) with the link each makes."""
    links = {link.column: link for link in table.links}
    return [(c, links[c.name]) for c in table.columns if c.type == "list" and c.name in links]


def _columns(table: schema.Table, seen: set[str]) -> list[str]:
    own = [
        c.name
        for c in table.columns
        if c.store or c.type == "list" or c.name in seen  # not amount_wan (kept as yuan)
    ]
    prov = [c.name for c in schema.PROVENANCE]
    known = set(own) | set(prov) | _INTERNAL
    if table.label is not None and "id" not in table.column_names:
        known.add("id")  # a composite key's node id (county_id/name_zh): not a column
    if table.rel is not None:
        known |= {table.rel.from_column, table.rel.to_column}
    extras = sorted(seen - known)
    return [*own, *prov, *extras]


_Edges = dict[str, list[tuple[str, str, dict[str, Any]]]]


def _link_index(
    G: nx.MultiDiGraph, table: schema.Table, by_type: _Edges
) -> dict[str, dict[str, list[str]]]:
    """For each list column: node key → the ids it links to (sorted)."""
    out: dict[str, dict[str, list[str]]] = {}
    for col, link in list_columns(table):
        other = schema.label_of(col.ref or "")
        found: dict[str, list[str]] = defaultdict(list)
        for u, v, _ in by_type.get(link.type, []):
            me, them = (u, v) if link.direction == "out" else (v, u)
            if G.nodes[me].get("label") == table.label and G.nodes[them].get("label") == other:
                found[me].append(str(G.nodes[them].get("id")))
        out[col.name] = {k: sorted(v) for k, v in found.items()}
    return out


def graph_tables(G: nx.MultiDiGraph) -> dict[str, ContractTable]:
    """The graph as contract tables, in the schema's table order (empty tables left out).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The programme graph (:func:`assistgraph.jobs.programme_graph`). Not modified.

    Returns
    -------
    dict
        Table name → ``(columns, rows)``; list columns hold Python lists, rows are
        sorted by key so that the same graph always gives the same tables.

    Examples
    --------
    >>> from assistgraph.graph import build_graph
    >>> G = build_graph([("node", "Prefecture", [["p1", {"id": "p1", "name_zh": "一州"}]])])
    >>> graph_tables(G)["prefectures"][1]
    [['p1', '一州', None, None, None, None, None, None]]
    """
    by_label: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for n, d in G.nodes(data=True):
        by_label[d.get("label", "")].append((n, d))
    by_type: _Edges = defaultdict(list)
    for u, v, d in G.edges(data=True):
        by_type[d.get("type", "")].append((u, v, d))
    out: dict[str, ContractTable] = {}
    for table in schema.TABLES:
        if table.label is not None:
            nodes = by_label.get(table.label, [])
            if not nodes:
                continue
            lists = _link_index(G, table, by_type)
            records = []
            for n, d in nodes:
                rec = dict(d)
                for col, index in lists.items():
                    rec[col] = index.get(n, [])
                records.append(rec)
        elif table.rel is not None:
            spec = table.rel
            a = schema.label_of(table.column(spec.from_column).ref or "")
            b = schema.label_of(table.column(spec.to_column).ref or "")
            records = []
            for u, v, d in by_type.get(spec.type, []):
                nu, nv = G.nodes[u], G.nodes[v]
                if nu.get("label") != a or nv.get("label") != b:
                    continue
                rec = dict(d)
                rec[spec.from_column] = nu.get("id")
                rec[spec.to_column] = nv.get("id")
                records.append(rec)
            if not records:
                continue
        else:  # pragma: no cover - every table is one or the other
            continue
        seen = {k for r in records for k, v in r.items() if v is not None}
        columns = _columns(table, seen)
        rows = [[r.get(c) for c in columns] for r in records]
        key_at = [columns.index(k) for k in table.key]
        rows.sort(key=lambda r: tuple(str(r[i]) for i in key_at))
        out[table.name] = (columns, rows)
    return out
