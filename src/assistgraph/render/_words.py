"""Names and colours the views and the report share.

The names of labels, relationship types, fields, gap rules, indicators and
severities are catalog messages (English ids, translated in the ``.po``
catalogs); the pages carry each in Chinese and English, as ``(中文, English)``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from ..i18n import N_, Message, message
from ..schema import FORCE_NAMES


def zh_en(msgid: str, /, **kw: Any) -> tuple[str, str]:
    """A catalog message as ``(中文, English)``: the two texts a page carries.

    A value in ``kw`` that is an :class:`~assistgraph.i18n.Message` (a name from
    :func:`~assistgraph.i18n.named`) goes into each text in that language.
    """
    m = message(msgid, **kw)
    return (m.in_language("zh"), m.in_language("en"))


def both_texts(text: Any) -> list[str]:
    """A finding's message (an :class:`~assistgraph.i18n.Message`) as ``[中文, English]``,
    for a page's script to show in the language chosen; plain text is the same in both."""
    if isinstance(text, Message):
        return [text.in_language("zh"), text.in_language("en")]
    return [str(text), str(text)]


@functools.cache
def _name(msgid: str) -> tuple[str, str]:
    return zh_en(msgid)


class CatalogNames(Mapping[str, tuple[str, str]]):
    """key → ``(中文, English)`` of a table of catalog messages, translated when read."""

    def __init__(self, ids: dict[str, str]) -> None:
        self._ids = ids

    def __getitem__(self, key: str) -> tuple[str, str]:
        return _name(self._ids[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


#: node label -> (中文, English)
_LABEL_IDS: dict[str, str] = {
    "Prefecture": N_("Prefecture"),
    "County": N_("County"),
    "Provider": N_("Provider"),
    "Industry": N_("Industry"),
    "Resource": N_("Resource"),
    "Project": N_("Project"),
    "Brand": N_("Brand"),
    "Agreement": N_("Agreement"),
    "Workshop": N_("Workshop"),
    "Task": N_("Task"),
    "Town": N_("Town"),
    "InvestmentFund": N_("Investment fund"),
    "Force": N_("Assistance force"),
}
LABEL_NAMES: Mapping[str, tuple[str, str]] = CatalogNames(_LABEL_IDS)

#: relationship type -> (中文, English)
_REL_IDS: dict[str, str] = {
    "PART_OF": N_("part of"),
    "PAIRED_WITH": N_("paired with"),
    "FUNDS": N_("funds"),
    "LOCATED_IN": N_("located in"),
    "IN_INDUSTRY": N_("in industry"),
    "SUPPLIES": N_("supplies"),
    "HAS_INDUSTRY": N_("has industry"),
    "CAPABLE_IN": N_("capable in"),
    "SUPPORTS_INDUSTRY": N_("supports industry"),
    "SIGNED": N_("signed"),
    "COVERS": N_("covers"),
    "BRAND_OF": N_("brand of"),
    "PROMOTES": N_("promotes"),
    "TRAINED": N_("trained"),
    "EXCHANGED_CADRES": N_("exchanged cadres"),
    "RUNS": N_("runs"),
    "RESPONSIBLE_FOR": N_("responsible for"),
    "LED_BY": N_("led by"),
    "INVESTS_IN": N_("invests in"),
    "CONTRIBUTES": N_("contributes"),
}
REL_NAMES: Mapping[str, tuple[str, str]] = CatalogNames(_REL_IDS)

#: property -> (中文, English), for tooltips and tables
_FIELD_IDS: dict[str, str] = {
    "id": N_("id"),
    "population": N_("population"),
    "rural_population": N_("rural population"),
    "need_index": N_("need index"),
    "force": N_("force"),
    "home": N_("home"),
    "since": N_("since"),
    "role": N_("role"),
    "year": N_("year"),
    "amount_cny": N_("amount (CNY)"),
    "trainees": N_("trainees"),
    "count": N_("count"),
    "direction": N_("direction"),
    "term": N_("term"),
    "category": N_("category"),
    "subcategory": N_("subcategory"),
    "status": N_("status"),
    "start_year": N_("start year"),
    "end_year": N_("end year"),
    "key_support": N_("key support"),
    "sector": N_("sector"),
    "kind": N_("kind"),
    "level": N_("level"),
    "signed_on": N_("signed on"),
    "fund_share_pct": N_("fund share %"),
    "jobs": N_("jobs"),
    "opened": N_("opened"),
    "title": N_("title"),
    "due": N_("due"),
    "theme": N_("theme"),
    "size_cny": N_("size (CNY)"),
    "model": N_("model"),
    "county_id": N_("county id"),
    "note": N_("note"),
    # computed figures
    "funding_received": N_("funding received"),
    "funding_given": N_("funding given"),
    "providers_paired": N_("paired providers"),
    "counties_paired": N_("paired counties"),
    "projects": N_("projects"),
    "gaps": N_("gaps"),
    "facts": N_("facts merged"),
    "years": N_("years"),
    "providers": N_("providers"),
    "folded": N_("folded in"),
    # beside the scorecard's indicators
    "funds_cny": N_("funds (CNY)"),
    "overdue": N_("overdue tasks"),
    "hhi": N_("HHI"),
}
FIELD_NAMES: Mapping[str, tuple[str, str]] = CatalogNames(_FIELD_IDS)

#: fill colour per node label (providers are coloured by force instead)
LABEL_COLORS: dict[str, str] = {
    "Prefecture": "#64748b",
    "County": "#2563eb",
    "Provider": "#9ca3af",
    "Industry": "#16a34a",
    "Resource": "#84cc16",
    "Project": "#f59e0b",
    "Brand": "#db2777",
    "Agreement": "#8b5cf6",
    "Workshop": "#14b8a6",
    "Task": "#a16207",
    "Town": "#06b6d4",
    "InvestmentFund": "#9333ea",
    "Force": "#111827",
}

#: fill colour per assistance force
FORCE_COLORS: dict[str, str] = {
    "provincial_department": "#b91c1c",
    "east_west": "#ea580c",
    "paired_assistance": "#ca8a04",
    "provincial_soe": "#4338ca",
    "central_soe": "#0f766e",
}

#: vis-network shape per label
LABEL_SHAPES: dict[str, str] = {
    "Prefecture": "square",
    "County": "dot",
    "Provider": "diamond",
    "Industry": "triangle",
    "Force": "star",
}

SEVERITY_COLORS: dict[str, str] = {"high": "#dc2626", "medium": "#f97316", "low": "#eab308"}
_SEVERITY_IDS: dict[str, str] = {
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
}
SEVERITY_NAMES: Mapping[str, tuple[str, str]] = CatalogNames(_SEVERITY_IDS)

#: facts with this confidence are drawn dashed
WEAK_CONFIDENCE: frozenset[str] = frozenset({"illustrative", "low", "inferred"})


def force_name(force: str | None) -> tuple[str, str]:
    """(中文, English) of a force id (the id itself if unknown)."""
    if not force:
        return ("", "")
    return FORCE_NAMES.get(force, (force, force))


def label_name(label: str) -> tuple[str, str]:
    return LABEL_NAMES.get(label, (label, label))


def rel_name(rtype: str) -> tuple[str, str]:
    return REL_NAMES.get(rtype, (rtype, rtype))


def field_name(key: str) -> tuple[str, str]:
    return FIELD_NAMES.get(key, (key, key))


def yuan(amount: float | None) -> str:
    """``¥1,234,567`` (and ``123.5 万`` when at least 10,000)."""
    if amount is None:
        return ""
    text = f"¥{amount:,.0f}"
    if abs(amount) >= 10_000:
        text += f" ({amount / 10_000:,.1f} 万)"
    return text


def yuan_short(amount: float | None) -> tuple[str, str]:
    """A large amount in 亿元/万元 and in millions/billions of yuan: (中文, English)."""
    if amount is None:
        return ("—", "—")
    if abs(amount) >= 1e8:
        zh = f"{amount / 1e8:,.2f} 亿元"
    elif abs(amount) >= 1e4:
        zh = f"{amount / 1e4:,.1f} 万元"
    else:
        zh = f"{amount:,.0f} 元"
    if abs(amount) >= 1e9:
        en = f"CNY {amount / 1e9:,.2f} bn"
    elif abs(amount) >= 1e6:
        en = f"CNY {amount / 1e6:,.1f} m"
    else:
        en = f"CNY {amount:,.0f}"
    return (zh, en)


_YES, _NO = N_("yes"), N_("no")


def value_text(key: str, value: Any) -> str | list[str]:
    """A property value as display text; ``[中文, English]`` where the words differ
    by language (yes/no, a force's name), for the page to show in its language."""
    if value is None:
        return ""
    if key in ("amount_cny", "size_cny", "funding_received", "funding_given", "funds_cny"):
        try:
            return yuan(float(value))
        except (TypeError, ValueError):
            return str(value)
    if key == "force":
        zh, en = force_name(str(value))
        return [zh, en] if zh != en else zh
    if isinstance(value, bool):
        return list(_name(_YES if value else _NO))
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return str(value) if key in ("year", "since", "start_year", "end_year") else f"{value:,}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


#: gap rule -> (中文, English)
_RULE_IDS: dict[str, str] = {
    "missing_force": N_("missing force"),
    "training_below_target": N_("training below target"),
    "department_key_projects": N_("department key projects"),
    "soe_without_agreement": N_("SOE without agreement"),
    "soe_key_industries": N_("SOE key industries"),
    "cadre_training_below_target": N_("cadre training below target"),
    "missing_project_term": N_("missing project term"),
    "county_without_brand": N_("county without brand"),
    "unmatched_resource": N_("unmatched resource"),
    "overdue_task": N_("overdue task"),
    "missing_livelihood": N_("missing livelihood project"),
}
RULE_NAMES: Mapping[str, tuple[str, str]] = CatalogNames(_RULE_IDS)


def rule_name(rule: str) -> tuple[str, str]:
    return RULE_NAMES.get(rule, (rule, rule))


#: scorecard indicator -> (中文, English)
_INDICATOR_IDS: dict[str, str] = {
    # counties
    "forces": N_("forces present"),
    "trainees": N_("trainees"),
    "key_projects": N_("key-support projects"),
    "funds_per_capita": N_("funds per capita (CNY)"),
    "soe_agreements": N_("SOE agreements"),
    "key_industries": N_("key industries supported"),
    "brands": N_("brands"),
    "livelihood": N_("livelihood subcategories"),
    "project_terms": N_("project terms"),
    "tasks_on_time": N_("tasks closed on time"),
    "cadres": N_("cadres exchanged"),
    # providers
    "agreements": N_("agreements"),
    "funding": N_("funding"),
    "training": N_("training"),
    "spread": N_("spread of funds"),
}
INDICATOR_NAMES: Mapping[str, tuple[str, str]] = CatalogNames(_INDICATOR_IDS)


def indicator_name(name: str) -> tuple[str, str]:
    return INDICATOR_NAMES.get(name, (name, name))
