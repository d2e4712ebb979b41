"""The view's payload by its named positions, and views that leave the graph as it was."""

from __future__ import annotations

import copy
import math
import re
from collections import Counter
from typing import Any

import networkx as nx
import pytest

from assistgraph.render import build_view
from assistgraph.render._html import static_text
from assistgraph.render.view.fold import LEAF_LABELS
from assistgraph.render.view.payload import (
    EdgeRow,
    FactRow,
    FieldRow,
    KindRow,
    TypeRow,
    positions,
)

#: the page script's name of each row class (static/graph.js)
JS_NAMES = {
    "EDGE": EdgeRow,
    "FACT_ROW": FactRow,
    "FIELD": FieldRow,
    "KIND": KindRow,
    "TYPE": TypeRow,
}


def js_positions(name: str) -> dict[str, int]:
    """``var NAME = { KEY: n, … };`` of graph.js, read as a dict."""
    m = re.search(rf"var {name} = \{{(.*?)\}};", static_text("graph.js"), re.S)
    assert m, name
    return {k: int(v) for k, v in re.findall(r"([A-Z_]+):\s*(\d+)", m.group(1))}


@pytest.mark.parametrize("name", sorted(JS_NAMES))
def test_page_script_names_the_same_positions(name: str) -> None:
    assert js_positions(name) == positions(JS_NAMES[name])
    assert len(set(positions(JS_NAMES[name]).values())) == len(positions(JS_NAMES[name]))


def test_page_script_reads_rows_by_name_only() -> None:
    """No ``r[3]``-style positions left in the script's edge and card code."""
    script = static_text("graph.js")
    assert not re.search(r"\b(r|row|t|k|name)\[\d\]", script)


def programme() -> nx.MultiDiGraph:
    """Three providers of two forces funding two projects of one county (frozen).

    E1 funds P1 twice (2023: 100, 2024: 300): one drawn edge of two facts. E2 funds
    P2 with 50; D1 funds P1 with 25, an illustrative fact. E1 is paired with C1.
    """
    G = nx.MultiDiGraph()

    def add(label: str, nid: str, **props: Any) -> None:
        G.add_node(f"{label}:{nid}", label=label, id=nid, name_zh=f"{label}{nid}", **props)

    add("Provider", "E1", force="east_west")
    add("Provider", "E2", force="east_west")
    add("Provider", "D1", force="provincial_department")
    add("County", "C1")
    add("Project", "P1", county_id="C1")
    add("Project", "P2", county_id="C1")

    def fund(p: str, pr: str, amount: float, year: int, confidence: str) -> None:
        G.add_edge(
            f"Provider:{p}",
            f"Project:{pr}",
            type="FUNDS",
            amount_cny=amount,
            year=year,
            source="fixture",
            confidence=confidence,
        )

    fund("E1", "P1", 100.0, 2023, "high")
    fund("E1", "P1", 300.0, 2024, "high")
    fund("E2", "P2", 50.0, 2024, "high")
    fund("D1", "P1", 25.0, 2024, "illustrative")
    G.add_edge("Provider:E1", "County:C1", type="PAIRED_WITH", since=2021)
    G.add_edge("Project:P1", "County:C1", type="LOCATED_IN")
    G.add_edge("Project:P2", "County:C1", type="LOCATED_IN")
    return nx.freeze(G)


def rows_by_ends(payload: dict[str, Any]) -> dict[tuple[str, str, str], list[Any]]:
    nodes, types = payload["nodes"], payload["types"]
    return {
        (
            nodes[r[EdgeRow.FROM]]["nid"],
            nodes[r[EdgeRow.TO]]["nid"],
            types[r[EdgeRow.TYPE]][TypeRow.NAME],
        ): r
        for r in payload["edges"]
    }


def facts_of(flat: list[Any], payload: dict[str, Any]) -> dict[str, Any]:
    """English field name -> value of a flat ``field, text, …`` list."""
    fields = payload["fields"]
    return {fields[flat[i]][FieldRow.EN]: flat[i + 1] for i in range(0, len(flat), 2)}


