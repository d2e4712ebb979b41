"""Encoding: the programme's meaning as the payload the page draws.

Colour by label and by force, size by funding, width by amount, dashes (or faint
lines) for illustrative or low-confidence facts, gaps on counties; each node and
edge carries the facts its card lists. Texts shared by many items (field names,
sources, confidences, types) are sent once and referred to by index; edges are
compact rows whose positions :mod:`.payload` names.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

from .. import _words as W
from .figures import Figures
from .fold import amount_of, one_edge
from .model import DisplayEdge, DisplayNode, FactGroups
from .payload import EdgeRow

__all__ = [
    "EDGE_COLORS",
    "MAX_ROWS",
    "EdgeEncoder",
    "Tables",
    "encode_edge",
    "encode_node",
    "fact_row",
    "fact_text",
    "formatter",
    "kinds",
    "scale",
    "weak",
]

#: properties not repeated in a card's figures
SKIP_PROPS = frozenset({"id", "label", "type", "name_zh", "name_en", "source", "confidence"})
EDGE_COLORS = {
    "FUNDS": "#d97706",
    "CONTRIBUTES": "#d97706",
    "PAIRED_WITH": "#2563eb",
    "SUPPLIES": "#16a34a",
    "PART_OF": "#64748b",
}
#: a merged edge is drawn as its weakest fact
WEAKEST_FIRST = ("illustrative", "inferred", "low", "medium", "high")
#: facts of a merged edge listed on its card (the rest are counted)
MAX_ROWS = 50
EDGE_SKIP = SKIP_PROPS | {"amount_cny"}  # the amount is listed first
#: a merged edge's facts list their year and amount (source and confidence: provenance)
ROW_SKIP = SKIP_PROPS
SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}

_FIELD_ORDER = {k: i for i, k in enumerate(W.FIELD_NAMES)}
_YUAN_KEYS = frozenset({"amount_cny", "size_cny", "funding_received", "funding_given", "funds_cny"})
_YEAR_KEYS = frozenset({"year", "since", "start_year", "end_year"})


def scale(value: float, top: float, lo: float, hi: float) -> float:
    """``value`` on a square-root scale from ``lo`` (nothing) to ``hi`` (``top``).

    >>> scale(25.0, 100.0, 1, 11), scale(0, 100.0, 1, 11)
    (6.0, 1)
    """
    if top <= 0 or value <= 0:
        return lo
    return round(lo + (hi - lo) * math.sqrt(min(value / top, 1.0)), 2)


def weak(confidence: Any) -> bool:
    """Whether a fact of this confidence is drawn dashed (or faint)."""
    return str(confidence or "") in W.WEAK_CONFIDENCE


def formatter(key: str) -> Any:
    """``W.value_text`` for one key, with the common cases first (the same text).

    Amounts stay numbers: the page formats them (``yuan`` in ``graph.js``, the same
    text as ``W.yuan``), which keeps the page smaller and its writing faster.
    """
    if key in _YUAN_KEYS:

        def amount(value: Any) -> Any:
            if (type(value) is float or type(value) is int) and math.isfinite(value):
                return value
            return W.value_text(key, value)

        return amount
    if key in _YEAR_KEYS:

        def year(value: Any) -> str:
            return str(value) if type(value) is int else W.value_text(key, value)

        return year

    if key == "force":
        return functools.partial(W.value_text, key)

    def text(value: Any) -> str:
        kind = type(value)
        if kind is str:
            return value  # type: ignore[no-any-return]
        if kind is int:  # counts ("facts", "providers" …)
            return f"{value:,}"
        if kind is list:  # "years"
            return ", ".join(map(str, value))
        return W.value_text(key, value)

    return text


def fact_text(value: Any) -> str | list[str]:
    """The text of a payload fact's value (a number is an amount in yuan; a list is the
    text in ``[中文, English]``)."""
    return W.yuan(float(value)) if type(value) is float or type(value) is int else value


Plan = list[tuple[str, int, Any]]


class Tables:
    """Texts shared by many nodes and edges, sent once and referred to by index.

    ``fields``: [中文, English] per property name; ``strings``: sources and
    confidences (the same source text is on thousands of edges). Facts of one
    type share their keys, so which keys a card lists, in which order and with
    which formatter is worked out once per key set.
    """

    def __init__(self) -> None:
        self.fields: list[list[str]] = []
        self.strings: list[str] = []
        self._field: dict[str, int] = {}
        self._string: dict[str, int] = {}
        self._plans: dict[tuple[tuple[str, ...], frozenset[str]], Plan] = {}
        self._formats: dict[str, Any] = {}

    def field(self, key: str) -> int:
        """The index of a property name in ``fields``."""
        i = self._field.get(key)
        if i is None:
            i = self._field[key] = len(self.fields)
            self.fields.append(list(W.field_name(key)))  # FieldRow: 中文, English
        return i

    def string(self, value: Any) -> int | None:
        """The index of a text in ``strings`` (``None`` for no text)."""
        if type(value) is str:  # most values: sources and confidences
            i = self._string.get(value)
            if i is not None:
                return i
        if value is None or value == "":
            return None
        text = value if type(value) is str else str(value)
        i = self._string.get(text)
        if i is None:
            i = self._string[text] = len(self.strings)
            self.strings.append(text)
        return i

    def fact(self, key: str, value: Any) -> tuple[int, Any]:
        """``(field, text)`` of one fact, for a flat facts list."""
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = formatter(key)
        return self.field(key), fmt(value)

    def _plan(self, props: Mapping[str, Any], skip: frozenset[str]) -> Plan:
        keys = (tuple(props), skip)
        plan = self._plans.get(keys)
        if plan is None:
            # a fixed order: stores return properties in different orders
            shown = sorted(
                (k for k in props if k not in skip), key=lambda k: (_FIELD_ORDER.get(k, 999), k)
            )
            plan = self._plans[keys] = [(k, self.field(k), formatter(k)) for k in shown]
        return plan

    def props(self, props: Mapping[str, Any], skip: frozenset[str] = SKIP_PROPS) -> list[Any]:
        """``field, text, field, text, …`` for the properties a card lists (a flat list:
        no small list per fact to build, encode and parse)."""
        plan = self._plans.get((tuple(props), skip))
        if plan is None:
            plan = self._plan(props, skip)
        out: list[Any] = []
        for k, fi, fmt in plan:
            v = props[k]
            if v is not None and v != "":
                out.append(fi)
                out.append(fmt(v))
        return out


# -- nodes -------------------------------------------------------------------------------


def node_facts(node: DisplayNode, fig: Figures, T: Tables) -> list[Any]:
    """The node's card: ``field, text, field, text, …`` (see :meth:`Tables.props`)."""
    out: list[Any] = []
    label, nid = node.label, node.nid
    if label == "County":
        out += T.fact("funding_received", fig.received.get(("County", nid), 0.0))
        out += T.fact("providers_paired", fig.paired_of_county.get(nid, 0))
        if nid in fig.gaps:
            out += T.fact("gaps", len(fig.gaps[nid]))
    elif label == "Provider":
        out += T.fact("funding_given", fig.given.get(nid, 0.0))
        out += T.fact("counties_paired", fig.counties_of_provider.get(nid, 0))
        out += T.fact("projects", fig.projects_of_provider.get(nid, 0))
    elif label in ("Project", "InvestmentFund"):
        out += T.fact("funding_received", fig.received.get((label, nid), 0.0))
    elif label == "Force":
        out += T.fact("providers", node.members)
    out.extend(T.props(node.props))
    if node.folded:
        text = ", ".join(
            f"{W.label_name(lbl)[0]} {W.label_name(lbl)[1]} ×{n}"
            for lbl, n in sorted(node.folded.items())
        )
        out += (T.field("folded"), text)
    return out


