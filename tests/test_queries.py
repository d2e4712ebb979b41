"""The saved-query library, `cypher --saved/--list/--limit/--timeout`, and the rewrite layer.

Every saved query must return the same rows on Neo4j and on the embedded store;
three of them are also checked against an answer computed straight from the
fixture's CSV rows.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from assistgraph import queries
from assistgraph.cli import cli
from assistgraph.errors import QueryError
from assistgraph.jobs.load import load_dataset
from assistgraph.output import jsonable
from assistgraph.settings import Settings
from assistgraph.store import Store, open_store
from assistgraph.store.translate import rewrite_for_embedded

from .conftest import ROOT, TINY, _require_neo4j, wipe_neo4j

LIBRARY = sorted((ROOT / "cypher").glob("*.cypher"))
NAMES = [p.stem for p in LIBRARY]
#: parameters the saved queries need, for the tiny fixture
TINY_PARAMS = {"county": "C1", "as_of": "2025-01-01"}
EVIL = "x' }) DETACH DELETE c //"


def run(args: list[str], settings: Settings | None = None) -> tuple[int, str, str]:
    env = {"NEO4J_URI": "", "ASSISTGRAPH_STORE": ""}
    if settings is not None:
        args = [*args, "--store", settings.store]
        if settings.kind == "neo4j":
            env = {"NEO4J_PASSWORD": settings.password or "", "NEO4J_USERNAME": settings.username}
    res = CliRunner().invoke(cli, args, env=env)
    return res.exit_code, res.stdout, res.stderr


def params_for(q: queries.SavedQuery) -> dict[str, str]:
    return {p.name: TINY_PARAMS[p.name] for p in q.params if p.name in TINY_PARAMS}


def typed_rows(rows: list[list[Any]]) -> str:
    """Rows as JSON, so that 0 and 0.0 (or "1" and 1) count as different."""
    return json.dumps(jsonable(rows), ensure_ascii=False, sort_keys=True)


def csv_rows(name: str) -> list[dict[str, str]]:
    with (TINY / f"{name}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def tiny_embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The tiny fixture in an embedded store, loaded once for this module."""
    settings = Settings(store=str(tmp_path_factory.mktemp("tiny") / "graph.lbug"))
    load_dataset(TINY, settings)
    with open_store(settings) as st:
        yield st


# -- the library -----------------------------------------------------------------


def test_library_has_at_least_12_queries() -> None:
    assert len(LIBRARY) >= 12
    assert [q.name for q in queries.saved_queries()] == NAMES


def _return_columns(text: str) -> tuple[list[str], list[str]]:
    """Aliases of the last RETURN and the names in its ORDER BY."""
    ret = text[text.rindex("RETURN") + len("RETURN") :]
    ret, _, order = ret.partition("ORDER BY")
    items, depth, cur = [], 0, ""
    for ch in ret:
        depth += ch in "([{"
        depth -= ch in ")]}"
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    aliases = [re.split(r"\s+AS\s+", i.strip())[-1].strip() for i in items]
    ordered = [re.sub(r"\s+(DESC|ASC)$", "", o.strip()) for o in order.split(",")]
    return aliases, ordered


@pytest.mark.parametrize("path", LIBRARY, ids=NAMES)
def test_header_and_deterministic_order(path: Path) -> None:
    q = queries.parse_query(path.read_text(encoding="utf-8"), name=path.stem, path=path)
    assert q.name == path.stem
    assert q.description and "\n" not in q.description
    for p in q.params:
        assert p.type in queries.TYPES and p.meaning
        assert f"${p.name}" in q.text
    # every returned column is in ORDER BY, so both stores give the same row order
    aliases, ordered = _return_columns(q.text)
    assert sorted(aliases) == sorted(ordered), q.name
    # the Ladybug traps: no multi-labels, no list indexing, no CALL {} (checked by the rewriter)
    rewrite_for_embedded(q.text)


