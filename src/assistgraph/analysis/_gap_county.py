"""The gap rules about what a county has: projects, brands, resources, tasks, funds,
coordination (the pairing, training and funding rules are in :mod:`._gap_rules`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from ..i18n import N_, message
from ._gap_rules import OVERDUE_HIGH_DAYS, Ctx, Gap, Props, edge, gap, node, say

#: a project term in a message
TERM_WORDS = {"long": N_("long-term"), "medium": N_("medium-term"), "short": N_("short-term")}


def _projects_of(x: Ctx) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for pr, c in sorted(x.f.located("Project").items()):
        out[c].append(pr)
    return out


def missing_project_term(x: Ctx) -> Iterator[Gap]:
    projects = x.f.of("Project")
    by_county = _projects_of(x)
    for c in sorted(x.f.counties):
        own = by_county.get(c, [])
        terms = {projects[pr].get("term") for pr in own}
        for term in x.t.project_terms_required:
            if term in terms:
                continue
            yield gap(
                "missing_project_term",
                "medium",
                say("missing_project_term", term=message(TERM_WORDS.get(term, term))),
                basis="no_record",
                county_id=c,
                subject=term,
                detail={
                    "term": term,
                    "projects_checked": own,
                    "terms_present": sorted(t for t in terms if t),
                },
            )


def missing_livelihood(x: Ctx) -> Iterator[Gap]:
    projects = x.f.of("Project")
    by_county = _projects_of(x)
    for c in sorted(x.f.counties):
        own = [pr for pr in by_county.get(c, []) if projects[pr].get("category") == "livelihood"]
        subs = {projects[pr].get("subcategory") for pr in own}
        for sub in x.t.livelihood_subcategories_required:
            if sub in subs:
                continue
            yield gap(
                "missing_livelihood",
                "medium",
                say("missing_livelihood", subcategory=sub),
                basis="no_record",
                county_id=c,
                subject=sub,
                detail={
                    "subcategory": sub,
                    "livelihood_projects_checked": own,
                    "subcategories_present": sorted(s for s in subs if s),
                },
            )


def missing_employment_support(x: Ctx) -> Iterator[Gap]:
    projects = x.f.of("Project")
    by_county = _projects_of(x)
    workshops: dict[str, list[str]] = defaultdict(list)
    for w, c in x.f.located("Workshop").items():
        workshops[c].append(w)
    for c in sorted(x.f.counties):
        employment = [
            pr for pr in by_county.get(c, []) if projects[pr].get("category") == "employment"
        ]
        if employment or workshops.get(c):
            continue
        yield gap(
            "missing_employment_support",
            "medium",
            say("missing_employment_support"),
            basis="no_record",
            county_id=c,
            detail={"projects_checked": by_county.get(c, [])},
        )


def county_without_brand(x: Ctx) -> Iterator[Gap]:
    listed: dict[str, set[str]] = defaultdict(set)
    for b, c, _ in x.f.edges("BRAND_OF", "Brand", "County"):
        listed[c].add(b)
    promoters: dict[str, set[str]] = defaultdict(set)
    for p, b, _ in x.f.edges("PROMOTES", "Provider", "Brand"):
        promoters[b].add(p)
    minimum = x.t.min_brands_per_county
    for c in sorted(x.f.counties):
        brands = sorted(listed.get(c, set()))
        paired = set(x.paired.get(c, {}))
        counted = [b for b in brands if promoters.get(b, set()) & paired]
        if len(counted) >= minimum:
            continue
        yield gap(
            "county_without_brand",
            "medium",
            say("county_without_brand", minimum=minimum, counted=len(counted), listed=len(brands)),
            basis="no_record",
            county_id=c,
            detail={
                "brands": len(counted),
                "minimum": minimum,
                "listed": len(brands),
                "brand_ids": counted,
                "listed_ids": brands,
            },
            evidence=[edge("BRAND_OF", f"Brand:{b}", f"County:{c}") for b in brands],
        )


def unmatched_resource(x: Ctx) -> Iterator[Gap]:
    resources = x.f.of("Resource")
    county = x.f.located("Resource")
    industry = x.f.in_industry("Resource")
    caps = x.f.capabilities()
    near = x.f.chain_neighbours()
    for r in sorted(resources):
        ind, c = industry.get(r), county.get(r)
        if ind is None or c is None:
            continue  # resources without an industry are not checked
        checked = {ind} | near.get(ind, set())
        providers = sorted(x.paired.get(c, {}))
        if any(caps.get(p, set()) & checked for p in providers):
            continue
        name = resources[r].get("name_zh") or r.split("/", 1)[-1]
        yield gap(
            "unmatched_resource",
            "low",
            say(
                "unmatched_resource",
                resource=name,
                industry=x.f.name("Industry", ind)[0],
                industry_id=ind,
            ),
            basis="no_record",
            county_id=c,
            subject=name,
            detail={
                "resource_id": r,
                "resource": name,
                "industry_id": ind,
                "industries_checked": sorted(checked),
                "providers_checked": providers,
            },
            evidence=[node("Resource", r, resources[r])],
        )


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _tasks(x: Ctx) -> Iterator[tuple[str, Props, str | None, str | None]]:
    """(task id, props, county id, responsible provider or None for the task force)."""
    tasks = x.f.of("Task")
    county = x.f.located("Task")
    owner: dict[str, str | None] = {t: p.get("provider_id") for t, p in tasks.items()}
    for p, t, _ in x.f.edges("RESPONSIBLE_FOR", "Provider", "Task"):
        owner[t] = p
    for tid in sorted(tasks):
        yield tid, tasks[tid], county.get(tid), owner.get(tid)


def overdue_task(x: Ctx) -> Iterator[Gap]:
    for tid, props, c, p in _tasks(x):
        due = _date(props.get("due"))
        if props.get("status") != "open" or due is None or due >= x.as_of:
            continue
        late = (x.as_of - due).days
        yield gap(
            "overdue_task",
            "high" if late > OVERDUE_HIGH_DAYS else "medium",
            say("overdue_task", title=props.get("title") or tid, due=due.isoformat(), days=late),
            basis="record",
            rows=[props],
            county_id=c,
            provider_id=p,
            subject=tid,
            detail={
                "task_id": tid,
                "title": props.get("title"),
                "due": due.isoformat(),
                "as_of": x.as_of.isoformat(),
                "days_overdue": late,
                "task_force": p is None,
            },
            evidence=[node("Task", tid, props)],
        )


def late_closeout(x: Ctx) -> Iterator[Gap]:
    for tid, props, c, p in _tasks(x):
        due, closed = _date(props.get("due")), _date(props.get("closed_on"))
        if due is None or closed is None or closed <= due:
            continue
        late = (closed - due).days
        yield gap(
            "late_closeout",
            "low",
            say(
                "late_closeout",
                title=props.get("title") or tid,
                closed_on=closed.isoformat(),
                due=due.isoformat(),
                days=late,
            ),
            basis="record",
            rows=[props],
            county_id=c,
            provider_id=p,
            subject=tid,
            detail={
                "task_id": tid,
                "due": due.isoformat(),
                "closed_on": closed.isoformat(),
                "days_late": late,
                "status": props.get("status"),
                "task_force": p is None,
            },
            evidence=[node("Task", tid, props)],
        )


def fund_model(x: Ctx) -> Iterator[Gap]:
    funds = x.f.of("InvestmentFund")
    county = {fid: p.get("county_id") for fid, p in funds.items()}
    for fid, c, _ in x.f.edges("LED_BY", "InvestmentFund", "County"):
        county[fid] = c
    contributors: dict[str, set[str]] = defaultdict(set)
    for p, fid, _ in x.f.edges("CONTRIBUTES", "Provider", "InvestmentFund"):
        contributors[fid].add(p)
    industries: dict[str, set[str]] = defaultdict(set)
    for fid, i, _ in x.f.edges("INVESTS_IN", "InvestmentFund", "Industry"):
        industries[fid].add(i)
    for fid in sorted(funds):
        props, c = funds[fid], county.get(fid)
        if c is None:
            continue
        name = props.get("name_zh") or fid
        who = sorted(contributors.get(fid, set()))
        paired = [p for p in who if p in x.paired.get(c, {})]
        common = {"county_id": c, "basis": "record", "rows": [props]}
        if len(who) < 2 or not paired:
            yield gap(
                "fund_model",
                "medium",
                say("fund_joint", fund=name, n=len(who), paired=len(paired)),
                subject=f"{fid}:joint",
                detail={"fund_id": fid, "contributors": who, "paired_contributors": paired},
                evidence=[node("InvestmentFund", fid, props)],
                **common,  # type: ignore[arg-type]
            )
        inds = sorted(industries.get(fid, set()))
        if not any(x.key_or_characteristic(c, i) for i in inds):
            yield gap(
                "fund_model",
                "medium",
                say("fund_industry", fund=name),
                subject=f"{fid}:industry",
                detail={"fund_id": fid, "industry_ids": inds},
                evidence=[node("InvestmentFund", fid, props)],
                **common,  # type: ignore[arg-type]
            )


def missing_coordination(x: Ctx) -> Iterator[Gap]:
    holding = set(x.f.county_of_prefecture().values())
    mechanisms = x.f.of("Mechanism")
    covered = {
        p.get("prefecture_id") for p in mechanisms.values() if p.get("level") == "prefecture"
    }
    for m, pf, _ in x.f.edges("COORDINATES", "Mechanism", "Prefecture"):
        if mechanisms.get(m, {}).get("level") == "prefecture":
            covered.add(pf)
    for pf in sorted(holding - covered):
        yield gap(
            "missing_coordination",
            "medium",
            say("missing_coordination", prefecture=x.f.name("Prefecture", pf)[0]),
            basis="no_record",
            subject=pf,
            detail={"prefecture_id": pf, "mechanisms_checked": sorted(mechanisms)},
        )
