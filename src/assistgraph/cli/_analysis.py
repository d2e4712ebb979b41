"""The analysis commands: gaps, concentration, chains, match, scorecard."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..analysis.gaps import RULES as GAP_RULES
from ..i18n import gettext
from ..output import json_text
from ..output import render as _render
from ..schema import CONFIDENCE, FORCES
from . import cli, format_option, handle_errors, programme_graph_of, settings_for, store_option

# -- analyses ------------------------------------------------------------------


def render(columns: list[str], rows: Any, fmt: str) -> str:
    """Rows as text; the column names translated where people read them (table, markdown)."""
    return _render(columns, rows, fmt, headers=[gettext(str(c)) for c in columns])


def _gap_json(gaps: list[dict[str, Any]], explain: bool) -> list[dict[str, Any]]:
    return [g if explain else {k: v for k, v in g.items() if k != "evidence"} for g in gaps]


GAPS_EXIT = 3  # --fail-on-gaps: gaps remain (1 stays "error")


engine_option = click.option(
    "--engine",
    type=click.Choice(["igraph", "networkx", "gds"]),
    default="igraph",
    show_default=True,
    help="Where the graph algorithms run: in memory (igraph; networkx is the slower "
    "reference) or on the Neo4j server's Graph Data Science library (chains: exact "
    "betweenness, Leiden clusters; match: node similarity; see docs/scale.md).",
)


def _run_with_engine(store: str | None, engine: str, run: Any) -> Any:
    """Get the graph and run ``run(G, engine)``; with ``gds``, on the store's server."""
    if engine != "gds":
        from ..jobs import engine_for

        G = programme_graph_of(store)
        return G, run(G, engine_for(engine))
    from ..errors import GdsUnavailable
    from ..jobs import GdsEngine, programme_graph
    from ..store import open_store

    with open_store(settings_for(store)) as st:
        try:
            gds = GdsEngine(st)
        except GdsUnavailable as e:
            msg = gettext(
                "{error}; run without --engine gds to compute in memory (the default)", error=e
            )
            raise GdsUnavailable(msg) from e
        G = programme_graph(st)
        return G, run(G, gds)


@cli.command()
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Analysis date for overdue tasks, YYYY-MM-DD (default: today).",
)
@click.option("--year", type=int, help="Only this year in the year-based rules (default: all).")
@click.option("--county", multiple=True, metavar="ID|NAME", help="Only this county. Repeatable.")
@click.option(
    "--prefecture", multiple=True, metavar="ID|NAME", help="Only this prefecture. Repeatable."
)
@click.option(
    "--force",
    multiple=True,
    type=click.Choice(FORCES),
    help="Only gaps about this force (missing force or its providers). Repeatable.",
)
@click.option("--rule", multiple=True, type=click.Choice(GAP_RULES), help="Only this rule.")
@click.option(
    "--targets",
    "targets_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Programme targets (TOML, e.g. the dataset's targets.toml). Default: the 2024 plan.",
)
@click.option(
    "--matrix",
    type=click.Choice(["forces", "targets"]),
    help="Show counties × forces (paired providers) or × targets (gaps per rule) instead.",
)
@click.option(
    "--min-confidence",
    "min_confidence",
    type=click.Choice(CONFIDENCE),
    help="Drop record-based gaps resting on rows weaker than this "
    "(high > medium > low > inferred > illustrative); no_record gaps stay.",
)
@click.option("--explain", is_flag=True, help="Show the evidence (edges, nodes) behind each gap.")
@click.option(
    "--fail-on-gaps", is_flag=True, help=f"Exit with code {GAPS_EXIT} if any gap remains."
)
@store_option
@format_option
@handle_errors
def gaps(
    as_of: Any,
    year: int | None,
    county: tuple[str, ...],
    prefecture: tuple[str, ...],
    force: tuple[str, ...],
    rule: tuple[str, ...],
    targets_file: str | None,
    matrix: str | None,
    min_confidence: str | None,
    explain: bool,
    fail_on_gaps: bool,
    store: str | None,
    fmt: str,
) -> None:
    """Find where assistance is missing: every gap rule of the data contract.

    The targets are the 2024 implementation plan's unless --targets names a
    TOML file (the store does not keep a dataset's targets.toml). Each gap says
    whether it rests on rows (record, with their weakest confidence) or on their
    absence (no_record); a rule whose evidence tables are empty is listed as
    unchecked.

    \b
    Examples:
      assistgraph gaps
      assistgraph gaps --county 513431 --explain
      assistgraph gaps --rule training_below_target --year 2024 --format csv
      assistgraph gaps --targets examples/sichuan/targets.toml --fail-on-gaps
      assistgraph gaps --matrix forces --format markdown
      assistgraph gaps --min-confidence medium
    """
    from ..analysis import coverage_matrix, gap_report
    from ..analysis.tables import gap_summary, gap_table, unchecked_lines
    from ..targets import Targets

    targets = Targets.from_toml(targets_file) if targets_file else Targets()
    day = as_of.date() if as_of else None
    G = programme_graph_of(store)
    report = gap_report(
        G,
        targets=targets,
        as_of=day,
        year=year,
        county=county or None,
        prefecture=prefecture or None,
        force=force or None,
        rule=rule or None,
        min_confidence=min_confidence,
    )
    found = report["gaps"]
    if matrix:
        filtered = county or prefecture or force or rule or min_confidence
        rows = coverage_matrix(  # the gaps found, unless filters left some out
            G, view=matrix, targets=targets, as_of=day, year=year, gaps=None if filtered else found
        )
        columns = list(rows[0]) if rows else ["county_id"]
        click.echo(render(columns, [[r[c] for c in columns] for r in rows], fmt))
    elif fmt == "json":
        payload = {
            "gaps": _gap_json(found, explain),
            "unchecked": report["unchecked"],
            "as_of": (day or _today()).isoformat(),
        }
        click.echo(json_text(payload))
    else:
        columns, rows = gap_table(G, found, grouped=fmt == "table", explain=explain)
        if fmt == "table" and not found:
            click.echo(gettext("No gaps."))
        else:
            click.echo(render(columns, rows, fmt))
        if fmt == "table":
            for line in unchecked_lines(report["unchecked"]):
                click.echo(line)
            if found:
                click.echo(gap_summary(found))
    if fail_on_gaps and found:
        sys.exit(GAPS_EXIT)


