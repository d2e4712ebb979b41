"""Validate raw tables against the schema and produce a typed :class:`Dataset`.

Every table is checked before anything is written, and every problem is
collected (not just the first) as ``table:row:column: message``.

Accepted forms (documented in the README):

* numbers: ASCII or full-width digits (``１２３`` is read as ``123``), an
  optional sign and decimal point, and thousands separators only in the strict
  form ``1,234,567``; anything else is refused;
* booleans: the words listed in ``loaders/aliases.toml`` (``true``/``false``,
  ``是``/``否`` …);
* dates: ``YYYY-MM-DD`` (also ``YYYY/MM/DD`` and ``YYYY.MM.DD``), stored as ISO text;
* enums: the contract's values or the value aliases in ``loaders/aliases.toml``;
* references: an id of the referenced table, or a ``name_zh``/``name_en`` that
  names exactly one row of it (replaced by that row's id);
* identities (``id``, reference and key columns): NFKC-normalised (``５１０００１`` is
  ``510001``) with invisible characters removed (zero-width, BOM, NUL and other
  control or format characters such as bidi marks), so that text that only looks
  the same is the same id;
* plausible values: years (``year``, ``since``, ``*_year`` and the year of a date)
  between 1949 and 2100, amounts up to 10^13 yuan
  (:class:`~assistgraph.settings.Limits`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema
from .errors import InputError, Problem
from .i18n import gettext
from .read import Aliases, RawTable, load_aliases, read_dataset
from .settings import Limits

__all__ = [
    "Dataset",
    "convert",
    "identity",
    "read_and_validate",
    "task_forces",
    "validate_tables",
]


_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
#: Largest number accepted: beyond it integers lose precision (and may not fit INT64).
_LARGEST = 2**53 - 1
_DEFAULT_LIMITS = Limits()


@dataclass
class Dataset:
    """A validated dataset: typed rows per table, ready to load.

    Each row is a dict of the table's columns (``None`` where empty) plus the
    unknown columns as strings, ``source``/``confidence``, and ``_row`` (its row
    number in the input, for evidence and messages).
    """

    tables: dict[str, list[dict[str, Any]]]
    extras: dict[str, list[str]] = field(default_factory=dict)
    path: str = ""

    def rows(self, table: str) -> list[dict[str, Any]]:
        """The rows of ``table`` (an empty list if the dataset has none)."""
        return self.tables.get(table, [])

    def counts(self) -> dict[str, int]:
        return {t: len(rows) for t, rows in self.tables.items()}


def _number(text: str) -> float | None:
    text = unicodedata.normalize("NFKC", text).strip()
    if not _NUMBER.match(text):
        return None
    return float(text.replace(",", ""))


def identity(text: str) -> str:
    """An id or key as compared: NFKC, invisible characters removed, outer spaces stripped.

    >>> identity("\ufeff５１０００１\u200b")
    '510001'
    """
    text = unicodedata.normalize("NFKC", text)
    if not text.isprintable():  # Cc (NUL, controls), Cf (zero-width, BOM, bidi), Zl, Zp …
        text = "".join(ch for ch in text if unicodedata.category(ch) not in _INVISIBLE)
    return text.strip()


_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cn", "Zl", "Zp"})
_YEAR_COLUMNS = frozenset({"year", "since"})


def _is_year(col: schema.Column) -> bool:
    return col.type == "int" and (col.name in _YEAR_COLUMNS or col.name.endswith("_year"))


def _plausible(col: schema.Column, value: float, text: str, limits: Limits) -> str | None:
    """Why a number cannot be right for its column (a year, an amount), or None."""
    if _is_year(col) and not limits.year_min <= value <= limits.year_max:
        return gettext(
            "year {text!r} is outside {first}–{last}",
            text=text,
            first=limits.year_min,
            last=limits.year_max,
        )
    cny = value * schema.WAN if col.name == "amount_wan" else value
    if col.name in _AMOUNTS and cny > limits.max_amount_cny:
        return gettext(
            "amount {text!r} is implausibly large (more than {most:g} yuan)",
            text=text,
            most=limits.max_amount_cny,
        )
    return None


_AMOUNTS = frozenset({"amount_cny", "amount_wan", "size_cny"})


def convert(
    col: schema.Column, text: str, aliases: Aliases, *, limits: Limits | None = None
) -> tuple[Any, str | None]:
    """Convert one cell to the column's type; return ``(value, error message or None)``."""
    kind = col.type
    if kind in ("int", "float"):
        value = _number(text)
        if value is None:
            return None, gettext("not a number: {text!r}", text=text)
        if abs(value) > _LARGEST:  # inf, or an integer a double cannot hold exactly
            return None, gettext(
                "number too large (at most {largest}): {text!r}", largest=_LARGEST, text=text
            )
        if col.min is not None and value < col.min:
            return None, gettext("must be ≥ {min:g}, got {text!r}", min=col.min, text=text)
        if why := _plausible(col, value, text, limits or _DEFAULT_LIMITS):
            return None, why
        if kind == "int":
            if not value.is_integer():
                return None, gettext("not a whole number: {text!r}", text=text)
            return int(value), None
        return value, None
    if kind == "year":  # a whole year, or a full date read as its year
        m = _DATE.match(unicodedata.normalize("NFKC", text).strip())
        if m:
            value, err = convert(schema.Column(col.name, "date"), text, aliases)
            return (None, err) if err else (int(m[1]), None)
        value, err = convert(schema.Column(col.name, "int"), text, aliases)
        if err is None and not 1000 <= value <= 9999:
            return None, gettext("not a year (YYYY or YYYY-MM-DD): {text!r}", text=text)
        return value, err
    if kind == "bool":
        low = unicodedata.normalize("NFKC", text).strip().casefold()
        if low in aliases.true:
            return True, None
        if low in aliases.false:
            return False, None
        return None, gettext("not a boolean (true/false, 是/否): {text!r}", text=text)
    if kind == "date":
        m = _DATE.match(unicodedata.normalize("NFKC", text).strip())
        if not m:
            return None, gettext("not a date (YYYY-MM-DD): {text!r}", text=text)
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None, gettext("impossible date: {text!r}", text=text)
        lim = limits or _DEFAULT_LIMITS
        if not lim.year_min <= day.year <= lim.year_max:
            return None, gettext(
                "date {text!r} is outside the years {first}–{last}",
                text=text,
                first=lim.year_min,
                last=lim.year_max,
            )
        return day.isoformat(), None
    if kind == "list":
        parts = [p.strip() for p in re.split(r"[;；]", text)]
        return [p for p in parts if p], None
    if col.enum is not None:
        norm = unicodedata.normalize("NFKC", text).strip()
        value = aliases.values.get(col.name, {}).get(norm, norm)
        if value not in col.enum:
            return None, gettext(
                "{text!r} is not one of {allowed}", text=text, allowed=", ".join(col.enum)
            )
        return value, None
    return text, None


