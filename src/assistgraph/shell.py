"""``assistgraph shell``: an interactive Cypher prompt over one open store.

Statements may span several lines and end with ``;``. Lines starting with ``:``
are shell commands (``:help`` lists them). On a terminal the prompt has line
editing and a history kept between sessions (``readline``); read from a pipe
it prints only results and errors, and :meth:`Shell.run` returns 1 if any
statement failed, so ``assistgraph shell < script.cypher`` works in scripts.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import queries
from .cli import message
from .errors import AssistgraphError
from .i18n import N_, _, ngettext
from .output import FORMATS, render

if TYPE_CHECKING:
    from .store.base import QueryResult, Store

__all__ = ["Shell", "history_path", "split_statements"]

PROMPT = "assistgraph> "
MORE = "         ...> "
HELP = N_("""\
Type Cypher and end it with ';' (it may span several lines). Commands:
  :saved                     list the saved queries
  :run NAME [key=value ...]  run a saved query
  :param key=value           set a parameter ($key) for the following statements
  :param key                 forget a parameter;  :params  shows them all
  :format table|csv|json|markdown
  :timeout SECONDS|off       stop statements that run longer
  :labels                    node labels and relationship types of the graph
  :help                      this text
  :quit                      leave (or Ctrl-D)""")


def history_path() -> Path:
    """Where the history is kept: ``$ASSISTGRAPH_HISTORY`` or the user data folder."""
    env = os.environ.get("ASSISTGRAPH_HISTORY")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or "~/.local/share"
    return Path(base).expanduser() / "assistgraph" / "shell_history"


def split_statements(text: str) -> tuple[list[str], str]:
    """Split ``text`` at top-level ``;`` into complete statements and the unfinished rest.

    Semicolons inside strings, backticked names and comments do not count.

    >>> split_statements("RETURN ';' AS s; MATCH (n)\\n")
    (["RETURN ';' AS s"], ' MATCH (n)\\n')
    """
    done: list[str] = []
    start, i, n = 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            i += 1
            while i < n and text[i] != ch:
                i += 2 if text[i] == "\\" and ch != "`" else 1
        elif text.startswith("//", i):
            nl = text.find("\n", i)
            i = n if nl < 0 else nl
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 1
        elif ch == ";":
            stmt = text[start:i].strip()
            if stmt:
                done.append(stmt)
            start = i + 1
        i += 1
    return done, text[start:]


class Shell:
    """A read–eval–print loop over ``store``.

    ``stdin``/``stdout``/``stderr`` default to the process streams; the prompt,
    line editing and history are used only when ``stdin`` is a terminal.
    """

    def __init__(
        self,
        store: Store,
        *,
        write: bool = False,
        timeout: float | None = None,
        fmt: str = "table",
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
    ) -> None:
        self.store = store
        self.write = write
        self.timeout = timeout
        self.fmt = fmt
        self.params: dict[str, Any] = {}
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.interactive = self.stdin.isatty()
        self.failed = False

    # -- output ----------------------------------------------------------------
    def say(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)

    def error(self, text: str) -> None:
        self.failed = True
        print(_("Error: {message}", message=text), file=self.stderr, flush=True)

    def show(self, result: QueryResult, seconds: float) -> None:
        for warning in result.warnings:
            print(_("warning: {message}", message=warning), file=self.stderr, flush=True)
        if result.columns:
            self.say(render(result.columns, result.rows, self.fmt))
        if self.interactive:
            n = len(result.rows)
            self.say(
                ngettext(
                    "({n} row, {seconds:.3f} s)", "({n} rows, {seconds:.3f} s)", n, seconds=seconds
                )
            )
        elif self.fmt == "table":
            self.say("")

    # -- input -----------------------------------------------------------------
    def _lines(self) -> Iterator[str]:
        if not self.interactive:
            yield from (line.rstrip("\n") for line in self.stdin)
            return
        with self._history():
            more = False
            while True:
                try:
                    line = input(MORE if more else PROMPT)
                except EOFError:
                    self.say("")
                    return
                except KeyboardInterrupt:
                    self.say("^C")
                    yield "\x03"  # tells run() to drop the unfinished statement
                    more = False
                    continue
                yield line
                more = self._pending

    @contextlib.contextmanager
    def _history(self) -> Iterator[None]:
        try:
            import readline
        except ImportError:  # no readline (e.g. Windows): plain input()
            yield
            return
        path = history_path()
        with contextlib.suppress(OSError):
            readline.read_history_file(path)
        readline.set_history_length(1000)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                path.parent.mkdir(parents=True, exist_ok=True)
                readline.write_history_file(path)

    # -- loop ------------------------------------------------------------------
    def run(self) -> int:
        """Read and run statements until ``:quit`` or end of input; return the exit code."""
        if self.interactive:
            self.say(
                _(
                    "assistgraph shell on {location}. Type :help for help.",
                    location=self.store.location,
                )
            )
        buffer = ""
        self._pending = False
        for line in self._lines():
            if line == "\x03":
                buffer, self._pending = "", False
                continue
            if not buffer.strip() and line.strip().startswith(":"):
                if not self.command(line.strip()):
                    return self._code()
                continue
            if not buffer.strip() and line.strip().lower() in ("exit", "quit", "help"):
                if not self.command(":" + line.strip().lower()):
                    return self._code()
                continue
            buffer += line + "\n"
            statements, buffer = split_statements(buffer)
            for stmt in statements:
                self.execute(stmt)
            self._pending = bool(buffer.strip())
        if buffer.strip():  # the last statement may omit its ';'
            self.execute(buffer.strip())
        return self._code()

    def _code(self) -> int:
        return 1 if self.failed and not self.interactive else 0

    def execute(self, statement: str, params: dict[str, Any] | None = None) -> None:
        """Run one statement and print its rows, or the error."""
        start = time.perf_counter()
        try:
            result = self.store.query(
                statement,
                self.params if params is None else params,
                write=self.write,
                timeout=self.timeout,
            )
        except AssistgraphError as e:
            if getattr(e, "fatal", False):
                raise  # the engine is stuck: the command line ends the process
            self.error(message(e))
            return
        except KeyboardInterrupt:
            self.error(_("interrupted"))
            return
        self.show(result, time.perf_counter() - start)

    def command(self, line: str) -> bool:
        """Run a ``:command``; return False to leave the shell."""
        name, _sep, rest = line[1:].partition(" ")
        name, rest = name.lower(), rest.strip()
        if name in ("quit", "exit", "q"):
            return False
        try:
            if name in ("help", "h", "?"):
                self.say(_(HELP))
            elif name == "saved":
                self.say(queries.listing(queries.saved_queries()))
            elif name == "run":
                self._run_saved(rest)
            elif name == "param":
                self._param(rest)
            elif name == "params":
                rows = sorted(self.params.items())
                headers = [_("param"), _("value")]
                table = render(["param", "value"], rows, self.fmt, headers=headers)
                self.say(table if rows else _("(no parameters)"))
            elif name == "format":
                if rest not in FORMATS:
                    formats = ", ".join(FORMATS)
                    self.error(
                        _(
                            "unknown format {name!r}; use one of {formats}",
                            name=rest,
                            formats=formats,
                        )
                    )
                else:
                    self.fmt = rest
            elif name == "timeout":
                self._set_timeout(rest)
            elif name == "labels":
                from . import schema

                self.say(_("nodes: {labels}", labels=", ".join(schema.NODE_LABELS)))
                self.say(_("relationships: {types}", types=", ".join(schema.REL_TYPES)))
            else:
                self.error(_("unknown command :{name}; type :help", name=name))
        except AssistgraphError as e:
            self.error(message(e))
        return True

    def _run_saved(self, rest: str) -> None:
        if not rest:
            self.error(_("give a saved query's name: :run NAME [key=value ...] (see :saved)"))
            return
        name, *items = rest.split()
        sq = queries.load_query(name)
        declared = {p.name for p in sq.params}
        given = {k: v for k, v in self.params.items() if k in declared}
        given.update(queries.parse_params(items, typed=False))
        self.execute(sq.text, sq.bind(given))

    def _param(self, rest: str) -> None:
        if "=" not in rest:
            if not rest:
                self.error(_("use :param key=value (or :param key to forget it)"))
            else:
                self.params.pop(rest, None)
            return
        self.params.update(queries.parse_params([rest]))

    def _set_timeout(self, rest: str) -> None:
        if rest.lower() in ("off", "0", "none"):
            self.timeout = None
            return
        try:
            value = float(rest)
        except ValueError:
            value = -1.0
        if value <= 0:
            self.error(_("expected a number of seconds or 'off', got {value!r}", value=rest))
            return
        self.timeout = value
