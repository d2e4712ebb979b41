"""``--lang`` on the group and on every command, and ``--help`` in the chosen language.

The help texts stay English in the code (they are the gettext message ids);
:class:`LangCommand` translates a command's help, its options' help and
click's own headings when it formats them. ``assistgraph --lang zh CMD`` and
``assistgraph CMD --lang zh`` both work; ``--lang`` is read before ``--help``
wherever it stands.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click
import wcwidth

from ..i18n import N_, _, available_languages, gettext, ngettext, set_language, translation
from ..output import width

LANG_HELP = N_(
    "Language of messages, tables and pages: zh or en. "
    "Default: $ASSISTGRAPH_LANG, else the locale (LANG), else en."
)
# click's own texts that show in --help (click translates them with its own domain)
CLICK_TEXTS = (
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    # click's own error texts (see click_in_the_catalog)
    N_("Try '{command} {option}' for help."),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Missing command."),
    N_("Aborted!"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is a file."),
    N_("file"),
    N_("directory"),
    N_("path"),
)


def _click_gettext(message: str) -> str:
    return gettext(message)


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    return translation().ngettext(singular, plural, n)


def _click_plurals() -> None:  # pragma: no cover - never called: marks click's plural texts
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1)


def click_in_the_catalog() -> None:
    """Let click's own messages ("Error: …", "Try '… --help' for help.", "Invalid value
    for …") come from this package's catalog, in the language chosen by ``--lang``.

    click looks its texts up with the standard library's ``gettext.gettext`` (a name
    bound in each of its modules), which reads the process locale, not ``--lang``;
    the texts listed in :data:`CLICK_TEXTS` are in the catalog, others stay English.
    """
    import gettext as stdlib_gettext

    import click.core
    import click.exceptions
    import click.parser
    import click.types

    for module in (click.core, click.exceptions, click.parser, click.types):
        if getattr(module, "_", None) is stdlib_gettext.gettext:
            module._ = _click_gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is stdlib_gettext.ngettext:
            module.ngettext = _click_ngettext  # type: ignore[attr-defined]


def _set(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None or isinstance(ctx.command, click.Group):
        set_language(value)  # the group resets to the environment's when not given


class Languages(click.Choice):  # type: ignore[type-arg]
    """The languages that have a catalog, looked up when used (a new catalog needs no code)."""

    def __init__(self) -> None:
        super().__init__((), case_sensitive=False)

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        return available_languages()

    @choices.setter
    def choices(self, value: Any) -> None:
        pass


def lang_option() -> click.Option:
    return click.Option(
        ["--lang"],
        type=Languages(),
        expose_value=False,
        is_eager=True,
        callback=_set,
        help=LANG_HELP,
    )


def _lang_in(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` among ``args`` (before ``--``), if any."""
    for i, a in enumerate(args):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--lang="):
            return a.partition("=")[2]
    return None


def short_help(text: str, limit: int = 45) -> str:
    """The first sentence of ``text``, cut with … to ``limit`` display columns."""
    first = inspect.cleandoc(text).split("\n\n")[0].replace("\n", " ")
    for stop in ("。", ". "):
        if stop in first:
            first = first.split(stop)[0] + ("。" if stop == "。" else ".")
            break
    if width(first) <= limit:
        return first
    out = ""
    for ch in first:
        if width(out + ch) > limit - 1:
            break
        out += ch
    return out.rstrip() + "…"


def _join(lines: list[str]) -> str:
    """Lines of one paragraph as one: a space between words, none between CJK characters."""
    out = ""
    for ln in (x.strip() for x in lines):
        wide = out and (width(out[-1]) == 2 or width(ln[:1]) == 2)
        out = ln if not out else out + ("" if wide else " ") + ln
    return out


def wrap_help(text: str, limit: int, indent: str = "") -> list[str]:
    """``text`` wrapped by display width; a paragraph after a ``\\b`` line is kept as is."""
    out: list[str] = []
    for para in text.split("\n\n"):
        lines = para.splitlines()
        if not lines:
            continue
        if out:
            out.append("")
        if lines[0].strip() == "\b":
            out += [indent + ln for ln in lines[1:]]
        else:
            room = max(limit - width(indent), 10)
            out += [indent + ln for ln in wcwidth.wrap(_join(lines), room)]
    return out


class WideFormatter(click.HelpFormatter):
    """click's help layout, with line widths measured in display columns (CJK = 2)."""

    def write_text(self, text: str) -> None:
        self.write("\n".join(wrap_help(text, self.width, " " * self.current_indent)) + "\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((width(a) for a, _b in rows), default=0), col_max) + col_spacing
        pad = " " * self.current_indent
        for first, second in rows:
            self.write(f"{pad}{first}")
            if not second:
                self.write("\n")
                continue
            if width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_help(second, max(self.width - first_col - 2 - self.current_indent, 10))
            self.write((lines[0] if lines else "") + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")


class LangContext(click.Context):
    formatter_class = WideFormatter


class LangCommand(click.Command):
    """A command with ``--lang`` whose help is shown in the chosen language."""

    context_class = LangContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not any(p.name == "lang" for p in self.params):  # view/report have their own
            self.params.append(lang_option())

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        lang = _lang_in(args)
        if lang is not None and lang.lower() in available_languages():
            set_language(lang)  # before an eager --help that stands before --lang
        return super().parse_args(ctx, args)

    @contextmanager
    def _translated(self, ctx: click.Context) -> Iterator[None]:
        saved: list[tuple[Any, str, Any]] = [(self, "help", self.help)]
        self.help = _(inspect.cleandoc(self.help)) if self.help else self.help
        for p in self.get_params(ctx):
            text = getattr(p, "help", None)
            if text:
                saved.append((p, "help", text))
                p.help = _(text)  # type: ignore[attr-defined]
        try:
            yield
        finally:
            for obj, attr, value in saved:
                setattr(obj, attr, value)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with self._translated(ctx):
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        prefix = _("Usage:")
        prefix += " " if width(prefix[-1]) == 1 else ""  # no space after a full-width colon
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        opts = [
            rv
            for p in self.get_params(ctx)
            if isinstance(p, click.Option) and (rv := p.get_help_record(ctx))
        ]
        if opts:
            with formatter.section(_("Options")):
                formatter.write_dl(opts)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return _(self.short_help)
        return short_help(_(inspect.cleandoc(self.help)), limit) if self.help else ""


class LangGroup(LangCommand, click.Group):
    """The ``assistgraph`` group: its commands are :class:`LangCommand`\\ s."""

    command_class = LangCommand

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(60)))
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)
