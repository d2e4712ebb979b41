"""The assessment scorecard on the hand-made fixture ``tests/data/scorecard`` (both stores).

Worked out by hand with the fixture's ``targets.toml`` (trainees 100 a county and
year, ``training_rule = "each_year"``; three livelihood subcategories; SOE annual
funding and employment support switched off, so ``soe_funding`` and ``employment``
are n/a here (they are checked against the gaps on ``gaps_v2`` below); [scorecard] key
projects 1, funds 10 yuan per capita, cadres 10, target year 2026; every weight 1;
other targets the defaults: five forces, three terms, 1 brand, SOE agreements
required, 1–2 key industries per SOE and county), as of 2024-12-31. Years:
training/cadres/funding → 2023, 2024.

Counties (population): C1 10,000 and C2 20,000 (prefecture P1), C3 50,000 and
C4 10,000 (P2). Providers: D1 department, E1 east–west, A1 paired, S1 and S2
provincial SOEs, Z1 central SOE.

Pairings (since): C1 ← D1 2021, E1 2021, A1 2021, S1 2023, Z1 2024; C2 ← E1 2021,
S2 2023; C3 ← D1 2023, A1 2021, Z1 2022, S1 2024; C4 ← nobody.
Agreements: S1–C1 2024-03-01, Z1–C1 2024-05-01, Z1–C3 2022-12-01.
Funding (yuan): 2023 D1 PR1 (C1) 50,000, D1 PR6 (C3) 25 万 = 250,000, E1 PR5 (C2)
100,000; 2024 D1 PR1 10 万 = 100,000, E1 PR3 (C1) 50,000, E1 PR5 400,000, Z1 PR7
(C3) 500,000. Key-support projects: PR1 (C1), PR6 (C3).
Projects (term, category/subcategory, start): C1 PR1 long 2023, PR2 medium
livelihood/geological_disaster 2023, PR3 short livelihood/dilapidated_housing 2024,
PR4 short livelihood/water_supply 2024; C2 PR5 long infrastructure 2023; C3 PR6
long livelihood/water_supply 2022, PR7 medium industry 2024.
Key industries: C1 I1, C3 I3 + I4, C4 I2 (C2 only a characteristic one, I5).
Support: S1 C1 I1 since 2023, Z1 C1 I1 since 2024, Z1 C3 I3 since 2022, S1 C3 I4
since 2024. ``key_industries`` (v2: the SOEs paired with the county that year whose
supported key/characteristic industries there are 1–2): C1 2023 S1 (I1) 1/1; 2024 S1
and Z1 (I1 each) 2/2; C2 S2 supports nothing 0/1; C3 2023 Z1 (I3) 1/1 (S1 pairs from
2024); 2024 Z1 (I3), S1 (I4) 2/2; C4 has no SOE: n/a.
Brand B1 lists C1 and C2 and is promoted by E1, paired with both. Tasks: T1 C1 D1 due 2023-06-30 done; T2 C1 E1
2023-09-30 open (overdue); T3 C1 S1 2024-06-30 closed; T4 C3 A1 2024-10-31 closed;
T5 C3 Z1 2024-12-31 open (due on the analysis date: not judged); T9 C4 E1
2024-03-31 open (overdue).
Training: 2023 E1 C1 60, E1 C2 100, A1 C3 30; 2024 E1 C1 80 + A1 C1 40, E1 C2 150,
A1 C3 40. Cadres: 2023 E1 C1 5; 2024 E1 C1 6 (from) + A1 C1 4 (to), Z1 C3 3.

County indicators (score; n/a = not applicable, left out of the mean):

==================  =========  =========  =========  =========  ==========  ====  ====
indicator           C1 2023    C1 2024    C2 2023    C2 2024    C3 2023     C3'24 C4
==================  =========  =========  =========  =========  ==========  ====  ====
forces              4/5        5/5        2/5        2/5        3/5         4/5   0
trainees            60/100     1 (120)    1 (100)    1 (150)    .3          .4    0
key_projects        1 (PR1)    1          0          0          1 (PR6)     0     0
funds_per_capita    5/10       1 (15)     5/10       1 (20)     5/10        1(10) 0
soe_agreements      0/1 (S1)   2/2        0/1 (S2)   0/1        1/1 (Z1)    1/2   n/a
key_industries      1/1        2/2        0/1        0/1        1/1         2/2   n/a
brands              1          1          1          1          0           0     0
livelihood          1/3        3/3        0/3        0/3        1/3         1/3   0
project_terms       2/3        3/3        1/3        1/3        1/3         2/3   0
tasks_on_time       1/2        1/1        n/a        n/a        n/a         1/1   n/a, 0/1 in 2024
cadres              5/10       1 (10)     0          0          0           3/10  0
==================  =========  =========  =========  =========  ==========  ====  ====

Scores (100 × sum / applicable indicators):

* C1 2023: .8+.6+1+.5+0+1+1+1/3+2/3+.5+.5 = 6.9 over 11 → 690/11 = 62.727273;
  2024: all 1 → 100; change 100 − 690/11 = 410/11.
* C2 2023: .4+1+0+.5+0+0+1+0+1/3+0 = 97/30 over 10 → 97/3; 2024: .4+1+0+1+0+0+1+0
  +1/3+0 = 112/30 over 10 → 112/3; change 15/3 = 5.
* C3 2023: .6+.3+1+.5+1+1+0+1/3+1/3+0 = 152/30 over 10 → 152/3; 2024: .8+.4+0+1+.5
  +1+0+1/3+2/3+1+.3 = 6 over 11 → 600/11; change 600/11 − 152/3 = 128/33.
* C4: 0 in both years (8 applicable in 2023, 9 in 2024); change 0.

Ranking 2024: C1 100 > C3 54.5 > C2 37.3 > C4 0. Pace to 100 in 2026 from 2023:
pace(2024) = s0 + (100 − s0)/3: C1 690/11 + (410/11)/3 = 2480/33 (not behind);
C2 97/3 + (203/3)/3 = 494/9 (behind); C3 152/3 + (148/3)/3 = 604/9 (behind);
C4 100/3 (behind). In 2023 no county is behind (score = pace).

With ``[scorecard.weights] trainees = 5``: C2 2024 = 100·(112/30 + 4)/14 = 23200/420
= 1160/21 = 55.24; C3 2024 = 100·(6 + 4·0.4)/15 = 152/3 = 50.67: C2 now above C3.

Providers 2024 (paired in 2024; agreements only for SOEs):

* D1 {C1, C3}: agreements n/a; funding 1/2 (C1); training 0/2; tasks n/a (T1 is
  2023); spread: all funds in C1 → 1 effective county / 2 = 1/2 → (1/2+0+1/2)/3 =
  100/3. In 2023: funding 2/2, training 0/2, tasks 1/1 (T1), spread: shares 1/6 and
  5/6, HHI 26/36, 18/13 effective / 2 = 9/13 → (1+0+1+9/13)/4 = 35/52 = 67.307692.
* E1 {C1, C2}: funding 2/2, training 2/2, tasks 0/1 (T9 overdue), spread: 50,000 and
  400,000, HHI 65/81, 81/65 / 2 = 81/130 → (2 + 81/130)/4 = 341/520 = 65.576923.
* S1 {C1, C3}: agreements 1/2; funding 0/2; training 0/2; tasks 1/1 (T3); spread n/a
  → 1.5/4 = 37.5. Z1 {C1, C3}: agreements 2/2; funding 1/2; training 0/2; tasks n/a
  (T5 not yet due); spread 1/2 → 2/4 = 50. A1 {C1, C3}: funding 0/2, training 2/2,
  tasks 1/1 → 200/3. S2 {C2}: 0.
* Forces 2024: provincial_soe = (37.5 + 0)/2 = 18.75; prefectures 2024: P1 =
  (100 + 112/3)/2 = 206/3, P2 = (600/11 + 0)/2 = 300/11.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from assistgraph import load_dataset
from assistgraph.analysis import AnalysisError, scorecard, scorecard_frame
from assistgraph.cli import cli
from assistgraph.errors import ConfigError
from assistgraph.store import Store
from assistgraph.targets import (
    SCORECARD_COUNTY_INDICATORS,
    ScorecardConfig,
    Targets,
    load_targets,
)

from ..conftest import DATA, EXAMPLE

SC = DATA / "scorecard"
AS_OF = "2024-12-31"
F = Fraction


def r6(x: Fraction | float) -> float:
    return round(float(x), 6)


@pytest.fixture
def G(loaded_store: Callable[[Path | str], Store]) -> nx.MultiDiGraph:
    """``tests/data/scorecard`` loaded into a fresh store (embedded or Neo4j) and exported."""
    return loaded_store(SC).export_graph()


def rows_by(result: dict, key: str = "county_id") -> dict[tuple[str, int], dict]:
    return {(r[key], r["year"]): r for r in result["rows"]}


def run(G: nx.MultiDiGraph, **kw) -> dict:
    return scorecard(G, targets=load_targets(SC), as_of=AS_OF, **kw)


# every county indicator, (county, year) -> {indicator: (score, raw, target)}
N = None
EXPECTED = {
    ("C1", 2023): {
        "forces": (F(4, 5), 4, 5),
        "trainees": (F(3, 5), 60, 100),
        "key_projects": (1, 1, 1),
        "funds_per_capita": (F(1, 2), 5, 10),
        "soe_agreements": (0, 0, 1),
        "key_industries": (1, 1, 1),
        "brands": (1, 1, 1),
        "livelihood": (F(1, 3), 1, 3),
        "project_terms": (F(2, 3), 2, 3),
        "tasks_on_time": (F(1, 2), 1, 2),
        "cadres": (F(1, 2), 5, 10),
    },
    ("C1", 2024): {
        "forces": (1, 5, 5),
        "trainees": (1, 120, 100),
        "key_projects": (1, 1, 1),
        "funds_per_capita": (1, 15, 10),
        "soe_agreements": (1, 2, 2),
        "key_industries": (1, 2, 2),
        "brands": (1, 1, 1),
        "livelihood": (1, 3, 3),
        "project_terms": (1, 3, 3),
        "tasks_on_time": (1, 1, 1),
        "cadres": (1, 10, 10),
    },
    ("C2", 2023): {
        "forces": (F(2, 5), 2, 5),
        "trainees": (1, 100, 100),
        "key_projects": (0, 0, 1),
        "funds_per_capita": (F(1, 2), 5, 10),
        "soe_agreements": (0, 0, 1),
        "key_industries": (0, 0, 1),
        "brands": (1, 1, 1),
        "livelihood": (0, 0, 3),
        "project_terms": (F(1, 3), 1, 3),
        "tasks_on_time": (N, 0, 0),
        "cadres": (0, 0, 10),
    },
    ("C2", 2024): {
        "forces": (F(2, 5), 2, 5),
        "trainees": (1, 150, 100),
        "key_projects": (0, 0, 1),
        "funds_per_capita": (1, 20, 10),
        "soe_agreements": (0, 0, 1),
        "key_industries": (0, 0, 1),
        "brands": (1, 1, 1),
        "livelihood": (0, 0, 3),
        "project_terms": (F(1, 3), 1, 3),
        "tasks_on_time": (N, 0, 0),
        "cadres": (0, 0, 10),
    },
    ("C3", 2023): {
        "forces": (F(3, 5), 3, 5),
        "trainees": (F(3, 10), 30, 100),
        "key_projects": (1, 1, 1),
        "funds_per_capita": (F(1, 2), 5, 10),
        "soe_agreements": (1, 1, 1),
        "key_industries": (1, 1, 1),
        "brands": (0, 0, 1),
        "livelihood": (F(1, 3), 1, 3),
        "project_terms": (F(1, 3), 1, 3),
        "tasks_on_time": (N, 0, 0),
        "cadres": (0, 0, 10),
    },
    ("C3", 2024): {
        "forces": (F(4, 5), 4, 5),
        "trainees": (F(2, 5), 40, 100),
        "key_projects": (0, 0, 1),
        "funds_per_capita": (1, 10, 10),
        "soe_agreements": (F(1, 2), 1, 2),
        "key_industries": (1, 2, 2),
        "brands": (0, 0, 1),
        "livelihood": (F(1, 3), 1, 3),
        "project_terms": (F(2, 3), 2, 3),
        "tasks_on_time": (1, 1, 1),
        "cadres": (F(3, 10), 3, 10),
    },
}
_NONE = {
    "forces": (0, 0, 5),
    "trainees": (0, 0, 100),
    "key_projects": (0, 0, 1),
    "funds_per_capita": (0, 0, 10),
    "soe_agreements": (N, 0, 0),
    "key_industries": (N, 0, 0),
    "brands": (0, 0, 1),
    "livelihood": (0, 0, 3),
    "project_terms": (0, 0, 3),
    "cadres": (0, 0, 10),
}
EXPECTED[("C4", 2023)] = {**_NONE, "tasks_on_time": (N, 0, 0)}
EXPECTED[("C4", 2024)] = {**_NONE, "tasks_on_time": (0, 0, 1)}

SCORES = {
    ("C1", 2023): F(690, 11),
    ("C1", 2024): F(100),
    ("C2", 2023): F(97, 3),
    ("C2", 2024): F(112, 3),
    ("C3", 2023): F(152, 3),
    ("C3", 2024): F(600, 11),
    ("C4", 2023): F(0),
    ("C4", 2024): F(0),
}


def test_every_county_indicator_is_exact(G: nx.MultiDiGraph) -> None:
    result = run(G)
    assert result["years"] == [2023, 2024]
    assert result["target_year"] == 2026
    got = rows_by(result)
    assert set(got) == set(EXPECTED)
    for key, want in EXPECTED.items():
        inds = got[key]["indicators"]
        assert list(inds) == list(SCORECARD_COUNTY_INDICATORS)
        for name, (score, raw, target) in want.items():
            e = inds[name]
            assert e["score"] == (None if score is None else r6(score)), (key, name)
            assert e["raw"] == raw, (key, name)
            assert e["target"] == target, (key, name)
            assert e["weight"] == 1.0
    assert got[("C3", 2024)]["indicators"]["funds_per_capita"]["funds_cny"] == 500_000
    assert got[("C1", 2023)]["indicators"]["tasks_on_time"]["overdue"] == 1
    t5 = got[("C3", 2024)]["indicators"]["tasks_on_time"]["detail"]
    assert t5 == {"closed": ["T4"], "overdue": [], "not_yet_due": ["T5"]}
    assert got[("C2", 2024)]["indicators"]["soe_agreements"]["detail"]["unsigned"] == ["S2"]


def test_scores_changes_ranks_and_pace_are_exact(G: nx.MultiDiGraph) -> None:
    got = rows_by(run(G))
    for key, score in SCORES.items():
        assert got[key]["score"] == r6(score), key
    assert {c: got[(c, 2023)]["change"] for c in ("C1", "C2", "C3", "C4")} == dict.fromkeys(
        ("C1", "C2", "C3", "C4")
    )
    assert got[("C1", 2024)]["change"] == r6(F(410, 11))
    assert got[("C2", 2024)]["change"] == 5
    assert got[("C3", 2024)]["change"] == r6(F(128, 33))
    assert got[("C4", 2024)]["change"] == 0
    assert [got[(c, 2024)]["rank"] for c in ("C1", "C3", "C2", "C4")] == [1, 2, 3, 4]
    assert [got[(c, 2023)]["rank"] for c in ("C1", "C3", "C2", "C4")] == [1, 2, 3, 4]
    pace = {"C1": F(2480, 33), "C2": F(494, 9), "C3": F(604, 9), "C4": F(100, 3)}
    for c, p in pace.items():
        assert got[(c, 2024)]["pace"] == r6(p), c
        assert got[(c, 2023)]["pace"] == r6(SCORES[(c, 2023)])
        assert got[(c, 2023)]["behind"] is False
    assert {c: got[(c, 2024)]["behind"] for c in pace} == {
        "C1": False,
        "C2": True,
        "C3": True,
        "C4": True,
    }


def test_explain_points_add_up_to_the_score(G: nx.MultiDiGraph) -> None:
    for r in run(G)["rows"]:
        points = [e["points"] for e in r["indicators"].values() if e["points"] is not None]
        assert sum(points) == pytest.approx(r["score"], abs=1e-5)
        for e in r["indicators"].values():
            assert (e["points"] is None) == (e["score"] is None)
    c3 = rows_by(run(G))[("C3", 2024)]["indicators"]
    assert c3["forces"]["points"] == r6(F(100, 11) * F(4, 5))


def test_full_coverage_scores_higher_than_none(G: nx.MultiDiGraph) -> None:
    """C1 in 2024 has every force, target and term covered; C4 has none."""
    got = rows_by(run(G, year=2024))
    full, none = got[("C1", 2024)], got[("C4", 2024)]
    assert all(e["score"] in (1, None) for e in full["indicators"].values())
    assert [n for n, e in full["indicators"].items() if e["score"] is None] == [
        "soe_funding",
        "employment",
    ]  # switched off in the fixture's targets
    assert all(e["score"] in (0, None) for e in none["indicators"].values())
    assert full["score"] == 100 > none["score"] == 0


def test_year_option_shows_that_year_of_the_full_run(G: nx.MultiDiGraph) -> None:
    full = [r for r in run(G)["rows"] if r["year"] == 2024]
    only = run(G, year=2024)
    assert only["years"] == [2024]
    assert only["rows"] == full
    assert only["behind"] == ["C3", "C2", "C4"]
    # a year without data: every county is scored on its undated facts only
    later = rows_by(run(G, year=2025))
    assert later[("C1", 2025)]["indicators"]["trainees"]["raw"] == 0
    assert later[("C1", 2025)]["indicators"]["forces"]["score"] == 1


def test_weight_in_targets_toml_changes_the_ranking(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    toml = tmp_path / "targets.toml"
    toml.write_text(
        (SC / "targets.toml").read_text(encoding="utf-8") + "\n[scorecard.weights]\ntrainees = 5\n",
        encoding="utf-8",
    )
    default = rows_by(run(G, year=2024))
    assert default[("C3", 2024)]["rank"] < default[("C2", 2024)]["rank"]
    weighted = rows_by(scorecard(G, targets=Targets.from_toml(toml), as_of=AS_OF, year=2024))
    assert weighted[("C2", 2024)]["score"] == r6(F(1160, 21))
    assert weighted[("C3", 2024)]["score"] == r6(F(152, 3))
    assert weighted[("C2", 2024)]["rank"] == 2
    assert weighted[("C3", 2024)]["rank"] == 3
    assert weighted[("C2", 2024)]["indicators"]["trainees"]["weight"] == 5.0


def test_weight_zero_and_not_required_leave_an_indicator_out(G: nx.MultiDiGraph) -> None:
    base = load_targets(SC)
    t = Targets(
        trainees_per_county_year=100,
        training_rule="each_year",
        livelihood_subcategories_required=base.livelihood_subcategories_required,
        soe_annual_funding=False,
        employment_support_required=False,
        soe_agreement_required=False,
        scorecard=ScorecardConfig.from_dict(
            {
                "funds_per_capita_cny": 10,
                "weights": {"cadres": 0},
                "target_year": 2026,
            }
        ),
    )
    assert base.scorecard.target_year == t.scorecard.target_year
    c3 = rows_by(scorecard(G, targets=t, as_of=AS_OF, year=2024))[("C3", 2024)]
    assert c3["indicators"]["soe_agreements"]["score"] is None
    assert c3["indicators"]["cadres"]["points"] is None
    # 13 − soe_agreements − soe_funding − employment − cadres = 9 indicators: .8+.4+0+1+1+0+1/3+2/3+1 = 5.2
    assert c3["score"] == r6(F(520, 9))


def test_providers_are_exact(G: nx.MultiDiGraph) -> None:
    got = rows_by(run(G, by="provider"), "provider_id")
    d1 = got[("D1", 2024)]["indicators"]
    assert (d1["agreements"]["score"], d1["funding"]["score"], d1["training"]["score"]) == (
        None,
        0.5,
        0.0,
    )
    assert d1["tasks_on_time"]["score"] is None
    assert (d1["spread"]["score"], d1["spread"]["funds_cny"], d1["spread"]["hhi"]) == (
        0.5,
        100_000,
        1.0,
    )
    assert got[("D1", 2024)]["score"] == r6(F(100, 3))
    assert got[("D1", 2023)]["score"] == r6(F(3500, 52))
    assert got[("D1", 2023)]["indicators"]["spread"]["raw"] == r6(F(18, 13))
    assert got[("D1", 2024)]["change"] == r6(F(100, 3) - F(3500, 52))
    e1 = got[("E1", 2024)]["indicators"]
    assert e1["spread"]["hhi"] == r6(F(65, 81))
    assert e1["spread"]["score"] == r6(F(81, 130))
    assert e1["tasks_on_time"]["raw"] == 0 and e1["tasks_on_time"]["overdue"] == 1
    assert got[("E1", 2024)]["score"] == r6(F(34100, 520))
    s1 = got[("S1", 2024)]["indicators"]
    assert s1["agreements"]["score"] == 0.5
    assert s1["agreements"]["detail"] == {"signed": ["C1"], "unsigned": ["C3"]}
    assert s1["spread"]["score"] is None
    assert got[("S1", 2024)]["score"] == 37.5
    assert got[("Z1", 2024)]["score"] == 50
    assert got[("A1", 2024)]["score"] == r6(F(200, 3))
    assert got[("S2", 2024)]["score"] == 0
    assert got[("Z1", 2024)]["force"] == "central_soe"


def test_prefectures_and_forces_average_their_members(G: nx.MultiDiGraph) -> None:
    pref = rows_by(run(G, by="prefecture", year=2024), "prefecture_id")
    assert pref[("P1", 2024)]["score"] == r6(F(206, 3))
    assert pref[("P2", 2024)]["score"] == r6(F(300, 11))
    assert pref[("P1", 2024)]["members"] == ["C1", "C2"]
    # key_industries: C1 1, C2 0; soe_funding applies to no member (switched off)
    assert pref[("P1", 2024)]["indicators"]["key_industries"] == {
        "score": 0.5,
        "raw": None,
        "target": None,
        "weight": 1.0,
        "points": None,
        "members": 2,
    }
    assert pref[("P1", 2024)]["indicators"]["soe_funding"]["members"] == 0
    force = rows_by(run(G, by="force", year=2024), "force")
    assert force[("provincial_soe", 2024)]["score"] == 18.75
    assert force[("provincial_soe", 2024)]["name_zh"] == "省属国企"
    assert force[("central_soe", 2024)]["score"] == 50


#: scorecard county indicator -> the gap rule it measures (v2)
AGREES = {
    "forces": "missing_force",
    "trainees": "training_below_target",
    "soe_agreements": "soe_without_agreement",
    "key_industries": "soe_key_industries",
    "soe_funding": "soe_annual_funding",
    "brands": "county_without_brand",
    "livelihood": "missing_livelihood",
    "project_terms": "missing_project_term",
    "employment": "missing_employment_support",
}


def test_scorecard_agrees_with_the_gaps(loaded_store: Callable[[Path | str], Store]) -> None:
    """On the v2 gap fixture (worked out in test_gaps.py), in 2024 with the plan's targets:
    an indicator is met (score 1) exactly where its rule finds no gap for the county; e.g.
    C1's trainees 410 + 598 average 504 (met: no gap although 2023 was below 500), C2's
    average 350 (0.7, gap), C2's S1 supports no C2 industry (key_industries 1/2: Z3 only)."""
    from assistgraph.analysis import find_gaps

    from .conftest import GAPS

    G = loaded_store(GAPS).export_graph()
    gaps = find_gaps(G, as_of=AS_OF)
    rows = rows_by(scorecard(G, as_of=AS_OF, year=2024))
    for c in ("C1", "C2", "C3"):
        inds = rows[(c, 2024)]["indicators"]
        for name, rule in AGREES.items():
            found = [g for g in gaps if g["rule"] == rule and g["county_id"] == c]
            found = [g for g in found if g["year"] in (None, 2024)]
            assert (inds[name]["score"] in (1, None)) == (not found), (c, name, found)
    assert rows[("C1", 2024)]["indicators"]["trainees"]["raw"] == 504
    assert rows[("C2", 2024)]["indicators"]["trainees"]["score"] == 0.7
    assert rows[("C2", 2024)]["indicators"]["key_industries"]["detail"]["outside"] == ["S1"]
    assert rows[("C1", 2024)]["indicators"]["soe_funding"]["detail"] == {
        "funded": ["S1", "Z1"],
        "unfunded": ["Z2"],
    }


