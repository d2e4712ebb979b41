"""Format rows as ``table``, ``csv``, ``json`` or ``markdown`` text."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from typing import Any

import wcwidth

__all__ = [
    "CUT",
    "FORMATS",
    "GAP",
    "MAX_LINES",
    "cell",
    "json_text",
    "jsonable",
    "markdown_cell",
    "printable",
    "render",
    "restore_spreadsheet_cell",
    "safe_spreadsheet_cell",
    "table_lines",
    "terminal_columns",
    "width",
]


FORMATS = ("table", "csv", "json", "markdown")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
GAP = "  "  # between the columns of a table
MAX_LINES = 6  # a table cell wraps onto at most this many lines, then is cut with …
CUT = "…"


def json_text(value: Any) -> str:
    """``value`` as indented JSON text (UTF-8 characters as they are), by orjson.

    The layout of ``json.dumps(value, ensure_ascii=False, indent=2)`` and the same
    values (small floats may be written ``0.000088`` where it writes ``8.8e-05``),
    5-10× faster on a national result (tens of MB); what orjson
    refuses (non-text keys, ints over 64 bits …) goes through the standard library.
    NaN and infinities become ``null`` either way (valid JSON).
    """
    import orjson

    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    except TypeError:
        return json.dumps(_finite(value), ensure_ascii=False, indent=2)


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def width(text: str) -> int:
    """Display width of ``text`` in a terminal (wide characters count 2), by wcwidth."""
    return max(wcwidth.width(text), 0)


def _pad(text: str, n: int) -> str:
    return text + " " * (n - width(text))


def terminal_columns() -> int | None:
    """The width to fit tables into: ``$COLUMNS``, else the terminal's, else None (no limit)."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        pass
    return None


_ZWSP = "\u200b"  # a break opportunity for wcwidth.wrap (UAX #14), zero columns wide


def _breakable(text: str) -> str:
    """``text`` with a break opportunity after each ``_`` (ids like ``county_id``)."""
    return text.replace("_", "_" + _ZWSP)


def _longest_word(text: str) -> int:
    """Display width of the longest piece of ``text`` that a line must not break."""
    pieces = wcwidth.wrap(_breakable(text), 1, break_long_words=False)
    return max((width(w) for w in pieces), default=0)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _shrink(natural: list[int], floors: list[int], budget: int) -> list[int]:
    """Take room above the floors in proportion to it, so that the widths fit ``budget``."""
    slack = [max(n - f, 0) for n, f in zip(natural, floors, strict=True)]
    excess = sum(natural) - budget
    if excess <= 0 or not any(slack):
        return list(natural)
    if excess >= sum(slack):
        return [min(n, f) for n, f in zip(natural, floors, strict=True)]
    keep = 1 - excess / sum(slack)
    widths = [n - s + int(s * keep) for n, s in zip(natural, slack, strict=True)]
    for i in sorted(range(len(widths)), key=lambda k: -slack[k]):  # the rounding, widest first
        if sum(widths) <= budget:
            break
        if widths[i] > natural[i] - slack[i]:
            widths[i] -= 1
    return widths


def _fit(natural: list[int], floors: list[int], budget: int) -> list[int]:
    """Column widths that fit ``budget`` where the floors allow (else as near as they allow).

    As a browser lays out a table: a column narrower than an even share of the
    room keeps its width; the wider ones (messages, long names) give up room in
    proportion to what they have above their floor.
    """
    if sum(natural) <= budget:
        return list(natural)
    n = len(natural)
    fixed: set[int] = set()
    while True:
        rest = [i for i in range(n) if i not in fixed]
        room = budget - sum(natural[i] for i in fixed)
        new = {i for i in rest if rest and natural[i] <= room / len(rest)}
        if not new:
            break
        fixed |= new
    if room < sum(floors[i] for i in rest):
        return _shrink(natural, floors, budget)
    part = _shrink([natural[i] for i in rest], [floors[i] for i in rest], room)
    widths = list(natural)
    for i, w in zip(rest, part, strict=True):
        widths[i] = w
    return widths


