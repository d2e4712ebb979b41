"""Where the heavy graph algorithms of ``chains`` run: in memory, or on the server.

An *engine* computes betweenness centrality and weighted communities of a small
undirected graph that the analysis has already built from the programme graph, and
the overlaps of member sets (how many counties two industries share, for ``match``'s
proximity):

* :class:`NetworkXEngine` (the default) runs NetworkX in this process:
  betweenness exact up to ``EXACT_BETWEENNESS_MAX`` nodes, above that estimated
  from ``BETWEENNESS_PIVOTS`` pivots (fixed seed); communities by greedy
  modularity (Clauset–Newman–Moore); overlaps by set intersection of every pair.
* :class:`IgraphEngine` (the default) does the same in igraph's C library: the same
  betweenness as NetworkX's — exact, or estimated from the very pivots NetworkX
  would draw — 50–100× faster; communities by Leiden (modularity, fixed seed) in
  place of greedy modularity, which is slower and finds less modular partitions
  (measured at national scale: 13 s for modularity 0.170 against 0.1 s for 0.224).
* :class:`assistgraph.jobs.GdsEngine` (in the jobs room, above store and analysis)
  runs Neo4j Graph Data Science on the server of a
  ``Neo4jStore``: the graph travels as parameters, is projected into the GDS
  catalog, the algorithm streams its result back, and the projection is dropped.
  Betweenness is always exact (``gds.betweenness.stream``, the same values as
  NetworkX's exact algorithm); communities are Leiden communities
  (``gds.leiden.stream``, fixed seed, one thread: the same partition on every run),
  which maximise modularity like greedy modularity but need not give the same
  partition; overlaps from node similarity (``gds.nodeSimilarity.stream``, Jaccard,
  turned back into exact counts).

Both take and return plain Python data, and neither changes its input.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

__all__ = [
    "BETWEENNESS_PIVOTS",
    "ENGINES",
    "EXACT_BETWEENNESS_MAX",
    "Engine",
    "IgraphEngine",
    "NetworkXEngine",
    "default_engine",
]

#: NetworkX betweenness is exact up to this many nodes, estimated from pivots above.
EXACT_BETWEENNESS_MAX = 2_000
BETWEENNESS_PIVOTS = 256
ENGINES: tuple[str, ...] = ("igraph", "networkx", "gds")
#: Leiden's seed (with one thread the partition is the same on every run)
LEIDEN_SEED = 42
#: the seed of the pivots of estimated betweenness (``random.Random(PIVOT_SEED)``)
PIVOT_SEED = 0


class Engine(Protocol):
    name: str

    def betweenness(self, edges: Iterable[tuple[str, str]]) -> dict[str, float]:
        """Normalised betweenness of every node of the undirected graph of ``edges``."""
        ...

    def betweenness_method(self, n_nodes: int) -> str:
        """How ``betweenness`` computes the scores of a graph of ``n_nodes`` nodes."""
        ...

    def communities(
        self, nodes: Iterable[str], edges: Iterable[tuple[str, str, float]]
    ) -> list[set[str]]:
        """Communities of the weighted undirected graph (``nodes`` may be isolated)."""
        ...

    def shared(self, members: dict[str, set[str]]) -> dict[tuple[str, str], int]:
        """``|M_a ∩ M_b|`` for every pair ``a < b`` of keys whose member sets meet."""
        ...


class NetworkXEngine:
    """NetworkX in this process (the default engine).

    Examples
    --------
    >>> e = NetworkXEngine()
    >>> e.betweenness([("a", "b"), ("b", "c")])["b"]
    1.0
    >>> sorted(map(sorted, e.communities("abcd", [("a", "b", 1.0), ("c", "d", 1.0)])))
    [['a', 'b'], ['c', 'd']]
    """

    name = "networkx"

    def betweenness(self, edges: Iterable[tuple[str, str]]) -> dict[str, float]:
        import networkx as nx

        U = nx.Graph()
        U.add_edges_from(edges)
        n = U.number_of_nodes()
        if n < 3:
            return {}
        # exact up to EXACT_BETWEENNESS_MAX nodes; above, Brandes–Pich sampling from a
        # fixed number of pivots (deterministic seed): exact betweenness is O(V·E), about
        # 5 minutes at national scale. The estimate is rough: on the national synthetic
        # data the top 20 brokers' scores are off by a median 41 % and only 1 of the
        # exact top 20 is in its top 20 (benchmark 7); GdsEngine is exact at every size
        k = None if n <= EXACT_BETWEENNESS_MAX else BETWEENNESS_PIVOTS
        return nx.betweenness_centrality(U, k=k, normalized=True, seed=PIVOT_SEED if k else None)

    def betweenness_method(self, n_nodes: int) -> str:
        if n_nodes <= EXACT_BETWEENNESS_MAX:
            return "exact (NetworkX)"
        return f"estimated from {BETWEENNESS_PIVOTS} pivots (NetworkX; the gds engine is exact)"

    def communities(
        self, nodes: Iterable[str], edges: Iterable[tuple[str, str, float]]
    ) -> list[set[str]]:
        import networkx as nx

        P = nx.Graph()
        P.add_nodes_from(nodes)
        P.add_weighted_edges_from(edges)
        if P.number_of_edges() == 0:
            return []
        return [set(c) for c in nx.community.greedy_modularity_communities(P, weight="weight")]

    def shared(self, members: dict[str, set[str]]) -> dict[tuple[str, str], int]:
        keys = sorted(k for k, v in members.items() if v)
        out: dict[tuple[str, str], int] = {}
        for n, a in enumerate(keys):
            ma = members[a]
            for b in keys[n + 1 :]:
                both = len(ma & members[b])
                if both:
                    out[(a, b)] = both
        return out


class IgraphEngine(NetworkXEngine):
    """igraph's C library in this process (the default engine when igraph is installed).

    Betweenness equals :class:`NetworkXEngine`'s (the same pivots and scaling, to
    rounding); communities are Leiden communities of the weighted graph (modularity
    objective, seed :data:`LEIDEN_SEED`); overlaps as NetworkXEngine's.

    Examples
    --------
    >>> e = IgraphEngine()
    >>> e.betweenness([("a", "b"), ("b", "c")])["b"]
    1.0
    >>> sorted(map(sorted, e.communities("abcd", [("a", "b", 1.0), ("c", "d", 1.0)])))
    [['a', 'b'], ['c', 'd']]
    """

    name = "igraph"

    def betweenness(self, edges: Iterable[tuple[str, str]]) -> dict[str, float]:
        import random

        import igraph

        pairs = list(edges)
        # the node order of nx.Graph(pairs), from which NetworkX draws its pivots
        names = list(dict.fromkeys(n for e in pairs for n in e))
        n = len(names)
        if n < 3:
            return {}
        index = {v: i for i, v in enumerate(names)}
        g = igraph.Graph(n=n, edges=[(index[a], index[b]) for a, b in pairs])
        g.simplify(multiple=True, loops=True)  # nx.Graph's simple graph
        if n <= EXACT_BETWEENNESS_MAX:
            raw = g.betweenness(directed=False)
            # igraph counts each unordered pair once, NetworkX each ordered pair
            return {v: 2 * b / ((n - 1) * (n - 2)) for v, b in zip(names, raw, strict=True)}
        k = BETWEENNESS_PIVOTS
        pivots = random.Random(PIVOT_SEED).sample(names, k)  # = NetworkX's draw
        raw = g.betweenness(directed=False, sources=[index[p] for p in pivots])
        drawn = set(pivots)
        # NetworkX >= 3.6's scaling of a sample: a pivot is never its own source
        source, other = 1 / ((k - 1) * (n - 2)), 1 / (k * (n - 2))
        return {
            v: 2 * b * (source if v in drawn else other) for v, b in zip(names, raw, strict=True)
        }

    def betweenness_method(self, n_nodes: int) -> str:
        if n_nodes <= EXACT_BETWEENNESS_MAX:
            return "exact (igraph)"
        return f"estimated from {BETWEENNESS_PIVOTS} pivots (igraph; the gds engine is exact)"

    def communities(
        self, nodes: Iterable[str], edges: Iterable[tuple[str, str, float]]
    ) -> list[set[str]]:
        import random

        import igraph

        names = list(dict.fromkeys(nodes))
        index = {v: i for i, v in enumerate(names)}
        simple: dict[tuple[int, int], float] = {}
        for a, b, w in edges:
            for v in (a, b):
                if v not in index:
                    index[v] = len(names)
                    names.append(v)
            i, j = sorted((index[a], index[b]))
            if i != j:
                simple[(i, j)] = float(w)  # nx.Graph: the last weight of a pair stays
        if not simple:
            return []
        g = igraph.Graph(n=len(names), edges=list(simple))
        # python-igraph draws from Python's random module: seed it, then put it back
        state = random.getstate()
        try:
            random.seed(LEIDEN_SEED)
            parts = g.community_leiden(
                objective_function="modularity", weights=list(simple.values()), n_iterations=-1
            )
        finally:
            random.setstate(state)
        return [{names[i] for i in part} for part in parts if part]


def default_engine() -> Engine:
    """:class:`IgraphEngine` when igraph is installed, else :class:`NetworkXEngine`."""
    try:
        import igraph  # noqa: F401
    except ImportError:
        return NetworkXEngine()
    return IgraphEngine()
