"""Charts as inline SVG built on the server: nothing is fetched by the browser."""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

INK, GRID, BAR, LINE = "#1f2937", "#d1d5db", "#2563eb", "#dc2626"


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'class="polling-chart" aria-label="{}"><title>{}</title>',
        width,
        height,
        title,
        title,
    )
    return mark_safe(head + "".join(body) + "</svg>")


def _grid(left: int, top: int, width: int, height: int) -> list[str]:
    lines = []
    for tick in range(0, 101, 25):
        y = top + height - height * tick / 100
        lines.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" '
            f'stroke="{GRID}"/><text x="{left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end" font-size="11" fill="{INK}">{tick}%</text>'
        )
    return lines


def line_chart(slots: list[str], values: list[float | None], title: str) -> SafeString:
    """Turnout (%) by slot; a slot without reports is left out of the line."""
    width, height, left, top, plot_w, plot_h = 520, 240, 44, 16, 456, 180
    body = _grid(left, top, plot_w, plot_h)
    step = plot_w / max(1, len(slots) - 1)
    points = []
    for i, (slot, value) in enumerate(zip(slots, values, strict=True)):
        x = left + step * i if len(slots) > 1 else left + plot_w / 2
        body.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle" '
            f'font-size="11" fill="{INK}">{escape(slot)}</text>'
        )
        if value is not None:
            y = top + plot_h - plot_h * min(value, 100) / 100
            points.append((x, y, value))
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{LINE}" '
            'stroke-width="2.5"/>'
        )
    for x, y, value in points:
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINE}"/>'
            f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="11" '
            f'fill="{INK}">{value:.2f}%</text>'
        )
    return _svg(width, height, title, body)


def bar_chart(labels: list[str], values: list[float], title: str) -> SafeString:
    """One horizontal bar per unit, turnout (%) at one slot."""
    row_h, left, plot_w = 18, 170, 300
    height = 24 + row_h * max(1, len(labels))
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 12 + row_h * i
        bar = plot_w * min(value, 100) / 100
        body.append(
            f'<text x="{left - 6}" y="{y + 12}" text-anchor="end" font-size="11" '
            f'fill="{INK}">{escape(label[:28])}</text>'
            f'<rect x="{left}" y="{y + 2}" width="{bar:.1f}" height="{row_h - 5}" '
            f'fill="{BAR}"/><text x="{left + bar + 4:.1f}" y="{y + 12}" '
            f'font-size="11" fill="{INK}">{value:.2f}%</text>'
        )
    return _svg(left + plot_w + 60, height, title, body)
