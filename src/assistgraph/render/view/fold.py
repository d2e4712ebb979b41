"""Folding: one edge per group of parallel facts, and smaller views of a large graph.

A view above its node limit is aggregated in steps until it fits (:func:`fold`):

``folded``
    projects, tasks, agreements, workshops, towns and resources are folded into
    their county, and their funding summed into provider → county edges;
``forces``
    in addition, providers are grouped into one node per assistance force;
``core``
    in addition, only prefectures, counties and forces are kept.

Every step builds new nodes and edges from the ones it gets; none changes them
(nor, through them, the graph's property dicts).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from ...graph import facts
from ...i18n import N_, named
from .. import _words as W
from .model import DisplayEdge, DisplayNode, FactGroups

if TYPE_CHECKING:
    import networkx as nx

    from .select import NodeKeys

__all__ = [
    "CORE_LABELS",
    "LEAF_LABELS",
    "LEVELS",
    "Folded",
    "amount_of",
    "core",
    "fold",
    "fold_leaves",
    "fold_note",
    "group_forces",
    "merge",
    "one_edge",
]

#: labels folded into their county (and their funding into provider → county edges)
LEAF_LABELS: tuple[str, ...] = ("Project", "Task", "Agreement", "Workshop", "Town", "Resource")
CORE_LABELS: tuple[str, ...] = ("Prefecture", "County", "Force")
#: edges from a leaf node to its county
TO_COUNTY: tuple[str, ...] = ("LOCATED_IN", "COVERS")
#: properties a merged edge sums or lists instead of showing as shared
NOT_COMMON = frozenset({"amount_cny", "year", "type"})
#: the aggregation levels, in order, with what each adds to the view's note
#: (each level's text says what it and the levels before it did: one catalog message)
LEVELS: dict[str, str] = {
    "full": N_("full"),
    "folded": N_(
        "projects, tasks, agreements, workshops, towns and resources are folded into their "
        "county; funding is summed into provider → county edges"
    ),
    "forces": N_(
        "projects, tasks, agreements, workshops, towns and resources are folded into their "
        "county; funding is summed into provider → county edges; in addition, providers are "
        "grouped by assistance force"
    ),
    "core": N_(
        "projects, tasks, agreements, workshops, towns and resources are folded into their "
        "county; funding is summed into provider → county edges; in addition, providers are "
        "grouped by assistance force; in addition, only prefectures, counties and forces are "
        "shown"
    ),
}
FOLD_STEPS: tuple[str, ...] = ("folded", "forces", "core")

Nodes = dict[str, DisplayNode]


class Folded(NamedTuple):
    """A view after folding: its level, nodes and edges (none at level ``full``: the
    edges are then encoded from the fact groups)."""

    level: str
    nodes: Nodes
    edges: list[DisplayEdge]


def amount_of(props: Mapping[str, Any]) -> float | None:
    """A fact's ``amount_cny`` as a float, or ``None`` when it has no number."""
    amount = props.get("amount_cny")
    return float(amount) if type(amount) is float or type(amount) is int else None


def one_edge(src: str, dst: str, rtype: str, facts: list[Mapping[str, Any]]) -> DisplayEdge:
    """The drawn edge of one (source, target, type): one fact, or parallel facts merged.

    Parallel facts (a provider funding the same project in several years) would be
    drawn on top of each other, with only one of them reachable by the pointer: they
    become one edge whose card sums the amounts, lists the years and shows each fact.
    """
    if len(facts) == 1:  # the graph's own dict, never modified ("type" is not shown)
        props = facts[0]
        year, confidence = props.get("year"), props.get("confidence")
        return DisplayEdge(
            src,
            dst,
            rtype,
            props,
            amount=amount_of(props),
            years=frozenset((year,)) if isinstance(year, int) else frozenset(),
            confidences=frozenset((str(confidence),)) if confidence else frozenset(),
        )
    # a fixed order whatever order the store returned them in (the graph's own dicts,
    # never modified); facts alike in year, amount and source by all their properties
    keyed = []
    for i, r in enumerate(facts):
        a = amount_of(r)
        keyed.append(((str(r.get("year", "")), a or 0.0, str(r.get("source"))), i, r, a))
    keyed.sort()  # by key, then position: never compares the dicts
    for n in range(len(keyed) - 1):
        if keyed[n][0] == keyed[n + 1][0]:
            keyed.sort(key=lambda x: (x[0], repr(sorted(x[2].items()))))
            break
    rows = [x[2] for x in keyed]
    amounts = [x[3] for x in keyed if x[3] is not None]
    first, rest = rows[0], rows[1:]
    common = {}
    for k, v in first.items():  # the properties every fact shares (loops: 2-3 facts)
        if k in NOT_COMMON:
            continue
        for r in rest:
            if r.get(k) != v:
                break
        else:
            common[k] = v
    years, confidences = set(), set()
    for r in rows:
        y, c = r.get("year"), r.get("confidence")
        if isinstance(y, int):
            years.add(y)
        if c:
            confidences.add(str(c))
    return DisplayEdge(
        src,
        dst,
        rtype,
        common,
        facts=len(rows),
        amount=sum(amounts) if amounts else None,
        years=frozenset(years),
        confidences=frozenset(confidences),
        rows=rows,
    )


