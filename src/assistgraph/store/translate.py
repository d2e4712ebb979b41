"""Neo4j Cypher → the embedded store's Cypher (Ladybug), for ad-hoc statements.

A token-level rewriter (strings, comments and backticked names are never touched):
every mechanical difference is translated, everything that would run but mean
something else on Ladybug is refused with a :class:`~assistgraph.errors.QueryError`.
The statement builders the loader and the export use are in :mod:`.dialect`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NoReturn

from ..errors import QueryError
from ..i18n import _
from .dialect import quote
from .lexer import tokens

__all__ = ["Tables", "Translation", "rewrite_for_embedded", "translate"]

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
    msg = _("cannot run this statement on the embedded store: {what}", what=what)
    raise QueryError(msg)


@dataclass(frozen=True)
class Tables:
    """The node and relationship tables a store holds (to tell unknown labels apart)."""

    nodes: frozenset[str]
    rels: frozenset[str]


@dataclass
class Translation:
    """A statement for Ladybug, and Neo4j-style warnings (``label X does not exist``)."""

    text: str
    warnings: list[str] = field(default_factory=list)


#: A value no id and no confidence can hold (ids are trimmed; confidences are enums).
_NEVER = "' '"


class _Rewriter:
    def __init__(self, cypher: str, tables: Tables | None = None) -> None:
        self.tables = tables
        self.warnings: list[str] = []
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
                    _refuse(_("'SET n += map' (list the properties: SET n.a = …, n.b = …)"))
                if text == ":" and ctx != "map":
                    self._check_labels(i)
                    if ctx in ("paren", "rel") and self.clause == "pattern" and self.tables:
                        done = self._unknown_label(i, ctx, out)
                        if done >= 0:
                            i = done
                            continue
            out.append(text)
            i += 1
        return "".join(out)

    def _check_labels(self, i: int) -> None:
        lab = self.nxt(i)
        after = self.nxt(lab) if lab >= 0 else -1
        if self.is_op(lab, "&", "!", "%") or self.is_op(after, "&", "!", "%"):
            _refuse(_("label expressions with & ! % (one label per node; use WHERE)"))
        if self.is_ident(lab) and self.is_op(after, ":") and self.is_ident(self.nxt(after)):
            found = self.source(i, self.nxt(after) + 1)
            _refuse(
                _(
                    "multi-label pattern {found} (Ladybug reads it as 'either label'); "
                    "the graph has one label per node: use one label",
                    found=repr(found),
                )
            )

    def _ident(self, i: int, b: int, ctx: str, out: list[str]) -> int:
        name = self.low(i)
        nt, pv = self.nxt(i, b), self.prev(i)
        after_dot = self.is_op(pv, ".")
        if not after_dot and name in _CLAUSES and self.toks[i][1][0] != "`":
            self.clause = _CLAUSES[name]
        if not after_dot and name == "call" and self.is_op(nt, "{", "("):
            _refuse("CALL { … } subqueries (rewrite them with WITH … and aggregation)")
        if not after_dot and name == "reduce" and self.is_op(nt, "("):
            _refuse("reduce() (use UNWIND and an aggregation instead)")
        if self.is_op(nt, "(") and not after_dot and nt in self.match:
            done = self._call(i, nt, out)
            if done >= 0:
                return done
        # a label predicate in an expression: n:County  →  label(n) = 'County'
        if (
            self.is_op(nt, ":")
            and ctx not in ("map", "rel")
            and not self.is_op(pv, "(")
            and self.clause != "pattern"
            and self.is_ident(self.nxt(nt, b))
        ):
            return self._label_predicate(i, nt, b, out)
        # a map projection: c {.id, .name}  →  {id: c.id, name: c.name}
        if (
            self.is_op(nt, "{")
            and self.clause != "pattern"
            and ctx != "rel"
            and name not in _KEYWORDS
            and self.is_op(self.nxt(nt), ".")
        ):
            return self._projection(i, nt, out)
        out.append(self.toks[i][1])
        return i + 1

    def _unknown_label(self, colon: int, ctx: str, out: list[str]) -> int:
        """A label or type the store does not have matches nothing, as on Neo4j.

        Ladybug refuses an unknown table; Neo4j matches no node and warns. The label
        becomes every table of its kind (a union, so any property can still be named)
        with a property value that none holds; types missing from an alternation
        ``[r:A|NOPE]`` are dropped. Returns the next token, or -1 if all are known.
        """
        assert self.tables is not None
        known = self.tables.nodes if ctx == "paren" else self.tables.rels
        names, j, last = [], colon, colon
        while True:
            lab = self.nxt(j)
            if not self.is_ident(lab):
                return -1
            names.append((lab, self.toks[lab][1].strip("`")))
            last, j = lab, self.nxt(lab)
            if not self.is_op(j, "|"):
                break
            if self.is_op(self.nxt(j), ":"):
                j = self.nxt(j)
        missing = [n for _, n in names if n not in known]
        if not missing:
            return -1
        for n in missing:
            if ctx == "paren":
                self.warnings.append(_("label {name} does not exist", name=n))
            else:
                self.warnings.append(_("relationship type {name} does not exist", name=n))
        present = [n for _, n in names if n in known]
        if present:
            out.append(":" + "|".join(quote(n) for n in present))
            return last + 1
        out.append(":" + ("|" if ctx == "rel" else ":").join(quote(n) for n in sorted(known)))
        never = f"{'id' if ctx == 'paren' else 'confidence'}: {_NEVER}"
        brace = self.nxt(last)
        if self.is_op(brace, "{") and brace in self.match:
            inner = self.render(brace + 1, self.match[brace], "map").strip()
            out.append(" {" + never + (", " + inner if inner else "") + "}")
            return self.match[brace] + 1
        # the map goes after a variable-length range (*1..2) if there is one
        k, stop = last + 1, self.match.get(self._opener_of(colon), len(self.toks))
        tail: list[str] = []
        while k < stop and not self.is_op(k, "{"):
            tail.append(self.toks[k][1])
            k += 1
        out.append("".join(tail).rstrip() + " {" + never + "}")
        return k

    def _opener_of(self, i: int) -> int:
        """The index of the bracket that encloses token ``i``."""
        for a, b in self.match.items():
            if a < i < b and all(not (a < a2 < i < b2 < b) for a2, b2 in self.match.items()):
                return a
        return -1

    def _label_predicate(self, i: int, colon: int, b: int, out: list[str]) -> int:
        if self.clause == "set":
            _refuse(_("adding or removing labels (each node has exactly one label)"))
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
                    _refuse(_("map projection {var} {{.*}} (list the properties)", var=var))
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
            _refuse(_("shortestPath() needs a variable-length relationship like [:T*..6]"))
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
            _(
                "list index [{index}]: only integer literals (and slices of them) "
                "can be translated, because Ladybug counts from 1",
                index=self.source(a, b),
            )
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
    return translate(cypher).text


def translate(cypher: str, tables: Tables | None = None) -> Translation:
    """:func:`rewrite_for_embedded`, and with ``tables`` unknown labels match nothing.

    Neo4j answers ``MATCH (x:NoSuchLabel) RETURN count(x)`` with 0 and a warning;
    Ladybug refuses a table it does not have. Given the store's ``tables``, a label
    or type it lacks is rewritten to match nothing, and the warning is returned.

    >>> t = translate("MATCH (x:Nope) RETURN count(x) AS n",
    ...               Tables(frozenset({"County", "Town"}), frozenset({"PART_OF"})))
    >>> t.text, t.warnings
    ("MATCH (x:`County`:`Town` {id: ' '}) RETURN count(x) AS n", ['label Nope does not exist'])
    """
    m = _DB_CALL.match(cypher)
    if m:
        kind, column = _DB_CALLS[m.group(1).lower()]
        return Translation(f"CALL show_tables() WHERE type = '{kind}' RETURN name AS {column}")
    rw = _Rewriter(cypher, tables)
    if not rw.balanced:
        return Translation(cypher)
    text = rw.render(0, len(rw.toks))
    return Translation(text, rw.warnings)
