"""The saved-query library: ``cypher/*.cypher`` files with a small header.

Each file starts with comment lines that name and describe it::

    // name: overdue-tasks
    // description: Open tasks past their due date, by responsible provider.
    // params: as_of (date) — the day to compare due dates with, YYYY-MM-DD
    MATCH …

``// params:`` may repeat (one parameter per line) or say ``none``. A parameter
is ``key (type) — meaning`` or ``key (type, default VALUE) — meaning``; types are
``str``, ``int``, ``float``, ``bool`` and ``date`` (an ISO ``YYYY-MM-DD`` string,
as dates are stored). Values given on the command line are converted to the
declared type, so ``--param county=513431`` matches the string id ``"513431"``.

The text is Neo4j Cypher that runs unchanged on Neo4j and, through
:func:`assistgraph.store.translate.rewrite_for_embedded`, on the embedded store.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._resources import data_dir
from .errors import AssistgraphError, QueryError
from .i18n import N_, _
from .output import width

if TYPE_CHECKING:
    from .store.base import QueryResult, Store

__all__ = [
    "Param",
    "SavedQuery",
    "load_query",
    "parse_params",
    "parse_query",
    "run",
    "run_saved",
    "saved_queries",
]

TYPES = ("str", "int", "float", "bool", "date")
_HEADER = re.compile(r"^//\s*(name|description|params)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<key>\w+)\s*\((?P<type>\w+)(?:\s*,\s*default\s+(?P<default>[^)]*?))?\)"
    r"\s*(?:—|–|--|-|:)?\s*(?P<meaning>.*)$"
)
_TRUE = ("true", "yes", "1", "是")
_FALSE = ("false", "no", "0", "否")


class SavedQueryError(AssistgraphError, ValueError):
    """A saved-query file is malformed, unknown, or given the wrong parameters."""


@dataclass(frozen=True)
class Param:
    """One parameter of a saved query."""

    name: str
    type: str
    meaning: str = ""
    default: Any = None

    @property
    def required(self) -> bool:
        return self.default is None

    def convert(self, value: Any) -> Any:
        """``value`` (a command-line string or a Python value) as this parameter's type."""
        try:
            return _convert(self.type, value)
        except (TypeError, ValueError) as e:
            msg = _(
                "parameter {name!r} must be a {type}, got {value!r}",
                name=self.name,
                type=_(_TYPE_WORDS[self.type]),
                value=value,
            )
            raise SavedQueryError(msg) from e

    def __str__(self) -> str:
        if self.required:
            text = _("{name} ({type})", name=self.name, type=self.type)
        else:
            text = _(
                "{name} ({type}, default {default})",
                name=self.name,
                type=self.type,
                default=self.default,
            )
        return text + (f" — {_(self.meaning)}" if self.meaning else "")


_TYPE_WORDS = {
    "str": N_("string"),
    "int": N_("whole number"),
    "float": N_("number"),
    "bool": N_("boolean (true/false)"),
    "date": N_("date written YYYY-MM-DD"),
}


def _convert(type_: str, value: Any) -> Any:
    if type_ == "str":
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if type_ == "int":
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(value)
        return int(value)
    if type_ == "float":
        if isinstance(value, bool):
            raise ValueError(value)
        return float(value)
    if type_ == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise ValueError(value)
    # dates are stored as ISO strings: check the form, keep the string
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(value)
    dt.date.fromisoformat(text)
    return text


@dataclass(frozen=True)
class SavedQuery:
    """A saved query: its name, one-line description, parameters and Cypher text."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path | None = None

    def bind(self, given: dict[str, Any] | None = None) -> dict[str, Any]:
        """The parameters to run with: ``given`` converted, defaults filled in.

        Raises :class:`SavedQueryError` for a missing, unknown or ill-typed parameter.
        """
        given = dict(given or {})
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            has = ", ".join(known) or _("none")
            msg = _(
                "saved query {query!r} has no parameter {param!r} (its parameters: {has})",
                query=self.name,
                param=unknown[0],
                has=has,
            )
            raise SavedQueryError(msg)
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in given:
                out[p.name] = p.convert(given[p.name])
            elif p.required:
                msg = _(
                    "saved query {query!r} needs --param {param}=VALUE ({spec})",
                    query=self.name,
                    param=p.name,
                    spec=p,
                )
                raise SavedQueryError(msg)
            else:
                out[p.name] = p.convert(p.default)
        return out


def parse_query(text: str, *, name: str | None = None, path: Path | None = None) -> SavedQuery:
    """Parse a saved-query file's text (header comments, then Cypher)."""
    where = str(path) if path else (name or "saved query")
    fields: dict[str, str] = {}
    params: list[Param] = []
    body: list[str] = []
    in_header, in_params = True, False
    for line in text.splitlines():
        stripped = line.strip()
        if in_header and stripped.startswith("//"):
            m = _HEADER.match(stripped)
            if m:
                key, value = m.groups()
                in_params = key == "params"
                if key == "params":
                    if value and value.lower() != "none":
                        params.append(_param(value, where))
                else:
                    fields[key] = value
                continue
            rest = stripped[2:].strip()
            if in_params and rest:
                params.append(_param(rest, where))
            continue
        if in_header and not stripped:
            continue
        in_header = False
        body.append(line)
    for key in ("name", "description"):
        if not fields.get(key):
            msg = _("{where}: the header has no '// {key}: …' line", where=where, key=key)
            raise SavedQueryError(msg)
    if name is not None and fields["name"] != name:
        msg = _(
            "{where}: '// name: {header}' differs from the file name {name!r}",
            where=where,
            header=fields["name"],
            name=name,
        )
        raise SavedQueryError(msg)
    cypher = "\n".join(body).strip().rstrip(";").strip()
    if not cypher:
        msg = _("{where}: no Cypher after the header", where=where)
        raise SavedQueryError(msg)
    return SavedQuery(fields["name"], fields["description"], tuple(params), cypher, path)


