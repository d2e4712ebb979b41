"""Interactive graph views: pyvis builds the network, this package's template renders it.

``render_view(G, ...)`` picks the part of the graph to show (everything, or the
neighbourhood of counties, a prefecture, industries, providers or a force),
folds it when it is too large to lay out in a browser, encodes the programme's
meaning (colour by label and by force, size by funding, width by amount,
dashes for illustrative or low-confidence facts, gaps on counties) and returns
a :class:`View`: one self-contained HTML page that opens offline.

pyvis's ``Network`` holds the nodes, edges and vis-network options; its own
``write_html`` is not used, because its template sets tooltip HTML from titles
and loads Bootstrap from a CDN. The page comes from ``templates/view.html.j2``
with autoescaping, the data is embedded as script-safe JSON, and tooltips are
built with ``textContent`` by ``static/graph.js``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from ..analysis._facts import Facts, facts, resolve_ids
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
    """What a page needs to draw one graph: nodes, edges, options, legend and notes."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]
    legend: dict[str, Any]
    title: tuple[str, str]
    level: str = "full"
    note: tuple[str, str] | None = None
    source_nodes: int = 0
    source_edges: int = 0
    network: Any = field(default=None, repr=False)

    @property
    def n_nodes(self) -> int:
        return len(self.nodes)

    @property
    def n_edges(self) -> int:
        return len(self.edges)

    def payload(self) -> dict[str, Any]:
        """The JSON the page's script reads."""
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "options": self.options,
            "budget_ms": physics_budget_ms(len(self.nodes)),
        }


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
        """The pyvis ``Network`` the view was built with."""
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
    for r in f.funding(year):
        received[("Project", r["project_id"])] += r["amount_cny"]
        if r["county_id"]:
            received[("County", r["county_id"])] += r["amount_cny"]
        given[r["provider_id"]] += r["amount_cny"]
        projects[r["provider_id"]].add(r["project_id"])
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


@dataclass
class _Edge:
    src: str
    dst: str
    type: str
    props: dict[str, Any]
    facts: int = 1
    amount: float | None = None
    years: set[int] = field(default_factory=set)
    confidences: set[str] = field(default_factory=set)


def _display_graph(
    G: nx.MultiDiGraph, keep: set[Any] | None
) -> tuple[dict[str, _Node], list[_Edge]]:
    _, back = _keys(G)
    nodes: dict[str, _Node] = {}
    for n, d in G.nodes(data=True):
        if keep is not None and n not in keep:
            continue
        label, nid = back[n]
        key = f"{label}:{nid}"
        nodes[key] = _Node(key, label, nid, {k: v for k, v in d.items() if k != "label"})
    edges = []
    for u, v, d in G.edges(data=True):
        if keep is not None and (u not in keep or v not in keep):
            continue
        a, b = back[u], back[v]
        props = {k: val for k, val in d.items() if k != "type"}
        amount = props.get("amount_cny")
        e = _Edge(
            f"{a[0]}:{a[1]}",
            f"{b[0]}:{b[1]}",
            str(d.get("type") or ""),
            props,
            amount=float(amount) if isinstance(amount, int | float) else None,
        )
        if isinstance(props.get("year"), int):
            e.years.add(props["year"])
        if props.get("confidence"):
            e.confidences.add(str(props["confidence"]))
        edges.append(e)
    return nodes, edges


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
                years=set(e.years),
                confidences=set(e.confidences),
            )
            continue
        m.facts += e.facts
        if e.amount is not None:
            m.amount = (m.amount or 0.0) + e.amount
        m.years |= e.years
        m.confidences |= e.confidences
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
                    years=set(e.years),
                    confidences=set(e.confidences),
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
                years=set(e.years),
                confidences=set(e.confidences),
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


def _ordered(props: dict[str, Any]) -> list[tuple[str, Any]]:
    """Properties in a fixed order (stores return them in different orders)."""
    return sorted(props.items(), key=lambda kv: (_FIELD_ORDER.get(kv[0], 999), kv[0]))


def _fact(key: str, value: Any) -> list[str]:
    zh, en = W.field_name(key)
    return [zh, en, W.value_text(key, value)]


