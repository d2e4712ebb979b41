"""The HTML commands: view and report."""

from __future__ import annotations

from typing import Any

import click

from ..schema import FORCES
from . import F, _errors, _export_graph, cli, store_option

# -- views and report ----------------------------------------------------------


def _lang_option(fn: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=None,
        callback=_page_lang,
        help="Language the page opens in (it switches without reloading) and of the "
        "messages. Default: $ASSISTGRAPH_LANG, else the locale (LANG), else en.",
    )(fn)


def _page_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    from ..i18n import get_language, set_language

    if value is not None:
        set_language(value)
    return value or ("zh" if get_language() == "zh" else "en")


def _html_output(fn: F) -> F:
    return click.option(
        "-o",
        "--output",
        required=True,
        type=click.Path(dir_okay=False),
        metavar="FILE.html",
        help="The HTML file to write (one self-contained page; opens offline).",
    )(fn)


def _check_html(output: str) -> None:
    if not output.lower().endswith((".html", ".htm")):
        msg = f"the page is HTML: give a file name ending in .html, got {output!r}"
        raise click.BadParameter(msg, param_hint="-o/--output")


def _analysis_options(fn: F) -> F:
    fn = click.option(
        "--targets",
        "targets_file",
        type=click.Path(exists=True, dir_okay=False),
        help="Programme targets (TOML). Default: the 2024 plan.",
    )(fn)
    fn = click.option("--year", type=int, help="Only this year (gaps and funding).")(fn)
    return click.option(
        "--as-of",
        "as_of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help="Analysis date for overdue tasks, YYYY-MM-DD (default: today).",
    )(fn)


@cli.command()
@click.option("--county", multiple=True, metavar="ID|NAME", help="Around this county. Repeatable.")
@click.option(
    "--prefecture", multiple=True, metavar="ID|NAME", help="Around this prefecture's counties."
)
@click.option("--industry", multiple=True, metavar="ID|NAME", help="Around this industry.")
@click.option("--provider", multiple=True, metavar="ID|NAME", help="Around this provider.")
@click.option(
    "--force",
    multiple=True,
    type=click.Choice(FORCES),
    help="Around this force's providers (with other options: only its providers).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Steps from the chosen nodes.",
)
@click.option(
    "--highlight",
    type=click.Choice(["gaps"]),
    help="Mark counties by the number and severity of their gaps.",
)
@_lang_option
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=2000,
    show_default=True,
    help="Aggregate larger views (with a note saying so).",
)
@_analysis_options
@_html_output
@store_option
@_errors
def view(
    county: tuple[str, ...],
    prefecture: tuple[str, ...],
    industry: tuple[str, ...],
    provider: tuple[str, ...],
    force: tuple[str, ...],
    depth: int,
    highlight: str | None,
    lang: str,
    max_nodes: int,
    as_of: Any,
    year: int | None,
    targets_file: str | None,
    output: str,
    store: str | None,
) -> None:
    """Write an interactive graph view: one HTML file that opens offline.

    Colour by label and force, size by funding, width by amount, dashed lines
    for illustrative or low-confidence facts; search, filters and a legend.

    \b
    Examples:
      assistgraph view -o graph.html
      assistgraph view --county 513431 --depth 1 --highlight gaps -o county.html
      assistgraph view --force east_west --lang en -o east-west.html
    """
    from ..render import render_view
    from ..targets import Targets

    _check_html(output)
    v = render_view(
        _export_graph(store),
        county=county or None,
        prefecture=prefecture or None,
        industry=industry or None,
        provider=provider or None,
        force=force or None,
        depth=depth,
        highlight=highlight,
        lang=lang,
        max_nodes=max_nodes,
        targets=Targets.from_toml(targets_file) if targets_file else None,
        as_of=as_of.date() if as_of else None,
        year=year,
    )
    path = v.write(output)
    click.echo(f"Wrote {path}: {v.n_nodes} nodes, {v.n_edges} relationships.")
    if v.data.note:
        click.echo(v.data.note[1], err=True)


@cli.command()
@_lang_option
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=15,
    show_default=True,
    help="Match proposals to list.",
)
@click.option(
    "--target-year",
    type=click.IntRange(1900, 2999),
    help="Year by which every county's score should reach 100: adds the pace to the "
    "scorecard (default: target_year in the targets' [scorecard] table).",
)
@_analysis_options
@_html_output
@store_option
@_errors
def report(
    lang: str,
    top: int,
    target_year: int | None,
    as_of: Any,
    year: int | None,
    targets_file: str | None,
    output: str,
    store: str | None,
) -> None:
    """Write the assessment report: one HTML file to send as an attachment.

    Headline figures, the scorecard (counties ranked, yearly sparklines, the
    breakdown on click), gaps, coverage heatmaps, concentration (Lorenz curve,
    HHI), chain completeness, match proposals and graph views; 中文/English switch.

    \b
    Examples:
      assistgraph report -o report.html
      assistgraph report --targets examples/sichuan/targets.toml --as-of 2025-06-30 -o r.html
      assistgraph report --target-year 2027 -o r.html
    """
    from ..render import render_report
    from ..render._html import write_page
    from ..targets import Targets

    _check_html(output)
    html = render_report(
        _export_graph(store),
        targets=Targets.from_toml(targets_file) if targets_file else None,
        as_of=as_of.date() if as_of else None,
        year=year,
        lang=lang,
        top=top,
        target_year=target_year,
    )
    path = write_page(output, html)
    click.echo(f"Wrote {path} ({len(html.encode('utf-8')) / 1e6:.1f} MB).")
