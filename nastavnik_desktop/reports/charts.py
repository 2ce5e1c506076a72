"""Charts of the monitoring report as vector drawings (reportlab.graphics), in the bundled fonts.

Three pictures the curator shows the school council: the KPI both ways against the 70 % line,
the participants of each form (mentors and mentees), and each parameter at entry and at exit.
Each is a `Drawing` — a flowable the document places like a paragraph — sized to the text
width it lands on. Bars carry their figures, so a black-and-white print still reads; labels
longer than the room beside the bars wrap onto several lines.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

from nastavnik_desktop.reports import fonts

DARK = colors.HexColor("#2f5597")
LIGHT = colors.HexColor("#9dc3e6")
TARGET = colors.HexColor("#c00000")
GRID = colors.HexColor("#bfbfbf")
FONT_SIZE = 9.0
TITLE_SIZE = 10.5
LINE_HEIGHT = FONT_SIZE * 1.2
INSIDE_FROM = 12.0
"""A KPI bar of at least this percent carries its figure inside."""

ChartFactory = Callable[[float], Drawing]
"""A chart drawn for the width of the text it lands on."""


@dataclass(frozen=True)
class BarSeries:
    """A series of bars with its name in the legend; None draws no bar (no data)."""

    name: str
    values: tuple[float | None, ...]


def number_text(value: float, decimals: int = 1) -> str:
    """«64,3» — the Russian decimal comma."""
    return f"{value:.{decimals}f}".replace(".", ",")


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose renderer starts in the bundled font: reportlab's graphics otherwise set
    Helvetica first (not embedded, no Cyrillic) even when every label names another font."""
    fonts.register_fonts()
    return Drawing(width, height, initialFontName=fonts.SERIF, initialFontSize=FONT_SIZE)


def _wrap(label: str, width_chars: int) -> str:
    return "\n".join(textwrap.wrap(label, width_chars, break_long_words=False)) or label


def _title(drawing: Drawing, text: str) -> None:
    drawing.add(String(drawing.width / 2, drawing.height - TITLE_SIZE, text,
                       fontName=fonts.SERIF_BOLD, fontSize=TITLE_SIZE, textAnchor="middle"))


def _legend(drawing: Drawing, series: Sequence[BarSeries], palette: Sequence[colors.Color],
            y: float) -> None:
    legend = Legend()
    legend.fontName, legend.fontSize = fonts.SERIF, FONT_SIZE
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.boxAnchor = "n"
    legend.x, legend.y = drawing.width / 2 - 60 * (len(series) - 1), y
    legend.dx = legend.dy = 8
    legend.deltax = 120
    legend.colorNamePairs = [(palette[i], s.name) for i, s in enumerate(series)]
    drawing.add(legend)


def _values(series: BarSeries) -> list[float]:
    return [0.0 if v is None else v for v in series.values]


def _bar_labels(chart: HorizontalBarChart | VerticalBarChart, series: Sequence[BarSeries],
                decimals: int, suffix: str) -> None:
    chart.barLabelFormat = "values"
    chart.barLabelArray = [[("" if v is None else number_text(v, decimals) + suffix)
                            for v in s.values] for s in series]
    chart.barLabels.fontName = fonts.SERIF
    chart.barLabels.fontSize = FONT_SIZE


