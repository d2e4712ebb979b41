"""The single source of truth for tables, node labels, relationship types and keys.

Every other module derives from this one: the readers take required columns,
types and enums from it; the stores generate DDL, constraints and ``MERGE``
statements from it; the graph export and the views take labels from it.

The graph model
---------------
One label per node (a provider's force is a property, not a second label), so
the same Cypher means the same thing on Neo4j and on the embedded store.

========================  ==============================================
node label                created by
========================  ==============================================
Prefecture                ``prefectures``
County                    ``counties``  (``PART_OF`` → Prefecture)
Provider                  ``providers``
Industry                  ``industries``
Resource                  ``resources`` (id ``county_id/name_zh``)
Project                   ``projects``
Brand                     ``brands``
Agreement                 ``agreements`` (id ``provider_id/county_id``)
Workshop                  ``workshops``
Task                      ``tasks``
Town                      ``towns``
InvestmentFund            ``investment_funds``
Mechanism                 ``mechanisms`` (``COORDINATES`` → Prefecture)
TaskForce                 derived: one per county whose tasks name no
                          provider (the county's 工作专班, id
                          ``<county id>/task_force``; ``TASK_FORCE_OF`` →
                          County, ``RESPONSIBLE_FOR`` → its tasks)
========================  ==============================================

Relationship tables (``pairings``, ``funding``, ``training`` …) become one
relationship each, keyed by the table's key columns.

Dates are stored as ISO ``YYYY-MM-DD`` strings in both stores, so that they
compare and sort the same way everywhere.
"""

from __future__ import annotations

from ._schema_types import Column, ColumnType, Link, RelSpec, RelType, Table

__all__ = [
    "AMOUNT_TABLES",
    "CONFIDENCE",
    "DERIVED_TABLES",
    "FORCES",
    "FORCE_NAMES",
    "GRAPH_TABLES",
    "LOAD_RUN_LABEL",
    "LOAD_RUN_PROPS",
    "LOCATION",
    "NODE_LABELS",
    "PROVENANCE",
    "REL_TYPES",
    "SOE_FORCES",
    "STORE_TYPES",
    "TABLES",
    "TABLES_BY_NAME",
    "WAN",
    "RelType",
    "check_label",
    "check_rel_type",
    "label_of",
    "node_labels",
    "node_props",
    "rel_types",
    "tables_markdown",
    "task_force_id",
]


FORCES: tuple[str, ...] = (
    "provincial_department",
    "east_west",
    "paired_assistance",
    "provincial_soe",
    "central_soe",
)
SOE_FORCES: tuple[str, ...] = ("provincial_soe", "central_soe")
CONFIDENCE: tuple[str, ...] = ("high", "medium", "low", "inferred", "illustrative")

#: Chinese and English names of the five forces, side by side.
FORCE_NAMES: dict[str, tuple[str, str]] = {
    "provincial_department": ("省直部门定点帮扶", "Provincial departments"),
    "east_west": ("东西部协作", "East–west cooperation"),
    "paired_assistance": ("省内对口帮扶", "Provincial paired assistance"),
    "provincial_soe": ("省属国企", "Provincial SOEs"),
    "central_soe": ("在川央企", "Central SOEs in Sichuan"),
}

#: Cypher type names used by the embedded store's DDL, per column type.
STORE_TYPES: dict[str, str] = {
    "str": "STRING",
    "int": "INT64",
    "year": "INT64",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "STRING",
}


def _c(name: str, type: ColumnType = "str", **kw: object) -> Column:
    return Column(name, type, **kw)  # type: ignore[arg-type]


def _req(name: str, type: ColumnType = "str", **kw: object) -> Column:
    return Column(name, type, required=True, **kw)  # type: ignore[arg-type]


