"""The shareable assessment report: one offline HTML file an official can open.

``render_report(G, ...)`` runs the analyses (:func:`find_gaps`,
:func:`coverage_matrix`, :func:`concentration`, :func:`chains`, :func:`match`,
:func:`scorecard`), and lays their results out as headline figures, the
scorecard (counties ranked by score, a sparkline of the yearly scores, the
breakdown into indicators on click), the gap table, the coverage
matrices as heatmaps, the Lorenz curve and concentration tables, chain
completeness, the top match proposals with their reasons, and embedded graph
views — in Chinese and English, with a switch, and print-friendly CSS. Charts
are inline SVG; the page loads nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..analysis import chains, match
from ..analysis.gaps import COUNTY_RULES, SEVERITIES
from ..i18n import gettext, named
from ..process import in_parallel
from ..schema import FORCES
from . import _words as W
from ._context import Analysed, analyse
from ._html import RenderError, page_language, render_page, static_text, vis_assets
from ._sections import charts, matrix, provenance, scorecard_view
from .dossier import county_dossier
from .dossier_data import dossier_summaries, dossiers_payload
from .maps import map_view
from .svg import Bar, bars_svg, lorenz_svg, meter_svg
from .view import LANGS, build_view

if TYPE_CHECKING:
    import networkx as nx

    from ..targets import Targets
    from .view import ViewData

__all__ = ["render_report"]

REPORT_VIEW_MAX_NODES = 300
#: up to this many counties the report embeds each dossier as HTML (≈ 35 kB each, charts
#: as SVG, ready to print); above it, as compact JSON that the page builds into a dossier
#: when it is opened (832 counties: ≈ 4 MB instead of ≈ 30 MB); --all-counties writes pages
REPORT_MAX_DOSSIERS = 120


def _fmt_share(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _fmt_num(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:,.{digits}f}"


def _views(
    G: nx.MultiDiGraph, *, worst: str | None, **options: Any
) -> list[tuple[str | None, ViewData]]:
    """The report's graph views: the overview, and the county with the most severe gaps."""
    out = [(None, build_view(G, highlight="gaps", **options))]
    if worst is not None:
        out.append((worst, build_view(G, county=worst, highlight="gaps", **options)))
    return out


def _weak_share(G: nx.MultiDiGraph) -> tuple[int, int]:
    items = [d.get("confidence") for _, d in G.nodes(data=True)] + [
        d.get("confidence") for _, _, d in G.edges(data=True)
    ]
    return sum(1 for c in items if c == "illustrative"), len(items)


