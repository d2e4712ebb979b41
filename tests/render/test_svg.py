"""The inline SVG charts: well-formed, correct geometry, text escaped."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest

from assistgraph.render.svg import (
    Bar,
    bars_svg,
    lorenz_points,
    lorenz_svg,
    meter_svg,
    sparkline_svg,
)

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def test_lorenz_points_hand_computed() -> None:
    # values 1, 3 (sorted): shares 1/4 then 4/4 at 1/2 and 2/2 of the units
    assert lorenz_points([3, 1]) == [(0.0, 0.0), (0.5, 0.25), (1.0, 1.0)]


@pytest.mark.parametrize("values", [[], [0, 0], [-5]])
def test_lorenz_points_without_a_total_is_equality(values: list[float]) -> None:
    assert lorenz_points(values) == [(0.0, 0.0), (1.0, 1.0)]


def test_lorenz_points_are_monotone_and_below_equality() -> None:
    pts = lorenz_points([5, 1, 0, 9, 2, 2])
    assert pts[0] == (0.0, 0.0) and pts[-1] == (1.0, 1.0)
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        assert x1 > x0 and y1 >= y0
        assert y1 <= x1 + 1e-9


def test_lorenz_svg_draws_curve_from_corner_to_corner() -> None:
    root = parse(lorenz_svg([1, 3], gini=0.25, width=360, height=320))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    curve = root.find("s:polyline[@class='curve']", NS)
    assert curve is not None
    pts = [tuple(map(float, p.split(","))) for p in curve.get("points", "").split()]
    # plot area: left 48, top 30, width 300, height 244
    assert pts == [(48.0, 274.0), (198.0, 213.0), (348.0, 30.0)]
    eq = root.find("s:line[@class='equality']", NS)
    assert (eq.get("x1"), eq.get("y1"), eq.get("x2"), eq.get("y2")) == ("48", "274", "348", "30")
    assert "0.25" in "".join(root.itertext())


def test_lorenz_svg_escapes_titles_and_is_bilingual() -> None:
    svg = lorenz_svg([1], title=("<script>x</script>", "</svg><b>&"))
    root = parse(svg)  # still well-formed
    assert "<script>" not in svg and "</svg><b>" not in svg
    texts = "".join(root.itertext())
    assert "<script>x</script>" in texts and "</svg><b>&" in texts
    assert root.find(".//s:tspan[@class='zh']", NS) is not None
    assert root.find(".//s:tspan[@class='en']", NS) is not None


def test_bars_svg_scales_to_the_longest_and_escapes_labels() -> None:
    svg = bars_svg(
        [Bar("<i>甲</i>", "A&B", 2.0, "#ff0000", "2"), Bar("乙", "B", 1.0, "red;x:y", "1")],
        width=640,
    )
    root = parse(svg)
    rects = root.findall("s:rect", NS)
    widths = [float(r.get("width")) for r in rects]
    assert widths == [260.0, 130.0]  # 640 - 190 label - 190 value text
    assert rects[1].get("fill") == "#2563eb"  # not a colour: replaced
    assert "<i>甲</i>" in "".join(root.itertext())


def test_bars_svg_with_no_bars_is_valid() -> None:
    assert parse(bars_svg([])).findall("s:rect", NS) == []


@pytest.mark.parametrize(("fraction", "width"), [(0.5, "45"), (2.0, "90"), (-1, "0")])
def test_meter_svg_clamps(fraction: float, width: str) -> None:
    root = parse(meter_svg(fraction, width=90))
    assert root.findall("s:rect", NS)[0].get("width") == width


def test_meter_svg_none_is_an_empty_frame() -> None:
    rects = parse(meter_svg(None)).findall("s:rect", NS)
    assert [r.get("class") for r in rects] == ["frame"]


def points(el: ET.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, p.split(","))) for p in el.get("points", "").split()]


def test_sparkline_has_one_point_per_year_on_a_fixed_scale() -> None:
    years = [2021, 2022, 2023, 2024, 2025]
    svg = sparkline_svg([0.0, 25.0, 50.0, 100.0, 150.0], years=years, width=100, height=26)
    root = parse(svg)  # well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    (line,) = root.findall("s:polyline", NS)
    dots = root.findall("s:circle", NS)
    assert len(points(line)) == len(dots) == len(years)
    # x from 3 to 97 in equal steps; y: 100 at the top (3), 0 at the bottom (23), clamped
    assert points(line) == [(3.0, 23.0), (26.5, 18.0), (50.0, 13.0), (73.5, 3.0), (97.0, 3.0)]
    assert [(float(c.get("cx")), float(c.get("cy"))) for c in dots] == points(line)
    assert [c.get("class") for c in dots] == ["dot"] * 4 + ["dot last"]


def test_sparkline_title_is_accessible_and_has_only_numbers_from_the_data() -> None:
    from assistgraph.render._html import _PAGE_LANG

    token = _PAGE_LANG.set("zh")  # as inside a page that opens in Chinese
    try:
        svg = sparkline_svg([62.72, 100.0], years=[2023, 2024], title=("<b>走势", "trend&"))
    finally:
        _PAGE_LANG.reset(token)
    root = parse(svg)
    assert root.get("role") == "img"
    label = "<b>走势: 2023 62.7, 2024 100.0"
    assert root.get("aria-label") == label
    assert root.find("s:title", NS).text == label
    assert "<b>" not in svg


def test_sparkline_gaps_and_edge_cases() -> None:
    root = parse(sparkline_svg([10.0, None, float("nan"), 30.0, 40.0], width=100))
    assert len(root.findall("s:circle", NS)) == 3
    assert [len(points(p)) for p in root.findall("s:polyline", NS)] == [2]  # 30 → 40 only
    assert "—" in root.get("aria-label")
    one = parse(sparkline_svg([50.0], width=100, height=26))
    (dot,) = one.findall("s:circle", NS)
    assert (dot.get("cx"), dot.get("cy")) == ("50", "13")
    assert one.findall("s:polyline", NS) == []
    empty = parse(sparkline_svg([]))
    assert empty.findall("s:circle", NS) == [] and empty.findall("s:polyline", NS) == []