def node_size(node: DisplayNode, fig: Figures, top: Mapping[str, float]) -> float:
    """A node's size by the funding it received or gave (``top``: the largest, by label)."""
    if node.label == "County":
        return scale(fig.received.get(("County", node.nid), 0.0), top["County"], 14, 38)
    if node.label == "Provider":
        return scale(fig.given.get(node.nid, 0.0), top["Provider"], 9, 30)
    if node.label == "Project":
        return scale(fig.received.get(("Project", node.nid), 0.0), top["Project"], 5, 18)
    if node.label == "Force":
        return scale(node.props.get("funding_given", 0.0), top["Force"], 18, 40)
    if node.label == "Prefecture":
        return 22.0
    return 9.0


def encode_node(
    node: DisplayNode, fig: Figures, top: Mapping[str, float], T: Tables
) -> dict[str, Any]:
    """One node of the payload (``expand_node`` and the page's script draw it)."""
    props = node.props
    force = props.get("force") if node.label in ("Provider", "Force") else None
    zh = str(props.get("name_zh") or props.get("title") or node.nid)
    en = str(props.get("name_en") or zh)
    border, border_width = "#1f2937", 1.0
    gaps = fig.gaps.get(node.nid, []) if node.label == "County" else []
    suffix = ""
    if gaps:
        worst = max(gaps, key=lambda g: SEVERITY_RANK[g["severity"]])
        border = W.SEVERITY_COLORS[worst["severity"]]
        border_width = float(min(2 + len(gaps), 8))
        suffix = f" ⚠{len(gaps)}"
    out: dict[str, Any] = {
        "kind": node.label,
        "nid": node.nid,
        "zh": zh,
        "size": node_size(node, fig, top),
        "weak": weak(props.get("confidence")),
        "facts": node_facts(node, fig, T),
        "src": T.string(props.get("source")),
        "conf": T.string(props.get("confidence")),
    }
    # left out where they are the defaults (see node_defaults): a smaller page
    if en != zh:
        out["en"] = en
    if force is not None:
        out["force"] = force
        out["fill"] = W.FORCE_COLORS.get(str(force), W.LABEL_COLORS.get(node.label, "#9ca3af"))
    if gaps:
        out["sfx"], out["border"], out["bw"] = suffix, border, border_width
        out["gaps"] = [
            {"severity": g["severity"], "rule": g["rule"], "message": W.both_texts(g["message"])}
            for g in gaps
        ]
    if node.label == "County" and props.get("prefecture_id"):
        out["pref"] = props["prefecture_id"]
    return out


