"""A non-editable wheel carries loaders/ and cypher/ and works from any directory."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, TINY


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    (whl,) = out.glob("assistgraph-*.whl")
    return whl


def test_wheel_contains_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "assistgraph/_data/loaders/aliases.toml" in names
    for f in (ROOT / "cypher").glob("*.cypher"):
        assert f"assistgraph/_data/cypher/{f.name}" in names
    # the gettext catalogs, compiled by the build hook (hatch_build.py)
    assert "assistgraph/locale/zh_CN/LC_MESSAGES/assistgraph.mo" in names
    assert "assistgraph/locale/en/LC_MESSAGES/assistgraph.mo" in names


def test_installed_wheel_validates_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, system_site_packages=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    res = subprocess.run(
        [str(py), "-c", "import assistgraph, sys; print(assistgraph.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(env_dir) in res.stdout  # the installed copy, not the source tree
    res = subprocess.run(
        [str(env_dir / "bin" / "assistgraph"), "validate", str(TINY)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    assert "OK: 57 rows" in res.stdout
    res = subprocess.run(
        [str(env_dir / "bin" / "assistgraph"), "--lang", "zh", "validate", str(TINY)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert "通过：22 张表共 57 行数据全部有效。" in res.stdout, res.stderr
