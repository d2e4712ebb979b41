"""Benchmark 5: a 5,000-node view vs pyvis's ``Network.from_nx()`` + ``write_html()``.

Measured only when ``assistgraph.render`` (the view package) is installed: the view of
a 5,000-node part of a synthetic graph (``render_view(…, max_nodes=5000)`` + write)
against pyvis's own path on the same graph (target: ≥ 10× faster to write). The
page's load and stabilisation in headless Chromium is timed when Debian's chromium is
installed (target: < 10 s), through the browser tests' harness.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

import _common as c


def main(argv: list[str] | None = None) -> int:
    p = c.parser(__doc__)
    p.add_argument("--nodes", type=int, default=5000)
    args = p.parse_args(argv)
    if args.smoke:
        args.runs, args.nodes = 1, 300
    rep = c.Report("5 view", args)
    try:
        from assistgraph.render import render_view
    except ImportError:
        rep.note("not measured: assistgraph.render is not available")
        return 0
    import networkx as nx
    from pyvis.network import Network

    from assistgraph.jobs.load import load_dataset
    from assistgraph.store import open_store

    out = Path(tempfile.mkdtemp(prefix="ag-bench-"))
    load_dataset(
        c.validated("province" if not args.smoke else "3"), str(out / "g.lbug"), replace=True
    )
    with open_store(str(out / "g.lbug")) as st:
        G = st.export_graph(
            rel_types=(
                "PART_OF",
                "PAIRED_WITH",
                "HAS_INDUSTRY",
                "SUPPLIES",
                "CAPABLE_IN",
                "LOCATED_IN",
                "IN_INDUSTRY",
                "FUNDS",
            )
        )
    keep = sorted(G.nodes, key=lambda n: (-G.degree(n), n))[: args.nodes]
    H = G.subgraph(keep).copy()

    def ours() -> None:
        render_view(H, max_nodes=args.nodes).write(out / "view.html")

    # pyvis's add_edge(source, to, **attrs) collides with the 'source' (provenance)
    # attribute: rename it, untimed, so that pyvis can take the same graph
    P = nx.MultiDiGraph()
    P.add_nodes_from(H.nodes(data=True))
    P.add_edges_from(
        (u, v, k, {("provenance" if a == "source" else a): x for a, x in d.items()})
        for u, v, k, d in H.edges(keys=True, data=True)
    )

    def pyvis() -> None:
        os.chdir(out)  # pyvis copies its JavaScript into ./lib
        net = Network(directed=True)
        net.from_nx(P)
        net.write_html(str(out / "pyvis.html"), notebook=False)

    # one untimed run of each first (both read their templates and assets once per
    # process), then the two interleaved, so that a busy spell of the machine weighs on
    # both alike
    ours()
    pyvis()
    mine, theirs = [], []
    for _ in range(args.runs):
        mine.append(c.median_time(ours, 1))
        theirs.append(c.median_time(pyvis, 1))
    t_ours, t_pyvis = statistics.median(mine), statistics.median(theirs)
    rep.figure(
        f"view of {H.number_of_nodes()} nodes, {H.number_of_edges()} edges: write s", t_ours, "s"
    )
    rep.figure("pyvis Network.from_nx + write_html s", t_pyvis, "s")
    rep.ratio("view vs pyvis write", t_ours, t_pyvis, 10)
    _stabilisation(rep, out / "view.html", args.runs)
    return 0


def _stabilisation(rep: c.Report, page: Path, runs: int) -> None:
    """Open the written view in headless Chromium and time it until physics has stopped.

    Uses the browser tests' harness (``tests/render/browser.py``), which also fails on
    any console error or network request. Target: < 10 s.
    """
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    try:
        from tests.render.browser import Chromium, find_chromium, open_checked
    except ImportError as e:
        rep.note(f"page stabilisation not measured: {e}")
        return
    if find_chromium() is None:
        rep.note("page stabilisation not measured: no chromium (apt-get install chromium)")
        return
    times = []
    with Chromium(timeout=600) as browser:
        for _ in range(runs):
            start = time.perf_counter()
            open_checked(browser, page, timeout=600).close()
            times.append(time.perf_counter() - start)
    times.sort()
    median = times[len(times) // 2]
    verdict = "met" if median < 10 else "MISSED"
    rep.note(
        f"page loaded and stabilised in headless Chromium: {median:.1f} s "
        f"(median of {runs}); target < 10 s: {verdict}"
    )


if __name__ == "__main__":
    c.header("benchmark 5: view")
    sys.exit(main())
