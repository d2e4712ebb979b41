#!/usr/bin/env python3
"""Independent check of a dataset folder against the input contract (stdlib only).

    python examples/check_dataset.py [FOLDER] [--as-of YYYY-MM-DD] [--gaps]

Checks: required columns present and filled, enums, ISO dates, integers and booleans,
unique keys, every reference (including ``;``-separated lists) points to an existing
id, exactly one of ``amount_cny``/``amount_wan`` per funding and fund_contributions
row, ``confidence`` values. Exits 1 on any problem.

With ``--gaps`` it also re-computes the gap rules of data contract v2 from scratch (an
independent cross-check of ``assistgraph gaps``, not a replacement for it) and
prints them, grouped by rule, with their basis and confidence.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

REQ, OPT = True, False
# table -> (key columns, {column: (required, kind)})
# kind: str | int | float | bool | date | enum:a,b | ref:table | list:table
SCHEMA: dict[str, tuple[tuple[str, ...], dict[str, tuple[bool, str]]]] = {
    "prefectures": (
        ("id",),
        {"id": (REQ, "str"), "name_zh": (REQ, "str"), "name_en": (OPT, "str")},
    ),
    "counties": (
        ("id",),
        {
            "id": (REQ, "str"),
            "name_zh": (REQ, "str"),
            "name_en": (OPT, "str"),
            "prefecture_id": (REQ, "ref:prefectures"),
            "population": (OPT, "int"),
            "rural_population": (OPT, "int"),
            "need_index": (OPT, "float"),
        },
    ),
    "providers": (
        ("id",),
        {
            "id": (REQ, "str"),
            "name_zh": (REQ, "str"),
            "name_en": (OPT, "str"),
            "force": (
                REQ,
                "enum:provincial_department,east_west,paired_assistance,provincial_soe,central_soe",
            ),
            "home": (OPT, "str"),
        },
    ),
    "pairings": (
        ("provider_id", "county_id"),
        {
            "provider_id": (REQ, "ref:providers"),
            "county_id": (REQ, "ref:counties"),
            "since": (OPT, "int"),
            "until": (OPT, "int"),
            "role": (OPT, "enum:lead,member"),
        },
    ),
    "industries": (
        ("id",),
        {
            "id": (REQ, "str"),
            "name_zh": (REQ, "str"),
            "name_en": (OPT, "str"),
            "sector": (OPT, "str"),
        },
    ),
    "chain_links": (
        ("from_industry_id", "to_industry_id"),
        {
            "from_industry_id": (REQ, "ref:industries"),
            "to_industry_id": (REQ, "ref:industries"),
            "kind": (OPT, "str"),
        },
    ),
    "county_industries": (
        ("county_id", "industry_id"),
        {
            "county_id": (REQ, "ref:counties"),
            "industry_id": (REQ, "ref:industries"),
            "role": (REQ, "enum:key,characteristic,emerging"),
        },
    ),
    "resources": (
        ("county_id", "name_zh"),
        {
            "county_id": (REQ, "ref:counties"),
            "name_zh": (REQ, "str"),
            "name_en": (OPT, "str"),
            "kind": (REQ, "enum:agricultural,animal,energy,mineral,scenic,cultural"),
            "industry_id": (OPT, "ref:industries"),
        },
    ),
    "capabilities": (
        ("provider_id", "industry_id"),
        {"provider_id": (REQ, "ref:providers"), "industry_id": (REQ, "ref:industries")},
    ),
    "industry_support": (
        ("provider_id", "county_id", "industry_id"),
        {
            "provider_id": (REQ, "ref:providers"),
            "county_id": (REQ, "ref:counties"),
            "industry_id": (REQ, "ref:industries"),
            "since": (OPT, "int"),
        },
    ),
    "projects": (
        ("id",),
        {
            "id": (REQ, "str"),
            "name_zh": (REQ, "str"),
            "name_en": (OPT, "str"),
            "county_id": (REQ, "ref:counties"),
            "term": (REQ, "enum:long,medium,short"),
            "category": (
                REQ,
                "enum:industry,employment,livelihood,infrastructure,public_welfare,talent,urbanization",
            ),
            "subcategory": (OPT, "str"),
            "industry_id": (OPT, "ref:industries"),
            "key_support": (OPT, "bool"),
            "start_year": (OPT, "int"),
            "end_year": (OPT, "int"),
            "status": (OPT, "enum:planned,ongoing,completed"),
        },
    ),
    "funding": (
        ("provider_id", "project_id", "year"),
        {
            "provider_id": (REQ, "ref:providers"),
            "project_id": (REQ, "ref:projects"),
            "year": (REQ, "int"),
            "amount_cny": (OPT, "float"),
            "amount_wan": (OPT, "float"),
        },
    ),
    "agreements": (
        ("provider_id", "county_id"),
        {
            "provider_id": (REQ, "ref:providers"),
            "county_id": (REQ, "ref:counties"),
            "signed_on": (REQ, "date"),
            "fund_share_pct": (OPT, "float"),
        },
    ),
    "brands": (
        ("id",),
        {
            "id": (REQ, "str"),
            "name_zh": (REQ, "str"),
            "name_en": (OPT, "str"),
            "industry_id": (OPT, "ref:industries"),
            "level": (OPT, "enum:regional_public,enterprise,product"),
            "county_ids": (OPT, "list:counties"),
            "promoted_by": (OPT, "list:providers"),
        },
    ),
    "training": (
        ("provider_id", "county_id", "year"),
        {
            "provider_id": (REQ, "ref:providers"),
            "county_id": (REQ, "ref:counties"),
            "year": (REQ, "int"),
            "trainees": (REQ, "int"),
        },
    ),
    "cadres": (
        ("provider_id", "county_id", "year", "direction"),
        {
            "provider_id": (REQ, "ref:providers"),
            "county_id": (REQ, "ref:counties"),
            "year": (REQ, "int"),
            "direction": (REQ, "enum:to_county,from_county"),
            "count": (REQ, "int"),
        },
    ),
    "workshops": (
        ("id",),
        {
            "id": (REQ, "str"),
            "name_zh": (REQ, "str"),
            "provider_id": (REQ, "ref:providers"),
            "county_id": (REQ, "ref:counties"),
            "jobs": (OPT, "int"),
            "opened": (OPT, "date"),
        },
    ),
    "tasks": (
        ("id",),
        {
            "id": (REQ, "str"),
            "county_id": (REQ, "ref:counties"),
            "provider_id": (OPT, "ref:providers"),
            "title": (REQ, "str"),
            "due": (REQ, "date"),
            "status": (REQ, "enum:open,done,closed"),
            "closed_on": (OPT, "date"),
        },
    ),
    "towns": (
        ("id",),
        {
            "id": (REQ, "str"),
            "name_zh": (REQ, "str"),
            "name_en": (OPT, "str"),
            "county_id": (REQ, "ref:counties"),
            "theme": (OPT, "enum:eco_health,culture_tourism,city_industry"),
        },
    ),
    "investment_funds": (
        ("id",),
        {
            "id": (REQ, "str"),
            "name_zh": (REQ, "str"),
            "name_en": (OPT, "str"),
            "county_id": (REQ, "ref:counties"),
            "size_cny": (OPT, "float"),
            "model": (OPT, "str"),
            "industry_ids": (OPT, "list:industries"),
        },
    ),
    "fund_contributions": (
        ("provider_id", "fund_id"),
        {
            "provider_id": (REQ, "ref:providers"),
            "fund_id": (REQ, "ref:investment_funds"),
            "amount_cny": (OPT, "float"),
            "amount_wan": (OPT, "float"),
        },
    ),
    "mechanisms": (
        ("id",),
        {
            "id": (REQ, "str"),
            "name_zh": (REQ, "str"),
            "level": (REQ, "enum:prefecture,department"),
            "prefecture_id": (OPT, "ref:prefectures"),
            "established_on": (OPT, "date"),
        },
    ),
}
CONFIDENCE = {"high", "medium", "low", "inferred", "illustrative"}
SOE = {"provincial_soe", "central_soe"}


def load(folder: Path) -> dict[str, list[dict[str, str]]]:
    data = {}
    for table in SCHEMA:
        path = folder / f"{table}.csv"
        if path.exists():
            with path.open(encoding="utf-8-sig", newline="") as f:
                data[table] = [
                    {k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(f)
                ]
    return data


def check(data: dict[str, list[dict[str, str]]]) -> list[str]:
    problems: list[str] = []
    ids = {t: {r["id"] for r in rows} for t, rows in data.items() if "id" in SCHEMA[t][1]}
    for table in ("prefectures", "counties", "providers"):
        if table not in data:
            problems.append(f"required table {table} missing")
    for table, rows in data.items():
        key, cols = SCHEMA[table]
        header = set(rows[0]) if rows else set()
        for col, (required, _) in cols.items():
            if required and rows and col not in header:
                problems.append(f"{table}: required column {col} missing")
        seen: Counter[tuple[str, ...]] = Counter(tuple(r.get(k, "") for k in key) for r in rows)
        for k, n in seen.items():
            if n > 1:
                problems.append(f"{table}: duplicate key {k} ({n}x)")
        for i, r in enumerate(rows, start=2):
            where = f"{table}:{i}"
            if r.get("confidence", "") and r["confidence"] not in CONFIDENCE:
                problems.append(f"{where}: confidence {r['confidence']!r}")
            for col, (required, kind) in cols.items():
                v = r.get(col, "")
                if not v:
                    if required and not (
                        table in ("funding", "fund_contributions") and col.startswith("amount")
                    ):
                        problems.append(f"{where}: required {col} empty")
                    continue
                try:
                    if kind == "int":
                        int(v)
                    elif kind == "float":
                        float(v)
                    elif kind == "bool" and v.lower() not in ("true", "false"):
                        raise ValueError(v)
                    elif kind == "date":
                        dt.date.fromisoformat(v)
                except ValueError:
                    problems.append(f"{where}: {col}={v!r} is not {kind}")
                if kind.startswith("enum:") and v not in kind[5:].split(","):
                    problems.append(f"{where}: {col}={v!r} not in enum")
                if kind.startswith("ref:") and v not in ids.get(kind[4:], set()):
                    problems.append(f"{where}: {col}={v!r} not found in {kind[4:]}")
                if kind.startswith("list:"):
                    for item in v.split(";"):
                        if item.strip() not in ids.get(kind[5:], set()):
                            problems.append(f"{where}: {col} item {item!r} not found in {kind[5:]}")
            if table in ("funding", "fund_contributions"):
                n = bool(r.get("amount_cny")) + bool(r.get("amount_wan"))
                if n != 1:
                    problems.append(f"{where}: {n} of amount_cny/amount_wan set (need exactly 1)")
    return problems


#: The contract's default targets (data contract v2, "Programme targets").
DEFAULT_TARGETS: dict = {
    "forces_required": [
        "provincial_department",
        "east_west",
        "paired_assistance",
        "provincial_soe",
        "central_soe",
    ],
    "trainees_per_county_year": 500,
    "training_rule": "mean",
    "key_projects_per_department_year": [1, 2],
    "key_industries_per_soe_county": [1, 2],
    "soe_annual_funding": True,
    "central_soes_per_county": 1,
    "local_soes_per_county": 1,
    "soes_total": 78,
    "cadres_trained_per_year": 100,
    "soe_agreement_required": True,
    "project_terms_required": ["long", "medium", "short"],
    "min_brands_per_county": 1,
    "livelihood_subcategories_required": [
        "geological_disaster",
        "dilapidated_housing",
        "water_supply",
        "collective_economy",
    ],
    "employment_support_required": True,
}
#: The gap rules of data contract v2, in the contract's order.
RULES = (
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
#: rule -> the tables whose rows are its evidence (a rule with none of them is unchecked)
EVIDENCE = {
    "missing_force": ("pairings",),
    "soe_pairing_structure": ("pairings",),
    "soe_roster_size": ("pairings",),
    "training_below_target": ("training",),
    "department_key_projects": ("funding",),
    "soe_annual_funding": ("funding",),
    "soe_without_agreement": ("agreements",),
    "agreement_without_fund_share": ("agreements",),
    "soe_key_industries": ("industry_support",),
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
RANK = ["illustrative", "inferred", "low", "medium", "high"]


def targets_of(text: str) -> dict:
    """The contract's defaults overlaid with a ``targets.toml`` (v1 key names read too)."""
    given = tomllib.loads(text)
    if "key_industries_per_soe" in given:
        given["key_industries_per_soe_county"] = given.pop("key_industries_per_soe")
    return {**DEFAULT_TARGETS, **given}