def _typed_rows(
    raw: RawTable, aliases: Aliases, problems: list[Problem], limits: Limits | None = None
) -> list[dict[str, Any]]:
    table = schema.TABLES_BY_NAME[raw.name]
    cols = [*table.columns, *schema.PROVENANCE]
    ids = {c.name for c in table.columns if c.name == "id" or c.ref or c.name in table.key}
    present = set(raw.columns)
    for col in table.columns:
        if col.required and col.name not in present:
            problems.append(Problem(raw.name, 1, col.name, gettext("required column is missing")))
    if raw.name in schema.AMOUNT_TABLES and not {"amount_cny", "amount_wan"} & present:
        problems.append(
            Problem(raw.name, 1, "amount_cny", gettext("needs a column amount_cny or amount_wan"))
        )
    out: list[dict[str, Any]] = []
    for rownum, values in raw.rows:
        row: dict[str, Any] = {"_row": rownum}
        for col in cols:
            text = values.get(col.name)
            if text is not None and col.name in ids and col.type in ("str", "list"):
                text = identity(text) or None
            if text is None:
                row[col.name] = [] if col.type == "list" else None
                if col.required and col.name in present:
                    problems.append(
                        Problem(raw.name, rownum, col.name, gettext("required value is empty"))
                    )
                continue
            value, err = convert(col, text, aliases, limits=limits)
            if err:
                problems.append(Problem(raw.name, rownum, col.name, err))
            row[col.name] = value
        for extra in raw.extra_columns:
            row[extra] = values.get(extra)
        if raw.name in schema.AMOUNT_TABLES:
            _amount(raw.name, rownum, row, values, problems)
        out.append(row)
    return out


