"""Benchmark 1: loading into Neo4j — the loader vs a naive per-row MERGE and vs LOAD CSV.

The same rows go through three paths, each into an emptied database, interleaved
(loader, naive, LOAD CSV, loader, …) so that a busy machine slows all alike:

* the project's loader (``Store.load``: batched ``UNWIND $rows`` in managed
  transactions of 10,000 rows; relationships ``CREATE``d when the graph is empty);
* a naive loader: one auto-commit ``MERGE`` statement per row (target: ≥ 30× slower);
* Neo4j's own bulk path, ``LOAD CSV … CALL (row) { MERGE … } IN TRANSACTIONS OF
  10000 ROWS`` from the same CSV files (target: the loader ≥ 1.0× its speed).

Needs a disposable Neo4j: NEO4J_URI/NEO4J_USERNAME/NEO4J_PASSWORD (it is wiped).
"""

from __future__ import annotations

import statistics
import sys
import time

import _common as c


def main(argv: list[str] | None = None) -> int:
    p = c.parser(__doc__)
    p.add_argument("--naive-scale", default="12", help="scale for the three-way comparison")
    p.add_argument("--scale", default="province", help="scale for loader vs LOAD CSV")
    args = p.parse_args(argv)
    if args.smoke:
        args.runs, args.naive_scale, args.scale = 1, "2", "3"
    rep = c.Report("1 neo4j-load", args)
    settings = c.neo4j_settings()
    if settings is None:
        rep.note("not measured: NEO4J_URI is not set")
        return 0
    from assistgraph.jobs.load import total_rows
    from assistgraph.store import open_store

    c.ensure_constraints(settings)

    def loader(ds):
        with open_store(settings, write=True) as st:
            st.load(ds)

    for scale, with_naive in ((args.naive_scale, True), (args.scale, False)):
        folder = c.dataset(scale)
        ds = c.validated(scale)
        rows = total_rows(ds)
        paths = {
            "loader": lambda ds=ds: loader(ds),
            "load_csv": lambda f=folder: c.run_load_csv(settings, f),
        }
        if with_naive:
            paths["naive"] = lambda ds=ds: c.naive_load(settings, ds)
        c.wipe_neo4j(settings)
        loader(ds)  # warm-up (query plans, JIT), untimed
        times: dict[str, list[float]] = {k: [] for k in paths}
        sig = {}
        for _ in range(args.runs):
            for name, fn in paths.items():
                c.wipe_neo4j(settings)
                t0 = time.perf_counter()
                fn()
                times[name].append(time.perf_counter() - t0)
                sig[name] = c.graph_signature(settings)
        if len(set(sig.values())) != 1:
            rep.note(f"WARNING: the paths built different graphs: {sig}")
        med = {k: statistics.median(v) for k, v in times.items()}
        for name, t in med.items():
            rep.figure(f"scale {scale} ({rows} rows): {name} s", t, "s", rows_per_s=round(rows / t))
        if with_naive:
            rep.ratio(
                f"scale {scale}: loader vs naive per-row MERGE", med["loader"], med["naive"], 30
            )
        rep.ratio(
            f"scale {scale}: loader vs LOAD CSV IN TRANSACTIONS",
            med["loader"],
            med["load_csv"],
            1.0,
        )
    c.wipe_neo4j(settings)
    return 0


if __name__ == "__main__":
    c.header("benchmark 1: load into Neo4j")
    sys.exit(main())
