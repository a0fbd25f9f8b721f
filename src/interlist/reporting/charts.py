"""Charts drawn on the server as SVG (no script, no font from the internet): a bar
chart of labelled values. The dashboard and the annual report embed the same SVG,
each beside a table of its numbers."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

BAR = 22
GAP = 8
LABEL = 240
WIDTH = 640


def _plain(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def bars(items: list[tuple[str, float]], unit: str = "", title: str = "",
         shown: Callable[[float], str] = _plain) -> str:  # fmt: skip
    """A horizontal bar chart: one bar per (label, value), scaled to the largest; each
    value written by `shown` (the language's number format)."""
    height = max(1, len(items)) * (BAR + GAP) + GAP
    top = max((v for _, v in items), default=0) or 1
    room = WIDTH - LABEL - 80
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for row, (label, value) in enumerate(items):
        y = GAP + row * (BAR + GAP)
        length = max(1.0, room * value / top) if value else 0
        text = shown(value)
        parts += [
            f'<text x="{LABEL - 8}" y="{y + BAR * 0.7}" text-anchor="end" font-size="13" '
            f'fill="#1d2430">{escape(label)}</text>',
            f'<rect x="{LABEL}" y="{y}" width="{length:.1f}" height="{BAR}" fill="#1f5fbf"/>',
            f'<text x="{LABEL + length + 6:.1f}" y="{y + BAR * 0.7}" font-size="13" '
            f'fill="#1d2430">{escape(text)}{" " + escape(unit) if unit else ""}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)
