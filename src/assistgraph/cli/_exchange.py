"""Commands that move data in and out: template, export, diff."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..exchange import EXPORT_FORMATS
from ..i18n import N_, _
from ..output import json_text
from . import cli, format_option, handle_errors, settings_for, store_option

#: the diff table's column headers (the columns keep their English names in csv and json)
DIFF_HEADERS = {
    "section": N_("section"),
    "change": N_("change"),
    "what": N_("what"),
    "old": N_("old"),
    "new": N_("new"),
}


def _roster_graph(store: str | None, county: str | None) -> tuple[Any, str]:
    """The store's graph for the template's ids, or None (the example's ids are used)."""
    from ..errors import StoreError
    from ..jobs import programme_graph
    from ..store import open_store

    try:
        with open_store(settings_for(store)) as st:
            return programme_graph(st), st.location
    except StoreError:
        if county:
            raise
        return None, ""


@cli.command()
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False))
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Headers, instructions and dropdown words in Chinese or English.",
)
@click.option("--county", metavar="ID|NAME", help="Pre-fill this county's rows from the store.")
@store_option
@handle_errors
def template(out: str, lang: str, county: str | None, store: str | None) -> None:
    """Write an Excel workbook for a county task force to fill in.

    One sheet per table with headers 'load' accepts, a 说明 (instructions) sheet,
    dropdowns for allowed values and for the ids of counties, providers and
    industries (from the store when one is loaded, else the Sichuan example),
    a protected header row and one example row ('load' skips it).

    \b
    Examples:
      assistgraph template -o 任务清单模板.xlsx
      assistgraph template -o 513337.xlsx --county 513337
      assistgraph template -o template-en.xlsx --lang en
    """
    from ..exchange.tables import graph_tables
    from ..exchange.template import TemplateIds, county_rows, example_ids, write_template
    from ..graph import facts, resolve_ids

    G, where = _roster_graph(store, county)
    rows = None
    if G is not None:
        tables = graph_tables(G)
        ids = TemplateIds.from_tables(tables, where)
        if county:
            (cid,) = resolve_ids(facts(G), "County", county, "county") or {county}
            rows = county_rows(tables, cid)
    else:
        ids = example_ids()
    filled = write_template(out, lang=lang, ids=ids, rows=rows)
    n = sum(filled.values())
    origin = ids.origin or _("nowhere")
    if county:
        text = _(
            "Wrote {out}: {sheets} sheets, ids from {origin}, {n} rows of county {county} "
            "pre-filled.",
            out=out,
            sheets=len(filled),
            origin=origin,
            n=n,
            county=county,
        )
    else:
        text = _(
            "Wrote {out}: {sheets} sheets, ids from {origin}.",
            out=out,
            sheets=len(filled),
            origin=origin,
        )
    click.echo(text)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    required=True,
    help="xlsx/csv: contract tables (load again unchanged); graphml/gexf: Gephi, yEd; "
    "json: node-link.",
)
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(),
    help="File to write (a folder for csv).",
)
@click.option(
    "--table",
    "tables",
    multiple=True,
    metavar="NAME",
    help="Only this contract table (xlsx, csv). Repeatable.",
)
@store_option
@handle_errors
def export(fmt: str, out: str, tables: tuple[str, ...], store: str | None) -> None:
    """Write the store's graph out as tables or a graph file.

    Spreadsheet cells that start with =, +, -, @, tab or CR get a leading '
    (no formula runs when opened; 'load' removes it again).

    \b
    Examples:
      assistgraph export --format xlsx -o programme.xlsx
      assistgraph export --format csv -o programme/
      assistgraph export --format gexf -o programme.gexf
      assistgraph export --format xlsx -o roster.xlsx --table prefectures \\
        --table providers --table industries --table chain_links --table capabilities
    """
    from ..exchange import export_graph
    from . import programme_graph_of

    counts = export_graph(programme_graph_of(store), out, fmt=fmt, tables=tables or None)
    what = ", ".join(f"{k} {v}" for k, v in counts.items())
    click.echo(_("Wrote {out} ({fmt}): {what}.", out=out, fmt=fmt, what=what))


def graph_of_round(arg: str, tmp: str, name: str) -> Any:
    """The graph of a store (path or URI), or of a dataset loaded into a temporary store."""
    from pathlib import Path

    from ..jobs import load_dataset, programme_graph
    from ..store import open_store

    path = Path(arg)
    if path.is_dir() or path.suffix.lower() in (".xlsx", ".xlsm"):
        target = str(Path(tmp) / f"{name}.lbug")
        load_dataset(arg, target)
        with open_store(target) as st:
            return programme_graph(st)
    with open_store(settings_for(arg)) as st:
        return programme_graph(st)


@cli.command()
@click.argument("old")
@click.argument("new")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Analysis date of the gaps.")
@click.option(
    "--targets",
    "targets_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Programme targets (TOML). Default: the 2024 plan.",
)
@click.option("--unchanged", is_flag=True, help="List the unchanged gaps too (table, markdown).")
@click.option(
    "--fail-on-new-gaps", is_flag=True, help="Exit with code 3 if NEW has gaps OLD had not."
)
@format_option
@handle_errors
def diff(
    old: str,
    new: str,
    as_of: Any,
    targets_file: str | None,
    unchanged: bool,
    fail_on_new_gaps: bool,
    fmt: str,
) -> None:
    """What changed from round OLD to round NEW (each a store, or a dataset).

    Gaps opened, closed and unchanged (by gap id); funding, trainees and cadres per
    county and force where they changed; pairings and agreements added or ended.
    A dataset (folder or .xlsx) is loaded into a temporary embedded store first.

    \b
    Examples:
      assistgraph diff last-round.lbug examples/sichuan
      assistgraph diff round1/ round2/ --format markdown
      assistgraph diff bolt://127.0.0.1:7687 new.xlsx --fail-on-new-gaps
    """
    import tempfile

    from ..exchange.diff import diff_graphs, diff_rows
    from ..output import render
    from ..targets import Targets

    targets = Targets.from_toml(targets_file) if targets_file else Targets()
    with tempfile.TemporaryDirectory(prefix="assistgraph-diff-") as tmp:
        G_old = graph_of_round(old, tmp, "old")
        G_new = graph_of_round(new, tmp, "new")
    result = diff_graphs(G_old, G_new, targets=targets, as_of=as_of.date() if as_of else None)
    if fmt == "json":
        click.echo(json_text(result))
    else:
        columns, rows = diff_rows(result)
        if unchanged:
            rows += [
                ["gap", "unchanged", g["id"], g["message"], None]
                for g in result["gaps"]["unchanged"]
            ]
        headers = [_(DIFF_HEADERS.get(c, c)) for c in columns]
        click.echo(render(columns, rows, fmt, headers=headers) if rows else _("No changes."))
        if fmt == "table":
            g = result["gaps"]
            click.echo(
                _(
                    "Gaps: {opened} opened, {closed} closed, {unchanged} unchanged; "
                    "{figures} figures changed.",
                    opened=len(g["opened"]),
                    closed=len(g["closed"]),
                    unchanged=len(g["unchanged"]),
                    figures=len(result["figures"]),
                )
            )
    if fail_on_new_gaps and result["gaps"]["opened"]:
        sys.exit(3)
