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
   generator)``: county populations, extra providers (marked "（示例）/(example)"),
   their pairings, projects, funding, training, cadres, agreements, brands,
   workshops, tasks, towns, investment funds and fund contributions.
3. Writes ``examples/sichuan/<table>.csv`` (UTF-8, header row, comma-separated).

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
    "pairings": ["provider_id", "county_id", "since", "role"],
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
    "tasks": ["id", "county_id", "provider_id", "title", "due", "status"],
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
# Illustrative providers (all ids contain "shili" = 示例, "example")
# --------------------------------------------------------------------------------------
DEPT, PSOE, CSOE = "provincial_department", "provincial_soe", "central_soe"
EW, PA = "east_west", "paired_assistance"
SOE_FORCES = (PSOE, CSOE)

ILLUSTRATIVE_PROVIDERS: list[tuple[str, str, str, str]] = [
    # id, name_zh, name_en, force
    ("dept-shili-jiaoyu", "四川省教育厅（示例）", "Sichuan Dept. of Education (example)", DEPT),
    (
        "dept-shili-weijian",
        "四川省卫生健康委员会（示例）",
        "Sichuan Health Commission (example)",
        DEPT,
    ),
    (
        "dept-shili-nongye",
        "四川省农业农村厅（示例）",
        "Sichuan Dept. of Agriculture and Rural Affairs (example)",
        DEPT,
    ),
    (
        "dept-shili-jiaotong",
        "四川省交通运输厅（示例）",
        "Sichuan Dept. of Transport (example)",
        DEPT,
    ),
    (
        "dept-shili-shuili",
        "四川省水利厅（示例）",
        "Sichuan Dept. of Water Resources (example)",
        DEPT,
    ),
    (
        "dept-shili-ziran-ziyuan",
        "四川省自然资源厅（示例）",
        "Sichuan Dept. of Natural Resources (example)",
        DEPT,
    ),
    (
        "dept-shili-zhujian",
        "四川省住房和城乡建设厅（示例）",
        "Sichuan Dept. of Housing and Urban-Rural Development (example)",
        DEPT,
    ),
    (
        "dept-shili-renshe",
        "四川省人力资源和社会保障厅（示例）",
        "Sichuan Dept. of Human Resources and Social Security (example)",
        DEPT,
    ),
    ("dept-shili-shangwu", "四川省商务厅（示例）", "Sichuan Dept. of Commerce (example)", DEPT),
    (
        "dept-shili-keji",
        "四川省科学技术厅（示例）",
        "Sichuan Dept. of Science and Technology (example)",
        DEPT,
    ),
    (
        "dept-shili-fagai",
        "四川省发展和改革委员会（示例）",
        "Sichuan Development and Reform Commission (example)",
        DEPT,
    ),
    (
        "dept-shili-yingji",
        "四川省应急管理厅（示例）",
        "Sichuan Dept. of Emergency Management (example)",
        DEPT,
    ),
    (
        "psoe-shili-jiaotou",
        "省属交通投资集团（示例）",
        "Provincial transport investment group (example)",
        PSOE,
    ),
    (
        "psoe-shili-nengtou",
        "省属能源投资集团（示例）",
        "Provincial energy investment group (example)",
        PSOE,
    ),
    (
        "psoe-shili-nongtou",
        "省属农业投资集团（示例）",
        "Provincial agricultural investment group (example)",
        PSOE,
    ),
    (
        "psoe-shili-wenlv",
        "省属文旅投资集团（示例）",
        "Provincial culture and tourism investment group (example)",
        PSOE,
    ),
    (
        "psoe-shili-shangtou",
        "省属商贸流通集团（示例）",
        "Provincial trade and distribution group (example)",
        PSOE,
    ),
    (
        "psoe-shili-jiangong",
        "省属建工集团（示例）",
        "Provincial construction group (example)",
        PSOE,
    ),
    (
        "psoe-shili-yiyao",
        "省属医药健康集团（示例）",
        "Provincial pharmaceutical and health group (example)",
        PSOE,
    ),
    (
        "psoe-shili-jinrong",
        "省属金融控股集团（示例）",
        "Provincial financial holding group (example)",
        PSOE,
    ),
    (
        "psoe-shili-shuitou",
        "省属水务投资集团（示例）",
        "Provincial water investment group (example)",
        PSOE,
    ),
    (
        "csoe-shili-dianwang",
        "央企电网公司四川分公司（示例）",
        "Central grid company, Sichuan branch (example)",
        CSOE,
    ),
    (
        "csoe-shili-fadian",
        "央企发电集团四川公司（示例）",
        "Central power generation group, Sichuan (example)",
        CSOE,
    ),
    (
        "csoe-shili-dianxin",
        "央企电信运营商四川公司（示例）",
        "Central telecom operator, Sichuan (example)",
        CSOE,
    ),
    (
        "csoe-shili-jianzhu",
        "央企建筑集团西南公司（示例）",
        "Central construction group, south-west (example)",
        CSOE,
    ),
    (
        "csoe-shili-yinhang",
        "央企银行四川分行（示例）",
        "Central state bank, Sichuan branch (example)",
        CSOE,
    ),
    (
        "csoe-shili-shiyou",
        "央企石油销售四川公司（示例）",
        "Central petroleum marketing company, Sichuan (example)",
        CSOE,
    ),
    (
        "csoe-shili-liangyou",
        "央企粮油集团四川公司（示例）",
        "Central grain and oil group, Sichuan (example)",
        CSOE,
    ),
    (
        "csoe-shili-yaoye",
        "央企医药集团四川公司（示例）",
        "Central pharmaceutical group, Sichuan (example)",
        CSOE,
    ),
    (
        "csoe-shili-wuliu",
        "央企物流集团西南公司（示例）",
        "Central logistics group, south-west (example)",
        CSOE,
    ),
]

