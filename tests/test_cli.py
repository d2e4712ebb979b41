"""The command line: thin shells, one-line errors, exit codes, formats, read-only Cypher."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistgraph.cli import cli
from assistgraph.settings import Settings

from .conftest import DATA, TINY


def run(args: list[str], settings: Settings | None = None) -> tuple[int, str, str]:
    env = {"NEO4J_URI": "", "ASSISTGRAPH_STORE": ""}
    if settings is not None:
        args = [*args, "--store", settings.store]
        if settings.kind == "neo4j":
            env = {"NEO4J_PASSWORD": settings.password or "", "NEO4J_USERNAME": settings.username}
    res = CliRunner().invoke(cli, args, env=env)
    return res.exit_code, res.stdout, res.stderr


def test_load_prints_summary_and_is_idempotent(empty_settings: Settings) -> None:
    code, out, err = run(["load", str(TINY)], empty_settings)
    assert code == 0, err
    assert "County" in out and "PAIRED_WITH" in out
    assert "30 nodes, 62 relationships" in out  # tiny has one mechanism (v2)
    code, out2, _ = run(["load", str(TINY), "--format", "json"], empty_settings)
    assert code == 0
    rows = {(r["kind"], r["name"]): r["count"] for r in json.loads(out2)}
    assert rows[("node", "County")] == 3
    assert rows[("relationship", "PAIRED_WITH")] == 7


def test_bad_dataset_lists_every_problem_and_exits_1(empty_settings: Settings) -> None:
    code, out, err = run(["load", str(DATA / "bad4")], empty_settings)
    assert code == 1
    assert "Traceback" not in err + out
    lines = err.strip().splitlines()
    assert lines[0] == "Error: 4 problems in the dataset; nothing was written"
    assert lines[1:] == [
        "providers:7:id: duplicate key E1 (first at row 3)",
        "pairings:3:county_id: unknown counties id 'CX'",
        "projects:4:term: 'forever' is not one of long, medium, short",
        "funding:3:amount_cny: not a number: 'lots'",
    ]


def test_validate_command(tmp_path: Path) -> None:
    code, out, _ = run(["validate", str(TINY)])
    assert code == 0 and "OK: 57 rows in 22 tables are valid." in out
    code, _, err = run(["validate", str(DATA / "bad4")])
    assert code == 1 and "4 problems" in err


def test_cypher_formats_and_params(empty_settings: Settings) -> None:
    run(["load", str(TINY)], empty_settings)
    q = "MATCH (c:County) WHERE c.population > $min RETURN c.id AS id, c.name_zh AS name ORDER BY id"
    code, out, err = run(["cypher", q, "--param", "min=60000", "--format", "json"], empty_settings)
    assert code == 0, err
    assert json.loads(out) == [{"id": "C1", "name": "一县"}, {"id": "C3", "name": "三县"}]
    code, out, _ = run(["cypher", q, "-p", "min=60000", "--format", "csv"], empty_settings)
    assert out.splitlines() == ["id,name", "C1,一县", "C3,三县"]
    code, out, _ = run(["cypher", q, "-p", "min=60000", "--format", "markdown"], empty_settings)
    # cells padded to the column's display width (at least 3, the '---' of the rule)
    assert out.splitlines()[:3] == ["| id  | name |", "|-----|------|", "| C1  | 一县 |"]


def _count(settings: Settings) -> int:
    from assistgraph import open_store

    with open_store(settings) as st:
        return int(st.query("MATCH (c:County) RETURN count(c) AS n").rows[0][0])


def test_cypher_refuses_writes_without_flag(empty_settings: Settings) -> None:
    run(["load", str(TINY)], empty_settings)
    code, _, err = run(["cypher", "MATCH (c:County) DETACH DELETE c"], empty_settings)
    assert code == 1
    assert "--write" in err and "Traceback" not in err
    assert _count(empty_settings) == 3
    code, _, err = run(
        ["cypher", "MATCH (c:County {id: 'C3'}) DETACH DELETE c", "--write"], empty_settings
    )
    assert code == 0, err
    assert _count(empty_settings) == 2


def test_injection_in_param_is_a_plain_string(empty_settings: Settings) -> None:
    run(["load", str(TINY)], empty_settings)
    evil = "x' }) DETACH DELETE c //"
    code, out, err = run(
        [
            "cypher",
            "MATCH (c:County) WHERE c.name_zh = $name RETURN count(c) AS n",
            "--param",
            f"name={evil}",
            "--format",
            "json",
        ],
        empty_settings,
    )
    assert code == 0, err
    assert json.loads(out) == [{"n": 0}]
    assert _count(empty_settings) == 3


def test_missing_embedded_store_says_how_to_fix(tmp_path: Path) -> None:
    code, _, err = run(["info", "--store", str(tmp_path / "none.lbug")])
    assert code == 1
    assert err.startswith("Error: no graph at") and "assistgraph load" in err


def test_unreachable_neo4j_names_uri() -> None:
    res = CliRunner().invoke(
        cli, ["info", "--store", "bolt://127.0.0.1:9"], env={"NEO4J_PASSWORD": "secret-pw-123"}
    )
    assert res.exit_code == 1
    assert "bolt://127.0.0.1:9" in res.stderr and "NEO4J_URI" in res.stderr
    assert "secret-pw-123" not in res.stderr + res.stdout


def test_python_dash_m() -> None:
    res = subprocess.run(
        [sys.executable, "-m", "assistgraph", "--help"], capture_output=True, text=True, check=True
    )
    assert "Usage:" in res.stdout


@pytest.mark.parametrize("cmd", sorted(cli.commands))
def test_every_command_has_help_with_example(cmd: str) -> None:
    res = CliRunner().invoke(cli, [cmd, "--help"])
    assert res.exit_code == 0
    assert "Example" in res.stdout


def test_syntax_error_is_one_line(empty_settings: Settings) -> None:
    run(["load", str(TINY)], empty_settings)
    code, out, err = run(["cypher", "MATCH (c:County RETURN c"], empty_settings)
    assert code == 1
    assert err.startswith("Error: ") and "Traceback" not in err + out
