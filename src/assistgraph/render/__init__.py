"""Interactive HTML views of the programme graph and the shareable assessment report.

Each page is one self-contained file that opens offline: vis-network's script
and styles (from pyvis's bundled copy) are inlined, the page is rendered from
this package's own Jinja2 templates with autoescaping, data from the graph is
embedded as script-safe JSON and only ever shown as text, and a
Content-Security-Policy forbids any script but the page's own and any fetch.

>>> from assistgraph.render import render_view, render_report, render_map, render_county
"""

from __future__ import annotations

from ._context import Analysed, analyse
from ._html import RenderError, script_json
from .dossier import render_county, write_all_counties
from .maps import render_map
from .report import render_report
from .view import DEFAULT_MAX_NODES, View, ViewData, build_view, render_view

__all__ = [
    "DEFAULT_MAX_NODES",
    "Analysed",
    "RenderError",
    "View",
    "ViewData",
    "analyse",
    "build_view",
    "render_county",
    "render_map",
    "render_report",
    "render_view",
    "script_json",
    "write_all_counties",
]
