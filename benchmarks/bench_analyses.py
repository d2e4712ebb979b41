"""Benchmark 4: gaps, concentration and chains end to end, at province, 3× province and national.

Each analysis runs as the analyst runs it — ``assistgraph gaps|concentration|chains
--store FILE --format json`` in a fresh process on the embedded store (export of the
graph included) — and reports wall time and the peak RSS of that process, and the
growth against province scale next to the growth in rows.

First and second run: each analysis twice in fresh processes on an unchanged store,
the first with an empty graph cache (it exports), the second reading the graph the
first cached (``jobs.programme_graph``). The cold figures above use an empty cache too.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common as c

ANALYSES = {
    "gaps": ["gaps", "--as-of", "2025-06-30"],
    "concentration": ["concentration"],
    "chains": ["chains"],
}


def store_for(scale: str) -> tuple[Path, int]:
    from assistgraph.jobs.load import load_dataset, total_rows

    folder = c.dataset(scale)
    ds = c.validated(scale)
    rows = total_rows(ds)
    path = c.DATA / f"{folder.name}.lbug"
    # loaded once per generated dataset (reloaded if the dataset was regenerated)
    if not path.exists() or path.stat().st_mtime < (folder / "README.txt").stat().st_mtime:
        load_dataset(ds, str(path), replace=True)
    return path, rows


#: Runs the CLI and writes the process's peak RSS (VmHWM, KiB) to argv[1] at exit.
#: VmHWM belongs to the new program only; ru_maxrss of a forked child would also
#: count the parent's pages it inherited before exec.
_WRAP = """
import atexit, sys
out = sys.argv[1]
sys.argv = ["assistgraph", *sys.argv[2:]]
def _hwm():
    with open("/proc/self/status") as fh:
        kib = next(line.split()[1] for line in fh if line.startswith("VmHWM:"))
    with open(out, "w") as fh:
        fh.write(kib)
atexit.register(_hwm)
from assistgraph.cli import main
main()
"""


def run_cli(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one ``assistgraph`` process."""
    import os

    with tempfile.NamedTemporaryFile(suffix=".hwm") as hwm:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", _WRAP, hwm.name, *args],
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            msg = f"assistgraph {' '.join(args)} failed: {proc.stderr.decode()[-2000:]}"
            raise RuntimeError(msg)
        rss = int(Path(hwm.name).read_text() or 0) / 1024
    return wall, rss


# -- the graph cache: first vs second command on an unchanged store --------------


def first_and_second(rep: c.Report, scale: str, runs: int) -> None:
    """Each analysis twice in fresh processes: the first exports (cache emptied), the
    second reads the graph cached for the unchanged store. Target: second ≥ 3× faster
    than the first and under 10 s at national scale."""
    path, rows = store_for(scale)
    for name, cmd in ANALYSES.items():
        firsts, seconds = [], []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as cache:
                env = {"ASSISTGRAPH_CACHE_DIR": cache}
                firsts.append(run_cli([*cmd, "--store", str(path), "--format", "json"], env))
                seconds.append(run_cli([*cmd, "--store", str(path), "--format", "json"], env))
        t1 = sorted(r[0] for r in firsts)[len(firsts) // 2]
        t2 = sorted(r[0] for r in seconds)[len(seconds) // 2]
        rep.figure(
            f"{name} second run (graph cached), scale {scale} ({rows} rows): s",
            t2,
            "s",
            first_s=round(t1, 2),
            peak_rss_mib_first=round(max(r[1] for r in firsts)),
            peak_rss_mib_second=round(max(r[1] for r in seconds)),
        )
        rep.ratio(f"{name} second vs first run, scale {scale}", t2, t1, 3.0)
        if scale == "national":
            ok = t2 < 10 and t1 / t2 >= 3
            rep.note(f"{name} second run at national (< 10 s, >= 3x): {'met' if ok else 'MISSED'}")


# -- match: growth of the algorithm with its input ------------------------------------


def match_growth(rep: c.Report, scales: list[str], runs: int) -> None:
    """``match`` (default: the best 10 providers per target, top 20) on the graph of each
    scale, in this process, the graph and its index built beforehand: the algorithm's own
    time against the growth of its input (rows), next to n log n. Baseline in the same
    run: ``per_target=None`` (every candidate scored: the growth before the cap)."""
    import math

    from assistgraph.analysis import match
    from assistgraph.graph import build_graph, facts
    from assistgraph.store import open_store

    base: tuple[int, float, float] | None = None
    for scale in scales:
        path, rows = store_for(scale)
        with open_store(str(path)) as st:
            G = build_graph(st.export_rows())
        facts(G)
        n_props = len(match(G, per_target=10))  # also a warm-up: the index's lookups
        capped = c.median_time(lambda G=G: match(G, top=20), runs)
        every = c.median_time(lambda G=G: match(G, top=20, per_target=None), runs)
        base = base or (rows, capped, every)
        nlogn = (rows * math.log(rows)) / (base[0] * math.log(base[0]))
        rep.figure(
            f"match (per target 10) at scale {scale} ({rows} rows): s",
            capped,
            "s",
            proposals=n_props,
            time_growth=round(capped / base[1], 2),
            rows_growth=round(rows / base[0], 2),
            nlogn_growth=round(nlogn, 2),
            every_candidate_s=round(every, 2),
            every_candidate_growth=round(every / base[2], 2),
        )
        if scale != scales[0]:
            ok = capped / base[1] <= nlogn
            rep.note(f"match growth at {scale} <= n log n: {'met' if ok else 'MISSED'}")
        del G


def main(argv: list[str] | None = None) -> int:
    p = c.parser(__doc__)
    p.add_argument("--scales", default="province,117,national")
    p.add_argument("--cache-scale", default="national", help="scale of the first/second runs")
    p.add_argument(
        "--only",
        choices=["analyses", "cache", "match"],
        help="run one part only (default: all three)",
    )
    args = p.parse_args(argv)
    if args.smoke:
        args.runs, args.scales, args.cache_scale = 1, "3,6", "6"
    rep = c.Report("4 analyses", args)
    if args.only in (None, "cache"):
        first_and_second(rep, args.cache_scale, args.runs)
    if args.only in (None, "match"):
        match_growth(rep, args.scales.split(","), args.runs)
    if args.only in ("cache", "match"):
        return 0
    base: dict[str, tuple[float, float]] = {}
    base_rows = 0
    for scale in args.scales.split(","):
        path, rows = store_for(scale)
        base_rows = base_rows or rows
        for name, cmd in ANALYSES.items():
            runs = []
            for _ in range(args.runs):
                with tempfile.TemporaryDirectory() as cache:  # cold: the export included
                    env = {"ASSISTGRAPH_CACHE_DIR": cache}
                    runs.append(run_cli([*cmd, "--store", str(path), "--format", "json"], env))
            wall = sorted(r[0] for r in runs)[len(runs) // 2]
            rss = max(r[1] for r in runs)
            base.setdefault(name, (wall, rss))
            rep.figure(
                f"{name} at scale {scale} ({rows} rows): s",
                wall,
                "s",
                peak_rss_mib=round(rss),
                time_growth=round(wall / base[name][0], 1),
                rows_growth=round(rows / base_rows, 1),
            )
            if scale == "national":
                ok = wall < 60 and rss < 4096
                rep.note(f"{name} national target (< 60 s, < 4 GiB): {'met' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    c.header("benchmark 4: analyses end to end")
    sys.exit(main())