def test_frame(G: nx.MultiDiGraph) -> None:
    df = scorecard_frame(G, targets=load_targets(SC), as_of=AS_OF, year=2024)
    assert list(df["county_id"]) == ["C1", "C3", "C2", "C4"]
    c3 = df.set_index("county_id").loc["C3"]
    assert float(c3["forces"]) == 0.8 and int(c3["forces_raw"]) == 4
    assert float(c3["score"]) == r6(F(600, 11))


def test_errors(G: nx.MultiDiGraph) -> None:
    with pytest.raises(AnalysisError, match="unknown scorecard view 'town'"):
        scorecard(G, by="town")
    with pytest.raises(AnalysisError, match="as_of must be a date"):
        scorecard(G, as_of="soon")


# -- the [scorecard] table of targets.toml ----------------------------------------


def test_scorecard_config_defaults_and_toml(tmp_path: Path) -> None:
    sc = Targets().scorecard
    assert sc.weights_for("county") == dict.fromkeys(SCORECARD_COUNTY_INDICATORS, 1.0)
    assert set(sc.weights_for("provider")) == {
        "agreements",
        "funding",
        "training",
        "tasks_on_time",
        "spread",
    }
    assert (sc.key_projects_per_county_year, sc.funds_per_capita_cny) == (1, 300.0)
    assert (sc.cadres_per_county_year, sc.target_year) == (10, None)
    assert Targets.from_dict({}) == Targets()
    assert load_targets(EXAMPLE).scorecard == sc  # the example sets no [scorecard]
    path = tmp_path / "targets.toml"
    path.write_text(
        "trainees_per_county_year = 300\n[scorecard]\ntarget_year = 2027\n"
        "[scorecard.weights]\nforces = 2.5\n[scorecard.provider_weights]\nspread = 0\n",
        encoding="utf-8",
    )
    t = Targets.from_toml(path)
    assert t.trainees_per_county_year == 300
    assert t.scorecard.target_year == 2027
    assert t.scorecard.weights_for("county")["forces"] == 2.5
    assert t.scorecard.weights_for("county")["brands"] == 1.0
    assert t.scorecard.weights_for("provider")["spread"] == 0.0
    data = t.to_dict()
    assert data["scorecard"]["weights"]["forces"] == 2.5
    json.dumps(data)
    hash(t)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[scorecard]\nweight = 1", "scorecard: unknown key 'weight'; known keys: weights"),
        ("[scorecard.weights]\nforce = 1", "unknown indicator 'force'; indicators: forces"),
        ("[scorecard.provider_weights]\nforces = 1", "unknown indicator 'forces'"),
        ("[scorecard.weights]\nforces = -1", r"scorecard.weights.forces must be a finite"),
        ("[scorecard.weights]\nforces = true", "must be a number"),
        ("[scorecard]\nweights = 3", "must be a table of indicator = weight"),
        ("scorecard = 1", r"scorecard must be a table \(\[scorecard\]\)"),
        ("[scorecard]\ntarget_year = 27", "must be a year between 1900 and 2999"),
        ("[scorecard]\nfunds_per_capita_cny = 'lots'", "must be a number"),
        ("[scorecard]\ncadres_per_county_year = 2.5", "must be a whole number"),
        (
            "[scorecard.weights]\n" + "\n".join(f"{n} = 0" for n in SCORECARD_COUNTY_INDICATORS),
            "the weights must not all be 0",
        ),
    ],
)
def test_scorecard_config_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        Targets.from_toml(path)


