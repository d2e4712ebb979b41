"""An Excel workbook a county task force can fill without reading any docs.

:func:`write_template` writes one sheet per contract table (from
:mod:`assistgraph.schema`, so new tables and columns appear by themselves) with

* headers ``load`` accepts: in Chinese, the first Chinese alias of the column in
  ``loaders/aliases.toml`` (the contract name where there is none), or ``lang="en"``
  the contract names; required columns bold on a coloured ground, each header with a
  comment saying what goes in the column;
* a ``说明`` sheet listing every column: meaning, required or not, type, allowed values;
* dropdowns (data validation) for every enumerated column (Chinese words that ``load``
  maps back, ``lang="zh"``), for booleans, and for ids of prefectures, counties,
  providers and industries (a ``选项`` sheet lists them with their names);
* the header row frozen and protected (the sheet is protected without a password;
  every other cell stays editable, rows can be inserted, deleted and sorted);
* one example row (row 2), grey, its first cell starting with ``【示例】`` (or
  ``[example]``): ``load`` skips such rows (:data:`assistgraph.read.EXAMPLE_MARKS`);
* optionally a county's existing rows, so that a task force updates them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .. import schema
from .._resources import data_dir
from ..errors import AssistgraphError
from ..i18n import N_, gettext, translation
from ..output import safe_spreadsheet_cell
from ..read import EXAMPLE_MARKS, load_aliases, normalise_header
from .tables import ContractTable

__all__ = [
    "ROSTER_TABLES",
    "TemplateIds",
    "county_rows",
    "example_ids",
    "header",
    "write_template",
]

#: Tables whose ids get dropdowns (the programme's roster).
ROSTER_TABLES: tuple[str, ...] = ("prefectures", "counties", "providers", "industries")
#: Rows with dropdowns and unlocked cells below the header.
ROWS = 2000
_INFO = {"zh": "说明", "en": "instructions"}
_LISTS = {"zh": "选项", "en": "lists"}
_MARK = {"zh": EXAMPLE_MARKS[0], "en": EXAMPLE_MARKS[1]}
#: What a task force may still do on a protected sheet.
_ALLOWED = (
    "formatCells",
    "formatColumns",
    "formatRows",
    "insertRows",
    "deleteRows",
    "sort",
    "autoFilter",
)

#: What a column means, by column name (catalog messages, in the workbook's language);
#: a column not listed is described by its type and reference.
MEANINGS: dict[str, str] = {
    "id": N_("identifier (unique)"),
    "name_zh": N_("Chinese name"),
    "name_en": N_("English name"),
    "prefecture_id": N_("prefecture it belongs to"),
    "county_id": N_("county (admin code or name)"),
    "provider_id": N_("provider (id or name)"),
    "industry_id": N_("industry (id or name)"),
    "project_id": N_("project id"),
    "fund_id": N_("fund id"),
    "population": N_("registered population"),
    "rural_population": N_("rural population"),
    "need_index": N_("need index (0–1)"),
    "force": N_("assistance force (one of five)"),
    "home": N_("home city or province"),
    "since": N_("first year"),
    "until": N_("last year of an ended pairing"),
    "role": N_("role or position"),
    "from_industry_id": N_("upstream industry"),
    "to_industry_id": N_("downstream industry"),
    "kind": N_("kind of record"),
    "sector": N_("sector (category)"),
    "term": N_("term (long/medium/short)"),
    "category": N_("project category"),
    "subcategory": N_("subcategory (e.g. water_supply)"),
    "key_support": N_("key support project?"),
    "start_year": N_("year work started"),
    "end_year": N_("year work completed"),
    "status": N_("project status"),
    "year": N_("year of the record"),
    "amount_cny": N_("amount in yuan (or amount_wan)"),
    "amount_wan": N_("amount in 10,000 yuan (or amount_cny)"),
    "signed_on": N_("date signed (YYYY-MM-DD)"),
    "fund_share_pct": N_("fund share (%)"),
    "level": N_("brand level"),
    "county_ids": N_("counties (';'-separated)"),
    "promoted_by": N_("promoting providers (';'-separated)"),
    "industry_ids": N_("industries (';'-separated)"),
    "trainees": N_("people trained"),
    "direction": N_("direction (to_county/from_county)"),
    "count": N_("number of people"),
    "jobs": N_("jobs created"),
    "opened": N_("date opened"),
    "title": N_("task"),
    "due": N_("due date (YYYY-MM-DD)"),
    "closed_on": N_("date closed out (YYYY-MM-DD)"),
    "theme": N_("theme"),
    "size_cny": N_("fund size (yuan)"),
    "model": N_("operating model"),
    "established_on": N_("date established (YYYY-MM-DD)"),
    "source": N_("source (URL or document)"),
    "confidence": N_("confidence"),
}


@dataclass
class TemplateIds:
    """Ids (with names) for the dropdowns: table name → ``[(id, name_zh), …]``."""

    ids: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    origin: str = ""

    @classmethod
    def from_tables(cls, tables: dict[str, ContractTable], origin: str = "") -> TemplateIds:
        out: dict[str, list[tuple[str, str]]] = {}
        for name in ROSTER_TABLES:
            if name not in tables:
                continue
            cols, rows = tables[name]
            i, n = cols.index("id"), cols.index("name_zh")
            out[name] = sorted((str(r[i]), str(r[n] or "")) for r in rows)
        return cls(out, origin)


_TYPES: dict[str, str] = {
    "str": N_("text"),
    "int": N_("whole number"),
    "year": N_("year (e.g. 2025; a date counts as its year)"),
    "float": N_("number"),
    "bool": N_("yes/no"),
    "date": N_("date"),
    "list": N_("list"),
}

#: The Sichuan example in a source checkout (its 39 counties' ids, when no store is loaded).
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "sichuan"


def example_ids(path: Path = EXAMPLE) -> TemplateIds:
    """The roster ids of the example dataset (none when it is not installed)."""
    from ..sources import read_sources

    if not path.is_dir():
        return TemplateIds()
    ds = read_sources(path)
    tables: dict[str, ContractTable] = {}
    for name in ROSTER_TABLES:
        rows = ds.rows(name)
        tables[name] = (["id", "name_zh"], [[r["id"], r.get("name_zh")] for r in rows])
    return TemplateIds.from_tables(tables, str(path))


@cache
def _raw_aliases() -> dict[str, Any]:
    with open(data_dir("loaders") / "aliases.toml", "rb") as fh:
        return tomllib.load(fh)


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def header(table: schema.Table, column: str, lang: str = "zh") -> str:
    """The header of ``column`` in ``table``: a Chinese alias ``load`` maps back, or the name."""
    if lang != "zh":
        return column
    doc = _raw_aliases().get("columns", {})
    mapping = load_aliases().columns[table.name]
    for source in (doc.get(table.name, {}), doc.get("common", {})):
        for alias in source.get(column, []):
            if _cjk(alias) and mapping.get(normalise_header(alias)) == column:
                return str(alias)
    return column


def _words(column: str, lang: str) -> dict[str, str]:
    """Contract value → the word shown (a Chinese alias that ``load`` maps back)."""
    if lang != "zh":
        return {}
    out: dict[str, str] = {}
    for word, value in _raw_aliases().get("values", {}).get(column, {}).items():
        out.setdefault(value, word)
    return out


def _columns(table: schema.Table) -> list[schema.Column]:
    return [*table.columns, *(c for c in schema.PROVENANCE if c not in schema.LOCATION)]


def _allowed(col: schema.Column, lang: str) -> list[str]:
    if col.enum:
        words = _words(col.name, lang)
        return [words.get(v, v) for v in col.enum]
    if col.type == "bool":
        return ["是", "否"] if lang == "zh" else ["true", "false"]
    return []


def _meaning(table: schema.Table, col: schema.Column, lang: str) -> str:
    words = translation(lang)
    text = words.gettext(MEANINGS[col.name]) if col.name in MEANINGS else ""
    if col.ref and not text:
        ref = schema.TABLES_BY_NAME[col.ref]
        name = (ref.title_zh or col.ref) if lang == "zh" else col.ref
        text = words.gettext("id of {table}").format(table=name)
    return text or col.name


def _example(col: schema.Column, ids: TemplateIds, lang: str) -> Any:
    if col.ref and ids.ids.get(col.ref):
        return ids.ids[col.ref][0][0]
    allowed = _allowed(col, lang)
    if allowed:
        return allowed[0]
    if col.type == "year" or (col.type == "int" and "year" in col.name):
        return 2025
    if col.type == "int":
        return 100
    if col.type == "float":
        return 1.5
    if col.type == "date":
        return "2025-06-30"
    if col.name == "confidence":
        return "high"
    return "示例" if lang == "zh" else "example"


def county_rows(tables: dict[str, ContractTable], county: str) -> dict[str, ContractTable]:
    """The rows of ``tables`` that concern ``county``: its own row and every row that
    references it, directly or through a row that does (funding → its projects).

    >>> t = {"counties": (["id"], [["c1"], ["c2"]]),
    ...      "projects": (["id", "county_id"], [["p1", "c1"], ["p2", "c2"]]),
    ...      "funding": (["provider_id", "project_id"], [["x", "p1"], ["x", "p2"]])}
    >>> county_rows(t, "c1")["funding"][1]
    [['x', 'p1']]
    """
    owned: dict[str, set[str]] = {"counties": {county}}
    out: dict[str, ContractTable] = {}
    for table in schema.TABLES:
        if table.name not in tables or (table.name in ROSTER_TABLES and table.name != "counties"):
            continue
        cols, rows = tables[table.name]
        refs = [
            (cols.index(c.name), c.ref)
            for c in table.columns
            if c.ref and c.name in cols and c.ref in owned
        ]
        id_at = cols.index("id") if "id" in cols else None
        keep = []
        for r in rows:
            if table.name == "counties":
                mine = r[id_at] == county if id_at is not None else False
            else:
                mine = any(_hits(r[i], owned[ref]) for i, ref in refs)
            if mine:
                keep.append(r)
        if table.name != "counties" and id_at is not None:
            owned[table.name] = {str(r[id_at]) for r in keep}
        if keep:
            out[table.name] = (cols, keep)
    return out


def _hits(value: Any, ids: set[str]) -> bool:
    if isinstance(value, list):
        return any(str(v) in ids for v in value)
    return value is not None and str(value) in ids


def write_template(
    path: str | Path,
    *,
    lang: str = "zh",
    ids: TemplateIds | None = None,
    rows: dict[str, ContractTable] | None = None,
) -> dict[str, int]:
    """Write the fill-in workbook to ``path``; see the module for what it holds.

    Parameters
    ----------
    path : path
        The ``.xlsx`` file to write.
    lang : {"zh", "en"}
        Headers, instructions and dropdown words in Chinese (default) or English.
    ids : TemplateIds, optional
        Ids for the dropdowns of reference columns (none without).
    rows : dict, optional
        Rows to pre-fill, table → ``(columns, rows)`` (e.g. :func:`county_rows`).

    Returns
    -------
    dict
        Pre-filled rows per sheet (0 where none).

    Examples
    --------
    >>> write_template("county.xlsx", lang="zh")  # doctest: +SKIP
    """
    import openpyxl

    if lang not in ("zh", "en"):
        msg = gettext("unknown language {lang}; use zh or en", lang=repr(lang))
        raise AssistgraphError(msg)
    ids = ids or TemplateIds()
    rows = rows or {}
    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    info = wb.create_sheet(_INFO[lang])
    lists = _lists_sheet(wb, ids, lang)
    filled: dict[str, int] = {}
    info_rows: list[list[str]] = []
    for table in schema.TABLES:
        filled[table.name] = _table_sheet(wb, table, lang, ids, lists, rows.get(table.name))
        yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
        for col in _columns(table):
            kind = translation(lang).gettext(_TYPES[col.type]) if col.type in _TYPES else col.type
            if col.ref:
                kind += f" → {col.ref}"
            info_rows.append(
                [
                    table.name,
                    header(table, col.name, lang),
                    col.name,
                    yes if col.required else no,
                    kind,
                    ", ".join(_allowed(col, lang)),
                    _meaning(table, col, lang),
                ]
            )
    _info_sheet(info, info_rows, lang)
    wb.move_sheet(lists, offset=len(wb.sheetnames))
    try:
        wb.save(path)
    except OSError as e:
        msg = gettext("cannot write {path}: {why}", path=path, why=e.strerror or e)
        raise AssistgraphError(msg) from None
    return filled


def _lists_sheet(wb: Any, ids: TemplateIds, lang: str) -> Any:
    from openpyxl.styles import Font

    ws = wb.create_sheet(_LISTS[lang])
    col = 1
    for name in ROSTER_TABLES:
        entries = ids.ids.get(name, [])
        ws.cell(1, col, name).font = Font(bold=True)
        ws.cell(1, col + 1, "名称" if lang == "zh" else "name").font = Font(bold=True)
        for i, (ident, label) in enumerate(entries, start=2):
            ws.cell(i, col, safe_spreadsheet_cell(ident))
            ws.cell(i, col + 1, safe_spreadsheet_cell(label))
        col += 3
    ws.protection.sheet = True
    return ws


def _list_range(ids: TemplateIds, lists: Any, ref: str) -> str | None:
    from openpyxl.utils import get_column_letter

    if ref not in ROSTER_TABLES or not ids.ids.get(ref):
        return None
    letter = get_column_letter(ROSTER_TABLES.index(ref) * 3 + 1)
    return f"'{lists.title}'!${letter}$2:${letter}${len(ids.ids[ref]) + 1}"


def _sheet_name(table: schema.Table, lang: str) -> str:
    """The table's Chinese title where ``load`` reads it as the table, else its name."""
    title = table.title_zh
    if lang == "zh" and title and load_aliases().tables.get(normalise_header(title)) == table.name:
        return title
    return table.name


