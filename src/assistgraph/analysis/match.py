r"""Breakthrough points: rank provider × county × industry proposals.

Every proposal **rests on the county's own resources or industries** (its
``HAS_INDUSTRY`` industries and the industries of its resources): the target industry
*i* is one of them, or lies one chain link **downstream** of one (a use or processing
stage of what the county has). An input the county would have to start producing (an
industry upstream of its own, e.g. daylily growing for a tourism county) is not
proposed. Targets are where a proposal closes a gap:

* an ``unmatched_resource`` gap (county *c*, resource in industry *r*): target *r* and
  the industries one link downstream of *r*;
* a ``missing`` chain stage *s* of a core industry of county *c* (see
  :func:`~assistgraph.analysis.chains.chains`, depth 1) that rests on *c*'s own
  resources or industries as above.

For a target (*c*, *i*), every provider with ``cap(p, i) > 0`` is a candidate (found
through an index of providers by industry, so the work grows with the proposals, not
with providers × targets), and the proposal's score is

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
  with :math:`\text{link}_{ij}=1/\max(d_i, d_j)` for a chain link between *i* and *j*
  (:math:`d` the number of industries an industry is linked to: a hub's links count
  for less in proportion to its degree) and :math:`C_i` the counties that have *i*;
  0 when *i* has no proximity to anything;
* a provider that already supports *i* in *c* (``SUPPORTS_INDUSTRY``) is not
  proposed there again;
* ``pair(p, c)`` = 1 if *p* is currently paired with *c* (a strong prior), else 0;
* ``res(c, i)``, how firmly the proposal rests on the county's own: 1 if *c* has a
  resource or an industry in *i*; else :math:`0.5/\max(d_a, d_i)` for the best own
  industry *a* one link upstream of *i* (so a hub such as tourism, linked to many
  industries, lends each of them little);
* ``frag(p, c)`` = :math:`1-HHI_c` (funding HHI of the county, all years) when
  *p* would be a new provider for *c* (neither paired with nor funding it) and
  a small one (its total funding is below the median of the funding providers;
  a provider that funds nothing is small); else 0. A county without funding
  has ``frag`` 0.

Scores lie in [−0.2, 1] and are rounded to 4 decimals. Each proposal carries
``starts_from`` (the county's own resource or industry it rests on), ``why`` (one
sentence per term that contributes, the first naming what it starts from) and
``paths`` (node-key paths in the graph that support it).
"""

from __future__ import annotations

import heapq
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..errors import AnalysisError
from ..graph import Facts, as_of_date, facts, resolve_ids
from ..i18n import N_, Message, gettext, message
from ..targets import Targets
from ._candidates import Ranked, every_candidate, first_candidates, ranked_candidates
from ._gap_county import unmatched_resource
from ._gap_rules import Ctx
from .chains import chain_stages, county_industry_sets
from .concentration import hhi
from .engines import Engine, default_engine

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["PER_TARGET", "WEIGHTS", "match", "relatedness_density"]

#: the providers ``match`` proposes per target (county, industry) by default
PER_TARGET = 10

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
    near = f.chain_neighbours()
    for i, adj in near.items():
        for j in adj:
            link = 1.0 / max(len(adj), len(near.get(j, ())), 1)  # hubs count for less
            phi[i][j] = phi[j][i] = max(phi[i].get(j, 0.0), link)
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
    phi = _proximity(f, has, engine or default_engine())
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


def _anchors(f: Facts) -> dict[str, dict[str, tuple[str, str]]]:
    """County -> own industry -> what it rests on: ("resource", id) or ("industry", role)."""
    out: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    county = f.located("Resource")
    for r, i in sorted(f.in_industry("Resource").items()):
        if r in county:
            out[county[r]].setdefault(i, ("resource", r))
    for c, i, props in sorted(f.edges("HAS_INDUSTRY", "County", "Industry"), key=lambda e: e[:2]):
        out[c].setdefault(i, ("industry", str(props.get("role") or "")))
    return out