def _amount(
    table: str,
    rownum: int,
    row: dict[str, Any],
    values: dict[str, str | None],
    problems: list[Problem],
) -> None:
    has_cny = values.get("amount_cny") is not None
    has_wan = values.get("amount_wan") is not None
    if has_cny and has_wan:
        problems.append(
            Problem(
                table, rownum, "amount_wan", gettext("both amount_cny and amount_wan; give one")
            )
        )
    elif not has_cny and not has_wan:
        problems.append(
            Problem(
                table, rownum, "amount_cny", gettext("no amount: give amount_cny or amount_wan")
            )
        )
    elif has_wan and row.get("amount_wan") is not None:
        row["amount_cny"] = round(row["amount_wan"] * schema.WAN, 2)
    row.pop("amount_wan", None)


def _index(rows: list[dict[str, Any]]) -> tuple[set[str], dict[str, list[str]]]:
    ids = {r["id"] for r in rows if r.get("id") is not None}
    names: dict[str, list[str]] = {}
    for r in rows:
        for key in ("name_zh", "name_en"):
            if r.get(key) and r.get("id") is not None:
                names.setdefault(identity(r[key]), []).append(r["id"])
    return ids, names


def _check_refs(
    tables: dict[str, list[dict[str, Any]]], problems: list[Problem], unreadable: set[str]
) -> None:
    index = {name: _index(rows) for name, rows in tables.items()}
    for tname, rows in tables.items():
        table = schema.TABLES_BY_NAME[tname]
        for col in table.columns:
            if col.ref is None or col.ref in unreadable:
                continue  # no reference check against a table that could not be read
            ids, names = index.get(col.ref, (set(), {}))
            for row in rows:
                value = row.get(col.name)
                if value is None or value == []:
                    continue
                values = value if isinstance(value, list) else [value]
                resolved = []
                for v in values:
                    if v in ids:
                        resolved.append(v)
                    elif len(names.get(v, [])) == 1:
                        resolved.append(names[v][0])
                    else:
                        why = (
                            gettext(
                                "names {n} rows of {table}; use the id",
                                n=len(names[v]),
                                table=col.ref,
                            )
                            if v in names
                            else gettext("unknown {table} id {value!r}", table=col.ref, value=v)
                        )
                        problems.append(Problem(tname, row["_row"], col.name, why))
                        resolved.append(v)
                row[col.name] = resolved if isinstance(value, list) else resolved[0]


def _check_keys(tables: dict[str, list[dict[str, Any]]], problems: list[Problem]) -> None:
    for tname, rows in tables.items():
        table = schema.TABLES_BY_NAME[tname]
        seen: dict[tuple[Any, ...], int] = {}
        for row in rows:
            key = tuple(row.get(k) for k in table.key)
            if any(k is None for k in key):
                continue  # reported as a missing required value
            if key in seen:
                problems.append(
                    Problem(
                        tname,
                        row["_row"],
                        "+".join(table.key),
                        gettext(
                            "duplicate key {key} (first at row {row})",
                            key="/".join(map(str, key)),
                            row=seen[key],
                        ),
                    )
                )
            else:
                seen[key] = row["_row"]


