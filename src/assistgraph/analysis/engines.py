"""Where the heavy graph algorithms of ``chains`` run: in memory, or on the server.

An *engine* computes betweenness centrality and weighted communities of a small
undirected graph that the analysis has already built from the programme graph, and
the overlaps of member sets (how many counties two industries share, for ``match``'s
proximity):

* :class:`NetworkXEngine` (the default) runs NetworkX in this process:
  betweenness exact up to ``EXACT_BETWEENNESS_MAX`` nodes, above that estimated
  from ``BETWEENNESS_PIVOTS`` pivots (fixed seed); communities by greedy
  modularity (Clauset–Newman–Moore); overlaps by set intersection of every pair.
* :class:`GdsEngine` runs Neo4j Graph Data Science on the server of a
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
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ..store.base import Store

__all__ = [
    "BETWEENNESS_PIVOTS",
    "ENGINES",
    "EXACT_BETWEENNESS_MAX",
    "Engine",
    "GdsEngine",
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
        return f"estimated from {BETWEENNESS_PIVOTS} pivots (NetworkX; use --engine gds for exact)"

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


def _indexed(
    edges: Iterable[tuple[Any, ...]],
) -> tuple[list[str], list[tuple[int, int]], list[float]]:
    """Node names, undirected edges as (i, j) with i < j (one per pair), their weights.

    The same simple graph NetworkX's ``Graph`` makes of the edges: parallel edges
    and the two directions of a pair become one edge (the last weight wins, as in
    ``add_weighted_edges_from``), self-loops are kept out (they change no path).
    """
    index: dict[str, int] = {}
    pairs: dict[tuple[int, int], float] = {}
    for e in edges:
        a, b = e[0], e[1]
        i = index.setdefault(a, len(index))
        j = index.setdefault(b, len(index))
        if i != j:
            pairs[(i, j) if i < j else (j, i)] = float(e[2]) if len(e) > 2 else 1.0
    return list(index), list(pairs), list(pairs.values())


class GdsEngine:
    """Neo4j Graph Data Science on the server of ``store`` (``--engine gds``).

    Raises :class:`~assistgraph.errors.StoreError` at once when the store has no
    GDS library (the embedded store never has).
    """

    name = "gds"

    def __init__(self, store: Store) -> None:
        self.store = store
        self.version = store.require_gds()

    def betweenness(self, edges: Iterable[tuple[str, str]]) -> dict[str, float]:
        names, pairs, _ = _indexed(edges)
        n = len(names)
        if n < 3:
            return {}
        scores = self.store.gds_stream("betweenness", pairs)
        # GDS counts each unordered pair once on an undirected graph (NetworkX's
        # unnormalised value); NetworkX normalises by (n - 1)(n - 2) / 2 pairs
        scale = 2.0 / ((n - 1) * (n - 2))
        return {name: float(scores.get(i, 0.0)) * scale for i, name in enumerate(names)}

    def betweenness_method(self, n_nodes: int) -> str:
        return f"exact (Graph Data Science {self.version})"

    def communities(
        self, nodes: Iterable[str], edges: Iterable[tuple[str, str, float]]
    ) -> list[set[str]]:
        names, pairs, weights = _indexed(edges)
        if not pairs:
            return []
        found = self.store.gds_stream(
            "leiden",
            pairs,
            weights=weights,
            config={
                "relationshipWeightProperty": "weight",
                "randomSeed": LEIDEN_SEED,
                "concurrency": 1,
            },
        )
        groups: dict[Any, set[str]] = {}
        for i, community in found.items():
            groups.setdefault(community, set()).add(names[i])
        placed = set(names)
        out = list(groups.values())
        out.extend({n} for n in nodes if n not in placed)  # isolated: alone
        return out

    def shared(self, members: dict[str, set[str]]) -> dict[tuple[str, str], int]:
        # node similarity (Jaccard) of the keys over their members, on the bipartite
        # graph key -> member; |A ∩ B| = J (|A| + |B|) / (1 + J), an integer
        keys = sorted(k for k, v in members.items() if v)
        index = {k: i for i, k in enumerate(keys)}
        member_ix: dict[str, int] = {}
        edges = []
        for k in keys:
            for m in sorted(members[k]):
                j = member_ix.setdefault(m, len(keys) + len(member_ix))
                edges.append((index[k], j))
        if len(keys) < 2:
            return {}
        found = self.store.gds_stream(
            "similarity",
            edges,
            directed=True,
            config={"similarityMetric": "JACCARD", "topK": len(keys), "concurrency": 1},
        )
        out: dict[tuple[str, str], int] = {}
        for (i, j), jaccard in found.items():
            if i < j < len(keys):
                a, b = keys[i], keys[j]
                size = len(members[a]) + len(members[b])
                out[(a, b)] = round(jaccard * size / (1 + jaccard))
        return dict(sorted(out.items()))  # NetworkXEngine's order: sums add up the same


def engine_for(name: str, store: Store | None = None) -> Engine:
    """The engine called ``name`` (``"networkx"`` or ``"gds"``, which needs ``store``)."""
    if name == "networkx":
        return NetworkXEngine()
    if name == "gds":
        if store is None:
            msg = "--engine gds needs a store (a Neo4j server with Graph Data Science)"
            raise ValueError(msg)
        return GdsEngine(store)
    msg = f"unknown engine {name!r}; use: {', '.join(ENGINES)}"
    raise ValueError(msg)
