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
from typing import Any, NoReturn

from .. import schema
from ..errors import QueryError
from ..values import plain
from .lexer import tokens

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


# -- ad-hoc statements: Neo4j Cypher → Ladybug -----------------------------------
#
# A token-level rewriter (strings, comments and backticked names are never
# touched): every mechanical difference is translated, everything that would run
# but mean something else on Ladybug is refused with a QueryError.

_KEYWORDS = frozenset(
    [
        "match",
        "optional",
        "where",
        "return",
        "with",
        "unwind",
        "as",
        "and",
        "or",
        "xor",
        "not",
        "in",
        "is",
        "null",
        "true",
        "false",
        "case",
        "when",
        "then",
        "else",
        "end",
        "order",
        "by",
        "skip",
        "limit",
        "distinct",
        "create",
        "merge",
        "set",
        "delete",
        "detach",
        "remove",
        "call",
        "yield",
        "union",
        "all",
        "on",
        "exists",
        "count",
        "collect",
        "starts",
        "ends",
        "contains",
        "asc",
        "desc",
        "ascending",
        "descending",
        "foreach",
    ]
)
_CLAUSES = {
    "match": "pattern",
    "merge": "pattern",
    "create": "pattern",
    "where": "expr",
    "return": "expr",
    "with": "expr",
    "unwind": "expr",
    "order": "expr",
    "yield": "expr",
    "delete": "expr",
    "set": "set",
    "remove": "set",
}
_CASTS = {"tointeger": "INT64", "tofloat": "DOUBLE", "tostring": "STRING", "toboolean": "BOOLEAN"}
_RESHAPED = frozenset(
    {*_CASTS, "labels", "elementid", "head", "last", "tail", "substring", "round"}
)
_OPEN = {"(": ")", "[": "]", "{": "}"}
_DB_CALLS = {
    "labels": ("NODE", "label"),
    "relationshiptypes": ("REL", "relationshipType"),
}
_DB_CALL = re.compile(
    r"^\s*CALL\s+db\.(labels|relationshipTypes)\s*\(\s*\)\s*(?:YIELD\s+\w+\s*)?;?\s*$", re.I
)


def _refuse(what: str) -> NoReturn:
    msg = f"cannot run this statement on the embedded store: {what}"
    raise QueryError(msg)


