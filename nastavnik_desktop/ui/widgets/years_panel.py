"""«По годам» on «Обзор»: every school year of the file side by side (services/years.py) — a
compact table, latest first, the year on the screen in bold, and a small chart of the two shares
against the 70 % line.

Made by the page a moment after it is first shown (after its first paint: the start-up costs
nothing), hidden; the years are read in a worker (`load`), and then the table and the chart are
built. Shown while the file has more than one programme.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import changes
from nastavnik_desktop.services.involvement import TARGET_PERCENT
from nastavnik_desktop.services.years import YEARS_TABLES, YearFigures, years
from nastavnik_desktop.ui import style

if TYPE_CHECKING:  # loaded after the first paint, with the years
    from PySide6.QtCharts import QChart
    from PySide6.QtWidgets import QTableView

    from nastavnik_desktop.ui.models.years_models import YearsModel
    from nastavnik_desktop.ui.tasks import BackgroundTask
    from nastavnik_desktop.ui.widgets.charts import ChartPanel

PUPILS_COLOUR = "#3b78b8"
EVERYONE_COLOUR = "#8fb8de"


class YearsPanel(QWidget):
    """The card «По годам» of the programme `programme_id`'s «Обзор»."""

    def __init__(self, db: Database, programme_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._programme_id = programme_id
        self._read: tuple[int, dt.date] | None = None
        """What the table was read at (or is being read at): the changes counter, the day."""
        self._task: BackgroundTask | None = None
        self._again: dt.date | None = None
        frame, self._layout = style.card()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.model: YearsModel | None = None
        self.table: QTableView | None = None
        self.chart: ChartPanel | None = None
        self.hide()

    def _fill(self) -> tuple[YearsModel, QTableView, ChartPanel]:
        from nastavnik_desktop.ui.models.years_models import YearsModel
        from nastavnik_desktop.ui.widgets.charts import ChartPanel
        from nastavnik_desktop.ui.widgets.tables import table_view

        top = QHBoxLayout()
        top.addWidget(style.heading("По годам", factor=1.15))
        top.addStretch(1)
        copy = QPushButton("Копировать таблицу")
        copy.setToolTip("Скопировать таблицу, чтобы вставить её в Excel или Word")
        copy.clicked.connect(self.copy)
        top.addWidget(copy)
        self._layout.addLayout(top)
        model = YearsModel()
        table = table_view(model)
        table.setObjectName("years_table")
        for policy in ("verticalScrollBarPolicy", "horizontalScrollBarPolicy"):
            style.set_enum_property(table, policy, "ScrollBarAlwaysOff")
        table.horizontalHeader().setStretchLastSection(False)
        self._layout.addWidget(table)
        note = style.secondary(
            "Доли вовлечённых — на отчётную дату года: сегодня для текущего, 31 августа для "
            "прошедших; наставники и наставляемые — вовлечённые на эту дату.")
        note.setWordWrap(True)
        self._layout.addWidget(note)
        chart = ChartPanel("Вовлечённость по годам")
        chart.view.setFixedHeight(240)
        chart.setMaximumWidth(620)
        self._layout.addSpacing(8)
        self._layout.addWidget(chart)
        self.model, self.table, self.chart = model, table, chart
        return model, table, chart

    def load(self, today: dt.date) -> None:
        """Read the years in a worker, unless what they are read from has not changed since
        (the same day); the figures shown stay until the new ones come."""
        reading = (changes.generation(self._db, *sorted(YEARS_TABLES)), today)
        if reading == self._read:
            return
        if self._task is not None:
            self._again = today
            return
        from nastavnik_desktop.ui.tasks import keep_until_done, run_task

        db = self._db
        self._read = reading
        # No parent: the page may be rebuilt (another year opened) while the task runs; the
        # task is kept until its work ends (`tasks.keep_until_done`) and shows only on a
        # panel still there.
        task = run_task(
            None, lambda _progress: years(db, today=today),
            lambda found: self.show_years(found) if isValid(self) else None,
            title="По годам", label="Сравнение учебных лет…", dialog=False,
            on_known_error=lambda _error: self._forget() if isValid(self) else None,
            on_finished=lambda: self._finished() if isValid(self) else None)
        self._task = task
        keep_until_done(task)

    def _forget(self) -> None:
        """A read that failed (a busy base, say): tried again on the next visit."""
        self._read = None

    def _finished(self) -> None:
        self._task = None
        if self._again is not None:
            today, self._again = self._again, None
            self.load(today)

    def is_loading(self) -> bool:
        return self._task is not None

    def show_years(self, found: tuple[YearFigures, ...]) -> None:
        if self.model is None or self.table is None or self.chart is None:
            model, view, chart = self._fill()
        else:
            model, view, chart = self.model, self.table, self.chart
        model.set_years(found, self._programme_id)
        view.resizeColumnsToContents()
        header = view.horizontalHeader()
        view.setFixedSize(header.length() + 2 * view.frameWidth(),
                          header.sizeHint().height()
                          + view.verticalHeader().defaultSectionSize() * len(found)
                          + 2 * view.frameWidth())
        chart.set_chart(years_chart(found))
        self.setVisible(len(found) > 1)

    def copy(self) -> None:
        """The table with its column titles, tab-separated, to the clipboard."""
        if self.model is not None:
            QGuiApplication.clipboard().setText(self.model.as_text())


def years_chart(found: tuple[YearFigures, ...]) -> QChart:
    """Both shares of each year (the earliest on the left) against the 70 % line."""
    from PySide6.QtCharts import QBarSeries, QBarSet, QChart
    from PySide6.QtGui import QColor

    from nastavnik_desktop.ui.widgets.charts import compact, percent_bars

    chart = compact(QChart())
    chart.setTitle("Вовлечённость по годам")
    shown = list(reversed(found))
    bars = QBarSeries()
    for name, colour, shares in (
            ("обучающиеся", PUPILS_COLOUR, [y.pupils for y in shown]),
            ("с педагогами", EVERYONE_COLOUR, [y.pupils_and_staff for y in shown])):
        bar_set = QBarSet(name)
        bar_set.setColor(QColor(colour))
        bar_set.append([round(share.percent or 0.0, 1) for share in shares])
        bars.append(bar_set)
    return percent_bars(chart, bars, [y.school_year for y in shown],
                        f"цель {TARGET_PERCENT} %")


