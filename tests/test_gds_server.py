"""The Graph Data Science server of the test run (tools/neo4j-local, flavour gds).

``scripts/test`` starts Neo4j 2026.01 with OpenGDS 2.26 beside the main 5.26 server
and exports ``ASSISTGRAPH_TEST_GDS_*``. These tests check that ``Store.gds_version``
tells the two apart and that GDS's betweenness is NetworkX's, so the two engines can
be compared on equal terms.
"""

from __future__ import annotations

import re
from typing import Any

import networkx as nx
import pytest

from assistgraph.errors import StoreError
from assistgraph.settings import Settings
from assistgraph.store import Store, open_store

from .conftest import _require_neo4j

LABEL = "GdsTestNode"
# 8 nodes: two squares a-b-d-c and e-f-h-g joined by d-e, plus the chord c-e. Several
# shortest paths tie, so the scores have halves (exact in binary floating point).
EDGES = [
    ("a", "b"),
    ("a", "c"),
    ("b", "d"),
    ("c", "d"),
    ("d", "e"),
    ("e", "f"),
    ("e", "g"),
    ("f", "h"),
    ("g", "h"),
    ("c", "e"),
]


def _execute(settings: Settings, cypher: str, **params: Any) -> list[dict[str, Any]]:
    import neo4j

    with neo4j.GraphDatabase.driver(
        settings.store, auth=(settings.username, settings.password or "")
    ) as drv:
        recs, _, _ = drv.execute_query(cypher, params, database_=settings.database)
    return [r.data() for r in recs]


def _betweenness(settings: Settings, orientation: str) -> dict[str, float]:
    _execute(
        settings,
        f"UNWIND $edges AS e MERGE (s:{LABEL} {{name: e[0]}}) MERGE (t:{LABEL} {{name: e[1]}}) "
        "CREATE (s)-[:LINK]->(t)",
        edges=[list(e) for e in EDGES],
    )
    graph = f"bc-{orientation.lower()}"
    _execute(
        settings,
        "CALL gds.graph.project($g, $label, {LINK: {orientation: $o}}) "
        "YIELD nodeCount RETURN nodeCount",
        g=graph,
        label=LABEL,
        o=orientation,
    )
    try:
        rows = _execute(
            settings,
            "CALL gds.betweenness.stream($g) YIELD nodeId, score "
            "RETURN gds.util.asNode(nodeId).name AS name, score",
            g=graph,
        )
    finally:
        _execute(settings, "CALL gds.graph.drop($g, false) YIELD graphName RETURN 1", g=graph)
    return {r["name"]: r["score"] for r in rows}


def test_gds_version_on_the_gds_server(gds_store: Store) -> None:
    version = gds_store.gds_version()
    assert version is not None and re.fullmatch(r"2\.\d+\.\d+", version), version
    assert version.startswith("2.26.")
    assert gds_store.require_gds() == version


def test_main_server_has_no_gds() -> None:
    st = open_store(_require_neo4j())
    try:
        assert st.gds_version() is None
        with pytest.raises(StoreError) as info:
            st.require_gds()
    finally:
        st.close()
    msg = str(info.value)
    assert "Graph Data Science is not available" in msg
    assert "no gds.* procedures" in msg
    assert "--engine" not in msg  # the library names no CLI flag; the CLI adds the hint
    assert "\n" not in msg


def test_undirected_betweenness_is_networkx_unnormalised(
    gds_store: Store, gds_settings: Settings
) -> None:
    # GDS's Brandes runs over both directions of every undirected pair and halves the
    # sum; NetworkX (normalized=False) halves its undirected sum too: same numbers.
    got = _betweenness(gds_settings, "UNDIRECTED")
    want = nx.betweenness_centrality(nx.Graph(EDGES), normalized=False)
    assert got == want
    assert sorted(set(want.values())) == [0.5, 2.5, 4.5, 12.5]  # ties really split


def test_directed_betweenness_is_networkx_on_a_digraph(
    gds_store: Store, gds_settings: Settings
) -> None:
    got = _betweenness(gds_settings, "NATURAL")
    want = nx.betweenness_centrality(nx.DiGraph(EDGES), normalized=False)
    assert got == want
