"""Interactive graph views: vis-network pages rendered by this package's template.

``render_view(G, ...)`` picks the part of the graph to show (everything, or the
neighbourhood of counties, a prefecture, industries, providers or a force),
folds it when it is too large to lay out in a browser, encodes the programme's
meaning (colour by label and by force, size by funding, width by amount,
dashes for illustrative or low-confidence facts, gaps on counties) and returns
a :class:`View`: one self-contained HTML page that opens offline.

The page comes from ``templates/view.html.j2`` with autoescaping; vis-network is
inlined from pyvis's bundled copy; the data is embedded as compact script-safe
JSON that ``static/graph.js`` expands (``expand_node``/``expand_edge`` say what it
draws), and cards are built with ``textContent``. pyvis's own ``write_html`` is
not used (its template sets tooltip HTML from titles and loads Bootstrap from a
CDN); ``View.network`` builds a pyvis ``Network`` of the same data on demand.
"""

from __future__ import annotations

import functools
import math
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from ..graph import Facts, adjacency, facts, resolve_ids
from ..schema import FORCES
from . import _words as W
from ._html import RenderError, render_page, static_text, vis_assets, write_page

if TYPE_CHECKING:
    import datetime as dt

    import networkx as nx

    from ..targets import Targets

__all__ = ["DEFAULT_MAX_NODES", "LANGS", "View", "ViewData", "build_view", "render_view"]

DEFAULT_MAX_NODES = 2000
LANGS: tuple[str, ...] = ("zh", "en")
HIGHLIGHTS: tuple[str, ...] = ("gaps",)

#: labels folded into their county (and their funding into provider → county edges)
LEAF_LABELS: tuple[str, ...] = ("Project", "Task", "Agreement", "Workshop", "Town", "Resource")
CORE_LABELS: tuple[str, ...] = ("Prefecture", "County", "Force")
#: edges from a leaf node to its county
_TO_COUNTY = ("LOCATED_IN", "COVERS")
#: properties not repeated in a tooltip's figures
_SKIP_PROPS = frozenset({"id", "label", "type", "name_zh", "name_en", "source", "confidence"})

LEVELS: dict[str, tuple[str, str]] = {
    "full": ("完整", "full"),
    "folded": (
        "项目、任务、协议、车间、小镇和资源已折叠到所在县，资金汇总为帮扶单位→县的连线",
        "projects, tasks, agreements, workshops, towns and resources are folded into their "
        "county; funding is summed into provider → county edges",
    ),
    "forces": (
        "此外，帮扶单位按五方帮扶力量合并",
        "in addition, providers are grouped by assistance force",
    ),
    "core": (
        "此外，只显示市州、县和帮扶力量",
        "in addition, only prefectures, counties and forces are shown",
    ),
}


@dataclass
class ViewData:
    """What a page needs to draw one graph.

    ``payload`` is the compact JSON the page's script reads (nodes, edges as rows
    that refer to shared tables of names, colours and texts; the script expands
    them). ``nodes`` and ``edges`` are the same data expanded, as vis-network draws
    them (``expand_node``/``expand_edge`` mirror the script, and the browser tests
    check that they agree).
    """

    payload: dict[str, Any]
    legend: dict[str, Any]
    title: tuple[str, str]
    level: str = "full"
    note: tuple[str, str] | None = None
    source_nodes: int = 0
    source_edges: int = 0

    @property
    def n_nodes(self) -> int:
        return len(self.payload["nodes"])

    @property
    def n_edges(self) -> int:
        return len(self.payload["edges"])

    @property
    def options(self) -> dict[str, Any]:
        return self.payload["options"]

    @functools.cached_property
    def nodes(self) -> list[dict[str, Any]]:
        """The nodes as vis-network draws them (with ``ag``: what the cards show)."""
        return [expand_node(n, self.payload) for n in self.payload["nodes"]]

    @functools.cached_property
    def edges(self) -> list[dict[str, Any]]:
        """The edges as vis-network draws them (with ``ag``: what the cards show)."""
        return [expand_edge(r, i, self.payload) for i, r in enumerate(self.payload["edges"])]

    @functools.cached_property
    def network(self) -> Any:
        """A pyvis ``Network`` holding the same nodes, edges and options (built on demand)."""
        from pyvis.edge import Edge
        from pyvis.network import Network

        net = Network(directed=True, height="100%", width="100%", cdn_resources="remote")
        for n in self.nodes:
            enc = dict(n)
            net.add_node(enc.pop("id"), label=enc.pop("label"), shape=enc.pop("shape"), **enc)
        for e in self.edges:
            enc = dict(e)
            # appended as Network.add_edge would, without its O(nodes) scan per edge
            net.edges.append(Edge(enc.pop("from"), enc.pop("to"), net.directed, **enc).options)
        net.options = self.options
        return net


@dataclass
class View:
    """A rendered view: ``.html`` (one self-contained page), ``.write(path)``.

    In Jupyter the view displays inline (an ``<iframe srcdoc>`` that runs the page's
    scripts in a sandbox).
    """

    html: str
    data: ViewData
    lang: str = "zh"

    @property
    def nodes(self) -> list[dict[str, Any]]:
        return self.data.nodes

    @property
    def edges(self) -> list[dict[str, Any]]:
        return self.data.edges

    @property
    def n_nodes(self) -> int:
        return self.data.n_nodes

    @property
    def n_edges(self) -> int:
        return self.data.n_edges

    @property
    def note(self) -> str | None:
        return None if self.data.note is None else self.data.note[1 if self.lang == "en" else 0]

    @property
    def network(self) -> Any:
        """A pyvis ``Network`` of the view's nodes, edges and options (built on demand)."""
        return self.data.network

    def write(self, path: str | Path) -> Path:
        """Write the page to ``path`` (must end in ``.html`` or ``.htm``); return the path."""
        return write_page(path, self.html)

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{escape(self.html)}" sandbox="allow-scripts" '
            'style="width:100%;height:680px;border:1px solid #ddd" '
            f'title="{escape(self.data.title[1])}"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<View {self.n_nodes} nodes, {self.n_edges} edges, level={self.data.level}>"


