"""Concentration measures on ``tests/data/gaps``, worked out by hand (both stores).

Funding in units of 100,000 yuan (county of the project in brackets):

=========  ====================================  =====
provider   rows                                  total
=========  ====================================  =====
D1         PR1 10 (C1, 100 万), PR8 5 (C3), PR7 2 (C3)     17
D2         PR5 3 (C2), PR6 3 (C2), PR1 2 (C1)    8
E1         PR1 10 (C1), PR2 5 (C1), PR5 4 (C2)   19
Z1         PR8 8 (C3)                            8
A1         PR3 1 (C1), PR7 3 (C3)                4
S1         PR4 1 (C1)                            1
=========  ====================================  =====

Per county: C1 = E1 15 + D1 10 + D2 2 + A1 1 + S1 1 = 29; C2 = D2 6 + E1 4 = 10;
C3 = Z1 8 + D1 7 + A1 3 = 18; C4 = 0. Total 57.

* HHI C1 = (15² + 10² + 2² + 1 + 1)/29² = 331/841; C2 = (36 + 16)/100 = 0.52;
  C3 = (64 + 49 + 9)/18² = 122/324; C4: None (no funding). Top provider C1: E1 15/29.
* Significant relations. County shares of all funding: C1 29/57, C2 10/57, C3 18/57.
  C1: D1 10/17 > 29/57 yes; E1 15/19 yes; S1 1/1 yes (share rule only: S1 is not
  among the top); D2 2/8 < 29/57, but the top providers reaching 90 % (26.1) are
  E1 (15), D1 (25 < 26.1), D2 (27 ≥ 26.1) → yes (90 % rule only); A1 1/4 < 29/57 and
  not in the top → the one non-significant relation. C2: D2 6/8, E1 4/19 > 10/57
  → both. C3: D1 7/17, Z1 8/8, A1 3/4 > 18/57 → all three.
* Gini of totals [29, 10, 18, 0]: Σ|xi−xj| over unordered pairs = 19+11+29+8+10+18 =
  95, ordered 190; 190/(2·4·57) = 5/12.
* Per capita (yuan): C1 2.9 M/100 k = 29, C2 1 M/50 k = 20, C3 1.8 M/200 k = 9, C4 0.
  Gini: unordered diffs 9+20+29+11+20+9 = 98; 196/(2·4·58) = 49/116.
  Median per capita (9 + 20)/2 = 14.5: orphans (< 7.25) = C4; darlings (> 29): none
  (C1 is exactly twice the median, not above it).
* Theil of totals, μ = 57/4: T = ¼ Σ (x/μ) ln(x/μ). Prefectures P1 = {29, 10},
  P2 = {18, 0}: shares 39/57 and 18/57, means 19.5 and 9; between = 39/57 ln(19.5/μ)
  + 18/57 ln(9/μ); within = 39/57 · T(29, 10) + 18/57 · T(18, 0), T(18, 0) = ln 2.
* Forces: department 17 + 8 = 25, east_west 19, paired 4, provincial SOE 1,
  central SOE 8. top5_share = 1 (only four counties).
* Clustered: PR1 (D1, D2 departments + E1) 22, PR5 (D2 + E1) 7, PR7 (D1 + A1) 5,
  PR8 (D1 + Z1) 13 → 47/57 of all funding. PR6 has one force only.
* Year 2023 only: C1 = D2 2 + E1 5 = 7, C2 = 6, C3 = D1 2 + Z1 8 = 10 → 23.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from pytest import approx

from assistgraph.analysis import concentration, gini, hhi, theil
from assistgraph.store import Store

from ..conftest import DATA


@pytest.fixture
def G(loaded_store: Callable[[Path | str], Store]) -> nx.MultiDiGraph:
    """``tests/data/gaps`` (the fixture this module's docstring works out by hand)."""
    return loaded_store(DATA / "gaps").export_graph()


U = 100_000  # the unit of the docstring, in yuan


def T(*xs: float) -> float:
    mu = sum(xs) / len(xs)
    return sum((x / mu) * math.log(x / mu) for x in xs if x) / len(xs)


def test_counties(G: nx.MultiDiGraph) -> None:
    out = concentration(G)
    rows = {r["county_id"]: r for r in out["counties"]}
    assert [rows[c]["total_cny"] for c in ("C1", "C2", "C3", "C4")] == [
        29 * U,
        10 * U,
        18 * U,
        0,
    ]
    assert rows["C1"]["hhi"] == approx(331 / 841, abs=1e-6)
    assert rows["C1"]["effective_providers"] == approx(841 / 331, abs=1e-6)
    assert rows["C2"]["hhi"] == approx(0.52, abs=1e-6)
    assert rows["C3"]["hhi"] == approx(122 / 324, abs=1e-6)
    assert rows["C4"]["hhi"] is None and rows["C4"]["n_providers"] == 0
    assert (rows["C1"]["top_provider_id"], rows["C1"]["top_provider_share"]) == (
        "E1",
        approx(15 / 29, abs=1e-6),
    )
    assert rows["C1"]["per_capita_cny"] == 29
    assert rows["C4"]["per_capita_cny"] == 0


def test_significant_relations(G: nx.MultiDiGraph) -> None:
    rows = {r["county_id"]: r for r in concentration(G)["counties"]}
    assert rows["C1"]["significant_providers"] == ["D1", "D2", "E1", "S1"]
    assert rows["C1"]["non_significant_providers"] == ["A1"]
    assert (rows["C1"]["significant_relations"], rows["C1"]["non_significant_relations"]) == (
        4,
        1,
    )
    assert rows["C2"]["significant_providers"] == ["D2", "E1"]
    assert rows["C3"]["significant_providers"] == ["A1", "D1", "Z1"]
    assert rows["C4"]["significant_relations"] == 0


def test_overall(G: nx.MultiDiGraph) -> None:
    o = concentration(G)["overall"]
    assert o["total_cny"] == 57 * U
    assert o["gini_total"] == approx(5 / 12, abs=1e-6)
    assert o["gini_per_capita"] == approx(49 / 116, abs=1e-6)
    mu = 57 / 4
    between = 39 / 57 * math.log(19.5 / mu) + 18 / 57 * math.log(9 / mu)
    within = 39 / 57 * T(29, 10) + 18 / 57 * math.log(2)
    assert o["theil"] == approx(T(29, 10, 18, 0), abs=1e-6)
    assert o["theil_between"] == approx(between, abs=1e-6)
    assert o["theil_within"] == approx(within, abs=1e-6)
    assert o["theil"] == approx(o["theil_between"] + o["theil_within"], abs=2e-6)
    assert o["top5_share"] == 1
    assert o["median_per_capita_cny"] == 14.5
    assert o["orphans"] == ["C4"]
    assert o["darlings"] == []
    assert (o["n_counties"], o["n_funded_counties"]) == (4, 3)


def test_providers_forces_clustered(G: nx.MultiDiGraph) -> None:
    out = concentration(G)
    prov = {r["provider_id"]: r for r in out["providers"]}
    assert prov["D1"]["total_cny"] == 17 * U and prov["D1"]["n_counties"] == 2
    assert prov["D1"]["hhi"] == approx((100 + 49) / 289, abs=1e-6)
    assert prov["E1"]["hhi"] == approx((225 + 16) / 361, abs=1e-6)
    assert prov["S1"]["hhi"] == 1
    assert next(r["provider_id"] for r in out["providers"]) == "E1"  # biggest first
    forces = {r["force"]: r for r in out["forces"]}
    assert forces["provincial_department"]["total_cny"] == 25 * U
    assert forces["provincial_department"]["share"] == approx(25 / 57, abs=1e-6)
    assert forces["provincial_soe"]["total_cny"] == 1 * U
    cl = out["clustered"]
    assert [p["project_id"] for p in cl["projects"]] == ["PR1", "PR5", "PR7", "PR8"]
    assert cl["projects"][0]["forces"] == ["east_west", "provincial_department"]
    assert cl["total_cny"] == 47 * U
    assert cl["share"] == approx(47 / 57, abs=1e-6)


def test_year_filter(G: nx.MultiDiGraph) -> None:
    out = concentration(G, year=2023)
    rows = {r["county_id"]: r["total_cny"] for r in out["counties"]}
    assert rows == {"C1": 7 * U, "C2": 6 * U, "C3": 10 * U, "C4": 0}
    assert out["overall"]["total_cny"] == 23 * U


def test_measures_on_plain_lists() -> None:
    assert hhi([1, 1, 1, 1]) == 0.25
    assert hhi([]) is None
    assert gini([5, 5, 5]) == 0
    assert gini([0, 0, 0, 0]) is None
    assert gini([0, 1]) == 0.5  # |0-1|·2 / (2·4·0.5)
    assert theil([3, 3]) == 0
    assert theil([0, 2]) == approx(math.log(2))
