"""Gap rules with the ``FUNDS``-heavy part pushed down to the store.

:func:`find_gaps_in_store` returns exactly what
``find_gaps(store.export_graph(), …)`` returns, without reading the ``FUNDS``
relationships into Python (about 70 % of a national graph's edges, and of its
export time):

* ``department_key_projects`` (the one rule that reads ``FUNDS``) is a Cypher
  aggregation run by the store: distinct key-support projects per provincial
  department and year. Only for the department × year pairs outside the target
  range with at least one project are the ``FUNDS`` edges fetched, as evidence.
* The years the year-based rules consider are ``DISTINCT r.year`` over the
  ``TRAINED``, ``EXCHANGED_CADRES`` and ``FUNDS`` relationships, also in Cypher.
* Every other rule runs in memory, by the code of :mod:`.gaps`, on
  ``store.export_graph(rel_types=…)`` without ``FUNDS`` (every node is exported,
  so the Project nodes of the evidence and the names of the tables come from it).

Labels and relationship types in the statements are fixed text from
:mod:`assistgraph.schema`; values travel as parameters. The statements run
unchanged on Neo4j and on the embedded store (nothing dialect-specific: no list
indexing, comprehension or subquery).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .. import schema
from ..schema import FORCES
from ..store.dialect import clean_props, quote
from ..targets import Targets
from ._facts import Facts, facts
from .gaps import DepartmentRule, Gap, _coverage, _find, department_gap, departments

if TYPE_CHECKING:
    import networkx as nx

    from ..store import Store

__all__ = ["YEAR_REL_TYPES", "coverage_matrix_in_store", "find_gaps_in_store", "store_years"]

FUNDS = "FUNDS"
#: Relationship types whose years the year-based gap rules consider (as ``Facts.years``).
YEAR_REL_TYPES: tuple[str, ...] = ("TRAINED", "EXCHANGED_CADRES", FUNDS)
#: Every relationship type the in-memory rules read: all but ``FUNDS``.
REL_TYPES: tuple[str, ...] = tuple(t for t in schema.REL_TYPES if t != FUNDS)

_PROVIDER, _PROJECT = quote(schema.check_label("Provider")), quote(schema.check_label("Project"))
_FUNDS = quote(schema.check_rel_type(FUNDS))

#: Distinct key-support projects each provincial department funds, per year.
KEY_PROJECT_COUNTS = (
    f"MATCH (p:{_PROVIDER})-[r:{_FUNDS}]->(pr:{_PROJECT}) "
    "WHERE p.force = $force AND pr.key_support = true AND r.year IN $years "
    "RETURN p.id AS provider, r.year AS year, count(DISTINCT pr.id) AS n"
)
#: The key-support ``FUNDS`` edges of some departments in some years (the evidence).
KEY_PROJECT_EDGES = (
    f"MATCH (p:{_PROVIDER})-[r:{_FUNDS}]->(pr:{_PROJECT}) "
    "WHERE p.id IN $providers AND pr.key_support = true AND r.year IN $years "
    "RETURN p.id AS provider, pr.id AS project, r.year AS year, properties(r) AS props"
)


def _years_statement() -> str:
    return " UNION ".join(
        f"MATCH ()-[r:{quote(schema.check_rel_type(rt))}]->() RETURN DISTINCT r.year AS year"
        for rt in YEAR_REL_TYPES
    )


def store_years(store: Store) -> list[int]:
    """Every year of the training, cadres and funding relationships, by the store.

    The same list as ``facts(store.export_graph()).years()``.
    """
    rows = store.query(_years_statement()).rows
    return sorted({int(y) for (y,) in rows if y is not None})


def _department_rule(store: Store, f: Facts) -> DepartmentRule:
    """``department(years, targets)`` for :func:`.gaps._find`, counting in the store."""

    def run(years: list[int], targets: Targets) -> list[Gap]:
        lo, hi = targets.key_projects_per_department_year
        depts = departments(f)
        if not years or not depts:
            return []
        counts = {
            (str(p), int(y)): int(n)
            for p, y, n in store.query(
                KEY_PROJECT_COUNTS, {"force": FORCES[0], "years": list(years)}
            ).rows
        }
        found = [(p, y) for p in depts for y in years if not lo <= counts.get((p, y), 0) <= hi]
        wanted = {key for key in found if counts.get(key, 0)}
        got: dict[tuple[str, int], dict[str, dict[str, Any]]] = defaultdict(dict)
        if wanted:
            params = {
                "providers": sorted({p for p, _ in wanted}),
                "years": sorted({y for _, y in wanted}),
            }
            for p, pr, y, props in store.query(KEY_PROJECT_EDGES, params).rows:
                key = (str(p), int(y))
                if key in wanted:  # the statement asks for a superset: every pair of both
                    got[key][str(pr)] = clean_props(props)  # as export_graph cleans them
        projects, county = f.of("Project"), f.located("Project")
        return [
            department_gap(p, y, got.get((p, y), {}), (lo, hi), projects, county) for p, y in found
        ]

    return run


def find_gaps_in_store(
    store: Store,
    *,
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
    county: str | Iterable[str] | None = None,
    prefecture: str | Iterable[str] | None = None,
    force: str | Iterable[str] | None = None,
    rule: str | Iterable[str] | None = None,
) -> tuple[nx.MultiDiGraph, list[Gap]]:
    """:func:`~assistgraph.analysis.find_gaps` with ``FUNDS`` left in the store.

    Same gaps, same order, same ``detail`` and ``evidence`` as
    ``find_gaps(store.export_graph(), …)``, but the ``FUNDS`` relationships are
    never exported: ``department_key_projects`` is counted by the store and only
    the evidence of the gaps found is fetched; the considered years come from the
    store too. See the module's docstring.

    Parameters
    ----------
    store : Store
        An open store (embedded or Neo4j).
    targets, as_of, year, county, prefecture, force, rule
        As in :func:`~assistgraph.analysis.find_gaps`.

    Returns
    -------
    (networkx.MultiDiGraph, list of dict)
        The graph that was exported (every node, every relationship but ``FUNDS``:
        enough to name counties and providers) and the gaps.

    Raises
    ------
    AnalysisError
        On an unknown rule, force, county or prefecture.

    Examples
    --------
    >>> from assistgraph.store import open_store
    >>> with open_store("graph.lbug") as st:  # doctest: +SKIP
    ...     G, gaps = find_gaps_in_store(st, rule="department_key_projects", year=2024)
    >>> sorted({g["rule"] for g in gaps})  # doctest: +SKIP
    ['department_key_projects']
    """
    G = store.export_graph(rel_types=REL_TYPES)
    f = facts(G)
    found = _find(
        f,
        targets=targets,
        as_of=as_of,
        year=year,
        county=county,
        prefecture=prefecture,
        force=force,
        rule=rule,
        years=lambda: store_years(store),
        department=_department_rule(store, f),
    )
    return G, found


def coverage_matrix_in_store(
    store: Store,
    G: nx.MultiDiGraph,
    *,
    view: str = "forces",
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
) -> list[dict[str, Any]]:
    """:func:`~assistgraph.analysis.coverage_matrix` of a graph exported without ``FUNDS``.

    ``G`` is the graph :func:`find_gaps_in_store` returned; the years of the
    ``targets`` view (when ``year`` is None) come from the store, so the matrix is
    the one ``coverage_matrix(store.export_graph(), …)`` gives.
    """
    return _coverage(
        facts(G),
        view=view,
        targets=targets,
        as_of=as_of,
        year=year,
        years=lambda: store_years(store),
    )
