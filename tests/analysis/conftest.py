"""The hand-made gap fixture, loaded into each store and exported as a graph."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from assistgraph.store import Store

from ..conftest import DATA

GAPS = DATA / "gaps_v2"


@pytest.fixture
def G(loaded_store: Callable[[Path | str], Store]) -> nx.MultiDiGraph:
    """``tests/data/gaps_v2`` loaded into a fresh store (embedded or Neo4j) and exported."""
    return loaded_store(GAPS).export_graph()
