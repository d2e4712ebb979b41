"""What "read-only" means for an ad-hoc statement: an allowlist, not a denylist.

A statement runs without ``--write`` only if every part of it is a kind of statement
that reads the graph and nothing else:

* it starts with ``MATCH``, ``OPTIONAL MATCH``, ``WITH``, ``UNWIND``, ``RETURN`` or
  ``CALL`` (each part of a ``;``-separated script, and ``EXPLAIN``/``PROFILE`` in front
  of one is fine);
* no clause in it writes or reaches outside the graph: ``CREATE``, ``MERGE``, ``SET``,
  ``DELETE``, ``DETACH``, ``REMOVE``, ``FOREACH``, ``LOAD`` (``LOAD CSV``, ``LOAD
  EXTENSION``, ``LOAD FROM``), ``COPY``, ``INSTALL``, ``ATTACH``, ``EXPORT``, ``IMPORT``,
  ``USE``, ``DROP``, ``ALTER``, ``BEGIN``, ``COMMIT``, ``ROLLBACK``, ``CHECKPOINT``,
  ``TRUNCATE``, and ``CALL { … } IN TRANSACTIONS``;
* every procedure it calls is one of :data:`READ_PROCEDURES` (the procedures that
  list the schema, the server's version and the GDS catalog); ``CALL { … }``
  subqueries are checked like the rest.

Keywords are recognised as tokens (strings, comments, backticked names, property keys
``n.set`` and map keys ``{set: 1}`` are not keywords), so ``WHERE c.name = 'CREATE'``
reads. Anything else is refused with :class:`~assistgraph.errors.WriteRefused`; the
stores add their own guard underneath (read-only database / read transactions).
"""

from __future__ import annotations

from typing import NoReturn

from ..errors import WriteRefused
from ..i18n import _
from .lexer import significant_tokens

__all__ = ["READ_PROCEDURES", "ensure_read_only"]

#: Statement starts that read.
_READ_STARTS = frozenset({"match", "optional", "with", "unwind", "return", "call"})
#: Words that make a statement write or reach outside the graph (files, network, code).
_WRITE_WORDS = frozenset(
    {
        "create",
        "merge",
        "set",
        "delete",
        "detach",
        "remove",
        "foreach",
        "load",
        "copy",
        "install",
        "attach",
        "export",
        "import",
        "use",
        "drop",
        "alter",
        "begin",
        "commit",
        "rollback",
        "checkpoint",
        "truncate",
        "grant",
        "deny",
        "revoke",
    }
)
#: Procedures (Neo4j) and table functions (Ladybug) that only list the schema.
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "dbms.components",
        "gds.version",
        "gds.graph.list",
        "show_tables",
        "table_info",
        "show_connection",
    }
)


def _refuse(what: str) -> NoReturn:
    msg = _("this statement is not read-only ({what})", what=what)
    raise WriteRefused(msg)


def ensure_read_only(cypher: str) -> None:
    """Raise :class:`~assistgraph.errors.WriteRefused` unless ``cypher`` only reads.

    >>> ensure_read_only("MATCH (c:County) WHERE c.name_zh = 'CREATE' RETURN c.set")
    >>> ensure_read_only("COPY (MATCH (c) RETURN c.id) TO 'out.csv'")
    Traceback (most recent call last):
    ...
    assistgraph.errors.WriteRefused: this statement is not read-only (COPY)
    """
    toks = significant_tokens(cypher)
    starts = True  # at the start of a statement
    for i, (kind, text) in enumerate(toks):
        if kind == "op":
            if text == ";":
                starts = True
            continue
        if kind != "ident" or text.startswith("`"):
            starts = False
            continue
        prev = toks[i - 1][1] if i else ""
        nxt = toks[i + 1][1] if i + 1 < len(toks) else ""
        if prev in (".", ":", "$") or (nxt == ":" and prev in ("{", ",")):
            starts = False  # a property, label or map key, not a keyword
            continue
        word = text.lower()
        if starts:
            starts = False
            if word in ("explain", "profile"):
                starts = True
                continue
            if word not in _READ_STARTS:
                _refuse(text.upper())
        if word in _WRITE_WORDS:
            _refuse(text.upper())
        if word == "in" and nxt.lower() == "transactions":
            _refuse("CALL { … } IN TRANSACTIONS")
        if word == "call":
            _check_call(toks, i + 1)


def _check_call(toks: list[tuple[str, str]], j: int) -> None:
    """``CALL name.name(…)``: only the allowlisted procedures; ``CALL {``/``CALL (`` pass."""
    if j < len(toks) and toks[j][1] in ("{", "("):
        return  # a subquery: its clauses are checked as the scan goes on
    parts: list[str] = []
    while j < len(toks) and toks[j][0] == "ident":
        parts.append(toks[j][1].strip("`").lower())
        if j + 1 < len(toks) and toks[j + 1][1] == ".":
            j += 2
            continue
        break
    name = ".".join(parts)
    if name not in READ_PROCEDURES:
        _refuse(f"CALL {name or '…'}")
