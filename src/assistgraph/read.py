"""Read a dataset folder (CSV files) or an ``.xlsx`` workbook into raw tables.

Reading only finds tables, decodes text and maps headers (via the declarative
alias file ``loaders/aliases.toml``); types and references are checked in
:mod:`assistgraph.validate`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import schema
from ._resources import data_dir
from .errors import Problem
from .i18n import gettext
from .output import restore_spreadsheet_cell
from .settings import Limits

__all__ = [
    "EXAMPLE_MARKS",
    "MAX_CELL",
    "Aliases",
    "RawTable",
    "decode",
    "load_aliases",
    "normalise_header",
    "read_csv_text",
    "read_dataset",
    "read_workbook",
]


#: Largest cell accepted by default, in characters (see :class:`~assistgraph.settings.Limits`).
MAX_CELL = Limits().max_cell_chars
#: A row whose first cell starts with one of these is a template's example row: skipped.
EXAMPLE_MARKS = ("【示例】", "[example]")


@dataclass
class RawTable:
    """A table as read: canonical column names and string cells (``None`` if empty)."""

    name: str
    file: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str | None]]] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Aliases:
    tables: dict[str, str]  # normalised file/sheet name -> table
    columns: dict[str, dict[str, str]]  # table -> normalised header -> column
    values: dict[str, dict[str, str]]  # column -> value as written -> contract value
    true: frozenset[str]
    false: frozenset[str]


def normalise_header(text: str) -> str:
    """Normalise a header for alias matching (NFKC, casefold, no spaces/underscores)."""
    text = unicodedata.normalize("NFKC", text).strip().casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch != "_")


_PROVENANCE_NAMES = frozenset(c.name for c in schema.PROVENANCE)


@cache
def load_aliases(path: Path | None = None) -> Aliases:
    """Read the alias file (``loaders/aliases.toml`` by default)."""
    path = path or data_dir("loaders") / "aliases.toml"
    with open(path, "rb") as fh:
        doc = tomllib.load(fh)
    tables: dict[str, str] = {}
    for t in schema.TABLES:
        tables[normalise_header(t.name)] = t.name
        for alias in doc.get("tables", {}).get(t.name, []):
            tables[normalise_header(alias)] = t.name
    common = doc.get("columns", {}).get("common", {})
    columns: dict[str, dict[str, str]] = {}
    for t in schema.TABLES:
        m: dict[str, str] = {}
        own = doc.get("columns", {}).get(t.name, {})
        for source in (common, own):  # table-specific aliases win
            for col, aliases in source.items():
                if col in t.column_names or col in _PROVENANCE_NAMES:
                    for alias in aliases:
                        m[normalise_header(alias)] = col
        for col in t.column_names:  # the canonical name always wins
            m[normalise_header(col)] = col
        columns[t.name] = m
    values = {
        col: {unicodedata.normalize("NFKC", k).strip(): v for k, v in mapping.items()}
        for col, mapping in doc.get("values", {}).items()
    }
    booleans = doc.get("booleans", {})
    return Aliases(
        tables,
        columns,
        values,
        frozenset(s.casefold() for s in booleans.get("true", [])),
        frozenset(s.casefold() for s in booleans.get("false", [])),
    )


#: Two CJK ideographs in a row, encoded as UTF-8 (rare by chance in GBK/GB18030 text).
_UTF8_CJK = re.compile(rb"(?:[\xe4-\xe9][\x80-\xbf]{2}){2}")


def _mixed_lines(data: bytes) -> tuple[int, int] | None:
    """``(a UTF-8 line, a non-UTF-8 line)`` of bytes that are not UTF-8 as a whole.

    Decoding such a file as GB18030 would silently turn its UTF-8 lines into
    mojibake, so a file with lines of Chinese in UTF-8 and lines that are not
    UTF-8 is refused instead.
    """
    utf8 = other = 0
    for n, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other = other or n
        else:
            if not utf8 and _UTF8_CJK.search(line):
                utf8 = n
        if utf8 and other:
            return utf8, other
    return None


def decode(data: bytes, *, encoding: str | None, where: str) -> tuple[str | None, Problem | None]:
    """Decode file bytes: the given encoding, else UTF-8 (with or without BOM), else GB18030."""
    tries = [encoding] if encoding else ["utf-8-sig", "gb18030"]
    for enc in tries:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if enc == "gb18030" and (mixed := _mixed_lines(data)):
            return None, Problem(
                where,
                0,
                "",
                gettext(
                    "file mixes encodings: line {utf8} is UTF-8, line {other} is not; "
                    "save it in one encoding (or name it with --encoding)",
                    utf8=mixed[0],
                    other=mixed[1],
                ),
            )
        return text.removeprefix("\ufeff"), None
    hint = (
        gettext("file cannot be decoded as {encoding}", encoding=encoding)
        if encoding
        else gettext("file is neither UTF-8 nor GB18030/GBK; name the encoding with --encoding")
    )
    return None, Problem(where, 0, "", hint)


def _map_header(
    table: str, header: list[str], aliases: Aliases, problems: list[Problem]
) -> list[str]:
    mapping = aliases.columns[table]
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(header, start=1):
        raw = (raw or "").strip()
        if not raw:
            out.append(f"_blank_{i}")
            continue
        name = mapping.get(normalise_header(raw)) or _extra_name(raw)
        if name in seen:
            problems.append(
                Problem(
                    table,
                    1,
                    name,
                    gettext("duplicate column (header {first} and {i})", first=seen[name], i=i),
                )
            )
        seen[name] = i
        out.append(name)
    return out


def _extra_name(raw: str) -> str:
    """A property name for an unknown column: word characters kept, others made ``_``."""
    text = unicodedata.normalize("NFKC", raw).strip()
    name = "".join(ch if (ch.isalnum() or ch == "_") else "_" for ch in text).strip("_")
    if not name or name[0].isdigit():
        name = f"x_{name}"
    return name


def _table_from_rows(
    table: str,
    file: str,
    header: list[str],
    body: list[tuple[int, list[str | None]]],
    aliases: Aliases,
    problems: list[Problem],
    limits: Limits | None = None,
) -> RawTable | None:
    limits = limits or Limits()
    width = len(header)
    while width and not (header[width - 1] or "").strip():
        width -= 1  # blank header cells at the end are not columns
    if width > limits.max_columns:
        msg = gettext(
            "{n} columns; at most {limit} are accepted", n=width, limit=limits.max_columns
        )
        problems.append(Problem(table, 1, "", msg))
        return None
    cols = _map_header(table, header, aliases, problems)
    known = set(schema.TABLES_BY_NAME[table].column_names) | {c.name for c in schema.PROVENANCE}
    raw = RawTable(table, file, cols)
    raw.extra_columns = [
        c for c in dict.fromkeys(cols) if c not in known and not c.startswith("_blank_")
    ]
    for rownum, cells in body:
        if all(c is None or str(c).strip() == "" for c in cells):
            continue  # blank line
        if isinstance(cells[0], str) and cells[0].lstrip().startswith(EXAMPLE_MARKS):
            continue  # a template's example row
        if len(cells) > len(cols):
            extra = [c for c in cells[len(cols) :] if c not in (None, "")]
            if extra:
                problems.append(
                    Problem(
                        table,
                        rownum,
                        "",
                        gettext(
                            "{cells} cells but {headers} headers",
                            cells=len(cells),
                            headers=len(cols),
                        ),
                    )
                )
        values: dict[str, str | None] = {}
        for name, cell in zip(cols, cells, strict=False):
            if name.startswith("_blank_"):
                if cell not in (None, ""):
                    problems.append(
                        Problem(table, rownum, name, gettext("value under an empty header"))
                    )
                continue
            text = None if cell is None else str(cell).strip()
            if text and text[0] == "'":
                text = restore_spreadsheet_cell(text)  # written by assistgraph export
            if text is not None and len(text) > limits.max_cell_chars:
                msg = gettext("cell longer than {n} characters", n=limits.max_cell_chars)
                problems.append(Problem(table, rownum, name, msg))
                text = text[: limits.max_cell_chars]
            values[name] = text or None
        raw.rows.append((rownum, values))
    return raw


def read_csv_text(
    table: str,
    text: str,
    *,
    file: str = "",
    aliases: Aliases | None = None,
    limits: Limits | None = None,
) -> tuple[RawTable | None, list[Problem]]:
    """Parse the text of one CSV file as ``table``."""
    aliases = aliases or load_aliases()
    limits = limits or Limits()
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[str]] = []
    try:
        for r in reader:
            rows.append(r)
            if len(rows) > limits.max_rows + 1:
                msg = gettext("more than {n} rows; at most {n} per load", n=limits.max_rows)
                return None, [Problem(table, 0, "", msg)]
    except csv.Error as e:
        return None, [Problem(table, reader.line_num, "", gettext("not valid CSV: {why}", why=e))]
    if not rows or all(not any(c.strip() for c in r) for r in rows):
        return None, [Problem(table, 0, "", gettext("file is empty (no header row)"))]
    header, body = rows[0], rows[1:]
    numbered: list[tuple[int, list[str | None]]] = [
        (i, list(r)) for i, r in enumerate(body, start=2)
    ]
    raw = _table_from_rows(table, file or table, header, numbered, aliases, problems, limits)
    return raw, problems


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_MERGE_CELL = re.compile(rb"<(?:[\w.-]+:)?mergeCell\b")


def _has_merged_cells(ws: Any) -> bool:
    """True if a worksheet has merged cells.

    A read-only worksheet (``read_only=True``) has no ``merged_cells``: openpyxl
    does not parse them, so the sheet's XML is scanned for ``<mergeCell``.
    """
    merged = getattr(ws, "merged_cells", None)
    if merged is not None:
        return bool(list(merged.ranges))
    get_source = getattr(ws, "_get_source", None)
    if get_source is None:
        return False
    tail = b""
    with get_source() as fh:
        while chunk := fh.read(1 << 20):
            if _MERGE_CELL.search(tail + chunk):
                return True
            tail = chunk[-64:]
    return False


def _check_zip(path: Path, limits: Limits) -> str | None:
    """Why a workbook must not be opened (its parts too large once decompressed), or None.

    Checked on the zip directory before anything is decompressed: a part never
    decompresses to more than its declared size (``zipfile`` stops there).
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        return gettext("cannot open workbook: {why}", why=e)
    total = sum(i.file_size for i in infos)
    if total > limits.max_workbook_bytes:
        return gettext(
            "workbook decompresses to {total:,} bytes; at most {limit:,} are accepted",
            total=total,
            limit=limits.max_workbook_bytes,
        )
    for i in infos:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size > (1 << 20) and ratio > limits.max_compression_ratio:
            return gettext(
                "workbook part {part} expands {ratio:,.0f} times (to {size:,} bytes); "
                "at most {limit} times is accepted",
                part=i.filename,
                ratio=ratio,
                size=i.file_size,
                limit=limits.max_compression_ratio,
            )
    return None