#: Where a row came from, filled in by the load (:mod:`assistgraph.sources`) unless the
#: input gives it (an export keeps its facts' origins): file, sheet (workbooks), row.
LOCATION: tuple[Column, ...] = (
    _c("source_file"),
    _c("source_sheet"),
    _c("source_row", "int", min=1),
)

PROVENANCE: tuple[Column, ...] = (
    _c("source"),
    _c("confidence", enum=CONFIDENCE),
    *LOCATION,
)

TABLES: tuple[Table, ...] = (
    Table(
        "prefectures",
        (_req("id"), _req("name_zh"), _c("name_en")),
        key=("id",),
        label="Prefecture",
        required_table=True,
        title_zh="市州",
    ),
    Table(
        "counties",
        (
            _req("id"),
            _req("name_zh"),
            _c("name_en"),
            _req("prefecture_id", ref="prefectures"),
            _c("population", "int", min=0),
            _c("rural_population", "int", min=0),
            _c("need_index", "float"),
        ),
        key=("id",),
        label="County",
        links=(Link("prefecture_id", "PART_OF"),),
        required_table=True,
        title_zh="县",
    ),
    Table(
        "providers",
        (
            _req("id"),
            _req("name_zh"),
            _c("name_en"),
            _req("force", enum=FORCES),
            _c("home"),
        ),
        key=("id",),
        label="Provider",
        required_table=True,
        title_zh="帮扶单位",
    ),
    Table(
        "pairings",
        (
            _req("provider_id", ref="providers"),
            _req("county_id", ref="counties"),
            _c("since", "year"),
            _c("until", "year"),
            _c("role", enum=("lead", "member")),
        ),
        key=("provider_id", "county_id"),
        rel=RelSpec("PAIRED_WITH", "provider_id", "county_id"),
        title_zh="结对关系",
    ),
    Table(
        "industries",
        (_req("id"), _req("name_zh"), _c("name_en"), _c("sector")),
        key=("id",),
        label="Industry",
        title_zh="产业",
    ),
    Table(
        "chain_links",
        (
            _req("from_industry_id", ref="industries"),
            _req("to_industry_id", ref="industries"),
            _c("kind"),
        ),
        key=("from_industry_id", "to_industry_id"),
        rel=RelSpec("SUPPLIES", "from_industry_id", "to_industry_id"),
        title_zh="产业链环节",
    ),
    Table(
        "county_industries",
        (
            _req("county_id", ref="counties"),
            _req("industry_id", ref="industries"),
            _req("role", enum=("key", "characteristic", "emerging")),
        ),
        key=("county_id", "industry_id"),
        rel=RelSpec("HAS_INDUSTRY", "county_id", "industry_id"),
        title_zh="县域产业",
    ),
    Table(
        "resources",
        (
            _req("county_id", ref="counties"),
            _req("name_zh"),
            _c("name_en"),
            _req(
                "kind",
                enum=("agricultural", "animal", "energy", "mineral", "scenic", "cultural"),
            ),
            _c("industry_id", ref="industries"),
        ),
        key=("county_id", "name_zh"),
        label="Resource",
        links=(Link("county_id", "LOCATED_IN"), Link("industry_id", "IN_INDUSTRY")),
        title_zh="资源",
    ),
    Table(
        "capabilities",
        (
            _req("provider_id", ref="providers"),
            _req("industry_id", ref="industries"),
        ),
        key=("provider_id", "industry_id"),
        rel=RelSpec("CAPABLE_IN", "provider_id", "industry_id"),
        title_zh="帮扶方产业优势",
    ),
    Table(
        "industry_support",
        (
            _req("provider_id", ref="providers"),
            _req("county_id", ref="counties"),
            _req("industry_id", ref="industries"),
            _c("since", "year"),
        ),
        key=("provider_id", "county_id", "industry_id"),
        rel=RelSpec("SUPPORTS_INDUSTRY", "provider_id", "industry_id", key_props=("county_id",)),
        title_zh="产业培育",
    ),
    Table(
        "projects",
        (
            _req("id"),
            _req("name_zh"),
            _c("name_en"),
            _req("county_id", ref="counties"),
            _req("term", enum=("long", "medium", "short")),
            _req(
                "category",
                enum=(
                    "industry",
                    "employment",
                    "livelihood",
                    "infrastructure",
                    "public_welfare",
                    "talent",
                    "urbanization",
                ),
            ),
            _c("subcategory"),
            _c("industry_id", ref="industries"),
            _c("key_support", "bool"),
            _c("start_year", "int"),
            _c("end_year", "int"),
            _c("status", enum=("planned", "ongoing", "completed")),
        ),
        key=("id",),
        label="Project",
        links=(Link("county_id", "LOCATED_IN"), Link("industry_id", "IN_INDUSTRY")),
        title_zh="项目",
    ),
    Table(
        "funding",
        (
            _req("provider_id", ref="providers"),
            _req("project_id", ref="projects"),
            _req("year", "int"),
            _c("amount_cny", "float", min=0),
            _c("amount_wan", "float", min=0, store=False),
        ),
        key=("provider_id", "project_id", "year"),
        rel=RelSpec("FUNDS", "provider_id", "project_id", key_props=("year",)),
        title_zh="资金",
    ),
    Table(
        "agreements",
        (
            _req("provider_id", ref="providers"),
            _req("county_id", ref="counties"),
            _req("signed_on", "date"),
            _c("fund_share_pct", "float", min=0),
        ),
        key=("provider_id", "county_id"),
        label="Agreement",
        links=(Link("provider_id", "SIGNED", "in"), Link("county_id", "COVERS")),
        title_zh="帮扶协议",
    ),
    Table(
        "brands",
        (
            _req("id"),
            _req("name_zh"),
            _c("name_en"),
            _c("industry_id", ref="industries"),
            _c("level", enum=("regional_public", "enterprise", "product")),
            _c("county_ids", "list", ref="counties", store=False),
            _c("promoted_by", "list", ref="providers", store=False),
        ),
        key=("id",),
        label="Brand",
        links=(
            Link("industry_id", "IN_INDUSTRY"),
            Link("county_ids", "BRAND_OF"),
            Link("promoted_by", "PROMOTES", "in"),
        ),
        title_zh="品牌",
    ),
    Table(
        "training",
        (
            _req("provider_id", ref="providers"),
            _req("county_id", ref="counties"),
            _req("year", "int"),
            _req("trainees", "int", min=0),
        ),
        key=("provider_id", "county_id", "year"),
        rel=RelSpec("TRAINED", "provider_id", "county_id", key_props=("year",)),
        title_zh="技能培训",
    ),
    Table(
        "cadres",
        (
            _req("provider_id", ref="providers"),
            _req("county_id", ref="counties"),
            _req("year", "int"),
            _req("direction", enum=("to_county", "from_county")),
            _req("count", "int", min=0),
        ),
        key=("provider_id", "county_id", "year", "direction"),
        rel=RelSpec(
            "EXCHANGED_CADRES", "provider_id", "county_id", key_props=("year", "direction")
        ),
        title_zh="干部人才交流",
    ),
    Table(
        "workshops",
        (
            _req("id"),
            _req("name_zh"),
            _req("provider_id", ref="providers"),
            _req("county_id", ref="counties"),
            _c("jobs", "int", min=0),
            _c("opened", "date"),
        ),
        key=("id",),
        label="Workshop",
        links=(Link("provider_id", "RUNS", "in"), Link("county_id", "LOCATED_IN")),
        title_zh="帮扶车间",
    ),
    Table(
        "tasks",
        (
            _req("id"),
            _req("county_id", ref="counties"),
            _c("provider_id", ref="providers"),
            _req("title"),
            _req("due", "date"),
            _req("status", enum=("open", "done", "closed")),
            _c("closed_on", "date"),
        ),
        key=("id",),
        label="Task",
        links=(Link("county_id", "LOCATED_IN"), Link("provider_id", "RESPONSIBLE_FOR", "in")),
        title_zh="任务清单",
    ),
    Table(
        "towns",
        (
            _req("id"),
            _req("name_zh"),
            _c("name_en"),
            _req("county_id", ref="counties"),
            _c("theme", enum=("eco_health", "culture_tourism", "city_industry")),
        ),
        key=("id",),
        label="Town",
        links=(Link("county_id", "LOCATED_IN"),),
        title_zh="特色小镇",
    ),
    Table(
        "investment_funds",
        (
            _req("id"),
            _req("name_zh"),
            _c("name_en"),
            _req("county_id", ref="counties"),
            _c("size_cny", "float", min=0),
            _c("model"),
            _c("industry_ids", "list", ref="industries", store=False),
        ),
        key=("id",),
        label="InvestmentFund",
        links=(Link("county_id", "LED_BY"), Link("industry_ids", "INVESTS_IN")),
        title_zh="产业投资基金",
    ),
    Table(
        "fund_contributions",
        (
            _req("provider_id", ref="providers"),
            _req("fund_id", ref="investment_funds"),
            _c("amount_cny", "float", min=0),
            _c("amount_wan", "float", min=0, store=False),
        ),
        key=("provider_id", "fund_id"),
        rel=RelSpec("CONTRIBUTES", "provider_id", "fund_id"),
        title_zh="基金出资",
    ),
    Table(
        "mechanisms",
        (
            _req("id"),
            _req("name_zh"),
            _c("name_en"),
            _req("level", enum=("prefecture", "department")),
            _c("prefecture_id", ref="prefectures"),
            _c("established_on", "date"),
        ),
        key=("id",),
        label="Mechanism",
        links=(Link("prefecture_id", "COORDINATES"),),
        title_zh="协调机制",
    ),
)

