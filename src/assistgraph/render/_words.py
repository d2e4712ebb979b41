"""Names (中文, English) and colours the views and the report share."""

from __future__ import annotations

from typing import Any

from ..schema import FORCE_NAMES

#: node label -> (中文, English)
LABEL_NAMES: dict[str, tuple[str, str]] = {
    "Prefecture": ("市州", "Prefecture"),
    "County": ("县", "County"),
    "Provider": ("帮扶单位", "Provider"),
    "Industry": ("产业", "Industry"),
    "Resource": ("资源", "Resource"),
    "Project": ("项目", "Project"),
    "Brand": ("品牌", "Brand"),
    "Agreement": ("协议", "Agreement"),
    "Workshop": ("帮扶车间", "Workshop"),
    "Task": ("任务", "Task"),
    "Town": ("小镇", "Town"),
    "InvestmentFund": ("产业投资基金", "Investment fund"),
    "Force": ("帮扶力量", "Assistance force"),
}

#: relationship type -> (中文, English)
REL_NAMES: dict[str, tuple[str, str]] = {
    "PART_OF": ("隶属", "part of"),
    "PAIRED_WITH": ("结对帮扶", "paired with"),
    "FUNDS": ("资金投入", "funds"),
    "LOCATED_IN": ("位于", "located in"),
    "IN_INDUSTRY": ("所属产业", "in industry"),
    "SUPPLIES": ("产业链上游", "supplies"),
    "HAS_INDUSTRY": ("县域产业", "has industry"),
    "CAPABLE_IN": ("具备能力", "capable in"),
    "SUPPORTS_INDUSTRY": ("产业支持", "supports industry"),
    "SIGNED": ("签署", "signed"),
    "COVERS": ("覆盖", "covers"),
    "BRAND_OF": ("品牌归属", "brand of"),
    "PROMOTES": ("品牌推广", "promotes"),
    "TRAINED": ("技能培训", "trained"),
    "EXCHANGED_CADRES": ("干部交流", "exchanged cadres"),
    "RUNS": ("运营", "runs"),
    "RESPONSIBLE_FOR": ("负责任务", "responsible for"),
    "LED_BY": ("牵头县", "led by"),
    "INVESTS_IN": ("投资", "invests in"),
    "CONTRIBUTES": ("出资", "contributes"),
}

#: property -> (中文, English), for tooltips and tables
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "id": ("编号", "id"),
    "population": ("人口", "population"),
    "rural_population": ("农村人口", "rural population"),
    "need_index": ("需求指数", "need index"),
    "force": ("帮扶力量", "force"),
    "home": ("所在地", "home"),
    "since": ("起始年份", "since"),
    "role": ("角色", "role"),
    "year": ("年份", "year"),
    "amount_cny": ("金额（元）", "amount (CNY)"),
    "trainees": ("培训人数", "trainees"),
    "count": ("人数", "count"),
    "direction": ("方向", "direction"),
    "term": ("期限", "term"),
    "category": ("类别", "category"),
    "subcategory": ("子类", "subcategory"),
    "status": ("状态", "status"),
    "start_year": ("开始年份", "start year"),
    "end_year": ("结束年份", "end year"),
    "key_support": ("重点支持", "key support"),
    "sector": ("行业", "sector"),
    "kind": ("类型", "kind"),
    "level": ("级别", "level"),
    "signed_on": ("签署日期", "signed on"),
    "fund_share_pct": ("资金占比 %", "fund share %"),
    "jobs": ("就业岗位", "jobs"),
    "opened": ("开办日期", "opened"),
    "title": ("标题", "title"),
    "due": ("截止日期", "due"),
    "theme": ("主题", "theme"),
    "size_cny": ("规模（元）", "size (CNY)"),
    "model": ("模式", "model"),
    "county_id": ("县编号", "county id"),
    "note": ("备注", "note"),
    # computed figures
    "funding_received": ("获得资金", "funding received"),
    "funding_given": ("投入资金", "funding given"),
    "providers_paired": ("结对帮扶单位", "paired providers"),
    "counties_paired": ("结对县", "paired counties"),
    "projects": ("项目数", "projects"),
    "gaps": ("短板数", "gaps"),
    "facts": ("合并事实数", "facts merged"),
    "years": ("年份", "years"),
    "providers": ("帮扶单位数", "providers"),
    "folded": ("已折叠", "folded in"),
    # beside the scorecard's indicators
    "funds_cny": ("资金", "funds"),
    "overdue": ("逾期任务", "overdue tasks"),
    "hhi": ("集中度 HHI", "HHI"),
}

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
SEVERITY_NAMES: dict[str, tuple[str, str]] = {
    "high": ("高", "high"),
    "medium": ("中", "medium"),
    "low": ("低", "low"),
}

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


def value_text(key: str, value: Any) -> str:
    """A property value as display text."""
    if value is None:
        return ""
    if key in ("amount_cny", "size_cny", "funding_received", "funding_given", "funds_cny"):
        try:
            return yuan(float(value))
        except (TypeError, ValueError):
            return str(value)
    if key == "force":
        zh, en = force_name(str(value))
        return f"{zh} {en}" if zh != en else zh
    if isinstance(value, bool):
        return "是 yes" if value else "否 no"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return str(value) if key in ("year", "since", "start_year", "end_year") else f"{value:,}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


#: gap rule -> (中文, English)
RULE_NAMES: dict[str, tuple[str, str]] = {
    "missing_force": ("缺少帮扶力量", "missing force"),
    "training_below_target": ("培训未达标", "training below target"),
    "department_key_projects": ("省直部门重点项目", "department key projects"),
    "soe_without_agreement": ("国企未签协议", "SOE without agreement"),
    "soe_key_industries": ("国企重点产业", "SOE key industries"),
    "cadre_training_below_target": ("干部培训未达标", "cadre training below target"),
    "missing_project_term": ("缺少长中短期项目", "missing project term"),
    "county_without_brand": ("县无区域品牌", "county without brand"),
    "unmatched_resource": ("资源未对接", "unmatched resource"),
    "overdue_task": ("任务逾期", "overdue task"),
    "missing_livelihood": ("缺少民生项目", "missing livelihood project"),
}


def rule_name(rule: str) -> tuple[str, str]:
    return RULE_NAMES.get(rule, (rule, rule))


#: scorecard indicator -> (中文, English)
INDICATOR_NAMES: dict[str, tuple[str, str]] = {
    # counties
    "forces": ("五方帮扶力量到位", "forces present"),
    "trainees": ("培训人数", "trainees"),
    "key_projects": ("重点支持项目", "key-support projects"),
    "funds_per_capita": ("人均帮扶资金（元）", "funds per capita (CNY)"),
    "soe_agreements": ("结对国企签约", "SOE agreements"),
    "key_industries": ("重点产业获支持", "key industries supported"),
    "brands": ("区域品牌", "brands"),
    "livelihood": ("民生项目子类", "livelihood subcategories"),
    "project_terms": ("长中短期项目", "project terms"),
    "tasks_on_time": ("任务按期完成", "tasks closed on time"),
    "cadres": ("干部交流人数", "cadres exchanged"),
    # providers
    "agreements": ("结对县签约", "agreements"),
    "funding": ("资金投入结对县", "funding"),
    "training": ("培训覆盖结对县", "training"),
    "spread": ("资金分布均衡", "spread of funds"),
}


def indicator_name(name: str) -> tuple[str, str]:
    return INDICATOR_NAMES.get(name, (name, name))
