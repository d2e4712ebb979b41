"""Small inline SVG charts for the report: a Lorenz curve, bars, meters, sparklines.

Every chart is returned as ``markupsafe.Markup`` built from numbers this module
formats itself and text passed through ``markupsafe.escape``, so labels from
the data are text, never markup. Text that comes in both languages is written
as two ``<tspan>``\\ s (classes ``zh`` and ``en``); the page's language switch
shows one of them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from ..i18n import message
from ._words import zh_en

__all__ = [
    "Bar",
    "Series",
    "bars_svg",
    "lorenz_points",
    "lorenz_svg",
    "meter_svg",
    "nice_ticks",
    "sparkline_svg",
    "stacked_svg",
]

SVG_NS = "http://www.w3.org/2000/svg"


def _n(x: float) -> str:
    """A coordinate: at most 2 decimals, no trailing zeros."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _in_use(zh: str, en: str | None = None) -> str:
    """Of a name in both languages, the one the page opens in (for ``<title>`` and
    ``aria-label``, which cannot switch)."""
    from ._html import page_lang

    return (en or zh) if page_lang() == "en" else zh


def _in_page(msgid: str, /, **kw: Any) -> str:
    """A catalog message in the language the page opens in."""
    from ._html import page_lang

    return message(msgid, **kw).in_language(page_lang())


def _text(zh: str, en: str | None = None) -> Markup:
    """Bilingual SVG text content (two tspans), or plain escaped text."""
    if en is None or en == zh:
        return escape(zh)
    return Markup('<tspan class="zh">{}</tspan><tspan class="en">{}</tspan>').format(zh, en)


def lorenz_points(values: Sequence[float]) -> list[tuple[float, float]]:
    """The Lorenz curve of ``values``: (share of units, share of total), from (0, 0) to (1, 1).

    Units are sorted from the smallest value up. With no values, or a total of 0,
    the curve is the line of equality.

    Examples
    --------
    >>> lorenz_points([0, 0, 10])
    [(0.0, 0.0), (0.333333, 0.0), (0.666667, 0.0), (1.0, 1.0)]
    """
    xs = sorted(max(float(v), 0.0) for v in values)
    total = sum(xs)
    n = len(xs)
    if n == 0 or total <= 0:
        return [(0.0, 0.0), (1.0, 1.0)]
    out = [(0.0, 0.0)]
    acc = 0.0
    for i, v in enumerate(xs, start=1):
        acc += v
        out.append((round(i / n, 6), round(acc / total, 6)))
    out[-1] = (1.0, 1.0)
    return out


