"""The pair board's service: what the board shows, each move, each refusal, undo and redo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    MeetingKind,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
    PlanItemKind,
    Sex,
)
from nastavnik_desktop.data.models import (
    AuditEntry,
    MatchingExclusion,
    Meeting,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    PlanItem,
    RoleModel,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services import pairs
from nastavnik_desktop.services.programme import ProgrammeInfo

TODAY = dt.date(2026, 1, 20)  # a fixed day: a run crossing midnight must not fail
EARLIER = TODAY - dt.timedelta(days=40)


@dataclass
class School:
    """Ids of a small programme: two pupil mentors (capacity 1 and 2), one teacher mentor,
    pupils to mentor, one young teacher, and one pair already at work."""

    programme_id: int
    pupil_form: int
    teacher_form: int
    mentors: dict[str, int]
    mentor_people: dict[str, int]
    mentees: dict[str, int]
    mentee_people: dict[str, int]
    pair: int


def _person(session: Any, last: str, first: str, *, category: PersonCategory,
            class_name: str = "", position: str = "") -> Person:
    person = Person(last_name=last, first_name=first, middle_name="Иванович",
                    category=category, class_name=class_name, position=position)
    session.add(person)
    return person


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> School:
    with db.transaction() as session:
        forms = {f.code: f for f in session.scalars(select(MentoringForm))}
        pupil_form = next(f for f in forms.values() if "ученик – ученик" in f.name)
        teacher_form = next(f for f in forms.values() if "учитель – учитель" in f.name)
        role = session.scalars(select(RoleModel).where(RoleModel.form_id == pupil_form.id)).first()
        mentor_specs = {"Орлов": ("10А", 1, pupil_form), "Соколова": ("11Б", 2, pupil_form),
                        "Белова": ("", 1, teacher_form)}
        mentors, mentor_people = {}, {}
        for last, (class_name, capacity, form) in mentor_specs.items():
            category = PersonCategory.PUPIL if class_name else PersonCategory.STAFF
            person = _person(session, last, "Пётр", category=category, class_name=class_name,
                             position="" if class_name else "учитель математики")
            profile = MentorProfile(programme_id=programme.id, person=person, form=form,
                                    status=MentorStatus.ADMITTED, capacity=capacity)
            session.add(profile)
            session.flush()
            mentors[last], mentor_people[last] = profile.id, person.id
        mentees, mentee_people = {}, {}
        for last, class_name in (("Ершов", "5А"), ("Жуков", "6Б"), ("Зайцев", "7В"),
                                 ("Ильин", "5Б")):
            person = _person(session, last, "Иван", category=PersonCategory.PUPIL,
                             class_name=class_name)
            mentee = MenteeProfile(programme_id=programme.id, person=person, form=pupil_form)
            session.add(mentee)
            session.flush()
            mentees[last], mentee_people[last] = mentee.id, person.id
        young = _person(session, "Кузина", "Анна", category=PersonCategory.STAFF,
                        position="учитель истории")
        young_profile = MenteeProfile(programme_id=programme.id, person=young, form=teacher_form)
        session.add(young_profile)
        session.flush()
        mentees["Кузина"], mentee_people["Кузина"] = young_profile.id, young.id
        pair = MentoringPair(programme_id=programme.id, mentor_profile_id=mentors["Орлов"],
                             form_id=pupil_form.id, role_model=role, status=PairStatus.WORKING,
                             formed_on=EARLIER, status_changed_on=EARLIER, match_score=82.5,
                             members=[PairMentee(mentee_profile_id=mentees["Ершов"],
                                                 joined_on=EARLIER)])
        session.add(pair)
        session.get(MenteeProfile, mentees["Ершов"]).status = MenteeStatus.PAIRED  # type: ignore[union-attr]
        session.flush()
        session.add(Meeting(pair_id=pair.id, kind=MeetingKind.ACQUAINTANCE,
                            held_on=EARLIER + dt.timedelta(days=5)))
        session.add(Meeting(pair_id=pair.id, kind=MeetingKind.PLANNING,
                            held_on=EARLIER + dt.timedelta(days=12)))
        return School(programme.id, pupil_form.id, teacher_form.id, mentors, mentor_people,
                      mentees, mentee_people, pair.id)


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Pairs, memberships and mentee profiles as stored (timestamps aside)."""
    tables = {"pairs": MentoringPair.__table__, "members": PairMentee.__table__,
              "mentees": MenteeProfile.__table__}
    result = {}
    with db.engine.connect() as conn:
        for name, table in tables.items():
            columns = [c for c in table.c if c.name not in ("created_at", "updated_at")]
            result[name] = [tuple(row) for row in
                            conn.execute(select(*columns).order_by(table.c.id))]
    return result