def test_header_parsing_and_param_types() -> None:
    q = queries.parse_query(
        "// name: demo\n// description: A demo.\n"
        "// params: county (str) — county id\n"
        "//   target (int, default 500) — people per year\n"
        "// params: as_of (date) - a day\n"
        "MATCH (c:County {id: $county}) RETURN c.id AS id ORDER BY id;\n"
    )
    assert [str(p) for p in q.params] == [
        "county (str) — county id",
        "target (int, default 500) — people per year",
        "as_of (date) — a day",
    ]
    assert q.text.endswith("ORDER BY id")
    # numbers typed on the command line stay strings where the query wants a string
    assert q.bind({"county": 513431, "as_of": "2025-01-31"}) == {
        "county": "513431",
        "target": 500,
        "as_of": "2025-01-31",
    }
    assert q.bind({"county": "513431", "target": "12", "as_of": "2025-01-31"})["target"] == 12
    with pytest.raises(queries.SavedQueryError, match="needs --param county"):
        q.bind({"as_of": "2025-01-31"})
    with pytest.raises(queries.SavedQueryError, match="no parameter 'cuonty'"):
        q.bind({"cuonty": "1", "county": "1", "as_of": "2025-01-31"})
    with pytest.raises(queries.SavedQueryError, match="date written YYYY-MM-DD"):
        q.bind({"county": "1", "as_of": "2025/1/31"})
    with pytest.raises(queries.SavedQueryError, match="no '// description"):
        queries.parse_query("// name: x\nRETURN 1")


def test_list_shows_every_saved_query() -> None:
    code, out, _ = run(["cypher", "--list"])
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == len(LIBRARY)
    for line, q in zip(lines, queries.saved_queries(), strict=True):
        name, description = line.split(None, 1)
        assert (name, description) == (q.name, q.description)
    code, out, _ = run(["cypher", "--list", "--format", "json"])
    listed = json.loads(out)
    assert [r["name"] for r in listed] == NAMES
    assert next(r for r in listed if r["name"] == "overdue-tasks")["params"].startswith(
        "as_of (date)"
    )


def test_unknown_saved_query_suggests_a_name() -> None:
    code, _, err = run(["cypher", "--saved", "overdue-task", "--store", "/nonexistent.lbug"])
    assert code == 1
    assert "did you mean 'overdue-tasks'" in err and "Traceback" not in err


# -- running: both stores ------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_saved_query_runs_on_embedded(tiny_embedded: Store, name: str) -> None:
    q = queries.load_query(name)
    res = queries.run_saved(tiny_embedded, q, params_for(q))
    assert res.columns == _return_columns(q.text)[0]
    assert res.rows, f"{name} returns no rows on the tiny fixture"


def test_saved_queries_identical_on_both_stores(tiny_embedded: Store) -> None:
    """Every saved query gives the same rows, in the same order and types, on both stores."""
    settings = _require_neo4j()  # skips locally without a server; fails under CI=true
    wipe_neo4j(settings)
    load_dataset(TINY, settings)
    diffs = []
    with open_store(settings) as neo:
        for q in queries.saved_queries():
            a = queries.run_saved(neo, q, params_for(q))
            b = queries.run_saved(tiny_embedded, q, params_for(q))
            if (a.columns, typed_rows(a.rows)) != (b.columns, typed_rows(b.rows)):
                diffs.append(f"{q.name}:\n  neo4j    {a.rows}\n  embedded {b.rows}")
    assert not diffs, "\n".join(diffs)


