"""Issue 15: many sources in one load, exports that load back, templates, diffs."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import networkx as nx
import openpyxl
import pytest
from click.testing import CliRunner

from assistgraph import schema
from assistgraph.cli import cli
from assistgraph.errors import InputError
from assistgraph.exchange import export_graph, graph_tables
from assistgraph.exchange.diff import diff_graphs, gap_id
from assistgraph.exchange.export import NODE_LINK
from assistgraph.jobs import load_dataset, programme_graph
from assistgraph.settings import Settings
from assistgraph.sources import read_sources
from assistgraph.store import open_store

from .conftest import EXAMPLE, TINY
from .graphs import canonical, csv_rows

LOCATION = {c.name for c in schema.LOCATION}


def graph_of(settings: Settings | str) -> nx.MultiDiGraph:
    with open_store(settings) as st:
        return programme_graph(st)


def without_location(G: nx.MultiDiGraph) -> tuple[list[str], list[str]]:
    """``canonical`` of G with source_file/source_sheet/source_row left out."""
    H = nx.MultiDiGraph()
    H.add_nodes_from(
        (n, {k: v for k, v in d.items() if k not in LOCATION}) for n, d in G.nodes(data=True)
    )
    H.add_edges_from(
        (u, v, k, {a: b for a, b in d.items() if a not in LOCATION})
        for u, v, k, d in G.edges(keys=True, data=True)
    )
    return canonical(H)


def read_csv(folder: Path, table: str) -> tuple[list[str], list[list[str]]]:
    with (folder / f"{table}.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def write_book(path: Path, tables: dict[str, tuple[list[str], list[list[str]]]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, (header, rows) in tables.items():
        ws = wb.create_sheet(name)
        ws.append(header)
        for r in rows:
            ws.append([c if c != "" else None for c in r])
    wb.save(path)
    return path


def write_folder(path: Path, tables: dict[str, tuple[list[str], list[list[str]]]]) -> Path:
    path.mkdir()
    for name, (header, rows) in tables.items():
        with (path / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([header, *rows])
    return path


# -- round trips ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_loads_back_identical(empty_settings: Settings, tmp_path: Path, fmt: str) -> None:
    """example → export → load (replace) → the same nodes, relationships and properties,
    provenance (file, sheet, row of the first load) included."""
    load_dataset(EXAMPLE, empty_settings)
    before = graph_of(empty_settings)
    out = tmp_path / ("p.xlsx" if fmt == "xlsx" else "p")
    counts = export_graph(before, out, fmt=fmt)
    assert counts["counties"] == len(csv_rows(EXAMPLE, "counties")) == 39
    assert counts["funding"] == len(csv_rows(EXAMPLE, "funding"))
    load_dataset(out, empty_settings, replace=True)
    after = graph_of(empty_settings)
    assert after.number_of_nodes() == before.number_of_nodes()
    assert after.number_of_edges() == before.number_of_edges()
    assert canonical(after) == canonical(before)
    c = after.nodes["County:513337"]
    assert c["source_file"] == str(EXAMPLE / "counties.csv")
    assert c["source_row"] == 1 + next(
        i for i, r in enumerate(csv_rows(EXAMPLE, "counties"), start=1) if r["id"] == "513337"
    )


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_read_back_by_networkx(tmp_path: Path, fmt: str) -> None:
    load_dataset(EXAMPLE, str(tmp_path / "g.lbug"))
    G = graph_of(str(tmp_path / "g.lbug"))
    out = tmp_path / f"g.{fmt}"
    export_graph(G, out, fmt=fmt)
    R = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert R.number_of_nodes() == G.number_of_nodes()
    assert R.number_of_edges() == G.number_of_edges()
    assert set(map(str, R.nodes)) == set(G.nodes)
    d = R.nodes["County:513337"]
    assert d["kind"] == "County" and d["node_id"] == "513337"
    assert d["label"] == G.nodes["County:513337"]["name_zh"]
    types = {e[2].get("rel_type") for e in R.edges(data=True)}
    assert types == {d["type"] for *_, d in G.edges(data=True)}


def test_json_is_node_link(tmp_path: Path) -> None:
    load_dataset(TINY, str(tmp_path / "g.lbug"))
    G = graph_of(str(tmp_path / "g.lbug"))
    export_graph(G, tmp_path / "g.json", fmt="json")
    H = nx.node_link_graph(json.loads((tmp_path / "g.json").read_text("utf-8")), **NODE_LINK)
    assert canonical(H) == canonical(G)


def test_formula_cells_neutralised_and_restored(tmp_path: Path) -> None:
    """A name that Excel would run (=1+2, @SUM(A1)) is written with a leading '
    in xlsx and csv, and loads back as it was."""
    data = tmp_path / "d"
    shutil.copytree(TINY, data)
    path = data / "counties.csv"
    text = path.read_text("utf-8").replace("One County", "=1+2")
    text = text.replace("Two County", "@SUM(A1)")
    path.write_text(text, "utf-8")
    load_dataset(data, str(tmp_path / "a.lbug"))
    G = graph_of(str(tmp_path / "a.lbug"))
    export_graph(G, tmp_path / "p.xlsx", fmt="xlsx")
    export_graph(G, tmp_path / "p", fmt="csv")
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx")["counties"]
    cells = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "'=1+2" in cells and "'@SUM(A1)" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert "'=1+2" in (tmp_path / "p" / "counties.csv").read_text("utf-8-sig")
    for out in (tmp_path / "p.xlsx", tmp_path / "p"):
        ds = read_sources(out)
        names = {r["id"]: r["name_en"] for r in ds.rows("counties")}
        assert names["C1"] == "=1+2"
        assert names["C2"] == "@SUM(A1)"


# -- many sources ----------------------------------------------------------------------


def five_sources(tmp_path: Path) -> list[Path]:
    """The example split into 2 workbooks and 3 folders; funding split by rows across two
    sources; counties given twice (identically) in two sources."""
    names = [t.name for t in schema.TABLES if (EXAMPLE / f"{t.name}.csv").exists()]
    tables = {n: read_csv(EXAMPLE, n) for n in names}
    head, rows = tables.pop("funding")
    half = len(rows) // 2
    groups: list[dict[str, Any]] = [{}, {}, {}, {}, {}]
    for i, n in enumerate(tables):
        groups[i % 5][n] = tables[n]
    groups[2]["funding"] = (head, rows[:half])
    groups[3]["funding"] = (head, rows[half:])
    groups[4]["counties"] = tables["counties"]  # the same rows twice: fine
    return [
        write_book(tmp_path / "s0.xlsx", groups[0]),
        write_folder(tmp_path / "s1", groups[1]),
        write_book(tmp_path / "s2.xlsx", groups[2]),
        write_folder(tmp_path / "s3", groups[3]),
        write_book(tmp_path / "s4.xlsx", groups[4]),
    ]


def test_five_sources_give_the_graph_of_one_folder(
    empty_settings: Settings, tmp_path: Path
) -> None:
    sources = five_sources(tmp_path)
    load_dataset(sources, empty_settings)
    G5 = graph_of(empty_settings)
    load_dataset(EXAMPLE, str(tmp_path / "one.lbug"))
    G1 = graph_of(str(tmp_path / "one.lbug"))
    assert without_location(G5) == without_location(G1)
    # each fact says where it came from: the second half of funding is in s3/funding.csv
    head, rows = read_csv(EXAMPLE, "funding")
    last = dict(zip(head, rows[-1], strict=True))
    key = f"FUNDS|{last['year']}"
    edge = G5.edges[f"Provider:{last['provider_id']}", f"Project:{last['project_id']}", key]
    assert edge["source_file"] == str(tmp_path / "s3" / "funding.csv")
    assert edge["source_row"] == len(rows) - len(rows) // 2 + 1
    assert edge.get("source_sheet") is None
    # counties come twice (s1 folder, s4 workbook, the same rows): the first copy is kept
    county = G5.nodes["County:513337"]
    assert county["source_file"] == str(tmp_path / "s1" / "counties.csv")
    assert (tmp_path / "s1" / "counties.csv").exists() and county.get("source_sheet") is None


def test_conflicting_duplicate_names_both_places_and_writes_nothing(
    empty_settings: Settings, tmp_path: Path
) -> None:
    load_dataset(TINY, empty_settings)
    before = canonical(graph_of(empty_settings))
    head, rows = read_csv(TINY, "counties")
    changed = [list(r) for r in rows]
    changed[1][head.index("population")] = "123456"
    other = write_book(tmp_path / "other.xlsx", {"counties": (head, changed)})
    with pytest.raises(InputError) as exc:
        load_dataset([TINY, other], empty_settings)
    text = str(exc.value)
    assert len(exc.value.problems) == 1, text
    assert f"{other}[counties]:3:population" in text
    assert str(TINY / "counties.csv") in text and "row 3" in text
    assert canonical(graph_of(empty_settings)) == before
    result = CliRunner().invoke(
        cli, ["load", str(TINY), str(other), "--store", str(tmp_path / "x.lbug")]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and str(other) in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.lbug").exists()


def test_errors_of_many_sources_name_file_and_local_row(tmp_path: Path) -> None:
    head, rows = read_csv(TINY, "training")
    bad = [list(r) for r in rows]
    bad[0][head.index("trainees")] = "many"
    data = tmp_path / "d"
    shutil.copytree(TINY, data)
    (data / "training.csv").unlink()
    book = write_book(tmp_path / "t.xlsx", {"training": (head, bad)})
    with pytest.raises(InputError) as exc:
        read_sources([data, book])
    assert [str(p) for p in exc.value.problems] == [
        f"{book}[training]:2:trainees: not a number: 'many'"
    ]


# -- templates ---------------------------------------------------------------------------


def test_filled_template_loads_cleanly(tmp_path: Path) -> None:
    """A blank Chinese template, filled by openpyxl under its own headers with the tiny
    dataset, loads into the same graph as the tiny folder (the example row skipped)."""
    from assistgraph.exchange.template import TemplateIds, header, write_template

    ids = TemplateIds.from_tables(graph_tables(_tiny_graph(tmp_path)))
    path = tmp_path / "t.xlsx"
    write_template(path, lang="zh", ids=ids)
    wb = openpyxl.load_workbook(path)
    for table in schema.TABLES:
        if not (TINY / f"{table.name}.csv").exists():
            continue
        ws = next(wb[s] for s in wb.sheetnames if s in (table.name, table.title_zh))
        headers = [c.value for c in ws[1]]
        assert str(ws.cell(2, 1).value).startswith("【示例】")
        for i, row in enumerate(csv_rows(TINY, table.name), start=3):
            for name, value in row.items():
                h = header(table, name, "zh")
                if h not in headers:
                    headers.append(h)
                    ws.cell(1, len(headers), h)
                ws.cell(i, headers.index(h) + 1, value or None)
    wb.save(path)
    load_dataset(path, str(tmp_path / "t.lbug"))
    assert without_location(graph_of(str(tmp_path / "t.lbug"))) == without_location(
        _tiny_graph(tmp_path)
    )


def _tiny_graph(tmp_path: Path) -> nx.MultiDiGraph:
    store = tmp_path / "tiny.lbug"
    if not store.exists():
        load_dataset(TINY, str(store))
    return graph_of(str(store))


def test_template_dropdowns_header_and_instructions(tmp_path: Path) -> None:
    from assistgraph.exchange.template import example_ids, write_template

    path = tmp_path / "t.xlsx"
    write_template(path, lang="zh", ids=example_ids())
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "说明"
    ws = wb["帮扶单位"]  # providers
    assert [c.value for c in ws[1]][:4] == ["帮扶单位编号", "帮扶单位", "英文名称", "帮扶力量"]
    dvs = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert dvs["D2:D2001"] == '"省直部门定点帮扶,东西部协作,省内对口帮扶,省属国企,在川央企"'
    pairings = wb["结对关系"]
    dvs = {str(dv.sqref): dv.formula1 for dv in pairings.data_validations.dataValidation}
    counties = len(csv_rows(EXAMPLE, "counties"))
    assert f"'选项'!$D$2:$D${counties + 1}" in dvs.values()  # the 39 county ids
    lists = wb["选项"]
    assert sorted(lists.cell(i, 4).value for i in range(2, counties + 2)) == sorted(
        r["id"] for r in csv_rows(EXAMPLE, "counties")
    )
    assert ws.freeze_panes == "A2" and ws.protection.sheet
    assert ws.cell(1, 1).protection.locked  # the header (the default: locked)
    assert ws.column_dimensions["A"].protection.locked is False
    info = wb["说明"]
    described = {(r[0].value, r[2].value) for r in info.iter_rows(min_row=4)}
    for t in schema.TABLES:
        for c in t.columns:
            assert (t.name, c.name) in described


def test_county_template_prefilled_and_loads_with_the_rest(tmp_path: Path) -> None:
    """--county 513337: its projects, pairings, training … are pre-filled (Chinese enum
    words), and loading the example plus that workbook gives the example's graph."""
    from assistgraph.exchange.template import TemplateIds, county_rows, write_template

    load_dataset(EXAMPLE, str(tmp_path / "g.lbug"))
    G = graph_of(str(tmp_path / "g.lbug"))
    tables = graph_tables(G)
    path = tmp_path / "513337.xlsx"
    filled = write_template(
        path, ids=TemplateIds.from_tables(tables), rows=county_rows(tables, "513337")
    )
    projects = [r for r in csv_rows(EXAMPLE, "projects") if r["county_id"] == "513337"]
    mine = {r["id"] for r in projects}
    assert filled["projects"] == len(projects) > 0
    assert filled["funding"] == sum(
        1 for r in csv_rows(EXAMPLE, "funding") if r["project_id"] in mine
    )
    assert filled["pairings"] == sum(
        1 for r in csv_rows(EXAMPLE, "pairings") if r["county_id"] == "513337"
    )
    assert filled["counties"] == 1 and filled["providers"] == 0
    ws = openpyxl.load_workbook(path)["项目"]
    assert {ws.cell(i, 1).value for i in range(3, 3 + len(projects))} == mine
    load_dataset([EXAMPLE, path], str(tmp_path / "both.lbug"))
    assert without_location(graph_of(str(tmp_path / "both.lbug"))) == without_location(G)


