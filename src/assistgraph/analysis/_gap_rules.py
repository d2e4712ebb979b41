"""The gap rules of data contract v2, one function each (see :mod:`.gaps` for the table).

Each rule reads the indexed facts through one :class:`Ctx` (built once per run: the
current pairings, the analysis date, the targets) and yields gap dicts made by
:func:`gap`. Messages are whole format strings (:data:`MESSAGES`), one per rule and
situation, so that they can be translated as they are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..graph import Facts, rel_props
from ..i18n import N_, Message, message, named
from ..schema import CONFIDENCE, FORCE_NAMES, SOE_FORCES
from ..targets import Targets

Gap = dict[str, Any]
Props = dict[str, Any]

OVERDUE_HIGH_DAYS = 90
IDENTITY: tuple[str, ...] = ("rule", "county_id", "provider_id", "force", "year", "subject")

#: One whole sentence per rule and situation (``no_record`` ones say "no record of …").
MESSAGES: dict[str, str] = {
    "missing_force": N_("no record of any {force} provider paired with the county"),
    "training_mean": N_("{mean:g} trainees a year on average over {years}, target {target}"),
    "training_mean_none": N_("no record of trainees in {years}, target {target} a year on average"),
    "training_year": N_("{trainees} trainees in {year}, target {target}"),
    "training_year_none": N_("no record of trainees in {year}, target {target}"),
    "department_none": N_(
        "no record of key-support projects funded in the county in {year}, target {lo}–{hi}"
    ),
    "department": N_("funds {n} key-support projects in the county in {year}, target {lo}–{hi}"),
    "soe_without_agreement": N_("no record of an agreement between the paired SOE and the county"),
    "agreement_without_fund_share": N_(
        "the SOE's agreement with the county (signed {signed_on}) states no fund share"
    ),
    "soe_annual_funding": N_(
        "no record of the paired SOE funding a project in the county in {year}"
    ),
    "soe_key_industries_none": N_(
        "no record of the SOE supporting a key or characteristic "
        "industry of the county, target {lo}–{hi}"
    ),
    "soe_key_industries": N_(
        "supports {n} key or characteristic industries of the county, target {lo}–{hi}"
    ),
    "soe_pairing_structure": N_("{n} {force} providers paired with the county, at most {limit}"),
    "soe_roster_none": N_("no record of an SOE with a current pairing, roster {target}"),
    "soe_roster": N_("{n} SOEs with a current pairing, roster {target}"),
    "cadres": N_("{cadres} county cadres trained in {year}, target {target}"),
    "cadres_none": N_("no record of county cadres trained in {year}, target {target}"),
    "missing_project_term": N_("no record of a {term} project in the county"),
    "missing_livelihood": N_("no record of a {subcategory} livelihood project in the county"),
    "missing_employment_support": N_(
        "no record of a workshop or an employment project in the county"
    ),
    "county_without_brand": N_(
        "no record of {minimum} brand(s) listing the county and promoted "
        "by a provider paired with it ({counted} found; {listed} list the county)"
    ),
    "unmatched_resource": N_(
        "{resource}: no record of a paired provider capable in "
        "{industry} ({industry_id}) or one chain link from it"
    ),
    "overdue_task": N_("task {title!r} was due {due}, {days} days ago, and is still open"),
    "late_closeout": N_(
        "task {title!r} was closed out on {closed_on}, {days} days after its due date {due}"
    ),
    "fund_joint": N_(
        "fund {fund}: {n} contributing provider(s), {paired} paired with the county "
        "(county leading, joint investment)"
    ),
    "fund_industry": N_(
        "fund {fund}: none of its industries is a key or characteristic industry of the county"
    ),
    "missing_coordination": N_(
        "no record of a prefecture-level coordination mechanism for {prefecture}"
    ),
}


def say(key: str, **kw: Any) -> Message:
    """The message ``key`` of :data:`MESSAGES` filled from ``kw``, in every language."""
    return message(MESSAGES[key], **kw)


def force_word(force: str) -> Message:
    """A force in a message: its Chinese name in Chinese, its id in English."""
    return named(FORCE_NAMES[force][0], force) if force in FORCE_NAMES else named(force, force)


def weakest(rows: Iterable[Props]) -> str | None:
    """The weakest ``confidence`` of ``rows`` (a row without one counts as ``high``).

    >>> weakest([{"confidence": "low"}, {}]), weakest([])
    ('low', None)
    """
    worst = -1
    for props in rows:
        c = props.get("confidence") or "high"
        worst = max(worst, CONFIDENCE.index(c) if c in CONFIDENCE else 0)
    return None if worst < 0 else CONFIDENCE[worst]


def gap_id(g: Gap) -> str:
    """The gap's identity: the six identity fields joined by ``|`` (null as empty)."""
    return "|".join("" if g[k] is None else str(g[k]) for k in IDENTITY)


