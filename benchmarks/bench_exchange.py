"""Benchmark 9: data in and out as Excel at province scale (issue 15).

* **In:** the synthetic province split into 39 county workbooks (each county's rows:
  its projects and their funding, pairings, training …, made by
  :func:`assistgraph.exchange.template.county_rows`) plus one roster workbook (the
  rest); ``read_sources`` of the 40 workbooks (read, merge, check duplicates,
  validate) against pandas ``read_excel(sheet_name=None)`` of the same workbooks
  (reading only: no merge, no validation). ``load`` end to end into the embedded
  store is reported too.
* **Out:** ``export_graph(G, fmt="xlsx")`` of the province graph (contract tables from
  the graph, neutralised cells, one workbook) against ``DataFrame.to_excel`` of the
  same tables into one workbook (openpyxl engine).
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as c


def split_by_county(folder: Path, out: Path) -> list[Path]:
    """40 workbooks: one per county (rows may repeat, identically) and a roster."""
    import openpyxl

    from assistgraph import schema
    from assistgraph.exchange.template import county_rows

    tables: dict[str, tuple[list[str], list[list[Any]]]] = {}
    for t in schema.TABLES:
        path = folder / f"{t.name}.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        head = rows[0]
        lists = [
            i for i, h in enumerate(head) if h in {c.name for c in t.columns if c.type == "list"}
        ]
        body = [
            [(r[i].split(";") if i in lists else (r[i] or None)) for i in range(len(head))]
            for r in rows[1:]
        ]
        tables[t.name] = (head, body)
    out.mkdir(parents=True, exist_ok=True)
    placed: set[int] = set()
    books = []

    def book(path: Path, part: dict[str, tuple[list[str], list[list[Any]]]]) -> None:
        wb = openpyxl.Workbook(write_only=True)
        for name, (head, rows) in part.items():
            ws = wb.create_sheet(name)
            ws.append(head)
            for r in rows:
                ws.append([";".join(v) if isinstance(v, list) else v for v in r])
        wb.save(path)
        books.append(path)

    counties = [r[tables["counties"][0].index("id")] for r in tables["counties"][1]]
    for cid in counties:
        mine = county_rows(tables, cid)
        for _, rows in mine.values():
            placed.update(map(id, rows))
        book(out / f"county-{cid}.xlsx", mine)
    rest = {
        name: (head, [r for r in rows if id(r) not in placed])
        for name, (head, rows) in tables.items()
    }
    book(out / "roster.xlsx", {k: v for k, v in rest.items() if v[1]})
    return books


def main(argv: list[str] | None = None) -> int:
    p = c.parser(__doc__)
    p.add_argument("--scale", default="province")
    p.add_argument("--only", choices=["in", "out"], help="only the workbooks in, or only out")
    args = p.parse_args(argv)
    if args.smoke:
        args.runs, args.scale = 1, "3"
    rep = c.Report("9 excel", args)
    from assistgraph.jobs import load_dataset

    folder = c.dataset(args.scale)
    tmp = Path(tempfile.mkdtemp(prefix="ag-bench-excel-"))
    store = tmp / "g.lbug"
    if args.only != "out":
        measure_in(rep, args, folder, tmp, store)
    else:
        load_dataset(folder, str(store), replace=True)
    if args.only == "in":
        return 0
    measure_out(rep, args, store, tmp)
    return 0


def measure_in(rep: Any, args: Any, folder: Path, tmp: Path, store: Path) -> None:
    import pandas as pd

    from assistgraph.jobs import load_dataset
    from assistgraph.sources import read_sources

    books = split_by_county(folder, tmp / "books")
    rows = sum(ds_rows for ds_rows in read_sources(books).counts().values())
    rep.note(f"scale {args.scale}: {len(books)} workbooks, {rows} rows after merging")

    def ours_in() -> None:
        read_sources(books)

    def pandas_in() -> None:
        for b in books:
            pd.read_excel(b, sheet_name=None, engine="openpyxl")

    t_ours, t_pd = [], []
    for _ in range(args.runs):  # interleaved
        t0 = time.perf_counter()
        ours_in()
        t_ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        pandas_in()
        t_pd.append(time.perf_counter() - t0)
    o, b = sorted(t_ours)[len(t_ours) // 2], sorted(t_pd)[len(t_pd) // 2]
    rep.figure(
        f"scale {args.scale}: read_sources of {len(books)} workbooks s",
        o,
        "s",
        rows_per_s=round(rows / o),
    )
    rep.figure(f"scale {args.scale}: pandas read_excel of the same s", b, "s")
    rep.ratio(f"scale {args.scale}: read+merge+validate vs read_excel", o, b, None)
    t = c.median_time(lambda: load_dataset(books, str(store), replace=True), args.runs)
    rep.figure(
        f"scale {args.scale}: load of {len(books)} workbooks (embedded, end to end) s", t, "s"
    )


def measure_out(rep: Any, args: Any, store: Path, tmp: Path) -> None:
    import pandas as pd

    from assistgraph.exchange import export_graph, graph_tables
    from assistgraph.jobs import programme_graph
    from assistgraph.store import open_store

    with open_store(str(store)) as st:
        G = programme_graph(st)
    tables = graph_tables(G)
    frames = {name: pd.DataFrame(rows_, columns=cols) for name, (cols, rows_) in tables.items()}
    n_out = sum(len(r) for _, r in tables.values())

    def pandas_out() -> None:
        with pd.ExcelWriter(tmp / "pandas.xlsx", engine="openpyxl") as xw:
            for name, df in frames.items():
                df.to_excel(xw, sheet_name=name, index=False)

    t_ours, t_pd = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        export_graph(G, tmp / "ours.xlsx", fmt="xlsx")
        t_ours.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        pandas_out()
        t_pd.append(time.perf_counter() - t0)
    o, b = sorted(t_ours)[len(t_ours) // 2], sorted(t_pd)[len(t_pd) // 2]
    rep.figure(
        f"scale {args.scale}: export --format xlsx ({n_out} rows) s",
        o,
        "s",
        rows_per_s=round(n_out / o),
    )
    rep.figure(f"scale {args.scale}: DataFrame.to_excel of the same tables s", b, "s")
    rep.ratio(f"scale {args.scale}: export xlsx vs to_excel", o, b, None)


if __name__ == "__main__":
    sys.exit(main())
