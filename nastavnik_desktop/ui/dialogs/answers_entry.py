"""«Ввести ответы с бланков»: the answers grid of a round in its own window (titled with the
round), for typing a pile of paper blanks. Every cell is saved as it is committed, so closing
the window loses nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services import questionnaires as q
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.widgets.answers_grid import AnswersEntry


class AnswersEntryDialog(QDialog):
    def __init__(self, db: Database, round_id: int, today: Callable[[], dt.date],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        info = q.round_info(db, round_id)
        self.setWindowTitle(f"Ответы с бланков — {info.title}")
        self.entry = AnswersEntry(db, round_id, today, self)
        layout = QVBoxLayout(self)
        explained = style.secondary(
            f"Анкета «{info.template_title}», {info.dates}. Наберите ответ цифрами и нажмите "
            "Enter: он сразу записывается, курсор идёт к следующему вопросу, в конце строки — "
            "к следующему участнику. Шкала — число от 1 до 10, да/нет — 1 или 0, вариант — его "
            "номер, несколько вариантов — номера через пробел. Бланки не по порядку: наберите "
            "фамилию в поиске и нажмите Enter. Вопрос целиком и его варианты — в подсказке "
            "заголовка столбца.")
        layout.addWidget(explained)
        layout.addWidget(self.entry, 1)
        buttons = QDialogButtonBox()
        close = buttons.addButton("Закрыть", QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        layout.addWidget(style.plain_buttons(buttons))
        self.setMinimumSize(900, 520)
        self.resize(1200, 720)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.entry.grid.setFocus()
        self.entry.grid.start()

    def reject(self) -> None:
        self.entry.grid.commit_pending()
        super().reject()
