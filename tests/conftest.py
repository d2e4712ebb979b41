"""Fixtures that run the same tests against both stores.

``store_kind`` is parametrised over ``embedded`` (always) and ``neo4j`` (a real
server: ``NEO4J_URI``/``NEO4J_USERNAME``/``NEO4J_PASSWORD``). The Neo4j tests wipe
the database they use, so they run only when ``ASSISTGRAPH_TEST_NEO4J=1`` says
the server belongs to the test run (``scripts/test`` starts one and sets it).
Under ``CI=true`` a missing server is a failure, not a skip.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistgraph.settings import Settings
from assistgraph.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
TINY = DATA / "tiny"
EXAMPLE = ROOT / "examples" / "sichuan"

HOW = (
    "Neo4j tests need a server the tests may wipe: run 'scripts/test' (it starts one), "
    "or set NEO4J_URI, NEO4J_PASSWORD and ASSISTGRAPH_TEST_NEO4J=1"
)


def neo4j_settings() -> Settings | None:
    if not os.environ.get("NEO4J_URI") or os.environ.get("ASSISTGRAPH_TEST_NEO4J") != "1":
        return None
    return Settings.from_env()


def _require_neo4j() -> Settings:
    s = neo4j_settings()
    if s is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no Neo4j server: {HOW}")
        pytest.skip(HOW)
    return s


def wipe_neo4j(settings: Settings) -> None:
    import neo4j

    with neo4j.GraphDatabase.driver(
        settings.store, auth=(settings.username, settings.password or "")
    ) as drv:
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


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages in English unless a test asks (``--lang``); a test's choice does not leak."""
    from assistgraph.i18n import set_language

    old = os.environ.get("ASSISTGRAPH_LANG")
    os.environ["ASSISTGRAPH_LANG"] = "en"
    set_language(None)
    yield
    set_language(None)
    if old is None:
        os.environ.pop("ASSISTGRAPH_LANG", None)
    else:
        os.environ["ASSISTGRAPH_LANG"] = old


@pytest.fixture(autouse=True, scope="session")
def _graph_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The graph cache of the tests in a folder of their own (not ~/.cache)."""
    old = os.environ.get("ASSISTGRAPH_CACHE_DIR")
    os.environ["ASSISTGRAPH_CACHE_DIR"] = str(tmp_path_factory.mktemp("graph-cache"))
    yield
    if old is None:
        os.environ.pop("ASSISTGRAPH_CACHE_DIR", None)
    else:
        os.environ["ASSISTGRAPH_CACHE_DIR"] = old


@pytest.fixture(params=["embedded", "neo4j"])
def store_kind(request: pytest.FixtureRequest) -> str:
    if request.param == "neo4j":
        _require_neo4j()
    return str(request.param)


@pytest.fixture
def empty_settings(store_kind: str, tmp_path: Path) -> Settings:
    """Settings of an empty store of ``store_kind`` (Neo4j is wiped first)."""
    if store_kind == "neo4j":
        s = _require_neo4j()
        wipe_neo4j(s)
        return s
    return Settings(store=str(tmp_path / "graph.lbug"))


@pytest.fixture
def loaded_store(empty_settings: Settings) -> Iterator[Callable[[Path | str], Store]]:
    """A function that loads a dataset into a fresh store and returns it opened for reading."""
    from assistgraph.jobs.load import load_dataset

    opened: list[Store] = []

    def make(path: Path | str) -> Store:
        load_dataset(path, empty_settings)
        st = open_store(empty_settings)
        opened.append(st)
        return st

    yield make
    for st in opened:
        st.close()


HOW_GDS = (
    "GDS tests need a Neo4j server with Graph Data Science that the tests may wipe: run "
    "'scripts/test' (it starts one), or set ASSISTGRAPH_TEST_GDS_URI, "
    "ASSISTGRAPH_TEST_GDS_PASSWORD and ASSISTGRAPH_TEST_GDS=1"
)


@pytest.fixture
def gds_settings() -> Settings:
    """Settings of the GDS-enabled server (``ASSISTGRAPH_TEST_GDS_*``), not wiped."""
    uri = os.environ.get("ASSISTGRAPH_TEST_GDS_URI")
    unavailable = os.environ.get("ASSISTGRAPH_TEST_GDS_UNAVAILABLE")
    if unavailable and not uri:  # scripts/test found no Java 21+ for the GDS server
        pytest.skip(f"no Graph Data Science server on this machine: {unavailable}")
    if not uri or os.environ.get("ASSISTGRAPH_TEST_GDS") != "1":
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but no GDS server: {HOW_GDS}")
        pytest.skip(HOW_GDS)
    return Settings(
        store=uri,
        username=os.environ.get("ASSISTGRAPH_TEST_GDS_USERNAME") or "neo4j",
        password=os.environ.get("ASSISTGRAPH_TEST_GDS_PASSWORD") or None,
        database=os.environ.get("ASSISTGRAPH_TEST_GDS_DATABASE") or None,
    )


@pytest.fixture
def gds_store(gds_settings: Settings) -> Iterator[Store]:
    """The GDS server's store, opened for reading after a wipe (data and projected graphs)."""
    import neo4j

    wipe_neo4j(gds_settings)
    with neo4j.GraphDatabase.driver(
        gds_settings.store, auth=(gds_settings.username, gds_settings.password or "")
    ) as drv:
        drv.execute_query(
            "CALL gds.graph.list() YIELD graphName "
            "CALL gds.graph.drop(graphName, false) YIELD graphName AS dropped "
            "RETURN count(dropped) AS n",
            database_=gds_settings.database,
        )
    st = open_store(gds_settings)
    try:
        yield st
    finally:
        st.close()
