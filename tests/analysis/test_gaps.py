"""Every gap rule on the hand-made fixture ``tests/data/gaps`` (both stores).

The fixture, as worked out by hand (analysis date 2024-12-31, default targets):

Counties C1, C2 (prefecture P1), C3, C4 (P2). Providers: D1, D2
(provincial_department), E1 (east_west), A1 (paired_assistance), S1, S2
(provincial_soe), Z1 (central_soe).

Pairings: C1 ← D1 E1 A1 S1 Z1 (all five forces); C2 ← D2 E1 S1; C3 ← D1 A1 Z1;
C4 ← nobody.

* missing_force (9): C2 × {paired_assistance, central_soe}; C3 × {east_west,
  provincial_soe}; C4 × all five.
* years considered: training 2023/2024, cadres 2024, funding 2023/2024 → {2023, 2024}.
* training_below_target (target 500, 6 gaps): 2023: C1 = E1 300 + A1 250 = 550 (ok),
  C2 = 100 (high: < 250), C3 = 0 (high), C4 = 0 (high); 2024: C1 = D1 500 (= target,
  ok), C2 = S1 300 (medium), C3 = Z1 250 (medium: not below half), C4 = 0 (high).
* department_key_projects (1–2; key projects PR1 PR5 PR6 PR8): D1 2023 funds only
  PR7 (not key) → 0 (high); D1 2024 funds PR1 PR8 → 2 (ok); D2 2023 funds PR5 PR6
  PR1 → 3 (low); D2 2024 funds nothing → 0 (high). 3 gaps.
* soe_without_agreement: agreements S1–C1 and Z1–C1 only; S1 is paired with C2 and
  Z1 with C3 → 2 gaps. S2 is paired with nobody → none.
* soe_key_industries (1–2): S1 supports I1, I2 (C1) and I4 (C2) → 3 (low); S2 → 0
  (high); Z1 → I6 → 1 (ok). 2 gaps.
* cadre_training_below_target (100): 2023 → 0 (high); 2024 → from_county E1→C1 40 +
  Z1→C3 20 = 60 (medium); A1→C1 70 is ``to_county`` and does not count. 2 gaps.
* missing_project_term: C1 long/short/medium; C2 medium/long/short (PR9 is short);
  C3 short/long → medium missing; C4 has no project → 3. 4 gaps.
* county_without_brand (min 1): B1 lists C1 C2, B2 lists C2 → C3 and C4. 2 gaps.
* unmatched_resource (chain I1→I2→I3, I4→I5; capabilities D1 I3, E1 I3, S1 I2,
  A1 I4, Z1 I6): C1/牦牛 (I1): checks I1, I2; S1 (paired) has I2 → matched
  (downstream). C2/高山茶 (I4): checks I4, I5; D2, E1, S1 have none → gap.
  C3/古树茶 (I5): A1 has I4, one link upstream → matched. C3/温泉 (I6): Z1 → matched.
  C3/牦牛 (I1): D1 has I3, two links away → gap. C3/铜矿: no industry, not checked.
  C4/野生菌 (I4): no paired provider → gap. 3 gaps.
* overdue_task: T1 due 2024-06-30 open → 184 days (high); T2 2024-11-30 open → 31
  days (medium); T3 done; T4 due on the analysis date (not overdue); T5 in 2025.
  2 gaps.
* missing_livelihood: C1 has all three; C2 none (PR9 has subcategory water_supply but
  is an employment project) → 3; C3 water_supply only → 2; C4 → 3. 8 gaps.

Total 9 + 6 + 3 + 2 + 2 + 2 + 4 + 2 + 3 + 2 + 8 = 43.
"""

from __future__ import annotations

import datetime as dt
import json

import networkx as nx
import pytest

from assistgraph.analysis import (
    RULES,
    AnalysisError,
    coverage_matrix,
    evidence_text,
    find_gaps,
    gaps_frame,
)
from assistgraph.targets import Targets

from .conftest import GAPS

AS_OF = "2024-12-31"
ALL_FORCES = [
    "provincial_department",
    "east_west",
    "paired_assistance",
    "provincial_soe",
    "central_soe",
]


