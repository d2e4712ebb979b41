"""Benchmark 3: graph out, Neo4j → NetworkX: ``Store.export_graph()`` vs a naive conversion.

The naive conversion is the textbook one: ``MATCH (a)-[r]->(b) RETURN a, r, b`` and,
record by record, add both nodes (labels, properties) and the edge to a
``MultiDiGraph``. Target: export ≥ 5× faster (edges/s). The embedded store's
export is reported too.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import _common as c


def naive_export(settings) -> object:
    import networkx as nx

    G = nx.MultiDiGraph()
    with c.neo4j_driver(settings) as drv, drv.session(database=settings.database) as s:
        for rec in s.run("MATCH (a)-[r]->(b) RETURN a, r, b"):
            a, r, b = rec["a"], rec["r"], rec["b"]
            for n in (a, b):
                G.add_node(n.element_id, labels=sorted(n.labels), **dict(n.items()))
            G.add_edge(a.element_id, b.element_id, key=r.element_id, type=r.type, **dict(r.items()))
    return G


def main(argv: list[str] | None = None) -> int:
    p = c.parser(__doc__)
    p.add_argument("--scale", default="province")
    args = p.parse_args(argv)
    if args.smoke:
        args.runs, args.scale = 1, "3"
    rep = c.Report("3 graph-out", args)
    from assistgraph.jobs.load import load_dataset
    from assistgraph.store import open_store

    ds = c.validated(args.scale)
    tmp = Path(tempfile.mkdtemp(prefix="ag-bench-")) / "graph.lbug"
    load_dataset(ds, str(tmp), replace=True)
    with open_store(str(tmp)) as st:
        G = st.export_graph()
        edges = G.number_of_edges()
        t = c.median_time(st.export_graph, args.runs)
    rep.figure(f"scale {args.scale}: embedded export_graph s", t, "s", edges_per_s=round(edges / t))
    settings = c.neo4j_settings()
    if settings is None:
        rep.note("Neo4j part not measured: NEO4J_URI is not set")
        return 0
    c.wipe_neo4j(settings)
    load_dataset(ds, settings)
    ours, naive = [], []
    with open_store(settings) as st:
        st.export_graph()  # warm-up
        for _ in range(args.runs):
            t0 = time.perf_counter()
            G = st.export_graph()
            ours.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            H = naive_export(settings)
            naive.append(time.perf_counter() - t0)
    if H.number_of_edges() != G.number_of_edges():  # type: ignore[attr-defined]
        rep.note(f"WARNING: edge counts differ: {G.number_of_edges()} vs {H.number_of_edges()}")  # type: ignore[attr-defined]
    o, n = sorted(ours)[len(ours) // 2], sorted(naive)[len(naive) // 2]
    edges = G.number_of_edges()
    rep.figure(f"scale {args.scale}: Neo4j export_graph s", o, "s", edges_per_s=round(edges / o))
    rep.figure(
        f"scale {args.scale}: naive MATCH (a)-[r]->(b) RETURN a, r, b s",
        n,
        "s",
        edges_per_s=round(edges / n),
    )
    rep.ratio(f"scale {args.scale}: export_graph vs naive conversion", o, n, 5)
    c.wipe_neo4j(settings)
    return 0


if __name__ == "__main__":
    c.header("benchmark 3: graph out (Neo4j → NetworkX)")
    sys.exit(main())
