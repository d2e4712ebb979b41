"""Layout: starting positions, the physics settings and the time budget of a view.

Small views are laid out by the browser's force layout from scratch; big ones
(above ``LARGE_NODES``) start from positions worked out here and run fewer, coarser
steps; large ones (above ``LARGE_EDGES``) are drawn in a light style.
"""

from __future__ import annotations

import math
import zlib
from typing import Any

from .payload import EdgeRow, node_id

__all__ = [
    "LARGE_EDGES",
    "LARGE_NODES",
    "is_large",
    "options",
    "physics_budget_ms",
    "place",
    "seed_positions",
]

#: above this many edges a view is *large*: no arrows, no dashes (weak facts faint)
LARGE_EDGES = 10_000
#: above this many nodes the layout starts from seeded positions and runs fewer,
#: coarser iterations
LARGE_NODES = 2_000


def _jitter(key: str, radius: float) -> tuple[float, float]:
    """A fixed offset for ``key`` within ``radius`` (the same on every run and store)."""
    h = zlib.crc32(key.encode("utf-8"))
    angle = (h & 0xFFFF) / 0xFFFF * 2 * math.pi
    r = radius * math.sqrt(((h >> 16) & 0xFFFF) / 0xFFFF)
    return r * math.cos(angle), r * math.sin(angle)


def seed_positions(
    nodes: list[dict[str, Any]], edges: list[list[Any]]
) -> dict[int, tuple[float, float]]:
    """Starting positions for a big view, so that a short layout run reads well.

    Counties go round a circle, grouped by prefecture; every other node starts at
    the mean position of its already placed neighbours (projects by their county,
    providers among the counties they fund), with a small fixed jitter, in passes
    outwards from the counties; nodes never reached start near the centre. The
    browser's force layout then only refines this (a few dozen steps instead of
    hundreds from random positions).

    Parameters
    ----------
    nodes, edges
        The payload's nodes and edge rows (``EdgeRow.FROM``/``TO``: node indexes).

    Returns
    -------
    dict
        node index -> (x, y).

    Examples
    --------
    >>> nodes = [{"kind": "County", "nid": "C1"}, {"kind": "Project", "nid": "P1"}]
    >>> pos = seed_positions(nodes, [[1, 0]])
    >>> pos[0], math.dist(pos[0], pos[1]) < 100
    ((300.0, 0.0), True)
    """
    n = len(nodes)
    counties = sorted(
        (i for i, nd in enumerate(nodes) if nd["kind"] == "County"),
        key=lambda i: (str(nodes[i].get("pref") or ""), nodes[i]["nid"]),
    )
    pos: dict[int, tuple[float, float]] = {}
    radius = max(300.0, 45.0 * math.sqrt(n))
    for k, i in enumerate(counties):
        angle = 2 * math.pi * k / max(len(counties), 1)
        pos[i] = (radius * math.cos(angle), radius * math.sin(angle))
    adj: list[list[int]] = [[] for _ in range(n)]
    src, dst = EdgeRow.FROM, EdgeRow.TO
    for r in edges:
        adj[r[src]].append(r[dst])
        adj[r[dst]].append(r[src])
    frontier = list(pos)
    while frontier:
        sums: dict[int, list[float]] = {}
        for i in frontier:
            x, y = pos[i]
            for j in adj[i]:
                if j not in pos:
                    acc = sums.get(j)
                    if acc is None:
                        sums[j] = [x, y, 1.0]
                    else:
                        acc[0] += x
                        acc[1] += y
                        acc[2] += 1
        for j, (x, y, c) in sums.items():
            dx, dy = _jitter(node_id(nodes[j]), 60.0 + 4.0 * math.sqrt(len(adj[j]) + 1))
            pos[j] = (x / c + dx, y / c + dy)
        frontier = list(sums)
    for i in range(n):
        if i not in pos:
            pos[i] = _jitter(node_id(nodes[i]), radius / 3)
    return pos


def place(nodes: list[dict[str, Any]], edges: list[list[Any]]) -> None:
    """Give the payload nodes of a big view (above ``LARGE_NODES``) their starting
    positions (``x``, ``y``); smaller views are left to the browser."""
    if len(nodes) > LARGE_NODES:  # start from a readable layout: fewer steps needed
        for i, (x, y) in seed_positions(nodes, edges).items():
            nodes[i]["x"], nodes[i]["y"] = round(x, 1), round(y, 1)


def physics_budget_ms(n_nodes: int) -> int:
    """How long the layout may move before physics is switched off, in milliseconds.

    Small views settle well within it; large ones (thousands of nodes) are stopped
    after a few seconds so that the page becomes usable quickly, with the layout as
    far as it got.
    """
    return 30_000 if n_nodes <= 1000 else 5_000


def is_large(n_nodes: int, n_edges: int) -> bool:
    """Whether a view is drawn in the light style (no arrow heads or dashed lines).

    Dashed lines and arrow heads cost a browser seconds per frame once there are
    tens of thousands of edges (headless Chromium, 5,000 nodes and 35,000 edges:
    0.3 s plain, 0.8 s with arrows, 4.4 s dashed); the edge card still gives the
    direction and the confidence.
    """
    return n_edges > LARGE_EDGES


def options(n_nodes: int, n_edges: int) -> dict[str, Any]:
    """vis-network's options for a view of this size."""
    big = n_nodes > LARGE_NODES
    return {
        "autoResize": True,
        "nodes": {
            "font": {"size": 12, "face": "sans-serif", "multi": False},
            "scaling": {"label": {"enabled": False}},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": not is_large(n_nodes, n_edges), "scaleFactor": 0.4}},
            "selectionWidth": 2,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.01,
                "springLength": 90,
                "springConstant": 0.08,
                "avoidOverlap": 0.2,
                # a coarser Barnes-Hut approximation on big views: ≈ 2× faster per step
                "theta": 1.0 if big else 0.5,
            },
            "stabilization": {
                "enabled": True,
                "iterations": 40 if big else 600 if n_nodes <= 400 else 300,
                # small batches on big views, so that the time budget can stop the layout
                "updateInterval": 10 if big else 50,
                "fit": True,
            },
            "minVelocity": 1.5,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": n_nodes > 500,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": True,
        },
        "layout": {"improvedLayout": n_nodes <= 150, "randomSeed": 7},
    }
