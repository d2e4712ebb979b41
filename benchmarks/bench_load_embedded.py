"""Benchmark 2: loading into the embedded store (Ladybug) — rows/s and national load time.

* bulk path (``COPY FROM`` DataFrames into a new file, swapped in with ``os.replace``;
  used for a fresh store and ``--replace``) vs the upsert path (``UNWIND … MERGE``,
  used to load into a non-empty store) on the same rows;
* the national dataset: the bulk load, and ``assistgraph load --replace`` end to end
  (read + validate + load) once.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _common as c


def main(argv: list[str] | None = None) -> int:
    p = c.parser(__doc__)
    p.add_argument("--scale", default="province")
    p.add_argument("--big", default="national")
    args = p.parse_args(argv)
    if args.smoke:
        args.runs, args.scale, args.big = 1, "3", "5"
    rep = c.Report("2 embedded", args)
    from assistgraph.jobs.load import load_dataset, total_rows

    tmp = Path(tempfile.mkdtemp(prefix="ag-bench-"))
    store = tmp / "graph.lbug"
    ds = c.validated(args.scale)
    rows = total_rows(ds)
    bulk, upsert = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        load_dataset(ds, str(store), replace=True)  # bulk (replace)
        bulk.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        load_dataset(ds, str(store))  # same rows into a non-empty store: MERGE upserts
        upsert.append(time.perf_counter() - t0)
    b, u = sorted(bulk)[len(bulk) // 2], sorted(upsert)[len(upsert) // 2]
    rep.figure(f"scale {args.scale} ({rows} rows): bulk load s", b, "s", rows_per_s=round(rows / b))
    rep.figure(f"scale {args.scale}: upsert (MERGE) load s", u, "s", rows_per_s=round(rows / u))
    rep.ratio(f"scale {args.scale}: bulk vs upsert path", b, u, None)

    big = c.validated(args.big)
    rows = total_rows(big)
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        load_dataset(big, str(store), replace=True)
        times.append(time.perf_counter() - t0)
    t = sorted(times)[len(times) // 2]
    rep.figure(f"scale {args.big} ({rows} rows): bulk load s", t, "s", rows_per_s=round(rows / t))
    del big
    t0 = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "assistgraph",
            "load",
            str(c.dataset(args.big)),
            "--replace",
            "--store",
            str(store),
            "--format",
            "csv",
        ],
        check=True,
        capture_output=True,
    )
    rep.figure(
        f"scale {args.big}: 'assistgraph load --replace' end to end s (1 run)",
        time.perf_counter() - t0,
        "s",
    )
    for f in tmp.iterdir():
        f.unlink()
    tmp.rmdir()
    return 0


if __name__ == "__main__":
    c.header("benchmark 2: load into the embedded store")
    sys.exit(main())