def gap(
    rule: str,
    severity: str,
    message: str,
    *,
    basis: str,
    rows: Iterable[Props] = (),
    county_id: str | None = None,
    provider_id: str | None = None,
    force: str | None = None,
    year: int | None = None,
    subject: str | None = None,
    detail: dict[str, Any],
    evidence: list[dict[str, Any]] | None = None,
) -> Gap:
    """A gap dict; ``rows``: the evidence rows counted (their weakest confidence)."""
    g: Gap = {
        "id": "",
        "rule": rule,
        "county_id": county_id,
        "provider_id": provider_id,
        "force": force,
        "year": year,
        "subject": subject,
        "basis": basis,
        "confidence": weakest(rows) if basis == "record" else None,
        "severity": severity,
        "message": message,
        "messages": message.translations
        if isinstance(message, Message)
        else dict.fromkeys(("en", "zh"), message),
        "detail": detail,
        "evidence": evidence or [],
    }
    g["id"] = gap_id(g)
    return g


def edge(rtype: str, src: str, dst: str, props: Props | None = None) -> dict[str, Any]:
    return {"kind": "edge", "type": rtype, "src": src, "dst": dst, "props": rel_props(props or {})}


def node(label: str, nid: str, props: Props) -> dict[str, Any]:
    return {
        "kind": "node",
        "label": label,
        "id": nid,
        "props": {k: v for k, v in props.items() if k not in ("id", "label")},
    }


def below(value: float, target: float) -> str:
    return "high" if value < target / 2 else "medium"


def outside(count: int, hi: int) -> str:
    if count == 0:
        return "high"
    return "low" if count > hi else "medium"


def _year(value: Any) -> int | None:
    if value is None:
        return None
    try:
        return int(str(value)[:4])
    except ValueError:
        return None


@dataclass
class Ctx:
    """What every rule reads, built once per run."""

    f: Facts
    t: Targets
    as_of: dt.date
    year: int | None = None
    #: county id -> {provider id: pairing props}, current pairings only
    paired: dict[str, dict[str, Props]] = field(default_factory=dict)
    #: (county id, industry id) -> role of the county's industry
    roles: dict[tuple[str, str], str] = field(default_factory=dict)
    _years: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, f: Facts, t: Targets, as_of: dt.date, year: int | None) -> Ctx:
        paired: dict[str, dict[str, Props]] = defaultdict(dict)
        for p, c, props in f.edges("PAIRED_WITH", "Provider", "County"):
            until = _year(props.get("until"))
            if until is None or until >= as_of.year:  # an ended pairing counts for no rule
                paired[c][p] = props
        roles = {(c, i): str(pr.get("role")) for c, i, pr in f.edges("HAS_INDUSTRY")}
        return cls(f, t, as_of, year, paired, roles)

    def years(self, rtype: str) -> list[int]:
        """The rule's years in scope: ``--year``, else every year of its evidence table."""
        if self.year is not None:
            return [int(self.year)]
        if rtype not in self._years:
            ys = {pr.get("year") for _, _, pr in self.f.edges(rtype)} - {None}
            self._years[rtype] = sorted({int(y) for y in ys})
        return self._years[rtype]

    def soes(self, c: str) -> list[str]:
        return sorted(p for p in self.paired.get(c, {}) if self.f.force_of(p) in SOE_FORCES)

    def key_or_characteristic(self, c: str, i: str) -> bool:
        return self.roles.get((c, i)) in ("key", "characteristic")


