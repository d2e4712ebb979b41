"""The bad-input corpus (issue 7): every bad dataset is refused, precisely and harmlessly.

Each case copies ``tests/data/tiny`` to a temporary folder, applies one edit and
checks three things:

* the exact problems, as ``table:row:column: message``;
* ``assistgraph load DIR --store …`` exits 1, prints those problems and no traceback;
* the store is unchanged (its exported graph compared before and after).

Every case runs against one embedded store loaded once with the tiny dataset;
a few representative cases also run on both stores through ``empty_settings``.

Documented number forms: full-width digits (``１２３``) are read as ``123``,
thousands separators are accepted only in the strict form ``1,234,567``
(``12,34`` is refused). A UTF-8 byte-order mark is accepted; a file that is
neither UTF-8 nor GB18030 (for example a file mixing both) is refused whole.
"""

from __future__ import annotations

import csv
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistgraph import InputError, read_and_validate
from assistgraph.cli import cli
from assistgraph.jobs.load import load_dataset
from assistgraph.read import MAX_CELL
from assistgraph.schema import PROVENANCE, TABLES, TABLES_BY_NAME
from assistgraph.settings import Settings
from assistgraph.store import open_store

from ..conftest import TINY
from ..graphs import canonical

Edit = Callable[[Path], Path]


# --------------------------------------------------------------------------- edits