def merge(edges: Iterable[DisplayEdge]) -> list[DisplayEdge]:
    """One new edge per (source, target, type): amounts summed, facts counted.

    The merged edges keep no properties of their own (their cards count the facts).
    """
    out: dict[tuple[str, str, str], list[Any]] = {}
    for e in edges:
        k = (e.src, e.dst, e.type)
        m = out.get(k)
        if m is None:
            out[k] = [e.facts, e.amount, e.years, e.confidences]
            continue
        m[0] += e.facts
        if e.amount is not None:
            m[1] = (m[1] or 0.0) + e.amount
        m[2] = m[2] | e.years
        m[3] = m[3] | e.confidences
    return [
        DisplayEdge(s, d, t, {}, facts=n, amount=a, years=y, confidences=c)
        for (s, d, t), (n, a, y, c) in out.items()
    ]


def _add_counts(into: dict[str, dict[str, int]], key: str, counts: Mapping[str, int]) -> None:
    mine = into.setdefault(key, {})
    for label, n in counts.items():
        mine[label] = mine.get(label, 0) + n


def _with_folded(node: DisplayNode, counts: Mapping[str, int] | None) -> DisplayNode:
    if not counts:
        return node
    folded = dict(node.folded)
    for label, n in counts.items():
        folded[label] = folded.get(label, 0) + n
    return node._replace(folded=folded)


def fold_leaves(
    G: nx.MultiDiGraph, keys: NodeKeys, nodes: Nodes, groups: FactGroups
) -> tuple[Nodes, list[DisplayEdge]]:
    """Fold leaf nodes into their county; funding becomes provider → county edges.

    A leaf's county is its ``county_id`` or the county it is ``LOCATED_IN`` or
    ``COVERS`` in the whole graph; a county reached only through a folded node joins
    the view. Leaves without a county are left out. The edges come from the fact
    groups of the view (:func:`~.select.display_graph`): one edge per (source, target,
    type) after folding, its facts counted, amounts summed, years and confidences
    collected, and no properties of its own.
    """
    fwd = keys.by_label_id
    county_of: dict[str, str] = {}
    for key, node in nodes.items():
        if node.label in LEAF_LABELS and node.props.get("county_id"):
            county_of[key] = f"County:{node.props['county_id']}"
    f = facts(G)
    for rtype in TO_COUNTY:
        for label in LEAF_LABELS:
            for leaf, c, _ in f.edges(rtype, label, "County"):
                county_of[f"{label}:{leaf}"] = f"County:{c}"
    added: Nodes = {}
    counts: dict[str, dict[str, int]] = {}
    for key, node in nodes.items():
        if node.label not in LEAF_LABELS:
            continue
        c = county_of.get(key)
        if c is None:
            continue
        if c not in nodes and c not in added:  # a county reached only through a folded node
            cn = fwd.get(("County", c[7:]))
            if cn is not None:
                added[c] = DisplayNode(c, "County", c[7:], G.nodes[cn])
        if c in nodes or c in added:
            _add_counts(counts, c, {node.label: 1})
    kept: Nodes = {}
    for part in (nodes, added):
        for key, node in part.items():
            if node.label not in LEAF_LABELS:
                kept[key] = _with_folded(node, counts.get(key))
    # summed as merge(summary(...) of every group) would, without an edge per group
    acc: dict[tuple[str, str, str], list[Any]] = {}
    for (a, b, t), ds in groups.items():
        if t == "FUNDS" and b in county_of and county_of[b] in kept:
            key = (a, county_of[b], "FUNDS")
        elif a in kept and b in kept:
            key = (a, b, t)
        else:
            continue
        m = acc.get(key)
        if m is None:
            m = acc[key] = [0, None, set(), set()]
        m[0] += len(ds)
        amounts = []
        for r in ds:
            amount = r.get("amount_cny")
            if type(amount) is float or type(amount) is int:
                amounts.append(float(amount))
            y = r.get("year")
            if isinstance(y, int):
                m[2].add(y)
            c = r.get("confidence")
            if c:
                m[3].add(str(c))
        if amounts:
            m[1] = sum(amounts) if m[1] is None else m[1] + sum(amounts)
    return kept, [
        DisplayEdge(s, d, t, {}, facts=n, amount=a, years=frozenset(y), confidences=frozenset(c))
        for (s, d, t), (n, a, y, c) in acc.items()
    ]