# -- pairings ------------------------------------------------------------------------------


def missing_force(x: Ctx) -> Iterator[Gap]:
    for c in sorted(x.f.counties):
        present = {x.f.force_of(p) for p in x.paired.get(c, {})}
        for force in x.t.forces_required:
            if force in present:
                continue
            yield gap(
                "missing_force",
                "high",
                say("missing_force", force=force_word(force)),
                basis="no_record",
                county_id=c,
                force=force,
                detail={
                    "force": force,
                    "providers_checked": sorted(x.paired.get(c, {})),
                    "forces_present": sorted(fo for fo in present if fo),
                },
            )


def soe_pairing_structure(x: Ctx) -> Iterator[Gap]:
    limits = {
        "central_soe": x.t.central_soes_per_county,
        "provincial_soe": x.t.local_soes_per_county,
    }
    for c in sorted(x.f.counties):
        for force in ("central_soe", "provincial_soe"):
            ps = [p for p in x.soes(c) if x.f.force_of(p) == force]
            if len(ps) <= limits[force]:
                continue
            rows = [x.paired[c][p] for p in ps]
            yield gap(
                "soe_pairing_structure",
                "low",
                say(
                    "soe_pairing_structure", n=len(ps), force=force_word(force), limit=limits[force]
                ),
                basis="record",
                rows=rows,
                county_id=c,
                force=force,
                detail={"soes": len(ps), "limit": limits[force], "provider_ids": ps},
                evidence=[
                    edge("PAIRED_WITH", f"Provider:{p}", f"County:{c}", x.paired[c][p]) for p in ps
                ],
            )


def soe_roster_size(x: Ctx) -> Iterator[Gap]:
    rows = {(p, c): x.paired[c][p] for c in x.paired for p in x.soes(c)}
    soes = sorted({p for p, _ in rows})
    target = x.t.soes_total
    if len(soes) == target:
        return
    none = not soes
    yield gap(
        "soe_roster_size",
        "medium" if len(soes) < target else "low",
        say("soe_roster_none" if none else "soe_roster", n=len(soes), target=target),
        basis="no_record" if none else "record",
        rows=rows.values(),
        detail={"soes": len(soes), "target": target, "provider_ids": soes},
    )


# -- training and cadres ---------------------------------------------------------------------


def training_below_target(x: Ctx) -> Iterator[Gap]:
    target = x.t.trainees_per_county_year
    years = x.years("TRAINED")
    if not years:
        return
    rows: dict[tuple[str, int], list[tuple[str, Props]]] = defaultdict(list)
    for p, c, props in x.f.edges("TRAINED", "Provider", "County"):
        if props.get("year") is not None:
            rows[(c, int(props["year"]))].append((p, props))
    each = x.year is not None or x.t.training_rule == "each_year"
    for c in sorted(x.f.counties):
        by_year = {
            y: sum(int(pr.get("trainees") or 0) for _, pr in rows.get((c, y), [])) for y in years
        }
        if each:
            for y in years:
                found = rows.get((c, y), [])
                total = by_year[y]
                if total >= target:
                    continue
                key = "training_year" if found else "training_year_none"
                yield gap(
                    "training_below_target",
                    below(total, target),
                    say(key, trainees=total, year=y, target=target),
                    basis="record" if found else "no_record",
                    rows=[pr for _, pr in found],
                    county_id=c,
                    year=y,
                    detail={
                        "trainees": total,
                        "target": target,
                        "shortfall": target - total,
                        "by_provider": {
                            p: int(pr.get("trainees") or 0)
                            for p, pr in sorted(found, key=lambda r: r[0])
                        },
                    },
                    evidence=[
                        edge("TRAINED", f"Provider:{p}", f"County:{c}", pr) for p, pr in found
                    ],
                )
            continue
        mean = sum(by_year.values()) / len(years)
        if mean >= target:
            continue
        found = [r for y in years for r in rows.get((c, y), [])]
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        yield gap(
            "training_below_target",
            below(mean, target),
            say(
                "training_mean" if found else "training_mean_none",
                mean=round(mean, 1),
                years=span,
                target=target,
            ),
            basis="record" if found else "no_record",
            rows=[pr for _, pr in found],
            county_id=c,
            detail={
                "mean": mean,
                "by_year": {str(y): by_year[y] for y in years},
                "target": target,
                "shortfall": target - mean,
                "years": years,
            },
            evidence=[edge("TRAINED", f"Provider:{p}", f"County:{c}", pr) for p, pr in found],
        )


