"""Fixtures for the view and report tests: graphs, a hostile dataset, and Chromium.

The browser tests need Debian's ``chromium`` and the ``websocket-client``
package (dev extra). Without them they skip with a message saying how to get
them; under ``CI=true`` they fail instead, so CI cannot pass without running them.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from assistgraph.jobs.load import load_dataset
from assistgraph.settings import Settings
from assistgraph.store import open_store

from ..conftest import DATA, EXAMPLE, TINY
from .browser import Chromium, find_chromium

EVIL_PROVIDER = '<img src=x onerror="window.__pwned=1">'
EVIL_PROJECT = "</script><script>window.__pwned=1</script>"
EVIL_SOURCE = "<script>window.__pwned=1</script>\u2028&amp;"
EVIL_COUNTY = '<img src=x onerror="window.__pwned=2">'

SCORECARD = DATA / "scorecard"

HOW_CHROMIUM = (
    "browser tests need Debian's chromium and websocket-client: "
    "apt-get install chromium && pip install -e '.[dev]', "
    "or run scripts/test with ASSISTGRAPH_INSTALL_CHROMIUM=1 (as root)"
)


def export(path: Path | str, store: Path) -> nx.MultiDiGraph:
    settings = Settings(store=str(store))
    load_dataset(path, settings)
    with open_store(settings) as st:
        return st.export_graph()


def _rewrite(path: Path, key: str, changes: dict[str, dict[str, str]]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    for row in rows:
        row.update(changes.get(row[key], {}))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def make_hostile(dest: Path) -> Path:
    """The tiny dataset with script-injection attempts in names and provenance."""
    shutil.copytree(TINY, dest)
    _rewrite(
        dest / "providers.csv", "id", {"E1": {"name_zh": EVIL_PROVIDER, "source": EVIL_SOURCE}}
    )
    _rewrite(dest / "projects.csv", "id", {"PR1": {"name_zh": EVIL_PROJECT}})
    _rewrite(dest / "counties.csv", "id", {"C2": {"name_zh": EVIL_COUNTY}})
    return dest


#: the county of the example whose names the hostile copy replaces (稻城县)
EVIL_COUNTY_ID = "513337"


def make_hostile_example(dest: Path) -> Path:
    """The Sichuan example with script-injection attempts in a county's and a provider's
    names (the map, the hover cards and the dossiers show both)."""
    shutil.copytree(EXAMPLE, dest)
    _rewrite(
        dest / "counties.csv",
        "id",
        {EVIL_COUNTY_ID: {"name_zh": EVIL_COUNTY, "name_en": EVIL_PROJECT}},
    )
    with (dest / "pairings.csv").open(encoding="utf-8", newline="") as fh:
        provider = next(
            r["provider_id"] for r in csv.DictReader(fh) if r["county_id"] == EVIL_COUNTY_ID
        )
    _rewrite(dest / "providers.csv", "id", {provider: {"name_zh": EVIL_PROVIDER}})
    return dest


@pytest.fixture(scope="session")
def example_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    """The Sichuan example (39 counties whose ids are Sichuan's county codes)."""
    return export(EXAMPLE, tmp_path_factory.mktemp("example") / "graph.lbug")


@pytest.fixture(scope="session")
def hostile_example_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    base = tmp_path_factory.mktemp("hostile-example")
    return export(make_hostile_example(base / "data"), base / "graph.lbug")


@pytest.fixture(scope="session")
def tiny_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    return export(TINY, tmp_path_factory.mktemp("tiny") / "graph.lbug")


@pytest.fixture(scope="session")
def scorecard_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    """The scorecard fixture: two years (2023, 2024), target year 2026 in its targets."""
    return export(SCORECARD, tmp_path_factory.mktemp("scorecard") / "graph.lbug")


@pytest.fixture(scope="session")
def hostile_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    base = tmp_path_factory.mktemp("hostile")
    return export(make_hostile(base / "data"), base / "graph.lbug")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    ci = os.environ.get("CI") == "true"
    try:
        import websocket  # noqa: F401
    except ImportError:
        if ci:
            pytest.fail(f"CI=true but websocket-client is missing: {HOW_CHROMIUM}")
        pytest.skip(HOW_CHROMIUM)
    if find_chromium() is None:
        if ci:
            pytest.fail(f"CI=true but chromium is missing: {HOW_CHROMIUM}")
        pytest.skip(HOW_CHROMIUM)
    browser = Chromium()
    try:
        yield browser
    finally:
        browser.close()