def keys(gaps, *fields):
    return sorted(tuple(g[f] for f in fields) for g in gaps)


def by_rule(G, rule, **kw):
    return find_gaps(G, as_of=AS_OF, rule=rule, **kw)


def test_every_rule_and_total(G: nx.MultiDiGraph) -> None:
    gaps = find_gaps(G, as_of=AS_OF)
    counts = {r: sum(1 for g in gaps if g["rule"] == r) for r in RULES}
    assert counts == {
        "missing_force": 9,
        "training_below_target": 6,
        "department_key_projects": 3,
        "soe_without_agreement": 2,
        "soe_key_industries": 2,
        "cadre_training_below_target": 2,
        "missing_project_term": 4,
        "county_without_brand": 2,
        "unmatched_resource": 3,
        "overdue_task": 2,
        "missing_livelihood": 8,
    }
    assert len(gaps) == 43
    for g in gaps:
        assert {"rule", "county_id", "provider_id", "year", "detail", "evidence"} <= set(g)
        assert g["severity"] in ("high", "medium", "low")
    # most severe first
    order = {"high": 0, "medium": 1, "low": 2}
    assert [order[g["severity"]] for g in gaps] == sorted(order[g["severity"]] for g in gaps)
    json.dumps(gaps, ensure_ascii=False)  # plain data


def test_missing_force(G: nx.MultiDiGraph) -> None:
    gaps = by_rule(G, "missing_force")
    got = sorted((g["county_id"], g["detail"]["force"]) for g in gaps)
    want = sorted(
        [("C2", "paired_assistance"), ("C2", "central_soe")]
        + [("C3", "east_west"), ("C3", "provincial_soe")]
        + [("C4", f) for f in ALL_FORCES]
    )
    assert got == want
    assert all(g["provider_id"] is None and g["year"] is None for g in gaps)
    c2 = next(g for g in gaps if g["county_id"] == "C2")
    assert c2["detail"]["providers_checked"] == ["D2", "E1", "S1"]
    assert len(c2["evidence"]) == 3


def test_training_below_target(G: nx.MultiDiGraph) -> None:
    gaps = by_rule(G, "training_below_target")
    got = {(g["county_id"], g["year"]): (g["detail"]["trainees"], g["severity"]) for g in gaps}
    assert got == {
        ("C2", 2023): (100, "high"),
        ("C3", 2023): (0, "high"),
        ("C4", 2023): (0, "high"),
        ("C2", 2024): (300, "medium"),
        ("C3", 2024): (250, "medium"),
        ("C4", 2024): (0, "high"),
    }
    c2 = next(g for g in gaps if g["county_id"] == "C2" and g["year"] == 2024)
    assert c2["detail"]["target"] == 500
    assert c2["detail"]["shortfall"] == 200
    assert c2["detail"]["by_provider"] == {"S1": 300}
    assert c2["detail"]["providers_checked"] == ["D2", "E1", "S1"]


def test_year_option_limits_year_rules(G: nx.MultiDiGraph) -> None:
    """--year 2024: only 2024 for training/departments/cadres; a year with no data at all
    (2030) makes every county and department fall short."""
    gaps = find_gaps(G, as_of=AS_OF, year=2024)
    years = {g["year"] for g in gaps if g["year"] is not None}
    assert years == {2024}
    assert len([g for g in gaps if g["rule"] == "training_below_target"]) == 3
    empty = find_gaps(G, as_of=AS_OF, year=2030, rule="training_below_target")
    assert keys(empty, "county_id", "year") == [(c, 2030) for c in ("C1", "C2", "C3", "C4")]
    deps = find_gaps(G, as_of=AS_OF, year=2030, rule="department_key_projects")
    assert keys(deps, "provider_id") == [("D1",), ("D2",)]


def test_department_key_projects(G: nx.MultiDiGraph) -> None:
    gaps = by_rule(G, "department_key_projects")
    got = {
        (g["provider_id"], g["year"]): (g["detail"]["key_projects"], g["severity"]) for g in gaps
    }
    assert got == {("D1", 2023): (0, "high"), ("D2", 2023): (3, "low"), ("D2", 2024): (0, "high")}
    d2 = next(g for g in gaps if g["detail"]["key_projects"] == 3)
    assert d2["detail"]["project_ids"] == ["PR1", "PR5", "PR6"]
    assert d2["detail"]["target"] == [1, 2]
    assert all(g["county_id"] is None for g in gaps)


