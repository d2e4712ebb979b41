"""Hostile data and credentials (issue 7): stored as given, shown as text, never leaked.

Names carrying markup, template syntax, Cypher fragments, terminal escapes and
spreadsheet formulas round-trip unchanged through load and export on both
stores; the terminal table escapes control characters, CSV output neutralises
formulas, and a Neo4j password never appears in any output.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistgraph.cli import cli
from assistgraph.output import markdown_cell, printable, render, safe_spreadsheet_cell
from assistgraph.settings import Settings
from assistgraph.store import open_store

from .conftest import TINY

HOSTILE: tuple[str, ...] = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "牦牛</script><script>x()</script>",
    "{{ config.items() }}",
    "{% raw %}${7*7}",
    "line\u2028separator\u2029para",
    "x' }) DETACH DELETE c //",
    'x"}) MATCH (n) DETACH DELETE n //',
    "`Town` :Provider",
    "red \x1b[31mALERT\x1b[0m text",
    '=HYPERLINK("http://evil","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "null",
    "'; DROP TABLE towns; --",
)

_FORMULA = ("=", "+", "-", "@")
QUERY = "MATCH (t:Town) WHERE t.id STARTS WITH 'H' RETURN t.id AS id, t.name_zh AS name ORDER BY id"


def _ids() -> list[str]:
    return [f"H{i:02d}" for i in range(len(HOSTILE))]


@pytest.fixture
def hostile_dataset(tmp_path: Path) -> Path:
    ds = tmp_path / "ds"
    shutil.copytree(TINY, ds)
    with (ds / "towns.csv").open("a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        for tid, name in zip(_ids(), HOSTILE, strict=True):
            w.writerow([tid, name, name, "C1", "eco_health"])
    # a hostile header becomes a plain property name, never Cypher
    counties = (ds / "counties.csv").read_text(encoding="utf-8").splitlines()
    counties[0] += ",x} DETACH DELETE n //"
    counties[1:] = [line + ",v" for line in counties[1:]]
    (ds / "counties.csv").write_text("\n".join(counties) + "\n", encoding="utf-8")
    return ds


def run(args: list[str], settings: Settings) -> tuple[int, str, str]:
    env = {"NEO4J_URI": "", "ASSISTGRAPH_STORE": ""}
    args = [*args, "--store", settings.store]
    if settings.kind == "neo4j":
        env = {"NEO4J_PASSWORD": settings.password or "", "NEO4J_USERNAME": settings.username}
    res = CliRunner().invoke(cli, args, env=env)
    return res.exit_code, res.stdout, res.stderr


def test_hostile_names_round_trip_and_print_as_text(
    hostile_dataset: Path, empty_settings: Settings
) -> None:
    code, out, err = run(["load", str(hostile_dataset)], empty_settings)
    assert code == 0, err
    with open_store(empty_settings) as st:
        G = st.export_graph()
    for tid, name in zip(_ids(), HOSTILE, strict=True):
        node = G.nodes[f"Town:{tid}"]
        assert node["name_zh"] == name
        assert node["name_en"] == name
    # nothing was deleted or rewritten by the Cypher-looking values
    labels = [d["label"] for _, d in G.nodes(data=True)]
    assert labels.count("County") == 3 and labels.count("Provider") == 5
    assert labels.count("Town") == 1 + len(HOSTILE)
    county = G.nodes["County:C1"]
    assert county["x__DETACH_DELETE_n"] == "v"

    code, out, err = run(["cypher", QUERY, "--format", "json"], empty_settings)
    assert code == 0, err
    assert [r["name"] for r in json.loads(out)] == list(HOSTILE)

    code, out, err = run(["cypher", QUERY, "--format", "table"], empty_settings)
    assert code == 0, err
    assert "\x1b" not in out and "\\x1b[31m" in out
    for name in HOSTILE:
        assert printable(name) in out

    code, out, err = run(["cypher", QUERY, "--format", "markdown"], empty_settings)
    assert code == 0, err
    assert "\x1b" not in out
    for name in HOSTILE:
        assert markdown_cell(printable(name)) in out
    assert "<img" not in out and "<script" not in out

    code, out, err = run(["cypher", QUERY, "--format", "csv"], empty_settings)
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert [r[0] for r in rows] == _ids()
    for (_, cell), name in zip(rows, HOSTILE, strict=True):
        assert not cell.startswith(_FORMULA)
        if name.startswith(_FORMULA):
            assert cell == "'" + printable(name)
        else:
            assert cell == printable(name)


def test_query_parameters_are_values_not_cypher(
    hostile_dataset: Path, empty_settings: Settings
) -> None:
    run(["load", str(hostile_dataset)], empty_settings)
    q = "MATCH (t:Town) WHERE t.name_zh = $name RETURN t.id AS id"
    code, out, err = run(
        ["cypher", q, "-p", "name=x' }) DETACH DELETE c //", "--format", "json"], empty_settings
    )
    assert code == 0, err
    assert json.loads(out) == [{"id": "H06"}]
    with open_store(empty_settings) as st:
        assert st.counts()["nodes"]["County"] == 3


@pytest.mark.parametrize("name", HOSTILE)
def test_render_neutralises_every_format(name: str) -> None:
    table = render(["name"], [[name]], "table")
    assert not any(ord(ch) < 32 and ch != "\n" for ch in table)
    assert json.loads(render(["name"], [[name]], "json")) == [{"name": name}]
    (cell,) = list(csv.reader(io.StringIO(render(["name"], [[name]], "csv"))))[1]
    assert not cell.startswith(_FORMULA)
    assert safe_spreadsheet_cell("\t=1").startswith("'")


PASSWORD = "Pw-s3cr3t-7f1c"  # a test value that must never be printed


@pytest.mark.parametrize(
    "args",
    [
        ["info"],
        ["load", str(TINY)],
        ["cypher", "RETURN 1"],
        ["gaps"],
    ],
    ids=lambda a: a[0],
)
def test_password_never_printed_on_failed_connection(
    args: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    res = CliRunner().invoke(
        cli,
        [*args, "--store", "bolt://127.0.0.1:9"],
        env={"NEO4J_PASSWORD": PASSWORD, "NEO4J_USERNAME": "analyst", "NEO4J_URI": ""},
    )
    text = res.stdout + res.stderr + caplog.text
    assert res.exit_code == 1, text
    assert "Traceback" not in text
    assert "bolt://127.0.0.1:9" in res.stderr
    assert PASSWORD not in text
    assert PASSWORD not in repr(Settings.from_env(environ={"NEO4J_PASSWORD": PASSWORD}))


def test_password_in_uri_is_refused_without_echo() -> None:
    res = CliRunner().invoke(
        cli,
        ["info", "--store", f"bolt://neo4j:{PASSWORD}@127.0.0.1:9"],
        env={"NEO4J_PASSWORD": "x", "NEO4J_URI": ""},
    )
    text = res.stdout + res.stderr + "".join(map(str, [res.exception or ""]))
    assert res.exit_code == 1
    assert PASSWORD not in text
