"""The house keeps its shape: declared boundaries, small modules, one graph per command."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistgraph.graph import BUILDS
from assistgraph.jobs import CACHE_EVENTS
from assistgraph.jobs import graph as graph_job
from assistgraph.settings import Settings

from .conftest import ROOT, TINY
from .test_cli import run

SRC = ROOT / "src" / "assistgraph"
MAX_LINES = 600


def test_import_contracts_hold() -> None:
    """lint-imports checks the contracts in pyproject.toml (analysis, render and read never
    import the store; the store never imports analysis or render; the schema imports
    nothing of the project; cli > jobs > render > analysis > graph)."""
    beside = Path(sys.executable).parent / "lint-imports"
    exe = str(beside) if beside.exists() else shutil.which("lint-imports")
    assert exe, "import-linter is a dev dependency: pip install -e '.[dev]'"
    res = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 broken" in res.stdout


def test_no_module_over_600_lines() -> None:
    sizes = {
        str(p.relative_to(SRC)): p.read_text(encoding="utf-8").count("\n")
        for p in SRC.rglob("*.py")
    }
    assert sizes, "no modules found"
    too_big = {name: n for name, n in sizes.items() if n > MAX_LINES}
    assert not too_big, too_big


def _public_modules() -> list[str]:
    out = []
    for p in sorted(SRC.rglob("*.py")):
        parts = p.relative_to(SRC.parent).with_suffix("").parts
        if any(x.startswith("_") and x != "__init__" for x in parts):
            continue  # private modules and packages (and __main__)
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


def test_every_public_module_declares_its_names() -> None:
    """``__all__`` in every public module, naming only what the module has, and no
    name with a leading underscore imported from another module of the project."""
    import ast
    import importlib

    mods = _public_modules()
    assert len(mods) > 40
    for name in mods:
        mod = importlib.import_module(name)
        assert isinstance(getattr(mod, "__all__", None), list), f"{name} has no __all__"
        assert not [n for n in mod.__all__ if not hasattr(mod, n)], name
    modules = {q.stem for q in SRC.rglob("*.py")} | {q.name for q in SRC.rglob("*") if q.is_dir()}
    crossing = []
    for p in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if not (node.level or (node.module or "").startswith("assistgraph")):
                continue
            crossing += [
                f"{p.relative_to(SRC)}: {a.name}"
                for a in node.names
                # a private module of the package may be imported; a private name may not
                if a.name.startswith("_")
                and a.name not in ("_", "__version__")
                and a.name not in modules
            ]
    assert not crossing, crossing


@pytest.fixture
def fresh_counts() -> None:
    BUILDS.clear()
    CACHE_EVENTS.clear()
    graph_job._MEMORY.clear()  # as if every command were a new process


def test_one_export_and_one_index_per_report(
    tmp_path: Path, fresh_counts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTGRAPH_CACHE", "0")  # every command would export: count them
    s = Settings(store=str(tmp_path / "g.lbug"))
    assert run(["load", str(TINY)], s)[0] == 0
    BUILDS.clear()
    code, _, err = run(["report", "-o", str(tmp_path / "r.html")], s)
    assert code == 0, err
    assert BUILDS["graph"] == 1 and BUILDS["facts"] == 1, dict(BUILDS)


def test_second_analysis_on_unchanged_store_skips_the_export(
    tmp_path: Path, fresh_counts: None
) -> None:
    s = Settings(store=str(tmp_path / "g.lbug"))
    assert run(["load", str(TINY)], s)[0] == 0
    assert run(["gaps", "--format", "json"], s)[0] == 0
    assert CACHE_EVENTS["export"] == 1
    graph_job._MEMORY.clear()  # the next command: a new process, the cache on disk
    BUILDS.clear()
    assert run(["concentration", "--format", "json"], s)[0] == 0
    assert run(["chains", "--format", "json"], s)[0] == 0
    assert CACHE_EVENTS["export"] == 1 and CACHE_EVENTS["disk"] == 1, dict(CACHE_EVENTS)
    assert BUILDS["graph"] == 0 and BUILDS["facts"] == 0, dict(BUILDS)  # index cached too
    # a load changes the store: the next analysis exports again, and sees the change
    assert run(["load", str(TINY)], s)[0] == 0
    graph_job._MEMORY.clear()
    assert run(["gaps", "--format", "json"], s)[0] == 0
    assert CACHE_EVENTS["export"] == 2, dict(CACHE_EVENTS)


def test_the_command_line_writes_the_cache_in_a_child_it_waits_for(tmp_path: Path) -> None:
    """``assistgraph`` (a real process) forks the cache writer and waits for it at exit:
    when the first command returns, the cache is complete (no temporary file left) and the
    next process reads it (graph and index) instead of exporting."""
    import os
    import pickle

    from assistgraph.graph import Facts

    s = Settings(store=str(tmp_path / "g.lbug"))
    assert run(["load", str(TINY)], s)[0] == 0
    cache = tmp_path / "cache"
    env = {**os.environ, "ASSISTGRAPH_CACHE_DIR": str(cache)}
    env.pop("NEO4J_URI", None)
    cmd = [sys.executable, "-m", "assistgraph", "gaps", "--store", s.store, "--format", "json"]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert first.returncode in (0, 3), first.stderr
    files = sorted(p.name for p in cache.iterdir())
    assert len(files) == 2 and files[0].endswith(".key") and files[1].endswith(".pickle"), files
    with open(cache / files[1], "rb") as fh:
        G, index = pickle.load(fh)
    assert isinstance(index, Facts) and set(index.counties) == {
        d["id"] for _, d in G.nodes(data=True) if d["label"] == "County"
    }
    written = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert again.stdout == first.stdout
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == written  # read only


def test_one_command_collects_less_often_and_the_switch_undoes_it() -> None:
    """A single command raises the collector's thresholds (its frozen graph leaves the
    full-pass rule nothing long-lived to weigh against); switching back restores
    Python's defaults, which the rest of the test run relies on."""
    import gc

    from assistgraph import process

    before = gc.get_threshold()
    try:
        process.one_command()
        assert process.ONE_COMMAND
        assert gc.get_threshold()[0] >= 100 * before[0]
    finally:
        process.one_command(False)
    assert not process.ONE_COMMAND
    assert gc.get_threshold() == before == (700, 10, 10)


def test_write_through_cypher_forgets_the_cached_graph(
    empty_settings: Settings, fresh_counts: None
) -> None:
    import json

    assert run(["load", str(TINY)], empty_settings)[0] == 0
    code, out, _ = run(["concentration", "--format", "json"], empty_settings)
    before = {c["county_id"] for c in json.loads(out)["counties"]}
    code, _, err = run(
        ["cypher", "MATCH (c:County {id: 'C3'}) DETACH DELETE c", "--write"], empty_settings
    )
    assert code == 0, err
    code, out, err = run(["concentration", "--format", "json"], empty_settings)
    assert code == 0, err
    after = {c["county_id"] for c in json.loads(out)["counties"]}
    assert before - after == {"C3"}
    assert CACHE_EVENTS["export"] == 2, dict(CACHE_EVENTS)
