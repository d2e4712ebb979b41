#!/usr/bin/env python3
"""Build the example dataset ``examples/sichuan/`` (sourced rows + illustrative rows).

Run from anywhere::

    python examples/build_illustrative.py

What it does
------------
1. Reads the **sourced** rows kept by hand in ``examples/sources/*.csv``. Those rows
   come from public reports (each carries its ``source`` and ``confidence``) and are
   copied to the output unchanged.
2. Adds **illustrative** rows, invented for demonstration, each with
   ``confidence=illustrative`` and ``source=illustrative (assistgraph example
   generator)``: county populations, 16 fictional providers, their pairings,
   projects, funding, training, cadres, agreements, brands, workshops, tasks,
   investment funds and fund contributions.
3. Writes ``examples/sichuan/<table>.csv`` (UTF-8, header row, comma-separated).

No invented fact on a real name
-------------------------------
Every invented row that has an actor (funding, training, cadres, tasks,
capabilities, agreements, workshops, industry_support, fund_contributions, brands'
``promoted_by``) names a **fictional** provider: its id contains ``-shili-`` and its
name starts with 示例 ("example"), e.g. 示例省直部门甲 or 示例在川央企乙. Real
departments, cities, districts, hospitals and companies carry only sourced rows.
Fictional providers are paired with real counties; those pairing rows are
illustrative too. ``tests/test_example.py`` checks all of this.

The illustrative rows are NOT official figures. They exist so that every table of
the input contract has rows and every gap rule has something to find. The
deliberately planted findings are the ``PLANTED_*`` constants below; the README of
the dataset lists them.

The script uses only the standard library and a fixed seed, so running it again
gives byte-identical files (it never reads its own output).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
OUT = HERE / "sichuan"

SEED = 20230915  # the Ten Measures were issued in September 2023
YEARS = (2023, 2024, 2025)
AS_OF = dt.date(2026, 11, 30)  # the date the planted overdue tasks are measured against
MARK = "示例"  # every fictional provider's name starts with it
ILLUSTRATIVE = {
    "source": "illustrative (assistgraph example generator)",
    "confidence": "illustrative",
}

# --------------------------------------------------------------------------------------
# Contract columns, in output order (extra columns follow, then source and confidence)
# --------------------------------------------------------------------------------------
CONTRACT: dict[str, list[str]] = {
    "prefectures": ["id", "name_zh", "name_en"],
    "counties": [
        "id",
        "name_zh",
        "name_en",
        "prefecture_id",
        "population",
        "rural_population",
        "need_index",
    ],
    "providers": ["id", "name_zh", "name_en", "force", "home"],
    "pairings": ["provider_id", "county_id", "since", "until", "role"],
    "industries": ["id", "name_zh", "name_en", "sector"],
    "chain_links": ["from_industry_id", "to_industry_id", "kind"],
    "county_industries": ["county_id", "industry_id", "role"],
    "resources": ["county_id", "name_zh", "name_en", "kind", "industry_id"],
    "capabilities": ["provider_id", "industry_id"],
    "industry_support": ["provider_id", "county_id", "industry_id", "since"],
    "projects": [
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
    ],
    "funding": ["provider_id", "project_id", "year", "amount_cny", "amount_wan"],
    "agreements": ["provider_id", "county_id", "signed_on", "fund_share_pct"],
    "brands": ["id", "name_zh", "name_en", "industry_id", "level", "county_ids", "promoted_by"],
    "training": ["provider_id", "county_id", "year", "trainees"],
    "cadres": ["provider_id", "county_id", "year", "direction", "count"],
    "workshops": ["id", "name_zh", "provider_id", "county_id", "jobs", "opened"],
    "tasks": ["id", "county_id", "provider_id", "title", "due", "status", "closed_on"],
    "towns": ["id", "name_zh", "name_en", "county_id", "theme"],
    "investment_funds": [
        "id",
        "name_zh",
        "name_en",
        "county_id",
        "size_cny",
        "model",
        "industry_ids",
    ],
    "fund_contributions": ["provider_id", "fund_id", "amount_cny", "amount_wan"],
    "mechanisms": ["id", "name_zh", "level", "prefecture_id", "established_on"],
}
PROVENANCE = ["source", "confidence"]

# --------------------------------------------------------------------------------------
# The 39 counties: id -> (slug, short Chinese name, short English name)
# --------------------------------------------------------------------------------------
COUNTY: dict[str, tuple[str, str, str]] = {
    "511133": ("mabian", "马边", "Mabian"),
    "511781": ("wanyuan", "万源", "Wanyuan"),
    "511322": ("yingshan", "营山", "Yingshan"),
    "511324": ("yilong", "仪陇", "Yilong"),
    "510822": ("qingchuan", "青川", "Qingchuan"),
    "510823": ("jiange", "剑阁", "Jiange"),
    "510824": ("cangxi", "苍溪", "Cangxi"),
    "511903": ("enyang", "恩阳", "Enyang"),
    "511921": ("tongjiang", "通江", "Tongjiang"),
    "511922": ("nanjiang", "南江", "Nanjiang"),
    "511923": ("pingchang", "平昌", "Pingchang"),
    "513226": ("jinchuan", "金川", "Jinchuan"),
    "513228": ("heishui", "黑水", "Heishui"),
    "513230": ("rangtang", "壤塘", "Rangtang"),
    "513231": ("aba", "阿坝", "Aba"),
    "513232": ("ruoergai", "若尔盖", "Zoige"),
    "513233": ("hongyuan", "红原", "Hongyuan"),
    "513326": ("daofu", "道孚", "Daofu"),
    "513327": ("luhuo", "炉霍", "Luhuo"),
    "513328": ("ganzi", "甘孜", "Ganzi"),
    "513329": ("xinlong", "新龙", "Xinlong"),
    "513330": ("dege", "德格", "Dege"),
    "513331": ("baiyu", "白玉", "Baiyu"),
    "513332": ("shiqu", "石渠", "Shiqu"),
    "513333": ("seda", "色达", "Seda"),
    "513334": ("litang", "理塘", "Litang"),
    "513335": ("batang", "巴塘", "Batang"),
    "513337": ("daocheng", "稻城", "Daocheng"),
    "513338": ("derong", "得荣", "Derong"),
    "513423": ("yanyuan", "盐源", "Yanyuan"),
    "513428": ("puge", "普格", "Puge"),
    "513429": ("butuo", "布拖", "Butuo"),
    "513430": ("jinyang", "金阳", "Jinyang"),
    "513431": ("zhaojue", "昭觉", "Zhaojue"),
    "513432": ("xide", "喜德", "Xide"),
    "513434": ("yuexi", "越西", "Yuexi"),
    "513435": ("ganluo", "甘洛", "Ganluo"),
    "513436": ("meigu", "美姑", "Meigu"),
    "513437": ("leibo", "雷波", "Leibo"),
}

# Illustrative registered population: round numbers of a plausible magnitude, NOT
# statistics. They exist so that per-capita views have a denominator.
POPULATION: dict[str, int] = {
    "511133": 220_000,
    "511781": 580_000,
    "511322": 930_000,
    "511324": 1_060_000,
    "510822": 220_000,
    "510823": 640_000,
    "510824": 760_000,
    "511903": 570_000,
    "511921": 760_000,
    "511922": 680_000,
    "511923": 1_000_000,
    "513226": 70_000,
    "513228": 60_000,
    "513230": 40_000,
    "513231": 80_000,
    "513232": 80_000,
    "513233": 50_000,
    "513326": 60_000,
    "513327": 50_000,
    "513328": 70_000,
    "513329": 50_000,
    "513330": 90_000,
    "513331": 60_000,
    "513332": 100_000,
    "513333": 60_000,
    "513334": 70_000,
    "513335": 50_000,
    "513337": 30_000,
    "513338": 30_000,
    "513423": 400_000,
    "513428": 200_000,
    "513429": 200_000,
    "513430": 200_000,
    "513431": 340_000,
    "513432": 220_000,
    "513434": 370_000,
    "513435": 230_000,
    "513436": 280_000,
    "513437": 270_000,
}

# --------------------------------------------------------------------------------------
# Fictional providers: ids contain "-shili-", names start with 示例 ("example")
# --------------------------------------------------------------------------------------
DEPT, PSOE, CSOE = "provincial_department", "provincial_soe", "central_soe"
EW, PA = "east_west", "paired_assistance"
SOE_FORCES = (PSOE, CSOE)

# (slug, heavenly stem, letter): 示例省直部门甲 = "Example provincial department A"
_STEMS = [
    ("jia", "甲", "A"),
    ("yi", "乙", "B"),
    ("bing", "丙", "C"),
    ("ding", "丁", "D"),
    ("wu", "戊", "E"),
    ("ji", "己", "F"),
    ("geng", "庚", "G"),
    ("xin", "辛", "H"),
    ("ren", "壬", "I"),
    ("gui", "癸", "J"),
    ("zi", "子", "K"),
    ("chou", "丑", "L"),
]
ILLUSTRATIVE_PROVIDERS: list[tuple[str, str, str, str]] = [
    # id, name_zh, name_en, force
    *[
        (f"dept-shili-{s}", f"{MARK}省直部门{zh}", f"Example provincial department {en}", DEPT)
        for s, zh, en in _STEMS
    ],
    ("csoe-shili-jia", f"{MARK}在川央企甲", "Example central SOE A", CSOE),
    ("csoe-shili-yi", f"{MARK}在川央企乙", "Example central SOE B", CSOE),
    ("psoe-shili-jia", f"{MARK}地方国企甲", "Example local SOE A", PSOE),
    ("psoe-shili-yi", f"{MARK}地方国企乙", "Example local SOE B", PSOE),
]

# Pairings of the fictional providers, by hand so that a reader can check them:
# provider -> [(county, role)]. Every county but 得荣 has a fictional department (the
# lead where the sources name none, a member where they name the real lead), so that
# every county has an actor for the invented rows. The four fictional SOEs pair with
# ten counties only: the other counties' SOEs are unknown (see the sourced roster),
# and `missing_force` says so.
LEAD, MEMBER = "lead", "member"
ILLUSTRATIVE_PAIRINGS: dict[str, list[tuple[str, str]]] = {
    "dept-shili-jia": [("511133", LEAD), ("513432", LEAD), ("513434", LEAD), ("513436", MEMBER)],
    "dept-shili-yi": [("513435", LEAD), ("513437", LEAD), ("513428", LEAD), ("513430", MEMBER)],
    "dept-shili-bing": [("513423", LEAD), ("513429", LEAD), ("513431", LEAD)],
    "dept-shili-ding": [("513326", LEAD), ("513327", LEAD), ("513328", LEAD)],
    "dept-shili-wu": [("513329", LEAD), ("513330", LEAD), ("513331", LEAD), ("513333", MEMBER)],
    "dept-shili-ji": [("513332", LEAD), ("513335", LEAD), ("513337", LEAD), ("513334", MEMBER)],
    "dept-shili-geng": [("513228", LEAD), ("513230", LEAD), ("513231", LEAD), ("513226", MEMBER)],
    "dept-shili-xin": [("513232", LEAD), ("513233", LEAD)],
    "dept-shili-ren": [("511921", LEAD), ("511922", LEAD), ("511923", LEAD)],
    "dept-shili-gui": [("510822", LEAD), ("510823", LEAD), ("510824", LEAD)],
    "dept-shili-zi": [("511322", LEAD), ("511324", LEAD)],
    "dept-shili-chou": [("511781", LEAD), ("511903", LEAD)],
    "csoe-shili-jia": [("513334", ""), ("513423", ""), ("513437", ""), ("511922", "")],
    "csoe-shili-yi": [
        ("513330", ""),
        ("513332", ""),
        ("511781", ""),
        ("513338", ""),
        ("511922", ""),
    ],
    "psoe-shili-jia": [("513334", ""), ("513431", ""), ("513423", ""), ("510823", "")],
    "psoe-shili-yi": [("513330", ""), ("513332", ""), ("511922", ""), ("513338", "")],
}

# --------------------------------------------------------------------------------------
# PLANTED findings (what the gap analysis should report; see the README). Every one
# rests on illustrative rows of fictional providers.
# --------------------------------------------------------------------------------------
# missing_force: 得荣 gets no fictional department (the sources name none either)
PLANTED_NO_DEPARTMENT = "513338"
# training_below_target: county -> trainees in 2023, 2024, 2025 (all providers).
# 壤塘 is the trap of the "mean" rule: 410 in 2023, but a mean of 509.3 over the three
# years; 白玉's mean is 478.3.
PLANTED_TRAINING = {"513230": (410, 598, 520), "513331": (480, 490, 465)}
# cadre_training_below_target: year -> total from_county cadres, all counties together
PLANTED_CADRES_FROM_COUNTY = {2023: 78}
# department_key_projects: (department, county, year) -> key_support projects funded
PLANTED_DEPT_KEY_PROJECTS = {
    ("dept-shili-ding", "513328", 2024): 3,
    ("dept-shili-gui", "510822", 2025): 0,
}
# soe_without_agreement / agreement_without_fund_share
PLANTED_SOE_WITHOUT_AGREEMENT = [("psoe-shili-yi", "513338")]
PLANTED_AGREEMENT_WITHOUT_SHARE = [("csoe-shili-yi", "513332")]
# soe_annual_funding: (SOE, county) -> (agreement date, the years it funds)
# (signed in 2024, so 2023 is not checked; nothing in 2025 is the gap)
PLANTED_SOE_FUNDING = {("csoe-shili-jia", "513437"): ("2024-03-20", (2024,))}
# soe_key_industries: 3 of 理塘's key/characteristic industries; in 石渠 only an
# industry that is not one of 石渠's (so 0 are counted)
PLANTED_SOE_INDUSTRIES = {
    ("psoe-shili-jia", "513334"): ["ind-yak", "ind-highland-barley", "ind-tourism"],
    ("psoe-shili-yi", "513332"): ["ind-ecommerce"],
}
# soe_pairing_structure: 南江 has two (fictional) central SOEs
PLANTED_TWO_CENTRAL_SOES = "511922"
# missing_project_term: county -> term with no project
PLANTED_MISSING_TERM = {"511322": "long", "513335": "short"}
# missing_livelihood: county -> livelihood subcategory with no project
PLANTED_MISSING_LIVELIHOOD = {
    "513333": "water_supply",
    "513437": "geological_disaster",
    "513233": "dilapidated_housing",
    "513228": "collective_economy",
}
LIVELIHOOD_REQUIRED = (
    "geological_disaster",
    "dilapidated_housing",
    "water_supply",
    "collective_economy",
)
# missing_employment_support: no workshop and no employment project
PLANTED_NO_EMPLOYMENT = "513329"
# county_without_brand (neither has a sourced brand)
PLANTED_NO_BRAND = ["511322", "511903"]
# unmatched_resource: no provider anywhere gets a capability in these industries, and
# they have no chain links; resources in them stay unmatched (道孚 lithium, 青川 fish,
# 巴塘 spring water)
PLANTED_UNSERVED_INDUSTRIES = ["ind-lithium", "ind-aquaculture", "ind-spring-water"]
# late_closeout: task -> (county, provider, title, due, closed_on, status)
PLANTED_LATE_CLOSEOUT: list[tuple[str, str, str, str, str, str, str]] = [
    (
        "task-jinyang-80",
        "513430",
        "dept-shili-yi",
        "完成金阳县青花椒冷链仓储项目验收",
        "2024-12-31",
        "2025-03-14",
        "done",
    ),
    (
        "task-dege-80",
        "513330",
        "csoe-shili-yi",
        "完成德格县牦奶加工车间设备安装",
        "2025-06-30",
        "2025-08-05",
        "closed",
    ),
]
# funding concentration: darlings get 4x the amounts, orphans a few small grants
DARLINGS = ["513334", "513423", "513431"]
ORPHANS = ["513230", "513329", "511903"]

# SOE industry support outside the planted ones: each SOE x county supports 1-2 of the
# county's key/characteristic industries (chosen by the script from county_industries)

# Capabilities ("advantages, chains or channels") of the fictional providers. None is
# in PLANTED_UNSERVED_INDUSTRIES; the script adds more so that every other resource
# has a paired provider with a matching capability.
PROVIDER_CAPABILITIES: dict[str, list[str]] = {
    "dept-shili-jia": ["ind-tea-processing", "ind-ecommerce"],
    "dept-shili-yi": ["ind-tcm-processing"],
    "dept-shili-bing": ["ind-fruit-processing", "ind-food-processing"],
    "dept-shili-ding": ["ind-cold-chain"],
    "dept-shili-wu": ["ind-meat-processing", "ind-cold-chain"],
    "dept-shili-ji": ["ind-tourism"],
    "dept-shili-geng": ["ind-tcm-herbs"],
    "dept-shili-xin": ["ind-garment"],
    "dept-shili-ren": ["ind-retail", "ind-ecommerce"],
    "dept-shili-gui": ["ind-fruit-processing", "ind-edible-fungi"],
    "dept-shili-zi": ["ind-tourism"],
    "dept-shili-chou": ["ind-ecommerce"],
    "csoe-shili-jia": ["ind-clean-energy", "ind-cold-chain"],
    "csoe-shili-yi": ["ind-ecommerce"],
    "psoe-shili-jia": ["ind-tourism", "ind-retail"],
    "psoe-shili-yi": ["ind-meat-processing"],
}

ILLUSTRATIVE_CHAIN_LINKS: list[tuple[str, str, str]] = [
    ("ind-tea-processing", "ind-tea-beverage", "processing"),
    ("ind-tea-processing", "ind-retail", "sales"),
    ("ind-tea-processing", "ind-ecommerce", "sales"),
    ("ind-buckwheat", "ind-food-processing", "processing"),
    ("ind-buckwheat", "ind-tea-beverage", "processing"),
    ("ind-pig", "ind-meat-processing", "processing"),
    ("ind-goat", "ind-meat-processing", "processing"),
    ("ind-beef-cattle", "ind-meat-processing", "processing"),
    ("ind-poultry", "ind-meat-processing", "processing"),
    ("ind-meat-processing", "ind-cold-chain", "logistics"),
    ("ind-dairy", "ind-cold-chain", "logistics"),
    ("ind-cold-chain", "ind-retail", "sales"),
    ("ind-cold-chain", "ind-ecommerce", "sales"),
    ("ind-apple", "ind-fruit-processing", "processing"),
    ("ind-navel-orange", "ind-cold-chain", "logistics"),
    ("ind-navel-orange", "ind-fruit-processing", "processing"),
    ("ind-kiwi", "ind-cold-chain", "logistics"),
    ("ind-kiwi", "ind-fruit-processing", "processing"),
    ("ind-pear", "ind-fruit-processing", "processing"),
    ("ind-passion-fruit", "ind-fruit-processing", "processing"),
    ("ind-fruit-processing", "ind-retail", "sales"),
    ("ind-wine-grape", "ind-brewing", "processing"),
    ("ind-rice", "ind-brewing", "processing"),
    ("ind-highland-barley", "ind-food-processing", "processing"),
    ("ind-highland-barley", "ind-brewing", "processing"),
    ("ind-brewing", "ind-retail", "sales"),
    ("ind-pepper-processing", "ind-food-processing", "processing"),
    ("ind-konjac", "ind-food-processing", "processing"),
    ("ind-potato", "ind-food-processing", "processing"),
    ("ind-edible-fungi", "ind-food-processing", "processing"),
    ("ind-edible-fungi", "ind-ecommerce", "sales"),
    ("ind-daylily", "ind-food-processing", "processing"),
    ("ind-grain-oil", "ind-food-processing", "processing"),
    ("ind-soy", "ind-retail", "sales"),
    ("ind-food-processing", "ind-ecommerce", "sales"),
    ("ind-bee", "ind-food-processing", "processing"),
    ("ind-tcm-herbs", "ind-tcm-processing", "processing"),
    ("ind-tcm-processing", "ind-ecommerce", "sales"),
    ("ind-garment", "ind-ecommerce", "sales"),
    ("ind-farm-machinery", "ind-potato", "equipment"),
    ("ind-farm-machinery", "ind-grain-oil", "equipment"),
    ("ind-vegetables", "ind-retail", "sales"),
]
ILLUSTRATIVE_INDUSTRIES = [
    ("ind-tcm-processing", "中药材加工", "Processing of medicinal herbs", "food_processing"),
]
# counties with no sourced industry get an illustrative one or two
ILLUSTRATIVE_COUNTY_INDUSTRIES = [
    ("513329", "ind-yak", "key"),
    ("513329", "ind-highland-barley", "characteristic"),
    ("513331", "ind-yak", "key"),
    ("513331", "ind-tcm-herbs", "characteristic"),
    ("513333", "ind-yak", "key"),
    ("513333", "ind-tourism", "characteristic"),
    ("511903", "ind-vegetables", "key"),
    ("511903", "ind-tourism", "characteristic"),
]


# Themes of each fictional department's key_support projects: category, subcategory,
# zh, en
DEPT_THEME: dict[str, tuple[str, str, str, str]] = {
    "dept-shili-jia": ("public_welfare", "", "乡村学校改薄", "rural school upgrade"),
    "dept-shili-yi": ("public_welfare", "", "县域医共体建设", "county medical alliance"),
    "dept-shili-bing": ("industry", "", "现代农业园区", "modern agricultural park"),
    "dept-shili-ding": ("infrastructure", "", "通村公路提升", "village road upgrade"),
    "dept-shili-wu": ("livelihood", "water_supply", "农村供水保障", "rural water supply"),
    "dept-shili-ji": (
        "livelihood",
        "geological_disaster",
        "地质灾害综合治理",
        "geological hazard control",
    ),
    "dept-shili-geng": (
        "livelihood",
        "dilapidated_housing",
        "农房抗震改造",
        "rural housing retrofit",
    ),
    "dept-shili-xin": ("employment", "", "劳务品牌培育", "labour brand programme"),
    "dept-shili-ren": ("industry", "", "县域商业体系", "county commerce system"),
    "dept-shili-gui": ("talent", "", "科技特派员服务", "science envoy service"),
    "dept-shili-zi": ("urbanization", "", "县城补短板", "county town improvement"),
    "dept-shili-chou": (
        "livelihood",
        "relapse_prevention",
        "防止返贫动态监测帮扶",
        "relapse-prevention monitoring",
    ),
}

CATEGORY_NAMES: dict[tuple[str, str], tuple[str, str]] = {
    ("livelihood", "geological_disaster"): (
        "地质灾害隐患点综合治理",
        "geological hazard site control",
    ),
    ("livelihood", "dilapidated_housing"): ("农村危房改造", "rural dilapidated housing renovation"),
    ("livelihood", "water_supply"): ("农村集中供水保障工程", "rural centralised water supply"),
    ("livelihood", "collective_economy"): ("新型农村集体经济", "new rural collective economy"),
    ("livelihood", "relapse_prevention"): ("防止返贫帮扶", "relapse prevention"),
    ("employment", ""): ("劳务输出与技能就业", "labour export and skills-to-jobs"),
    ("infrastructure", ""): ("通村通组道路硬化", "village road paving"),
    ("public_welfare", ""): ("乡村学校和卫生院帮扶", "village school and clinic support"),
    ("talent", ""): ("乡村振兴人才培养", "rural revitalisation talent training"),
    ("urbanization", ""): ("县城城镇化补短板", "county town urbanisation"),
}
AMOUNT_RANGE_WAN: dict[str, tuple[int, int]] = {
    "industry": (200, 1200),
    "livelihood": (80, 500),
    "infrastructure": (300, 1500),
    "employment": (30, 180),
    "public_welfare": (20, 250),
    "talent": (10, 80),
    "urbanization": (200, 1000),
}
FORCE_FACTOR = {DEPT: 0.8, PSOE: 1.2, CSOE: 1.3}

INVESTMENT_FUNDS: list[tuple[str, str, str, str, int, str, list[str]]] = [
    # id, name_zh, name_en, lead county, size_cny, model, industries. Contributors are
    # the fictional providers paired with the county (at least two, except the planted
    # one-contributor fund of 金阳); 德格's fund invests in no industry of 德格 (planted).
    (
        "fund-shili-zhaojue-buckwheat",
        "示例基金·昭觉苦荞产业发展基金",
        "Zhaojue buckwheat industry fund (example)",
        "513431",
        60_000_000,
        "county leading, joint investment, market orientation (县域主导、联合投资、市场运作)",
        ["ind-buckwheat", "ind-food-processing"],
    ),
    (
        "fund-shili-litang-yak",
        "示例基金·理塘牦牛产业投资基金",
        "Litang yak industry fund (example)",
        "513334",
        80_000_000,
        "county leading, joint investment, market orientation (县域主导、联合投资、市场运作)",
        ["ind-yak", "ind-meat-processing", "ind-dairy"],
    ),
    (
        "fund-shili-yanyuan-apple",
        "示例基金·盐源苹果产业投资基金",
        "Yanyuan apple industry fund (example)",
        "513423",
        100_000_000,
        "county leading, joint investment, market orientation (县域主导、联合投资、市场运作)",
        ["ind-apple", "ind-cold-chain", "ind-brewing"],
    ),
    (
        "fund-shili-shiqu-yak",
        "示例基金·石渠牦牛产业投资基金",
        "Shiqu yak industry fund (example)",
        "513332",
        40_000_000,
        "county leading, joint investment, market orientation (县域主导、联合投资、市场运作)",
        ["ind-yak", "ind-tibetan-sheep"],
    ),
    (
        "fund-shili-dege-logistics",
        "示例基金·德格商贸物流投资基金",
        "Dege trade and logistics fund (example)",
        "513330",
        30_000_000,
        "county leading, joint investment, market orientation (县域主导、联合投资、市场运作)",
        ["ind-cold-chain", "ind-ecommerce"],
    ),
    (
        "fund-shili-jinyang-pepper",
        "示例基金·金阳青花椒产业投资基金",
        "Jinyang green pepper industry fund (example)",
        "513430",
        30_000_000,
        "county leading, fund of funds (县域主导、母子基金)",
        ["ind-sichuan-pepper", "ind-pepper-processing"],
    ),
]
PLANTED_FUND_ONE_CONTRIBUTOR = "fund-shili-jinyang-pepper"
PLANTED_FUND_OTHER_INDUSTRY = "fund-shili-dege-logistics"

# Open tasks already overdue on AS_OF (planted); other tasks due before AS_OF are done
# or closed (closed out on or before their due date), and open tasks fall due after AS_OF.
PLANTED_OVERDUE_TASKS: list[tuple[str, str, str, str, str]] = [
    # id, county, provider, title, due
    ("task-rangtang-90", "513230", "dept-shili-geng", "编制壤塘县产业项目储备库", "2025-06-30"),
    (
        "task-xinlong-90",
        "513329",
        "dept-shili-wu",
        "完成新龙县农村供水保障工程验收",
        "2025-12-31",
    ),
    (
        "task-nanjiang-90",
        "511922",
        "csoe-shili-yi",
        "厘清南江县两户在川央企的帮扶分工",
        "2024-12-31",
    ),
    ("task-derong-90", "513338", "psoe-shili-yi", "签订得荣县托底性帮扶协议", "2024-09-30"),
    ("task-baiyu-90", "513331", "dept-shili-wu", "落实白玉县年均500人技能培训", "2025-12-31"),
    (
        "task-leibo-90",
        "513437",
        "dept-shili-yi",
        "完成雷波县地质灾害隐患点排查治理",
        "2026-09-30",
    ),
]
TASK_TEMPLATES: list[tuple[str, str]] = [
    ("完成{c}{i}产业园建设", "Finish the {i_en} industrial park in {c_en}"),
    ("落实{c}{y}年度技能培训500人目标", "Train 500 people in {c_en} in {y}"),
    ("组织{c}干部赴帮扶地跟岗学习", "Send {c_en} cadres on job-shadowing"),
    ("开设{c}消费帮扶专柜", "Open a consumption-assistance counter for {c_en}"),
    ("完成{c}帮扶车间吸纳就业目标", "Meet the jobs target of the {c_en} workshop"),
    ("完成{c}村集体经济项目验收", "Accept the {c_en} village collective economy project"),
]


# --------------------------------------------------------------------------------------
# IO
# --------------------------------------------------------------------------------------
def read_source(table: str) -> list[dict[str, str]]:
    path = SOURCES / f"{table}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [dict(r) for r in csv.DictReader(f)]


def write_table(table: str, rows: list[dict[str, object]]) -> None:
    columns = list(CONTRACT[table])
    extras: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns and key not in PROVENANCE and key not in extras:
                extras.append(key)
    columns += PROVENANCE + extras
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def ill(**fields: object) -> dict[str, object]:
    """An illustrative row."""
    return {**fields, **ILLUSTRATIVE}


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def strip_paren(name: str) -> str:
    for mark in ("(", "（"):
        name = name.split(mark)[0]
    return name


# --------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------
def build() -> dict[str, list[dict[str, object]]]:
    rng = random.Random(SEED)
    tables: dict[str, list[dict[str, object]]] = {t: read_source(t) for t in CONTRACT}

    # ---- counties: illustrative population, rural population and need index --------
    for row in tables["counties"]:
        cid = str(row["id"])
        pop = POPULATION[cid]
        plateau = cid.startswith(("5132", "5133"))
        rural_share = 0.82 if plateau else 0.72
        step = 1_000 if pop < 100_000 else 10_000
        row["population"] = pop
        row["rural_population"] = round(pop * rural_share / step) * step
        row["need_index"] = round(
            rng.uniform(0.65, 0.95) if plateau else rng.uniform(0.35, 0.75), 2
        )
        row["population_confidence"] = "illustrative"
        row["population_source"] = ILLUSTRATIVE["source"]

    # ---- providers and pairings ------------------------------------------------------
    for pid, zh, en, force in ILLUSTRATIVE_PROVIDERS:
        assert "-shili-" in pid and zh.startswith(MARK), pid
        tables["providers"].append(ill(id=pid, name_zh=zh, name_en=en, force=force, home="四川省"))
    for pid, pairs in ILLUSTRATIVE_PAIRINGS.items():
        for cid, role in pairs:
            tables["pairings"].append(ill(provider_id=pid, county_id=cid, since=2023, role=role))

    force_of = {str(p["id"]): str(p["force"]) for p in tables["providers"]}
    fictional = [pid for pid, *_ in ILLUSTRATIVE_PROVIDERS]
    # the fictional providers of each county: the actors of every invented row
    actors: dict[str, list[str]] = {cid: [] for cid in COUNTY}
    lead_of: dict[str, list[str]] = {cid: [] for cid in COUNTY}
    for pid, pairs in ILLUSTRATIVE_PAIRINGS.items():
        for cid, role in pairs:
            actors[cid].append(pid)
            if role == LEAD:
                lead_of[cid].append(pid)
    assert all(actors[c] for c in COUNTY), [c for c in COUNTY if not actors[c]]
    assert not any(force_of[p] == DEPT for p in actors[PLANTED_NO_DEPARTMENT])
    current = [p for p in tables["pairings"] if not str(p.get("until") or "")]
    assert not any(
        force_of[str(p["provider_id"])] == DEPT
        for p in current
        if p["county_id"] == PLANTED_NO_DEPARTMENT
    )

    def of_force(cid: str, *forces: str) -> list[str]:
        return [p for p in actors[cid] if force_of[p] in forces]

    soe_pairs = [(p, c) for c in COUNTY for p in of_force(c, PSOE, CSOE)]
    assert len(of_force(PLANTED_TWO_CENTRAL_SOES, CSOE)) == 2

    # ---- industries, chain links, county industries ---------------------------------
    for iid, zh, en, sector in ILLUSTRATIVE_INDUSTRIES:
        tables["industries"].append(ill(id=iid, name_zh=zh, name_en=en, sector=sector))
    industry_name = {
        str(i["id"]): (str(i["name_zh"]), str(i["name_en"])) for i in tables["industries"]
    }
    have_link = {
        (str(r["from_industry_id"]), str(r["to_industry_id"])) for r in tables["chain_links"]
    }
    for a, b, kind in ILLUSTRATIVE_CHAIN_LINKS:
        assert a in industry_name and b in industry_name, (a, b)
        assert a not in PLANTED_UNSERVED_INDUSTRIES and b not in PLANTED_UNSERVED_INDUSTRIES
        if (a, b) not in have_link:
            tables["chain_links"].append(ill(from_industry_id=a, to_industry_id=b, kind=kind))
    for cid, iid, role in ILLUSTRATIVE_COUNTY_INDUSTRIES:
        tables["county_industries"].append(ill(county_id=cid, industry_id=iid, role=role))
    county_inds: dict[str, list[str]] = {cid: [] for cid in COUNTY}
    key_inds: dict[str, list[str]] = {cid: [] for cid in COUNTY}  # key or characteristic
    role_rank = {"key": 0, "characteristic": 1, "emerging": 2}
    for r in sorted(tables["county_industries"], key=lambda r: role_rank[str(r["role"])]):
        iid = str(r["industry_id"])
        county_inds[str(r["county_id"])].append(iid)
        if r["role"] in ("key", "characteristic") and iid not in PLANTED_UNSERVED_INDUSTRIES:
            key_inds[str(r["county_id"])].append(iid)

    # ---- industry support: fictional SOEs only ----------------------------------------
    supported: dict[tuple[str, str], list[str]] = {}
    for pid, cid in soe_pairs:
        planted = PLANTED_SOE_INDUSTRIES.get((pid, cid))
        if planted is not None:
            inds = planted
        else:
            assert key_inds[cid], cid
            inds = key_inds[cid][: rng.choice((1, 2))]
        supported[(pid, cid)] = inds
        for iid in inds:
            tables["industry_support"].append(
                ill(provider_id=pid, county_id=cid, industry_id=iid, since=2024)
            )
    assert (
        len(set(PLANTED_SOE_INDUSTRIES[("psoe-shili-jia", "513334")]) & set(key_inds["513334"]))
        == 3
    )
    assert not set(PLANTED_SOE_INDUSTRIES[("psoe-shili-yi", "513332")]) & set(key_inds["513332"])

    # ---- capabilities: fictional providers only ---------------------------------------
    have_cap = {(str(r["provider_id"]), str(r["industry_id"])) for r in tables["capabilities"]}

    def add_cap(pid: str, iid: str) -> None:
        assert iid not in PLANTED_UNSERVED_INDUSTRIES, iid
        assert pid in fictional, pid
        if (pid, iid) not in have_cap:
            have_cap.add((pid, iid))
            tables["capabilities"].append(ill(provider_id=pid, industry_id=iid))

    for pid in fictional:
        for iid in PROVIDER_CAPABILITIES[pid]:
            add_cap(pid, iid)
    for (pid, _cid), inds in sorted(supported.items()):
        for iid in inds:
            add_cap(pid, iid)
    # every resource outside the planted industries can be served by a paired provider
    paired: dict[str, list[str]] = {cid: [] for cid in COUNTY}
    for p in current:
        paired[str(p["county_id"])].append(str(p["provider_id"]))
    neighbours: dict[str, list[str]] = {i: [i] for i in industry_name}
    for r in tables["chain_links"]:
        a, b = str(r["from_industry_id"]), str(r["to_industry_id"])
        neighbours[a].append(b)
        neighbours[b].append(a)
    for res in tables["resources"]:
        cid, iid = str(res["county_id"]), str(res.get("industry_id") or "")
        if not iid or iid in PLANTED_UNSERVED_INDUSTRIES:
            continue
        if not any((p, n) in have_cap for p in paired[cid] for n in neighbours[iid]):
            add_cap(actors[cid][0], iid)

    # ---- projects ---------------------------------------------------------------------
    projects = tables["projects"]
    funding = tables["funding"]
    funded_keys = {(str(f["provider_id"]), str(f["project_id"]), int(f["year"])) for f in funding}
    counter: dict[str, int] = dict.fromkeys(COUNTY, 0)

    def weight(cid: str) -> float:
        return 4.0 if cid in DARLINGS else 0.08 if cid in ORPHANS else 1.0

    def new_project(
        cid: str,
        cat: str,
        sub: str,
        term: str,
        iid: str,
        start: int,
        end: int,
        key: bool = False,
        label: tuple[str, str] | None = None,
        status: str | None = None,
    ) -> dict[str, object]:
        assert not (cid == PLANTED_NO_EMPLOYMENT and cat == "employment")
        assert not (cat == "livelihood" and PLANTED_MISSING_LIVELIHOOD.get(cid) == sub)
        assert PLANTED_MISSING_TERM.get(cid) != term, (cid, term)
        counter[cid] += 1
        slug, czh, cen = COUNTY[cid]
        if label is None:
            if cat == "industry":
                izh, ien = industry_name[iid]
                label = (f"{strip_paren(izh)}产业提升", f"{strip_paren(ien).lower()} upgrading")
            else:
                label = CATEGORY_NAMES[(cat, sub)]
        suffix_zh = "（省直部门重点帮扶）" if key else ""
        row = ill(
            id=f"prj-{slug}-{counter[cid]:02d}",
            name_zh=f"{MARK}项目·{czh}{label[0]}{suffix_zh}",
            name_en=f"Example project: {cen} {label[1]}" + (" (key support)" if key else ""),
            county_id=cid,
            term=term,
            category=cat,
            subcategory=sub,
            industry_id=iid,
            key_support=key,
            start_year=start,
            end_year=end,
            status=status or ("completed" if end <= 2025 else "ongoing"),
        )
        projects.append(row)
        return row

    def fund(pid: str, project: dict[str, object], year: int, factor: float = 1.0) -> None:
        assert pid in fictional, pid
        key = (pid, str(project["id"]), year)
        if key in funded_keys:
            return
        funded_keys.add(key)
        lo, hi = AMOUNT_RANGE_WAN[str(project["category"])]
        wan = (
            rng.uniform(lo, hi)
            * weight(str(project["county_id"]))
            * FORCE_FACTOR[force_of[pid]]
            * factor
        )
        wan = round(wan, 1) if wan < 10 else round(wan)
        row = ill(provider_id=pid, project_id=project["id"], year=year)
        if rng.random() < 0.5:
            row["amount_wan"] = wan
        else:
            row["amount_cny"] = round(wan * 10_000)
        funding.append(row)

    def years_of(project: dict[str, object]) -> list[int]:
        return [
            y
            for y in YEARS
            if int(str(project["start_year"])) <= y <= int(str(project["end_year"]))
        ]

    # key_support projects: each lead department funds one key project a year in each
    # county it leads (1 is within the plan's 1-2), except the planted ones
    key_count: dict[tuple[str, str, int], int] = {}
    for cid in COUNTY:
        for dept in lead_of[cid]:
            if force_of[dept] != DEPT:
                continue
            cat, sub, lzh, len_ = DEPT_THEME[dept]
            if cat == "livelihood" and PLANTED_MISSING_LIVELIHOOD.get(cid) == sub:
                cat, sub, lzh, len_ = (
                    "public_welfare",
                    "",
                    "公共服务提升",
                    "public services upgrade",
                )
            if cat == "employment" and cid == PLANTED_NO_EMPLOYMENT:
                cat, sub, lzh, len_ = "talent", "", "乡村人才培养", "rural talent training"
            end = 2024 if (dept, cid, 2025) in PLANTED_DEPT_KEY_PROJECTS else 2025
            term = "medium" if PLANTED_MISSING_TERM.get(cid) == "long" else "long"
            if term == "long":
                end = 2024 if end == 2024 else 2026
            iid = key_inds[cid][0] if cat == "industry" and key_inds[cid] else ""
            main = new_project(cid, cat, sub, term, iid, 2023, end, key=True, label=(lzh, len_))
            for y in years_of(main):
                fund(dept, main, y)
                key_count[(dept, cid, y)] = key_count.get((dept, cid, y), 0) + 1
    # planted: dept-shili-ding funds three key projects in 甘孜 in 2024
    for n in range(2):
        extra = new_project(
            "513328",
            "infrastructure",
            "",
            "short",
            "",
            2024,
            2024,
            key=True,
            label=(
                ("农村公路安全生命防护", "rural road safety"),
                ("产业路硬化", "industry road paving"),
            )[n],
        )
        fund("dept-shili-ding", extra, 2024)
        key_count[("dept-shili-ding", "513328", 2024)] += 1
    # planted: dept-shili-gui funds no key project in 青川 in 2025, but a non-key one
    gui_2025 = new_project(
        "510822",
        "talent",
        "",
        "short",
        "",
        2025,
        2025,
        label=("科技特派员培训", "science envoy training"),
    )
    fund("dept-shili-gui", gui_2025, 2025)
    for (dept, cid, year), expected in PLANTED_DEPT_KEY_PROJECTS.items():
        assert key_count.get((dept, cid, year), 0) == expected, (dept, cid, year)
    for (dept, cid, year), n in key_count.items():
        if (dept, cid, year) not in PLANTED_DEPT_KEY_PROJECTS:
            assert n == 1, (dept, cid, year, n)

    # SOE projects: each fictional SOE funds a project in each of its counties every year
    # from its agreement on, except the planted gap
    signed_on: dict[tuple[str, str], str] = {}
    for pid, cid in soe_pairs:
        planted_funding = PLANTED_SOE_FUNDING.get((pid, cid))
        if planted_funding:
            signed, fund_years = planted_funding
        else:
            signed = random_date(rng, dt.date(2023, 8, 15), dt.date(2023, 12, 31)).isoformat()
            fund_years = YEARS
        signed_on[(pid, cid)] = signed
        inds = [i for i in supported[(pid, cid)] if i in key_inds[cid]]
        cat, iid = ("industry", inds[0]) if inds else ("infrastructure", "")
        start, end = fund_years[0], fund_years[-1]
        term = "short" if start == end else "medium"
        if PLANTED_MISSING_TERM.get(cid) == term:
            term = "long"
        project = new_project(cid, cat, "", term, iid, start, end)
        for y in fund_years:
            fund(pid, project, y)

    # ordinary projects for every county
    for cid in COUNTY:
        specs: list[tuple[str, str, str, str]] = []  # category, subcategory, term, industry
        for sub, term in (
            ("geological_disaster", rng.choice(["short", "medium"])),
            ("dilapidated_housing", "short"),
            ("water_supply", "medium"),
            ("collective_economy", "medium"),
        ):
            if PLANTED_MISSING_LIVELIHOOD.get(cid) != sub:
                specs.append(("livelihood", sub, term, ""))
        if rng.random() < 0.4:
            specs.append(("livelihood", "relapse_prevention", "short", ""))
        inds = key_inds[cid]
        if inds:
            specs.append(("industry", "", "long", inds[0]))
            if len(inds) > 1 and rng.random() < 0.4:
                specs.append(("industry", "", "medium", inds[1]))
        if cid != PLANTED_NO_EMPLOYMENT and rng.random() < 0.7:
            specs.append(("employment", "", "short", ""))
        specs.append(("infrastructure", "", rng.choice(["medium", "long"]), ""))
        if rng.random() < 0.35:
            specs.append(("public_welfare", "", "short", ""))
        if rng.random() < 0.2:
            specs.append(("urbanization", "", "long", ""))
        # planted missing terms; elsewhere make sure all three terms occur
        existing_terms = [str(p["term"]) for p in projects if p["county_id"] == cid]
        missing = PLANTED_MISSING_TERM.get(cid)
        if missing:
            specs = [(c, s, "medium" if t == missing else t, i) for c, s, t, i in specs]
        for needed in ("long", "medium", "short"):
            terms = existing_terms + [t for _, _, t, _ in specs]
            if needed == missing or needed in terms:
                continue
            for n in range(len(specs) - 1, -1, -1):
                c, s, t, i = specs[n]
                if terms.count(t) > 1:
                    specs[n] = (c, s, needed, i)
                    break
        for cat, sub, term, iid in specs:
            start = rng.choice((2023, 2023, 2024, 2024, 2025))
            end = (
                start
                if term == "short"
                else start + 1
                if term == "medium"
                else start + rng.randint(2, 4)
            )
            planned = start == 2025 and cid not in DARLINGS and rng.random() < 0.25
            project = new_project(
                cid, cat, sub, term, iid, start, end, status="planned" if planned else None
            )
            if planned:
                continue
            k = 1 if cid in ORPHANS else 3 if cid in DARLINGS else rng.choice((1, 1, 2))
            chosen = rng.sample(actors[cid], min(k, len(actors[cid])))
            rows_before = len(funding)
            for pid in chosen:
                for y in years_of(project):
                    if cid in ORPHANS and y != years_of(project)[0]:
                        continue
                    planted_funding = PLANTED_SOE_FUNDING.get((pid, cid))
                    if planted_funding and y not in planted_funding[1]:
                        continue
                    if rng.random() < 0.8:
                        fund(pid, project, y)
            if len(funding) == rows_before:
                pid, y = chosen[0], years_of(project)[0]
                if y in PLANTED_SOE_FUNDING.get((pid, cid), ("", YEARS))[1]:
                    fund(pid, project, y)

    # ---- agreements: every fictional SOE x county, except the planted gaps ------------
    for pid, cid in soe_pairs:
        if (pid, cid) in PLANTED_SOE_WITHOUT_AGREEMENT:
            continue
        share = "" if (pid, cid) in PLANTED_AGREEMENT_WITHOUT_SHARE else rng.choice((5, 10, 15, 20))
        tables["agreements"].append(
            ill(
                provider_id=pid,
                county_id=cid,
                signed_on=signed_on[(pid, cid)],
                fund_share_pct=share,
            )
        )

    # ---- brands: one fictional brand per county, promoted by a fictional provider -----
    promoted_here: set[str] = set()
    for b in tables["brands"]:
        promoters = set(str(b.get("promoted_by") or "").split(";")) - {""}
        for cid in str(b.get("county_ids") or "").split(";"):
            if cid in paired and promoters & set(paired[cid]):
                promoted_here.add(cid)
    for cid in COUNTY:
        if cid in PLANTED_NO_BRAND or cid in promoted_here:
            continue
        slug, czh, cen = COUNTY[cid]
        iid = (key_inds[cid] or county_inds[cid])[0]
        izh, ien = industry_name[iid]
        tables["brands"].append(
            ill(
                id=f"brand-shili-{slug}",
                name_zh=f"{MARK}品牌·{czh}{strip_paren(izh)}",
                name_en=f"Example brand: {cen} {strip_paren(ien).lower()}",
                industry_id=iid,
                level=rng.choice(("regional_public", "product")),
                county_ids=cid,
                promoted_by=actors[cid][0],
            )
        )

    # ---- training: a mean of >= 500 a year per county except the planted ones ---------
    base = {DEPT: (180, 420), PSOE: (60, 160), CSOE: (60, 160)}
    for cid in COUNTY:
        for n, year in enumerate(YEARS):
            rows = [
                ill(
                    provider_id=pid,
                    county_id=cid,
                    year=year,
                    trainees=rng.randint(*base[force_of[pid]]),
                )
                for pid in actors[cid]
            ]
            total = sum(int(str(r["trainees"])) for r in rows)
            planted = PLANTED_TRAINING.get(cid)
            if planted is not None:
                target = planted[n]
                scaled = [max(5, int(int(str(r["trainees"])) * target / total)) for r in rows]
                scaled[0] += target - sum(scaled)
                for r, k in zip(rows, scaled, strict=True):
                    r["trainees"] = k
            elif total < 520:
                rows[0]["trainees"] = (
                    int(str(rows[0]["trainees"])) + 520 - total + rng.randint(0, 120)
                )
            tables["training"].extend(rows)

    # ---- cadres: both directions; 2023 from_county total planted below 100 ----------------
    for year in YEARS:
        from_rows = []
        for cid in COUNTY:
            for pid in actors[cid]:
                soe = force_of[pid] in SOE_FORCES
                if rng.random() < (0.3 if soe else 0.6):
                    n = rng.randint(1, 3) if soe else rng.randint(1, 8)
                    tables["cadres"].append(
                        ill(
                            provider_id=pid,
                            county_id=cid,
                            year=year,
                            direction="to_county",
                            count=n,
                        )
                    )
                if rng.random() < (0.3 if soe else 0.7):
                    from_rows.append(
                        ill(
                            provider_id=pid,
                            county_id=cid,
                            year=year,
                            direction="from_county",
                            count=rng.randint(1, 6),
                        )
                    )
        target = PLANTED_CADRES_FROM_COUNTY.get(year)
        if target is not None:
            kept, total = [], 0
            for row in from_rows:
                if total + int(str(row["count"])) <= target:
                    kept.append(row)
                    total += int(str(row["count"]))
            kept[-1]["count"] = int(str(kept[-1]["count"])) + target - total
            from_rows = kept
        else:
            short = 100 - sum(int(str(r["count"])) for r in from_rows)
            if short > 0:
                from_rows[0]["count"] = int(str(from_rows[0]["count"])) + short + rng.randint(5, 20)
        tables["cadres"].extend(from_rows)

    # ---- workshops ----------------------------------------------------------------------
    with_employment = {str(p["county_id"]) for p in projects if p["category"] == "employment"}
    with_employment |= {str(w["county_id"]) for w in tables["workshops"]}
    for cid in COUNTY:
        if cid == PLANTED_NO_EMPLOYMENT or (cid in with_employment and rng.random() < 0.3):
            continue
        slug, czh, cen = COUNTY[cid]
        inds = county_inds[cid]
        product = strip_paren(industry_name[inds[0]][0]) if inds else "手工艺品"
        opened = random_date(rng, dt.date(2023, 10, 1), dt.date(2025, 10, 31))
        tables["workshops"].append(
            ill(
                id=f"ws-{slug}-01",
                name_zh=f"{MARK}车间·{czh}{product}帮扶车间",
                name_en=f"Example workshop: {cen} assistance workshop",
                provider_id=actors[cid][0],
                county_id=cid,
                jobs=rng.randint(20, 160),
                opened=opened.isoformat(),
            )
        )

    # ---- tasks --------------------------------------------------------------------------
    for cid in COUNTY:
        slug, czh, cen = COUNTY[cid]
        inds = county_inds[cid]
        izh, ien = industry_name[inds[0]] if inds else ("特色", "local")
        for n, (tzh, ten) in enumerate(rng.sample(TASK_TEMPLATES, rng.randint(2, 3)), start=1):
            due = dt.date(rng.choice((2024, 2025, 2026)), rng.choice((3, 6, 9, 12)), 1)
            due = (due.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            status = "open" if due >= AS_OF else "done" if rng.random() < 0.8 else "closed"
            closed_on = (
                ""
                if status == "open"
                else (due - dt.timedelta(days=rng.randint(0, 90))).isoformat()
            )
            year = due.year
            tables["tasks"].append(
                ill(
                    id=f"task-{slug}-{n:02d}",
                    county_id=cid,
                    provider_id=rng.choice(actors[cid]),
                    title=tzh.format(c=czh, i=strip_paren(izh), y=year),
                    due=due.isoformat(),
                    status=status,
                    closed_on=closed_on,
                    title_en=ten.format(c_en=cen, i_en=strip_paren(ien).lower(), y=year),
                )
            )
    for tid, cid, pid, title, due in PLANTED_OVERDUE_TASKS:
        assert pid in actors[cid] and dt.date.fromisoformat(due) < AS_OF
        tables["tasks"].append(
            ill(id=tid, county_id=cid, provider_id=pid, title=title, due=due, status="open")
        )
    for tid, cid, pid, title, due, closed_on, status in PLANTED_LATE_CLOSEOUT:
        assert pid in actors[cid] and closed_on > due
        tables["tasks"].append(
            ill(
                id=tid,
                county_id=cid,
                provider_id=pid,
                title=title,
                due=due,
                status=status,
                closed_on=closed_on,
            )
        )

    # ---- investment funds and contributions ------------------------------------------
    for fid, zh, en, cid, size, model, inds in INVESTMENT_FUNDS:
        assert zh.startswith(MARK)
        assert (fid == PLANTED_FUND_OTHER_INDUSTRY) == (not set(inds) & set(key_inds[cid])), fid
        tables["investment_funds"].append(
            ill(
                id=fid,
                name_zh=zh,
                name_en=en,
                county_id=cid,
                size_cny=size,
                model=model,
                industry_ids=";".join(inds),
            )
        )
        contributors = actors[cid][:1] if fid == PLANTED_FUND_ONE_CONTRIBUTOR else actors[cid]
        assert (len(contributors) < 2) == (fid == PLANTED_FUND_ONE_CONTRIBUTOR), fid
        shares = [rng.uniform(1, 3) for _ in contributors]
        for pid, share in zip(contributors, shares, strict=True):
            cny = int(size * 0.8 * share / sum(shares) // 10_000 * 10_000)
            row = ill(provider_id=pid, fund_id=fid)
            if rng.random() < 0.5:
                row["amount_wan"] = cny // 10_000
            else:
                row["amount_cny"] = cny
            tables["fund_contributions"].append(row)

    # ---- no invented fact on a real name ----------------------------------------------
    for table in ACTOR_TABLES:
        for row in tables[table]:
            if row.get("confidence") == "illustrative":
                assert row["provider_id"] in fictional, (table, row)
    for row in tables["pairings"]:
        assert (row.get("confidence") == "illustrative") == (row["provider_id"] in fictional)
    return tables


#: Tables whose rows name an actor (``provider_id``): an illustrative row must name a
#: fictional provider.
ACTOR_TABLES = (
    "funding",
    "training",
    "cadres",
    "tasks",
    "capabilities",
    "agreements",
    "workshops",
    "industry_support",
    "fund_contributions",
)


def main() -> None:
    tables = build()
    for table, rows in tables.items():
        write_table(table, rows)
    sourced = sum(
        1 for rows in tables.values() for r in rows if r.get("confidence") != "illustrative"
    )
    total = sum(len(rows) for rows in tables.values())
    print(
        f"wrote {len(tables)} tables to {OUT}: {total} rows ({sourced} sourced, "
        f"{total - sourced} illustrative)"
    )


if __name__ == "__main__":
    main()
