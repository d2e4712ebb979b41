"""Many sources in one load: workbooks and folders, merged before validation.

The 39 county task forces and the five forces each send a workbook (or a folder of
CSV files); :func:`read_sources` reads every one with the per-source reader
(:func:`assistgraph.read.read_dataset`), merges the tables, and validates the whole
as one dataset, so that references may cross sources (a county's pairings name
providers from the forces' roster).

* **Provenance.** Every row keeps where it came from: ``source_file``,
  ``source_sheet`` (workbooks) and ``source_row`` become properties of the node or
  relationship it creates (unless the input already gives them: a file written by
  ``assistgraph export`` keeps its facts' first origins, so it loads back unchanged).
* **Duplicates.** The same key in two sources is fine when the rows say the same
  (compared as typed values: ``长期`` and ``long``, ``1,000`` and ``1000`` are equal;
  the later copy is dropped); when they differ it is an error naming both places.
  A key twice in one source is an error, as for one dataset. References are compared
  as written: a county given by name in one source and by id in the other differs.
* **All or nothing.** Every problem of every source is reported at once, each named
  by its file (and sheet) and its row there, and nothing is written.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import schema
from .errors import InputError, Problem
from .i18n import N_, gettext
from .read import RawTable, load_aliases, read_dataset
from .validate import Dataset, convert, validate_tables

__all__ = ["Origin", "read_sources"]

_LOCATION = tuple(c.name for c in schema.LOCATION)
#: the validator's duplicate-key message (its row is a row of the merged table)
_DUPLICATE = N_("duplicate key {key} (first at row {row})")


def _duplicate_pattern() -> re.Pattern[str]:
    """:data:`_DUPLICATE` in the language in use, as a pattern with ``key`` and ``row``."""
    text = re.escape(gettext(_DUPLICATE))
    text = text.replace(re.escape("{key}"), "(?P<key>.*?)", 1)
    return re.compile("^" + text.replace(re.escape("{row}"), r"(?P<row>\d+)", 1) + "$")


@dataclass(frozen=True)
class Origin:
    """Where one table of one source was read: the file, and the sheet of a workbook."""

    file: str
    sheet: str | None = None

    @property
    def where(self) -> str:
        """``book.xlsx[县]`` or ``folder/counties.csv``."""
        return f"{self.file}[{self.sheet}]" if self.sheet else self.file


@dataclass
class _Segment:
    """The rows of one table from one source: global row numbers ``offset + local``."""

    offset: int
    origin: Origin


def _is_workbook(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in (".xlsx", ".xlsm")


def _origin(path: Path, raw: RawTable) -> Origin:
    if _is_workbook(path):
        return Origin(str(path), raw.file)
    return Origin(str(path / raw.file))


def _typed(table: schema.Table, column: str, text: str | None) -> Any:
    """A key cell as ``load`` reads it (``派入`` is ``to_county``), else its text."""
    if text is None:
        return None
    value, err = convert(table.column(column), text, load_aliases())
    return unicodedata.normalize("NFKC", text).strip() if err else value


def _canon(table: schema.Table, values: dict[str, str | None]) -> dict[str, Any]:
    """A row's values as typed (where they convert), without its location, for comparing."""
    aliases = load_aliases()
    out: dict[str, Any] = {}
    cols = {c.name: c for c in (*table.columns, *schema.PROVENANCE)}
    for name, text in values.items():
        if name in _LOCATION or text is None:
            continue
        col = cols.get(name)
        value: Any = text
        if col is not None:
            typed, err = convert(col, text, aliases)
            value = text if err else typed
        out[name] = value
    if isinstance(out.get("amount_wan"), float):
        out["amount_cny"] = round(out.pop("amount_wan") * schema.WAN, 2)
    return out


def _merge(
    name: str,
    parts: list[tuple[Origin, RawTable]],
    segments: list[_Segment],
    problems: list[Problem],
) -> RawTable:
    """One table from the same table of several sources (identical duplicates dropped)."""
    if len(parts) == 1:  # one source: nothing to merge (global row = its own row)
        segments.append(_Segment(0, parts[0][0]))
        return parts[0][1]
    table = schema.TABLES_BY_NAME[name]
    columns = list(dict.fromkeys(c for _, raw in parts for c in raw.columns))
    extras = list(dict.fromkeys(c for _, raw in parts for c in raw.extra_columns))
    merged = RawTable(name, parts[0][1].file, columns, extra_columns=extras)
    seen: dict[tuple[Any, ...], tuple[int, int, dict[str, str | None]]] = {}
    offset = 0
    for i, (origin, raw) in enumerate(parts):
        segments.append(_Segment(offset, origin))
        for rownum, values in raw.rows:
            key = tuple(_typed(table, k, values.get(k)) for k in table.key)
            first = seen.get(key) if None not in key else None
            if first is not None and first[0] != i:
                _conflict(table, parts, first, (i, rownum, values), problems)
                continue  # the same fact twice (or a conflict, reported): keep the first
            if None not in key and first is None:
                seen[key] = (i, rownum, values)
            merged.rows.append((offset + rownum, values))
        offset += max((r for r, _ in raw.rows), default=1) + 1
    return merged