def mentee_status(db: Database, mentee_id: int) -> MenteeStatus:
    with db.reading() as session:
        return session.get_one(MenteeProfile, mentee_id).status


def card(db: Database, school: School, pair_id: int) -> pairs.PairCard:
    return next(c for c in pairs.board(db, school.programme_id, today=TODAY) if c.id == pair_id)


def audit_count(db: Database) -> int:
    with db.reading() as session:
        return len(session.scalars(select(AuditEntry.id)).all())


def test_board_shows_pairs_with_mentor_mentees_form_and_last_meeting(
        db: Database, school: School) -> None:
    cards = pairs.board(db, school.programme_id, today=TODAY)
    assert [c.id for c in cards] == [school.pair]
    pair = cards[0]
    assert pair.status is PairStatus.WORKING
    assert pair.mentor_name == "Орлов Пётр Иванович"
    assert pair.mentor_short_name == "Орлов П. И."
    assert pair.mentor_place == "10А"
    assert [(m.short_name, m.place) for m in pair.mentees] == [("Ершов И. И.", "5А")]
    assert pair.form_name == "ученик – ученик" and pair.role_model
    assert pair.match_score == pytest.approx(82.5)
    assert pair.last_meeting == EARLIER + dt.timedelta(days=12)
    assert pair.capacity == 1 and not pair.is_group


def test_card_carries_held_meetings_silence_and_overdue_tasks(db: Database,
                                                             school: School) -> None:
    """Planned meetings are neither the last meeting nor counted; the pair is silent once its
    last held meeting is more than SILENT_PAIR_WEEKS (4) weeks old; overdue: TASK rows past
    their date and not done."""
    with db.transaction() as session:
        session.add(Meeting(pair_id=school.pair, kind=MeetingKind.WORKING, planned=True,
                            held_on=TODAY + dt.timedelta(days=3)))
        session.add_all([
            PlanItem(pair_id=school.pair, kind=PlanItemKind.TASK, text="Просрочена",
                     due_on=TODAY - dt.timedelta(days=1)),
            PlanItem(pair_id=school.pair, kind=PlanItemKind.TASK, text="Сделана",
                     due_on=TODAY - dt.timedelta(days=9), done_on=TODAY - dt.timedelta(days=9)),
            PlanItem(pair_id=school.pair, kind=PlanItemKind.TASK, text="Впереди",
                     due_on=TODAY + dt.timedelta(days=9)),
            PlanItem(pair_id=school.pair, kind=PlanItemKind.GOAL, text="Цель",
                     due_on=TODAY - dt.timedelta(days=9))])
    last = EARLIER + dt.timedelta(days=12)
    early = pairs.board(db, school.programme_id, today=last + dt.timedelta(weeks=2))[0]
    assert (early.last_meeting, early.held_meetings, early.silent) == (last, 2, False)
    assert early.overdue_tasks == 0
    late_day = last + dt.timedelta(weeks=4, days=1)  # more than four weeks
    late = pairs.board(db, school.programme_id, today=late_day)[0]
    assert (late.last_meeting, late.held_meetings, late.silent) == (last, 2, True)
    assert late.overdue_tasks == 1
    assert pairs.board(db, school.programme_id, today=late_day,
                       pair_ids={school.pair})[0] == late
    silent = pairs.silent_pairs(db, school.programme_id, today=late_day)
    assert [s.pair_id for s in silent] == [school.pair]


def test_unmatched_mentees_are_those_without_an_active_pair(db: Database,
                                                            school: School) -> None:
    unmatched = pairs.unmatched_mentees(db, school.programme_id)
    assert [m.short_name for m in unmatched] == ["Ильин И. И.", "Жуков И. И.", "Зайцев И. И.",
                                                 "Кузина А. И."]
    assert unmatched[0].place == "5Б" and unmatched[-1].place == "учитель истории"


def test_move_status_changes_the_column_and_undo_restores_it(db: Database,
                                                             school: School) -> None:
    before = snapshot(db)
    change = pairs.move_status(db, school.pair, PairStatus.RESULTS)
    assert card(db, school, school.pair).status is PairStatus.RESULTS
    assert change.pair_id == school.pair and "«работа» → «итоги»" in change.summary
    pairs.undo(db, change)
    assert snapshot(db) == before
    pairs.redo(db, change)
    assert card(db, school, school.pair).status is PairStatus.RESULTS


