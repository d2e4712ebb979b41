"""Every figure of one report from one graph: the analyses run once, shared by every section.

:func:`analyse` builds the :class:`Analysed` bundle — the graph's one
:class:`~assistgraph.graph.Facts` index (``facts(G)``, cached per frozen graph), the
gap list, concentration, the scorecard and the per-county measures of the map — and
the report, the map and the county dossiers all read from it, so no section
recomputes gaps or re-indexes the graph.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..analysis import concentration, find_gaps
from ..analysis.gaps import COUNTY_RULES, SEVERITIES
from ..analysis.scorecard import scorecard
from ..graph import Facts, facts
from ..i18n import gettext
from ..process import in_parallel
from ..schema import FORCES, TABLES, label_of
from ._html import RenderError

if TYPE_CHECKING:
    import networkx as nx

    from ..targets import Targets

__all__ = ["Analysed", "analyse", "sourced_shares"]

ILLUSTRATIVE = "illustrative"


@dataclass
class Analysed:
    """One graph's analyses, computed once for every page and section that shows them."""

    G: Any
    f: Facts
    day: dt.date
    year: int | None
    targets: Targets | None
    target_year: int | None
    gaps: list[dict[str, Any]]
    conc: dict[str, Any]
    score: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def gaps_by_county(self) -> dict[str | None, list[dict[str, Any]]]:
        out: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
        for g in self.gaps:
            out[g["county_id"]].append(g)
        return out

    @cached_property
    def pref_of(self) -> dict[str, str]:
        return self.f.county_of_prefecture()

    @cached_property
    def paired(self) -> dict[str, dict[str, dict[str, Any]]]:
        return self.f.paired()

    @cached_property
    def forces_present(self) -> dict[str, int]:
        """County id -> how many of the five forces have a provider paired with it (0–5)."""
        f = self.f
        return {
            c: len({f.force_of(p) for p in self.paired.get(c, {})} & set(FORCES))
            for c in f.counties
        }

    @cached_property
    def forces_matrix(self) -> list[dict[str, Any]]:
        """Counties × forces: paired providers per force (as ``coverage_matrix(view="forces")``)."""
        f = self.f
        rows = []
        for c in sorted(f.counties):
            zh, en = f.name("County", c)
            row: dict[str, Any] = {
                "county_id": c,
                "name_zh": zh,
                "name_en": en,
                "prefecture_id": self.pref_of.get(c),
            }
            for force in FORCES:
                row[force] = sum(1 for p in self.paired.get(c, {}) if f.force_of(p) == force)
            rows.append(row)
        return rows

    @cached_property
    def targets_matrix(self) -> list[dict[str, Any]]:
        """Counties × county rules: gaps per rule (as ``coverage_matrix(view="targets")``),
        counted from the one gap list."""
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for g in self.gaps:
            if g["county_id"] and g["rule"] in COUNTY_RULES:
                counts[(g["county_id"], g["rule"])] += 1
        rows = []
        for head in self.forces_matrix:
            c = head["county_id"]
            row = {k: head[k] for k in ("county_id", "name_zh", "name_en", "prefecture_id")}
            for r in COUNTY_RULES:
                row[r] = counts[(c, r)]
            row["total"] = sum(counts[(c, r)] for r in COUNTY_RULES)
            rows.append(row)
        return rows

    @cached_property
    def years(self) -> list[int]:
        """Every year of the training, cadres and funding relationships (read once)."""
        return self.f.years()

    @cached_property
    def score_year(self) -> int | None:
        years = self.score["years"]
        if self.year is not None:
            return self.year
        return years[-1] if years else None

    @cached_property
    def score_rows(self) -> dict[str, dict[str, Any]]:
        """County id -> its scorecard row of :attr:`score_year`."""
        return {r["county_id"]: r for r in self.score["rows"] if r["year"] == self.score_year}

    @cached_property
    def county_conc(self) -> dict[str, dict[str, Any]]:
        return {c["county_id"]: c for c in self.conc["counties"]}

    def high_gaps(self, county_id: str) -> int:
        return sum(1 for g in self.gaps_by_county.get(county_id, []) if g["severity"] == "high")

    def top_gaps(self, county_id: str, n: int = 3) -> list[dict[str, Any]]:
        """The county's ``n`` most severe gaps (the gap list is sorted most severe first)."""
        gs = sorted(
            self.gaps_by_county.get(county_id, []), key=lambda g: -SEVERITIES[g["severity"]]
        )
        return gs[:n]