#: Tables made by validation, not read from files: the county task forces (工作专班)
#: responsible for the tasks that name no provider (see :func:`task_forces`).
DERIVED_TABLES: tuple[Table, ...] = (
    Table(
        "task_forces",
        (
            _req("id"),
            _req("name_zh"),
            _c("name_en"),
            _req("county_id", ref="counties"),
            _c("task_ids", "list", ref="tasks", store=False),
        ),
        key=("id",),
        label="TaskForce",
        links=(Link("county_id", "TASK_FORCE_OF"), Link("task_ids", "RESPONSIBLE_FOR")),
        title_zh="工作专班",
        derived=True,
    ),
)
#: Every table the graph is made of: the input tables, then the derived ones.
GRAPH_TABLES: tuple[Table, ...] = TABLES + DERIVED_TABLES


def task_force_id(county_id: str) -> str:
    """The id of a county's task force (工作专班) node: ``<county id>/task_force``."""
    return f"{county_id}/task_force"


TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}

_GRAPH_TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in GRAPH_TABLES}

#: Tables that carry an amount as ``amount_cny`` or ``amount_wan`` (exactly one).
AMOUNT_TABLES: frozenset[str] = frozenset({"funding", "fund_contributions"})
WAN = 10_000  # 1 万元 = 10,000 yuan