def test_completing_a_pair_finishes_its_mentees_and_back(db: Database, school: School) -> None:
    before = snapshot(db)
    change = pairs.move_status(db, school.pair, PairStatus.COMPLETED)
    assert mentee_status(db, school.mentees["Ершов"]) is MenteeStatus.FINISHED
    assert [m.short_name for m in card(db, school, school.pair).mentees] == ["Ершов И. И."]
    assert school.mentees["Ершов"] not in {
        m.mentee_profile_id for m in pairs.unmatched_mentees(db, school.programme_id)}
    back = pairs.move_status(db, school.pair, PairStatus.RESULTS)
    assert mentee_status(db, school.mentees["Ершов"]) is MenteeStatus.PAIRED
    pairs.undo(db, back)
    pairs.undo(db, change)
    assert snapshot(db) == before


def test_terminating_needs_close_pair_with_a_reason(db: Database, school: School) -> None:
    before = snapshot(db)
    with pytest.raises(ValidationError, match="причину"):
        pairs.move_status(db, school.pair, PairStatus.TERMINATED)
    with pytest.raises(ValidationError, match="причину"):
        pairs.close_pair(db, school.pair, "   ")
    assert snapshot(db) == before


def test_close_pair_returns_mentees_to_the_base_and_undo_reopens(db: Database,
                                                                 school: School) -> None:
    before = snapshot(db)
    change = pairs.close_pair(db, school.pair, "Переезд семьи в другой город")
    closed = card(db, school, school.pair)
    assert closed.status is PairStatus.TERMINATED
    assert closed.close_reason == "Переезд семьи в другой город"
    assert [m.short_name for m in closed.mentees] == ["Ершов И. И."], "history stays on the card"
    assert mentee_status(db, school.mentees["Ершов"]) is MenteeStatus.IN_BASE
    assert school.mentees["Ершов"] in {
        m.mentee_profile_id for m in pairs.unmatched_mentees(db, school.programme_id)}
    pairs.undo(db, change)
    assert snapshot(db) == before
    pairs.redo(db, change)
    assert card(db, school, school.pair).status is PairStatus.TERMINATED


def test_reopen_pair_takes_its_mentees_back(db: Database, school: School) -> None:
    pairs.close_pair(db, school.pair, "Болезнь")
    pairs.reopen_pair(db, school.pair, PairStatus.PLANNING)
    reopened = card(db, school, school.pair)
    assert reopened.status is PairStatus.PLANNING and reopened.close_reason == ""
    assert [m.short_name for m in reopened.mentees] == ["Ершов И. И."]
    assert mentee_status(db, school.mentees["Ершов"]) is MenteeStatus.PAIRED


def test_dragging_a_terminated_pair_to_a_column_reopens_it(db: Database,
                                                           school: School) -> None:
    pairs.close_pair(db, school.pair, "Болезнь")
    pairs.move_status(db, school.pair, PairStatus.WORKING)
    assert card(db, school, school.pair).status is PairStatus.WORKING
    assert mentee_status(db, school.mentees["Ершов"]) is MenteeStatus.PAIRED


def test_reopen_refused_when_the_mentor_is_full_again(db: Database, school: School) -> None:
    pairs.close_pair(db, school.pair, "Болезнь")
    pairs.assign_to_mentor(db, school.mentees["Жуков"], school.mentors["Орлов"])
    before = snapshot(db)
    with pytest.raises(ValidationError, match="нет свободных мест"):
        pairs.reopen_pair(db, school.pair, PairStatus.WORKING)
    assert snapshot(db) == before


def test_assign_creates_a_formed_pair_and_undo_removes_it(db: Database,
                                                          school: School) -> None:
    before = snapshot(db)
    audits = audit_count(db)
    change = pairs.assign_to_mentor(db, school.mentees["Жуков"], school.mentors["Соколова"])
    assert change.pair_id is not None and change.pair_id != school.pair
    new = card(db, school, change.pair_id)
    assert new.status is PairStatus.FORMED
    assert new.mentor_short_name == "Соколова П. И."
    assert [m.short_name for m in new.mentees] == ["Жуков И. И."]
    assert mentee_status(db, school.mentees["Жуков"]) is MenteeStatus.PAIRED
    assert audit_count(db) == audits + 1
    pairs.undo(db, change)
    assert snapshot(db) == before
    assert mentee_status(db, school.mentees["Жуков"]) is MenteeStatus.IN_BASE
    pairs.redo(db, change)
    assert card(db, school, change.pair_id).mentees[0].short_name == "Жуков И. И.", "same id"


