"""Turn a validated dataset into batches of nodes and relationships (store-independent)."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from .. import schema
from ..validate import Dataset

PROVENANCE = tuple(c.name for c in schema.PROVENANCE)


@dataclass
class NodeBatch:
    """Rows that become nodes of one label. Each row has ``id`` and every property."""

    label: str
    props: dict[str, str]  # property name -> column type (without ``id``)
    rows: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class RelBatch:
    """Rows that become relationships of one type between two labels.

    Each row has ``_src`` and ``_dst`` (node ids) and every property.
    """

    type: str
    from_label: str
    to_label: str
    key_props: tuple[str, ...]
    props: dict[str, str]  # property name -> column type (key props included)
    rows: list[dict[str, Any]] = field(default_factory=list)


def _stored(table: schema.Table, skip: tuple[str, ...] = ()) -> dict[str, str]:
    props = {
        c.name: c.type
        for c in table.columns
        if c.store and c.type != "list" and c.name != "id" and c.name not in skip
    }
    for c in schema.PROVENANCE:
        props[c.name] = c.type
    return props


def plan(ds: Dataset) -> tuple[list[NodeBatch], list[RelBatch]]:
    """Split a dataset into node batches (one per label) and relationship batches.

    Node batches come first and in table order, so that every relationship finds
    its endpoints. Unknown columns become string properties.
    """
    nodes: list[NodeBatch] = []
    rels: dict[tuple[str, str, str], RelBatch] = {}

    def rel_batch(
        type_: str, a: str, b: str, key: tuple[str, ...], props: dict[str, str]
    ) -> RelBatch:
        batch = rels.get((type_, a, b))
        if batch is None:
            batch = rels[(type_, a, b)] = RelBatch(type_, a, b, key, dict(props))
        else:
            batch.props.update(props)
        return batch

    for table in schema.GRAPH_TABLES:  # input tables, then derived ones (task forces)
        rows = ds.rows(table.name)
        extras = dict.fromkeys(ds.extras.get(table.name, []), "str")
        if table.label is not None:
            props = {**_stored(table), **extras}
            batch = NodeBatch(table.label, props)
            for row in rows:
                node = {k: row.get(k) for k in props}
                node["id"] = table.node_id(row)
                batch.rows.append(node)
            nodes.append(batch)
            for link in table.links:
                ref = table.column(link.column).ref
                assert ref is not None
                other = schema.label_of(ref)
                a, b = (table.label, other) if link.direction == "out" else (other, table.label)
                rb = rel_batch(link.type, a, b, (), {c.name: c.type for c in schema.PROVENANCE})
                for row in rows:
                    targets = row.get(link.column)
                    if targets is None:
                        continue
                    me = table.node_id(row)
                    for target in targets if isinstance(targets, list) else [targets]:
                        src, dst = (me, target) if link.direction == "out" else (target, me)
                        rb.rows.append(
                            {"_src": src, "_dst": dst, **{c: row.get(c) for c in PROVENANCE}}
                        )
        elif table.rel is not None and rows:
            spec = table.rel
            a = schema.label_of(table.column(spec.from_column).ref or "")
            b = schema.label_of(table.column(spec.to_column).ref or "")
            props = {**_stored(table, skip=(spec.from_column, spec.to_column)), **extras}
            rb = rel_batch(spec.type, a, b, spec.key_props, props)
            for row in rows:
                rel = {k: row.get(k) for k in props}
                rel["_src"] = row[spec.from_column]
                rel["_dst"] = row[spec.to_column]
                rb.rows.append(rel)
    # every row of a batch carries the batch's full key set (the embedded store needs it)
    for rb in rels.values():
        full = len(rb.props) + 2  # + _src, _dst: rows made before the batch's props grew
        for row in rb.rows:
            if len(row) < full:
                for k in rb.props:
                    row.setdefault(k, None)
    return nodes, [rb for rb in rels.values() if rb.rows]


def unique_rels(rb: RelBatch) -> list[dict[str, Any]]:
    """The rows of ``rb`` with one row per relationship (endpoints + key props), last wins.

    What ``MERGE … SET`` would leave in the graph, for bulk paths that create
    relationships without looking for existing ones.
    """
    key = itemgetter("_src", "_dst", *rb.key_props)  # every row has the batch's keys
    seen = {key(row): row for row in rb.rows}
    return list(seen.values()) if len(seen) != len(rb.rows) else rb.rows


def chunks(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    """Split ``rows`` into lists of at most ``size`` rows."""
    return [rows[i : i + size] for i in range(0, len(rows), size)]
