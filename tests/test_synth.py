"""Synthetic datasets: contract-conformant, deterministic, skewed, at any scale."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from assistgraph.cli import cli
from assistgraph.schema import FORCES
from assistgraph.synth import sizes, write_synthetic
from assistgraph.validate import read_and_validate

ROOT = Path(__file__).resolve().parent.parent


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("province")
    write_synthetic(out, scale="province", seed=1)
    return out


def test_national_sizes_are_the_issues() -> None:
    s = sizes("national")
    assert (s["counties"], s["prefectures"], s["providers"]) == (832, 60, 3000)
    assert (s["projects"], s["funding"], s["industries"]) == (200_000, 1_000_000, 2000)
    assert (s["chain_links"], s["training"] + s["cadres"], s["tasks"]) == (10_000, 50_000, 20_000)


def test_province_validates_with_every_table(province: Path) -> None:
    ds = read_and_validate(province)
    counts = ds.counts()
    assert counts["counties"] == 39
    assert counts["prefectures"] == 8
    assert len(counts) == 23  # every table of the contract (v2: mechanisms; task forces)
    assert {r["force"] for r in ds.rows("providers")} == set(FORCES)
    assert all(r["confidence"] == "illustrative" for r in ds.rows("funding"))
    # about the target size (a few cells are dropped where a project has too few)
    assert counts["funding"] == pytest.approx(sizes("province")["funding"], rel=0.05)


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_synthetic(a, scale=4, seed=7)
    write_synthetic(b, scale=4, seed=7)
    write_synthetic(c, scale=4, seed=8)
    for f in sorted(a.glob("*.csv")):
        assert f.read_bytes() == (b / f.name).read_bytes(), f.name
    assert (a / "funding.csv").read_bytes() != (c / "funding.csv").read_bytes()


def test_a_few_providers_fund_most(province: Path) -> None:
    by_provider: dict[str, float] = defaultdict(float)
    for r in _rows(province, "funding"):
        by_provider[r["provider_id"]] += float(r["amount_cny"])
    amounts = sorted(by_provider.values(), reverse=True)
    top = amounts[: max(1, len(amounts) // 10)]
    assert sum(top) / sum(amounts) > 0.4  # the top 10 % of funders carry > 40 %


def test_project_sizes_are_long_tailed(province: Path) -> None:
    amounts = sorted(float(r["amount_cny"]) for r in _rows(province, "funding"))
    median = amounts[len(amounts) // 2]
    assert amounts[-1] > 50 * median
    assert sum(amounts[-len(amounts) // 100 :]) / sum(amounts) > 0.1  # top 1 % > 10 %


def test_chain_links_form_chains(province: Path) -> None:
    G = nx.DiGraph()
    G.add_edges_from(
        (r["from_industry_id"], r["to_industry_id"]) for r in _rows(province, "chain_links")
    )
    assert nx.number_of_selfloops(G) == 0
    # up- and downstream chains of three or more stages, not just isolated pairs:
    # many industries are both supplied and supplying (a middle stage)
    middle = [n for n in G if G.in_degree(n) and G.out_degree(n)]
    assert len(middle) > 0.2 * G.number_of_nodes()
    assert max(len(c) for c in nx.weakly_connected_components(G)) >= 5


def test_every_gap_rule_has_something_to_find(province: Path, tmp_path: Path) -> None:
    from assistgraph.analysis import RULES, find_gaps
    from assistgraph.jobs.load import load_dataset
    from assistgraph.store import open_store

    load_dataset(province, str(tmp_path / "g.lbug"))
    with open_store(str(tmp_path / "g.lbug")) as st:
        G = st.export_graph()
    found = {g["rule"] for g in find_gaps(G, as_of="2025-06-30")}
    # county_without_brand may or may not fire; every other rule does
    assert set(RULES) - found <= {"county_without_brand"}


def test_cli_synth(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        cli, ["synth", "--scale", "3", "-o", str(tmp_path / "d"), "--seed", "5"]
    )
    assert res.exit_code == 0, res.output
    assert "Wrote" in res.output
    res = CliRunner().invoke(cli, ["validate", str(tmp_path / "d")])
    assert res.exit_code == 0, res.output
    for bad in ("huge", "0", "-3"):
        res = CliRunner().invoke(cli, ["synth", "--scale", bad, "-o", str(tmp_path / "x")])
        assert res.exit_code == 2
        assert "--scale" in res.output


def test_benchmarks_smoke(tmp_path: Path) -> None:
    """The benchmark scripts run end to end at tiny sizes (no timing is asserted)."""
    env = {"ASSISTGRAPH_BENCH_DATA": str(tmp_path), "PATH": "/usr/bin:/bin"}
    import os

    env = {**os.environ, **{k: v for k, v in env.items() if k != "PATH"}}
    env.pop("NEO4J_URI", None)  # the Neo4j benchmarks wipe their server: not from tests
    out = tmp_path / "results.jsonl"
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run_all.py"),
            "--smoke",
            "--json",
            str(out),
            "startup",
            "embedded",
            "report",
            "exchange",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert any('"bench": "2 embedded"' in line for line in lines)
    assert any('"bench": "6 start-up"' in line for line in lines)
    # the report's write time, its parts and (where chromium is) its opening time
    report = [json.loads(line) for line in lines if '"bench": "8 report"' in line]
    names = [r.get("name", "") for r in report]
    assert any(n.startswith("report with map") for n in names)
    assert any(n.startswith("  part: map") for n in names)
    assert all(r["cpu_s"] >= 0 for r in report if "cpu_s" in r)
    assert any('"bench": "9 excel"' in line for line in lines)
