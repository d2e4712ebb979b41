"""Sections of the report built from the one :class:`~._context.Analysed` bundle.

The scorecard and the coverage heatmaps (moved from ``report.py``), the charts
(funding by force and year, training per county against the target, gaps by rule
and severity) and provenance: the sourced share per table and, per section, the
tables it rests on whose rows are partly illustrative.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from markupsafe import Markup

from ..analysis.gaps import COUNTY_RULES, RULES, SEVERITIES
from ..schema import FORCES, TABLES_BY_NAME
from ..targets import Targets
from . import _words as W
from ._context import ILLUSTRATIVE, Analysed, sourced_shares
from .svg import Series, meter_svg, sparkline_svg, stacked_svg

__all__ = ["charts", "matrix", "provenance", "scorecard_view"]


def _mix(a: str, b: str, t: float) -> str:
    t = min(max(t, 0.0), 1.0)
    ca = [int(a[i : i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb, strict=True))


def _cell(value: int, top: int, *, good_when_zero: bool) -> dict[str, Any]:
    """A heatmap cell: value and colours (green = covered / met, red = missing / gaps)."""
    if good_when_zero:
        bg = "#f0fdf4" if value == 0 else _mix("#fecaca", "#b91c1c", (value - 1) / max(top - 1, 1))
    else:
        bg = "#fecaca" if value == 0 else _mix("#bbf7d0", "#15803d", (value - 1) / max(top - 1, 1))
    dark = bg in ("#b91c1c", "#15803d") or (
        sum(int(bg[i : i + 2], 16) for i in (1, 3, 5)) < 3 * 150
    )
    return {"value": value, "bg": bg, "fg": "#ffffff" if dark else "#111827"}


def matrix(
    rows: list[dict[str, Any]], keys: list[str], names: list[tuple[str, str]], pref: dict[str, Any]
) -> dict[str, Any]:
    good_when_zero = keys[0] in COUNTY_RULES
    top = max((r[k] for r in rows for k in keys), default=0)
    out_rows = []
    for r in sorted(rows, key=lambda r: (str(r.get("prefecture_id") or ""), r["county_id"])):
        p = pref.get(r.get("prefecture_id") or "", {})
        out_rows.append(
            {
                "name_zh": r["name_zh"],
                "name_en": r["name_en"],
                "prefecture_zh": p.get("name_zh") or r.get("prefecture_id") or "",
                "prefecture_en": p.get("name_en") or "",
                "cells": [_cell(int(r[k]), top, good_when_zero=good_when_zero) for k in keys],
                "total": r.get("total"),
            }
        )
    return {"columns": names, "rows": out_rows}


def _fig(x: Any) -> str:
    """A raw figure or target of the scorecard: ``—`` if none, thousands separated."""
    if x is None:
        return "—"
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int):
        return f"{x:,}"
    if isinstance(x, float):
        return f"{x:,.0f}" if x.is_integer() else f"{x:,.2f}"
    return str(x)


def scorecard_view(a: Analysed) -> dict[str, Any]:
    """The scorecard section: counties ranked by the score of the last year (or ``a.year``).

    The sparkline shows every year of the data up to that year (``a.score``, the
    bundle's one scorecard run, already holds ``a.year`` if the data lacks it).
    """
    full = a.score
    years, rows = list(full["years"]), list(full["rows"])
    if not years:
        years = [a.day.year]
    last = a.year if a.year is not None else years[-1]
    years = [y for y in years if y <= last]
    series: dict[str, dict[int, float | None]] = defaultdict(dict)
    for r in rows:
        series[r["county_id"]][r["year"]] = r["score"]
    goal = full["target_year"]
    out = []
    for r in rows:
        if r["year"] != last:
            continue
        inds = []
        for n, e in r["indicators"].items():
            zh, en = W.indicator_name(n)
            extras = [
                (*W.field_name(k), W.value_text(k, v))
                for k, v in e.items()
                if k not in ("score", "raw", "target", "weight", "points", "detail", "members")
                and v is not None
            ]
            inds.append(
                {
                    "zh": zh,
                    "en": en,
                    "key": n,
                    "na": e["score"] is None,
                    "score": "—" if e["score"] is None else f"{e['score']:.2f}",
                    "meter": meter_svg(e["score"]),
                    "raw": _fig(e["raw"]),
                    "target": _fig(e["target"]),
                    "weight": f"{e['weight']:g}",
                    "points": "—" if e.get("points") is None else f"{e['points']:.1f}",
                    "extras": extras,
                }
            )
        change = r["change"]
        out.append(
            {
                "id": r["county_id"],
                "zh": r["name_zh"] or r["county_id"],
                "en": r["name_en"] or "",
                "rank": "—" if r["rank"] is None else r["rank"],
                "score": "—" if r["score"] is None else f"{r['score']:.1f}",
                "change": "—" if change is None else f"{change:+.1f}",
                "trend": "" if not change else ("up" if change > 0 else "down"),
                "pace": "—" if r["pace"] is None else f"{r['pace']:.1f}",
                "behind": r["behind"],
                "spark": sparkline_svg(
                    [series[r["county_id"]].get(y) for y in years],
                    years=years,
                    title=W.zh_en("score by year"),
                ),
                "indicators": inds,
            }
        )
    return {
        "year": last,
        "years": years,
        "first": years[0],
        "target_year": goal,
        "rows": out,
        "n_behind": sum(1 for r in out if r["behind"]),
    }


#: report section -> the contract tables it rests on
SECTION_TABLES: dict[str, tuple[str, ...]] = {
    "scorecard": (
        "pairings",
        "training",
        "funding",
        "projects",
        "agreements",
        "industry_support",
        "brands",
        "tasks",
        "cadres",
    ),
    "map": ("pairings", "training", "funding", "projects", "agreements", "tasks", "cadres"),
    "charts": ("funding", "training"),
    "gaps": (
        "pairings",
        "training",
        "funding",
        "agreements",
        "industry_support",
        "cadres",
        "projects",
        "brands",
        "resources",
        "tasks",
        "workshops",
    ),
    "coverage": ("pairings", "training", "projects", "brands", "resources", "tasks"),
    "concentration": ("funding", "projects"),
    "chains": ("county_industries", "chain_links", "capabilities", "industry_support"),
    "match": ("capabilities", "county_industries", "resources", "chain_links"),
    "graph": ("pairings", "funding", "projects"),
}


def provenance(a: Analysed) -> dict[str, Any]:
    """The sourced share per table and, per section, its tables with illustrative rows.

    ``sections[name]`` lists ``(table 中文, table, illustrative share text)`` for the
    tables the section rests on that hold illustrative rows (empty: no badge). The
    gap section also counts the gaps whose own ``confidence`` is illustrative
    (where the gaps carry one).
    """
    shares = sourced_shares(a.f)
    by_table = {r["table"]: r for r in shares}
    rows = [
        {
            **r,
            "title_zh": r["title_zh"] or r["table"],
            "share_text": f"{r['share'] * 100:.0f}%",
            "weak": r["sourced"] < r["rows"],
        }
        for r in shares
    ]
    sections: dict[str, list[tuple[str, str, str]]] = {}
    for name, tables in SECTION_TABLES.items():
        items = []
        for t in tables:
            r = by_table.get(t)
            if r and r["sourced"] < r["rows"]:
                illus = 1 - r["sourced"] / r["rows"]
                items.append((TABLES_BY_NAME[t].title_zh or t, t, f"{illus * 100:.0f}%"))
        sections[name] = items
    illus_gaps = sum(1 for g in a.gaps if g.get("confidence") == ILLUSTRATIVE)
    total = sum(r["rows"] for r in shares)
    sourced = sum(r["sourced"] for r in shares)
    return {
        "tables": rows,
        "sections": sections,
        "illus_gaps": illus_gaps,
        "has_gap_confidence": any("confidence" in g for g in a.gaps),
        "overall": f"{sourced / total * 100:.0f}%" if total else "—",
    }


def charts(a: Analysed) -> dict[str, Markup]:
    """The report's charts: funding by force and year, training per county against
    the target, gaps by rule and severity."""
    f = a.f
    fund: dict[tuple[str, int], float] = defaultdict(float)
    force_of = {p: props.get("force") or "" for p, props in f.providers.items()}
    for p, _pr, props in f.edges("FUNDS", "Provider", "Project"):  # no county needed here
        y = props.get("year")
        if y is not None and (a.year is None or y == a.year):
            fund[(force_of.get(p, ""), int(y))] += float(props.get("amount_cny") or 0)
    years = sorted({y for _, y in fund})
    funding = stacked_svg(
        [(str(y), str(y)) for y in years],
        [
            Series(*W.force_name(fc), W.FORCE_COLORS[fc], [fund.get((fc, y), 0.0) for y in years])
            for fc in FORCES
        ],
        title=W.zh_en("Funding by force and year (10k CNY)"),
        fmt=lambda x: f"{x / 1e4:,.0f}",
        width=560,
        height=280,
    )
    trained: dict[tuple[str, int], float] = defaultdict(float)
    for _p, c, props in f.edges("TRAINED", "Provider", "County"):
        if props.get("year") is not None:
            trained[(c, int(props["year"]))] += float(props.get("trainees") or 0)
    t_years = sorted({y for _, y in trained})
    t_year = a.year if a.year is not None else (t_years[-1] if t_years else None)
    target = float((a.targets or Targets()).trainees_per_county_year)
    counties = sorted(f.counties, key=lambda c: (trained.get((c, t_year), 0.0), c))
    n = len(counties)
    training = stacked_svg(
        [f.name("County", c) for c in counties],
        [
            Series(
                *W.zh_en("trainees"), "#0d9488", [trained.get((c, t_year), 0.0) for c in counties]
            )
        ],
        title=W.zh_en("Trainees per county in {year} against the target", year=t_year or "—"),
        line=target,
        width=max(640, min(1160, 16 * n + 80)),
        height=300,
        labels=n <= 80,
    )
    count: dict[tuple[str, str], int] = defaultdict(int)
    for g in a.gaps:
        count[(g["rule"], g["severity"])] += 1
    rules = [r for r in RULES if any(count.get((r, s)) for s in SEVERITIES)]
    by_rule = stacked_svg(
        [W.rule_name(r) for r in rules],
        [
            Series(
                *W.SEVERITY_NAMES[s], W.SEVERITY_COLORS[s], [count.get((r, s), 0) for r in rules]
            )
            for s in SEVERITIES
        ],
        title=W.zh_en("Gaps by rule and severity"),
        horizontal=True,
        width=560,
    )
    return {"funding": funding, "training": training, "gaps": by_rule}
