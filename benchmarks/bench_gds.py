"""Benchmark 7: graph algorithms on the server (``--engine gds``) vs in memory (NetworkX).

For each scale, the dataset is loaded into a Neo4j server with Graph Data Science
(``NEO4J_LOCAL_FLAVOR=gds tools/neo4j-local/neo4j-local start``; this benchmark WIPES
it), the chains subgraph is exported once, and the two algorithms of ``chains`` run
with each engine on the same input, median of ``--runs``:

* brokers: NetworkX betweenness (exact up to 2,000 nodes, else 256 pivots) vs GDS
  exact betweenness, with the largest difference in the normalised scores and
  whether the top 20 brokers are the same;
* clusters: NetworkX greedy modularity vs GDS Leiden, with the modularity of each
  partition (computed with NetworkX).

The server comes from ``ASSISTGRAPH_BENCH_GDS_URI`` / ``_USERNAME`` / ``_PASSWORD``
(never from ``NEO4J_URI``, which other benchmarks use); without it nothing is measured.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

import _common as c


def _settings() -> Any:
    from assistgraph.settings import Settings

    uri = os.environ.get("ASSISTGRAPH_BENCH_GDS_URI")
    if not uri:
        return None
    return Settings(
        store=uri,
        username=os.environ.get("ASSISTGRAPH_BENCH_GDS_USERNAME") or "neo4j",
        password=os.environ.get("ASSISTGRAPH_BENCH_GDS_PASSWORD") or None,
    )


def _timed(fn: Any, runs: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2], out


def main(argv: list[str] | None = None) -> int:
    p = c.parser(__doc__)
    p.add_argument("--scales", default="province,national")
    args = p.parse_args(argv)
    if args.smoke:
        args.runs, args.scales = 1, "3"
    rep = c.Report("7 gds", args)
    settings = _settings()
    if settings is None:
        rep.note("not measured: set ASSISTGRAPH_BENCH_GDS_URI (a disposable GDS server)")
        return 0
    for scale in args.scales.split(","):
        _scale(rep, settings, scale, args.runs)
    return 0


def _scale(rep: c.Report, settings: Any, scale: str, runs: int) -> None:
    import networkx as nx

    from assistgraph.analysis.chains import REL_TYPES, _brokers, _clusters, _stages
    from assistgraph.analysis.engines import GdsEngine, NetworkXEngine
    from assistgraph.graph import facts
    from assistgraph.jobs.load import load_dataset
    from assistgraph.store import open_store

    c.wipe_neo4j(settings)
    load_dataset(c.validated(scale), settings, replace=True)
    with open_store(settings) as st:
        gds = GdsEngine(st)
        G = st.export_graph(rel_types=REL_TYPES)
        f = facts(G)
        stage_rows = _stages(f, 1)
        t_nx, b_nx = _timed(lambda: _brokers(f, NetworkXEngine()), runs)
        t_gds, b_gds = _timed(lambda: _brokers(f, gds), runs)
        c_nx_t, c_nx = _timed(lambda: _clusters(f, stage_rows, NetworkXEngine()), runs)
        c_gds_t, c_gds = _timed(lambda: _clusters(f, stage_rows, gds), runs)
    ours = {(r["kind"], r["id"]): r["betweenness"] for r in b_gds}
    theirs = {(r["kind"], r["id"]): r["betweenness"] for r in b_nx}
    diff = max((abs(ours.get(k, 0) - theirs.get(k, 0)) for k in ours | theirs), default=0)
    top_gds = [(r["kind"], r["id"]) for r in b_gds[:20]]
    top_nx = [(r["kind"], r["id"]) for r in b_nx[:20]]
    rep.figure(f"{scale}: brokers, NetworkX betweenness s", t_nx, "s")
    rep.figure(f"{scale}: brokers, GDS exact betweenness s", t_gds, "s")
    rep.ratio(f"{scale}: brokers GDS vs NetworkX", t_gds, t_nx, None)
    rep.note(
        f"{scale}: {len(b_gds)} brokers; max |GDS − NetworkX| = {diff:.2e}; "
        f"same top 20: {top_gds == top_nx} ({len(set(top_gds) & set(top_nx))} of 20 shared)"
    )
    P = nx.Graph()
    for a, b, w in _county_pairs(stage_rows):
        P.add_edge(a, b, weight=w)

    def modularity(clusters: list[dict[str, Any]]) -> float:
        placed = {x for r in clusters for x in r["counties"]}
        parts = [set(r["counties"]) for r in clusters] + [{x} for x in P if x not in placed]
        return nx.community.modularity(P, parts, weight="weight") if P else 0.0

    rep.figure(f"{scale}: clusters, NetworkX greedy modularity s", c_nx_t, "s")
    rep.figure(f"{scale}: clusters, GDS Leiden s", c_gds_t, "s")
    rep.ratio(f"{scale}: clusters GDS vs NetworkX", c_gds_t, c_nx_t, None)
    rep.note(
        f"{scale}: modularity NetworkX {modularity(c_nx):.4f} ({len(c_nx)} clusters), "
        f"GDS {modularity(c_gds):.4f} ({len(c_gds)} clusters)"
    )


def _county_pairs(stage_rows: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    sets: dict[str, set[str]] = {}
    for r in stage_rows:
        s = sets.setdefault(r["county_id"], set())
        s.add(r["industry_id"])
        s.update(x["industry_id"] for x in r["stages"])
    keys = sorted(sets)
    return [
        (a, b, len(sets[a] & sets[b]))
        for i, a in enumerate(keys)
        for b in keys[i + 1 :]
        if sets[a] & sets[b]
    ]


if __name__ == "__main__":
    c.header("benchmark 7: graph algorithms on the server (GDS) vs NetworkX")
    sys.exit(main())
