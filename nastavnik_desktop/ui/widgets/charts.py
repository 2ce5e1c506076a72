"""A chart the curator can take into a presentation: a QtCharts view with «Копировать» and
«Сохранить как PNG…» (context menu, Ctrl+C, and two small buttons under it).

Charts are built by the tabs that show them (`ChartPanel.set_chart`); the picture saved or copied
is rendered at twice the screen's size so it stays sharp on a projector."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QImage, QKeySequence, QPainter
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from nastavnik_desktop.ui import messages

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