def test_soe_rules(G: nx.MultiDiGraph) -> None:
    agree = by_rule(G, "soe_without_agreement")
    assert keys(agree, "provider_id", "county_id") == [("S1", "C2"), ("Z1", "C3")]
    inds = by_rule(G, "soe_key_industries")
    got = {g["provider_id"]: (g["detail"]["industries"], g["severity"]) for g in inds}
    assert got == {"S1": (3, "low"), "S2": (0, "high")}
    s1 = next(g for g in inds if g["provider_id"] == "S1")
    assert s1["detail"]["industry_ids"] == ["I1", "I2", "I4"]
    assert all(g["county_id"] is None and g["year"] is None for g in inds)
    # with agreements not required, the rule is silent
    t = Targets(soe_agreement_required=False)
    assert find_gaps(G, as_of=AS_OF, targets=t, rule="soe_without_agreement") == []


def test_cadre_training(G: nx.MultiDiGraph) -> None:
    gaps = by_rule(G, "cadre_training_below_target")
    got = {g["year"]: (g["detail"]["cadres"], g["severity"]) for g in gaps}
    assert got == {2023: (0, "high"), 2024: (60, "medium")}
    assert all(g["county_id"] is None and g["provider_id"] is None for g in gaps)
    assert next(g for g in gaps if g["year"] == 2024)["detail"]["by_county"] == {
        "C1": 40,
        "C3": 20,
    }


def test_projects_brands_livelihood(G: nx.MultiDiGraph) -> None:
    terms = by_rule(G, "missing_project_term")
    assert sorted((g["county_id"], g["detail"]["term"]) for g in terms) == [
        ("C3", "medium"),
        ("C4", "long"),
        ("C4", "medium"),
        ("C4", "short"),
    ]
    brands = by_rule(G, "county_without_brand")
    assert keys(brands, "county_id") == [("C3",), ("C4",)]
    assert all(g["detail"]["brands"] == 0 for g in brands)
    live = by_rule(G, "missing_livelihood")
    assert sorted((g["county_id"], g["detail"]["subcategory"]) for g in live) == sorted(
        [("C2", s) for s in ("geological_disaster", "dilapidated_housing", "water_supply")]
        + [("C3", "geological_disaster"), ("C3", "dilapidated_housing")]
        + [("C4", s) for s in ("geological_disaster", "dilapidated_housing", "water_supply")]
    )


def test_unmatched_resource(G: nx.MultiDiGraph) -> None:
    gaps = by_rule(G, "unmatched_resource")
    got = {g["detail"]["resource_id"]: g for g in gaps}
    assert sorted(got) == ["C2/高山茶", "C3/牦牛", "C4/野生菌"]
    assert got["C3/牦牛"]["detail"]["industries_checked"] == ["I1", "I2"]
    assert got["C3/牦牛"]["detail"]["providers_checked"] == ["A1", "D1", "Z1"]
    assert got["C4/野生菌"]["detail"]["providers_checked"] == []
    assert got["C2/高山茶"]["county_id"] == "C2"


def test_overdue_task(G: nx.MultiDiGraph) -> None:
    gaps = by_rule(G, "overdue_task")
    got = {g["detail"]["task_id"]: (g["detail"]["days_overdue"], g["severity"]) for g in gaps}
    assert got == {"T1": (184, "high"), "T2": (31, "medium")}
    t1 = next(g for g in gaps if g["detail"]["task_id"] == "T1")
    assert (t1["county_id"], t1["provider_id"]) == ("C1", "E1")
    # a day later T4 (due 2024-12-31) is overdue too
    later = find_gaps(G, as_of=dt.date(2025, 1, 1), rule="overdue_task")
    assert sorted(g["detail"]["task_id"] for g in later) == ["T1", "T2", "T4"]


