#!/usr/bin/env python3
"""Independent check of a dataset folder against the input contract (stdlib only).

    python examples/check_dataset.py [FOLDER] [--as-of YYYY-MM-DD] [--gaps]

Checks: required columns present and filled, enums, ISO dates, integers and booleans,
unique keys, every reference (including ``;``-separated lists) points to an existing
id, exactly one of ``amount_cny``/``amount_wan`` per funding and fund_contributions
row, ``confidence`` values. Exits 1 on any problem.

With ``--gaps`` it also re-computes the gap rules of the contract from scratch (an
independent cross-check of ``assistgraph gaps``, not a replacement for it) and
prints them, grouped by rule.
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
            "provider_id": (REQ, "ref:providers"),
            "title": (REQ, "str"),
            "due": (REQ, "date"),
            "status": (REQ, "enum:open,done,closed"),
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


def gaps(data: dict[str, list[dict[str, str]]], targets: dict, as_of: dt.date) -> list[dict]:
    out: list[dict] = []
    force = {p["id"]: p["force"] for p in data["providers"]}
    counties = [c["id"] for c in data["counties"]]
    pairs = defaultdict(set)
    for p in data.get("pairings", []):
        pairs[p["county_id"]].add(p["provider_id"])
    years = sorted(
        {int(r["year"]) for t in ("training", "cadres", "funding") for r in data.get(t, [])}
    )

    for c in counties:
        have = {force[p] for p in pairs[c]}
        for f in targets["forces_required"]:
            if f not in have:
                out.append({"rule": "missing_force", "county_id": c, "detail": {"force": f}})
    trained = Counter()
    for r in data.get("training", []):
        trained[(r["county_id"], int(r["year"]))] += int(r["trainees"])
    for c in counties:
        for y in years:
            if trained[(c, y)] < targets["trainees_per_county_year"]:
                out.append(
                    {
                        "rule": "training_below_target",
                        "county_id": c,
                        "year": y,
                        "detail": {"trainees": trained[(c, y)]},
                    }
                )
    projects = {p["id"]: p for p in data.get("projects", [])}
    key_funded = defaultdict(set)
    for f in data.get("funding", []):
        if (
            force[f["provider_id"]] == "provincial_department"
            and projects[f["project_id"]].get("key_support", "").lower() == "true"
        ):
            key_funded[(f["provider_id"], int(f["year"]))].add(f["project_id"])
    lo, hi = targets["key_projects_per_department_year"]
    for p, fz in force.items():
        if fz == "provincial_department":
            for y in years:
                n = len(key_funded[(p, y)])
                if not lo <= n <= hi:
                    out.append(
                        {
                            "rule": "department_key_projects",
                            "provider_id": p,
                            "year": y,
                            "detail": {"key_projects": n},
                        }
                    )
    agreed = {(a["provider_id"], a["county_id"]) for a in data.get("agreements", [])}
    for c in counties:
        for p in sorted(pairs[c]):
            if force[p] in SOE and (p, c) not in agreed:
                out.append(
                    {
                        "rule": "soe_without_agreement",
                        "provider_id": p,
                        "county_id": c,
                        "detail": {},
                    }
                )
    supported = defaultdict(set)
    for s in data.get("industry_support", []):
        supported[s["provider_id"]].add(s["industry_id"])
    lo, hi = targets["key_industries_per_soe"]
    for p, fz in force.items():
        if fz in SOE and not lo <= len(supported[p]) <= hi:
            out.append(
                {
                    "rule": "soe_key_industries",
                    "provider_id": p,
                    "detail": {"industries": sorted(supported[p])},
                }
            )
    cadres = Counter()
    for r in data.get("cadres", []):
        if r["direction"] == "from_county":
            cadres[int(r["year"])] += int(r["count"])
    for y in years:
        if cadres[y] < targets["cadres_trained_per_year"]:
            out.append(
                {"rule": "cadre_training_below_target", "year": y, "detail": {"cadres": cadres[y]}}
            )
    terms = defaultdict(set)
    subs = defaultdict(set)
    for p in projects.values():
        terms[p["county_id"]].add(p["term"])
        if p["category"] == "livelihood":
            subs[p["county_id"]].add(p.get("subcategory", ""))
    for c in counties:
        for t in targets["project_terms_required"]:
            if t not in terms[c]:
                out.append({"rule": "missing_project_term", "county_id": c, "detail": {"term": t}})
        for s in targets["livelihood_subcategories_required"]:
            if s not in subs[c]:
                out.append(
                    {"rule": "missing_livelihood", "county_id": c, "detail": {"subcategory": s}}
                )
    branded = Counter()
    for b in data.get("brands", []):
        for c in filter(None, (x.strip() for x in b.get("county_ids", "").split(";"))):
            branded[c] += 1
    for c in counties:
        if branded[c] < targets["min_brands_per_county"]:
            out.append(
                {"rule": "county_without_brand", "county_id": c, "detail": {"brands": branded[c]}}
            )
    caps = defaultdict(set)
    for r in data.get("capabilities", []):
        caps[r["provider_id"]].add(r["industry_id"])
    near = defaultdict(lambda: set())
    for r in data.get("chain_links", []):
        near[r["from_industry_id"]].add(r["to_industry_id"])
        near[r["to_industry_id"]].add(r["from_industry_id"])
    for r in data.get("resources", []):
        i = r.get("industry_id")
        if not i:
            continue
        ok = {i} | near[i]
        if not any(caps[p] & ok for p in pairs[r["county_id"]]):
            out.append(
                {
                    "rule": "unmatched_resource",
                    "county_id": r["county_id"],
                    "detail": {"resource": r["name_zh"], "industry_id": i},
                }
            )
    for t in data.get("tasks", []):
        if t["status"] == "open" and dt.date.fromisoformat(t["due"]) < as_of:
            out.append(
                {
                    "rule": "overdue_task",
                    "county_id": t["county_id"],
                    "provider_id": t["provider_id"],
                    "detail": {"task": t["id"], "due": t["due"], "title": t["title"]},
                }
            )
    return out


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
        targets = tomllib.loads(targets_path.read_text(encoding="utf-8"))
        found = gaps(data, targets, dt.date.fromisoformat(args.as_of))
        names = {c["id"]: c["name_zh"] for c in data["counties"]}
        by_rule = defaultdict(list)
        for g in found:
            by_rule[g["rule"]].append(g)
        for rule, items in by_rule.items():
            print(f"\n{rule}: {len(items)}")
            for g in items:
                c = g.get("county_id")
                print(
                    "  ",
                    c or "",
                    names.get(c, ""),
                    g.get("provider_id", "") or "",
                    g.get("year", "") or "",
                    g["detail"],
                )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
