"""Chains and match proposals on ``tests/data/gaps`` (both stores).

Chains (SUPPLIES): I1 → I2 → I3 (chain "I1"), I4 → I5 (chain "I4"), I6 alone.
Core industries: C1 I1 (key), C2 I4 (characteristic), C3 I6 (key), C3 I1
(characteristic). Industries a county has (HAS_INDUSTRY, resources, projects):
C1 {I1}, C2 {I4}, C3 {I1, I5, I6}, C4 {I4}.

Depth 1:
* C1/I1 → I2 downstream: C1 lacks it; S1 (paired) is capable in I2 → supplied.
* C2/I4 → I5: no paired provider (D2, E1, S1) can → missing.
* C3/I1 → I2: D1, A1, Z1 cannot → missing. C3/I6 has no links: completeness None.
Depth 2 adds C1/I1 → I3 (distance 2): D1 and E1 (paired, capable in I3) → supplied.

Clusters: chain sets C1 {I1, I2}, C2 {I4, I5}, C3 {I1, I2, I6}: only C1–C3 share
(I1, I2) → one cluster [C1, C3].
Brands: B1 (I1) lists C1 C2; C3 has I1 → not reached. B2 (I4) lists C2; C4 has I4.

Match (score = 0.35 cap + 0.25 rel + 0.25 pair + 0.15 res − 0.20 frag). Chain
degrees: I1 1, I2 2 (I1, I3), I3 1, I4 1, I5 1. A chain link's proximity is 1/max of
its ends' degrees; own resources/industries: C1 {I1}, C2 {I4}, C3 {I1, I5, I6}, C4 {I4}.
Targets rest on them: (C2, I5) starts from I4 (one link upstream): res 0.5/max(1, 1)
= 0.5; (C3, I2) from I1: res 0.5/max(1, 2) = 0.25.
* proximity φ(I5, ·): I4 chain link 1/1; co-occurrence with I6 = |{C3}|/1 = 1, with I1
  = |{C3}|/|{C1, C3}| = 0.5; so rel(C2, I5) = φ(I5, I4)/Σφ = 1/2.5 = 0.4 (C2 has I4).
* provider funding totals (units of 100,000): S1 1, A1 4, D2 8, Z1 8, D1 17, E1 19 →
  median 8; A1 and S1 are small. HHI C2 = 0.52, HHI C3 = 122/324.
* A1 × C2 × I5 (closes C2/I4 → I5 and the C2/高山茶 resource): A1 capable in I4, one
  link from I5 → cap 0.5; not paired; C2's resource is in I4 → res 0.5; new small
  provider → frag 1 − 0.52. score = 0.175 + 0.1 + 0 + 0.075 − 0.096 = 0.254.
* S1 × C2 × I5: S1 supports I4 (in C2), one link from I5 → 0.5; paired; rel 0.4; res
  0.5; frag 0. score = 0.175 + 0.1 + 0.25 + 0.075 = 0.6 (the best proposal).
* D1 × C3 × I2: D1 capable in I3 (adjacent) → 0.5; paired → 1; rel(C3, I2): φ(I2, I1)
  = φ(I2, I3) = 1/2, C3 has I1 → 0.5; res 0.25 (from its resource 牦牛 in I1); frag 0.
  score = 0.175 + 0.125 + 0.25 + 0.0375 = 0.5875.
* S1 × C3 × I2: S1 capable in I2 → 1; not paired; rel 0.5; res 0.25; frag 1 − 122/324.
  score = 0.35 + 0.125 + 0.0375 − 0.2 · 202/324 ≈ 0.3878.
* S1 supports I4 in C2 already: no S1 × C2 × I4 proposal.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from pytest import approx

from assistgraph.analysis import chains, match
from assistgraph.store import Store

from ..conftest import DATA


@pytest.fixture
def G(loaded_store: Callable[[Path | str], Store]) -> nx.MultiDiGraph:
    """``tests/data/gaps`` (the v1 gap fixture) loaded into a fresh store and exported."""
    return loaded_store(DATA / "gaps").export_graph()


def test_chain_stages(G: nx.MultiDiGraph) -> None:
    out = chains(G)
    assert [c["industries"] for c in out["chains"]] == [["I1", "I2", "I3"], ["I4", "I5"], ["I6"]]
    rows = {(r["county_id"], r["industry_id"]): r for r in out["counties"]}
    assert sorted(rows) == [("C1", "I1"), ("C2", "I4"), ("C3", "I1"), ("C3", "I6")]
    c1 = rows[("C1", "I1")]
    assert [
        (s["industry_id"], s["position"], s["status"], s["providers"]) for s in c1["stages"]
    ] == [("I2", "downstream", "supplied", ["S1"])]
    assert (c1["completeness"], c1["coverage"]) == (0, 1)
    assert rows[("C2", "I4")]["stages"][0]["status"] == "missing"
    assert rows[("C3", "I1")]["missing"] == 1
    assert rows[("C3", "I6")]["completeness"] is None
    deep = {(r["county_id"], r["industry_id"]): r for r in chains(G, depth=2)["counties"]}
    i3 = next(s for s in deep[("C1", "I1")]["stages"] if s["industry_id"] == "I3")
    assert (i3["distance"], i3["status"], i3["providers"]) == (2, "supplied", ["D1", "E1"])


def test_clusters_brands_brokers(G: nx.MultiDiGraph) -> None:
    out = chains(G)
    assert [c["counties"] for c in out["clusters"]] == [["C1", "C3"]]
    assert out["clusters"][0]["shared_industries"] == ["I1", "I2"]
    brands = {b["brand_id"]: b for b in out["brands"]}
    assert (brands["B1"]["chain_id"], brands["B1"]["not_reached"]) == ("I1", ["C3"])
    assert (brands["B2"]["chain_id"], brands["B2"]["not_reached"]) == ("I4", ["C4"])
    ids = {(b["kind"], b["id"]) for b in out["brokers"]}
    assert ("provider", "E1") in ids  # E1 links C1, C2 and I3
    assert ("county", "C4") not in ids  # isolated
    values = [b["betweenness"] for b in out["brokers"]]
    assert values == sorted(values, reverse=True) and all(0 < v <= 1 for v in values)


def test_match_scores(G: nx.MultiDiGraph) -> None:
    props = match(G)
    by = {(m["provider_id"], m["county_id"], m["industry_id"]): m for m in props}
    assert (props[0]["provider_id"], props[0]["county_id"], props[0]["industry_id"]) == (
        "S1",
        "C2",
        "I5",
    )
    assert props[0]["score"] == approx(0.6)
    assert by[("D1", "C3", "I2")]["score"] == approx(0.5875)
    assert by[("D1", "C3", "I2")]["starts_from"] == {
        "kind": "resource",
        "id": "C3/牦牛",
        "industry_id": "I1",
    }
    assert by[("D1", "C3", "I2")]["why"][:2] == [
        "三县 (C3) has the resource 牦牛 (C3/牦牛) (牦牛养殖 (I1))",
        "三县 (C3)'s own 牦牛养殖 (I1) is one chain link upstream of 牦牛肉加工 (I2)",
    ]
    assert by[("D1", "C3", "I2")]["closes"] == [
        "missing_stage:I1->I2",
        "unmatched_resource:C3/牦牛",
    ]
    a1 = by[("A1", "C2", "I5")]
    assert a1["terms"] == {"cap": 0.5, "rel": 0.4, "pair": 0.0, "res": 0.5, "frag": 0.48}
    assert a1["score"] == approx(0.35 * 0.5 + 0.25 * 0.4 + 0.15 * 0.5 - 0.2 * 0.48)
    assert by[("S1", "C3", "I2")]["score"] == approx(
        0.35 + 0.25 * 0.5 + 0.15 * 0.25 - 0.2 * (1 - 122 / 324), abs=1e-4
    )
    assert ("S1", "C2", "I4") not in by
    assert any("paired" in w for w in by[("D1", "C3", "I2")]["why"])
    assert all(a["score"] >= b["score"] for a, b in itertools.pairwise(props))
    assert len(match(G, top=3)) == 3
    assert {m["county_id"] for m in match(G, county="C4")} == {"C4"}


def _daylily_graph() -> nx.MultiDiGraph:
    """道孚's sourced link daylily (黄花) → tourism, tourism a hub of four inputs.

    K1 is a tourism county without daylily; K2 has a daylily resource; K3 has tourism
    and yak. E1 is capable in daylily and tourism.
    """
    G = nx.MultiDiGraph()
    for i, zh in [("DL", "黄花"), ("TR", "旅游"), ("YK", "牦牛"), ("TE", "茶叶"), ("HS", "温泉")]:
        G.add_node(f"Industry:{i}", label="Industry", id=i, name_zh=zh)
    for i in ("DL", "YK", "TE", "HS"):
        G.add_edge(f"Industry:{i}", "Industry:TR", key="SUPPLIES", type="SUPPLIES")
    for c in ("K1", "K2", "K3"):
        G.add_node(f"County:{c}", label="County", id=c, name_zh=c)
    G.add_edge("County:K1", "Industry:TR", key="HAS_INDUSTRY", type="HAS_INDUSTRY", role="key")
    G.add_edge("County:K3", "Industry:TR", key="HAS_INDUSTRY", type="HAS_INDUSTRY", role="key")
    G.add_edge("County:K3", "Industry:YK", key="HAS_INDUSTRY", type="HAS_INDUSTRY", role="key")
    G.add_node("Resource:K2/黄花", label="Resource", id="K2/黄花", county_id="K2", name_zh="黄花")
    G.add_edge("Resource:K2/黄花", "Industry:DL", key="IN_INDUSTRY", type="IN_INDUSTRY")
    G.add_node("Provider:E1", label="Provider", id="E1", force="east_west", name_zh="东市")
    for i in ("DL", "TR"):
        G.add_edge("Provider:E1", f"Industry:{i}", key="CAPABLE_IN", type="CAPABLE_IN")
    return G


def test_no_daylily_for_a_county_without_daylily() -> None:
    """K1 and K3 lack daylily (their tourism is downstream of it: an input they would have
    to start growing): no daylily proposal. K2 has the resource: daylily (res 1) and
    tourism one link downstream (res 0.5 / degree 4 of the tourism hub = 0.125)."""
    props = match(_daylily_graph())
    got = {(m["county_id"], m["industry_id"]): m for m in props}
    assert [k for k in got if k[1] == "DL"] == [("K2", "DL")]
    assert got[("K2", "DL")]["terms"]["res"] == 1.0
    assert got[("K2", "DL")]["why"][0] == "K2 has the resource 黄花 (K2/黄花) (黄花 (DL))"
    assert got[("K2", "TR")]["terms"]["res"] == 0.125
    assert got[("K2", "TR")]["starts_from"]["industry_id"] == "DL"


@pytest.fixture(scope="module")
def synth_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    """Synthetic data with dozens of capable providers per industry (scale 6)."""
    from assistgraph.graph import build_graph
    from assistgraph.jobs.load import load_dataset
    from assistgraph.settings import Settings
    from assistgraph.store import open_store
    from assistgraph.synth import write_synthetic

    folder = tmp_path_factory.mktemp("synth")
    write_synthetic(folder / "data", scale=6, seed=3)
    settings = Settings(store=str(folder / "g.lbug"))
    load_dataset(folder / "data", settings)
    with open_store(settings) as st:
        return build_graph(st.export_rows())


@pytest.mark.parametrize("n", [1, 3, 10])
def test_per_target_keeps_each_targets_best_of_all_candidates(
    synth_graph: nx.MultiDiGraph, n: int
) -> None:
    """The capped selection (a few candidates per score class) against every candidate
    scored and cut per target by hand."""
    every = match(synth_graph, per_target=None)
    per: dict[tuple[str, str], list[dict]] = {}
    for m in every:  # best first, ties by provider id within a target
        per.setdefault((m["county_id"], m["industry_id"]), []).append(m)
    assert max(map(len, per.values())) > 10  # the cap has work to do
    want = sorted(
        (m for ms in per.values() for m in ms[:n]),
        key=lambda m: (-m["score"], m["county_id"], m["industry_id"], m["provider_id"]),
    )
    assert match(synth_graph, per_target=n) == want
    cut = match(synth_graph, per_target=n, min_score=0.5)
    kept = (x for ms in per.values() for x in [y for y in ms if y["score"] >= 0.5][:n])
    assert cut == sorted(
        kept, key=lambda m: (-m["score"], m["county_id"], m["industry_id"], m["provider_id"])
    )


def test_per_target_default_and_bad_value(synth_graph: nx.MultiDiGraph) -> None:
    from assistgraph.analysis.match import PER_TARGET
    from assistgraph.errors import AnalysisError

    got = match(synth_graph)
    counts: dict[tuple[str, str], int] = {}
    for m in got:
        key = (m["county_id"], m["industry_id"])
        counts[key] = counts.get(key, 0) + 1
    assert max(counts.values()) == PER_TARGET
    with pytest.raises(AnalysisError, match="per_target"):
        match(synth_graph, per_target=0)
