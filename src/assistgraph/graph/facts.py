"""Read the graph once into plain lookups the analyses share.

Relationships are read by their ``type`` attribute (never by edge key), so the
analyses work on any ``MultiDiGraph`` shaped like ``Store.export_graph()``,
including hand-built ones. The graph is only read, never changed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import AnalysisError
from ..gcpause import gc_paused
from ..i18n import N_, gettext
from .build import BUILDS

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "Facts",
    "Props",
    "adjacency",
    "as_of_date",
    "facts",
    "nx_is_frozen",
    "rel_props",
    "remember",
    "resolve_ids",
]


Props = dict[str, Any]


def _plain(d: dict[str, Any]) -> Props:
    # copy + pop is ~5x faster than a filtering comprehension (runs once per node)
    out = d.copy()
    out.pop("label", None)
    return out


#: keys of an edge's dict in the graph that are not properties of the relationship
EDGE_KEYS = frozenset({"type", "label"})


def rel_props(props: Mapping[str, Any]) -> Props:
    """A relationship's properties as a new dict, without the graph's ``type`` key.

    :class:`Facts` hands out the graph's own edge dicts (no copy per edge); anything
    that shows or returns them whole goes through this.
    """
    return {k: v for k, v in props.items() if k not in EDGE_KEYS}


@dataclass
class Facts:
    """The programme as plain Python lookups, keyed by ids (not node keys).

    ``nodes[label][id]`` holds a node's properties (a copy without ``label``).
    Relationships are grouped by type, then by the labels of their two ends:
    ``pairs[rtype][(src label, dst label)]`` is a list of ``(src id, dst id, props)``,
    where ``props`` is the graph's own edge dict (read only; it also holds ``type``:
    use :func:`rel_props` to show it). Derived lookups (:meth:`located` …) are
    computed once and handed out as copies.
    """

    nodes: dict[str, dict[str, Props]] = field(default_factory=lambda: defaultdict(dict))
    pairs: dict[str, dict[tuple[str, str], list[tuple[str, str, Props]]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def of(self, label: str) -> dict[str, Props]:
        return self.nodes.get(label, {})

    def has(self, rtype: str) -> bool:
        """Whether any relationship of type ``rtype`` exists."""
        return any(self.pairs.get(rtype, {}).values())

    def edges(
        self, rtype: str, src_label: str | None = None, dst_label: str | None = None
    ) -> Iterable[tuple[str, str, Props]]:
        """Edges of a type as ``(src id, dst id, props)``, optionally restricted to
        endpoint labels. Read only (the lists are the index's own)."""
        by_pair = self.pairs.get(rtype)
        if not by_pair:
            return ()
        if src_label is not None and dst_label is not None:
            return by_pair.get((src_label, dst_label), ())
        lists = [
            rows
            for (sl, dl), rows in by_pair.items()
            if (src_label is None or sl == src_label) and (dst_label is None or dl == dst_label)
        ]
        if len(lists) == 1:
            return lists[0]
        return itertools.chain.from_iterable(lists)

    def _memoised(self, key: Any, build: Any) -> Any:
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    # -- derived lookups -----------------------------------------------------
    @property
    def counties(self) -> dict[str, Props]:
        return self.of("County")

    @property
    def providers(self) -> dict[str, Props]:
        return self.of("Provider")

    def force_of(self, provider_id: str | None) -> str | None:
        if provider_id is None:
            return None
        return self.providers.get(provider_id, {}).get("force")

    def located(self, label: str) -> dict[str, str]:
        """Node id -> county id for nodes of ``label`` (LOCATED_IN edge, else property)."""
        return dict(self._located_shared(label))

    def _located_shared(self, label: str) -> dict[str, str]:
        """:meth:`located`'s own dict (computed once; never hand it out)."""
        return self._memoised(("located", label), lambda: self._located(label))

    def _located(self, label: str) -> dict[str, str]:
        out = {nid: p["county_id"] for nid, p in self.of(label).items() if p.get("county_id")}
        for sid, did, _ in self.edges("LOCATED_IN", label, "County"):
            out[sid] = did
        return out

    def in_industry(self, label: str) -> dict[str, str]:
        """Node id -> industry id for nodes of ``label`` (IN_INDUSTRY edge, else property)."""
        return dict(self._memoised(("in_industry", label), lambda: self._in_industry(label)))

    def _in_industry(self, label: str) -> dict[str, str]:
        out = {nid: p["industry_id"] for nid, p in self.of(label).items() if p.get("industry_id")}
        for sid, did, _ in self.edges("IN_INDUSTRY", label, "Industry"):
            out[sid] = did
        return out

    def paired(self) -> dict[str, dict[str, Props]]:
        """County id -> {provider id: pairing props}."""
        out: dict[str, dict[str, Props]] = defaultdict(dict)
        for p, c, props in self.edges("PAIRED_WITH", "Provider", "County"):
            out[c][p] = props
        return out

    def capabilities(self) -> dict[str, set[str]]:
        """Provider id -> industries it is capable in."""
        out: dict[str, set[str]] = defaultdict(set)
        for p, i, _ in self.edges("CAPABLE_IN", "Provider", "Industry"):
            out[p].add(i)
        return out

    def chain_neighbours(self) -> dict[str, set[str]]:
        """Industry id -> industries one chain link up- or downstream."""
        out: dict[str, set[str]] = defaultdict(set)
        for a, b, _ in self.edges("SUPPLIES", "Industry", "Industry"):
            if a != b:
                out[a].add(b)
                out[b].add(a)
        return out

    def county_of_prefecture(self) -> dict[str, str]:
        """County id -> prefecture id."""
        out = {c: p["prefecture_id"] for c, p in self.counties.items() if p.get("prefecture_id")}
        for c, pf, _ in self.edges("PART_OF", "County", "Prefecture"):
            out[c] = pf
        return out

    def agreements(self) -> dict[tuple[str, str], str]:
        """(provider id, county id) -> agreement id."""
        signer = {a: p for p, a, _ in self.edges("SIGNED", "Provider", "Agreement")}
        covers = {a: c for a, c, _ in self.edges("COVERS", "Agreement", "County")}
        out: dict[tuple[str, str], str] = {}
        for aid, props in self.of("Agreement").items():
            p = signer.get(aid, props.get("provider_id"))
            c = covers.get(aid, props.get("county_id"))
            if p and c:
                out[(p, c)] = aid
        return out

    def funding_facts(
        self, year: int | None = None
    ) -> list[tuple[str, str, str | None, float, Props]]:
        """(provider id, project id, county id, amount in yuan, props) per funding fact.

        Worked out once per year asked (a report's analyses and pages read them five
        times: a million facts at national scale); read only.
        """
        return self._memoised(("funding", year), lambda: self._funding_facts(year))

    def _funding_facts(self, year: int | None) -> list[tuple[str, str, str | None, float, Props]]:
        county = self._located_shared("Project")
        out = []
        for p, pr, props in self.edges("FUNDS", "Provider", "Project"):
            if year is not None and props.get("year") != year:
                continue
            out.append((p, pr, county.get(pr), float(props.get("amount_cny") or 0), props))
        return out

    def funding(self, year: int | None = None) -> list[Props]:
        """Funding rows: provider_id, project_id, county_id, year, amount_cny (+ props)."""
        return [
            {
                **rel_props(props),
                "provider_id": p,
                "project_id": pr,
                "county_id": c,
                "amount_cny": amount,
            }
            for p, pr, c, amount, props in self.funding_facts(year)
        ]

    def years(self) -> list[int]:
        """Every year of the training, cadres and funding relationships."""
        ys = {
            props["year"]
            for rt in ("TRAINED", "EXCHANGED_CADRES", "FUNDS")
            for _, _, props in self.edges(rt)
            if props.get("year") is not None
        }
        return sorted(int(y) for y in ys)

    def name(self, label: str, nid: str | None) -> tuple[str, str]:
        """(name_zh, name_en) of a node, falling back to its id."""
        if nid is None:
            return ("", "")
        props = self.of(label).get(nid, {})
        return (props.get("name_zh") or nid, props.get("name_en") or "")


def adjacency(G: nx.MultiDiGraph) -> Mapping[Any, Any]:
    """``G``'s adjacency as its own dicts (``_adj``, as NetworkX's algorithms read it).

    Not the read-only views of ``G.adj``, whose Mapping protocol costs a call per
    item (2-3× slower over every edge); the same order as ``G.edges()``. Read only.
    """
    adj = getattr(G, "_adj", None)
    return adj if isinstance(adj, dict) else G.adj


def facts(G: nx.MultiDiGraph) -> Facts:
    """Index ``G`` (as exported by a store) into :class:`Facts` without changing it.

    The index of a frozen graph (``nx.freeze``; :func:`~assistgraph.graph.build_graph`
    returns one) is built once and kept while the graph lives, so every analysis and
    page of one command shares it. An unfrozen graph may still change, so it is
    indexed anew on every call.

    >>> import networkx as nx
    >>> G = nx.freeze(nx.MultiDiGraph([("Provider:p", "County:c")]))
    >>> facts(G) is facts(G)
    True
    """
    if nx_is_frozen(G):
        cached = _CACHE.get(G)
        if cached is not None:
            return cached
    with gc_paused():  # one dict per edge: GC passes over them only cost time
        f = _facts(G)
    BUILDS["facts"] += 1
    if nx_is_frozen(G):
        _CACHE[G] = f
    return f


def remember(G: nx.MultiDiGraph, index: Facts) -> None:
    """Take ``index`` as the index of the frozen graph ``G`` (both read from one cache
    file, where ``index`` was made by :func:`facts` of that very graph)."""
    if nx_is_frozen(G):
        _CACHE[G] = index


#: frozen graph -> its index (weak: the index goes with the graph)
_CACHE: weakref.WeakKeyDictionary[Any, Facts] = weakref.WeakKeyDictionary()


def nx_is_frozen(G: Any) -> bool:
    """Whether ``G`` was frozen by ``networkx.freeze`` (no structural change possible)."""
    return bool(getattr(G, "frozen", False))


def _facts(G: nx.MultiDiGraph) -> Facts:
    f = Facts()
    key_of: dict[Any, tuple[str, str]] = {}
    for n, d in G.nodes(data=True):
        label = d.get("label") or (str(n).split(":", 1)[0] if ":" in str(n) else "")
        nid = d.get("id") or (str(n).split(":", 1)[1] if ":" in str(n) else str(n))
        key_of[n] = (label, str(nid))
        f.nodes[label][str(nid)] = _plain(d)
    pairs = f.pairs
    lists: dict[tuple[str, str, str], list[tuple[str, str, Props]]] = {}
    # the adjacency directly (same order as G.edges()); the edge dicts are shared, not
    # copied: this loop runs once per edge (1.6 million at national scale)
    for u, nbrs in adjacency(G).items():
        lu, iu = key_of[u]
        for v, keyed in nbrs.items():
            lv, iv = key_of[v]
            for k, d in keyed.items():
                rtype = d.get("type") or str(k)
                rows = lists.get((rtype, lu, lv))
                if rows is None:
                    rows = lists[(rtype, lu, lv)] = pairs[rtype][(lu, lv)] = []
                rows.append((iu, iv, d))
    return f


#: the words ``resolve_ids`` names its filters and labels with
FILTER_WORDS = (N_("county"), N_("prefecture"), N_("industry"), N_("provider"))


def resolve_ids(
    f: Facts, label: str, values: str | Iterable[str] | None, what: str
) -> set[str] | None:
    """Ids of ``label`` nodes named by ids, ``name_zh`` or ``name_en``; None if no filter."""
    if values is None:
        return None
    items = [values] if isinstance(values, str) else list(values)
    if not items:
        return None
    nodes = f.of(label)
    out: set[str] = set()
    for item in items:
        if item in nodes:
            out.add(item)
            continue
        hits = [nid for nid, p in nodes.items() if item in (p.get("name_zh"), p.get("name_en"))]
        if len(hits) != 1:
            kind, name = gettext(label.lower()), gettext(what)
            if hits:
                msg = gettext(
                    "{what} {item!r} names several {kind}; use its id",
                    what=name,
                    item=item,
                    kind=kind,
                )
            else:
                msg = gettext(
                    "{what} {item!r} is not the id or name of any {kind}; use its id",
                    what=name,
                    item=item,
                    kind=kind,
                )
            raise AnalysisError(msg)
        out.add(hits[0])
    return out


def as_of_date(value: dt.date | str | None) -> dt.date:
    """The analysis date: ``None`` is today; a date, datetime or ``YYYY-MM-DD`` text."""
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as e:
        msg = gettext("as_of must be a date YYYY-MM-DD, got {value!r}", value=value)
        raise AnalysisError(msg) from e
