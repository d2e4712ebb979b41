"""Rows from a store → the NetworkX graph every analysis and page reads.

The store hands over rows (:meth:`assistgraph.store.Store.export_rows`); this module
alone decides the graph's shape, and counts how often it is built
(:data:`BUILDS`, for the tests that check a report builds its graph once).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from .. import schema
from ..gcpause import gc_paused
from ..values import plain

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["BUILDS", "build_graph"]

#: How many graphs (``"graph"``) and fact indexes (``"facts"``) this process built.
BUILDS: Counter[str] = Counter()


def build_graph(parts: Iterable[tuple[Any, ...]]) -> nx.MultiDiGraph:
    """Build the programme graph from a store's export rows.

    Node keys are ``"Label:id"``; every node has ``label`` and its properties;
    every edge has attribute ``type`` and its properties, and a key that tells
    parallel edges apart: the type, then the values of its key properties
    (``"FUNDS|2024"``, ``"EXCHANGED_CADRES|2024|to_county"``, ``"PAIRED_WITH"``).
    Nodes and edges are in one order whatever order the rows came in (by ids, then key
    properties), so the same data gives the same graph, and every result the same order.
    The graph comes back frozen (``nx.freeze``): add to a copy (``nx.MultiDiGraph(G)``).

    >>> G = build_graph([("node", "County", [["c1", {"name_zh": "一县"}]]),
    ...                  ("node", "Provider", [["p1", {}]]),
    ...                  ("rel", "PAIRED_WITH", ("Provider", "County"), [["p1", "c1", {}]])])
    >>> sorted(G.nodes), list(G.edges(keys=True))
    (['County:c1', 'Provider:p1'], [('Provider:p1', 'County:c1', 'PAIRED_WITH')])
    """
    import networkx as nx

    with gc_paused():  # millions of acyclic dicts: cyclic GC passes only cost time
        G = _build(parts)
    BUILDS["graph"] += 1
    return nx.freeze(G)


def _build(parts: Iterable[tuple[Any, ...]]) -> nx.MultiDiGraph:
    import networkx as nx

    share: dict[str, str] = {}  # one object per distinct text (see _clean)
    one = share.setdefault
    G = nx.MultiDiGraph()
    # the adjacency written as MultiDiGraph.add_edges_from writes it (succ[u][v] and
    # pred[v][u] one key dict, node dicts for new ends), without its per-edge checks
    # and copies: a third of the build at national scale. tests/test_graph_build.py
    # checks the result against add_edges_from on every run.
    node, succ, pred = G._node, G._succ, G._pred
    for part in parts:
        if part[0] == "node":
            _, label, rows = part
            nodes = []
            for nid, props in sorted(rows, key=_FIRST):
                key = f"{label}:{nid}"
                nodes.append((one(key, key), {**_clean(props, share), "label": label}))
            G.add_nodes_from(nodes)
            continue
        _, name, (a, b), rows = part
        key_props = schema.REL_TYPES[name].key_props
        staged = []
        for src, dst, p in rows:
            props = _clean(p, share)
            key = (
                "|".join([name, *(str(props.get(k)) for k in key_props)]) if key_props else name
            )  # = rt.edge_key(props), inlined: this loop runs once per edge
            props["type"] = name
            staged.append((src, dst, key, props))
        # in one order whatever order the store handed them over in: see _ENDS_AND_KEY
        staged.sort(key=_ENDS_AND_KEY)
        for src, dst, key, props in staged:
            u, v = f"{a}:{src}", f"{b}:{dst}"
            u, v = one(u, u), one(v, v)  # the nodes' own keys
            out = succ.get(u)
            if out is None:
                node[u], out, pred[u] = {}, {}, {}
                succ[u] = out
            if v not in succ:
                node[v], succ[v], pred[v] = {}, {}, {}
            keyed = out.get(v)
            if keyed is None:
                keyed = out[v] = pred[v][u] = {}
            keyed[key] = props
    return G


#: The graph's order: nodes by id, relationships by their ends' ids and edge key. A store
#: may hand over a statement's rows in any order (Ladybug scans with several threads: two
#: exports of one file differ), and the order of the graph's edges is the order of every
#: list, tie and float sum downstream. Sorted, the same data gives the same graph and the
#: same report, from either store. The rows come nearly sorted (a store scans by their
#: ends): ≈ 1 s for a million.
_FIRST = itemgetter(0)
_ENDS_AND_KEY = itemgetter(0, 1, 2)


def _clean(props: dict[str, Any] | None, share: dict[str, str]) -> dict[str, Any]:
    """Properties without ``None`` padding and internal keys (``_ID`` …); Decimal → number.

    Property names and text values go through ``share`` (one per export), so that
    equal texts are one object: drivers decode a new string for every name and value
    of every row, and a national export repeats a few hundred sources, confidences
    and names of properties over a million relationships (less memory, and the
    dict lookups of every analysis compare them by identity).
    """
    one = share.setdefault
    out = {
        one(k, k): one(v, v) if type(v) is str else v
        for k, v in (props or {}).items()
        if v is not None and k[0] != "_"
    }
    for k, v in out.items():
        if type(v) not in _PLAIN:
            out[k] = plain(v)
    return out


_PLAIN = frozenset({str, int, float, bool})