#: Bookkeeping label, outside the programme graph: one node per load, with its status
#: (``running`` → ``completed`` or ``failed``; a load killed mid-way stays ``running``).
LOAD_RUN_LABEL = "LoadRun"
LOAD_RUN_PROPS: dict[str, str] = {
    "dataset": "str",
    "started": "str",
    "finished": "str",
    "status": "str",
    "rows": "int",
    "replace": "bool",
}


def label_of(table_name: str) -> str:
    """The node label of a node table (input or derived)."""
    label = _GRAPH_TABLES_BY_NAME[table_name].label
    if label is None:
        msg = f"table {table_name!r} is not a node table"
        raise KeyError(msg)
    return label


def node_labels() -> tuple[str, ...]:
    """Every node label, in table order (derived tables last)."""
    return tuple(t.label for t in GRAPH_TABLES if t.label)


def node_props(label: str) -> dict[str, str]:
    """Properties (name -> column type) of a node label, including provenance."""
    table = next(t for t in GRAPH_TABLES if t.label == label)
    props = {c.name: c.type for c in table.columns if c.store and c.type != "list"}
    props["id"] = "str"
    for c in PROVENANCE:
        props[c.name] = c.type
    return props


def _ref_label(table: Table, column: str) -> str:
    ref = table.column(column).ref
    assert ref is not None, (table.name, column)
    return label_of(ref)