def test_assign_to_a_mentor_with_a_pair_makes_a_group(db: Database, school: School) -> None:
    first = pairs.assign_to_mentor(db, school.mentees["Жуков"], school.mentors["Соколова"])
    second = pairs.assign_to_mentor(db, school.mentees["Зайцев"], school.mentors["Соколова"])
    assert second.pair_id == first.pair_id
    group = card(db, school, first.pair_id or 0)
    assert group.is_group
    assert {m.short_name for m in group.mentees} == {"Жуков И. И.", "Зайцев И. И."}


def test_move_mentee_between_pairs_and_back_to_the_base(db: Database, school: School) -> None:
    target = pairs.assign_to_mentor(db, school.mentees["Жуков"], school.mentors["Соколова"])
    assert target.pair_id is not None
    before = snapshot(db)
    moved = pairs.move_mentee(db, school.mentees["Ершов"], target.pair_id, on=TODAY)
    assert [m.short_name for m in card(db, school, school.pair).mentees] == []
    assert {m.short_name for m in card(db, school, target.pair_id).mentees} == {
        "Ершов И. И.", "Жуков И. И."}
    assert mentee_status(db, school.mentees["Ершов"]) is MenteeStatus.PAIRED
    with db.reading() as session:
        old = session.scalars(select(PairMentee).where(
            PairMentee.pair_id == school.pair)).one()
        assert old.left_on == TODAY, "the old membership is kept as history"
    pairs.undo(db, moved)
    assert snapshot(db) == before

    to_base = pairs.move_mentee(db, school.mentees["Жуков"], None)
    assert mentee_status(db, school.mentees["Жуков"]) is MenteeStatus.IN_BASE
    assert card(db, school, target.pair_id).mentees == ()
    pairs.undo(db, to_base)
    assert snapshot(db) == before


def test_move_mentee_to_the_same_pair_or_a_closed_one_is_refused(db: Database,
                                                                 school: School) -> None:
    with pytest.raises(ValidationError, match="уже в этой паре"):
        pairs.move_mentee(db, school.mentees["Ершов"], school.pair)
    pairs.close_pair(db, school.pair, "Болезнь")
    before = snapshot(db)
    with pytest.raises(ValidationError, match="добавить в неё"):
        pairs.move_mentee(db, school.mentees["Жуков"], school.pair)
    assert snapshot(db) == before


def test_capacity_is_counted_across_the_mentors_active_pairs(db: Database,
                                                             school: School) -> None:
    pairs.assign_to_mentor(db, school.mentees["Жуков"], school.mentors["Соколова"])
    pairs.assign_to_mentor(db, school.mentees["Зайцев"], school.mentors["Соколова"])
    before = snapshot(db)
    with pytest.raises(ValidationError, match="нет свободных мест") as refused:
        pairs.assign_to_mentor(db, school.mentees["Ильин"], school.mentors["Соколова"])
    assert "Соколова П. И." in refused.value.message and "3" in refused.value.message
    assert snapshot(db) == before
    with pytest.raises(ValidationError, match="нет свободных мест"):
        pairs.move_mentee(db, school.mentees["Ильин"], school.pair)
    assert snapshot(db) == before
    assert mentee_status(db, school.mentees["Ильин"]) is MenteeStatus.IN_BASE


def test_a_mentee_of_another_form_is_refused(db: Database, school: School) -> None:
    before = snapshot(db)
    with pytest.raises(ValidationError, match="разных формах"):
        pairs.move_mentee(db, school.mentees["Кузина"], school.pair)
    with pytest.raises(ValidationError, match="в форме"):
        pairs.assign_to_mentor(db, school.mentees["Кузина"], school.mentors["Соколова"])
    assert snapshot(db) == before


def test_an_exclusion_is_never_overridden(db: Database, school: School) -> None:
    with db.transaction() as session:
        session.add(MatchingExclusion(
            programme_id=school.programme_id, mentor_person_id=school.mentor_people["Соколова"],
            mentee_person_id=school.mentee_people["Жуков"], reason="родственники"))
    before = snapshot(db)
    with pytest.raises(ValidationError, match=r"запрещено при подборе\. Причина: родственники"):
        pairs.assign_to_mentor(db, school.mentees["Жуков"], school.mentors["Соколова"])
    assert snapshot(db) == before
    options = pairs.mentor_options(db, school.mentees["Жуков"])
    assert "Соколова П. И." not in {o.short_name for o in options}


def test_nobody_is_his_own_mentor(db: Database, school: School) -> None:
    with db.transaction() as session:
        mentor_person = session.get_one(Person, school.mentor_people["Соколова"])
        own = MenteeProfile(programme_id=school.programme_id, person=mentor_person,
                            form_id=school.pupil_form)
        session.add(own)
        session.flush()
        own_id = own.id
    before = snapshot(db)
    with pytest.raises(ValidationError, match="самому себе"):
        pairs.assign_to_mentor(db, own_id, school.mentors["Соколова"])
    assert snapshot(db) == before


