"""«Кто не ответил»: the people a round still waits for, and «Печать списка…» — the reminder list
as a PDF (`services.questionnaires.reminders`) formed in a worker and opened in the print
preview, like every document of the program."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.services.questionnaires import RoundInfo, reminders
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.dialogs.print_preview import PrintPreviewDialog
from nastavnik_desktop.ui.models.rounds_model import PeopleFilter, PeopleModel
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task
from nastavnik_desktop.ui.widgets.tables import fit_column, selected_source_rows, table_view

TITLE = "Кто не ответил"


class MissingPeopleDialog(QDialog):
    def __init__(self, db: Database, found: RoundInfo, today: Callable[[], dt.date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.found, self.today = db, found, today
        self.task: BackgroundTask | None = None
        self.preview: PrintPreviewDialog | None = None
        self.setWindowTitle(f"{TITLE} — {found.title}")
        people = [p for p in q.round_people_lines(db, found.id) if not p.answered]
        self.model = PeopleModel(people, self)
        self.proxy = PeopleFilter(self.model)
        self.view = table_view(self.proxy, multi=True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск по фамилии, классу, должности")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        fit_column(self.view, 0, least=20, most=45)
        fit_column(self.view, 1, least=12, most=35)
        self.view.horizontalHeader().setStretchLastSection(True)
        summary = (f"Не ответили {count_phrase(len(people), 'участник', 'участника', 'участников')}"
                   f" из {found.expected}." if people else
                   "Все, кто должен ответить, уже заполнили анкету.")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Опрос «{found.title}», {found.dates}"))
        self.summary = style.secondary(summary)
        layout.addWidget(self.summary)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton("Печать списка…",
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setEnabled(bool(people))
        self.print_button.setToolTip("Список для напоминания: ФИО, класс или должность, роль — "
                                     "в PDF для печати")
        self.print_button.clicked.connect(self.print_list)
        self.copy_button = buttons.addButton("Скопировать", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setEnabled(bool(people))
        self.copy_button.setToolTip("Скопировать выделенных (или весь список) в буфер обмена — "
                                    "для письма или таблицы (Ctrl+C)")
        self.copy_button.clicked.connect(self.copy)
        QShortcut(QKeySequence.StandardKey.Copy, self.view, self.copy)
        close = buttons.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        layout.addWidget(style.plain_buttons(buttons))
        self.resize(760, 520)

    def print_list(self) -> BackgroundTask | None:
        """Form the reminder list in a worker; the preview opens when it is ready."""
        if self.task is not None:
            return None
        db, round_id, day = self.db, self.found.id, self.today()
        out = messages.guarded(self, lambda: reminders.reminder_path(db, round_id, day),
                               title=TITLE)
        if out is None:
            return None
        self.task = run_task(
            self, lambda progress: reminders.write_reminder_list(
                db, round_id, out, as_of=day, separate_process=True, progress=progress),
            self._show, title=TITLE, label="Формируется список…",
            failure_title="Список не сформирован", on_finished=self._finished)
        return self.task

    def _show(self, path: Path) -> None:
        dialog = PrintPreviewDialog(Path(path), f"Не ответили — {self.found.title}", self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "preview", None))
        self.preview = dialog
        dialog.open()

    def copy(self) -> str:
        """The selected rows (all shown when none is) to the clipboard; the text copied."""
        rows = selected_source_rows(self.view) or [
            self.proxy.mapToSource(self.proxy.index(row, 0)).row()
            for row in range(self.proxy.rowCount())]
        text = self.model.as_text(rows)
        QGuiApplication.clipboard().setText(text)
        return text

    def _finished(self) -> None:
        self.task = None
