"""The report's content, without a browser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx
import pytest

from assistgraph.analysis import concentration, coverage_matrix, find_gaps, match
from assistgraph.analysis.scorecard import scorecard
from assistgraph.render import RenderError, render_report
from assistgraph.targets import load_targets

from .conftest import EVIL_COUNTY, EVIL_PROJECT, EVIL_PROVIDER, SCORECARD

AS_OF = "2025-01-01"


@pytest.fixture(scope="module")
def report(tiny_graph: nx.MultiDiGraph) -> str:
    return render_report(tiny_graph, as_of=AS_OF)


def test_sections_and_language_switch(report: str) -> None:
    anchors = ("headline", "scorecard", "gaps", "coverage", "concentration", "chains", "match")
    for anchor in (*anchors, "graph"):
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
    assert EVIL_PROVIDER not in html and EVIL_PROJECT not in html and EVIL_COUNTY not in html
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in html
    # the county's name is text in the scorecard too (and its breakdown's caption)
    assert (
        section(html, "scorecard").count("&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;")
        == 2
    )


def test_bad_arguments(tiny_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(RenderError, match="language"):
        render_report(tiny_graph, lang="de")
    with pytest.raises(RenderError, match="as_of"):
        render_report(tiny_graph, as_of="yesterday")


# -- the scorecard section -------------------------------------------------------------

SC_AS_OF = "2024-12-31"
ROW = re.compile(
    r'<details class="ag-sc-county[^"]*" data-county="([^"]*)">\s*<summary>'
    r'<span class="ag-sc-rank">([^<]*)</span><span class="ag-sc-name">.*?</span>'
    r'<span class="ag-num ag-sc-score">([^<]*)</span>'
    r'<span class="ag-num ag-sc-change[^"]*">([^<]*)</span>(.*?)</summary>(.*?)</details>',
    re.S,
)


def section(html: str, anchor: str) -> str:
    return html.split(f'<section id="{anchor}"', 1)[1].split("<section id=", 1)[0]


def sc_rows(html: str) -> list[dict[str, Any]]:
    return [
        {"id": m[0], "rank": m[1], "score": m[2], "change": m[3], "rest": m[4], "body": m[5]}
        for m in ROW.findall(section(html, "scorecard"))
    ]


def expected_ranking(result: dict[str, Any], year: int) -> list[dict[str, Any]]:
    """The rows of ``year`` ordered and ranked here, from the scores alone."""
    rows = [r for r in result["rows"] if r["year"] == year]
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0.0), r["county_id"]))
    return [
        {
            "id": r["county_id"],
            "rank": "—"
            if r["score"] is None
            else str(1 + sum(1 for o in rows if (o["score"] or -1) > r["score"])),
            "score": "—" if r["score"] is None else f"{r['score']:.1f}",
            "change": "—" if r["change"] is None else f"{r['change']:+.1f}",
        }
        for r in rows
    ]


def sparkline(rest: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg .*?</svg>", rest, re.S)[0])


def test_scorecard_ranks_every_county_by_its_latest_score(
    scorecard_graph: nx.MultiDiGraph,
) -> None:
    targets = load_targets(SCORECARD)
    html = render_report(scorecard_graph, targets=targets, as_of=SC_AS_OF)
    result = scorecard(scorecard_graph, targets=targets, as_of=SC_AS_OF)
    assert result["years"] == [2023, 2024]
    rows = sc_rows(html)
    counties = {n for n, d in scorecard_graph.nodes(data=True) if d["label"] == "County"}
    assert len(rows) == len(counties) == 4
    got = [{k: r[k] for k in ("id", "rank", "score", "change")} for r in rows]
    assert got == expected_ranking(result, 2024)
    assert [r["id"] for r in got] == ["C1", "C3", "C2", "C4"]  # as worked out by hand
    for r in rows:
        spark = sparkline(r["rest"])
        (line,) = spark.findall("{http://www.w3.org/2000/svg}polyline")
        assert len(line.get("points").split()) == 2  # one point per year
        assert spark.get("aria-label").startswith("逐年得分: 2023 ")  # the page opens in zh


def test_scorecard_breakdown_lists_every_indicator(scorecard_graph: nx.MultiDiGraph) -> None:
    targets = load_targets(SCORECARD)
    html = render_report(scorecard_graph, targets=targets, as_of=SC_AS_OF)
    result = scorecard(scorecard_graph, targets=targets, as_of=SC_AS_OF)
    by_id = {r["county_id"]: r for r in result["rows"] if r["year"] == 2024}
    for row in sc_rows(html):
        body = row["body"]
        inds = by_id[row["id"]]["indicators"]
        cells = re.findall(
            r"<code>(\w+)</code>.*?</th><td class=\"ag-num\">(.*?)</td><td class=\"ag-num\">"
            r"([^<]*)</td><td class=\"ag-num\">([^<]*)</td><td class=\"ag-num\">([^<]*)</td>"
            r"<td class=\"ag-num\">([^<]*)</td>",
            body,
            re.S,
        )
        assert [c[0] for c in cells] == list(inds)
        for name, score, raw, target, weight, points in cells:
            e = inds[name]
            if e["score"] is None:
                assert "n/a" in score and points == "—"
            else:
                assert score.endswith(f" {e['score']:.2f}")
                assert points == f"{e['points']:.1f}"
            assert raw.replace(",", "") == f"{e['raw']:g}"
            assert target.replace(",", "") == f"{e['target']:g}"
            assert weight == f"{e['weight']:g}"
        # bilingual names of the indicators
        assert '<span class="zh" lang="zh-CN">五方帮扶力量到位</span>' in body
        assert '<span class="en" lang="en">tasks closed on time</span>' in body


def test_scorecard_pace_only_with_a_target_year(scorecard_graph: nx.MultiDiGraph) -> None:
    targets = load_targets(SCORECARD)  # [scorecard] target_year = 2026
    html = render_report(scorecard_graph, targets=targets, as_of=SC_AS_OF)
    body = section(html, "scorecard")
    assert "ag-sc-paced" in body and "by 2026 (in 2024)" in body
    result = scorecard(scorecard_graph, targets=targets, as_of=SC_AS_OF)
    assert body.count("ag-badge-high") == len(result["behind"]) == 3
    assert f"{len(result['behind'])} of 4 counties behind" in body
    # --target-year overrides the targets'
    later = section(
        render_report(scorecard_graph, targets=targets, as_of=SC_AS_OF, target_year=2040),
        "scorecard",
    )
    assert "by 2040 (in 2024)" in later
    # without either: no pace column
    plain = render_report(scorecard_graph, as_of=SC_AS_OF)
    body = section(plain, "scorecard")
    assert "ag-sc-paced" not in body and "Pace" not in body and "behind" not in body
    assert len(sc_rows(plain)) == 4


def test_scorecard_year_ranks_that_year(scorecard_graph: nx.MultiDiGraph) -> None:
    targets = load_targets(SCORECARD)
    early = sc_rows(render_report(scorecard_graph, targets=targets, as_of=SC_AS_OF, year=2023))
    result = scorecard(scorecard_graph, targets=targets, as_of=SC_AS_OF)
    got = [{k: r[k] for k in ("id", "rank", "score", "change")} for r in early]
    assert got == expected_ranking(result, 2023)
    assert all(len(sparkline(r["rest"]).findall("{*}circle")) == 1 for r in early)
    # a year beyond the data is scored as scorecard(year=...) does, after the data's years
    late = sc_rows(render_report(scorecard_graph, targets=targets, as_of=SC_AS_OF, year=2025))
    result = scorecard(scorecard_graph, targets=targets, as_of=SC_AS_OF, year=2025)
    got = [{k: r[k] for k in ("id", "rank", "score", "change")} for r in late]
    assert got == expected_ranking(result, 2025)
    assert all(len(sparkline(r["rest"]).findall("{*}circle")) == 3 for r in late)


def test_scorecard_on_the_tiny_graph(tiny_graph: nx.MultiDiGraph, report: str) -> None:
    result = scorecard(tiny_graph, as_of=AS_OF)
    got = [{k: r[k] for k in ("id", "rank", "score", "change")} for r in sc_rows(report)]
    assert got == expected_ranking(result, result["years"][-1])
    assert len(got) == 3