def test_a_mentor_not_admitted_cannot_take_mentees(db: Database, school: School) -> None:
    with db.transaction() as session:
        session.get_one(MentorProfile, school.mentors["Соколова"]).status = MentorStatus.TRAINED
    with pytest.raises(ValidationError, match="не допущен"):
        pairs.assign_to_mentor(db, school.mentees["Жуков"], school.mentors["Соколова"])
    assert "Соколова П. И." not in {
        o.short_name for o in pairs.mentor_options(db, school.mentees["Жуков"])}


def test_mentor_options_list_free_places(db: Database, school: School) -> None:
    options = pairs.mentor_options(db, school.mentees["Жуков"])
    assert [(o.short_name, o.free_places) for o in options] == [("Соколова П. И.", 2)]
    assert [o.short_name for o in pairs.mentor_options(db, school.mentees["Кузина"])] == [
        "Белова П. И."]


def test_undo_is_refused_when_the_rows_changed_since(db: Database, school: School) -> None:
    change = pairs.move_status(db, school.pair, PairStatus.RESULTS)
    pairs.move_status(db, school.pair, PairStatus.COMPLETED)
    before = snapshot(db)
    with pytest.raises(ValidationError, match="изменились"):
        pairs.undo(db, change)
    assert snapshot(db) == before


def test_a_chain_of_moves_undone_in_reverse_restores_everything(db: Database,
                                                                school: School) -> None:
    start = snapshot(db)
    changes = [
        pairs.assign_to_mentor(db, school.mentees["Жуков"], school.mentors["Соколова"]),
        pairs.move_mentee(db, school.mentees["Ершов"], None),
    ]
    changes.append(pairs.move_mentee(db, school.mentees["Ершов"], changes[0].pair_id))
    changes.append(pairs.move_status(db, changes[0].pair_id or 0, PairStatus.ACQUAINTANCE))
    changes.append(pairs.close_pair(db, changes[0].pair_id or 0, "Не сложилось"))
    end = snapshot(db)
    for change in reversed(changes):
        pairs.undo(db, change)
    assert snapshot(db) == start
    for change in changes:
        pairs.redo(db, change)
    assert snapshot(db) == end


def test_a_mentee_who_left_is_refused_in_words_agreeing_with_the_sex(db: Database,
                                                                     school: School) -> None:
    with db.transaction() as session:
        left = session.get(MenteeProfile, school.mentees["Кузина"])
        assert left is not None
        left.status = MenteeStatus.LEFT
        person = session.get(Person, school.mentee_people["Кузина"])
        assert person is not None  # (the patronymic tells the sex when there is one)
        person.sex, person.middle_name = Sex.FEMALE, "Ивановна"
    with pytest.raises(ValidationError, match="выбыла: поставить в пару нельзя"):
        pairs.assign_to_mentor(db, school.mentees["Кузина"], school.mentors["Белова"])


def test_a_move_names_the_cards_it_touched(db: Database, school: School) -> None:
    """The board reads again only these cards after a move: the pair left and the pair
    joined, the pair a move made, the pair an undo removed."""
    made = pairs.assign_to_mentor(db, school.mentees["Жуков"], school.mentors["Соколова"])
    assert made.pair_id is not None
    assert pairs.pairs_touched(made) == {made.pair_id}
    moved = pairs.move_mentee(db, school.mentees["Ершов"], made.pair_id, on=TODAY)
    assert pairs.pairs_touched(moved) == {school.pair, made.pair_id}
    status = pairs.move_status(db, school.pair, PairStatus.RESULTS)
    assert pairs.pairs_touched(status) == {school.pair}
    whole = pairs.board(db, school.programme_id, today=TODAY)
    assert len(whole) >= 2
    for chosen in ({school.pair}, {school.pair, made.pair_id}, set()):
        assert pairs.board(db, school.programme_id, pair_ids=chosen, today=TODAY) == [
            c for c in whole if c.id in chosen]
    made_card = next(c for c in whole if c.id == made.pair_id)
    without = [c for c in whole if c.id != made.pair_id]
    assert pairs.with_cards_read(without, {made.pair_id}, [made_card]) == whole, "in order"
    assert pairs.with_cards_read(whole, {made.pair_id}, []) == without, "gone"
    changed = pairs.board(db, school.programme_id, pair_ids={school.pair}, today=TODAY)
    assert pairs.with_cards_read(whole, {school.pair}, changed) == whole
