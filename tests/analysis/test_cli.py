"""The analysis commands on the embedded store, through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistgraph import load_dataset
from assistgraph.cli import cli

from .conftest import GAPS


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "graph.lbug")
    load_dataset(GAPS, path)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_gaps_json(store: str) -> None:
    code, out = run("gaps", "--store", store, "--as-of", "2024-12-31", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"gaps"}
    assert len(data["gaps"]) == 43
    for g in data["gaps"]:
        assert {"rule", "county_id", "provider_id", "year", "detail"} <= set(g)
        assert "evidence" not in g
    code, out = run(
        "gaps", "--store", store, "--format", "json", "--explain", "--rule", "overdue_task"
    )
    assert all(g["evidence"] for g in json.loads(out)["gaps"])


def test_fail_on_gaps_and_filters(store: str) -> None:
    code, out = run("gaps", "--store", store, "--as-of", "2024-12-31", "--fail-on-gaps")
    assert code == 3
    assert "43 gaps in 4 counties" in out
    # C1 has only the overdue task T1; before its due date it has no gap at all
    code, out = run(
        "gaps", "--store", store, "--county", "C1", "--as-of", "2024-06-01", "--fail-on-gaps"
    )
    assert (code, out.strip()) == (0, "No gaps.")
    code, out = run("gaps", "--store", store, "--county", "C9")
    assert code == 1 and "Error: county 'C9'" in out


def test_gaps_table_grouped_and_matrix(store: str) -> None:
    code, out = run("gaps", "--store", store, "--as-of", "2024-12-31", "--county", "C4")
    assert code == 0
    lines = out.splitlines()
    assert lines[2].startswith("四县 Four County")
    assert sum("Four County" in ln for ln in lines) == 1  # named once per group
    code, out = run("gaps", "--store", store, "--matrix", "forces", "--format", "csv")
    assert out.splitlines()[0] == (
        "county_id,name_zh,name_en,prefecture_id,provincial_department,east_west,"
        "paired_assistance,provincial_soe,central_soe"
    )
    assert out.splitlines()[4] == "C4,四县,Four County,P2,0,0,0,0,0"


def test_targets_file(store: str, tmp_path: Path) -> None:
    toml = tmp_path / "targets.toml"
    toml.write_text("trainees_per_county_year = 0\nforces_required = []\n", encoding="utf-8")
    code, out = run(
        "gaps",
        "--store",
        store,
        "--targets",
        str(toml),
        "--format",
        "json",
        "--rule",
        "training_below_target",
        "--rule",
        "missing_force",
    )
    assert code == 0 and json.loads(out)["gaps"] == []
    toml.write_text("bogus = 1\n", encoding="utf-8")
    code, out = run("gaps", "--store", store, "--targets", str(toml))
    assert code == 1 and "unknown key 'bogus'" in out


def test_other_commands(store: str) -> None:
    code, out = run("concentration", "--store", store, "--format", "json")
    data = json.loads(out)
    assert code == 0 and set(data) >= {"counties", "providers", "forces", "overall"}
    assert data["overall"]["total_cny"] == 5_700_000
    code, out = run("chains", "--store", store, "--format", "json")
    assert code == 0 and len(json.loads(out)["counties"]) == 4
    code, out = run("match", "--store", store, "--format", "json", "--top", "1")
    props = json.loads(out)["proposals"]
    assert code == 0 and [(p["provider_id"], p["county_id"]) for p in props] == [("D1", "C3")]
    for cmd in ("concentration", "chains", "match"):
        code, out = run(cmd, "--store", store)
        assert code == 0 and out.strip()
        code, out = run(cmd, "--help")
        assert "Example" in out
