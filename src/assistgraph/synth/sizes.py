"""The sizes of the synthetic datasets per scale, and the shapes of their data."""

from __future__ import annotations

from ..schema import FORCES, TABLES_BY_NAME

__all__ = [
    "CATEGORIES",
    "CATEGORY_WEIGHTS",
    "FORCE_SHARE",
    "NATIONAL",
    "RESOURCE_KINDS",
    "SCALES",
    "SECTORS",
    "STAGES",
    "SUBCATEGORIES",
    "YEARS",
    "sizes",
]

#: National reference sizes (the issue's figures).
NATIONAL: dict[str, int] = {
    "counties": 832,
    "prefectures": 60,
    "providers": 3_000,
    "projects": 200_000,
    "funding": 1_000_000,
    "industries": 2_000,
    "chain_links": 10_000,
    "training": 30_000,
    "cadres": 20_000,
    "tasks": 20_000,
}
SCALES: dict[str, int] = {"province": 39, "national": 832}

#: Share of providers per force (sums to 1).
FORCE_SHARE: dict[str, float] = {
    "provincial_department": 0.30,
    "east_west": 0.20,
    "paired_assistance": 0.20,
    "provincial_soe": 0.17,
    "central_soe": 0.13,
}
YEARS = (2021, 2022, 2023, 2024, 2025)
SECTORS = ("agriculture", "manufacturing", "energy", "mining", "tourism", "services")
STAGES = ("raw", "processing", "product", "service")
SUBCATEGORIES = {
    "livelihood": ("geological_disaster", "dilapidated_housing", "water_supply", "education"),
    "infrastructure": ("road", "power", "logistics"),
}
#: the contract's project categories (schema), each with its share of projects
CATEGORIES: tuple[str, ...] = TABLES_BY_NAME["projects"].column("category").enum or ()
_CATEGORY_SHARES = {
    "industry": 0.40,
    "employment": 0.12,
    "livelihood": 0.18,
    "infrastructure": 0.14,
    "public_welfare": 0.06,
    "talent": 0.05,
    "urbanization": 0.05,
}
CATEGORY_WEIGHTS = tuple(_CATEGORY_SHARES[c] for c in CATEGORIES)
RESOURCE_KINDS = ("agricultural", "animal", "energy", "mineral", "scenic", "cultural")


def sizes(scale: str | int) -> dict[str, int]:
    """Row counts of the main tables for a scale (``province``, ``national`` or a county count).

    >>> sizes("national")["funding"]
    1000000
    >>> sizes("province")["counties"], sizes("province")["prefectures"]
    (39, 8)
    """
    counties = _counties(scale)
    f = counties / NATIONAL["counties"]
    out = {k: max(1, round(v * f)) for k, v in NATIONAL.items()}
    out["counties"] = counties
    out["prefectures"] = 8 if counties == 39 else max(1, min(counties, round(60 * f)))
    out["providers"] = max(len(FORCES) * 2, out["providers"])
    out["industries"] = max(40, out["industries"])
    out["chain_links"] = max(out["industries"] * 5 // 2, out["chain_links"])
    out["projects"] = max(counties * 10, out["projects"])
    out["funding"] = max(out["projects"] * 2, out["funding"])
    return out


def _counties(scale: str | int) -> int:
    if isinstance(scale, str) and scale in SCALES:
        return SCALES[scale]
    try:
        n = int(scale)
    except (TypeError, ValueError):
        msg = f"scale must be province, national or a number of counties, got {scale!r}"
        raise ValueError(msg) from None
    if n < 1:
        msg = f"scale must be at least 1 county, got {n}"
        raise ValueError(msg)
    return n