# -- the command -------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("scorecard") / "graph.lbug")
    load_dataset(SC, path)
    return path


def cli_run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_cli_json_shape(store: str) -> None:
    base = ("scorecard", "--store", store, "--as-of", AS_OF, "--targets", str(SC / "targets.toml"))
    code, out = cli_run(*base, "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["years"] == [2023, 2024] and data["target_year"] == 2026
    assert len(data["rows"]) == 8
    for r in data["rows"]:
        assert {"county_id", "score", "indicators", "year"} <= set(r)
        assert set(r["indicators"]) == set(SCORECARD_COUNTY_INDICATORS)
        for e in r["indicators"].values():
            assert {"score", "raw", "target", "weight", "points"} <= set(e)
            assert "detail" not in e
    c3 = next(r for r in data["rows"] if (r["county_id"], r["year"]) == ("C3", 2024))
    assert c3["score"] == r6(F(600, 11))
    code, out = cli_run(*base, "--format", "json", "--explain", "--by", "provider")
    rows = json.loads(out)["rows"]
    assert all("provider_id" in r and "detail" in r["indicators"]["funding"] for r in rows)
    code, out = cli_run(*base, "--by", "prefecture", "--format", "json", "--year", "2024")
    assert [r["prefecture_id"] for r in json.loads(out)["rows"]] == ["P1", "P2"]


def test_cli_table_and_options(store: str) -> None:
    base = ("scorecard", "--store", store, "--as-of", AS_OF)
    code, out = cli_run(*base, "--target-year", "2026")
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].split() == [
        "rank",
        "county",
        "2023",
        "2024",
        "trend",
        "change",
        "pace",
        "status",
    ]
    assert lines[2].startswith("1     一县 One County")
    assert "3 of 4 behind the pace to reach 100 by 2026 (in 2024)." in out
    code, out = cli_run(*base, "--year", "2024", "--explain", "--format", "markdown")
    assert code == 0 and "↳ forces: 1.00 (5 / 5), weight 1" in out
    code, out = cli_run(*base, "--year", "2024", "--format", "csv")
    header = out.splitlines()[0].split(",")
    assert header[:4] == ["county_id", "name_zh", "name_en", "prefecture_id"]
    assert header[header.index("forces") + 1] == "forces_raw"
    code, out = cli_run(*base, "--by", "town")
    assert code == 2 and "Invalid value for '--by'" in out


