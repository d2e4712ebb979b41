"""Shared helpers of the benchmarks: datasets, timing, memory, Neo4j, result lines.

Every benchmark prints its figures and the ratio against its baseline measured in
the same run, as the median of ``--runs`` runs (default 3), and appends one JSON
line per figure to ``--json FILE`` if given (``run_all.py`` collects them).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DATA = Path(os.environ.get("ASSISTGRAPH_BENCH_DATA", "/tmp/assistgraph-bench"))
ROOT = Path(__file__).resolve().parent.parent


def parser(doc: str | None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3, help="runs per figure (median reported)")
    p.add_argument("--json", help="append result lines (JSON) to this file")
    p.add_argument(
        "--smoke", action="store_true", help="tiny sizes, one run: checks the script works"
    )
    return p


def dataset(scale: str | int, seed: int = 1) -> Path:
    """The folder of a synthetic dataset, generated once under ``$ASSISTGRAPH_BENCH_DATA``."""
    from assistgraph.synth import write_synthetic

    out = DATA / f"{scale}-seed{seed}"
    if not (out / "README.txt").exists():
        write_synthetic(out, scale=scale, seed=seed)
    return out


def validated(scale: str | int, seed: int = 1) -> Any:
    from assistgraph.validate import read_and_validate

    return read_and_validate(dataset(scale, seed))


def median_time(fn: Callable[[], Any], runs: int, setup: Callable[[], Any] | None = None) -> float:
    """Median wall time of ``fn`` over ``runs`` runs (``setup`` runs untimed before each)."""
    times = []
    for _ in range(runs):
        if setup:
            setup()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def peak_rss_mib() -> float:
    """Peak resident set size of this process, MiB (Linux ru_maxrss is KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_isolated(code: str, runs: int) -> list[dict[str, Any]]:
    """Run ``code`` (which prints one JSON object) in fresh interpreters; return the objects.

    Used where peak memory matters: each run starts from an empty process.
    """
    out = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            msg = f"benchmark child failed:\n{proc.stderr[-3000:]}"
            raise RuntimeError(msg)
        out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return out


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem, 1),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
    }


class Report:
    """Collects and prints figures; ``ratio`` lines compare with a same-run baseline."""

    def __init__(self, bench: str, args: argparse.Namespace) -> None:
        self.bench = bench
        self.path = args.json
        self.runs = args.runs

    def figure(self, name: str, value: float, unit: str, **extra: Any) -> None:
        self._emit({"name": name, "value": round(value, 4), "unit": unit, **extra})
        more = "".join(f"  {k}={v}" for k, v in extra.items())
        print(f"{self.bench:<12} {name:<58} {value:>12.3f} {unit}{more}", flush=True)

    def ratio(self, name: str, ours: float, baseline: float, target: float | None) -> None:
        """``baseline / ours`` for times (how many times faster we are)."""
        r = baseline / ours if ours else float("inf")
        ok = None if target is None else r >= target
        verdict = "" if target is None else f"  target ≥ {target:g}×: {'met' if ok else 'MISSED'}"
        self._emit({"name": name, "value": round(r, 2), "unit": "x", "target": target, "met": ok})
        print(f"{self.bench:<12} {name:<58} {r:>12.2f} ×{verdict}", flush=True)

    def note(self, text: str) -> None:
        self._emit({"name": "note", "text": text})
        print(f"{self.bench:<12} {text}", flush=True)

    def _emit(self, obj: dict[str, Any]) -> None:
        if self.path:
            with open(self.path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"bench": self.bench, "runs": self.runs, **obj}) + "\n")


# -- Neo4j ---------------------------------------------------------------------


def neo4j_settings() -> Any:
    """Settings of the benchmark's Neo4j (``NEO4J_URI`` …), or None when unset.

    The benchmarks wipe that database: point them only at a disposable server
    (``ASSISTGRAPH_NEO4J_STATE=/tmp/ag-bench tools/neo4j-local/neo4j-local start``).
    """
    from assistgraph.settings import Settings

    if not os.environ.get("NEO4J_URI"):
        return None
    return Settings.from_env()


def neo4j_driver(settings: Any) -> Any:
    import neo4j

    return neo4j.GraphDatabase.driver(
        settings.store, auth=(settings.username, settings.password or "")
    )


def wipe_neo4j(settings: Any) -> None:
    """Empty the database (nodes, relationships; constraints stay)."""
    with neo4j_driver(settings) as drv:
        # relationships first, in batches: a node's DETACH DELETE takes all of its
        # relationships in one transaction, which a national graph's hubs make too big
        for stmt in (
            "MATCH ()-[r]->() WITH r LIMIT 50000 DELETE r RETURN count(*) AS n",
            "MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS n",
        ):
            while True:
                recs, _, _ = drv.execute_query(stmt, database_=settings.database)
                if recs[0]["n"] == 0:
                    break


def ensure_constraints(settings: Any) -> None:
    from assistgraph.store.dialect import NEO4J

    with neo4j_driver(settings) as drv:
        for stmt in NEO4J.schema_statements():
            drv.execute_query(stmt, database_=settings.database)


