"""Charts as SVG strings, pure Python, each with a text alternative.

Bars and lines carry their values as text and lines carry distinct marker shapes
and dash patterns, so colour is never the only signal.
"""

from __future__ import annotations

from dataclasses import dataclass

from widgets.markup import escape, in_sentence, number_text, table

# Distinct in hue; each 3:1 or more on white and on the dark themes' chart background
# (#212121), and each series also gets its own marker and dash.
SERIES_COLOURS = ["#2f6db5", "#c0571b", "#2e8b57", "#9b59b6", "#7f6a00", "#d81b60"]
MARKERS = ["circle", "square", "triangle", "diamond", "circle", "square"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"]
# A bar's label longer than this is cut in the picture (the sentence and table keep it
# whole): at 12 px in DejaVu Sans, 40 characters of a name take about 250 of the bar
# chart's 320 units, and 320 in capitals.
BAR_LABEL_CHARACTERS = 40
# A character of the charts' 12 px text at its widest (DejaVu Sans: a digit or "$" is
# 7.6 px; at 7 px, "$515.00 USD" began 2 px left of the picture).
LABEL_CHAR_PX = 8


@dataclass(frozen=True)
class Chart:
    """An SVG picture plus the same numbers as a sentence and a table."""

    svg: str
    summary: str
    table_html: str
    # Shown above the picture as text, which wraps: drawn in it, a long title was cut at
    # its right edge ("Readiness score by area (answered ques").
    title: str = ""

    def to_html(self) -> str:
        # Hidden from screen readers, which hear it as the picture's name.
        title = (f'<p class="ck-chart-title" aria-hidden="true">{escape(self.title)}</p>'
                 if self.title else "")
        return (
            f'<figure class="ck-chart">{title}{self.svg}'
            f'<figcaption>{escape(self.summary)}</figcaption>'
            f'<details><summary>Chart as a table</summary>'
            f"{self.table_html}</details></figure>"
        )


def bar_chart(items: list[tuple[str, float]], *, title: str, value_label: str,
                maximum: float | None = None, format_value=number_text) -> Chart:
    """Horizontal bars, one per (label, value): each label above its bar, the value written
    at the bar's end. Narrow, so that its text stays readable as it shrinks to a phone's
    width (labels beside 600-unit-wide bars came out 5 px high there)."""
    width, bar_height, row_height, first_row = 320, 16, 40, 4
    height = first_row + len(items) * row_height
    top = max([abs(v) for _, v in items] + [maximum or 0, 1e-9])
    texts = [format_value(value) for _, value in items]
    # The longest bar leaves room for the longest value after it.
    plot_width = width - 10 - LABEL_CHAR_PX * max([len(text) for text in texts] + [0])
    rows = []
    for index, ((label, value), text) in enumerate(zip(items, texts, strict=True)):
        y = first_row + index * row_height
        bar = max(0.0, plot_width * abs(value) / top)
        rows.append(
            f'<text x="0" y="{y + 12}" class="ck-svg-label">{escape(_cut(label))}</text>'
            f'<rect x="0" y="{y + 17}" width="{bar:.1f}" height="{bar_height}" '
            f'fill="{SERIES_COLOURS[0]}"><title>{escape(label)}: {escape(text)}</title></rect>'
            f'<text x="{bar + 6:.1f}" y="{y + 29}" class="ck-svg-value">{escape(text)}</text>'
        )
    svg = (
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg">'
        f'<title>{escape(title)}</title>{"".join(rows)}</svg>'
    )
    summary = f"{title}: " + "; ".join(f"{label} {format_value(v)}" for label, v in items) + "."
    return Chart(svg, summary, table(["Item", value_label],
                                     [[label, format_value(v)] for label, v in items],
                                     caption=title), title)


def _cut(label: str) -> str:
    """A label short enough for the picture, keeping a short ending after a colon whole
    ("A long scenario name…: income"), as it tells bars of one name apart."""
    if len(label) <= BAR_LABEL_CHARACTERS:
        return label
    name, colon, end = label.rpartition(": ")
    if colon and len(end) < BAR_LABEL_CHARACTERS // 2:
        return name[:BAR_LABEL_CHARACTERS - len(end) - 3].rstrip() + "…: " + end
    return label[:BAR_LABEL_CHARACTERS - 1] + "…"


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return (f'<polygon points="{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} '
                f'{x + 5:.1f},{y + 4:.1f}" fill="{colour}"/>')
    if shape == "diamond":
        return (f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} '
                f'{x - 5:.1f},{y:.1f}" fill="{colour}"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart(series: dict[str, list[tuple[float, float]]], *, title: str, x_label: str,
               y_label: str, format_value=number_text, x_point=None) -> Chart:
    """Lines of (x, y) points, each with its own colour, marker and dash, named in a key
    under the plot with the value it ends at. Narrow, so that its text stays readable as
    it shrinks to a phone's width (640 units wide, with the names at the lines' ends, it
    came out 5 px high there).

    ``x_point`` says an x in words for the text alternative ("5 months from now"); without
    it the sentence says "at month 5"."""
    width, plot_bottom, right, top_pad, key_row = 360, 250, 14, 30, 20
    points = [p for values in series.values() for p in values] or [(0, 0)]
    x_max = max(max(x for x, _ in points), 1e-9)
    y_max = max(max(y for _, y in points), 1e-9)
    # Room for the longest axis figure ("$615.00 USD" lost its "$6" at 70), and 6 px to
    # the axis.
    left = max(70, 6 + LABEL_CHAR_PX * max(len(format_value(y_max)), len(format_value(0))))
    key_top = plot_bottom + 44
    height = key_top + key_row * len(series)

    def sx(x):
        return left + (width - left - right) * x / x_max

    def sy(y):
        return plot_bottom - (plot_bottom - top_pad) * y / y_max

    parts = [
        f'<line x1="{left}" y1="{plot_bottom}" x2="{width - right}" y2="{plot_bottom}" '
        'class="ck-svg-axis"/>',
        f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{plot_bottom}" class="ck-svg-axis"/>',
        f'<text x="{(left + width - right) / 2}" y="{plot_bottom + 32}" text-anchor="middle" '
        f'class="ck-svg-label">{escape(x_label)}</text>',
        f'<text x="4" y="{top_pad - 10}" class="ck-svg-label">{escape(y_label)}</text>',
        f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end" class="ck-svg-value">'
        f"{escape(format_value(y_max))}</text>",
        f'<text x="{left - 6}" y="{plot_bottom + 4}" text-anchor="end" class="ck-svg-value">'
        f"{escape(format_value(0))}</text>",
        f'<text x="{width - right}" y="{plot_bottom + 16}" text-anchor="end" '
        f'class="ck-svg-value">{escape(number_text(x_max))}</text>',
    ]
    for index, (name, values) in enumerate(series.items()):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in values)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                     f'stroke-width="2.5"{dash_attr}/>')
        parts.extend(_marker(MARKERS[index % len(MARKERS)], sx(x), sy(y), colour) for x, y in values)
        # The key: the line's own dash and marker, its name and where it ends.
        y = key_top + index * key_row
        parts.append(f'<line x1="0" y1="{y - 4}" x2="28" y2="{y - 4}" stroke="{colour}" '
                     f'stroke-width="2.5"{dash_attr}/>')
        parts.append(_marker(MARKERS[index % len(MARKERS)], 14, y - 4, colour))
        key = f"{name}: {format_value(values[-1][1])}" if values else name
        parts.append(f'<text x="36" y="{y}" class="ck-svg-label">{escape(_cut(key))}</text>')
    svg = (
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="100%" '
        f'style="max-width:{width}px" xmlns="http://www.w3.org/2000/svg">'
        f'<title>{escape(title)}</title>{"".join(parts)}</svg>'
    )
    summary = f"{title}: " + "; ".join(
        _line_end(name, values, in_sentence(x_label), format_value, x_point)
        for name, values in series.items() if values
    ) + "."
    xs = sorted({x for values in series.values() for x, _ in values})
    rows = []
    for x in xs:
        row = [number_text(x)]
        for values in series.values():
            match = [y for vx, y in values if vx == x]
            row.append(format_value(match[0]) if match else "")
        rows.append(row)
    return Chart(svg, summary, table([x_label, *series.keys()], rows, caption=title))


def _line_end(name: str, values: list[tuple[float, float]], x_label: str, format_value,
              x_point=None) -> str:
    """'A reaches $120.00 at month 1 and stays there to month 41': where the line first
    gets to its last value, not only where the chart stops."""
    last_x, last_y = values[-1]
    last_change = max((x for x, y in values if y != last_y), default=None)
    first_x = min(x for x, y in values if y == last_y and (last_change is None or x > last_change))
    if x_point is None:
        reached, until = (f"at {x_label} {number_text(first_x)}", f"to {x_label} {number_text(last_x)}")
    else:
        reached, until = x_point(first_x), f"until {x_point(last_x)}"
    text = f"{name} reaches {format_value(last_y)} {reached}"
    return text if first_x == last_x else f"{text} and stays there {until}"