def test_cli_bad_targets(store: str, tmp_path: Path) -> None:
    toml = tmp_path / "targets.toml"
    toml.write_text("[scorecard.weights]\nforce = 2\n", encoding="utf-8")
    code, out = cli_run("scorecard", "--store", store, "--targets", str(toml))
    assert code == 1
    assert out.startswith(f"Error: {toml}: scorecard.weights: unknown indicator 'force'")


# -- cross-check on the example, from the raw CSV files ----------------------------


def csv_rows(name: str) -> list[dict[str, str]]:
    path = EXAMPLE / f"{name}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def amount(row: dict[str, str]) -> Fraction:
    cny, wan = (row.get("amount_cny") or "").strip(), (row.get("amount_wan") or "").strip()
    return Fraction(cny.replace(",", "")) if cny else Fraction(wan.replace(",", "")) * 10_000


@pytest.mark.skipif(not EXAMPLE.is_dir(), reason="examples/sichuan not built yet")
def test_sichuan_indicators_match_raw_tables(
    loaded_store: Callable[[Path | str], Store],
) -> None:
    """Forces, trainees (mean of the training years up to 2024), brands (listing the
    county and promoted by a provider paired with it) and funds per capita for 2024,
    recomputed with plain Python from the CSV files (no graph, no library code)."""
    G = loaded_store(EXAMPLE).export_graph()
    t = load_targets(EXAMPLE)
    got = rows_by(scorecard(G, targets=t, as_of="2025-06-30", year=2024))
    year = 2024
    force = {r["id"]: r["force"] for r in csv_rows("providers")}
    forces: dict[str, set[str]] = defaultdict(set)
    paired: dict[str, set[str]] = defaultdict(set)
    for r in csv_rows("pairings"):
        since, until = (r.get("since") or "").strip(), (r.get("until") or "").strip()
        if (not since or int(since[:4]) <= year) and (not until or int(until[:4]) >= year):
            forces[r["county_id"]].add(force[r["provider_id"]])
            paired[r["county_id"]].add(r["provider_id"])
    total: Counter[tuple[str, int]] = Counter()
    for r in csv_rows("training"):
        total[(r["county_id"], int(r["year"]))] += int(r["trainees"].replace(",", ""))
    scope = sorted({y for _, y in total if y <= year}) or [year]
    trainees = {c: F(sum(total[(c, y)] for y in scope), len(scope)) for c, _ in total}
    brands: Counter[str] = Counter()
    for r in csv_rows("brands"):
        promoters = {p.strip() for p in (r.get("promoted_by") or "").split(";") if p.strip()}
        for c in {c.strip() for c in r["county_ids"].split(";") if c.strip()}:
            brands[c] += bool(promoters & paired[c])
    county_of = {r["id"]: r["county_id"] for r in csv_rows("projects")}
    funds: Counter[str] = Counter()
    for r in csv_rows("funding"):
        if int(r["year"]) == year:
            funds[county_of[r["project_id"]]] += amount(r)
    counties = csv_rows("counties")
    assert len(counties) == 39
    for c in counties:
        cid = c["id"]
        inds = got[(cid, year)]["indicators"]
        n_forces = len(forces[cid] & set(t.forces_required))
        assert inds["forces"]["raw"] == n_forces, cid
        assert inds["forces"]["score"] == r6(F(n_forces, len(t.forces_required))), cid
        assert inds["trainees"]["raw"] == r6(trainees.get(cid, 0)), cid
        want = min(F(1), trainees.get(cid, F(0)) / t.trainees_per_county_year)
        assert inds["trainees"]["score"] == r6(want), cid
        assert inds["brands"]["raw"] == brands[cid], cid
        population = int(c["population"])
        per_capita = Fraction(funds[cid]) / population
        assert inds["funds_per_capita"]["raw"] == r6(per_capita), cid
        assert inds["funds_per_capita"]["score"] == r6(min(F(1), per_capita / 300)), cid
