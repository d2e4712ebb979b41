"""Scale paths: the embedded bulk load, Neo4j's fresh-graph path, routing URIs, read
sessions, the lean export, and the Graph Data Science engine check."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assistgraph.cli import cli
from assistgraph.errors import ConnectionFailed, StoreError
from assistgraph.jobs.load import load_dataset
from assistgraph.settings import Settings
from assistgraph.store import open_store
from assistgraph.store.embedded import EmbeddedStore

from .conftest import TINY, _require_neo4j, wipe_neo4j


def canonical(G: Any) -> tuple[list[Any], list[Any]]:
    nodes = sorted((n, sorted(d.items())) for n, d in G.nodes(data=True))
    edges = sorted((u, v, k, sorted(d.items())) for u, v, k, d in G.edges(keys=True, data=True))
    return nodes, edges


def with_repeated_brand_county(tmp_path: Path) -> Path:
    """TINY, with a brand that lists the same county twice (one BRAND_OF edge)."""
    out = tmp_path / "dup"
    shutil.copytree(TINY, out)
    brands = out / "brands.csv"
    text = brands.read_text(encoding="utf-8").replace("C1;C2", "C1;C2;C1", 1)
    brands.write_text(text, encoding="utf-8")
    return out


# -- embedded bulk path ------------------------------------------------------------


def test_bulk_and_upsert_paths_build_the_same_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = with_repeated_brand_county(tmp_path)
    bulk, upsert = tmp_path / "bulk.lbug", tmp_path / "upsert.lbug"
    load_dataset(data, str(bulk))  # empty store: COPY FROM into a new file
    with monkeypatch.context() as m:  # force the UNWIND … MERGE path on an empty store
        m.setattr(EmbeddedStore, "_graph_is_empty", lambda self: False)
        load_dataset(data, str(upsert))
    with open_store(str(bulk)) as a, open_store(str(upsert)) as b:
        ga, gb = a.export_graph(), b.export_graph()
        assert canonical(ga) == canonical(gb)
        assert a.counts() == b.counts()
    brand_of = [e for e in ga.edges(data=True) if e[2]["type"] == "BRAND_OF"]
    assert len(brand_of) == 2  # C1 listed twice: one edge, as MERGE makes


def test_bulk_load_failure_keeps_previous_graph_and_no_build_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "g.lbug"
    load_dataset(TINY, str(path))
    with open_store(str(path)) as st:
        before = canonical(st.export_graph())

    def boom(self: EmbeddedStore, conn: Any) -> None:
        raise RuntimeError("simulated engine failure after the graph was copied")

    monkeypatch.setattr(EmbeddedStore, "_copy_bookkeeping", boom)
    with pytest.raises(StoreError, match="unchanged"):
        load_dataset(with_repeated_brand_county(tmp_path), str(path), replace=True)
    with open_store(str(path)) as st:
        assert canonical(st.export_graph()) == before
    assert not list(tmp_path.glob(".g.lbug.build-*"))


def test_bulk_load_removes_stale_build_files_of_dead_processes(tmp_path: Path) -> None:
    path = tmp_path / "g.lbug"
    stale = tmp_path / ".g.lbug.build-999999999"  # no such process
    stale.write_bytes(b"left by a killed load")
    load_dataset(TINY, str(path), replace=True)
    assert not stale.exists()
    with open_store(str(path)) as st:
        assert st.counts()["nodes"]["County"] > 0


def test_replace_keeps_load_history(tmp_path: Path) -> None:
    path = str(tmp_path / "g.lbug")
    load_dataset(TINY, path)
    load_dataset(TINY, path, replace=True)
    with open_store(path) as st:
        if not hasattr(st, "load_runs"):
            pytest.skip("no load-run bookkeeping in this version")
        runs = st.load_runs().records()
    assert [r["status"] for r in runs] == ["completed", "completed"]


def test_export_can_skip_relationship_types(tmp_path: Path) -> None:
    path = str(tmp_path / "g.lbug")
    load_dataset(TINY, path)
    with open_store(path) as st:
        full = st.export_graph()
        part = st.export_graph(rel_types=("PAIRED_WITH",))
    assert part.number_of_nodes() == full.number_of_nodes()
    assert {d["type"] for _, _, d in part.edges(data=True)} == {"PAIRED_WITH"}
    assert part.number_of_edges() == sum(
        1 for _, _, d in full.edges(data=True) if d["type"] == "PAIRED_WITH"
    )


# -- both stores -------------------------------------------------------------------


def test_fresh_load_then_upsert_is_idempotent_with_repeated_links(
    empty_settings: Settings, tmp_path: Path
) -> None:
    data = with_repeated_brand_county(tmp_path)
    first = load_dataset(data, empty_settings)  # empty graph: bulk / CREATE path
    again = load_dataset(data, empty_settings)  # non-empty: MERGE path
    assert first.relationships == again.relationships
    assert first.nodes == again.nodes
    assert first.relationships["BRAND_OF"] == 2


def test_chains_engine_gds_says_it_is_missing(empty_settings: Settings) -> None:
    load_dataset(TINY, empty_settings)
    res = CliRunner().invoke(cli, ["chains", "--engine", "gds", "--store", empty_settings.store])
    assert res.exit_code == 1
    assert "Graph Data Science is not available on" in res.output
    assert "Traceback" not in res.output
    # the default engine still works
    res = CliRunner().invoke(cli, ["chains", "--store", empty_settings.store, "--format", "json"])
    assert res.exit_code == 0, res.output


# -- Neo4j: routing URIs, database, read sessions --------------------------------


def _routing(settings: Settings) -> Settings:
    """The same server through a ``neo4j://`` (routing) URI."""
    host_port = settings.store.split("://", 1)[1]
    return Settings(f"neo4j://{host_port}", settings.username, settings.password, settings.database)


