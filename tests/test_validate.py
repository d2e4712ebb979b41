"""Readers and validation: every problem as table:row:column, encodings, workbooks, aliases."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from assistgraph import InputError, read_and_validate
from assistgraph.read import read_csv_text

from .conftest import DATA, TINY


def _copy(tmp_path: Path, src: Path = TINY) -> Path:
    dst = tmp_path / "ds"
    shutil.copytree(src, dst)
    return dst


def _problems(path: Path, **kw: object) -> list[str]:
    with pytest.raises(InputError) as exc:
        read_and_validate(path, **kw)  # type: ignore[arg-type]
    return [str(p) for p in exc.value.problems]


def test_tiny_fixture_is_valid_and_typed() -> None:
    ds = read_and_validate(TINY)
    assert len(ds.rows("counties")) == 3
    funding = {(r["provider_id"], r["project_id"]): r["amount_cny"] for r in ds.rows("funding")}
    # amount_wan 100 -> 1,000,000 yuan; "1,000,000" (strict thousands separators) accepted
    assert funding[("D1", "PR1")] == 1_000_000
    assert funding[("E1", "PR2")] == 1_000_000
    assert funding[("S1", "PR3")] == 500_000
    assert "amount_wan" not in ds.rows("funding")[0]
    projects = {r["id"]: r for r in ds.rows("projects")}
    assert projects["PR3"]["key_support"] is True  # 是 -> true via loaders/aliases.toml
    assert projects["PR2"]["key_support"] is False
    agreements = {r["provider_id"]: r["signed_on"] for r in ds.rows("agreements")}
    assert agreements["Z1"] == "2023-08-15"  # 2023/8/15 normalised to ISO
    brands = ds.rows("brands")[0]
    assert brands["county_ids"] == ["C1", "C2"]
    # unknown column kept, as a string
    assert ds.extras["counties"] == ["note"]
    assert ds.rows("counties")[0]["note"] == "高原"


def test_four_problems_all_reported_with_table_row_column() -> None:
    """The foundation issue's case: unknown reference, duplicate id, bad enum, bad number."""
    problems = _problems(DATA / "bad4")
    assert problems == [
        "providers:7:id: duplicate key E1 (first at row 3)",
        "pairings:3:county_id: unknown counties id 'CX'",
        "projects:4:term: 'forever' is not one of long, medium, short",
        "funding:3:amount_cny: not a number: 'lots'",
    ]


def _rewrite(path: Path, fn: object) -> None:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    fn(rows)  # type: ignore[operator]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def test_both_and_neither_amount(tmp_path: Path) -> None:
    ds = _copy(tmp_path)
    _rewrite(ds / "funding.csv", lambda r: (r[1].__setitem__(3, "5"), r[2].__setitem__(4, "")))
    # row 2: amount_cny 5 and amount_wan 100 -> both; row 3 had amount_cny only -> fine
    _rewrite(ds / "fund_contributions.csv", lambda r: r[1].__setitem__(3, ""))
    problems = _problems(ds)
    assert problems == [
        "funding:2:amount_wan: both amount_cny and amount_wan; give one",
        "fund_contributions:2:amount_cny: no amount: give amount_cny or amount_wan",
    ]


def test_missing_required_table_and_column(tmp_path: Path) -> None:
    ds = _copy(tmp_path)
    (ds / "providers.csv").unlink()
    _rewrite(ds / "counties.csv", lambda r: [row.pop(3) for row in r])  # drop prefecture_id
    problems = _problems(ds)
    assert "providers:0:: required table is missing" in problems
    assert "counties:1:prefecture_id: required column is missing" in problems


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig"])
def test_encodings_detected(tmp_path: Path, encoding: str) -> None:
    ds = _copy(tmp_path)
    for f in ds.glob("*.csv"):
        f.write_bytes(f.read_text(encoding="utf-8").encode(encoding))
    got = read_and_validate(ds)
    assert {r["name_zh"] for r in got.rows("counties")} == {"一县", "二县", "三县"}


def test_encoding_option_and_undecodable(tmp_path: Path) -> None:
    ds = _copy(tmp_path)
    f = ds / "counties.csv"
    f.write_bytes(f.read_text(encoding="utf-8").encode("gb18030"))
    assert _problems(ds, encoding="utf-8") == [
        "counties:0:: file cannot be decoded as utf-8",
        "counties:0:: required table is missing",
    ]


def test_chinese_headers_and_values_via_aliases(tmp_path: Path) -> None:
    ds = _copy(tmp_path)
    (ds / "providers.csv").unlink()
    (ds / "帮扶单位.csv").write_text(
        "单位编号,单位名称,帮扶力量\n"
        "D1,省厅甲,省直部门定点帮扶\nE1,东部区,东西部协作\nA1,对口市,省内对口帮扶\n"
        "S1,省企,省属国企\nZ1,央企,在川央企\n",
        encoding="utf-8",
    )
    (ds / "funding.csv").write_text(
        "帮扶单位,项目编号,年度,资金（万元）\nD1,PR1,2024,100\n", encoding="utf-8"
    )
    got = read_and_validate(ds)
    forces = {r["id"]: r["force"] for r in got.rows("providers")}
    assert forces == {
        "D1": "provincial_department",
        "E1": "east_west",
        "A1": "paired_assistance",
        "S1": "provincial_soe",
        "Z1": "central_soe",
    }
    assert got.rows("funding")[0]["amount_cny"] == 1_000_000


def test_reference_by_unique_name(tmp_path: Path) -> None:
    ds = _copy(tmp_path)
    _rewrite(ds / "pairings.csv", lambda r: r[1].__setitem__(1, "一县"))
    got = read_and_validate(ds)
    assert got.rows("pairings")[0]["county_id"] == "C1"


def test_xlsx_workbook(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for f in sorted(TINY.glob("*.csv")):
        ws = wb.create_sheet(f.stem)
        with f.open(encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        for row in rows:
            ws.append([int(c) if c.isdigit() and len(c) < 9 else c for c in row])
    path = tmp_path / "data.xlsx"
    wb.save(path)
    got = read_and_validate(path)
    assert got.counts() == read_and_validate(TINY).counts()
    assert {r["id"]: r["population"] for r in got.rows("counties")} == {
        "C1": 100000,
        "C2": 50000,
        "C3": 200000,
    }


def test_empty_and_header_only_files() -> None:
    raw, problems = read_csv_text("towns", "")
    assert raw is None
    assert [str(p) for p in problems] == ["towns:0:: file is empty (no header row)"]
    raw, problems = read_csv_text("towns", "id,name_zh,county_id\n")
    assert raw is not None and raw.rows == [] and problems == []


@pytest.mark.parametrize(
    ("cell", "ok"),
    [("１２３", True), ("1,234", True), ("12,34", False), ("-5", False), ("abc", False)],
)
def test_number_forms(tmp_path: Path, cell: str, ok: bool) -> None:
    ds = _copy(tmp_path)
    _rewrite(ds / "training.csv", lambda r: r[1].__setitem__(3, cell))
    if ok:
        got = read_and_validate(ds)
        assert got.rows("training")[0]["trainees"] == int(
            cell.replace(",", "").translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        )
    else:
        (problem,) = _problems(ds)
        assert problem.startswith("training:2:trainees: ")


def test_impossible_date(tmp_path: Path) -> None:
    ds = _copy(tmp_path)
    _rewrite(ds / "tasks.csv", lambda r: r[1].__setitem__(4, "2024-02-30"))
    assert _problems(ds) == ["tasks:2:due: impossible date: '2024-02-30'"]
