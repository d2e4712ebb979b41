"""Benchmark 4: gaps, concentration and chains end to end, at province, 3× province and national.

Each analysis runs as the analyst runs it — ``assistgraph gaps|concentration|chains
--store FILE --format json`` in a fresh process on the embedded store (export of the
graph included) — and reports wall time and the peak RSS of that process, and the
growth against province scale next to the growth in rows.

Gap rules, pushed down vs in memory: the two rules that aggregate the most rows
(``training_below_target`` and ``department_key_projects``, which read every
``TRAINED`` and ``FUNDS`` relationship) as Cypher aggregations run by the store,
against ``export_graph()`` + ``find_gaps(rule=…)`` in NetworkX; both must give the
same gaps.

``gaps`` default vs all in memory: ``find_gaps_in_store`` (what ``assistgraph gaps``
runs: ``department_key_projects`` and the years counted by the store, every other
rule in NetworkX on the graph exported without ``FUNDS``) against
``find_gaps(store.export_graph())``, each as a library call in a fresh process
(open, export, rules; wall time and peak RSS of that process), at each scale of
``--gaps-scales``; both must give the same gaps (a digest of their JSON).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def run_cli(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one ``assistgraph`` process."""
    with tempfile.NamedTemporaryFile(suffix=".hwm") as hwm:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", _WRAP, hwm.name, *args],
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


# -- pushdown vs in memory -------------------------------------------------------


def pushdown_gaps(st: Any) -> list[tuple[Any, ...]]:
    """training_below_target and department_key_projects as Cypher aggregations."""
    from assistgraph.targets import Targets

    t = Targets()
    years = sorted(
        {
            int(y)
            for rt in ("TRAINED", "EXCHANGED_CADRES", "FUNDS")
            for (y,) in st.query(f"MATCH ()-[r:{rt}]->() RETURN DISTINCT r.year AS y").rows
            if y is not None
        }
    )
    counties = [r[0] for r in st.query("MATCH (c:County) RETURN c.id").rows]
    trained = {
        (cid, int(y)): int(n)
        for cid, y, n in st.query(
            "MATCH (:Provider)-[t:TRAINED]->(c:County) "
            "RETURN c.id AS c, t.year AS y, sum(t.trainees) AS n"
        ).rows
    }
    out = []
    for cid in counties:
        for y in years:
            n = trained.get((cid, y), 0)
            if n < t.trainees_per_county_year:
                out.append(("training_below_target", cid, None, y, n))
    lo, hi = t.key_projects_per_department_year
    depts = [
        r[0]
        for r in st.query(
            "MATCH (p:Provider) WHERE p.force = 'provincial_department' RETURN p.id"
        ).rows
    ]
    funded = {
        (p, int(y)): int(n)
        for p, y, n in st.query(
            "MATCH (p:Provider)-[f:FUNDS]->(pr:Project) "
            "WHERE p.force = 'provincial_department' AND pr.key_support = true "
            "RETURN p.id AS p, f.year AS y, count(DISTINCT pr.id) AS n"
        ).rows
    }
    for p in depts:
        for y in years:
            n = funded.get((p, y), 0)
            if not lo <= n <= hi:
                out.append(("department_key_projects", None, p, y, n))
    return sorted(out, key=str)


def in_memory_gaps(st: Any) -> list[tuple[Any, ...]]:
    from assistgraph.analysis import find_gaps

    G = st.export_graph()
    gaps = find_gaps(G, rule=["training_below_target", "department_key_projects"])
    return sorted(
        (
            g["rule"],
            g["county_id"],
            g["provider_id"],
            g["year"],
            g["detail"].get("trainees", g["detail"].get("key_projects")),
        )
        for g in gaps
    )


#: One gaps run in a fresh interpreter: prints wall seconds (open + export + rules),
#: peak RSS (VmHWM, MiB), the number of gaps and a digest of their JSON.
_GAPS_CHILD = """
import hashlib, json, time
t0 = time.perf_counter()
from assistgraph.store import open_store
with open_store({path!r}) as st:
    if {pushdown!r}:
        from assistgraph.analysis.pushdown import find_gaps_in_store
        gaps = find_gaps_in_store(st, as_of="2025-06-30")[1]
    else:
        from assistgraph.analysis import find_gaps
        gaps = find_gaps(st.export_graph(), as_of="2025-06-30")
wall = time.perf_counter() - t0
with open("/proc/self/status") as fh:
    kib = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
text = json.dumps(gaps, ensure_ascii=False, default=str)
print(json.dumps({{"s": wall, "rss": kib / 1024, "n": len(gaps),
                  "digest": hashlib.sha256(text.encode()).hexdigest()}}))
"""