def _today() -> Any:
    import datetime as dt

    return dt.date.today()


def _print_tables(tables: dict[str, Any], view: str | None, fmt: str, default: str) -> None:
    if fmt in ("csv", "json") or view:
        columns, rows = tables[view or default]
        click.echo(render(columns, rows, fmt))
        return
    for n, (name, (columns, rows)) in enumerate(tables.items()):
        title = gettext(name)
        click.echo(("\n" if n else "") + (f"## {title}" if fmt == "markdown" else title.upper()))
        click.echo(render(columns, rows, fmt))


@cli.command()
@click.option("--year", type=int, help="Only this year's funding (default: all years).")
@click.option(
    "--view",
    type=click.Choice(["counties", "providers", "forces", "overall", "clustered"]),
    help="Show one table (csv: default counties; json: default everything).",
)
@store_option
@format_option
@handle_errors
def concentration(year: int | None, view: str | None, store: str | None, fmt: str) -> None:
    """Where assistance piles up: HHI, significant relations, Gini, Theil.

    \b
    Examples:
      assistgraph concentration
      assistgraph concentration --year 2024 --view overall
      assistgraph concentration --format json > concentration.json
    """
    from ..analysis import concentration as run
    from ..analysis.tables import concentration_tables

    result = run(programme_graph_of(store), year=year)
    if fmt == "json" and not view:
        click.echo(json_text(result))
        return
    _print_tables(concentration_tables(result), view, fmt, "counties")


@cli.command()
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Chain links to follow up- and downstream.",
)
@click.option(
    "--view",
    type=click.Choice(["stages", "clusters", "brokers", "brands", "chains"]),
    help="Show one table (csv: default stages; json: default everything).",
)
@engine_option
@store_option
@format_option
@handle_errors
def chains(depth: int, view: str | None, engine: str, store: str | None, fmt: str) -> None:
    """Industrial chains: stages each county has, can get, or lacks; clusters; brands.

    \b
    Examples:
      assistgraph chains
      assistgraph chains --depth 2 --view stages --format csv
      assistgraph chains --view brokers
      assistgraph chains --engine gds --store neo4j://db.example:7687
    """
    from ..analysis import chains as run
    from ..analysis.tables import chains_tables

    G, result = _run_with_engine(store, engine, lambda G, e: run(G, depth=depth, engine=e))
    if fmt == "json" and not view:
        click.echo(json_text(result))
        return
    _print_tables(chains_tables(G, result), view, fmt, "stages")


