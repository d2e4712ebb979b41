"""Data contract v2 input: year columns, optional task provider, closed_on, mechanisms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistgraph.errors import InputError
from assistgraph.validate import read_and_validate

from .conftest import GAPS


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(GAPS, data)
    return data


def test_years_dates_and_task_forces() -> None:
    ds = read_and_validate(GAPS)
    pairings = {(r["provider_id"], r["county_id"]): r for r in ds.rows("pairings")}
    assert pairings[("Z2", "C1")]["since"] == 2024  # 2024-03-01 read as its year
    assert pairings[("A2", "C2")]["until"] == 2023
    tasks = {r["id"]: r for r in ds.rows("tasks")}
    assert (tasks["T2"]["provider_id"], tasks["T3"]["closed_on"]) == (None, "2024-05-15")
    [tf] = ds.rows("task_forces")
    assert (tf["id"], tf["name_zh"], tf["task_ids"]) == (
        "C2/task_force",
        "二县工作专班",
        ["T2", "T6"],
    )
    assert [m["level"] for m in ds.rows("mechanisms")] == ["prefecture", "department"]


@pytest.mark.parametrize(
    ("file", "old", "new", "problem"),
    [
        ("pairings.csv", "A2,C2,2021,2023", "A2,C2,2021,soon", "pairings:11:until: not a number"),
        ("pairings.csv", "A2,C2,2021,2023", "A2,C2,2021,99", "pairings:11:until: not a year"),
        ("tasks.csv", "2024-05-15", "2024-13-15", "tasks:4:closed_on: impossible date"),
        ("mechanisms.csv", ",prefecture,P1,", ",county,P1,", "mechanisms:2:level: 'county'"),
        ("mechanisms.csv", ",prefecture,P1,", ",prefecture,P9,", "unknown prefectures id 'P9'"),
    ],
)
def test_bad_v2_values(tmp_path: Path, file: str, old: str, new: str, problem: str) -> None:
    data = _copy(tmp_path)
    text = (data / file).read_text(encoding="utf-8")
    assert old in text
    (data / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_and_validate(data)
    assert any(problem in str(p) for p in exc.value.problems), exc.value.problems


def test_chinese_headers(tmp_path: Path) -> None:
    """销号日期 → closed_on, 牵头单位 → a task's provider_id, sheet 协调机制 → mechanisms."""
    data = _copy(tmp_path)
    tasks = (data / "tasks.csv").read_text(encoding="utf-8")
    (data / "tasks.csv").write_text(
        tasks.replace("provider_id", "牵头单位", 1).replace("closed_on", "销号日期", 1),
        encoding="utf-8",
    )
    (data / "mechanisms.csv").rename(data / "协调机制.csv")
    ds = read_and_validate(data)
    tasks_by_id = {r["id"]: r for r in ds.rows("tasks")}
    assert (tasks_by_id["T1"]["provider_id"], tasks_by_id["T3"]["closed_on"]) == (
        "E1",
        "2024-05-15",
    )
    assert len(ds.rows("mechanisms")) == 2
