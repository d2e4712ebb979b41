"""Run every benchmark (or those named) and collect their figures into one JSON-lines file.

    python benchmarks/run_all.py                      # all, 3 runs each (≈ 1 h)
    python benchmarks/run_all.py --smoke              # tiny sizes, 1 run: checks the scripts
    python benchmarks/run_all.py startup embedded     # only these

Neo4j benchmarks (1, 3) need a disposable server in NEO4J_URI/NEO4J_PASSWORD (wiped),
e.g. ``ASSISTGRAPH_NEO4J_STATE=/tmp/ag-bench tools/neo4j-local/neo4j-local start``;
benchmark 7 (gds) a disposable GDS server in ASSISTGRAPH_BENCH_GDS_URI/_PASSWORD
(``NEO4J_LOCAL_FLAVOR=gds …/neo4j-local start``); benchmark 8 (report) opens the page in
headless Chromium when ``chromium`` is installed (else it says so and skips that part).
Datasets are generated once under $ASSISTGRAPH_BENCH_DATA (default /tmp/assistgraph-bench).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = {
    "neo4j-load": "bench_load_neo4j.py",
    "embedded": "bench_load_embedded.py",
    "graph-out": "bench_export.py",
    "analyses": "bench_analyses.py",
    "view": "bench_view.py",
    "startup": "bench_startup.py",
    "gds": "bench_gds.py",
    "report": "bench_report.py",
    "exchange": "bench_exchange.py",
}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("names", nargs="*", help=f"benchmarks to run: {', '.join(BENCHES)}")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--smoke", action="store_true")
    p.add_argument(
        "--json", default=str(Path("/tmp") / f"assistgraph-bench-{int(time.time())}.jsonl")
    )
    args = p.parse_args()
    unknown = [n for n in args.names if n not in BENCHES]
    if unknown:
        p.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    failed = []
    for name in args.names or list(BENCHES):
        cmd = [
            sys.executable,
            str(HERE / BENCHES[name]),
            "--runs",
            str(args.runs),
            "--json",
            args.json,
        ]
        if args.smoke:
            cmd.append("--smoke")
        if subprocess.run(cmd, check=False).returncode != 0:
            failed.append(name)
    print(f"results: {args.json}")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
