"""Coverage gaps: every rule of the data contract's "Gap rules" table.

Each gap is a plain dict::

    {"rule": "training_below_target", "severity": "high", "county_id": "C1",
     "provider_id": None, "force": None, "year": 2024,
     "message": "…", "detail": {...figures...}, "evidence": [...rows/edges...]}

``detail`` holds the figures behind the gap (e.g. trainees vs target and the
providers checked); ``evidence`` lists the graph facts it rests on (edges and
nodes as ``{"kind", "type"/"label", "src", "dst"/"id", "props"}``); for a
missing fact it lists what was checked.

Rules (ids are stable API)
--------------------------
=============================  ====================  ==========================================
rule                           one gap per           fires when
=============================  ====================  ==========================================
missing_force                  county × force        no provider of the force is paired with it
training_below_target          county × year         trainees that year (all providers) < target
department_key_projects        department × year     distinct key-support projects it funds that
                                                     year (0 included) outside the target range
soe_without_agreement          SOE × county          a paired SOE has no agreement with the county
soe_key_industries             SOE                   distinct industries it supports outside range
cadre_training_below_target    year                  ``from_county`` cadres that year < target
missing_project_term           county × term         no project of that term in the county
county_without_brand           county                fewer brands list the county than the minimum
unmatched_resource             county × resource     no paired provider is capable in the
                                                     resource's industry or one chain link away
overdue_task                   task                  status ``open`` and due before ``as_of``
missing_livelihood             county × subcategory  no livelihood project of that subcategory
=============================  ====================  ==========================================

Years considered by the year-based rules (training, department key projects,
cadres): every year of a ``TRAINED``, ``EXCHANGED_CADRES`` or ``FUNDS``
relationship, or only ``year`` when given. Every county is checked every
considered year; a county without training rows that year has 0 trainees.

Severity
--------
``high``, ``medium`` or ``low`` (gaps are sorted most severe first):

* ``high``: ``missing_force``; ``training_below_target`` and
  ``cadre_training_below_target`` when the figure is below half the target;
  ``department_key_projects`` and ``soe_key_industries`` when the count is 0;
  ``overdue_task`` more than 90 days late.
* ``low``: ``department_key_projects`` and ``soe_key_industries`` above the
  range (too many rather than too few); ``unmatched_resource`` (an opportunity).
* ``medium``: everything else.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..errors import AnalysisError
from ..graph import Facts, as_of_date, facts, resolve_ids
from ..schema import FORCE_NAMES, FORCES, SOE_FORCES
from ..targets import Targets

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = [
    "RULES",
    "SEVERITIES",
    "coverage_matrix",
    "evidence_text",
    "find_gaps",
    "gaps_frame",
]

RULES: tuple[str, ...] = (
    "missing_force",
    "training_below_target",
    "department_key_projects",
    "soe_without_agreement",
    "soe_key_industries",
    "cadre_training_below_target",
    "missing_project_term",
    "county_without_brand",
    "unmatched_resource",
    "overdue_task",
    "missing_livelihood",
)
SEVERITIES: dict[str, int] = {"high": 3, "medium": 2, "low": 1}
OVERDUE_HIGH_DAYS = 90

Gap = dict[str, Any]

#: Rules that check every considered year (see the module's docstring).
YEAR_RULES: frozenset[str] = frozenset(
    {"training_below_target", "department_key_projects", "cadre_training_below_target"}
)
#: Rules whose gaps concern no county (dropped by a county or prefecture filter).
NO_COUNTY_RULES: frozenset[str] = frozenset(
    {"department_key_projects", "soe_key_industries", "cadre_training_below_target"}
)
#: ``department(years, targets)``: the ``department_key_projects`` gaps, computed elsewhere.
DepartmentRule = Callable[[list[int], Targets], Iterable[Gap]]


def _edge(rtype: str, src: str, dst: str, props: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"kind": "edge", "type": rtype, "src": src, "dst": dst, "props": dict(props or {})}


def _node(label: str, nid: str, props: dict[str, Any]) -> dict[str, Any]:
    keep = {k: v for k, v in props.items() if k not in ("id",)}
    return {"kind": "node", "label": label, "id": nid, "props": keep}


def _gap(
    rule: str,
    severity: str,
    message: str,
    *,
    county_id: str | None = None,
    provider_id: str | None = None,
    force: str | None = None,
    year: int | None = None,
    detail: dict[str, Any],
    evidence: list[dict[str, Any]],
) -> Gap:
    return {
        "rule": rule,
        "severity": severity,
        "county_id": county_id,
        "provider_id": provider_id,
        "force": force,
        "year": year,
        "message": message,
        "detail": detail,
        "evidence": evidence,
    }


def _below(value: float, target: float) -> str:
    return "high" if value < target / 2 else "medium"


def _outside(count: int, lo: int, hi: int) -> str:
    if count == 0:
        return "high"
    return "low" if count > hi else "medium"


# -- rules ---------------------------------------------------------------------


def _missing_force(f: Facts, t: Targets) -> Iterable[Gap]:
    paired = f.paired()
    for c in sorted(f.counties):
        by_force: dict[str, list[str]] = defaultdict(list)
        for p in sorted(paired.get(c, {})):
            by_force[f.force_of(p) or ""].append(p)
        for force in t.forces_required:
            if by_force.get(force):
                continue
            checked = sorted(paired.get(c, {}))
            yield _gap(
                "missing_force",
                "high",
                f"no {force} ({FORCE_NAMES[force][0]}) provider is paired with the county",
                county_id=c,
                force=force,
                detail={
                    "force": force,
                    "providers_checked": checked,
                    "forces_present": sorted(k for k in by_force if k),
                },
                evidence=[
                    _edge("PAIRED_WITH", f"Provider:{p}", f"County:{c}", paired[c][p])
                    for p in checked
                ],
            )


def _training(f: Facts, t: Targets, years: list[int]) -> Iterable[Gap]:
    target = t.trainees_per_county_year
    rows: dict[tuple[str, int], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for p, c, props in f.edges("TRAINED", "Provider", "County"):
        if props.get("year") is not None:
            rows[(c, int(props["year"]))].append((p, props))
    paired = f.paired()
    for c in sorted(f.counties):
        for y in years:
            found = sorted(rows.get((c, y), []), key=lambda r: r[0])
            total = sum(int(props.get("trainees") or 0) for _, props in found)
            if total >= target:
                continue
            yield _gap(
                "training_below_target",
                _below(total, target),
                f"{total} trainees in {y}, target {target}",
                county_id=c,
                year=y,
                detail={
                    "trainees": total,
                    "target": target,
                    "shortfall": target - total,
                    "by_provider": {p: int(props.get("trainees") or 0) for p, props in found},
                    "providers_checked": sorted(paired.get(c, {})),
                },
                evidence=[_edge("TRAINED", f"Provider:{p}", f"County:{c}", pr) for p, pr in found],
            )


def _department_projects(f: Facts, t: Targets, years: list[int]) -> Iterable[Gap]:
    lo, hi = t.key_projects_per_department_year
    projects = f.of("Project")
    funded: dict[tuple[str, int], dict[str, dict[str, Any]]] = defaultdict(dict)
    for p, pr, props in f.edges("FUNDS", "Provider", "Project"):
        if props.get("year") is not None and projects.get(pr, {}).get("key_support") is True:
            funded[(p, int(props["year"]))][pr] = props
    county = f.located("Project")
    for p in departments(f):
        for y in years:
            got = funded.get((p, y), {})
            if not lo <= len(got) <= hi:
                yield department_gap(p, y, got, (lo, hi), projects, county)


def departments(f: Facts) -> list[str]:
    """Ids of the provincial departments (providers of the first force), sorted."""
    return sorted(p for p, d in f.providers.items() if d.get("force") == FORCES[0])


def department_gap(
    p: str,
    y: int,
    got: dict[str, dict[str, Any]],
    target: tuple[int, int],
    projects: dict[str, dict[str, Any]],
    county: dict[str, str],
) -> Gap:
    """The ``department_key_projects`` gap of department ``p`` in year ``y``.

    ``got``: key-support project id -> props of the ``FUNDS`` edge that year;
    ``projects``: Project id -> props; ``county``: Project id -> county id.
    """
    lo, hi = target
    n = len(got)
    return _gap(
        "department_key_projects",
        _outside(n, lo, hi),
        f"funds {n} key-support projects in {y}, target {lo}–{hi}",
        provider_id=p,
        force=FORCES[0],
        year=y,
        detail={
            "key_projects": n,
            "target": [lo, hi],
            "project_ids": sorted(got),
            "counties": sorted({county[pr] for pr in got if pr in county}),
        },
        evidence=[_edge("FUNDS", f"Provider:{p}", f"Project:{pr}", got[pr]) for pr in sorted(got)]
        + [_node("Project", pr, projects[pr]) for pr in sorted(got)],
    )


def _soe_agreements(f: Facts, t: Targets) -> Iterable[Gap]:
    if not t.soe_agreement_required:
        return
    agreements = f.agreements()
    signed_by: dict[str, list[str]] = defaultdict(list)
    for p, c in agreements:
        signed_by[p].append(c)
    for p, c, props in sorted(f.edges("PAIRED_WITH", "Provider", "County"), key=lambda e: e[:2]):
        force = f.force_of(p)
        if force not in SOE_FORCES or (p, c) in agreements:
            continue
        yield _gap(
            "soe_without_agreement",
            "medium",
            "the SOE is paired with the county but has signed no agreement with it",
            county_id=c,
            provider_id=p,
            force=force,
            detail={"agreements_with_other_counties": sorted(signed_by.get(p, []))},
            evidence=[_edge("PAIRED_WITH", f"Provider:{p}", f"County:{c}", props)],
        )


def _soe_industries(f: Facts, t: Targets) -> Iterable[Gap]:
    lo, hi = t.key_industries_per_soe
    support: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for p, i, props in f.edges("SUPPORTS_INDUSTRY", "Provider", "Industry"):
        support[p].append((i, props))
    for p in sorted(p for p, d in f.providers.items() if d.get("force") in SOE_FORCES):
        rows = sorted(support.get(p, []), key=lambda r: (r[0], str(r[1].get("county_id"))))
        industries = sorted({i for i, _ in rows})
        n = len(industries)
        if lo <= n <= hi:
            continue
        yield _gap(
            "soe_key_industries",
            _outside(n, lo, hi),
            f"supports {n} distinct industries, target {lo}–{hi}",
            provider_id=p,
            force=f.force_of(p),
            detail={
                "industries": n,
                "target": [lo, hi],
                "industry_ids": industries,
                "counties": sorted({str(pr.get("county_id")) for _, pr in rows}),
            },
            evidence=[
                _edge("SUPPORTS_INDUSTRY", f"Provider:{p}", f"Industry:{i}", pr) for i, pr in rows
            ],
        )


def _cadres(f: Facts, t: Targets, years: list[int]) -> Iterable[Gap]:
    target = t.cadres_trained_per_year
    rows: dict[int, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for p, c, props in f.edges("EXCHANGED_CADRES", "Provider", "County"):
        if props.get("direction") == "from_county" and props.get("year") is not None:
            rows[int(props["year"])].append((p, c, props))
    for y in years:
        found = sorted(rows.get(y, []), key=lambda r: r[:2])
        total = sum(int(pr.get("count") or 0) for _, _, pr in found)
        if total >= target:
            continue
        yield _gap(
            "cadre_training_below_target",
            _below(total, target),
            f"{total} county cadres trained in {y}, target {target}",
            year=y,
            detail={
                "cadres": total,
                "target": target,
                "shortfall": target - total,
                "by_county": _sum_by(found, 1),
            },
            evidence=[
                _edge("EXCHANGED_CADRES", f"Provider:{p}", f"County:{c}", pr) for p, c, pr in found
            ],
        )


def _sum_by(rows: list[tuple[str, str, dict[str, Any]]], idx: int) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for r in rows:
        out[r[idx]] += int(r[2].get("count") or 0)
    return dict(sorted(out.items()))


def _county_projects(f: Facts) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for pr, c in sorted(f.located("Project").items()):
        out[c].append(pr)
    return out


def _project_terms(f: Facts, t: Targets) -> Iterable[Gap]:
    projects = f.of("Project")
    by_county = _county_projects(f)
    for c in sorted(f.counties):
        own = by_county.get(c, [])
        terms = {projects[pr].get("term") for pr in own}
        for term in t.project_terms_required:
            if term in terms:
                continue
            yield _gap(
                "missing_project_term",
                "medium",
                f"no {term}-term project in the county",
                county_id=c,
                detail={
                    "term": term,
                    "projects_checked": own,
                    "terms_present": sorted(x for x in terms if x),
                },
                evidence=[_node("Project", pr, projects[pr]) for pr in own],
            )


def _brands(f: Facts, t: Targets) -> Iterable[Gap]:
    listed: dict[str, list[str]] = defaultdict(list)
    for b, c, _ in f.edges("BRAND_OF", "Brand", "County"):
        listed[c].append(b)
    for c in sorted(f.counties):
        brands = sorted(set(listed.get(c, [])))
        if len(brands) >= t.min_brands_per_county:
            continue
        yield _gap(
            "county_without_brand",
            "medium",
            f"{len(brands)} brands list the county, minimum {t.min_brands_per_county}",
            county_id=c,
            detail={"brands": len(brands), "minimum": t.min_brands_per_county, "brand_ids": brands},
            evidence=[_edge("BRAND_OF", f"Brand:{b}", f"County:{c}") for b in brands],
        )


def _resources(f: Facts) -> Iterable[Gap]:
    resources = f.of("Resource")
    county = f.located("Resource")
    industry = f.in_industry("Resource")
    paired = f.paired()
    caps = f.capabilities()
    near = f.chain_neighbours()
    for r in sorted(resources):
        ind = industry.get(r)
        c = county.get(r)
        if ind is None or c is None:
            continue  # resources without an industry are not checked
        checked = sorted({ind} | near.get(ind, set()))
        providers = sorted(paired.get(c, {}))
        if any(caps.get(p, set()) & set(checked) for p in providers):
            continue
        yield _gap(
            "unmatched_resource",
            "low",
            f"{resources[r].get('name_zh') or r}: no paired provider is capable in "
            f"{f.name('Industry', ind)[0]} ({ind}) or one chain link from it",
            county_id=c,
            detail={
                "resource_id": r,
                "resource": resources[r].get("name_zh"),
                "industry_id": ind,
                "industries_checked": checked,
                "providers_checked": providers,
            },
            evidence=[_node("Resource", r, resources[r])]
            + [
                _edge("PAIRED_WITH", f"Provider:{p}", f"County:{c}", paired[c][p])
                for p in providers
            ],
        )


def _tasks(f: Facts, as_of: dt.date) -> Iterable[Gap]:
    tasks = f.of("Task")
    county = f.located("Task")
    owner = {t: p.get("provider_id") for t, p in tasks.items()}
    for p, t, _ in f.edges("RESPONSIBLE_FOR", "Provider", "Task"):
        owner[t] = p
    for tid in sorted(tasks):
        props = tasks[tid]
        due = props.get("due")
        if props.get("status") != "open" or not due:
            continue
        due_date = dt.date.fromisoformat(str(due)[:10])
        if due_date >= as_of:
            continue
        late = (as_of - due_date).days
        p = owner.get(tid)
        yield _gap(
            "overdue_task",
            "high" if late > OVERDUE_HIGH_DAYS else "medium",
            f"task {props.get('title') or tid!r} was due {due_date.isoformat()}, {late} days ago",
            county_id=county.get(tid),
            provider_id=p,
            force=f.force_of(p),
            detail={
                "task_id": tid,
                "title": props.get("title"),
                "due": due_date.isoformat(),
                "as_of": as_of.isoformat(),
                "days_overdue": late,
            },
            evidence=[_node("Task", tid, props)],
        )


def _livelihood(f: Facts, t: Targets) -> Iterable[Gap]:
    projects = f.of("Project")
    by_county = _county_projects(f)
    for c in sorted(f.counties):
        own = [pr for pr in by_county.get(c, []) if projects[pr].get("category") == "livelihood"]
        subs = {projects[pr].get("subcategory") for pr in own}
        for sub in t.livelihood_subcategories_required:
            if sub in subs:
                continue
            yield _gap(
                "missing_livelihood",
                "medium",
                f"no {sub} livelihood project in the county",
                county_id=c,
                detail={
                    "subcategory": sub,
                    "livelihood_projects_checked": own,
                    "subcategories_present": sorted(s for s in subs if s),
                },
                evidence=[_node("Project", pr, projects[pr]) for pr in own],
            )


# -- public API ----------------------------------------------------------------


def _as_set(values: str | Iterable[str] | None) -> set[str] | None:
    if values is None:
        return None
    out = {values} if isinstance(values, str) else set(values)
    return out or None


def _all_gaps(
    f: Facts,
    targets: Targets,
    as_of: dt.date,
    years: list[int],
    rules: set[str] | None,
    department: DepartmentRule | None = None,
) -> list[Gap]:
    dept = department or (lambda ys, t: _department_projects(f, t, ys))
    makers = {
        "missing_force": lambda: _missing_force(f, targets),
        "training_below_target": lambda: _training(f, targets, years),
        "department_key_projects": lambda: dept(years, targets),
        "soe_without_agreement": lambda: _soe_agreements(f, targets),
        "soe_key_industries": lambda: _soe_industries(f, targets),
        "cadre_training_below_target": lambda: _cadres(f, targets, years),
        "missing_project_term": lambda: _project_terms(f, targets),
        "county_without_brand": lambda: _brands(f, targets),
        "unmatched_resource": lambda: _resources(f),
        "overdue_task": lambda: _tasks(f, as_of),
        "missing_livelihood": lambda: _livelihood(f, targets),
    }
    out: list[Gap] = []
    for rule in RULES:
        if rules is None or rule in rules:
            out.extend(makers[rule]())
    return out


def _sort_key(g: Gap) -> tuple[Any, ...]:
    return (
        -SEVERITIES[g["severity"]],
        RULES.index(g["rule"]),
        g["county_id"] or "",
        g["year"] or 0,
        g["provider_id"] or "",
        FORCES.index(g["detail"]["force"]) if g["rule"] == "missing_force" else 0,
        str(g["detail"].get("term") or ""),
        str(g["detail"].get("resource_id") or g["detail"].get("subcategory") or ""),
    )


def find_gaps(
    G: nx.MultiDiGraph,
    *,
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
    county: str | Iterable[str] | None = None,
    prefecture: str | Iterable[str] | None = None,
    force: str | Iterable[str] | None = None,
    rule: str | Iterable[str] | None = None,
) -> list[Gap]:
    """Find every gap of the contract's gap rules, most severe first.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The programme graph, as returned by ``Store.export_graph()``. Not modified.
    targets : Targets, optional
        Programme targets (default: the 2024 implementation plan).
    as_of : date or ISO string, optional
        Analysis date for ``overdue_task`` (default: today).
    year : int, optional
        Check only this year in the year-based rules (default: every year of the
        training, cadres and funding relationships).
    county, prefecture : str or list of str, optional
        Keep only gaps about these counties / counties of these prefectures (ids
        or names). Gaps that concern no county (department, SOE and cadre rules)
        are then dropped.
    force : str or list of str, optional
        Keep only gaps about this force: ``missing_force`` of that force, and gaps
        whose provider belongs to it.
    rule : str or list of str, optional
        Keep only these rules (ids of :data:`RULES`).

    Returns
    -------
    list of dict
        One dict per gap with ``rule``, ``severity``, ``county_id``,
        ``provider_id``, ``force``, ``year`` (``None`` where not applicable),
        ``message``, ``detail`` and ``evidence``.

    Raises
    ------
    AnalysisError
        On an unknown rule, force, county or prefecture.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("County:C1", label="County", id="C1", name_zh="一县")
    >>> gaps = find_gaps(G, rule="missing_force", as_of="2024-12-31")
    >>> [g["detail"]["force"] for g in gaps][:2]
    ['provincial_department', 'east_west']
    """
    return _find(
        facts(G),
        targets=targets,
        as_of=as_of,
        year=year,
        county=county,
        prefecture=prefecture,
        force=force,
        rule=rule,
    )


def _find(
    f: Facts,
    *,
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
    county: str | Iterable[str] | None = None,
    prefecture: str | Iterable[str] | None = None,
    force: str | Iterable[str] | None = None,
    rule: str | Iterable[str] | None = None,
    years: Callable[[], list[int]] | None = None,
    department: DepartmentRule | None = None,
) -> list[Gap]:
    """:func:`find_gaps` on indexed facts, with two hooks for ``analysis.pushdown``.

    ``years`` returns the years considered when ``year`` is None (default:
    ``f.years()``); ``department`` computes the ``department_key_projects`` gaps
    (default: from ``f``). Each is called only if a selected rule needs it, after
    the options were checked; rules whose every gap the filters would drop are
    not computed.
    """
    targets = targets or Targets()
    as_of = as_of_date(as_of)
    rules = _as_set(rule)
    if rules and not rules <= set(RULES):
        bad = sorted(rules - set(RULES))
        msg = f"unknown rule {', '.join(map(repr, bad))}; rules: {', '.join(RULES)}"
        raise AnalysisError(msg)
    forces = _as_set(force)
    if forces and not forces <= set(FORCES):
        bad = sorted(forces - set(FORCES))
        msg = f"unknown force {', '.join(map(repr, bad))}; forces: {', '.join(FORCES)}"
        raise AnalysisError(msg)
    counties = resolve_ids(f, "County", county, "county")
    prefs = resolve_ids(f, "Prefecture", prefecture, "prefecture")
    active = set(rules or RULES)
    if counties is not None or prefs is not None:
        active -= NO_COUNTY_RULES  # their gaps concern no county: all filtered out
    if forces is not None and FORCES[0] not in forces:
        active.discard("department_key_projects")  # every such gap is a department's
    ys = [int(year)] if year is not None else []
    if year is None and active & YEAR_RULES:  # (a store query: only when needed)
        ys = (years or f.years)()
    gaps = _all_gaps(f, targets, as_of, ys, active, department)
    if counties is not None:
        gaps = [g for g in gaps if g["county_id"] in counties]
    if prefs is not None:
        pref_of = f.county_of_prefecture()
        gaps = [g for g in gaps if pref_of.get(g["county_id"] or "") in prefs]
    if forces is not None:
        gaps = [g for g in gaps if g["force"] in forces]
    return sorted(gaps, key=_sort_key)


COUNTY_RULES: tuple[str, ...] = tuple(
    r
    for r in RULES
    if r not in ("department_key_projects", "soe_key_industries", "cadre_training_below_target")
)


def coverage_matrix(
    G: nx.MultiDiGraph,
    *,
    view: str = "forces",
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
) -> list[dict[str, Any]]:
    """Counties × forces or counties × targets, one dict per county.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The programme graph. Not modified.
    view : {"forces", "targets"}
        ``forces``: the number of paired providers of each of the five forces.
        ``targets``: the number of gaps of each county-level rule (0 = met), and
        ``total``.
    targets, as_of, year
        As in :func:`find_gaps` (``targets`` view only).

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
    >>> coverage_matrix(G)[0]["east_west"]
    1
    """
    return _coverage(facts(G), view=view, targets=targets, as_of=as_of, year=year)


def _coverage(
    f: Facts,
    *,
    view: str = "forces",
    targets: Targets | None = None,
    as_of: dt.date | str | None = None,
    year: int | None = None,
    years: Callable[[], list[int]] | None = None,
) -> list[dict[str, Any]]:
    """:func:`coverage_matrix` on indexed facts; ``years`` as in :func:`_find`."""
    pref_of = f.county_of_prefecture()
    rows = []
    if view == "forces":
        paired = f.paired()
        for c in sorted(f.counties):
            row = _county_head(f, c, pref_of)
            for force in FORCES:
                row[force] = sum(1 for p in paired.get(c, {}) if f.force_of(p) == force)
            rows.append(row)
        return rows
    if view != "targets":
        msg = f"unknown matrix view {view!r}; use forces or targets"
        raise AnalysisError(msg)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    ys = [int(year)] if year is not None else (years or f.years)()
    for g in _all_gaps(f, targets or Targets(), as_of_date(as_of), ys, set(COUNTY_RULES)):
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
    >>> gaps_frame(G, rule="missing_force")[["rule", "county_zh"]].iloc[0].tolist()
    ['missing_force', '一县']
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
