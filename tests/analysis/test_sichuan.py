"""Cross-check ``find_gaps`` and ``concentration`` on ``examples/sichuan`` against an
independent computation straight from the raw CSV tables (pandas, no graph, no
library code), on both stores."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from assistgraph.analysis import concentration, find_gaps
from assistgraph.store import Store
from assistgraph.targets import load_targets

from ..conftest import EXAMPLE

AS_OF = dt.date(2025, 6, 30)
pytestmark = pytest.mark.skipif(not EXAMPLE.is_dir(), reason="examples/sichuan not built yet")


def table(name: str) -> pd.DataFrame:
    path = EXAMPLE / f"{name}.csv"
    if not path.exists():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def num(s: str) -> float:
    return float(s.replace(",", "")) if s.strip() else 0.0


def expected_gaps() -> set[tuple]:
    t = load_targets(EXAMPLE)
    counties = set(table("counties")["id"])
    force = dict(zip(table("providers")["id"], table("providers")["force"], strict=True))
    pairs = table("pairings")
    paired = defaultdict(set)
    for p, c in zip(pairs["provider_id"], pairs["county_id"], strict=True):
        paired[c].add(p)
    training, cadres, funding = table("training"), table("cadres"), table("funding")
    projects = table("projects")
    years = sorted({int(y) for df in (training, cadres, funding) for y in df.get("year", [])})
    out: set[tuple] = set()
    for c in counties:
        for f in t.forces_required:
            if not any(force[p] == f for p in paired[c]):
                out.add(("missing_force", c, None, None, f))
    trained = Counter()
    for c, y, n in zip(training["county_id"], training["year"], training["trainees"], strict=True):
        trained[(c, int(y))] += int(num(n))
    for c in counties:
        for y in years:
            if trained[(c, y)] < t.trainees_per_county_year:
                out.add(("training_below_target", c, None, y, None))
    key = {
        r.id for r in projects.itertuples() if r.key_support.strip().lower() in ("true", "是", "1")
    }
    lo, hi = t.key_projects_per_department_year
    funded = defaultdict(set)
    for p, pr, y in zip(
        funding["provider_id"], funding["project_id"], funding["year"], strict=True
    ):
        if pr in key:
            funded[(p, int(y))].add(pr)
    for p, f in force.items():
        if f == "provincial_department":
            for y in years:
                if not lo <= len(funded[(p, y)]) <= hi:
                    out.add(("department_key_projects", None, p, y, None))
    agreements = set(
        zip(table("agreements")["provider_id"], table("agreements")["county_id"], strict=True)
    )
    for c, ps in paired.items():
        for p in ps:
            if force[p] in ("provincial_soe", "central_soe") and (p, c) not in agreements:
                out.add(("soe_without_agreement", c, p, None, None))
    support = table("industry_support")
    inds = defaultdict(set)
    for p, i in zip(support["provider_id"], support["industry_id"], strict=True):
        inds[p].add(i)
    lo, hi = t.key_industries_per_soe
    for p, f in force.items():
        if f in ("provincial_soe", "central_soe") and not lo <= len(inds[p]) <= hi:
            out.add(("soe_key_industries", None, p, None, None))
    from_county = Counter()
    for y, d, n in zip(cadres["year"], cadres["direction"], cadres["count"], strict=True):
        if d == "from_county":
            from_county[int(y)] += int(num(n))
    for y in years:
        if from_county[y] < t.cadres_trained_per_year:
            out.add(("cadre_training_below_target", None, None, y, None))
    for c in counties:
        own = projects[projects["county_id"] == c]
        for term in t.project_terms_required:
            if term not in set(own["term"]):
                out.add(("missing_project_term", c, None, None, term))
        live = set(own[own["category"] == "livelihood"]["subcategory"])
        for sub in t.livelihood_subcategories_required:
            if sub not in live:
                out.add(("missing_livelihood", c, None, None, sub))
    brands = Counter(
        c for ids in table("brands").get("county_ids", []) for c in set(ids.split(";")) if c
    )
    for c in counties:
        if brands[c] < t.min_brands_per_county:
            out.add(("county_without_brand", c, None, None, None))
    links = table("chain_links")
    near = defaultdict(set)
    for a, b in zip(links["from_industry_id"], links["to_industry_id"], strict=True):
        near[a].add(b)
        near[b].add(a)
    caps = defaultdict(set)
    cap = table("capabilities")
    for p, i in zip(cap["provider_id"], cap["industry_id"], strict=True):
        caps[p].add(i)
    for r in table("resources").itertuples():
        if r.industry_id:
            ok = {r.industry_id} | near[r.industry_id]
            if not any(caps[p] & ok for p in paired[r.county_id]):
                out.add(
                    ("unmatched_resource", r.county_id, None, None, f"{r.county_id}/{r.name_zh}")
                )
    for r in table("tasks").itertuples():
        due = dt.date(*map(int, r.due.replace("/", "-").replace(".", "-").split("-")))
        if r.status == "open" and due < AS_OF:
            out.add(("overdue_task", r.county_id, r.provider_id, None, r.id))
    return out


def key(g: dict) -> tuple:
    d = g["detail"]
    extra = (
        d.get("force")
        or d.get("term")
        or d.get("subcategory")
        or d.get("resource_id")
        or d.get("task_id")
    )
    return (g["rule"], g["county_id"], g["provider_id"], g["year"], extra)


def test_gaps_match_raw_tables(loaded_store: Callable[[Path | str], Store]) -> None:
    G = loaded_store(EXAMPLE).export_graph()
    got = {key(g) for g in find_gaps(G, targets=load_targets(EXAMPLE), as_of=AS_OF)}
    want = expected_gaps()
    assert sorted(got - want, key=str) == []
    assert sorted(want - got, key=str) == []


def test_funding_totals_match_raw_tables(loaded_store: Callable[[Path | str], Store]) -> None:
    G = loaded_store(EXAMPLE).export_graph()
    funding = table("funding")
    county_of = dict(zip(table("projects")["id"], table("projects")["county_id"], strict=True))
    per_county = Counter()
    for pr, cny, wan in zip(
        funding["project_id"], funding["amount_cny"], funding.get("amount_wan", ""), strict=True
    ):
        per_county[county_of[pr]] += num(cny) if cny.strip() else num(wan) * 10_000
    got = {r["county_id"]: r["total_cny"] for r in concentration(G)["counties"]}
    for c in table("counties")["id"]:
        assert got[c] == pytest.approx(per_county[c], abs=0.01), c
