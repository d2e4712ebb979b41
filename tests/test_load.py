"""Loading into both stores: counts, idempotence, unchanged store on bad input, parity."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistgraph import InputError, load_dataset, open_store
from assistgraph.errors import StoreBusyError, StoreError
from assistgraph.settings import Settings

from .conftest import DATA, EXAMPLE, TINY, _require_neo4j, neo4j_settings, wipe_neo4j
from .graphs import canonical, csv_rows

# Independent expectations for the tiny fixture, computed from the raw CSV files.
NODE_TABLES = {
    "Prefecture": "prefectures",
    "County": "counties",
    "Provider": "providers",
    "Industry": "industries",
    "Resource": "resources",
    "Project": "projects",
    "Agreement": "agreements",
    "Brand": "brands",
    "Workshop": "workshops",
    "Task": "tasks",
    "Town": "towns",
    "InvestmentFund": "investment_funds",
    "Mechanism": "mechanisms",
}


def expected_counts(folder: Path) -> tuple[dict[str, int], dict[str, int]]:
    nodes = {label: len(csv_rows(folder, t)) for label, t in NODE_TABLES.items()}
    r = lambda t: csv_rows(folder, t)
    # one task force per county with a task that names no provider
    nodes["TaskForce"] = len({x["county_id"] for x in r("tasks") if not x.get("provider_id")})
    nonempty = lambda t, c: sum(1 for x in r(t) if x.get(c))
    split = lambda t, c: sum(len([p for p in x[c].split(";") if p]) for x in r(t) if x.get(c))
    rels = {
        "PART_OF": len(r("counties")),
        "PAIRED_WITH": len(r("pairings")),
        "SUPPLIES": len(r("chain_links")),
        "HAS_INDUSTRY": len(r("county_industries")),
        "LOCATED_IN": sum(
            len(r(t)) for t in ("resources", "projects", "workshops", "tasks", "towns")
        ),
        "IN_INDUSTRY": sum(nonempty(t, "industry_id") for t in ("resources", "projects", "brands")),
        "CAPABLE_IN": len(r("capabilities")),
        "SUPPORTS_INDUSTRY": len(r("industry_support")),
        "FUNDS": len(r("funding")),
        "SIGNED": len(r("agreements")),
        "COVERS": len(r("agreements")),
        "BRAND_OF": split("brands", "county_ids"),
        "PROMOTES": split("brands", "promoted_by"),
        "TRAINED": len(r("training")),
        "EXCHANGED_CADRES": len(r("cadres")),
        "RUNS": len(r("workshops")),
        "RESPONSIBLE_FOR": len(r("tasks")),
        "LED_BY": len(r("investment_funds")),
        "INVESTS_IN": split("investment_funds", "industry_ids"),
        "CONTRIBUTES": len(r("fund_contributions")),
        "COORDINATES": nonempty("mechanisms", "prefecture_id"),
        "TASK_FORCE_OF": nodes["TaskForce"],
    }
    return nodes, rels


def test_load_counts_match_raw_tables(empty_settings: Settings) -> None:
    summary = load_dataset(TINY, empty_settings)
    nodes, rels = expected_counts(TINY)
    assert summary.nodes == nodes
    assert summary.relationships == rels


def test_load_twice_is_idempotent(empty_settings: Settings) -> None:
    first = load_dataset(TINY, empty_settings)
    with open_store(empty_settings) as st:
        g1 = canonical(st.export_graph())
    second = load_dataset(TINY, empty_settings)
    assert (second.nodes, second.relationships) == (first.nodes, first.relationships)
    with open_store(empty_settings) as st:
        assert canonical(st.export_graph()) == g1


def test_bad_input_leaves_store_unchanged(empty_settings: Settings) -> None:
    load_dataset(TINY, empty_settings)
    with open_store(empty_settings) as st:
        before = canonical(st.export_graph())
    with pytest.raises(InputError) as exc:
        load_dataset(DATA / "bad4", empty_settings)
    assert len(exc.value.problems) == 4
    with open_store(empty_settings) as st:
        assert canonical(st.export_graph()) == before


def test_neo4j_debug_log_shows_batch_sizes_not_values(caplog: pytest.LogCaptureFixture) -> None:
    # the driver logs every RUN message with its parameters at DEBUG (and formats them
    # even when DEBUG is off): the loader's batches show only their size there
    settings = _require_neo4j()
    wipe_neo4j(settings)
    caplog.set_level(logging.DEBUG, logger="neo4j")
    load_dataset(TINY, settings)
    runs = [r.getMessage() for r in caplog.records if "C: RUN" in r.getMessage()]
    counties = csv_rows(TINY, "counties")
    assert any(f"<{len(counties)} rows>" in m for m in runs)
    for row in counties:
        assert not any(row["name_zh"] in m or row["name_en"] in m for m in runs)


def test_properties_and_provenance_round_trip(loaded_store) -> None:  # type: ignore[no-untyped-def]
    st = loaded_store(TINY)
    G = st.export_graph()
    c1 = G.nodes["County:C1"]
    assert c1 == {
        "label": "County",
        "id": "C1",
        "name_zh": "一县",
        "name_en": "One County",
        "prefecture_id": "P1",
        "population": 100000,
        "rural_population": 80000,
        "need_index": 0.8,
        "source": "fixture",
        "confidence": "illustrative",
        "note": "高原",
        "source_file": str(TINY / "counties.csv"),  # where the row came from (issue 15)
        "source_row": 2,
    }
    funds = {
        (u, v, d["year"]): d["amount_cny"] for u, v, d in G.edges(data=True) if d["type"] == "FUNDS"
    }
    assert funds[("Provider:D1", "Project:PR1", 2024)] == 1_000_000
    assert G.nodes["Project:PR3"]["key_support"] is True
    assert G.nodes["Agreement:Z1/C1"]["signed_on"] == "2023-08-15"
    assert G.has_edge("Brand:B1", "County:C2", "BRAND_OF")
    assert G.has_edge("Provider:S1", "Brand:B1", "PROMOTES")


def test_replace_removes_rows_no_longer_in_dataset(
    empty_settings: Settings, tmp_path: Path
) -> None:
    import shutil

    load_dataset(TINY, empty_settings)
    smaller = tmp_path / "smaller"
    shutil.copytree(TINY, smaller)
    for f in smaller.glob("*.csv"):
        if f.stem not in ("prefectures", "counties", "providers"):
            f.unlink()
    summary = load_dataset(smaller, empty_settings, replace=True)
    assert sum(summary.relationships.values()) == len(csv_rows(smaller, "counties"))  # PART_OF
    assert summary.nodes["Project"] == 0


def test_embedded_failed_load_rolls_back(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "g.lbug"))
    load_dataset(TINY, settings)
    with open_store(settings) as st:
        before = canonical(st.export_graph())
    calls = 0

    def explode(n: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("simulated crash in the middle of a load")

    with pytest.raises(StoreError, match="rolled back"):
        load_dataset(DATA / "tiny", settings, replace=True, progress=explode)
    with open_store(settings) as st:
        assert canonical(st.export_graph()) == before


def test_embedded_second_writer_is_told_store_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "g.lbug"
    load_dataset(TINY, Settings(store=str(path)))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time, ladybug
            db = ladybug.Database({str(path)!r})
            print("locked", flush=True)
            sys.stdin.readline()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreBusyError, match="store is busy"):
            load_dataset(TINY, Settings(store=str(path)))
    finally:
        holder.communicate("\n", timeout=30)


@pytest.mark.parametrize("dataset", [TINY, EXAMPLE], ids=["tiny", "example"])
def test_parity_embedded_vs_neo4j(dataset: Path, tmp_path: Path) -> None:
    """Loading the same dataset into either store gives the same graph."""
    neo = neo4j_settings()
    if neo is None:
        from .conftest import _require_neo4j

        _require_neo4j()
        return
    if not dataset.exists():
        pytest.skip(f"{dataset} not built yet")
    wipe_neo4j(neo)
    emb = Settings(store=str(tmp_path / "g.lbug"))
    load_dataset(dataset, emb)
    load_dataset(dataset, neo)
    with open_store(emb) as a, open_store(neo) as b:
        ga, gb = canonical(a.export_graph()), canonical(b.export_graph())
    assert len(ga[0]) > 0
    assert ga == gb


def test_parallel_edges_are_all_exported(loaded_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Same endpoints and type, different key properties: every relationship survives export."""
    import shutil

    ds = tmp_path / "ds"
    shutil.copytree(TINY, ds)
    with (ds / "training.csv").open("a", encoding="utf-8") as fh:
        fh.write("E1,C1,2025,600\n")
    with (ds / "cadres.csv").open("a", encoding="utf-8") as fh:
        fh.write("E1,C1,2024,to_county,3\n")
    G = loaded_store(ds).export_graph()
    trained = sorted(
        (d["year"], d["trainees"])
        for u, v, d in G.edges(data=True)
        if d["type"] == "TRAINED" and (u, v) == ("Provider:E1", "County:C1")
    )
    assert trained == [(2024, 300), (2025, 600)]
    cadres = sorted(
        (d["direction"], d["count"])
        for u, v, d in G.edges(data=True)
        if d["type"] == "EXCHANGED_CADRES" and (u, v) == ("Provider:E1", "County:C1")
    )
    assert cadres == [("from_county", 40), ("to_county", 3)]
    assert G.has_edge("Provider:E1", "County:C1", "TRAINED|2025")
    assert G.number_of_edges() == sum(expected_counts(ds)[1].values())
