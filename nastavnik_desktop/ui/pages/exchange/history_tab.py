"""The «История выгрузок» tab of «Обмен данными»: every file the program wrote for outside the
school (`history.export_history`) — when, what, which file, where, its size, how many people it
names and how many were left out for want of consent, whether it is encrypted, its SHA-256.
Searched and filtered by kind; Ctrl+C copies the selected rows; «Открыть папку» shows where a
file went; «Проверить файл» hashes it again (in a worker: a backup on a slow stick takes a
while) and says whether it is still the file written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.progress import ProgressCallback
from nastavnik_desktop.services.exchange import stick
from nastavnik_desktop.services.exchange.history import KIND_LABELS, ExportLine, export_history
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.models.documents_model import MiddleElidingDelegate
from nastavnik_desktop.ui.models.exchange_models import (
    CHANGED,
    COL_AT,
    COL_CHECK,
    COL_ENCRYPTED,
    COL_FILE,
    COL_FOLDER,
    COL_KIND,
    COL_LEFT_OUT,
    COL_PEOPLE,
    COL_SHA256,
    COL_SIZE,
    MATCHES,
    MISSING,
    ExportHistoryFilter,
    ExportHistoryModel,
)
from nastavnik_desktop.ui.pages.tabbed import PageContext, PageTab
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.widgets.tables import search_filter_row

ALL_KINDS = "Все выгрузки"
_STATES = {stick.FILE_MATCHES: MATCHES, stick.FILE_CHANGED: CHANGED,
           stick.FILE_MISSING: MISSING}
_WIDTHS = {COL_AT: 118, COL_KIND: 220, COL_FILE: 250, COL_SIZE: 72, COL_PEOPLE: 60,
           COL_LEFT_OUT: 76, COL_ENCRYPTED: 100, COL_CHECK: 120, COL_FOLDER: 180,
           COL_SHA256: 200}


class HistoryTab(PageTab):
    title = "История выгрузок"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._task: BackgroundTask | None = None
        self.model = ExportHistoryModel(self)
        self.proxy = ExportHistoryFilter(self)
        self.proxy.setSourceModel(self.model)

        layout = QVBoxLayout(self)
        layout.addWidget(style.secondary(
            "Файлы, которые программа записала для передачи за пределы школы: отчёты, именные "
            "списки, резервные копии. По контрольной сумме SHA-256 получатель может убедиться, "
            "что файл дошёл без искажений."))
        layout.addLayout(self._build_bar())
        self.table = self._build_table()
        layout.addWidget(self.table, 1)
        self.empty_label = style.secondary(
            "Выгрузок ещё не было: каждый файл, записанный на вкладках этого раздела, "
            "попадает сюда с датой, местом и контрольной суммой.")
        self.empty_label.setObjectName("history_empty")
        style.set_enum_property(self.empty_label, "alignment", "AlignLeft|AlignTop")
        layout.addWidget(self.empty_label, 1)  # at the top, in the table's place
        for keys, slot in ((QKeySequence.StandardKey.Copy, self.copy_selected),
                           (QKeySequence.StandardKey.Find, self.search_edit.setFocus)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
        self.reload()

    def _build_bar(self) -> QHBoxLayout:
        self.search_edit, self.kind_combo, bar = search_filter_row(
            "Поиск по дате, файлу, папке, контрольной сумме (Ctrl+F)",
            {"": ALL_KINDS, **KIND_LABELS}, self._on_filter)
        self.search_edit.setObjectName("history_search")
        self.kind_combo.setObjectName("history_kind")
        self.folder_button = QPushButton("Открыть папку")
        self.folder_button.setObjectName("history_open_folder")
        self.folder_button.setToolTip("Открыть папку, куда записан выбранный файл")
        self.folder_button.clicked.connect(self.open_folder)
        self.check_button = QPushButton("Проверить файл")
        self.check_button.setObjectName("history_check")
        self.check_button.setToolTip("Прочитать выбранные файлы заново и сравнить их "
                                     "контрольные суммы с записанными")
        self.check_button.clicked.connect(self.check_selected)
        self.copy_button = QPushButton("Копировать")
        self.copy_button.setObjectName("history_copy")
        self.copy_button.setToolTip("Скопировать выбранные строки с контрольными суммами "
                                    "(Ctrl+C)")
        self.copy_button.clicked.connect(self.copy_selected)
        for button in (self.folder_button, self.check_button, self.copy_button):
            bar.addWidget(button)
        return bar

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("history_table")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in _WIDTHS.items():
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self._eliding = MiddleElidingDelegate(table)
        for column in (COL_FILE, COL_FOLDER, COL_SHA256):
            table.setItemDelegateForColumn(column, self._eliding)
        table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        return table

    # --- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        self.model.set_lines(export_history(self.context.db))
        self.empty_label.setVisible(self.model.rowCount() == 0)
        self.table.setVisible(self.model.rowCount() > 0)
        self._update_buttons()

    def _on_filter(self) -> None:
        self.proxy.set_search(self.search_edit.text())
        self.proxy.set_kind(self.kind_combo.currentData() or None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = bool(self.selected_lines())
        busy = self._task is not None and self._task.is_running()
        self.folder_button.setEnabled(chosen)
        self.check_button.setEnabled(chosen and not busy)
        self.copy_button.setEnabled(chosen)

    def selected_rows(self) -> list[int]:
        """The selected rows of the model, in the order shown."""
        rows = {self.proxy.mapToSource(index).row()
                for index in self.table.selectionModel().selectedRows()}
        return sorted(rows, key=lambda row: self.proxy.mapFromSource(
            self.model.index(row, 0)).row())

    def selected_lines(self) -> list[ExportLine]:
        return [self.model.line_at(row) for row in self.selected_rows()]

    def lines(self) -> list[ExportLine]:
        """The rows shown (after search and filter)."""
        return [self.model.line_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
                for row in range(self.proxy.rowCount())]

    # --- actions ----------------------------------------------------------------------------

    def copy_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            QGuiApplication.clipboard().setText(
                "\n".join(self.model.row_text(row) for row in rows))

    def open_folder(self) -> None:
        lines = self.selected_lines()
        if not lines:
            return
        folder = Path(lines[0].folder)
        if not folder.is_dir():
            messages.show_error(
                self, f"Папка «{folder}» не найдена: флешка, вероятно, не вставлена. "
                "Вставьте её и повторите.", title="Папка не найдена")
            return
        messages.open_folder(self, folder)

    def check_selected(self) -> BackgroundTask | None:
        """Hash the selected files again, in a worker; the result in «Проверка» and a message."""
        lines = self.selected_lines()
        if not lines or (self._task is not None and self._task.is_running()):
            return None
        total = sum(line.size for line in lines) or 1

        def work(progress: ProgressCallback) -> list[tuple[ExportLine, str]]:
            results = []
            done = 0
            for line in lines:
                def part(step: int, _total: int, base: int = done) -> bool:
                    return progress(base + step, total)
                results.append((line, stick.check_written(line.path, line.sha256, part)))
                done += line.size
            return results

        self._task = run_task(self, work, self._checked, title="Проверка файлов",
                              label="Файлы читаются и сверяются с записанными…",
                              failure_title="Проверка не удалась",
                              on_finished=self._update_buttons)
        self._update_buttons()
        return self._task

    def _checked(self, results: list[tuple[ExportLine, str]]) -> None:
        for line, state in results:
            self.model.set_check(line.id, _STATES[state])
        if len(results) == 1:
            line, state = results[0]
            text = {stick.FILE_MATCHES: f"Файл «{line.file_name}» совпадает с записанным: "
                                        "контрольная сумма та же.",
                    stick.FILE_CHANGED: f"Файл «{line.file_name}» изменён: его контрольная "
                                        "сумма не совпадает с записанной. Запишите файл "
                                        "заново.",
                    stick.FILE_MISSING: f"Файл «{line.file_name}» не найден в папке "
                                        f"«{line.folder}»: флешка не вставлена, или файл "
                                        "переместили или удалили."}[state]
        else:
            counts = {state: sum(1 for _line, s in results if s == state) for state in _STATES}
            text = (f"Проверено файлов: {len(results)}. Совпадают: {counts[stick.FILE_MATCHES]}"
                    f", изменены: {counts[stick.FILE_CHANGED]}, не найдены: "
                    f"{counts[stick.FILE_MISSING]}.")
        messages.show_info(self, text, title="Проверка файлов")