def _param(spec: str, where: str) -> Param:
    m = _PARAM.match(spec)
    if not m:
        msg = _(
            "{where}: cannot read parameter {spec!r}; write 'key (type) — meaning'",
            where=where,
            spec=spec,
        )
        raise SavedQueryError(msg)
    type_ = m["type"]
    if type_ not in TYPES:
        msg = _(
            "{where}: parameter {key!r} has unknown type {type!r}; use one of {types}",
            where=where,
            key=m["key"],
            type=type_,
            types=TYPES,
        )
        raise SavedQueryError(msg)
    p = Param(m["key"], type_, m["meaning"].strip())
    if m["default"] is not None:
        p = Param(p.name, p.type, p.meaning, p.convert(m["default"].strip()))
    return p


def query_dir() -> Path:
    """The folder of the saved queries (``cypher/``, or ``assistgraph/_data/cypher``)."""
    return data_dir("cypher")


def saved_queries(directory: Path | None = None) -> list[SavedQuery]:
    """Every saved query, sorted by name."""
    folder = directory or query_dir()
    return [
        parse_query(p.read_text(encoding="utf-8"), name=p.stem, path=p)
        for p in sorted(folder.glob("*.cypher"))
    ]


def load_query(name: str, directory: Path | None = None) -> SavedQuery:
    """The saved query ``name`` (the file name without ``.cypher``)."""
    folder = directory or query_dir()
    path = folder / f"{name}.cypher"
    if not re.fullmatch(r"[\w.-]+", name) or not path.is_file():
        names = sorted(p.stem for p in folder.glob("*.cypher"))
        close = difflib.get_close_matches(name, names, n=1)
        if close:
            msg = _(
                "no saved query {name!r}; did you mean {close!r}? "
                "('assistgraph cypher --list' shows them all)",
                name=name,
                close=close[0],
            )
        else:
            msg = _(
                "no saved query {name!r} ('assistgraph cypher --list' shows them all)", name=name
            )
        raise SavedQueryError(msg)
    return parse_query(path.read_text(encoding="utf-8"), name=name, path=path)


def listing(library: list[SavedQuery]) -> str:
    """Names and descriptions (in the language in use), one query a line, aligned."""
    w = max((width(q.name) for q in library), default=0)
    return "\n".join(f"{q.name}{' ' * (w - width(q.name))}  {_(q.description)}" for q in library)


def parse_params(items: tuple[str, ...] | list[str], *, typed: bool = True) -> dict[str, Any]:
    """``key=value`` strings as a dict; values are JSON where they parse if ``typed``.

    Saved queries take the raw strings (``typed=False``) and convert them to the
    declared types, so that ``county=513431`` stays the string ``"513431"``.
    """
    params: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"\w+", key):
            msg = _("expected --param key=value, got {item!r}", item=item)
            raise QueryError(msg)
        if typed:
            try:
                params[key] = json.loads(raw)
            except json.JSONDecodeError:
                params[key] = raw
        else:
            params[key] = raw
    return params


def run(
    store: Store,
    cypher: str,
    params: dict[str, Any] | None = None,
    *,
    write: bool = False,
    timeout: float | None = None,
) -> QueryResult:
    """Run an ad-hoc statement (read-only unless ``write``) and return its rows."""
    return store.query(cypher, params or {}, write=write, timeout=timeout)


def run_saved(
    store: Store,
    name: str | SavedQuery,
    params: dict[str, Any] | None = None,
    *,
    timeout: float | None = None,
) -> QueryResult:
    """Run a saved query (always read-only) with ``params`` converted to their types."""
    q = name if isinstance(name, SavedQuery) else load_query(name)
    return store.query(q.text, q.bind(params), timeout=timeout)
