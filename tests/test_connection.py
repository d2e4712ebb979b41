"""Connection and credentials: one-line errors naming the URI and the fix, never the password."""

from __future__ import annotations

from click.testing import CliRunner

from assistgraph.cli import cli

from .conftest import _require_neo4j

SECRET = "Wr0ng-pa55-do-not-print"


def _run(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    res = CliRunner().invoke(cli, args, env=env)
    return res.exit_code, res.stdout + res.stderr


def test_wrong_password_names_uri_and_fix_without_the_password() -> None:
    s = _require_neo4j()
    # A user of its own: Neo4j locks a user out for a while after failed logins,
    # and the suite's own user must stay usable.
    code, out = _run(
        ["info", "--store", s.store],
        {"NEO4J_USERNAME": "assistgraph-wrong-user", "NEO4J_PASSWORD": SECRET},
    )
    assert code == 1
    (line,) = out.strip().splitlines()
    assert line.startswith(f"Error: Neo4j at {s.store} refused the credentials")
    assert "NEO4J_USERNAME and NEO4J_PASSWORD" in line
    assert SECRET not in out


def test_wrong_database_names_it_and_the_fix() -> None:
    s = _require_neo4j()
    code, out = _run(
        ["info", "--store", s.store],
        {"NEO4J_PASSWORD": s.password or "", "NEO4J_DATABASE": "nosuchdb"},
    )
    assert code == 1
    (line,) = out.strip().splitlines()
    assert f"Neo4j at {s.store} has no database 'nosuchdb'" in line
    assert "NEO4J_DATABASE" in line
    assert (s.password or "-") not in out


def test_no_password_and_no_terminal_asks_for_the_variable() -> None:
    code, out = _run(["info", "--store", "bolt://127.0.0.1:9"], {"NEO4J_PASSWORD": ""})
    assert code != 0
    assert "set NEO4J_PASSWORD to connect to Neo4j" in out and "Traceback" not in out
