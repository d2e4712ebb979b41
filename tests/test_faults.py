"""Faults: a server killed mid-load, an embedded load killed mid-way, two loads at once.

These tests kill real processes: a dedicated Neo4j server (started here from
``tools/neo4j-local`` with its own state dir, so the suite's server is untouched)
and child Python processes loading into the embedded store.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistgraph import load_dataset, open_store
from assistgraph.errors import StoreBusyError
from assistgraph.settings import Settings

from .conftest import EXAMPLE, ROOT, TINY, _require_neo4j
from .graphs import canonical

NEO4J_LOCAL = ROOT / "tools" / "neo4j-local" / "neo4j-local"

# A child that loads slowly (0.15 s per batch) and says when each batch is written.
CHILD = textwrap.dedent("""
    import sys, time
    from assistgraph import load_dataset
    from assistgraph.errors import AssistgraphError
    n = 0
    def progress(rows):
        global n
        n += 1
        print(f"batch {n}", flush=True)
        time.sleep(0.15)
    try:
        load_dataset(sys.argv[1], sys.argv[2] or None, replace=sys.argv[3] == "1",
                     progress=progress)
    except AssistgraphError as e:
        print(f"Error: {e}", file=sys.stderr)
        sys.exit(1)
    print("done", flush=True)
""")


def start_child(
    dataset: Path, store: str, *, replace: bool, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(dataset), store, "1" if replace else "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def wait_for_batch(child: subprocess.Popen[str], n: int) -> None:
    assert child.stdout is not None
    for line in child.stdout:
        if line.strip() == f"batch {n}":
            return
    raise AssertionError(
        f"child ended before batch {n}: {child.stderr.read() if child.stderr else ''}"
    )


def digest(G: object) -> str:
    return hashlib.sha256(json.dumps(canonical(G), ensure_ascii=False).encode()).hexdigest()  # type: ignore[arg-type]


# -- embedded store -------------------------------------------------------------------


def test_embedded_load_killed_midway_leaves_previous_graph(tmp_path: Path) -> None:
    path = str(tmp_path / "g.lbug")
    load_dataset(TINY, path)
    with open_store(path) as st:
        before = canonical(st.export_graph())
    child = start_child(EXAMPLE, path, replace=True)
    wait_for_batch(child, 3)
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=30)  # reap it and close its pipes
    with open_store(path) as st:
        assert canonical(st.export_graph()) == before
        statuses = [r["status"] for r in st.load_runs().records()]
    assert statuses[0] == "running"  # the killed load is visible as interrupted
    assert statuses[1:] == ["completed"]
    # and the store is usable: the same load now completes
    summary = load_dataset(EXAMPLE, path, replace=True)
    assert summary.nodes["County"] == 39


def test_embedded_two_loads_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "g.lbug")
    load_dataset(TINY, path)
    child = start_child(EXAMPLE, path, replace=False)
    try:
        wait_for_batch(child, 2)
        with pytest.raises(StoreBusyError, match="store is busy"):
            load_dataset(TINY, path)
    finally:
        out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert "done" in out
    load_dataset(TINY, path)  # free again once the first load is done


# -- Neo4j ----------------------------------------------------------------------------


@pytest.fixture
def own_neo4j(tmp_path: Path) -> Iterator[tuple[Settings, dict[str, str]]]:
    """A Neo4j server of this test only (its own state dir and data), stopped afterwards."""
    _require_neo4j()
    env = {
        **os.environ,
        "ASSISTGRAPH_NEO4J_STATE": str(tmp_path / "neo4j-state"),
        "NEO4J_PASSWORD": "fault-test-pw",
    }
    env.pop("NEO4J_LOCAL_PORT", None)
    subprocess.run([str(NEO4J_LOCAL), "start"], env=env, check=True, capture_output=True)
    try:
        out = subprocess.run(
            [str(NEO4J_LOCAL), "env"], env=env, check=True, capture_output=True, text=True
        ).stdout
        uri = out.split("NEO4J_URI=")[1].split()[0]
        env["NEO4J_LOCAL_PORT"] = uri.rsplit(":", 1)[1]
        yield Settings(store=uri, password="fault-test-pw", database="neo4j"), env
    finally:
        subprocess.run([str(NEO4J_LOCAL), "stop"], env=env, capture_output=True)


def test_neo4j_killed_midload_then_rerun_gives_clean_graph(
    own_neo4j: tuple[Settings, dict[str, str]], tmp_path: Path
) -> None:
    settings, env = own_neo4j
    child_env = {
        "NEO4J_URI": settings.store,
        "NEO4J_PASSWORD": "fault-test-pw",
        "NEO4J_USERNAME": "neo4j",
        "NEO4J_DATABASE": "neo4j",
    }
    child = start_child(EXAMPLE, "", replace=False, env=child_env)
    wait_for_batch(child, 6)
    pid = int((Path(env["ASSISTGRAPH_NEO4J_STATE"]) / "pid").read_text())
    os.kill(pid, signal.SIGKILL)
    _, err = child.communicate(timeout=180)
    assert child.returncode == 1
    assert "Traceback" not in err
    assert f"lost the connection to Neo4j at {settings.store} during the load" in err
    assert "run the same load again" in err

    # restart on the same data, as an operator would
    res = subprocess.run(
        [str(NEO4J_LOCAL), "start"],
        env={**env, "NEO4J_LOCAL_KEEP_DATA": "1"},
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    with open_store(settings) as st:
        partial = st.counts()
        runs = st.load_runs().records()
    assert [r["status"] for r in runs] == ["running"]  # the interrupted load is visible
    assert 0 < sum(partial["nodes"].values()) < 857

    load_dataset(EXAMPLE, settings)
    clean = tmp_path / "clean.lbug"
    load_dataset(EXAMPLE, str(clean))
    with open_store(settings) as a, open_store(str(clean)) as b:
        ga, gb = a.export_graph(), b.export_graph()
        assert a.counts() == b.counts()
        assert [r["status"] for r in a.load_runs().records()] == ["completed", "running"]
    assert digest(ga) == digest(gb)
    assert canonical(ga) == canonical(gb)