@dataclass(frozen=True)
class _Formula:
    """A formula cell without a saved value (its value is unknown, not empty)."""

    cell: str


def _sheet_rows(ws: Any) -> Iterator[tuple[int, dict[int, Any]]]:
    """The rows of a read-only worksheet as they are in the file: column -> value.

    openpyxl pads every row to the sheet's declared dimension and yields the
    missing rows too; here only the cells present are read (the used range), so
    one cell at XFD1048576 costs one cell.
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if element.find(FORMULA_TAG) is not None and not element.findtext(VALUE_TAG):
                cell["value"] = _Formula(f"{get_column_letter(cell['column'])}{cell['row']}")
            return cell

    wb = ws.parent
    with ws._get_source() as src:
        parser = Parser(
            src,
            wb.shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for rownum, cells in parser.parse():
            yield rownum, {c["column"]: c["value"] for c in cells if c["value"] is not None}


def read_workbook(
    path: Path, *, aliases: Aliases | None = None, limits: Limits | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read an ``.xlsx`` workbook whose sheet names are table names (or aliases)."""
    import openpyxl  # imported lazily: start-up time

    aliases = aliases or load_aliases()
    limits = limits or Limits()
    if why := _check_zip(path, limits):
        return {}, [Problem(path.name, 0, "", why)]
    problems: list[Problem] = []
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a broken file
        return {}, [Problem(path.name, 0, "", gettext("cannot open workbook: {why}", why=_why(e)))]
    tables: dict[str, RawTable] = {}
    try:
        for ws in wb.worksheets:
            table = aliases.tables.get(normalise_header(ws.title))
            if table is None:
                continue
            try:
                raw = _read_sheet(ws, table, limits, aliases, problems)
            except Exception as e:  # a truncated, malformed or entity-laden sheet
                problems.append(
                    Problem(
                        table,
                        0,
                        "",
                        gettext(
                            "cannot read sheet {sheet}: {why}", sheet=repr(ws.title), why=_why(e)
                        ),
                    )
                )
                continue
            if raw is None:
                continue
            if table in tables:
                problems.append(
                    Problem(
                        table,
                        0,
                        "",
                        gettext("two sheets for one table ({sheet})", sheet=repr(ws.title)),
                    )
                )
                continue
            tables[table] = raw
    finally:
        wb.close()
    return tables, problems


