"""«Начать новый учебный год…» and «Отменить начало учебного года…» (services/new_year.py).

The start: `NextYearDialog` shows the plan — the warnings in a yellow note at the top (pairs
and groups still at work, the school year far from its end), what carries over and what does
not with their counts, the check box that advances the classes with what it would do, and
how the start is undone —; on «Начать новый год» the work (backup, then one transaction) runs
in a worker with progress and the window shows the new year. The undo: a confirmation, then
`MainWindow.restore_database_from` puts back the copy taken before the start.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.services import new_year
from nastavnik_desktop.services.new_year import ClassAdvance, NewYearPlan, NewYearStarted
from nastavnik_desktop.text import count_phrase, format_date
from nastavnik_desktop.ui import messages, style
from nastavnik_desktop.ui.tasks import BackgroundTask, run_task

if TYPE_CHECKING:
    from nastavnik_desktop.ui.main_window import MainWindow

TITLE = "Новый учебный год"
UNDO_TITLE = "Отмена начала учебного года"
ADVANCE_TEXT = "Перевести учеников в следующий класс (11-е — в выпускники)"
BACKUP_NOTE = ("Перед началом будет сделана резервная копия базы; отменить можно через "
               "«Файл → Отменить начало учебного года…», пока в новом году ничего не "
               "записано.")
_WARNING_STYLE = f"QLabel {{ {style.NOTE_LOOK} padding: 8px 10px; }}"


class NextYearDialog(QDialog):
    """The plan of the new school year and the curator's choice; nothing is written here."""

    def __init__(self, plan: NewYearPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(TITLE)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(style.heading(
            f"Начать программу наставничества на {plan.next_school_year} учебный год",
            factor=1.3))
        about = QLabel(f"Программа {plan.school_year} перейдёт в архив: её данные останутся в "
                       "базе, открыть её для просмотра можно через «Файл → Учебный "
                       "год». Вернуть архивную программу в работу нельзя — только отменить "
                       "начало нового года (см. ниже).")
        about.setWordWrap(True)
        layout.addWidget(about)

        self.warnings = QLabel("\n\n".join(plan.warnings))
        self.warnings.setObjectName("new_year_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(_WARNING_STYLE)
        self.warnings.setVisible(bool(plan.warnings))
        layout.addWidget(self.warnings)

        lists = QHBoxLayout()
        self.carried, self.carried_title = self._add_list(
            lists, "carried", f"Перейдёт в новый год ({len(plan.carried)})", plan.carried)
        self.not_carried, self.not_carried_title = self._add_list(
            lists, "not_carried",
            f"Не перейдёт — останется в архиве {plan.school_year} ({len(plan.not_carried)})",
            plan.not_carried)
        layout.addLayout(lists, 1)

        self.advance = QCheckBox(ADVANCE_TEXT)
        self.advance.setObjectName("advance_classes")
        layout.addWidget(self.advance)
        self.classes = style.secondary(classes_text(plan.classes, plan.school_year))
        self.classes.setObjectName("classes_note")
        self.classes.setWordWrap(True)
        self.classes.setContentsMargins(24, 0, 0, 0)
        layout.addWidget(self.classes)

        self.backup_note = QLabel(BACKUP_NOTE)
        self.backup_note.setObjectName("backup_note")
        self.backup_note.setWordWrap(True)
        layout.addWidget(self.backup_note)

        box, self.accept_button = style.dialog_buttons(self, "Начать новый год")
        if plan.warnings:  # Enter must not start a year the program warns about
            self.accept_button.setDefault(False)
            self.accept_button.setAutoDefault(False)
        layout.addWidget(box)
        self.resize(900, 600)

    def _add_list(self, row: QHBoxLayout, name: str, title: str,
                  lines: tuple[str, ...]) -> tuple[QListWidget, QLabel]:
        column = QVBoxLayout()
        header = QLabel(f"<b>{title}</b>")
        column.addWidget(header)
        shown = QListWidget()
        shown.setObjectName(name)
        shown.setWordWrap(True)
        shown.setSpacing(3)
        shown.addItems([f"• {line}" for line in lines])
        header.setBuddy(shown)
        column.addWidget(shown, 1)
        row.addLayout(column, 1)
        return shown, header

    def advance_classes(self) -> bool:
        return self.advance.isChecked()


def classes_text(classes: ClassAdvance, school_year: str) -> str:
    """What the check box would do, in numbers."""
    graduation = school_year[-4:]
    parts = [f"В следующий класс: {count_phrase(classes.advanced, 'ученик', 'ученика', 'учеников')}"
             f" («5А» станет «6А»); в выпускники {graduation} года: "
             f"{count_phrase(classes.graduates, 'ученик', 'ученика', 'учеников')} 11-х классов "
             "(класс снимается, в заметках остаётся «Выпуск … года, 11Б класс»; выпускники — "
             "источник внешних наставников)."]
    if classes.odd:
        names = ", ".join(f"«{name}»" if name else "без класса"
                          for name in classes.odd_classes[:6])
        more = " и другие" if len(classes.odd_classes) > 6 else ""
        parts.append(f"Не изменятся: {count_phrase(classes.odd, 'ученик', 'ученика', 'учеников')}"
                     f" с классом не вида «номер и буква» ({names}{more}) — поправьте их в базе "
                     "сами.")
    parts.append("Новых учеников загрузите из таблицы: «Файл → Загрузить людей из таблицы…».")
    return " ".join(parts)


def current_day() -> dt.date:
    """The day the start is dated and its warnings judged by (tests put their own day here)."""
    return dt.date.today()


def ask_start_next_year(window: MainWindow, *,
                        today: dt.date | None = None) -> BackgroundTask | None:
    """Show the plan; on «Начать новый год» start the year in a worker (the window then
    shows it). None when the curator declined or the plan could not be read."""
    today = today or current_day()
    programme = window.programme
    if programme is None:
        return None
    db = window.database
    plan = messages.guarded(window, lambda: new_year.next_year_preview(db, programme.id,
                                                                        today=today),
                            title="Не удалось начать новый учебный год")
    if plan is None:
        return None
    dialog = NextYearDialog(plan, window)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    advance = dialog.advance_classes()
    dialog.deleteLater()
    if not accepted:
        return None

    def done(started: NewYearStarted) -> None:
        window.apply_settings()  # every page built again: the new year is the current one
        messages.show_info(window, started_text(started), title=TITLE)

    return run_task(
        window, lambda progress: new_year.start_next_year(
            db, programme.id, today=today, advance_classes=advance, progress=progress),
        done, title=TITLE, label="Сохраняется резервная копия и начинается новый учебный год…",
        failure_title="Не удалось начать новый учебный год", cancellable=False)


def started_text(started: NewYearStarted) -> str:
    text = (f"Начата программа наставничества на {started.programme.school_year} учебный год: "
            "этап 1 «Подготовка условий» открыт.")
    if started.classes is not None:
        classes = started.classes
        text += (f" В следующий класс переведено "
                 f"{count_phrase(classes.advanced, 'ученик', 'ученика', 'учеников')}, в "
                 f"выпускники — {classes.graduates}.")
        if classes.odd:
            text += (f" Не изменено: {classes.odd} (класс не вида «номер и буква» или не "
                     "указан).")
    return text + (f" Резервная копия «{started.backup.name}» сохранена; отменить начало года "
                   "можно через «Файл → Отменить начало учебного года…», пока в новом году "
                   "ничего не записано.")


def ask_undo_next_year(window: MainWindow) -> None:
    """Confirm, then put the database back as it was before the new year was started (the
    backup taken then), through `MainWindow.restore_database_from`."""
    undo = messages.guarded(window, lambda: new_year.pending_undo(window.database),
                            title=UNDO_TITLE)
    if undo is None:
        messages.show_info(window, "Отменить начало учебного года уже нельзя: после него в "
                                   "базе записано новое. Копия, сделанная перед ним, есть в "
                                   "«Файл → Резервные копии…».", title=UNDO_TITLE)
        return
    text = (f"Отменить начало учебного года {undo.next_school_year}?\n\n"
            f"База вернётся к резервной копии, сделанной {format_date(undo.started_on)} "
            f"перед началом года: текущей снова станет программа {undo.school_year}, а "
            f"программа {undo.next_school_year} исчезнет. Состояние с новым годом сначала "
            "сохранится как копия «перед восстановлением из копии». Окно закроет базу и "
            "откроет её снова.")
    if not messages.confirm(window, text, title=UNDO_TITLE, accept_text="Отменить начало года"):
        return
    window.restore_database_from(new_year.undo_start,
                                 label="Отменяется начало учебного года…")