def validate_tables(
    raw_tables: dict[str, RawTable],
    *,
    problems: list[Problem] | None = None,
    path: str = "",
    limits: Limits | None = None,
) -> Dataset:
    """Validate raw tables; raise :class:`InputError` with every problem found.

    Parameters
    ----------
    raw_tables : dict
        Table name → :class:`~assistgraph.read.RawTable`, as read by
        :func:`~assistgraph.read.read_dataset`.
    problems : list of Problem, optional
        Problems found while reading, reported together with these.
    """
    aliases = load_aliases()
    limits = limits or Limits.from_env()
    problems = list(problems or [])
    unopened = any(p.table not in schema.TABLES_BY_NAME for p in problems)  # a whole file
    for t in schema.TABLES:
        refused = any(p.table == t.name and p.row for p in problems)  # refused whole
        if t.required_table and t.name not in raw_tables and not (unopened or refused):
            problems.append(Problem(t.name, 0, "", gettext("required table is missing")))
    tables = {name: _typed_rows(raw, aliases, problems, limits) for name, raw in raw_tables.items()}
    unreadable = {p.table for p in problems} - set(raw_tables)  # missing, or refused whole
    _check_refs(tables, problems, unreadable)
    _check_keys(tables, problems)
    if problems:
        order = {t.name: i for i, t in enumerate(schema.TABLES)}
        problems.sort(key=lambda p: (order.get(p.table, len(order)), p.row))
        raise InputError(problems)
    extras = {name: list(raw.extra_columns) for name, raw in raw_tables.items()}
    forces = task_forces(tables.get("tasks", []), tables.get("counties", []))
    if forces:
        tables["task_forces"] = forces
    return Dataset(tables=tables, extras=extras, path=path)


def task_forces(
    tasks: list[dict[str, Any]], counties: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Rows of the derived ``task_forces`` table: one per county with a task naming no provider.

    A task without ``provider_id`` is the responsibility of its county's task force
    (工作专班): the graph gets a ``TaskForce`` node for it (``TASK_FORCE_OF`` the county,
    ``RESPONSIBLE_FOR`` the task).

    >>> task_forces([{"id": "T1", "county_id": "c1", "provider_id": None}],
    ...             [{"id": "c1", "name_zh": "一县", "name_en": "One"}])[0]["name_zh"]
    '一县工作专班'
    """
    names = {c.get("id"): c for c in counties}
    own: dict[str, list[str]] = {}
    for t in tasks:
        if t.get("provider_id") is None and t.get("county_id") is not None:
            own.setdefault(str(t["county_id"]), []).append(str(t["id"]))
    rows: list[dict[str, Any]] = []
    for c, ids in sorted(own.items()):
        county = names.get(c, {})
        en = county.get("name_en")
        rows.append(
            {
                "id": schema.task_force_id(c),
                "name_zh": f"{county.get('name_zh') or c}工作专班",
                "name_en": f"{en} task force" if en else None,
                "county_id": c,
                "task_ids": sorted(ids),
                "source": None,
                "confidence": None,
                "_row": 0,
            }
        )
    return rows


def read_and_validate(
    path: str | Path, *, encoding: str | None = None, limits: Limits | None = None
) -> Dataset:
    """Read and validate a dataset folder or workbook; raise :class:`InputError` on problems.

    Examples
    --------
    >>> from assistgraph import read_and_validate
    >>> ds = read_and_validate("examples/sichuan")  # doctest: +SKIP
    >>> len(ds.rows("counties"))  # doctest: +SKIP
    39
    """
    raw, problems = read_dataset(path, encoding=encoding, limits=limits)
    return validate_tables(raw, problems=problems, path=str(path), limits=limits)
