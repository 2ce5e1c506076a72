"""Control and feedback on a pair: intermediate results with marks, the mentor's and each
mentee's feedback, each write undone and redone like a board move, the last mark per pair."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MentorStatus, PairNoteKind, PersonCategory
from nastavnik_desktop.data.models import (
    AuditEntry,
    MenteeProfile,
    MentoringForm,
    MentorProfile,
    PairNote,
    Person,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import pairs
from nastavnik_desktop.services.pairs.notes import (
    NoteEntry,
    add_note,
    delete_note,
    edit_note,
    last_marks,
    notes,
)
from nastavnik_desktop.services.pairs.writer import create_pair
from nastavnik_desktop.services.programme import ProgrammeInfo

TODAY = dt.date(2026, 1, 20)
FORMED = dt.date(2025, 10, 1)
INTERMEDIATE = PairNoteKind.INTERMEDIATE


@dataclass
class Group:
    programme_id: int
    pair: int
    other: int
    mentees: dict[str, int]


def _person(session: Any, last: str) -> Person:
    person = Person(last_name=last, first_name="Иван", middle_name="Петрович",
                    category=PersonCategory.PUPIL, class_name="7Б")
    session.add(person)
    return person


@pytest.fixture
def group(db: Database, programme: ProgrammeInfo) -> Group:
    with db.transaction() as session:
        form = next(f for f in session.scalars(select(MentoringForm))
                    if "ученик – ученик" in f.name)
        mentors = [MentorProfile(programme_id=programme.id, person=_person(session, last),
                                 form=form, status=MentorStatus.ADMITTED, capacity=3)
                   for last in ("Орлов", "Соколова")]
        mentees = {last: MenteeProfile(programme_id=programme.id,
                                       person=_person(session, last), form=form)
                   for last in ("Ершов", "Жуков", "Зайцев")}
        session.add_all([*mentors, *mentees.values()])
        session.flush()
        pair = create_pair(session, programme_id=programme.id, mentor_profile_id=mentors[0].id,
                           form_id=form.id, mentees=[mentees["Ершов"], mentees["Жуков"]],
                           day=FORMED)
        other = create_pair(session, programme_id=programme.id,
                            mentor_profile_id=mentors[1].id, form_id=form.id,
                            mentees=[mentees["Зайцев"]], day=FORMED)
        return Group(programme.id, pair.id, other.id, {k: v.id for k, v in mentees.items()})


def _count(db: Database) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(PairNote)) or 0)


def test_notes_of_each_kind_are_written_and_read(db: Database, group: Group) -> None:
    add_note(db, group.pair, NoteEntry(INTERMEDIATE, dt.date(2025, 12, 1), "Освоил дроби", 7),
             today=TODAY)
    add_note(db, group.pair, NoteEntry(PairNoteKind.MENTOR_FEEDBACK, dt.date(2025, 12, 2),
                                       "Группа старается"), today=TODAY)
    add_note(db, group.pair, NoteEntry(PairNoteKind.MENTEE_FEEDBACK, dt.date(2025, 12, 3),
                                       "Стало понятнее",
                                       mentee_profile_id=group.mentees["Жуков"]), today=TODAY)
    read = notes(db, group.pair)
    assert [(n.text, n.mark) for n in read.intermediate] == [("Освоил дроби", 7)]
    assert [n.text for n in read.mentor_feedback] == ["Группа старается"]
    assert [(n.mentee_name, n.text) for n in read.mentee_feedback] == [
        ("Жуков И. П.", "Стало понятнее")]
    assert [name for _id, name in read.mentees] == ["Ершов И. П.", "Жуков И. П."]
    assert read.mentor_name == "Орлов И. П."
    with db.reading() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert actions.count("add_pair_note") == 3


@pytest.mark.parametrize("mark", [0, 11, -3])
def test_a_mark_out_of_range_is_refused_in_russian(db: Database, group: Group,
                                                   mark: int) -> None:
    with pytest.raises(ValidationError, match="от 1 до 10"):
        add_note(db, group.pair, NoteEntry(INTERMEDIATE, TODAY, "Итог", mark), today=TODAY)
    assert _count(db) == 0


@pytest.mark.parametrize("entry, words", [
    (NoteEntry(INTERMEDIATE, TODAY), "оценку"),
    (NoteEntry(PairNoteKind.MENTOR_FEEDBACK, TODAY, "Хорошо", mark=5), "только"),
    (NoteEntry(PairNoteKind.MENTOR_FEEDBACK, TODAY, "  "), "текст"),
    (NoteEntry(PairNoteKind.MENTEE_FEEDBACK, TODAY, "Хорошо"), "Выберите наставляемого"),
    (NoteEntry(INTERMEDIATE, TODAY + dt.timedelta(days=1), "Итог", 5), "не наступила"),
])
def test_wrong_notes_are_refused(db: Database, group: Group, entry: NoteEntry,
                                 words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        add_note(db, group.pair, entry, today=TODAY)
    assert _count(db) == 0


def test_a_mentee_of_another_pair_is_refused(db: Database, group: Group) -> None:
    with pytest.raises(ValidationError, match="не состоит"):
        add_note(db, group.pair, NoteEntry(PairNoteKind.MENTEE_FEEDBACK, TODAY, "Хорошо",
                                           mentee_profile_id=group.mentees["Зайцев"]),
                 today=TODAY)


def test_writes_are_undone_and_redone(db: Database, group: Group) -> None:
    added = add_note(db, group.pair, NoteEntry(INTERMEDIATE, TODAY, "Итог", 6), today=TODAY)
    (note_id,) = [n.id for n in notes(db, group.pair).intermediate]
    edited = edit_note(db, note_id, NoteEntry(INTERMEDIATE, TODAY, "Итог лучше", 8),
                       today=TODAY)
    assert notes(db, group.pair).intermediate[0].mark == 8
    pairs.undo(db, edited)
    assert [(n.text, n.mark) for n in notes(db, group.pair).intermediate] == [("Итог", 6)]
    pairs.redo(db, edited)
    assert notes(db, group.pair).intermediate[0].mark == 8
    deleted = delete_note(db, note_id)
    assert _count(db) == 0
    pairs.undo(db, deleted)
    assert notes(db, group.pair).intermediate[0].id == note_id
    pairs.undo(db, edited)
    pairs.undo(db, added)
    assert _count(db) == 0
    pairs.redo(db, added)
    assert [n.id for n in notes(db, group.pair).intermediate] == [note_id]
    assert "промежуточный результат" in added.summary


def test_last_marks_take_the_latest_per_pair(db: Database, group: Group) -> None:
    for day, mark in ((dt.date(2025, 11, 1), 4), (dt.date(2025, 12, 1), 7),
                      (dt.date(2025, 10, 15), 9)):
        add_note(db, group.pair, NoteEntry(INTERMEDIATE, day, "Итог", mark), today=TODAY)
    add_note(db, group.pair, NoteEntry(INTERMEDIATE, dt.date(2026, 1, 5), "Без оценки"),
             today=TODAY)
    add_note(db, group.other, NoteEntry(INTERMEDIATE, dt.date(2025, 12, 1), "Итог", 5),
             today=TODAY)
    marks = last_marks(db, group.programme_id)
    assert {pair: (m.mark, m.written_on) for pair, m in marks.items()} == {
        group.pair: (7, dt.date(2025, 12, 1)), group.other: (5, dt.date(2025, 12, 1))}
    assert last_marks(db, group.programme_id + 1) == {}
