"""The pair card's «Результаты»: an intermediate result with a mark, a mentee's feedback, edits
and deletions put on the card's undo stack and undone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus, PairNoteKind, PersonCategory
from nastavnik_desktop.data.models import MenteeProfile, MentoringForm, MentorProfile, Person
from nastavnik_desktop.services import pairs
from nastavnik_desktop.services.pairs.history import BoardChange
from nastavnik_desktop.services.pairs.writer import create_pair
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.pair_card.context import CardContext
from nastavnik_desktop.ui.pair_card.results_tab import ResultsTab
from nastavnik_desktop.ui.qdates import qdate

TODAY = dt.date(2026, 1, 20)


@pytest.fixture
def pair_id(db: Database, programme: ProgrammeInfo) -> int:
    with db.transaction() as session:
        form = next(f for f in session.scalars(select(MentoringForm))
                    if "ученик – ученик" in f.name)

        def person(last: str) -> Person:
            return Person(last_name=last, first_name="Иван", middle_name="Петрович",
                          category=PersonCategory.PUPIL, class_name="8В")

        mentor = MentorProfile(programme_id=programme.id, person=person("Орлов"), form=form,
                               status=MentorStatus.ADMITTED, capacity=3)
        mentees = [MenteeProfile(programme_id=programme.id, person=person(last), form=form)
                   for last in ("Ершов", "Жуков")]
        session.add_all([mentor, *mentees])
        session.flush()
        return create_pair(session, programme_id=programme.id, mentor_profile_id=mentor.id,
                           form_id=form.id, mentees=mentees, day=dt.date(2025, 10, 1)).id


@pytest.fixture
def recorded() -> list[BoardChange]:
    return []


@pytest.fixture
def tab(qtbot: Any, db: Database, programme: ProgrammeInfo, pair_id: int,
        recorded: list[BoardChange]) -> ResultsTab:
    widget = ResultsTab(CardContext(db, programme.id, pair_id, lambda: TODAY, recorded.append))
    qtbot.addWidget(widget)
    return widget


def _texts(tab: ResultsTab, kind: PairNoteKind) -> list[tuple[str, ...]]:
    model = tab.lists[kind].model
    return [tuple(model.index(row, column).data() for column in range(model.columnCount()))
            for row in range(model.rowCount())]


def test_an_intermediate_result_with_a_mark_is_added_and_undone(
        tab: ResultsTab, db: Database, recorded: list[BoardChange],
        shown_messages: messages.CapturedMessages) -> None:
    assert tab.title == "Результаты"
    assert "Оценок пока нет" in tab.summary.text()
    editor = tab.open_editor(PairNoteKind.INTERMEDIATE)
    editor.accept()  # neither text nor mark
    assert editor.isVisible() and "поставьте оценку" in shown_messages.texts()[-1]
    editor.written_on.setDate(qdate(dt.date(2026, 1, 15)))
    editor.text.setPlainText("Решает задачи уровня ОГЭ")
    editor.mark.setValue(7)
    editor.accept()
    assert not editor.isVisible()
    assert _texts(tab, PairNoteKind.INTERMEDIATE) == [
        ("15.01.2026", "7", "Решает задачи уровня ОГЭ")]
    assert tab.summary.text().startswith("Последняя оценка: 7 из 10 (15.01.2026)")
    assert len(recorded) == 1

    tab.lists[PairNoteKind.INTERMEDIATE].view.selectRow(0)
    edit = tab.open_editor(PairNoteKind.INTERMEDIATE, tab.lists[
        PairNoteKind.INTERMEDIATE].selected())
    assert edit.mark.value() == 7 and edit.text.toPlainText() == "Решает задачи уровня ОГЭ"
    edit.mark.setValue(9)
    edit.accept()
    assert _texts(tab, PairNoteKind.INTERMEDIATE)[0][1] == "9"

    pairs.undo(db, recorded[-1])  # what the card's Ctrl+Z does, then reload()
    tab.reload()
    assert _texts(tab, PairNoteKind.INTERMEDIATE)[0][1] == "7"
    pairs.undo(db, recorded[0])
    tab.reload()
    assert _texts(tab, PairNoteKind.INTERMEDIATE) == []
    assert not tab.lists[PairNoteKind.INTERMEDIATE].view.isVisibleTo(tab)


def test_feedback_of_a_mentee_and_of_the_mentor_deleted_with_undo(
        tab: ResultsTab, db: Database, recorded: list[BoardChange]) -> None:
    editor = tab.open_editor(PairNoteKind.MENTEE_FEEDBACK)
    assert [editor.mentee.itemText(i) for i in range(editor.mentee.count())] == [
        "Ершов И. П.", "Жуков И. П."]
    editor.mentee.setCurrentIndex(1)
    editor.text.setPlainText("Стало интересно")
    editor.accept()
    mentor = tab.open_editor(PairNoteKind.MENTOR_FEEDBACK)
    mentor.text.setPlainText("Работают дружно")
    mentor.accept()
    assert _texts(tab, PairNoteKind.MENTEE_FEEDBACK) == [
        ("20.01.2026", "Жуков И. П.", "Стало интересно")]
    assert _texts(tab, PairNoteKind.MENTOR_FEEDBACK) == [("20.01.2026", "Работают дружно")]

    feedback = tab.lists[PairNoteKind.MENTEE_FEEDBACK]
    assert not feedback.delete_button.isEnabled()
    feedback.view.selectRow(0)
    feedback.delete_button.click()
    assert _texts(tab, PairNoteKind.MENTEE_FEEDBACK) == []
    pairs.undo(db, recorded[-1])
    tab.reload()
    assert _texts(tab, PairNoteKind.MENTEE_FEEDBACK)[0][1] == "Жуков И. П."