def _why(e: BaseException) -> str:
    return " ".join(str(e).split()) or type(e).__name__


def _read_sheet(
    ws: Any, table: str, limits: Limits, aliases: Aliases, problems: list[Problem]
) -> RawTable | None:
    if _has_merged_cells(ws):
        problems.append(
            Problem(table, 0, "", gettext("sheet has merged cells; unmerge them and fill values"))
        )
        return None
    rows = _sheet_rows(ws)
    first = next(rows, None)
    if first is None or first[0] != 1 or not first[1]:
        problems.append(Problem(table, 0, "", gettext("sheet is empty (no header row)")))
        return None
    width = max(first[1])
    declared = getattr(ws, "_max_column", None)  # the sheet's dimension, if it states one
    if isinstance(declared, int) and width < declared <= limits.max_columns:
        width = declared  # blank header cells within the used width are reported as such
    if width > limits.max_columns:
        msg = gettext(
            "{n} columns; at most {limit} are accepted", n=width, limit=limits.max_columns
        )
        problems.append(Problem(table, 1, "", msg))
        return None
    header = [_cell_text(first[1].get(i)) or "" for i in range(1, width + 1)]
    body: list[tuple[int, list[str | None]]] = []
    for rownum, found in rows:
        if not found:
            continue
        cells: list[str | None] = []
        for i in [*range(1, width + 1), *(k for k in sorted(found) if k > width)]:
            value = found.get(i)
            if isinstance(value, _Formula):
                name = header[i - 1] if i <= width else ""
                msg = gettext(
                    "cell {cell} is a formula without a saved value; "
                    "open and save the workbook in Excel, or paste the values",
                    cell=value.cell,
                )
                problems.append(Problem(table, rownum, name, msg))
                value = None
            cells.append(_cell_text(value))
        body.append((rownum, cells))
        if len(body) > limits.max_rows:
            msg = gettext("more than {n} rows; at most {n} per load", n=limits.max_rows)
            problems.append(Problem(table, 0, "", msg))
            return None
    return _table_from_rows(table, ws.title, header, body, aliases, problems, limits)


