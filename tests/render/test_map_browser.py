"""The map, the dossiers and their index in headless Chromium.

The report of the Sichuan example (and of a copy with script-injection names) is
opened over the DevTools protocol: one shape per county with ``data-county-id``,
switching the measure recolours them, the hover card shows names as text, a click
opens the county's dossier section, nothing is fetched and nothing from the data
runs. A county's dossier printed to PDF by Chromium (``--print-to-pdf``) fits two
A4 pages.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from assistgraph.render import render_county, render_report, write_all_counties
from assistgraph.targets import load_targets

from ..conftest import EXAMPLE
from .browser import Chromium, Page, find_chromium, open_checked
from .conftest import EVIL_COUNTY, EVIL_COUNTY_ID, EVIL_PROJECT, EVIL_PROVIDER

pytestmark = pytest.mark.browser

AS_OF = "2026-06-30"


def example_ids() -> list[str]:
    with (EXAMPLE / "counties.csv").open(encoding="utf-8", newline="") as fh:
        return sorted(r["id"] for r in csv.DictReader(fh))


def fills(page: Page) -> dict[str, str]:
    return page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('#map [data-county-id]')]"
        ".map(e => [e.getAttribute('data-county-id'), e.getAttribute('fill')]))"
    )


def test_report_map_shapes_switch_and_dossier_link(
    chromium: Chromium, example_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "report.html"
    html = render_report(example_graph, targets=load_targets(EXAMPLE), as_of=AS_OF, top=5)
    path.write_text(html, encoding="utf-8")
    page = open_checked(chromium, path)
    try:
        assert page.log.requests == [page.url]
        page.wait_for("document.querySelector('.ag-map').dataset.agMapReady === '1'")
        ids = page.evaluate(
            "[...document.querySelectorAll('#map [data-county-id]')]"
            ".map(e => e.getAttribute('data-county-id')).sort()"
        )
        assert ids == example_ids()
        # the payload's colours per measure; switching recolours every shape
        payload = json.loads(page.evaluate("document.getElementById('ag-map-data').textContent"))
        assert fills(page) == payload["measures"]["score"]["fill"]
        want = payload["measures"]["forces"]["fill"]
        assert want != payload["measures"]["score"]["fill"]
        page.evaluate("document.querySelector('input[data-ag-measure][value=forces]').click()")
        assert fills(page) == want
        assert (
            page.evaluate(
                "document.querySelector('.ag-map-legend[data-measure=forces]').getAttribute('display')"
            )
            is None
        )
        assert (
            page.evaluate(
                "document.querySelector('.ag-map-legend[data-measure=score]').getAttribute('display')"
            )
            == "none"
        )
        # hover card: the county's names and the chosen measure's value
        page.evaluate(
            "document.querySelector('[data-county-id=\"513337\"]').dispatchEvent("
            "new MouseEvent('mousemove', {bubbles: true, clientX: 200, clientY: 300}))"
        )
        card = page.evaluate("document.querySelector('.ag-map-card').textContent")
        assert "稻城县" in card and payload["counties"]["513337"]["v"]["forces"] in card
        assert page.evaluate("document.querySelector('.ag-map-card').hidden") is False
        # a click follows the shape's link and opens the dossier section
        assert page.evaluate("document.getElementById('county-513337').open") is False
        page.evaluate(
            "document.querySelector('[data-county-id=\"513337\"]').dispatchEvent("
            "new MouseEvent('click', {bubbles: true}))"
        )
        page.wait_for("document.getElementById('county-513337').open === true", 10)
        assert page.evaluate("location.hash") == "#county-513337"
        assert page.log.errors == []
        assert page.log.requests == [page.url]
    finally:
        page.close()


def test_hostile_names_stay_text_on_the_map(
    chromium: Chromium, hostile_example_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(render_report(hostile_example_graph, as_of=AS_OF, top=5), encoding="utf-8")
    page = open_checked(chromium, path)
    try:
        sel = f'[data-county-id="{EVIL_COUNTY_ID}"]'
        page.evaluate(
            f"document.querySelector('{sel}').dispatchEvent(new MouseEvent('mousemove', "
            "{bubbles: true, clientX: 100, clientY: 100}))"
        )
        card = page.evaluate("document.querySelector('.ag-map-card').textContent")
        assert EVIL_COUNTY in card
        assert (
            page.evaluate("document.querySelectorAll('.ag-map-card *:is(img,script)').length") == 0
        )
        # the dossier section shows the names as text
        page.evaluate(f"location.hash = 'county-{EVIL_COUNTY_ID}'")
        page.wait_for(f"document.getElementById('county-{EVIL_COUNTY_ID}').open === true", 10)
        text = page.evaluate(f"document.getElementById('county-{EVIL_COUNTY_ID}').textContent")
        assert EVIL_COUNTY in text and EVIL_PROVIDER in text
        assert page.evaluate("document.querySelectorAll('main img').length") == 0
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.log.errors == [] and page.log.requests == [page.url]
        # the English name (a </script> attempt) also stays text
        page.evaluate("document.querySelector('[data-ag-lang=en]').click()")
        assert EVIL_PROJECT in page.evaluate(f"document.querySelector('{sel}').textContent")
    finally:
        page.close()


def test_dossier_prints_on_at_most_two_pages(
    example_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    binary = find_chromium()
    if binary is None:
        pytest.skip("needs chromium")
    page = tmp_path / "513337.html"
    page.write_text(
        render_county(example_graph, "513337", targets=load_targets(EXAMPLE), as_of=AS_OF),
        encoding="utf-8",
    )
    pdf = tmp_path / "513337.pdf"
    subprocess.run(
        [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert 1 <= pages <= 2, pages


def test_all_counties_index_links_open_dossiers(
    chromium: Chromium, example_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    index, *dossiers = write_all_counties(example_graph, tmp_path / "all", as_of=AS_OF)
    assert len(dossiers) == 39
    page = open_checked(chromium, index)
    try:
        hrefs = page.evaluate(
            "[...document.querySelectorAll('main a[href]')]"
            ".map(a => new URL(a.getAttribute('href'), location.href).href)"
        )
        assert len(set(hrefs)) == 39
        assert page.evaluate("document.querySelectorAll('[data-county-id]').length") == 39
    finally:
        page.close()
    # each link opens its dossier, offline and without errors
    for href in sorted(set(hrefs))[:3]:
        target = open_checked(chromium, Path(href.removeprefix("file://")))
        try:
            cid = href.rsplit("county-", 1)[1].removesuffix(".html")
            assert target.evaluate(f"!!document.getElementById('county-{cid}')")
        finally:
            target.close()
