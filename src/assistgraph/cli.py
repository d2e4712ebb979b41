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
from .analysis.gaps import RULES as GAP_RULES
from .errors import AssistgraphError, InputError
from .output import FORMATS, render
from .schema import FORCE_NAMES, FORCES
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
        click.echo(
            "Providers by force: "
            + "; ".join(
                f"{FORCE_NAMES[f][0]} {FORCE_NAMES[f][1]}: {n}" for f, n in summary.forces.items()
            )
        )


@cli.command()
@store_option
@format_option
@_errors
def info(store: str | None, fmt: str) -> None:
    """Show what the store holds: nodes per label, relationships per type, recent loads.

    \b
    Example:
      assistgraph info --format json
    """
    from .store import open_store

    with open_store(settings_for(store)) as st:
        counts = st.counts()
        runs = st.load_runs()
    if fmt == "json":
        doc = {**counts, "load_runs": runs.records()}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        return
    rows = [("node", k, v) for k, v in counts["nodes"].items()] + [
        ("relationship", k, v) for k, v in counts["relationships"].items()
    ]
    click.echo(render(["kind", "name", "count"], rows, fmt))
    if fmt == "table" and runs.rows:
        click.echo("\nRecent loads (status 'running' with no load under way = interrupted):")
        click.echo(render(runs.columns, runs.rows, fmt))


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
    help="A query parameter (JSON if it parses, else a string; for --saved, converted "
    "to the type the query declares). Repeatable.",
)
@click.option("--saved", metavar="NAME", help="Run a saved query of the library (see --list).")
@click.option("--list", "list_saved", is_flag=True, help="List the saved queries and exit.")
@click.option("--write", is_flag=True, help="Allow statements that write.")
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Print at most N rows.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop a statement that runs longer than this.",
)
@store_option
@format_option
@_errors
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
    from . import queries
    from .store import open_store

    if list_saved:
        library = queries.saved_queries()
        if fmt == "table":
            w = max((len(q.name) for q in library), default=0)
            click.echo("\n".join(f"{q.name:<{w}}  {q.description}" for q in library))
        else:
            rows = [(q.name, q.description, "; ".join(map(str, q.params))) for q in library]
            click.echo(render(["name", "description", "params"], rows, fmt))
        return
    if sum(x is not None for x in (query, file, saved)) != 1:
        msg = "give exactly one of QUERY, -f FILE or --saved NAME (or --list)"
        raise click.UsageError(msg)
    if saved is not None:
        sq = queries.load_query(saved)
        bound = sq.bind(queries.parse_params(params, typed=False))
        with open_store(settings_for(store)) as st:
            result = st.query(sq.text, bound, timeout=timeout)
    else:
        text = file.read() if file else query
        if not text or not text.strip():
            msg = "the statement is empty"
            raise click.UsageError(msg)
        with open_store(settings_for(store), write=write) as st:
            result = st.query(text, _param(params), write=write, timeout=timeout)
    rows = result.rows if limit is None else result.rows[:limit]
    click.echo(render(result.columns, rows, fmt))
    if len(rows) < len(result.rows):
        click.echo(f"(first {len(rows)} of {len(result.rows)} rows; --limit)", err=True)


@cli.command()
@store_option
@click.option("--write", is_flag=True, help="Allow statements that write.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop a statement that runs longer than this.",
)
@format_option
@_errors
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
    from .shell import Shell
    from .store import open_store

    with open_store(settings_for(store), write=write) as st:
        code = Shell(st, write=write, timeout=timeout, fmt=fmt).run()
    sys.exit(code)


# -- analyses ------------------------------------------------------------------


def _export_graph(store: str | None, rel_types: tuple[str, ...] | None = None) -> Any:
    """Open the store read-only and return its graph as a NetworkX MultiDiGraph.

    ``rel_types`` limits the relationships read to those an analysis needs.
    """
    from .store import open_store

    with open_store(settings_for(store)) as st:
        return st.export_graph(rel_types=rel_types)


def _gap_json(gaps: list[dict[str, Any]], explain: bool) -> list[dict[str, Any]]:
    return [g if explain else {k: v for k, v in g.items() if k != "evidence"} for g in gaps]