def _lines(text: str, n: int, max_lines: int | None) -> list[str]:
    """``text`` wrapped at word (or CJK character) breaks into lines of width ≤ ``n``.

    A cell that needs more than ``max_lines`` lines, or a word wider than the
    column, is cut and ends with ``…``; a cut never splits a character.
    """
    if width(text) <= n:
        return [text]
    wrapped = wcwidth.wrap(
        _breakable(text), n, break_long_words=False, max_lines=max_lines, placeholder=CUT
    )
    lines = [ln.replace(_ZWSP, "") for ln in wrapped] or [""]
    return [ln if width(ln) <= n else wcwidth.clip(ln, 0, n - 1, fillchar="") + CUT for ln in lines]


def table_lines(
    columns: Sequence[str], texts: Sequence[Sequence[str]], max_width: int | None = None
) -> list[str]:
    """The lines of a text table; every line has the same display width.

    If the table is wider than ``max_width``, the widest columns are narrowed
    (not below their longest word while any column can give more), their cells
    wrap onto up to :data:`MAX_LINES` lines, and a cell that still does not fit
    is cut with ``…``. Numbers are never cut: a table of many numeric columns
    may stay wider than ``max_width``.
    """
    natural = [width(c) for c in columns]
    for r in texts:
        for i, t in enumerate(r):
            natural[i] = max(natural[i], width(t))
    widths = natural
    if max_width is not None and sum(natural) + len(GAP) * (len(natural) - 1) > max_width:
        budget = max_width - len(GAP) * (len(natural) - 1)
        words = [_longest_word(c) for c in columns]
        for r in texts:
            for i, t in enumerate(r):
                if width(t) > words[i]:
                    words[i] = max(words[i], _longest_word(t))
        floors = [min(n, w) for n, w in zip(natural, words, strict=True)]
        widths = _fit(natural, floors, budget)
        last = []  # numbers keep their width; text may go down to 6 columns, then is cut
        for i, n in enumerate(natural):
            cells = [r[i] for r in texts if r[i]]
            if cells and all(_is_number(t) for t in cells):
                last.append(max(floors[i], *(width(t) for t in cells)))
            else:
                last.append(min(n, 6))
        widths = _fit(widths, last, budget)

    def block(cells: Sequence[str], max_lines: int | None) -> list[str]:
        wrapped = [_lines(t, w, max_lines) for t, w in zip(cells, widths, strict=True)]
        height = max((len(c) for c in wrapped), default=1)
        return [
            GAP.join(
                _pad(c[k] if k < len(c) else "", w) for c, w in zip(wrapped, widths, strict=True)
            )
            for k in range(height)
        ]

    out = block(columns, None)
    out.append(GAP.join("-" * w for w in widths))
    for r in texts:
        out += block(r, MAX_LINES)
    return out


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


def render(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str = "table",
    *,
    headers: Sequence[str] | None = None,
) -> str:
    """Render ``rows`` under ``columns`` in format ``fmt`` (one of :data:`FORMATS`).

    ``headers`` (e.g. translated column names) replace ``columns`` in the
    ``table`` and ``markdown`` formats, which people read; ``csv`` and ``json``
    keep ``columns`` (field names are API).
    """
    if fmt == "json":
        return json_text([dict(zip(columns, map(jsonable, r), strict=True)) for r in rows])
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([safe_spreadsheet_cell(cell(v)) for v in r])
        return buf.getvalue().rstrip("\n")
    texts = [[cell(v) for v in r] for r in rows]
    columns = columns if headers is None else headers
    if fmt == "markdown":
        esc = [[markdown_cell(t) for t in r] for r in texts]
        head = [markdown_cell(printable(c)) for c in columns]
        return "\n".join(_markdown(head, esc))
    if fmt != "table":
        msg = f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}"
        raise ValueError(msg)
    return "\n".join(table_lines(columns, texts, terminal_columns()))


def _markdown(columns: Sequence[str], texts: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table whose source lines up: cells padded to the column's display width."""
    widths = [max(3, width(c)) for c in columns]
    for r in texts:
        for i, t in enumerate(r):
            widths[i] = max(widths[i], width(t))

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(_pad(t, w) for t, w in zip(cells, widths, strict=True)) + " |"

    return [line(columns), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [
        line(r) for r in texts
    ]