def _node_facts(node: _Node, fig: _Figures) -> list[list[str]]:
    out: list[list[str]] = []
    label, nid = node.label, node.nid
    if label == "County":
        out.append(_fact("funding_received", fig.received.get(("County", nid), 0.0)))
        out.append(_fact("providers_paired", fig.paired_of_county.get(nid, 0)))
        if nid in fig.gaps:
            out.append(_fact("gaps", len(fig.gaps[nid])))
    elif label == "Provider":
        out.append(_fact("funding_given", fig.given.get(nid, 0.0)))
        out.append(_fact("counties_paired", fig.counties_of_provider.get(nid, 0)))
        out.append(_fact("projects", fig.projects_of_provider.get(nid, 0)))
    elif label in ("Project", "InvestmentFund"):
        out.append(_fact("funding_received", fig.received.get((label, nid), 0.0)))
    elif label == "Force":
        out.append(_fact("providers", node.members))
    for k, v in _ordered(node.props):
        if k not in _SKIP_PROPS and v is not None and v != "":
            out.append(_fact(k, v))
    if node.folded:
        text = ", ".join(
            f"{W.label_name(lbl)[0]} {W.label_name(lbl)[1]} ×{n}"
            for lbl, n in sorted(node.folded.items())
        )
        out.append([*W.field_name("folded"), text])
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


def _encode_node(node: _Node, fig: _Figures, top: dict[str, float]) -> dict[str, Any]:
    props = node.props
    force = props.get("force") if node.label in ("Provider", "Force") else None
    fill = W.FORCE_COLORS.get(str(force), W.LABEL_COLORS.get(node.label, "#9ca3af"))
    zh = str(props.get("name_zh") or props.get("title") or node.nid)
    en = str(props.get("name_en") or zh)
    border, border_width = "#1f2937", 1.0
    gaps = fig.gaps.get(node.nid, []) if node.label == "County" else []
    suffix = ""
    if gaps:
        worst = max(gaps, key=lambda g: {"low": 1, "medium": 2, "high": 3}[g["severity"]])
        border = W.SEVERITY_COLORS[worst["severity"]]
        border_width = float(min(2 + len(gaps), 8))
        suffix = f" ⚠{len(gaps)}"
    weak = _weak(props.get("confidence"))
    kind_zh, kind_en = W.label_name(node.label)
    return {
        "id": node.key,
        "label": zh + suffix,
        "shape": W.LABEL_SHAPES.get(node.label, "dot"),
        "size": _node_size(node, fig, top),
        "borderWidth": border_width,
        "color": {
            "background": fill,
            "border": border,
            "highlight": {"background": fill, "border": "#000000"},
            "hover": {"background": fill, "border": "#000000"},
        },
        "shapeProperties": {"borderDashes": [4, 3] if weak else False},
        "ag": {
            "kind": node.label,
            "kind_zh": kind_zh,
            "kind_en": kind_en,
            "force": force,
            "id": node.nid,
            "name_zh": zh,
            "name_en": en,
            "label_zh": zh + suffix,
            "label_en": en + suffix,
            "facts": _node_facts(node, fig),
            "source": props.get("source"),
            "confidence": props.get("confidence"),
            "gaps": [
                {"severity": g["severity"], "rule": g["rule"], "message": g["message"]}
                for g in gaps
            ],
        },
    }


_EDGE_COLORS = {
    "FUNDS": "#d97706",
    "CONTRIBUTES": "#d97706",
    "PAIRED_WITH": "#2563eb",
    "SUPPLIES": "#16a34a",
    "PART_OF": "#64748b",
}


