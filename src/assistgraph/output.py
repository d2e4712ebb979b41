"""Format rows as ``table``, ``csv``, ``json`` or ``markdown`` text."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from typing import Any

FORMATS = ("table", "csv", "json", "markdown")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def width(text: str) -> int:
    """Display width of ``text`` in a terminal (CJK characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, n: int) -> str:
    return text + " " * (n - width(text))


def cell(value: Any) -> str:
    """A value as one line of text (nodes and relationships as label/type + properties)."""
    from .values import GraphPath, Node, Rel

    if value is None:
        return ""
    if isinstance(value, Node):
        return f"(:{value.label} {json.dumps(value.props, ensure_ascii=False, sort_keys=True)})"
    if isinstance(value, Rel):
        return f"[:{value.type} {json.dumps(value.props, ensure_ascii=False, sort_keys=True)}]"
    if isinstance(value, GraphPath):
        parts = [cell(value.nodes[0])] if value.nodes else []
        for r, n in zip(value.rels, value.nodes[1:], strict=False):
            parts += [f"-{cell(r)}-", cell(n)]
        return "".join(parts)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, list | dict):
        return json.dumps(jsonable(value), ensure_ascii=False)
    return printable(str(value))


def printable(text: str) -> str:
    """Text safe for a terminal: newlines become spaces, other control characters ``\\xNN``."""
    text = text.replace("\r\n", " ").replace("\n", " ")
    if not any(unicodedata.category(ch) == "Cc" for ch in text):
        return text
    return "".join(f"\\x{ord(ch):02x}" if unicodedata.category(ch) == "Cc" else ch for ch in text)


def jsonable(value: Any) -> Any:
    """A JSON-serialisable form of query values (nodes as ``{"label", "properties"}``)."""
    from .values import GraphPath, Node, Rel

    if isinstance(value, Node):
        return {"label": value.label, "properties": value.props}
    if isinstance(value, Rel):
        return {"type": value.type, "properties": value.props, "src": value.src, "dst": value.dst}
    if isinstance(value, GraphPath):
        return {
            "nodes": [jsonable(n) for n in value.nodes],
            "relationships": [jsonable(r) for r in value.rels],
        }
    if is_dataclass(value) and not isinstance(value, type):
        return jsonable(asdict(value))
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


#: Markdown that data must not produce: HTML (``<img onerror=…>``), links and images
#: (``[x](…)``, ``![x](…)``), autolinks (``<http://…>``), code spans, table cells.
_MARKDOWN = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "[": "\\[",
        "]": "\\]",
        "`": "\\`",
        "|": "\\|",
    }
)


def markdown_cell(text: str) -> str:
    """Text for a Markdown table cell that renders as the same text and nothing else.

    HTML is escaped as entities; link, image and code syntax and ``|`` with a backslash.

    >>> markdown_cell('<img src=x onerror="alert(1)"> [a](http://x) a|b')
    '&lt;img src=x onerror="alert(1)"&gt; \\\\[a\\\\](http://x) a\\\\|b'
    """
    return text.translate(_MARKDOWN)


def safe_spreadsheet_cell(text: str) -> str:
    """Neutralise a cell that a spreadsheet would run as a formula (prefix ``'``)."""
    return "'" + text if text.startswith(_FORMULA) else text


def restore_spreadsheet_cell(text: str) -> str:
    """Undo :func:`safe_spreadsheet_cell`: ``'=x`` → ``=x`` (the readers call it)."""
    return text[1:] if text[:1] == "'" and text[1:2] and text[1] in _FORMULA else text


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table") -> str:
    """Render ``rows`` under ``columns`` in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "json":
        return json.dumps(
            [dict(zip(columns, map(jsonable, r), strict=True)) for r in rows],
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([safe_spreadsheet_cell(cell(v)) for v in r])
        return buf.getvalue().rstrip("\n")
    texts = [[cell(v) for v in r] for r in rows]
    if fmt == "markdown":
        esc = [[markdown_cell(t) for t in r] for r in texts]
        head = [markdown_cell(printable(c)) for c in columns]
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in esc]
        return "\n".join(lines)
    if fmt != "table":
        msg = f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    widths = [width(c) for c in columns]
    for r in texts:
        for i, t in enumerate(r):
            widths[i] = max(widths[i], width(t))
    line = "  ".join(_pad(c, w) for c, w in zip(columns, widths, strict=True)).rstrip()
    sep = "  ".join("-" * w for w in widths)
    body = ["  ".join(_pad(t, w) for t, w in zip(r, widths, strict=True)).rstrip() for r in texts]
    return "\n".join([line, sep, *body])