def _rest(
    c: str,
    i: str,
    own: dict[str, dict[str, tuple[str, str]]],
    up: dict[str, set[str]],
    degree: dict[str, int],
) -> tuple[float, str | None]:
    """How firmly (c, i) rests on the county's own (see ``res``) and the industry it starts from."""
    here = own.get(c, {})
    if i in here:
        return 1.0, i
    best: tuple[float, str | None] = (0.0, None)
    for a in sorted(up.get(i, ())):  # own industries one link upstream of i
        if a in here:
            w = 0.5 / max(degree.get(a, 1), degree.get(i, 1), 1)
            if w > best[0]:
                best = (w, a)
    return best


def _targets(
    f: Facts, own: dict[str, dict[str, tuple[str, str]]], down: dict[str, set[str]]
) -> dict[tuple[str, str], list[str]]:
    """(county, industry) -> the gaps a proposal there would help close."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for g in unmatched_resource(Ctx.of(f, Targets(), as_of_date(None), None)):
        d = g["detail"]
        for i in [d["industry_id"], *sorted(down.get(d["industry_id"], ()))]:
            out[(g["county_id"], i)].append(f"unmatched_resource:{d['resource_id']}")
    for row in chain_stages(f, 1):
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
    per_target: int | None = PER_TARGET,
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
    per_target : int or None
        Keep the best ``per_target`` providers of each target (county, industry)
        (default :data:`PER_TARGET`; ties by provider id); None keeps every candidate.
        The cap makes the work grow with the targets (about n log n in the data),
        not with targets × capable providers.
    engine : Engine, optional
        Where the county overlaps behind the proximity φ are counted:
        :func:`~assistgraph.analysis.engines.default_engine` (default: igraph, in memory)
        or :class:`~assistgraph.jobs.GdsEngine` (node similarity on the
        Neo4j server); the scores are the same.

    Returns
    -------
    list of dict
        ``provider_id``, ``force``, ``county_id``, ``industry_id``, ``score``, ``terms``
        (the five terms of the formula), ``starts_from`` (``{"kind": "resource" |
        "industry", "id", "industry_id"}`` and, for an industry, its ``role``: the
        county's own resource or industry the proposal rests on), ``closes`` (gap
        references), ``why`` and ``paths``; best first (ties by county, industry,
        provider).

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
    phi = _proximity(f, has, engine or default_engine())
    near = f.chain_neighbours()
    degree = {i: len(v) for i, v in near.items()}
    up: dict[str, set[str]] = defaultdict(set)
    down: dict[str, set[str]] = defaultdict(set)
    for a, b, _ in f.edges("SUPPLIES", "Industry", "Industry"):
        if a != b:
            down[a].add(b)
            up[b].add(a)
    caps = f.capabilities()
    capable_only = {p: set(v) for p, v in caps.items()}
    already: set[tuple[str, str, str]] = set()
    for p, i, props in f.edges("SUPPORTS_INDUSTRY", "Provider", "Industry"):
        caps[p].add(i)
        already.add((p, str(props.get("county_id")), i))
    # industry -> providers with cap 1 / providers capable one link away (cap 0.5)
    direct: dict[str, set[str]] = defaultdict(set)
    for p, inds in caps.items():
        for i in inds:
            direct[i].add(p)
    paired = Ctx.of(f, Targets(), as_of_date(None), None).paired
    own = _anchors(f)
    spread, funders, small = _fragmentation(f)
    if per_target is not None and per_target < 1:
        msg = gettext("per_target must be at least 1, got {n}", n=per_target)
        raise AnalysisError(msg)
    ranked = ranked_candidates(direct, near, small, funders) if per_target is not None else None
    found = _scored(
        _targets(f, own, down), wanted, own, up, degree, phi, has, near, direct, already,
        paired, spread, funders, small, min_score, per_target, ranked,
    )  # fmt: skip
    key = lambda r: (-r[0], r[1], r[2], r[3])  # noqa: E731
    kept = heapq.nsmallest(top, found, key=key) if top is not None else sorted(found, key=key)
    names = _Names(f)
    return [_proposal(f, names, own, caps, near, capable_only, *r) for r in kept]


def _scored(
    targets: dict[tuple[str, str], list[str]],
    wanted: set[str] | None,
    own: dict[str, dict[str, tuple[str, str]]],
    up: dict[str, set[str]],
    degree: dict[str, int],
    phi: dict[str, dict[str, float]],
    has: dict[str, set[str]],
    near: dict[str, set[str]],
    direct: dict[str, set[str]],
    already: set[tuple[str, str, str]],
    paired: dict[str, dict[str, Any]],
    spread: dict[str, float],
    funders: dict[str, set[str]],
    small: set[str],
    min_score: float | None,
    per_target: int | None,
    ranked: Ranked | None,
) -> Iterator[tuple[Any, ...]]:
    """Light records ``(score, c, i, p, cap, rel, pair, res, frag, start, closes)``: a few
    lookups per candidate; the proposal dicts and sentences are made for those kept.

    With ``per_target``, only a few candidates per target are scored: a target's
    candidates fall into classes of equal score (paired or not, cap 1 or 0.5,
    penalised as a small new provider or not), and within a class the best are those
    with the smallest ids, so the ``per_target`` smallest ids of each class (see
    :func:`._candidates.first_candidates`) hold the target's best."""
    w_cap, w_rel, w_pair, w_res, w_frag = (
        WEIGHTS[k] for k in ("cap", "rel", "pair", "res", "frag")
    )
    for (c, i), closes in sorted(targets.items()):
        if wanted is not None and c not in wanted:
            continue
        res, start = _rest(c, i, own, up, degree)
        if start is None:
            continue  # rests on nothing the county has (e.g. an input for a hub industry)
        rel = round(_density(phi, has.get(c, set()), i), 6)
        gaps = sorted(set(closes))
        mine = direct.get(i, set())
        here, h, funding = paired.get(c, {}), spread.get(c), funders.get(c, set())
        fixed = w_rel * rel + w_res * res
        if per_target is None or ranked is None:
            candidates: Iterable[tuple[str, float]] = every_candidate(i, mine, near, direct)
        else:
            candidates = first_candidates(
                c, i, per_target, ranked, mine, here, already, penalised=h is not None
            )
        records = []
        for p, cap in candidates:
            if (p, c, i) in already:
                continue
            pair = 1.0 if p in here else 0.0
            new_small = h is not None and not pair and p not in funding and p in small
            fr = round(1 - h, 6) if new_small and h is not None else 0.0
            score = round(fixed + w_cap * cap + w_pair * pair - w_frag * fr, 4)
            if min_score is None or score >= min_score:
                records.append((score, c, i, p, cap, rel, pair, res, fr, start, gaps))
        if per_target is not None:
            records = heapq.nsmallest(per_target, records, key=lambda r: (-r[0], r[3]))
        yield from records


