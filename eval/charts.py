"""Inline SVG charts for the HTML report: grouped horizontal bars and a histogram.

Plain SVG strings with no scripts or external assets, so the report opens offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from eval.metrics import percentile

PALETTE = ("#2f6db5", "#e08a1e", "#3a9a5b", "#b8433f", "#7a5aa6")


def bar_chart(
    groups: dict[str, dict[str, float | int | None]],
    *,
    series: Sequence[str],
    title: str,
    max_value: float = 1.0,
) -> str:
    """Horizontal grouped bars: one row per group, one bar per series (values 0..max_value)."""
    if not groups:
        return f'<p class="empty">{escape(title)}: no data</p>'
    label_w, bar_w, bar_h, gap = 170, 360, 13, 10
    row_h = bar_h * len(series) + gap
    legend_h = 24
    height = legend_h + row_h * len(groups) + 10
    legend_w = label_w + sum(36 + 7 * len(name) for name in series)
    width = max(label_w + bar_w + 70, legend_w + 10)
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    x = label_w
    for i, name in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{color}"/>')
        parts.append(f'<text x="{x + 16}" y="16" class="legend">{escape(name)}</text>')
        x += 36 + 7 * len(name)
    for row, (group, values) in enumerate(groups.items()):
        top = legend_h + row * row_h
        count = values.get("questions")
        label = f"{group} (n={count})" if count is not None else group
        parts.append(
            f'<text x="{label_w - 8}" y="{top + row_h / 2}" text-anchor="end" '
            f'class="label">{escape(_clip(label, 26))}</text>'
        )
        for i, name in enumerate(series):
            value = values.get(name)
            y = top + i * bar_h
            color = PALETTE[i % len(PALETTE)]
            if value is None:
                parts.append(
                    f'<text x="{label_w + 4}" y="{y + bar_h - 3}" class="value na">'
                    f"{escape(name)}: n/a</text>"
                )
                continue
            length = max(0.0, min(float(value) / max_value, 1.0)) * bar_w
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{length:.1f}" height="{bar_h - 2}" '
                f'fill="{color}"><title>{escape(group)} {escape(name)}: {value}</title></rect>'
            )
            parts.append(
                f'<text x="{label_w + length + 4:.1f}" y="{y + bar_h - 3}" class="value">'
                f"{_fmt(value)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def histogram(values: Sequence[float], *, title: str, unit: str = "ms", bins: int = 20) -> str:
    """A histogram of `values` (e.g. total latency per question) with p50/p95 marks."""
    if not values:
        return f'<p class="empty">{escape(title)}: no data</p>'
    ordered = sorted(values)
    low, high = ordered[0], ordered[-1]
    span = (high - low) or 1.0
    step = span / bins
    counts = [0] * bins
    for value in ordered:
        counts[min(int((value - low) / step), bins - 1)] += 1
    width, height, left, bottom, top = 560, 220, 40, 36, 16
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = max(counts)
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'class="axis"/>',
    ]
    bar = plot_w / bins
    for i, count in enumerate(counts):
        h = plot_h * count / peak
        start = low + i * step
        parts.append(
            f'<rect x="{left + i * bar + 1:.1f}" y="{top + plot_h - h:.1f}" '
            f'width="{bar - 2:.1f}" height="{h:.1f}" fill="{PALETTE[0]}">'
            f"<title>{start:.0f}–{start + step:.0f} {unit}: {count}</title></rect>"
        )
    parts.append(
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" class="value">{peak}</text>'
    )
    for q, color in ((50, PALETTE[2]), (95, PALETTE[3])):
        value = percentile(ordered, q) or 0.0
        x = left + plot_w * (value - low) / span
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="{color}" '
            'stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{x + 3:.1f}" y="{top + 10}" class="value" fill="{color}">'
            f"p{q} {value:.0f} {unit}</text>"
        )
    for frac in (0.0, 0.5, 1.0):
        x = left + plot_w * frac
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" class="value">'
            f"{low + span * frac:.0f} {unit}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: float | int) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
