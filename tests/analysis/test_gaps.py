"""Every v2 gap rule on the hand-made fixture ``tests/data/gaps_v2`` (both stores).

The fixture, worked out by hand (analysis date 2024-12-31, default targets: the 2024
plan, ``training_rule = "mean"``). Confidence: a row without one counts as ``high``.

Prefectures P1 (C1, C2), P2 (C3), P3 (no county). Providers: D1 D2 D3
provincial_department (D2 a hospital, ``member``), E1 east_west, A1 A2
paired_assistance, S1 S2 provincial_soe, Z1 Z2 Z3 central_soe.

Pairings: C1 ← D1 (lead) D2 (member) E1 A1 S1 Z1 Z2 (since 2024-03-01, medium);
C2 ← D3 (no role = lead) E1 A2 (until 2023: **ended**, counts for nothing) S1 (since
2022) Z3; C3 ← S2 (low).

Years in scope: training 2023/2024, funding 2023/2024, cadres 2023/2024.

* missing_force (5, no_record, high): C2 × paired_assistance (A2's pairing ended);
  C3 × provincial_department, east_west, paired_assistance, central_soe.
* training_below_target (mean): C1 410 (2023) + 598 (2024) → mean 504 ≥ 500: **no gap
  although 2023 is below 500**; C2 300 (inferred) + 400 → 350: record, inferred,
  medium; C3 no rows → 0: no_record, high. (2 gaps)
* department_key_projects (1–2 a year, lead departments × county): D1–C1 2023 PR1 →
  1; 2024 PR1, PR2 → 2 (**PR5, a key project D1 funds in C3, does not count**); D2 is
  a **member**: not checked; D3–C2 2023 nothing → 0: no_record, high; 2024 PR3 → 1.
  (1 gap: ``department_key_projects|C2|D3||2023|``)
* soe_without_agreement: SOE pairings S1–C1, S1–C2, S2–C3, Z1–C1, Z2–C1, Z3–C2;
  only Z2–C1 has no agreement → 1 gap (no_record, medium). E1's agreement is not an
  SOE's.
* agreement_without_fund_share: S1–C2 (low) has none → record, low; Z1–C1 has 0 (a
  share); E1–C1 has none but E1 is no SOE. (1 gap)
* soe_annual_funding (from the agreement's year, else the pairing's since): S1–C1
  2023 → funds PR4 both years; S1–C2 **signed 2024-06-01**: only 2024, no funding →
  gap 2024 (not 2023); S2–C3 from 2023: PR5 in 2023 only → gap 2024; Z1–C1 from
  2022: PR1 2023, PR6 2024; Z2–C1 no agreement, since 2024: nothing → gap 2024;
  Z3–C2: PR3 both years. (3 gaps, no_record, medium)
* soe_key_industries (1–2 per SOE × county, key/characteristic industries of that
  county): S1–C1 I1 I2 (+ I4 emerging: other) → 2; S1–C2 I1, **not a C2 industry** → 0:
  no_record, high, other [I1]; S2–C3 I3 → 1; Z1–C1 I1 I2 I6 (medium) → 3: record,
  medium, low; Z2–C1 nothing → 0: no_record, high; Z3–C2 I4 → 1. (3 gaps)
* soe_pairing_structure: C1 has **two central SOEs** (Z1, Z2 medium) > 1 → record,
  medium, low; every other county × SOE force ≤ 1. (1 gap)
* soe_roster_size: S1 S2 Z1 Z2 Z3 = 5 ≠ 78 → record, confidence the weakest of the
  current SOE pairings (S2–C3 low), medium. (1 gap)
* cadre_training_below_target (100): 2023 from_county 60 (illustrative) → record,
  illustrative, medium; 2024 only a to_county row → 0: no_record, high. (2 gaps)
* missing_project_term: C1 has all; C2 (PR3 short) × long, medium; C3 (PR5 long) ×
  medium, short. (4 gaps)
* missing_livelihood (4 subcategories incl. collective_economy): C1 all (PR2 PR4 PR6
  PR7); C2 none (PR3 is employment) → 4; C3 water_supply only → 3. (7 gaps)
* missing_employment_support: C1 workshop W1; C2 employment project PR3; C3 nothing.
  (1 gap)
* county_without_brand: B1 lists C1 and is promoted by S1 (paired) → C1 ok; B2 lists
  C2 but is **promoted by D1, not paired with C2**; B3 lists C2 and C3, promoted by
  nobody → C2 (listed 2), C3 (listed 1). (2 gaps)
* unmatched_resource: C1/牦牛 I1: E1 capable in I2, one link down → matched; C1/光伏
  I6: nobody paired with C1 capable (S2 is C3's) → gap; C2/茶 I4: Z3 → matched;
  C3/黄花 I5 (checks I5, I3): S2 only I6 → gap; C3/温泉 no industry: not checked.
  (2 gaps)
* overdue_task: T1 (C1, E1, medium) due 2024-06-30 open → 184 days, high; T2 (C2, no
  provider: the task force) due 2024-11-30 → 31 days, medium; T5 not yet due.
* late_closeout: T3 (C1, E1) due 2024-03-31 closed 2024-05-15 → 45 days; T6 (C2, task
  force, status done) due 2024-08-31 closed 2024-10-01 → 31 days; T4 closed early.
  (2 gaps, record, high, low)
* fund_model: F1 (C1, medium) has **one contributor** S1 → ``F1:joint``; F2 (C2) has
  E1 (paired) and Z1 → joint ok, but invests in I3, not a C2 industry →
  ``F2:industry``; F3 (C3) E1 and Z1, neither paired with C3 → ``F3:joint``. (3 gaps,
  record, medium)
* missing_coordination: M1 is P1's prefecture mechanism; M2 is department-level;
  P2 holds C3 and has none → gap; P3 holds no county. (1 gap)

Total 5 + 2 + 1 + 1 + 1 + 3 + 3 + 1 + 1 + 2 + 4 + 7 + 1 + 2 + 2 + 2 + 2 + 3 + 1 = 44.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from assistgraph.analysis import (
    RULES,
    AnalysisError,
    coverage_matrix,
    evidence_text,
    find_gaps,
    gap_report,
    gaps_frame,
)
from assistgraph.store import Store
from assistgraph.targets import Targets

from .conftest import GAPS
from .independent import independent_gaps

AS_OF = "2024-12-31"

#: id -> (basis, confidence, severity), worked out in the module docstring
EXPECTED: dict[str, tuple[str, str | None, str]] = {
    "missing_force|C2||paired_assistance||": ("no_record", None, "high"),
    "missing_force|C3||provincial_department||": ("no_record", None, "high"),
    "missing_force|C3||east_west||": ("no_record", None, "high"),
    "missing_force|C3||paired_assistance||": ("no_record", None, "high"),
    "missing_force|C3||central_soe||": ("no_record", None, "high"),
    "training_below_target|C2||||": ("record", "inferred", "medium"),
    "training_below_target|C3||||": ("no_record", None, "high"),
    "department_key_projects|C2|D3||2023|": ("no_record", None, "high"),
    "soe_without_agreement|C1|Z2|||": ("no_record", None, "medium"),
    "agreement_without_fund_share|C2|S1|||": ("record", "low", "low"),
    "soe_annual_funding|C2|S1||2024|": ("no_record", None, "medium"),
    "soe_annual_funding|C3|S2||2024|": ("no_record", None, "medium"),
    "soe_annual_funding|C1|Z2||2024|": ("no_record", None, "medium"),
    "soe_key_industries|C2|S1|||": ("no_record", None, "high"),
    "soe_key_industries|C1|Z1|||": ("record", "medium", "low"),
    "soe_key_industries|C1|Z2|||": ("no_record", None, "high"),
    "soe_pairing_structure|C1||central_soe||": ("record", "medium", "low"),
    "soe_roster_size|||||": ("record", "low", "medium"),
    "cadre_training_below_target||||2023|": ("record", "illustrative", "medium"),
    "cadre_training_below_target||||2024|": ("no_record", None, "high"),
    "missing_project_term|C2||||long": ("no_record", None, "medium"),
    "missing_project_term|C2||||medium": ("no_record", None, "medium"),
    "missing_project_term|C3||||medium": ("no_record", None, "medium"),
    "missing_project_term|C3||||short": ("no_record", None, "medium"),
    "missing_livelihood|C2||||geological_disaster": ("no_record", None, "medium"),
    "missing_livelihood|C2||||dilapidated_housing": ("no_record", None, "medium"),
    "missing_livelihood|C2||||water_supply": ("no_record", None, "medium"),
    "missing_livelihood|C2||||collective_economy": ("no_record", None, "medium"),
    "missing_livelihood|C3||||geological_disaster": ("no_record", None, "medium"),
    "missing_livelihood|C3||||dilapidated_housing": ("no_record", None, "medium"),
    "missing_livelihood|C3||||collective_economy": ("no_record", None, "medium"),
    "missing_employment_support|C3||||": ("no_record", None, "medium"),
    "county_without_brand|C2||||": ("no_record", None, "medium"),
    "county_without_brand|C3||||": ("no_record", None, "medium"),
    "unmatched_resource|C1||||光伏": ("no_record", None, "low"),
    "unmatched_resource|C3||||黄花": ("no_record", None, "low"),
    "overdue_task|C1|E1|||T1": ("record", "medium", "high"),
    "overdue_task|C2||||T2": ("record", "high", "medium"),
    "late_closeout|C1|E1|||T3": ("record", "high", "low"),
    "late_closeout|C2||||T6": ("record", "high", "low"),
    "fund_model|C1||||F1:joint": ("record", "medium", "medium"),
    "fund_model|C2||||F2:industry": ("record", "high", "medium"),
    "fund_model|C3||||F3:joint": ("record", "high", "medium"),
    "missing_coordination|||||P2": ("no_record", None, "medium"),
}
FIELDS = (
    "id",
    "rule",
    "county_id",
    "provider_id",
    "force",
    "year",
    "subject",
    "basis",
    "confidence",
    "severity",
    "message",
    "messages",
    "detail",
)


def ids(gaps: list[dict]) -> set[str]:
    return {g["id"] for g in gaps}


def by_id(G: nx.MultiDiGraph, **kw) -> dict[str, dict]:
    kw.setdefault("as_of", AS_OF)
    return {g["id"]: g for g in find_gaps(G, **kw)}


def test_every_v2_rule_identity_basis_confidence(G: nx.MultiDiGraph) -> None:
    report = gap_report(G, as_of=AS_OF)
    gaps = report["gaps"]
    assert report["unchecked"] == []
    got = {g["id"]: (g["basis"], g["confidence"], g["severity"]) for g in gaps}
    assert got == EXPECTED
    assert len(gaps) == len(EXPECTED) == 44
    assert {g["rule"] for g in gaps} == set(RULES)  # every rule fires at least once
    for g in gaps:
        assert set(FIELDS) <= set(g)
        ident = [g[k] for k in ("rule", "county_id", "provider_id", "force", "year", "subject")]
        assert g["id"] == "|".join("" if v is None else str(v) for v in ident)
        if g["basis"] == "no_record":
            assert g["message"].startswith("no record of") or ": no record of" in g["message"]
        # force only on the two rules about a force
        if g["force"] is not None:
            assert g["rule"] in ("missing_force", "soe_pairing_structure")
    order = {"high": 0, "medium": 1, "low": 2}
    assert [order[g["severity"]] for g in gaps] == sorted(order[g["severity"]] for g in gaps)
    json.dumps(report, ensure_ascii=False)  # plain data
    assert find_gaps(G, as_of=AS_OF) == gaps  # stable across runs


def test_independent_computation_agrees() -> None:
    """The raw-CSV computation of ``independent.py`` gives the hand-worked result too."""
    import datetime as dt

    want, unchecked = independent_gaps(GAPS, Targets(), dt.date(2024, 12, 31))
    assert want == {k: v[:2] for k, v in EXPECTED.items()}
    assert unchecked == set()


def test_traps_in_detail(G: nx.MultiDiGraph) -> None:
    g = by_id(G)
    c2 = g["training_below_target|C2||||"]["detail"]
    assert (c2["mean"], c2["by_year"]) == (350, {"2023": 300, "2024": 400})
    assert "training_below_target|C1||||" not in g  # 410 in 2023, mean 504
    assert g["training_below_target|C3||||"]["detail"]["by_year"] == {"2023": 0, "2024": 0}
    assert not any(k.startswith("department_key_projects|C1|") for k in g)  # D2 member, PR5
    assert g["soe_key_industries|C2|S1|||"]["detail"]["other"] == ["I1"]
    z1 = g["soe_key_industries|C1|Z1|||"]["detail"]
    assert (z1["industries"], z1["industry_ids"], z1["other"]) == (3, ["I1", "I2", "I6"], [])
    assert "soe_annual_funding|C2|S1||2023|" not in g  # signed in 2024
    assert g["county_without_brand|C2||||"]["detail"]["listed"] == 2
    assert g["soe_pairing_structure|C1||central_soe||"]["detail"]["provider_ids"] == ["Z1", "Z2"]
    assert g["late_closeout|C2||||T6"]["provider_id"] is None  # the task force
    assert g["late_closeout|C1|E1|||T3"]["detail"]["days_late"] == 45
    assert g["overdue_task|C1|E1|||T1"]["detail"]["days_overdue"] == 184
    assert g["fund_model|C1||||F1:joint"]["detail"]["contributors"] == ["S1"]
    assert g["soe_roster_size|||||"]["detail"]["soes"] == 5


def test_each_year_and_year_option(G: nx.MultiDiGraph) -> None:
    """``each_year``: C1 2023 (410, high conf), C2 2023 (300, inferred), C2 2024 (400),
    C3 2023 and 2024 (no rows). ``year=2024``: C2 (400) and C3 (0) only; the funding rules
    only in 2024 (D3–C2 2024 funds PR3: no department gap)."""
    t = Targets(training_rule="each_year")
    got = {
        g["id"]: (g["basis"], g["confidence"])
        for g in find_gaps(G, as_of=AS_OF, targets=t, rule="training_below_target")
    }
    assert got == {
        "training_below_target|C1|||2023|": ("record", "high"),
        "training_below_target|C2|||2023|": ("record", "inferred"),
        "training_below_target|C2|||2024|": ("record", "high"),
        "training_below_target|C3|||2023|": ("no_record", None),
        "training_below_target|C3|||2024|": ("no_record", None),
    }
    y = by_id(G, year=2024)
    assert {k for k in y if k.startswith("training")} == {
        "training_below_target|C2|||2024|",
        "training_below_target|C3|||2024|",
    }
    assert not [k for k in y if k.startswith("department_key_projects")]
    assert {k for k in y if k.startswith("soe_annual")} == {
        k for k in EXPECTED if k.startswith("soe_annual")
    }
    assert {k for k in y if k.startswith("cadre")} == {"cadre_training_below_target||||2024|"}


def test_unchecked_without_tables(
    loaded_store: Callable[[Path | str], Store], tmp_path: Path
) -> None:
    """Without training, agreements and mechanisms (and no task closed_on), those rules are
    unchecked and give no gaps: never 'every county short'."""
    data = tmp_path / "data"
    shutil.copytree(GAPS, data)
    for name in ("training", "agreements", "mechanisms"):
        (data / f"{name}.csv").unlink()
    tasks = (data / "tasks.csv").read_text(encoding="utf-8").splitlines()
    (data / "tasks.csv").write_text(
        "\n".join(",".join(r.split(",")[:6] + r.split(",")[7:]) for r in tasks) + "\n",
        encoding="utf-8",
    )
    G = loaded_store(data).export_graph()
    report = gap_report(G, as_of=AS_OF)
    assert report["unchecked"] == [
        {"rule": "training_below_target", "reason": "no rows in the training table"},
        {"rule": "soe_without_agreement", "reason": "no rows in the agreements table"},
        {"rule": "agreement_without_fund_share", "reason": "no rows in the agreements table"},
        {"rule": "late_closeout", "reason": "no task has a closed_on date"},
        {"rule": "missing_coordination", "reason": "no rows in the mechanisms table"},
    ]
    rules = {g["rule"] for g in report["gaps"]}
    assert not rules & {u["rule"] for u in report["unchecked"]}
    # without agreements, S1–C2 is due from its pairing's since (2022): 2023 and 2024
    annual = {g["id"] for g in report["gaps"] if g["rule"] == "soe_annual_funding"}
    assert "soe_annual_funding|C2|S1||2023|" in annual


def test_switched_off_rules_neither_run_nor_listed(G: nx.MultiDiGraph) -> None:
    t = Targets(
        soe_agreement_required=False, soe_annual_funding=False, employment_support_required=False
    )
    report = gap_report(G, as_of=AS_OF, targets=t)
    off = {"soe_without_agreement", "soe_annual_funding", "missing_employment_support"}
    assert not {g["rule"] for g in report["gaps"]} & off
    assert report["unchecked"] == []
    assert len(report["gaps"]) == 44 - 1 - 3 - 1


def test_min_confidence(G: nx.MultiDiGraph) -> None:
    """medium drops record gaps on low/inferred/illustrative rows; no_record gaps stay."""
    kept = ids(find_gaps(G, as_of=AS_OF, min_confidence="medium"))
    dropped = {
        "training_below_target|C2||||",
        "agreement_without_fund_share|C2|S1|||",
        "soe_roster_size|||||",
        "cadre_training_below_target||||2023|",
    }
    assert kept == set(EXPECTED) - dropped
    assert ids(find_gaps(G, as_of=AS_OF, min_confidence="illustrative")) == set(EXPECTED)
    with pytest.raises(AnalysisError, match="unknown confidence"):
        find_gaps(G, min_confidence="certain")


def test_ended_pairing_as_of(G: nx.MultiDiGraph) -> None:
    """A2–C2 ends in 2023: in 2023 it is current (no missing paired_assistance for C2)."""
    early = by_id(G, as_of="2023-12-31", rule="missing_force")
    assert "missing_force|C2||paired_assistance||" not in early
    assert "missing_force|C2||paired_assistance||" in by_id(G, rule="missing_force")


def test_filters(G: nx.MultiDiGraph) -> None:
    c3 = find_gaps(G, as_of=AS_OF, county="C3")
    assert ids(c3) == {k for k in EXPECTED if k.split("|")[1] == "C3"}
    assert find_gaps(G, as_of=AS_OF, county="三县") == c3  # names work too
    p2 = ids(find_gaps(G, as_of=AS_OF, prefecture="P2"))
    assert p2 == ids(c3) | {"missing_coordination|||||P2"}
    central = ids(find_gaps(G, as_of=AS_OF, force="central_soe"))
    assert central == {
        "missing_force|C3||central_soe||",
        "soe_pairing_structure|C1||central_soe||",
        "soe_without_agreement|C1|Z2|||",
        "soe_annual_funding|C1|Z2||2024|",
        "soe_key_industries|C1|Z1|||",
        "soe_key_industries|C1|Z2|||",
    }
    two = find_gaps(G, as_of=AS_OF, rule=["overdue_task", "county_without_brand"])
    assert {g["rule"] for g in two} == {"overdue_task", "county_without_brand"}
    with pytest.raises(AnalysisError, match="unknown rule"):
        find_gaps(G, rule="nope")
    with pytest.raises(AnalysisError, match="county 'C9'"):
        find_gaps(G, county="C9")


def test_task_force_node_in_the_store(loaded_store: Callable[[Path | str], Store]) -> None:
    """Tasks without a provider belong to the county's task force, a node Cypher can ask."""
    st = loaded_store(GAPS)
    res = st.query(
        "MATCH (tf:TaskForce)-[:RESPONSIBLE_FOR]->(t:Task) "
        "MATCH (tf)-[:TASK_FORCE_OF]->(c:County) "
        "RETURN tf.id AS tf, tf.name_zh AS name, c.id AS county, t.id AS task ORDER BY task"
    )
    assert res.rows == [
        ["C2/task_force", "二县工作专班", "C2", "T2"],
        ["C2/task_force", "二县工作专班", "C2", "T6"],
    ]
    res = st.query("MATCH (m:Mechanism)-[:COORDINATES]->(p:Prefecture) RETURN m.id, p.id")
    assert res.rows == [["M1", "P1"]]
    res = st.query("MATCH (:Provider {id: 'A2'})-[r:PAIRED_WITH]->() RETURN r.until")
    assert res.rows == [[2023]]


