"""Benchmark 6: start-up — ``assistgraph --help`` vs ``python -c pass`` (target: < 0.3 s above)."""

from __future__ import annotations

import subprocess
import sys
import time

import _common as c


def wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    p = c.parser(__doc__)
    args = p.parse_args(argv)
    runs = max(args.runs, 10) if not args.smoke else 2
    rep = c.Report("6 start-up", args)
    py, ag = [], []
    for _ in range(runs):  # interleaved
        py.append(wall([sys.executable, "-c", "pass"]))
        ag.append(wall([sys.executable, "-m", "assistgraph", "--help"]))
    m_py, m_ag = sorted(py)[runs // 2], sorted(ag)[runs // 2]
    rep.figure("python -c pass s", m_py, "s")
    rep.figure("assistgraph --help s", m_ag, "s")
    over = m_ag - m_py
    rep.figure("assistgraph --help above python s", over, "s", target="< 0.3", met=over < 0.3)
    mods = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "assistgraph", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    heavy = [
        m
        for m in ("pandas", "networkx", "neo4j", "ladybug", "numpy", "openpyxl", "pyvis")
        if f"| {m}\n" in mods or f"|   {m}\n" in mods or f" {m}\n" in mods
    ]
    rep.note(f"heavy modules imported by --help: {', '.join(heavy) or 'none'}")
    return 0


if __name__ == "__main__":
    c.header("benchmark 6: start-up")
    sys.exit(main())