class _Names:
    """``name (id)`` of nodes, looked up once each."""

    def __init__(self, f: Facts) -> None:
        self.f = f
        self.seen: dict[tuple[str, str], str] = {}

    def __call__(self, label: str, nid: str) -> str:
        key = (label, nid)
        if key not in self.seen:
            zh, _ = self.f.name(label, nid)
            self.seen[key] = f"{zh} ({nid})" if zh != nid else nid
        return self.seen[key]


def _proposal(
    f: Facts,
    nm: _Names,
    own: dict[str, dict[str, tuple[str, str]]],
    caps: dict[str, set[str]],
    near: dict[str, set[str]],
    capable_only: dict[str, set[str]],
    score: float,
    c: str,
    i: str,
    p: str,
    cap: float,
    rel: float,
    pair: float,
    res: float,
    fr: float,
    start: str,
    closes: list[str],
) -> dict[str, Any]:
    terms = {"cap": cap, "rel": rel, "pair": pair, "res": res, "frag": fr}
    cap_path = _cap_term(p, i, caps, near)[1]
    kind, what = own[c][start]
    starts = {"kind": kind, "id": what if kind == "resource" else start}
    starts["industry_id"] = start
    if kind == "industry":
        starts["role"] = what
    res_path = [f"County:{c}"]
    res_path += [f"Resource:{what}"] if kind == "resource" else []
    res_path += [f"Industry:{start}"] + ([f"Industry:{i}"] if start != i else [])
    return {
        "provider_id": p,
        "force": f.force_of(p),
        "county_id": c,
        "industry_id": i,
        "score": score,
        "terms": terms,
        "starts_from": starts,
        "closes": closes,
        "why": (why := _why(nm, p, c, i, terms, cap_path, starts, capable_only)),
        "why_messages": [w.translations for w in why],
        "paths": [cap_path, res_path]
        + ([[f"Provider:{p}", f"County:{c}"]] if terms["pair"] else []),
    }


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


