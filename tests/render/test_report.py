"""The report's content, without a browser."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from assistgraph.analysis import concentration, coverage_matrix, find_gaps, match
from assistgraph.render import RenderError, render_report

from .conftest import EVIL_PROJECT, EVIL_PROVIDER

AS_OF = "2025-01-01"


@pytest.fixture(scope="module")
def report(tiny_graph: nx.MultiDiGraph) -> str:
    return render_report(tiny_graph, as_of=AS_OF)


def test_sections_and_language_switch(report: str) -> None:
    for anchor in ("headline", "gaps", "coverage", "concentration", "chains", "match", "graph"):
        assert f'id="{anchor}"' in report
    assert 'data-ag-lang="zh"' in report and 'data-ag-lang="en"' in report
    assert (
        '<span class="zh" lang="zh-CN">短板</span><span class="en" lang="en">Gaps</span>' in report
    )
    assert "@media print" in report
    assert AS_OF in report


def test_self_contained(report: str) -> None:
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", report)
    assert "<link" not in report and "<img" not in report
    assert report.count("<svg") >= 3  # two Lorenz curves and the force bars


def test_every_gap_is_listed(tiny_graph: nx.MultiDiGraph, report: str) -> None:
    gaps = find_gaps(tiny_graph, as_of=AS_OF)
    assert gaps
    body = report.split('id="gaps"', 1)[1].split('id="coverage"', 1)[0]
    assert body.count('<tr class="ag-sev-') == len(gaps)
    for g in gaps:
        assert g["message"].replace("'", "&#39;").replace('"', "&#34;") in body


def test_heatmaps_match_coverage_matrix(tiny_graph: nx.MultiDiGraph, report: str) -> None:
    body = report.split('id="coverage"', 1)[1].split('id="concentration"', 1)[0]
    cells = re.findall(
        r'class="ag-cell" style="background:(#[0-9a-f]{6});color:#[0-9a-f]{6}">(\d+)<', body
    )
    forces = coverage_matrix(tiny_graph, view="forces")
    targets = coverage_matrix(tiny_graph, view="targets", as_of=AS_OF)
    n_forces = sum(
        len([k for k in r if k not in ("county_id", "name_zh", "name_en", "prefecture_id")])
        for r in forces
    )
    n_targets = sum(
        len(
            [k for k in r if k not in ("county_id", "name_zh", "name_en", "prefecture_id", "total")]
        )
        for r in targets
    )
    assert len(cells) == n_forces + n_targets
    # a county with no provider of a force is red, a met target is green
    assert ("#fecaca", "0") in cells[:n_forces]
    assert ("#f0fdf4", "0") in cells[n_forces:]


def test_concentration_and_match(tiny_graph: nx.MultiDiGraph, report: str) -> None:
    overall = concentration(tiny_graph)["overall"]
    assert f"{overall['gini_total']:.2f}" in report
    proposals = match(tiny_graph, top=15)
    for m in proposals:
        for why in m["why"]:
            assert why.replace("'", "&#39;").replace('"', "&#34;") in report


def test_year_filters_funding(tiny_graph: nx.MultiDiGraph) -> None:
    none = render_report(tiny_graph, as_of=AS_OF, year=1999)
    assert "1999" in none
    assert concentration(tiny_graph, year=1999)["overall"]["total_cny"] == 0
    assert "0 元" in none


def test_hostile_names_are_escaped(hostile_graph: nx.MultiDiGraph) -> None:
    html = render_report(hostile_graph, as_of=AS_OF)
    assert EVIL_PROVIDER not in html and EVIL_PROJECT not in html
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in html


def test_bad_arguments(tiny_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(RenderError, match="language"):
        render_report(tiny_graph, lang="de")
    with pytest.raises(RenderError, match="as_of"):
        render_report(tiny_graph, as_of="yesterday")