def gaps_default_vs_memory(rep: c.Report, scales: list[str], runs: int) -> None:
    """``assistgraph gaps``'s default (FUNDS pushed down) against all in memory."""
    for scale in scales:
        path, rows = store_for(scale)
        res = {}
        for label, pushdown in (("pushdown (default)", True), ("all in memory", False)):
            out = c.run_isolated(_GAPS_CHILD.format(path=str(path), pushdown=pushdown), runs)
            wall = sorted(r["s"] for r in out)[len(out) // 2]
            rss = max(r["rss"] for r in out)
            res[label] = (wall, out[0])
            rep.figure(
                f"gaps {label}, scale {scale} ({rows} rows): s",
                wall,
                "s",
                peak_rss_mib=round(rss),
                gaps=out[0]["n"],
            )
        (t_push, a), (t_mem, b) = res["pushdown (default)"], res["all in memory"]
        same = (a["n"], a["digest"]) == (b["n"], b["digest"])
        rep.ratio(f"gaps pushdown vs in memory, scale {scale}", t_push, t_mem, None)
        rep.note(
            f"gaps at scale {scale}: {'same' if same else 'DIFFERENT'} gaps "
            f"({a['n']} pushdown, {b['n']} in memory)"
        )


def main(argv: list[str] | None = None) -> int:
    p = c.parser(__doc__)
    p.add_argument("--scales", default="province,117,national")
    p.add_argument("--pushdown-scale", default="117")
    p.add_argument(
        "--gaps-scales",
        default="province,117,national",
        help="scales of the gaps default (pushdown) vs all-in-memory comparison",
    )
    p.add_argument(
        "--only",
        choices=["analyses", "gaps-default", "pushdown-2-rules"],
        help="run one part only (default: all three)",
    )
    args = p.parse_args(argv)
    if args.smoke:
        args.runs, args.scales, args.pushdown_scale, args.gaps_scales = 1, "3,6", "3", "3,6"
    rep = c.Report("4 analyses", args)
    if args.only in (None, "gaps-default"):
        gaps_default_vs_memory(rep, args.gaps_scales.split(","), args.runs)
    if args.only == "gaps-default":
        return 0
    scales = args.scales.split(",") if args.only in (None, "analyses") else []
    base: dict[str, tuple[float, float]] = {}
    base_rows = 0
    for scale in scales:
        path, rows = store_for(scale)
        base_rows = base_rows or rows
        for name, cmd in ANALYSES.items():
            runs = [
                run_cli([*cmd, "--store", str(path), "--format", "json"]) for _ in range(args.runs)
            ]
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

    if args.only == "analyses":
        return 0
    from assistgraph.store import open_store

    path, _ = store_for(args.pushdown_scale)
    with open_store(str(path)) as st:
        a, b = pushdown_gaps(st), in_memory_gaps(st)
        if a != b:
            rep.note(f"WARNING: pushdown and in-memory gaps differ ({len(a)} vs {len(b)})")
        t_push = c.median_time(lambda: pushdown_gaps(st), args.runs)
        t_mem = c.median_time(lambda: in_memory_gaps(st), args.runs)
    rep.figure(
        f"2 gap rules pushed down as Cypher, scale {args.pushdown_scale}: s",
        t_push,
        "s",
        gaps=len(a),
    )
    rep.figure(
        f"2 gap rules in NetworkX (export included), scale {args.pushdown_scale}: s",
        t_mem,
        "s",
        gaps=len(b),
    )
    rep.ratio(f"pushdown vs in memory (same {len(a)} gaps)", t_push, t_mem, None)
    print(json.dumps({"same_result": a == b}))
    return 0


if __name__ == "__main__":
    c.header("benchmark 4: analyses end to end")
    sys.exit(main())