# -- selection -------------------------------------------------------------------------


def _keys(G: nx.MultiDiGraph) -> tuple[dict[tuple[str, str], Any], dict[Any, tuple[str, str]]]:
    """(label, id) -> node key and back, as the analyses read them."""
    fwd: dict[tuple[str, str], Any] = {}
    back: dict[Any, tuple[str, str]] = {}
    for n, d in G.nodes(data=True):
        s = str(n)
        label = d.get("label") or (s.split(":", 1)[0] if ":" in s else "")
        nid = str(d.get("id") or (s.split(":", 1)[1] if ":" in s else s))
        fwd[(label, nid)] = n
        back[n] = (label, nid)
    return fwd, back


def _as_list(values: str | Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    items = [values] if isinstance(values, str) else list(values)
    return items or None


def _select(
    G: nx.MultiDiGraph,
    f: Facts,
    *,
    county: Any,
    prefecture: Any,
    industry: Any,
    provider: Any,
    force: Any,
    depth: int,
) -> tuple[set[Any] | None, tuple[str, str]]:
    """The node keys of the view (None: the whole graph) and its title."""
    fwd, back = _keys(G)
    forces = _as_list(force)
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

    add("County", resolve_ids(f, "County", _as_list(county), "county"))
    prefs = resolve_ids(f, "Prefecture", _as_list(prefecture), "prefecture")
    if prefs:
        add("Prefecture", prefs)
        pref_of = f.county_of_prefecture()
        for c, p in pref_of.items():
            if p in prefs and ("County", c) in fwd:
                seeds.add(fwd[("County", c)])
    add("Industry", resolve_ids(f, "Industry", _as_list(industry), "industry"))
    add("Provider", resolve_ids(f, "Provider", _as_list(provider), "provider"))
    if not seeds and not forces:
        return None, ("全部帮扶关系", "The whole programme")
    if not seeds:  # --force alone: its providers are the seeds
        for pid, props in f.providers.items():
            if props.get("force") in forces and ("Provider", pid) in fwd:
                seeds.add(fwd[("Provider", pid)])
    if depth < 0:
        msg = f"depth must be at least 0, got {depth}"
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
    return keep, (f"{zh}（{depth} 步以内）", f"{en} (within {depth} step{'s' * (depth != 1)})")


# -- figures from the whole graph ----------------------------------------------------------


@dataclass
class _Figures:
    received: dict[tuple[str, str], float]  # (label, id) -> yuan received
    given: dict[str, float]  # provider id -> yuan given
    projects_of_provider: dict[str, int]
    paired_of_county: dict[str, int]
    counties_of_provider: dict[str, int]
    gaps: dict[str, list[dict[str, Any]]]  # county id -> gaps


def _figures(
    G: nx.MultiDiGraph,
    f: Facts,
    *,
    highlight: str | None,
    targets: Targets | None,
    as_of: dt.date | str | None,
    year: int | None,
) -> _Figures:
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
    gaps: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if highlight == "gaps":
        from ..analysis import find_gaps

        for g in find_gaps(G, targets=targets, as_of=as_of, year=year):
            if g["county_id"]:
                gaps[g["county_id"]].append(g)
    return _Figures(
        received=dict(received),
        given=dict(given),
        projects_of_provider={p: len(v) for p, v in projects.items()},
        paired_of_county={c: len(v) for c, v in paired.items()},
        counties_of_provider=dict(counties_of),
        gaps=dict(gaps),
    )


# -- the display graph ---------------------------------------------------------------------


@dataclass
class _Node:
    key: str
    label: str
    nid: str
    props: dict[str, Any]
    folded: dict[str, int] = field(default_factory=dict)
    members: int = 0  # providers grouped into a force node


@dataclass(slots=True)
class _Edge:
    src: str
    dst: str
    type: str
    props: dict[str, Any]
    facts: int = 1
    amount: float | None = None
    years: frozenset[int] = frozenset()
    confidences: frozenset[str] = frozenset()
    #: the properties of each fact, when parallel facts were merged into this edge
    rows: list[dict[str, Any]] | None = None


def _amount(props: dict[str, Any]) -> float | None:
    amount = props.get("amount_cny")
    return float(amount) if type(amount) is float or type(amount) is int else None


#: properties a merged edge sums or lists instead of showing as shared
_NOT_COMMON = frozenset({"amount_cny", "year", "type"})


def _one_edge(src: str, dst: str, rtype: str, facts_: list[dict[str, Any]]) -> _Edge:
    """The drawn edge of one (source, target, type): one fact, or parallel facts merged.

    Parallel facts (a provider funding the same project in several years) would be
    drawn on top of each other, with only one of them reachable by the pointer: they
    become one edge whose card sums the amounts, lists the years and shows each fact.
    """
    if len(facts_) == 1:  # the graph's own dict, never modified ("type" is not shown)
        props = facts_[0]
        year, confidence = props.get("year"), props.get("confidence")
        return _Edge(
            src,
            dst,
            rtype,
            props,
            amount=_amount(props),
            years=frozenset((year,)) if isinstance(year, int) else frozenset(),
            confidences=frozenset((str(confidence),)) if confidence else frozenset(),
        )
    # a fixed order whatever order the store returned them in (the graph's own dicts,
    # never modified); facts alike in year, amount and source by all their properties
    keyed = []
    for i, r in enumerate(facts_):
        a = _amount(r)
        keyed.append(((str(r.get("year", "")), a or 0.0, str(r.get("source"))), i, r, a))
    keyed.sort()  # by key, then position: never compares the dicts
    for n in range(len(keyed) - 1):
        if keyed[n][0] == keyed[n + 1][0]:
            keyed.sort(key=lambda x: (x[0], repr(sorted(x[2].items()))))
            break
    rows = [x[2] for x in keyed]
    amounts = [x[3] for x in keyed if x[3] is not None]
    first, rest = rows[0], rows[1:]
    common = {}
    for k, v in first.items():  # the properties every fact shares (loops: 2-3 facts)
        if k in _NOT_COMMON:
            continue
        for r in rest:
            if r.get(k) != v:
                break
        else:
            common[k] = v
    years, confidences = set(), set()
    for r in rows:
        y, c = r.get("year"), r.get("confidence")
        if isinstance(y, int):
            years.add(y)
        if c:
            confidences.add(str(c))
    return _Edge(
        src,
        dst,
        rtype,
        common,
        facts=len(rows),
        amount=sum(amounts) if amounts else None,
        years=frozenset(years),
        confidences=frozenset(confidences),
        rows=rows,
    )


_Groups = dict[tuple[str, str, str], list[dict[str, Any]]]


def _display_graph(G: nx.MultiDiGraph, keep: set[Any] | None) -> tuple[dict[str, _Node], _Groups]:
    """The nodes to draw, and the facts between them grouped by (source, target, type)."""
    _, back = _keys(G)
    key_of = {n: f"{lbl}:{nid}" for n, (lbl, nid) in back.items()}
    nodes: dict[str, _Node] = {}
    for n, d in G.nodes(data=True):
        if keep is not None and n not in keep:
            continue
        label, nid = back[n]
        props = dict(d)
        props.pop("label", None)
        nodes[key_of[n]] = _Node(key_of[n], label, nid, props)
    groups: _Groups = {}
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


def _edges_of(groups: _Groups) -> list[_Edge]:
    return [_one_edge(a, b, t, ds) for (a, b, t), ds in groups.items()]


def _merge(edges: list[_Edge]) -> list[_Edge]:
    """One edge per (source, target, type): amounts summed, facts counted."""
    out: dict[tuple[str, str, str], _Edge] = {}
    for e in edges:
        k = (e.src, e.dst, e.type)
        m = out.get(k)
        if m is None:
            out[k] = _Edge(
                e.src,
                e.dst,
                e.type,
                {},
                facts=e.facts,
                amount=e.amount,
                years=e.years,
                confidences=e.confidences,
            )
            continue
        m.facts += e.facts
        if e.amount is not None:
            m.amount = (m.amount or 0.0) + e.amount
        m.years = m.years | e.years
        m.confidences = m.confidences | e.confidences
    return list(out.values())


def _fold(G: nx.MultiDiGraph, nodes: dict[str, _Node], edges: list[_Edge]) -> list[_Edge]:
    """Fold leaf nodes into their county; funding becomes provider → county edges."""
    fwd, back = _keys(G)
    county_of: dict[str, str] = {}
    for key, node in nodes.items():
        if node.label in LEAF_LABELS and node.props.get("county_id"):
            county_of[key] = f"County:{node.props['county_id']}"
    for u, v, d in G.edges(data=True):
        a, b = back[u], back[v]
        if a[0] in LEAF_LABELS and b[0] == "County" and d.get("type") in _TO_COUNTY:
            county_of[f"{a[0]}:{a[1]}"] = f"County:{b[1]}"
    for key, node in list(nodes.items()):
        if node.label not in LEAF_LABELS:
            continue
        c = county_of.get(key)
        if c is not None:
            if c not in nodes:  # a county reached only through a folded node
                cn = fwd.get(("County", c[7:]))
                if cn is not None:
                    nodes[c] = _Node(c, "County", c[7:], dict(G.nodes[cn]))
            if c in nodes:
                nodes[c].folded[node.label] = nodes[c].folded.get(node.label, 0) + 1
        del nodes[key]
    out = []
    for e in edges:
        if e.type == "FUNDS" and e.dst in county_of and county_of[e.dst] in nodes:
            out.append(
                _Edge(
                    e.src,
                    county_of[e.dst],
                    "FUNDS",
                    {},
                    facts=e.facts,
                    amount=e.amount,
                    years=e.years,
                    confidences=e.confidences,
                )
            )
        elif e.src in nodes and e.dst in nodes:
            out.append(e)
    return _merge(out)


def _group_forces(nodes: dict[str, _Node], edges: list[_Edge]) -> list[_Edge]:
    """Providers grouped into one node per force."""
    group: dict[str, str] = {}
    for key, node in list(nodes.items()):
        if node.label != "Provider":
            continue
        force = str(node.props.get("force") or "unknown")
        gk = f"Force:{force}"
        if gk not in nodes:
            zh, en = W.force_name(force)
            nodes[gk] = _Node(gk, "Force", force, {"name_zh": zh, "name_en": en, "force": force})
        nodes[gk].members += 1
        for lbl, n in node.folded.items():
            nodes[gk].folded[lbl] = nodes[gk].folded.get(lbl, 0) + n
        group[key] = gk
        del nodes[key]
    moved = []
    for e in edges:
        src, dst = group.get(e.src, e.src), group.get(e.dst, e.dst)
        if src == dst or src not in nodes or dst not in nodes:
            continue
        moved.append(
            _Edge(
                src,
                dst,
                e.type,
                {},
                facts=e.facts,
                amount=e.amount,
                years=e.years,
                confidences=e.confidences,
            )
        )
    return _merge(moved)


def _core(nodes: dict[str, _Node], edges: list[_Edge]) -> list[_Edge]:
    for key in [k for k, n in nodes.items() if n.label not in CORE_LABELS]:
        del nodes[key]
    return [e for e in edges if e.src in nodes and e.dst in nodes]


# -- encoding ----------------------------------------------------------------------------


def _scale(value: float, top: float, lo: float, hi: float) -> float:
    if top <= 0 or value <= 0:
        return lo
    return round(lo + (hi - lo) * math.sqrt(min(value / top, 1.0)), 2)


def _weak(confidence: Any) -> bool:
    return str(confidence or "") in W.WEAK_CONFIDENCE


_FIELD_ORDER = {k: i for i, k in enumerate(W.FIELD_NAMES)}
_YUAN_KEYS = frozenset({"amount_cny", "size_cny", "funding_received", "funding_given", "funds_cny"})
_YEAR_KEYS = frozenset({"year", "since", "start_year", "end_year"})


def _formatter(key: str) -> Any:
    """``W.value_text`` for one key, with the common cases first (the same text).

    Amounts stay numbers: the page formats them (``yuan`` in ``graph.js``, the same
    text as ``W.yuan``), which keeps the page smaller and its writing faster.
    """
    if key in _YUAN_KEYS:

        def amount(value: Any) -> Any:
            if (type(value) is float or type(value) is int) and math.isfinite(value):
                return value
            return W.value_text(key, value)

        return amount
    if key in _YEAR_KEYS:

        def year(value: Any) -> str:
            return str(value) if type(value) is int else W.value_text(key, value)

        return year

    if key == "force":
        return functools.partial(W.value_text, key)

    def text(value: Any) -> str:
        kind = type(value)
        if kind is str:
            return value  # type: ignore[no-any-return]
        if kind is int:  # counts ("facts", "providers" …)
            return f"{value:,}"
        if kind is list:  # "years"
            return ", ".join(map(str, value))
        return W.value_text(key, value)

    return text


def fact_text(value: Any) -> str:
    """The text of a payload fact's value (a number is an amount in yuan)."""
    return W.yuan(float(value)) if type(value) is float or type(value) is int else value


class _Tables:
    """Texts shared by many nodes and edges, sent once and referred to by index.

    ``fields``: [中文, English] per property name; ``strings``: sources and
    confidences (the same source text is on thousands of edges). Facts of one
    type share their keys, so which keys a card lists, in which order and with
    which formatter is worked out once per key set.
    """

    def __init__(self) -> None:
        self.fields: list[list[str]] = []
        self.strings: list[str] = []
        self._field: dict[str, int] = {}
        self._string: dict[str, int] = {}
        self._plans: dict[tuple[tuple[str, ...], frozenset[str]], list[tuple[str, int, Any]]] = {}
        self._formats: dict[str, Any] = {}

    def field(self, key: str) -> int:
        i = self._field.get(key)
        if i is None:
            i = self._field[key] = len(self.fields)
            self.fields.append(list(W.field_name(key)))
        return i

    def string(self, value: Any) -> int | None:
        if type(value) is str:  # most values: sources and confidences
            i = self._string.get(value)
            if i is not None:
                return i
        if value is None or value == "":
            return None
        text = value if type(value) is str else str(value)
        i = self._string.get(text)
        if i is None:
            i = self._string[text] = len(self.strings)
            self.strings.append(text)
        return i

    def fact(self, key: str, value: Any) -> tuple[int, Any]:
        """``(field, text)`` of one fact, for a flat facts list."""
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = _formatter(key)
        return self.field(key), fmt(value)

    def _plan(self, props: dict[str, Any], skip: frozenset[str]) -> list[tuple[str, int, Any]]:
        keys = (tuple(props), skip)
        plan = self._plans.get(keys)
        if plan is None:
            # a fixed order: stores return properties in different orders
            shown = sorted(
                (k for k in props if k not in skip), key=lambda k: (_FIELD_ORDER.get(k, 999), k)
            )
            plan = self._plans[keys] = [(k, self.field(k), _formatter(k)) for k in shown]
        return plan

    def props(self, props: dict[str, Any], skip: frozenset[str] = _SKIP_PROPS) -> list[Any]:
        """``field, text, field, text, …`` for the properties a card lists (a flat list:
        no small list per fact to build, encode and parse)."""
        plan = self._plans.get((tuple(props), skip))
        if plan is None:
            plan = self._plan(props, skip)
        out: list[Any] = []
        for k, fi, fmt in plan:
            v = props[k]
            if v is not None and v != "":
                out.append(fi)
                out.append(fmt(v))
        return out


def _node_facts(node: _Node, fig: _Figures, T: _Tables) -> list[Any]:
    """The node's card: ``field, text, field, text, …`` (see ``_Tables.props``)."""
    out: list[Any] = []
    label, nid = node.label, node.nid
    if label == "County":
        out += T.fact("funding_received", fig.received.get(("County", nid), 0.0))
        out += T.fact("providers_paired", fig.paired_of_county.get(nid, 0))
        if nid in fig.gaps:
            out += T.fact("gaps", len(fig.gaps[nid]))
    elif label == "Provider":
        out += T.fact("funding_given", fig.given.get(nid, 0.0))
        out += T.fact("counties_paired", fig.counties_of_provider.get(nid, 0))
        out += T.fact("projects", fig.projects_of_provider.get(nid, 0))
    elif label in ("Project", "InvestmentFund"):
        out += T.fact("funding_received", fig.received.get((label, nid), 0.0))
    elif label == "Force":
        out += T.fact("providers", node.members)
    out.extend(T.props(node.props))
    if node.folded:
        text = ", ".join(
            f"{W.label_name(lbl)[0]} {W.label_name(lbl)[1]} ×{n}"
            for lbl, n in sorted(node.folded.items())
        )
        out += (T.field("folded"), text)
    return out


def _node_size(node: _Node, fig: _Figures, top: dict[str, float]) -> float:
    if node.label == "County":
        return _scale(fig.received.get(("County", node.nid), 0.0), top["County"], 14, 38)
    if node.label == "Provider":
        return _scale(fig.given.get(node.nid, 0.0), top["Provider"], 9, 30)
    if node.label == "Project":
        return _scale(fig.received.get(("Project", node.nid), 0.0), top["Project"], 5, 18)
    if node.label == "Force":
        return _scale(node.props.get("funding_given", 0.0), top["Force"], 18, 40)
    if node.label == "Prefecture":
        return 22.0
    return 9.0


_SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}