def _conflict(
    table: schema.Table,
    parts: list[tuple[Origin, RawTable]],
    first: tuple[int, int, dict[str, str | None]],
    later: tuple[int, int, dict[str, str | None]],
    problems: list[Problem],
) -> None:
    """Report a key given with different values in two sources."""
    a, b = _canon(table, first[2]), _canon(table, later[2])
    if a == b:
        return
    column = next(c for c in [*a, *b] if a.get(c) != b.get(c))
    key = "/".join(str(later[2].get(k)) for k in table.key)
    problems.append(
        Problem(
            parts[later[0]][0].where,
            later[1],
            column,
            gettext(
                "{table} {key} differs from {where} row {row}: {column} is {there} there, "
                "{here} here",
                table=table.name,
                key=key,
                where=parts[first[0]][0].where,
                row=first[1],
                column=column,
                there=repr(a.get(column)),
                here=repr(b.get(column)),
            ),
        )
    )


def _locate(segments: list[_Segment], row: int) -> tuple[_Segment, int]:
    starts = [s.offset for s in segments]
    seg = segments[bisect.bisect_right(starts, row) - 1]
    return seg, row - seg.offset


def _where(segments: list[_Segment], row: int) -> str:
    seg, local = _locate(segments, row)
    return gettext("{where} row {row}", where=seg.origin.where, row=local)


def _relocate(
    problems: Iterable[Problem],
    segments: dict[str, list[_Segment]],
    read_where: dict[int, str],
) -> list[Problem]:
    """Problems named by source file (and sheet) and the row there, not the merged row."""
    out = []
    duplicate = _duplicate_pattern()
    for p in problems:
        if id(p) in read_where:
            out.append(Problem(read_where[id(p)], p.row, p.column, p.message))
            continue
        segs = segments.get(p.table)
        if not segs or p.row <= 0:
            out.append(p)
            continue
        seg, row = _locate(segs, p.row)
        message = p.message
        if m := duplicate.match(p.message):
            message = gettext(
                "duplicate key {key} (first at {where})",
                key=m["key"],
                where=_where(segs, int(m["row"])),
            )
        out.append(Problem(seg.origin.where, row, p.column, message))
    return out


def read_sources(
    paths: str | Path | Sequence[str | Path], *, encoding: str | None = None
) -> Dataset:
    """Read and validate any number of workbooks and dataset folders as one dataset.

    Parameters
    ----------
    paths : path or sequence of paths
        ``.xlsx`` workbooks and folders of CSV files, in the order given (where a
        key comes twice with the same values, the first copy is kept).
    encoding : str, optional
        Encoding of the CSV files (default: UTF-8, else GB18030 detected).

    Returns
    -------
    Dataset
        Every row with ``source_file``, ``source_sheet`` (``None`` for CSV) and
        ``source_row`` filled in, unless the input gives them.

    Raises
    ------
    InputError
        With every problem of every source; with more than one source each is
        named ``file[sheet]:row:column``, the file as given.

    Examples
    --------
    >>> ds = read_sources(["examples/sichuan"])  # doctest: +SKIP
    >>> ds.rows("counties")[0]["source_file"]  # doctest: +SKIP
    'examples/sichuan/counties.csv'
    """
    paths = [paths] if isinstance(paths, str | Path) else list(paths)
    if not paths:
        raise InputError(
            [Problem("sources", 0, "", gettext("no dataset folder or workbook given"))]
        )
    many = len(paths) > 1
    parts: dict[str, list[tuple[Origin, RawTable]]] = {}
    problems: list[Problem] = []
    read_where: dict[int, str] = {}
    for given in paths:
        path = Path(given)
        tables, probs = read_dataset(path, encoding=encoding)
        for raw in tables.values():
            parts.setdefault(raw.name, []).append((_origin(path, raw), raw))
        for p in probs:
            if many and p.table in tables:
                read_where[id(p)] = _origin(path, tables[p.table]).where
            elif many and p.table in schema.TABLES_BY_NAME:
                read_where[id(p)] = f"{path} ({p.table})"
        problems.extend(probs)
    segments: dict[str, list[_Segment]] = {}
    conflicts: list[Problem] = []
    merged = {
        name: _merge(name, plist, segments.setdefault(name, []), conflicts)
        for name, plist in sorted(parts.items(), key=lambda kv: _order(kv[0]))
    }
    try:
        ds = validate_tables(merged, problems=problems + conflicts, path="; ".join(map(str, paths)))
    except InputError as e:
        if not many:
            raise
        raise InputError(_relocate(e.problems, segments, read_where)) from None
    for name, rows in ds.tables.items():
        if name in segments:  # not the derived tables (task forces): made, not read
            _stamp(rows, segments[name])
    return ds


def _stamp(rows: list[dict[str, Any]], segments: list[_Segment]) -> None:
    """Give each row its local row number and, unless given, its file, sheet and row."""
    one = segments[0] if len(segments) == 1 else None
    for row in rows:
        seg, local = (one, row["_row"]) if one is not None else _locate(segments, row["_row"])
        row["_row"] = local
        if row["source_file"] is None and row["source_row"] is None:
            row["source_file"] = seg.origin.file
            row["source_sheet"] = seg.origin.sheet
            row["source_row"] = local


def _order(name: str) -> int:
    return next(i for i, t in enumerate(schema.TABLES) if t.name == name)