def test_saved_queries_match_the_csv_rows(loaded_store: Callable[[Path | str], Store]) -> None:
    """Three saved queries against answers computed straight from the CSV files."""
    st = loaded_store(TINY)
    counties = {r["id"]: r for r in csv_rows("counties")}
    prefectures = {r["id"]: r["name_zh"] for r in csv_rows("prefectures")}
    force = {r["id"]: r["force"] for r in csv_rows("providers")}

    # counties-without-central-soe
    with_central = {
        r["county_id"] for r in csv_rows("pairings") if force[r["provider_id"]] == "central_soe"
    }
    expected = sorted(
        [cid, c["name_zh"], c["name_en"], prefectures[c["prefecture_id"]]]
        for cid, c in counties.items()
        if cid not in with_central
    )
    assert queries.run_saved(st, "counties-without-central-soe").rows == expected

    # workshops-and-jobs
    n, jobs = Counter[str](), Counter[str]()
    for w in csv_rows("workshops"):
        n[w["county_id"]] += 1
        jobs[w["county_id"]] += int(w["jobs"] or 0)
    expected = sorted(
        [cid, c["name_zh"], prefectures[c["prefecture_id"]], n[cid], jobs[cid]]
        for cid, c in counties.items()
    )
    assert queries.run_saved(st, "workshops-and-jobs").rows == expected

    # training-vs-target, with a target other than the default
    trained: defaultdict[tuple[str, int], int] = defaultdict(int)
    for t in csv_rows("training"):
        trained[t["county_id"], int(t["year"])] += int(t["trainees"])
    target = 260
    expected_rows = [
        [cid, counties[cid]["name_zh"], year, n_, n_ >= target, n_ - target]
        for (cid, year), n_ in trained.items()
    ]
    expected_rows.sort(key=lambda r: (r[5], r[0], r[1], r[2], r[3], r[4]))
    res = queries.run_saved(st, "training-vs-target", {"target": str(target)})
    assert res.rows == expected_rows

    # counties-by-forces
    forces: defaultdict[str, set[str]] = defaultdict(set)
    providers: defaultdict[str, set[str]] = defaultdict(set)
    for p in csv_rows("pairings"):
        forces[p["county_id"]].add(force[p["provider_id"]])
        providers[p["county_id"]].add(p["provider_id"])
    expected = sorted(
        (
            [
                cid,
                c["name_zh"],
                prefectures[c["prefecture_id"]],
                len(forces[cid]),
                len(providers[cid]),
            ]
            for cid, c in counties.items()
        ),
        key=lambda r: (r[3], r[4], r[0]),
    )
    assert queries.run_saved(st, "counties-by-forces").rows == expected


def test_cli_saved_with_params_limit_and_formats(empty_settings: Settings) -> None:
    run(["load", str(TINY)], empty_settings)
    code, out, err = run(
        ["cypher", "--saved", "county-assistance", "--param", "county=C1", "--format", "json"],
        empty_settings,
    )
    assert code == 0, err
    rows = json.loads(out)
    assert [r["provider_id"] for r in rows] == ["Z1", "E1", "A1", "D1", "S1"]
    assert rows[1] | {"provider": "东部区"} == rows[1]
    assert (rows[1]["funds_cny"], rows[1]["trainees"], rows[1]["jobs"]) == (1500000, 300, 120)
    code, out, err = run(
        ["cypher", "--saved", "county-assistance", "-p", "county=C1", "--limit", "2"],
        empty_settings,
    )
    assert code == 0
    assert len(out.strip().splitlines()) == 2 + 2  # header, rule, two rows
    assert "first 2 of 5 rows" in err
    code, _, err = run(["cypher", "--saved", "overdue-tasks"], empty_settings)
    assert code == 1 and "needs --param as_of=VALUE" in err


def test_saved_query_param_is_a_plain_string(empty_settings: Settings) -> None:
    run(["load", str(TINY)], empty_settings)
    before = _counts(empty_settings)
    code, out, err = run(
        ["cypher", "--saved", "county-assistance", "--param", f"county={EVIL}", "--format", "json"],
        empty_settings,
    )
    assert code == 0, err
    assert json.loads(out) == []
    assert _counts(empty_settings) == before


def _counts(settings: Settings) -> dict[str, dict[str, int]]:
    with open_store(settings) as st:
        return st.counts()


@pytest.mark.parametrize(
    "statement",
    [
        "MATCH (c:County) DETACH DELETE c",
        "CREATE (:County {id: 'X', name_zh: 'X'})",
        "MATCH (c:County {id: 'C1'}) SET c.population = 0",
        "MATCH (p:Provider {id: 'E1'}), (c:County {id: 'C3'}) MERGE (p)-[:PAIRED_WITH]->(c)",
    ],
)
def test_writes_refused_without_write_and_store_unchanged(
    empty_settings: Settings, statement: str
) -> None:
    run(["load", str(TINY)], empty_settings)
    before = _counts(empty_settings)
    code, out, err = run(["cypher", statement], empty_settings)
    assert code == 1
    assert err.startswith("Error: ") and "--write" in err and "Traceback" not in err + out
    assert _counts(empty_settings) == before
    with open_store(empty_settings) as st:
        pop = st.query("MATCH (c:County {id: 'C1'}) RETURN c.population AS p").rows
    assert pop == [[100000]]


def test_timeout_stops_a_long_query(empty_settings: Settings) -> None:
    run(["load", str(TINY)], empty_settings)
    slow = (
        "UNWIND range(1, 10000) AS x UNWIND range(1, 10000) AS y "
        "WITH x * y AS s WHERE s % 7 = 0 RETURN count(*) AS n"
    )
    code, out, err = run(["cypher", slow, "--timeout", "0.05"], empty_settings)
    assert code == 1, out
    assert "timed out after 0.05 s" in err and "Traceback" not in err


