"""Graph Data Science on a Neo4j server, as an engine of the analyses (``--engine gds``).

The analyses define what an engine computes (:class:`assistgraph.analysis.engines.Engine`)
and run NetworkX by default; this engine computes the same things on the server of a
``Neo4jStore``: the graph travels as parameters, is projected into the GDS catalog, the
algorithm streams its result back, and the projection is dropped. It lives here, above
the store and the analyses, because it needs both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..analysis.engines import LEIDEN_SEED, Engine, IgraphEngine, NetworkXEngine

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["GdsEngine", "engine_for"]


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
    """The engine called ``name``: ``"igraph"``, ``"networkx"`` or ``"gds"`` (needs ``store``)."""
    from ..errors import AnalysisError
    from ..i18n import _

    if name == "networkx":
        return NetworkXEngine()
    if name == "igraph":
        return IgraphEngine()
    if name == "gds":
        if store is None:
            msg = _("the gds engine needs a store (a Neo4j server with Graph Data Science)")
            raise AnalysisError(msg)
        return GdsEngine(store)
    msg = _("unknown engine {name!r}; use: igraph, networkx, gds", name=name)
    raise AnalysisError(msg)
