"""Commands that read datasets and write stores: validate, load, info, synth."""

from __future__ import annotations

import sys

import click

from ..errors import InputError
from ..i18n import N_, _, get_language
from ..output import FORMATS, json_text, render
from ..schema import FORCE_NAMES
from . import cli, format_option, handle_errors, settings_for, store_option

ENCODING_HELP = N_("Encoding of the CSV files (default: UTF-8, else GB18030).")


def _kind(kind: str, fmt: str) -> str:
    """``node``/``relationship``: translated for people, the English id for csv and json."""
    return _(kind) if fmt in ("table", "markdown") else kind


def _counts_table(rows: list[tuple[str, str, int]], fmt: str) -> str:
    rows = [(_kind(k, fmt), name, n) for k, name, n in rows]
    return render(["kind", "name", "count"], rows, fmt, headers=[_("kind"), _("name"), _("count")])


def _tables_table(counts: dict[str, int], fmt: str) -> str:
    return render(["table", "rows"], sorted(counts.items()), fmt, headers=[_("table"), _("rows")])


def force_name(force: str) -> str:
    """A force's name in the language in use (Chinese and English under en)."""
    zh, en = FORCE_NAMES[force][0], FORCE_NAMES[force][1]
    return zh if get_language() == "zh" else f"{zh} {en}"


# words shown translated in tables: the kinds, and the load runs' column names
WORDS = (N_("node"), N_("relationship"))
RUN_HEADERS = (N_("id"), N_("dataset"), N_("started"), N_("finished"), N_("status"), N_("rows"))


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--encoding", help=ENCODING_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help=N_("Output format of the table counts."),
)
@handle_errors
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
    click.echo(_tables_table(counts, fmt))
    if fmt == "table":
        n_rows, n_tables = sum(counts.values()), len(counts)
        click.echo(
            "\n" + _("OK: {rows} rows in {tables} tables are valid.", rows=n_rows, tables=n_tables)
        )


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True))
@store_option
@click.option("--replace", is_flag=True, help=N_("Empty the store's graph first."))
@click.option("--encoding", help=ENCODING_HELP)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0,
    metavar="SECONDS",
    help="Wait this long for another load into the embedded store to finish "
    "(default: fail at once with 'store is busy').",
)
@format_option
@handle_errors
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
    label = _("Loading")
    with click.progressbar(length=total, label=label, file=sys.stderr, hidden=not tty) as bar:
        summary = load_dataset(ds, settings, replace=replace, progress=bar.update, wait=wait)
    rows = [("node", k, v) for k, v in summary.nodes.items() if v] + [
        ("relationship", k, v) for k, v in summary.relationships.items() if v
    ]
    click.echo(_counts_table(rows, fmt))
    if fmt == "table":
        click.echo()
        click.echo(
            _(
                "Loaded {rows} rows into {store} in {seconds:.1f} s: "
                "{nodes} nodes, {relationships} relationships.",
                rows=summary.rows_written,
                store=summary.store,
                seconds=summary.seconds,
                nodes=sum(summary.nodes.values()),
                relationships=sum(summary.relationships.values()),
            )
        )
        forces = _("; ").join(
            _("{force}: {n}", force=force_name(f), n=n) for f, n in summary.forces.items()
        )
        click.echo(_("Providers by force: {forces}", forces=forces))


@cli.command()
@store_option
@format_option
@handle_errors
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
        click.echo(json_text(doc))
        return
    rows = [("node", k, v) for k, v in counts["nodes"].items()] + [
        ("relationship", k, v) for k, v in counts["relationships"].items()
    ]
    click.echo(_counts_table(rows, fmt))
    if fmt == "table" and runs.rows:
        click.echo(
            "\n" + _("Recent loads (status 'running' with no load under way = interrupted):")
        )
        click.echo(render(runs.columns, runs.rows, fmt, headers=[_(c) for c in runs.columns]))


def _scale(value: str) -> str | int:
    if value in ("province", "national"):
        return value
    try:
        n = int(value)
    except ValueError:
        msg = _("{value!r} is not province, national or a number of counties", value=value)
        raise click.BadParameter(msg) from None
    if n < 1:
        msg = _("the number of counties must be at least 1")
        raise click.BadParameter(msg)
    return n


@cli.command()
@click.option(
    "--scale",
    default="province",
    show_default=True,
    metavar="province|national|N",
    help=N_(
        "province: 39 counties; national: 832 counties, 200,000 projects, "
        "1,000,000 funding rows; N: N counties (sizes in proportion)."
    ),
)
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help=N_("Folder to write the CSV files into (created if needed)."),
)
@click.option("--seed", type=int, default=1, show_default=True, help=N_("Random seed."))
@format_option
@handle_errors
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
    click.echo(_tables_table(counts, fmt))
    if fmt == "table":
        click.echo()
        click.echo(
            _(
                "Wrote {rows} rows in {tables} tables to {out} in {seconds:.1f} s "
                "(scale {scale}, seed {seed}).",
                rows=sum(counts.values()),
                tables=len(counts),
                out=out,
                seconds=time.perf_counter() - start,
                scale=scale,
                seed=seed,
            )
        )
