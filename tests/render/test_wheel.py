"""The templates, static assets and map data ship in the wheel (hatchling package data)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from ..conftest import ROOT

RENDER = ROOT / "src" / "assistgraph" / "render"


def test_wheel_carries_templates_and_static(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    (whl,) = tmp_path.glob("assistgraph-*.whl")
    names = set(zipfile.ZipFile(whl).namelist())
    for sub in ("templates", "static", "data"):
        files = sorted((RENDER / sub).iterdir())
        assert files
        for f in files:
            assert f"assistgraph/render/{sub}/{f.name}" in names
