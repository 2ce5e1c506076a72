"""The pair card's «План развития» tab and the template editor, driven through their widgets on
a real database: fill from a template, mark two tasks done with the keyboard, strengths and
goals, delete with confirmation, undo through the card's `record`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus, PersonCategory, PlanItemKind
from nastavnik_desktop.data.models import (
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    PairMentee,
    Person,
    PlanItem,
)
from nastavnik_desktop.services import pairs, plans
from nastavnik_desktop.services.pairs.history import BoardChange
from nastavnik_desktop.services.pairs.writer import create_pair
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs.plan_task import DateDialog, FillDialog, TaskDialog
from nastavnik_desktop.ui.dialogs.plan_templates import LineDialog, PlanTemplatesDialog
from nastavnik_desktop.ui.pair_card.context import CardContext
from nastavnik_desktop.ui.pair_card.plan_tab import PlanTab
from nastavnik_desktop.ui.widgets.tables import selected_source_rows

FORMED = dt.date(2025, 10, 1)
TODAY = dt.date(2025, 11, 20)


@dataclass
class Card:
    tab: PlanTab
    changes: list[BoardChange]
    mentee_id: int

    def undo_last(self) -> None:
        pairs.undo(self.tab.context.db, self.changes.pop())
        self.tab.reload()


def _person(last: str, category: PersonCategory) -> Person:
    return Person(last_name=last, first_name="Анна", middle_name="Ивановна", category=category,
                  class_name="8Б" if category is PersonCategory.PUPIL else "")


@pytest.fixture
def card(qtbot: QtBot, db: Database, programme: ProgrammeInfo) -> Card:
    with db.transaction() as session:
        form = session.scalars(select(MentoringForm)
                               .where(MentoringForm.code == "pupil_pupil")).one()
        mentor = MentorProfile(programme_id=programme.id, form=form, capacity=1,
                               status=MentorStatus.ADMITTED,
                               person=_person("Орлова", PersonCategory.PUPIL))
        mentee = MenteeProfile(programme_id=programme.id, form=form,
                               person=_person("Ершова", PersonCategory.PUPIL))
        session.add_all([mentor, mentee])
        session.flush()
        pair_id = create_pair(session, programme_id=programme.id, mentor_profile_id=mentor.id,
                              form_id=form.id, mentees=[mentee], day=FORMED).id
        mentee_id = mentee.id
    changes: list[BoardChange] = []
    tab = PlanTab(CardContext(db, programme.id, pair_id, lambda: TODAY, changes.append))
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    return Card(tab, changes, mentee_id)


def stored(db: Database, pair_id: int) -> list[PlanItem]:
    with db.reading() as session:
        items = list(session.scalars(select(PlanItem).where(PlanItem.pair_id == pair_id)
                                     .order_by(PlanItem.sort_order)))
        session.expunge_all()
        return items


def select_rows(tab: PlanTab, *rows: int) -> None:
    selection = tab.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(tab.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)


def test_the_tab_says_what_it_is(card: Card) -> None:
    assert card.tab.title == "План развития"
    assert "Заполнить из шаблона" in card.tab.summary.text()
    assert "Ctrl+D" in card.tab.done_action.toolTip()


def test_fill_from_a_template_then_mark_two_done_and_undo(
        qtbot: QtBot, card: Card, monkeypatch: pytest.MonkeyPatch) -> None:
    tab, db, pair_id = card.tab, card.tab.context.db, card.tab.context.pair_id
    shown: list[FillDialog] = []

    def fill(dialog: FillDialog) -> int:
        shown.append(dialog)
        dialog.start.setDate(dialog.start.date().addDays(10))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FillDialog, "exec", fill)
    qtbot.mouseClick(_button(tab, "Заполнить из шаблона…"), Qt.MouseButton.LeftButton)
    (dialog,) = shown
    template = plans.template_for_pair(db, pair_id)
    assert template is not None and dialog.chosen() == template
    assert dialog.preview.count() == len(template.lines)
    assert not dialog.replace.isVisible()
    items = stored(db, pair_id)
    assert [(i.direction, i.text, i.action, i.result) for i in items] == [
        (line.direction, line.content, line.action, line.result) for line in template.lines]
    assert all(i.due_on and i.due_on > TODAY + dt.timedelta(days=10) for i in items)
    assert tab.model.rowCount() == len(items) and len(card.changes) == 1

    days: list[DateDialog] = []

    def done_on(dialog: DateDialog) -> int:
        days.append(dialog)
        dialog.day.setDate(dialog.day.date().addDays(-2))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DateDialog, "exec", done_on)
    select_rows(tab, 0, 2)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert days, "Ctrl+D opens the date of the selected tasks"
    done = {i.id: i.done_on for i in stored(db, pair_id)}
    assert [done[items[0].id], done[items[1].id], done[items[2].id]] == [
        TODAY - dt.timedelta(days=2), None, TODAY - dt.timedelta(days=2)]
    assert "выполнено 2" in tab.summary.text()
    assert len(card.changes) == 2

    card.undo_last()
    assert all(i.done_on is None for i in stored(db, pair_id))
    assert "выполнено 0" in tab.summary.text()
    card.undo_last()
    assert stored(db, pair_id) == [] and tab.model.rowCount() == 0


def _button(tab: PlanTab, text: str) -> QPushButton:
    return next(b for b in tab.findChildren(QPushButton) if b.text() == text)


def test_insert_adds_a_task_and_enter_edits_it(qtbot: QtBot, card: Card,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    tab, db, pair_id = card.tab, card.tab.context.db, card.tab.context.pair_id

    def write(dialog: TaskDialog) -> int:
        dialog.content.setText(dialog.content.text() + "Открытый урок")
        dialog.direction.setCurrentText("Методика")
        dialog.expected.setText("урок проведён")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TaskDialog, "exec", write)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Insert)
    (item,) = stored(db, pair_id)
    assert (item.kind, item.direction, item.text, item.result, item.due_on) == (
        PlanItemKind.TASK, "Методика", "Открытый урок", "урок проведён", TODAY)
    select_rows(tab, 0)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert stored(db, pair_id)[0].text == "Открытый урокОткрытый урок"
    assert "(Insert)" in tab.add_action.toolTip() and "(Enter)" in tab.edit_action.toolTip()


def test_a_filled_plan_asks_add_or_replace(qtbot: QtBot, card: Card,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    tab, db, pair_id = card.tab, card.tab.context.db, card.tab.context.pair_id
    plans.add_task(db, pair_id, plans.TaskEntry("Своя задача"), today=TODAY)
    tab.reload()

    def replace(dialog: FillDialog) -> int:
        assert not dialog.replace.isHidden()
        dialog.replace.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FillDialog, "exec", replace)
    tab.fill_from_template()
    assert "Своя задача" not in [i.text for i in stored(db, pair_id)]
    assert card.changes and card.changes[-1].pair_id == pair_id


def test_overdue_rows_say_so_in_words(card: Card) -> None:
    tab, db, pair_id = card.tab, card.tab.context.db, card.tab.context.pair_id
    plans.add_task(db, pair_id, plans.TaskEntry("Поздняя", due_on=TODAY - dt.timedelta(days=1)),
                   today=TODAY)
    plans.add_task(db, pair_id, plans.TaskEntry("В срок", due_on=TODAY), today=TODAY)
    tab.reload()
    due = [tab.model.index(row, tab.model.DUE).data() for row in range(2)]
    assert due == ["19.11.2025 — просрочено", "20.11.2025"]
    assert tab.model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert tab.model.index(1, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "просрочено 1" in tab.summary.text()


def test_delete_asks_first_and_is_undone(qtbot: QtBot, card: Card,
                                         shown_messages: messages.CapturedMessages) -> None:
    tab, db, pair_id = card.tab, card.tab.context.db, card.tab.context.pair_id
    for text in ("Первая", "Вторая"):
        plans.add_task(db, pair_id, plans.TaskEntry(text), today=TODAY)
    tab.reload()
    select_rows(tab, 0, 1)
    shown_messages.answer = False
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert "Удалить из плана 2\xa0задачи?" in shown_messages.texts()[-1]
    assert len(stored(db, pair_id)) == 2
    shown_messages.answer = True
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert stored(db, pair_id) == []
    card.undo_last()
    assert [i.text for i in stored(db, pair_id)] == ["Первая", "Вторая"]


def test_strengths_and_goals_are_saved_from_their_fields(qtbot: QtBot, card: Card) -> None:
    tab, db, pair_id = card.tab, card.tab.context.db, card.tab.context.pair_id
    box = tab.boxes[0]
    assert box.mentee_id == card.mentee_id and tab.boxes[-1].isHidden()
    assert box.strengths is not None
    box.strengths.setText("рисует")
    box.strengths.editingFinished.emit()
    box.new_goal.setText("Выступить на конференции")
    qtbot.keyClick(box.new_goal, Qt.Key.Key_Return)
    with db.reading() as session:
        member = session.scalars(select(PairMentee).where(PairMentee.pair_id == pair_id)).one()
        assert (member.strengths, member.growth_points) == ("рисует", "")
    goals = [(i.kind, i.text, i.mentee_profile_id) for i in stored(db, pair_id)]
    assert goals == [(PlanItemKind.GOAL, "Выступить на конференции", card.mentee_id)]
    assert tab.boxes[0].goals.count() == 1 and box.new_goal.text() == ""
    assert len(card.changes) == 2
    card.undo_last()
    card.undo_last()
    assert stored(db, pair_id) == []
    assert tab.boxes[0].strengths is not None and tab.boxes[0].strengths.text() == ""


def test_the_template_editor_edits_copies_and_resets(qtbot: QtBot, db: Database,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = PlanTemplatesDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    first = dialog.current()
    assert first is not None and first.is_seeded
    assert "из методических рекомендаций" in dialog.mark.text()
    assert not dialog.delete_button.isEnabled()

    def new_line(line_dialog: LineDialog) -> int:
        line_dialog.content.setText("Своя задача")
        line_dialog.days.setValue(14)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(LineDialog, "exec", new_line)
    dialog.add_line()
    saved = plans.template(db, first.id).lines
    assert (saved[-1].content, saved[-1].due_after_days) == ("Своя задача", 14)
    assert selected_source_rows(dialog.table) == [len(saved) - 1], "the new line is selected"
    dialog.move_line(-1)  # Ctrl+↑ twice
    dialog.move_line(-1)
    assert plans.template(db, first.id).lines[-3].content == "Своя задача"
    assert selected_source_rows(dialog.table) == [len(saved) - 3], "the moved line stays selected"

    dialog.copy()
    copy = dialog.current()
    assert copy is not None and not copy.is_seeded and copy.id != first.id
    assert dialog.delete_button.isEnabled()
    title = dialog.findChild(QLineEdit, "template_title")
    title.setText("Наш шаблон")
    title.editingFinished.emit()
    assert plans.template(db, copy.id).title == "Наш шаблон"

    dialog.load(first.id)
    dialog.reset()
    assert [line.content for line in plans.template(db, first.id).lines] == [
        line.content for line in first.lines]
    dialog.toggle_hidden()
    assert plans.template(db, first.id).hidden
    assert "скрыт" in dialog.tree.currentItem().text(0)
