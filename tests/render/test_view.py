"""The view's data: what is drawn, how it is encoded, ego views, aggregation."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistgraph.errors import AssistgraphError
from assistgraph.render import RenderError, render_view
from assistgraph.render import _words as W
from assistgraph.store import Store

from ..conftest import TINY
from .conftest import EVIL_PROJECT, EVIL_PROVIDER


def node(view, key: str) -> dict:
    return next(n for n in view.nodes if n["id"] == key)


def embedded_json(html: str, element_id: str) -> dict:
    m = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
    assert m, element_id
    return json.loads(m.group(1))


def test_whole_graph_is_drawn(tiny_graph: nx.MultiDiGraph) -> None:
    view = render_view(tiny_graph)
    assert view.n_nodes == tiny_graph.number_of_nodes()
    assert view.n_edges == tiny_graph.number_of_edges()
    assert {n["id"] for n in view.nodes} == set(tiny_graph.nodes)
    assert view.data.level == "full" and view.note is None
    payload = embedded_json(view.html, "ag-view-0-data")
    assert len(payload["nodes"]) == view.n_nodes and len(payload["edges"]) == view.n_edges
    assert f'data-ag-count="nodes">{view.n_nodes}<' in view.html


def test_page_is_self_contained(tiny_graph: nx.MultiDiGraph) -> None:
    html = render_view(tiny_graph).html
    assert html.startswith("<!doctype html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html
    assert "Content-Security-Policy" in html


def test_encoding(tiny_graph: nx.MultiDiGraph) -> None:
    view = render_view(tiny_graph)
    e1, d1 = node(view, "Provider:E1"), node(view, "Provider:D1")
    # colour by force, shape by label
    assert e1["color"]["background"] != d1["color"]["background"]
    assert e1["shape"] == "diamond" and node(view, "County:C1")["shape"] == "dot"
    # size by funding: E1 gave 1.5 million, D1 1 million, A1 nothing
    assert e1["size"] > d1["size"] > node(view, "Provider:A1")["size"]
    # C1 received 2.5 million, C2 0.5 million, C3 nothing
    assert (
        node(view, "County:C1")["size"]
        > node(view, "County:C2")["size"]
        > node(view, "County:C3")["size"]
    )
    # both names, figures and provenance in the tooltip data
    ag = node(view, "County:C1")["ag"]
    assert (ag["name_zh"], ag["name_en"]) == ("一县", "One County")
    assert ag["source"] == "fixture" and ag["confidence"] == "illustrative"
    assert ["获得资金", "funding received", "¥2,500,000 (250.0 万)"] in ag["facts"]
    assert node(view, "County:C1")["shapeProperties"]["borderDashes"]  # illustrative
    funds = [e for e in view.edges if e["ag"]["type"] == "FUNDS"]
    widths = {(e["from"], e["to"]): e["width"] for e in funds}
    assert widths[("Provider:E1", "Project:PR2")] > widths[("Provider:E1", "Project:PR1")]
    paired = [e for e in view.edges if e["ag"]["type"] == "PAIRED_WITH"]
    assert paired and all(e["dashes"] for e in paired)  # pairings are illustrative
    assert all(e["width"] == 1.0 for e in paired)


def test_highlight_gaps_marks_counties(tiny_graph: nx.MultiDiGraph) -> None:
    from assistgraph.analysis import find_gaps

    view = render_view(tiny_graph, highlight="gaps", as_of="2025-01-01")
    gaps = find_gaps(tiny_graph, as_of="2025-01-01")
    for cid in ("C1", "C2", "C3"):
        mine = [g for g in gaps if g["county_id"] == cid]
        n = node(view, f"County:{cid}")
        assert len(n["ag"]["gaps"]) == len(mine)
        if mine:
            assert n["label"].endswith(f"⚠{len(mine)}")
            assert n["borderWidth"] > 1
    plain = render_view(tiny_graph)
    assert all(not n["ag"]["gaps"] for n in plain.nodes)


def test_ego_view_of_a_county(tiny_graph: nx.MultiDiGraph) -> None:
    view = render_view(tiny_graph, county="二县", depth=1)
    expected = (
        {"County:C2"}
        | set(tiny_graph.predecessors("County:C2"))
        | set(tiny_graph.successors("County:C2"))
    )
    assert {n["id"] for n in view.nodes} == expected
    assert "二县" in view.data.title[0]
    deeper = render_view(tiny_graph, county="C2", depth=2)
    assert deeper.n_nodes > view.n_nodes
    only = render_view(tiny_graph, county="C2", depth=0)
    assert [n["id"] for n in only.nodes] == ["County:C2"]


def test_ego_views_of_prefecture_provider_industry_force(tiny_graph: nx.MultiDiGraph) -> None:
    pref = {n["id"] for n in render_view(tiny_graph, prefecture="P2", depth=0).nodes}
    assert pref == {"Prefecture:P2", "County:C3"}
    prov = {n["id"] for n in render_view(tiny_graph, provider="E1", depth=1).nodes}
    assert {"Provider:E1", "County:C1", "Project:PR1", "Project:PR2"} <= prov
    ind = {n["id"] for n in render_view(tiny_graph, industry="I1", depth=1).nodes}
    assert {"Industry:I1", "Industry:I2", "County:C1"} <= ind
    force = render_view(tiny_graph, force="east_west", depth=1)
    assert {n["ag"]["force"] for n in force.nodes if n["ag"]["kind"] == "Provider"} == {"east_west"}
    both = render_view(tiny_graph, county="C1", force="provincial_soe")
    assert {n["id"] for n in both.nodes if n["ag"]["kind"] == "Provider"} == {"Provider:S1"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"county": "nowhere"}, "county 'nowhere'"),
        ({"force": "aliens"}, "unknown force"),
        ({"highlight": "stars"}, "unknown highlight"),
        ({"lang": "fr"}, "unknown language"),
        ({"county": "C1", "depth": -1}, "depth"),
        ({"max_nodes": 0}, "max_nodes"),
    ],
)
def test_bad_arguments(tiny_graph: nx.MultiDiGraph, kwargs: dict, message: str) -> None:
    with pytest.raises(AssistgraphError, match=message):
        render_view(tiny_graph, **kwargs)


def test_aggregation_folds_then_groups_providers(tiny_graph: nx.MultiDiGraph) -> None:
    n = tiny_graph.number_of_nodes()
    folded = render_view(tiny_graph, max_nodes=n - 1)
    assert folded.data.level == "folded"
    kinds = {x["ag"]["kind"] for x in folded.nodes}
    assert not kinds & {"Project", "Task", "Agreement", "Workshop", "Town", "Resource"}
    funds = {(e["from"], e["to"]): e for e in folded.edges if e["ag"]["type"] == "FUNDS"}
    # E1 funded PR1 (500,000) and PR2 (1,000,000), both in C1: one summed edge
    e1c1 = funds[("Provider:E1", "County:C1")]
    assert ["金额（元）", "amount (CNY)", "¥1,500,000 (150.0 万)"] in e1c1["ag"]["facts"]
    assert ["合并事实数", "facts merged", "2"] in e1c1["ag"]["facts"]
    assert folded.note and str(n) in folded.note
    assert "已汇总" in folded.html and "aggregated" in folded.html

    grouped = render_view(tiny_graph, max_nodes=12)
    assert grouped.data.level in ("forces", "core")
    assert "Provider" not in {x["ag"]["kind"] for x in grouped.nodes}
    forces = [x for x in grouped.nodes if x["ag"]["kind"] == "Force"]
    providers = {p.get("force") for _, p in tiny_graph.nodes(data=True) if p["label"] == "Provider"}
    assert {x["ag"]["force"] for x in forces} == providers


def test_hostile_names_stay_data(hostile_graph: nx.MultiDiGraph) -> None:
    view = render_view(hostile_graph)
    assert node(view, "Provider:E1")["ag"]["name_zh"] == EVIL_PROVIDER
    assert node(view, "Project:PR1")["ag"]["name_zh"] == EVIL_PROJECT
    html = view.html
    assert EVIL_PROVIDER not in html and EVIL_PROJECT not in html
    assert "<img src=x" not in html and "<script>window.__pwned" not in html
    payload = embedded_json(html, "ag-view-0-data")
    names = {n["zh"] for n in payload["nodes"]}
    assert {EVIL_PROVIDER, EVIL_PROJECT} <= names


def test_repr_html_is_a_sandboxed_iframe(tiny_graph: nx.MultiDiGraph) -> None:
    view = render_view(tiny_graph)
    frame = view._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame
    assert "<script" not in frame and "&lt;script" in frame
    assert "nodes" in repr(view)


def test_write(tiny_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    view = render_view(tiny_graph, lang="en")
    path = view.write(tmp_path / "out" / "v.html")
    assert path.read_text(encoding="utf-8") == view.html
    assert 'data-lang="en"' in view.html
    with pytest.raises(RenderError):
        view.write(tmp_path / "v.png")


def test_pyvis_network_holds_the_same_data(tiny_graph: nx.MultiDiGraph) -> None:
    view = render_view(tiny_graph)
    assert view.network.num_nodes() == view.n_nodes
    assert view.network.num_edges() == view.n_edges


def test_every_store_gives_the_same_view(
    loaded_store: Callable[[Path | str], Store], tiny_graph: nx.MultiDiGraph
) -> None:
    """The view from the embedded store and from Neo4j: same nodes, edges and encoding."""
    st = loaded_store(TINY)
    G = st.export_graph()
    kw = {"highlight": "gaps", "as_of": "2025-01-01"}
    got, want = render_view(G, **kw), render_view(tiny_graph, **kw)
    assert got.nodes == want.nodes
    assert got.edges == want.edges


def _with_parallel_funding(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The tiny graph plus a second year of E1 funding PR1 (parallel to the 2024 fact)."""
    H = G.copy()
    H.add_edge(
        "Provider:E1",
        "Project:PR1",
        key="FUNDS|2023",
        type="FUNDS",
        year=2023,
        amount_cny=250_000.0,
        source="fixture 2023",
        confidence="high",
    )
    return H


