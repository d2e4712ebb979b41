"""Interactive graph views: vis-network pages rendered by this package's template.

``render_view(G, ...)`` picks the part of the graph to show (everything, or the
neighbourhood of counties, a prefecture, industries, providers or a force),
folds it when it is too large to lay out in a browser, encodes the programme's
meaning (colour by label and by force, size by funding, width by amount,
dashes for illustrative or low-confidence facts, gaps on counties) and returns
a :class:`View`: one self-contained HTML page that opens offline.

One module per job, in the order a view is made:

=============  =========================================================================
``select``     which graph nodes a view shows; its display nodes and grouped facts
``figures``    funding, pairings and gaps of the whole graph, for cards and sizes
``fold``       parallel facts merged into one edge; views above the limit aggregated
``encode``     display nodes and edges as the compact payload (shared text tables)
``payload``    the positions of the payload's rows, named once (``graph.js`` mirrors)
``layout``     starting positions, physics options and time budget
``expand``     the payload as vis-network draws it (the Python mirror of ``graph.js``)
``page``       ``build_view`` (the steps above), ``render_view`` and ``View``
=============  =========================================================================

The page comes from ``templates/view.html.j2`` with autoescaping; vis-network is
inlined from pyvis's bundled copy; the data is embedded as compact script-safe
JSON that ``static/graph.js`` expands (``expand_node``/``expand_edge`` say what it
draws), and cards are built with ``textContent``. pyvis's own ``write_html`` is
not used (its template sets tooltip HTML from titles and loads Bootstrap from a
CDN); ``View.network`` builds a pyvis ``Network`` of the same data on demand.
The graph a view is made from is read, never changed.
"""

from __future__ import annotations

from .encode import fact_text
from .expand import expand_edge, expand_node, node_defaults
from .layout import is_large, physics_budget_ms, seed_positions
from .page import DEFAULT_MAX_NODES, HIGHLIGHTS, LANGS, View, ViewData, build_view, render_view

__all__ = [
    "DEFAULT_MAX_NODES",
    "HIGHLIGHTS",
    "LANGS",
    "View",
    "ViewData",
    "build_view",
    "expand_edge",
    "expand_node",
    "fact_text",
    "is_large",
    "node_defaults",
    "physics_budget_ms",
    "render_view",
    "seed_positions",
]
