"""Benchmark 8: the report with the map, the charts and the dossiers, national scale.

The report of the synthetic national dataset (832 counties; their ids match no Sichuan
county code, so the map is the tile map; above 120 counties the dossiers travel as
compact JSON that the page builds when one is opened) is rendered and written from the
exported graph, against a same-run baseline: the same report without the map, the
charts and the dossiers (``render_report(…, with_map=False, with_charts=False,
dossiers=False)``). Both run their own analyses (that is what ``assistgraph report``
does) and leave out the match proposals (``top=0``, see RESULTS.md). Each figure is a
wall time with the process's CPU time (user + sys) beside it: on a shared machine the
CPU time is the steadier figure.

Then where the time goes, with the analyses run once and shared (``analysed=``): the
analyses (``analyse``: gaps, scorecard, concentration; ``chains``), then each part of
the page — the map, the charts, the dossiers' data, the two graph views, and the rest
(tables, the template). Targets: written in < 60 s; the page opens in headless Chromium
(until its graph views have stabilised, through the browser tests' harness: no console
error, no request) in < 10 s.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _common as c


def timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall s, CPU s of this process — user + sys —, result) of one call."""
    w, t = time.perf_counter(), os.times()
    out = fn()
    t2 = os.times()
    return time.perf_counter() - w, (t2.user - t.user) + (t2.system - t.system), out


def main(argv: list[str] | None = None) -> int:
    p = c.parser(__doc__)
    p.add_argument("--scale", default="national")
    p.add_argument("--no-open", action="store_true", help="do not open the pages in Chromium")
    args = p.parse_args(argv)
    if args.smoke:
        args.runs, args.scale = 1, "3"
    rep = c.Report("8 report", args)
    rep.note(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    from assistgraph.jobs.load import load_dataset
    from assistgraph.render import render_report
    from assistgraph.render._html import write_page
    from assistgraph.store import open_store

    out = Path(tempfile.mkdtemp(prefix="ag-bench-report-"))
    load_dataset(c.validated(args.scale), str(out / "g.lbug"), replace=True)
    with open_store(str(out / "g.lbug")) as st:
        wall, cpu, G = timed(st.export_graph)
    rep.figure(
        f"export ({G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges) s",
        wall,
        "s",
        cpu_s=round(cpu, 2),
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
        base.append(timed(baseline)[:2])
        mine.append(timed(full)[:2])
    (t_full, cpu_full), (t_base, cpu_base) = (
        sorted(mine)[len(mine) // 2],
        sorted(base)[len(base) // 2],
    )
    size = (out / "full.html").stat().st_size / 1e6
    size_base = (out / "base.html").stat().st_size / 1e6
    rep.figure(
        f"report with map, charts, dossiers ({size:.1f} MB): write s",
        t_full,
        "s",
        cpu_s=round(cpu_full, 2),
    )
    rep.figure(
        f"report without them ({size_base:.1f} MB): write s", t_base, "s", cpu_s=round(cpu_base, 2)
    )
    rep.note(
        f"map + charts + dossiers add {t_full - t_base:+.1f} s wall "
        f"({(t_full / t_base - 1) * 100:+.0f} %), {cpu_full - cpu_base:+.1f} s CPU "
        f"({(cpu_full / cpu_base - 1) * 100:+.0f} %); target < 60 s: "
        + ("met" if t_full < 60 else "MISSED")
    )
    parts(rep, G)
    if args.no_open:
        return 0
    _open(rep, out / "full.html", args.runs, "with map, charts, dossiers")
    _open(rep, out / "base.html", args.runs, "baseline")
    return 0


def parts(rep: c.Report, G: Any) -> None:
    """Where the time of writing goes: the analyses once, then each part of the page."""
    from assistgraph.analysis import chains
    from assistgraph.render import render_report
    from assistgraph.render._context import analyse
    from assistgraph.render._html import script_json
    from assistgraph.render._sections import charts
    from assistgraph.render.dossier_data import dossiers_payload
    from assistgraph.render.maps import map_view
    from assistgraph.render.view import build_view

    def part(name: str, fn: Callable[[], Any]) -> Any:
        wall, cpu, res = timed(fn)
        rep.figure(f"  part: {name} s", wall, "s", cpu_s=round(cpu, 2))
        return res

    a = part("analyse (gaps, scorecard, concentration)", lambda: analyse(G, as_of="2026-06-30"))
    part("chains", lambda: a.extra.setdefault("chains", chains(G)))
    m = part("map", lambda: map_view(a))
    part("charts", lambda: charts(a))
    ids = sorted(a.f.counties)
    data = part(f"dossiers' data ({len(ids)} counties)", lambda: dossiers_payload(a, ids))
    mb = len(script_json(data).encode()) / 1e6
    rep.note(f"dossiers' JSON: {mb:.2f} MB; the map's SVG {len(str(m.svg).encode()) / 1e6:.2f} MB")
    part(
        "graph view: overview", lambda: build_view(G, highlight="gaps", max_nodes=300, as_of=a.day)
    )
    # each report starts from the analyses alone (no dossier index, no view figures
    # left by the parts above or by the other report)
    analyses_only = {"chains": a.extra["chains"]}
    a.extra = dict(analyses_only)
    part("whole report, analyses shared", lambda: render_report(G, analysed=a, top=0))
    a.extra = dict(analyses_only)
    part(
        "baseline report, analyses shared",
        lambda: render_report(
            G, analysed=a, top=0, with_map=False, with_charts=False, dossiers=False
        ),
    )


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
            if runs == len(times) and page_.evaluate("!!window.agDossier"):
                built = page_.evaluate(
                    "(() => { const d = document.querySelector('details[data-ag-dossier]');"
                    " const t = performance.now(); d.open = true; window.agDossier.fill(d);"
                    " return [performance.now() - t, d.querySelectorAll('tr').length]; })()"
                )
                rep.note(
                    f"{what}: opening a county's dossier built it in {built[0]:.0f} ms "
                    f"(the first: reads the dossiers' JSON; {built[1]} table rows)"
                )
            page_.close()
    times.sort()
    median = times[len(times) // 2]
    verdict = "met" if median < 10 else "MISSED"
    rep.figure(f"open in Chromium, {what} s", median, "s", county_shapes=shapes)
    rep.note(
        f"{what}: opened in headless Chromium (views stabilised) in {median:.1f} s "
        f"(median of {runs}), {shapes} county shapes; target < 10 s: {verdict}"
    )


if __name__ == "__main__":
    c.header("benchmark 8: report with map and charts")
    sys.exit(main())
