"""The default engine (igraph) against the reference (NetworkX): dispatch, not a new answer.

Betweenness must be NetworkX's, exact and estimated alike (the same pivots, the same
scaling); Leiden communities need not be greedy modularity's partition, so they are
checked as a partition of the nodes, for determinism and by their modularity,
computed here with NetworkX.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import networkx as nx
import pytest

from assistgraph.analysis import chains, match
from assistgraph.analysis import engines as eng
from assistgraph.analysis.engines import IgraphEngine, NetworkXEngine, default_engine
from assistgraph.jobs import engine_for
from assistgraph.jobs.load import load_dataset
from assistgraph.settings import Settings
from assistgraph.store import open_store

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sichuan"


def _edges(n: int, m: int, seed: int) -> list[tuple[str, str]]:
    G = nx.gnm_random_graph(n, m, seed=seed)
    out = [(f"v{a}", f"v{b}") for a, b in G.edges()]
    # the shapes the analyses hand over: repeated pairs, both directions, a self-loop
    return [*out, *out[:5], *[(b, a) for a, b in out[5:10]], ("v1", "v1")]


def _close(a: dict[str, float], b: dict[str, float]) -> None:
    assert a.keys() == b.keys()
    for k in a:
        assert math.isclose(a[k], b[k], rel_tol=1e-9, abs_tol=1e-12), k


def test_exact_betweenness_is_networkx_exact() -> None:
    edges = _edges(120, 300, seed=1)
    _close(IgraphEngine().betweenness(edges), NetworkXEngine().betweenness(edges))


def test_estimated_betweenness_draws_networkx_pivots(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(eng, "EXACT_BETWEENNESS_MAX", 50)
    monkeypatch.setattr(eng, "BETWEENNESS_PIVOTS", 17)
    edges = _edges(140, 400, seed=2)
    mine, ref = IgraphEngine().betweenness(edges), NetworkXEngine().betweenness(edges)
    _close(mine, ref)
    exact = nx.betweenness_centrality(nx.Graph(edges))
    assert any(not math.isclose(ref[k], exact[k]) for k in ref)  # really an estimate
    assert "estimated from 17 pivots (igraph" in IgraphEngine().betweenness_method(140)
    assert IgraphEngine().betweenness_method(50) == "exact (igraph)"


def test_tiny_graphs_have_no_brokers() -> None:
    assert IgraphEngine().betweenness([("a", "b")]) == NetworkXEngine().betweenness([("a", "b")])


def _weighted(n: int, seed: int) -> tuple[list[str], list[tuple[str, str, float]]]:
    rnd = random.Random(seed)
    nodes = [f"c{i}" for i in range(n)]
    groups = [nodes[i::4] for i in range(4)]
    edges = []
    for a in range(n):
        for b in range(a + 1, n):
            same = any(nodes[a] in g and nodes[b] in g for g in groups)
            if rnd.random() < (0.5 if same else 0.05):
                edges.append((nodes[a], nodes[b], float(rnd.randint(1, 5))))
    return [*nodes, "alone"], edges


def test_leiden_communities_are_a_partition_at_least_as_modular() -> None:
    nodes, edges = _weighted(60, seed=3)
    state = random.getstate()
    mine = IgraphEngine().communities(nodes, edges)
    assert random.getstate() == state  # the global random stream is left as it was
    assert IgraphEngine().communities(nodes, edges) == mine  # fixed seed
    members = [v for c in mine for v in c]
    assert sorted(members) == sorted(nodes)  # every node once, the isolated one too
    P = nx.Graph()
    P.add_nodes_from(nodes)
    P.add_weighted_edges_from(edges)
    ref = NetworkXEngine().communities(nodes, edges)
    q_mine = nx.community.modularity(P, mine, weight="weight")
    q_ref = nx.community.modularity(P, ref, weight="weight")
    assert q_mine >= q_ref - 1e-9 and q_mine > 0.3  # the four planted groups


def test_no_edges_no_communities() -> None:
    assert IgraphEngine().communities(["a", "b"], []) == []


def test_igraph_is_the_default_and_agrees_on_the_example(tmp_path: Path) -> None:
    assert isinstance(default_engine(), IgraphEngine)
    assert isinstance(engine_for("igraph"), IgraphEngine)
    settings = Settings(store=str(tmp_path / "g.lbug"))
    load_dataset(EXAMPLE, settings)
    with open_store(settings) as st:
        G = st.export_graph()
    mine, ref = chains(G), chains(G, engine=NetworkXEngine())
    assert mine == chains(G, engine=IgraphEngine())
    assert [(r["kind"], r["id"], r["betweenness"]) for r in mine["brokers"]] == [
        (r["kind"], r["id"], r["betweenness"]) for r in ref["brokers"]
    ]
    assert len(mine["brokers"]) > 20
    for key in ("chains", "counties", "brands"):
        assert mine[key] == ref[key]
    assert match(G) == match(G, engine=NetworkXEngine())