def lorenz_svg(
    values: Sequence[float],
    *,
    title: tuple[str, str] | None = None,
    x_label: tuple[str, str] | None = None,
    y_label: tuple[str, str] | None = None,
    gini: float | None = None,
    width: int = 360,
    height: int = 320,
) -> Markup:
    """A Lorenz curve with the line of equality, axes, and the Gini coefficient.

    Examples
    --------
    >>> svg = lorenz_svg([1, 2, 3], gini=0.22)
    >>> svg.startswith("<svg") and "0.22" in svg
    True
    """
    title = title or zh_en("Lorenz curve")
    x_label = x_label or zh_en("counties (least funded first)")
    y_label = y_label or zh_en("cumulative share of funding")
    left, right, top, bottom = 48, 12, 30, 46
    pw, ph = width - left - right, height - top - bottom

    def xy(p: tuple[float, float]) -> str:
        return f"{_n(left + p[0] * pw)},{_n(top + (1 - p[1]) * ph)}"

    pts = lorenz_points(values)
    curve = " ".join(xy(p) for p in pts)
    area = f"{xy((0, 0))} {curve} {xy((1, 0))}"
    ticks = []
    for t in (0, 0.25, 0.5, 0.75, 1):
        y = top + (1 - t) * ph
        x = left + t * pw
        ticks.append(
            f'<line x1="{_n(left - 4)}" y1="{_n(y)}" x2="{_n(left)}" y2="{_n(y)}" class="ax"/>'
            f'<text x="{_n(left - 6)}" y="{_n(y + 4)}" text-anchor="end" class="tick">'
            f"{int(t * 100)}%</text>"
            f'<line x1="{_n(x)}" y1="{_n(top + ph)}" x2="{_n(x)}" y2="{_n(top + ph + 4)}" '
            f'class="ax"/><text x="{_n(x)}" y="{_n(top + ph + 16)}" text-anchor="middle" '
            f'class="tick">{int(t * 100)}%</text>'
        )
    gini_text = Markup("")
    if gini is not None:
        gini_text = Markup('<text x="{}" y="{}" class="note">{} = {}</text>').format(
            _n(left + 8), _n(top + 14), _text(*zh_en("Gini")), f"{gini:.2f}"
        )
    return Markup(
        '<svg xmlns="{ns}" class="ag-chart ag-lorenz" viewBox="0 0 {w} {h}" width="{w}" '
        'height="{h}" role="img" aria-label="{aria}">'
        "<title>{aria}</title>"
        '<text x="{tx}" y="16" class="title">{title}</text>'
        '<rect x="{l}" y="{t}" width="{pw}" height="{ph}" class="frame"/>'
        '<polygon points="{area}" class="area"/>'
        '<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y1}" class="equality"/>'
        '<polyline points="{curve}" class="curve"/>'
        "{ticks}{gini}"
        '<text x="{xl}" y="{yl}" text-anchor="middle" class="axis-label">{xlab}</text>'
        '<text transform="translate(12 {ym}) rotate(-90)" text-anchor="middle" '
        'class="axis-label">{ylab}</text>'
        "</svg>"
    ).format(
        ns=SVG_NS,
        w=width,
        h=height,
        aria=_in_page("{title}: {n} units", title=_in_use(*title), n=len(values))
        + (_in_page(", Gini {gini:.2f}", gini=gini) if gini is not None else ""),
        tx=left,
        title=_text(*title),
        l=left,
        t=top,
        pw=pw,
        ph=ph,
        area=area,
        x0=_n(left),
        y0=_n(top + ph),
        x1=_n(left + pw),
        y1=_n(top),
        curve=curve,
        ticks=Markup("".join(ticks)),
        gini=gini_text,
        xl=_n(left + pw / 2),
        yl=_n(height - 8),
        xlab=_text(*x_label),
        ym=_n(top + ph / 2),
        ylab=_text(*y_label),
    )


class Bar(NamedTuple):
    """One bar: its label in both languages, value, colour and the text shown at its end."""

    zh: str
    en: str
    value: float
    color: str = "#2563eb"
    text: str = ""


def bars_svg(bars: Sequence[Bar], *, width: int = 640, bar_height: int = 22) -> Markup:
    """Horizontal bars, longest = full width; labels on the left, value text on the right.

    Examples
    --------
    >>> "<rect" in bars_svg([Bar("甲", "A", 3.0, text="3")])
    True
    """
    label_w, text_w, gap = 190, 190, 6
    top = max((b.value for b in bars), default=0.0)
    height = max(len(bars), 1) * (bar_height + gap) + gap
    rows = []
    for i, b in enumerate(bars):
        y = gap + i * (bar_height + gap)
        w = 0.0 if top <= 0 else max(b.value, 0.0) / top * (width - label_w - text_w)
        rows.append(
            Markup(
                '<text x="{lx}" y="{ty}" text-anchor="end" class="label">{label}</text>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" class="bar"/>'
                '<text x="{vx}" y="{ty}" class="value">{value}</text>'
            ).format(
                lx=label_w - 6,
                ty=_n(y + bar_height * 0.7),
                label=_text(b.zh, b.en),
                x=label_w,
                y=_n(y),
                w=_n(w),
                h=bar_height,
                fill=b.color if _is_colour(b.color) else "#2563eb",
                vx=_n(label_w + w + 6),
                value=b.text,
            )
        )
    return Markup(
        '<svg xmlns="{ns}" class="ag-chart ag-bars" viewBox="0 0 {w} {h}" width="{w}" '
        'height="{h}" role="img">{rows}</svg>'
    ).format(ns=SVG_NS, w=width, h=height, rows=Markup("").join(rows))


