"""Server-side SVG bar charts: no script, no inline style (presentation attributes only, so
the app's Content-Security-Policy holds), a text alternative for screen readers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 560
BAR = 22
GAP = 8
LABEL = 170


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    note: str = ""


def bars(title: str, items: Sequence[Bar], *, unit: str = "") -> str:
    """A horizontal bar chart as an ``<svg>`` element (role img, titled)."""
    height = max(len(items), 1) * (BAR + GAP) + GAP
    top = max((b.value for b in items), default=0) or 1
    span = WIDTH - LABEL - 90
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} '
        f'{height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for index, item in enumerate(items):
        y = GAP + index * (BAR + GAP)
        length = max(item.value / top * span, 1 if item.value else 0)
        shown = f"{item.value:g}{unit}" + (f" {item.note}" if item.note else "")
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + BAR * 0.7:.1f}" text-anchor="end" font-size="13" '
            f'fill="#1f2933">{escape(item.label)}</text>'
            f'<rect x="{LABEL}" y="{y}" width="{length:.1f}" height="{BAR}" rx="3" '
            f'fill="#1d5fa8"></rect>'
            f'<text x="{LABEL + length + 6:.1f}" y="{y + BAR * 0.7:.1f}" font-size="13" '
            f'fill="#1f2933">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def histogram(title: str, buckets: Sequence[int]) -> str:
    """Ten buckets of ten points (0–9 … 90–100) as bars."""
    labels = [f"{i * 10}–{i * 10 + 9 if i < 9 else 100}" for i in range(len(buckets))]
    return bars(title, [Bar(label, count) for label, count in zip(labels, buckets, strict=True)])
