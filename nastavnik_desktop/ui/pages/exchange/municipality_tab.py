"""The «Для муниципалитета» tab of «Обмен данными»: the aggregate report on a reporting date,
shown sheet by sheet exactly as it will be in the file (no names: the curator sees what leaves
the school), saved as .xlsx or .csv to a USB stick or a folder through `export_target` and
`stick.deliver` (written verified and put on the history of exports).

The report is read in the background (`municipality_report`: the KPI's two queries and a few
small reads, ~0.3 s on the demo school), again whenever the date changes; saving builds the
file and writes it in the background too."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.files import safe_file_name
from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.reports.municipality import MunicipalityReport
from nastavnik_desktop.services.exchange import history
from nastavnik_desktop.services.exchange.municipality import (
    municipality_csv,
    municipality_report,
    municipality_xlsx,
)
from nastavnik_desktop.services.exchange.stick import Written, deliver
from nastavnik_desktop.services.monitoring.kpi import default_reporting_date
from nastavnik_desktop.services.programme import programme_info
from nastavnik_desktop.text import format_date, size_text
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs import export_target
from nastavnik_desktop.ui.models.municipality_models import ReportSheetModel
from nastavnik_desktop.ui.pages.tabbed import PageContext, PageTab
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate
from nastavnik_desktop.ui.read_only import writing
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.widgets.actions import action_row, shortcut_action
from nastavnik_desktop.ui.widgets.tables import size_columns, table_view

XLSX, CSV = ".xlsx", ".csv"
FORMATS = {XLSX: "Excel (.xlsx) — для просмотра и печати",
           CSV: "CSV (.csv) — для программ муниципалитета"}
WIDE_COLUMNS = frozenset({"Значение", "Методика", "Группа", "Организация", "Название"})
"""Columns that take the width left (the others are as wide as their longest text)."""
MAX_COLUMN = 45
LOADING = "Собираю отчёт…"
EXPLANATION = (
    "В отчёт попадают только числа по школе и её реквизиты: ни ФИО, ни дат рождения, ни "
    "телефонов участников. Куратор указан должностью и приказом о назначении. Ниже — всё, что "
    "будет в файле, лист за листом; на каждом листе, кроме «Сведений», первые два столбца — "
    "ИНН и краткое наименование школы (по ним муниципалитет сводит файлы школ).")


class MunicipalityTab(PageTab):
    title = "Для муниципалитета"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.report: MunicipalityReport | None = None
        self.last_written: Written | None = None
        self._task: BackgroundTask | None = None
        self._dated = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(style.SPACING)

        top = QHBoxLayout()
        top.addWidget(QLabel("Отчётная дата:"))
        self.date_edit = QDateEdit()
        self.date_edit.setDisplayFormat(DATE_FORMAT)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumDate(QDate(2000, 1, 1))
        self.date_edit.setMaximumDate(QDate(2100, 12, 31))
        self.date_edit.setToolTip("Дата, на которую считаются участники, пары и доля "
                                  "вовлечённых")
        self.date_edit.dateChanged.connect(lambda _date: self._read())
        top.addWidget(self.date_edit)
        top.addSpacing(style.SPACING)
        top.addWidget(QLabel("Формат:"))
        self.format_box = QComboBox()
        for suffix, label in FORMATS.items():
            self.format_box.addItem(label, suffix)
        top.addWidget(self.format_box)
        self.save_action = shortcut_action("Сохранить на флешку…", "Ctrl+S", self.save, self)
        self.save_action.setToolTip("Записать отчёт на флешку или в папку и проверить запись")
        self.save_action.setEnabled(False)
        buttons, _ = action_row([self.save_action])
        writing(context.db, self.save_action)
        top.addLayout(buttons)
        top.addStretch(1)
        layout.addLayout(top)

        explanation = style.secondary(EXPLANATION)
        layout.addWidget(explanation)
        self.state = QLabel(LOADING)
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.sheets = QTabWidget()
        layout.addWidget(self.sheets, 1)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.hide()
        layout.addWidget(self.result)

    # --- reading ---------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """Whether the report is being read (tests wait for it to end)."""
        return self._task is not None

    def reporting_date(self) -> dt.date:
        return pydate(self.date_edit.date())

    def set_reporting_date(self, day: dt.date) -> None:
        self.date_edit.setDate(qdate(day))

    def reload(self) -> None:
        if not self._dated:
            found = messages.guarded(self, lambda: programme_info(self.context.db,
                                                                  self.context.programme_id))
            if found is None:
                return
            self._dated = True
            day = default_reporting_date(found, self.context.today())
            if day != self.reporting_date():
                self.set_reporting_date(day)  # reads
                return
        self._read()

    def _read(self) -> None:
        if not self._dated:
            return
        if self._task is not None:
            self._task.abandon()
        db, programme_id, on = self.context.db, self.context.programme_id, self.reporting_date()
        self.save_action.setEnabled(False)
        self.state.setText(LOADING)
        self._task = run_task(
            self, lambda _progress: municipality_report(db, programme_id, on=on), self._show,
            title=self.title, label=LOADING, dialog=False,
            failure_title="Отчёт для муниципалитета не собран",
            on_failed=lambda _error: self._failed())

    def _failed(self) -> None:
        self._task = None
        self.state.setText("Отчёт не собран. Проверьте базу и попробуйте снова.")

    def _show(self, report: MunicipalityReport) -> None:
        self._task = None
        self.report = report
        index = self.sheets.currentIndex()
        while self.sheets.count():
            page = self.sheets.widget(0)
            self.sheets.removeTab(0)
            page.deleteLater()
        for spec in report.sheets:
            model = ReportSheetModel(spec, spec.columns, spec.rows)
            view = table_view(model)
            size_columns(view, [None if column in WIDE_COLUMNS else _width(model, index)
                                for index, column in enumerate(spec.columns)])
            self.sheets.addTab(view, f"{spec.name} ({len(spec.rows)})")
        self.sheets.setCurrentIndex(max(index, 0))
        self.state.setText(f"Отчёт {report.school or 'школы'} на {format_date(report.on)}: "
                           f"{len(report.sheets)} листов.")
        self.save_action.setEnabled(True)

    # --- saving ----------------------------------------------------------------------------

    def file_name(self) -> str:
        report = self.report
        assert report is not None
        suffix = self.format_box.currentData()
        return safe_file_name(f"Наставничество {report.inn or report.school} на "
                              f"{report.on:%d.%m.%Y}", suffix)

    def save(self) -> None:
        """Choose a stick or a folder, then build the file and write it there verified."""
        report = self.report
        if report is None or self._task is not None:
            return
        name = self.file_name()
        folder = export_target.choose_target(self, "Сохранить отчёт для муниципалитета", name)
        if folder is None:
            return
        db, as_csv = self.context.db, self.format_box.currentData() == CSV

        def work(_progress: ProgressCallback) -> Written:
            data = municipality_csv(report) if as_csv else municipality_xlsx(report)
            return deliver(db, folder, name, data, kind=history.MUNICIPALITY,
                           notes=f"на {format_date(report.on)}")

        run_task(self, work, self._saved, title="Отчёт для муниципалитета",
                 label="Запись отчёта…", cancellable=False,
                 failure_title="Отчёт не сохранён")

    def _saved(self, written: Written) -> None:
        self.last_written = written
        text = (f"Отчёт сохранён и проверен: {written.path} ({size_text(written.size)}, "
                f"контрольная сумма SHA-256 {written.sha256[:12]}…). "
                "Запись — в «Истории выгрузок».")
        self.result.setText(text)
        self.result.show()
        self.context.changed()
        messages.show_info(self, text, title="Отчёт для муниципалитета")


def _width(model: ReportSheetModel, column: int) -> int:
    """Characters enough for the column's heading and its longest text (at most
    `MAX_COLUMN`)."""
    texts = [str(model.headerData(column, Qt.Orientation.Horizontal))]
    texts += [str(model.index(row, column).data()) for row in range(model.rowCount())]
    return min(round(max(len(text) for text in texts) * 1.15) + 2, MAX_COLUMN)