def kinds(labels: set[str]) -> dict[str, list[str]]:
    """``payload["kinds"]``: per node label, the row :class:`.payload.KindRow` names."""
    return {
        lbl: [
            *W.label_name(lbl),
            W.LABEL_SHAPES.get(lbl, "dot"),
            W.LABEL_COLORS.get(lbl, "#9ca3af"),
        ]
        for lbl in sorted(labels)
    }


# -- edges -------------------------------------------------------------------------------


def encode_edge(e: DisplayEdge, ends: tuple[int, int], type_ix: int, T: Tables) -> list[Any]:
    """One edge of the payload, as a row (positions: :class:`.payload.EdgeRow`).

    An edge of merged parallel facts has two more positions: its facts, each as a
    :class:`.payload.FactRow` (at most ``MAX_ROWS``), and how many were left out.
    The width is the edge's amount here; :meth:`EdgeEncoder.rows` scales it once the
    largest amount is known.
    """
    props, amount = e.props, e.amount
    if e.facts == 1:  # most edges: one fact, its own properties
        return fact_row(props, amount, ends, type_ix, T)
    facts = [*T.fact("facts", e.facts)]
    if amount is not None:
        facts += T.fact("amount_cny", amount)
    if e.years:
        facts += T.fact("years", sorted(e.years))
    facts += T.props(props, EDGE_SKIP)
    confidence = conf_text = props.get("confidence")
    if e.confidences:
        confidence = next((c for c in WEAKEST_FIRST if c in e.confidences), None)
        conf_text = ", ".join(sorted(e.confidences))
    row = edge_row(ends, type_ix, amount, confidence, facts, props.get("source"), conf_text, T)
    if e.rows:
        props_of, string = T.props, T.string
        # the FactRow positions: facts, source, confidence
        row.append(
            [
                [props_of(r, ROW_SKIP), string(r.get("source")), string(r.get("confidence"))]
                for r in e.rows[:MAX_ROWS]
            ]
        )
        row.append(max(0, len(e.rows) - MAX_ROWS))
    return row


