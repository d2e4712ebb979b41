"""Dossiers built in the page from JSON: the standalone map page and a report above the limit.

The map page (``assistgraph map -o FILE.html``) holds every county's dossier collapsed,
as compact JSON; a click on a county opens its dossier below the map, built by
``static/dossier.js``. The report does the same above ``REPORT_MAX_DOSSIERS`` counties
(here forced with ``dossiers=N`` on the example). The built dossier must show what the
HTML dossier (``county_dossier``) shows, with names from the data as text, and the page
must fetch nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from assistgraph.i18n import Message
from assistgraph.render import render_map, render_report
from assistgraph.render._context import analyse
from assistgraph.render.dossier import county_dossier
from assistgraph.render.dossier_data import LABELS, dossiers_payload
from assistgraph.targets import load_targets

from ..conftest import EXAMPLE
from .browser import Chromium, Page, open_checked
from .conftest import EVIL_COUNTY, EVIL_COUNTY_ID, EVIL_PROJECT, EVIL_PROVIDER

AS_OF = "2026-06-30"
COUNTY = "513337"


def _payload(html: str) -> dict[str, Any]:
    m = re.search(
        r'<script type="application/json" id="ag-dossiers-data">(.*?)</script>', html, re.S
    )
    assert m, "no dossier data block"
    return json.loads(m.group(1))


def _texts(v: Any) -> list[str] | str:
    return [v.translations["zh"], v.translations["en"]] if isinstance(v, Message) else str(v)


def _zh(v: Any) -> str:
    return v.translations["zh"] if isinstance(v, Message) else str(v)


def _en(v: Any) -> str:
    return v.translations["en"] if isinstance(v, Message) else str(v)


# -- the data ------------------------------------------------------------------------


def test_payload_carries_each_dossiers_figures(example_graph: nx.MultiDiGraph) -> None:
    a = analyse(example_graph, targets=load_targets(EXAMPLE), as_of=AS_OF)
    ids = sorted(a.f.counties)
    p = dossiers_payload(a, ids)
    assert sorted(p["counties"]) == ids
    assert set(p["labels"]) == set(LABELS)
    assert all({"zh", "en"} <= set(v) for v in p["labels"].values())
    strings = p["strings"]
    assert len(strings) == len(set(strings))  # each shared text once

    def text(i: Any) -> Any:
        return [strings[k] for k in i] if isinstance(i, list) else strings[i]

    for c in ids:
        d, j = county_dossier(a, c), p["counties"][c]
        assert j["n"] == [d["zh"], d["en"]] and j["s"] == d["score"]
        assert text(j["p"]) == [d["pzh"], d["pen"]]
        assert [[text(p[0]) for p in x] for x in j["fo"]] == [
            [p["zh"] for p in fc["providers"]] for fc in d["forces"]
        ]
        assert [text(g[4]) for g in j["gp"]] == [_texts(g["message"]) for g in d["gaps"]]
        assert [text(g[1]) for g in j["gp"]] == [g["zh"] for g in d["gaps"]]
        assert [[text(m) for m in r[4]] for r in j["ch"]] == [
            [m[0] for m in r["missing"]] for r in d["chains"]
        ]
        # the charts' numbers add up to the dossier's totals
        total = sum(sum(v) for v in j["fu"])
        fund = sum(sum(v) for v in d["fund_by_force"])
        assert abs(total - fund) <= len(j["y"]) * 5
        assert len(j["y"]) == len(j["tr"]) == len(j["fu"][0])
    # JSON-only dossiers draw no SVG in Python
    assert county_dossier(a, COUNTY, charts=False)["funding_chart"] is None


def test_report_above_the_limit_embeds_json_dossiers_and_is_smaller(
    example_graph: nx.MultiDiGraph,
) -> None:
    full = render_report(example_graph, as_of=AS_OF, top=0)
    lazy = render_report(example_graph, as_of=AS_OF, top=0, dossiers=10)
    assert 'class="ag-dossier"' in full and 'id="ag-dossiers-data"' not in full
    assert 'id="ag-dossiers-data"' in lazy and 'class="ag-dossier"' not in lazy
    assert (
        len(re.findall(r'<details class="ag-d-details" id="county-\d+" data-ag-dossier=', lazy))
        == 39
    )
    assert len(lazy) < len(full)
    # each collapsed dossier's summary: the county's and its prefecture's names, score, gaps
    a = analyse(example_graph, as_of=AS_OF)
    d = county_dossier(a, COUNTY)
    m = re.search(
        rf'id="county-{COUNTY}" data-ag-dossier="{COUNTY}"><summary>(.*?)</summary>', lazy
    )
    assert m, "no summary"
    summary = re.sub(r"<[^>]+>", "", m.group(1))
    assert d["zh"] in summary and d["pzh"] in summary and d["score"] in summary
    assert summary.rstrip().endswith(f" {len(d['gaps'])}")


# -- in Chromium ---------------------------------------------------------------------


def _click(page: Page, county: str) -> None:
    page.evaluate(
        f"document.querySelector('[data-county-id=\"{county}\"]').dispatchEvent("
        "new MouseEvent('click', {bubbles: true, cancelable: true}))"
    )
    page.wait_for(
        f"document.querySelector('#county-{county}[open] .ag-dossier[data-ag-built]') !== null", 10
    )


def _shown(page: Page, county: str, what: str) -> Any:
    return page.evaluate(
        f"(() => {{ const d = document.getElementById('county-{county}'); {what} }})()"
    )


@pytest.mark.browser
def test_map_page_click_opens_the_county_dossier(
    chromium: Chromium, example_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    targets = load_targets(EXAMPLE)
    html = render_map(example_graph, targets=targets, as_of=AS_OF)
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    d = county_dossier(analyse(example_graph, targets=targets, as_of=AS_OF), COUNTY)
    page = open_checked(chromium, path)
    try:
        page.wait_for("document.querySelector('.ag-map').dataset.agMapReady === '1'")
        # nothing is built before a click
        assert page.evaluate("document.querySelectorAll('.ag-dossier').length") == 0
        assert page.evaluate("document.querySelectorAll('details[data-ag-dossier]').length") == 39
        _click(page, COUNTY)
        assert page.evaluate("location.hash") == f"#county-{COUNTY}"
        assert page.evaluate("document.querySelectorAll('.ag-dossier').length") == 1
        text = _shown(page, COUNTY, "return d.textContent;")
        assert d["zh"] in text and d["pzh"] in text and d["score"] in text
        for fc in d["forces"]:
            for p in fc["providers"]:
                assert p["zh"] in text
        # one row per gap, the finding's text in the page's language (zh)
        rows = _shown(
            page,
            COUNTY,
            "return [...d.querySelectorAll('.ag-d-wide')[0].querySelectorAll('tbody tr')]"
            ".map(r => r.cells[3].innerText);",
        )
        assert rows == [_zh(g["message"]) for g in d["gaps"]]
        # the scorecard rows and the two charts (a segment per non-zero value)
        n_ind = _shown(
            page,
            COUNTY,
            "return d.querySelectorAll('.ag-d-wide')[1].querySelectorAll('tbody tr').length;",
        )
        assert n_ind == len(d["indicators"])
        assert _shown(page, COUNTY, "return d.querySelectorAll('svg.ag-stacked').length;") == 2
        segs = _shown(
            page,
            COUNTY,
            "return d.querySelectorAll('svg.ag-stacked')[0].querySelectorAll('rect.seg').length;",
        )
        assert segs == sum(1 for vals in d["fund_by_force"] for v in vals if v > 0)
        assert (
            _shown(page, COUNTY, "return d.querySelectorAll('svg.ag-stacked line.ref').length;")
            == 1
        )
        # the language switch applies to the built dossier too
        page.evaluate("document.querySelector('[data-ag-lang=en]').click()")
        en = _shown(page, COUNTY, "return d.querySelector('.ag-d-wide').innerText;")
        assert _en(d["gaps"][0]["message"]) in en
        # another county: its own dossier, the first stays built
        _click(page, "510822")
        assert page.evaluate("document.querySelectorAll('.ag-dossier').length") == 2
        assert page.log.errors == []
        assert page.log.requests == [page.url]
    finally:
        page.close()


@pytest.mark.browser
def test_map_page_dossier_keeps_hostile_names_as_text(
    chromium: Chromium, hostile_example_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "hostile-map.html"
    path.write_text(render_map(hostile_example_graph, as_of=AS_OF), encoding="utf-8")
    page = open_checked(chromium, path)
    try:
        _click(page, EVIL_COUNTY_ID)
        text = _shown(page, EVIL_COUNTY_ID, "return d.textContent;")
        assert EVIL_COUNTY in text and EVIL_PROVIDER in text and EVIL_PROJECT in text
        live = "main img, main script:not([type='application/json'])"
        assert page.evaluate(f'document.querySelectorAll("{live}").length') == 0
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.log.errors == [] and page.log.requests == [page.url]
    finally:
        page.close()


@pytest.mark.browser
def test_report_above_the_limit_builds_the_dossier_on_click(
    chromium: Chromium, hostile_example_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "report.html"
    html = render_report(hostile_example_graph, as_of=AS_OF, top=0, dossiers=10)
    path.write_text(html, encoding="utf-8")
    assert len(_payload(html)["counties"]) == 39
    page = open_checked(chromium, path)
    try:
        page.wait_for("document.querySelector('.ag-map').dataset.agMapReady === '1'")
        _click(page, EVIL_COUNTY_ID)
        text = _shown(page, EVIL_COUNTY_ID, "return d.textContent;")
        assert EVIL_COUNTY in text and EVIL_PROVIDER in text
        assert page.evaluate("document.querySelectorAll('main img').length") == 0
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.log.errors == [] and page.log.requests == [page.url]
        # the long sections are laid out only when near the screen, but all of them print
        cv = "['gaps', 'scorecard', 'dossiers'].map(i => getComputedStyle(document.getElementById(i)).contentVisibility)"
        assert page.evaluate(cv) == ["auto"] * 3
        page.send("Emulation.setEmulatedMedia", {"media": "print"})
        assert page.evaluate(cv) == ["visible"] * 3
    finally:
        page.close()


def test_dossier_funding_by_force_and_year_from_the_graph(example_graph: nx.MultiDiGraph) -> None:
    """Each county's funding chart sums the FUNDS relationships of its projects, per
    force of the funder and year, worked out here from the graph's edges."""
    from collections import defaultdict

    from assistgraph.schema import FORCES

    G = example_graph
    county_of = {
        u.split(":", 1)[1]: v.split(":", 1)[1]
        for u, v, d in G.edges(data=True)
        if d.get("type") == "LOCATED_IN" and u.startswith("Project:") and v.startswith("County:")
    }
    want: dict[str, dict[tuple[str, int], float]] = defaultdict(lambda: defaultdict(float))
    for u, v, d in G.edges(data=True):
        if d.get("type") != "FUNDS" or d.get("year") is None:
            continue
        c = county_of.get(v.split(":", 1)[1])
        if c:
            force = G.nodes[u].get("force")
            want[c][(force, int(d["year"]))] += float(d.get("amount_cny") or 0)
    assert want  # the example has funding
    a = analyse(G, as_of=AS_OF)
    for c in sorted(a.f.counties):
        d = county_dossier(a, c, charts=False)
        got = {
            (fc, y): v
            for fc, vals in zip(FORCES, d["fund_by_force"], strict=True)
            for y, v in zip(d["years"], vals, strict=True)
            if v
        }
        assert got == pytest.approx({k: v for k, v in want[c].items() if v}), c