def rel_types() -> dict[str, RelType]:
    """Every relationship type with its endpoint label pairs and properties."""
    acc: dict[str, tuple[list[tuple[str, str]], dict[str, str]]] = {}
    keys: dict[str, tuple[str, ...]] = {}

    def add(name: str, pair: tuple[str, str], props: dict[str, str]) -> None:
        pairs, p = acc.setdefault(name, ([], {}))
        if pair not in pairs:
            pairs.append(pair)
        p.update(props)

    prov = {c.name: c.type for c in PROVENANCE}
    for t in GRAPH_TABLES:
        if t.rel is not None:
            pair = (_ref_label(t, t.rel.from_column), _ref_label(t, t.rel.to_column))
            props = {
                c.name: c.type
                for c in t.columns
                if c.store and c.name not in (t.rel.from_column, t.rel.to_column)
            }
            add(t.rel.type, pair, {**props, **prov})
            keys[t.rel.type] = t.rel.key_props
        if t.label is not None:
            for link in t.links:
                other = _ref_label(t, link.column)
                pair = (t.label, other) if link.direction == "out" else (other, t.label)
                add(link.type, pair, dict(prov))
    return {k: RelType(k, tuple(v[0]), v[1], keys.get(k, ())) for k, v in acc.items()}


REL_TYPES: dict[str, RelType] = rel_types()
NODE_LABELS: tuple[str, ...] = node_labels()


def check_label(label: str) -> str:
    """Return ``label`` if it is a node label of the schema, else raise ``ValueError``.

    Labels and relationship types are interpolated into Cypher only after passing
    through this allowlist (or :func:`check_rel_type`).
    """
    if label not in NODE_LABELS:
        msg = f"unknown node label {label!r}; known: {', '.join(NODE_LABELS)}"
        raise ValueError(msg)
    return label


def check_rel_type(name: str) -> str:
    """Return ``name`` if it is a relationship type of the schema, else raise ``ValueError``."""
    if name not in REL_TYPES:
        msg = f"unknown relationship type {name!r}; known: {', '.join(REL_TYPES)}"
        raise ValueError(msg)
    return name


def tables_markdown() -> str:
    """The input tables as a Markdown table (``docs/data-format.md`` is generated from it)."""
    lines = [
        "| table | 中文 | key | becomes | columns (required in **bold**) |",
        "|---|---|---|---|---|",
    ]
    for t in GRAPH_TABLES:
        cols = []
        for c in t.columns:
            text = f"**{c.name}**" if c.required else c.name
            if c.enum:
                text += f" ({'/'.join(c.enum)})"
            elif c.ref:
                text += f" → {c.ref}"
            elif c.type != "str":
                text += f" ({c.type})"
            cols.append(text)
        becomes = f"node `{t.label}`" if t.label else f"rel `{t.rel.type}`" if t.rel else ""
        for link in t.links:
            becomes += f", `{link.type}`"
        key = "+".join(t.key) + (" *(required table)*" if t.required_table else "")
        key += " *(derived, not read)*" if t.derived else ""
        lines.append(f"| {t.name} | {t.title_zh} | {key} | {becomes} | {', '.join(cols)} |")
    return "\n".join(lines)