def cadre_training_below_target(x: Ctx) -> Iterator[Gap]:
    target = x.t.cadres_trained_per_year
    rows: dict[int, list[tuple[str, str, Props]]] = defaultdict(list)
    for p, c, props in x.f.edges("EXCHANGED_CADRES", "Provider", "County"):
        if props.get("direction") == "from_county" and props.get("year") is not None:
            rows[int(props["year"])].append((p, c, props))
    for y in x.years("EXCHANGED_CADRES"):
        found = sorted(rows.get(y, []), key=lambda r: r[:2])
        total = sum(int(pr.get("count") or 0) for _, _, pr in found)
        if total >= target:
            continue
        by_county: dict[str, int] = defaultdict(int)
        for _, c, pr in found:
            by_county[c] += int(pr.get("count") or 0)
        yield gap(
            "cadre_training_below_target",
            below(total, target),
            say("cadres" if found else "cadres_none", cadres=total, year=y, target=target),
            basis="record" if found else "no_record",
            rows=[pr for *_, pr in found],
            year=y,
            detail={
                "cadres": total,
                "target": target,
                "shortfall": target - total,
                "by_county": dict(sorted(by_county.items())),
            },
            evidence=[
                edge("EXCHANGED_CADRES", f"Provider:{p}", f"County:{c}", pr) for p, c, pr in found
            ],
        )


# -- funding and SOEs --------------------------------------------------------------------------


def _funded(x: Ctx) -> dict[tuple[str, str, int], list[tuple[str, Props]]]:
    """(provider, county of the project, year) -> [(project id, FUNDS props)]."""
    county = x.f.located("Project")
    out: dict[tuple[str, str, int], list[tuple[str, Props]]] = defaultdict(list)
    for p, pr, props in x.f.edges("FUNDS", "Provider", "Project"):
        c = county.get(pr)
        if c is not None and props.get("year") is not None:
            out[(p, c, int(props["year"]))].append((pr, props))
    return out


def department_key_projects(
    x: Ctx, funded: dict[tuple[str, str, int], list[tuple[str, Props]]]
) -> Iterator[Gap]:
    lo, hi = x.t.key_projects_per_department_year
    projects = x.f.of("Project")
    years = x.years("FUNDS")
    for c in sorted(x.f.counties):
        for p, props in sorted(x.paired.get(c, {}).items()):
            if x.f.force_of(p) != "provincial_department" or props.get("role") == "member":
                continue
            for y in years:
                got: dict[str, Props] = {}
                for pr, fp in funded.get((p, c, y), []):
                    if projects.get(pr, {}).get("key_support") is True:
                        got[pr] = fp
                n = len(got)
                if lo <= n <= hi:
                    continue
                yield gap(
                    "department_key_projects",
                    outside(n, hi),
                    say("department" if n else "department_none", n=n, year=y, lo=lo, hi=hi),
                    basis="record" if n else "no_record",
                    rows=got.values(),
                    county_id=c,
                    provider_id=p,
                    year=y,
                    detail={"key_projects": n, "target": [lo, hi], "project_ids": sorted(got)},
                    evidence=[
                        edge("FUNDS", f"Provider:{p}", f"Project:{pr}", got[pr])
                        for pr in sorted(got)
                    ],
                )


