"""The ``assistgraph`` command: thin shells over the library.

Each command builds settings, calls one library function and formats the
result; library errors become ``Error: …`` with exit code 1 and no traceback.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from . import __version__
from .errors import AssistgraphError, InputError
from .output import FORMATS, render
from .settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


def _errors(fn: F) -> F:
    """Turn library errors into ``Error: …`` and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputError as e:
            click.echo(
                f"Error: {e.problems[0]}" if len(e.problems) == 1 else f"Error: {e}", err=True
            )
            sys.exit(1)
        except AssistgraphError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def store_option(fn: F) -> F:
    return click.option(
        "--store",
        "store",
        metavar="URI|PATH",
        envvar=None,
        help="Neo4j URI (bolt://, neo4j://, neo4j+s://) or embedded store file. "
        "Default: $NEO4J_URI if set, else $ASSISTGRAPH_STORE, else "
        "~/.local/share/assistgraph/graph.lbug.",
    )(fn)


def format_option(fn: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(fn)


def settings_for(store: str | None) -> Settings:
    """Settings from ``--store`` and the environment, prompting for a Neo4j password."""
    settings = Settings.from_env(store)
    if settings.kind == "neo4j" and settings.password is None:
        if sys.stdin.isatty():
            pw = click.prompt(f"Neo4j password for {settings.username}", hide_input=True, err=True)
            settings = settings.with_password(pw)
        else:
            msg = "set NEO4J_PASSWORD to connect to Neo4j"
            raise click.UsageError(msg)
    return settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="assistgraph")
def cli() -> None:
    """assistgraph — the five assistance forces and the 39 counties as a graph.

    \b
    Load a dataset, then ask where assistance is missing or piles up:
      assistgraph load examples/sichuan
      assistgraph gaps
      assistgraph cypher "MATCH (c:County) RETURN c.name_zh, c.name_en LIMIT 5"

    The store is the embedded file (~/.local/share/assistgraph/graph.lbug) unless
    --store or NEO4J_URI names a Neo4j server.
    """


@cli.command()
@click.argument("source", type=click.Path(exists=True))
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
def validate(source: str, encoding: str | None, fmt: str) -> None:
    """Check a dataset folder (CSV) or .xlsx workbook without loading it.

    Every problem is printed as table:row:column: message; the exit code is 1
    if there is any.

    \b
    Example:
      assistgraph validate examples/sichuan
    """
    from .validate import read_and_validate

    try:
        ds = read_and_validate(source, encoding=encoding)
    except InputError as e:
        click.echo(str(e), err=True)
        sys.exit(1)
    counts = ds.counts()
    click.echo(render(["table", "rows"], sorted(counts.items()), fmt))
    if fmt == "table":
        click.echo(f"OK: {sum(counts.values())} rows in {len(counts)} tables are valid.")


@cli.command()
@click.argument("source", type=click.Path(exists=True))
@store_option
@click.option("--replace", is_flag=True, help="Empty the store's graph first.")
@click.option("--encoding", help="Encoding of the CSV files (default: UTF-8, else GB18030).")
@format_option
@_errors
def load(source: str, store: str | None, replace: bool, encoding: str | None, fmt: str) -> None:
    """Validate a dataset and load it into the store (idempotent upsert).

    Nothing is written unless the whole dataset is valid.

    \b
    Examples:
      assistgraph load examples/sichuan
      assistgraph load data.xlsx --store bolt://127.0.0.1:7687
      assistgraph load exported_gbk/ --encoding gb18030 --replace
    """
    from .load import load_dataset, total_rows
    from .validate import read_and_validate

    ds = read_and_validate(source, encoding=encoding)
    settings = settings_for(store)
    total = total_rows(ds)
    tty = sys.stderr.isatty()
    with click.progressbar(length=total, label="Loading", file=sys.stderr, hidden=not tty) as bar:
        summary = load_dataset(ds, settings, replace=replace, progress=bar.update)
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


@cli.command()
@store_option
@format_option
@_errors
def info(store: str | None, fmt: str) -> None:
    """Show what the store holds: nodes per label, relationships per type.

    \b
    Example:
      assistgraph info --format json
    """
    from .store import open_store

    with open_store(settings_for(store)) as st:
        counts = st.counts()
    if fmt == "json":
        click.echo(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    rows = [("node", k, v) for k, v in counts["nodes"].items()] + [
        ("relationship", k, v) for k, v in counts["relationships"].items()
    ]
    click.echo(render(["kind", "name", "count"], rows, fmt))


def _param(values: tuple[str, ...]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            msg = f"expected key=value, got {item!r}"
            raise click.BadParameter(msg, param_hint="--param")
        try:
            params[key] = json.loads(raw)
        except json.JSONDecodeError:
            params[key] = raw
    return params


@cli.command()
@click.argument("query", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=click.File("r", encoding="utf-8"),
    help="Read the statement from a file.",
)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter (JSON if it parses, else a string). Repeatable.",
)
@click.option("--write", is_flag=True, help="Allow statements that write.")
@store_option
@format_option
@_errors
def cypher(
    query: str | None, file: Any, params: tuple[str, ...], write: bool, store: str | None, fmt: str
) -> None:
    """Run a Cypher statement; read-only unless --write.

    \b
    Examples:
      assistgraph cypher "MATCH (c:County) RETURN c.id, c.name_zh LIMIT 5"
      assistgraph cypher "MATCH (c:County {id: \\$id}) RETURN c" --param id=513431
      assistgraph cypher -f my.cypher --format json
    """
    from .store import open_store

    text = file.read() if file else query
    if not text:
        msg = "give a QUERY or -f FILE"
        raise click.UsageError(msg)
    with open_store(settings_for(store), write=write) as st:
        result = st.query(text, _param(params), write=write)
    click.echo(render(result.columns, result.rows, fmt))


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="assistgraph")