def _encode_edge(e: _Edge, idx: int, top_amount: float) -> dict[str, Any]:
    weak_share = None
    facts_: list[list[str]] = []
    if e.facts > 1:
        facts_.append(_fact("facts", e.facts))
    if e.amount is not None:
        facts_.append(_fact("amount_cny", e.amount))
    if e.facts > 1 and e.years:
        facts_.append(_fact("years", sorted(e.years)))
    for k, v in _ordered(e.props):
        if k not in _SKIP_PROPS and k != "amount_cny" and v is not None and v != "":
            facts_.append(_fact(k, v))
    confidence = e.props.get("confidence")
    if e.facts > 1 and e.confidences:
        weakest_first = ("illustrative", "inferred", "low", "medium", "high")
        confidence = next((c for c in weakest_first if c in e.confidences), None)
        weak_share = ", ".join(sorted(e.confidences))
    type_zh, type_en = W.rel_name(e.type)
    color = _EDGE_COLORS.get(e.type, "#9ca3af")
    return {
        "id": f"e{idx}",
        "from": e.src,
        "to": e.dst,
        "arrows": "to",
        "width": _scale(e.amount or 0.0, top_amount, 1, 10) if e.amount else 1.0,
        "dashes": _weak(confidence),
        "color": {"color": color, "highlight": "#111827", "hover": "#111827", "opacity": 0.7},
        "ag": {
            "type": e.type,
            "type_zh": type_zh,
            "type_en": type_en,
            "facts": facts_,
            "source": e.props.get("source"),
            "confidence": confidence if weak_share is None else weak_share,
        },
    }


def physics_budget_ms(n_nodes: int) -> int:
    """How long the layout may move before physics is switched off, in milliseconds.

    Small views settle well within it; large ones (thousands of nodes) are stopped
    after a few seconds so that the page becomes usable quickly, with the layout as
    far as it got.
    """
    return 30_000 if n_nodes <= 1000 else 5_000


def _options(n_nodes: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "nodes": {
            "font": {"size": 12, "face": "sans-serif", "multi": False},
            "scaling": {"label": {"enabled": False}},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
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
            },
            "stabilization": {
                "enabled": True,
                "iterations": 600 if n_nodes <= 400 else 300 if n_nodes <= 2000 else 100,
                "updateInterval": 50,
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


def _legend(
    nodes: list[dict[str, Any]], edges: list[dict[str, Any]], highlight: str | None
) -> dict[str, Any]:
    labels: dict[str, int] = defaultdict(int)
    forces: dict[str, int] = defaultdict(int)
    for n in nodes:
        labels[n["ag"]["kind"]] += 1
        if n["ag"]["force"]:
            forces[n["ag"]["force"]] += 1
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
    return {
        "labels": label_rows,
        "forces": force_rows,
        "severities": severities,
        "dashed": any(e["dashes"] for e in edges)
        or any(n["shapeProperties"]["borderDashes"] for n in nodes),
    }


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
    from pyvis.edge import Edge
    from pyvis.network import Network

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
    nodes, edges = _display_graph(G, keep)
    source_nodes, source_edges = len(nodes), len(edges)
    level = "full"
    if len(nodes) > max_nodes:
        edges = _fold(G, nodes, edges)
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
    net = Network(directed=True, height="100%", width="100%", cdn_resources="remote")
    for key in sorted(nodes):
        enc = _encode_node(nodes[key], fig, top)
        net.add_node(enc.pop("id"), label=enc.pop("label"), shape=enc.pop("shape"), **enc)
    edges.sort(key=lambda e: (e.src, e.dst, e.type, sorted(e.years), e.amount or 0.0))
    top_amount = max((e.amount or 0.0 for e in edges), default=0.0)
    by_id = set(net.node_ids)
    for i, e in enumerate(edges):
        if e.src in by_id and e.dst in by_id:
            enc = _encode_edge(e, i, top_amount)
            # pyvis's own Edge, appended as Network.add_edge would; add_edge itself first
            # scans the whole node list for both ends (O(nodes) per edge), which made
            # large views quadratic. Both ends are known to exist (checked above).
            net.edges.append(Edge(enc.pop("from"), enc.pop("to"), net.directed, **enc).options)
    options = _options(len(net.nodes))
    net.options = options
    out_nodes, out_edges = [dict(n) for n in net.nodes], [dict(e) for e in net.edges]
    return ViewData(
        nodes=out_nodes,
        edges=out_edges,
        options=options,
        legend=_legend(out_nodes, out_edges, highlight),
        title=title,
        level=level,
        note=note,
        source_nodes=source_nodes,
        source_edges=source_edges,
        network=net,
    )


def _before(a: str, b: str) -> bool:
    order = ("folded", "forces", "core")
    return order.index(a) < order.index(b)


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
