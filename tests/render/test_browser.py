"""The real pages in headless Chromium: offline, error-free, counts right, injection inert.

Each test opens a page written by the library in a fresh tab of one Chromium
(the session fixture ``chromium``) and checks the console, the network log and
the DOM over the DevTools protocol (``browser.py``).
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from assistgraph.render import render_report, render_view

from .browser import Chromium, open_checked
from .conftest import EVIL_COUNTY, EVIL_PROJECT, EVIL_PROVIDER, EVIL_SOURCE

pytestmark = pytest.mark.browser


def js(value: str) -> str:
    return json.dumps(value)


def test_view_loads_offline_and_shows_the_node_count(
    chromium: Chromium, tiny_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = render_view(tiny_graph, highlight="gaps", as_of="2025-01-01").write(tmp_path / "v.html")
    page = open_checked(chromium, path)
    try:
        assert page.log.requests == [page.url]
        shown = page.evaluate("document.querySelector('[data-ag-count=nodes]').textContent")
        assert int(shown) == tiny_graph.number_of_nodes()
        assert page.evaluate("assistgraph.views[0].nodes.length") == tiny_graph.number_of_nodes()
        assert page.evaluate("assistgraph.views[0].edges.length") == tiny_graph.number_of_edges()
        # physics stopped after stabilisation
        assert page.evaluate("assistgraph.views[0].network.physics.options.enabled") is False
        # filters: hiding providers hides them and their edges
        page.evaluate(
            "(() => { const b = document.querySelector('input[data-ag-filter=kind][value=Provider]');"
            " b.checked = false; b.dispatchEvent(new Event('change')); })()"
        )
        n_prov = sum(1 for _, d in tiny_graph.nodes(data=True) if d["label"] == "Provider")
        assert "（显示 " + str(tiny_graph.number_of_nodes() - n_prov) in page.text()
        # the language switch
        page.evaluate("document.querySelector('[data-ag-lang=en]').click()")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert "nodes" in page.text() and "个节点" not in page.text()
        assert page.log.errors == []
    finally:
        page.close()


def test_view_keeps_hostile_names_as_text(
    chromium: Chromium, hostile_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = render_view(hostile_graph).write(tmp_path / "hostile.html")
    page = open_checked(chromium, path)
    try:
        assert page.evaluate("typeof window.__pwned") == "undefined"
        # details of the provider and the project (the tooltip uses the same builder)
        page.evaluate("assistgraph.views[0].select('Provider:E1')")
        details = page.evaluate("document.querySelector('.ag-details').textContent")
        assert EVIL_PROVIDER in details and EVIL_SOURCE.replace("\u2028", "\u2028") in details
        assert (
            page.evaluate("document.querySelectorAll('.ag-details img, .ag-details script').length")
            == 0
        )
        page.evaluate("assistgraph.views[0].select('Project:PR1')")
        assert EVIL_PROJECT in page.evaluate("document.querySelector('.ag-details').textContent")
        # the search box lists the literal name
        page.evaluate(
            "(() => { const i = document.querySelector('.ag-search input'); i.value = '<img';"
            " i.dispatchEvent(new Event('input')); })()"
        )
        assert EVIL_PROVIDER in page.text()
        # hover tooltip
        page.evaluate(
            "(() => { const v = assistgraph.views[0]; const p = v.network.getPositions(['Provider:E1'])['Provider:E1'];"
            " const d = v.network.canvasToDOM(p);"
            " v.network.body.emitter.emit('hoverNode', {node: 'Provider:E1', pointer: {DOM: d}}); })()"
        )
        assert EVIL_PROVIDER in page.evaluate("document.querySelector('.ag-tooltip').textContent")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.log.errors == []
    finally:
        page.close()


def test_report_loads_offline_and_keeps_hostile_names_as_text(
    chromium: Chromium, hostile_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "report.html"
    path.write_text(render_report(hostile_graph, as_of="2025-01-01"), encoding="utf-8")
    page = open_checked(chromium, path, height=1200)
    try:
        assert page.log.requests == [page.url]
        assert page.evaluate("typeof window.__pwned") == "undefined"
        text = page.text()
        assert EVIL_PROVIDER in text
        assert page.evaluate("document.querySelectorAll('main img').length") == 0
        n = hostile_graph.number_of_nodes()
        counts = page.evaluate(
            "[...document.querySelectorAll('[data-ag-count=nodes]')].map(e => +e.textContent)"
        )
        assert counts[0] == n  # the overview is small enough to show every node
        assert page.evaluate("assistgraph.views.map(v => v.nodes.length)") == counts
        page.evaluate("assistgraph.views[0].select('Project:PR1')")
        assert EVIL_PROJECT in page.evaluate(
            "document.querySelector('#ag-view-overview .ag-details').textContent"
        )
        assert page.evaluate("typeof window.__pwned") == "undefined"
        # the scorecard: the county's name is text, a click opens its breakdown
        sc = "document.querySelector('#scorecard')"
        assert EVIL_COUNTY in page.evaluate(f"{sc}.innerText")
        assert page.evaluate(f"{sc}.querySelectorAll('img, script').length") == 0
        shown = (
            "[...document.querySelectorAll('.ag-sc-county')]"
            ".map(d => d.querySelector('.ag-sc-breakdown').checkVisibility())"
        )
        assert page.evaluate(shown) == [False] * 3
        page.evaluate("document.querySelector('.ag-sc-county[data-county=C2] > summary').click()")
        assert page.evaluate("document.querySelector('.ag-sc-county[data-county=C2]').open")
        assert page.evaluate(shown).count(True) == 1
        assert "forces present" not in page.evaluate(f"{sc}.innerText")  # still in Chinese
        page.evaluate("document.querySelector('[data-ag-lang=en]').click()")
        assert "Headline figures" in page.text()
        assert "forces present" in page.evaluate(f"{sc}.innerText")
        # printed, every breakdown shows
        page.send("Emulation.setEmulatedMedia", {"media": "print"})
        assert page.evaluate(shown) == [True] * 3
        page.send("Emulation.setEmulatedMedia", {"media": ""})
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.log.errors == []
        assert page.log.requests == [page.url]
    finally:
        page.close()


def test_aggregated_view_says_so(
    chromium: Chromium, tiny_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    view = render_view(tiny_graph, max_nodes=10, lang="en")
    page = open_checked(chromium, view.write(tmp_path / "agg.html"))
    try:
        assert "aggregated" in page.evaluate("document.querySelector('.ag-note').innerText")
        shown = page.evaluate("+document.querySelector('[data-ag-count=nodes]').textContent")
        assert shown == view.n_nodes == page.evaluate("assistgraph.views[0].nodes.length")
    finally:
        page.close()


# what the page's script draws must be what expand_node/expand_edge say it draws
_NODE_KEYS = ["id", "label", "shape", "size", "borderWidth", "color", "shapeProperties", "x", "y"]
_EDGE_KEYS = ["id", "from", "to", "width", "dashes", "arrows", "color"]


def _drawn(page, what: str, keys: list[str]) -> list[dict]:
    return page.evaluate(
        f"JSON.stringify(assistgraph.views[0].{what}.get().map(x => "
        f"Object.fromEntries({json.dumps(keys)}.filter(k => k in x).map(k => [k, x[k]]))))",
    )


@pytest.mark.parametrize("variant", ["small", "large"])
def test_page_draws_what_the_library_says(
    chromium: Chromium,
    tiny_graph: nx.MultiDiGraph,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    variant: str,
) -> None:
    import assistgraph.render.view.layout as V

    if variant == "large":  # the light style and seeded positions, on a small graph
        monkeypatch.setattr(V, "LARGE_EDGES", 3)
        monkeypatch.setattr(V, "LARGE_NODES", 3)
    view = render_view(tiny_graph, highlight="gaps", as_of="2025-01-01")
    page = open_checked(chromium, view.write(tmp_path / "v.html"))
    try:
        want_nodes = [{k: n[k] for k in _NODE_KEYS if k in n} for n in view.nodes]
        want_edges = [{k: e[k] for k in _EDGE_KEYS if k in e} for e in view.edges]
        assert json.loads(_drawn(page, "nodes", _NODE_KEYS)) == want_nodes
        assert json.loads(_drawn(page, "edges", _EDGE_KEYS)) == want_edges
        if variant == "large":
            assert all("x" in n for n in want_nodes) and all("arrows" not in e for e in want_edges)
    finally:
        page.close()


def test_amounts_read_as_the_library_writes_them(
    chromium: Chromium, tiny_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    """The page formats amounts itself (they travel as numbers): same text as W.yuan."""
    from assistgraph.render import _words as W

    values = [
        0,
        0.4,
        0.5,
        1.5,
        2.5,
        -2.5,
        9999.5,
        10_000,
        12_345.5,
        99_999.95,
        250_000,
        1_234_567.89,
        8_181_674.45,
        123_456_789.25,
        3.3e12,
        -7_654_321.05,
    ]
    page = open_checked(chromium, render_view(tiny_graph).write(tmp_path / "v.html"))
    try:
        got = page.evaluate(f"{json.dumps(values)}.map(assistgraph.yuan)")
        assert got == [W.yuan(float(v)) for v in values]
    finally:
        page.close()


def test_merged_edge_card_lists_each_fact(
    chromium: Chromium, tiny_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    from .test_view import _with_parallel_funding

    view = render_view(_with_parallel_funding(tiny_graph), lang="en")
    edge = next(e for e in view.edges if (e["from"], e["to"]) == ("Provider:E1", "Project:PR1"))
    page = open_checked(chromium, view.write(tmp_path / "v.html"))
    try:
        page.evaluate(
            "assistgraph.views[0].network.body.emitter.emit('hoverEdge',"
            f" {{edge: {json.dumps(edge['id'])}, pointer: {{DOM: {{x: 20, y: 20}}}}}}); null"
        )
        tip = page.evaluate("document.querySelector('.ag-tooltip').innerText")
        assert "Each fact" in tip and "facts merged" in tip
        for row in edge["ag"]["rows"]:
            for _zh, _en, text in row["facts"]:
                assert text in tip
        assert page.evaluate("document.querySelectorAll('.ag-tooltip .ag-rows li').length") == 2
        assert "fixture 2023" in tip  # the fact's own source, which the edge does not share
    finally:
        page.close()