def fact_row(
    props: Mapping[str, Any],
    amount: float | None,
    ends: tuple[int, int],
    type_ix: int,
    T: Tables,
) -> list[Any]:
    """The payload row of an edge that is one fact (see :func:`encode_edge`)."""
    facts = T.props(props, EDGE_SKIP)
    if amount is not None:  # listed first
        facts[:0] = T.fact("amount_cny", amount)
    confidence = props.get("confidence")
    return edge_row(ends, type_ix, amount, confidence, facts, props.get("source"), confidence, T)


def edge_row(
    ends: tuple[int, int],
    type_ix: int,
    amount: float | None,
    confidence: Any,
    facts: list[Any],
    source: Any,
    conf_text: Any,
    T: Tables,
) -> list[Any]:
    """An edge row, in :class:`.payload.EdgeRow` order: weak by ``confidence`` (a
    merged edge's weakest), ``conf_text`` as shown."""
    return [
        ends[0],  # EdgeRow.FROM
        ends[1],  # EdgeRow.TO
        type_ix,  # EdgeRow.TYPE
        amount or 0.0,  # EdgeRow.WIDTH: the amount, until the largest is known
        1 if weak(confidence) else 0,  # EdgeRow.WEAK
        facts,  # EdgeRow.FACTS
        T.string(source),  # EdgeRow.SOURCE
        T.string(conf_text),  # EdgeRow.CONFIDENCE
    ]


class EdgeEncoder:
    """The edge rows of a view and the table of their types (``payload["types"]``)."""

    def __init__(self, tables: Tables, index: Mapping[str, int]) -> None:
        self.T = tables
        self.index = index
        self.types: list[list[str]] = []
        self._type_ix: dict[str, int] = {}

    def type_index(self, rtype: str) -> int:
        """The index of a relationship type in ``types`` (rows: :class:`.payload.TypeRow`)."""
        ti = self._type_ix.get(rtype)
        if ti is None:
            ti = self._type_ix[rtype] = len(self.types)
            # TypeRow: name, 中文, English, colour
            self.types.append([rtype, *W.rel_name(rtype), EDGE_COLORS.get(rtype, "#9ca3af")])
        return ti

    def from_groups(self, groups: FactGroups) -> list[list[Any]]:
        """The rows of an unfolded view: one per group of facts, in node order.

        Most edges are one fact: encoded straight from the graph's dicts.
        """
        index, T, type_index, out = self.index, self.T, self.type_index, []
        # node indexes follow the sorted keys, so this is the order of the keys, faster
        for ia, ib, rtype, k in sorted((index[k[0]], index[k[1]], k[2], k) for k in groups):
            facts = groups[k]
            if len(facts) == 1:
                props = facts[0]  # one fact: straight from the graph's dict
                row = fact_row(props, amount_of(props), (ia, ib), type_index(rtype), T)
            else:
                row = encode_edge(one_edge(*k, facts), (ia, ib), type_index(rtype), T)
            out.append(row)
        return self.scaled(out)

    def from_edges(self, edges: list[DisplayEdge]) -> list[list[Any]]:
        """The rows of a folded view's edges (those between drawn nodes), in node order."""
        index = self.index
        shown = [e for e in edges if e.src in index and e.dst in index]
        shown.sort(key=lambda e: (e.src, e.dst, e.type))
        rows = [
            encode_edge(e, (index[e.src], index[e.dst]), self.type_index(e.type), self.T)
            for e in shown
        ]
        return self.scaled(rows)

    @staticmethod
    def scaled(rows: list[list[Any]]) -> list[list[Any]]:
        """``rows`` with their widths by amount (the rows hold the amounts until here)."""
        width = EdgeRow.WIDTH
        top_amount = max((r[width] for r in rows), default=0.0)
        for r in rows:
            r[width] = scale(r[width], top_amount, 1, 10) if r[width] else 1.0
        return rows
