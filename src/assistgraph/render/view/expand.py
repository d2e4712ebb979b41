"""The payload expanded as vis-network draws it: the Python mirror of ``graph.js``.

The page's script turns compact payload nodes and edge rows into vis-network items;
:func:`expand_node` and :func:`expand_edge` do the same here, so that a view's
``.nodes`` and ``.edges`` say what the page draws (the browser tests check that the
two agree).
"""

from __future__ import annotations

from typing import Any

from .encode import fact_text
from .payload import EdgeRow, FactRow, FieldRow, KindRow, TypeRow, node_id

__all__ = ["expand_edge", "expand_node", "node_defaults"]

#: what a label missing from ``payload["kinds"]`` is drawn as (a KindRow)
UNKNOWN_KIND_FILL = "#9ca3af"


def _text_at(strings: list[str], i: int | None) -> str | None:
    return None if i is None else strings[i]


def _triples(facts: list[Any], fields: list[list[str]]) -> list[list[str]]:
    """``[中文, English, text]`` per fact of a flat ``field, text, …`` list."""
    zh, en = FieldRow.ZH, FieldRow.EN
    return [
        [fields[facts[i]][zh], fields[facts[i]][en], fact_text(facts[i + 1])]
        for i in range(0, len(facts) - 1, 2)
    ]


def node_defaults(n: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    """A payload node with the fields left out at their defaults filled in."""
    kind = payload["kinds"].get(n["kind"], [n["kind"], n["kind"], "dot", UNKNOWN_KIND_FILL])
    return {
        "id": node_id(n),
        "en": n["zh"],
        "force": None,
        "fill": kind[KindRow.COLOR],
        "sfx": "",
        "border": "#1f2937",
        "bw": 1.0,
        "gaps": [],
        "pref": None,
        **n,
    }


def expand_node(n: dict[str, Any], payload: dict[str, Any]) -> dict[str, Any]:
    """A payload node as vis-network draws it (what the page's script makes of it)."""
    n = node_defaults(n, payload)
    kind = payload["kinds"].get(n["kind"], [n["kind"], n["kind"], "dot", ""])
    strings, fill = payload["strings"], n["fill"]
    item = {
        "id": n["id"],
        "label": n["zh"] + n["sfx"],
        "shape": kind[KindRow.SHAPE],
        "size": n["size"],
        "borderWidth": n["bw"],
        "color": {
            "background": fill,
            "border": n["border"],
            "highlight": {"background": fill, "border": "#000000"},
            "hover": {"background": fill, "border": "#000000"},
        },
        "shapeProperties": {"borderDashes": [4, 3] if n["weak"] else False},
        "ag": {
            "kind": n["kind"],
            "kind_zh": kind[KindRow.ZH],
            "kind_en": kind[KindRow.EN],
            "force": n["force"],
            "id": n["nid"],
            "name_zh": n["zh"],
            "name_en": n["en"],
            "label_zh": n["zh"] + n["sfx"],
            "label_en": n["en"] + n["sfx"],
            "facts": _triples(n["facts"], payload["fields"]),
            "source": _text_at(strings, n["src"]),
            "confidence": _text_at(strings, n["conf"]),
            "gaps": n["gaps"],
        },
    }
    if "x" in n:  # big views start from seeded positions
        item["x"], item["y"] = n["x"], n["y"]
    return item


def expand_edge(r: list[Any], i: int, payload: dict[str, Any]) -> dict[str, Any]:
    """A payload edge row as vis-network draws it (what the page's script makes of it)."""
    rtype = payload["types"][r[EdgeRow.TYPE]]
    strings, fields, nodes = payload["strings"], payload["fields"], payload["nodes"]
    weak = r[EdgeRow.WEAK] == 1
    e: dict[str, Any] = {
        "id": f"e{i}",
        "from": node_id(nodes[r[EdgeRow.FROM]]),
        "to": node_id(nodes[r[EdgeRow.TO]]),
    }
    e["width"] = r[EdgeRow.WIDTH]
    if payload["large"]:  # no arrows, no dashes: weak facts are drawn faint
        e["dashes"] = False
        opacity = 0.25 if weak else 0.7
    else:
        e["arrows"] = "to"
        e["dashes"] = weak
        opacity = 0.7
    e["color"] = {
        "color": rtype[TypeRow.COLOR],
        "highlight": "#111827",
        "hover": "#111827",
        "opacity": opacity,
    }
    ag: dict[str, Any] = {
        "type": rtype[TypeRow.NAME],
        "type_zh": rtype[TypeRow.ZH],
        "type_en": rtype[TypeRow.EN],
        "facts": _triples(r[EdgeRow.FACTS], fields),
        "source": _text_at(strings, r[EdgeRow.SOURCE]),
        "confidence": _text_at(strings, r[EdgeRow.CONFIDENCE]),
    }
    if len(r) > EdgeRow.ROWS:
        ag["rows"] = [
            {
                "facts": _triples(row[FactRow.FACTS], fields),
                "source": _text_at(strings, row[FactRow.SOURCE]),
                "confidence": _text_at(strings, row[FactRow.CONFIDENCE]),
            }
            for row in r[EdgeRow.ROWS]
        ]
        ag["rows_not_listed"] = r[EdgeRow.ROWS_NOT_LISTED]
    e["ag"] = ag
    return e
