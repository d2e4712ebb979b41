"""The scorecard's indicators: the graph read into lookups once, then each indicator of a
county or a provider in one year (see :mod:`.scorecard` for their definitions)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..graph import Facts
from ..schema import SOE_FORCES
from ..targets import Targets
from ._exact import UNIT, exact, units

CLOSED: tuple[str, ...] = ("done", "closed")
NDIGITS = 6

Ind = dict[str, Any]


def rounded(x: Fraction | float | None) -> float | None:
    return None if x is None else round(float(x), NDIGITS)


def _in_force(since: Any, year: int) -> bool:
    return since is None or int(since) <= year


def _current(span: tuple[Any, Any], year: int) -> bool:
    """Whether a pairing ``(since, until)`` is in force in ``year``."""
    since, until = span
    return _in_force(since, year) and (until is None or int(until) >= year)


def _share(raw: int, target: int, **extra: Any) -> Ind:
    score = None if target == 0 else Fraction(raw, target)
    return {"score": score, "raw": raw, "target": target, **extra}


def _quantity(raw: Fraction | int, target: Fraction | float | int, **extra: Any) -> Ind:
    target_f = Fraction(target)
    score = Fraction(1) if target_f == 0 else min(Fraction(1), Fraction(raw) / target_f)
    return {"score": score, "raw": raw, "target": target, **extra}


def _na(raw: Any = None, target: Any = None, **extra: Any) -> Ind:
    return {"score": None, "raw": raw, "target": target, **extra}


# -- the graph as lookups ------------------------------------------------------


@dataclass
class _Data:
    """What the scorecard reads from the graph, as plain lookups (built once)."""

    f: Facts
    paired: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))
    pairs_of: dict[str, dict[str, Any]] = field(default_factory=lambda: defaultdict(dict))
    signed: dict[tuple[str, str], str | None] = field(default_factory=dict)
    trained: dict[tuple[str, str, int], int] = field(default_factory=lambda: defaultdict(int))
    cadres: dict[tuple[str, str, int, str], int] = field(default_factory=lambda: defaultdict(int))
    #: (provider, project, county, year, amount in exact units: see ._exact)
    funds: list[tuple[str, str, str | None, int, int]] = field(default_factory=list)
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)
    project_county: dict[str, str] = field(default_factory=dict)
    roles: dict[tuple[str, str], str] = field(default_factory=dict)
    promoters: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    workshops: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    training_years: list[int] = field(default_factory=list)
    funding_years: set[int] = field(default_factory=set)
    funded: set[tuple[str, str, int]] = field(default_factory=set)
    support: dict[str, list[tuple[str, str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    brands: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    tasks: list[dict[str, Any]] = field(default_factory=list)
    # indexes of the above by county (and year) or provider (and year)
    trained_cy: dict[tuple[str, int], dict[str, int]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    cadres_cy: dict[tuple[str, int], dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    funds_cy: dict[tuple[str, int], list[tuple[str, str, str | None, int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    funds_py: dict[tuple[str, int], list[tuple[str, str, str | None, int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    projects_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    tasks_of: dict[tuple[str, str | None], list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )


def read_data(f: Facts) -> _Data:
    d = _Data(f)
    for p, c, props in f.edges("PAIRED_WITH", "Provider", "County"):
        span = (_year(props.get("since")), _year(props.get("until")))
        d.paired[c][p] = span
        d.pairs_of[p][c] = span
    agreements = f.of("Agreement")
    for (p, c), aid in f.agreements().items():
        signed_on = agreements.get(aid, {}).get("signed_on")
        d.signed[(p, c)] = None if signed_on is None else str(signed_on)[:10]
    for p, c, props in f.edges("TRAINED", "Provider", "County"):
        if props.get("year") is not None:
            d.trained[(p, c, int(props["year"]))] += int(props.get("trainees") or 0)
    for p, c, props in f.edges("EXCHANGED_CADRES", "Provider", "County"):
        if props.get("year") is not None:
            key = (p, c, int(props["year"]), str(props.get("direction") or ""))
            d.cadres[key] += int(props.get("count") or 0)
    for p, pr, c, amount, props in f.funding_facts():  # once per funding fact: one pass
        if props.get("year") is not None:
            y = int(props["year"])
            row = (p, pr, c, y, units(amount))
            d.funds.append(row)
            d.funding_years.add(y)
            if c is not None:
                d.funded.add((p, c, y))
                d.funds_cy[(c, y)].append(row)
            d.funds_py[(p, y)].append(row)
    d.projects = f.of("Project")
    d.project_county = f.located("Project")
    for c, i, props in f.edges("HAS_INDUSTRY", "County", "Industry"):
        d.roles[(c, i)] = str(props.get("role"))
    for p, b, _ in f.edges("PROMOTES", "Provider", "Brand"):
        d.promoters[b].add(p)
    for w, c in sorted(f.located("Workshop").items()):
        d.workshops[c].append(w)
    d.training_years = sorted({y for (_, _, y) in d.trained})
    for p, i, props in f.edges("SUPPORTS_INDUSTRY", "Provider", "Industry"):
        if props.get("county_id"):
            d.support[str(props["county_id"])].append((i, p, props.get("since")))
    for b, c, _ in f.edges("BRAND_OF", "Brand", "County"):
        d.brands[c].add(b)
    tasks = f.of("Task")
    county = f.located("Task")
    owner = {t: p.get("provider_id") for t, p in tasks.items()}
    for p, t, _ in f.edges("RESPONSIBLE_FOR", "Provider", "Task"):
        owner[t] = p
    for tid, props in tasks.items():
        due = props.get("due")
        if not due:
            continue
        d.tasks.append(
            {
                "task_id": tid,
                "county_id": county.get(tid),
                "provider_id": owner.get(tid),
                "due": dt.date.fromisoformat(str(due)[:10]),
                "status": props.get("status"),
                "closed_on": props.get("closed_on"),
            }
        )
    d.tasks.sort(key=lambda t: t["task_id"])
    for (p, c, y), n in d.trained.items():
        d.trained_cy[(c, y)][p] = n
    for (_, c, y, direction), n in d.cadres.items():
        d.cadres_cy[(c, y)][direction] += n
    for pr, c in sorted(d.project_county.items()):
        d.projects_of[c].append(pr)
    for t in d.tasks:
        d.tasks_of[("county", t["county_id"])].append(t)
        d.tasks_of[("provider", t["provider_id"])].append(t)
    return d


def _year(value: Any) -> int | None:
    return None if value is None else int(str(value)[:4])


def _signed_by(d: _Data, p: str, c: str, year: int) -> bool:
    if (p, c) not in d.signed:
        return False
    on = d.signed[(p, c)]
    return on is None or on <= f"{year}-12-31"


def _tasks(tasks: list[dict[str, Any]], year: int, as_of: dt.date) -> Ind:
    closed, late, overdue, pending = [], [], [], []
    for t in tasks:
        if t["due"].year != year:
            continue
        closed_on = str(t.get("closed_on") or "")[:10]
        if closed_on and closed_on > t["due"].isoformat():  # closed out late (销号)
            late.append(t["task_id"])
        elif t["status"] in CLOSED:
            closed.append(t["task_id"])
        elif t["due"] < as_of:
            overdue.append(t["task_id"])
        else:
            pending.append(t["task_id"])
    detail = {"closed": closed, "overdue": overdue, "not_yet_due": pending}
    if late:
        detail["closed_late"] = late
    judged = len(closed) + len(late) + len(overdue)
    return _share(len(closed), judged, overdue=len(overdue), detail=detail)


# -- indicators ----------------------------------------------------------------


def county_indicators(d: _Data, t: Targets, c: str, y: int, as_of: dt.date) -> dict[str, Ind]:
    sc = t.scorecard
    f = d.f
    out: dict[str, Ind] = {}
    paired = {p: s for p, s in d.paired.get(c, {}).items() if _current(s, y)}

    by_force: dict[str, list[str]] = defaultdict(list)
    for p in sorted(paired):
        by_force[f.force_of(p) or ""].append(p)
    present = [fo for fo in t.forces_required if by_force.get(fo)]
    out["forces"] = _share(
        len(present),
        len(t.forces_required),
        detail={
            "present": {fo: by_force[fo] for fo in present},
            "missing": [fo for fo in t.forces_required if fo not in present],
        },
    )

    by_provider = d.trained_cy.get((c, y), {})
    if t.training_rule == "mean":  # averaged over the training years up to Y
        scope = [x for x in d.training_years if x <= y] or [y]
        by_year = {x: sum(d.trained_cy.get((c, x), {}).values()) for x in scope}
        out["trainees"] = _quantity(
            Fraction(sum(by_year.values()), len(scope)),
            t.trainees_per_county_year,
            detail={"by_year": {str(x): n for x, n in by_year.items()}},
        )
    else:
        out["trainees"] = _quantity(
            sum(by_provider.values()),
            t.trainees_per_county_year,
            detail={"by_provider": dict(sorted(by_provider.items()))},
        )

    rows = d.funds_cy.get((c, y), [])
    key = sorted({pr for _, pr, _, _, _ in rows if d.projects.get(pr, {}).get("key_support")})
    out["key_projects"] = _quantity(
        len(key), sc.key_projects_per_county_year, detail={"project_ids": key}
    )

    summed: dict[str, int] = defaultdict(int)
    for p, *_, a in rows:
        summed[p] += a
    total = exact(sum(summed.values()))
    population = f.counties.get(c, {}).get("population")
    # a / UNIT: int / int is correctly rounded, the float of exact(a) without a Fraction
    funds_detail = {"by_provider": {p: rounded(a / UNIT) for p, a in sorted(summed.items())}}
    if population:
        per_capita = total / int(population)
        out["funds_per_capita"] = _quantity(
            per_capita,
            sc.funds_per_capita_cny,
            funds_cny=rounded(total),
            population=int(population),
            detail=funds_detail,
        )
    else:
        out["funds_per_capita"] = _na(
            None, sc.funds_per_capita_cny, funds_cny=rounded(total), population=population
        )

    soes = sorted(p for p in paired if f.force_of(p) in SOE_FORCES)
    signed = [p for p in soes if _signed_by(d, p, c, y)]
    detail = {"signed": signed, "unsigned": [p for p in soes if p not in signed]}
    if t.soe_agreement_required:
        out["soe_agreements"] = _share(len(signed), len(soes), detail=detail)
    else:
        out["soe_agreements"] = _na(len(signed), len(soes), detail=detail)

    lo, hi = t.key_industries_per_soe_county
    counted: dict[str, set[str]] = defaultdict(set)
    for i, p, since in d.support.get(c, []):
        if _in_force(since, y) and d.roles.get((c, i)) in ("key", "characteristic"):
            counted[p].add(i)
    within = [p for p in soes if lo <= len(counted.get(p, ())) <= hi]
    out["key_industries"] = _share(
        len(within),
        len(soes),
        detail={
            "industries": {p: sorted(counted.get(p, ())) for p in soes},
            "outside": [p for p in soes if p not in within],
        },
    )

    due: list[str] = []  # SOEs due to fund a project in the county in Y
    for p in soes:
        signed = d.signed.get((p, c), "") if (p, c) in d.signed else None
        start = _year(signed) if signed else paired[p][0]
        if y in d.funding_years and (start is None or start <= y):
            due.append(p)
    funded = [p for p in due if (p, c, y) in d.funded]
    detail = {"funded": funded, "unfunded": [p for p in due if p not in funded]}
    if t.soe_annual_funding:
        out["soe_funding"] = _share(len(funded), len(due), detail=detail)
    else:
        out["soe_funding"] = _na(len(funded), len(due), detail=detail)

    listed = sorted(d.brands.get(c, set()))
    brands = [b for b in listed if d.promoters.get(b, set()) & set(paired)]
    out["brands"] = _quantity(
        len(brands), t.min_brands_per_county, detail={"brand_ids": brands, "listed": listed}
    )

    own = [
        pr
        for pr in d.projects_of.get(c, [])
        if _in_force(d.projects.get(pr, {}).get("start_year"), y)
    ]
    subs = {
        d.projects[pr].get("subcategory")
        for pr in own
        if d.projects[pr].get("category") == "livelihood"
    }
    got = [s for s in t.livelihood_subcategories_required if s in subs]
    out["livelihood"] = _share(
        len(got),
        len(t.livelihood_subcategories_required),
        detail={
            "covered": got,
            "missing": [s for s in t.livelihood_subcategories_required if s not in got],
        },
    )
    terms = {d.projects[pr].get("term") for pr in own}
    got = [x for x in t.project_terms_required if x in terms]
    out["project_terms"] = _share(
        len(got),
        len(t.project_terms_required),
        detail={
            "covered": got,
            "missing": [x for x in t.project_terms_required if x not in got],
            "project_ids": own,
        },
    )

    employment = [pr for pr in own if d.projects[pr].get("category") == "employment"]
    detail = {"workshops": d.workshops.get(c, []), "employment_projects": employment}
    has = int(bool(employment or d.workshops.get(c)))
    if t.employment_support_required:
        out["employment"] = _share(has, 1, detail=detail)
    else:
        out["employment"] = _na(has, 1, detail=detail)

    out["tasks_on_time"] = _tasks(d.tasks_of.get(("county", c), []), y, as_of)

    directions = d.cadres_cy.get((c, y), {})
    out["cadres"] = _quantity(
        sum(directions.values()),
        sc.cadres_per_county_year,
        detail={"by_direction": dict(sorted(directions.items()))},
    )
    return out


def provider_indicators(d: _Data, t: Targets, p: str, y: int, as_of: dt.date) -> dict[str, Ind]:
    f = d.f
    counties = sorted(c for c, s in d.pairs_of.get(p, {}).items() if _current(s, y))
    n = len(counties)
    out: dict[str, Ind] = {}

    signed = [c for c in counties if _signed_by(d, p, c, y)]
    detail = {"signed": signed, "unsigned": [c for c in counties if c not in signed]}
    if f.force_of(p) in SOE_FORCES and t.soe_agreement_required:
        out["agreements"] = _share(len(signed), n, detail=detail)
    else:
        out["agreements"] = _na(len(signed), n, detail=detail)

    summed: dict[str, int] = defaultdict(int)
    for _, _, c, _, amount in d.funds_py.get((p, y), []):
        if c is not None and amount > 0:
            summed[c] += amount
    by_county = {c: exact(a) for c, a in summed.items()}
    funded = [c for c in counties if by_county.get(c)]
    out["funding"] = _share(
        len(funded),
        n,
        detail={"funded": funded, "unfunded": [c for c in counties if c not in funded]},
    )

    trained = [c for c in counties if d.trained.get((p, c, y), 0) > 0]
    out["training"] = _share(
        len(trained),
        n,
        detail={
            "trained": {c: d.trained[(p, c, y)] for c in trained},
            "untrained": [c for c in counties if c not in trained],
        },
    )

    out["tasks_on_time"] = _tasks(d.tasks_of.get(("provider", p), []), y, as_of)

    total = sum(by_county.values(), Fraction(0))
    by_county_out = {c: rounded(a) for c, a in sorted(by_county.items())}
    if total > 0 and n:
        hhi = sum(((a / total) ** 2 for a in by_county.values()), Fraction(0))
        effective = 1 / hhi
        out["spread"] = {
            "score": min(Fraction(1), effective / n),
            "raw": rounded(effective),
            "target": n,
            "funds_cny": rounded(total),
            "hhi": rounded(hhi),
            "detail": {"by_county": by_county_out},
        }
    else:
        hhi_out = None
        if total > 0:
            hhi_out = rounded(sum(((a / total) ** 2 for a in by_county.values()), Fraction(0)))
        out["spread"] = _na(
            None, n, funds_cny=rounded(total), hhi=hhi_out, detail={"by_county": by_county_out}
        )
    return out
