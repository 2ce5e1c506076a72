"""The meeting journal of a pair: many meetings at once, the refusals naming the row, edits and
deletions undone like board moves, the status following the journal, the silent pairs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from nastavnik_desktop import settings
from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import MeetingKind, MentorStatus, PairStatus, PersonCategory
from nastavnik_desktop.data.models import (
    AuditEntry,
    Meeting,
    MeetingAttendance,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    Person,
    Programme,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import pairs
from nastavnik_desktop.services.pairs.journal import MeetingEntry, MeetingFormat
from nastavnik_desktop.services.pairs.writer import create_pair
from nastavnik_desktop.services.programme import ProgrammeInfo

TODAY = dt.date(2026, 1, 20)  # passed in: the clock is never read
FORMED = dt.date(2025, 10, 1)


@dataclass
class Group:
    programme_id: int
    pair: int
    """A group: mentor Орлов, mentees Ершов and Жуков, formed on FORMED, «сформирована»."""
    other: int
    """A pair of mentor Соколова with mentee Зайцев, formed on FORMED."""
    mentees: dict[str, int]


def _person(session: Any, last: str, class_name: str) -> Person:
    person = Person(last_name=last, first_name="Иван", middle_name="Петрович",
                    category=PersonCategory.PUPIL, class_name=class_name)
    session.add(person)
    return person


@pytest.fixture
def group(db: Database, programme: ProgrammeInfo) -> Group:
    with db.transaction() as session:
        form = next(f for f in session.scalars(select(MentoringForm))
                    if "ученик – ученик" in f.name)
        mentors = {}
        for last in ("Орлов", "Соколова"):
            profile = MentorProfile(programme_id=programme.id, person=_person(session, last, "10А"),
                                    form=form, status=MentorStatus.ADMITTED, capacity=3)
            session.add(profile)
            mentors[last] = profile
        mentees = {}
        for last in ("Ершов", "Жуков", "Зайцев", "Ильин"):
            mentee = MenteeProfile(programme_id=programme.id, person=_person(session, last, "5А"),
                                   form=form)
            session.add(mentee)
            mentees[last] = mentee
        session.flush()
        pair = create_pair(session, programme_id=programme.id,
                           mentor_profile_id=mentors["Орлов"].id, form_id=form.id,
                           mentees=[mentees["Ершов"], mentees["Жуков"]], day=FORMED)
        other = create_pair(session, programme_id=programme.id,
                            mentor_profile_id=mentors["Соколова"].id, form_id=form.id,
                            mentees=[mentees["Зайцев"]], day=FORMED)
        return Group(programme.id, pair.id, other.id, {k: v.id for k, v in mentees.items()})


def meetings_snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    tables = {"pairs": MentoringPair.__table__, "meetings": Meeting.__table__,
              "attendance": MeetingAttendance.__table__}
    with db.engine.connect() as conn:
        return {name: [tuple(row) for row in conn.execute(
                    select(*[c for c in table.c if c.name not in ("created_at", "updated_at")])
                    .order_by(*table.primary_key.columns))]
                for name, table in tables.items()}


def status(db: Database, pair_id: int) -> PairStatus:
    return pairs.journal(db, pair_id).status


def entry(day: dt.date, kind: MeetingKind = MeetingKind.WORKING, **fields: Any) -> MeetingEntry:
    return MeetingEntry(held_on=day, kind=kind, **fields)


def test_many_meetings_in_one_go_with_every_field_and_attendance(db: Database,
                                                                 group: Group) -> None:
    ershov, zhukov = group.mentees["Ершов"], group.mentees["Жуков"]
    change = pairs.add_meetings(db, group.pair, [
        entry(dt.date(2025, 10, 10), MeetingKind.ACQUAINTANCE, topic="Знакомство",
              duration_minutes=45),
        entry(dt.date(2025, 10, 20), MeetingKind.TRIAL, format=MeetingFormat.REMOTE,
              topic="Пробная встреча", content="Разобрали задачи по математике",
              result="Понятен план", assignment="Решить 5 задач", duration_minutes=40,
              attendance={ershov: True, zhukov: False}),
    ], today=TODAY)
    journal = pairs.journal(db, group.pair)
    assert [m.kind for m in journal.meetings] == [MeetingKind.ACQUAINTANCE, MeetingKind.TRIAL]
    trial = journal.meetings[1]
    assert (trial.format_label, trial.kind_label) == ("дистанционно", "пробная рабочая встреча")
    assert (trial.topic, trial.content, trial.result, trial.assignment) == (
        "Пробная встреча", "Разобрали задачи по математике", "Понятен план", "Решить 5 задач")
    assert trial.duration_minutes == 40
    assert [(a.name, a.present) for a in trial.attendance] == [("Ершов И. П.", True),
                                                               ("Жуков И. П.", False)]
    first = journal.meetings[0]
    assert first.format is MeetingFormat.IN_PERSON
    assert [a.present for a in first.attendance] == [True, True], "default: everyone came"
    assert journal.last_held_on == dt.date(2025, 10, 20)
    assert [a.name for a in journal.mentees] == ["Ершов И. П.", "Жуков И. П."]
    assert "добавлены 2 встречи" in change.summary
    with db.reading() as session:
        assert session.scalars(select(AuditEntry.action)).all()[-1] == "add_meetings"


def test_a_planned_meeting_and_a_status_set_by_the_curator_are_not_moved(
        db: Database, group: Group) -> None:
    pairs.add_meetings(db, group.pair, [entry(dt.date(2025, 10, 10), MeetingKind.PLANNING,
                                              planned=True)], today=TODAY)
    assert status(db, group.pair) == PairStatus.FORMED
    assert pairs.journal(db, group.pair).meetings[0].planned
    with db.transaction() as session:
        session.get(MentoringPair, group.pair).status_by_curator = True  # type: ignore[union-attr]
    assert pairs.journal(db, group.pair).status_by_curator
    pairs.add_meetings(db, group.pair, [entry(dt.date(2025, 10, 12), MeetingKind.WORKING)],
                       today=TODAY)
    assert status(db, group.pair) == PairStatus.FORMED


@pytest.mark.parametrize(("bad", "words"), [
    (entry(TODAY + dt.timedelta(days=1)), "ещё не наступила"),
    (entry(FORMED - dt.timedelta(days=1)), "раньше, чем пара сформирована"),
    (entry(dt.date(2025, 11, 5), duration_minutes=-10), "продолжительность"),
    (entry(dt.date(2025, 11, 5), duration_minutes=0), "продолжительность"),
    (entry(TODAY + dt.timedelta(days=400), planned=True), "позже окончания программы"),
])
def test_a_bad_row_is_refused_by_its_number_and_nothing_is_written(
        db: Database, group: Group, bad: MeetingEntry, words: str) -> None:
    before = meetings_snapshot(db)
    with pytest.raises(ValidationError, match=rf"Строка 2: .*{words}"):
        pairs.add_meetings(db, group.pair, [entry(dt.date(2025, 10, 10)), bad], today=TODAY)
    assert meetings_snapshot(db) == before


def test_a_mentee_of_another_pair_is_refused_by_name(db: Database, group: Group) -> None:
    stranger = group.mentees["Зайцев"]
    with pytest.raises(ValidationError, match=r"Строка 1: Зайцев И\. П\. — не в этой паре"):
        pairs.add_meetings(db, group.pair, [
            entry(dt.date(2025, 10, 10), attendance={stranger: True}),
            entry(dt.date(2025, 10, 12))], today=TODAY)


def test_a_planned_meeting_may_be_ahead_within_the_programme(db: Database,
                                                             group: Group) -> None:
    ahead = TODAY + dt.timedelta(days=30)
    with db.transaction() as session:
        session.get_one(Programme, group.programme_id).ends_on = ahead - dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="позже окончания программы"):
        pairs.add_meetings(db, group.pair, [entry(ahead, planned=True)], today=TODAY)
    pairs.add_meetings(db, group.pair, [entry(ahead - dt.timedelta(days=2),
                                              MeetingKind.ACQUAINTANCE, planned=True)],
                       today=TODAY)
    assert status(db, group.pair) is PairStatus.FORMED, "a planned meeting moves nothing"


def test_status_follows_the_cycle_of_held_meetings(db: Database, group: Group) -> None:
    steps = [(MeetingKind.ACQUAINTANCE, PairStatus.ACQUAINTANCE),
             (MeetingKind.TRIAL, PairStatus.ACQUAINTANCE),
             (MeetingKind.PLANNING, PairStatus.PLANNING),
             (MeetingKind.WORKING, PairStatus.WORKING),
             (MeetingKind.FINAL, PairStatus.RESULTS)]
    for number, (kind, expected) in enumerate(steps):
        day = dt.date(2025, 10, 10) + dt.timedelta(days=7 * number)
        pairs.add_meetings(db, group.pair, [entry(day, kind)], today=TODAY)
        assert status(db, group.pair) is expected, kind
    with db.reading() as session:
        assert session.get_one(MentoringPair, group.pair).status_changed_on == day


def test_status_never_moves_backwards_nor_out_of_a_closed_pair(db: Database,
                                                               group: Group) -> None:
    pairs.move_status(db, group.pair, PairStatus.WORKING, on=dt.date(2025, 10, 5))
    pairs.add_meetings(db, group.pair, [entry(dt.date(2025, 10, 10), MeetingKind.ACQUAINTANCE)],
                       today=TODAY)
    assert status(db, group.pair) is PairStatus.WORKING, "the curator's stage stays"
    pairs.close_pair(db, group.other, "Переезд", on=dt.date(2025, 12, 1))
    pairs.add_meetings(db, group.other, [entry(dt.date(2025, 11, 10), MeetingKind.FINAL)],
                       today=TODAY)
    assert status(db, group.other) is PairStatus.TERMINATED


def test_a_meeting_after_the_pair_ended_is_refused(db: Database, group: Group) -> None:
    pairs.close_pair(db, group.other, "Переезд", on=dt.date(2025, 12, 1))
    with pytest.raises(ValidationError, match="позже, чем пара закончила работу"):
        pairs.add_meetings(db, group.other, [entry(dt.date(2025, 12, 2))], today=TODAY)


def test_adding_is_undone_and_redone_with_the_status(db: Database, group: Group) -> None:
    before = meetings_snapshot(db)
    change = pairs.add_meetings(db, group.pair, [
        entry(dt.date(2025, 10, 10), MeetingKind.ACQUAINTANCE),
        entry(dt.date(2025, 10, 24), MeetingKind.PLANNING,
              attendance={group.mentees["Ершов"]: True, group.mentees["Жуков"]: False})],
        today=TODAY)
    after = meetings_snapshot(db)
    assert status(db, group.pair) is PairStatus.PLANNING
    pairs.undo(db, change)
    assert meetings_snapshot(db) == before
    pairs.redo(db, change)
    assert meetings_snapshot(db) == after


def test_edit_is_validated_undone_and_moves_the_status(db: Database, group: Group) -> None:
    pairs.add_meetings(db, group.pair, [entry(dt.date(2025, 10, 10), MeetingKind.ACQUAINTANCE)],
                       today=TODAY)
    meeting_id = pairs.journal(db, group.pair).meetings[0].id
    before = meetings_snapshot(db)
    with pytest.raises(ValidationError, match=r"Встреча: .*раньше, чем пара сформирована"):
        pairs.edit_meeting(db, meeting_id, entry(FORMED - dt.timedelta(days=3)), today=TODAY)
    assert meetings_snapshot(db) == before
    change = pairs.edit_meeting(db, meeting_id, entry(
        dt.date(2025, 10, 11), MeetingKind.PLANNING, topic="План", result="Цели",
        attendance={group.mentees["Жуков"]: True}), today=TODAY)
    record = pairs.journal(db, group.pair).meetings[0]
    assert (record.held_on, record.kind, record.topic, record.result) == (
        dt.date(2025, 10, 11), MeetingKind.PLANNING, "План", "Цели")
    assert [a.name for a in record.attendance] == ["Жуков И. П."]
    assert status(db, group.pair) is PairStatus.PLANNING
    pairs.undo(db, change)
    assert meetings_snapshot(db) == before


def test_delete_is_undone_with_its_attendance(db: Database, group: Group) -> None:
    pairs.add_meetings(db, group.pair, [
        entry(dt.date(2025, 10, 10), MeetingKind.ACQUAINTANCE,
              attendance={group.mentees["Ершов"]: True, group.mentees["Жуков"]: False})],
        today=TODAY)
    before = meetings_snapshot(db)
    change = pairs.delete_meeting(db, pairs.journal(db, group.pair).meetings[0].id)
    assert pairs.journal(db, group.pair).meetings == ()
    assert status(db, group.pair) is PairStatus.ACQUAINTANCE, "never backwards"
    pairs.undo(db, change)
    assert meetings_snapshot(db) == before
    pairs.redo(db, change)
    assert pairs.journal(db, group.pair).meetings == ()


def test_undo_is_refused_when_the_meeting_changed_since(db: Database, group: Group) -> None:
    change = pairs.add_meetings(db, group.pair, [entry(dt.date(2025, 10, 10))], today=TODAY)
    meeting_id = pairs.journal(db, group.pair).meetings[0].id
    pairs.edit_meeting(db, meeting_id, entry(dt.date(2025, 10, 12)), today=TODAY)
    with pytest.raises(ValidationError, match="отменить или повторить"):
        pairs.undo(db, change)


def test_silent_pairs_have_no_held_meeting_for_the_weeks(db: Database, group: Group) -> None:
    pairs.add_meetings(db, group.pair, [entry(TODAY - dt.timedelta(days=27))], today=TODAY)
    pairs.add_meetings(db, group.other, [entry(TODAY - dt.timedelta(days=29)),
                                         entry(TODAY + dt.timedelta(days=3), planned=True)],
                       today=TODAY)
    silent = pairs.silent_pairs(db, group.programme_id, today=TODAY, weeks=4)
    assert [(s.pair_id, s.last_meeting_on, s.silent_days) for s in silent] == [
        (group.other, TODAY - dt.timedelta(days=29), 29)]
    assert [s.pair_id for s in pairs.silent_pairs(db, group.programme_id, today=TODAY,
                                                  weeks=3)] == [group.other, group.pair]
    pairs.close_pair(db, group.other, "Переезд", on=TODAY)
    assert pairs.silent_pairs(db, group.programme_id, today=TODAY, weeks=4) == ()


def test_silence_of_a_pair_without_meetings_counts_from_its_forming(db: Database,
                                                                   group: Group) -> None:
    day = FORMED + dt.timedelta(weeks=4)
    assert pairs.silent_pairs(db, group.programme_id, today=day, weeks=4) == ()
    later = pairs.silent_pairs(db, group.programme_id, today=day + dt.timedelta(days=1))
    assert {(s.pair_id, s.last_meeting_on) for s in later} == {(group.pair, None),
                                                               (group.other, None)}


def test_the_silence_setting_is_used_by_default(db: Database, group: Group) -> None:
    with db.transaction() as session:
        settings.save(session, settings.SILENT_PAIR_WEEKS, 10)
    day = FORMED + dt.timedelta(weeks=5)
    assert pairs.silent_pairs(db, group.programme_id, today=day) == ()
    with db.reading() as session:
        assert settings.load(session, settings.SILENT_PAIR_WEEKS) == 10


def test_a_selection_is_deleted_in_one_undoable_change(db: Database, group: Group) -> None:
    pairs.add_meetings(db, group.pair, [entry(dt.date(2025, 10, 10), MeetingKind.ACQUAINTANCE),
                                        entry(dt.date(2025, 10, 17)),
                                        entry(dt.date(2025, 10, 24))], today=TODAY)
    before = meetings_snapshot(db)
    ids = [m.id for m in pairs.journal(db, group.pair).meetings]
    change = pairs.delete_meetings(db, ids[1:])
    assert [m.id for m in pairs.journal(db, group.pair).meetings] == ids[:1]
    assert "удалены встречи (2)" in change.summary
    pairs.undo(db, change)
    assert meetings_snapshot(db) == before
    pairs.add_meetings(db, group.other, [entry(dt.date(2025, 10, 10))], today=TODAY)
    with pytest.raises(ValidationError, match="разных пар"):
        pairs.delete_meetings(db, [ids[0], pairs.journal(db, group.other).meetings[0].id])


def test_a_planned_meeting_confirmed_as_held_moves_the_status(db: Database,
                                                              group: Group) -> None:
    pairs.add_meetings(db, group.pair, [
        entry(dt.date(2026, 1, 10), MeetingKind.ACQUAINTANCE, planned=True, topic="Знакомство"),
        entry(TODAY + dt.timedelta(days=5), MeetingKind.TRIAL, planned=True)], today=TODAY)
    first, later = pairs.journal(db, group.pair).meetings
    before = meetings_snapshot(db)
    with pytest.raises(ValidationError, match="ещё не наступила"):
        pairs.confirm_held(db, [first.id, later.id], today=TODAY)
    assert meetings_snapshot(db) == before
    change = pairs.confirm_held(db, [first.id], today=TODAY)
    held = pairs.journal(db, group.pair).meetings[0]
    assert (held.planned, held.topic, held.held_on) == (False, "Знакомство", first.held_on)
    assert status(db, group.pair) is PairStatus.ACQUAINTANCE
    assert "«сформирована» → «знакомство»" in change.summary.lower()
    pairs.undo(db, change)
    assert meetings_snapshot(db) == before
