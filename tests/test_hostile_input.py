"""Hostile input (issue 19): bounded memory, ids that only look different, implausible values.

Every refused input ends as ``Error: table:row:column: …`` (exit 1, no traceback) and
leaves the store unchanged; every accepted variant of an id names the same node on
both stores.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistgraph import InputError, read_and_validate
from assistgraph.settings import Limits, Settings
from assistgraph.store import open_store
from assistgraph.validate import identity

from .badinput import books
from .conftest import TINY
from .test_cli import run


def _copy(tmp_path: Path) -> Path:
    ds = tmp_path / "ds"
    shutil.copytree(TINY, ds)
    return ds


def _append(ds: Path, table: str, *lines: str) -> None:
    with (ds / f"{table}.csv").open("a", encoding="utf-8", newline="") as fh:
        for line in lines:
            fh.write(line + "\n")


def _problems(source: Path, limits: Limits | None = None) -> list[str]:
    with pytest.raises(InputError) as exc:
        read_and_validate(source, limits=limits)
    return [str(p) for p in exc.value.problems]


# -- ids that only look different ---------------------------------------------------
#: Each is C1 (the tiny dataset's first county) written another way.
LOOKALIKES = {
    "full-width": "Ｃ１",
    "zero-width space": "C1\u200b",
    "BOM in front": "\ufeffC1",
    "NUL at the end": "C1\x00",
    "bidi marks": "\u202aC1\u202c\u200e",
    "word joiner": "C\u20601",
}


@pytest.mark.parametrize("variant", list(LOOKALIKES.values()), ids=list(LOOKALIKES))
def test_identity_normalises(variant: str) -> None:
    assert identity(variant) == "C1"


def test_lookalike_ids_name_the_same_node(empty_settings: Settings, tmp_path: Path) -> None:
    """Towns T2..T7 name county C1 in six disguises; a full-width id repeats C1 as a county.

    Expected by hand: still 3 counties (C1, C2, C3), and every new town LOCATED_IN C1;
    the repeated county row is a duplicate key of C1 (refused, so it is not loaded here).
    """
    ds = _copy(tmp_path)
    for i, variant in enumerate(LOOKALIKES.values(), start=2):
        _append(ds, "towns", f"T{i},镇{i},Town {i},{variant},eco_health")
    code, _, err = run(["load", str(ds)], empty_settings)
    assert code == 0, err
    with open_store(empty_settings) as st:
        assert st.counts()["nodes"]["County"] == 3
        res = st.query(
            "MATCH (t:Town)-[:LOCATED_IN]->(c:County) RETURN t.id AS tid, c.id AS cid ORDER BY tid"
        )
    located = dict(res.rows)
    assert all(located[f"T{i}"] == "C1" for i in range(2, 2 + len(LOOKALIKES)))

    # a second county whose id is C1 in full-width letters is a duplicate, not a new county
    _append(ds, "counties", "Ｃ１,假县,Fake County,P1,1,1,0.1,,,")
    code, _, err = run(["load", str(ds)], empty_settings)
    assert code == 1 and "Traceback" not in err
    assert err.strip() == "Error: counties:5:id: duplicate key C1 (first at row 2)"


def test_bom_at_the_start_of_a_line_is_not_a_new_id(tmp_path: Path) -> None:
    ds = _copy(tmp_path)
    _append(ds, "towns", "\ufeffTW1,重复,Again,C1,eco_health")  # TW1 exists: a duplicate key
    assert _problems(ds) == ["towns:3:id: duplicate key TW1 (first at row 2)"]


# -- implausible values -------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "expected"),
    [
        ("0", "funding:6:year: year '0' is outside 1949–2100"),
        ("99999", "funding:6:year: year '99999' is outside 1949–2100"),
        ("1948", "funding:6:year: year '1948' is outside 1949–2100"),
    ],
)
def test_implausible_years_are_refused(tmp_path: Path, year: str, expected: str) -> None:
    ds = _copy(tmp_path)
    _append(ds, "funding", f"E1,PR1,{year},1000,")
    assert _problems(ds) == [expected]


def test_years_at_the_edges_and_configurable(tmp_path: Path) -> None:
    ds = _copy(tmp_path)
    _append(ds, "funding", "E1,PR1,1949,1000,", "E1,PR1,2100,1000,")
    assert read_and_validate(ds).counts()["funding"] == 6
    narrow = Limits(year_min=2000, year_max=2030)
    assert _problems(ds, narrow) == [
        "funding:6:year: year '1949' is outside 2000–2030",
        "funding:7:year: year '2100' is outside 2000–2030",
    ]


def test_implausible_amounts_and_dates(tmp_path: Path) -> None:
    """10^13 yuan is the limit: 1e9 万元 (= 10^13) passes, 1000000001 万元 does not."""
    ds = _copy(tmp_path)
    _append(ds, "funding", "E1,PR1,2020,,1000000000", "E1,PR1,2021,,1000000001")
    _append(ds, "funding", "E1,PR1,2022,20000000000000,")
    _append(ds, "agreements", "E1,C2,0999-01-01,")
    assert _problems(ds) == [
        "funding:7:amount_wan: amount '1000000001' is implausibly large (more than 1e+13 yuan)",
        "funding:8:amount_cny: amount '20000000000000' is implausibly large (more than 1e+13 yuan)",
        "agreements:4:signed_on: date '0999-01-01' is outside the years 1949–2100",
    ]


def test_year_limits_from_the_environment(tmp_path: Path) -> None:
    assert Limits.from_env({"ASSISTGRAPH_LIMIT_YEAR_MAX": "2030"}).year_max == 2030
    ds = _copy(tmp_path)
    _append(ds, "funding", "E1,PR1,2031,1000,")
    res = subprocess.run(
        [sys.executable, "-m", "assistgraph", "validate", str(ds)],
        capture_output=True,
        text=True,
        env={**_env(), "ASSISTGRAPH_LIMIT_YEAR_MAX": "2030"},
        timeout=120,
    )
    assert res.returncode == 1
    assert "funding:6:year: year '2031' is outside 1949–2030" in res.stderr


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("ASSISTGRAPH_LIMIT_")}


# -- limits on size -----------------------------------------------------------------
def test_columns_per_table(tmp_path: Path) -> None:
    ds = _copy(tmp_path)
    lines = (ds / "towns.csv").read_text(encoding="utf-8").splitlines()
    lines[0] += "".join(f",x{i}" for i in range(600))
    lines[1:] = [line + "," * 600 for line in lines[1:]]
    (ds / "towns.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _problems(ds) == ["towns:1:: 605 columns; at most 500 are accepted"]


def test_cell_length_and_rows_per_load(tmp_path: Path) -> None:
    ds = _copy(tmp_path)
    _append(ds, "towns", "T9," + "镇" * 60 + ",x,C1,eco_health")
    small = Limits(max_cell_chars=50)
    assert _problems(ds, small) == ["towns:3:name_zh: cell longer than 50 characters"]
    rows = sum(len(f.read_text(encoding="utf-8").splitlines()) - 1 for f in ds.glob("*.csv"))
    assert read_and_validate(ds, limits=Limits(max_rows=rows))  # exactly at the limit
    (problem,) = _problems(ds, Limits(max_rows=rows - 1))
    assert problem.endswith(f"{rows:,} rows in all tables; at most {rows - 1:,} per load")
    assert _problems(ds, Limits(max_rows=1))[0] == (
        "prefectures:0:: more than 1 rows; at most 1 per load"
    )


def test_many_empty_unknown_columns_refused_quickly_store_unchanged(
    empty_settings: Settings, tmp_path: Path
) -> None:
    """10,000 empty unknown columns: refused by the column limit, the store untouched."""
    import time

    run(["load", str(TINY)], empty_settings)
    with open_store(empty_settings) as st:
        before = st.export_graph()
    ds = _copy(tmp_path)
    lines = (ds / "counties.csv").read_text(encoding="utf-8").splitlines()
    lines[0] += "".join(f",extra{i}" for i in range(10_000))
    (ds / "counties.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    code, _, err = run(["load", str(ds)], empty_settings)
    assert time.perf_counter() - start < 30
    assert (
        code == 1 and err.strip() == "Error: counties:1:: 10010 columns; at most 500 are accepted"
    )
    with open_store(empty_settings) as st:
        after = st.export_graph()
    assert sorted(after.nodes(data=True)) == sorted(before.nodes(data=True))


def test_new_columns_of_a_failed_load_are_rolled_back(tmp_path: Path) -> None:
    """An upsert adding 300 unknown columns that fails later leaves the schema as it was."""
    from assistgraph.jobs.load import load_dataset
    from assistgraph.store.embedded import EmbeddedStore

    path = tmp_path / "g.lbug"
    load_dataset(TINY, str(path))
    ds = _copy(tmp_path)
    lines = (ds / "counties.csv").read_text(encoding="utf-8").splitlines()
    lines[0] += "".join(f",extra{i}" for i in range(300))
    lines[1:] = [line + "," * 299 + ",v" for line in lines[1:]]
    (ds / "counties.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    dataset = read_and_validate(ds)

    def columns() -> list[str]:
        with EmbeddedStore(path) as st:
            return [r[0] for r in st.query("CALL table_info('County') RETURN name").rows]

    before = columns()
    store = EmbeddedStore(path, write=True)

    def boom(n: int) -> None:
        raise RuntimeError("injected failure after the first batch")

    with pytest.raises(Exception, match="injected"):
        store.load(dataset, progress=boom)
    store.close()
    assert columns() == before
    with EmbeddedStore(path) as st:
        runs = st.load_runs().records()
    assert runs[0]["status"] == "failed"


# -- expanding workbooks --------------------------------------------------------------
MEASURE = textwrap.dedent(
    """
    import json, resource, sys
    from assistgraph import InputError, read_and_validate
    try:
        read_and_validate(sys.argv[1])
        problems = []
    except InputError as e:
        problems = [str(p) for p in e.problems]
    # getrusage's ru_maxrss survives fork and exec (it starts at the parent's peak, here
    # pytest's); VmHWM belongs to this process image alone
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    try:
        status = open("/proc/self/status").read().split("VmHWM:")[1]
        peak = int(status.split()[0]) * 1024
    except (OSError, IndexError):
        pass
    print(json.dumps({"peak": peak, "problems": problems}))
    """
)


def _measure(path: Path) -> dict[str, object]:
    res = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, timeout=300
    )
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return books.shared_strings_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx")


def test_shared_strings_bomb_refused_early_in_bounded_memory(bomb: Path) -> None:
    """Under 1 MB on disk, 348 MB of shared strings once decompressed: refused from the
    zip directory before anything is decompressed (peak far under 600 MB)."""
    assert bomb.stat().st_size < 1_000_000
    got = _measure(bomb)
    (problem,) = got["problems"]  # type: ignore[misc]
    assert problem.startswith("bomb.xlsx:0:: workbook part xl/sharedStrings.xml expands ")
    assert problem.endswith(" bytes); at most 100 times is accepted")
    assert "(to 347,9" in problem  # 348 MB declared
    assert int(got["peak"]) < 600 * 2**20  # type: ignore[call-overload]


def test_far_cell_read_over_the_used_range(tmp_path: Path) -> None:
    """18 KB, one cell at XFD1048576: read as one cell (the declared range is 17e9 cells)."""
    path = books.far_cell(tmp_path / "far.xlsx")
    assert path.stat().st_size < 30_000
    got = _measure(path)
    assert int(got["peak"]) < 600 * 2**20  # type: ignore[call-overload]
    assert got["problems"][0] == "towns:1048576:: 6 cells but 5 headers"  # type: ignore[index]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (books.truncated_sheet, "towns:0:: cannot read sheet 'towns': no element found"),
        (books.entity_sheet, "entity.xlsx:0:: cannot open workbook"),
        (
            books.formula_without_value,
            "counties:2:population: cell E2 is a formula without a saved value; "
            "open and save the workbook in Excel, or paste the values",
        ),
    ],
    ids=["truncated", "entities", "formula"],
)
def test_broken_sheets_are_errors_naming_the_place(
    make: object, expected: str, tmp_path: Path
) -> None:
    path = make(tmp_path / "entity.xlsx")  # type: ignore[operator]
    code, out, err = run(["validate", str(path)])
    assert code == 1 and "Traceback" not in err + out
    problems = _problems(path)
    assert len(problems) == 1 and problems[0].startswith(expected), problems
    assert "lol" not in err  # entities are never expanded into the message


def test_entities_are_refused_by_the_xml_parser() -> None:
    """openpyxl uses defusedxml when it is installed (a dependency): no entity expands."""
    import openpyxl

    assert openpyxl.DEFUSEDXML is True
