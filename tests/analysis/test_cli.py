"""The analysis commands on the embedded store, through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistgraph import load_dataset
from assistgraph.cli import cli

from ..conftest import DATA
from .conftest import GAPS


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The v2 gap fixture (``tests/data/gaps_v2``, worked out in ``test_gaps.py``)."""
    path = str(tmp_path_factory.mktemp("cli") / "graph.lbug")
    load_dataset(GAPS, path)
    return path


@pytest.fixture(scope="module")
def v1_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The v1 fixture ``tests/data/gaps``, for the other analyses."""
    path = str(tmp_path_factory.mktemp("cli") / "graph.lbug")
    load_dataset(DATA / "gaps", path)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_gaps_json(store: str) -> None:
    code, out = run("gaps", "--store", store, "--as-of", "2024-12-31", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"gaps", "unchecked", "as_of"}
    assert (len(data["gaps"]), data["unchecked"], data["as_of"]) == (44, [], "2024-12-31")
    fields = ["id", "rule", "county_id", "provider_id", "force", "year", "subject"]
    fields += ["basis", "confidence", "severity", "message", "messages", "detail"]
    for g in data["gaps"]:
        assert list(g) == fields  # no evidence without --explain
    code, out = run(
        "gaps", "--store", store, "--format", "json", "--explain", "--rule", "overdue_task"
    )
    assert all(g["evidence"] for g in json.loads(out)["gaps"])


def test_min_confidence_and_summary(store: str) -> None:
    """44 gaps: high 11, medium 26, low 7; record 13 (one on illustrative cadre rows),
    no_record 31 (see test_gaps.py). --min-confidence medium drops 4 record gaps."""
    code, out = run("gaps", "--store", store, "--as-of", "2024-12-31")
    assert code == 0
    assert out.splitlines()[-1] == (
        "44 gap(s) in 3 county(ies): high 11, medium 26, low 7; "
        "31 rest on no record, 13 on records (1 on illustrative rows)."
    )
    header = out.splitlines()[0].split()
    assert header == [
        "county",
        "severity",
        "rule",
        "provider",
        "year",
        "basis",
        "confidence",
        "gap",
    ]
    code, out = run("gaps", "--store", store, "--as-of", "2024-12-31", "--min-confidence", "medium")
    assert "40 gap(s)" in out.splitlines()[-1] and "(0 on illustrative rows)" in out
    code, out = run("gaps", "--store", store, "--min-confidence", "certain")
    assert code == 2 and "certain" in out


def test_unchecked_lines(tmp_path: Path) -> None:
    path = str(tmp_path / "graph.lbug")
    load_dataset(DATA / "gaps", path)  # v1 data: no closed_on, no mechanisms
    code, out = run("gaps", "--store", path, "--as-of", "2024-12-31", "--rule", "late_closeout")
    assert code == 0
    assert out.splitlines() == [
        "No gaps.",
        "unchecked: late_closeout (no task has a closed_on date)",
    ]
    code, out = run("gaps", "--store", path, "--rule", "missing_coordination", "--format", "json")
    assert json.loads(out)["unchecked"] == [
        {"rule": "missing_coordination", "reason": "no rows in the mechanisms table"}
    ]


def test_fail_on_gaps_and_filters(store: str) -> None:
    code, out = run("gaps", "--store", store, "--as-of", "2024-12-31", "--fail-on-gaps")
    assert code == 3
    code, out = run(
        "gaps",
        "--store",
        store,
        "--county",
        "C1",
        "--rule",
        "overdue_task",
        "--as-of",
        "2024-06-01",
        "--fail-on-gaps",
    )  # T1 falls due on 2024-06-30
    assert (code, out.strip()) == (0, "No gaps.")
    code, out = run("gaps", "--store", store, "--county", "C9")
    assert code == 1 and "Error: county 'C9'" in out


def test_gaps_table_grouped_and_matrix(store: str) -> None:
    code, out = run("gaps", "--store", store, "--as-of", "2024-12-31", "--county", "C3")
    assert code == 0
    lines = out.splitlines()
    assert lines[2].startswith("三县 Three")
    assert sum("Three" in ln for ln in lines) == 1  # named once per group
    code, out = run(
        "gaps", "--store", store, "--matrix", "forces", "--format", "csv", "--as-of", "2024-12-31"
    )
    assert out.splitlines()[0] == (
        "county_id,name_zh,name_en,prefecture_id,provincial_department,east_west,"
        "paired_assistance,provincial_soe,central_soe"
    )
    assert out.splitlines()[2] == "C2,二县,Two,P1,1,1,0,1,1"  # A2's pairing ended in 2023


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


def test_other_commands(v1_store: str) -> None:
    store = v1_store
    code, out = run("concentration", "--store", store, "--format", "json")
    data = json.loads(out)
    assert code == 0 and set(data) >= {"counties", "providers", "forces", "overall"}
    assert data["overall"]["total_cny"] == 5_700_000
    code, out = run("chains", "--store", store, "--format", "json")
    assert code == 0 and len(json.loads(out)["counties"]) == 4
    code, out = run("match", "--store", store, "--format", "json", "--top", "1")
    props = json.loads(out)["proposals"]
    assert code == 0 and [(p["provider_id"], p["county_id"]) for p in props] == [("S1", "C2")]
    for cmd in ("concentration", "chains", "match"):
        code, out = run(cmd, "--store", store)
        assert code == 0 and out.strip()
        code, out = run(cmd, "--help")
        assert "Example" in out
