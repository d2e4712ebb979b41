r"""Breakthrough points: rank provider × county × industry proposals.

Proposals aim at two kinds of gap:

* an ``unmatched_resource`` gap (county *c*, resource in industry *r*): target
  industries *r* and every industry one chain link from it;
* a ``missing`` chain stage *s* of a core industry of county *c* (see
  :func:`~assistgraph.analysis.chains.chains`, depth 1): target industry *s*.

For a target (*c*, *i*), every provider with ``cap(p, i) > 0`` is a candidate,
and the proposal's score is

.. math::

    \text{score} = 0.35\,\text{cap}(p,i) + 0.25\,\text{rel}(c,i)
                 + 0.25\,\text{pair}(p,c) + 0.15\,\text{res}(c,i)
                 - 0.20\,\text{frag}(p,c)

where

* ``cap(p, i)`` = 1 if *p* is capable in *i* (``CAPABLE_IN``) or supports it in
  any county (``SUPPORTS_INDUSTRY``); 0.5 if it is only capable in an industry
  one chain link from *i* (an adjacent stage); else 0 (not a candidate);
* ``rel(c, i)``, the relatedness density of *c* around *i*:
  :math:`\sum_{j\ne i}\varphi_{ij}x_{cj} / \sum_{j\ne i}\varphi_{ij}`, where
  :math:`x_{cj}=1` if *c* has industry *j* (``HAS_INDUSTRY`` of any role, a
  resource or a project in *j*) and the proximity
  :math:`\varphi_{ij}=\max(\text{link}_{ij}, |C_i\cap C_j|/\max(|C_i|,|C_j|))`,
  with :math:`\text{link}_{ij}=1` for a chain link between *i* and *j* and
  :math:`C_i` the counties that have *i* (shared industries of similar counties);
  0 when *i* has no proximity to anything;
* a provider that already supports *i* in *c* (``SUPPORTS_INDUSTRY``) is not
  proposed there again;
* ``pair(p, c)`` = 1 if *p* is already paired with *c* (a strong prior), else 0;
* ``res(c, i)`` = 1 if *c* has a resource in *i*, 0.5 if in an industry one
  chain link from *i*, else 0;
* ``frag(p, c)`` = :math:`1-HHI_c` (funding HHI of the county, all years) when
  *p* would be a new provider for *c* (neither paired with nor funding it) and
  a small one (its total funding is below the median of the funding providers;
  a provider that funds nothing is small); else 0. A county without funding
  has ``frag`` 0.

Scores lie in [−0.2, 1] and are rounded to 4 decimals. Each proposal carries
``why`` (one sentence per term that contributes) and ``paths`` (node-key paths
in the graph that support it).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..graph import Facts, as_of_date, facts, resolve_ids
from ..targets import Targets
from ._gap_county import unmatched_resource
from ._gap_rules import Ctx
from .chains import _stages, county_industry_sets
from .concentration import hhi
from .engines import Engine, NetworkXEngine

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["WEIGHTS", "match", "relatedness_density"]

WEIGHTS: dict[str, float] = {"cap": 0.35, "rel": 0.25, "pair": 0.25, "res": 0.15, "frag": 0.20}


def _proximity(f: Facts, has: dict[str, set[str]], engine: Engine) -> dict[str, dict[str, float]]:
    counties_of: dict[str, set[str]] = defaultdict(set)
    for c, inds in has.items():
        for i in inds:
            counties_of[i].add(c)
    phi: dict[str, dict[str, float]] = defaultdict(dict)
    for (i, j), both in engine.shared(counties_of).items():
        v = both / max(len(counties_of[i]), len(counties_of[j]))
        phi[i][j] = phi[j][i] = v
    for i, near in f.chain_neighbours().items():
        for j in near:
            phi[i][j] = phi[j][i] = 1.0
    return phi


def relatedness_density(
    G: nx.MultiDiGraph, *, engine: Engine | None = None
) -> dict[tuple[str, str], float]:
    """Relatedness density of every county around every industry (see the module formula).

    ``engine``: where the county overlaps of industries are counted (default
    in memory; :class:`~assistgraph.jobs.GdsEngine`: on the server).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1")
    >>> for i in ("I1", "I2"):
    ...     G.add_node(f"Industry:{i}", label="Industry", id=i)
    >>> _ = G.add_edge("Industry:I1", "Industry:I2", key="SUPPLIES", type="SUPPLIES")
    >>> _ = G.add_edge("County:C1", "Industry:I1", key="HAS_INDUSTRY", type="HAS_INDUSTRY",
    ...                role="key")
    >>> relatedness_density(G)[("C1", "I2")]
    1.0
    """
    f = facts(G)
    has = county_industry_sets(f)
    phi = _proximity(f, has, engine or NetworkXEngine())
    return {
        (c, i): _density(phi, has.get(c, set()), i)
        for c in sorted(f.counties)
        for i in sorted(f.of("Industry"))
    }


def _density(phi: dict[str, dict[str, float]], own: set[str], i: str) -> float:
    near = phi.get(i, {})
    denom = sum(near.values())
    if denom == 0:
        return 0.0
    return sum(v for j, v in near.items() if j in own) / denom


def _targets(f: Facts) -> dict[tuple[str, str], list[str]]:
    """(county, industry) -> the gaps a proposal there would help close."""
    near = f.chain_neighbours()
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for g in unmatched_resource(Ctx.of(f, Targets(), as_of_date(None), None)):
        d = g["detail"]
        for i in [d["industry_id"], *sorted(near.get(d["industry_id"], ()))]:
            out[(g["county_id"], i)].append(f"unmatched_resource:{d['resource_id']}")
    for row in _stages(f, 1):
        for s in row["stages"]:
            if s["status"] == "missing":
                out[(row["county_id"], s["industry_id"])].append(
                    f"missing_stage:{row['industry_id']}->{s['industry_id']}"
                )
    return out


def match(
    G: nx.MultiDiGraph,
    *,
    county: str | Iterable[str] | None = None,
    top: int | None = None,
    min_score: float | None = None,
    engine: Engine | None = None,
) -> list[dict[str, Any]]:
    """Rank provider × county × industry proposals that would close gaps.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The programme graph (``Store.export_graph()``). Not modified.
    county : str or list of str, optional
        Only proposals for these counties (ids or names).
    top : int, optional
        Keep only the best ``top`` proposals.
    min_score : float, optional
        Drop proposals scoring below this.
    engine : Engine, optional
        Where the county overlaps behind the proximity φ are counted:
        :class:`~assistgraph.analysis.engines.NetworkXEngine` (default, in memory)
        or :class:`~assistgraph.jobs.GdsEngine` (node similarity on the
        Neo4j server); the scores are the same.

    Returns
    -------
    list of dict
        ``provider_id``, ``county_id``, ``industry_id``, ``score``, ``terms`` (the
        five terms of the formula), ``closes`` (gap references), ``why`` and
        ``paths``; best first (ties by county, industry, provider).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1")
    >>> G.add_node("Industry:I1", label="Industry", id="I1")
    >>> G.add_node("Resource:C1/tea", label="Resource", id="C1/tea", county_id="C1",
    ...            industry_id="I1")
    >>> G.add_node("Provider:E1", label="Provider", id="E1", force="east_west")
    >>> _ = G.add_edge("Provider:E1", "Industry:I1", key="CAPABLE_IN", type="CAPABLE_IN")
    >>> [(m["provider_id"], m["industry_id"], m["score"]) for m in match(G)]
    [('E1', 'I1', 0.5)]
    """
    f = facts(G)
    wanted = resolve_ids(f, "County", county, "county")
    has = county_industry_sets(f)
    phi = _proximity(f, has, engine or NetworkXEngine())
    near = f.chain_neighbours()
    caps = f.capabilities()
    capable_only = {p: set(v) for p, v in caps.items()}
    already: set[tuple[str, str, str]] = set()
    for p, i, props in f.edges("SUPPORTS_INDUSTRY", "Provider", "Industry"):
        caps[p].add(i)
        already.add((p, str(props.get("county_id")), i))
    paired = f.paired()
    res_in: dict[str, dict[str, str]] = defaultdict(dict)  # county -> industry -> resource
    res_county = f.located("Resource")
    for r, i in sorted(f.in_industry("Resource").items()):
        if r in res_county:
            res_in[res_county[r]].setdefault(i, r)
    frag = _fragmentation(f)

    out = []
    for (c, i), closes in sorted(_targets(f).items()):
        if wanted is not None and c not in wanted:
            continue
        rel = _density(phi, has.get(c, set()), i)
        res, res_path = _resource_term(c, i, res_in, near)
        for p in sorted(caps):
            cap, cap_path = _cap_term(p, i, caps, near)
            if cap == 0 or (p, c, i) in already:
                continue
            pair = 1.0 if p in paired.get(c, {}) else 0.0
            fr = frag(p, c)
            terms = {"cap": cap, "rel": round(rel, 6), "pair": pair, "res": res, "frag": fr}
            score = sum(WEIGHTS[k] * v for k, v in terms.items() if k != "frag")
            score -= WEIGHTS["frag"] * fr
            out.append(
                {
                    "provider_id": p,
                    "force": f.force_of(p),
                    "county_id": c,
                    "industry_id": i,
                    "score": round(score, 4),
                    "terms": terms,
                    "closes": sorted(set(closes)),
                    "why": _why(f, p, c, i, terms, cap_path, res_path, capable_only),
                    "paths": [x for x in (cap_path, res_path) if x]
                    + ([[f"Provider:{p}", f"County:{c}"]] if pair else []),
                }
            )
    out.sort(key=lambda m: (-m["score"], m["county_id"], m["industry_id"], m["provider_id"]))
    if min_score is not None:
        out = [m for m in out if m["score"] >= min_score]
    return out[:top] if top is not None else out


def _cap_term(
    p: str, i: str, caps: dict[str, set[str]], near: dict[str, set[str]]
) -> tuple[float, list[str]]:
    own = caps.get(p, set())
    if i in own:
        return 1.0, [f"Provider:{p}", f"Industry:{i}"]
    adj = sorted(own & near.get(i, set()))
    if adj:
        return 0.5, [f"Provider:{p}", f"Industry:{adj[0]}", f"Industry:{i}"]
    return 0.0, []


def _resource_term(
    c: str, i: str, res_in: dict[str, dict[str, str]], near: dict[str, set[str]]
) -> tuple[float, list[str]]:
    here = res_in.get(c, {})
    if i in here:
        return 1.0, [f"County:{c}", f"Resource:{here[i]}", f"Industry:{i}"]
    adj = sorted(j for j in near.get(i, set()) if j in here)
    if adj:
        j = adj[0]
        return 0.5, [f"County:{c}", f"Resource:{here[j]}", f"Industry:{j}", f"Industry:{i}"]
    return 0.0, []


def _fragmentation(f: Facts) -> Any:
    per_county: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    per_provider: dict[str, float] = defaultdict(float)
    for r in f.funding():
        if r["county_id"] is not None and r["amount_cny"] > 0:
            per_county[r["county_id"]][r["provider_id"]] += r["amount_cny"]
            per_provider[r["provider_id"]] += r["amount_cny"]
    median = statistics.median(per_provider.values()) if per_provider else 0.0
    paired = f.paired()

    def frag(p: str, c: str) -> float:
        funders = per_county.get(c, {})
        h = hhi(list(funders.values()))
        if h is None or p in funders or p in paired.get(c, {}):
            return 0.0
        small = per_provider.get(p, 0.0) < median or p not in per_provider
        return round(1 - h, 6) if small else 0.0

    return frag


def _why(
    f: Facts,
    p: str,
    c: str,
    i: str,
    terms: dict[str, float],
    cap_path: list[str],
    res_path: list[str],
    capable_only: dict[str, set[str]],
) -> list[str]:
    def nm(label: str, nid: str) -> str:
        zh, _ = f.name(label, nid)
        return f"{zh} ({nid})" if zh != nid else nid

    def how(j: str) -> str:
        return "is capable in" if j in capable_only.get(p, set()) else "supports elsewhere"

    out = []
    if terms["cap"] == 1.0:
        out.append(f"{nm('Provider', p)} {how(i)} {nm('Industry', i)}")
    else:
        adj = cap_path[1].split(":", 1)[1]
        out.append(
            f"{nm('Provider', p)} {how(adj)} {nm('Industry', adj)}, "
            f"one chain link from {nm('Industry', i)}"
        )
    if terms["pair"]:
        out.append(f"{nm('Provider', p)} is already paired with {nm('County', c)}")
    if terms["res"]:
        r = res_path[1].split(":", 1)[1]
        out.append(f"{nm('County', c)} has the resource {nm('Resource', r)}")
    if terms["rel"]:
        out.append(f"relatedness density of {nm('County', c)} around {i}: {terms['rel']:.2f}")
    if terms["frag"]:
        out.append(
            f"penalty: {nm('County', c)} is already fragmented (1 − HHI = {terms['frag']:.2f}) "
            "and this would add a small new provider"
        )
    return out