# Illustrative pairings, by hand so that a reader can check them. Counties that the
# sources already cover for a force are not repeated here.
ILLUSTRATIVE_PAIRINGS: dict[str, list[str]] = {
    # provincial departments: every county without a sourced department, except 得荣
    "dept-shili-jiaoyu": ["511133", "513432", "513434"],
    "dept-shili-weijian": ["513435", "513437", "513428"],
    "dept-shili-nongye": ["513423", "513429", "513431"],
    "dept-shili-jiaotong": ["513326", "513327", "513328"],
    "dept-shili-shuili": ["513329", "513330", "513331"],
    "dept-shili-ziran-ziyuan": ["513332", "513335", "513337"],
    "dept-shili-zhujian": ["513228", "513230", "513231"],
    "dept-shili-renshe": ["513232", "513233"],
    "dept-shili-shangwu": ["511921", "511922", "511923"],
    "dept-shili-keji": ["510822", "510823", "510824"],
    "dept-shili-fagai": ["511322", "511324"],
    "dept-shili-yingji": ["511781", "511903"],
    # provincial SOEs: every county except 甘洛
    "psoe-shili-jiaotou": ["513326", "513327", "513328", "513329"],
    "psoe-shili-nengtou": ["513423", "513436", "513430", "513428", "513429"],
    "psoe-shili-nongtou": ["513431", "513432", "513434", "513437"],
    "psoe-shili-wenlv": ["513337", "513338", "513335", "513334", "511133"],
    "psoe-shili-shangtou": ["511921", "511922", "511923", "511903"],
    "psoe-shili-jiangong": ["513330", "513331", "513332", "513333"],
    "psoe-shili-yiyao": ["513226", "513228", "513230", "513231"],
    "psoe-shili-jinrong": ["513232", "513233", "511781", "511322"],
    "psoe-shili-shuitou": ["511324", "510822", "510823", "510824"],
    # central SOEs: every county without a sourced central SOE, except 炉霍
    "csoe-shili-dianwang": ["513423", "513430", "513432", "513434"],
    "csoe-shili-fadian": ["513435", "513437", "511133", "513338"],
    "csoe-shili-dianxin": ["511903", "511921", "511922", "511923"],
    "csoe-shili-jianzhu": ["513326", "513328", "513329", "513330"],
    "csoe-shili-yinhang": ["513331", "513332", "513333", "513334"],
    "csoe-shili-shiyou": ["513335", "513337", "513226"],
    "csoe-shili-liangyou": ["511781", "511322", "511324", "510822"],
    "csoe-shili-yaoye": ["513228", "513230", "513231", "513232"],
    "csoe-shili-wuliu": ["513233", "510823", "510824"],
}

# --------------------------------------------------------------------------------------
# PLANTED findings (what the gap analysis should report; see the README)
# --------------------------------------------------------------------------------------
# missing_force: county -> the force left out on purpose (on top of the sourced gaps in
# paired_assistance, where the reference found no current partner)
PLANTED_MISSING_FORCE = {"513338": DEPT, "513435": PSOE, "513327": CSOE}
# training_below_target: (county, year) -> total trainees of all providers
PLANTED_TRAINING_BELOW = {("513230", 2023): 410, ("513331", 2025): 465}
# cadre_training_below_target: year -> total from_county cadres, all counties together
PLANTED_CADRES_FROM_COUNTY = {2023: 78}
# soe_without_agreement
PLANTED_SOE_WITHOUT_AGREEMENT = [("psoe-shili-wenlv", "513337"), ("csoe-shili-dianxin", "511903")]
# department_key_projects: (department, year) -> number of key_support projects funded
PLANTED_DEPT_KEY_PROJECTS = {("dept-shili-jiaotong", 2024): 3, ("dept-shili-keji", 2025): 0}
# missing_project_term: county -> term with no project
PLANTED_MISSING_TERM = {"511322": "long", "513335": "short"}
# missing_livelihood: county -> livelihood subcategory with no project
PLANTED_MISSING_LIVELIHOOD = {
    "513333": "water_supply",
    "513437": "geological_disaster",
    "513233": "dilapidated_housing",
}
# county_without_brand (both also have no sourced brand)
PLANTED_NO_BRAND = ["511322", "511903"]
# unmatched_resource: no provider anywhere gets a capability in these industries, and
# they have no chain links; resources in them stay unmatched (道孚 lithium, 青川 fish,
# 巴塘 spring water)
PLANTED_UNSERVED_INDUSTRIES = ["ind-lithium", "ind-aquaculture", "ind-spring-water"]
# funding concentration: darlings get 4x the amounts, orphans a few small grants
DARLINGS = ["513334", "513423", "513431"]
ORPHANS = ["513230", "513329", "511903"]

