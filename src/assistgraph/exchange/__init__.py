"""Data in and out of the programme: templates, exports and diffs.

* :func:`write_template` — an Excel workbook a county task force fills in
  (``assistgraph template``);
* :func:`export_graph` / :func:`graph_tables` — the graph as contract tables
  (xlsx, csv: they load again unchanged) or a graph file (graphml, gexf, json);
* :func:`diff_graphs` — what changed between two rounds (``assistgraph diff``).

This package takes graphs (and, for templates, plain id lists), never a store;
the CLI gets graphs through :func:`assistgraph.jobs.programme_graph`.
"""

from __future__ import annotations

from .diff import diff_graphs, gap_id
from .export import EXPORT_FORMATS, export_graph, gephi_graph
from .tables import graph_tables
from .template import county_rows, write_template

__all__ = [
    "EXPORT_FORMATS",
    "county_rows",
    "diff_graphs",
    "export_graph",
    "gap_id",
    "gephi_graph",
    "graph_tables",
    "write_template",
]
