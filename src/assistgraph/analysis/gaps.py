"""Coverage gaps: every rule of the data contract's (v2) "Gap rules" table.

Each gap is a plain dict::

    {"id": "training_below_target|C1||||", "rule": "training_below_target",
     "county_id": "C1", "provider_id": None, "force": None, "year": None, "subject": None,
     "basis": "record", "confidence": "medium", "severity": "medium",
     "message": "…", "detail": {...figures...}, "evidence": [...rows/edges...]}

**Identity.** (``rule``, ``county_id``, ``provider_id``, ``force``, ``year``,
``subject``) is unique per run and stable across runs; ``id`` joins them with ``|``
(a null as the empty string). ``force`` is set only by ``missing_force`` and
``soe_pairing_structure``; ``subject`` names a term, subcategory, resource, task,
fund condition (``fund_id:joint``/``fund_id:industry``) or prefecture.

**Evidence.** ``basis`` is ``no_record`` when the gap rests on the absence of rows
(its message says "no record of …") and ``record`` when rows show the shortfall;
``confidence`` is then the weakest ``confidence`` of the rows counted (rows of the
rule's evidence table, :data:`EVIDENCE`; a row without one counts as ``high``), and
null for ``no_record`` gaps. ``detail`` holds the figures; ``evidence`` the graph
facts (``{"kind", "type"/"label", "src", "dst"/"id", "props"}``).

**Unchecked rules.** A rule whose evidence tables hold no rows at all does not run:
:func:`gap_report` lists it in ``unchecked`` with the reason (``late_closeout`` also
when no task has a ``closed_on``). A rule switched off in the targets
(``soe_agreement_required``, ``soe_annual_funding``, ``employment_support_required``
false) gives no gaps and is not listed.

**Ended pairings.** A pairing whose ``until`` is earlier than the year of the
analysis date (``as_of``) stays in the graph and counts for no rule.

**Years in scope** are per rule: every year of the rule's own evidence table
(training, cadres; funding for ``department_key_projects`` and
``soe_annual_funding``), or only ``year``. A county without rows in a year counts 0.

Rules (ids are stable API; :data:`RULES` in this order)
-------------------------------------------------------
=============================  ==========================  ====================================
rule                           one gap per (subject)       fires when
=============================  ==========================  ====================================
missing_force                  county × force              no provider of the force is paired
training_below_target          county (× year with         the county's trainees averaged over
                               ``year``/``each_year``)     the years in scope < target (or that
                                                           year's total)
department_key_projects        lead department × county    key-support projects it funds in the
                               × year                      county that year outside the range
soe_without_agreement          SOE × county                no agreement with the paired county
agreement_without_fund_share   SOE × county                the agreement has no fund_share_pct
soe_annual_funding             SOE × county × year         no project funded in the county that
                                                           year (from the agreement's year, else
                                                           the pairing's ``since``)
soe_key_industries             SOE × county                key/characteristic industries of the
                                                           county it supports outside the range
soe_pairing_structure          county × SOE force          more SOEs of the force than "1+1"
soe_roster_size                programme                   SOEs with a current pairing ≠ roster
cadre_training_below_target    year                        ``from_county`` cadres < target
missing_project_term           county × term               no project of the term
missing_livelihood             county × subcategory        no livelihood project of it
missing_employment_support     county                      no workshop, no employment project
county_without_brand           county                      too few brands listing the county
                                                           and promoted by a paired provider
unmatched_resource             county × resource           no paired provider capable in its
                                                           industry or one chain link away
overdue_task                   task                        open and due before ``as_of``
late_closeout                  task                        ``closed_on`` later than ``due``
fund_model                     fund × condition            ``joint``: < 2 contributors or none
                                                           paired; ``industry``: none of its
                                                           industries is key/characteristic
missing_coordination           prefecture                  no prefecture-level mechanism
=============================  ==========================  ====================================

Severity
--------
``high``, ``medium`` or ``low`` (gaps are sorted most severe first):

* ``high``: ``missing_force``; ``training_below_target`` and
  ``cadre_training_below_target`` below half the target; ``department_key_projects``
  and ``soe_key_industries`` at 0; ``overdue_task`` more than 90 days late.
* ``low``: counts above the range (``department_key_projects``,
  ``soe_key_industries``, ``soe_roster_size``); ``soe_pairing_structure``;
  ``agreement_without_fund_share``; ``late_closeout``; ``unmatched_resource``.
* ``medium``: everything else.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..errors import AnalysisError
from ..gcpause import gc_paused
from ..graph import Facts, as_of_date, facts, resolve_ids
from ..i18n import gettext
from ..schema import CONFIDENCE, FORCES
from ..targets import Targets
from . import _gap_county as county_rules
from . import _gap_rules as rules_
from ._gap_rules import IDENTITY, Ctx, Gap, gap_id

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "COUNTY_RULES",
    "EVIDENCE",
    "IDENTITY",
    "RULES",
    "SEVERITIES",
    "coverage_matrix",
    "evidence_text",
    "find_gaps",
    "gap_id",
    "gap_report",
    "gaps_frame",
]

RULES: tuple[str, ...] = (
    "missing_force",
    "training_below_target",
    "department_key_projects",
    "soe_without_agreement",
    "agreement_without_fund_share",
    "soe_annual_funding",
    "soe_key_industries",
    "soe_pairing_structure",
    "soe_roster_size",
    "cadre_training_below_target",
    "missing_project_term",
    "missing_livelihood",
    "missing_employment_support",
    "county_without_brand",
    "unmatched_resource",
    "overdue_task",
    "late_closeout",
    "fund_model",
    "missing_coordination",
)
SEVERITIES: dict[str, int] = {"high": 3, "medium": 2, "low": 1}

#: Each rule's evidence tables: with no row in any of them the rule is unchecked.
EVIDENCE: dict[str, tuple[str, ...]] = {
    "missing_force": ("pairings",),
    "training_below_target": ("training",),
    "department_key_projects": ("funding",),
    "soe_without_agreement": ("agreements",),
    "agreement_without_fund_share": ("agreements",),
    "soe_annual_funding": ("funding",),
    "soe_key_industries": ("industry_support",),
    "soe_pairing_structure": ("pairings",),
    "soe_roster_size": ("pairings",),
    "cadre_training_below_target": ("cadres",),
    "missing_project_term": ("projects",),
    "missing_livelihood": ("projects",),
    "missing_employment_support": ("projects", "workshops"),
    "county_without_brand": ("brands",),
    "unmatched_resource": ("resources",),
    "overdue_task": ("tasks",),
    "late_closeout": ("tasks",),
    "fund_model": ("investment_funds",),
    "missing_coordination": ("mechanisms",),
}
#: Where each evidence table's rows are in the graph: ("node", label) or ("rel", type).
_TABLE_IN_GRAPH: dict[str, tuple[str, str]] = {
    "pairings": ("rel", "PAIRED_WITH"),
    "training": ("rel", "TRAINED"),
    "funding": ("rel", "FUNDS"),
    "agreements": ("node", "Agreement"),
    "industry_support": ("rel", "SUPPORTS_INDUSTRY"),
    "cadres": ("rel", "EXCHANGED_CADRES"),
    "projects": ("node", "Project"),
    "workshops": ("node", "Workshop"),
    "brands": ("node", "Brand"),
    "resources": ("node", "Resource"),
    "tasks": ("node", "Task"),
    "investment_funds": ("node", "InvestmentFund"),
    "mechanisms": ("node", "Mechanism"),
}
#: Targets that switch a rule off (false: no gaps, not listed as unchecked).
SWITCHES: dict[str, str] = {
    "soe_without_agreement": "soe_agreement_required",
    "soe_annual_funding": "soe_annual_funding",
    "missing_employment_support": "employment_support_required",
}
#: Rules whose gaps concern no county (dropped by a county or prefecture filter).
NO_COUNTY_RULES: frozenset[str] = frozenset(
    {"soe_roster_size", "cadre_training_below_target", "missing_coordination"}
)
COUNTY_RULES: tuple[str, ...] = tuple(r for r in RULES if r not in NO_COUNTY_RULES)

_FUNDED = ("department_key_projects", "soe_annual_funding")
_MAKERS: dict[str, Callable[..., Iterable[Gap]]] = {
    "missing_force": rules_.missing_force,
    "training_below_target": rules_.training_below_target,
    "department_key_projects": rules_.department_key_projects,
    "soe_without_agreement": rules_.soe_without_agreement,
    "agreement_without_fund_share": rules_.agreement_without_fund_share,
    "soe_annual_funding": rules_.soe_annual_funding,
    "soe_key_industries": rules_.soe_key_industries,
    "soe_pairing_structure": rules_.soe_pairing_structure,
    "soe_roster_size": rules_.soe_roster_size,
    "cadre_training_below_target": rules_.cadre_training_below_target,
    "missing_project_term": county_rules.missing_project_term,
    "missing_livelihood": county_rules.missing_livelihood,
    "missing_employment_support": county_rules.missing_employment_support,
    "county_without_brand": county_rules.county_without_brand,
    "unmatched_resource": county_rules.unmatched_resource,
    "overdue_task": county_rules.overdue_task,
    "late_closeout": county_rules.late_closeout,
    "fund_model": county_rules.fund_model,
    "missing_coordination": county_rules.missing_coordination,
}
assert tuple(_MAKERS) == RULES == tuple(EVIDENCE)


def _has_rows(f: Facts, table: str) -> bool:
    kind, name = _TABLE_IN_GRAPH[table]
    return bool(f.of(name)) if kind == "node" else f.has(name)


def _unchecked(f: Facts, rule: str) -> str | None:
    """Why ``rule`` cannot be checked on ``f``, or None if it can."""
    tables = EVIDENCE[rule]
    if not any(_has_rows(f, t) for t in tables):
        if len(tables) == 1:
            return gettext("no rows in the {table} table", table=tables[0])
        return gettext("no rows in the {tables} tables", tables=gettext(" or ").join(tables))
    if rule == "late_closeout" and not any(p.get("closed_on") for p in f.of("Task").values()):
        return gettext("no task has a closed_on date")
    return None


def _as_set(values: str | Iterable[str] | None) -> set[str] | None:
    if values is None:
        return None
    out = {values} if isinstance(values, str) else set(values)
    return out or None


def _sort_key(g: Gap) -> tuple[Any, ...]:
    return (
        -SEVERITIES[g["severity"]],
        RULES.index(g["rule"]),
        g["county_id"] or "",
        g["year"] or 0,
        g["provider_id"] or "",
        FORCES.index(g["force"]) if g["force"] in FORCES else -1,
        g["subject"] or "",
    )


def _run(
    f: Facts, targets: Targets, as_of: dt.date, year: int | None, rules: Iterable[str]
) -> tuple[list[Gap], list[dict[str, str]]]:
    """Run ``rules`` (in :data:`RULES` order): their gaps and the unchecked ones."""
    with gc_paused():  # many small acyclic dicts and tuples: GC passes only cost time
        return _run_rules(f, targets, as_of, year, rules)


def _run_rules(
    f: Facts, targets: Targets, as_of: dt.date, year: int | None, rules: Iterable[str]
) -> tuple[list[Gap], list[dict[str, str]]]:
    x = Ctx.of(f, targets, as_of, year)
    funded: Any = None
    gaps: list[Gap] = []
    unchecked: list[dict[str, str]] = []
    wanted = set(rules)
    for rule in RULES:
        if rule not in wanted:
            continue
        switch = SWITCHES.get(rule)
        if switch is not None and not getattr(targets, switch):
            continue  # switched off: not run, not listed
        reason = _unchecked(f, rule)
        if reason is not None:
            unchecked.append({"rule": rule, "reason": reason})
            continue
        if rule in _FUNDED:
            funded = funded if funded is not None else rules_._funded(x)
            gaps.extend(_MAKERS[rule](x, funded))
        else:
            gaps.extend(_MAKERS[rule](x))
    return gaps, unchecked


def gap_report(
    G: nx.MultiDiGraph,
    *,
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
    county: str | Iterable[str] | None = None,
    prefecture: str | Iterable[str] | None = None,
    force: str | Iterable[str] | None = None,
    rule: str | Iterable[str] | None = None,
    min_confidence: str | None = None,
) -> dict[str, Any]:
    """Every gap of the contract's gap rules, most severe first, and the unchecked rules.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The programme graph (:func:`assistgraph.graph.build_graph`). Not modified.
    targets : Targets, optional
        Programme targets (default: the 2024 implementation plan).
    as_of : date or ISO string, optional
        Analysis date (default: today): overdue tasks, and pairings ended before its year.
    year : int, optional
        The only year in scope of the year-based rules (default: every year of
        each rule's evidence table); the training rule then checks that year's total.
    county, prefecture : str or list of str, optional
        Keep only gaps about these counties / counties of these prefectures (ids or
        names); gaps about no county are dropped (``missing_coordination`` stays for
        the prefectures named).
    force : str or list of str, optional
        Keep only gaps of this force: ``force`` or the provider's force.
    rule : str or list of str, optional
        Run only these rules (ids of :data:`RULES`).
    min_confidence : str, optional
        Drop ``record`` gaps resting on rows weaker than this level
        (``high > medium > low > inferred > illustrative``).

    Returns
    -------
    dict
        ``{"gaps": [...], "unchecked": [{"rule", "reason"}, ...]}``; see the module
        docstring for the fields of a gap.

    Raises
    ------
    AnalysisError
        On an unknown rule, force, confidence level, county or prefecture.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1", name_zh="一县")
    >>> G.add_node("Provider:E1", label="Provider", id="E1", force="east_west")
    >>> G.add_edge("Provider:E1", "County:C1", key="PAIRED_WITH", type="PAIRED_WITH")
    'PAIRED_WITH'
    >>> out = gap_report(G, rule=["missing_force", "overdue_task"], as_of="2024-12-31")
    >>> out["gaps"][0]["id"], out["gaps"][0]["basis"]
    ('missing_force|C1||provincial_department||', 'no_record')
    >>> out["unchecked"]
    [{'rule': 'overdue_task', 'reason': 'no rows in the tasks table'}]
    """
    f = facts(G)
    targets = targets or Targets()
    day = as_of_date(as_of)
    chosen = _as_set(rule)
    if chosen and not chosen <= set(RULES):
        bad = sorted(chosen - set(RULES))
        msg = gettext(
            "unknown rule {bad}; rules: {rules}",
            bad=", ".join(map(repr, bad)),
            rules=", ".join(RULES),
        )
        raise AnalysisError(msg)
    forces = _as_set(force)
    if forces and not forces <= set(FORCES):
        bad = sorted(forces - set(FORCES))
        msg = gettext(
            "unknown force {bad}; forces: {forces}",
            bad=", ".join(map(repr, bad)),
            forces=", ".join(FORCES),
        )
        raise AnalysisError(msg)
    if min_confidence is not None and min_confidence not in CONFIDENCE:
        msg = gettext(
            "unknown confidence {value!r}; levels: {levels}",
            value=min_confidence,
            levels=", ".join(CONFIDENCE),
        )
        raise AnalysisError(msg)
    counties = resolve_ids(f, "County", county, "county")
    prefs = resolve_ids(f, "Prefecture", prefecture, "prefecture")
    active = chosen or set(RULES)
    gaps, unchecked = _run(f, targets, day, year, active)
    if counties is not None:
        gaps = [g for g in gaps if g["county_id"] in counties]
    if prefs is not None:
        pref_of = f.county_of_prefecture()
        gaps = [
            g
            for g in gaps
            if pref_of.get(g["county_id"] or "") in prefs
            or (g["rule"] == "missing_coordination" and g["subject"] in prefs)
        ]
    if forces is not None:
        gaps = [g for g in gaps if (g["force"] or f.force_of(g["provider_id"])) in forces]
    if min_confidence is not None:
        limit = CONFIDENCE.index(min_confidence)
        gaps = [
            g
            for g in gaps
            if g["basis"] != "record" or CONFIDENCE.index(g["confidence"] or "high") <= limit
        ]
    return {"gaps": sorted(gaps, key=_sort_key), "unchecked": unchecked}


def find_gaps(G: nx.MultiDiGraph, **kwargs: Any) -> list[Gap]:
    """The gaps of :func:`gap_report` (same options), without the unchecked rules.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1", name_zh="一县")
    >>> G.add_node("Provider:E1", label="Provider", id="E1", force="east_west")
    >>> G.add_edge("Provider:E1", "County:C1", key="PAIRED_WITH", type="PAIRED_WITH")
    'PAIRED_WITH'
    >>> [g["force"] for g in find_gaps(G, rule="missing_force", as_of="2024-12-31")][:2]
    ['provincial_department', 'paired_assistance']
    """
    return gap_report(G, **kwargs)["gaps"]


def coverage_matrix(
    G: nx.MultiDiGraph,
    *,
    view: str = "forces",
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
    gaps: list[Gap] | None = None,
) -> list[dict[str, Any]]:
    """Counties × forces or counties × targets, one dict per county.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The programme graph. Not modified.
    view : {"forces", "targets"}
        ``forces``: the number of providers of each force currently paired with the
        county. ``targets``: the number of gaps of each county rule
        (:data:`COUNTY_RULES`; 0 = met or unchecked), and ``total``.
    targets, as_of, year
        As in :func:`gap_report` (``targets`` view only).
    gaps : list of dict, optional
        The gaps of :func:`find_gaps` the caller already has (``targets`` view):
        counted as they are, the rules are not run again.

    Returns
    -------
    list of dict
        ``county_id``, ``name_zh``, ``name_en``, ``prefecture_id`` and one key per
        force or rule.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1", name_zh="一县")
    >>> G.add_node("Provider:E1", label="Provider", id="E1", force="east_west")
    >>> G.add_edge("Provider:E1", "County:C1", key="PAIRED_WITH", type="PAIRED_WITH")
    'PAIRED_WITH'
    >>> coverage_matrix(G, as_of="2024-12-31")[0]["east_west"]
    1
    """
    f = facts(G)
    pref_of = f.county_of_prefecture()
    rows = []
    if view == "forces":
        paired = Ctx.of(f, targets or Targets(), as_of_date(as_of), year).paired
        for c in sorted(f.counties):
            row = _county_head(f, c, pref_of)
            for fo in FORCES:
                row[fo] = sum(1 for p in paired.get(c, {}) if f.force_of(p) == fo)
            rows.append(row)
        return rows
    if view != "targets":
        msg = gettext("unknown matrix view {view!r}; use forces or targets", view=view)
        raise AnalysisError(msg)
    if gaps is None:
        gaps = _run(f, targets or Targets(), as_of_date(as_of), year, COUNTY_RULES)[0]
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for g in gaps:
        if g["county_id"] is not None and g["rule"] in COUNTY_RULES:
            counts[(g["county_id"], g["rule"])] += 1
    for c in sorted(f.counties):
        row = _county_head(f, c, pref_of)
        for r in COUNTY_RULES:
            row[r] = counts[(c, r)]
        row["total"] = sum(counts[(c, r)] for r in COUNTY_RULES)
        rows.append(row)
    return rows


def _county_head(f: Facts, c: str, pref_of: dict[str, str]) -> dict[str, Any]:
    zh, en = f.name("County", c)
    return {"county_id": c, "name_zh": zh, "name_en": en, "prefecture_id": pref_of.get(c)}


def gaps_frame(G: nx.MultiDiGraph, **kwargs: Any) -> pd.DataFrame:
    """:func:`find_gaps` as a pandas DataFrame (one row per gap), for notebooks.

    Adds ``county_zh``/``county_en`` and ``provider_zh``/``provider_en``; ``detail``
    and ``evidence`` stay as Python objects.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1", name_zh="一县", name_en="One")
    >>> G.add_node("Provider:E1", label="Provider", id="E1", force="east_west")
    >>> G.add_edge("Provider:E1", "County:C1", key="PAIRED_WITH", type="PAIRED_WITH")
    'PAIRED_WITH'
    >>> df = gaps_frame(G, rule="missing_force", as_of="2024-12-31")
    >>> df[["rule", "county_zh", "basis"]].iloc[0].tolist()
    ['missing_force', '一县', 'no_record']
    """
    import pandas as pd

    f = facts(G)
    rows = []
    for g in find_gaps(G, **kwargs):
        czh, cen = f.name("County", g["county_id"])
        pzh, pen = f.name("Provider", g["provider_id"])
        rows.append(
            {**g, "county_zh": czh, "county_en": cen, "provider_zh": pzh, "provider_en": pen}
        )
    columns = [
        "id",
        "rule",
        "severity",
        "county_id",
        "county_zh",
        "county_en",
        "provider_id",
        "provider_zh",
        "provider_en",
        "force",
        "year",
        "subject",
        "basis",
        "confidence",
        "message",
        "detail",
        "evidence",
    ]
    return pd.DataFrame(rows, columns=columns)


def evidence_text(item: dict[str, Any]) -> str:
    """One line of evidence, e.g. ``(Provider:E1)-[:TRAINED {year: 2024}]->(County:C1)``."""

    def props(p: dict[str, Any]) -> str:
        inner = ", ".join(f"{k}: {v!r}" for k, v in sorted(p.items()) if v is not None)
        return f" {{{inner}}}" if inner else ""

    if item.get("kind") == "edge":
        return f"({item['src']})-[:{item['type']}{props(item['props'])}]->({item['dst']})"
    return f"({item['label']}:{item['id']}{props(item['props'])})"
