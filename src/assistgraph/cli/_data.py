"""Commands that read datasets and write stores: validate, load, info, synth."""

from __future__ import annotations

import json
import sys

import click

from ..errors import InputError
from ..output import FORMATS, render
from ..schema import FORCE_NAMES
from . import _errors, cli, format_option, settings_for, store_option


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--encoding", help="Encoding of the CSV files (default: UTF-8, else GB18030).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format of the table counts.",
)
@_errors
def validate(sources: tuple[str, ...], encoding: str | None, fmt: str) -> None:
    """Check dataset folders (CSV) and .xlsx workbooks, merged, without loading them.

    Every problem is printed as table:row:column: message (with several sources,
    file[sheet]:row:column); the exit code is 1 if there is any.

    \b
    Examples:
      assistgraph validate examples/sichuan
      assistgraph validate rosters.xlsx counties/*.xlsx
    """
    from ..sources import read_sources

    try:
        ds = read_sources(sources, encoding=encoding)
    except InputError as e:
        click.echo(str(e), err=True)
        sys.exit(1)
    counts = ds.counts()
    click.echo(render(["table", "rows"], sorted(counts.items()), fmt))
    if fmt == "table":
        click.echo(f"OK: {sum(counts.values())} rows in {len(counts)} tables are valid.")


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True))
@store_option
@click.option("--replace", is_flag=True, help="Empty the store's graph first.")
@click.option("--encoding", help="Encoding of the CSV files (default: UTF-8, else GB18030).")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0,
    metavar="SECONDS",
    help="Wait this long for another load into the embedded store to finish "
    "(default: fail at once with 'store is busy').",
)
@format_option
@_errors
def load(
    sources: tuple[str, ...],
    store: str | None,
    replace: bool,
    encoding: str | None,
    wait: float,
    fmt: str,
) -> None:
    """Validate datasets (folders, workbooks: merged) and load them (idempotent upsert).

    Nothing is written unless the whole, merged dataset is valid. Every node and
    relationship keeps its source_file, source_sheet and source_row.

    \b
    Examples:
      assistgraph load examples/sichuan
      assistgraph load data.xlsx --store bolt://127.0.0.1:7687
      assistgraph load rosters.xlsx county-*.xlsx extra/ --replace
      assistgraph load exported_gbk/ --encoding gb18030 --replace
    """
    from ..jobs.load import load_dataset, total_rows
    from ..sources import read_sources

    ds = read_sources(sources, encoding=encoding)
    settings = settings_for(store)
    total = total_rows(ds)
    tty = sys.stderr.isatty()
    with click.progressbar(length=total, label="Loading", file=sys.stderr, hidden=not tty) as bar:
        summary = load_dataset(ds, settings, replace=replace, progress=bar.update, wait=wait)
    rows = [("node", k, v) for k, v in summary.nodes.items() if v] + [
        ("relationship", k, v) for k, v in summary.relationships.items() if v
    ]
    click.echo(render(["kind", "name", "count"], rows, fmt))
    if fmt == "table":
        click.echo(
            f"Loaded {summary.rows_written} rows into {summary.store} "
            f"in {summary.seconds:.1f} s: {sum(summary.nodes.values())} nodes, "
            f"{sum(summary.relationships.values())} relationships."
        )
        click.echo(
            "Providers by force: "
            + "; ".join(
                f"{FORCE_NAMES[f][0]} {FORCE_NAMES[f][1]}: {n}" for f, n in summary.forces.items()
            )
        )


@cli.command()
@store_option
@format_option
@_errors
def info(store: str | None, fmt: str) -> None:
    """Show what the store holds: nodes per label, relationships per type, recent loads.

    \b
    Example:
      assistgraph info --format json
    """
    from ..store import open_store

    with open_store(settings_for(store)) as st:
        counts = st.counts()
        runs = st.load_runs()
    if fmt == "json":
        doc = {**counts, "load_runs": runs.records()}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    rows = [("node", k, v) for k, v in counts["nodes"].items()] + [
        ("relationship", k, v) for k, v in counts["relationships"].items()
    ]
    click.echo(render(["kind", "name", "count"], rows, fmt))
    if fmt == "table" and runs.rows:
        click.echo("\nRecent loads (status 'running' with no load under way = interrupted):")
        click.echo(render(runs.columns, runs.rows, fmt))


def _scale(value: str) -> str | int:
    if value in ("province", "national"):
        return value
    try:
        n = int(value)
    except ValueError:
        msg = f"{value!r} is not province, national or a number of counties"
        raise click.BadParameter(msg) from None
    if n < 1:
        msg = "the number of counties must be at least 1"
        raise click.BadParameter(msg)
    return n


@cli.command()
@click.option(
    "--scale",
    default="province",
    show_default=True,
    metavar="province|national|N",
    help="province: 39 counties; national: 832 counties, 200,000 projects, "
    "1,000,000 funding rows; N: N counties (sizes in proportion).",
)
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write the CSV files into (created if needed).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@format_option
@_errors
def synth(scale: str, out: str, seed: int, fmt: str) -> None:
    """Write a synthetic dataset (invented, marked illustrative) for benchmarks.

    The same scale and seed always give the same files; 'assistgraph validate'
    accepts them. Put large datasets outside the repository.

    \b
    Examples:
      assistgraph synth --scale province -o /tmp/province
      assistgraph synth --scale national -o /tmp/national --seed 7
      assistgraph synth --scale 117 -o /tmp/three-provinces
    """
    import time

    from ..synth import write_synthetic

    try:
        chosen = _scale(scale)
    except click.BadParameter as e:
        raise click.BadParameter(str(e), param_hint="--scale") from None
    start = time.perf_counter()
    counts = write_synthetic(out, scale=chosen, seed=seed)
    click.echo(render(["table", "rows"], sorted(counts.items()), fmt))
    if fmt == "table":
        click.echo(
            f"Wrote {sum(counts.values())} rows in {len(counts)} tables to {out} "
            f"in {time.perf_counter() - start:.1f} s (scale {scale}, seed {seed})."
        )