def test_edge_rows_by_their_named_positions() -> None:
    """Widths by hand: largest amount 400 (E1 → P1) is 10; others 1 + 9·√(a/400):
    D1 → P1 25 → 3.25, E2 → P2 50 → 4.18; no amount → 1.0."""
    data = build_view(programme())
    payload = data.payload
    rows = rows_by_ends(payload)
    assert len(rows) == len(payload["edges"]) == 6  # E1 → P1 drawn once
    merged = rows[("E1", "P1", "FUNDS")]
    assert len(merged) == EdgeRow.ROWS_NOT_LISTED + 1
    assert merged[EdgeRow.WIDTH] == 10.0
    assert merged[EdgeRow.WEAK] == 0
    assert facts_of(merged[EdgeRow.FACTS], payload) == {
        "facts merged": "2",
        "amount (CNY)": 400.0,
        "years": "2023, 2024",
    }
    assert payload["strings"][merged[EdgeRow.SOURCE]] == "fixture"
    assert payload["strings"][merged[EdgeRow.CONFIDENCE]] == "high"
    each = merged[EdgeRow.ROWS]
    assert [facts_of(f[FactRow.FACTS], payload) for f in each] == [
        {"year": "2023", "amount (CNY)": 100.0},
        {"year": "2024", "amount (CNY)": 300.0},
    ]
    assert {payload["strings"][f[FactRow.SOURCE]] for f in each} == {"fixture"}
    assert merged[EdgeRow.ROWS_NOT_LISTED] == 0
    weak = rows[("D1", "P1", "FUNDS")]
    assert len(weak) == EdgeRow.ROWS  # one fact: no rows of its own
    assert weak[EdgeRow.WEAK] == 1 and weak[EdgeRow.WIDTH] == 3.25
    assert rows[("E2", "P2", "FUNDS")][EdgeRow.WIDTH] == round(1 + 9 * math.sqrt(50 / 400), 2)
    paired = rows[("E1", "C1", "PAIRED_WITH")]
    assert paired[EdgeRow.WIDTH] == 1.0 and paired[EdgeRow.SOURCE] is None
    assert facts_of(paired[EdgeRow.FACTS], payload) == {"since": "2021"}
    kind = payload["kinds"]["Provider"]
    assert (kind[KindRow.ZH], kind[KindRow.EN], kind[KindRow.SHAPE]) == (
        "帮扶单位",
        "Provider",
        "diamond",
    )
    assert kind[KindRow.COLOR].startswith("#")


def test_forces_level_sums_what_each_force_gave() -> None:
    """By hand, at level ``forces`` (6 nodes > 3 → P1, P2 fold into C1, still 4 > 3 →
    providers grouped): east_west gave 100 + 300 + 50 = 450 in 3 facts, with 2
    providers; provincial_department 25; C1 holds the 2 projects."""
    G = programme()
    data = build_view(G, max_nodes=3)
    assert data.level == "forces" and data.source_nodes == 6 and data.source_edges == 7
    payload = data.payload
    nodes = {n["nid"]: n for n in payload["nodes"]}
    assert set(nodes) == {"east_west", "provincial_department", "C1"}
    ew = facts_of(nodes["east_west"]["facts"], payload)
    assert ew["providers"] == "2" and ew["funding given"] == 450.0
    assert facts_of(nodes["provincial_department"]["facts"], payload)["funding given"] == 25.0
    assert "×2" in facts_of(nodes["C1"]["facts"], payload)["folded in"]
    rows = rows_by_ends(payload)
    funds = rows[("east_west", "C1", "FUNDS")]
    assert facts_of(funds[EdgeRow.FACTS], payload)["facts merged"] == "3"
    assert facts_of(funds[EdgeRow.FACTS], payload)["amount (CNY)"] == 450.0
    assert ("east_west", "C1", "PAIRED_WITH") in rows
    # the force nodes sized by what they gave: the larger force at the top of its scale
    assert nodes["east_west"]["size"] == 40 > nodes["provincial_department"]["size"]


