"""Benchmark 8: the report with the map and the charts, national scale.

The report of the synthetic national dataset (832 counties; their ids match no Sichuan
county code, so the map is the tile map; above 120 counties the report embeds no
dossiers but a note on ``--all-counties``) is rendered and written from the exported
graph, against a same-run baseline: the same report without the map, the charts and
the dossier section (``render_report(…, with_map=False, with_charts=False, dossiers=False)``).
Both leave out the match proposals (``top=0``): ``match`` ranks every provider ×
county × industry triple before keeping the best, which at national scale takes far
longer than the rest of the report together (see RESULTS.md). Targets: written in
< 60 s; the page opens in headless Chromium (until its graph views have stabilised,
through the browser tests' harness: no console error, no request) in < 10 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import _common as c


def main(argv: list[str] | None = None) -> int:
    p = c.parser(__doc__)
    p.add_argument("--scale", default="national")
    args = p.parse_args(argv)
    if args.smoke:
        args.runs, args.scale = 1, "3"
    rep = c.Report("8 report", args)
    from assistgraph.jobs.load import load_dataset
    from assistgraph.render import render_report
    from assistgraph.render._html import write_page
    from assistgraph.store import open_store

    out = Path(tempfile.mkdtemp(prefix="ag-bench-report-"))
    load_dataset(c.validated(args.scale), str(out / "g.lbug"), replace=True)
    t0 = time.perf_counter()
    with open_store(str(out / "g.lbug")) as st:
        G = st.export_graph()
    rep.figure(
        f"export ({G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges) s",
        time.perf_counter() - t0,
        "s",
    )

    def full() -> None:
        write_page(out / "full.html", render_report(G, as_of="2026-06-30", top=0))

    def baseline() -> None:
        html = render_report(
            G, as_of="2026-06-30", top=0, with_map=False, with_charts=False, dossiers=False
        )
        write_page(out / "base.html", html)

    # the graph's facts index is cached once per graph: build it untimed, then interleave
    from assistgraph.graph import facts

    facts(G)
    import networkx as nx

    tiny = nx.MultiDiGraph()  # compile the templates untimed
    tiny.add_node("County:C1", label="County", id="C1", name_zh="一县", population=1)
    render_report(tiny, as_of="2026-06-30", top=0)
    mine, base = [], []
    for _ in range(args.runs):
        base.append(c.median_time(baseline, 1))
        mine.append(c.median_time(full, 1))
    t_full, t_base = sorted(mine)[len(mine) // 2], sorted(base)[len(base) // 2]
    size = (out / "full.html").stat().st_size / 1e6
    size_base = (out / "base.html").stat().st_size / 1e6
    rep.figure(f"report with map and charts ({size:.1f} MB): write s", t_full, "s")
    rep.figure(f"report without them ({size_base:.1f} MB): write s", t_base, "s")
    rep.note(
        f"map + charts add {t_full - t_base:.1f} s "
        f"({(t_full / t_base - 1) * 100:+.0f} %); target < 60 s: "
        + ("met" if t_full < 60 else "MISSED")
    )
    _open(rep, out / "full.html", args.runs, "with map and charts")
    _open(rep, out / "base.html", args.runs, "baseline")
    return 0


def _open(rep: c.Report, page: Path, runs: int, what: str) -> None:
    sys.path.insert(0, str(c.ROOT))
    try:
        from tests.render.browser import Chromium, find_chromium, open_checked
    except ImportError as e:
        rep.note(f"page opening not measured: {e}")
        return
    if find_chromium() is None:
        rep.note("page opening not measured: no chromium (apt-get install chromium)")
        return
    times = []
    with Chromium(timeout=600) as browser:
        for _ in range(runs):
            start = time.perf_counter()
            page_ = open_checked(browser, page, timeout=600)
            shapes = page_.evaluate("document.querySelectorAll('[data-county-id]').length")
            times.append(time.perf_counter() - start)
            page_.close()
    times.sort()
    median = times[len(times) // 2]
    verdict = "met" if median < 10 else "MISSED"
    rep.note(
        f"{what}: opened in headless Chromium (views stabilised) in {median:.1f} s "
        f"(median of {runs}), {shapes} county shapes; target < 10 s: {verdict}"
    )


if __name__ == "__main__":
    c.header("benchmark 8: report with map and charts")
    sys.exit(main())
