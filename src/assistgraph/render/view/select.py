"""Selection: which part of the graph a view shows, and its display nodes and facts.

:func:`select` turns the seeds a user names (counties, a prefecture, industries,
providers, forces) into the set of graph nodes within ``depth`` steps, with the
view's title; :func:`display_graph` turns that part of the graph into display nodes
and the facts between them, grouped by (source, target, type). Neither changes the
graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ...graph import Facts, adjacency, resolve_ids
from ...i18n import gettext, named
from ...schema import FORCES
from .. import _words as W
from .._html import RenderError
from .model import DisplayNode, FactGroups

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["NodeKeys", "Selection", "as_list", "display_graph", "node_keys", "select"]


class NodeKeys(NamedTuple):
    """The graph's node keys by ``(label, id)``, and each node's ``(label, id)``."""

    by_label_id: dict[tuple[str, str], Any]
    label_id: dict[Any, tuple[str, str]]


class Selection(NamedTuple):
    """The graph nodes a view shows (``None``: all of them) and its title (中文, English)."""

    keep: set[Any] | None
    title: tuple[str, str]


def node_keys(G: nx.MultiDiGraph) -> NodeKeys:
    """(label, id) -> node key and back, as the analyses read them.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1")
    >>> node_keys(G).label_id
    {'County:C1': ('County', 'C1')}
    """
    fwd: dict[tuple[str, str], Any] = {}
    back: dict[Any, tuple[str, str]] = {}
    for n, d in G.nodes(data=True):
        s = str(n)
        label = d.get("label") or (s.split(":", 1)[0] if ":" in s else "")
        nid = str(d.get("id") or (s.split(":", 1)[1] if ":" in s else s))
        fwd[(label, nid)] = n
        back[n] = (label, nid)
    return NodeKeys(fwd, back)


def as_list(values: str | Iterable[str] | None) -> list[str] | None:
    """One value or several as a list; ``None`` for none.

    >>> as_list("C1"), as_list(["C1", "C2"]), as_list([])
    (['C1'], ['C1', 'C2'], None)
    """
    if values is None:
        return None
    items = [values] if isinstance(values, str) else list(values)
    return items or None


def select(
    G: nx.MultiDiGraph,
    f: Facts,
    keys: NodeKeys,
    *,
    county: Any,
    prefecture: Any,
    industry: Any,
    provider: Any,
    force: Any,
    depth: int,
) -> Selection:
    """The node keys of the view (``None``: the whole graph) and its title.

    Seeds are the named counties (a prefecture stands for its counties), industries
    and providers; ``force`` alone seeds its providers, and with other seeds keeps
    only its own providers in their neighbourhood. The view holds every node within
    ``depth`` steps of a seed, in either direction.
    """
    fwd, back = keys
    forces = as_list(force)
    if forces:
        bad = [x for x in forces if x not in FORCES]
        if bad:
            msg = f"unknown force {', '.join(map(repr, bad))}; forces: {', '.join(FORCES)}"
            raise RenderError(msg)
    seeds: set[Any] = set()
    names_zh: list[str] = []
    names_en: list[str] = []

    def add(label: str, ids: set[str] | None) -> None:
        for i in sorted(ids or ()):
            key = fwd.get((label, i))
            if key is not None:
                seeds.add(key)
                zh, en = f.name(label, i)
                names_zh.append(zh)
                names_en.append(en or zh)

    add("County", resolve_ids(f, "County", as_list(county), "county"))
    prefs = resolve_ids(f, "Prefecture", as_list(prefecture), "prefecture")
    if prefs:
        add("Prefecture", prefs)
        pref_of = f.county_of_prefecture()
        for c, p in pref_of.items():
            if p in prefs and ("County", c) in fwd:
                seeds.add(fwd[("County", c)])
    add("Industry", resolve_ids(f, "Industry", as_list(industry), "industry"))
    add("Provider", resolve_ids(f, "Provider", as_list(provider), "provider"))
    if not seeds and not forces:
        return Selection(None, W.zh_en("The whole programme"))
    if not seeds:  # --force alone: its providers are the seeds
        for pid, props in f.providers.items():
            if props.get("force") in forces and ("Provider", pid) in fwd:
                seeds.add(fwd[("Provider", pid)])
    if depth < 0:
        msg = gettext("depth must be at least 0, got {n}", n=depth)
        raise RenderError(msg)
    keep = set(seeds)
    frontier = set(seeds)
    for _ in range(depth):
        nxt: set[Any] = set()
        for n in frontier:
            nxt.update(G.successors(n))
            nxt.update(G.predecessors(n))
        nxt -= keep
        keep |= nxt
        frontier = nxt
    if forces:
        keep = {
            n
            for n in keep
            if back[n][0] != "Provider"
            or n in seeds
            or f.providers.get(back[n][1], {}).get("force") in forces
        }
        for x in forces:
            zh, en = W.force_name(x)
            names_zh.append(zh)
            names_en.append(en)
    zh = "、".join(names_zh) if names_zh else ""
    en = ", ".join(names_en) if names_en else ""
    names = named(zh, en)
    if depth == 1:
        return Selection(keep, W.zh_en("{names} (within 1 step)", names=names))
    return Selection(keep, W.zh_en("{names} (within {n} steps)", names=names, n=depth))


def display_graph(
    G: nx.MultiDiGraph, keys: NodeKeys, keep: set[Any] | None
) -> tuple[dict[str, DisplayNode], FactGroups]:
    """The nodes to draw (by ``"Label:id"``), and the facts between them grouped by
    (source, target, type). Nodes and facts keep the graph's own property dicts."""
    back = keys.label_id
    nodes: dict[str, DisplayNode] = {}
    key_of: dict[Any, str] = {}
    for n, d in G.nodes(data=True):
        label, nid = back[n]
        k = key_of[n] = f"{label}:{nid}"
        if keep is None or n in keep:
            nodes[k] = DisplayNode(k, label, nid, d)
    groups: FactGroups = {}
    for u, nbrs in adjacency(G).items():
        if keep is not None and u not in keep:
            continue
        ku = key_of[u]
        for v, keyed in nbrs.items():
            if keep is not None and v not in keep:
                continue
            kv = key_of[v]
            for d in keyed.values():
                k = (ku, kv, d.get("type") or "")
                g = groups.get(k)
                if g is None:
                    groups[k] = [d]
                else:
                    g.append(d)
    return nodes, groups