# SOE industry support: 1-2 distinct industries per SOE, except the planted ones
# (psoe-shili-jinrong supports none, csoe-shili-liangyou supports three; the sourced
# Dongfang Electric rows already give it three)
SOE_SUPPORT: dict[str, list[tuple[str, str]]] = {
    "psoe-shili-jiaotou": [("513326", "ind-tourism"), ("513328", "ind-highland-barley")],
    "psoe-shili-nengtou": [
        ("513423", "ind-clean-energy"),
        ("513430", "ind-clean-energy"),
        ("513436", "ind-clean-energy"),
    ],
    "psoe-shili-nongtou": [("513431", "ind-buckwheat"), ("513437", "ind-navel-orange")],
    "psoe-shili-wenlv": [
        ("513337", "ind-tourism"),
        ("513338", "ind-tourism"),
        ("513334", "ind-tourism"),
    ],
    "psoe-shili-shangtou": [("511921", "ind-ecommerce"), ("511922", "ind-retail")],
    "psoe-shili-jiangong": [("513332", "ind-yak"), ("513330", "ind-yak")],
    "psoe-shili-yiyao": [("513228", "ind-tcm-herbs"), ("513231", "ind-tcm-herbs")],
    "psoe-shili-jinrong": [],
    "psoe-shili-shuitou": [("510824", "ind-kiwi"), ("510823", "ind-tea")],
    "csoe-shili-dianwang": [("513423", "ind-clean-energy"), ("513432", "ind-pepper-processing")],
    "csoe-shili-fadian": [("513338", "ind-clean-energy"), ("513437", "ind-clean-energy")],
    "csoe-shili-dianxin": [("511921", "ind-ecommerce"), ("511923", "ind-ecommerce")],
    "csoe-shili-jianzhu": [("513330", "ind-dairy")],
    "csoe-shili-yinhang": [("513334", "ind-yak"), ("513332", "ind-yak")],
    "csoe-shili-shiyou": [("513226", "ind-pear"), ("513337", "ind-tourism")],
    "csoe-shili-liangyou": [
        ("511781", "ind-rice"),
        ("511324", "ind-sericulture"),
        ("510822", "ind-edible-fungi"),
    ],
    "csoe-shili-yaoye": [("513228", "ind-tcm-herbs")],
    "csoe-shili-wuliu": [("510824", "ind-cold-chain"), ("513233", "ind-dairy")],
    "csoe-guojia-nengyuan": [("513428", "ind-clean-energy"), ("513429", "ind-potato")],
    "csoe-jianhang-sichuan": [("513429", "ind-potato")],
}

# Capabilities ("advantages, chains or channels") by provider; force-level pools for
# the rest. None of them is in PLANTED_UNSERVED_INDUSTRIES.
PROVIDER_CAPABILITIES: dict[str, list[str]] = {
    "dept-jingji-hezuo": ["ind-food-processing"],
    "dept-chengdu-haiguan": ["ind-export-trade"],
    "dept-shuidian-wuju": ["ind-clean-energy"],
    "dept-xinan-shiyou": ["ind-clean-energy"],
    "dept-shangwu-zhiyuan": ["ind-ecommerce"],
    "dept-minzong": ["ind-tourism"],
    "dept-chengdu-fangzhi": ["ind-garment", "ind-silk"],
    "dept-changhong": ["ind-ecommerce"],
    "dept-wenlv": ["ind-tourism"],
    "dept-youzheng": ["ind-ecommerce", "ind-cold-chain"],
    "dept-wuliangye": ["ind-brewing"],
    "dept-guoziwei": ["ind-food-processing"],
    "dept-shili-nongye": ["ind-tea", "ind-potato", "ind-yak", "ind-fruit-processing"],
    "dept-shili-jiaotong": ["ind-cold-chain"],
    "dept-shili-shangwu": ["ind-ecommerce", "ind-retail"],
    "dept-shili-keji": ["ind-fruit-processing", "ind-edible-fungi"],
    "dept-shili-renshe": ["ind-garment"],
    "dept-shili-fagai": ["ind-clean-energy"],
    "psoe-shili-jiaotou": ["ind-cold-chain", "ind-tourism"],
    "psoe-shili-nengtou": ["ind-clean-energy"],
    "psoe-shili-nongtou": ["ind-grain-oil", "ind-meat-processing", "ind-fruit-processing"],
    "psoe-shili-wenlv": ["ind-tourism"],
    "psoe-shili-shangtou": ["ind-retail", "ind-ecommerce", "ind-cold-chain"],
    "psoe-shili-yiyao": ["ind-tcm-herbs"],
    "psoe-shili-shuitou": ["ind-fruit-processing"],
    "csoe-shili-dianwang": ["ind-clean-energy"],
    "csoe-shili-fadian": ["ind-clean-energy"],
    "csoe-shili-dianxin": ["ind-ecommerce"],
    "csoe-shili-yinhang": ["ind-ecommerce"],
    "csoe-shili-shiyou": ["ind-retail"],
    "csoe-shili-liangyou": ["ind-grain-oil", "ind-rice", "ind-food-processing"],
    "csoe-shili-yaoye": ["ind-tcm-herbs"],
    "csoe-shili-wuliu": ["ind-cold-chain"],
    "csoe-guojia-nengyuan": ["ind-clean-energy"],
    "csoe-jianhang-sichuan": ["ind-ecommerce"],
}
CAPABILITY_POOLS: dict[str, list[str]] = {
    EW: [
        "ind-ecommerce",
        "ind-retail",
        "ind-cold-chain",
        "ind-food-processing",
        "ind-tea-processing",
        "ind-fruit-processing",
        "ind-garment",
        "ind-tourism",
    ],
    PA: [
        "ind-food-processing",
        "ind-meat-processing",
        "ind-tourism",
        "ind-retail",
        "ind-tcm-processing",
        "ind-grain-oil",
        "ind-tea-processing",
        "ind-brewing",
    ],
}

# Illustrative chain links: real upstream -> downstream relations among the industries.
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