def meter_svg(fraction: float | None, *, width: int = 90, height: int = 10) -> Markup:
    """A small horizontal meter for a share in [0, 1] (empty frame when ``None``).

    Examples
    --------
    >>> 'width="45"' in meter_svg(0.5)
    True
    """
    fill = ""
    if fraction is not None:
        f = min(max(float(fraction), 0.0), 1.0)
        colour = "#dc2626" if f < 0.34 else "#f59e0b" if f < 0.67 else "#16a34a"
        fill = f'<rect x="0" y="0" width="{_n(f * width)}" height="{height}" fill="{colour}"/>'
    return Markup(
        f'<svg xmlns="{SVG_NS}" class="ag-meter" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" aria-hidden="true">{fill}'
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" class="frame"/></svg>'
    )


def _finite(v: float | None) -> float | None:
    if v is None:
        return None
    x = float(v)
    return x if math.isfinite(x) else None


def sparkline_svg(
    values: Sequence[float | None],
    *,
    years: Sequence[int] | None = None,
    lo: float = 0.0,
    hi: float = 100.0,
    width: int = 96,
    height: int = 22,
    title: tuple[str, str] | None = None,
) -> Markup:
    """A sparkline of a series (one point per value, e.g. a score per year) on a fixed scale.

    ``values`` are drawn from left to right on the scale ``lo``–``hi`` (values
    outside are clamped, so sparklines of different counties compare); each value
    is a dot joined by a line, the last dot stands out, and a missing value
    (``None``, NaN) leaves a gap. Only numbers go into the markup: the title,
    for assistive technology, is ``title`` (escaped) and the values, with
    ``years`` (integers) when given.

    Examples
    --------
    >>> svg = sparkline_svg([40.0, 55.5, 70.0], years=[2023, 2024, 2025])
    >>> svg.count("<circle"), "2025 70.0" in svg
    (3, True)
    """
    title = title or zh_en("score by year")
    pad = 3.0
    vals = [_finite(v) for v in values]
    n = len(vals)
    span = (hi - lo) or 1.0
    step = (width - 2 * pad) / (n - 1) if n > 1 else 0.0

    def xy(i: int, v: float) -> tuple[str, str]:
        x = pad + i * step if n > 1 else width / 2
        f = min(max((v - lo) / span, 0.0), 1.0)
        return _n(x), _n(pad + (1 - f) * (height - 2 * pad))

    runs: list[list[str]] = []
    dots = []
    last = max((i for i, v in enumerate(vals) if v is not None), default=None)
    for i, v in enumerate(vals):
        if v is None:
            runs.append([])
            continue
        x, y = xy(i, v)
        if not runs:
            runs.append([])
        runs[-1].append(f"{x},{y}")
        cls = "dot last" if i == last else "dot"
        r = "2.4" if i == last else "1.6"
        dots.append(f'<circle cx="{x}" cy="{y}" r="{r}" class="{cls}"/>')
    lines = "".join(
        f'<polyline points="{" ".join(run)}" class="line"/>' for run in runs if len(run) > 1
    )
    labels = [str(int(y)) for y in years] if years is not None else []
    parts = [
        ((labels[i] + " ") if i < len(labels) else "") + ("—" if v is None else f"{v:.1f}")
        for i, v in enumerate(vals)
    ]
    label = Markup("{}: {}").format(_in_use(*title), ", ".join(parts) or "—")
    top_y = _n(pad)
    return Markup(
        '<svg xmlns="{ns}" class="ag-spark" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{label}"><title>{label}</title>'
        '<line x1="0" y1="{ty}" x2="{w}" y2="{ty}" class="top"/>'
        '<line x1="0" y1="{by}" x2="{w}" y2="{by}" class="base"/>'
        "{lines}{dots}</svg>"
    ).format(
        ns=SVG_NS,
        w=width,
        h=height,
        label=label,
        ty=top_y,
        by=_n(height - pad),
        lines=Markup(lines),
        dots=Markup("".join(dots)),
    )


