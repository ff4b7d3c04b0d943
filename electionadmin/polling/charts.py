"""Charts as inline SVG built on the server: nothing is fetched by the browser.

Figures are written as Vietnamese write them (`45,23 %`, `12.345`); labels are
never cut without the whole name in a tooltip.
"""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

INK, GRID, BAR = "#1f2937", "#d1d5db", "#2563eb"
LINES = ("#dc2626", "#2563eb")  # one colour per series
DASHES = ("", ' stroke-dasharray="6 4"')
FONT = 13
LABEL_CHARS = 34


def pct_label(value: float) -> str:
    """45.2 -> "45,20 %"."""
    return f"{value:.2f}".replace(".", ",") + " %"


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


def _text(x: float, y: float, text: str, anchor="middle", extra="") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{FONT}" '
        f'fill="{INK}"{extra}>{escape(text)}</text>'
    )


def _grid(left: int, top: int, width: int, height: int) -> list[str]:
    lines = []
    for tick in range(0, 101, 25):
        y = top + height - height * tick / 100
        lines.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" '
            f'stroke="{GRID}"/>' + _text(left - 6, y + 4, f"{tick} %", "end")
        )
    return lines


def _legend(series: list[tuple[str, list]], left: int, top: int) -> list[str]:
    body = []
    for i, (label, _) in enumerate(series):
        y = top + 18 * i
        body.append(
            f'<line x1="{left}" y1="{y - 4}" x2="{left + 24}" y2="{y - 4}" '
            f'stroke="{LINES[i]}" stroke-width="3"{DASHES[i]}/>'
            + _text(left + 30, y, label, "start")
        )
    return body


def line_chart(
    slots: list[str], series: list[tuple[str, list[float | None]]], title: str
) -> SafeString:
    """Turnout (%) by slot, one line per series (at most two); a slot without
    reports is left out of the line. The first series' values are written."""
    width, left, top, plot_w, plot_h = 560, 52, 24, 480, 180
    height = top + plot_h + 30 + 18 * len(series)
    body = _grid(left, top, plot_w, plot_h)
    step = plot_w / max(1, len(slots) - 1)
    xs = [
        left + step * i if len(slots) > 1 else left + plot_w / 2
        for i in range(len(slots))
    ]
    body += [_text(x, top + plot_h + 18, s) for x, s in zip(xs, slots, strict=True)]
    for n, (_, values) in enumerate(series):
        points = [
            (x, top + plot_h - plot_h * min(v, 100) / 100, v)
            for x, v in zip(xs, values, strict=True)
            if v is not None
        ]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{LINES[n]}" '
            f'stroke-width="2.5"{DASHES[n]}/>'
        )
        for x, y, value in points:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{LINES[n]}"/>')
            if n == 0:  # the first point's label clear of the axis' ticks
                first = x == xs[0] and len(xs) > 1
                at, anchor = (x + 7, "start") if first else (x, "middle")
                body.append(_text(at, y - 9, pct_label(value), anchor))
    body += _legend(series, left, top + plot_h + 44)
    return _svg(width, height, title, body)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(labels: list[str], values: list[float], title: str) -> SafeString:
    """One horizontal bar per unit, turnout (%) at one slot; a cut name keeps the
    whole name as its tooltip."""
    row_h, left, plot_w = 24, 250, 300
    height = 12 + row_h * max(1, len(labels))
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 6 + row_h * i
        bar = plot_w * min(value, 100) / 100
        name = _text(left - 8, y + 16, _short(label), "end")
        if _short(label) != label:
            name = f"<g><title>{escape(label)}</title>{name}</g>"
        body.append(
            name
            + f'<rect x="{left}" y="{y + 3}" width="{bar:.1f}" height="{row_h - 7}" '
            f'fill="{BAR}"/>' + _text(left + bar + 5, y + 16, pct_label(value), "start")
        )
    return _svg(left + plot_w + 80, height, title, body)