def _encode_node(node: _Node, fig: _Figures, top: dict[str, float], T: _Tables) -> dict[str, Any]:
    """One node of the payload (``expand_node`` and the page's script draw it)."""
    props = node.props
    force = props.get("force") if node.label in ("Provider", "Force") else None
    zh = str(props.get("name_zh") or props.get("title") or node.nid)
    en = str(props.get("name_en") or zh)
    border, border_width = "#1f2937", 1.0
    gaps = fig.gaps.get(node.nid, []) if node.label == "County" else []
    suffix = ""
    if gaps:
        worst = max(gaps, key=lambda g: _SEVERITY_RANK[g["severity"]])
        border = W.SEVERITY_COLORS[worst["severity"]]
        border_width = float(min(2 + len(gaps), 8))
        suffix = f" ⚠{len(gaps)}"
    out: dict[str, Any] = {
        "kind": node.label,
        "nid": node.nid,
        "zh": zh,
        "size": _node_size(node, fig, top),
        "weak": _weak(props.get("confidence")),
        "facts": _node_facts(node, fig, T),
        "src": T.string(props.get("source")),
        "conf": T.string(props.get("confidence")),
    }
    # left out where they are the defaults (see expand_node): a smaller page
    if en != zh:
        out["en"] = en
    if force is not None:
        out["force"] = force
        out["fill"] = W.FORCE_COLORS.get(str(force), W.LABEL_COLORS.get(node.label, "#9ca3af"))
    if gaps:
        out["sfx"], out["border"], out["bw"] = suffix, border, border_width
        out["gaps"] = [
            {"severity": g["severity"], "rule": g["rule"], "message": g["message"]} for g in gaps
        ]
    if node.label == "County" and props.get("prefecture_id"):
        out["pref"] = props["prefecture_id"]
    return out