def read_dataset(
    path: str | Path, *, encoding: str | None = None, limits: Limits | None = None
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read every table of a dataset folder (CSV) or workbook (``.xlsx``).

    Returns the raw tables and the problems found while reading; nothing is raised
    for bad content, so that every problem can be reported at once.
    """
    path = Path(path)
    aliases = load_aliases()
    limits = limits or Limits.from_env()
    if path.is_file() and path.suffix.lower() in (".xlsx", ".xlsm"):
        if (size := path.stat().st_size) > limits.max_file_bytes:
            return {}, [Problem(path.name, 0, "", _too_big(size, limits))]
        tables, problems = read_workbook(path, aliases=aliases, limits=limits)
        return tables, problems + _too_many_rows(tables, limits)
    if not path.is_dir():
        return {}, [Problem(str(path), 0, "", gettext("no such dataset folder or .xlsx workbook"))]
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for file in sorted(path.iterdir()):
        if file.suffix.lower() != ".csv" or not file.is_file():
            continue
        table = aliases.tables.get(normalise_header(file.stem))
        if table is None:
            continue
        if table in tables:
            problems.append(
                Problem(table, 0, "", gettext("two files for one table ({file})", file=file.name))
            )
            continue
        if (size := file.stat().st_size) > limits.max_file_bytes:
            problems.append(Problem(table, 0, "", _too_big(size, limits)))
            continue
        text, problem = decode(file.read_bytes(), encoding=encoding, where=table)
        if problem:
            problems.append(problem)
            continue
        assert text is not None
        raw, probs = read_csv_text(table, text, file=file.name, aliases=aliases, limits=limits)
        problems.extend(probs)
        if raw is not None:
            tables[table] = raw
    return tables, problems + _too_many_rows(tables, limits)


def _too_big(size: int, limits: Limits) -> str:
    return gettext(
        "file has {size:,} bytes; at most {limit:,} are accepted",
        size=size,
        limit=limits.max_file_bytes,
    )


def _too_many_rows(tables: dict[str, RawTable], limits: Limits) -> list[Problem]:
    total = sum(len(t.rows) for t in tables.values())
    if total <= limits.max_rows:
        return []
    msg = gettext(
        "{total:,} rows in all tables; at most {limit:,} per load",
        total=total,
        limit=limits.max_rows,
    )
    return [Problem(max(tables, key=lambda t: len(tables[t].rows)), 0, "", msg)]
