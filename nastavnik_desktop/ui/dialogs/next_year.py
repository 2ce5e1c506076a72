"""Opening the next school year: the curator confirms what is carried over, then one call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.services.stages import stage1 as stage1_service
from nastavnik_desktop.text import count_phrase
from nastavnik_desktop.ui import messages

if TYPE_CHECKING:
    from nastavnik_desktop.ui.main_window import MainWindow


def ask_start_next_year(parent: QWidget | None, db: Database,
                        programme_id: int) -> ProgrammeInfo | None:
    """Confirm, then open the programme of the next school year; None if the curator declined
    or it could not be done (the reason is shown)."""
    preview = messages.guarded(parent, lambda: stage1_service.next_year_preview(db, programme_id))
    if preview is None:
        return None
    mentors = count_phrase(preview.mentors_carried_over, "наставник", "наставника",
                           "наставников")
    text = (f"Начать программу наставничества на {preview.next_school_year} учебный год?\n\n"
            f"Программа {preview.school_year} перейдёт в архив: её данные останутся в базе, "
            "а на экранах будет новая программа; вернуть архивную в работу нельзя. "
            "В новую программу перейдут цель, задачи и ожидаемые результаты, формы "
            f"наставничества, куратор и команда, а также база наставников ({mentors}). "
            "Наставляемые, пары и мероприятия не переносятся.")
    if not messages.confirm(parent, text, title="Новый учебный год",
                            accept_text="Начать новый год"):
        return None
    return messages.guarded(parent, lambda: stage1_service.start_next_year(db, programme_id),
                            title="Не удалось начать новый учебный год")


def ask_undo_next_year(window: MainWindow) -> None:
    """Confirm, then put the database back as it was before the new year was started (the
    backup taken then), through `MainWindow.restore_database_from`."""
