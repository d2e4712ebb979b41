"""County dossiers, the report's new sections and provenance, and their CLI."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner, Result

from assistgraph.cli import cli
from assistgraph.graph import BUILDS, build_graph
from assistgraph.jobs.load import load_dataset
from assistgraph.render import Analysed, RenderError, analyse, render_county, render_report
from assistgraph.render._context import sourced_shares
from assistgraph.render.dossier import county_dossier, dossier_file, write_all_counties
from assistgraph.settings import Settings
from assistgraph.targets import load_targets

from ..conftest import EXAMPLE
from .conftest import EVIL_COUNTY, EVIL_PROVIDER

AS_OF = "2026-06-30"
COUNTY = "513337"  # 稻城县


def rows(table: str) -> list[dict[str, str]]:
    with (EXAMPLE / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def analysed(example_graph: nx.MultiDiGraph) -> Analysed:
    return analyse(example_graph, targets=load_targets(EXAMPLE), as_of=AS_OF)


def test_dossier_against_the_raw_tables(analysed: Analysed) -> None:
    """Providers per force from pairings.csv × providers.csv, trainees per year from
    training.csv, open tasks from tasks.csv (status open; overdue if due < AS_OF)."""
    d = county_dossier(analysed, COUNTY)
    prov = {r["id"]: r for r in rows("providers")}
    want: dict[str, set[str]] = defaultdict(set)
    for r in rows("pairings"):
        if r["county_id"] == COUNTY:
            want[prov[r["provider_id"]]["force"]].add(prov[r["provider_id"]]["name_zh"])
    from assistgraph.schema import FORCES

    got = {fc: {p["zh"] for p in x["providers"]} for fc, x in zip(FORCES, d["forces"], strict=True)}
    assert got == {fc: want.get(fc, set()) for fc in FORCES}
    assert d["n_forces"] == len(want)
    tasks = [r for r in rows("tasks") if r["county_id"] == COUNTY and r["status"] == "open"]
    assert sorted(t["title"] for t in d["tasks"]) == sorted(t["title"] for t in tasks)
    assert d["n_overdue"] == sum(1 for t in tasks if t["due"] < AS_OF)
    trained: dict[str, int] = defaultdict(int)
    for r in rows("training"):
        if r["county_id"] == COUNTY:
            trained[r["year"]] += int(r["trainees"])
    chart = str(d["training_chart"])
    for y, n in trained.items():
        assert f"<title>trainees: {n:,}</title>" in chart, (y, n)
    assert 'class="ref"' in chart  # the target line
    assert len(d["gaps"]) == len(analysed.gaps_by_county[COUNTY])


def test_dossier_page_and_file_names(example_graph: nx.MultiDiGraph, analysed: Analysed) -> None:
    html = render_county(example_graph, "稻城县", analysed=analysed)
    assert f'id="county-{COUNTY}"' in html and "@page { size: A4" in html
    assert "县域档案" in html and "<svg" in html
    assert dossier_file("a/b:c") == "county-a_b_c.html"
    with pytest.raises(Exception, match="not the id or name"):
        render_county(example_graph, "no such county", analysed=analysed)
    with pytest.raises(RenderError, match="language"):
        render_county(example_graph, COUNTY, lang="fr", analysed=analysed)


def test_all_counties_writes_every_dossier_and_an_index(
    example_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    paths = write_all_counties(example_graph, tmp_path / "d", as_of=AS_OF)
    assert paths[0].name == "index.html" and len(paths) == 40
    index = paths[0].read_text("utf-8")
    links = re.findall(r'href="(county-[^"#]+\.html)"', index)
    ids = sorted(r["id"] for r in rows("counties"))
    # each county linked from the list and from its map shape, every link resolves
    assert sorted(set(links)) == sorted(f"county-{c}.html" for c in ids)
    assert all((tmp_path / "d" / link).exists() for link in links)
    assert sorted(re.findall(r'data-county-id="(\d+)"', index)) == ids


def test_sourced_share_against_the_csvs(example_graph: nx.MultiDiGraph) -> None:
    """Per table: rows whose confidence is not illustrative, counted in the CSVs."""
    shares = {r["table"]: r for r in sourced_shares(analyse(example_graph, as_of=AS_OF).f)}
    for table in ("counties", "providers", "pairings", "funding", "training", "tasks"):
        rs = rows(table)
        sourced = sum(1 for r in rs if r.get("confidence") != "illustrative")
        assert (shares[table]["rows"], shares[table]["sourced"]) == (len(rs), sourced), table


def test_report_headline_badges_and_sections(
    example_graph: nx.MultiDiGraph, analysed: Analysed
) -> None:
    html = render_report(example_graph, analysed=analysed, top=5)
    for anchor in ("map", "charts", "dossiers", "sourced"):
        assert f'id="{anchor}"' in html
    shares = sourced_shares(analysed.f)
    head = html.split('id="sourced"', 1)[1].split("</table>", 1)[0]
    for r in shares:
        assert f'data-table="{r["table"]}"' in head
        assert f"{r['share'] * 100:.0f}%" in head
    # funding is 100 % illustrative in the example: every section on funding says so
    funding = next(r for r in shares if r["table"] == "funding")
    assert funding["sourced"] < funding["rows"]
    for sec in ("concentration", "charts"):
        body = html.split(f'<section id="{sec}"', 1)[1].split("</h2>", 1)[0]
        assert "ag-illus" in body and "funding" in body, sec
    assert html.count('<details class="ag-d-details" id="county-') == 39
    assert html.count('class="ag-map-county" data-county-id=') == 39


def test_report_indexes_the_graph_once(tmp_path: Path) -> None:
    """A frozen graph's facts are built once for the whole report (map, charts,
    dossiers, views included)."""
    settings = Settings(store=str(tmp_path / "g.lbug"))
    load_dataset(EXAMPLE, settings)
    from assistgraph.store import open_store

    with open_store(settings) as st:
        G = st.export_graph()
    assert getattr(G, "frozen", False)
    before = BUILDS["facts"]
    render_report(G, as_of=AS_OF, top=3)
    assert BUILDS["facts"] - before == 1
    assert callable(build_graph)


def test_hostile_names_are_escaped_in_dossiers(hostile_example_graph: nx.MultiDiGraph) -> None:
    html = render_county(hostile_example_graph, "513337", as_of=AS_OF)
    assert EVIL_COUNTY not in html and EVIL_PROVIDER not in html
    assert "&lt;img src=x onerror=" in html
    assert "<img" not in html


# -- CLI --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli-map") / "graph.lbug")
    load_dataset(EXAMPLE, Settings(store=path))
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_map_report_county_and_all(store: str, tmp_path: Path) -> None:
    res = run(
        "map",
        "--store",
        store,
        "--as-of",
        AS_OF,
        "--measure",
        "forces",
        "-o",
        str(tmp_path / "m.svg"),
    )
    assert res.exit_code == 0, res.output
    svg = (tmp_path / "m.svg").read_text("utf-8")
    assert svg.startswith("<?xml") and svg.count("data-county-id=") == 39
    res = run("map", "--store", store, "-o", str(tmp_path / "m.html"))
    page = (tmp_path / "m.html").read_text("utf-8")
    assert res.exit_code == 0 and "data-ag-map=" in page
    # the page holds every county's dossier, collapsed, to open from the map
    assert page.count('<details class="ag-d-details" id="county-') == 39
    assert '<script type="application/json" id="ag-dossiers-data">' in page
    assert f'<a href="#county-{COUNTY}"><path' in page
    res = run(
        "report",
        "--store",
        store,
        "--county",
        COUNTY,
        "--as-of",
        AS_OF,
        "-o",
        str(tmp_path / "c.html"),
    )
    assert res.exit_code == 0, res.output
    assert f'id="county-{COUNTY}"' in (tmp_path / "c.html").read_text("utf-8")
    res = run("report", "--store", store, "--all-counties", str(tmp_path / "all"), "--as-of", AS_OF)
    assert res.exit_code == 0, res.output
    assert "39 county dossiers" in res.output
    assert len(list((tmp_path / "all").glob("county-*.html"))) == 39


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("map", "-o", "x.png"), 2, "ending in .html or .svg"),
        (("report",), 2, "give -o FILE.html"),
        (("report", "--all-counties", "d", "-o", "x.html"), 2, "neither -o nor --county"),
        (("report", "--county", "nowhere", "-o", "x.html"), 1, "Error: county 'nowhere'"),
    ],
)
def test_cli_errors(
    store: str, tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    res = CliRunner().invoke(cli, [*args, "--store", store])
    assert res.exit_code == code and message in res.output
    assert "Traceback" not in res.output


def test_report_charts_against_the_raw_tables(analysed: Analysed) -> None:
    """Funding per force and year: funding.csv (amount_cny, or amount_wan × 10,000)
    summed by the provider's force (providers.csv) — one segment each, in 10k CNY; gaps
    per rule and severity: the bundle's gap list."""
    from assistgraph.render import _words as W
    from assistgraph.render._sections import charts

    force = {r["id"]: r["force"] for r in rows("providers")}
    want: dict[tuple[str, str], float] = defaultdict(float)
    for r in rows("funding"):
        amount = float(r["amount_cny"]) if r.get("amount_cny") else float(r["amount_wan"]) * 1e4
        want[(force[r["provider_id"]], r["year"])] += amount
    ch = charts(analysed)
    svg = str(ch["funding"])
    assert svg.count('class="seg"') == sum(1 for v in want.values() if v > 0)
    for (fc, _y), v in want.items():
        assert f"<title>{W.force_name(fc)[1]}: {v / 1e4:,.0f}</title>" in svg
    count: dict[tuple[str, str], int] = defaultdict(int)
    for g in analysed.gaps:
        count[(g["rule"], g["severity"])] += 1
    gaps_svg = str(ch["gaps"])
    assert gaps_svg.count('class="seg"') == len(count)
    for (_rule, sev), n in count.items():
        assert f"<title>{sev}: {n}</title>" in gaps_svg


def test_report_over_the_dossier_limit_embeds_them_as_json(
    example_graph: nx.MultiDiGraph, analysed: Analysed
) -> None:
    html = render_report(example_graph, analysed=analysed, top=0, dossiers=38)
    assert 'class="ag-dossier"' not in html  # no dossier laid out as HTML
    assert html.count('class="ag-d-details" id="county-') == 39  # one to open per county
    assert 'id="ag-dossiers-data"' in html and "--all-counties" in html
    for c in sorted(analysed.f.counties):  # the map leads to each county's dossier
        assert f'<a href="#county-{c}"><path' in html
