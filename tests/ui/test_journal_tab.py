"""The «Встречи» tab of the pair card and the quick entry of a mentor's paper journal, driven
from the keyboard on real widgets and a real database: three meetings typed in and saved in one
change, the status following them, undo; a refused row named with everything typed kept;
deleting with confirmation; a planned meeting marked held."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MeetingKind, MentorStatus, PairStatus, PersonCategory
from nastavnik_desktop.data.models import (
    Meeting,
    MeetingAttendance,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    Person,
)
from nastavnik_desktop.services import pairs
from nastavnik_desktop.services.pairs import BoardChange, MeetingEntry, MeetingFormat
from nastavnik_desktop.services.pairs.writer import create_pair
from nastavnik_desktop.services.programme import ProgrammeInfo
from nastavnik_desktop.ui import messages
from nastavnik_desktop.ui.dialogs.meeting_entry import MeetingEntryDialog
from nastavnik_desktop.ui.models.journal_model import (
    EntryGridModel,
    typed_date,
    typed_format,
    typed_kind,
)
from nastavnik_desktop.ui.pair_card.context import CardContext
from nastavnik_desktop.ui.pair_card.journal_tab import JournalTab
from tests.helpers.journal import cell, editor, enter, save, type_row

TODAY = dt.date(2026, 1, 20)
FORMED = dt.date(2025, 10, 1)
FIRST = dt.date(2025, 10, 6)
"""The acquaintance meeting already in the journal: the pair is at «знакомство»."""


@dataclass
class Card:
    db: Database
    pair_id: int
    mentees: dict[str, int]
    recorded: list[BoardChange]
    tab: JournalTab


def _person(session: Any, last: str) -> Person:
    person = Person(last_name=last, first_name="Иван", middle_name="Петрович",
                    category=PersonCategory.PUPIL, class_name="5А")
    session.add(person)
    return person


@pytest.fixture
def card(db: Database, programme: ProgrammeInfo, qtbot: QtBot) -> Card:
    """A group of mentor Орлов with mentees Ершов and Жуков, one acquaintance meeting held,
    and its «Встречи» tab recording changes into `recorded`."""
    with db.transaction() as session:
        form = next(f for f in session.scalars(select(MentoringForm))
                    if "ученик – ученик" in f.name)
        mentor = MentorProfile(programme_id=programme.id, person=_person(session, "Орлов"),
                               form=form, status=MentorStatus.ADMITTED, capacity=3)
        mentees = [MenteeProfile(programme_id=programme.id, person=_person(session, last),
                                 form=form) for last in ("Ершов", "Жуков")]
        session.add_all([mentor, *mentees])
        session.flush()
        pair_id = create_pair(session, programme_id=programme.id, mentor_profile_id=mentor.id,
                              form_id=form.id, mentees=mentees, day=FORMED).id
        ids = {"Ершов": mentees[0].id, "Жуков": mentees[1].id}
    pairs.add_meetings(db, pair_id, [MeetingEntry(FIRST, MeetingKind.ACQUAINTANCE,
                                                  topic="Знакомство")], today=TODAY)
    recorded: list[BoardChange] = []
    tab = JournalTab(CardContext(db, programme.id, pair_id, lambda: TODAY, recorded.append))
    qtbot.addWidget(tab)
    tab.resize(1100, 500)
    tab.show()
    return Card(db, pair_id, ids, recorded, tab)


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    tables = {"pairs": MentoringPair.__table__, "meetings": Meeting.__table__,
              "attendance": MeetingAttendance.__table__}
    with db.engine.connect() as conn:
        return {name: [tuple(row) for row in conn.execute(
                    select(*[c for c in table.c if c.name not in ("created_at", "updated_at")])
                    .order_by(*table.primary_key.columns))]
                for name, table in tables.items()}


def open_entry(card: Card, qtbot: QtBot) -> MeetingEntryDialog:
    card.tab.add_action.trigger()
    dialog = card.tab.entry_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: editor(dialog) is not None)
    return dialog


def test_three_meetings_typed_in_move_the_status_and_are_undone(
        card: Card, qtbot: QtBot, shown_messages: messages.CapturedMessages) -> None:
    before = snapshot(card.db)
    dialog = open_entry(card, qtbot)
    first = dialog.model.rows[0]
    assert (first.held_on, first.kind) == (FIRST + dt.timedelta(weeks=1), MeetingKind.TRIAL), \
        "the first row follows the journal: a week later, the next type of the cycle"
    type_row(dialog, qtbot, "131025", None, "Пробная встреча", "40")
    assert cell(dialog) == (1, 0), "Enter at the end of a row starts the next one"
    assert dialog.model.rows[1].held_on == dt.date(2025, 10, 20), "a week later"
    type_row(dialog, qtbot, "20.10.2025", "3", "Планирование", "45", absent=(False, True))
    type_row(dialog, qtbot, "271025", "3", "Цели", "")
    assert len(dialog.model.rows) == 4, "a fourth row proposed, not saved"
    save(dialog, qtbot)
    qtbot.waitUntil(lambda: card.tab.entry_dialog is None)

    journal = pairs.journal(card.db, card.pair_id)
    typed = journal.meetings[1:]
    assert [(m.held_on, m.kind, m.topic, m.duration_minutes) for m in typed] == [
        (dt.date(2025, 10, 13), MeetingKind.TRIAL, "Пробная встреча", 40),
        (dt.date(2025, 10, 20), MeetingKind.PLANNING, "Планирование", 45),
        (dt.date(2025, 10, 27), MeetingKind.PLANNING, "Цели", None)]
    assert {(m.content, m.result, m.assignment, m.format) for m in typed[:1]} == {
        ("Содержание: Пробная встреча", "Понятно", "Прочитать главу", MeetingFormat.IN_PERSON)}
    assert [(a.name, a.present) for a in typed[1].attendance] == [("Ершов И. П.", True),
                                                                  ("Жуков И. П.", False)]
    assert journal.status is PairStatus.PLANNING, "знакомство → планирование"
    assert len(card.recorded) == 1, "one change for the whole paper journal"
    assert "«знакомство» → «планирование»" in card.recorded[0].summary
    assert card.tab.proxy.rowCount() == 4
    assert "«планирование»" in card.tab.stage.text()
    assert shown_messages.messages == []

    pairs.undo(card.db, card.recorded[0])
    card.tab.reload()
    assert snapshot(card.db) == before
    assert pairs.journal(card.db, card.pair_id).status is PairStatus.ACQUAINTANCE
    assert card.tab.proxy.rowCount() == 1


@pytest.mark.parametrize(("date", "words"), [
    ("010226", "Строка 2: дата 01.02.2026 ещё не наступила"),
    ("3110", "Строка 2: дата «3110» — не дата"),
])
def test_a_bad_row_is_named_nothing_is_written_and_the_rows_are_kept(
        card: Card, qtbot: QtBot, shown_messages: messages.CapturedMessages, date: str,
        words: str) -> None:
    before = snapshot(card.db)
    dialog = open_entry(card, qtbot)
    type_row(dialog, qtbot, "131025", "2", "Пробная встреча", "40")
    type_row(dialog, qtbot, date, "3", "Планирование", "45")
    enter(dialog, qtbot, "271025")
    save(dialog, qtbot)
    assert words in shown_messages.texts(messages.MessageKind.ERROR)[-1]
    assert snapshot(card.db) == before
    assert card.tab.entry_dialog is dialog and dialog.isVisible()
    assert dialog.grid.currentIndex().row() == 1, "the refused row is selected"
    assert [row.texts[0] for row in dialog.model.rows[:2]] == ["Пробная встреча",
                                                                "Планирование"]
    assert dialog.model.rows[2].held_on == dt.date(2025, 10, 27)

    dialog.grid.start(1)
    enter(dialog, qtbot, "201025")
    save(dialog, qtbot)
    qtbot.waitUntil(lambda: card.tab.entry_dialog is None)
    assert len(pairs.journal(card.db, card.pair_id).meetings) == 4


def test_esc_asks_before_throwing_typed_rows_away(
        card: Card, qtbot: QtBot, shown_messages: messages.CapturedMessages) -> None:
    dialog = open_entry(card, qtbot)
    type_row(dialog, qtbot, "131025", "2", "Пробная встреча", "40")
    shown_messages.answer = False
    qtbot.keyClick(editor(dialog) or dialog.grid, Qt.Key.Key_Escape)  # closes the cell
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Escape)
    assert "Введённые строки не сохранятся (строк: 1)" in shown_messages.texts(
        messages.MessageKind.CONFIRM)[-1]
    assert dialog.isVisible() and dialog.model.rows[0].texts[0] == "Пробная встреча"
    shown_messages.answer = True
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: card.tab.entry_dialog is None)
    assert len(pairs.journal(card.db, card.pair_id).meetings) == 1


def test_deleting_selected_meetings_asks_and_is_undone(
        card: Card, qtbot: QtBot, shown_messages: messages.CapturedMessages) -> None:
    pairs.add_meetings(card.db, card.pair_id, [
        MeetingEntry(dt.date(2025, 10, 13), MeetingKind.TRIAL, topic="Пробная"),
        MeetingEntry(dt.date(2025, 10, 20), MeetingKind.PLANNING, topic="План")], today=TODAY)
    card.tab.reload()
    before = snapshot(card.db)
    card.tab.search.setText("пробная план")
    assert card.tab.proxy.rowCount() == 0, "every word must be found in a row"
    card.tab.search.setText("план")
    assert card.tab.proxy.rowCount() == 1
    card.tab.search.clear()
    card.tab.table.selectRow(1)
    card.tab.table.selectionModel().select(
        card.tab.proxy.index(2, 0), card.tab.table.selectionModel().SelectionFlag.Select
        | card.tab.table.selectionModel().SelectionFlag.Rows)
    shown_messages.answer = False
    card.tab.delete_action.trigger()
    assert "Удалить из журнала выделенные встречи (2)?" in shown_messages.texts()[-1]
    assert snapshot(card.db) == before
    shown_messages.answer = True
    card.tab.delete_action.trigger()
    assert [m.topic for m in pairs.journal(card.db, card.pair_id).meetings] == ["Знакомство"]
    assert card.tab.proxy.rowCount() == 1 and len(card.recorded) == 1
    pairs.undo(card.db, card.recorded[0])
    assert snapshot(card.db) == before


def test_a_planned_meeting_is_marked_held(card: Card, qtbot: QtBot) -> None:
    pairs.add_meetings(card.db, card.pair_id, [MeetingEntry(
        dt.date(2026, 1, 15), MeetingKind.PLANNING, topic="План", planned=True)], today=TODAY)
    card.tab.reload()
    assert card.tab.proxy.index(1, 0).data() == "15.01.2026, запланирована"
    card.tab.which.setCurrentIndex(card.tab.which.findData("planned"))
    assert card.tab.proxy.rowCount() == 1
    card.tab.table.selectRow(0)
    assert card.tab.held_action.isEnabled()
    card.tab.held_action.trigger()
    journal = pairs.journal(card.db, card.pair_id)
    assert not journal.meetings[1].planned and journal.status is PairStatus.PLANNING
    assert card.tab.proxy.rowCount() == 0, "no planned meeting left"
    assert "проведена встреча 15.01.2026" in card.recorded[-1].summary


def test_a_meeting_is_edited_from_the_table(card: Card, qtbot: QtBot) -> None:
    card.tab.table.selectRow(0)
    card.tab.edit_action.trigger()
    dialog = card.tab.entry_dialog
    assert dialog is not None and dialog.model.rows[0].texts[0] == "Знакомство"
    qtbot.waitUntil(lambda: editor(dialog) is not None)
    enter(dialog, qtbot, "08.10.25")
    enter(dialog, qtbot, "3")
    dialog.grid.start(0, dialog.model.col_planned)
    enter(dialog, qtbot)
    assert cell(dialog) == (0, 0) and dialog.model.rowCount() == 1, "one meeting, no new row"
    save(dialog, qtbot)
    qtbot.waitUntil(lambda: card.tab.entry_dialog is None)
    meeting = pairs.journal(card.db, card.pair_id).meetings[0]
    assert (meeting.held_on, meeting.kind, meeting.topic) == (
        dt.date(2025, 10, 8), MeetingKind.PLANNING, "Знакомство")
    assert "изменена встреча 08.10.2025" in card.recorded[-1].summary


@pytest.mark.parametrize(("text", "day"), [
    ("051025", dt.date(2025, 10, 5)), ("05102025", dt.date(2025, 10, 5)),
    ("5.10.25", dt.date(2025, 10, 5)), ("05.10.2025", dt.date(2025, 10, 5)),
    ("310225", None), ("0510", None), ("", None)])
def test_dates_typed_as_digits(text: str, day: dt.date | None) -> None:
    assert typed_date(text) == day


def test_types_typed_as_digits_or_letters() -> None:
    assert [typed_kind(text) for text in ("1", "5", "з", "пр", "пл", "р", "и", "п", "6")] == [
        MeetingKind.ACQUAINTANCE, MeetingKind.FINAL, MeetingKind.ACQUAINTANCE,
        MeetingKind.TRIAL, MeetingKind.PLANNING, MeetingKind.WORKING, MeetingKind.FINAL,
        None, None]
    assert typed_kind("2 пробная") is MeetingKind.TRIAL, "the cell as shown reads back"
    assert [typed_format(text) for text in ("о", "д", "очно", "d", "х")] == [
        MeetingFormat.IN_PERSON, MeetingFormat.REMOTE, MeetingFormat.IN_PERSON,
        MeetingFormat.REMOTE, None]


def test_a_cell_that_reads_as_nothing_keeps_its_value() -> None:
    model = EntryGridModel([])
    model.add_row()
    index = model.index(0, EntryGridModel.COL_KIND)
    assert not model.setData(index, "9")
    assert model.index(0, EntryGridModel.COL_DURATION).data() == ""
    assert not model.setData(model.index(0, EntryGridModel.COL_DURATION), "сорок")
    assert not model.rows[0].touched


def test_a_future_meeting_typed_in_is_saved_once_marked_planned(
        card: Card, qtbot: QtBot, shown_messages: messages.CapturedMessages) -> None:
    dialog = open_entry(card, qtbot)
    enter(dialog, qtbot, "010226")
    enter(dialog, qtbot, "3")
    save(dialog, qtbot)
    assert "отметьте встречу как запланированную" in shown_messages.texts()[-1]
    dialog.grid.start(0, dialog.model.col_planned)
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Space)
    save(dialog, qtbot)
    qtbot.waitUntil(lambda: card.tab.entry_dialog is None)
    planned = pairs.journal(card.db, card.pair_id).meetings[-1]
    assert (planned.held_on, planned.kind, planned.planned) == (
        dt.date(2026, 2, 1), MeetingKind.PLANNING, True)
    assert pairs.journal(card.db, card.pair_id).status is PairStatus.ACQUAINTANCE


def test_no_header_is_cut(card: Card, qtbot: QtBot) -> None:
    dialog = open_entry(card, qtbot)
    for view in (card.tab.table, dialog.grid):
        header = view.horizontalHeader()
        metrics = header.fontMetrics()
        model = view.model()
        for column in range(model.columnCount()):
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            assert header.sectionSize(column) >= metrics.horizontalAdvance(title) + 8, title
