"""Ad-hoc Cypher: the cypher and shell commands."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..i18n import N_, _
from ..output import render
from . import cli, format_option, handle_errors, settings_for, store_option


def _param(values: tuple[str, ...]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            msg = _("expected key=value, got {item!r}", item=item)
            raise click.BadParameter(msg, param_hint="--param")
        try:
            params[key] = json.loads(raw)
        except json.JSONDecodeError:
            params[key] = raw
    return params


WRITE_HELP = N_("Allow statements that write.")
TIMEOUT_HELP = N_("Stop a statement that runs longer than this.")


def list_saved_queries(fmt: str) -> str:
    """The saved-query library as text: names and descriptions (and parameters)."""
    from .. import queries

    library = queries.saved_queries()
    if fmt == "table":
        return queries.listing(library)
    rows = [(q.name, _(q.description), "; ".join(map(str, q.params))) for q in library]
    headers = [_("name"), _("description"), _("params")]
    return render(["name", "description", "params"], rows, fmt, headers=headers)


@cli.command()
@click.argument("query", required=False)
@click.option(
    "-f",
    "--file",
    "file",
    type=click.File("r", encoding="utf-8"),
    help=N_("Read the statement from a file."),
)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help=N_(
        "A query parameter (JSON if it parses, else a string; for --saved, converted "
        "to the type the query declares). Repeatable."
    ),
)
@click.option("--saved", metavar="NAME", help=N_("Run a saved query of the library (see --list)."))
@click.option("--list", "list_saved", is_flag=True, help=N_("List the saved queries and exit."))
@click.option("--write", is_flag=True, help=WRITE_HELP)
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help=N_("Print at most N rows."))
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help=TIMEOUT_HELP,
)
@store_option
@format_option
@handle_errors
def cypher(
    query: str | None,
    file: Any,
    params: tuple[str, ...],
    saved: str | None,
    list_saved: bool,
    write: bool,
    limit: int | None,
    timeout: float | None,
    store: str | None,
    fmt: str,
) -> None:
    """Run a Cypher statement or a saved query; read-only unless --write.

    The same Neo4j Cypher runs on both stores (the embedded store translates it,
    or refuses with a reason what it cannot translate). Values travel as
    parameters, never inside the statement text.

    \b
    Examples:
      assistgraph cypher "MATCH (c:County) RETURN c.id, c.name_zh LIMIT 5"
      assistgraph cypher "MATCH (c:County {id: \\$id}) RETURN c" --param id=513431
      assistgraph cypher -f my.cypher --format json --timeout 30
      assistgraph cypher --list
      assistgraph cypher --saved overdue-tasks --param as_of=2025-06-30
    """
    from .. import queries
    from ..jobs import forget_graphs
    from ..store import open_store

    if list_saved:
        click.echo(list_saved_queries(fmt))
        return
    if sum(x is not None for x in (query, file, saved)) != 1:
        msg = _("give exactly one of QUERY, -f FILE or --saved NAME (or --list)")
        raise click.UsageError(msg)
    if saved is not None:
        sq = queries.load_query(saved)
        bound = sq.bind(queries.parse_params(params, typed=False))
        with open_store(settings_for(store)) as st:
            result = st.query(sq.text, bound, timeout=timeout)
    else:
        text = file.read() if file else query
        if not text or not text.strip():
            msg = _("the statement is empty")
            raise click.UsageError(msg)
        with open_store(settings_for(store), write=write) as st:
            try:
                result = st.query(text, _param(params), write=write, timeout=timeout)
            finally:
                if write:  # the graph may have changed in ways the store's key cannot see
                    forget_graphs(st)
    for warning in result.warnings:
        click.echo(_("warning: {message}", message=warning), err=True)
    rows = result.rows if limit is None else result.rows[:limit]
    click.echo(render(result.columns, rows, fmt))
    if len(rows) < len(result.rows):
        note = _("(first {n} of {total} rows; --limit)", n=len(rows), total=len(result.rows))
        click.echo(note, err=True)


@cli.command()
@store_option
@click.option("--write", is_flag=True, help=WRITE_HELP)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help=TIMEOUT_HELP,
)
@format_option
@handle_errors
def shell(store: str | None, write: bool, timeout: float | None, fmt: str) -> None:
    """Explore a store interactively: type Cypher, end each statement with ';'.

    Statements may span several lines; history is kept between sessions. Type
    :help for the commands (:saved, :run NAME key=value, :param, :format, :quit).
    Read from a pipe, it runs the statements and exits 1 if any failed.

    \b
    Examples:
      assistgraph shell
      assistgraph shell --store bolt://127.0.0.1:7687 --format markdown
      echo "MATCH (c:County) RETURN count(c) AS n;" | assistgraph shell
    """
    from ..jobs import forget_graphs
    from ..process import one_command
    from ..shell import Shell
    from ..store import open_store

    one_command(False)  # a session that may last hours, not one command
    with open_store(settings_for(store), write=write) as st:
        try:
            code = Shell(st, write=write, timeout=timeout, fmt=fmt).run()
        finally:
            if write:
                forget_graphs(st)
    sys.exit(code)
