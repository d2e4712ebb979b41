"""The example dataset tells the truth (issue 18).

Checked on the CSVs of ``examples/sichuan/`` directly (csv module, no library code),
except the last tests, which load the example into each store and run the gap rules:

* no invented (``illustrative``) row with an actor names a real organisation, and
  every fictional provider's name carries the 示例 marker;
* every real SOE has a ``source``; the README says how many of the 78 are known;
* sources name the page, never how it was read;
* the README's generated block is current and the CSVs are what the build writes;
* every gap rule fires at least once.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from assistgraph.analysis import RULES, find_gaps
from assistgraph.store import Store
from assistgraph.targets import load_targets

from .conftest import EXAMPLE, ROOT

pytestmark = pytest.mark.skipif(not EXAMPLE.is_dir(), reason="examples/sichuan not built yet")

#: Tables whose rows name an actor in ``provider_id`` (issue 18's list).
ACTOR_TABLES = (
    "funding",
    "training",
    "cadres",
    "tasks",
    "capabilities",
    "agreements",
    "workshops",
    "industry_support",
    "fund_contributions",
)
SOE_FORCES = ("provincial_soe", "central_soe")
MARK = "示例"
AS_OF = dt.date(2026, 11, 30)


def rows(table: str) -> list[dict[str, str]]:
    path = EXAMPLE / f"{table}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f)]


def providers() -> dict[str, dict[str, str]]:
    return {p["id"]: p for p in rows("providers")}


def invented(row: dict[str, str]) -> bool:
    return row.get("confidence") == "illustrative"


def script(name: str) -> ModuleType:
    """Import ``examples/<name>.py`` (the examples folder is not a package)."""
    spec = importlib.util.spec_from_file_location(
        f"_example_{name}", ROOT / "examples" / f"{name}.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# ---- no invented fact on a real name -----------------------------------------------------
@pytest.mark.parametrize("table", ACTOR_TABLES)
def test_invented_rows_name_only_invented_providers(table: str) -> None:
    """An illustrative row whose provider's own row is sourced would put an invented fact
    on a real organisation (e.g. 德阳市人民医院 "funding" a project with 122万)."""
    prov = providers()
    found = [r for r in rows(table) if invented(r)]
    assert found, f"no illustrative {table} rows: the test would check nothing"
    bad = [
        (r["provider_id"], prov[r["provider_id"]]["name_zh"])
        for r in found
        if r.get("provider_id") and not invented(prov[r["provider_id"]])
    ]
    assert bad == []


def test_invented_pairings_and_brand_promoters_are_invented_providers() -> None:
    """A fictional provider may be paired with a real county (the pairing is then
    illustrative), but no real provider gets an invented pairing or brand promotion."""
    prov = providers()
    pairings = rows("pairings")
    assert [
        r["provider_id"] for r in pairings if invented(r) != invented(prov[r["provider_id"]])
    ] == []
    promoters = [
        (b["id"], p)
        for b in rows("brands")
        if invented(b)
        for p in b.get("promoted_by", "").split(";")
        if p
    ]
    assert promoters, "no invented brand has a promoter: the test would check nothing"
    assert [(b, p) for b, p in promoters if not invented(prov[p])] == []


def test_every_invented_provider_says_so_in_its_name() -> None:
    """Every illustrative provider's name carries 示例, and no real provider's does (a
    real agency's name with （示例） appended, like 四川省水利厅（示例）, is not allowed)."""
    prov = providers()
    fictional = [p for p in prov.values() if invented(p)]
    assert len(fictional) >= 5
    assert [p["name_zh"] for p in fictional if not p["name_zh"].startswith(MARK)] == []
    assert [p["id"] for p in fictional if "-shili-" not in p["id"]] == []
    assert [p["name_zh"] for p in prov.values() if not invented(p) and MARK in p["name_zh"]] == []


def test_invented_projects_brands_funds_and_workshops_say_so() -> None:
    for table, column in (
        ("projects", "name_zh"),
        ("brands", "name_zh"),
        ("investment_funds", "name_zh"),
        ("workshops", "name_zh"),
    ):
        names = [r[column] for r in rows(table) if invented(r)]
        assert names, table
        assert [n for n in names if MARK not in n] == [], table


# ---- the SOE roster -------------------------------------------------------------------------
def real_soe_pairings() -> list[dict[str, str]]:
    """Current pairings of real SOEs (``until`` empty or not before the analysis year)."""
    prov = providers()
    return [
        r
        for r in rows("pairings")
        if prov[r["provider_id"]]["force"] in SOE_FORCES
        and not invented(prov[r["provider_id"]])
        and (not r.get("until") or int(r["until"]) >= AS_OF.year)
    ]


def test_every_real_soe_has_a_source() -> None:
    prov = providers()
    soes = [p for p in prov.values() if p["force"] in SOE_FORCES and not invented(p)]
    assert len(soes) >= 7
    assert [p["id"] for p in soes if not p.get("source", "").strip()] == []
    assert [r["provider_id"] for r in real_soe_pairings() if not r.get("source")] == []
    assert [r["provider_id"] for r in real_soe_pairings() if r.get("confidence") == "high"] == []


def test_ambiguous_soe_pairs_are_low_and_say_what_the_source_says() -> None:
    """The 2023-08-15 signing names 2 SOEs and 2 of 4 counties without splitting the
    pairs: each such row is low and its note says the pairs are not split."""
    signing = [r for r in real_soe_pairings() if "193328" in r["source"]]
    assert {(r["provider_id"], r["county_id"]) for r in signing} == {
        ("csoe-petrochina-sichuan", "513226"),
        ("csoe-petrochina-sichuan", "511921"),
        ("psoe-lvtou", "513226"),
        ("psoe-lvtou", "511921"),
    }
    assert {r["confidence"] for r in signing} == {"low"}
    assert all("does not say" in r["note"] and "at most one" in r["note"] for r in signing)


def test_readme_says_how_many_of_the_78_are_known() -> None:
    """Worked out from the CSVs: the distinct real SOEs with a current pairing (7 when
    this test was written: 东方电气, 建行四川, 中石油四川销售, 川酒, 蜀道, 省旅投, 产业基金)."""
    known = {r["provider_id"] for r in real_soe_pairings()}
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    assert f"The dataset knows **{len(known)} of the 78**" in readme
    assert len(known) == 7


def test_ended_pairings_keep_their_end_year() -> None:
    ended = {
        (r["provider_id"], r["county_id"]): r["until"] for r in rows("pairings") if r.get("until")
    }
    assert ended == {("pa-luzhou", "513337"): "2021", ("ew-yueqing", "513230"): "2021"}


def test_ganzi_counties_without_a_split_stay_inferred_and_say_why() -> None:
    hangzhou = [r for r in rows("pairings") if r["provider_id"] == "ew-hangzhou"]
    assert len(hangzhou) == 7
    assert {r["confidence"] for r in hangzhou} == {"inferred"}
    assert all("without saying which city supports which county" in r["note"] for r in hangzhou)


# ---- sources a reader can follow --------------------------------------------------------
READ_HOW = re.compile(r"stored page|GitHub code index|baiducontent|read through|code-index", re.I)


def test_sources_name_the_page_not_how_it_was_read() -> None:
    bad = [
        (path.stem, i)
        for path in sorted(EXAMPLE.glob("*.csv"))
        for i, r in enumerate(rows(path.stem), start=2)
        if READ_HOW.search(r.get("source", ""))
    ]
    assert bad == []


# ---- generated files are current --------------------------------------------------------
def test_readme_block_is_a_fresh_run_of_describe() -> None:
    describe = script("describe")
    text = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    assert describe.START in text and describe.END in text
    assert describe.splice(text, describe.describe(EXAMPLE)) == text


def test_csvs_are_what_the_build_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build = script("build_illustrative")
    monkeypatch.setattr(build, "OUT", tmp_path)
    build.main()
    for path in sorted(tmp_path.glob("*.csv")):
        assert path.read_bytes() == (EXAMPLE / path.name).read_bytes(), path.name


# ---- every gap rule fires ---------------------------------------------------------------
def test_every_gap_rule_fires_on_the_example(loaded_store: Callable[[Path | str], Store]) -> None:
    """Every rule of ``assistgraph.analysis.RULES`` finds at least one gap (v2 rules are
    picked up as they land), on both stores."""
    G = loaded_store(EXAMPLE).export_graph()
    found = {g["rule"] for g in find_gaps(G, targets=load_targets(EXAMPLE), as_of=AS_OF)}
    assert sorted(set(RULES) - found) == []


def test_every_contract_v2_rule_fires_in_the_independent_check() -> None:
    """``examples/check_dataset.py`` re-computes the v2 rules from the contract text; each
    fires, and nothing is unchecked (every evidence table has rows)."""
    check = script("check_dataset")
    data = check.load(EXAMPLE)
    targets = check.targets_of((EXAMPLE / "targets.toml").read_text(encoding="utf-8"))
    found, unchecked = check.gaps(data, targets, AS_OF)
    assert unchecked == []
    assert sorted(set(check.RULES) - {g["rule"] for g in found}) == []
    planted = {
        ("training_below_target", "513331", None, None, None, None),
        ("department_key_projects", "513328", "dept-shili-ding", None, 2024, None),
        ("department_key_projects", "510822", "dept-shili-gui", None, 2025, None),
        ("agreement_without_fund_share", "513332", "csoe-shili-yi", None, None, None),
        ("soe_annual_funding", "513437", "csoe-shili-jia", None, 2025, None),
        ("soe_pairing_structure", "511922", None, "central_soe", None, None),
        ("late_closeout", "513430", "dept-shili-yi", None, None, "task-jinyang-80"),
        ("fund_model", "513430", None, None, None, "fund-shili-jinyang-pepper:joint"),
        ("fund_model", "513330", None, None, None, "fund-shili-dege-logistics:industry"),
    }
    ids = {
        (g["rule"], g["county_id"], g["provider_id"], g["force"], g["year"], g["subject"])
        for g in found
    }
    assert sorted(planted - ids, key=str) == []
    # 壤塘 trains 410, 598 and 520: a mean of 509.3, so not short under the mean rule
    assert not any(
        g["rule"] == "training_below_target" and g["county_id"] == "513230" for g in found
    )
    # the SOE annual funding gap starts with the agreement's year (2024)
    assert not any(
        g["rule"] == "soe_annual_funding"
        and g["provider_id"] == "csoe-shili-jia"
        and g["year"] == 2023
        for g in found
    )
