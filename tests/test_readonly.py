"""Read-only holds: without --write no statement writes the graph, a file, or loads code.

Each statement below was found to get through (or would): it must be refused with a
one-line ``Error:`` naming --write, on both stores, and leave no file behind. Reads
that merely *mention* a write word (in a string, a property or a map key) still run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistgraph.errors import WriteRefused
from assistgraph.settings import Settings
from assistgraph.store.readonly import ensure_read_only

from .conftest import TINY
from .test_cli import run

OUT = "ag-readonly-out.csv"

REFUSED = [
    f"COPY (MATCH (c:County) RETURN c.id) TO '{OUT}'",
    "LOAD EXTENSION './x.so'",
    "INSTALL httpfs",
    "ATTACH './other.lbug' AS other (dbtype lbug)",
    f"EXPORT DATABASE '{OUT}.dir'",
    "IMPORT DATABASE './dump'",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "LOAD FROM 'x.csv' RETURN *",
    "MATCH (c:County) RETURN c.id; COPY County FROM 'x.csv'",
    "MATCH (c:County) SET c.x = 1",
    "MATCH (c:County) FOREACH (x IN [1] | SET c.y = x)",
    "CREATE (:County {id: 'X'})",
    "MERGE (c:County {id: 'C1'})",
    "MATCH (c:County) DETACH DELETE c",
    "CALL apoc.export.csv.all('x.csv', {})",
    "CALL dbms.setConfigValue('x', 'y')",
    "CALL db.createLabel('X')",
    "MATCH (c) CALL { WITH c RETURN 1 AS x } IN TRANSACTIONS RETURN x",
    "CHECKPOINT",
    "BEGIN TRANSACTION",
    "DROP TABLE County",
    "USE other MATCH (n) RETURN n",
    "explain COPY County TO 'x.csv'",
]

READS = [
    "MATCH (c:County) WHERE c.name_zh <> 'CREATE' RETURN c.id AS id ORDER BY id",
    "MATCH (c:County) RETURN c.id AS id, {set: 1, copy: 'LOAD'} AS m ORDER BY id",
    "// COPY in a comment\nMATCH (c:County) RETURN count(c) AS n",
    "UNWIND [1, 2] AS x RETURN x",
    "CALL db.labels()",
]


@pytest.mark.parametrize("stmt", REFUSED)
def test_allowlist_refuses(stmt: str) -> None:
    with pytest.raises(WriteRefused, match="not read-only"):
        ensure_read_only(stmt)


@pytest.mark.parametrize("stmt", READS)
def test_allowlist_lets_reads_through(stmt: str) -> None:
    ensure_read_only(stmt)


def test_cli_refuses_and_writes_nothing(
    empty_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(["load", str(TINY)], empty_settings)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    for stmt in REFUSED:
        code, out, err = run(["cypher", stmt], empty_settings)
        assert code == 1, (stmt, out, err)
        assert err.startswith("Error: ") and "--write" in err, (stmt, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1, (stmt, err)
    assert os.listdir(cwd) == []  # no file written by COPY/EXPORT
    code, out, err = run(["cypher", "MATCH (c:County) RETURN count(c) AS n"], empty_settings)
    assert code == 0 and "3" in out, err
    for stmt in READS[:-1]:
        code, out, err = run(["cypher", stmt], empty_settings)
        assert code == 0, (stmt, err)


def test_copy_to_runs_with_write_on_embedded(tmp_path: Path) -> None:
    """The check is an allowlist, not a ban: --write lets COPY ... TO write its file."""
    s = Settings(store=str(tmp_path / "g.lbug"))
    run(["load", str(TINY)], s)
    target = tmp_path / "ids.csv"
    code, _, err = run(
        ["cypher", f"COPY (MATCH (c:County) RETURN c.id ORDER BY c.id) TO '{target}'", "--write"],
        s,
    )
    assert code == 0, err
    assert target.read_text().split() == ["C1", "C2", "C3"]