@cli.command()
@click.option("--county", multiple=True, metavar="ID|NAME", help="Only this county. Repeatable.")
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Show the best N proposals.",
)
@click.option("--min-score", type=float, help="Drop proposals scoring below this.")
@click.option(
    "--per-target",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Keep the best N providers of each county and industry (0: every candidate).",
)
@engine_option
@store_option
@format_option
@handle_errors
def match(
    county: tuple[str, ...],
    top: int,
    min_score: float | None,
    per_target: int,
    engine: str,
    store: str | None,
    fmt: str,
) -> None:
    """Breakthrough points: provider × county × industry proposals, ranked.

    score = 0.35 capability + 0.25 relatedness + 0.25 pairing + 0.15 resource
    − 0.20 fragmentation (see the README).

    \b
    Examples:
      assistgraph match
      assistgraph match --county 513431 --top 5
      assistgraph match --per-target 3 --top 100 --format csv
      assistgraph match --format json
      assistgraph match --engine gds --store neo4j://db.example:7687
    """
    from ..analysis import match as run
    from ..analysis.tables import match_table

    G, proposals = _run_with_engine(
        store,
        engine,
        lambda G, e: run(
            G,
            county=county or None,
            top=top,
            min_score=min_score,
            per_target=per_target or None,
            engine=e,
        ),
    )
    if fmt == "json":
        click.echo(json_text({"proposals": proposals}))
        return
    columns, rows = match_table(G, proposals)
    click.echo(render(columns, rows, fmt))


@cli.command()
@click.option("--year", type=int, help="Only this year (default: every year of the data).")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Analysis date for overdue tasks, YYYY-MM-DD (default: today).",
)
@click.option(
    "--by",
    type=click.Choice(["county", "provider", "prefecture", "force"]),
    default="county",
    show_default=True,
    help="What to score.",
)
@click.option(
    "--target-year",
    type=click.IntRange(1900, 2999),
    help="Year by which every score should reach 100: adds the pace and who is behind it "
    "(default: target_year in the targets' [scorecard] table).",
)
@click.option(
    "--targets",
    "targets_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Targets, weights and thresholds (TOML with a [scorecard] table, e.g. the "
    "dataset's targets.toml). Default: the 2024 plan, every weight 1.",
)
@click.option("--explain", is_flag=True, help="Break every score down into its indicators.")
@store_option
@format_option
@handle_errors
def scorecard(
    year: int | None,
    as_of: Any,
    by: str,
    target_year: int | None,
    targets_file: str | None,
    explain: bool,
    store: str | None,
    fmt: str,
) -> None:
    """Assessment scorecard: each county (or provider) scored 0–100, year by year.

    The score is the weighted mean of indicators, each 0–1 against its target
    (forces present, trainees, key projects, funds per capita, SOE agreements,
    key industries supported, brands, livelihood, project terms, tasks closed
    on time, cadres; per provider: agreements, funding and training in each
    paired county, tasks on time, spread of funds). See the README.

    \b
    Examples:
      assistgraph scorecard --targets examples/sichuan/targets.toml
      assistgraph scorecard --year 2025 --explain
      assistgraph scorecard --by provider --target-year 2027
      assistgraph scorecard --by prefecture --format json
    """
    from ..analysis.scorecard import scorecard as run
    from ..analysis.scorecard import scorecard_table
    from ..targets import Targets

    targets = Targets.from_toml(targets_file) if targets_file else Targets()
    result = run(
        programme_graph_of(store),
        targets=targets,
        year=year,
        as_of=as_of.date() if as_of else None,
        by=by,
        target_year=target_year,
    )
    if fmt == "json":
        if not explain:
            for row in result["rows"]:
                for ind in row["indicators"].values():
                    ind.pop("detail", None)
        click.echo(json_text(result))
        return
    columns, rows = scorecard_table(result, explain=explain, grouped=fmt in ("table", "markdown"))
    click.echo(render(columns, rows, fmt))
    if fmt == "table" and result["target_year"] is not None:
        behind = result["behind"]
        last = result["years"][-1]
        click.echo(
            gettext(
                "{behind} of {n} behind the pace to reach 100 by {target_year} (in {year}).",
                behind=len(behind),
                n=sum(1 for r in result["rows"] if r["year"] == last),
                target_year=result["target_year"],
                year=last,
            )
        )