def test_parallel_facts_are_one_edge_listing_each_fact(tiny_graph: nx.MultiDiGraph) -> None:
    H = _with_parallel_funding(tiny_graph)
    view = render_view(H)
    # one drawn edge per (source, target, type), worked out from the graph itself
    distinct = {(u, v, d["type"]) for u, v, d in H.edges(data=True)}
    assert view.n_edges == len(distinct) == H.number_of_edges() - 1
    assert view.data.source_edges == H.number_of_edges()
    e = [x for x in view.edges if (x["from"], x["to"]) == ("Provider:E1", "Project:PR1")]
    assert len(e) == 1
    ag = e[0]["ag"]
    first = H.edges["Provider:E1", "Project:PR1", "FUNDS|2024"]
    assert ["合并事实数", "facts merged", "2"] in ag["facts"]
    total = first["amount_cny"] + 250_000.0
    assert ["金额（元）", "amount (CNY)", W.yuan(total)] in ag["facts"]
    assert ["年份", "years", "2023, 2024"] in ag["facts"]
    # each fact, oldest first, with its own amount and provenance
    assert [r["facts"] for r in ag["rows"]] == [
        [["年份", "year", "2023"], ["金额（元）", "amount (CNY)", W.yuan(250_000.0)]],
        [
            ["年份", "year", "2024"],
            ["金额（元）", "amount (CNY)", W.yuan(first["amount_cny"])],
            # where the loaded row came from (issue 15); the added 2023 fact has none
            ["source_file", "source_file", first["source_file"]],
            ["source_row", "source_row", str(first["source_row"])],
        ],
    ]
    assert [r["source"] for r in ag["rows"]] == ["fixture 2023", first.get("source")]
    confidences = {c for c in ("high", first.get("confidence")) if c}
    assert ag["confidence"] == ", ".join(sorted(confidences))
    # drawn as its weakest fact
    assert e[0]["dashes"] == any(c in W.WEAK_CONFIDENCE for c in confidences)


