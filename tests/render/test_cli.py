"""``assistgraph view`` and ``assistgraph report`` (thin shells over the library)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from assistgraph.cli import cli
from assistgraph.jobs.load import load_dataset
from assistgraph.settings import Settings

from ..conftest import EXAMPLE, TINY


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "graph.lbug")
    load_dataset(TINY, Settings(store=path))
    return path


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_view_writes_a_page(store: str, tmp_path: Path) -> None:
    out = tmp_path / "v" / "county.html"
    res = run(
        "view",
        "--store",
        store,
        "--county",
        "C1",
        "--highlight",
        "gaps",
        "--lang",
        "en",
        "--as-of",
        "2025-01-01",
        "-o",
        str(out),
    )
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"Wrote {out}: ")
    html = out.read_text(encoding="utf-8")
    assert 'data-lang="en"' in html and "⚠" in html


def test_view_aggregation_note_goes_to_stderr(store: str, tmp_path: Path) -> None:
    res = CliRunner().invoke(
        cli, ["view", "--store", store, "--max-nodes", "5", "-o", str(tmp_path / "a.html")]
    )
    assert res.exit_code == 0
    assert "aggregated" in res.stderr


def test_view_errors(store: str, tmp_path: Path) -> None:
    res = run("view", "--store", store, "-o", str(tmp_path / "v.png"))
    assert res.exit_code == 2 and "ending in .html" in res.output
    res = run("view", "--store", store, "--county", "nowhere", "-o", str(tmp_path / "v.html"))
    assert res.exit_code == 1
    assert res.output == "Error: county 'nowhere' is not the id or name of any county; use its id\n"


def test_report_writes_a_page(store: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    res = run(
        "report",
        "--store",
        store,
        "--as-of",
        "2025-01-01",
        "--year",
        "2024",
        "--targets",
        str(EXAMPLE / "targets.toml"),
        "--top",
        "3",
        "--target-year",
        "2027",
        "-o",
        str(out),
    )
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"Wrote {out} (")
    html = out.read_text(encoding="utf-8")
    assert "2025-01-01" in html and 'id="match"' in html
    assert "ag-sc-paced" in html and "by 2027 (in 2024)" in html