def test_filters(G: nx.MultiDiGraph) -> None:
    c3 = find_gaps(G, as_of=AS_OF, county="C3")
    assert {g["county_id"] for g in c3} == {"C3"}
    assert len(c3) == 2 + 2 + 1 + 1 + 1 + 1 + 2  # force, training, agreement, term …
    assert find_gaps(G, as_of=AS_OF, county="三县") == c3  # names work too
    p2 = find_gaps(G, as_of=AS_OF, prefecture="P2")
    assert {g["county_id"] for g in p2} == {"C3", "C4"}
    soe = find_gaps(G, as_of=AS_OF, force="central_soe")
    assert sorted((g["rule"], g["county_id"] or g["provider_id"]) for g in soe) == [
        ("missing_force", "C2"),
        ("missing_force", "C4"),
        ("soe_without_agreement", "C3"),
    ]
    two = find_gaps(G, as_of=AS_OF, rule=["overdue_task", "county_without_brand"])
    assert {g["rule"] for g in two} == {"overdue_task", "county_without_brand"}
    with pytest.raises(AnalysisError, match="unknown rule"):
        find_gaps(G, rule="nope")
    with pytest.raises(AnalysisError, match="county 'C9'"):
        find_gaps(G, county="C9")


def test_custom_targets(G: nx.MultiDiGraph) -> None:
    t = Targets(
        trainees_per_county_year=250,
        forces_required=("east_west",),
        key_industries_per_soe=(0, 3),
        min_brands_per_county=2,
    )
    gaps = find_gaps(G, as_of=AS_OF, targets=t)
    train = {(g["county_id"], g["year"]) for g in gaps if g["rule"] == "training_below_target"}
    assert train == {("C2", 2023), ("C3", 2023), ("C4", 2023), ("C4", 2024)}
    force = [(g["county_id"], g["detail"]["force"]) for g in gaps if g["rule"] == "missing_force"]
    assert sorted(force) == [("C3", "east_west"), ("C4", "east_west")]
    assert not [g for g in gaps if g["rule"] == "soe_key_industries"]
    brands = sorted(g["county_id"] for g in gaps if g["rule"] == "county_without_brand")
    assert brands == ["C1", "C3", "C4"]  # C1 has one brand, C2 two


def test_does_not_mutate(G: nx.MultiDiGraph) -> None:
    before = (sorted(G.nodes(data=True), key=str), sorted(G.edges(keys=True, data=True), key=str))
    find_gaps(G, as_of=AS_OF)
    coverage_matrix(G, view="targets", as_of=AS_OF)
    after = (sorted(G.nodes(data=True), key=str), sorted(G.edges(keys=True, data=True), key=str))
    assert before == after


def test_coverage_matrix(G: nx.MultiDiGraph) -> None:
    forces = {r["county_id"]: r for r in coverage_matrix(G)}
    assert [forces["C1"][f] for f in ALL_FORCES] == [1, 1, 1, 1, 1]
    assert [forces["C2"][f] for f in ALL_FORCES] == [1, 1, 0, 1, 0]
    assert [forces["C4"][f] for f in ALL_FORCES] == [0, 0, 0, 0, 0]
    assert forces["C3"]["name_zh"] == "三县"
    tg = {r["county_id"]: r for r in coverage_matrix(G, view="targets", as_of=AS_OF)}
    assert tg["C1"]["total"] == 1  # the overdue task T1
    assert tg["C4"]["missing_force"] == 5
    assert tg["C4"]["missing_livelihood"] == 3
    assert tg["C2"]["training_below_target"] == 2


def test_evidence_and_frame(G: nx.MultiDiGraph) -> None:
    gap = by_rule(G, "training_below_target", county="C2", year=2024)[0]
    where = GAPS / "training.csv"  # the row it came from (issue 15)
    assert [evidence_text(e) for e in gap["evidence"]] == [
        f"(Provider:S1)-[:TRAINED {{source_file: '{where}', source_row: 6, trainees: 300, "
        "year: 2024}]->(County:C2)"
    ]
    df = gaps_frame(G, as_of=AS_OF, rule="missing_force")
    assert len(df) == 9
    assert set(df["county_en"]) == {"Two County", "Three County", "Four County"}