GAPS_EXIT = 3  # --fail-on-gaps: gaps remain (1 stays "error")


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
@click.option("--explain", is_flag=True, help="Show the evidence (edges, nodes) behind each gap.")
@click.option(
    "--fail-on-gaps", is_flag=True, help=f"Exit with code {GAPS_EXIT} if any gap remains."
)
@store_option
@format_option
@_errors
def gaps(
    as_of: Any,
    year: int | None,
    county: tuple[str, ...],
    prefecture: tuple[str, ...],
    force: tuple[str, ...],
    rule: tuple[str, ...],
    targets_file: str | None,
    matrix: str | None,
    explain: bool,
    fail_on_gaps: bool,
    store: str | None,
    fmt: str,
) -> None:
    """Find where assistance is missing: every gap rule of the data contract.

    The targets are the 2024 implementation plan's unless --targets names a
    TOML file (the store does not keep a dataset's targets.toml).

    \b
    Examples:
      assistgraph gaps
      assistgraph gaps --county 513431 --explain
      assistgraph gaps --rule training_below_target --year 2024 --format csv
      assistgraph gaps --targets examples/sichuan/targets.toml --fail-on-gaps
      assistgraph gaps --matrix forces --format markdown
    """
    from .analysis import coverage_matrix, find_gaps
    from .analysis.report import gap_table
    from .targets import Targets

    targets = Targets.from_toml(targets_file) if targets_file else Targets()
    day = as_of.date() if as_of else None
    G = _export_graph(store)
    found = find_gaps(
        G,
        targets=targets,
        as_of=day,
        year=year,
        county=county or None,
        prefecture=prefecture or None,
        force=force or None,
        rule=rule or None,
    )
    if matrix:
        rows = coverage_matrix(G, view=matrix, targets=targets, as_of=day, year=year)
        columns = list(rows[0]) if rows else ["county_id"]
        click.echo(render(columns, [[r[c] for c in columns] for r in rows], fmt))
    elif fmt == "json":
        payload = {"gaps": _gap_json(found, explain), "as_of": (day or _today()).isoformat()}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        columns, rows = gap_table(G, found, grouped=fmt == "table", explain=explain)
        if fmt == "table" and not found:
            click.echo("No gaps.")
        else:
            click.echo(render(columns, rows, fmt))
        if fmt == "table" and found:
            sev = {
                s: sum(1 for g in found if g["severity"] == s) for s in ("high", "medium", "low")
            }
            n_counties = len({g["county_id"] for g in found if g["county_id"]})
            click.echo(
                f"{len(found)} gap{'s' if len(found) != 1 else ''} in {n_counties} "
                f"count{'ies' if n_counties != 1 else 'y'} "
                f"(high {sev['high']}, medium {sev['medium']}, low {sev['low']})."
            )
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
        click.echo(("\n" if n else "") + (f"## {name}" if fmt == "markdown" else name.upper()))
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
@_errors
def concentration(year: int | None, view: str | None, store: str | None, fmt: str) -> None:
    """Where assistance piles up: HHI, significant relations, Gini, Theil.

    \b
    Examples:
      assistgraph concentration
      assistgraph concentration --year 2024 --view overall
      assistgraph concentration --format json > concentration.json
    """
    from .analysis import concentration as run
    from .analysis.report import concentration_tables

    result = run(_export_graph(store), year=year)
    if fmt == "json" and not view:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
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
@click.option(
    "--engine",
    type=click.Choice(["networkx", "gds"]),
    default="networkx",
    show_default=True,
    help="Where graph algorithms run: in memory (NetworkX) or on the Neo4j server's "
    "Graph Data Science library (see docs/scale.md).",
)
@store_option
@format_option
@_errors
def chains(depth: int, view: str | None, engine: str, store: str | None, fmt: str) -> None:
    """Industrial chains: stages each county has, can get, or lacks; clusters; brands.

    \b
    Examples:
      assistgraph chains
      assistgraph chains --depth 2 --view stages --format csv
      assistgraph chains --view brokers
    """
    from .analysis import chains as run
    from .analysis.chains import REL_TYPES
    from .analysis.report import chains_tables

    if engine == "gds":
        from .errors import StoreError
        from .store import open_store

        with open_store(settings_for(store)) as st:
            version = st.require_gds()  # a one-line error when the library is missing
        msg = (
            f"Graph Data Science {version} is installed, but assistgraph does not run "
            "chains on it yet; run without --engine gds (see docs/scale.md)"
        )
        raise StoreError(msg)

    G = _export_graph(store, REL_TYPES)  # chains never reads FUNDS: skips most of the graph
    result = run(G, depth=depth)
    if fmt == "json" and not view:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
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
@store_option
@format_option
@_errors
def match(
    county: tuple[str, ...], top: int, min_score: float | None, store: str | None, fmt: str
) -> None:
    """Breakthrough points: provider × county × industry proposals, ranked.

    score = 0.35 capability + 0.25 relatedness + 0.25 pairing + 0.15 resource
    − 0.20 fragmentation (see the README).

    \b
    Examples:
      assistgraph match
      assistgraph match --county 513431 --top 5
      assistgraph match --format json
    """
    from .analysis import match as run
    from .analysis.report import match_table

    G = _export_graph(store)
    proposals = run(G, county=county or None, top=top, min_score=min_score)
    if fmt == "json":
        click.echo(json.dumps({"proposals": proposals}, ensure_ascii=False, indent=2))
        return
    columns, rows = match_table(G, proposals)
    click.echo(render(columns, rows, fmt))


