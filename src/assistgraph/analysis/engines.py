"""Where the heavy graph algorithms of ``chains`` run: in memory, or on the server.

An *engine* computes betweenness centrality and weighted communities of a small
undirected graph that the analysis has already built from the programme graph, and
the overlaps of member sets (how many counties two industries share, for ``match``'s
proximity):

* :class:`NetworkXEngine` (the default) runs NetworkX in this process:
  betweenness exact up to ``EXACT_BETWEENNESS_MAX`` nodes, above that estimated
  from ``BETWEENNESS_PIVOTS`` pivots (fixed seed); communities by greedy
  modularity (Clauset–Newman–Moore); overlaps by set intersection of every pair.
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
    "NetworkXEngine",
]

#: NetworkX betweenness is exact up to this many nodes, estimated from pivots above.
EXACT_BETWEENNESS_MAX = 2_000
BETWEENNESS_PIVOTS = 256
ENGINES: tuple[str, ...] = ("networkx", "gds")
#: Leiden's seed (with one thread the partition is the same on every run)
LEIDEN_SEED = 42


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
        return nx.betweenness_centrality(U, k=k, normalized=True, seed=0 if k else None)

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
