"""A chart the curator can take into a presentation: a QtCharts view with «Копировать» and
«Сохранить как PNG…» (context menu, Ctrl+C, and two small buttons under it); and the pieces
every chart of the program shares: `compact` (margins, legend, Russian numbers) and
`percent_bars` (shares in % against the dashed line of the 70 % target).

Charts are built by the tabs that show them (`ChartPanel.set_chart`); the picture saved or copied
is rendered at twice the screen's size so it stays sharp on a projector."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, QSize, Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication, QImage, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from nastavnik_desktop.services.involvement import TARGET_PERCENT
from nastavnik_desktop.ui import messages

TARGET_COLOUR = "#b3261e"
"""The dashed line of the KPI's target."""


def compact(chart: QChart) -> QChart:
    """Narrow margins, the legend below, no animation, numbers written the Russian way."""
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setLocale(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    chart.setLocalizeNumbers(True)  # «3,5 %», not «3.5 %»
    return chart


def percent_bars(chart: QChart, bars: QBarSeries, categories: list[str],
                 target_name: str) -> QChart:
    """`bars` (percentages) over `categories` on a 0–100 % axis, with the target's dashed
    line named `target_name` across them."""
    chart.addSeries(bars)
    target = QLineSeries()
    target.setName(target_name)
    target.append(-0.5, TARGET_PERCENT)
    target.append(len(categories) - 0.5, TARGET_PERCENT)
    pen = QPen(QColor(TARGET_COLOUR))
    pen.setWidth(2)
    pen.setStyle(Qt.PenStyle.DashLine)
    target.setPen(pen)
    chart.addSeries(target)
    axis = QBarCategoryAxis()
    axis.append(categories)
    percent = QValueAxis()
    percent.setRange(0, 100)
    percent.setTickCount(6)
    percent.setLabelFormat("%.0f %")
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(percent, Qt.AlignmentFlag.AlignLeft)
    for series in (bars, target):
        series.attachAxis(axis)
        series.attachAxis(percent)
    return chart

EXPORT_SCALE = 2


class ChartPanel(QWidget):
    """One chart with its copy / save actions."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(240)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.copy_action = QAction("Копировать картинку", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(self.copy_to_clipboard)
        self.save_action = QAction("Сохранить как PNG…", self)
        self.save_action.triggered.connect(self.ask_and_save)
        self.view.addActions([self.copy_action, self.save_action])
        self.addAction(self.copy_action)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for action in (self.copy_action, self.save_action):
            button = QPushButton(action.text())
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def set_chart(self, chart: QChart) -> None:
        """Show `chart` (the panel owns it from now on)."""
        old = self.view.chart()
        chart.setTitle(chart.title() or self.title)
        self.view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()

    def chart(self) -> QChart:
        return self.view.chart()

    def image(self, size: QSize | None = None) -> QImage:
        """The chart drawn into an image (twice the view's size by default)."""
        target = size or QSize(max(self.view.width(), 640) * EXPORT_SCALE,
                               max(self.view.height(), 400) * EXPORT_SCALE)
        image = QImage(target, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.render(painter)
        painter.end()
        return image

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setImage(self.image())

    def save_png(self, path: Path) -> None:
        """Write the chart to `path`; a Russian message when the file cannot be written."""
        if not self.image().save(str(path)):
            messages.show_error(self, f"Файл «{path}» не записан: проверьте, что папка доступна "
                                "для записи и на диске есть место, и сохраните снова.",
                                title="Не удалось сохранить картинку")

    def ask_and_save(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Сохранить диаграмму", f"{self.title}.png", "Картинка PNG (*.png)")
        if name:
            path = Path(name)
            self.save_png(path if path.suffix.lower() == ".png" else path.with_suffix(".png"))