# -- the rewrite layer -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("neo4j", "ladybug"),
    [
        ("MATCH (a)-[r]->(b) RETURN type(r)", "MATCH (a)-[r]->(b) RETURN label(r)"),
        ("RETURN toInteger('3'), toFloat(1)", "RETURN cast('3', 'INT64'), cast(1, 'DOUBLE')"),
        (
            "RETURN toString(1), toBoolean('true')",
            "RETURN cast(1, 'STRING'), cast('true', 'BOOLEAN')",
        ),
        ("RETURN substring(x, 0, 2)", "RETURN substring(x, 1, 2)"),
        ("RETURN substring(x, $i)", "RETURN substring(x, ($i) + 1, size(x))"),
        ("RETURN l[0], l[2], l[-1]", "RETURN l[1], l[3], l[-1]"),
        ("RETURN l[1..3], l[..2], l[2..]", "RETURN l[2..3], l[..2], l[3..]"),
        (
            "RETURN head(l), last(l), tail(l)",
            "RETURN list_extract(l, 1), list_extract(l, -1), (l)[2..]",
        ),
        ("RETURN labels(n)", "RETURN [label(n)]"),
        ("RETURN round(x), round(x, 2)", "RETURN round(x, 0), round(x, 2)"),
        ("MATCH (n) WHERE n:County RETURN n", "MATCH (n) WHERE (label(n) = 'County') RETURN n"),
        (
            "MATCH (n) WHERE NOT n:Town|Task RETURN n",
            "MATCH (n) WHERE NOT (label(n) IN ['Town', 'Task']) RETURN n",
        ),
        ("RETURN c {.id, .name_zh, n: 1}", "RETURN {id: c.id, name_zh: c.name_zh, n: 1}"),
        ("WHERE EXISTS { (c)<--() }", "WHERE EXISTS { MATCH (c)<--() }"),
        ("RETURN COUNT { (c)<--() } AS n", "RETURN COUNT { MATCH (c)<--() } AS n"),
        (
            "MATCH p = shortestPath((a)-[:SUPPLIES*..6]->(b)) RETURN p",
            "MATCH p = (a)-[:SUPPLIES* SHORTEST 1..6]->(b) RETURN p",
        ),
        ("CALL db.labels()", "CALL show_tables() WHERE type = 'NODE' RETURN name AS label"),
        # strings, comments, backticks and properties named like functions stay as they are
        (
            "RETURN 'type(r) l[0]' AS s, c.type AS t // toInteger(x)",
            "RETURN 'type(r) l[0]' AS s, c.type AS t // toInteger(x)",
        ),
        ("MATCH (c:`County` {id: $id}) RETURN c", "MATCH (c:`County` {id: $id}) RETURN c"),
        ("MATCH (a)-[:A|B]->(b) RETURN count(*)", "MATCH (a)-[:A|B]->(b) RETURN count(*)"),
    ],
)
def test_rewrite(neo4j: str, ladybug: str) -> None:
    assert rewrite_for_embedded(neo4j) == ladybug


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("MATCH (n:County:Town) RETURN n", "multi-label pattern"),
        ("MATCH (n) WHERE n:County:Town RETURN n", "multi-label pattern"),
        ("MATCH (n:County&Town) RETURN n", "label expressions"),
        ("MATCH (c) CALL { WITH c RETURN 1 AS x } RETURN x", "CALL { … } subqueries"),
        ("MATCH (c) CALL (c) { RETURN 1 AS x } RETURN x", "CALL { … } subqueries"),
        ("RETURN [x IN range(1, 3) | x * 2]", "list comprehensions"),
        ("MATCH (a) RETURN [(a)-->(b) | b.id]", "pattern comprehensions"),
        ("WITH [1, 2] AS l RETURN l[$i]", "list index [$i]"),
        ("RETURN reduce(s = 0, x IN [1] | s + x)", "reduce()"),
        ("MATCH (n) SET n += $props", "SET n += map"),
        ("MATCH (n:County) SET n:Town", "labels"),
        ("RETURN c {.*}", "map projection"),
    ],
)
def test_rewrite_refuses_what_would_mean_something_else(statement: str, reason: str) -> None:
    with pytest.raises(QueryError, match=re.escape(reason)) as info:
        rewrite_for_embedded(statement)
    assert str(info.value).startswith("cannot run this statement on the embedded store")