# Department themes for their key_support projects: category, subcategory, zh, en
DEPT_THEME: dict[str, tuple[str, str, str, str]] = {
    "dept-jingji-hezuo": ("industry", "", "招商引资产业园", "investment-promotion industrial park"),
    "dept-jinrong": ("industry", "", "金融支持特色产业", "finance for local industries"),
    "dept-chengdu-haiguan": ("industry", "", "出口质量示范区", "export quality demonstration zone"),
    "dept-tongji-diaocha": ("talent", "", "统计监测人才培训", "statistics monitoring training"),
    "dept-shuidian-wuju": ("infrastructure", "", "产业道路建设", "industry road construction"),
    "dept-xinan-shiyou": ("talent", "", "职业技能人才培养", "vocational talent programme"),
    "dept-shangwu-zhiyuan": ("employment", "", "电商人才就业培训", "e-commerce jobs training"),
    "dept-deyang-yiyuan": ("public_welfare", "", "县医院能力提升", "county hospital upgrade"),
    "dept-minzong": ("public_welfare", "", "民族地区公共服务提升", "public services upgrade"),
    "dept-chengdu-fangzhi": ("employment", "", "纺织服装技能就业", "textile jobs programme"),
    "dept-chengdu-diwu-yiyuan": ("public_welfare", "", "乡镇卫生院帮扶", "township clinic support"),
    "dept-changhong": ("industry", "", "数字乡村示范", "digital village demonstration"),
    "dept-wenlv": ("industry", "", "文旅融合示范", "culture-tourism demonstration"),
    "dept-youzheng": (
        "infrastructure",
        "",
        "县乡村三级物流体系",
        "county-township-village logistics",
    ),
    "dept-wuliangye": ("industry", "", "特色农产品加工", "farm produce processing"),
    "dept-chengdu-disan-yiyuan": ("public_welfare", "", "医疗人才帮扶", "medical staff support"),
    "dept-guoziwei": ("industry", "", "村集体经济产业", "village collective economy"),
    "dept-shili-jiaoyu": ("public_welfare", "", "乡村学校改薄", "rural school upgrade"),
    "dept-shili-weijian": ("public_welfare", "", "县域医共体建设", "county medical alliance"),
    "dept-shili-nongye": ("industry", "", "现代农业园区", "modern agricultural park"),
    "dept-shili-jiaotong": ("infrastructure", "", "通村公路提升", "village road upgrade"),
    "dept-shili-shuili": ("livelihood", "water_supply", "农村供水保障", "rural water supply"),
    "dept-shili-ziran-ziyuan": (
        "livelihood",
        "geological_disaster",
        "地质灾害综合治理",
        "geological hazard control",
    ),
    "dept-shili-zhujian": (
        "livelihood",
        "dilapidated_housing",
        "农房抗震改造",
        "rural housing retrofit",
    ),
    "dept-shili-renshe": ("employment", "", "劳务品牌培育", "labour brand programme"),
    "dept-shili-shangwu": ("industry", "", "县域商业体系", "county commerce system"),
    "dept-shili-keji": ("talent", "", "科技特派员服务", "science envoy service"),
    "dept-shili-fagai": ("urbanization", "", "县城补短板", "county town improvement"),
    "dept-shili-yingji": (
        "livelihood",
        "geological_disaster",
        "防灾减灾能力提升",
        "disaster prevention",
    ),
}

# industry of a department's key project where the theme implies one (else the
# county's first industry for industry projects)
DEPT_THEME_INDUSTRY: dict[str, str] = {
    "dept-wenlv": "ind-tourism",
    "dept-changhong": "ind-ecommerce",
    "dept-wuliangye": "ind-food-processing",
    "dept-shili-shangwu": "ind-retail",
    "dept-guoziwei": "",
}

