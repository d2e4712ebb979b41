"""The same provider and county (or project) in two years must count twice.

Rows that differ only by ``year`` (or ``county_id``/``direction``) between the same
two nodes are separate relationships; the export must keep them apart and the
analyses must add them up.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from assistgraph.analysis import concentration, find_gaps
from assistgraph.store import Store
from assistgraph.targets import Targets

from ..conftest import DATA

GAPS = DATA / "gaps"  # the v1 fixture


def test_repeated_years_are_all_counted(
    loaded_store: Callable[[Path | str], Store], tmp_path: Path
) -> None:
    """Add E1→C1 200 trainees in 2024 (E1 trained C1 in 2023 too): C1 2024 = 500 + 200;
    add D1 → PR1 in 2023 (D1 funded PR1 in 2024): C1 total 29 + 3 units, and D1's key
    project in C1 in 2023; add S1 supporting I1 in C2 (S1 supports I1 in C1 already):
    with a range of 0–0 every SOE × county with support is a gap, and S1 × C2 lists I4
    (a C2 industry) and I1 (not one: ``other``), S1 × C1 counts I1 (key) and lists I2."""
    data = tmp_path / "data"
    shutil.copytree(GAPS, data)
    with (data / "training.csv").open("a", encoding="utf-8") as fh:
        fh.write("E1,C1,2024,200\n")
    with (data / "funding.csv").open("a", encoding="utf-8") as fh:
        fh.write("D1,PR1,2023,300000,\n")
    with (data / "industry_support.csv").open("a", encoding="utf-8") as fh:
        fh.write("S1,C2,I1,2024\n")
    G = loaded_store(data).export_graph()
    assert len([1 for *_, d in G.edges(data=True) if d["type"] == "FUNDS"]) == 14
    c1 = {r["county_id"]: r for r in concentration(G)["counties"]}["C1"]
    assert c1["total_cny"] == 3_200_000
    deps = find_gaps(G, as_of="2024-12-31", rule="department_key_projects")
    got = {(g["county_id"], g["provider_id"], g["year"]) for g in deps}
    assert ("C1", "D1", 2023) not in got  # PR1 is key, in C1
    t = Targets(key_industries_per_soe_county=(0, 0))
    s1 = {
        g["county_id"]: g["detail"]
        for g in find_gaps(G, targets=t, as_of="2024-12-31", rule="soe_key_industries")
        if g["provider_id"] == "S1"
    }
    assert (s1["C2"]["industry_ids"], s1["C2"]["other"]) == (["I4"], ["I1"])
    assert (s1["C1"]["industry_ids"], s1["C1"]["other"]) == (["I1"], ["I2"])