def test_neo4j_routing_uri_loads_and_reads() -> None:
    settings = _routing(_require_neo4j())
    wipe_neo4j(settings)
    summary = load_dataset(TINY, settings)
    with open_store(settings) as st:
        assert st.counts() == {"nodes": summary.nodes, "relationships": summary.relationships}
        G = st.export_graph()
    assert G.number_of_edges() == sum(summary.relationships.values())


def test_neo4j_database_comes_from_settings() -> None:
    s = _require_neo4j()
    wrong = Settings(s.store, s.username, s.password, "no-such-db")
    with pytest.raises(ConnectionFailed, match="no-such-db"):
        open_store(wrong)
    env = {
        "NEO4J_URI": _routing(s).store,
        "NEO4J_USERNAME": s.username,
        "NEO4J_PASSWORD": s.password or "",
        "NEO4J_DATABASE": s.database or "neo4j",
    }
    routed = Settings.from_env(environ=env)
    assert routed.kind == "neo4j"
    assert routed.database == (s.database or "neo4j")
    with open_store(routed) as st:
        assert st.query("RETURN 1 AS one").rows == [[1]]


class _RecordingDriver:
    """A real driver that remembers the access mode of every session it opens."""

    def __init__(self, driver: Any) -> None:
        self._driver = driver
        self.modes: list[str] = []

    def session(self, **kw: Any) -> Any:
        self.modes.append(kw.get("default_access_mode", "WRITE"))
        return self._driver.session(**kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)


def test_neo4j_reads_open_read_sessions() -> None:
    import neo4j

    from assistgraph.store.neo4j import Neo4jStore

    settings = _routing(_require_neo4j())
    wipe_neo4j(settings)
    load_dataset(TINY, settings)
    with neo4j.GraphDatabase.driver(
        settings.store, auth=(settings.username, settings.password or "")
    ) as drv:
        rec = _RecordingDriver(drv)
        with Neo4jStore(settings, driver=rec) as st:  # type: ignore[arg-type]
            st.query("MATCH (c:County) RETURN count(c)")
            st.export_graph()
            st.counts()
        assert rec.modes, "no session was opened"
        assert set(rec.modes) == {neo4j.READ_ACCESS}  # every read went to a reader
        rec.modes.clear()
        with Neo4jStore(settings, driver=rec, write=True) as st:  # type: ignore[arg-type]
            st.load(__import__("assistgraph").read_and_validate(TINY))
        assert neo4j.WRITE_ACCESS in rec.modes
