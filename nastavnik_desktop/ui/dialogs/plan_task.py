"""The small dialogs of the «План развития» tab: a task's columns, a template to fill the plan
from (with the day its deadlines count from, and «добавить» or «заменить» when the plan is not
empty), a date for many tasks at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from nastavnik_desktop.data.enums import PlanItemKind
from nastavnik_desktop.services import plans
from nastavnik_desktop.services.plans import TaskEntry, TemplateInfo
from nastavnik_desktop.text import format_date
from nastavnik_desktop.ui import style
from nastavnik_desktop.ui.qdates import DATE_FORMAT, pydate, qdate


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    return edit


class TaskDialog(QDialog):
    """A common task: direction, content, action, deadline, expected result, done on."""

    def __init__(self, title: str, entry: TaskEntry | None, directions: Sequence[str],
                 today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        entry = entry or TaskEntry(text="", due_on=today)
        self.direction = QComboBox()
        self.direction.setEditable(True)
        self.direction.addItems([d for d in directions if d])
        self.direction.setCurrentText(entry.direction)
        self.direction.setToolTip("Направление развития: выберите из плана или напишите новое")
        self.content = QLineEdit(entry.text)
        self.content.setPlaceholderText("Что нужно сделать")
        self.action = QLineEdit(entry.action)
        self.action.setPlaceholderText("Как пара это делает")
        self.expected = QLineEdit(entry.result)
        self.expected.setPlaceholderText("Что должно получиться")
        self.has_due = QCheckBox("Срок")
        self.due = date_edit(entry.due_on or today)
        self.has_due.setChecked(entry.due_on is not None)
        self.due.setEnabled(entry.due_on is not None)
        self.has_due.toggled.connect(self.due.setEnabled)
        self.is_done = QCheckBox("Выполнено")
        self.done_on = date_edit(entry.done_on or today)
        self.is_done.setChecked(entry.done_on is not None)
        self.done_on.setEnabled(entry.done_on is not None)
        self.is_done.toggled.connect(self.done_on.setEnabled)
        form = QFormLayout()
        form.addRow("Направление", self.direction)
        form.addRow("Содержание", self.content)
        form.addRow("Действие", self.action)
        form.addRow("Ожидаемый результат", self.expected)
        form.addRow(self.has_due, self.due)
        form.addRow(self.is_done, self.done_on)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(style.dialog_buttons(self, "Сохранить")[0])
        self.resize(560, self.sizeHint().height())
        self.content.setFocus()

    def entry(self) -> TaskEntry:
        return TaskEntry(
            text=self.content.text(), direction=self.direction.currentText(),
            action=self.action.text(), result=self.expected.text(),
            due_on=pydate(self.due.date()) if self.has_due.isChecked() else None,
            done_on=pydate(self.done_on.date()) if self.is_done.isChecked() else None)


class FillDialog(QDialog):
    """«Заполнить из шаблона»: the template (the pair's own first), the day the deadlines count
    from, and — when the plan already has lines — add to it or replace its tasks."""

    def __init__(self, templates: Sequence[TemplateInfo], suggested: int | None, *,
                 plan_empty: bool, today: dt.date, formed_on: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.formed_on = formed_on
        self.setWindowTitle("Заполнить план из шаблона")
        self.templates = list(templates)
        self.choice = QComboBox()
        for template in self.templates:
            who = template.role_model_name or "вся форма"
            self.choice.addItem(f"{template.caption} ({who})", template.id)
        if suggested is not None:
            self.choice.setCurrentIndex(max(0, self.choice.findData(suggested)))
        self.preview = QListWidget()
        self.preview.setObjectName("template_preview")
        self.start = date_edit(today)
        self.start.setToolTip("Сроки задач считаются от этого дня; задачи без срока в шаблоне "
                              "распределяются до конца учебного года")
        self.add = QRadioButton("Добавить к плану")
        self.replace = QRadioButton("Заменить задачи плана (цели наставляемых останутся)")
        self.add.setChecked(True)
        form = QFormLayout()
        form.addRow("Шаблон", self.choice)
        form.addRow("Сроки считать от", self.start)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Что попадёт в план (срок, направление, содержание):"))
        layout.addWidget(self.preview, 1)
        if not plan_empty:
            question = QLabel("В плане уже есть строки. Что сделать с ними?")
            question.setWordWrap(True)
            layout.addWidget(question)
            row = QHBoxLayout()
            row.addWidget(self.add)
            row.addWidget(self.replace)
            row.addStretch(1)
            layout.addLayout(row)
        else:
            self.add.hide()
            self.replace.hide()
        layout.addWidget(style.dialog_buttons(self, "Заполнить")[0])
        self.choice.currentIndexChanged.connect(self._show_preview)
        self.start.dateChanged.connect(self._show_preview)
        self._show_preview()
        self.resize(720, 460)

    def chosen(self) -> TemplateInfo | None:
        template_id = self.choice.currentData()
        return next((t for t in self.templates if t.id == template_id), None)

    def _show_preview(self) -> None:
        self.preview.clear()
        template = self.chosen()
        if template is None:
            return
        deadlines = plans.template_deadlines(template.lines, self.start_day(), self.formed_on)
        for line, due in zip(template.lines, deadlines, strict=True):
            if line.kind is PlanItemKind.GOAL:
                self.preview.addItem(f"Цель: {line.content}")
            else:
                head = f"{line.direction}: " if line.direction else ""
                self.preview.addItem(f"{format_date(due)}  {head}{line.content}")

    def start_day(self) -> dt.date:
        return pydate(self.start.date())

    def replacing(self) -> bool:
        return self.replace.isChecked()


class DateDialog(QDialog):
    """One date for the selected tasks (the day they were done, a new deadline)."""

    def __init__(self, title: str, prompt: str, day: dt.date, accept_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.day = date_edit(day)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.day)
        layout.addWidget(style.dialog_buttons(self, accept_text)[0])

    def chosen(self) -> dt.date:
        return pydate(self.day.date())