def _table_sheet(
    wb: Any,
    table: schema.Table,
    lang: str,
    ids: TemplateIds,
    lists: Any,
    prefill: ContractTable | None,
) -> int:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(_sheet_name(table, lang))
    cols = _columns(table)
    names = [c.name for c in cols]
    extra: list[str] = []
    if prefill is not None:
        location = {c.name for c in schema.LOCATION}
        extra = [c for c in prefill[0] if c not in names and c not in location]
    unlocked = Protection(locked=False)
    required = PatternFill("solid", fgColor="FFF2CC")
    for j, col in enumerate(cols, start=1):
        cell = ws.cell(1, j, header(table, col.name, lang))
        cell.font = Font(bold=col.required)
        if col.required:
            cell.fill = required
        allowed = _allowed(col, lang)
        note = _meaning(table, col, lang) + (f"\n{', '.join(allowed)}" if allowed else "")
        cell.comment = Comment(note, "assistgraph")
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = max(12, min(40, len(str(cell.value)) * 2 + 4))
        ws.column_dimensions[letter].protection = unlocked
        if col.type == "date":
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
        formula = (
            '"' + ",".join(allowed) + '"'
            if allowed
            else _list_range(ids, lists, col.ref)
            if col.ref and col.type != "list"
            else None
        )
        if formula:
            dv = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                errorStyle="stop" if allowed else "warning",
            )
            dv.add(f"{letter}2:{letter}{ROWS + 1}")
            ws.add_data_validation(dv)
    for j, name in enumerate(extra, start=len(cols) + 1):
        ws.cell(1, j, name)
        ws.column_dimensions[get_column_letter(j)].protection = unlocked
    grey = Font(italic=True, color="808080")
    for j, col in enumerate(cols, start=1):
        value = _example(col, ids, lang)
        cell = ws.cell(2, j, f"{_MARK[lang]}{value}" if j == 1 else value)
        cell.font = grey
        cell.protection = unlocked
    n = 0
    if prefill is not None:
        pcols, prows = prefill
        at = {c: i for i, c in enumerate(pcols)}
        shown = [*names, *extra]
        enums = {c.name: _words(c.name, lang) for c in cols if c.enum}
        for i, r in enumerate(prows, start=3):
            for j, name in enumerate(shown, start=1):
                value = r[at[name]] if name in at else None
                if name == "amount_wan" or value is None:
                    continue
                if isinstance(value, list):
                    value = ";".join(map(str, value))
                if name in enums:
                    value = enums[name].get(value, value)
                if isinstance(value, bool) and lang == "zh":
                    value = "是" if value else "否"
                if isinstance(value, str):
                    value = safe_spreadsheet_cell(value)
                cell = ws.cell(i, j, value)
                cell.protection = unlocked
            n += 1
    ws.freeze_panes = "A2"
    ws.protection.sheet = True
    for flag in _ALLOWED:
        setattr(ws.protection, flag, False)  # False: not protected
    return n


#: the columns of the instructions sheet
_INFO_HEAD = (
    N_("table"),
    N_("header"),
    N_("column"),
    N_("required"),
    N_("type"),
    N_("allowed values"),
    N_("meaning"),
)


def _info_sheet(ws: Any, rows: Sequence[Sequence[str]], lang: str) -> None:
    from openpyxl.styles import Font

    words = translation(lang)
    intro = words.gettext(
        "Each sheet is one table: row 1 is the header (protected), row 2 an example "
        "(starting with '{mark}', skipped when loaded); fill in from row 3. Yellow "
        "headers are required; pick values from the dropdowns. Dates as YYYY-MM-DD."
    ).format(mark=_MARK[lang])
    ws.cell(1, 1, intro)
    head = [words.gettext(h) for h in _INFO_HEAD]
    for j, text in enumerate(head, start=1):
        ws.cell(3, j, text).font = Font(bold=True)
    for i, r in enumerate(rows, start=4):
        for j, text in enumerate(r, start=1):
            ws.cell(i, j, text)
    for letter, w in zip("ABCDEFG", (20, 16, 18, 6, 18, 40, 40), strict=True):
        ws.column_dimensions[letter].width = w
    ws.freeze_panes = "A4"
    ws.protection.sheet = True
