"""Analysis results as tables (columns, rows) for ``assistgraph.output.render``.

These keep the CLI thin: each function turns one analysis result into named
tables of plain values; the CLI only picks a format and prints.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..graph import facts
from ..i18n import N_, gettext
from .gaps import SEVERITIES, evidence_text

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "chains_tables",
    "concentration_tables",
    "gap_summary",
    "gap_table",
    "match_table",
    "unchecked_lines",
]

Table = tuple[list[str], list[list[Any]]]

#: column names and table titles, shown translated in ``table`` and ``markdown`` output
COLUMN_WORDS: tuple[str, ...] = (
    N_("basis"),
    N_("behind"),
    N_("betweenness"),
    N_("brand_id"),
    N_("brands"),
    N_("brokers"),
    N_("chain_id"),
    N_("chains"),
    N_("change"),
    N_("closes"),
    N_("cluster"),
    N_("clustered"),
    N_("clusters"),
    N_("completeness"),
    N_("confidence"),
    N_("counties"),
    N_("county"),
    N_("county_en"),
    N_("county_id"),
    N_("county_zh"),
    N_("coverage"),
    N_("detail"),
    N_("effective_providers"),
    N_("evidence"),
    N_("force"),
    N_("forces"),
    N_("gap"),
    N_("hhi"),
    N_("id"),
    N_("industries"),
    N_("industry"),
    N_("industry_id"),
    N_("kind"),
    N_("links"),
    N_("measure"),
    N_("message"),
    N_("missing"),
    N_("n_counties"),
    N_("n_providers"),
    N_("name_en"),
    N_("name_zh"),
    N_("non_significant_relations"),
    N_("not_reached"),
    N_("overall"),
    N_("pace"),
    N_("per_capita_cny"),
    N_("prefecture_id"),
    N_("project_id"),
    N_("provider"),
    N_("provider_id"),
    N_("provider_zh"),
    N_("providers"),
    N_("rank"),
    N_("role"),
    N_("rule"),
    N_("score"),
    N_("severity"),
    N_("share"),
    N_("shared_industries"),
    N_("significant_relations"),
    N_("stages"),
    N_("status"),
    N_("subject"),
    N_("supplied"),
    N_("top_provider_id"),
    N_("top_provider_share"),
    N_("total"),
    N_("total_cny"),
    N_("trend"),
    N_("value"),
    N_("why"),
    N_("year"),
)


def both_names(zh: str, en: str) -> str:
    """A name in Chinese and English side by side (once when they are the same).

    >>> both_names("宜宾市", "Yibin City"), both_names("C1", "C1")
    ('宜宾市 Yibin City', 'C1')
    """
    return f"{zh} {en}".strip() if en and en != zh else zh


def gap_table(
    G: nx.MultiDiGraph, gaps: list[dict[str, Any]], *, grouped: bool, explain: bool = False
) -> Table:
    """Gaps as a table.

    ``grouped`` (the terminal view): counties most severe first (then most gaps),
    the county named once in Chinese and English, programme-wide gaps (no county)
    last; with ``explain`` each gap is followed by its evidence lines. Otherwise a
    flat table with ids, names, ``detail`` as JSON and, with ``explain``, the
    evidence joined by ``; ``.
    """
    f = facts(G)
    if not grouped:
        cols = [
            "id",
            "severity",
            "rule",
            "county_id",
            "county_zh",
            "county_en",
            "provider_id",
            "provider_zh",
            "force",
            "year",
            "subject",
            "basis",
            "confidence",
            "message",
            "detail",
        ]
        rows = []
        for g in gaps:
            czh, cen = f.name("County", g["county_id"])
            pzh, _ = f.name("Provider", g["provider_id"])
            row = [
                g["id"],
                g["severity"],
                g["rule"],
                g["county_id"],
                czh,
                cen,
                g["provider_id"],
                pzh,
                g["force"],
                g["year"],
                g["subject"],
                g["basis"],
                g["confidence"],
                g["message"],
                json.dumps(g["detail"], ensure_ascii=False, sort_keys=True),
            ]
            if explain:
                row.append("; ".join(evidence_text(e) for e in g["evidence"]))
            rows.append(row)
        return ([*cols, "evidence"] if explain else cols), rows

    groups: dict[str | None, list[dict[str, Any]]] = {}
    for g in gaps:
        groups.setdefault(g["county_id"], []).append(g)

    def order(item: tuple[str | None, list[dict[str, Any]]]) -> tuple[Any, ...]:
        cid, gs = item
        worst = max(SEVERITIES[g["severity"]] for g in gs)
        return (cid is None, -worst, -len(gs), cid or "")

    cols = ["county", "severity", "rule", "provider", "year", "basis", "confidence", "gap"]
    rows: list[list[Any]] = []
    for cid, gs in sorted(groups.items(), key=order):
        label = both_names(*f.name("County", cid)) if cid else gettext("(programme-wide)")
        for n, g in enumerate(gs):
            provider = both_names(*f.name("Provider", g["provider_id"])) if g["provider_id"] else ""
            rows.append(
                [
                    label if n == 0 else "",
                    g["severity"],
                    g["rule"],
                    provider,
                    g["year"],
                    g["basis"],
                    g["confidence"] or "",
                    g["message"],
                ]
            )
            if explain:
                blank = [""] * (len(cols) - 1)
                rows.extend([*blank, f"  ↳ {evidence_text(e)}"] for e in g["evidence"])
    return cols, rows


#: The summary line under the gap table (whole sentences, to be translated as they are).
SUMMARY = N_(
    "{n} gap(s) in {counties} county(ies): high {high}, medium {medium}, low {low}; "
    "{no_record} rest on no record, {record} on records ({illustrative} on illustrative rows)."
)
UNCHECKED = N_("unchecked: {rule} ({reason})")


def gap_summary(gaps: list[dict[str, Any]]) -> str:
    """One line counting gaps by severity and by basis (and record gaps on illustrative rows).

    >>> gap_summary([{"county_id": "C1", "severity": "high", "basis": "no_record",
    ...               "confidence": None}])
    '1 gap(s) in 1 county(ies): high 1, medium 0, low 0; 1 rest on no record, 0 on records (0 on illustrative rows).'
    """  # noqa: E501
    sev = {s: sum(1 for g in gaps if g["severity"] == s) for s in SEVERITIES}
    basis = {b: sum(1 for g in gaps if g["basis"] == b) for b in ("record", "no_record")}
    return gettext(
        SUMMARY,
        n=len(gaps),
        counties=len({g["county_id"] for g in gaps if g["county_id"]}),
        **sev,
        **basis,
        illustrative=sum(1 for g in gaps if g["confidence"] == "illustrative"),
    )


def unchecked_lines(unchecked: list[dict[str, str]]) -> list[str]:
    """One line per unchecked rule: ``unchecked: rule (reason)``."""
    return [gettext(UNCHECKED, **u) for u in unchecked]


def _records(records: list[dict[str, Any]], columns: list[str]) -> Table:
    return columns, [[r.get(c) for c in columns] for r in records]


def concentration_tables(result: dict[str, Any]) -> dict[str, Table]:
    """Tables ``counties``, ``providers``, ``forces``, ``overall``, ``clustered``."""
    overall = result["overall"]
    return {
        "counties": _records(
            result["counties"],
            [
                "county_id",
                "name_zh",
                "name_en",
                "total_cny",
                "per_capita_cny",
                "n_providers",
                "hhi",
                "effective_providers",
                "top_provider_id",
                "top_provider_share",
                "significant_relations",
                "non_significant_relations",
            ],
        ),
        "providers": _records(
            result["providers"],
            ["provider_id", "name_zh", "name_en", "force", "total_cny", "n_counties", "hhi"],
        ),
        "forces": _records(result["forces"], ["force", "total_cny", "share", "n_providers"]),
        "overall": (["measure", "value"], [[k, v] for k, v in overall.items()]),
        "clustered": _records(
            result["clustered"]["projects"], ["project_id", "county_id", "forces", "total_cny"]
        ),
    }


def chains_tables(G: nx.MultiDiGraph, result: dict[str, Any]) -> dict[str, Table]:
    """Tables ``stages``, ``clusters``, ``brokers``, ``brands``, ``chains``."""
    f = facts(G)

    def ind(i: str) -> str:
        return f.name("Industry", i)[0] if i else ""

    stages = []
    for r in result["counties"]:
        missing = [ind(s["industry_id"]) for s in r["stages"] if s["status"] == "missing"]
        supplied = [
            f"{ind(s['industry_id'])} ← {','.join(s['providers'])}"
            for s in r["stages"]
            if s["status"] == "supplied"
        ]
        stages.append(
            [
                both_names(*f.name("County", r["county_id"])),
                ind(r["industry_id"]),
                r["role"],
                r["completeness"],
                r["coverage"],
                "; ".join(supplied),
                "; ".join(missing),
            ]
        )
    return {
        "stages": (
            ["county", "industry", "role", "completeness", "coverage", "supplied", "missing"],
            stages,
        ),
        "clusters": _records(
            result["clusters"], ["cluster", "counties", "shared_industries", "industries"]
        ),
        "brokers": _records(result["brokers"], ["kind", "id", "name_zh", "name_en", "betweenness"]),
        "brands": _records(
            result["brands"],
            ["brand_id", "name_zh", "industry_id", "chain_id", "counties", "not_reached"],
        ),
        "chains": _records(result["chains"], ["chain_id", "industries", "links"]),
    }


def match_table(G: nx.MultiDiGraph, proposals: list[dict[str, Any]]) -> Table:
    """Proposals as a table: score, provider, county, industry, what it closes, why."""
    f = facts(G)
    cols = ["score", "provider", "county", "industry", "closes", "why"]
    rows = [
        [
            m["score"],
            both_names(*f.name("Provider", m["provider_id"])),
            both_names(*f.name("County", m["county_id"])),
            both_names(*f.name("Industry", m["industry_id"])),
            ", ".join(m["closes"]),
            gettext("; ").join(m["why"]),
        ]
        for m in proposals
    ]
    return cols, rows
