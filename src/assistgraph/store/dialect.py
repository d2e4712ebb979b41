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
from decimal import Decimal
from typing import Any

from .. import schema

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

    def delete_label(self, label: str, batch: int) -> str:
        """Delete (a batch of) nodes of a label with their relationships."""
        if self.embedded:
            return f"MATCH (n:{quote(schema.check_label(label))}) DETACH DELETE n"
        return (
            f"MATCH (n:{quote(schema.check_label(label))}) WITH n LIMIT {int(batch)} "
            "DETACH DELETE n RETURN count(*) AS deleted"
        )

    # -- reading ---------------------------------------------------------------
    def count_nodes(self, label: str) -> str:
        return f"MATCH (n:{quote(schema.check_label(label))}) RETURN count(n) AS n"

    def count_rels(self, type_: str) -> str:
        return f"MATCH ()-[r:{quote(schema.check_rel_type(type_))}]->() RETURN count(r) AS n"

    def export_nodes(self, label: str) -> str:
        return (
            f"MATCH (n:{quote(schema.check_label(label))}) "
            "RETURN n.id AS id, properties(n) AS props"
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


def plain(value: Any) -> Any:
    """A plain Python value: ``Decimal`` → int or float, containers converted recursively."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