def weakest(rows: list[dict[str, str]]) -> str | None:
    if not rows:
        return None
    return min((r.get("confidence") or "high" for r in rows), key=RANK.index)


def year_of(value: str) -> int:
    return int(value[:4])


def gaps(
    data: dict[str, list[dict[str, str]]], targets: dict, as_of: dt.date
) -> tuple[list[dict], list[dict]]:
    """The gap rules of data contract v2, computed from the raw tables.

    Returns ``(gaps, unchecked)``; each gap has rule, county_id, provider_id, force,
    year, subject, basis and confidence (the contract's identity and evidence fields).
    """
    out: list[dict] = []
    t = targets

    def gap(rule: str, basis: str, rows: list | None = None, **ids: object) -> None:
        g = {k: ids.get(k) for k in ("county_id", "provider_id", "force", "year", "subject")}
        g.update(rule=rule, basis=basis)
        g["confidence"] = weakest(rows or []) if basis == "record" else None
        out.append(g)

    force = {p["id"]: p["force"] for p in data["providers"]}
    counties = [c["id"] for c in data["counties"]]
    pairings = [
        p
        for p in data.get("pairings", [])
        if not p.get("until") or year_of(p["until"]) >= as_of.year
    ]
    paired: dict[str, list[dict[str, str]]] = defaultdict(list)  # county -> pairing rows
    for p in pairings:
        paired[p["county_id"]].append(p)
    projects = {p["id"]: p for p in data.get("projects", [])}
    role = {}
    for ci in data.get("county_industries", []):
        role[(ci["county_id"], ci["industry_id"])] = ci["role"]

    def key_industry(c: str, i: str) -> bool:
        return role.get((c, i)) in ("key", "characteristic")

    def years(table: str) -> list[int]:
        return sorted({int(r["year"]) for r in data.get(table, [])})

    active = [r for r in RULES if any(data.get(tb) for tb in EVIDENCE[r])]
    unchecked = [
        {"rule": r, "reason": f"no rows in {' or '.join(EVIDENCE[r])}"}
        for r in RULES
        if r not in active
    ]
    if "late_closeout" in active and not any(x.get("closed_on") for x in data["tasks"]):
        active.remove("late_closeout")
        unchecked.append({"rule": "late_closeout", "reason": "no task has a closed_on"})
    if not t["soe_agreement_required"]:
        active = [r for r in active if r != "soe_without_agreement"]
    if not t["soe_annual_funding"]:
        active = [r for r in active if r != "soe_annual_funding"]
    if not t["employment_support_required"]:
        active = [r for r in active if r != "missing_employment_support"]

    if "missing_force" in active:
        for c in counties:
            have = {force[p["provider_id"]] for p in paired[c]}
            for f in t["forces_required"]:
                if f not in have:
                    gap("missing_force", "no_record", county_id=c, force=f)
    if "training_below_target" in active:
        ys = years("training")
        rows_of = defaultdict(list)
        for r in data["training"]:
            rows_of[r["county_id"]].append(r)
        for c in counties:
            by_year = Counter()
            for r in rows_of[c]:
                by_year[int(r["year"])] += int(r["trainees"])
            target = t["trainees_per_county_year"]
            basis = "record" if rows_of[c] else "no_record"
            if t["training_rule"] == "each_year":
                for y in ys:
                    if by_year[y] < target:
                        rows = [r for r in rows_of[c] if int(r["year"]) == y]
                        gap(
                            "training_below_target",
                            "record" if rows else "no_record",
                            rows,
                            county_id=c,
                            year=y,
                        )
            elif sum(by_year[y] for y in ys) / len(ys) < target:
                gap("training_below_target", basis, rows_of[c], county_id=c)
    funding = data.get("funding", [])
    if "department_key_projects" in active:
        lo, hi = t["key_projects_per_department_year"]
        for c in counties:
            for p in paired[c]:
                d = p["provider_id"]
                if force[d] != "provincial_department" or p.get("role") == "member":
                    continue
                for y in years("funding"):
                    rows = [
                        f
                        for f in funding
                        if f["provider_id"] == d
                        and int(f["year"]) == y
                        and projects[f["project_id"]]["county_id"] == c
                        and projects[f["project_id"]].get("key_support", "").lower() == "true"
                    ]
                    n = len({f["project_id"] for f in rows})
                    if not lo <= n <= hi:
                        gap(
                            "department_key_projects",
                            "record" if n else "no_record",
                            rows,
                            county_id=c,
                            provider_id=d,
                            year=y,
                        )
    soe_pairs = [
        (p["provider_id"], c) for c in counties for p in paired[c] if force[p["provider_id"]] in SOE
    ]
    agreement = {(a["provider_id"], a["county_id"]): a for a in data.get("agreements", [])}
    if "soe_without_agreement" in active:
        for s, c in soe_pairs:
            if (s, c) not in agreement:
                gap("soe_without_agreement", "no_record", county_id=c, provider_id=s)
    if "agreement_without_fund_share" in active:
        for (s, c), a in agreement.items():
            if force[s] in SOE and not a.get("fund_share_pct"):
                gap("agreement_without_fund_share", "record", [a], county_id=c, provider_id=s)
    if "soe_annual_funding" in active:
        since = {(p["provider_id"], p["county_id"]): p.get("since") for p in pairings}
        for s, c in soe_pairs:
            a = agreement.get((s, c))
            start = (
                year_of(a["signed_on"])
                if a
                else (year_of(since[(s, c)]) if since.get((s, c)) else None)
            )
            for y in years("funding"):
                if start is not None and y < start:
                    continue
                if not any(
                    f["provider_id"] == s
                    and int(f["year"]) == y
                    and projects[f["project_id"]]["county_id"] == c
                    for f in funding
                ):
                    gap("soe_annual_funding", "no_record", county_id=c, provider_id=s, year=y)
    if "soe_key_industries" in active:
        lo, hi = t["key_industries_per_soe_county"]
        for s, c in soe_pairs:
            rows = [
                r
                for r in data["industry_support"]
                if r["provider_id"] == s
                and r["county_id"] == c
                and key_industry(c, r["industry_id"])
            ]
            n = len({r["industry_id"] for r in rows})
            if not lo <= n <= hi:
                gap(
                    "soe_key_industries",
                    "record" if n else "no_record",
                    rows,
                    county_id=c,
                    provider_id=s,
                )
    if "soe_pairing_structure" in active:
        for c in counties:
            for f, most in (
                ("central_soe", t["central_soes_per_county"]),
                ("provincial_soe", t["local_soes_per_county"]),
            ):
                rows = [p for p in paired[c] if force[p["provider_id"]] == f]
                if len(rows) > most:
                    gap("soe_pairing_structure", "record", rows, county_id=c, force=f)
    if "soe_roster_size" in active:
        rows = [p for p in pairings if force[p["provider_id"]] in SOE]
        if len({p["provider_id"] for p in rows}) != t["soes_total"]:
            gap("soe_roster_size", "record" if rows else "no_record", rows)
    if "cadre_training_below_target" in active:
        for y in years("cadres"):
            rows = [
                r for r in data["cadres"] if int(r["year"]) == y and r["direction"] == "from_county"
            ]
            if sum(int(r["count"]) for r in rows) < t["cadres_trained_per_year"]:
                gap("cadre_training_below_target", "record" if rows else "no_record", rows, year=y)
    terms, subs, employment = defaultdict(set), defaultdict(set), set()
    for p in projects.values():
        terms[p["county_id"]].add(p["term"])
        if p["category"] == "livelihood":
            subs[p["county_id"]].add(p.get("subcategory", ""))
        if p["category"] == "employment":
            employment.add(p["county_id"])
    employment |= {w["county_id"] for w in data.get("workshops", [])}
    for c in counties:
        if "missing_project_term" in active:
            for term in t["project_terms_required"]:
                if term not in terms[c]:
                    gap("missing_project_term", "no_record", county_id=c, subject=term)
        if "missing_livelihood" in active:
            for sub in t["livelihood_subcategories_required"]:
                if sub not in subs[c]:
                    gap("missing_livelihood", "no_record", county_id=c, subject=sub)
        if "missing_employment_support" in active and c not in employment:
            gap("missing_employment_support", "no_record", county_id=c)
    if "county_without_brand" in active:
        for c in counties:
            mine = {p["provider_id"] for p in paired[c]}
            n = sum(
                1
                for b in data["brands"]
                if c in b.get("county_ids", "").split(";")
                and mine & set(b.get("promoted_by", "").split(";"))
            )
            if n < t["min_brands_per_county"]:
                gap("county_without_brand", "no_record", county_id=c)
    if "unmatched_resource" in active:
        caps = defaultdict(set)
        for r in data.get("capabilities", []):
            caps[r["provider_id"]].add(r["industry_id"])
        near = defaultdict(set)
        for r in data.get("chain_links", []):
            near[r["from_industry_id"]].add(r["to_industry_id"])
            near[r["to_industry_id"]].add(r["from_industry_id"])
        for r in data["resources"]:
            i = r.get("industry_id")
            if i and not any(
                caps[p["provider_id"]] & ({i} | near[i]) for p in paired[r["county_id"]]
            ):
                gap(
                    "unmatched_resource",
                    "no_record",
                    county_id=r["county_id"],
                    subject=r["name_zh"],
                )
    for task in data.get("tasks", []):
        ids = {
            "county_id": task["county_id"],
            "provider_id": task.get("provider_id") or None,
            "subject": task["id"],
        }
        if (
            "overdue_task" in active
            and task["status"] == "open"
            and dt.date.fromisoformat(task["due"]) < as_of
        ):
            gap("overdue_task", "record", [task], **ids)
        if "late_closeout" in active and task.get("closed_on") and task["closed_on"] > task["due"]:
            gap("late_closeout", "record", [task], **ids)
    if "fund_model" in active:
        for f in data["investment_funds"]:
            c = f["county_id"]
            rows = [r for r in data.get("fund_contributions", []) if r["fund_id"] == f["id"]]
            contributors = {r["provider_id"] for r in rows}
            if len(contributors) < 2 or not contributors & {p["provider_id"] for p in paired[c]}:
                gap("fund_model", "record", [f, *rows], county_id=c, subject=f"{f['id']}:joint")
            inds = [i for i in f.get("industry_ids", "").split(";") if i]
            if not any(key_industry(c, i) for i in inds):
                gap("fund_model", "record", [f], county_id=c, subject=f"{f['id']}:industry")
    if "missing_coordination" in active:
        have = {m.get("prefecture_id") for m in data["mechanisms"] if m["level"] == "prefecture"}
        held = {c["prefecture_id"] for c in data["counties"]}
        for pref in sorted(held - have):
            gap("missing_coordination", "no_record", subject=pref)
    return out, unchecked


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", default=str(Path(__file__).resolve().parent / "sichuan"))
    ap.add_argument("--as-of", default="2026-11-30")
    ap.add_argument("--gaps", action="store_true")
    args = ap.parse_args()
    folder = Path(args.folder)
    data = load(folder)
    problems = check(data)
    total = sum(len(r) for r in data.values())
    ill = sum(1 for rows in data.values() for r in rows if r.get("confidence") == "illustrative")
    for table, rows in data.items():
        n_ill = sum(1 for r in rows if r.get("confidence") == "illustrative")
        print(
            f"{table:20} {len(rows):5} rows  {len(rows) - n_ill:4} sourced  {n_ill:5} illustrative"
        )
    print(f"{'total':20} {total:5} rows  {total - ill:4} sourced  {ill:5} illustrative")
    for p in problems:
        print("PROBLEM", p)
    print(f"{len(problems)} problem(s)")
    if args.gaps:
        targets_path = folder / "targets.toml"
        text = targets_path.read_text(encoding="utf-8") if targets_path.exists() else ""
        found, unchecked = gaps(data, targets_of(text), dt.date.fromisoformat(args.as_of))
        names = {c["id"]: c["name_zh"] for c in data["counties"]}
        by_rule = defaultdict(list)
        for g in found:
            by_rule[g["rule"]].append(g)
        for rule in RULES:
            items = by_rule[rule]
            bases = Counter(g["basis"] for g in items)
            counts = ", ".join(f"{b} {n}" for b, n in sorted(bases.items()))
            print(f"\n{rule}: {len(items)} ({counts})")
            for g in items:
                c = g["county_id"]
                print(
                    "  ",
                    c or "",
                    names.get(c, ""),
                    g["provider_id"] or "",
                    g["force"] or "",
                    g["year"] or "",
                    g["subject"] or "",
                    g["basis"],
                    g["confidence"] or "",
                )
        for u in unchecked:
            print(f"\nunchecked: {u['rule']} ({u['reason']})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
