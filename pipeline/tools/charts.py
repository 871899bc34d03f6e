"""The report's two charts as inline SVG, with axes: a histogram of the
quality scores and horizontal bars of hits per stage.  One bar per
document (what the report drew before) turns into a solid block at a
thousand documents; a histogram reads the same at any size."""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape

LEFT, RIGHT, TOP, BOTTOM = 44, 12, 10, 38


def nice_ticks(top: float, most: int = 5) -> list[int]:
    """Round tick values for counts, from 0 to at least ``top``, in at most
    ``most`` whole steps.

    >>> nice_ticks(37)
    [0, 10, 20, 30, 40]
    >>> nice_ticks(0), nice_ticks(2)
    ([0, 1], [0, 1, 2])
    """
    if top <= 0:
        return [0, 1]
    raw = top / most
    power = 10 ** math.floor(math.log10(raw))
    step = max(1, round(next(m * power for m in (1, 2, 5, 10) if m * power >= raw)))
    return [step * i for i in range(math.ceil(top / step) + 1)]


def _num(v: float) -> str:
    return f"{v:g}"


def histogram(values: list[float], bins: int = 10, width: int = 480, height: int = 200) -> str:
    """Documents per quality band, 0 to 1 in ``bins`` bands; a bar carries
    its band (``data-lo``/``data-hi``) so that a click can filter by it."""
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int(v * bins)))] += 1
    ticks = nice_ticks(max(counts))
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM

    def y(n: float) -> float:
        return TOP + plot_h - plot_h * n / ticks[-1]

    parts = [_y_axis(ticks, y, width)]
    bar = plot_w / bins
    for i, n in enumerate(counts):
        lo, hi = i / bins, (i + 1) / bins
        parts.append(f'<rect class="bar" data-lo="{_num(lo)}" data-hi="{_num(hi)}" '
                     f'x="{LEFT + i * bar + 1:.1f}" y="{y(n):.1f}" width="{bar - 2:.1f}" '
                     f'height="{TOP + plot_h - y(n):.1f}" fill="hsl({round(120 * (lo + hi) / 2)},55%,45%)">'
                     f"<title>quality {lo:.1f}–{hi:.1f}: {n} document(s)</title></rect>")
    for i in range(0, bins + 1, 2):
        x = LEFT + i * bar
        parts.append(f'<line class="tick" x1="{x:.1f}" x2="{x:.1f}" y1="{TOP + plot_h}" '
                     f'y2="{TOP + plot_h + 4}"/><text class="xl" x="{x:.1f}" y="{TOP + plot_h + 16}" '
                     f'text-anchor="middle">{i / bins:.1f}</text>')
    parts.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" '
                 f'y2="{TOP + plot_h}"/><text class="title" x="{LEFT + plot_w / 2:.1f}" '
                 f'y="{height - 4}" text-anchor="middle">quality (1 = reads as native German)</text>'
                 f'<text class="title" transform="translate(11 {TOP + plot_h / 2:.1f}) rotate(-90)" '
                 'text-anchor="middle">documents</text>')
    return _svg("quality per document", width, height, parts)


def hbars(rows: list[tuple[str, int]], label_width: int = 96, width: int = 480) -> str:
    """One horizontal bar per ``(stage, n)``, with an axis of counts."""
    line = 22
    height = TOP + line * max(1, len(rows)) + BOTTOM
    ticks = nice_ticks(max((n for _, n in rows), default=0))
    plot_w = width - label_width - RIGHT - 40

    def x(n: float) -> float:
        return label_width + plot_w * n / ticks[-1]

    bottom = TOP + line * max(1, len(rows))
    parts = []
    for t in ticks:
        parts.append(f'<line class="grid" x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{TOP}" y2="{bottom}"/>'
                     f'<text class="xl" x="{x(t):.1f}" y="{bottom + 16}" text-anchor="middle">'
                     f"{_num(t)}</text>")
    for i, (name, n) in enumerate(rows):
        top = TOP + i * line
        parts.append(f'<g class="st-{escape(name)}"><text x="{label_width - 6}" y="{top + 15}" '
                     f'text-anchor="end">{escape(name)}</text><rect x="{label_width}" y="{top + 3}" '
                     f'width="{max(1.0, x(n) - label_width):.1f}" height="16"><title>{escape(name)}: '
                     f'{n}</title></rect><text class="value" x="{x(n) + 4:.1f}" y="{top + 15}">'
                     f"{n}</text></g>")
    parts.append(f'<line class="axis" x1="{label_width}" x2="{label_width + plot_w}" y1="{bottom}" '
                 f'y2="{bottom}"/><text class="title" x="{label_width + plot_w / 2:.1f}" '
                 f'y="{height - 4}" text-anchor="middle">changes and flags</text>')
    return _svg("changes per stage", width, height, parts)


def _y_axis(ticks: list[int], y: Callable[[float], float], width: int) -> str:
    out = []
    for t in ticks:
        out.append(f'<line class="grid" x1="{LEFT}" x2="{width - RIGHT}" y1="{y(t):.1f}" '
                   f'y2="{y(t):.1f}"/><text class="yl" x="{LEFT - 6}" y="{y(t) + 4:.1f}" '
                   f'text-anchor="end">{_num(t)}</text>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{y(0):.1f}"/>')
    return "".join(out)


def _svg(label: str, width: int, height: int, parts: list[str]) -> str:
    return (f'<svg class="chart" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} '
            f'{height}" width="{width}" height="{height}">{"".join(parts)}</svg>')
