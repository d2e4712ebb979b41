"""Small inline SVG charts for the report: a Lorenz curve, bars, meters, sparklines.

Every chart is returned as ``markupsafe.Markup`` built from numbers this module
formats itself and text passed through ``markupsafe.escape``, so labels from
the data are text, never markup. Text that comes in both languages is written
as two ``<tspan>``\\ s (classes ``zh`` and ``en``); the page's language switch
shows one of them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from markupsafe import Markup, escape

__all__ = ["Bar", "bars_svg", "lorenz_points", "lorenz_svg", "meter_svg", "sparkline_svg"]

SVG_NS = "http://www.w3.org/2000/svg"


def _n(x: float) -> str:
    """A coordinate: at most 2 decimals, no trailing zeros."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


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
    title: tuple[str, str] = ("洛伦兹曲线", "Lorenz curve"),
    x_label: tuple[str, str] = ("县（按资金由少到多）", "counties (least funded first)"),
    y_label: tuple[str, str] = ("资金累计占比", "cumulative share of funding"),
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
            _n(left + 8), _n(top + 14), _text("基尼系数", "Gini"), f"{gini:.2f}"
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
        aria=f"{title[1]}: {len(values)} units"
        + (f", Gini {gini:.2f}" if gini is not None else ""),
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
    title: tuple[str, str] = ("逐年得分", "score by year"),
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
    label = Markup("{}: {}").format(" ".join(dict.fromkeys(title)), ", ".join(parts) or "—")
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