def load_csv_statements(folder: Path, batch: int = 10_000) -> list[str]:
    """Neo4j's own bulk path for a dataset folder: ``LOAD CSV … CALL { … } IN TRANSACTIONS``.

    One statement per node table, per link of a node table and per relationship
    table, writing the same nodes, relationships and properties as the loader
    (idempotent ``MERGE`` on the same keys). The synthetic files are already in
    canonical form (contract ids and enum values), so no alias mapping is needed.
    """
    from assistgraph import schema
    from assistgraph.store.dialect import quote

    conv = {"int": "toInteger", "float": "toFloat", "bool": "toBoolean"}

    def val(col: str, type_: str) -> str:
        ref = f"row.{quote(col)}"
        return f"{conv[type_]}({ref})" if type_ in conv else ref

    out = []
    for table in schema.TABLES:
        path = folder / f"{table.name}.csv"
        if not path.exists():
            continue
        src = f"LOAD CSV WITH HEADERS FROM 'file://{path}' AS row CALL (row) {{ "
        tail = f" }} IN TRANSACTIONS OF {batch} ROWS"
        cols = {c.name: c.type for c in table.columns if c.store and c.type != "list"}
        cols.update({c.name: c.type for c in schema.PROVENANCE})
        if table.label:
            key = " + '/' + ".join(f"row.{quote(k)}" for k in table.key)
            sets = ", ".join(f"n.{quote(c)} = {val(c, t)}" for c, t in cols.items() if c != "id")
            out.append(f"{src}MERGE (n:{quote(table.label)} {{id: {key}}}) SET {sets}{tail}")
            for link in table.links:
                col = table.column(link.column)
                other = schema.label_of(col.ref or "")
                me = f"MATCH (me:{quote(table.label)} {{id: {key}}}) "
                if col.type == "list":
                    target = (
                        f"UNWIND split(coalesce(row.{quote(col.name)}, ''), ';') AS t "
                        f"WITH me, row, t WHERE t <> '' "
                    )
                    tid = "t"
                else:
                    target = f"WITH me, row WHERE row.{quote(col.name)} IS NOT NULL "
                    tid = f"row.{quote(col.name)}"
                edge = (
                    f"(me)-[r:{quote(link.type)}]->(o)"
                    if link.direction == "out"
                    else f"(o)-[r:{quote(link.type)}]->(me)"
                )
                out.append(
                    f"{src}{me}{target}MATCH (o:{quote(other)} {{id: {tid}}}) "
                    f"MERGE {edge} SET r.source = row.source, r.confidence = row.confidence{tail}"
                )
        elif table.rel:
            spec = table.rel
            a = schema.label_of(table.column(spec.from_column).ref or "")
            b = schema.label_of(table.column(spec.to_column).ref or "")
            key = ", ".join(f"{quote(k)}: {val(k, cols[k])}" for k in spec.key_props)
            key = f" {{{key}}}" if key else ""
            props = {
                c: t
                for c, t in cols.items()
                if c not in (spec.from_column, spec.to_column, *spec.key_props)
            }
            sets = ", ".join(f"r.{quote(c)} = {val(c, t)}" for c, t in props.items())
            out.append(
                f"{src}MATCH (a:{quote(a)} {{id: row.{quote(spec.from_column)}}}) "
                f"MATCH (b:{quote(b)} {{id: row.{quote(spec.to_column)}}}) "
                f"MERGE (a)-[r:{quote(spec.type)}{key}]->(b)"
                + (f" SET {sets}" if sets else "")
                + tail
            )
    return out


def run_load_csv(settings: Any, folder: Path) -> None:
    with neo4j_driver(settings) as drv:
        for stmt in load_csv_statements(folder):
            with drv.session(database=settings.database) as s:
                s.run(stmt).consume()  # CALL … IN TRANSACTIONS needs an auto-commit transaction


def naive_load(settings: Any, ds: Any) -> int:
    """The naive baseline: one auto-commit ``MERGE`` statement per row, same rows and keys."""
    from assistgraph.store._plan import plan
    from assistgraph.store.dialect import quote

    nodes, rels = plan(ds)
    n = 0
    with neo4j_driver(settings) as drv, drv.session(database=settings.database) as s:
        for nb in nodes:
            sets = ", ".join(f"n.{quote(p)} = ${quote(p)}" for p in nb.props)
            q = f"MERGE (n:{quote(nb.label)} {{id: $id}}) SET {sets}"
            for row in nb.rows:
                s.run(q, row).consume()
                n += 1
        for rb in rels:
            key = ", ".join(f"{quote(k)}: ${quote(k)}" for k in rb.key_props)
            key = f" {{{key}}}" if key else ""
            sets = ", ".join(
                f"r.{quote(p)} = ${quote(p)}" for p in rb.props if p not in rb.key_props
            )
            q = (
                f"MATCH (a:{quote(rb.from_label)} {{id: $_src}}) "
                f"MATCH (b:{quote(rb.to_label)} {{id: $_dst}}) "
                f"MERGE (a)-[r:{quote(rb.type)}{key}]->(b)" + (f" SET {sets}" if sets else "")
            )
            for row in rb.rows:
                s.run(q, row).consume()
                n += 1
    return n


def graph_signature(settings: Any) -> tuple[int, int]:
    with neo4j_driver(settings) as drv:
        recs, _, _ = drv.execute_query(
            "MATCH (n) WHERE NOT n:LoadRun RETURN count(n) AS n", database_=settings.database
        )
        nodes = recs[0]["n"]
        recs, _, _ = drv.execute_query(
            "MATCH ()-[r]->() RETURN count(r) AS n", database_=settings.database
        )
    return nodes, recs[0]["n"]


def header(title: str) -> None:
    m = machine()
    print(
        f"# {title} — {time.strftime('%Y-%m-%d %H:%M')} — {m['cpu']}, {m['cores']} cores, "
        f"{m['memory_gib']} GiB, Python {m['python']}",
        flush=True,
    )
