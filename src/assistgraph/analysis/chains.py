"""Industrial-chain links: chain completeness per county, clusters, brokers, brands.

A *chain* is a weakly connected component of the ``SUPPLIES`` graph (industry →
industry, upstream → downstream); its id is its smallest industry id.

For each county's ``key`` and ``characteristic`` industries (``HAS_INDUSTRY``),
the *stages* are the industries up to ``depth`` chain links upstream and
downstream. Each stage is:

* ``present``: the county has it (``HAS_INDUSTRY`` of any role, a resource or a
  project in that industry);
* ``supplied``: not present, but a provider paired with the county is capable in
  it (``CAPABLE_IN``) or supports it there (``SUPPORTS_INDUSTRY`` with that county);
* ``missing``: neither.

``completeness`` = present stages / stages, ``coverage`` = (present + supplied) /
stages (both ``None`` for an industry without chain links).

Clusters: counties linked by the number of chain industries (core industries and
their stages) they share, grouped into weighted communities (deterministic):
Leiden in igraph (the default engine) and with ``--engine gds``, greedy
modularity with ``--engine networkx``. Brokers:
betweenness centrality (normalised) of counties and providers in the undirected
graph of ``HAS_INDUSTRY``, ``SUPPLIES``,
``CAPABLE_IN``, ``SUPPORTS_INDUSTRY`` and ``PAIRED_WITH``. Brands: per chain, each
brand with its industry, the counties it lists, and ``not_reached``: counties
that have the brand's industry but are not listed by it.

Betweenness is exact up to 2,000 nodes in memory and estimated from 256 pivots
(fixed seed) above — a rough estimate that can rank the top brokers quite
differently (``brokers_method`` says which); with ``--engine gds`` it is exact at
every size (see :mod:`assistgraph.analysis.engines`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..graph import Facts, facts
from ..i18n import gettext
from .engines import Engine, default_engine

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["chains", "county_industry_sets"]

CORE_ROLES = ("key", "characteristic")
#: Relationship types the chain analysis reads (``Store.export_graph(rel_types=…)``).
REL_TYPES = (
    "HAS_INDUSTRY",
    "SUPPLIES",
    "CAPABLE_IN",
    "SUPPORTS_INDUSTRY",
    "PAIRED_WITH",
    "LOCATED_IN",
    "IN_INDUSTRY",
    "PART_OF",
    "BRAND_OF",
    "PROMOTES",
)


def _within(adj: dict[str, set[str]], start: str, depth: int) -> dict[str, int]:
    """Industries reachable from ``start`` in at most ``depth`` steps, with their distance."""
    seen = {start: 0}
    frontier = [start]
    for d in range(1, depth + 1):
        nxt = []
        for i in frontier:
            for j in sorted(adj.get(i, ())):
                if j not in seen:
                    seen[j] = d
                    nxt.append(j)
        frontier = nxt
    seen.pop(start)
    return seen


def county_industry_sets(f: Facts) -> dict[str, set[str]]:
    """County id -> industries it has (``HAS_INDUSTRY``, resources, projects)."""
    has: dict[str, set[str]] = defaultdict(set)
    for c, i, _ in f.edges("HAS_INDUSTRY", "County", "Industry"):
        has[c].add(i)
    for label in ("Resource", "Project"):
        county = f.located(label)
        for nid, i in f.in_industry(label).items():
            if nid in county:
                has[county[nid]].add(i)
    return has


def _chains(f: Facts) -> tuple[list[dict[str, Any]], dict[str, str]]:
    import networkx as nx

    H = nx.Graph()
    H.add_nodes_from(f.of("Industry"))
    H.add_edges_from((a, b) for a, b, _ in f.edges("SUPPLIES", "Industry", "Industry"))
    out = []
    chain_of: dict[str, str] = {}
    for comp in nx.connected_components(H):
        inds = sorted(comp)
        cid = inds[0]
        for i in inds:
            chain_of[i] = cid
        out.append(
            {"chain_id": cid, "industries": inds, "links": H.subgraph(comp).number_of_edges()}
        )
    return sorted(out, key=lambda c: c["chain_id"]), chain_of


def chain_stages(f: Facts, depth: int) -> list[dict[str, Any]]:
    up: dict[str, set[str]] = defaultdict(set)
    down: dict[str, set[str]] = defaultdict(set)
    for a, b, _ in f.edges("SUPPLIES", "Industry", "Industry"):
        down[a].add(b)
        up[b].add(a)
    has = county_industry_sets(f)
    paired = f.paired()
    caps = f.capabilities()
    supports: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p, i, props in f.edges("SUPPORTS_INDUSTRY", "Provider", "Industry"):
        supports[(str(props.get("county_id")), i)].add(p)
    rows = []
    core = sorted(
        (c, i, props.get("role"))
        for c, i, props in f.edges("HAS_INDUSTRY", "County", "Industry")
        if props.get("role") in CORE_ROLES
    )
    for c, i, role in core:
        stages = []
        for position, adj in (("upstream", up), ("downstream", down)):
            for s, dist in sorted(_within(adj, i, depth).items(), key=lambda kv: (kv[1], kv[0])):
                suppliers = sorted(
                    {p for p in paired.get(c, {}) if s in caps.get(p, set())}
                    | supports.get((c, s), set())
                )
                status = (
                    "present" if s in has.get(c, set()) else "supplied" if suppliers else "missing"
                )
                stages.append(
                    {
                        "industry_id": s,
                        "position": position,
                        "distance": dist,
                        "status": status,
                        "providers": suppliers,
                    }
                )
        n = len(stages)
        present = sum(1 for s in stages if s["status"] == "present")
        supplied = sum(1 for s in stages if s["status"] == "supplied")
        rows.append(
            {
                "county_id": c,
                "industry_id": i,
                "role": role,
                "stages": stages,
                "present": present,
                "supplied": supplied,
                "missing": n - present - supplied,
                "completeness": round(present / n, 6) if n else None,
                "coverage": round((present + supplied) / n, 6) if n else None,
            }
        )
    return rows


def _clusters(f: Facts, stage_rows: list[dict[str, Any]], engine: Engine) -> list[dict[str, Any]]:
    chain_set: dict[str, set[str]] = defaultdict(set)
    for r in stage_rows:
        chain_set[r["county_id"]].add(r["industry_id"])
        chain_set[r["county_id"]].update(s["industry_id"] for s in r["stages"])
    counties = sorted(chain_set)
    pairs = []
    for i, a in enumerate(counties):
        for b in counties[i + 1 :]:
            shared = chain_set[a] & chain_set[b]
            if shared:
                pairs.append((a, b, float(len(shared))))
    if not pairs:
        return []
    comms = engine.communities(counties, pairs)
    out = []
    for comm in comms:
        members = sorted(comm)
        if len(members) < 2:
            continue
        shared = set.intersection(*(chain_set[c] for c in members))
        common: dict[str, int] = defaultdict(int)
        for c in members:
            for i in chain_set[c]:
                common[i] += 1
        out.append(
            {
                "counties": members,
                "shared_industries": sorted(shared),
                "industries": sorted(i for i, n in common.items() if n >= 2),
            }
        )
    out.sort(key=lambda r: (-len(r["counties"]), r["counties"]))
    for n, r in enumerate(out, 1):
        r["cluster"] = n
    return out


def _broker_edges(f: Facts) -> list[tuple[str, str]]:
    spec = (
        ("HAS_INDUSTRY", "County", "Industry"),
        ("SUPPLIES", "Industry", "Industry"),
        ("CAPABLE_IN", "Provider", "Industry"),
        ("SUPPORTS_INDUSTRY", "Provider", "Industry"),
        ("PAIRED_WITH", "Provider", "County"),
    )
    return [(f"{a}:{s}", f"{b}:{d}") for rtype, a, b in spec for s, d, _ in f.edges(rtype, a, b)]


def _brokers(
    f: Facts, engine: Engine, edges: list[tuple[str, str]] | None = None
) -> list[dict[str, Any]]:
    bc = engine.betweenness(_broker_edges(f) if edges is None else edges)
    out = []
    for node, value in bc.items():
        label, nid = node.split(":", 1)
        if label in ("County", "Provider") and value > 0:
            zh, en = f.name(label, nid)
            out.append(
                {
                    "kind": label.lower(),
                    "id": nid,
                    "name_zh": zh,
                    "name_en": en,
                    "betweenness": round(value, 6),
                }
            )
    return sorted(out, key=lambda r: (-r["betweenness"], r["kind"], r["id"]))


def _brands(f: Facts, chain_of: dict[str, str]) -> list[dict[str, Any]]:
    industry = f.in_industry("Brand")
    listed: dict[str, set[str]] = defaultdict(set)
    for b, c, _ in f.edges("BRAND_OF", "Brand", "County"):
        listed[b].add(c)
    promoters: dict[str, set[str]] = defaultdict(set)
    for p, b, _ in f.edges("PROMOTES", "Provider", "Brand"):
        promoters[b].add(p)
    has = county_industry_sets(f)
    out = []
    for b in sorted(f.of("Brand")):
        i = industry.get(b)
        reach = sorted(c for c, inds in has.items() if i is not None and i in inds)
        out.append(
            {
                "brand_id": b,
                "name_zh": f.of("Brand")[b].get("name_zh"),
                "industry_id": i,
                "chain_id": chain_of.get(i) if i else None,
                "counties": sorted(listed.get(b, set())),
                "promoted_by": sorted(promoters.get(b, set())),
                "not_reached": [c for c in reach if c not in listed.get(b, set())],
            }
        )
    return sorted(out, key=lambda r: (r["chain_id"] or "", r["brand_id"]))


def chains(G: nx.MultiDiGraph, *, depth: int = 1, engine: Engine | None = None) -> dict[str, Any]:
    """Chain completeness per county, clusters of counties, brokers and brands.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The programme graph (``Store.export_graph()``). Not modified.
    depth : int
        Chain links to follow up- and downstream of each core industry (≥ 1).
    engine : Engine, optional
        Where betweenness (brokers) and communities (clusters) are computed:
        :func:`~assistgraph.analysis.engines.default_engine` (igraph, else NetworkX) or
        :class:`~assistgraph.jobs.GdsEngine` (the Neo4j server's Graph
        Data Science library).

    Returns
    -------
    dict
        ``{"chains": [...], "counties": [...], "clusters": [...], "brokers": [...],
        "brokers_method": str, "brands": [...]}`` (``brokers_method``: exact, or
        estimated from pivots above 2,000 nodes in NetworkX).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for i in ("I1", "I2"):
    ...     G.add_node(f"Industry:{i}", label="Industry", id=i)
    >>> G.add_node("County:C1", label="County", id="C1")
    >>> _ = G.add_edge("Industry:I1", "Industry:I2", key="SUPPLIES", type="SUPPLIES")
    >>> _ = G.add_edge("County:C1", "Industry:I1", key="HAS_INDUSTRY", type="HAS_INDUSTRY",
    ...                role="key")
    >>> row = chains(G)["counties"][0]
    >>> row["stages"][0]["industry_id"], row["stages"][0]["status"], row["completeness"]
    ('I2', 'missing', 0.0)
    """
    if depth < 1:
        msg = gettext("depth must be at least 1, got {depth}", depth=depth)
        raise ValueError(msg)
    engine = engine or default_engine()
    f = facts(G)
    chain_list, chain_of = _chains(f)
    stage_rows = chain_stages(f, depth)
    for r in stage_rows:
        r["chain_id"] = chain_of.get(r["industry_id"])
    broker_edges = _broker_edges(f)
    return {
        "chains": chain_list,
        "counties": stage_rows,
        "clusters": _clusters(f, stage_rows, engine),
        "brokers": _brokers(f, engine, broker_edges),
        "brokers_method": engine.betweenness_method(len({n for e in broker_edges for n in e})),
        "brands": _brands(f, chain_of),
    }