def analyse(
    G: nx.MultiDiGraph,
    *,
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
    target_year: int | None = None,
) -> Analysed:
    """Run the analyses a report needs, once: gaps, concentration and the scorecard.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1", name_zh="一县", population=10)
    >>> G.add_node("Provider:E1", label="Provider", id="E1", force="east_west")
    >>> _ = G.add_edge("Provider:E1", "County:C1", key="PAIRED_WITH", type="PAIRED_WITH")
    >>> a = analyse(G, as_of="2025-06-30")
    >>> a.forces_present, len(a.gaps) > 0
    ({'C1': 1}, True)
    """
    if isinstance(as_of, str):
        try:
            as_of = dt.date.fromisoformat(as_of)
        except ValueError as e:
            msg = gettext("as_of must be a date YYYY-MM-DD, got {value}", value=repr(as_of))
            raise RenderError(msg) from e
    day = as_of or dt.date.today()
    f = facts(G)
    # the scorecard beside the gaps and concentration: a third of the work, on the other core
    score = in_parallel(_score, G, targets=targets, as_of=day, target_year=target_year, year=year)
    gaps = find_gaps(G, targets=targets, as_of=day, year=year)
    conc = concentration(G, year=year)
    return Analysed(
        G=G,
        f=f,
        day=day,
        year=year,
        targets=targets,
        target_year=target_year,
        gaps=gaps,
        conc=conc,
        score=score(),
    )


def _score(
    G: nx.MultiDiGraph,
    *,
    targets: Targets | None,
    as_of: dt.date,
    target_year: int | None,
    year: int | None,
) -> dict[str, Any]:
    """The scorecard of every year, and of ``year`` if it is not among them."""
    score = scorecard(G, targets=targets, as_of=as_of, target_year=target_year)
    if year is not None and year not in score["years"]:
        extra = scorecard(G, targets=targets, as_of=as_of, target_year=target_year, year=year)
        score = {**score, "years": sorted([*score["years"], year]), "rows": score["rows"]}
        score["rows"] = [*score["rows"], *extra["rows"]]
    return score


def sourced_shares(f: Facts) -> list[dict[str, Any]]:
    """Per contract table with rows in the graph: rows, sourced rows (confidence not
    ``illustrative``) and their share, from the nodes' and relationships' ``confidence``.

    A node table's rows are its label's nodes; a relationship table's rows are the
    relationships of its type between its two labels. Rows without a confidence
    count as sourced (the contract's default is ``high``).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:A", label="County", id="A", confidence="high")
    >>> G.add_node("County:B", label="County", id="B", confidence="illustrative")
    >>> [(r["table"], r["rows"], r["sourced"], r["share"]) for r in sourced_shares(facts(G))]
    [('counties', 2, 1, 0.5)]
    """
    out = []
    for t in TABLES:
        if t.label:
            items = [p.get("confidence") for p in f.of(t.label).values()]
        elif t.rel:
            src = label_of(str(t.column(t.rel.from_column).ref))
            dst = label_of(str(t.column(t.rel.to_column).ref))
            items = [p.get("confidence") for _, _, p in f.edges(t.rel.type, src, dst)]
        else:  # pragma: no cover - every table is one or the other
            continue
        if not items:
            continue
        sourced = sum(1 for c in items if c != ILLUSTRATIVE)
        out.append(
            {
                "table": t.name,
                "title_zh": t.title_zh,
                "rows": len(items),
                "sourced": sourced,
                "share": round(sourced / len(items), 4),
            }
        )
    return out
