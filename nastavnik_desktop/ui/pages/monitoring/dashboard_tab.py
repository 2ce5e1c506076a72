"""The «Показатели» tab of the monitoring page: the 70 % KPI on a reporting date, both ways and
each with its method, the charts (the KPI against the 70 % line, the participants by form) and
the breakdowns as one table with a «Разрез» list.

`kpi()` takes ~10 ms on the demo school, 40–90 ms on one of 5,000 pupils and ~250 ms on one of
10,000 pupils with 2,000 pairs: on the screen it is computed in the background (`ui/tasks.py`),
again whenever the date changes, the figures shown staying until the new ones come."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from nastavnik_desktop.services.monitoring.kpi import (
    TARGET_PERCENT,
    Kpi,
    KpiFigure,
    default_reporting_date,
    kpi,
)
from nastavnik_desktop.services.programme import ProgrammeInfo, programme_info
from nastavnik_desktop.text import count_phrase, format_date
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.kpi_models import (
    BREAKDOWNS,
    BreakdownModel,
    breakdown_table,
    figure_text,
)
from nastavnik_desktop.ui.pages.monitoring.context import MonitoringContext, MonitoringTab
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate
from nastavnik_desktop.ui.tasks import BackgroundTask, keep_until_done, run_task
from nastavnik_desktop.ui.widgets.charts import ChartPanel, compact, percent_bars
from nastavnik_desktop.ui.widgets.tables import selected_source_rows, size_columns, table_view

REACHED_COLOUR = "#1d6b33"
SHORT_COLOUR = "#b3261e"
BAR_COLOUR = "#3b78b8"
MENTEE_COLOUR = "#f0a030"
LABEL_COLOUR = "#202020"


class KpiCard(QWidget):
    """One way of the KPI: its name, the figure large, whether the target is reached, the
    method in words."""

    def __init__(self, title: str, people: tuple[str, str, str], nobody: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people = people
        self._nobody = nobody
        frame, layout = style.card()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        layout.addWidget(style.heading(title, factor=1.15))
        self.figure = style.heading("", factor=2.0)
        self.figure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.figure)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setFont(style.scaled_font(self.verdict.font(), 1.05, bold=True))
        layout.addWidget(self.verdict)
        self.method = style.secondary()
        self.method.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.method)
        layout.addStretch(1)

    def show_figure(self, figure: KpiFigure) -> None:
        share = figure.share
        self.figure.setText(figure_text(share))
        self.method.setText(figure.method)
        if share.percent is None:
            self.verdict.setText(f"Доля не считается: в базе на эту дату нет "
                                 f"{self._nobody}.")
            colour = ""
        elif missing := share.shortfall():
            self.verdict.setText(f"Цель {TARGET_PERCENT} % не достигнута: до {TARGET_PERCENT} % "
                                 f"не хватает {count_phrase(missing, *self._people)}.")
            colour = SHORT_COLOUR
        else:
            self.verdict.setText(f"Цель {TARGET_PERCENT} % достигнута.")
            colour = REACHED_COLOUR
        sheet = f"color: {colour};" if colour else ""
        self.figure.setStyleSheet(sheet)
        self.verdict.setStyleSheet(sheet)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """As tall as its wrapped texts need at its width: inside the page's scroll area a
        text set later (the figures come from the background) would not grow the card."""
        layout = self.layout()
        if self.width() > 0 and layout is not None and layout.hasHeightForWidth():
            self.setMinimumHeight(layout.totalHeightForWidth(self.width()))


class DashboardTab(MonitoringTab):
    title = "Показатели"

    def __init__(self, context: MonitoringContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.kpi: Kpi | None = None
        self._task: BackgroundTask | None = None
        self._wanted: dt.date | None = None
        self._programme: ProgrammeInfo | None = None
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 12, 8, 12)
        layout.setSpacing(style.SPACING)
        layout.addLayout(self._date_row())

        cards = QHBoxLayout()
        cards.setSpacing(style.SPACING)
        self.pupils_card = KpiCard("Обучающиеся", ("обучающегося", "обучающихся", "обучающихся"),
                                   "ни одного обучающегося")
        self.all_card = KpiCard("Обучающиеся и педагогические работники",
                                ("человека", "человек", "человек"),
                                "ни обучающихся, ни педагогических работников")
        cards.addWidget(self.pupils_card, 1)
        cards.addWidget(self.all_card, 1)
        layout.addLayout(cards)

        charts = QHBoxLayout()
        charts.setSpacing(style.SPACING)
        self.kpi_chart = ChartPanel("Вовлечённость в наставничество")
        self.forms_chart = ChartPanel("Участники по формам наставничества")
        for panel in (self.kpi_chart, self.forms_chart):
            panel.view.setMinimumHeight(300)
            charts.addWidget(panel, 1)
        layout.addLayout(charts)

        layout.addLayout(self._table_part())
        style.scrolling_page(self, content)

    # --- building --------------------------------------------------------------------------

    def _date_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("Отчётная дата:"))
        self.date_edit = QDateEdit()
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumDate(QDate(2000, 1, 1))
        self.date_edit.setMaximumDate(QDate(2100, 12, 31))
        self.date_edit.setToolTip("Дата, на которую считается доля вовлечённых в наставничество")
        self.date_edit.dateChanged.connect(self._recompute)
        row.addWidget(self.date_edit)
        self.quick_buttons: dict[str, QPushButton] = {}
        for key, label, tip in (
                ("oo1", "20 сентября (ОО-1)", "Дата статистического отчёта ОО-1"),
                ("year_end", "31 декабря", "Отчёт за календарный год"),
                ("today", "сегодня", ""),
                ("school_end", "конец учебного года", "31 августа — последний день учебного "
                 "года")):
            button = QPushButton(label)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, k=key: self.pick(k))
            self.quick_buttons[key] = button
            row.addWidget(button)
        self.busy = style.secondary()
        self.busy.setWordWrap(False)
        row.addWidget(self.busy)
        row.addStretch(1)
        return row

    def _table_part(self) -> QVBoxLayout:
        part = QVBoxLayout()
        part.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(style.heading("Разрез", factor=1.15))
        self.breakdown = QComboBox()
        for key, label in BREAKDOWNS.items():
            self.breakdown.addItem(label, key)
        self.breakdown.currentIndexChanged.connect(self._show_breakdown)
        top.addWidget(self.breakdown)
        top.addStretch(1)
        copy_button = QPushButton("Копировать таблицу")
        top.addWidget(copy_button)
        part.addLayout(top)
        self.model = BreakdownModel()
        self.table = table_view(self.model, multi=True)
        self.table.setMinimumHeight(260)
        self.copy_action = QAction("Копировать", self.table)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_table)
        self.table.addAction(self.copy_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        copy_button.clicked.connect(self.copy_table)
        part.addWidget(self.table, 1)
        self.table_note = style.secondary()
        part.addWidget(self.table_note)
        return part

    # --- behaviour -------------------------------------------------------------------------

    def reload(self) -> None:
        if self._programme is None:
            found = messages.guarded(self, lambda: programme_info(self.context.db,
                                                                  self.context.programme_id))
            if found is None:
                return
            self._programme = found
            day = default_reporting_date(found, self.context.today())
            if pydate(self.date_edit.date()) != day:
                self.date_edit.setDate(qdate(day))  # recomputes
                return
        self._recompute()

    def reporting_date(self) -> dt.date:
        return pydate(self.date_edit.date())

    def set_reporting_date(self, day: dt.date) -> None:
        self.date_edit.setDate(qdate(day))

    def pick(self, key: str) -> None:
        """One of the quick dates: 20 September and 31 December of the school year, today, the
        last day of the school year (31 August)."""
        today = self.context.today()
        start = int(self._programme.school_year[:4]) if self._programme else (
            today.year if today.month >= 9 else today.year - 1)
        day = {"oo1": dt.date(start, 9, 20), "year_end": dt.date(start, 12, 31),
               "today": today, "school_end": dt.date(start + 1, 8, 31)}[key]
        self.set_reporting_date(day)

    def _recompute(self) -> None:
        """Compute the KPI of the chosen date: on this thread while the tab is not on the
        screen (nobody waits), else in the background — a date changed meanwhile is computed
        next, the dates in between skipped."""
        if self._programme is None:
            return
        on = self.reporting_date()
        if not self.isVisible():
            found = messages.guarded(self, lambda: kpi(self.context.db,
                                                       self.context.programme_id, on=on))
            if found is not None:
                self._show_kpi(found)
            return
        if self._task is not None:
            self._wanted = on
            return
        self._start(on)

    def _start(self, on: dt.date) -> None:
        db, programme_id = self.context.db, self.context.programme_id
        self._wanted = None
        self.busy.setText("Пересчёт…")
        # No parent: the tab may go away before the work ends; the task is kept alive by
        # `tasks.keep_until_done` and shows its result only on a tab still there.
        self._task = run_task(
            None, lambda _progress: kpi(db, programme_id, on=on),
            lambda found: self._show_kpi(found) if isValid(self) else None,
            title="Показатели", label="Расчёт показателей…", dialog=False,
            failure_title="Показатели не рассчитаны",
            on_finished=lambda: self._finished(task) if isValid(self) else None)
        task = self._task
        keep_until_done(task)

    def _finished(self, task: BackgroundTask) -> None:
        if self._task is not task:
            return
        self._task = None
        if self._wanted is not None:  # asked again meanwhile: a new date, or changed data
            self._start(self._wanted)
        else:
            self._wanted = None
            self.busy.setText("")

    def _show_kpi(self, found: Kpi) -> None:
        self.kpi = found
        self.pupils_card.show_figure(found.pupils)
        self.all_card.show_figure(found.pupils_and_staff)
        self.kpi_chart.set_chart(kpi_chart(found))
        self.forms_chart.set_chart(forms_chart(found))
        self._show_breakdown()

    def is_computing(self) -> bool:
        return self._task is not None

    def _show_breakdown(self) -> None:
        if self.kpi is None:
            return
        key = self.breakdown.currentData()
        table = breakdown_table(self.kpi, key)
        self.model.set_table(table)
        size_columns(self.table, [None, *([14] * (len(table.headers) - 1))])
        self.table_note.setText("" if table.rows else
                                f"На {format_date(self.kpi.on)} в этом разрезе нет ни одной "
                                f"строки.")
        self.table_note.setVisible(not table.rows)

    def copy_table(self) -> None:
        """The chosen rows (all when none is chosen) with the column titles, tab-separated:
        pasted into Excel or Word as a table."""
        rows = selected_source_rows(self.table)
        QGuiApplication.clipboard().setText(self.model.as_text(rows or None))





# --- charts ---------------------------------------------------------------------------------



def kpi_chart(found: Kpi) -> QChart:
    """The two shares as bars in % against the 70 % line."""
    chart = compact(QChart())
    chart.setTitle(f"Вовлечённость в наставничество на {format_date(found.on)}")
    shares = QBarSet("Вовлечено, %")
    shares.setColor(QColor(BAR_COLOUR))
    shares.setLabelColor(QColor(LABEL_COLOUR))
    shares.append([round(f.share.percent or 0.0, 1)
                   for f in (found.pupils, found.pupils_and_staff)])
    bars = QBarSeries()
    bars.append(shares)
    bars.setLabelsVisible(True)
    bars.setLabelsFormat("@value %")
    bars.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    return percent_bars(chart, bars, ["Обучающиеся", "Обучающиеся и<br>педагоги"],
                        f"Цель — {TARGET_PERCENT} %")


def forms_chart(found: Kpi) -> QChart:
    """Mentors and mentees of each form on the date, side by side."""
    chart = compact(QChart())
    chart.setTitle(f"Участники по формам наставничества на {format_date(found.on)}")
    forms = list(reversed(found.by_form))  # a horizontal chart draws its first row lowest
    mentors, mentees = QBarSet("Наставники"), QBarSet("Наставляемые")
    mentors.setColor(QColor(BAR_COLOUR))
    mentees.setColor(QColor(MENTEE_COLOUR))
    for bar_set in (mentors, mentees):
        bar_set.setLabelColor(QColor(LABEL_COLOUR))
    mentors.append([f.mentors for f in forms])
    mentees.append([f.mentees for f in forms])
    bars = QHorizontalBarSeries()
    bars.append(mentors)
    bars.append(mentees)
    bars.setLabelsVisible(True)
    bars.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(bars)
    names = QBarCategoryAxis()
    names.append([f.label for f in forms] or ["нет пар и групп на эту дату"])
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
    people = QValueAxis()
    most = max([f.mentors for f in forms] + [f.mentees for f in forms] + [1])
    people.setRange(0, _nice_top(most))
    people.setLabelFormat("%.0f")
    people.setTickCount(min(_nice_top(most), 5) + 1)
    chart.addAxis(people, Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(names)
    bars.attachAxis(people)
    return chart


def _nice_top(most: int) -> int:
    """A round top for an axis of people with room for the bar's label: 4 → 5, 23 → 30."""
    for step in (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if most * 1.15 <= step * 4 or step == 5000:
            return max(step, -(-int(most * 1.15) // step) * step)
    return most

