"""The v2 gap rules computed again from the raw CSV files: plain Python, no graph, no
library code (only the targets are read with the library), written from the data
contract's "Gap rules" section. Used to cross-check ``gap_report`` on real-sized data.

Returns ``({gap id: (basis, confidence)}, {unchecked rule})``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

from assistgraph.targets import Targets

ORDER = ("high", "medium", "low", "inferred", "illustrative")
SOE = ("provincial_soe", "central_soe")
TRUE = {"true", "t", "yes", "y", "1", "是", "对", "√"}


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / f"{name}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)]


def _weakest(rows: list[dict[str, str]]) -> str:
    return max((r.get("confidence") or "high" for r in rows), key=ORDER.index)


def _year(text: str) -> int | None:
    return int(text[:4]) if text else None


def _date(text: str) -> dt.date:
    return dt.date(*map(int, text.replace("/", "-").replace(".", "-").split("-")))


def _ident(*parts: object) -> str:
    return "|".join("" if p is None else str(p) for p in parts)


def independent_gaps(
    folder: Path, targets: Targets, as_of: dt.date
) -> tuple[dict[str, tuple[str, str | None]], set[str]]:
    t = targets
    r = lambda name: _rows(folder, name)
    out: dict[str, tuple[str, str | None]] = {}
    unchecked: set[str] = set()
    counties = [c["id"] for c in r("counties")]
    pref_of = {c["id"]: c["prefecture_id"] for c in r("counties")}
    force = {p["id"]: p["force"] for p in r("providers")}
    pairings = r("pairings")
    current = [
        p for p in pairings if _year(p.get("until", "")) is None or _year(p["until"]) >= as_of.year
    ]
    paired: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for p in current:
        paired[p["county_id"]][p["provider_id"]] = p
    soe_pairs = [p for p in current if force[p["provider_id"]] in SOE]

    def rule(name: str, *tables: str) -> bool:
        if any(r(tb) for tb in tables):
            return True
        unchecked.add(name)
        return False

    # -- pairings
    if rule("missing_force", "pairings"):
        for c in counties:
            present = {force[p] for p in paired[c]}
            for f in t.forces_required:
                if f not in present:
                    out[_ident("missing_force", c, None, f, None, None)] = ("no_record", None)
    if rule("soe_pairing_structure", "pairings"):
        limit = {
            "central_soe": t.central_soes_per_county,
            "provincial_soe": t.local_soes_per_county,
        }
        for c in counties:
            for f in ("central_soe", "provincial_soe"):
                rows = [
                    p for p in soe_pairs if p["county_id"] == c and force[p["provider_id"]] == f
                ]
                if len(rows) > limit[f]:
                    key = _ident("soe_pairing_structure", c, None, f, None, None)
                    out[key] = ("record", _weakest(rows))
    if rule("soe_roster_size", "pairings"):
        n = len({p["provider_id"] for p in soe_pairs})
        if n != t.soes_total:
            out["soe_roster_size|||||"] = (
                ("record", _weakest(soe_pairs)) if n else ("no_record", None)
            )

    # -- training
    training = r("training")
    if rule("training_below_target", "training"):
        years = sorted({int(x["year"]) for x in training})
        for c in counties:
            rows = [x for x in training if x["county_id"] == c]
            total = sum(int(x["trainees"].replace(",", "")) for x in rows)
            if total / len(years) < t.trainees_per_county_year:
                basis = ("record", _weakest(rows)) if rows else ("no_record", None)
                out[_ident("training_below_target", c, None, None, None, None)] = basis

    # -- funding
    funding = r("funding")
    projects = {p["id"]: p for p in r("projects")}
    fyears = sorted({int(x["year"]) for x in funding})
    funded: dict[tuple[str, str, int], list[dict[str, str]]] = defaultdict(list)
    for x in funding:
        funded[(x["provider_id"], projects[x["project_id"]]["county_id"], int(x["year"]))].append(x)
    if rule("department_key_projects", "funding"):
        lo, hi = t.key_projects_per_department_year
        for p in current:
            pid, c = p["provider_id"], p["county_id"]
            if force[pid] != "provincial_department" or p.get("role") == "member":
                continue
            for y in fyears:
                rows = [
                    x
                    for x in funded[(pid, c, y)]
                    if projects[x["project_id"]].get("key_support", "").casefold() in TRUE
                ]
                n = len({x["project_id"] for x in rows})
                if not lo <= n <= hi:
                    key = _ident("department_key_projects", c, pid, None, y, None)
                    out[key] = ("record", _weakest(rows)) if n else ("no_record", None)
    agreements = {(a["provider_id"], a["county_id"]): a for a in r("agreements")}
    if t.soe_agreement_required and rule("soe_without_agreement", "agreements"):
        for p in soe_pairs:
            if (p["provider_id"], p["county_id"]) not in agreements:
                key = _ident(
                    "soe_without_agreement", p["county_id"], p["provider_id"], None, None, None
                )
                out[key] = ("no_record", None)
    if rule("agreement_without_fund_share", "agreements"):
        for (pid, c), a in agreements.items():
            if force[pid] in SOE and not a.get("fund_share_pct"):
                key = _ident("agreement_without_fund_share", c, pid, None, None, None)
                out[key] = ("record", _weakest([a]))
    if t.soe_annual_funding and rule("soe_annual_funding", "funding"):
        for p in soe_pairs:
            pid, c = p["provider_id"], p["county_id"]
            a = agreements.get((pid, c))
            start = _year(a["signed_on"]) if a else _year(p.get("since", ""))
            for y in fyears:
                if (start is None or y >= start) and not funded[(pid, c, y)]:
                    out[_ident("soe_annual_funding", c, pid, None, y, None)] = ("no_record", None)

    # -- industries
    role = {(x["county_id"], x["industry_id"]): x["role"] for x in r("county_industries")}
    if rule("soe_key_industries", "industry_support"):
        lo, hi = t.key_industries_per_soe_county
        support = r("industry_support")
        for p in soe_pairs:
            pid, c = p["provider_id"], p["county_id"]
            rows = [
                x
                for x in support
                if (x["provider_id"], x["county_id"]) == (pid, c)
                and role.get((c, x["industry_id"])) in ("key", "characteristic")
            ]
            n = len({x["industry_id"] for x in rows})
            if not lo <= n <= hi:
                key = _ident("soe_key_industries", c, pid, None, None, None)
                out[key] = ("record", _weakest(rows)) if n else ("no_record", None)

    # -- cadres
    cadres = r("cadres")
    if rule("cadre_training_below_target", "cadres"):
        for y in sorted({int(x["year"]) for x in cadres}):
            rows = [x for x in cadres if int(x["year"]) == y and x["direction"] == "from_county"]
            if sum(int(x["count"].replace(",", "")) for x in rows) < t.cadres_trained_per_year:
                key = _ident("cadre_training_below_target", None, None, None, y, None)
                out[key] = ("record", _weakest(rows)) if rows else ("no_record", None)

    # -- projects, workshops, brands, resources
    by_county: dict[str, list[dict[str, str]]] = defaultdict(list)
    for pr in projects.values():
        by_county[pr["county_id"]].append(pr)
    if rule("missing_project_term", "projects"):
        for c in counties:
            for term in t.project_terms_required:
                if term not in {pr["term"] for pr in by_county[c]}:
                    out[_ident("missing_project_term", c, None, None, None, term)] = (
                        "no_record",
                        None,
                    )
    if rule("missing_livelihood", "projects"):
        for c in counties:
            subs = {pr.get("subcategory") for pr in by_county[c] if pr["category"] == "livelihood"}
            for sub in t.livelihood_subcategories_required:
                if sub not in subs:
                    out[_ident("missing_livelihood", c, None, None, None, sub)] = (
                        "no_record",
                        None,
                    )
    if t.employment_support_required and rule(
        "missing_employment_support", "projects", "workshops"
    ):
        shops = {w["county_id"] for w in r("workshops")}
        for c in counties:
            if c not in shops and not any(pr["category"] == "employment" for pr in by_county[c]):
                key = _ident("missing_employment_support", c, None, None, None, None)
                out[key] = ("no_record", None)
    if rule("county_without_brand", "brands"):
        brands = r("brands")
        for c in counties:
            n = 0
            for b in brands:
                listed = {x.strip() for x in b.get("county_ids", "").split(";")}
                promoters = {x.strip() for x in b.get("promoted_by", "").split(";")}
                n += c in listed and bool(promoters & set(paired[c]))
            if n < t.min_brands_per_county:
                out[_ident("county_without_brand", c, None, None, None, None)] = ("no_record", None)
    if rule("unmatched_resource", "resources"):
        near: dict[str, set[str]] = defaultdict(set)
        for x in r("chain_links"):
            if x["from_industry_id"] != x["to_industry_id"]:
                near[x["from_industry_id"]].add(x["to_industry_id"])
                near[x["to_industry_id"]].add(x["from_industry_id"])
        caps: dict[str, set[str]] = defaultdict(set)
        for x in r("capabilities"):
            caps[x["provider_id"]].add(x["industry_id"])
        for x in r("resources"):
            if x.get("industry_id"):
                ok = {x["industry_id"]} | near[x["industry_id"]]
                if not any(caps[p] & ok for p in paired[x["county_id"]]):
                    key = _ident(
                        "unmatched_resource", x["county_id"], None, None, None, x["name_zh"]
                    )
                    out[key] = ("no_record", None)

    # -- tasks
    tasks = r("tasks")
    if rule("overdue_task", "tasks"):
        for x in tasks:
            if x["status"] == "open" and _date(x["due"]) < as_of:
                key = _ident(
                    "overdue_task",
                    x["county_id"],
                    x.get("provider_id") or None,
                    None,
                    None,
                    x["id"],
                )
                out[key] = ("record", _weakest([x]))
    if rule("late_closeout", "tasks"):
        if not any(x.get("closed_on") for x in tasks):
            unchecked.add("late_closeout")
        for x in tasks:
            if x.get("closed_on") and _date(x["closed_on"]) > _date(x["due"]):
                key = _ident(
                    "late_closeout",
                    x["county_id"],
                    x.get("provider_id") or None,
                    None,
                    None,
                    x["id"],
                )
                out[key] = ("record", _weakest([x]))

    # -- funds and mechanisms
    if rule("fund_model", "investment_funds"):
        contributions = r("fund_contributions")
        for fund in r("investment_funds"):
            c = fund["county_id"]
            who = {x["provider_id"] for x in contributions if x["fund_id"] == fund["id"]}
            if len(who) < 2 or not who & set(paired[c]):
                key = _ident("fund_model", c, None, None, None, f"{fund['id']}:joint")
                out[key] = ("record", _weakest([fund]))
            inds = [i.strip() for i in fund.get("industry_ids", "").split(";") if i.strip()]
            if not any(role.get((c, i)) in ("key", "characteristic") for i in inds):
                key = _ident("fund_model", c, None, None, None, f"{fund['id']}:industry")
                out[key] = ("record", _weakest([fund]))
    if rule("missing_coordination", "mechanisms"):
        covered = {m.get("prefecture_id") for m in r("mechanisms") if m["level"] == "prefecture"}
        for pf in sorted(set(pref_of.values()) - covered):
            out[_ident("missing_coordination", None, None, None, None, pf)] = ("no_record", None)
    return out, unchecked
