r"""Concentration of assistance funding: who funds whom, and how unevenly.

Funding is the ``FUNDS`` relationships (yuan), attributed to the county of the
funded project; ``year`` restricts them to one year. Every county of the graph
is a unit of the inequality measures, with 0 where it receives nothing.

Measures
--------
* per county: ``hhi`` :math:`=\sum_p s_p^2` over the shares of the county's
  funding by provider (0–1, ``None`` without funding), ``effective_providers``
  :math:`=1/HHI`, the top provider and its share, and the OECD significant
  relations: a provider–county relation (positive funding) is *significant* if
  the county's share of the provider's funding exceeds the county's share of all
  funding, or if the provider is among the county's largest providers that
  together first reach 90 % of its funding (providers sorted by amount, then id;
  the provider that crosses 90 % is included). Comparisons are exact (fractions).
* per provider: total, counties funded, HHI across counties; per force: total, share.
* overall: Gini :math:`=\sum_i\sum_j |x_i-x_j| / (2 n^2 \bar x)` of county totals
  and of per-capita funding (counties without a population are left out of the
  per-capita measures); Theil :math:`T=\frac1n\sum_i \frac{x_i}{\mu}\ln\frac{x_i}{\mu}`
  of county totals (:math:`0\ln0=0`), decomposed into prefectures as
  :math:`T=\sum_g s_g T_g + \sum_g s_g \ln(\mu_g/\mu)` with
  :math:`s_g` the prefecture's share of funding (within + between);
  ``top5_share``: share of the five best-funded counties; orphans and darlings:
  counties whose per-capita funding is below half / above twice the median
  per-capita funding of the counties with a population.
* clustered investment: projects funded by two or more forces, and their share
  of all funding.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..graph import facts
from ..schema import FORCES
from ._exact import units

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["concentration", "gini", "hhi", "theil"]

NDIGITS = 6


def _r(x: float | None) -> float | None:
    return None if x is None else round(float(x), NDIGITS)


def hhi(amounts: list[float]) -> float | None:
    """Herfindahl–Hirschman index of ``amounts`` (sum of squared shares), ``None`` if 0.

    Examples
    --------
    >>> hhi([3, 1])
    0.625
    """
    total = sum(amounts)
    if total <= 0:
        return None
    return sum((a / total) ** 2 for a in amounts)


def gini(values: list[float]) -> float | None:
    """Gini coefficient ΣΣ|xᵢ−xⱼ| / (2n²x̄); ``None`` if empty or all zero.

    Examples
    --------
    >>> gini([0, 0, 0, 4])
    0.75
    """
    n = len(values)
    total = sum(values)
    if n == 0 or total <= 0:
        return None
    diff = sum(abs(a - b) for a in values for b in values)
    return diff / (2 * n * total)  # 2 n² x̄ = 2 n Σx


def theil(values: list[float]) -> float | None:
    """Theil T index (1/n) Σ (x/μ) ln(x/μ), with 0 ln 0 = 0; ``None`` if all zero.

    Examples
    --------
    >>> round(theil([1, 1, 2]), 6)
    0.058892
    """
    n = len(values)
    total = sum(values)
    if n == 0 or total <= 0:
        return None
    mu = total / n
    return sum((x / mu) * math.log(x / mu) for x in values if x > 0) / n


def _theil_parts(values: dict[str, float], group: dict[str, str]) -> dict[str, Any]:
    xs = list(values.values())
    total = sum(xs)
    t = theil(xs)
    if t is None:
        return {"theil": None, "theil_within": None, "theil_between": None}
    mu = total / len(xs)
    groups: dict[str, list[float]] = defaultdict(list)
    for c, x in values.items():
        groups[group.get(c, "")].append(x)
    within = between = 0.0
    for gx in groups.values():
        share = sum(gx) / total
        if share == 0:
            continue
        within += share * (theil(gx) or 0.0)
        between += share * math.log((sum(gx) / len(gx)) / mu)
    return {"theil": t, "theil_within": within, "theil_between": between}


def _sums(
    f: Any, year: int | None
) -> tuple[dict[tuple[str, str], float], dict[tuple[str, str], int], dict[str, Any]]:
    """One pass over the funding facts with a county and a positive amount: yuan per
    (provider, county) as floats and exactly (integers in units of 2**-1074 yuan), and
    per project its forces, yuan and county (for :func:`_clustered`)."""
    force_of = {p: props.get("force") or "" for p, props in f.providers.items()}
    pair: dict[tuple[str, str], float] = defaultdict(float)
    exact: dict[tuple[str, str], int] = defaultdict(int)
    forces: dict[str, set[str]] = defaultdict(set)
    amount: dict[str, float] = defaultdict(float)
    county: dict[str, str] = {}
    for p, pr, c, yuan, _ in f.funding_facts(year):
        if c is None or not yuan > 0:
            continue
        key = (p, c)
        pair[key] += yuan
        exact[key] += units(yuan)
        forces[pr].add(force_of.get(p, ""))
        amount[pr] += yuan
        county[pr] = c
    return dict(pair), dict(exact), {"forces": forces, "amount": amount, "county": county}


def _significant(
    amounts: dict[tuple[str, str], Fraction] | dict[tuple[str, str], int],
) -> dict[tuple[str, str], bool]:
    """Exact comparisons on integers (or fractions): every sum starts from the int 0."""
    total = sum(amounts.values())
    by_county: dict[str, dict[str, Any]] = defaultdict(dict)
    by_provider: dict[str, Any] = defaultdict(int)
    for (p, c), a in amounts.items():
        by_county[c][p] = a
        by_provider[p] += a
    out: dict[tuple[str, str], bool] = {}
    for c, row in by_county.items():
        county_total = sum(row.values())
        # the largest providers that together first reach 90 % of the county's funding
        top: set[str] = set()
        cum = 0
        for p, a in sorted(row.items(), key=lambda kv: (-kv[1], kv[0])):
            if 10 * cum >= 9 * county_total:
                break
            top.add(p)
            cum += a
        for p, a in row.items():
            # a / provider_total > county_total / total, cross-multiplied
            share_rule = a * total > county_total * by_provider[p]
            out[(p, c)] = share_rule or p in top
    return out


def concentration(G: nx.MultiDiGraph, *, year: int | None = None) -> dict[str, Any]:
    """Funding concentration per county, provider and force, and overall inequality.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The programme graph (``Store.export_graph()``). Not modified.
    year : int, optional
        Only this year's funding (default: all years).

    Returns
    -------
    dict
        ``{"counties": [...], "providers": [...], "forces": [...], "overall": {...},
        "clustered": {...}}``; floats are rounded to 6 decimals.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1", population=10)
    >>> G.add_node("County:C2", label="County", id="C2", population=10)
    >>> G.add_node("Provider:A", label="Provider", id="A", force="east_west")
    >>> G.add_node("Project:P1", label="Project", id="P1", county_id="C1")
    >>> G.add_edge("Provider:A", "Project:P1", key="FUNDS", type="FUNDS", year=2024,
    ...            amount_cny=100.0)
    'FUNDS'
    >>> out = concentration(G)
    >>> out["counties"][0]["hhi"], out["overall"]["gini_total"]
    (1.0, 0.5)
    """
    f = facts(G)
    pair, exact, projects = _sums(f, year)
    pref_of = f.county_of_prefecture()
    significant = _significant(exact)
    total = sum(pair.values())

    counties = _county_rows(f, pair, significant, pref_of)
    totals = {c["county_id"]: c["total_cny"] for c in counties}
    per_capita = {
        c["county_id"]: c["per_capita_cny"] for c in counties if c["per_capita_cny"] is not None
    }
    median = statistics.median(per_capita.values()) if per_capita else None
    top5 = sum(sorted(totals.values(), reverse=True)[:5])
    overall = {
        "total_cny": _r(total),
        "n_counties": len(counties),
        "n_funded_counties": sum(1 for v in totals.values() if v > 0),
        "gini_total": _r(gini(list(totals.values()))),
        "gini_per_capita": _r(gini(list(per_capita.values()))),
        **{k: _r(v) for k, v in _theil_parts(totals, pref_of).items()},
        "top5_share": _r(top5 / total) if total > 0 else None,
        "median_per_capita_cny": _r(median),
        "orphans": sorted(
            c for c, v in per_capita.items() if median is not None and v < median / 2
        ),
        "darlings": sorted(
            c for c, v in per_capita.items() if median is not None and v > 2 * median
        ),
    }
    return {
        "counties": counties,
        "providers": _provider_rows(f, pair),
        "forces": _force_rows(f, pair, total),
        "overall": overall,
        "clustered": _clustered(projects, total),
    }


def _county_rows(
    f: Any,
    pair: dict[tuple[str, str], float],
    significant: dict[tuple[str, str], bool],
    pref_of: dict[str, str],
) -> list[dict[str, Any]]:
    by_county: dict[str, dict[str, float]] = defaultdict(dict)
    for (p, c), a in pair.items():
        by_county[c][p] = a
    out = []
    for c in sorted(f.counties):
        props = f.counties[c]
        row = by_county.get(c, {})
        total = sum(row.values())
        pop = props.get("population")
        h = hhi(list(row.values()))
        top = min(row.items(), key=lambda kv: (-kv[1], kv[0])) if row else None
        sig = sorted(p for p in row if significant.get((p, c)))
        out.append(
            {
                "county_id": c,
                "name_zh": props.get("name_zh"),
                "name_en": props.get("name_en"),
                "prefecture_id": pref_of.get(c),
                "population": pop,
                "total_cny": _r(total),
                "per_capita_cny": _r(total / pop) if pop else None,
                "n_providers": len(row),
                "hhi": _r(h),
                "effective_providers": _r(1 / h) if h else None,
                "top_provider_id": top[0] if top else None,
                "top_provider_share": _r(top[1] / total) if top else None,
                "significant_relations": len(sig),
                "non_significant_relations": len(row) - len(sig),
                "significant_providers": sig,
                "non_significant_providers": sorted(set(row) - set(sig)),
            }
        )
    return out


def _provider_rows(f: Any, pair: dict[tuple[str, str], float]) -> list[dict[str, Any]]:
    by_provider: dict[str, dict[str, float]] = defaultdict(dict)
    for (p, c), a in pair.items():
        by_provider[p][c] = a
    out = []
    for p in sorted(by_provider):
        row = by_provider[p]
        props = f.providers.get(p, {})
        out.append(
            {
                "provider_id": p,
                "name_zh": props.get("name_zh"),
                "name_en": props.get("name_en"),
                "force": props.get("force"),
                "total_cny": _r(sum(row.values())),
                "n_counties": len(row),
                "hhi": _r(hhi(list(row.values()))),
            }
        )
    return sorted(out, key=lambda r: (-(r["total_cny"] or 0), r["provider_id"]))


def _force_rows(f: Any, pair: dict[tuple[str, str], float], total: float) -> list[dict[str, Any]]:
    amount: dict[str, float] = defaultdict(float)
    providers: dict[str, set[str]] = defaultdict(set)
    for (p, _), a in pair.items():
        force = f.force_of(p) or ""
        amount[force] += a
        providers[force].add(p)
    return [
        {
            "force": force,
            "total_cny": _r(amount[force]),
            "share": _r(amount[force] / total) if total > 0 else None,
            "n_providers": len(providers[force]),
        }
        for force in FORCES
    ]


def _clustered(on_projects: dict[str, Any], total: float) -> dict[str, Any]:
    forces, amount, county = on_projects["forces"], on_projects["amount"], on_projects["county"]
    projects = [
        {
            "project_id": pr,
            "county_id": county[pr],
            "forces": sorted(forces[pr]),
            "total_cny": _r(amount[pr]),
        }
        for pr in sorted(forces)
        if len(forces[pr]) >= 2
    ]
    carried = sum(amount[p["project_id"]] for p in projects)
    return {
        "projects": projects,
        "n_projects": len(projects),
        "total_cny": _r(carried),
        "share": _r(carried / total) if total > 0 else None,
    }