def test_does_not_mutate(G: nx.MultiDiGraph) -> None:
    before = (sorted(G.nodes(data=True), key=str), sorted(G.edges(keys=True, data=True), key=str))
    find_gaps(G, as_of=AS_OF)
    coverage_matrix(G, view="targets", as_of=AS_OF)
    after = (sorted(G.nodes(data=True), key=str), sorted(G.edges(keys=True, data=True), key=str))
    assert before == after


def test_coverage_matrix(G: nx.MultiDiGraph) -> None:
    forces = {r["county_id"]: r for r in coverage_matrix(G, as_of=AS_OF)}
    order = ["provincial_department", "east_west", "paired_assistance"]
    order += ["provincial_soe", "central_soe"]
    assert [forces["C1"][f] for f in order] == [2, 1, 1, 1, 2]
    assert [forces["C2"][f] for f in order] == [1, 1, 0, 1, 1]  # A2 ended
    tg = {r["county_id"]: r for r in coverage_matrix(G, view="targets", as_of=AS_OF)}
    county_ids = [k for k in EXPECTED if k.split("|")[1] == "C1"]
    assert tg["C1"]["total"] == len(county_ids) == 9
    assert tg["C3"]["missing_force"] == 4
    assert tg["C2"]["missing_livelihood"] == 4
    gaps = find_gaps(G, as_of=AS_OF)
    assert coverage_matrix(G, view="targets", gaps=gaps) == list(tg.values())


def test_evidence_and_frame(G: nx.MultiDiGraph) -> None:
    gap = by_id(G, rule="training_below_target", county="C2", year=2024)
    [g] = gap.values()
    where = GAPS / "training.csv"  # the row it came from (issue 15)
    assert [evidence_text(e) for e in g["evidence"]] == [
        f"(Provider:E1)-[:TRAINED {{source_file: '{where}', source_row: 5, trainees: 400, "
        "year: 2024}]->(County:C2)"
    ]
    df = gaps_frame(G, as_of=AS_OF, rule="missing_force")
    assert len(df) == 5
    assert set(df["county_en"]) == {"Two", "Three"}
    assert list(df["basis"].unique()) == ["no_record"]
