"""County dossiers: one county on one or two A4 pages.

:func:`county_dossier` gathers, from the report's one :class:`Analysed` bundle, what
an analyst briefs county by county: the five forces and their providers, pairings
and agreements, projects by term and category, funding by force and year (chart),
training against the target by year (chart), cadres, brands and chains, open and
overdue tasks, the county's gaps with their basis and confidence, and its scorecard
breakdown. Each section says when it rests on illustrative rows.

:func:`render_county` writes one dossier page (print CSS for A4);
:func:`write_all_counties` writes every county's page and an index (with the map).
The report embeds the same dossiers, one ``<details id="county-ID">`` each.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis import chains
from ..analysis.gaps import SEVERITIES
from ..graph import resolve_ids
from ..i18n import N_, gettext
from ..schema import FORCES
from ..targets import Targets
from . import _words as W
from ._context import ILLUSTRATIVE, Analysed, analyse
from ._html import RenderError, page_language, render_page, static_text, write_page
from .maps import map_view
from .svg import Series, meter_svg, stacked_svg

if TYPE_CHECKING:
    import networkx as nx


__all__ = ["county_dossier", "dossier_file", "render_county", "write_all_counties"]

TERMS = ("short", "medium", "long")
TERM_NAMES = W.CatalogNames(
    {"short": N_("short term"), "medium": N_("medium term"), "long": N_("long term")}
)


def dossier_file(county_id: str) -> str:
    """The file name of a county's dossier: ``county-<id>.html``, the id reduced to
    letters, digits, ``-`` and ``_`` (so a link to it is never a URL scheme).

    >>> dossier_file("513337"), dossier_file("javascript:alert(1)")
    ('county-513337.html', 'county-javascript_alert_1_.html')
    """
    return "county-" + re.sub(r"[^0-9A-Za-z_-]", "_", county_id) + ".html"


def _illus(*items: dict[str, Any] | None) -> bool:
    return any((p or {}).get("confidence") == ILLUSTRATIVE for p in items)


def _chains(a: Analysed) -> dict[str, Any]:
    if "chains" not in a.extra:
        a.extra["chains"] = chains(a.G)
    return a.extra["chains"]


def _index(a: Analysed) -> dict[str, dict[str, list[Any]]]:
    """Per county, once per bundle: its agreements, projects, funding, training,
    cadres, brands and tasks (so writing every dossier stays linear in the graph)."""
    if "dossier_index" in a.extra:
        return a.extra["dossier_index"]
    f = a.f
    idx: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for (p, c), aid in sorted(f.agreements().items()):
        idx[c]["agreements"].append((p, aid))
    located = f.located("Project")
    for pr in sorted(f.of("Project")):
        if located.get(pr):
            idx[located[pr]]["projects"].append(pr)
    # funding summed per county, force and year here (a national graph has a million
    # rows): ((force, year), yuan) pairs, and whether any of the county's rows is illustrative
    force_of: dict[str, str] = {}
    fund: dict[str, dict[tuple[str, int], float]] = defaultdict(lambda: defaultdict(float))
    fund_illus: set[str] = set()
    for p, _pr, c, amount, fp in f.funding_facts(a.year):
        if not c or fp.get("year") is None:
            continue
        fc = force_of.get(p)
        if fc is None:
            fc = force_of[p] = f.force_of(p) or ""
        fund[c][(fc, int(fp["year"]))] += amount
        if fp.get("confidence") == ILLUSTRATIVE:
            fund_illus.add(c)
    for c, sums in fund.items():
        idx[c]["funding"] = list(sums.items())
        idx[c]["funding_illus"] = [c in fund_illus]
    for _p, c, tp in f.edges("TRAINED", "Provider", "County"):
        idx[c]["training"].append(tp)
    for p, c, cp in f.edges("EXCHANGED_CADRES", "Provider", "County"):
        idx[c]["cadres"].append((p, cp))
    promoters: dict[str, list[str]] = defaultdict(list)
    for p, b, _ in f.edges("PROMOTES", "Provider", "Brand"):
        promoters[b].append(p)
    for b, c, _ in f.edges("BRAND_OF", "Brand", "County"):
        idx[c]["brands"].append((b, promoters.get(b, [])))
    task_county = f.located("Task")
    for t in sorted(f.of("Task")):
        if task_county.get(t):
            idx[task_county[t]]["tasks"].append(t)
    for r in _chains(a)["counties"]:
        idx[r["county_id"]]["chains"].append(r)
    a.extra["dossier_index"] = idx
    return idx


def county_dossier(a: Analysed, county_id: str, *, charts: bool = True) -> dict[str, Any]:
    """Everything one county's dossier shows, as plain data (texts and SVG charts).

    The charts' numbers are there too (``years``, ``fund_by_force``, ``trained``, each
    chain's and indicator's ``value``); ``charts=False`` leaves out the SVG (the page
    then draws them from the numbers: :mod:`assistgraph.render.dossier_data`).
    """
    f = a.f
    c = county_id
    props = f.counties.get(c)
    if props is None:
        msg = gettext("no county {county} in the graph", county=repr(c))
        raise RenderError(msg)
    zh, en = f.name("County", c)
    pid = a.pref_of.get(c)
    pzh, pen = f.name("Prefecture", pid)
    sections_illus: dict[str, bool] = defaultdict(bool)
    ix = _index(a).get(c, {})

    # five forces and providers
    paired = a.paired.get(c, {})
    forces = []
    for force in FORCES:
        rows = []
        for p, pp in sorted(paired.items()):
            if f.force_of(p) != force:
                continue
            prov = f.providers.get(p, {})
            pz, pe = f.name("Provider", p)
            rows.append(
                {
                    "zh": pz,
                    "en": pe,
                    "since": pp.get("since") or "",
                    "until": pp.get("until") or "",
                    "role": pp.get("role") or "",
                    "confidence": pp.get("confidence") or "",
                }
            )
            sections_illus["forces"] |= _illus(pp, prov)
        fzh, fen = W.force_name(force)
        forces.append({"zh": fzh, "en": fen, "color": W.FORCE_COLORS[force], "providers": rows})

    # agreements
    agreements = []
    for p, aid in ix.get("agreements", []):
        ap = f.of("Agreement").get(aid, {})
        pz, pe = f.name("Provider", p)
        share = ap.get("fund_share_pct")
        agreements.append(
            {
                "zh": pz,
                "en": pe,
                "signed_on": ap.get("signed_on") or "",
                "share": "" if share is None else f"{share:g}%",
                "confidence": ap.get("confidence") or "",
            }
        )
        sections_illus["agreements"] |= _illus(ap)

    # projects by term and category
    projects = [(pr, f.of("Project")[pr]) for pr in ix.get("projects", [])]
    cats = sorted({p.get("category") or "—" for _, p in projects})
    by_tc: dict[tuple[str, str], int] = defaultdict(int)
    for _, p in projects:
        by_tc[(p.get("term") or "—", p.get("category") or "—")] += 1
        sections_illus["projects"] |= _illus(p)
    terms = [t for t in TERMS if any(by_tc.get((t, k)) for k in cats)]
    terms += sorted({t for t, _ in by_tc if t not in TERMS})
    project_table = {
        "cats": cats,
        "rows": [
            {
                "zh": TERM_NAMES.get(t, (t, t))[0],
                "en": TERM_NAMES.get(t, (t, t))[1],
                "cells": [by_tc.get((t, k), 0) for k in cats],
            }
            for t in terms
        ],
    }
    project_list = [
        {
            "zh": p.get("name_zh") or pr,
            "en": p.get("name_en") or "",
            "term": p.get("term") or "",
            "category": p.get("category") or "",
            "status": p.get("status") or "",
        }
        for pr, p in projects
    ]

    # funding by force and year
    fund: dict[tuple[str, int], float] = defaultdict(float)
    for key, amount in ix.get("funding", []):
        fund[key] += amount
    sections_illus["funding"] |= bool(ix.get("funding_illus", [False])[0])
    years = sorted({y for _, y in fund} | set(a.years))
    fund_by_force = [[fund.get((fc, y), 0.0) for y in years] for fc in FORCES]
    funding_chart = (
        stacked_svg(
            [(str(y), str(y)) for y in years],
            [
                Series(*W.force_name(fc), W.FORCE_COLORS[fc], vals)
                for fc, vals in zip(FORCES, fund_by_force, strict=True)
            ],
            title=W.zh_en("Funding by force and year (10k CNY)"),
            fmt=lambda x: f"{x / 1e4:,.0f}",
            width=460,
            height=210,
        )
        if charts
        else None
    )
    total_fund = sum(fund.values())

    # training against the target
    trained: dict[int, float] = defaultdict(float)
    for tp in ix.get("training", []):
        if tp.get("year") is not None:
            trained[int(tp["year"])] += float(tp.get("trainees") or 0)
            sections_illus["training"] |= _illus(tp)
    target = (a.targets or Targets()).trainees_per_county_year
    trained_by_year = [trained.get(y, 0.0) for y in years]
    training_chart = (
        stacked_svg(
            [(str(y), str(y)) for y in years],
            [Series(*W.zh_en("trainees"), "#0d9488", trained_by_year)],
            title=W.zh_en("Skills training by year against the target"),
            line=float(target),
            width=460,
            height=210,
        )
        if charts
        else None
    )

    # cadres
    cadres = []
    for p, cp in ix.get("cadres", []):
        pz, pe = f.name("Provider", p)
        cadres.append(
            {
                "zh": pz,
                "en": pe,
                "year": cp.get("year") or "",
                "direction": cp.get("direction") or "",
                "count": cp.get("count") or 0,
            }
        )
        sections_illus["cadres"] |= _illus(cp)
    cadres.sort(key=lambda r: (str(r["year"]), r["zh"]))

    # brands and chains
    brands = []
    for b, promoted_by in ix.get("brands", []):
        bp = f.of("Brand").get(b, {})
        promoters = [f.name("Provider", p) for p in promoted_by]
        brands.append(
            {
                "zh": bp.get("name_zh") or b,
                "en": bp.get("name_en") or "",
                "level": bp.get("level") or "",
                "promoters": promoters,
            }
        )
        sections_illus["brands"] |= _illus(bp)
    chain_rows = []
    for r in ix.get("chains", []):
        if not r["stages"]:
            continue
        izh, ien = f.name("Industry", r["industry_id"])
        chain_rows.append(
            {
                "zh": izh,
                "en": ien,
                "completeness": "—" if r["completeness"] is None else f"{r['completeness']:.0%}",
                "value": r["completeness"],
                "meter": meter_svg(r["completeness"]) if charts else None,
                "missing": [
                    f.name("Industry", s["industry_id"])
                    for s in r["stages"]
                    if s["status"] == "missing"
                ],
            }
        )

    # tasks
    tasks = []
    for t in ix.get("tasks", []):
        tp = f.of("Task")[t]
        if tp.get("status") != "open":
            continue
        due = str(tp.get("due") or "")
        overdue = bool(due) and due < a.day.isoformat()
        pz, pe = f.name("Provider", tp.get("provider_id"))
        tasks.append(
            {
                "title": tp.get("title") or t,
                "due": due,
                "overdue": overdue,
                "zh": pz,
                "en": pe,
            }
        )
        sections_illus["tasks"] |= _illus(tp)
    tasks.sort(key=lambda r: (not r["overdue"], r["due"]))

    # gaps
    gaps = []
    for g in sorted(a.gaps_by_county.get(c, []), key=lambda g: -SEVERITIES[g["severity"]]):
        rzh, ren = W.rule_name(g["rule"])
        gaps.append(
            {
                "severity": g["severity"],
                "zh": rzh,
                "en": ren,
                "rule": g["rule"],
                "year": g.get("year") or "",
                "message": g["message"],
                "basis": g.get("basis") or "",
                "confidence": g.get("confidence") or "",
            }
        )
        sections_illus["gaps"] |= g.get("confidence") == ILLUSTRATIVE

    # scorecard breakdown
    srow = a.score_rows.get(c)
    indicators = []
    if srow:
        for n, e in srow["indicators"].items():
            izh, ien = W.indicator_name(n)
            indicators.append(
                {
                    "zh": izh,
                    "en": ien,
                    "key": n,
                    "score": "—" if e["score"] is None else f"{e['score']:.2f}",
                    "value": e["score"],
                    "meter": meter_svg(e["score"]) if charts else None,
                    "raw": "—" if e.get("raw") is None else W.value_text(n, e["raw"]),
                    "target": "—" if e.get("target") is None else W.value_text(n, e["target"]),
                    "weight": f"{e['weight']:g}",
                }
            )
    conc = a.county_conc.get(c, {})
    return {
        "id": c,
        "zh": zh,
        "en": en,
        "pzh": pzh,
        "pen": pen,
        "population": f"{props['population']:,}" if props.get("population") else "—",
        "illus_county": _illus(props),
        "illus": dict(sections_illus),
        "forces": forces,
        "n_forces": a.forces_present.get(c, 0),
        "agreements": agreements,
        "projects": project_table,
        "project_list": project_list,
        "years": years,
        "fund_by_force": fund_by_force,
        "funding_chart": funding_chart,
        "total_fund": W.yuan(total_fund).split(" (")[0] if total_fund else "—",
        "per_capita": "—"
        if conc.get("per_capita_cny") is None
        else f"¥{conc['per_capita_cny']:,.1f}",
        "trained": trained_by_year,
        "training_chart": training_chart,
        "target": target,
        "cadres": cadres,
        "brands": brands,
        "chains": chain_rows,
        "tasks": tasks,
        "n_overdue": sum(1 for t in tasks if t["overdue"]),
        "gaps": gaps,
        "score": "—" if not srow or srow["score"] is None else f"{srow['score']:.1f}",
        "rank": "—" if not srow or srow["rank"] is None else srow["rank"],
        "score_year": a.score_year,
        "indicators": indicators,
    }


def _styles() -> list[str]:
    return [static_text("page.css"), static_text("report.css"), static_text("dossier.css")]


@page_language
def render_county(
    G: nx.MultiDiGraph,
    county: str,
    *,
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
    lang: str = "zh",
    analysed: Analysed | None = None,
    index_link: str | None = None,
) -> str:
    """One county's dossier as one offline HTML page, laid out for two A4 pages at most.

    ``county`` is the county's id or name.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1", name_zh="一县", population=10)
    >>> G.add_node("Provider:E1", label="Provider", id="E1", force="east_west")
    >>> _ = G.add_edge("Provider:E1", "County:C1", key="PAIRED_WITH", type="PAIRED_WITH")
    >>> html = render_county(G, "一县", as_of="2025-06-30")
    >>> 'id="county-C1"' in html
    True
    """
    if lang not in ("zh", "en"):
        msg = gettext("unknown language {lang}; use zh or en", lang=repr(lang))
        raise RenderError(msg)
    a = analysed or analyse(G, targets=targets, as_of=as_of, year=year)
    (cid,) = resolve_ids(a.f, "County", county, "county") or {county}
    d = county_dossier(a, cid)
    return render_page(
        "dossier.html.j2",
        scripts=[static_text("graph.js")],
        styles=_styles(),
        lang=lang,
        title=f"assistgraph — {d['zh']}",
        as_of=a.day.isoformat(),
        d=d,
        severity_names=W.SEVERITY_NAMES,
        index_link=index_link,
    )


@page_language
def write_all_counties(
    G: nx.MultiDiGraph,
    directory: str | Path,
    *,
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
    lang: str = "zh",
) -> list[Path]:
    """Write every county's dossier and ``index.html`` (the map and a list, linking to
    each) into ``directory``; return the paths written, the index first."""
    out = Path(directory)
    a = analyse(G, targets=targets, as_of=as_of, year=year)
    paths = []
    rows = []
    for c in sorted(a.f.counties):
        html = render_county(G, c, lang=lang, analysed=a, index_link="index.html")
        paths.append(write_page(out / dossier_file(c), html))
        zh, en = a.f.name("County", c)
        pzh, pen = a.f.name("Prefecture", a.pref_of.get(c))
        rows.append(
            {
                "href": dossier_file(c),
                "zh": zh,
                "en": en,
                "pzh": pzh,
                "pen": pen,
                "n_gaps": len(a.gaps_by_county.get(c, [])),
                "high": a.high_gaps(c),
                "score": (a.score_rows.get(c) or {}).get("score"),
            }
        )
    m = map_view(a, link=dossier_file)
    index = render_page(
        "dossier_index.html.j2",
        scripts=[static_text("graph.js"), static_text("map.js")],
        styles=_styles(),
        lang=lang,
        title="assistgraph — " + W.zh_en("County dossiers")[1 if lang == "en" else 0],
        as_of=a.day.isoformat(),
        rows=rows,
        m=m,
    )
    return [write_page(out / "index.html", index), *paths]