def snapshot(G: nx.MultiDiGraph) -> tuple[Any, Any]:
    return (
        copy.deepcopy(sorted(G.nodes(data=True))),
        copy.deepcopy(sorted(G.edges(keys=True, data=True), key=repr)),
    )


@pytest.mark.parametrize("max_nodes", [2000, 20, 15, 3])
def test_views_leave_the_graph_as_it_was(tiny_graph: nx.MultiDiGraph, max_nodes: int) -> None:
    """Every level (full, folded, core after grouping forces) reads the graph's dicts
    and never writes them; so does the forces level of the hand-made programme."""
    G = nx.freeze(nx.MultiDiGraph(tiny_graph))
    before = snapshot(G)
    build_view(G, max_nodes=max_nodes, highlight="gaps", as_of="2025-01-01")
    build_view(G, max_nodes=max_nodes, county="C1", depth=2)
    assert snapshot(G) == before
    H = programme()
    before = snapshot(H)
    build_view(H, max_nodes=3)
    assert snapshot(H) == before


def test_levels_reached(tiny_graph: nx.MultiDiGraph) -> None:
    """The limits above reach these levels on the tiny data, with the counts worked out
    from its labels: folded, every leaf (project, task, …) goes into its county (each
    has one); the core keeps prefectures, counties and one node per provider force."""
    G = nx.freeze(nx.MultiDiGraph(tiny_graph))
    labels = Counter(d["label"] for _, d in G.nodes(data=True))
    folded = sum(n for label, n in labels.items() if label not in LEAF_LABELS)
    forces = {d.get("force") for _, d in G.nodes(data=True) if d["label"] == "Provider"}
    core = labels["Prefecture"] + labels["County"] + len(forces)
    assert core < 15 < folded - labels["Provider"] + len(forces) and folded <= 20
    got = [
        (build_view(G, max_nodes=m).level, build_view(G, max_nodes=m).n_nodes)
        for m in (2000, 20, 15, 3)
    ]
    assert got == [("full", len(G)), ("folded", folded), ("core", core), ("core", core)]


def test_gaps_given_to_a_view_replace_its_own_gap_run(tiny_graph: nx.MultiDiGraph) -> None:
    """The report passes its gaps: the view shows exactly those, and runs no find_gaps."""
    from assistgraph.analysis import find_gaps

    def marked(data: Any) -> dict[str, int]:
        return {n["nid"]: len(n["gaps"]) for n in data.payload["nodes"] if n.get("gaps")}

    gaps = find_gaps(tiny_graph, as_of="2025-06-30")
    own = build_view(tiny_graph, highlight="gaps", as_of="2025-06-30")
    given = build_view(tiny_graph, highlight="gaps", as_of="2025-06-30", gaps=gaps)
    assert marked(own) and marked(given) == marked(own)
    one = next(g for g in gaps if g["county_id"])
    only = build_view(tiny_graph, highlight="gaps", as_of="2025-06-30", gaps=[one])
    assert marked(only) == {one["county_id"]: 1}


def test_views_sharing_figures_work_them_out_once(
    tiny_graph: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report's two views pass one ``shared`` dict: the whole graph's figures are
    worked out once, and each view is the same as without sharing."""
    from assistgraph.render.view import page

    calls = []
    real = page.figures

    def counted(*args: Any, **kw: Any) -> Any:
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(page, "figures", counted)
    shared: dict[str, Any] = {}
    a = build_view(tiny_graph, highlight="gaps", as_of="2025-06-30", shared=shared)
    b = build_view(tiny_graph, county="C1", highlight="gaps", as_of="2025-06-30", shared=shared)
    assert len(calls) == 1
    assert a.payload == build_view(tiny_graph, highlight="gaps", as_of="2025-06-30").payload
    alone = build_view(tiny_graph, county="C1", highlight="gaps", as_of="2025-06-30")
    assert b.payload == alone.payload
    assert len(calls) == 3