@page_language
def render_report(
    G: nx.MultiDiGraph,
    *,
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
    lang: str = "zh",
    top: int = 15,
    view_max_nodes: int = REPORT_VIEW_MAX_NODES,
    title: str | None = None,
    target_year: int | None = None,
    analysed: Analysed | None = None,
    dossiers: bool | int = True,
    with_map: bool = True,
    with_charts: bool = True,
    since: dict[str, Any] | None = None,
) -> str:
    """Render the assessment report as one self-contained, offline HTML page.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The programme graph (``Store.export_graph()``). Not modified.
    targets, as_of, year
        As in :func:`assistgraph.analysis.find_gaps`; ``year`` also restricts the
        funding used for concentration.
    lang : {"zh", "en"}
        The language the report opens in (it has a 中文/English switch).
    top : int
        How many match proposals to list.
    view_max_nodes : int
        Node limit of the embedded overview graph (above it the view is folded).
    title : str, optional
        The report's title.
    target_year : int, optional
        The year by which every county's score should reach 100 (default: the
        targets' ``[scorecard] target_year``); adds the pace to the scorecard.
        Without either, the scorecard has no pace column.
    analysed : Analysed, optional
        The analyses already run on ``G`` (:func:`~assistgraph.render._context.analyse`);
        by default they are run here, once, and every section reads them.
    dossiers : bool or int
        Embed a dossier per county: as HTML up to ``REPORT_MAX_DOSSIERS`` counties
        (an int: up to that many), above it as compact JSON that the page builds
        into a dossier when the reader opens it (:mod:`.dossier_data`). ``False``:
        no dossiers.
    with_map, with_charts : bool
        Include the map and the charts (both by default; the
        benchmark's baseline leaves them out).
    since : dict, optional
        :func:`assistgraph.exchange.diff_graphs` of an earlier round and ``G``: adds
        "since the last round" (gaps opened and closed, figures, pairings, agreements).

    Returns
    -------
    str
        The HTML page.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1", name_zh="一县", population=10)
    >>> html = render_report(G, as_of="2025-06-30")
    >>> html.startswith("<!doctype html>") and "一县" in html
    True
    """
    if lang not in LANGS:
        msg = gettext("unknown language {lang}; use zh or en", lang=repr(lang))
        raise RenderError(msg)
    a = analysed or analyse(G, targets=targets, as_of=as_of, year=year, target_year=target_year)
    day, f, gaps, conc = a.day, a.f, a.gaps, a.conc
    pref = f.of("Prefecture")

    def county_names(cid: str | None) -> tuple[str, str]:
        return f.name("County", cid)

    # the graph views beside the rest of the report: a quarter of its work, on the other core
    groups: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for g in gaps:
        groups[g["county_id"]].append(g)

    def order(item: tuple[str | None, list[dict[str, Any]]]) -> tuple[Any, ...]:
        cid, gs = item
        return (cid is None, -max(SEVERITIES[g["severity"]] for g in gs), -len(gs), cid or "")

    by_severity = sorted(groups.items(), key=order)
    view_data = in_parallel(
        _views,
        G,
        worst=next((cid for cid, _ in by_severity if cid), None),
        max_nodes=view_max_nodes,
        targets=targets,
        as_of=day,
        year=year,
        gaps=gaps,
        shared=a.extra,
    )
    chain = a.extra.get("chains") or a.extra.setdefault("chains", chains(G))
    proposals = match(G, top=top) if top else []  # top=0: no proposals, none computed
    score_card = scorecard_view(a)
    prov = provenance(a)

    # -- headline figures --------------------------------------------------------------
    sev = {s: sum(1 for g in gaps if g["severity"] == s) for s in SEVERITIES}
    overall = conc["overall"]
    providers_by_force = dict.fromkeys(FORCES, 0)
    for p in f.providers.values():
        if p.get("force") in providers_by_force:
            providers_by_force[p["force"]] += 1
    n_high = len({g["county_id"] for g in gaps if g["county_id"] and g["severity"] == "high"})

    def figure(caption: tuple[str, str], value: str, **more: Any) -> dict[str, Any]:
        return {"zh": caption[0], "en": caption[1], "value": value, **more}

    headline = [
        figure(W.zh_en("counties"), f"{len(f.counties):,}"),
        figure(W.zh_en("prefectures"), f"{len(pref):,}"),
        figure(W.zh_en("providers"), f"{len(f.providers):,}"),
        figure(W.zh_en("projects"), f"{len(f.of('Project')):,}"),
        figure(
            W.zh_en("total funding"),
            W.yuan_short(overall["total_cny"])[0],
            value_en=W.yuan_short(overall["total_cny"])[1],
        ),
        figure(
            W.zh_en("gaps"),
            f"{len(gaps):,}",
            sub=W.zh_en(
                "high {high} · medium {medium} · low {low}",
                high=sev["high"],
                medium=sev["medium"],
                low=sev["low"],
            ),
        ),
        figure(W.zh_en("counties with a high gap"), f"{n_high:,}"),
        figure(W.zh_en("Gini, funding per capita"), _fmt_num(overall.get("gini_per_capita"))),
        figure(W.zh_en("top-5 counties' share"), _fmt_share(overall.get("top5_share"))),
        figure(
            W.zh_en("orphans / darlings"),
            f"{len(overall.get('orphans', []))} / {len(overall.get('darlings', []))}",
        ),
    ]
    force_rows = [
        {"zh": W.force_name(fc)[0], "en": W.force_name(fc)[1], "n": n, "color": W.FORCE_COLORS[fc]}
        for fc, n in providers_by_force.items()
    ]
    weak, total_facts = _weak_share(G)

    # -- gaps ---------------------------------------------------------------------------
    gap_groups = []
    for cid, gs in by_severity:
        zh, en = county_names(cid) if cid else W.zh_en("programme-wide")
        rows = []
        for g in gs:
            pzh, pen = f.name("Provider", g["provider_id"])
            rows.append(
                {
                    "severity": g["severity"],
                    "rule": g["rule"],
                    "rule_zh": W.rule_name(g["rule"])[0],
                    "rule_en": W.rule_name(g["rule"])[1],
                    "provider_zh": pzh,
                    "provider_en": pen,
                    "year": g["year"] or "",
                    "message": g["message"],
                    "confidence": g.get("confidence") or "",
                    "basis": g.get("basis") or "",
                }
            )
        gap_groups.append({"zh": zh, "en": en, "rows": rows})

    forces_matrix = matrix(a.forces_matrix, list(FORCES), [W.force_name(x) for x in FORCES], pref)
    targets_matrix = matrix(
        a.targets_matrix, list(COUNTY_RULES), [W.rule_name(r) for r in COUNTY_RULES], pref
    )

    # -- concentration ------------------------------------------------------------------
    counties = conc["counties"]
    lorenz = lorenz_svg(
        [c["total_cny"] for c in counties],
        gini=overall.get("gini_total"),
        title=W.zh_en("Lorenz curve of county funding"),
    )
    lorenz_pc = lorenz_svg(
        [c["per_capita_cny"] for c in counties if c["per_capita_cny"] is not None],
        gini=overall.get("gini_per_capita"),
        title=W.zh_en("Lorenz curve of funding per capita"),
        y_label=W.zh_en("cumulative share per capita"),
    )
    force_bars = bars_svg(
        [
            Bar(
                W.force_name(r["force"])[0],
                W.force_name(r["force"])[1],
                r["total_cny"],
                W.FORCE_COLORS.get(r["force"], "#2563eb"),
                f"{W.yuan(r['total_cny']).split(' (')[0]} · {_fmt_share(r['share'])}",
            )
            for r in conc["forces"]
        ]
    )
    measure_names = {
        "total_cny": W.zh_en("total funding"),
        "n_counties": W.zh_en("number of counties"),
        "n_funded_counties": W.zh_en("funded counties"),
        "gini_total": W.zh_en("Gini (county totals)"),
        "gini_per_capita": W.zh_en("Gini (per capita)"),
        "theil": W.zh_en("Theil index"),
        "theil_within": W.zh_en("Theil within prefectures"),
        "theil_between": W.zh_en("Theil between prefectures"),
        "top5_share": W.zh_en("top-5 share"),
        "median_per_capita_cny": W.zh_en("median per capita (CNY)"),
    }
    measures = []
    for k, (zh, en) in measure_names.items():
        v = overall.get(k)
        if k == "total_cny":
            text = W.yuan(v)
        elif k == "top5_share":
            text = _fmt_share(v)
        elif isinstance(v, float):
            text = _fmt_num(v, 2 if k == "median_per_capita_cny" else 3)
        else:
            text = "—" if v is None else str(v)
        measures.append({"zh": zh, "en": en, "value": text})

    def county_row(c: dict[str, Any]) -> dict[str, Any]:
        tzh, ten = f.name("Provider", c.get("top_provider_id"))
        return {
            "zh": c["name_zh"] or c["county_id"],
            "en": c["name_en"] or "",
            "total": W.yuan(c["total_cny"]).split(" (")[0],
            "per_capita": _fmt_num(c["per_capita_cny"]),
            "n_providers": c["n_providers"],
            "hhi": _fmt_num(c["hhi"], 3),
            "hhi_value": c["hhi"] or 0.0,
            "effective": _fmt_num(c["effective_providers"], 1),
            "top_zh": tzh,
            "top_en": ten,
            "top_share": _fmt_share(c["top_provider_share"]),
            "significant": c["significant_relations"],
            "non_significant": c["non_significant_relations"],
        }

    hhi_rows = [
        county_row(c) for c in sorted(counties, key=lambda c: (-(c["hhi"] or 0.0), c["county_id"]))
    ]
    per_capita = {c["county_id"]: c["per_capita_cny"] for c in counties}

    def listed(ids: list[str]) -> list[dict[str, Any]]:
        return [
            {
                "zh": county_names(c)[0],
                "en": county_names(c)[1],
                "per_capita": _fmt_num(per_capita.get(c)),
            }
            for c in ids
        ]

    # -- chains -------------------------------------------------------------------------
    chain_rows = []
    for r in sorted(
        chain["counties"],
        key=lambda r: (r["completeness"] is None, r["completeness"] or 0.0, r["county_id"]),
    ):
        if not r["stages"]:
            continue
        czh, cen = county_names(r["county_id"])
        izh, ien = f.name("Industry", r["industry_id"])
        missing = [
            f.name("Industry", s["industry_id"]) for s in r["stages"] if s["status"] == "missing"
        ]
        supplied = [
            f.name("Industry", s["industry_id"]) for s in r["stages"] if s["status"] == "supplied"
        ]
        chain_rows.append(
            {
                "county_zh": czh,
                "county_en": cen,
                "industry_zh": izh,
                "industry_en": ien,
                "role": r["role"],
                "completeness": _fmt_share(r["completeness"]),
                "coverage": _fmt_share(r["coverage"]),
                "meter": meter_svg(r["completeness"]),
                "meter_cov": meter_svg(r["coverage"]),
                "missing": missing,
                "supplied": supplied,
            }
        )

    # -- match --------------------------------------------------------------------------
    proposal_rows = []
    for m in proposals:
        pzh, pen = f.name("Provider", m["provider_id"])
        czh, cen = county_names(m["county_id"])
        izh, ien = f.name("Industry", m["industry_id"])
        proposal_rows.append(
            {
                "score": f"{m['score']:.2f}",
                "provider_zh": pzh,
                "provider_en": pen,
                "force_zh": W.force_name(m.get("force"))[0],
                "force_en": W.force_name(m.get("force"))[1],
                "county_zh": czh,
                "county_en": cen,
                "industry_zh": izh,
                "industry_en": ien,
                "closes": m["closes"],
                "why": m["why"],
            }
        )

    limit = REPORT_MAX_DOSSIERS if dossiers is True else int(dossiers)
    embed = bool(dossiers) and len(f.counties) <= limit
    lazy = dossiers_payload(a, sorted(f.counties)) if dossiers and not embed else None
    county_dossiers = [county_dossier(a, c) for c in sorted(f.counties)] if embed else []
    chart_set = charts(a) if with_charts else None
    county_map = map_view(a, link=None if dossiers else lambda c: "#") if with_map else None

    # -- embedded views (last: a child computed them beside all of the above) ---------
    views = []
    for view_county, data in view_data():
        if view_county is None:
            caption = W.zh_en("Overview (counties marked by their gaps)")
            views.append(("ag-view-overview", data, caption))
            continue
        zh, en = county_names(view_county)
        caption = W.zh_en(
            "The county with the most severe gaps: {county}", county=named(zh, en or zh)
        )
        views.append(("ag-view-county", data, caption))

    vis_js, vis_css = vis_assets()
    heading = (
        (title, title)
        if title
        else W.zh_en("Assessment of the assistance to Sichuan's underdeveloped counties")
    )
    return render_page(
        "report.html.j2",
        scripts=[vis_js, static_text("graph.js"), static_text("map.js")]
        + ([static_text("dossier.js")] if lazy else []),
        styles=[
            vis_css,
            static_text("page.css"),
            static_text("report.css"),
            static_text("dossier.css"),
        ],
        lang=lang,
        title=title or f"assistgraph — {heading[1 if lang == 'en' else 0]}",
        heading=heading,
        as_of=day.isoformat(),
        year=year,
        headline=headline,
        force_rows=force_rows,
        weak=weak,
        total_facts=total_facts,
        weak_share=_fmt_share(weak / total_facts) if total_facts else "0%",
        gap_groups=gap_groups,
        n_gaps=len(gaps),
        sev=sev,
        forces_matrix=forces_matrix,
        targets_matrix=targets_matrix,
        lorenz=lorenz,
        lorenz_pc=lorenz_pc,
        force_bars=force_bars,
        measures=measures,
        hhi_rows=hhi_rows,
        orphans=listed(overall.get("orphans", [])),
        darlings=listed(overall.get("darlings", [])),
        median=_fmt_num(overall.get("median_per_capita_cny")),
        clustered=conc["clustered"],
        clustered_share=_fmt_share(conc["clustered"].get("share")),
        chain_rows=chain_rows,
        proposals=proposal_rows,
        views=views,
        severity_names=W.SEVERITY_NAMES,
        sc=score_card,
        prov=prov,
        charts=chart_set,
        county_map=county_map,
        dossiers=county_dossiers,
        lazy_dossiers=dossier_summaries(lazy) if lazy else [],
        dossier_data=lazy,
        since=since,
    )
