"""Every difference between Neo4j's Cypher and the embedded store's lives here.

Labels, relationship types and property names are interpolated into statements
only after passing the schema's allowlist (:func:`assistgraph.schema.check_label`)
or, for property names, :func:`quote`; values always travel as parameters.

Known Ladybug differences handled here (see ``docs`` in the README):

* schema first: node and relationship tables are created from :mod:`schema`
  (``CREATE NODE TABLE``/``CREATE REL TABLE``) instead of uniqueness constraints;
* a list of row maps is bound as a list of structs whose field types are
  inferred from the values, so a property that is ``None`` in every row of a batch
  would bind as STRING: every assignment is wrapped in ``cast(…, 'TYPE')``;
* ``MATCH (a {..}), (b {..})`` (comma form) is very slow in Ladybug: two
  ``MATCH`` clauses are used on both stores;
* ``sum()`` of integers returns ``Decimal``; nodes come back as dicts with
  ``_ID``/``_LABEL`` and every column of the table padded with ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import schema
from ..values import plain

__all__ = ["LADYBUG", "NEO4J", "Dialect", "clean_props", "quote"]

_IDENT = re.compile(r"^\w+$")


def quote(name: str) -> str:
    """Backtick-quote an identifier (label, type or property name)."""
    if not _IDENT.match(name):
        msg = f"not a valid identifier: {name!r}"
        raise ValueError(msg)
    return f"`{name}`"


@dataclass(frozen=True)
class Dialect:
    """Statement builders for one store."""

    name: str

    @property
    def embedded(self) -> bool:
        return self.name == "ladybug"

    # -- values -----------------------------------------------------------------
    def _value(self, expr: str, type_: str) -> str:
        if self.embedded:
            return f"cast({expr}, '{schema.STORE_TYPES[type_]}')"
        return expr

    # -- schema ----------------------------------------------------------------
    def schema_statements(
        self,
        extra_node: dict[str, dict[str, str]] | None = None,
        extra_rel: dict[str, dict[str, str]] | None = None,
    ) -> list[str]:
        """Idempotent statements that prepare the store for loading."""
        extra_node = extra_node or {}
        extra_rel = extra_rel or {}
        out: list[str] = []
        if not self.embedded:
            for label in schema.NODE_LABELS:
                out.append(
                    f"CREATE CONSTRAINT {quote(label.lower() + '_id')} IF NOT EXISTS "
                    f"FOR (n:{quote(label)}) REQUIRE n.id IS UNIQUE"
                )
            return out
        for label in schema.NODE_LABELS:
            props = schema.node_props(label)
            cols = ", ".join(
                f"{quote(p)} {schema.STORE_TYPES[t]}" for p, t in props.items() if p != "id"
            )
            out.append(
                f"CREATE NODE TABLE IF NOT EXISTS {quote(label)}(id STRING PRIMARY KEY, {cols})"
            )
            for p in extra_node.get(label, {}):
                out.append(f"ALTER TABLE {quote(label)} ADD IF NOT EXISTS {quote(p)} STRING")
        for rt in schema.REL_TYPES.values():
            pairs = ", ".join(f"FROM {quote(a)} TO {quote(b)}" for a, b in rt.pairs)
            cols = "".join(f", {quote(p)} {schema.STORE_TYPES[t]}" for p, t in rt.props.items())
            out.append(f"CREATE REL TABLE IF NOT EXISTS {quote(rt.name)}({pairs}{cols})")
            for p, t in rt.props.items():  # columns added by later versions of the schema
                out.append(
                    f"ALTER TABLE {quote(rt.name)} ADD IF NOT EXISTS "
                    f"{quote(p)} {schema.STORE_TYPES[t]}"
                )
            for p in extra_rel.get(rt.name, {}):
                out.append(f"ALTER TABLE {quote(rt.name)} ADD IF NOT EXISTS {quote(p)} STRING")
        return out

    # -- load runs (bookkeeping) -------------------------------------------------
    def load_run_schema(self) -> list[str]:
        """Idempotent statements that prepare the ``LoadRun`` bookkeeping label."""
        label = quote(schema.LOAD_RUN_LABEL)
        if not self.embedded:
            return [
                f"CREATE CONSTRAINT loadrun_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
            ]
        cols = ", ".join(
            f"{quote(p)} {schema.STORE_TYPES[t]}" for p, t in schema.LOAD_RUN_PROPS.items()
        )
        return [f"CREATE NODE TABLE IF NOT EXISTS {label}(id STRING PRIMARY KEY, {cols})"]

    def begin_load_run(self) -> str:
        return (
            f"CREATE (r:{quote(schema.LOAD_RUN_LABEL)} {{id: $id, dataset: $dataset, "
            "started: $started, status: 'running', replace: $replace})"
        )

    def end_load_run(self) -> str:
        return (
            f"MATCH (r:{quote(schema.LOAD_RUN_LABEL)} {{id: $id}}) "
            "SET r.status = $status, r.finished = $finished, r.rows = $rows"
        )

    def list_load_runs(self) -> str:
        return (
            f"MATCH (r:{quote(schema.LOAD_RUN_LABEL)}) RETURN r.id AS id, r.dataset AS dataset, "
            "r.started AS started, r.finished AS finished, r.status AS status, r.rows AS rows "
            "ORDER BY started DESC, id LIMIT $limit"
        )

    # -- loading ---------------------------------------------------------------
    def merge_nodes(self, label: str, props: dict[str, str]) -> str:
        """``UNWIND $rows`` upsert of nodes of ``label`` by ``id``."""
        sets = ", ".join(
            f"n.{quote(p)} = {self._value('row.' + quote(p), t)}" for p, t in props.items()
        )
        q = f"UNWIND $rows AS row MERGE (n:{quote(schema.check_label(label))} {{id: row.id}})"
        return f"{q} SET {sets}" if sets else q

    def merge_rels(
        self, type_: str, a: str, b: str, key_props: tuple[str, ...], props: dict[str, str]
    ) -> str:
        """``UNWIND $rows`` upsert of relationships, identified by endpoints and key props."""
        key = ", ".join(
            f"{quote(k)}: {self._value('row.' + quote(k), props[k])}" for k in key_props
        )
        key = f" {{{key}}}" if key else ""
        sets = ", ".join(
            f"r.{quote(p)} = {self._value('row.' + quote(p), t)}"
            for p, t in props.items()
            if p not in key_props
        )
        q = (
            f"UNWIND $rows AS row "
            f"MATCH (a:{quote(schema.check_label(a))} {{id: row._src}}) "
            f"MATCH (b:{quote(schema.check_label(b))} {{id: row._dst}}) "
            f"MERGE (a)-[r:{quote(schema.check_rel_type(type_))}{key}]->(b)"
        )
        return f"{q} SET {sets}" if sets else q

    def delete_rel_type(self, rel_type: str, batch: int) -> str:
        """Delete a batch of relationships of a type (Neo4j; returns ``deleted``).

        Before their nodes: a node's ``DETACH DELETE`` takes all of its relationships
        into the same transaction, and a national graph's hubs (a provider with
        hundreds of funding facts, ten thousand of them per batch) exceed the
        server's transaction memory.
        """
        return (
            f"MATCH ()-[r:{quote(schema.check_rel_type(rel_type))}]->() WITH r LIMIT {int(batch)} "
            "DELETE r RETURN count(*) AS deleted"
        )

    def delete_label(self, label: str, batch: int) -> str:
        """Delete (a batch of) nodes of a label with their relationships."""
        if self.embedded:
            return f"MATCH (n:{quote(schema.check_label(label))}) DETACH DELETE n"
        return (
            f"MATCH (n:{quote(schema.check_label(label))}) WITH n LIMIT {int(batch)} "
            "DETACH DELETE n RETURN count(*) AS deleted"
        )

    # -- bulk loading (a fresh or replaced graph) --------------------------------
    #
    # Ladybug: ``COPY T FROM frame`` reads a pandas DataFrame named ``frame`` in the
    # calling Python frame, by column *position* (nodes: the table's columns in
    # order; relationships: from, to, then the properties). It appends, never
    # upserts, so it is used only to build a new store file (see EmbeddedStore).
    # Neo4j has no client-side bulk path: it keeps batched UNWIND (``merge_*``;
    # ``create_rels`` for an empty graph).
    def copy_nodes(self, label: str) -> str:
        """Ladybug: bulk-append the rows of the DataFrame ``frame`` to a node table."""
        self._only_embedded("COPY FROM")
        return f"COPY {quote(schema.check_label(label))} FROM frame"

    def copy_rels(self, type_: str, a: str, b: str) -> str:
        """Ladybug: bulk-append relationships (``from``, ``to``, props…) from ``frame``."""
        self._only_embedded("COPY FROM")
        return (
            f"COPY {quote(schema.check_rel_type(type_))} FROM frame "
            f"(from='{schema.check_label(a)}', to='{schema.check_label(b)}')"
        )

    def table_columns(self, table: str) -> str:
        """Ladybug: the columns of a node or relationship table, in order (name, type)."""
        self._only_embedded("table_info")
        quote(table)
        return f"CALL table_info('{table}') RETURN name, type"

    def create_nodes(self, label: str, props: dict[str, str]) -> str:
        """``UNWIND $rows`` creation of nodes into a graph known to have none of them."""
        cols = "".join(
            f", {quote(p)}: {self._value('row.' + quote(p), t)}" for p, t in props.items()
        )
        label = quote(schema.check_label(label))
        return f"UNWIND $rows AS row CREATE (n:{label} {{id: row.id{cols}}})"

    def create_rels(self, type_: str, a: str, b: str, props: dict[str, str]) -> str:
        """``UNWIND $rows`` creation of relationships into a graph known to have none of them.

        Used by the Neo4j store on an empty or replaced graph, where ``MERGE``'s
        search for an existing relationship can only find nothing (rows are
        deduplicated first, see :func:`~assistgraph.store._plan.unique_rels`).
        """
        sets = ", ".join(
            f"{quote(p)}: {self._value('row.' + quote(p), t)}" for p, t in props.items()
        )
        return (
            f"UNWIND $rows AS row "
            f"MATCH (a:{quote(schema.check_label(a))} {{id: row._src}}) "
            f"MATCH (b:{quote(schema.check_label(b))} {{id: row._dst}}) "
            f"CREATE (a)-[r:{quote(schema.check_rel_type(type_))}"
            + (f" {{{sets}}}" if sets else "")
            + "]->(b)"
        )

    def _only_embedded(self, what: str) -> None:
        if not self.embedded:
            msg = f"{what} is a Ladybug statement"
            raise ValueError(msg)

    # -- reading ---------------------------------------------------------------
    def count_nodes(self, label: str) -> str:
        return f"MATCH (n:{quote(schema.check_label(label))}) RETURN count(n) AS n"

    def count_rels(self, type_: str) -> str:
        return f"MATCH ()-[r:{quote(schema.check_rel_type(type_))}]->() RETURN count(r) AS n"

    def count_all(self) -> str:
        """Every label's and relationship type's count in one statement (one round trip)."""
        parts = [
            f"MATCH (n:{quote(schema.check_label(lb))}) "
            f"RETURN 'node' AS kind, '{lb}' AS name, count(n) AS n"
            for lb in schema.NODE_LABELS
        ] + [
            f"MATCH ()-[r:{quote(schema.check_rel_type(rt))}]->() "
            f"RETURN 'rel' AS kind, '{rt}' AS name, count(r) AS n"
            for rt in schema.REL_TYPES
        ]
        return " UNION ALL ".join(parts)

    def export_nodes(self, label: str) -> str:
        return (
            f"MATCH (n:{quote(schema.check_label(label))}) "
            "RETURN n.id AS id, properties(n) AS props"
        )

    def export_batched(self, statement: str, size: int = 5000) -> str:
        """``statement``'s rows collected into lists of ``size`` rows, one record each.

        Neo4j's Python driver spends ~30 µs per record on Bolt framing: returning
        5,000 rows per record lets the (Rust) decoder unpack them in bulk. The server
        holds the whole result in memory meanwhile (a few hundred MB for a million
        relationships). ``statement`` must end in ``RETURN x AS a, y AS b …``.
        """
        head, ret = statement.rsplit(" RETURN ", 1)
        items = [part.rsplit(" AS ", 1)[0] for part in ret.split(", ")]
        return (
            f"{head} WITH collect([{', '.join(items)}]) AS rows "
            f"UNWIND range(0, size(rows) - 1, {int(size)}) AS i "
            f"RETURN rows[i..i + {int(size)}] AS part"
        )

    def export_rels(self, type_: str, a: str, b: str) -> str:
        return (
            f"MATCH (a:{quote(schema.check_label(a))})"
            f"-[r:{quote(schema.check_rel_type(type_))}]->"
            f"(b:{quote(schema.check_label(b))}) "
            "RETURN a.id AS src, b.id AS dst, properties(r) AS props"
        )


NEO4J = Dialect("neo4j")
LADYBUG = Dialect("ladybug")


def clean_props(props: dict[str, Any] | None) -> dict[str, Any]:
    """Drop ``None`` padding and internal keys; turn ``Decimal`` into int/float."""
    out: dict[str, Any] = {}
    for k, v in (props or {}).items():
        if v is None or k.startswith("_"):
            continue
        out[k] = plain(v)
    return out