_EDGE_COLORS = {
    "FUNDS": "#d97706",
    "CONTRIBUTES": "#d97706",
    "PAIRED_WITH": "#2563eb",
    "SUPPLIES": "#16a34a",
    "PART_OF": "#64748b",
}
_WEAKEST_FIRST = ("illustrative", "inferred", "low", "medium", "high")
#: rows of a merged edge listed on its card (the rest are counted)
MAX_ROWS = 50
_EDGE_SKIP = _SKIP_PROPS | {"amount_cny"}  # the amount is listed first
#: a merged edge's rows list their year and amount (source and confidence: provenance)
_ROW_SKIP = _SKIP_PROPS


def _encode_edge(e: _Edge, ends: tuple[int, int], type_ix: int, T: _Tables) -> list[Any]:
    """One edge of the payload, as a row (``expand_edge`` reads it).

    ``[from, to, type, width, weak, facts, source, confidence]`` (node and type
    indexes; ``facts`` as a flat ``[field, text, field, text, …]``; source and
    confidence as indexes into ``strings``). An edge of merged parallel facts has
    two more items: its rows, ``[[facts, source, confidence], …]`` (at most
    ``MAX_ROWS``), and how many rows were left out. The width is the edge's amount
    here; ``build_view`` scales it once the largest amount is known.
    """
    props, amount = e.props, e.amount
    if e.facts == 1:  # most edges: one fact, its own properties
        return _fact_row(props, amount, ends, type_ix, T)
    facts_ = [*T.fact("facts", e.facts)]
    if amount is not None:
        facts_ += T.fact("amount_cny", amount)
    if e.years:
        facts_ += T.fact("years", sorted(e.years))
    facts_ += T.props(props, _EDGE_SKIP)
    confidence = conf_text = props.get("confidence")
    if e.confidences:
        confidence = next((c for c in _WEAKEST_FIRST if c in e.confidences), None)
        conf_text = ", ".join(sorted(e.confidences))
    row = _row(ends, type_ix, amount, confidence, facts_, props.get("source"), conf_text, T)
    if e.rows:
        props_of, string = T.props, T.string
        row.append(
            [
                [props_of(r, _ROW_SKIP), string(r.get("source")), string(r.get("confidence"))]
                for r in e.rows[:MAX_ROWS]
            ]
        )
        row.append(max(0, len(e.rows) - MAX_ROWS))
    return row


