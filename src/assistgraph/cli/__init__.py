"""The ``assistgraph`` command: thin shells over the library.

Commands live in small modules by the data's path: ``_data`` (validate, load,
info, synth), ``_query`` (cypher, shell), ``_analysis`` (gaps, concentration,
chains, match, scorecard) and ``_render`` (view, report).

Each command builds settings, calls one library function and formats the
result; library errors become ``Error: …`` with exit code 1 and no traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import AssistgraphError, InputError
from ..i18n import N_, _
from ..output import FORMATS
from ..settings import Settings
from ..version import __version__
from ._lang import LangGroup

F = TypeVar("F", bound=Callable[..., Any])


def _errors(fn: F) -> F:
    """Turn library errors into ``Error: …`` and exit code 1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputError as e:
            text = str(e.problems[0]) if len(e.problems) == 1 else str(e)
            click.echo(_("Error: {message}", message=text), err=True)
            sys.exit(1)
        except AssistgraphError as e:
            click.echo(_("Error: {message}", message=e), err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def store_option(fn: F) -> F:
    return click.option(
        "--store",
        "store",
        metavar="URI|PATH",
        envvar=None,
        help=N_(
            "Neo4j URI (bolt://, neo4j://, neo4j+s://) or embedded store file. "
            "Default: $NEO4J_URI if set, else $ASSISTGRAPH_STORE, else "
            "~/.local/share/assistgraph/graph.lbug."
        ),
    )(fn)


def format_option(fn: F) -> F:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help=N_("Output format."),
    )(fn)


def settings_for(store: str | None) -> Settings:
    """Settings from ``--store`` and the environment, prompting for a Neo4j password."""
    settings = Settings.from_env(store)
    if settings.kind == "neo4j" and settings.password is None:
        if sys.stdin.isatty():
            prompt = _("Neo4j password for {user}", user=settings.username)
            pw = click.prompt(prompt, hide_input=True, err=True)
            settings = settings.with_password(pw)
        else:
            msg = _("set NEO4J_PASSWORD to connect to Neo4j")
            raise click.UsageError(msg)
    return settings


@click.group(cls=LangGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="assistgraph", help=N_("Show the version and exit."))
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
    import logging

    # the driver logs every server notification as a long object dump; the commands
    # print the statement's warnings themselves, one line each (QueryResult.warnings)
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)


def _export_graph(store: str | None) -> Any:
    """Open the store read-only and return its graph (cached per store state)."""
    from ..jobs import programme_graph
    from ..store import open_store

    with open_store(settings_for(store)) as st:
        return programme_graph(st)


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="assistgraph")


# Register the commands (they import the group above).
from . import _analysis, _data, _query, _render  # noqa: E402

__all__ = ["_analysis", "_data", "_query", "_render", "cli", "main"]