def _read(ds: Path, table: str) -> list[list[str]]:
    with (ds / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write(ds: Path, table: str, rows: list[list[str]]) -> None:
    with (ds / f"{table}.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def set_cell(table: str, row: int, column: str, value: str) -> Edit:
    """Set one cell; ``row`` as a spreadsheet numbers it (2 = first data row)."""

    def edit(ds: Path) -> Path:
        rows = _read(ds, table)
        rows[row - 1][rows[0].index(column)] = value
        _write(ds, table, rows)
        return ds

    return edit


def drop_column(table: str, column: str) -> Edit:
    def edit(ds: Path) -> Path:
        rows = _read(ds, table)
        i = rows[0].index(column)
        _write(ds, table, [r[:i] + r[i + 1 :] for r in rows])
        return ds

    return edit


def add_column(table: str, header: str, values: list[str]) -> Edit:
    def edit(ds: Path) -> Path:
        rows = _read(ds, table)
        rows[0].append(header)
        for r, v in zip(rows[1:], values, strict=False):
            r.append(v)
        _write(ds, table, rows)
        return ds

    return edit


def add_row(table: str, cells: list[str]) -> Edit:
    def edit(ds: Path) -> Path:
        _write(ds, table, [*_read(ds, table), cells])
        return ds

    return edit


def remove(table: str) -> Edit:
    def edit(ds: Path) -> Path:
        (ds / f"{table}.csv").unlink()
        return ds

    return edit


def write_bytes(name: str, data: bytes) -> Edit:
    def edit(ds: Path) -> Path:
        (ds / name).write_bytes(data)
        return ds

    return edit


def reencode(table: str, encoding: str, fn: Edit | None = None) -> Edit:
    def edit(ds: Path) -> Path:
        if fn is not None:
            fn(ds)
        f = ds / f"{table}.csv"
        f.write_bytes(f.read_text(encoding="utf-8").encode(encoding))
        return ds

    return edit


def both(*edits: Edit) -> Edit:
    def edit(ds: Path) -> Path:
        for e in edits:
            ds = e(ds)
        return ds

    return edit


def workbook(tweak: Callable[[object], None] | None = None, *, skip: str = "") -> Edit:
    """The dataset as an ``.xlsx`` workbook (one sheet per table), then ``tweak(wb)``."""

    def edit(ds: Path) -> Path:
        import openpyxl

        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for f in sorted(ds.glob("*.csv")):
            if f.stem == skip:
                continue
            ws = wb.create_sheet(f.stem)
            with f.open(encoding="utf-8", newline="") as fh:
                for row in csv.reader(fh):
                    ws.append(row)
        if tweak is not None:
            tweak(wb)
        path = ds.parent / "data.xlsx"
        wb.save(path)
        return path

    return edit


def _merge(wb: object) -> None:
    ws = wb["towns"]  # type: ignore[index]
    ws.append(["TW2", None, "Second Town", "C1", "eco_health"])
    ws.merge_cells("B2:B3")  # one name for two towns: what a merged cell means


def _title_row(wb: object) -> None:
    ws = wb["towns"]  # type: ignore[index]
    ws.insert_rows(1)
    ws["A1"] = "特色小镇名单（2024）"


def _second_header_row(wb: object) -> None:
    ws = wb["training"]  # type: ignore[index]
    ws.insert_rows(2)
    for i, text in enumerate(["帮扶单位", "县", "年度", "培训人数"], start=1):
        ws.cell(row=2, column=i, value=text)


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    id: str
    edit: Edit
    problems: tuple[str, ...]


def _first_row_with(table: str, column: str) -> tuple[int, str]:
    with (TINY / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            if row.get(column):
                return i, row[column]
    msg = f"tests/data/tiny has no {table}.{column} value"
    raise AssertionError(msg)


def _dangling_cases() -> Iterator[Case]:
    """One unknown reference in every reference column of the schema."""
    for table in TABLES:
        for col in table.columns:
            if col.ref is None:
                continue
            row, value = _first_row_with(table.name, col.name)
            bad = f"{value};ZZ9" if col.type == "list" else "ZZ9"
            yield Case(
                f"dangling-{table.name}.{col.name}",
                set_cell(table.name, row, col.name, bad),
                (f"{table.name}:{row}:{col.name}: unknown {col.ref} id 'ZZ9'",),
            )


def _enum_cases() -> Iterator[Case]:
    for table, column in [
        ("providers", "force"),
        ("projects", "term"),
        ("projects", "category"),
        ("projects", "status"),
        ("cadres", "direction"),
        ("brands", "level"),
        ("tasks", "status"),
        ("county_industries", "role"),
        ("resources", "kind"),
        ("towns", "theme"),
        ("pairings", "role"),
        ("pairings", "confidence"),
    ]:
        cols = {c.name: c for c in (*TABLES_BY_NAME[table].columns, *PROVENANCE)}
        enum = cols[column].enum
        assert enum
        yield Case(
            f"enum-{table}.{column}",
            set_cell(table, 2, column, "bogus"),
            (f"{table}:2:{column}: 'bogus' is not one of {', '.join(enum)}",),
        )


TOWNS_HEADER = "id,name_zh,name_en,county_id,theme\n"

CASES: tuple[Case, ...] = (
    # columns
    Case(
        "missing-required-column",
        drop_column("counties", "prefecture_id"),
        ("counties:1:prefecture_id: required column is missing",),
    ),
    Case(
        "missing-enum-column",
        drop_column("providers", "force"),
        ("providers:1:force: required column is missing",),
    ),
    Case(
        "duplicate-column",
        add_column("providers", "name_zh", ["x"] * 5),
        ("providers:1:name_zh: duplicate column (header 2 and 8)",),
    ),
    Case(
        "duplicate-column-via-alias",
        add_column("towns", "名称", ["x"]),
        ("towns:1:name_zh: duplicate column (header 2 and 6)",),
    ),
    Case(
        "neither-amount-column",
        both(
            drop_column("fund_contributions", "amount_cny"),
            drop_column("fund_contributions", "amount_wan"),
        ),
        (
            "fund_contributions:1:amount_cny: needs a column amount_cny or amount_wan",
            "fund_contributions:2:amount_cny: no amount: give amount_cny or amount_wan",
            "fund_contributions:3:amount_cny: no amount: give amount_cny or amount_wan",
        ),
    ),
    Case(
        "more-cells-than-headers",
        add_row("towns", ["TW2", "二镇", "", "C2", "eco_health", "surplus"]),
        ("towns:3:: 6 cells but 5 headers",),
    ),
    Case(
        "value-under-empty-header",
        add_column("towns", "", ["stray"]),
        ("towns:2:_blank_6: value under an empty header",),
    ),
    # tables
    Case(
        "missing-table-prefectures",
        remove("prefectures"),
        ("prefectures:0:: required table is missing",),
    ),
    Case(
        "missing-table-counties",
        remove("counties"),
        ("counties:0:: required table is missing",),
    ),
    Case(
        "missing-table-providers",
        remove("providers"),
        ("providers:0:: required table is missing",),
    ),
    Case(
        "two-files-one-table",
        write_bytes("县.csv", (TINY / "counties.csv").read_bytes()),
        ("counties:0:: two files for one table (县.csv)",),
    ),
    # keys
    Case(
        "duplicate-id",
        add_row("providers", ["E1", "又一个", "", "east_west", "", "", ""]),
        ("providers:7:id: duplicate key E1 (first at row 3)",),
    ),
    Case(
        "duplicate-composite-key",
        add_row("pairings", ["D1", "C1", "2024", "member", "", ""]),
        ("pairings:9:provider_id+county_id: duplicate key D1/C1 (first at row 2)",),
    ),
    Case(
        "duplicate-key-with-key-props",
        add_row("cadres", ["E1", "C1", "2024", "from_county", "3"]),
        (
            "cadres:4:provider_id+county_id+year+direction: "
            "duplicate key E1/C1/2024/from_county (first at row 2)",
        ),
    ),
    Case(
        "ambiguous-name-reference",
        both(set_cell("counties", 3, "name_zh", "一县"), set_cell("towns", 2, "county_id", "一县")),
        ("towns:2:county_id: names 2 rows of counties; use the id",),
    ),
    # values
    Case(
        "required-value-empty",
        set_cell("providers", 2, "name_zh", ""),
        ("providers:2:name_zh: required value is empty",),
    ),
    Case(
        "required-value-blank",
        set_cell("tasks", 3, "title", "   "),
        ("tasks:3:title: required value is empty",),
    ),
    Case(
        "negative-amount",
        set_cell("funding", 3, "amount_cny", "-5"),
        ("funding:3:amount_cny: must be ≥ 0, got '-5'",),
    ),
    Case(
        "negative-amount-wan",
        set_cell("funding", 2, "amount_wan", "-100"),
        ("funding:2:amount_wan: must be ≥ 0, got '-100'",),
    ),
    Case(
        "non-numeric-amount",
        set_cell("funding", 3, "amount_cny", "五十万"),
        ("funding:3:amount_cny: not a number: '五十万'",),
    ),
    Case(
        "european-decimal-amount",
        set_cell("funding", 3, "amount_cny", "1.234,5"),
        ("funding:3:amount_cny: not a number: '1.234,5'",),
    ),
    Case(
        "negative-count",
        set_cell("training", 2, "trainees", "-1"),
        ("training:2:trainees: must be ≥ 0, got '-1'",),
    ),
    Case(
        "fractional-count",
        set_cell("cadres", 2, "count", "2.5"),
        ("cadres:2:count: not a whole number: '2.5'",),
    ),
    Case(
        "year-with-unit",
        set_cell("training", 2, "year", "2024年"),
        ("training:2:year: not a number: '2024年'",),
    ),
    Case(
        "misplaced-thousands-separator",
        set_cell("training", 2, "trainees", "12,34"),
        ("training:2:trainees: not a number: '12,34'",),
    ),
    Case(
        "integer-beyond-int64",
        set_cell("counties", 2, "population", "99999999999999999999"),
        (
            "counties:2:population: number too large (at most 9007199254740991): "
            "'99999999999999999999'",
        ),
    ),
    Case(
        "amount-overflowing-to-infinity",
        set_cell("funding", 3, "amount_cny", "9" * 400),
        (f"funding:3:amount_cny: number too large (at most 9007199254740991): '{'9' * 400}'",),
    ),
    Case(
        "both-amounts",
        set_cell("funding", 2, "amount_cny", "5"),
        ("funding:2:amount_wan: both amount_cny and amount_wan; give one",),
    ),
    Case(
        "neither-amount",
        set_cell("fund_contributions", 2, "amount_wan", ""),
        ("fund_contributions:2:amount_cny: no amount: give amount_cny or amount_wan",),
    ),
    Case(
        "bad-boolean",
        set_cell("projects", 2, "key_support", "maybe"),
        ("projects:2:key_support: not a boolean (true/false, 是/否): 'maybe'",),
    ),
    Case(
        "impossible-date-feb-30",
        set_cell("tasks", 2, "due", "2024-02-30"),
        ("tasks:2:due: impossible date: '2024-02-30'",),
    ),
    Case(
        "impossible-date-feb-29-non-leap",
        set_cell("agreements", 2, "signed_on", "2023-02-29"),
        ("agreements:2:signed_on: impossible date: '2023-02-29'",),
    ),
    Case(
        "impossible-date-month-13",
        set_cell("workshops", 2, "opened", "2024-13-01"),
        ("workshops:2:opened: impossible date: '2024-13-01'",),
    ),
    Case(
        "day-first-date",
        set_cell("tasks", 2, "due", "30/06/2024"),
        ("tasks:2:due: not a date (YYYY-MM-DD): '30/06/2024'",),
    ),
    # encodings and files
    Case(
        "bom-then-bad-value",
        reencode("providers", "utf-8-sig", set_cell("providers", 3, "force", "东部")),
        (
            "providers:3:force: '东部' is not one of provincial_department, east_west, "
            "paired_assistance, provincial_soe, central_soe",
        ),
    ),
    Case(
        "gb18030-then-bad-value",
        reencode("towns", "gb18030", set_cell("towns", 2, "theme", "康养")),
        ("towns:2:theme: '康养' is not one of eco_health, culture_tourism, city_industry",),
    ),
    Case(
        "mixed-encodings-in-one-file",
        write_bytes(
            "towns.csv",
            TOWNS_HEADER.encode()
            + "TW1,牦牛小镇,".encode()
            + b"Yak,C1,eco_health\n"
            + "TW2,茶小镇,Tea,C2,eco_health\n".encode("gbk"),
        ),
        (
            "towns:0:: file mixes encodings: line 2 is UTF-8, line 3 is not; "
            "save it in one encoding (or name it with --encoding)",
        ),
    ),
    Case(
        "binary-garbage",
        write_bytes("towns.csv", b"\xff\xfe\x00\x00" * 16),
        ("towns:0:: file is neither UTF-8 nor GB18030/GBK; name the encoding with --encoding",),
    ),
    Case(
        "empty-file",
        write_bytes("towns.csv", b""),
        ("towns:0:: file is empty (no header row)",),
    ),
    Case(
        "empty-required-file",
        write_bytes("counties.csv", b"\n\n"),
        ("counties:0:: file is empty (no header row)", "counties:0:: required table is missing"),
    ),
    Case(
        "header-only-referenced-table",
        write_bytes("prefectures.csv", b"id,name_zh,name_en\n"),
        (
            "counties:2:prefecture_id: unknown prefectures id 'P1'",
            "counties:3:prefecture_id: unknown prefectures id 'P1'",
            "counties:4:prefecture_id: unknown prefectures id 'P2'",
            "mechanisms:2:prefecture_id: unknown prefectures id 'P1'",
        ),
    ),
    Case(
        "huge-cell",
        set_cell("towns", 2, "name_en", "x" * (MAX_CELL + 1)),
        (f"towns:2:name_en: cell longer than {MAX_CELL} characters",),
    ),
    Case(
        "cell-beyond-csv-field-limit",
        set_cell("towns", 2, "name_en", "x" * 200_000),
        ("towns:2:: not valid CSV: field larger than field limit (131072)",),
    ),
    # workbooks
    Case(
        "xlsx-merged-cells",
        workbook(_merge),
        ("towns:0:: sheet has merged cells; unmerge them and fill values",),
    ),
    Case(
        "xlsx-title-row-above-header",
        workbook(_title_row),
        (
            "towns:1:id: required column is missing",
            "towns:1:name_zh: required column is missing",
            "towns:1:county_id: required column is missing",
            *(
                f"towns:{r}:_blank_{c}: value under an empty header"
                for r in (2, 3)
                for c in range(2, 6)
            ),
        ),
    ),
    Case(
        "xlsx-two-header-rows",
        workbook(_second_header_row),
        (
            "training:2:year: not a number: '年度'",
            "training:2:trainees: not a number: '培训人数'",
            "training:2:provider_id: unknown providers id '帮扶单位'",
            "training:2:county_id: unknown counties id '县'",
        ),
    ),
    Case(
        "xlsx-missing-required-sheet",
        workbook(skip="providers"),
        ("providers:0:: required table is missing",),
    ),
)

ALL: tuple[Case, ...] = (*CASES, *_enum_cases(), *_dangling_cases())

#: Cases that also run on both stores through ``empty_settings``.
REPRESENTATIVE = (
    "duplicate-id",
    "dangling-pairings.county_id",
    "enum-providers.force",
    "mixed-encodings-in-one-file",
    "xlsx-merged-cells",
)


def test_corpus_is_large_and_covers_every_reference_column() -> None:
    ids = [c.id for c in ALL]
    assert len(ids) == len(set(ids))
    assert len(ALL) >= 30
    refs = {f"dangling-{t.name}.{c.name}" for t in TABLES for c in t.columns if c.ref}
    assert refs <= set(ids)


# --------------------------------------------------------------------------- running


def _prepare(case: Case, tmp_path: Path) -> Path:
    ds = tmp_path / "ds"
    shutil.copytree(TINY, ds)
    return case.edit(ds)


def _cli_load(source: Path, settings: Settings) -> tuple[int, str, str]:
    env = {"NEO4J_URI": "", "ASSISTGRAPH_STORE": ""}
    if settings.kind == "neo4j":
        env = {"NEO4J_PASSWORD": settings.password or "", "NEO4J_USERNAME": settings.username}
    res = CliRunner().invoke(cli, ["load", str(source), "--store", settings.store], env=env)
    return res.exit_code, res.stdout, res.stderr


def _printed_problems(err: str) -> list[str]:
    lines = err.strip().splitlines()
    first = lines[0].removeprefix("Error: ")
    if re.fullmatch(r"\d+ problems in the dataset; nothing was written", first):
        return lines[1:]
    return [first, *lines[1:]]


def _snapshot(settings: Settings) -> object:
    if settings.kind == "embedded" and not Path(settings.store).exists():
        return None
    with open_store(settings) as st:
        return canonical(st.export_graph())


def _check(case: Case, source: Path, settings: Settings, before: object) -> None:
    with pytest.raises(InputError) as exc:
        read_and_validate(source)
    assert [str(p) for p in exc.value.problems] == list(case.problems)
    code, out, err = _cli_load(source, settings)
    assert code == 1, out + err
    assert "Traceback" not in out + err
    assert _printed_problems(err) == list(case.problems)
    assert _snapshot(settings) == before


@pytest.fixture(scope="module")
def loaded_embedded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, object]:
    settings = Settings(store=str(tmp_path_factory.mktemp("store") / "graph.lbug"))
    load_dataset(TINY, settings)
    return settings, _snapshot(settings)


@pytest.mark.parametrize("case", ALL, ids=[c.id for c in ALL])
def test_bad_input_refused_store_unchanged(
    case: Case, tmp_path: Path, loaded_embedded: tuple[Settings, object]
) -> None:
    settings, before = loaded_embedded
    assert before is not None
    _check(case, _prepare(case, tmp_path), settings, before)


@pytest.mark.parametrize("case_id", REPRESENTATIVE)
@pytest.mark.parametrize("preloaded", [False, True], ids=["empty", "loaded"])
def test_bad_input_on_both_stores(
    case_id: str, preloaded: bool, empty_settings: Settings, tmp_path: Path
) -> None:
    case = next(c for c in ALL if c.id == case_id)
    if preloaded:
        load_dataset(TINY, empty_settings)
    before = _snapshot(empty_settings)
    _check(case, _prepare(case, tmp_path), empty_settings, before)


# --------------------------------------------------------------------------- accepted forms


@pytest.mark.parametrize(
    ("cell", "value"),
    [("１２３", 123), ("1,234", 1234), ("１，２３４", 1234), ("+7", 7), (" 42 ", 42)],
)
def test_accepted_number_forms(tmp_path: Path, cell: str, value: int) -> None:
    ds = set_cell("training", 2, "trainees", cell)(_copy(tmp_path))
    assert read_and_validate(ds).rows("training")[0]["trainees"] == value


def _copy(tmp_path: Path) -> Path:
    ds = tmp_path / "ds"
    shutil.copytree(TINY, ds)
    return ds


def test_bom_gb18030_and_mixed_files_accepted(tmp_path: Path) -> None:
    """A BOM is dropped; each file may have its own encoding (UTF-8, BOM, GB18030)."""
    ds = _copy(tmp_path)
    reencode("counties", "utf-8-sig")(ds)
    reencode("providers", "gb18030")(ds)
    got = read_and_validate(ds)
    assert got.rows("counties")[0]["id"] == "C1"  # not "\ufeffid"
    assert {r["name_zh"] for r in got.rows("providers")} >= {"省厅甲", "东部区"}
    assert got.counts() == read_and_validate(TINY).counts()


def test_header_only_table_is_accepted(tmp_path: Path) -> None:
    ds = write_bytes("towns.csv", TOWNS_HEADER.encode())(_copy(tmp_path))
    assert read_and_validate(ds).rows("towns") == []


def test_cell_at_the_limit_is_kept_whole(tmp_path: Path) -> None:
    ds = set_cell("towns", 2, "name_en", "y" * MAX_CELL)(_copy(tmp_path))
    assert read_and_validate(ds).rows("towns")[0]["name_en"] == "y" * MAX_CELL
