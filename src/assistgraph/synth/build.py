"""``write_synthetic``: one synthetic dataset, table by table, from one seeded generator."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from pathlib import Path

from ..schema import FORCES
from .draw import Writer, cumulative, draw, pareto_weights, poissonish, split
from .sizes import (
    CATEGORIES,
    CATEGORY_WEIGHTS,
    FORCE_SHARE,
    RESOURCE_KINDS,
    SECTORS,
    STAGES,
    SUBCATEGORIES,
    YEARS,
    sizes,
)

__all__ = ["write_synthetic"]


def write_synthetic(
    out_dir: str | Path, scale: str | int = "province", seed: int = 1
) -> dict[str, int]:
    """Write a synthetic dataset into ``out_dir`` (created if needed); return rows per table.

    Examples
    --------
    >>> import tempfile
    >>> counts = write_synthetic(tempfile.mkdtemp(), scale=5, seed=3)
    >>> counts["counties"], counts["prefectures"]
    (5, 1)
    """
    size = sizes(scale)
    rng = random.Random(seed)
    # data contract v2's columns and tables draw from a second stream, so the v1 tables
    # stay what they were for every seed
    rng2 = random.Random(f"v2-{seed}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    w = Writer(out, f"assistgraph synth scale={scale} seed={seed} (synthetic, not official)")

    # -- geography -------------------------------------------------------------
    n_pref, n_cty = size["prefectures"], size["counties"]
    pref_ids = [f"P{p + 1:03d}" for p in range(n_pref)]
    w.table(
        "prefectures",
        ("id", "name_zh", "name_en"),
        (
            (pid, f"合成市州{p + 1:03d}", f"Synthetic Prefecture {p + 1}")
            for p, pid in enumerate(pref_ids)
        ),
    )
    per_pref = split(rng, n_cty, n_pref, 0.6)
    counties: list[str] = []
    county_pref: dict[str, str] = {}
    county_rows = []
    for p, k in enumerate(per_pref):
        for j in range(k):
            cid = f"{900000 + (p + 1) * 100 + j + 1}" if k < 100 else f"C{len(counties) + 1:05d}"
            counties.append(cid)
            county_pref[cid] = pref_ids[p]
            pop = int(rng.lognormvariate(12.3, 0.5))
            county_rows.append(
                (
                    cid,
                    f"合成县{len(counties):04d}",
                    f"Synthetic County {len(counties)}",
                    pref_ids[p],
                    pop,
                    int(pop * rng.uniform(0.55, 0.9)),
                    round(rng.uniform(0.2, 1.0), 3),
                )
            )
    w.table(
        "counties",
        (
            "id",
            "name_zh",
            "name_en",
            "prefecture_id",
            "population",
            "rural_population",
            "need_index",
        ),
        county_rows,
    )

    # -- providers ---------------------------------------------------------------
    n_prov = size["providers"]
    providers: list[str] = []
    force_of: dict[str, str] = {}
    by_force: dict[str, list[str]] = {f: [] for f in FORCES}
    counts = [max(2, round(n_prov * FORCE_SHARE[f])) for f in FORCES]
    counts[0] += n_prov - sum(counts)
    prefix = {
        "provincial_department": "dept",
        "east_west": "ew",
        "paired_assistance": "pa",
        "provincial_soe": "psoe",
        "central_soe": "csoe",
    }
    for force, k in zip(FORCES, counts, strict=True):
        for j in range(k):
            pid = f"{prefix[force]}-{j + 1:04d}"
            providers.append(pid)
            force_of[pid] = force
            by_force[force].append(pid)
    weight = dict(zip(providers, pareto_weights(rng, len(providers)), strict=True))
    w.table(
        "providers",
        ("id", "name_zh", "name_en", "force", "home"),
        (
            (p, f"合成帮扶单位{p}", f"Synthetic provider {p}", force_of[p], "synthetic")
            for p in providers
        ),
    )

    # -- pairings: each county gets 1–3 providers of most forces ------------------
    paired: dict[str, list[str]] = {c: [] for c in counties}
    pair_rows = []
    for c in counties:
        for force in FORCES:
            if rng.random() < 0.04:  # a few counties lack a force (missing_force)
                continue
            pool = by_force[force]
            k = min(len(pool), 1 + int(rng.random() < 0.45) + int(rng.random() < 0.15))
            chosen = rng.sample(pool, k)
            for n, p in enumerate(chosen):
                paired[c].append(p)
                pair_rows.append((p, c, rng.choice(YEARS[:3]) - 1, "lead" if n == 0 else "member"))
    w.table("pairings", ("provider_id", "county_id", "since", "role"), pair_rows)

    # -- industries and chains ---------------------------------------------------
    n_ind = size["industries"]
    industries = [f"ind-{i + 1:05d}" for i in range(n_ind)]
    chains: list[list[list[str]]] = []  # chain -> stages -> industries
    i = 0
    while i < n_ind:
        length = min(n_ind - i, max(5, int(rng.lognormvariate(2.6, 0.5))))
        inds = industries[i : i + length]
        i += length
        n_st = min(len(STAGES), max(2, len(inds) // 3))
        cuts = sorted(rng.sample(range(1, len(inds)), n_st - 1)) if len(inds) > n_st else []
        bounds = [0, *cuts, len(inds)]
        stages = [inds[a:b] for a, b in itertools.pairwise(bounds) if b > a]
        chains.append(stages)
    ind_rows = []
    stage_of: dict[str, int] = {}
    for ch, stages in enumerate(chains):
        sector = SECTORS[ch % len(SECTORS)]
        for s, inds in enumerate(stages):
            for ind in inds:
                stage_of[ind] = s
                ind_rows.append(
                    (
                        ind,
                        f"合成产业{ind[4:]}",
                        f"Synthetic industry {ind[4:]} ({STAGES[s]})",
                        sector,
                    )
                )
    w.table("industries", ("id", "name_zh", "name_en", "sector"), ind_rows)
    links: set[tuple[str, str]] = set()
    target_links = size["chain_links"]
    candidates = [
        (a, b)
        for stages in chains
        for s in range(len(stages) - 1)
        for a in stages[s]
        for b in stages[s + 1]
    ]
    rng.shuffle(candidates)
    # first make every chain connected (each industry linked to its next stage)
    for stages in chains:
        for s in range(len(stages) - 1):
            for a in stages[s]:
                links.add((a, rng.choice(stages[s + 1])))
            for b in stages[s + 1]:
                links.add((rng.choice(stages[s]), b))
    for ab in candidates:
        if len(links) >= target_links * 0.95:
            break
        links.add(ab)
    while len(links) < target_links:  # a few links across chains
        a, b = rng.sample(industries, 2)
        if stage_of[a] < stage_of[b] or rng.random() < 0.1:
            links.add((a, b))
    link_list = (
        sorted(links)[: max(target_links, 0)] if len(links) > target_links else sorted(links)
    )
    w.table(
        "chain_links",
        ("from_industry_id", "to_industry_id", "kind"),
        ((a, b, "supply") for a, b in link_list),
    )

    # industry popularity: a few industries are everywhere (long tail)
    ind_weight = pareto_weights(rng, n_ind, 1.3)

    def pick_industries(k: int) -> list[str]:
        got: set[str] = set()
        while len(got) < min(k, n_ind):
            got.update(rng.choices(industries, weights=ind_weight, k=k - len(got)))
        return sorted(got)

    county_inds: dict[str, list[str]] = {}
    ci_rows = []
    for c in counties:
        inds = pick_industries(rng.randint(3, 6))
        county_inds[c] = inds
        for n, ind in enumerate(inds):
            role = "key" if n < 2 else "characteristic" if n < 4 else "emerging"
            ci_rows.append((c, ind, role))
    w.table("county_industries", ("county_id", "industry_id", "role"), ci_rows)

    res_rows = []
    for c in counties:
        for j in range(rng.randint(1, 4)):
            ind = rng.choice(county_inds[c]) if rng.random() < 0.6 else rng.choice(industries)
            res_rows.append(
                (
                    c,
                    f"合成资源{c}-{j + 1}",
                    f"Synthetic resource {c}-{j + 1}",
                    rng.choice(RESOURCE_KINDS),
                    ind if rng.random() < 0.9 else None,
                )
            )
    w.table("resources", ("county_id", "name_zh", "name_en", "kind", "industry_id"), res_rows)

    caps: dict[str, list[str]] = {}
    cap_rows = []
    for p in providers:
        inds = pick_industries(rng.randint(1, 5))
        caps[p] = inds
        cap_rows.extend((p, ind) for ind in inds)
    w.table("capabilities", ("provider_id", "industry_id"), cap_rows)

    sup_rows = []
    seen_sup: set[tuple[str, str, str]] = set()
    county_of_pairs = [(p, c) for c in counties for p in paired[c]]
    soe_pairs = [(p, c) for p, c in county_of_pairs if force_of[p] in FORCES[3:]]
    for p, c in county_of_pairs:
        soe = force_of[p] in FORCES[3:]
        if rng.random() < (0.7 if soe else 0.25):
            ind = rng.choice(county_inds[c] + caps[p])
            if (p, c, ind) not in seen_sup:
                seen_sup.add((p, c, ind))
                sup_rows.append((p, c, ind, rng.choice(YEARS)))
    w.table("industry_support", ("provider_id", "county_id", "industry_id", "since"), sup_rows)

    # -- projects: long-tailed sizes, mostly funded by paired providers ----------
    n_proj = size["projects"]
    county_weight = [rng.lognormvariate(0, 0.7) for _ in counties]
    proj_county = rng.choices(counties, weights=county_weight, k=n_proj)
    no_long = set(rng.sample(counties, max(1, n_cty // 20)))  # missing_project_term
    no_jobs = set(counties[3::17])  # missing_employment_support: no workshop, no job project
    low_training = set(counties[5::11])  # training_below_target on the mean of the years
    proj_rows = []
    projects: list[tuple[str, str, int, int, bool]] = []
    for n, c in enumerate(proj_county):
        pid = f"prj-{n + 1:07d}"
        cat = rng.choices(CATEGORIES, weights=CATEGORY_WEIGHTS)[0]
        sub = rng.choice(SUBCATEGORIES[cat]) if cat in SUBCATEGORIES else None
        ind = rng.choice(county_inds[c]) if cat == "industry" else None
        start = rng.choice(YEARS)
        end = min(YEARS[-1], start + rng.choice((0, 0, 1, 2, 4)))
        if c in no_long:
            end = min(end, start + 2)
        term = "short" if end - start == 0 else "medium" if end - start <= 2 else "long"
        key = rng.random() < 0.03
        status = "completed" if end < 2024 else rng.choice(("ongoing", "ongoing", "planned"))
        if cat == "employment" and c in no_jobs:
            cat = "infrastructure"
        projects.append((pid, c, start, end, key))
        proj_rows.append(
            (pid, f"合成项目{n + 1:07d}", None, c, term, cat, sub, ind, key, start, end, status)
        )
    w.table(
        "projects",
        (
            "id",
            "name_zh",
            "name_en",
            "county_id",
            "term",
            "category",
            "subcategory",
            "industry_id",
            "key_support",
            "start_year",
            "end_year",
            "status",
        ),
        proj_rows,
    )
    del proj_rows

    # funding: n rows spread over projects; a few heavy providers fund most
    n_fund = size["funding"]
    per_proj = n_fund / n_proj
    cum_w = cumulative([weight[p] for p in providers])
    paired_cum = {c: (paired[c], cumulative([weight[p] for p in paired[c]])) for c in counties}
    departments = by_force["provincial_department"]
    fund_rows: list[tuple[str, str, int, float]] = []
    remaining = n_fund
    for n, (pid, c, start, end, key) in enumerate(projects):
        left = n_proj - n
        k = (
            remaining
            if left == 1
            else max(1, min(remaining - (left - 1), poissonish(rng, per_proj)))
        )
        remaining -= k
        years = list(range(start, end + 1))
        # a project funded in k (provider, year) cells: draw funders, then years
        funders: list[str] = []
        n_funders = max(1, math.ceil(k / len(years)))
        pool, cw = paired_cum[c]
        if key and rng.random() < 0.6:
            funders.append(rng.choice(departments))
        tries = 0
        while len(funders) < n_funders and tries < 50:
            tries += 1
            p = draw(rng, pool, cw) if pool and rng.random() < 0.8 else draw(rng, providers, cum_w)
            if p not in funders:
                funders.append(p)
        cells = [(p, y) for p in funders for y in years]
        rng.shuffle(cells)
        base = rng.lognormvariate(12.6, 1.4)  # median ≈ 300,000 yuan
        for p, y in cells[:k]:
            amount = round(base * (0.5 + min(weight[p], 20) / 4) * rng.uniform(0.6, 1.4), 2)
            fund_rows.append((p, pid, y, amount))
        remaining += k - min(k, len(cells))
    w.table("funding", ("provider_id", "project_id", "year", "amount_cny"), fund_rows)
    del fund_rows, projects

    # -- agreements (most paired SOEs sign one) -----------------------------------
    ag_rows = [
        (
            p,
            c,
            f"{rng.choice(YEARS[:4])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            round(rng.uniform(1, 30), 1),
        )
        for p, c in soe_pairs
        if rng.random() < 0.85
    ]
    # a few agreements name no share of funds (agreement_without_fund_share)
    ag_rows = [(p, c, d, None if rng2.random() < 0.08 else f) for p, c, d, f in ag_rows]
    w.table("agreements", ("provider_id", "county_id", "signed_on", "fund_share_pct"), ag_rows)

    # -- brands: most counties are listed by one or more --------------------------
    brand_rows = []
    for n in range(max(1, int(n_cty * 1.1))):
        c = rng.choice(counties)
        listed = sorted({c, *(rng.choice(counties) for _ in range(rng.randint(0, 2)))})
        promoters = sorted(set(rng.sample(paired[c], min(len(paired[c]), rng.randint(0, 2)))))
        brand_rows.append(
            (
                f"brand-{n + 1:05d}",
                f"合成品牌{n + 1:05d}",
                f"Synthetic brand {n + 1}",
                rng.choice(county_inds[c]),
                rng.choice(("regional_public", "enterprise", "product")),
                listed,
                promoters,
            )
        )
    w.table(
        "brands",
        ("id", "name_zh", "name_en", "industry_id", "level", "county_ids", "promoted_by"),
        brand_rows,
    )

    # -- training and cadres: (paired provider, county, year) cells ---------------
    cells = [(p, c, y) for p, c in county_of_pairs for y in YEARS]
    rng.shuffle(cells)
    n_train = min(size["training"], len(cells))
    w.table(
        "training",
        ("provider_id", "county_id", "year", "trainees"),
        sorted(
            (
                (
                    p,
                    c,
                    y,
                    max(1, int(rng.lognormvariate(5.0, 0.8)) // (4 if c in low_training else 1)),
                )
                for p, c, y in cells[:n_train]
            ),
            key=lambda r: (r[1], r[2], r[0]),
        ),
    )
    cad_cells = [(p, c, y, d) for p, c, y in cells for d in ("to_county", "from_county")]
    rng.shuffle(cad_cells)
    # the first year had little cadre training (cadre_training_below_target fires)
    first = [x for x in cad_cells if x[2] == YEARS[0] and x[3] == "from_county"][:5]
    cad_cells = [x for x in cad_cells if x[2] != YEARS[0] or x[3] != "from_county"] + first
    n_cad = min(size["cadres"], len(cad_cells))
    w.table(
        "cadres",
        ("provider_id", "county_id", "year", "direction", "count"),
        sorted(
            (
                (p, c, y, d, rng.randint(1, 10) if y == YEARS[0] else rng.randint(1, 40))
                for p, c, y, d in cad_cells[:n_cad]
            ),
            key=lambda r: (r[1], r[2], r[0], r[3]),
        ),
    )
    del cells, cad_cells

    # -- workshops, tasks, towns, funds -------------------------------------------
    ws_rows = []
    for n in range(n_cty * 3):
        c = rng.choice(counties)
        p = rng.choice(paired[c]) if paired[c] else rng.choice(providers)
        ws_rows.append(
            (
                f"ws-{n + 1:06d}",
                f"合成帮扶车间{n + 1:06d}",
                p,
                c,
                rng.randint(5, 200),
                f"{rng.choice(YEARS)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            )
        )
    ws_rows = [r for r in ws_rows if r[3] not in no_jobs]
    w.table("workshops", ("id", "name_zh", "provider_id", "county_id", "jobs", "opened"), ws_rows)

    task_rows = []
    for n in range(size["tasks"]):
        c = rng.choice(counties)
        p = rng.choice(paired[c]) if paired[c] else rng.choice(providers)
        year = rng.choice((2023, 2024, 2025, 2026))
        due = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        status = rng.choices(("open", "done", "closed"), weights=(0.35, 0.55, 0.10))[0]
        # v2: some tasks are the county task force's own (no provider); closed-out tasks
        # carry their close-out date, some after the due date (late_closeout)
        owner = None if rng2.random() < 0.1 else p
        closed_on = None
        if status != "open":
            day = dt.date.fromisoformat(due) + dt.timedelta(days=rng2.randint(-120, 60))
            closed_on = day.isoformat()
        task_rows.append(
            (f"task-{n + 1:06d}", c, owner, f"合成任务{n + 1:06d}", due, status, closed_on)
        )
    w.table(
        "tasks",
        ("id", "county_id", "provider_id", "title", "due", "status", "closed_on"),
        task_rows,
    )
    # v2: prefectures' coordination mechanisms; every fourth prefecture has none on record
    w.table(
        "mechanisms",
        ("id", "name_zh", "level", "prefecture_id", "established_on"),
        (
            (f"mech-{pid}", f"合成市州协调机制{k + 1:03d}", "prefecture", pid, "2023-10-26")
            for k, pid in enumerate(pref_ids)
            if k % 4 != 3
        ),
    )

    w.table(
        "towns",
        ("id", "name_zh", "name_en", "county_id", "theme"),
        (
            (
                f"town-{n + 1:05d}",
                f"合成小镇{n + 1:05d}",
                f"Synthetic town {n + 1}",
                c,
                rng.choice(("eco_health", "culture_tourism", "city_industry")),
            )
            for n, c in enumerate(counties)
            if rng.random() < 0.7
        ),
    )
    fund_ids = []
    fund_rows2 = []
    for n in range(max(1, n_cty // 4)):
        c = rng.choice(counties)
        fid = f"fund-{n + 1:05d}"
        fund_ids.append((fid, c))
        fund_rows2.append(
            (
                fid,
                f"合成产业基金{n + 1:05d}",
                f"Synthetic industry fund {n + 1}",
                c,
                float(rng.randint(10, 200) * 1_000_000),
                "county leading, joint investment, market orientation",
                sorted(set(rng.sample(county_inds[c], min(2, len(county_inds[c]))))),
            )
        )
    w.table(
        "investment_funds",
        ("id", "name_zh", "name_en", "county_id", "size_cny", "model", "industry_ids"),
        fund_rows2,
    )
    contrib = []
    for fid, c in fund_ids:
        pool = paired[c] or providers
        for p in sorted(set(rng.sample(pool, min(len(pool), rng.randint(1, 3))))):
            contrib.append((p, fid, float(rng.randint(1, 50) * 1_000_000)))
    w.table("fund_contributions", ("provider_id", "fund_id", "amount_cny"), contrib)
    (out / "README.txt").write_text(
        f"Synthetic assistgraph dataset: scale={scale}, seed={seed}.\n"
        "Every row is invented (confidence=illustrative); no figure is official.\n"
        "Regenerate: assistgraph synth --scale "
        f"{scale} -o {out.name} --seed {seed}\n",
        encoding="utf-8",
    )
    return dict(w.counts)
