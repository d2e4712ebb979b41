"""Cross-check ``gap_report`` and ``concentration`` on ``examples/sichuan`` against an
independent computation straight from the raw CSV tables (pandas, no graph, no
library code), on both stores."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from assistgraph.analysis import concentration, gap_report
from assistgraph.store import Store
from assistgraph.targets import load_targets

from ..conftest import EXAMPLE
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
