"""The «Журнал изменений» tab of «Обмен данными»: who changed what and when, newest first.

The filters (period, action, who) and the search run in `services/audit.audit_lines`, read in a
worker thread (a log of years is tens of thousands of rows); a newer read supersedes one still
under way. «Выгрузить…» writes what is shown as .xlsx or CSV through `export_target.
choose_target` and `exchange.stick.deliver` (verified, on the history of exports). The entries
name pairs and people by number only, so the export carries no personal data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.services import audit
from nastavnik_desktop.services import programme as programme_service
from nastavnik_desktop.services.audit import AuditLine
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs import export_target
from nastavnik_desktop.ui.models.audit_models import COL_SUMMARY, AuditModel
from nastavnik_desktop.ui.pages.tabbed import PageContext, PageTab
from nastavnik_desktop.ui.read_only import writing
from nastavnik_desktop.ui.tasks import run_task
from nastavnik_desktop.ui.widgets.tables import refill_choices

ALL_TIME, TODAY, WEEK, MONTH, CHOSEN = range(5)
PERIODS = ("За всё время", "Сегодня", "За 7 дней", "За 30 дней", "Выбрать даты…")
_SEARCH_PAUSE_MS = 300

Filters = tuple[dt.date | None, dt.date | None, str | None, str | None, str]


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())


class AuditTab(PageTab):
    title = "Журнал изменений"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = AuditModel(self)
        self._generation = 0
        self._loaded = False
        self.loading = False

        self.period = QComboBox()
        self.period.setObjectName("audit_period")
        self.period.addItems(PERIODS)
        today = context.today()
        self.since = QDateEdit(_qdate(today - dt.timedelta(days=30)))
        self.until = QDateEdit(_qdate(today))
        for edit, name in ((self.since, "audit_since"), (self.until, "audit_until")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.setVisible(False)
            edit.dateChanged.connect(self.reload)
        self.dash = QLabel("—")
        self.dash.setVisible(False)
        self.action = QComboBox()
        self.action.setObjectName("audit_action")
        self.action.setMinimumContentsLength(24)
        self.actor = QComboBox()
        self.actor.setObjectName("audit_actor")
        self.actor.setMinimumContentsLength(12)
        self.search = QLineEdit()
        self.search.setObjectName("audit_search")
        self.search.setPlaceholderText("Поиск по описанию, действию, учётной записи")
        self.search.setClearButtonEnabled(True)
        self._search_pause = QTimer(self)
        self._search_pause.setSingleShot(True)
        self._search_pause.setInterval(_SEARCH_PAUSE_MS)
        self._search_pause.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._search_pause.start())
        self.period.currentIndexChanged.connect(self._on_period)
        self.action.currentIndexChanged.connect(self.reload)
        self.actor.currentIndexChanged.connect(self.reload)

        self.export_button = QPushButton("Выгрузить…")
        self.export_button.setObjectName("audit_export")
        menu = QMenu(self.export_button)
        self.export_xlsx = menu.addAction("В таблицу Excel (.xlsx)…")
        self.export_xlsx.triggered.connect(lambda: self.export("xlsx"))
        self.export_csv = menu.addAction("В файл CSV для других программ…")
        self.export_csv.triggered.connect(lambda: self.export("csv"))
        self.export_button.setMenu(menu)
        writing(context.db, self.export_button, self.export_xlsx, self.export_csv)
        find = QAction(self)
        find.setShortcuts(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: self.search.setFocus())
        self.addAction(find)

        self.count = style.secondary("")
        self.count.setObjectName("audit_count")
        self.view = QTableView()
        self.view.setObjectName("audit_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        for column, width in enumerate((130, 120, 250)):
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Stretch)

        filters = QHBoxLayout()
        for label, widget in (("Период:", self.period), (None, self.since), (None, self.dash),
                              (None, self.until), ("Действие:", self.action),
                              ("Кто:", self.actor)):
            if label:
                filters.addSpacing(8)
                filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.export_button)
        line = QHBoxLayout()
        line.addWidget(self.search, 1)
        line.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(line)
        layout.addWidget(self.view, 1)
        note = style.secondary("В журнале пары и люди названы по номерам, без ФИО: его можно "
                               "показывать и выгружать, не раскрывая персональных данных.")
        note.setWordWrap(True)
        layout.addWidget(note)

    # --- reading -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.reload()

    def filters(self) -> Filters:
        today = self.context.today()
        since: dt.date | None = None
        until: dt.date | None = None
        chosen = self.period.currentIndex()
        if chosen == TODAY:
            since = until = today
        elif chosen in (WEEK, MONTH):
            since, until = today - dt.timedelta(days=6 if chosen == WEEK else 29), today
        elif chosen == CHOSEN:
            since, until = _day(self.since.date()), _day(self.until.date())
        action = self.action.currentData()
        actor = self.actor.currentData()
        return since, until, action, actor, self.search.text()

    def reload(self) -> None:
        self._loaded = True
        self._search_pause.stop()
        self._generation += 1
        generation, db = self._generation, self.context.db
        since, until, action, actor, search = self.filters()
        self.loading = True
        self.count.setText("Читается журнал…")

        def read(_progress: object) -> tuple[list[AuditLine], list[tuple[str, str]], list[str]]:
            return (audit.audit_lines(db, since=since, until=until, action=action, actor=actor,
                                      search=search),
                    audit.audit_actions(db), audit.audit_actors(db))

        run_task(self, read, lambda result: self._show(generation, *result),
                 title="Журнал изменений", label="Читается журнал изменений…",
                 dialog=False, on_finished=lambda: self._finished(generation))

    def _finished(self, generation: int) -> None:
        if generation == self._generation:
            self.loading = False

    def _show(self, generation: int, lines: list[AuditLine], actions: list[tuple[str, str]],
              actors: list[str]) -> None:
        if generation != self._generation:
            return  # a newer read is under way
        refill_choices(self.action, "Все действия", [(label, key) for key, label in actions])
        refill_choices(self.actor, "Все", [(name or "не указано", name) for name in actors])
        self.model.set_lines(lines)
        self.count.setText(f"Записей: {len(lines)}")
        self.export_button.setEnabled(bool(lines))

    def _on_period(self, index: int) -> None:
        for widget in (self.since, self.dash, self.until):
            widget.setVisible(index == CHOSEN)
        self.reload()

    # --- export --------------------------------------------------------------------------

    def export(self, fmt: str) -> None:
        lines = self.model.lines()
        if not lines:
            messages.show_info(self, "В журнале нет записей за выбранный период: выгружать "
                               "нечего. Измените отбор.")
            return
        today = self.context.today()
        folder = export_target.choose_target(self, "Куда выгрузить журнал изменений",
                                             audit.audit_file_name(today, fmt))
        if folder is None:
            return
        since, until, *_rest = self.filters()
        period = audit.period_text(since, until)
        school = programme_service.programme_info(self.context.db,
                                                  self.context.programme_id).school_name
        db = self.context.db

        def write(_progress: object) -> Path:
            return audit.export_audit(db, folder, lines, fmt=fmt, school=school,
                                      period=period, today=today)

        run_task(self, write, self._exported, title="Журнал изменений",
                 label="Выгружается журнал изменений…", cancellable=False,
                 failure_title="Журнал не выгружен")

    def _exported(self, path: Path) -> None:
        self.context.changed()  # the history of exports has a new line
        messages.show_info(self, f"Журнал изменений выгружен ("
                           f"{count_phrase(self.model.row_total(), 'запись', 'записи', 'записей')}"
                           f"): {path}")
