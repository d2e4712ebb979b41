"""County dossiers as compact JSON, built into the page by ``static/dossier.js`` when opened.

The report embeds each county's dossier as HTML (with its SVG charts) up to
:data:`~assistgraph.render.report.REPORT_MAX_DOSSIERS` counties. Above that — and on
the standalone map page, at any size — every county gets a collapsed
``<details id="county-ID" data-ag-dossier="ID">`` (its name, prefecture, score and
gaps in the summary), and its full dossier travels as numbers and texts in one
``<script type="application/json">`` block: the page builds a dossier (tables, the
two charts as SVG) only when it is opened, with ``textContent`` for every text from
the data. 832 counties take ≈ 3 MB of JSON instead of ≈ 30 MB of HTML, and the page
opens without laying out 832 dossiers.

:func:`dossiers_payload` is the block's content: the section labels from the
catalogs (both languages), the names of the forces, terms and severities, and per
county the same figures :func:`~assistgraph.render.dossier.county_dossier` gives the
HTML dossier.
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_, Message, messages
from ..schema import FORCES
from . import _words as W
from ._context import Analysed
from .dossier import TERM_NAMES, county_dossier

__all__ = ["LABELS", "Strings", "compact", "dossier_summaries", "dossiers_payload"]

#: key -> English message id (the page shows both languages; the zh text is the catalog's)
LABELS: dict[str, str] = {
    "score": N_("Score"),
    "forces": N_("Forces"),
    "funding": N_("Funding"),
    "per_capita": N_("Per capita"),
    "population": N_("Population"),
    "gaps": N_("Gaps"),
    "overdue_tasks": N_("Overdue tasks"),
    "forces_providers": N_("Five forces and providers"),
    "no_pairing": N_("no pairing on record"),
    "illustrative": N_("illustrative"),
    "illustrative_rows": N_("illustrative rows"),
    "agreements": N_("Agreements"),
    "no_agreement": N_("No agreement on record."),
    "fund_share": N_("fund share"),
    "projects": N_("Projects by term and category"),
    "no_project": N_("No project on record."),
    "brands_chains": N_("Brands and chains"),
    "no_brand": N_("no brand on record"),
    "missing": N_("missing"),
    "funding_chart": N_("Funding by force and year (10k CNY)"),
    "training_chart": N_("Skills training by year against the target"),
    "target": N_("target"),
    "trainees": N_("trainees"),
    "cadres": N_("Cadres"),
    "no_cadres": N_("No cadre exchange on record."),
    "tasks": N_("Open and overdue tasks"),
    "overdue": N_("overdue"),
    "no_task": N_("No open task."),
    "severity": N_("Severity"),
    "rule": N_("Rule"),
    "year": N_("Year"),
    "finding": N_("Finding"),
    "basis": N_("Basis"),
    "confidence": N_("Confidence"),
    "no_gaps": N_("No gaps found."),
    "breakdown": N_("Scorecard breakdown"),
    "indicator": N_("Indicator"),
    "score01": N_("Score (0–1)"),
    "raw": N_("Raw"),
    "weight": N_("Weight"),
}


class Strings:
    """One table of the texts that repeat across dossiers (names of providers, rules,
    industries, findings …); a row holds a text's index in it. 832 national dossiers
    shrink from ≈ 10 MB of JSON to ≈ 3 MB."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.texts: list[str] = []

    def __call__(self, value: Any) -> int:
        text = "" if value is None else str(value)
        i = self.index.get(text)
        if i is None:
            i = self.index[text] = len(self.texts)
            self.texts.append(text)
        return i

    def text(self, value: Any) -> int | list[int]:
        """A finding's text: its message in both languages as ``[zh, en]`` indices."""
        if isinstance(value, Message):
            t = value.translations
            return [self(t.get("zh") or str(value)), self(t.get("en") or str(value))]
        return self(value)


def _num(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def compact(d: dict[str, Any], s: Strings) -> dict[str, Any]:
    """One county's dossier (:func:`county_dossier`) as short keys and rows of values;
    repeated texts as indices into ``s`` (``static/dossier.js`` reads them back)."""
    return {
        "n": [d["zh"], d["en"]],
        "p": [s(d["pzh"]), s(d["pen"])],
        "pop": d["population"],
        "il": d["illus_county"],
        "ils": sorted(k for k, v in d["illus"].items() if v),
        "s": d["score"],
        "r": d["rank"],
        "sy": d["score_year"],
        "nf": d["n_forces"],
        "tf": d["total_fund"],
        "pc": d["per_capita"],
        "no": d["n_overdue"],
        "fo": [
            [
                [s(p["zh"]), s(p["en"]), p["since"], p["until"], s(p["confidence"])]
                for p in fc["providers"]
            ]
            for fc in d["forces"]
        ],
        "ag": [[s(x["zh"]), s(x["en"]), x["signed_on"], x["share"]] for x in d["agreements"]],
        "pj": {
            "c": [s(k) for k in d["projects"]["cats"]],
            "r": [[s(r["zh"]), s(r["en"]), *r["cells"]] for r in d["projects"]["rows"]],
        },
        "y": d["years"],
        "fu": [[round(v) for v in vals] for vals in d["fund_by_force"]],
        "tr": [round(v) for v in d["trained"]],
        "ca": [
            [r["year"], s(r["zh"]), s(r["en"]), s(r["direction"]), r["count"]] for r in d["cadres"]
        ],
        "br": [
            [b["zh"], b["en"], s(b["level"]), [s(p[0]) for p in b["promoters"]]]
            for b in d["brands"]
        ],
        "ch": [
            [
                s(r["zh"]),
                s(r["en"]),
                r["completeness"],
                _num(r["value"]),
                [s(m[0]) for m in r["missing"]],
            ]
            for r in d["chains"]
        ],
        "tk": [[t["title"], t["due"], int(t["overdue"]), s(t["zh"])] for t in d["tasks"]],
        "gp": [
            [
                g["severity"],
                s(g["zh"]),
                s(g["en"]),
                g["year"],
                s.text(g["message"]),
                s.text(g["basis"]),
                s(g["confidence"]),
            ]
            for g in d["gaps"]
        ],
        "ind": [
            [
                s(i["zh"]),
                s(i["en"]),
                i["score"],
                _num(i["value"]),
                i["raw"],
                i["target"],
                i["weight"],
            ]
            for i in d["indicators"]
        ],
    }


def dossiers_payload(a: Analysed, ids: list[str]) -> dict[str, Any]:
    """The JSON block of the page's dossiers: labels, names, the shared texts and one
    compact dossier per id."""
    target = None
    counties = {}
    s = Strings()
    for c in ids:
        d = county_dossier(a, c, charts=False)
        target = d["target"]
        counties[c] = compact(d, s)
    return {
        "labels": {k: messages(v) for k, v in LABELS.items()},
        "forces": [[fc, *W.force_name(fc), W.FORCE_COLORS[fc]] for fc in FORCES],
        "severities": {k: list(v) for k, v in W.SEVERITY_NAMES.items()},
        "terms": {k: list(v) for k, v in TERM_NAMES.items()},
        "target": target,
        "strings": s.texts,
        "counties": counties,
    }


def dossier_summaries(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The summary line of each county's collapsed dossier (the page's list of counties)."""
    return [
        {
            "id": c,
            "zh": d["n"][0],
            "en": d["n"][1],
            "pzh": payload["strings"][d["p"][0]],
            "score": d["s"],
            "n_gaps": len(d["gp"]),
        }
        for c, d in payload["counties"].items()
    ]
