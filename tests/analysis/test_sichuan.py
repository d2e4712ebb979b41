"""Cross-check ``gap_report`` and ``concentration`` on ``examples/sichuan`` against an
independent computation straight from the raw CSV tables (pandas, no graph, no
library code), on both stores."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from assistgraph.analysis import concentration, gap_report
from assistgraph.store import Store
from assistgraph.targets import load_targets

from ..conftest import EXAMPLE, ROOT
from .independent import independent_gaps

AS_OF = dt.date(2025, 6, 30)
pytestmark = pytest.mark.skipif(not EXAMPLE.is_dir(), reason="examples/sichuan not built yet")


def table(name: str) -> pd.DataFrame:
    path = EXAMPLE / f"{name}.csv"
    if not path.exists():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def num(s: str) -> float:
    return float(s.replace(",", "")) if s.strip() else 0.0


def test_gaps_match_raw_tables(loaded_store: Callable[[Path | str], Store]) -> None:
    """Every v2 gap (identity, basis, confidence) and the unchecked rules, against the
    independent computation of ``independent.py`` on the raw CSV files."""
    G = loaded_store(EXAMPLE).export_graph()
    targets = load_targets(EXAMPLE)
    report = gap_report(G, targets=targets, as_of=AS_OF)
    got = {g["id"]: (g["basis"], g["confidence"]) for g in report["gaps"]}
    want, unchecked = independent_gaps(EXAMPLE, targets, AS_OF)
    assert sorted(set(got) - set(want)) == []
    assert sorted(set(want) - set(got)) == []
    assert got == want
    assert {u["rule"] for u in report["unchecked"]} == unchecked


def test_example_checker_agrees_with_gap_report(
    loaded_store: Callable[[Path | str], Store],
) -> None:
    """``examples/check_dataset.py`` (the example's own checker, stdlib only, written from
    the contract text; its counts fill the README's generated block) finds the same gaps
    as ``gap_report`` on 2026-11-30, the date of the README's planted findings, so the
    README's counts (checked against a fresh run in ``tests/test_example.py``) are the
    library's."""
    path = ROOT / "examples" / "check_dataset.py"
    spec = importlib.util.spec_from_file_location("_example_check_dataset", path)
    assert spec and spec.loader
    check = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = check
    spec.loader.exec_module(check)
    as_of = dt.date(2026, 11, 30)
    data = check.load(EXAMPLE)
    found, unchecked = check.gaps(
        data, check.targets_of((EXAMPLE / "targets.toml").read_text(encoding="utf-8")), as_of
    )
    keys = ("rule", "county_id", "provider_id", "force", "year", "subject")
    want = {
        "|".join("" if g[k] is None else str(g[k]) for k in keys): (g["basis"], g["confidence"])
        for g in found
    }
    G = loaded_store(EXAMPLE).export_graph()
    report = gap_report(G, targets=load_targets(EXAMPLE), as_of=as_of)
    got = {g["id"]: (g["basis"], g["confidence"]) for g in report["gaps"]}
    assert got == want
    assert report["unchecked"] == unchecked == []
    assert {g["rule"] for g in found} == set(check.RULES)  # every rule has a gap to compare


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


def test_match_proposes_daylily_only_where_it_grows(
    loaded_store: Callable[[Path | str], Store],
) -> None:
    """Issue 13: the sourced 道孚 link daylily → tourism made daylily growing a top
    proposal for tourism counties. Now every proposal rests on the county's own
    resources or industries (checked from the raw CSV files), so daylily is proposed
    nowhere but where a county has a daylily resource or industry."""
    from assistgraph.analysis import match

    G = loaded_store(EXAMPLE).export_graph()
    own: dict[str, set[str]] = {}
    for df in (table("resources"), table("county_industries")):
        for c, i in zip(df["county_id"], df["industry_id"], strict=True):
            if i:
                own.setdefault(c, set()).add(i)
    links = table("chain_links")
    down = set(zip(links["from_industry_id"], links["to_industry_id"], strict=True))
    proposals = match(G)
    assert proposals
    for m in proposals:
        c, i = m["county_id"], m["industry_id"]
        assert i in own[c] or any((a, i) in down for a in own[c]), (c, i)
        assert m["starts_from"]["industry_id"] in own[c]
        if i == "ind-daylily":
            assert "ind-daylily" in own[c], c