def _fragmentation(f: Facts) -> tuple[dict[str, float], dict[str, set[str]], set[str]]:
    """Per county its funding HHI and funders; the small providers (below the median)."""
    per_county: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    per_provider: dict[str, float] = defaultdict(float)
    for p, _, c, amount, _ in f.funding_facts():
        if c is not None and amount > 0:
            per_county[c][p] += amount
            per_provider[p] += amount
    median = statistics.median(per_provider.values()) if per_provider else 0.0
    spread = {c: h for c, v in per_county.items() if (h := hhi(list(v.values()))) is not None}
    funders = {c: set(v) for c, v in per_county.items()}
    small = {p for p in f.providers if per_provider.get(p, 0.0) < median or p not in per_provider}
    return spread, funders, small


#: The sentences of ``why`` (whole format strings, translated as they are).
WHY: dict[str, str] = {
    "start_resource": N_("{county} has the resource {resource} ({industry})"),
    "start_industry": N_("{county} has the {role} industry {industry}"),
    "start_link": N_("{county}'s own {start} is one chain link upstream of {industry}"),
    "cap": N_("{provider} is capable in {industry}"),
    "cap_elsewhere": N_("{provider} supports elsewhere {industry}"),
    "cap_link": N_("{provider} is capable in {adjacent}, one chain link from {industry}"),
    "cap_link_elsewhere": N_(
        "{provider} supports elsewhere {adjacent}, one chain link from {industry}"
    ),
    "pair": N_("{provider} is already paired with {county}"),
    "rel": N_("relatedness density of {county} around {industry}: {rel:.2f}"),
    "frag": N_(
        "penalty: {county} is already fragmented (1 − HHI = {frag:.2f}) "
        "and this would add a small new provider"
    ),
}
#: a county industry's role in a ``why`` sentence
ROLE_WORDS = {"key": N_("key"), "characteristic": N_("characteristic"), "own": N_("own")}


def _why(
    nm: _Names,
    p: str,
    c: str,
    i: str,
    terms: dict[str, float],
    cap_path: list[str],
    starts: dict[str, str],
    capable_only: dict[str, set[str]],
) -> list[Message]:
    def capable(j: str) -> bool:
        return j in capable_only.get(p, set())

    start = starts["industry_id"]
    if starts["kind"] == "resource":
        out = [
            message(
                WHY["start_resource"],
                county=nm("County", c),
                resource=nm("Resource", starts["id"]),
                industry=nm("Industry", start),
            )
        ]
    else:
        out = [
            message(
                WHY["start_industry"],
                county=nm("County", c),
                role=message(ROLE_WORDS.get(starts.get("role") or "own", starts.get("role") or "")),
                industry=nm("Industry", start),
            )
        ]
    if start != i:
        out.append(
            message(
                WHY["start_link"],
                county=nm("County", c),
                start=nm("Industry", start),
                industry=nm("Industry", i),
            )
        )
    if terms["cap"] == 1.0:
        out.append(
            message(
                WHY["cap" if capable(i) else "cap_elsewhere"],
                provider=nm("Provider", p),
                industry=nm("Industry", i),
            )
        )
    else:
        adj = cap_path[1].split(":", 1)[1]
        out.append(
            message(
                WHY["cap_link" if capable(adj) else "cap_link_elsewhere"],
                provider=nm("Provider", p),
                adjacent=nm("Industry", adj),
                industry=nm("Industry", i),
            )
        )
    if terms["pair"]:
        out.append(message(WHY["pair"], provider=nm("Provider", p), county=nm("County", c)))
    if terms["rel"]:
        out.append(message(WHY["rel"], county=nm("County", c), industry=i, rel=terms["rel"]))
    if terms["frag"]:
        out.append(message(WHY["frag"], county=nm("County", c), frag=terms["frag"]))
    return out
