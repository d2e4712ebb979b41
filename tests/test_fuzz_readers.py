"""Property-based tests: readers and validators never crash on arbitrary input.

Whatever the bytes or rows, :func:`read_and_validate` returns a dataset or
raises :class:`InputError` (which the CLI prints without a traceback).
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistgraph import InputError, read_and_validate
from assistgraph.read import RawTable, load_aliases, read_csv_text
from assistgraph.schema import PROVENANCE, TABLES, TABLES_BY_NAME
from assistgraph.validate import convert, validate_tables

from .conftest import TINY

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Text that looks like what spreadsheets hold: ids, numbers, CJK, separators, controls.
cell_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "C1",
            "P1",
            "E1",
            "I1",
            "PR1",
            "F1",
            "一县",
            "1,234",
            "１２３",
            "12,34",
            "-5",
            "2024-02-30",
            "2024/8/15",
            "是",
            "否",
            "true",
            "lead",
            "east_west",
            "C1;ZZ",
            "\ufeff",
            '"',
            "\r\n",
            "\x00",
            "nan",
            "inf",
            "1e309",
            "９９９９９９９９９９９９９９９９９９９９",
        ]
    ),
)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as d:
        ds = Path(d) / "ds"
        shutil.copytree(TINY, ds)
        yield ds


def _only_input_errors(ds: Path, **kw: object) -> None:
    try:
        read_and_validate(ds, **kw)  # type: ignore[arg-type]
    except InputError as e:
        assert e.problems, "an InputError always carries problems"
        for p in e.problems:
            assert str(p).startswith(f"{p.table}:{p.row}:{p.column}: ")


@FUZZ
@given(
    table=st.sampled_from(["towns", "counties", "funding", "brands"]),
    data=st.binary(max_size=400),
)
def test_arbitrary_bytes_as_a_csv_file(workdir: Path, table: str, data: bytes) -> None:
    f = workdir / f"{table}.csv"
    original = (TINY / f"{table}.csv").read_bytes()
    f.write_bytes(data)
    try:
        _only_input_errors(workdir)
    finally:
        f.write_bytes(original)


@FUZZ
@given(
    table=st.sampled_from(["towns", "funding", "projects", "brands", "cadres", "agreements"]),
    rows=st.lists(st.lists(cell_text, max_size=9), max_size=6),
    keep_header=st.booleans(),
)
def test_arbitrary_rows(
    workdir: Path, table: str, rows: list[list[str]], keep_header: bool
) -> None:
    f = workdir / f"{table}.csv"
    original = (TINY / f"{table}.csv").read_bytes()
    header = [list(TABLES_BY_NAME[table].column_names)] if keep_header else []
    buf = io.StringIO()
    csv.writer(buf).writerows([*header, *rows])
    f.write_text(buf.getvalue(), encoding="utf-8")
    try:
        _only_input_errors(workdir)
    finally:
        f.write_bytes(original)


@FUZZ
@given(text=st.text(max_size=300))
def test_read_csv_text_never_raises(text: str) -> None:
    raw, problems = read_csv_text("counties", text)
    assert raw is not None or problems


@FUZZ
@given(
    table=st.sampled_from([t.name for t in TABLES]),
    rows=st.lists(
        st.dictionaries(
            st.sampled_from(["id", "name_zh", "county_id", "provider_id", "amount_wan", "x"]),
            st.one_of(st.none(), cell_text),
        ),
        max_size=5,
    ),
)
def test_validate_arbitrary_raw_rows(table: str, rows: list[dict[str, str | None]]) -> None:
    t = TABLES_BY_NAME[table]
    columns = [*t.column_names, *(c.name for c in PROVENANCE)]
    raw = RawTable(
        table,
        table,
        columns,
        [(i, {c: r.get(c) for c in columns}) for i, r in enumerate(rows, start=2)],
    )
    with contextlib.suppress(InputError):
        validate_tables({table: raw})


numeric_text = st.from_regex(r"\A[+-]?[0-9０-９]{1,400}(\.[0-9]{1,30})?\Z")


@FUZZ
@given(
    column=st.sampled_from([c for t in TABLES for c in t.columns]),
    text=st.one_of(cell_text, numeric_text),
)
def test_convert_returns_a_value_or_a_message(column: object, text: str) -> None:
    value, err = convert(column, text, load_aliases())  # type: ignore[arg-type]
    assert err is None or isinstance(err, str)
    if err is None and isinstance(value, int | float) and not isinstance(value, bool):
        # what validation accepts, both stores can hold: finite, integers within INT64
        assert math.isfinite(value)
        assert abs(value) < 2**63