def group_forces(nodes: Nodes, edges: list[DisplayEdge]) -> tuple[Nodes, list[DisplayEdge]]:
    """Providers grouped into one node per force; a force's ``funding_given`` is the
    sum of its ``FUNDS`` edges in the view."""
    group: dict[str, str] = {}
    members: dict[str, int] = {}
    counts: dict[str, dict[str, int]] = {}
    forces: Nodes = {}
    for key, node in nodes.items():
        if node.label != "Provider":
            continue
        force = str(node.props.get("force") or "unknown")
        gk = f"Force:{force}"
        if gk not in nodes and gk not in forces:
            zh, en = W.force_name(force)
            forces[gk] = DisplayNode(
                gk, "Force", force, {"name_zh": zh, "name_en": en, "force": force}
            )
        members[gk] = members.get(gk, 0) + 1
        _add_counts(counts, gk, node.folded)
        group[key] = gk
    kept: Nodes = {}
    for part in (nodes, forces):
        for key, node in part.items():
            if node.label == "Provider":
                continue
            node = _with_folded(node, counts.get(key))
            if key in members:
                node = node._replace(members=node.members + members[key])
            kept[key] = node
    moved = []
    for e in edges:
        src, dst = group.get(e.src, e.src), group.get(e.dst, e.dst)
        if src == dst or src not in kept or dst not in kept:
            continue
        moved.append(
            DisplayEdge(
                src,
                dst,
                e.type,
                {},
                facts=e.facts,
                amount=e.amount,
                years=e.years,
                confidences=e.confidences,
            )
        )
    merged = merge(moved)
    given: dict[str, float] = {}
    for e in merged:
        if e.type == "FUNDS" and e.src in kept and kept[e.src].label == "Force":
            start = given.get(e.src, kept[e.src].props.get("funding_given", 0.0))
            given[e.src] = start + (e.amount or 0)
    for key, total in given.items():
        node = kept[key]
        kept[key] = node._replace(props={**node.props, "funding_given": total})
    return kept, merged


def core(nodes: Nodes, edges: list[DisplayEdge]) -> tuple[Nodes, list[DisplayEdge]]:
    """Only prefectures, counties and forces, and the edges between them."""
    kept = {k: n for k, n in nodes.items() if n.label in CORE_LABELS}
    return kept, [e for e in edges if e.src in kept and e.dst in kept]


def fold(
    G: nx.MultiDiGraph, keys: NodeKeys, nodes: Nodes, groups: FactGroups, max_nodes: int
) -> Folded:
    """The view folded step by step (see the module's docstring) until it has at most
    ``max_nodes`` nodes, or is at its last level."""
    if len(nodes) <= max_nodes:
        return Folded("full", nodes, [])
    nodes, edges = fold_leaves(G, keys, nodes, groups)
    level = "folded"
    if len(nodes) > max_nodes:
        nodes, edges = group_forces(nodes, edges)
        level = "forces"
    if len(nodes) > max_nodes:
        nodes, edges = core(nodes, edges)
        level = "core"
    return Folded(level, nodes, edges)


def fold_note(level: str, source_nodes: int, max_nodes: int) -> tuple[str, str] | None:
    """What a view at ``level`` says about its aggregation (中文, English); ``None`` at
    level ``full``.

    >>> fold_note("full", 10, 20) is None
    True
    >>> fold_note("forces", 3000, 2000)[1].split(": ")[1].split(";")[0]
    'projects, tasks, agreements, workshops, towns and resources are folded into their county'
    """
    if level == "full":
        return None
    return W.zh_en(
        "This view has {n:,} nodes, more than the limit of {limit:,}, so it is aggregated: "
        "{what}. Use --county, --prefecture, --provider … for details.",
        n=source_nodes,
        limit=max_nodes,
        what=named(*W.zh_en(LEVELS[level])),
    )