def test_large_views_draw_plain_lines(
    tiny_graph: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistgraph.render.view.layout as V

    small = render_view(tiny_graph)
    assert (
        not small.data.payload["large"] and small.data.options["edges"]["arrows"]["to"]["enabled"]
    )
    monkeypatch.setattr(V, "LARGE_EDGES", 3)
    view = render_view(tiny_graph)
    assert view.data.payload["large"]
    assert view.data.options["edges"]["arrows"]["to"]["enabled"] is False
    weak = {e["id"] for e in small.edges if e["dashes"]}
    assert weak  # the tiny data has illustrative facts
    for e in view.edges:
        assert e["dashes"] is False and "arrows" not in e
        assert e["color"]["opacity"] == (0.25 if e["id"] in weak else 0.7)
    assert view.data.legend["faint"] and not small.data.legend["faint"]
    assert "浅色连线" in view.html and "浅色连线" not in small.html


def test_big_views_start_from_seeded_positions(
    tiny_graph: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    import math

    import assistgraph.render.view.layout as V

    assert all("x" not in n for n in render_view(tiny_graph).nodes)
    monkeypatch.setattr(V, "LARGE_NODES", 3)
    view = render_view(tiny_graph)
    pos = {n["id"]: (n["x"], n["y"]) for n in view.nodes}
    assert pos == {n["id"]: (n["x"], n["y"]) for n in render_view(tiny_graph).nodes}  # fixed
    counties = [k for k in pos if k.startswith("County:")]
    radii = {round(math.hypot(*pos[c]), 0) for c in counties}
    assert len(radii) == 1  # counties on one circle
    # a project starts nearer its own county than any other county
    for p, c in (("Project:PR1", "County:C1"), ("Project:PR3", "County:C2")):
        if p in pos and c in pos:
            d = {k: math.dist(pos[p], pos[k]) for k in counties}
            assert min(d, key=d.get) == c
    assert view.data.options["physics"]["stabilization"]["iterations"] < 100


@given(
    key=st.sampled_from(
        ["amount_cny", "funding_given", "year", "since", "force", "facts", "years", "role", "x"]
    ),
    value=st.one_of(
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.text(max_size=8),
        st.lists(st.integers(1990, 2030), max_size=4),
        st.sampled_from(["east_west", "soe_central", "unknown-force"]),
    ),
)
def test_card_values_read_as_value_text_says(key: str, value: object) -> None:
    # the view formats card values through per-key fast paths (amounts stay numbers
    # that the page formats as W.yuan does): the text shown must be value_text's
    from assistgraph.render.view.encode import fact_text, formatter

    assert fact_text(formatter(key)(value)) == W.value_text(key, value)
