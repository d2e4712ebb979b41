"""``build_graph`` writes NetworkX's adjacency itself: the same graph as add_edges_from.

The programme graph is built without ``MultiDiGraph.add_edges_from`` (a third of the
build at national scale). This checks, on every run and so on every NetworkX version
CI installs, that the result is the graph ``add_nodes_from`` + ``add_edges_from`` make
of the same rows: nodes and their attributes, edges with keys and attributes, in the
same order, both directions of the adjacency sharing one key dict, and the NetworkX
algorithms' view of it.
"""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx

from assistgraph import schema
from assistgraph.graph import build_graph
from assistgraph.jobs.load import load_dataset
from assistgraph.settings import Settings
from assistgraph.store import open_store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sichuan"


def _reference(parts: list[tuple], built: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The rows added the public way, in the graph's order (each part's rows by ids,
    then edge key): node by node, edge by edge, with the cleaned properties of ``built``
    (cleaning is not what this test is about)."""
    G = nx.MultiDiGraph()
    for part in parts:
        if part[0] == "node":
            _, label, rows = part
            G.add_nodes_from(
                (f"{label}:{nid}", dict(built.nodes[f"{label}:{nid}"]))
                for nid, _ in sorted(rows, key=lambda r: r[0])
            )
            continue
        _, name, (a, b), rows = part
        edges = []
        for src, dst, props in rows:
            u, v, key = f"{a}:{src}", f"{b}:{dst}", schema.REL_TYPES[name].edge_key(props)
            edges.append((src, dst, key, (u, v, key, dict(built.succ[u][v][key]))))
        G.add_edges_from(e for *_, e in sorted(edges, key=lambda e: e[:3]))
    return G


def _parts_of(store_path: Path) -> list[tuple]:
    with open_store(Settings(store=str(store_path))) as st:
        return [
            (p[0], p[1], list(p[2])) if p[0] == "node" else (p[0], p[1], p[2], list(p[3]))
            for p in st.export_rows()
        ]


def _shuffled(parts: list[tuple], seed: int) -> list[tuple]:
    rnd = random.Random(seed)
    out = []
    for p in parts:
        rows = [list(r) for r in p[-1]]
        rnd.shuffle(rows)
        out.append((*p[:-1], rows))
    return out


def test_the_same_rows_in_any_order_give_the_same_graph_and_report(tmp_path: Path) -> None:
    """A store may hand over a statement's rows in any order (Ladybug's threads do):
    the graph is built in one order all the same, and so the report is the same page."""
    from assistgraph.render import render_report

    settings = Settings(store=str(tmp_path / "g.lbug"))
    load_dataset(EXAMPLE, settings)
    parts = _parts_of(tmp_path / "g.lbug")
    graphs = [build_graph(ps) for ps in (parts, _shuffled(parts, 1), _shuffled(parts, 2))]
    assert _shuffled(parts, 1) != parts  # the orders do differ
    first = graphs[0]
    for G in graphs[1:]:
        assert list(G.nodes(data=True)) == list(first.nodes(data=True))
        assert list(G.edges(keys=True, data=True)) == list(first.edges(keys=True, data=True))
        assert list(G.in_edges(keys=True)) == list(first.in_edges(keys=True))
    pages = {render_report(G, as_of="2025-06-30", top=5) for G in graphs}
    assert len(pages) == 1


def test_build_graph_is_what_add_edges_from_builds(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "g.lbug"))
    load_dataset(EXAMPLE, settings)
    parts = _parts_of(tmp_path / "g.lbug")
    # a dangling end and a self-loop, which add_edges_from adds as bare nodes
    parts.append(("rel", "SUPPLIES", ("Industry", "Industry"), [["ghost", "ghost", {}]]))
    G = build_graph(parts)
    ref = _reference(parts, G)
    assert list(G.nodes(data=True)) == list(ref.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(ref.edges(keys=True, data=True))
    assert list(G.in_edges(keys=True)) == list(ref.in_edges(keys=True))
    assert list(G.adj) == list(ref.adj)  # the nodes' order too
    assert G.number_of_edges() > 1000 and G.has_edge("Industry:ghost", "Industry:ghost")
    for u, v in G.edges():
        assert G._pred[v][u] is G._succ[u][v]  # one key dict, as NetworkX keeps it
    assert nx.utils.graphs_equal(G, ref)
    assert dict(G.degree()) == dict(ref.degree())
    assert nx.shortest_path_length(G, "Industry:ghost") == nx.shortest_path_length(
        ref, "Industry:ghost"
    )
    assert dict(nx.all_pairs_shortest_path_length(G.to_undirected(as_view=True), cutoff=2)) == dict(
        nx.all_pairs_shortest_path_length(ref.to_undirected(as_view=True), cutoff=2)
    )
