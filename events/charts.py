"""Charts of the statistics pages as SVG drawn on the server.

No script and no request to another site; colours and fonts come from the admin's stylesheet
(static/css/admin-statistics.css) through classes, never through style attributes, which the
Content-Security-Policy forbids. Each chart is named by its figure's caption
(`aria-labelledby`); the table after it holds the same figures for screen readers and copying.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from events.statistics import LINE, Table

WIDTH = 640
LABEL_WIDTH = 220
BAR_HEIGHT = 18
ROW_HEIGHT = 26
LABEL_CHARS = 32
LINE_HEIGHT = 220
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 52, 16, 14, 30


def _number(value: float) -> str:
    return number_format(value, 0 if float(value).is_integer() else 1, force_grouping=True)


def _svg(width: int, height: int, labelledby: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - every text inside was escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stats-chart" role="img" '
        f'aria-labelledby="{escape(labelledby)}" focusable="false" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        + "".join(body)
        + "</svg>"
    )


def bar_chart(points: list[tuple[str, float]], *, labelledby: str) -> SafeString:
    """Horizontal bars, one per point, longest for the largest value, with its figure."""
    height = max(len(points), 1) * ROW_HEIGHT + 4
    largest = max((value for _label, value in points), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 70
    body = []
    for index, (label, value) in enumerate(points):
        y = index * ROW_HEIGHT + 4
        length = round(room * value / largest, 1)
        short = Truncator(label).chars(LABEL_CHARS)
        body.append(
            f'<g class="stats-chart__row"><title>{escape(label)}: {_number(value)}</title>'
            f'<text class="stats-chart__label" x="{LABEL_WIDTH - 8}" y="{y + 13}" '
            f'text-anchor="end">{escape(short)}</text>'
            f'<rect class="stats-chart__bar" x="{LABEL_WIDTH}" y="{y}" width="{length}" '
            f'height="{BAR_HEIGHT}"></rect>'
            f'<text class="stats-chart__value" x="{LABEL_WIDTH + length + 6}" y="{y + 13}">'
            f"{_number(value)}</text></g>"
        )
    return _svg(WIDTH, height, labelledby, body)


def line_chart(table: Table, *, labelledby: str) -> SafeString:
    """Days from left to right: a column per day (first column of the table) and the line of
    the running total (last column), on one scale that starts at zero."""
    days = [(row.label, row.values[0], row.values[-1]) for row in table.rows]
    plot_width = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = LINE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    largest = max((total for _label, _n, total in days), default=0) or 1
    step = plot_width / max(len(days), 1)
    bottom = MARGIN_TOP + plot_height

    def y(value: float) -> float:
        return round(bottom - plot_height * value / largest, 1)

    body = [
        f'<line class="stats-chart__axis" x1="{MARGIN_LEFT}" y1="{bottom}" '
        f'x2="{WIDTH - MARGIN_RIGHT}" y2="{bottom}"></line>',
        f'<line class="stats-chart__grid" x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" '
        f'x2="{WIDTH - MARGIN_RIGHT}" y2="{MARGIN_TOP}"></line>',
        f'<text class="stats-chart__value" x="{MARGIN_LEFT - 6}" y="{MARGIN_TOP + 4}" '
        f'text-anchor="end">{_number(largest)}</text>',
        f'<text class="stats-chart__value" x="{MARGIN_LEFT - 6}" y="{bottom + 4}" '
        f'text-anchor="end">0</text>',
    ]
    points = []
    for index, (label, n, total) in enumerate(days):
        x = MARGIN_LEFT + index * step
        width = max(round(step * 0.7, 1), 1)
        body.append(
            f'<rect class="stats-chart__bar stats-chart__bar--day" x="{round(x, 1)}" '
            f'y="{y(n)}" width="{width}" height="{round(bottom - y(n), 1)}">'
            f"<title>{escape(label)}: {_number(n)}</title></rect>"
        )
        points.append(f"{round(x + width / 2, 1)},{y(total)}")
    if points:
        body.append(f'<polyline class="stats-chart__line" points="{" ".join(points)}"></polyline>')
        first, last = days[0][0], days[-1][0]
        body.append(
            f'<text class="stats-chart__label" x="{MARGIN_LEFT}" y="{LINE_HEIGHT - 8}">'
            f"{escape(first)}</text>"
        )
        if len(days) > 1:
            body.append(
                f'<text class="stats-chart__label" x="{WIDTH - MARGIN_RIGHT}" '
                f'y="{LINE_HEIGHT - 8}" text-anchor="end">{escape(last)}</text>'
            )
    return _svg(WIDTH, LINE_HEIGHT, labelledby, body)


def chart_for(table: Table, *, labelledby: str) -> SafeString:
    if table.chart == LINE:
        return line_chart(table, labelledby=labelledby)
    return bar_chart(table.chart_points, labelledby=labelledby)