def _fact_row(
    props: dict[str, Any], amount: float | None, ends: tuple[int, int], type_ix: int, T: _Tables
) -> list[Any]:
    """The payload row of an edge that is one fact (see ``_encode_edge``)."""
    facts_ = T.props(props, _EDGE_SKIP)
    if amount is not None:  # listed first
        facts_[:0] = T.fact("amount_cny", amount)
    confidence = props.get("confidence")
    return _row(ends, type_ix, amount, confidence, facts_, props.get("source"), confidence, T)


def _row(
    ends: tuple[int, int],
    type_ix: int,
    amount: float | None,
    confidence: Any,
    facts_: list[Any],
    source: Any,
    conf_text: Any,
    T: _Tables,
) -> list[Any]:
    """``[from, to, type, width, weak, facts, source, confidence]`` (``_encode_edge``):
    weak by ``confidence`` (a merged edge's weakest), ``conf_text`` as shown."""
    return [
        ends[0],
        ends[1],
        type_ix,
        amount or 0.0,  # the width once the largest amount is known
        1 if _weak(confidence) else 0,
        facts_,
        T.string(source),
        T.string(conf_text),
    ]


def _text_at(strings: list[str], i: int | None) -> str | None:
    return None if i is None else strings[i]


def _triples(facts_: list[Any], fields: list[list[str]]) -> list[list[str]]:
    """``[中文, English, text]`` per fact of a flat ``field, text, …`` list."""
    return [[*fields[facts_[i]], fact_text(facts_[i + 1])] for i in range(0, len(facts_) - 1, 2)]


