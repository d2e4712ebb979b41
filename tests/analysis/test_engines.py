"""``chains --engine gds``: betweenness and communities on the server's Graph Data Science.

The GDS server comes from ``scripts/test`` (tools/neo4j-local, flavour gds: Neo4j
2026.01 with OpenGDS 2.26). Brokers must equal NetworkX's exact betweenness; the
Leiden clusters need not equal greedy modularity's, so they are checked as a
partition and by their modularity, computed here with NetworkX on a county graph
rebuilt from the chain stages.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from assistgraph.analysis import chains
from assistgraph.analysis.engines import IgraphEngine, NetworkXEngine
from assistgraph.cli import cli
from assistgraph.errors import StoreError
from assistgraph.jobs.gds import GdsEngine, _indexed
from assistgraph.jobs.load import load_dataset
from assistgraph.settings import Settings
from assistgraph.store import Store, open_store

from ..conftest import TINY

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sichuan"


def test_indexed_makes_the_simple_graph_networkx_makes() -> None:
    edges = [("a", "b", 1.0), ("b", "a", 2.0), ("a", "b", 3.0), ("c", "c", 1.0), ("b", "c", 1.0)]
    names, pairs, weights = _indexed(edges)
    G = nx.Graph()
    G.add_weighted_edges_from(edges)
    G.remove_edges_from(nx.selfloop_edges(G))
    got = {frozenset((names[i], names[j])): w for (i, j), w in zip(pairs, weights, strict=True)}
    assert got == {frozenset((u, v)): d["weight"] for u, v, d in G.edges(data=True)}


def test_networkx_betweenness_says_when_it_estimates() -> None:
    from assistgraph.analysis.engines import BETWEENNESS_PIVOTS, EXACT_BETWEENNESS_MAX

    e = NetworkXEngine()
    assert e.betweenness_method(EXACT_BETWEENNESS_MAX) == "exact (NetworkX)"
    big = e.betweenness_method(EXACT_BETWEENNESS_MAX + 1)
    assert f"estimated from {BETWEENNESS_PIVOTS} pivots" in big and "gds engine" in big


def test_gds_engine_refuses_the_embedded_store(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "g.lbug"))
    load_dataset(TINY, settings)
    with open_store(settings) as st, pytest.raises(StoreError, match="not available"):
        GdsEngine(st)


@pytest.fixture
def example_on_gds(gds_store: Store, gds_settings: Settings) -> tuple[Store, nx.MultiDiGraph]:
    load_dataset(EXAMPLE, gds_settings)
    return gds_store, gds_store.export_graph()


def _catalog(st: Store) -> int:
    return st.query("CALL gds.graph.list() YIELD graphName RETURN count(*) AS n").rows[0][0]


def test_brokers_on_gds_are_networkx_exact_betweenness(
    example_on_gds: tuple[Store, nx.MultiDiGraph],
) -> None:
    st, G = example_on_gds
    mine = chains(G, engine=NetworkXEngine())["brokers"]  # the example is small: exact
    theirs = chains(G, engine=GdsEngine(st))["brokers"]
    assert [(r["kind"], r["id"]) for r in theirs] == [(r["kind"], r["id"]) for r in mine]
    for a, b in zip(mine, theirs, strict=True):
        assert math.isclose(a["betweenness"], b["betweenness"], abs_tol=2e-6)
    assert len(mine) > 20
    assert _catalog(st) == 0  # every projection dropped again
    assert chains(G)["brokers_method"] == "exact (igraph)"
    assert chains(G, engine=GdsEngine(st))["brokers_method"].startswith(
        "exact (Graph Data Science 2."
    )


def _county_graph(result: dict) -> nx.Graph:
    """Counties weighted by the chain industries they share, from the stage rows."""
    sets: dict[str, set[str]] = {}
    for r in result["counties"]:
        s = sets.setdefault(r["county_id"], set())
        s.add(r["industry_id"])
        s.update(x["industry_id"] for x in r["stages"])
    P = nx.Graph()
    P.add_nodes_from(sets)
    for a in sets:
        for b in sets:
            if a < b and sets[a] & sets[b]:
                P.add_edge(a, b, weight=len(sets[a] & sets[b]))
    return P


def test_clusters_on_gds_are_a_partition_at_least_as_modular(
    example_on_gds: tuple[Store, nx.MultiDiGraph],
) -> None:
    st, G = example_on_gds
    mine = chains(G, engine=NetworkXEngine())
    theirs = chains(G, engine=GdsEngine(st))
    assert chains(G, engine=GdsEngine(st))["clusters"] == theirs["clusters"]  # fixed seed
    P = _county_graph(mine)
    members = [c for r in theirs["clusters"] for c in r["counties"]]
    assert len(members) == len(set(members)) and set(members) <= set(P)
    assert all(len(r["counties"]) >= 2 for r in theirs["clusters"])

    def modularity(clusters: list[dict]) -> float:
        placed = {c for r in clusters for c in r["counties"]}
        parts = [set(r["counties"]) for r in clusters] + [{c} for c in P if c not in placed]
        return nx.community.modularity(P, parts, weight="weight")

    assert modularity(theirs["clusters"]) >= modularity(mine["clusters"]) - 0.01
    assert modularity(theirs["clusters"]) > 0.05  # real structure, not one blob
    # everything else does not depend on the engine
    for key in ("chains", "counties", "brands"):
        assert theirs[key] == mine[key]


def test_cli_chains_engine_gds(
    example_on_gds: tuple[Store, nx.MultiDiGraph], gds_settings: Settings, monkeypatch
) -> None:
    monkeypatch.setenv("NEO4J_USERNAME", gds_settings.username)
    monkeypatch.setenv("NEO4J_PASSWORD", gds_settings.password or "")
    args = ["chains", "--store", gds_settings.store, "--format", "json"]
    nx_run = CliRunner().invoke(cli, args)
    gds_run = CliRunner().invoke(cli, [*args, "--engine", "gds"])
    assert nx_run.exit_code == 0 and gds_run.exit_code == 0, gds_run.output
    a, b = json.loads(nx_run.output), json.loads(gds_run.output)
    assert [r["id"] for r in a["brokers"]] == [r["id"] for r in b["brokers"]]
    assert a["counties"] == b["counties"]


def test_igraph_engine_is_the_default(example_on_gds: tuple[Store, nx.MultiDiGraph]) -> None:
    _, G = example_on_gds
    assert chains(G) == chains(G, engine=IgraphEngine())


def test_shared_counts_on_gds_are_exact_intersections(gds_store: Store) -> None:
    members = {
        "i1": {"a", "b", "c"},
        "i2": {"b", "c", "d", "e"},
        "i3": {"e"},
        "i4": {"f"},
        "i5": set(),
        "i6": {"a", "b", "c", "d", "e", "f", "g"},
    }
    want = {
        (a, b): len(members[a] & members[b])
        for a in members
        for b in members
        if a < b and members[a] & members[b]
    }
    assert GdsEngine(gds_store).shared(members) == want == NetworkXEngine().shared(members)


def test_match_on_gds_gives_the_same_proposals(
    example_on_gds: tuple[Store, nx.MultiDiGraph],
) -> None:
    from assistgraph.analysis import match, relatedness_density

    st, G = example_on_gds
    gds = GdsEngine(st)
    mine = match(G)
    assert mine and match(G, engine=gds) == mine
    dens = relatedness_density(G)
    assert relatedness_density(G, engine=gds) == dens
    assert any(0 < v < 1 for v in dens.values())  # the overlaps matter here
    assert _catalog(st) == 0


def test_cli_match_engine_gds(
    example_on_gds: tuple[Store, nx.MultiDiGraph], gds_settings: Settings, monkeypatch
) -> None:
    monkeypatch.setenv("NEO4J_USERNAME", gds_settings.username)
    monkeypatch.setenv("NEO4J_PASSWORD", gds_settings.password or "")
    args = ["match", "--store", gds_settings.store, "--format", "json", "--top", "30"]
    a = CliRunner().invoke(cli, args)
    b = CliRunner().invoke(cli, [*args, "--engine", "gds"])
    assert a.exit_code == 0 and b.exit_code == 0, b.output
    assert json.loads(a.output) == json.loads(b.output)


def test_cli_engine_gds_on_the_embedded_store(tmp_path: Path) -> None:
    store = str(tmp_path / "g.lbug")
    load_dataset(TINY, Settings(store=store))
    for command in ("chains", "match"):
        res = CliRunner().invoke(cli, [command, "--engine", "gds", "--store", store])
        assert res.exit_code == 1, res.output
        assert "Graph Data Science is not available on the embedded store" in res.output
        assert "run without --engine gds" in res.output  # the CLI's hint, not the library's
        assert "Traceback" not in res.output
