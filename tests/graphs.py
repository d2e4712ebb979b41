"""Helpers to compare exported graphs and to count what a dataset should create."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx


def canonical(G: nx.MultiDiGraph) -> tuple[list[str], list[str]]:
    """Sorted, JSON-encoded nodes and edges with all their attributes."""
    nodes = sorted(
        json.dumps([n, d], sort_keys=True, ensure_ascii=False) for n, d in G.nodes(data=True)
    )
    edges = sorted(
        json.dumps([u, v, k, d], sort_keys=True, ensure_ascii=False)
        for u, v, k, d in G.edges(keys=True, data=True)
    )
    return nodes, edges


def csv_rows(folder: Path, table: str) -> list[dict[str, Any]]:
    path = folder / f"{table}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))