def _is_colour(text: str) -> bool:
    return (
        len(text) in (4, 7)
        and text.startswith("#")
        and all(c in "0123456789abcdefABCDEF" for c in text[1:])
    )


class Series(NamedTuple):
    """One series of a stacked chart: its name in both languages, colour and values."""

    zh: str
    en: str
    color: str
    values: Sequence[float]


def nice_ticks(top: float, n: int = 4) -> list[float]:
    """Round tick values from 0 to at least ``top`` (about ``n`` steps).

    Examples
    --------
    >>> nice_ticks(480)
    [0.0, 200.0, 400.0, 600.0]
    >>> nice_ticks(0)
    [0.0, 1.0]
    """
    if top <= 0 or not math.isfinite(top):
        return [0.0, 1.0]
    raw = top / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    k = math.ceil(top / step - 1e-9)
    return [float(round(i * step, 10)) for i in range(k + 1)]


def stacked_svg(
    categories: Sequence[tuple[str, str]],
    series: Sequence[Series],
    *,
    title: tuple[str, str] = ("", ""),
    line: float | None = None,
    line_label: tuple[str, str] | None = None,
    fmt: Callable[[float], str] = lambda x: f"{x:,.0f}",
    horizontal: bool = False,
    width: int = 640,
    height: int = 260,
    labels: bool = True,
) -> Markup:
    """Stacked bars, one per category, one segment per series, with a legend.

    Columns (``horizontal=False``) or horizontal bars; an optional reference
    ``line`` (e.g. the 500-trainee target) drawn across at its value; category
    labels are omitted when ``labels`` is false (many categories). Only numbers
    formatted here and escaped text go into the markup.

    Examples
    --------
    >>> a, b = Series("甲", "A", "#2563eb", [1, 2]), Series("乙", "B", "#dc2626", [3, 0])
    >>> svg = stacked_svg([("2023", "2023"), ("2024", "2024")], [a, b], line=3)
    >>> svg.count('class="seg"'), 'class="ref"' in svg
    (3, True)
    """
    line_label = line_label or zh_en("target")
    n = len(categories)
    totals = [sum(max(float(s.values[i]), 0.0) for s in series) for i in range(n)]
    ticks = nice_ticks(max([*totals, line or 0.0], default=0.0))
    top = ticks[-1]
    # keys side by side, as many per row as the longest name allows (≈ 6.2 px per Latin
    # letter, 11 px per Chinese character at 10.5 px)
    longest = max((max(6.2 * len(s.en), 11.0 * len(s.zh)) for s in series), default=0.0)
    key_w = longest + 22
    per_row = max(1, min(len(series), int((width - 8) // key_w)))
    legend_h = 14 * math.ceil(len(series) / per_row) + 4 if series else 0
    head = 22 if title[0] else 4
    parts: list[Markup] = []
    if horizontal:
        left, right, bottom = 170, 16, 24
        band = max(14, min(26, (height - head - legend_h - bottom) / max(n, 1)))
        height = int(head + legend_h + band * n + bottom)
        pw = width - left - right
        y0 = head + legend_h

        def scale(v: float) -> float:
            return v / top * pw if top else 0.0

        for t in ticks:
            x = left + scale(t)
            parts.append(
                Markup(
                    '<line x1="{x}" y1="{a}" x2="{x}" y2="{b}" class="grid"/>'
                    '<text x="{x}" y="{ty}" text-anchor="middle" class="tick">{t}</text>'
                ).format(
                    x=_n(x), a=_n(y0), b=_n(y0 + band * n), ty=_n(y0 + band * n + 14), t=fmt(t)
                )
            )
        for i, (zh, en) in enumerate(categories):
            y = y0 + i * band
            parts.append(
                Markup('<text x="{}" y="{}" text-anchor="end" class="label">{}</text>').format(
                    left - 6, _n(y + band * 0.68), _text(zh, en)
                )
            )
            acc = 0.0
            for s in series:
                v = max(float(s.values[i]), 0.0)
                if v > 0:
                    parts.append(_seg(left + scale(acc), y + 2, scale(v), band - 4, s, v, fmt))
                acc += v
    else:
        left, right, bottom = 56, 12, 56 if labels else 14
        ph = height - head - legend_h - bottom
        pw = width - left - right
        step = pw / max(n, 1)
        bw = max(step * 0.72, min(step, 1.0))
        y0 = head + legend_h

        def y_of(v: float) -> float:
            return y0 + ph - (v / top * ph if top else 0.0)

        for t in ticks:
            y = y_of(t)
            parts.append(
                Markup(
                    '<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" class="grid"/>'
                    '<text x="{tx}" y="{ty}" text-anchor="end" class="tick">{t}</text>'
                ).format(l=left, r=_n(left + pw), y=_n(y), tx=left - 4, ty=_n(y + 4), t=fmt(t))
            )
        for i, (zh, en) in enumerate(categories):
            x = left + i * step + (step - bw) / 2
            acc = 0.0
            for s in series:
                v = max(float(s.values[i]), 0.0)
                if v > 0:
                    parts.append(_seg(x, y_of(acc + v), bw, y_of(acc) - y_of(acc + v), s, v, fmt))
                acc += v
            if labels:
                cx, cy = x + bw / 2, y0 + ph + 10
                parts.append(
                    Markup(
                        '<text transform="translate({} {}) rotate(-40)" text-anchor="end" '
                        'class="label">{}</text>'
                    ).format(_n(cx + 3), _n(cy), _text(zh, en))
                )
        if line is not None:
            y = y_of(line)
            parts.append(
                Markup(
                    '<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" class="ref"/>'
                    '<text x="{tx}" y="{ty}" class="ref-label">{lab} {v}</text>'
                ).format(
                    l=left,
                    r=_n(left + pw),
                    y=_n(y),
                    tx=left + 4,
                    ty=_n(y - 3),
                    lab=_text(*line_label),
                    v=fmt(line),
                )
            )
    keys = []
    for i, s in enumerate(series):
        x, y = 4 + (i % per_row) * key_w, head + (i // per_row) * 14
        keys.append(
            Markup(
                '<rect x="{x}" y="{y}" width="9" height="9" fill="{c}"/>'
                '<text x="{tx}" y="{ty}" class="key">{name}</text>'
            ).format(
                x=_n(x), y=y, c=_colour(s.color), tx=_n(x + 12), ty=y + 8, name=_text(s.zh, s.en)
            )
        )
    return Markup(
        '<svg xmlns="{ns}" class="ag-chart ag-stacked" viewBox="0 0 {w} {h}" width="{w}" '
        'height="{h}" role="img" aria-label="{aria}"><title>{aria}</title>'
        '<text x="4" y="15" class="title">{title}</text>{keys}{parts}</svg>'
    ).format(
        ns=SVG_NS,
        w=width,
        h=height,
        aria=_in_use(*title),
        title=_text(*title) if title[0] else "",
        keys=Markup("").join(keys),
        parts=Markup("").join(parts),
    )


def _seg(
    x: float, y: float, w: float, h: float, s: Series, v: float, fmt: Callable[[float], str]
) -> Markup:
    return Markup(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" class="seg">'
        "<title>{}: {}</title></rect>"
    ).format(
        _n(x),
        _n(y),
        _n(max(w, 0.0)),
        _n(max(h, 0.0)),
        _colour(s.color),
        _in_use(s.zh, s.en),
        fmt(v),
    )


def _colour(text: str) -> str:
    return text if _is_colour(text) else "#2563eb"