class _Rewriter:
    def __init__(self, cypher: str) -> None:
        self.toks = tokens(cypher)
        self.match: dict[int, int] = {}
        stack: list[int] = []
        self.balanced = True
        for i, (kind, text) in enumerate(self.toks):
            if kind != "op":
                continue
            if text in _OPEN:
                stack.append(i)
            elif text in (")", "]", "}"):
                if not stack or _OPEN[self.toks[stack[-1]][1]] != text:
                    self.balanced = False
                    return
                self.match[stack.pop()] = i
        self.balanced = not stack
        self.clause = "expr"

    # -- token helpers ---------------------------------------------------------
    def _sig(self, i: int) -> bool:
        return self.toks[i][0] not in ("ws", "comment")

    def nxt(self, i: int, end: int | None = None) -> int:
        end = len(self.toks) if end is None else end
        i += 1
        while i < end and not self._sig(i):
            i += 1
        return i if i < end else -1

    def prev(self, i: int, start: int = 0) -> int:
        i -= 1
        while i >= start and not self._sig(i):
            i -= 1
        return i if i >= start else -1

    def text(self, i: int) -> str:
        return self.toks[i][1] if i >= 0 else ""

    def low(self, i: int) -> str:
        return self.text(i).lower()

    def is_ident(self, i: int) -> bool:
        return i >= 0 and self.toks[i][0] == "ident"

    def is_op(self, i: int, *ops: str) -> bool:
        return i >= 0 and self.toks[i][0] == "op" and self.toks[i][1] in ops

    def source(self, a: int, b: int) -> str:
        return "".join(t for _, t in self.toks[a:b]).strip()

    def split(self, a: int, b: int) -> list[tuple[int, int]]:
        """Top-level comma-separated ranges of tokens in ``[a, b)``."""
        parts, start, i = [], a, a
        while i < b:
            if self.is_op(i, "(", "[", "{"):
                i = self.match[i]
            elif self.is_op(i, ","):
                parts.append((start, i))
                start = i + 1
            i += 1
        parts.append((start, b))
        return [p for p in parts if self.source(*p)] if parts != [(a, b)] else parts

    def ends_expr(self, i: int) -> bool:
        """Whether token ``i`` ends an expression (so a following ``[`` indexes it)."""
        if i < 0:
            return False
        kind, text = self.toks[i]
        if kind == "ident":
            return text.lower() not in _KEYWORDS or text.lower() in ("null", "true", "false")
        return kind in ("param", "string") or text in (")", "]", "}")

    # -- rendering ---------------------------------------------------------------
    def render(self, a: int, b: int, ctx: str = "top") -> str:
        out: list[str] = []
        i = a
        while i < b:
            kind, text = self.toks[i]
            if kind == "ident":
                i = self._ident(i, b, ctx, out)
                continue
            if kind == "op":
                if text in ("(", "[", "{"):
                    i = self._bracket(i, ctx, out)
                    continue
                if text == "+=":
                    _refuse("'SET n += map' (list the properties: SET n.a = …, n.b = …)")
                if text == ":" and ctx != "map":
                    self._check_labels(i)
            out.append(text)
            i += 1
        return "".join(out)

    def _check_labels(self, i: int) -> None:
        lab = self.nxt(i)
        after = self.nxt(lab) if lab >= 0 else -1
        if self.is_op(lab, "&", "!", "%") or self.is_op(after, "&", "!", "%"):
            _refuse("label expressions with & ! % (one label per node; use WHERE)")
        if self.is_ident(lab) and self.is_op(after, ":") and self.is_ident(self.nxt(after)):
            found = self.source(i, self.nxt(after) + 1)
            _refuse(
                f"multi-label pattern {found!r} (Ladybug reads it as 'either label'); "
                "the graph has one label per node: use one label"
            )

    def _ident(self, i: int, b: int, ctx: str, out: list[str]) -> int:
        name = self.low(i)
        nx, pv = self.nxt(i, b), self.prev(i)
        after_dot = self.is_op(pv, ".")
        if not after_dot and name in _CLAUSES and self.toks[i][1][0] != "`":
            self.clause = _CLAUSES[name]
        if not after_dot and name == "call" and self.is_op(nx, "{", "("):
            _refuse("CALL { … } subqueries (rewrite them with WITH … and aggregation)")
        if not after_dot and name == "reduce" and self.is_op(nx, "("):
            _refuse("reduce() (use UNWIND and an aggregation instead)")
        if self.is_op(nx, "(") and not after_dot and nx in self.match:
            done = self._call(i, nx, out)
            if done >= 0:
                return done
        # a label predicate in an expression: n:County  →  label(n) = 'County'
        if (
            self.is_op(nx, ":")
            and ctx not in ("map", "rel")
            and not self.is_op(pv, "(")
            and self.clause != "pattern"
            and self.is_ident(self.nxt(nx, b))
        ):
            return self._label_predicate(i, nx, b, out)
        # a map projection: c {.id, .name}  →  {id: c.id, name: c.name}
        if (
            self.is_op(nx, "{")
            and self.clause != "pattern"
            and ctx != "rel"
            and name not in _KEYWORDS
            and self.is_op(self.nxt(nx), ".")
        ):
            return self._projection(i, nx, out)
        out.append(self.toks[i][1])
        return i + 1

    def _label_predicate(self, i: int, colon: int, b: int, out: list[str]) -> int:
        if self.clause == "set":
            _refuse("adding or removing labels (each node has exactly one label)")
        self._check_labels(colon)
        labels, j = [], colon
        while True:
            lab = self.nxt(j, b)
            labels.append(self.toks[lab][1].strip("`"))
            j = self.nxt(lab, b)
            if not self.is_op(j, "|"):
                break
            if self.is_op(self.nxt(j, b), ":"):
                j = self.nxt(j, b)
        var = self.toks[i][1]
        if len(labels) == 1:
            out.append(f"(label({var}) = {_string(labels[0])})")
        else:
            out.append(f"(label({var}) IN [{', '.join(_string(x) for x in labels)}])")
        return lab + 1

    def _projection(self, i: int, brace: int, out: list[str]) -> int:
        var, end = self.toks[i][1], self.match[brace]
        items = []
        for a, b in self.split(brace + 1, end):
            first = self.nxt(a - 1, b)
            if self.is_op(first, "."):
                prop = self.nxt(first, b)
                if self.is_op(prop, "*"):
                    _refuse(f"map projection {var} {{.*}} (list the properties)")
                items.append(f"{self.toks[prop][1]}: {var}.{self.toks[prop][1]}")
            elif self.is_op(self.nxt(first, b), ":"):
                colon = self.nxt(first, b)
                items.append(f"{self.toks[first][1]}: {self.render(colon + 1, b, 'map').strip()}")
            else:
                items.append(f"{self.source(a, b)}: {self.render(a, b, 'map').strip()}")
        out.append("{" + ", ".join(items) + "}")
        return end + 1

    def _args(self, paren: int) -> list[str]:
        return [
            self.render(a, b, "call").strip() for a, b in self.split(paren + 1, self.match[paren])
        ]

    def _call(self, i: int, paren: int, out: list[str]) -> int:
        """Rename or reshape a function call; return the next index, or -1 to leave it."""
        name, end = self.low(i), self.match[paren]
        if name in ("shortestpath", "allshortestpaths"):
            mode = "SHORTEST" if name == "shortestpath" else "ALL SHORTEST"
            out.append(self.render_shortest(paren + 1, end, mode).strip())
            return end + 1
        simple = {"type": "label", "split": "string_split"}
        if name in simple:
            out.append(f"{simple[name]}({', '.join(self._args(paren))})")
            return end + 1
        if name not in _RESHAPED:
            return -1
        args = self._args(paren)
        if name in _CASTS and len(args) == 1:
            out.append(f"cast({args[0]}, '{_CASTS[name]}')")
        elif name == "labels" and len(args) == 1:
            out.append(f"[label({args[0]})]")
        elif name == "elementid" and len(args) == 1:
            out.append(f"cast(id({args[0]}), 'STRING')")
        elif name == "head" and len(args) == 1:
            out.append(f"list_extract({args[0]}, 1)")
        elif name == "last" and len(args) == 1:
            out.append(f"list_extract({args[0]}, -1)")
        elif name == "tail" and len(args) == 1:
            out.append(f"({args[0]})[2..]")
        elif name == "substring" and len(args) in (2, 3):
            start = str(int(args[1]) + 1) if args[1].isdigit() else f"({args[1]}) + 1"
            length = args[2] if len(args) == 3 else f"size({args[0]})"
            out.append(f"substring({args[0]}, {start}, {length})")
        elif name == "round" and len(args) == 1:
            out.append(f"round({args[0]}, 0)")
        else:
            return -1
        return end + 1

    def render_shortest(self, a: int, b: int, mode: str) -> str:
        star = next((k for k in range(a, b) if self.is_op(k, "*")), -1)
        if star < 0:
            _refuse("shortestPath() needs a variable-length relationship like [:T*..6]")
        lo, hi, j = "1", "30", self.nxt(star, b)
        if self.toks[j][0] == "number":
            lo = hi = self.toks[j][1]
            j = self.nxt(j, b)
        if self.is_op(j, ".."):
            hi = "30"
            j = self.nxt(j, b)
            if self.toks[j][0] == "number":
                hi = self.toks[j][1]
                j = self.nxt(j, b)
        rel = max(k for k in self.match if k < star < self.match[k] and self.is_op(k, "["))
        end = self.match[rel]
        return (
            f"{self.render(a, rel)}[{self.render(rel + 1, star, 'rel')}* {mode} {lo}..{hi}"
            f"{self.render(j, end, 'rel')}]{self.render(end + 1, b)}"
        )

    def _bracket(self, i: int, ctx: str, out: list[str]) -> int:
        text, end = self.toks[i][1], self.match[i]
        pv = self.prev(i)
        if text == "(":
            inner = "call" if self.is_ident(pv) and self.low(pv) not in _KEYWORDS else "paren"
            out.append("(" + self.render(i + 1, end, inner) + ")")
        elif text == "{":
            word = self.low(pv) if self.is_ident(pv) else ""
            if word in ("exists", "count", "collect"):
                saved = self.clause
                first = self.nxt(i, end)
                body = self.render(i + 1, end, "subquery")
                if self.is_op(first, "("):
                    body = " MATCH " + body.lstrip()
                self.clause = saved
                out.append("{" + body + "}")
            else:
                out.append("{" + self.render(i + 1, end, "map") + "}")
        elif self.is_op(pv, "-", "<-"):
            out.append("[" + self.render(i + 1, end, "rel") + "]")
        elif self.ends_expr(pv):
            out.append("[" + self._index(i + 1, end) + "]")
        else:
            first = self.nxt(i, end)
            if self.is_ident(first) and self.low(self.nxt(first, end)) == "in":
                _refuse(
                    "list comprehensions [x IN list | …] (use UNWIND … collect(), or "
                    "collect(CASE WHEN … THEN … END))"
                )
            k = i + 1
            while k < end:
                if self.is_op(k, "(", "[", "{"):
                    k = self.match[k]
                elif self.is_op(k, "|"):
                    _refuse("pattern comprehensions [(a)-->(b) | …] (use OPTIONAL MATCH)")
                k += 1
            out.append("[" + self.render(i + 1, end, "list") + "]")
        return end + 1

    def _index(self, a: int, b: int) -> str:
        """``list[i]`` and ``list[a..b]``: Neo4j counts from 0, Ladybug from 1."""
        sig = [k for k in range(a, b) if self._sig(k)]
        texts = [self.toks[k][1] for k in sig]
        if len(sig) == 1 and self.toks[sig[0]][0] == "string":
            return texts[0]
        if ".." in texts:
            d = texts.index("..")
            lo, hi = texts[:d], texts[d + 1 :]
            if all(_nonneg_int(p) for p in (lo, hi)):
                lo_s = str(int(lo[0]) + 1) if lo else ""
                return f"{lo_s}..{hi[0] if hi else ''}"
        elif _nonneg_int(texts) and texts:
            return str(int(texts[0]) + 1)
        elif len(texts) == 2 and texts[0] == "-" and _nonneg_int(texts[1:]):
            return "-" + texts[1]  # negative indexes count from the end on both stores
        _refuse(
            f"list index [{self.source(a, b)}]: only integer literals (and slices of them) "
            "can be translated, because Ladybug counts from 1"
        )