def _scale(value: str) -> str | int:
    if value in ("province", "national"):
        return value
    try:
        n = int(value)
    except ValueError:
        msg = f"{value!r} is not province, national or a number of counties"
        raise click.BadParameter(msg) from None
    if n < 1:
        msg = "the number of counties must be at least 1"
        raise click.BadParameter(msg)
    return n


@cli.command()
@click.option(
    "--scale",
    default="province",
    show_default=True,
    metavar="province|national|N",
    help="province: 39 counties; national: 832 counties, 200,000 projects, "
    "1,000,000 funding rows; N: N counties (sizes in proportion).",
)
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write the CSV files into (created if needed).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@format_option
@_errors
def synth(scale: str, out: str, seed: int, fmt: str) -> None:
    """Write a synthetic dataset (invented, marked illustrative) for benchmarks.

    The same scale and seed always give the same files; 'assistgraph validate'
    accepts them. Put large datasets outside the repository.

    \b
    Examples:
      assistgraph synth --scale province -o /tmp/province
      assistgraph synth --scale national -o /tmp/national --seed 7
      assistgraph synth --scale 117 -o /tmp/three-provinces
    """
    import time

    from .synth import write_synthetic

    try:
        chosen = _scale(scale)
    except click.BadParameter as e:
        raise click.BadParameter(str(e), param_hint="--scale") from None
    start = time.perf_counter()
    counts = write_synthetic(out, scale=chosen, seed=seed)
    click.echo(render(["table", "rows"], sorted(counts.items()), fmt))
    if fmt == "table":
        click.echo(
            f"Wrote {sum(counts.values())} rows in {len(counts)} tables to {out} "
            f"in {time.perf_counter() - start:.1f} s (scale {scale}, seed {seed})."
        )


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
@_errors
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
    from .analysis.scorecard import scorecard as run
    from .analysis.scorecard import scorecard_table
    from .targets import Targets

    targets = Targets.from_toml(targets_file) if targets_file else Targets()
    result = run(
        _export_graph(store),
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
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    columns, rows = scorecard_table(result, explain=explain, grouped=fmt in ("table", "markdown"))
    click.echo(render(columns, rows, fmt))
    if fmt == "table" and result["target_year"] is not None:
        behind = result["behind"]
        click.echo(
            f"{len(behind)} of {sum(1 for r in result['rows'] if r['year'] == result['years'][-1])}"
            f" behind the pace to reach 100 by {result['target_year']} "
            f"(in {result['years'][-1]})."
        )


# -- views and report ----------------------------------------------------------


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
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language."
)
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
    from .render import render_view
    from .targets import Targets

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
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language."
)
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
    from .render import render_report
    from .render._html import write_page
    from .targets import Targets

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


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="assistgraph")
