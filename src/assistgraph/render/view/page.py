"""The view's data and page: :func:`build_view` puts selection, folding, encoding and
layout together; :func:`render_view` renders the page from ``templates/view.html.j2``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from markupsafe import escape

from ...gcpause import gc_paused
from ...graph import facts
from ...i18n import gettext
from ...schema import FORCES
from .. import _words as W
from .._html import (
    RenderError,
    page_language,
    render_page,
    static_text,
    vis_assets,
    write_page,
)
from . import layout
from .encode import EdgeEncoder, Tables, encode_node, kinds
from .expand import expand_edge, expand_node
from .figures import figures
from .fold import fold, fold_note
from .payload import EdgeRow
from .select import display_graph, node_keys, select

if TYPE_CHECKING:
    import datetime as dt

    import networkx as nx

    from ...targets import Targets

__all__ = [
    "DEFAULT_MAX_NODES",
    "HIGHLIGHTS",
    "LANGS",
    "View",
    "ViewData",
    "build_view",
    "render_view",
]

DEFAULT_MAX_NODES = 2000
LANGS: tuple[str, ...] = ("zh", "en")
HIGHLIGHTS: tuple[str, ...] = ("gaps",)

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class ViewData:
    """What a page needs to draw one graph.

    ``payload`` is the compact JSON the page's script reads (nodes, edges as rows
    that refer to shared tables of names, colours and texts; the script expands
    them; :mod:`.payload` names the rows' positions). ``nodes`` and ``edges`` are the
    same data expanded, as vis-network draws them (``expand_node``/``expand_edge``
    mirror the script, and the browser tests check that they agree).
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


def legend(payload: dict[str, Any], highlight: str | None) -> dict[str, Any]:
    """What the legend lists: the labels and forces drawn (with counts), the gap
    severities (when highlighted), and whether weak facts are dashed or faint."""
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
    weak_edges = any(r[EdgeRow.WEAK] for r in payload["edges"])
    return {
        "labels": label_rows,
        "forces": force_rows,
        "severities": severities,
        "dashed": any(n["weak"] for n in payload["nodes"]) or (weak_edges and not payload["large"]),
        "faint": weak_edges and payload["large"],
    }


def with_gc_paused(fn: F) -> F:
    """Run ``fn`` with the cyclic GC paused: tens of thousands of small lists and dicts,
    which GC passes would only walk again and again (reference counting frees them)."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        with gc_paused():
            return fn(*args, **kwargs)

    return run  # type: ignore[return-value]


@with_gc_paused
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
    gaps: Iterable[dict[str, Any]] | None = None,
    shared: dict[str, Any] | None = None,
) -> ViewData:
    """The data of a view (nodes, edges, options, legend) without the page.

    Same parameters as :func:`render_view`, and ``gaps``: the gap list already found
    for ``targets``, ``as_of`` and ``year`` (a report's), so that the rules do not run
    again. ``G`` is read, never changed. ``shared``: a dict that views of the same
    graph, ``highlight``, ``targets``, ``as_of`` and ``year`` pass to each other, to
    work out the whole graph's funding and pairing figures once (the report's two views).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1", name_zh="一县")
    >>> data = build_view(G)
    >>> data.level, data.n_nodes, data.payload["nodes"][0]["zh"]
    ('full', 1, '一县')
    """
    if highlight is not None and highlight not in HIGHLIGHTS:
        msg = gettext(
            "unknown highlight {value}; use: {known}",
            value=repr(highlight),
            known=", ".join(HIGHLIGHTS),
        )
        raise RenderError(msg)
    if max_nodes < 1:
        msg = gettext("max_nodes must be at least 1, got {n}", n=max_nodes)
        raise RenderError(msg)
    f = facts(G)
    keys = node_keys(G)
    keep, title = select(
        G,
        f,
        keys,
        county=county,
        prefecture=prefecture,
        industry=industry,
        provider=provider,
        force=force,
        depth=depth,
    )
    key = ("view figures", id(G), highlight, year)
    fig = shared.get(key) if shared is not None else None
    if fig is None:
        fig = figures(G, f, highlight=highlight, targets=targets, as_of=as_of, year=year, gaps=gaps)
        if shared is not None:
            shared[key] = fig
    nodes, groups = display_graph(G, keys, keep)
    source_nodes, source_edges = len(nodes), sum(map(len, groups.values()))
    folded = fold(G, keys, nodes, groups, max_nodes)
    nodes = folded.nodes
    top = {
        "County": fig.top("County"),
        "Project": fig.top("Project"),
        "Provider": fig.top("Provider"),
        "Force": max(
            (n.props.get("funding_given", 0.0) for n in nodes.values() if n.label == "Force"),
            default=0.0,
        ),
    }
    T = Tables()
    order = sorted(nodes)
    out_nodes = [encode_node(nodes[k], fig, top, T) for k in order]
    encoder = EdgeEncoder(T, {k: i for i, k in enumerate(order)})
    if folded.level == "full":
        out_edges = encoder.from_groups(groups)
    else:
        out_edges = encoder.from_edges(folded.edges)
    layout.place(out_nodes, out_edges)
    n_nodes, n_edges = len(out_nodes), len(out_edges)
    payload: dict[str, Any] = {
        "nodes": out_nodes,
        "edges": out_edges,
        "kinds": kinds({n["kind"] for n in out_nodes}),
        "types": encoder.types,
        "fields": T.fields,
        "strings": T.strings,
        "large": layout.is_large(n_nodes, n_edges),
        "options": layout.options(n_nodes, n_edges),
        "budget_ms": layout.physics_budget_ms(n_nodes),
    }
    return ViewData(
        payload=payload,
        legend=legend(payload, highlight),
        title=title,
        level=folded.level,
        note=fold_note(folded.level, source_nodes, max_nodes),
        source_nodes=source_nodes,
        source_edges=source_edges,
    )


@with_gc_paused
@page_language
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
        msg = gettext("unknown language {lang}; use zh or en", lang=repr(lang))
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
