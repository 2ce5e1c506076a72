"""The «Рост и удовлетворённость» tab of the monitoring page: the paired parameters entry → exit
with the change (per audience, per form), a chart of them to copy or save as PNG, satisfaction
and the «да» shares, the attendance of meetings per form.

The figures (`services.monitoring.growth`) are read in a worker thread — on a big school they
take longer than a frame — and read again only when a table they come from has changed or the
day has (`changes.generation`)."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import Audience
from nastavnik_desktop.services import changes
from nastavnik_desktop.services.monitoring import (
    GROWTH_TABLES,
    Growth,
    percent_text,
    score_text,
)
from nastavnik_desktop.services.monitoring.growth import AUDIENCE_TITLES, SATISFIED_FROM, growth
from nastavnik_desktop.text import alphabetical_key, format_date, shorten
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.models.growth_models import AttendanceModel, PairModel, ParameterModel
from nastavnik_desktop.ui.pages.monitoring.context import MonitoringContext, MonitoringTab
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.widgets.charts import ChartPanel
from nastavnik_desktop.ui.widgets.tables import size_columns, table_view

ALL_FORMS = "Все формы"
LOADING = "Считаются результаты анкет…"
CHART_TITLE = "Ожидания и итог по вопросам анкет"
ENTRY_COLOUR, EXIT_COLOUR = QColor("#9bb7d4"), QColor("#2f6ea5")
CHART_LABEL_LENGTH = 24
CHART_HEIGHT = 300
"""Five questions, two bars each, with their figures readable."""
PAIRS_HEIGHT = 160
NO_CHART = ("Диаграмма «ожидания и итог» строится по ответам на связанные вопросы входной и "
            "итоговой анкет: таких ответов на эту дату нет.")


class GrowthTab(MonitoringTab):
    title = "Рост и удовлетворённость"

    def __init__(self, context: MonitoringContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.figures: Growth | None = None
        self._shown: tuple[int, dt.date] | None = None
        self._task: BackgroundTask | None = None
        self._pending: tuple[int, dt.date] | None = None

        content = QWidget()
        style.scrolling_page(self, content)  # a small school screen scrolls, nothing squeezed
        layout = QVBoxLayout(content)  # the page around the tabs has the margins
        layout.setContentsMargins(0, style.SPACING, 0, 0)
        layout.setSpacing(style.SPACING)
        filters = QHBoxLayout()
        audience_label = QLabel("&Кто отвечал:")
        filters.addWidget(audience_label)
        self.audience_box = QComboBox()
        audience_label.setBuddy(self.audience_box)
        for audience in (Audience.MENTEE, Audience.MENTOR):
            self.audience_box.addItem(AUDIENCE_TITLES[audience], audience)
        filters.addWidget(self.audience_box)
        filters.addSpacing(12)
        form_label = QLabel("&Форма наставничества:")
        filters.addWidget(form_label)
        self.form_box = QComboBox()
        form_label.setBuddy(self.form_box)
        self.form_box.setMinimumContentsLength(24)
        self.form_box.addItem(ALL_FORMS, None)
        filters.addWidget(self.form_box)
        filters.addStretch(1)
        self.date_label = style.secondary()
        filters.addWidget(self.date_label)
        layout.addLayout(filters)

        self.note = style.secondary()
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)

        columns = QHBoxLayout()
        columns.setSpacing(style.SPACING)
        left = QVBoxLayout()
        left.setSpacing(style.SPACING)
        self.parameters = ParameterModel()
        self.parameter_view = table_view(self.parameters)
        size_columns(self.parameter_view, [None, 9, 9, 10, 9])
        left.addWidget(self.parameter_view)
        self.chart = ChartPanel(CHART_TITLE)
        self.chart.view.setMinimumHeight(CHART_HEIGHT)
        # the wrapped texts make the scroll area ask for the preferred height at its width:
        # the chart and the pairs take what is left instead of asking for their own
        self.chart.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        left.addWidget(self.chart, 1)
        self.no_chart = style.secondary(NO_CHART)
        self.no_chart.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_chart.setWordWrap(True)
        self.no_chart.hide()
        left.addWidget(self.no_chart, 1)
        columns.addLayout(left, 5)

        right = QVBoxLayout()
        right.setSpacing(style.SPACING)
        satisfaction_card, satisfaction_layout = style.card()
        satisfaction_layout.addWidget(style.heading("Удовлетворённость", factor=1.15))
        self.satisfaction = self._text()
        satisfaction_layout.addWidget(self.satisfaction)
        satisfaction_layout.addSpacing(8)
        satisfaction_layout.addWidget(style.heading("Ответы «да» в итоговой анкете",
                                                    factor=1.15))
        self.yes_no = self._text()
        satisfaction_layout.addWidget(self.yes_no)
        right.addWidget(satisfaction_card)

        forms_card, forms_layout = style.card()
        forms_layout.addWidget(style.heading("По формам наставничества", factor=1.15))
        self.attendance = AttendanceModel()
        self.attendance_view = table_view(self.attendance)
        size_columns(self.attendance_view, [None, 13, 7, 14])
        forms_layout.addWidget(self.attendance_view)
        self.attendance_total = self._text()
        forms_layout.addWidget(self.attendance_total)
        right.addWidget(forms_card)

        pairs_card, pairs_layout = style.card()
        pairs_layout.addWidget(style.heading("По парам и группам", factor=1.15))
        self.pair_search = QLineEdit()
        self.pair_search.setPlaceholderText("Поиск по фамилии наставника или наставляемого")
        self.pair_search.setClearButtonEnabled(True)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.pair_search.setFocus)
        self.pair_search.setToolTip("Ctrl+F")
        pairs_layout.addWidget(self.pair_search)
        self.pairs = PairModel()
        self.pair_view = table_view(self.pairs)
        self.pair_view.setSortingEnabled(True)
        self.pair_view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        size_columns(self.pair_view, [None, 7, 7, 11])
        self.pair_view.setMinimumHeight(PAIRS_HEIGHT)
        self.pair_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        pairs_layout.addWidget(self.pair_view, 1)
        right.addWidget(pairs_card, 1)
        columns.addLayout(right, 4)
        layout.addLayout(columns, 1)

        self.audience_box.currentIndexChanged.connect(self._show)
        self.form_box.currentIndexChanged.connect(self._show)
        self.pair_search.textChanged.connect(self._show_pairs)

    @staticmethod
    def _text() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # --- reading ---------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """Whether the figures are being read (tests wait for it to end)."""
        return self._task is not None

    def reload(self) -> None:
        on = self.context.today()
        reading = (changes.generation(self.context.db, *GROWTH_TABLES), on)
        if reading == self._shown or reading == self._pending:
            return
        if self._task is not None:
            self._task.abandon()
        db, programme_id = self.context.db, self.context.programme_id
        self._pending = reading
        if self.figures is None:
            self.note.setText(LOADING)
            self.note.show()
        self._task = run_task(
            self, lambda _progress: growth(db, programme_id, on=on),
            lambda figures: self._loaded(figures, reading), title=self.title, label=LOADING,
            dialog=False, on_failed=lambda _error: self._failed())

    def _loaded(self, figures: Growth, reading: tuple[int, dt.date]) -> None:
        self._task, self._pending = None, None
        self._shown = reading
        self.figures = figures
        self._fill_forms(figures)
        self._show()

    def _failed(self) -> None:
        self._task, self._pending = None, None

    def _fill_forms(self, figures: Growth) -> None:
        chosen = self.form_box.currentData()
        self.form_box.blockSignals(True)
        self.form_box.clear()
        self.form_box.addItem(ALL_FORMS, None)
        for form in figures.by_form:
            self.form_box.addItem(form.label, form.form_id)
        index = self.form_box.findData(chosen)
        self.form_box.setCurrentIndex(max(index, 0))
        self.form_box.blockSignals(False)

    # --- showing ---------------------------------------------------------------------------

    def _show(self) -> None:
        figures = self.figures
        if figures is None:
            return
        audience = Audience(self.audience_box.currentData())  # Qt hands the StrEnum back as str
        form_id: int | None = self.form_box.currentData()
        self.date_label.setText(f"на {format_date(figures.on)}")
        lines = figures.lines(audience, form_id)
        self.parameters.set_rows(lines)
        self._fit_height(self.parameter_view, len(lines), least=3)
        note = figures.note
        if not lines and not note:
            note = ("В анкетах нет вопросов, заданных и во входной, и в итоговой анкете: "
                    "свяжите вопросы на вкладке «Анкеты», чтобы видеть изменение.")
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.parameter_view.setVisible(bool(lines))
        answered = any(line.entry.respondents or line.exit.respondents for line in lines)
        self.chart.setVisible(answered)
        self.no_chart.setVisible(not answered)
        if answered:
            self.chart.set_chart(self._chart(audience, form_id))
        self._show_satisfaction(figures, audience, form_id)
        forms = (figures.by_form if form_id is None else
                 [f for f in figures.by_form if f.form_id == form_id])
        self.attendance.set_rows(forms)
        self._fit_height(self.attendance_view, len(forms), least=1)
        self._show_pairs()
        total = figures.attendance
        self.attendance_total.setText(
            "Проведённых встреч в журналах пар на эту дату нет: посещаемость считается по "
            "отметкам о присутствии на встречах." if total.meetings == 0 else
            f"Всего проведено встреч: {total.meetings}, посещаемость — "
            f"{percent_text(total.percent)}.")

    @staticmethod
    def _fit_height(view: QTableView, rows: int, *, least: int) -> None:
        """A short table as tall as its rows (the chart and the pairs take the rest)."""
        height = (view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
                  + view.verticalHeader().defaultSectionSize() * max(rows, least))
        view.setFixedHeight(height)

    def _show_pairs(self) -> None:
        figures = self.figures
        if figures is None:
            return
        form_id = self.form_box.currentData()
        words = alphabetical_key(self.pair_search.text()).split()
        self.pairs.set_rows([
            p for p in figures.by_pair
            if (form_id is None or p.form_id == form_id)
            and all(word in alphabetical_key(p.label) for word in words)])

    def _show_satisfaction(self, figures: Growth, audience: Audience,
                           form_id: int | None) -> None:
        found = figures.satisfaction_of(audience, form_id)
        who = AUDIENCE_TITLES[audience]
        if found.respondents == 0:
            self.satisfaction.setText(
                f"{who}: нет данных — итоговые анкеты ещё не заполнены. Удовлетворённость — "
                "средний балл по вопросам итоговой анкеты (шкала от 1 до 10).")
        else:
            self.satisfaction.setText(
                f"{who}: средний балл {score_text(found.mean)} из 10; оценку "
                f"{SATISFIED_FROM} и выше дали {percent_text(found.share_7_plus)} "
                f"({found.satisfied} из {found.respondents}).")
        shares = figures.yes_shares(audience, form_id)
        if not shares:
            self.yes_no.setText("Нет ответов на вопросы «да / нет» итоговой анкеты.")
        else:
            self.yes_no.setText("\n".join(
                f"{share.label}: {percent_text(share.percent)} ({share.yes} из "
                f"{share.answered})" for share in shares))

    def _chart(self, audience: Audience, form_id: int | None) -> QChart:
        assert self.figures is not None
        lines = self.figures.lines(audience, form_id)
        chart = QChart()
        who = AUDIENCE_TITLES[audience].lower()
        if form_id is not None:
            who += f", «{html.escape(self.form_box.currentText())}»"
        chart.setTitle(f"<div align='center'>{CHART_TITLE}<br>{who}</div>")
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setLocalizeNumbers(True)
        chart.setLocale(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        leaving_label = ("Промежуточный опрос (на сегодня)" if self.figures.interim
                         else "Итоговая анкета")
        entry, leaving = QBarSet("Входная анкета (ожидания)"), QBarSet(leaving_label)
        entry.setColor(ENTRY_COLOUR)
        leaving.setColor(EXIT_COLOUR)
        for line in reversed(lines):  # the first question on top
            entry.append(line.entry.value or 0.0)
            leaving.append(line.exit.value or 0.0)
        series = QHorizontalBarSeries()
        # a horizontal series draws its first set at the bottom: the expectation above the
        # result; a side nobody answered yet is left out (no bars of «0»)
        if any(line.exit.respondents for line in lines):
            series.append(leaving)
        if any(line.entry.respondents for line in lines):
            series.append(entry)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(2)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([shorten(line.label, CHART_LABEL_LENGTH) for line in reversed(lines)])
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        values = QValueAxis()
        values.setRange(0, 10)
        values.setTickCount(11)
        values.setLabelFormat("%.0f")
        values.setTitleText("средний балл (от 1 до 10)")
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(values)
        self.chart.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        return chart