def node_defaults(n: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    """A payload node with the fields left out at their defaults filled in."""
    kind = payload["kinds"].get(n["kind"], [n["kind"], n["kind"], "dot", "#9ca3af"])
    return {
        "id": f"{n['kind']}:{n['nid']}",
        "en": n["zh"],
        "force": None,
        "fill": kind[3],
        "sfx": "",
        "border": "#1f2937",
        "bw": 1.0,
        "gaps": [],
        "pref": None,
        **n,
    }


def expand_node(n: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    """A payload node as vis-network draws it (what the page's script makes of it)."""
    n = node_defaults(n, payload)
    kind_zh, kind_en, shape, _ = payload["kinds"].get(n["kind"], [n["kind"], n["kind"], "dot", ""])
    strings, fill = payload["strings"], n["fill"]
    item = {
        "id": n["id"],
        "label": n["zh"] + n["sfx"],
        "shape": shape,
        "size": n["size"],
        "borderWidth": n["bw"],
        "color": {
            "background": fill,
            "border": n["border"],
            "highlight": {"background": fill, "border": "#000000"},
            "hover": {"background": fill, "border": "#000000"},
        },
        "shapeProperties": {"borderDashes": [4, 3] if n["weak"] else False},
        "ag": {
            "kind": n["kind"],
            "kind_zh": kind_zh,
            "kind_en": kind_en,
            "force": n["force"],
            "id": n["nid"],
            "name_zh": n["zh"],
            "name_en": n["en"],
            "label_zh": n["zh"] + n["sfx"],
            "label_en": n["en"] + n["sfx"],
            "facts": _triples(n["facts"], payload["fields"]),
            "source": _text_at(strings, n["src"]),
            "confidence": _text_at(strings, n["conf"]),
            "gaps": n["gaps"],
        },
    }
    if "x" in n:  # big views start from seeded positions
        item["x"], item["y"] = n["x"], n["y"]
    return item


def expand_edge(r: list[Any], i: int, payload: dict[str, Any]) -> dict[str, Any]:
    """A payload edge row as vis-network draws it (what the page's script makes of it)."""
    rtype, type_zh, type_en, color = payload["types"][r[2]]
    strings, fields, nodes = payload["strings"], payload["fields"], payload["nodes"]
    weak = r[4] == 1
    e: dict[str, Any] = {"id": f"e{i}", "from": _key(nodes[r[0]]), "to": _key(nodes[r[1]])}
    e["width"] = r[3]
    if payload["large"]:  # no arrows, no dashes: weak facts are drawn faint
        e["dashes"] = False
        opacity = 0.25 if weak else 0.7
    else:
        e["arrows"] = "to"
        e["dashes"] = weak
        opacity = 0.7
    e["color"] = {"color": color, "highlight": "#111827", "hover": "#111827", "opacity": opacity}
    ag: dict[str, Any] = {
        "type": rtype,
        "type_zh": type_zh,
        "type_en": type_en,
        "facts": _triples(r[5], fields),
        "source": _text_at(strings, r[6]),
        "confidence": _text_at(strings, r[7]),
    }
    if len(r) > 8:
        ag["rows"] = [
            {
                "facts": _triples(f, fields),
                "source": _text_at(strings, s),
                "confidence": _text_at(strings, c),
            }
            for f, s, c in r[8]
        ]
        ag["rows_not_listed"] = r[9]
    e["ag"] = ag
    return e


def _jitter(key: str, radius: float) -> tuple[float, float]:
    """A fixed offset for ``key`` within ``radius`` (the same on every run and store)."""
    h = zlib.crc32(key.encode("utf-8"))
    angle = (h & 0xFFFF) / 0xFFFF * 2 * math.pi
    r = radius * math.sqrt(((h >> 16) & 0xFFFF) / 0xFFFF)
    return r * math.cos(angle), r * math.sin(angle)


def _key(n: dict[str, Any]) -> str:
    return f"{n['kind']}:{n['nid']}"


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
        The payload's nodes and edge rows (``edges[i][0:2]`` are node indexes).

    Returns
    -------
    dict
        node index -> (x, y).
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
    for r in edges:
        adj[r[0]].append(r[1])
        adj[r[1]].append(r[0])
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
            dx, dy = _jitter(_key(nodes[j]), 60.0 + 4.0 * math.sqrt(len(adj[j]) + 1))
            pos[j] = (x / c + dx, y / c + dy)
        frontier = list(sums)
    for i in range(n):
        if i not in pos:
            pos[i] = _jitter(_key(nodes[i]), radius / 3)
    return pos


def physics_budget_ms(n_nodes: int) -> int:
    """How long the layout may move before physics is switched off, in milliseconds.

    Small views settle well within it; large ones (thousands of nodes) are stopped
    after a few seconds so that the page becomes usable quickly, with the layout as
    far as it got.
    """
    return 30_000 if n_nodes <= 1000 else 5_000


#: above this many edges a view is *large*: no arrows, no dashes (weak facts faint)
LARGE_EDGES = 10_000
#: above this many nodes the layout runs fewer, coarser iterations
LARGE_NODES = 2_000


def is_large(n_nodes: int, n_edges: int) -> bool:
    """Whether a view is drawn in the light style (no arrow heads or dashed lines).

    Dashed lines and arrow heads cost a browser seconds per frame once there are
    tens of thousands of edges (headless Chromium, 5,000 nodes and 35,000 edges:
    0.3 s plain, 0.8 s with arrows, 4.4 s dashed); the edge card still gives the
    direction and the confidence.
    """
    return n_edges > LARGE_EDGES


def _options(n_nodes: int, n_edges: int) -> dict[str, Any]:
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


def _legend(payload: dict[str, Any], highlight: str | None) -> dict[str, Any]:
    labels: dict[str, int] = defaultdict(int)
    forces: dict[str, int] = defaultdict(int)
    for n in payload["nodes"]:
        labels[n["kind"]] += 1
        if n.get("force"):
            forces[n["force"]] += 1
    order = [*W.LABEL_NAMES]
    label_rows = [
        {
            "key": lbl,
            "zh": W.label_name(lbl)[0],
            "en": W.label_name(lbl)[1],
            "color": W.LABEL_COLORS.get(lbl, "#9ca3af"),
            "shape": W.LABEL_SHAPES.get(lbl, "dot"),
            "count": labels[lbl],
        }
        for lbl in sorted(labels, key=lambda x: order.index(x) if x in order else 99)
    ]
    force_rows = [
        {
            "key": fc,
            "zh": W.force_name(fc)[0],
            "en": W.force_name(fc)[1],
            "color": W.FORCE_COLORS.get(fc, "#9ca3af"),
            "count": forces[fc],
        }
        for fc in sorted(forces, key=lambda x: FORCES.index(x) if x in FORCES else 99)
    ]
    severities = []
    if highlight == "gaps":
        severities = [
            {"key": s, "zh": W.SEVERITY_NAMES[s][0], "en": W.SEVERITY_NAMES[s][1], "color": c}
            for s, c in W.SEVERITY_COLORS.items()
        ]
    weak_edges = any(r[4] for r in payload["edges"])
    return {
        "labels": label_rows,
        "forces": force_rows,
        "severities": severities,
        "dashed": any(n["weak"] for n in payload["nodes"]) or (weak_edges and not payload["large"]),
        "faint": weak_edges and payload["large"],
    }


def _gc_paused(fn: Any) -> Any:
    """Run ``fn`` with the cyclic GC paused: tens of thousands of small lists and dicts,
    which GC passes would only walk again and again (reference counting frees them)."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        from ..gcpause import gc_paused

        with gc_paused():
            return fn(*args, **kwargs)

    return run


@_gc_paused
def build_view(
    G: nx.MultiDiGraph,
    *,
    county: str | Iterable[str] | None = None,
    prefecture: str | Iterable[str] | None = None,
    industry: str | Iterable[str] | None = None,
    provider: str | Iterable[str] | None = None,
    force: str | Iterable[str] | None = None,
    depth: int = 1,
    highlight: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
) -> ViewData:
    """The data of a view (nodes, edges, options, legend) without the page.

    Same parameters as :func:`render_view`.
    """
    if highlight is not None and highlight not in HIGHLIGHTS:
        msg = f"unknown highlight {highlight!r}; use: {', '.join(HIGHLIGHTS)}"
        raise RenderError(msg)
    if max_nodes < 1:
        msg = f"max_nodes must be at least 1, got {max_nodes}"
        raise RenderError(msg)
    f = facts(G)
    keep, title = _select(
        G,
        f,
        county=county,
        prefecture=prefecture,
        industry=industry,
        provider=provider,
        force=force,
        depth=depth,
    )
    fig = _figures(G, f, highlight=highlight, targets=targets, as_of=as_of, year=year)
    nodes, groups = _display_graph(G, keep)
    source_nodes, source_edges = len(nodes), sum(map(len, groups.values()))
    level = "full"
    edges: list[_Edge] = []
    if len(nodes) > max_nodes:
        edges = _fold(G, nodes, _edges_of(groups))
        level = "folded"
    if len(nodes) > max_nodes:
        for n in nodes.values():
            if n.label == "Provider":
                n.props["funding_given"] = fig.given.get(n.nid, 0.0)
        edges = _group_forces(nodes, edges)
        for e in edges:
            if e.type == "FUNDS" and e.src in nodes and nodes[e.src].label == "Force":
                fn = nodes[e.src]
                fn.props["funding_given"] = fn.props.get("funding_given", 0.0) + (e.amount or 0)
        level = "forces"
    if len(nodes) > max_nodes:
        edges = _core(nodes, edges)
        level = "core"
    note = None
    if level != "full":
        parts = [lvl for lvl in ("folded", "forces", "core") if lvl == level or _before(lvl, level)]
        zh = "；".join(LEVELS[p][0] for p in parts)
        en = "; ".join(LEVELS[p][1] for p in parts)
        note = (
            f"此视图有 {source_nodes:,} 个节点，超过上限 {max_nodes:,}，已汇总：{zh}。"
            "请用 --county、--prefecture、--provider 等查看细节。",
            f"This view has {source_nodes:,} nodes, more than the limit of {max_nodes:,}, "
            f"so it is aggregated: {en}. Use --county, --prefecture, --provider … for details.",
        )
    top = {
        "County": max((v for (lbl, _), v in fig.received.items() if lbl == "County"), default=0),
        "Project": max((v for (lbl, _), v in fig.received.items() if lbl == "Project"), default=0),
        "Provider": max(fig.given.values(), default=0.0),
        "Force": max(
            (n.props.get("funding_given", 0.0) for n in nodes.values() if n.label == "Force"),
            default=0.0,
        ),
    }
    T = _Tables()
    order = sorted(nodes)
    out_nodes = [_encode_node(nodes[k], fig, top, T) for k in order]
    index = {k: i for i, k in enumerate(order)}
    type_ix: dict[str, int] = {}
    types: list[list[str]] = []

    def type_index(rtype: str) -> int:
        ti = type_ix.get(rtype)
        if ti is None:
            ti = type_ix[rtype] = len(types)
            types.append([rtype, *W.rel_name(rtype), _EDGE_COLORS.get(rtype, "#9ca3af")])
        return ti

    out_edges = []
    if level == "full":  # most edges are one fact: encoded straight from the graph's dicts
        # node indexes follow the sorted keys, so this is the order of the keys, faster
        for ia, ib, rtype, k in sorted((index[k[0]], index[k[1]], k[2], k) for k in groups):
            facts_ = groups[k]
            if len(facts_) == 1:
                props = facts_[0]  # one fact: straight from the graph's dict
                row = _fact_row(props, _amount(props), (ia, ib), type_index(rtype), T)
            else:
                row = _encode_edge(_one_edge(*k, facts_), (ia, ib), type_index(rtype), T)
            out_edges.append(row)
    else:
        edges = [e for e in edges if e.src in index and e.dst in index]
        edges.sort(key=lambda e: (e.src, e.dst, e.type))
        for e in edges:
            out_edges.append(_encode_edge(e, (index[e.src], index[e.dst]), type_index(e.type), T))
    # width by amount (the rows hold the amounts until the largest is known)
    top_amount = max((r[3] for r in out_edges), default=0.0)
    for r in out_edges:
        r[3] = _scale(r[3], top_amount, 1, 10) if r[3] else 1.0
    if len(out_nodes) > LARGE_NODES:  # start from a readable layout: fewer steps needed
        for i, (x, y) in seed_positions(out_nodes, out_edges).items():
            out_nodes[i]["x"], out_nodes[i]["y"] = round(x, 1), round(y, 1)
    payload: dict[str, Any] = {
        "nodes": out_nodes,
        "edges": out_edges,
        "kinds": {
            lbl: [
                *W.label_name(lbl),
                W.LABEL_SHAPES.get(lbl, "dot"),
                W.LABEL_COLORS.get(lbl, "#9ca3af"),
            ]
            for lbl in sorted({n["kind"] for n in out_nodes})
        },
        "types": types,
        "fields": T.fields,
        "strings": T.strings,
        "large": is_large(len(out_nodes), len(out_edges)),
        "options": _options(len(out_nodes), len(out_edges)),
        "budget_ms": physics_budget_ms(len(out_nodes)),
    }
    return ViewData(
        payload=payload,
        legend=_legend(payload, highlight),
        title=title,
        level=level,
        note=note,
        source_nodes=source_nodes,
        source_edges=source_edges,
    )


def _before(a: str, b: str) -> bool:
    order = ("folded", "forces", "core")
    return order.index(a) < order.index(b)


@_gc_paused
def render_view(
    G: nx.MultiDiGraph,
    *,
    county: str | Iterable[str] | None = None,
    prefecture: str | Iterable[str] | None = None,
    industry: str | Iterable[str] | None = None,
    provider: str | Iterable[str] | None = None,
    force: str | Iterable[str] | None = None,
    depth: int = 1,
    highlight: str | None = None,
    lang: str = "zh",
    max_nodes: int = DEFAULT_MAX_NODES,
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
    title: str | None = None,
) -> View:
    """Render an interactive view of the programme graph as one offline HTML page.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The programme graph (``Store.export_graph()``). Not modified.
    county, prefecture, industry, provider : str or list of str, optional
        Show the neighbourhood (``depth`` steps, either direction) of these nodes
        (ids or names); a prefecture stands for its counties. Default: everything.
    force : str or list of str, optional
        Alone: the neighbourhood of this force's providers. With other seeds: keep
        only this force's providers in their neighbourhood.
    depth : int
        Steps from the seeds (default 1).
    highlight : {"gaps"}, optional
        Mark counties by the number (border width, ``⚠n``) and worst severity
        (border colour) of their gaps; the details list each gap.
    lang : {"zh", "en"}
        The language the page opens in (it has a switch).
    max_nodes : int
        Above this many nodes the view is aggregated (leaf nodes folded into
        counties, then providers grouped by force, then only the core), with a
        note saying so.
    targets, as_of, year
        As in :func:`assistgraph.analysis.find_gaps` (gaps and funding figures).
    title : str, optional
        The page title (default: what the view shows).

    Returns
    -------
    View
        ``.html``, ``.write(path)``, ``.nodes``/``.edges`` (the data drawn), ``.note``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1", name_zh="一县", name_en="One")
    >>> view = render_view(G)
    >>> view.n_nodes, "<!doctype html>" in view.html
    (1, True)
    """
    if lang not in LANGS:
        msg = f"unknown language {lang!r}; use: {', '.join(LANGS)}"
        raise RenderError(msg)
    data = build_view(
        G,
        county=county,
        prefecture=prefecture,
        industry=industry,
        provider=provider,
        force=force,
        depth=depth,
        highlight=highlight,
        max_nodes=max_nodes,
        targets=targets,
        as_of=as_of,
        year=year,
    )
    vis_js, vis_css = vis_assets()
    scripts = [vis_js, static_text("graph.js")]
    html = render_page(
        "view.html.j2",
        scripts=scripts,
        lang=lang,
        title=title or f"assistgraph — {data.title[1 if lang == 'en' else 0]}",
        heading=(title, title) if title else data.title,
        views=[("ag-view-0", data)],
        styles=[vis_css, static_text("page.css")],
    )
    return View(html=html, data=data, lang=lang)
