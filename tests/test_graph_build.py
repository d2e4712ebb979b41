"""``build_graph`` writes NetworkX's adjacency itself: the same graph as add_edges_from.

The programme graph is built without ``MultiDiGraph.add_edges_from`` (a third of the
build at national scale). This checks, on every run and so on every NetworkX version
CI installs, that the result is the graph ``add_nodes_from`` + ``add_edges_from`` make
of the same rows: nodes and their attributes, edges with keys and attributes, in the
same order, both directions of the adjacency sharing one key dict, and the NetworkX
algorithms' view of it.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from assistgraph import schema
from assistgraph.graph import build_graph
from assistgraph.jobs.load import load_dataset
from assistgraph.settings import Settings
from assistgraph.store import open_store

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sichuan"


def _reference(parts: list[tuple], built: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The rows added the public way, in their order: node by node, edge by edge, with
    the cleaned properties of ``built`` (cleaning is not what this test is about)."""
    G = nx.MultiDiGraph()
    for part in parts:
        if part[0] == "node":
            _, label, rows = part
            G.add_nodes_from(
                (f"{label}:{nid}", dict(built.nodes[f"{label}:{nid}"])) for nid, _ in rows
            )
            continue
        _, name, (a, b), rows = part
        edges = []
        for src, dst, props in rows:
            u, v, key = f"{a}:{src}", f"{b}:{dst}", schema.REL_TYPES[name].edge_key(props)
            edges.append((u, v, key, dict(built.succ[u][v][key])))
        G.add_edges_from(edges)
    return G


def test_build_graph_is_what_add_edges_from_builds(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "g.lbug"))
    load_dataset(EXAMPLE, settings)
    with open_store(settings) as st:
        parts = [
            (p[0], p[1], list(p[2])) if p[0] == "node" else (p[0], p[1], p[2], list(p[3]))
            for p in st.export_rows()
        ]
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