def _nonneg_int(texts: list[str]) -> bool:
    return len(texts) <= 1 and all(t.isdigit() for t in texts)


def _string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def rewrite_for_embedded(cypher: str) -> str:
    """Translate a Neo4j Cypher statement for the embedded store (Ladybug).

    Handled: ``type(r)`` → ``label(r)``; ``labels(n)`` → ``[label(n)]``;
    ``toInteger``/``toFloat``/``toString``/``toBoolean`` → ``cast(…)``;
    ``elementId``, ``head``, ``last``, ``tail``, ``split``, one-argument
    ``round``; 0-based ``substring``, ``list[i]`` and ``list[a..b]`` with literal
    indexes → 1-based; ``EXISTS``/``COUNT { (pattern) }`` → ``{ MATCH (pattern) }``;
    ``WHERE n:Label`` → ``label(n) = 'Label'``; map projections ``n {.a, .b}``;
    ``shortestPath``/``allShortestPaths``; ``CALL db.labels()`` and
    ``CALL db.relationshipTypes()``.

    Refused with :class:`~assistgraph.errors.QueryError` (they would fail or, worse,
    silently mean something else): multi-label patterns ``(n:A:B)`` and label
    expressions with ``& ! %``, ``CALL { … }`` subqueries, list and pattern
    comprehensions, ``reduce()``, dynamic list indexes, ``SET n += map``, and
    adding or removing labels.

    Text inside strings, comments and backticks is never changed; a statement
    with unbalanced brackets is passed through for the engine to report.

    >>> rewrite_for_embedded("MATCH (p)-[r]->(c) RETURN type(r), substring(c.id, 0, 2)")
    'MATCH (p)-[r]->(c) RETURN label(r), substring(c.id, 1, 2)'
    """
    m = _DB_CALL.match(cypher)
    if m:
        kind, column = _DB_CALLS[m.group(1).lower()]
        return f"CALL show_tables() WHERE type = '{kind}' RETURN name AS {column}"
    rw = _Rewriter(cypher)
    if not rw.balanced:
        return cypher
    return rw.render(0, len(rw.toks))
