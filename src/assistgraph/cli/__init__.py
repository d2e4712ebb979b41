"""The ``assistgraph`` command: thin shells over the library.

Commands live in small modules by the data's path: ``_data`` (validate, load,
info, synth), ``_query`` (cypher, shell), ``_analysis`` (gaps, concentration,
chains, match, scorecard) and ``_render`` (view, report).

Each command builds settings, calls one library function and formats the
result; every failure becomes ``Error: …`` with exit code 1 and no traceback
(:func:`fail`, the one boundary; library errors get their flag hints there).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from ..errors import AssistgraphError, InputError
from ..i18n import N_, _
from ..output import FORMATS
from ..settings import Settings
from ..version import __version__
from ._lang import LangGroup, click_in_the_catalog

F = TypeVar("F", bound=Callable[..., Any])


def message(e: BaseException) -> str:
    """The one-line text of an error for people at the command line (no ``Error:``)."""
    from ..errors import QueryTimeout, WriteRefused

    if isinstance(e, InputError):
        return str(e.problems[0]) if len(e.problems) == 1 else str(e)
    if isinstance(e, WriteRefused):
        return _("{error}; add --write to allow it", error=e)
    if isinstance(e, QueryTimeout):
        return _("{error} (--timeout)", error=e)
    if isinstance(e, AssistgraphError):
        return str(e)
    if isinstance(e, OSError):
        what = e.strerror or str(e)
        if e.filename:
            return _("{file}: {error}", file=e.filename, error=what)
        return _("cannot write the output: {error}", error=what)
    if isinstance(e, MemoryError):
        return _("out of memory")
    if isinstance(e, RecursionError):
        return _("input nested too deeply")
    return _(
        "unexpected {kind}: {error} (run with ASSISTGRAPH_DEBUG=1 for details)",
        kind=type(e).__name__,
        error=e,
    )


def fail(e: BaseException) -> NoReturn:
    """Print ``Error: …`` for any failure and exit 1: the command line's one boundary."""
    import os

    if os.environ.get("ASSISTGRAPH_DEBUG") == "1" and not isinstance(e, AssistgraphError):
        raise e
    if isinstance(e, OSError):
        _silence_stdout()  # the output may be what failed: nothing more goes there
    with contextlib.suppress(OSError):
        click.echo(_("Error: {message}", message=message(e)), err=True)
    if getattr(e, "fatal", False):  # the engine cannot be stopped: end the process now
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.flush()
        os._exit(1)
    sys.exit(1)


def _silence_stdout() -> None:
    """Point stdout at the null device, so that exiting does not flush into the failure."""
    import os

    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):
        return  # not a real file (a test runner's buffer)
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


def handle_errors(fn: F) -> F:
    """Kept for the commands' modules: the group (:class:`_Group`) catches every failure."""
    return fn


click_in_the_catalog()


class _Group(LangGroup):
    """The command group: every failure of a command ends as ``Error: …`` and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (SystemExit, KeyboardInterrupt, GeneratorExit):
            raise
        except BaseException as e:  # the boundary: nothing escapes as a traceback
            fail(e)


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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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


def programme_graph_of(store: str | None) -> Any:
    """Open the store read-only and return its graph (cached per store state)."""
    from ..jobs import programme_graph
    from ..store import open_store

    with open_store(settings_for(store)) as st:
        return programme_graph(st)


def main() -> None:
    """Entry point of the console script."""
    from ..process import finish, one_command

    one_command()  # one command, one graph: see assistgraph.process
    try:
        cli(prog_name="assistgraph")
    except SystemExit as e:  # click ends every command so, status in e.code
        finish(e.code)
    finish(0)


# Register the commands (they import the group above).
from . import (  # noqa: E402
    _analysis,
    _data,
    _exchange,
    _query,
    _render,
)

__all__ = [
    "_analysis",
    "_data",
    "_exchange",
    "_query",
    "_render",
    "cli",
    "handle_errors",
    "main",
    "programme_graph_of",
]
