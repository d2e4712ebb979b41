"""Figures from the whole graph that a view's cards and sizes show.

Funding received and given, pairings and gaps are worked out on the whole graph,
not on the part a view shows: a county's card says what it received from every
provider, even when only some of them are drawn.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...graph import Facts

if TYPE_CHECKING:
    import datetime as dt

    import networkx as nx

    from ...targets import Targets

__all__ = ["Figures", "figures"]


@dataclass(frozen=True, slots=True)
class Figures:
    """What the cards say beyond a node's own properties."""

    #: (label, id) -> yuan received (counties, projects, investment funds)
    received: dict[tuple[str, str], float]
    #: provider id -> yuan given
    given: dict[str, float]
    projects_of_provider: dict[str, int]
    paired_of_county: dict[str, int]
    counties_of_provider: dict[str, int]
    #: county id -> its gaps (when the view highlights gaps)
    gaps: dict[str, list[dict[str, Any]]]

    def top(self, label: str) -> float:
        """The largest figure a node of ``label`` is sized by (0 when none)."""
        if label == "Provider":
            return max(self.given.values(), default=0.0)
        return max((v for (lbl, _), v in self.received.items() if lbl == label), default=0)


def figures(
    G: nx.MultiDiGraph,
    f: Facts,
    *,
    highlight: str | None,
    targets: Targets | None,
    as_of: dt.date | str | None,
    year: int | None,
    gaps: Iterable[dict[str, Any]] | None = None,
) -> Figures:
    """Funding, pairings and (with ``highlight="gaps"``) gaps of the whole graph.

    ``gaps``: the gap list already found (a report's), else the gap rules run here.
    """
    received: dict[tuple[str, str], float] = defaultdict(float)
    given: dict[str, float] = defaultdict(float)
    projects: dict[str, set[str]] = defaultdict(set)
    for p, pr, c, amount, _ in f.funding_facts(year):
        received[("Project", pr)] += amount
        if c:
            received[("County", c)] += amount
        given[p] += amount
        projects[p].add(pr)
    for _p, fund, props in f.edges("CONTRIBUTES", "Provider", "InvestmentFund"):
        amount = float(props.get("amount_cny") or 0)
        received[("InvestmentFund", fund)] += amount
    paired = f.paired()
    counties_of: dict[str, int] = defaultdict(int)
    for _c, ps in paired.items():
        for p in ps:
            counties_of[p] += 1
    by_county: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if highlight == "gaps":
        if gaps is None:
            from ...analysis import find_gaps

            gaps = find_gaps(G, targets=targets, as_of=as_of, year=year)
        for g in gaps:
            if g["county_id"]:
                by_county[g["county_id"]].append(g)
    return Figures(
        received=dict(received),
        given=dict(given),
        projects_of_provider={p: len(v) for p, v in projects.items()},
        paired_of_county={c: len(v) for c, v in paired.items()},
        counties_of_provider=dict(counties_of),
        gaps=dict(by_county),
    )