def test_template_cli_without_store_uses_the_example(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(
        cli, ["template", "-o", str(out), "--lang", "en", "--store", str(tmp_path / "none.lbug")]
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert "counties" in wb.sheetnames and "instructions" in wb.sheetnames
    assert str(wb["counties"].cell(2, 1).value).startswith("[example]")
    assert wb["lists"].max_row >= 1 + len(csv_rows(EXAMPLE, "counties"))
    ds = read_sources(out)  # the empty template is a valid (empty) dataset
    assert sum(ds.counts().values()) == 0


# -- diff --------------------------------------------------------------------------------


#: The example has no training gap under the default (mean over the years) rule; checked
#: each year (``training_rule = "each_year"``, a contract option) it has some.
EACH_YEAR = 'training_rule = "each_year"\n'


def training_totals() -> dict[tuple[str, str], int]:
    """(county, year) → trainees, summed from the raw example table."""
    out: dict[tuple[str, str], int] = {}
    for r in csv_rows(EXAMPLE, "training"):
        key = (r["county_id"], r["year"])
        out[key] = out.get(key, 0) + int(r["trainees"])
    return out


def raised_training(tmp_path: Path) -> tuple[Path, str, str]:
    """The example with the first county-year below 500 trainees raised to 500 (its first
    row of that year gets the shortfall)."""
    below = sorted(k for k, n in training_totals().items() if n < 500)
    assert len(below) >= 2  # another county's gap must stay open
    county, year = below[0]
    shortfall = 500 - training_totals()[(county, year)]
    data = tmp_path / "raised"
    shutil.copytree(EXAMPLE, data)
    path = data / "training.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    at = next(
        i for i, r in enumerate(rows) if i and r[1] == county and r[2] == year
    )  # provider_id, county_id, year, trainees, …
    assert rows[0][:4] == ["provider_id", "county_id", "year", "trainees"]
    rows[at][3] = str(int(rows[at][3]) + shortfall)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return data, county, year


def test_diff_lists_exactly_the_raised_countys_training_gap_as_closed(tmp_path: Path) -> None:
    from assistgraph.targets import Targets

    data, county, year = raised_training(tmp_path)
    shortfall = 500 - training_totals()[(county, year)]
    load_dataset(EXAMPLE, str(tmp_path / "a.lbug"))
    load_dataset(data, str(tmp_path / "b.lbug"))
    old, new = graph_of(str(tmp_path / "a.lbug")), graph_of(str(tmp_path / "b.lbug"))
    targets = Targets(training_rule="each_year")
    d = diff_graphs(old, new, targets=targets, as_of="2026-11-30")
    assert [g["id"] for g in d["gaps"]["closed"]] == [f"training_below_target|{county}|||{year}|"]
    assert d["gaps"]["opened"] == []
    still = {g["id"] for g in d["gaps"]["unchanged"] if g["rule"] == "training_below_target"}
    expected = {
        f"training_below_target|{c}|||{y}|"
        for (c, y), n in training_totals().items()
        if n < 500 and (c, y) != (county, year)
    }
    assert still == expected and expected
    assert [(f["county_id"], f["measure"], f["change"]) for f in d["figures"]] == [
        (county, "trainees", float(shortfall))
    ]
    assert d["pairings"] == {"added": [], "ended": []}
    assert d["agreements"] == {"added": [], "ended": []}


def test_diff_cli_fails_on_new_gaps_and_names_pairings(tmp_path: Path) -> None:
    data, county, year = raised_training(tmp_path)
    pairings = data / "pairings.csv"
    lines = pairings.read_text("utf-8").splitlines(keepends=True)
    gone = dict(zip(lines[0].strip().split(","), lines[1].strip().split(","), strict=False))
    pairings.write_text("".join([lines[0], *lines[2:]]), "utf-8")
    targets = tmp_path / "targets.toml"
    targets.write_text(EACH_YEAR, "utf-8")
    runner = CliRunner()
    opts = ["--as-of", "2026-11-30", "--targets", str(targets)]
    result = runner.invoke(cli, ["diff", str(EXAMPLE), str(data), *opts, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert [(p["provider_id"], p["county_id"]) for p in doc["pairings"]["ended"]] == [
        (gone["provider_id"], gone["county_id"])
    ]
    back = runner.invoke(cli, ["diff", str(data), str(EXAMPLE), *opts, "--fail-on-new-gaps"])
    assert back.exit_code == 3, back.output
    assert f"training_below_target|{county}|||{year}|" in back.output
    assert "opened" in back.output


def test_gap_id_of_both_gap_shapes() -> None:
    v1 = {
        "rule": "overdue_task",
        "county_id": "513337",
        "provider_id": "prov-x",
        "force": None,
        "year": None,
    }
    assert gap_id(v1) == "overdue_task|513337|prov-x|||"
    v2 = {**v1, "subject": "T-12", "id": "overdue_task|513337|prov-x|||T-12"}
    assert gap_id(v2) == "overdue_task|513337|prov-x|||T-12"


def test_provenance_visible_in_cypher_and_explain(tmp_path: Path) -> None:
    """Loaded from two sources by the CLI, a training row's file and row show in
    ``cypher`` and in the evidence of ``gaps --explain``."""
    head, rows = read_csv(TINY, "training")
    data = tmp_path / "d"
    shutil.copytree(TINY, data)
    (data / "training.csv").unlink()
    book = write_book(tmp_path / "training.xlsx", {"培训": (head, rows)})
    store = str(tmp_path / "g.lbug")
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", str(data), str(book)])
    assert result.exit_code == 0, result.output
    assert f"training            {len(rows)}" in result.output
    assert runner.invoke(cli, ["load", str(data), str(book), "--store", store]).exit_code == 0
    q = (
        "MATCH (:Provider {id: 'E1'})-[r:TRAINED {year: 2024}]->(:County {id: 'C2'}) "
        "RETURN r.source_file AS f, r.source_sheet AS s, r.source_row AS n"
    )
    out = runner.invoke(cli, ["cypher", q, "--store", store, "--format", "json"])
    at = 2 + next(i for i, r in enumerate(rows) if r[:3] == ["E1", "C2", "2024"])  # header is row 1
    assert json.loads(out.output) == [{"f": str(book), "s": "培训", "n": at}]
    gaps = runner.invoke(
        cli,
        [
            "gaps",
            "--store",
            store,
            "--rule",
            "training_below_target",
            "--explain",
            "--format",
            "json",
            "--as-of",
            "2025-01-01",
        ],
    )
    evidence = [e for g in json.loads(gaps.output)["gaps"] for e in g.get("evidence", [])]
    assert evidence and all(e["props"]["source_file"] == str(book) for e in evidence)
    assert {e["props"]["source_sheet"] for e in evidence} == {"培训"}


def test_template_cli_for_one_county_from_the_store(tmp_path: Path) -> None:
    store = str(tmp_path / "g.lbug")
    load_dataset(EXAMPLE, store)
    out = tmp_path / "c.xlsx"
    result = CliRunner().invoke(
        cli, ["template", "-o", str(out), "--county", "稻城县", "--store", store]
    )
    assert result.exit_code == 0, result.output
    tasks = [r for r in csv_rows(EXAMPLE, "tasks") if r["county_id"] == "513337"]
    ws = openpyxl.load_workbook(out)["任务清单"]
    ids = {ws.cell(i, 1).value for i in range(3, ws.max_row + 1)} - {None}
    assert ids == {r["id"] for r in tasks}
    bad = CliRunner().invoke(
        cli, ["template", "-o", str(out), "--county", "nowhere", "--store", store]
    )
    assert bad.exit_code == 1 and bad.output.startswith("Error: ")


def test_a_round_of_39_county_templates_and_the_roster_rebuilds_the_graph(tmp_path: Path) -> None:
    """The issue's workflow: the roster exported from the store, one pre-filled template
    per county (filled back unchanged), all 40 workbooks loaded at once: the example's
    graph again (rows shared by counties, e.g. brands of several, are identical
    duplicates)."""
    from assistgraph.exchange.template import TemplateIds, county_rows, write_template

    store = str(tmp_path / "g.lbug")
    load_dataset(EXAMPLE, store)
    G = graph_of(store)
    tables = graph_tables(G)
    ids = TemplateIds.from_tables(tables)
    books, covered = [], set()
    for r in csv_rows(EXAMPLE, "counties"):
        books.append(tmp_path / f"{r['id']}.xlsx")
        mine = county_rows(tables, r["id"])
        covered |= {(name, id(row)) for name, (_, rows) in mine.items() for row in rows}
        write_template(books[-1], ids=ids, rows=mine)
    # the roster: every table with a row no county's workbook holds (whole: duplicates
    # of county rows are identical), e.g. providers, industries, mechanisms
    roster = [n for n, (_, rows) in tables.items() if any((n, id(r)) not in covered for r in rows)]
    assert {"prefectures", "providers", "industries"} <= set(roster)
    books.append(tmp_path / "roster.xlsx")
    export_graph(G, books[-1], fmt="xlsx", tables=roster)
    assert len(books) == 40
    load_dataset(books, str(tmp_path / "round.lbug"))
    assert without_location(graph_of(str(tmp_path / "round.lbug"))) == without_location(G)


def test_report_since_the_last_round_lists_the_closed_gap(tmp_path: Path) -> None:
    """The last round (a dataset folder) had one more task, open and long overdue, in
    马边 (511133) with no responsible unit (the county's task force); this round has
    not. So exactly that task's overdue_task gap is closed since the last round, and
    no gap is opened."""
    old = tmp_path / "old"
    shutil.copytree(EXAMPLE, old)
    with open(old / "tasks.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            [
                "task-since-01",
                "511133",
                "",
                "示例：上一轮的任务",
                "2024-01-31",
                "open",
                "",
                "",
                "illustrative",
                "",
            ]
        )
    store = str(tmp_path / "now.lbug")
    load_dataset(EXAMPLE, store)
    out = tmp_path / "r.html"
    res = CliRunner().invoke(
        cli,
        [
            "report",
            "--store",
            store,
            "--since",
            str(old),
            "--as-of",
            "2025-06-30",
            "-o",
            str(out),
            "--top",
            "0",
        ],
    )
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    section = html[html.index('<section id="since">') : html.index('<section id="headline">')]
    closed = section[section.index("ag-since-closed") :]
    assert 'data-gap-id="overdue_task|511133||||task-since-01"' in closed
    assert section.count("data-gap-id=") == 1  # nothing else closed, nothing opened