def soe_without_agreement(x: Ctx) -> Iterator[Gap]:
    agreements = x.f.agreements()
    signed: dict[str, list[str]] = defaultdict(list)
    for pp, cc in sorted(agreements):
        signed[pp].append(cc)
    for c in sorted(x.f.counties):
        for p in x.soes(c):
            if (p, c) in agreements:
                continue
            yield gap(
                "soe_without_agreement",
                "medium",
                say("soe_without_agreement"),
                basis="no_record",
                county_id=c,
                provider_id=p,
                detail={"agreements_with_other_counties": signed.get(p, [])},
                evidence=[edge("PAIRED_WITH", f"Provider:{p}", f"County:{c}", x.paired[c][p])],
            )


def agreement_without_fund_share(x: Ctx) -> Iterator[Gap]:
    nodes = x.f.of("Agreement")
    for (p, c), aid in sorted(x.f.agreements().items()):
        props = nodes.get(aid, {})
        if x.f.force_of(p) not in SOE_FORCES or props.get("fund_share_pct") is not None:
            continue
        yield gap(
            "agreement_without_fund_share",
            "low",
            say("agreement_without_fund_share", signed_on=props.get("signed_on") or "?"),
            basis="record",
            rows=[props],
            county_id=c,
            provider_id=p,
            detail={"agreement_id": aid, "signed_on": props.get("signed_on")},
            evidence=[node("Agreement", aid, props)],
        )


def soe_annual_funding(
    x: Ctx, funded: dict[tuple[str, str, int], list[tuple[str, Props]]]
) -> Iterator[Gap]:
    years = x.years("FUNDS")
    agreements = x.f.agreements()
    nodes = x.f.of("Agreement")
    for c in sorted(x.f.counties):
        for p in x.soes(c):
            aid = agreements.get((p, c))
            signed = _year(nodes.get(aid, {}).get("signed_on")) if aid else None
            start = signed if signed is not None else _year(x.paired[c][p].get("since"))
            for y in years:
                if (start is not None and y < start) or funded.get((p, c, y)):
                    continue
                yield gap(
                    "soe_annual_funding",
                    "medium",
                    say("soe_annual_funding", year=y),
                    basis="no_record",
                    county_id=c,
                    provider_id=p,
                    year=y,
                    detail={
                        "from_year": start,
                        "from": "agreement"
                        if signed is not None
                        else ("pairing" if start is not None else None),
                    },
                    evidence=[edge("PAIRED_WITH", f"Provider:{p}", f"County:{c}", x.paired[c][p])],
                )


def soe_key_industries(x: Ctx) -> Iterator[Gap]:
    lo, hi = x.t.key_industries_per_soe_county
    support: dict[tuple[str, str], list[tuple[str, Props]]] = defaultdict(list)
    for p, i, props in x.f.edges("SUPPORTS_INDUSTRY", "Provider", "Industry"):
        if props.get("county_id") is not None:
            support[(p, str(props["county_id"]))].append((i, props))
    for c in sorted(x.f.counties):
        for p in x.soes(c):
            rows = support.get((p, c), [])
            counted = {i: pr for i, pr in rows if x.key_or_characteristic(c, i)}
            other = sorted({i for i, _ in rows} - set(counted))
            n = len(counted)
            if lo <= n <= hi:
                continue
            yield gap(
                "soe_key_industries",
                outside(n, hi),
                say("soe_key_industries" if n else "soe_key_industries_none", n=n, lo=lo, hi=hi),
                basis="record" if n else "no_record",
                rows=counted.values(),
                county_id=c,
                provider_id=p,
                detail={
                    "industries": n,
                    "target": [lo, hi],
                    "industry_ids": sorted(counted),
                    "other": other,
                },
                evidence=[
                    edge("SUPPORTS_INDUSTRY", f"Provider:{p}", f"Industry:{i}", pr)
                    for i, pr in sorted(rows, key=lambda r: r[0])
                ],
            )