CATEGORY_NAMES: dict[tuple[str, str], tuple[str, str]] = {
    ("livelihood", "geological_disaster"): (
        "地质灾害隐患点综合治理",
        "geological hazard site control",
    ),
    ("livelihood", "dilapidated_housing"): ("农村危房改造", "rural dilapidated housing renovation"),
    ("livelihood", "water_supply"): ("农村集中供水保障工程", "rural centralised water supply"),
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
FORCE_FACTOR = {EW: 1.5, PA: 1.2, DEPT: 0.7, PSOE: 1.0, CSOE: 1.1}

TOWNS: list[tuple[str, str, str, str, str]] = [
    # county, slug, name_zh, name_en, theme (towns are real; themes are illustrative)
    ("513423", "luguhu", "泸沽湖镇", "Luguhu Town", "culture_tourism"),
    ("513337", "xianggelila", "香格里拉镇", "Xianggelila Town", "culture_tourism"),
    ("513334", "gaocheng", "高城镇", "Gaocheng Town", "culture_tourism"),
    ("513232", "tangke", "唐克镇", "Tangke Town", "culture_tourism"),
    ("513233", "waqie", "瓦切镇", "Waqie Town", "eco_health"),
    ("510823", "jianmenguan", "剑门关镇", "Jianmenguan Town", "culture_tourism"),
    ("511324", "maan", "马鞍镇", "Ma'an Town", "culture_tourism"),
    ("511922", "guangwushan", "光雾山镇", "Guangwushan Town", "eco_health"),
    ("511921", "nuojiang", "诺江镇", "Nuojiang Town", "city_industry"),
    ("511781", "taiping", "太平镇", "Taiping Town", "city_industry"),
    ("510824", "lingjiang", "陵江镇", "Lingjiang Town", "city_industry"),
    ("510822", "qiaozhuang", "乔庄镇", "Qiaozhuang Town", "eco_health"),
    ("513431", "xincheng", "新城镇", "Xincheng Town", "city_industry"),
    ("513429", "temuli", "特木里镇", "Temuli Town", "city_industry"),
    ("513430", "tiandiba", "天地坝镇", "Tiandiba Town", "city_industry"),
    ("513436", "bapu", "巴普镇", "Bapu Town", "city_industry"),
    ("513437", "jincheng", "锦城镇", "Jincheng Town", "city_industry"),
    ("513435", "xinshiba", "新市坝镇", "Xinshiba Town", "city_industry"),
    ("511133", "minjian", "民建镇", "Minjian Town", "eco_health"),
    ("513330", "gengqing", "更庆镇", "Gengqing Town", "culture_tourism"),
    ("513333", "seke", "色柯镇", "Seke Town", "culture_tourism"),
    ("513326", "xianshui", "鲜水镇", "Xianshui Town", "eco_health"),
    ("513335", "xiaqiong", "夏邛镇", "Xiaqiong Town", "eco_health"),
    ("513338", "songmai", "松麦镇", "Songmai Town", "eco_health"),
    ("513226", "jinchuan", "金川镇", "Jinchuan Town", "eco_health"),
]

ILLUSTRATIVE_BRANDS: list[tuple[str, str, str, str, str, list[str], list[str]]] = [
    # id, name_zh, name_en, industry, level, counties, promoted_by
    (
        "brand-shili-cangxi-kiwi",
        "苍溪红心猕猴桃",
        "Cangxi red-flesh kiwi",
        "ind-kiwi",
        "regional_public",
        ["510824"],
        ["ew-yuhang", "dept-shili-keji"],
    ),
    (
        "brand-shili-tongjiang-tremella",
        "通江银耳",
        "Tongjiang white fungus",
        "ind-edible-fungi",
        "regional_public",
        ["511921"],
        ["ew-lanxi", "pa-neijiang"],
    ),
    (
        "brand-shili-nanjiang-goat",
        "南江黄羊",
        "Nanjiang yellow goat",
        "ind-goat",
        "regional_public",
        ["511922"],
        ["ew-dongyang", "pa-yibin"],
    ),
    (
        "brand-shili-pingchang-beef",
        "平昌肉牛",
        "Pingchang beef",
        "ind-beef-cattle",
        "regional_public",
        ["511923"],
        ["ew-yongkang", "pa-zigong"],
    ),
    (
        "brand-shili-yilong-silk",
        "仪陇丝绸",
        "Yilong silk",
        "ind-silk",
        "product",
        ["511324"],
        ["ew-longwan"],
    ),
    (
        "brand-shili-jianmen-tea",
        "剑门关茶",
        "Jianmenguan tea",
        "ind-tea",
        "regional_public",
        ["510823"],
        ["pa-guangan", "ew-shangcheng"],
    ),
    (
        "brand-shili-litang-yak-jerky",
        "理塘牦牛肉干",
        "Litang yak jerky",
        "ind-meat-processing",
        "product",
        ["513334"],
        ["ew-qiantang", "pa-xindu-jintang"],
    ),
    (
        "brand-shili-zhaojue-buckwheat-tea",
        "昭觉苦荞茶",
        "Zhaojue tartary buckwheat tea",
        "ind-buckwheat",
        "product",
        ["513431"],
        ["csoe-dongfang-electric", "ew-yuyao"],
    ),
    (
        "brand-shili-qinba-shanzhen",
        "秦巴山珍",
        "Qinba mountain delicacies",
        "ind-edible-fungi",
        "regional_public",
        ["511921", "511922", "511923", "511781"],
        ["psoe-shili-shangtou", "csoe-shili-dianxin"],
    ),
    (
        "brand-shili-plateau-yak",
        "川西北高原牦牛",
        "North-west Sichuan plateau yak",
        "ind-yak",
        "regional_public",
        ["513232", "513233", "513231", "513230"],
        ["csoe-shili-yaoye", "ew-wenzhou"],
    ),
    (
        "brand-shili-daofu-daylily",
        "道孚黄花",
        "Daofu daylily",
        "ind-daylily",
        "product",
        ["513326"],
        ["ew-wucheng"],
    ),
]

INVESTMENT_FUNDS: list[tuple[str, str, str, str, int, str, list[str]]] = [
    # id, name_zh, name_en, lead county, size_cny, model, industries
    (
        "fund-shili-zhaojue-buckwheat",
        "昭觉苦荞产业发展基金（示例）",
        "Zhaojue buckwheat industry fund (example)",
        "513431",
        60_000_000,
        "county leading, joint investment, market orientation (县域主导、联合投资、市场运作)",
        ["ind-buckwheat", "ind-food-processing"],
    ),
    (
        "fund-shili-litang-yak",
        "理塘牦牛产业投资基金（示例）",
        "Litang yak industry fund (example)",
        "513334",
        80_000_000,
        "county leading, joint investment, market orientation (县域主导、联合投资、市场运作)",
        ["ind-yak", "ind-meat-processing", "ind-dairy"],
    ),
    (
        "fund-shili-tongjiang-fungi",
        "通江银耳产业投资基金（示例）",
        "Tongjiang fungi industry fund (example)",
        "511921",
        40_000_000,
        "county leading, joint investment, market orientation (县域主导、联合投资、市场运作)",
        ["ind-edible-fungi", "ind-ecommerce"],
    ),
    (
        "fund-shili-yanyuan-apple",
        "盐源苹果产业投资基金（示例）",
        "Yanyuan apple industry fund (example)",
        "513423",
        100_000_000,
        "county leading, joint investment, market orientation (县域主导、联合投资、市场运作)",
        ["ind-apple", "ind-cold-chain", "ind-brewing"],
    ),
    (
        "fund-shili-mabian-tea",
        "马边茶产业投资基金（示例）",
        "Mabian tea industry fund (example)",
        "511133",
        50_000_000,
        "county leading, fund of funds (县域主导、母子基金)",
        ["ind-tea", "ind-tea-processing", "ind-tea-beverage"],
    ),
    (
        "fund-shili-jinyang-pepper",
        "金阳青花椒产业投资基金（示例）",
        "Jinyang green pepper industry fund (example)",
        "513430",
        30_000_000,
        "county leading, joint investment, market orientation (县域主导、联合投资、市场运作)",
        ["ind-sichuan-pepper", "ind-pepper-processing"],
    ),
]

# Open tasks already overdue on AS_OF (planted); other tasks due before AS_OF are done
# or closed, and open tasks fall due after AS_OF.
PLANTED_OVERDUE_TASKS: list[tuple[str, str, str, str, str]] = [
    # id, county, provider, title, due
    (
        "task-rangtang-90",
        "513230",
        "ew-wenzhou",
        "编制壤塘县东西部协作产业项目储备库",
        "2025-06-30",
    ),
    (
        "task-xinlong-90",
        "513329",
        "dept-shili-shuili",
        "完成新龙县农村供水保障工程验收",
        "2025-12-31",
    ),
    ("task-enyang-90", "511903", "csoe-shili-dianxin", "签订恩阳区托底性帮扶协议", "2024-12-31"),
    ("task-daocheng-90", "513337", "psoe-shili-wenlv", "签订稻城县托底性帮扶协议", "2024-09-30"),
    ("task-baiyu-90", "513331", "pa-wuhou", "落实白玉县2025年度500人技能培训", "2025-12-31"),
    (
        "task-leibo-90",
        "513437",
        "dept-shili-weijian",
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
        tables["providers"].append(ill(id=pid, name_zh=zh, name_en=en, force=force, home="四川省"))
    for pid, counties in ILLUSTRATIVE_PAIRINGS.items():
        for cid in counties:
            force = pid.split("-")[0]
            role = "lead" if force == "dept" else ""
            tables["pairings"].append(ill(provider_id=pid, county_id=cid, since=2023, role=role))

    force_of = {str(p["id"]): str(p["force"]) for p in tables["providers"]}
    paired: dict[str, list[str]] = {cid: [] for cid in COUNTY}
    for p in tables["pairings"]:
        paired[str(p["county_id"])].append(str(p["provider_id"]))
    for cid, force in PLANTED_MISSING_FORCE.items():
        assert all(force_of[p] != force for p in paired[cid]), (cid, force)

    def of_force(cid: str, *forces: str) -> list[str]:
        return [p for p in paired[cid] if force_of[p] in forces]

    departments = [p for p in force_of if force_of[p] == DEPT]

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
    role_rank = {"key": 0, "characteristic": 1, "emerging": 2}
    for r in sorted(tables["county_industries"], key=lambda r: role_rank[str(r["role"])]):
        county_inds[str(r["county_id"])].append(str(r["industry_id"]))

    # ---- industry support ------------------------------------------------------------
    have_support = {
        (str(r["provider_id"]), str(r["county_id"]), str(r["industry_id"]))
        for r in tables["industry_support"]
    }
    for pid, items in SOE_SUPPORT.items():
        for cid, iid in items:
            assert pid in paired[cid], (pid, cid)
            if (pid, cid, iid) not in have_support:
                have_support.add((pid, cid, iid))
                tables["industry_support"].append(
                    ill(provider_id=pid, county_id=cid, industry_id=iid, since=2024)
                )
    for cid in COUNTY:
        inds = [i for i in county_inds[cid] if i not in PLANTED_UNSERVED_INDUSTRIES]
        for pid in of_force(cid, EW, PA):
            if not inds or any(s[0] == pid and s[1] == cid for s in have_support):
                continue
            if rng.random() < 0.6:
                iid = inds[0] if rng.random() < 0.6 else rng.choice(inds)
                have_support.add((pid, cid, iid))
                tables["industry_support"].append(
                    ill(provider_id=pid, county_id=cid, industry_id=iid, since=rng.choice(YEARS))
                )

    # ---- capabilities -----------------------------------------------------------------
    have_cap = {(str(r["provider_id"]), str(r["industry_id"])) for r in tables["capabilities"]}

    def add_cap(pid: str, iid: str) -> None:
        assert iid not in PLANTED_UNSERVED_INDUSTRIES, iid
        if (pid, iid) not in have_cap:
            have_cap.add((pid, iid))
            tables["capabilities"].append(ill(provider_id=pid, industry_id=iid))

    for pid in force_of:
        for iid in PROVIDER_CAPABILITIES.get(pid, []):
            add_cap(pid, iid)
        pool = CAPABILITY_POOLS.get(force_of[pid])
        if pool and pid not in PROVIDER_CAPABILITIES:
            for iid in rng.sample(pool, rng.randint(2, 3)):
                add_cap(pid, iid)
    for pid, _cid, iid in sorted(have_support):
        if force_of[pid] in SOE_FORCES:
            add_cap(pid, iid)
    # every resource outside the planted industries can be served by a paired provider
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
            helpers = of_force(cid, PA, EW) or of_force(cid, DEPT) or paired[cid]
            add_cap(helpers[0], iid)

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
            name_zh=f"{czh}{label[0]}项目{suffix_zh}",
            name_en=f"{cen} {label[1]}" + (" (key support)" if key else ""),
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
        return [y for y in YEARS if int(project["start_year"]) <= y <= int(project["end_year"])]

    # key_support projects: each department funds 1-2 a year (except the planted ones)
    key_count = {(d, y): 0 for d in departments for y in YEARS}
    for dept in departments:
        paired_counties = [c for c in COUNTY if dept in paired[c]]
        cat, sub, lzh, len_ = DEPT_THEME[dept]
        counties = [c for c in paired_counties if PLANTED_MISSING_LIVELIHOOD.get(c) != sub]
        cid = counties[0]
        term = "long" if rng.random() < 0.4 and cid not in PLANTED_MISSING_TERM else "medium"
        end = 2024 if dept == "dept-shili-keji" else (2027 if term == "long" else 2025)
        iid = county_inds[cid][0] if cat == "industry" and county_inds[cid] else ""
        iid = DEPT_THEME_INDUSTRY.get(dept, iid) or iid
        main = new_project(cid, cat, sub, term, iid, 2023, end, key=True, label=(lzh, len_))
        for y in years_of(main):
            fund(dept, main, y)
            key_count[(dept, y)] += 1
        # a second key project in 2024-2025 for some departments (still within 1-2)
        if dept != "dept-shili-keji" and rng.random() < 0.25:
            cid2 = counties[-1]
            second = new_project(
                cid2,
                cat,
                sub,
                "medium",
                iid if cid2 == cid else "",
                2024,
                2025,
                key=True,
                label=(lzh + "（二期）", len_ + " phase 2") if cid2 == cid else (lzh, len_),
            )
            for y in years_of(second):
                fund(dept, second, y)
                key_count[(dept, y)] += 1
        # co-funders from other forces
        for project in [main]:
            others = of_force(cid, EW, PA, PSOE, CSOE)
            if others and rng.random() < 0.35:
                co = rng.choice(others)
                for y in years_of(project):
                    if rng.random() < 0.7:
                        fund(co, project, y, 0.6)
    # planted: dept-shili-jiaotong funds three key projects in 2024
    for cid in ILLUSTRATIVE_PAIRINGS["dept-shili-jiaotong"][1:]:
        extra = new_project(
            cid,
            "infrastructure",
            "",
            "short",
            "",
            2024,
            2024,
            key=True,
            label=("农村公路安全生命防护", "rural road safety"),
        )
        fund("dept-shili-jiaotong", extra, 2024)
        key_count[("dept-shili-jiaotong", 2024)] += 1
    # planted: dept-shili-keji funds no key project in 2025, but stays active that year
    keji_2025 = new_project(
        "510822",
        "talent",
        "",
        "short",
        "",
        2025,
        2025,
        label=("科技特派员培训", "science envoy training"),
    )
    fund("dept-shili-keji", keji_2025, 2025)
    for (dept, year), expected in PLANTED_DEPT_KEY_PROJECTS.items():
        assert key_count[(dept, year)] == expected, (dept, year, key_count[(dept, year)])
    for (dept, year), n in key_count.items():
        if (dept, year) not in PLANTED_DEPT_KEY_PROJECTS:
            assert 1 <= n <= 2, (dept, year, n)

    # ordinary projects for every county
    for cid in COUNTY:
        specs: list[tuple[str, str, str, str]] = []  # category, subcategory, term, industry
        for sub, term in (
            ("geological_disaster", rng.choice(["short", "medium"])),
            ("dilapidated_housing", "short"),
            ("water_supply", "medium"),
        ):
            if PLANTED_MISSING_LIVELIHOOD.get(cid) != sub:
                specs.append(("livelihood", sub, term, ""))
        inds = [i for i in county_inds[cid] if i not in PLANTED_UNSERVED_INDUSTRIES]
        if inds:
            specs.append(("industry", "", "long", inds[0]))
            if len(inds) > 1 and rng.random() < 0.4:
                specs.append(("industry", "", "medium", inds[1]))
        if rng.random() < 0.7:
            specs.append(("employment", "", "short", ""))
        specs.append(("infrastructure", "", rng.choice(["medium", "long"]), ""))
        if rng.random() < 0.35:
            specs.append(("public_welfare", "", "short", ""))
        if rng.random() < 0.25:
            specs.append(("talent", "", "short", ""))
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
            # re-term a project whose term occurs more than once
            for n in range(len(specs) - 1, -1, -1):
                c, s, t, i = specs[n]
                if terms.count(t) > 1:
                    specs[n] = (c, s, needed, i)
                    break
        funders_all = paired[cid]
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
            candidates = [p for p in funders_all if force_of[p] != DEPT] or funders_all
            k = 1 if cid in ORPHANS else 3 if cid in DARLINGS else rng.choice((1, 1, 2, 2, 3))
            chosen = rng.sample(candidates, min(k, len(candidates)))
            # departments may co-fund ordinary (non-key) projects too
            depts_here = of_force(cid, DEPT)
            if depts_here and rng.random() < 0.25 and cid not in ORPHANS:
                chosen.append(rng.choice(depts_here))
            rows_before = len(funding)
            for pid in chosen:
                for y in years_of(project):
                    if cid in ORPHANS and y != years_of(project)[0]:
                        continue
                    if rng.random() < 0.8:
                        fund(pid, project, y)
            if len(funding) == rows_before:
                fund(chosen[0], project, years_of(project)[0])

    # ---- agreements: every SOE x county, except the planted gaps ----------------------
    for cid in COUNTY:
        for pid in of_force(cid, PSOE, CSOE):
            if (pid, cid) in PLANTED_SOE_WITHOUT_AGREEMENT:
                continue
            signed = random_date(rng, dt.date(2023, 8, 15), dt.date(2024, 6, 30))
            tables["agreements"].append(
                ill(
                    provider_id=pid,
                    county_id=cid,
                    signed_on=signed.isoformat(),
                    fund_share_pct=rng.choice((5, 10, 15, 20, 25, 30)),
                )
            )

    # ---- brands -------------------------------------------------------------------------
    for bid, zh, en, iid, level, counties, promoted in ILLUSTRATIVE_BRANDS:
        assert not set(counties) & set(PLANTED_NO_BRAND)
        tables["brands"].append(
            ill(
                id=bid,
                name_zh=zh,
                name_en=en,
                industry_id=iid,
                level=level,
                county_ids=";".join(counties),
                promoted_by=";".join(promoted),
            )
        )

    # ---- training: >= 500 per county-year except the planted ones -------------------------
    base = {EW: (80, 260), PA: (60, 220), DEPT: (20, 120), PSOE: (15, 90), CSOE: (15, 90)}
    for cid in COUNTY:
        for year in YEARS:
            rows = []
            for pid in paired[cid]:
                if rng.random() < 0.75:
                    lo, hi = base[force_of[pid]]
                    rows.append(
                        ill(provider_id=pid, county_id=cid, year=year, trainees=rng.randint(lo, hi))
                    )
            if not rows:
                rows.append(ill(provider_id=paired[cid][0], county_id=cid, year=year, trainees=100))
            total = sum(int(r["trainees"]) for r in rows)
            target = PLANTED_TRAINING_BELOW.get((cid, year))
            if target is not None:
                # scale down to exactly the planted total
                scaled = [max(5, int(int(r["trainees"]) * target / total)) for r in rows]
                scaled[0] += target - sum(scaled)
                for r, n in zip(rows, scaled, strict=True):
                    r["trainees"] = n
            elif total < 500:
                rows[0]["trainees"] = int(rows[0]["trainees"]) + 500 - total + rng.randint(20, 150)
            tables["training"].extend(rows)

    # ---- cadres: both directions; 2023 from_county total planted below 100 ----------------
    have_cadre = {
        (str(r["provider_id"]), str(r["county_id"]), int(r["year"]), str(r["direction"]))
        for r in tables["cadres"]
    }
    for year in YEARS:
        from_rows = []
        for cid in COUNTY:
            for pid in of_force(cid, EW, PA, DEPT, PSOE, CSOE):
                soe = force_of[pid] in SOE_FORCES
                if (
                    rng.random() < (0.2 if soe else 0.45)
                    and (pid, cid, year, "to_county") not in have_cadre
                ):
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
                if not soe and rng.random() < 0.35:
                    row = ill(
                        provider_id=pid,
                        county_id=cid,
                        year=year,
                        direction="from_county",
                        count=rng.randint(1, 6),
                    )
                    from_rows.append(row)
        target = PLANTED_CADRES_FROM_COUNTY.get(year)
        if target is not None:
            kept, total = [], 0
            for row in from_rows:
                if total + int(row["count"]) <= target:
                    kept.append(row)
                    total += int(row["count"])
            kept[-1]["count"] = int(kept[-1]["count"]) + target - total
            from_rows = kept
        else:
            short = 100 - sum(int(r["count"]) for r in from_rows)
            if short > 0:
                from_rows[0]["count"] = int(from_rows[0]["count"]) + short + rng.randint(5, 20)
        tables["cadres"].extend(from_rows)

    # ---- workshops ----------------------------------------------------------------------
    for cid in COUNTY:
        if rng.random() < 0.2:
            continue
        slug, czh, cen = COUNTY[cid]
        runner = (of_force(cid, EW, PA) or paired[cid])[0]
        inds = county_inds[cid]
        product = strip_paren(industry_name[inds[0]][0]) if inds else "手工艺品"
        opened = random_date(rng, dt.date(2023, 10, 1), dt.date(2025, 10, 31))
        tables["workshops"].append(
            ill(
                id=f"ws-{slug}-01",
                name_zh=f"{czh}{product}帮扶车间",
                name_en=f"{cen} assistance workshop",
                provider_id=runner,
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
            year = due.year
            tables["tasks"].append(
                ill(
                    id=f"task-{slug}-{n:02d}",
                    county_id=cid,
                    provider_id=rng.choice(paired[cid]),
                    title=tzh.format(c=czh, i=strip_paren(izh), y=year),
                    due=due.isoformat(),
                    status=status,
                    title_en=ten.format(c_en=cen, i_en=strip_paren(ien).lower(), y=year),
                )
            )
    for tid, cid, pid, title, due in PLANTED_OVERDUE_TASKS:
        assert pid in paired[cid] and dt.date.fromisoformat(due) < AS_OF
        tables["tasks"].append(
            ill(id=tid, county_id=cid, provider_id=pid, title=title, due=due, status="open")
        )

    # ---- towns --------------------------------------------------------------------------
    for cid, tslug, zh, en, theme in TOWNS:
        tables["towns"].append(
            ill(
                id=f"town-{COUNTY[cid][0]}-{tslug}",
                name_zh=zh,
                name_en=en,
                county_id=cid,
                theme=theme,
            )
        )

    # ---- investment funds and contributions ------------------------------------------
    for fid, zh, en, cid, size, model, inds in INVESTMENT_FUNDS:
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
        contributors = rng.sample(paired[cid], min(len(paired[cid]), rng.randint(3, 5)))
        shares = [rng.uniform(1, 3) for _ in contributors]
        for pid, share in zip(contributors, shares, strict=True):
            cny = int(size * 0.8 * share / sum(shares) // 10_000 * 10_000)
            row = ill(provider_id=pid, fund_id=fid)
            if rng.random() < 0.5:
                row["amount_wan"] = cny // 10_000
            else:
                row["amount_cny"] = cny
            tables["fund_contributions"].append(row)

    return tables


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