#: Neo4j-style statements and their Neo4j answers on the tiny fixture
NEO4J_STYLE = [
    (
        "MATCH (p:Provider {id: 'E1'})-[r]->(c:County {id: 'C1'}) "
        "RETURN type(r) AS t, labels(c) AS l ORDER BY t",
        [["EXCHANGED_CADRES", ["County"]], ["PAIRED_WITH", ["County"]], ["TRAINED", ["County"]]],
    ),
    (
        "MATCH (c:County) WITH c ORDER BY c.id LIMIT 3 "
        "WITH collect(c.id) AS ids RETURN ids[0] AS first, ids[-1] AS last, ids[1..] AS rest, "
        "head(ids) AS h, substring(ids[2], 0, 1) AS letter, substring('abcdef', 2) AS tail",
        [["C1", "C3", ["C2", "C3"], "C1", "C", "cdef"]],
    ),
    (
        "MATCH (n) WHERE n:County OR n:Prefecture RETURN toString(count(n)) AS n, "
        "toInteger('42') + toFloat('0.5') AS x, round(2.4) AS r",
        [["5", 42.5, 2.0]],
    ),
    (
        "MATCH (c:County) WHERE COUNT { (c)<-[:PAIRED_WITH]-() } > 1 "
        "AND EXISTS { (c)-[:PART_OF]->(:Prefecture {id: 'P1'}) } "
        "RETURN c {.id, .name_en} AS county ORDER BY county.id",
        [[{"id": "C1", "name_en": "One County"}], [{"id": "C2", "name_en": "Two County"}]],
    ),
    (
        "MATCH p = shortestPath((a:Industry {id: 'I1'})-[:SUPPLIES*..6]->(b:Industry {id: 'I3'})) "
        "RETURN length(p) AS hops",
        [[2]],
    ),
]


@pytest.mark.parametrize(("statement", "expected"), NEO4J_STYLE)
def test_neo4j_style_query_same_answer_on_both_stores(
    loaded_store: Callable[[Path | str], Store], statement: str, expected: list[list[Any]]
) -> None:
    st = loaded_store(TINY)
    assert typed_rows(st.query(statement).rows) == typed_rows(expected)


def test_refused_statement_names_the_reason(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "g.lbug"))
    load_dataset(TINY, settings)
    code, out, err = run(["cypher", "MATCH (n:County:Town) RETURN count(n)"], settings)
    assert code == 1
    assert "multi-label pattern" in err and "Traceback" not in err + out


@pytest.mark.parametrize(
    ("stmt", "expected", "warning"),
    [
        ("MATCH (x:NoSuchLabel) RETURN count(x) AS n", [[0]], "label NoSuchLabel does not exist"),
        (
            "MATCH (c:County)<-[r:NO_SUCH_TYPE]-(p) RETURN count(r) AS n",
            [[0]],
            "relationship type NO_SUCH_TYPE does not exist",
        ),
        (
            "MATCH (c:County) OPTIONAL MATCH (c)<-[:NOPE]-(x:Nothing {name_zh: 'a'}) "
            "RETURN c.id AS id, x.name_zh AS x ORDER BY id",
            [["C1", None], ["C2", None], ["C3", None]],
            "label Nothing does not exist",
        ),
    ],
)
def test_unknown_labels_match_nothing_on_both_stores(
    empty_settings: Settings, stmt: str, expected: list[list[Any]], warning: str
) -> None:
    """Neo4j answers a pattern with a label the graph lacks with no rows and a warning;
    the embedded store must give the same answer, not 'no graph … load first'."""
    from .test_cli import run

    load_dataset(TINY, empty_settings)
    with open_store(empty_settings) as st:
        res = st.query(stmt)
    assert res.rows == expected
    assert warning in res.warnings
    code, out, err = run(["cypher", stmt, "--format", "json"], empty_settings)
    assert code == 0, err
    assert [list(r.values()) for r in json.loads(out)] == expected
    assert f"warning: {warning}" in err
    assert "GqlStatusObject" not in err and "Received notification" not in err
    assert all(len(line) < 120 for line in err.splitlines())