def kpi_chart(width: float, bars: Sequence[tuple[str, float | None]], *,
              target: float, title: str, no_data: str) -> Drawing:
    """Vertical bars of the KPI (percent) with the target drawn across as a red dashed line;
    a bar without a figure says `no_data` where it would stand."""
    height = 190.0
    drawing = _drawing(width, height)
    _title(drawing, title)
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 38
    chart.width, chart.height = width - 60, height - 38 - 30
    labels = [label for label, _ in bars]
    values = [value for _, value in bars]
    chart.data = [[0.0 if v is None else v for v in values]]
    chart.bars[0].fillColor = DARK
    chart.bars[0].strokeColor = None
    chart.barWidth = 10
    chart.groupSpacing = 30
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labelTextFormat = "%d %%"
    chart.valueAxis.labels.fontName = fonts.SERIF
    chart.valueAxis.labels.fontSize = FONT_SIZE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.categoryAxis.categoryNames = [_wrap(label, 48) for label in labels]
    chart.categoryAxis.labels.fontName = fonts.SERIF
    chart.categoryAxis.labels.fontSize = FONT_SIZE
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -4
    _bar_labels(chart, [BarSeries("", tuple(values))], 1, " %")
    chart.barLabelArray = [[no_data if v is None else label
                            for v, label in zip(values, chart.barLabelArray[0], strict=True)]]
    for index, value in enumerate(values):
        # the figure inside the top of a tall bar (clear of the target's line), over a short one
        label = chart.barLabels[(0, index)]
        inside = value is not None and value >= INSIDE_FROM
        label.boxAnchor, label.dy = ("n", -3) if inside else ("s", 3)
        label.fillColor = colors.white if inside else colors.black
    drawing.add(chart)
    y = chart.y + chart.height * target / 100
    drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=TARGET, strokeWidth=1.2,
                     strokeDashArray=[4, 3]))
    drawing.add(String(chart.x + chart.width, y + 3,
                       f"целевое значение — {number_text(target, 0)} %", fontName=fonts.SERIF,
                       fontSize=FONT_SIZE, fillColor=TARGET, textAnchor="end"))
    return drawing


def horizontal_bars(width: float, categories: Sequence[str], series: Sequence[BarSeries], *,
                    title: str, value_max: float | None = None, value_step: float | None = None,
                    decimals: int = 0, label_chars: int = 34) -> Drawing:
    """Horizontal grouped bars, a category per group (its label at the left, wrapped), a
    series per colour with a legend under the chart."""
    palette = (DARK, LIGHT, GRID)
    wrapped = [_wrap(c, label_chars) for c in categories]
    lines = max((w.count("\n") + 1 for w in wrapped), default=1)
    group = max(len(series) * 11 + 8, lines * LINE_HEIGHT + 6)
    plot_height = max(group * len(categories), 40)
    label_width = min(label_chars * FONT_SIZE * 0.5, width * 0.42)
    top, bottom = 24.0, 40.0
    drawing = _drawing(width, plot_height + top + bottom)
    _title(drawing, title)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_width + 8, bottom
    chart.width, chart.height = width - chart.x - 30, plot_height
    # the first category at the top, as the table beside it reads, and in each group the
    # first series on top (reportlab stacks both from the bottom)
    drawn = list(reversed(series))
    chart.data = [list(reversed(_values(s))) for s in drawn]
    chart.categoryAxis.categoryNames = list(reversed(wrapped))
    chart.categoryAxis.labels.fontName = fonts.SERIF
    chart.categoryAxis.labels.fontSize = FONT_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.textAnchor = "end"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.labels.leading = LINE_HEIGHT
    for index in range(len(drawn)):
        chart.bars[index].fillColor = palette[(len(drawn) - 1 - index) % len(palette)]
        chart.bars[index].strokeColor = None
    chart.barWidth = 9
    chart.groupSpacing = max(group - len(series) * 9 - 2, 6)
    chart.barSpacing = 1
    top_value = max((v for s in series for v in s.values if v is not None), default=0.0)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = value_max if value_max is not None else max(top_value * 1.15, 1)
    if value_step is not None:
        chart.valueAxis.valueStep = value_step
    chart.valueAxis.labels.fontName = fonts.SERIF
    chart.valueAxis.labels.fontSize = FONT_SIZE
    chart.valueAxis.labelTextFormat = lambda v: number_text(v, 0)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.valueAxis.gridStrokeWidth = 0.3
    _bar_labels(chart, [BarSeries(s.name, tuple(reversed(s.values))) for s in drawn],
                decimals, "")
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    if len(series) > 1:
        _legend(drawing, series, palette, bottom - 20)
    return drawing
