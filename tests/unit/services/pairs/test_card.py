"""The pair card's header and the curator's writes from it: the status history (board move,
journal, override), the override stopping the journal, following the journal again, the notes —
each undone and redone like a board move."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import (
    MeetingKind,
    MentorStatus,
    PairStatus,
    PersonCategory,
    PlanItemKind,
)
from nastavnik_desktop.data.models import (
    AuditEntry,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    Person,
    PlanItem,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import pairs
from nastavnik_desktop.services.pairs.card import (
    AT_FORMING,
    BY_CURATOR,
    BY_WORK,
    explanation_lines,
)
from nastavnik_desktop.services.pairs.journal import MeetingEntry
from nastavnik_desktop.services.pairs.writer import create_pair
from nastavnik_desktop.services.programme import ProgrammeInfo

TODAY = dt.date(2026, 1, 20)
FORMED = dt.date(2025, 10, 1)
EXPLANATION = ("Ершов Иван: возраст 11 лет в пределах 10–14 ✓; запросы: учёба ✓\n"
               "Жуков Иван: возраст 12 лет в пределах 10–14 ✓; интересы не совпали ✗")


@pytest.fixture
def pair_id(db: Database, programme: ProgrammeInfo) -> int:
    with db.transaction() as session:
        form = next(f for f in session.scalars(select(MentoringForm))
                    if "ученик – ученик" in f.name)
        mentor = MentorProfile(
            programme_id=programme.id, form=form, status=MentorStatus.ADMITTED, capacity=3,
            person=Person(last_name="Орлов", first_name="Пётр", middle_name="Ильич",
                          category=PersonCategory.PUPIL, class_name="10А"))
        mentees = [MenteeProfile(programme_id=programme.id, form=form, person=Person(
            last_name=last, first_name="Иван", category=PersonCategory.PUPIL, class_name="5А",
            birth_date=birth)) for last, birth in (("Жуков", dt.date(2014, 1, 21)),
                                                   ("Ершов", dt.date(2014, 1, 20)))]
        session.add_all([mentor, *mentees])
        session.flush()
        pair = create_pair(session, programme_id=programme.id, mentor_profile_id=mentor.id,
                           form_id=form.id, mentees=mentees, day=FORMED, title="Группа № 1",
                           match_score=8.5, match_explanation=EXPLANATION)
        return pair.id


def _status(db: Database, pair_id: int) -> tuple[PairStatus, bool]:
    with db.reading() as session:
        pair = session.get(MentoringPair, pair_id)
        assert pair is not None
        return pair.status, pair.status_by_curator


def _meeting(db: Database, pair_id: int, kind: MeetingKind, day: dt.date) -> pairs.BoardChange:
    return pairs.add_meetings(db, pair_id, [MeetingEntry(held_on=day, kind=kind)], today=TODAY)


def test_card_shows_people_form_score_and_counts(db: Database, pair_id: int) -> None:
    _meeting(db, pair_id, MeetingKind.ACQUAINTANCE, dt.date(2025, 10, 10))
    pairs.add_meetings(db, pair_id, [MeetingEntry(held_on=dt.date(2026, 2, 1),
                                                  kind=MeetingKind.TRIAL, planned=True)],
                       today=TODAY)
    card = pairs.pair_card(db, pair_id, today=TODAY)
    assert card.mentor_name == "Орлов Пётр Ильич" and card.mentor_place == "10А"
    assert [(m.short_name, m.place, m.age) for m in card.mentees] == [
        ("Ершов И.", "5А", 12), ("Жуков И.", "5А", 11)]  # age on TODAY, birthday counted
    assert "ученик – ученик" in card.form_name and card.is_group
    assert card.match_score == 8.5
    assert [line.mentee for line in card.explanation] == ["Ершов Иван", "Жуков Иван"]
    assert card.explanation[1].criteria == ("возраст 12 лет в пределах 10–14 ✓",
                                            "интересы не совпали ✗")
    assert (card.held_meetings, card.last_meeting_on, card.planned_meetings) == (
        1, dt.date(2025, 10, 10), 1)
    assert (card.plan_done, card.plan_total, card.plan_overdue) == (0, 0, 0)


def test_plan_counts_are_of_tasks_not_of_goals(db: Database, pair_id: int) -> None:
    with db.transaction() as session:
        session.add_all([
            PlanItem(pair_id=pair_id, kind=PlanItemKind.GOAL, text="Подтянуть математику"),
            PlanItem(pair_id=pair_id, kind=PlanItemKind.TASK, text="Разобрать дроби",
                     due_on=TODAY - dt.timedelta(days=1)),
            PlanItem(pair_id=pair_id, kind=PlanItemKind.TASK, text="Решить задачи",
                     done_on=TODAY - dt.timedelta(days=2))])
    card = pairs.pair_card(db, pair_id, today=TODAY)
    assert (card.plan_done, card.plan_total, card.plan_overdue) == (1, 2, 1)


def test_explanation_of_a_single_pair_has_no_mentee() -> None:
    lines = explanation_lines("возраст 11 лет ✓; запросы: учёба ✓")
    assert lines[0].mentee == "" and lines[0].criteria == ("возраст 11 лет ✓", "запросы: учёба ✓")
    assert explanation_lines("") == ()


def test_history_shows_board_move_journal_and_override(db: Database, pair_id: int) -> None:
    pairs.move_status(db, pair_id, PairStatus.ACQUAINTANCE, on=dt.date(2025, 10, 5))
    _meeting(db, pair_id, MeetingKind.PLANNING, dt.date(2025, 11, 1))
    pairs.set_status_by_curator(db, pair_id, PairStatus.RESULTS, on=dt.date(2025, 12, 1),
                                today=TODAY)
    card = pairs.pair_card(db, pair_id, today=TODAY)
    assert [(s.status, s.changed_on, s.by_whom) for s in card.history] == [
        (PairStatus.FORMED, FORMED, AT_FORMING),
        (PairStatus.ACQUAINTANCE, dt.date(2025, 10, 5), BY_WORK),
        (PairStatus.PLANNING, dt.date(2025, 11, 1), BY_WORK),
        (PairStatus.RESULTS, dt.date(2025, 12, 1), BY_CURATOR)]
    assert card.status is PairStatus.RESULTS and card.status_by_curator


def test_override_stops_the_journal_and_following_again_restores_it(
        db: Database, pair_id: int) -> None:
    pairs.set_status_by_curator(db, pair_id, PairStatus.ACQUAINTANCE, on=dt.date(2025, 10, 5),
                                today=TODAY)
    _meeting(db, pair_id, MeetingKind.WORKING, dt.date(2025, 11, 1))
    assert _status(db, pair_id) == (PairStatus.ACQUAINTANCE, True)  # the journal did not move it

    change = pairs.follow_journal_again(db, pair_id, today=TODAY)
    assert _status(db, pair_id) == (PairStatus.WORKING, False)
    card = pairs.pair_card(db, pair_id, today=TODAY)
    assert card.history[-1].status is PairStatus.WORKING
    assert card.history[-1].changed_on == dt.date(2025, 11, 1)

    pairs.undo(db, change)
    assert _status(db, pair_id) == (PairStatus.ACQUAINTANCE, True)
    pairs.redo(db, change)
    assert _status(db, pair_id) == (PairStatus.WORKING, False)
    with pytest.raises(ValidationError, match="и так следует журналу"):
        pairs.follow_journal_again(db, pair_id, today=TODAY)


def test_override_is_undone_and_redone(db: Database, pair_id: int) -> None:
    change = pairs.set_status_by_curator(db, pair_id, PairStatus.WORKING,
                                         on=dt.date(2025, 12, 1), today=TODAY)
    assert _status(db, pair_id) == (PairStatus.WORKING, True)
    pairs.undo(db, change)
    assert _status(db, pair_id) == (PairStatus.FORMED, False)
    pairs.redo(db, change)
    assert _status(db, pair_id) == (PairStatus.WORKING, True)
    with db.reading() as session:
        summaries = list(session.scalars(select(AuditEntry.summary)))
    assert any("вручную" in s for s in summaries)


def test_override_follows_the_board_rules(db: Database, pair_id: int) -> None:
    with pytest.raises(ValidationError, match="причину"):
        pairs.set_status_by_curator(db, pair_id, PairStatus.TERMINATED, on=TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="ещё не наступила"):
        pairs.set_status_by_curator(db, pair_id, PairStatus.WORKING,
                                    on=TODAY + dt.timedelta(days=1), today=TODAY)
    pairs.close_pair(db, pair_id, "переезд", on=TODAY)
    pairs.set_status_by_curator(db, pair_id, PairStatus.WORKING, on=TODAY, today=TODAY)
    assert _status(db, pair_id) == (PairStatus.WORKING, True)  # reopened with its mentees
    card = pairs.pair_card(db, pair_id, today=TODAY)
    assert all(m.in_pair for m in card.mentees)


def test_notes_saved_undone_and_redone(db: Database, pair_id: int) -> None:
    change = pairs.edit_notes(db, pair_id, "  Встречи по средам  ")
    assert change is not None
    assert pairs.pair_card(db, pair_id, today=TODAY).notes == "Встречи по средам"
    assert pairs.edit_notes(db, pair_id, "Встречи по средам") is None
    pairs.undo(db, change)
    assert pairs.pair_card(db, pair_id, today=TODAY).notes == ""
    pairs.redo(db, change)
    assert pairs.pair_card(db, pair_id, today=TODAY).notes == "Встречи по средам"


def test_card_reads_every_pair_of_the_demo_school(build_demo: Callable[..., Path],
                                                 demo_day: dt.date, tmp_path: Path) -> None:
    db = open_database(build_demo(tmp_path / "demo.sqlite", pupils=150, teachers=15, pairs=12))
    try:
        with db.reading() as session:
            pair_ids = list(session.scalars(select(MentoringPair.id)))
        assert pair_ids
        start = time.perf_counter()
        cards = [pairs.pair_card(db, pair_id, today=demo_day) for pair_id in pair_ids]
        assert (time.perf_counter() - start) / len(pair_ids) < 0.1
        assert all(card.history and card.mentor_name for card in cards)
        assert any(card.held_meetings for card in cards)
    finally:
        db.close()


def test_person_pairs_as_mentor_and_as_mentee(db: Database, pair_id: int) -> None:
    with db.reading() as session:
        pair = session.get(MentoringPair, pair_id)
        assert pair is not None
        mentor_person = pair.mentor.person_id
        mentee_person = pair.members[0].mentee.person_id
    [as_mentor] = pairs.person_pairs(db, mentor_person)
    assert (as_mentor.pair_id, as_mentor.role) == (pair_id, "наставник")
    assert as_mentor.label == "Группа № 1 (наставник Орлов П. И.), сформирована"
    [as_mentee] = pairs.person_pairs(db, mentee_person)
    assert as_mentee.role == "наставляемый" and as_mentee.is_active
