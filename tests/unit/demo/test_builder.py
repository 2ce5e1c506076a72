"""The demo school generator: deterministic, realistic, consistent, and one transaction."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nastavnik_desktop import paths
from nastavnik_desktop.data.db import Database, open_database
from nastavnik_desktop.data.enums import (
    ConsentGiver,
    ConsentKind,
    MeetingKind,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
    ProgrammeStatus,
    Sex,
    StageStatus,
)
from nastavnik_desktop.data.models import (
    AuditEntry,
    Consent,
    Meeting,
    MenteeProfile,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    Programme,
    School,
)
from nastavnik_desktop.demo import DemoOptions, DemoSummary, generate_demo
from nastavnik_desktop.errors import OperationCancelled, ValidationError
from nastavnik_desktop.services.pairs.journal import STATUS_OF_KIND
from nastavnik_desktop.services.pairs.rules import ACTIVE_STATUSES

TODAY = dt.date(2025, 10, 1)
SMALL = DemoOptions(seed=7, pupils=200, teachers=20, today=TODAY)
SCHOOL_YEAR_START = dt.date(2025, 9, 1)
CLASS_RE = re.compile(r"^(\d{1,2})([А-Я])$")
MALE_ONLY_ENDINGS = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ой", "ый", "ий")
CYCLE = [MeetingKind.ACQUAINTANCE, MeetingKind.TRIAL, MeetingKind.PLANNING,
         MeetingKind.WORKING, MeetingKind.FINAL]


def _word_list(name: str) -> list[list[str]]:
    text = paths.resource("demo", name).read_text(encoding="utf-8")
    return [line.split(";") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


MALE_NAMES = {row[0]: (row[1], row[2]) for row in _word_list("male_names.txt")}
FEMALE_NAMES = {row[0] for row in _word_list("female_names.txt")}
SURNAMES = [(row[0], row[1]) for row in _word_list("surnames.txt")]


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    """One demo school shared by the tests that only read it."""
    database = open_database(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    summary = generate_demo(database, SMALL)
    yield database, summary
    database.close()


@pytest.fixture
def demo_db(small_demo: tuple[Database, DemoSummary]) -> Database:
    return small_demo[0]


def _people(db: Database) -> list[tuple[Any, ...]]:
    columns = [c for c in Person.__table__.columns
               if c.name not in ("id", "created_at", "updated_at")]
    with db.reading() as session:
        return [tuple(row) for row in session.execute(select(*columns).order_by(Person.id))]


def _persons(db: Database, category: PersonCategory | None = None) -> list[Person]:
    with db.reading() as session:
        query = select(Person).order_by(Person.id)
        if category is not None:
            query = query.where(Person.category == category)
        people = list(session.scalars(query))
        session.expunge_all()  # keep the loaded columns after the read-only session ends
        return people


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- determinism, sizes, refusal, cancel ------------------------------------------------------


def test_same_seed_and_day_give_the_same_people(db: Database, tmp_path: Path) -> None:
    first = generate_demo(db, SMALL)
    twin = open_database(tmp_path / "twin.sqlite")
    other = open_database(tmp_path / "other.sqlite")
    try:
        assert generate_demo(twin, SMALL) == first
        generate_demo(other, DemoOptions(seed=8, pupils=200, teachers=20, today=TODAY))
        people = _people(db)
        assert len(people) > 200
        assert _people(twin) == people
        assert _people(other) != people
    finally:
        twin.close()
        other.close()


def test_counts_follow_the_options_and_the_summary(small_demo: tuple[Database, DemoSummary]
                                                   ) -> None:
    db, summary = small_demo
    with db.reading() as session:
        by_category = dict(session.execute(
            select(Person.category, func.count()).group_by(Person.category)).all())
        assert by_category[PersonCategory.PUPIL] == SMALL.pupils == summary.pupils
        assert by_category[PersonCategory.STAFF] == SMALL.teachers == summary.staff
        assert by_category[PersonCategory.PARENT] == summary.parents > 0
        assert by_category[PersonCategory.ALUMNUS] == summary.alumni > 0
        assert summary.external == sum(by_category[c] for c in (
            PersonCategory.EMPLOYEE, PersonCategory.ENTREPRENEUR, PersonCategory.STUDENT))
        assert all(by_category[c] > 0 for c in (PersonCategory.EMPLOYEE,
                                               PersonCategory.ENTREPRENEUR,
                                               PersonCategory.STUDENT))
        current = _current(session)
        assert summary.mentees == session.scalar(select(func.count()).select_from(
            MenteeProfile).where(MenteeProfile.programme_id == current))
        assert summary.mentors == session.scalar(select(func.count()).select_from(
            MentorProfile).where(MentorProfile.programme_id == current))
        assert summary.pairs == session.scalar(select(func.count()).select_from(
            MentoringPair).where(MentoringPair.programme_id == current))
        assert 12 <= summary.pairs <= 20


def test_default_sizes_give_about_800_pupils_and_60_staff(db: Database) -> None:
    summary = generate_demo(db, DemoOptions(today=TODAY))
    assert (summary.pupils, summary.staff) == (800, 60)
    sizes = Counter(p.class_name for p in _persons(db, PersonCategory.PUPIL))
    assert all(20 <= n <= 30 for n in sizes.values()), sizes
    assert {int(name[:-1]) for name in sizes} == set(range(5, 12))


def test_refuses_a_database_that_already_has_a_school(db: Database, programme: object) -> None:
    with pytest.raises(ValidationError, match="уже есть школа"):
        generate_demo(db, SMALL)
    assert _persons(db) == []


@pytest.mark.parametrize("options", [
    SMALL.with_sizes(pupils=10),
    SMALL.with_sizes(teachers=3),
    DemoOptions(pupils=200, teachers=20, today=dt.date.today() + dt.timedelta(days=1)),
])
def test_refuses_impossible_options(db: Database, options: DemoOptions) -> None:
    with pytest.raises(ValidationError):
        generate_demo(db, options)
    assert _persons(db) == []


def test_with_sizes_changes_only_what_is_given() -> None:
    assert SMALL.with_sizes(pupils=300) == DemoOptions(seed=7, pupils=300, teachers=20,
                                                       today=TODAY)
    assert SMALL.with_sizes(teachers=30).pupils == 200
    assert SMALL.with_sizes() == SMALL


def test_cancel_leaves_the_database_unchanged(db: Database) -> None:
    calls: list[tuple[int, int]] = []

    def cancel_after_some_work(done: int, total: int) -> bool:
        calls.append((done, total))
        return done == 0

    with pytest.raises(OperationCancelled):
        generate_demo(db, SMALL, progress=cancel_after_some_work)
    assert calls[-1][0] > 0, "cancelled only after rows had been written"
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0
        assert session.scalar(select(func.count()).select_from(School)) == 0
        assert session.scalar(select(func.count()).select_from(Programme)) == 0
    generate_demo(db, SMALL)  # the database is still usable for a clean run
    assert len(_persons(db, PersonCategory.PUPIL)) == SMALL.pupils


def test_progress_runs_up_to_the_total(db: Database) -> None:
    calls: list[tuple[int, int]] = []

    def record(done: int, total: int) -> bool:
        calls.append((done, total))
        return True

    generate_demo(db, SMALL, progress=record)
    totals = {total for _, total in calls}
    assert len(totals) == 1 and len(calls) >= 3
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[0] == 0 and done[-1] == totals.pop()


# --- names ------------------------------------------------------------------------------------


def test_word_lists_are_large_and_well_formed() -> None:
    assert len(MALE_NAMES) >= 60 and len(FEMALE_NAMES) >= 60 and len(SURNAMES) >= 200
    for son, daughter in MALE_NAMES.values():
        assert son.endswith("ич") and daughter.endswith(("вна", "чна")), (son, daughter)
    assert MALE_NAMES["Илья"] == ("Ильич", "Ильинична")
    assert MALE_NAMES["Лев"] == ("Львович", "Львовна")
    assert ("Черных", "Черных") in SURNAMES and ("Ковальский", "Ковальская") in SURNAMES


def test_first_names_and_patronymics_agree_with_sex(demo_db: Database) -> None:
    patronymics = {Sex.MALE: {s for s, _ in MALE_NAMES.values()},
                   Sex.FEMALE: {d for _, d in MALE_NAMES.values()}}
    for person in _persons(demo_db):
        assert person.middle_name, person.full_name
        if person.sex is Sex.MALE:
            assert person.first_name in MALE_NAMES, person.full_name
            assert person.middle_name.endswith("ич"), person.full_name
        else:
            assert person.sex is Sex.FEMALE
            assert person.first_name in FEMALE_NAMES, person.full_name
            assert person.middle_name.endswith(("вна", "чна")), person.full_name
        assert person.middle_name in patronymics[person.sex], person.full_name


def test_surnames_are_in_the_form_of_the_sex(demo_db: Database) -> None:
    male_forms = {m for m, _ in SURNAMES}
    female_forms = {f for _, f in SURNAMES}
    male_only = {m for m, f in SURNAMES if m != f}
    for person in _persons(demo_db):
        if person.sex is Sex.FEMALE:
            assert person.last_name in female_forms, person.full_name
            assert person.last_name not in male_only, person.full_name
            assert not person.last_name.endswith(MALE_ONLY_ENDINGS), person.full_name
        else:
            assert person.last_name in male_forms, person.full_name


def test_a_pupil_takes_patronymic_and_surname_from_the_father(demo_db: Database) -> None:
    surname_pair = {m: (m, f) for m, f in SURNAMES} | {f: (m, f) for m, f in SURNAMES}
    checked = 0
    for pupil in _persons(demo_db, PersonCategory.PUPIL):
        last, first, middle = pupil.parent_name.split(" ")
        if not middle.endswith("ич"):
            continue  # the mother is the contact; the father's name is not recorded
        son, daughter = MALE_NAMES[first]
        assert pupil.middle_name == (son if pupil.sex is Sex.MALE else daughter)
        assert surname_pair[pupil.last_name] == surname_pair[last]
        checked += 1
    assert checked >= 10


# --- classes, ages, staff ---------------------------------------------------------------------


def test_classes_are_grades_5_to_11_with_plausible_sizes(demo_db: Database) -> None:
    pupils = _persons(demo_db, PersonCategory.PUPIL)
    by_grade: dict[int, Counter[str]] = defaultdict(Counter)
    for pupil in pupils:
        match = CLASS_RE.match(pupil.class_name)
        assert match, pupil.class_name
        by_grade[int(match.group(1))][match.group(2)] += 1
    assert set(by_grade) == set(range(5, 12))
    for grade, letters in by_grade.items():
        assert "".join(sorted(letters)) == "АБВГДЕЖЗИК"[:len(letters)], (grade, letters)
        assert max(letters.values()) - min(letters.values()) <= 1
        assert all(8 <= n <= 30 for n in letters.values()), (grade, letters)
    assert sum(by_grade[10].values()) < sum(by_grade[9].values())


def test_ages_match_grades(demo_db: Database) -> None:
    usual = 0
    pupils = _persons(demo_db, PersonCategory.PUPIL)
    for pupil in pupils:
        assert pupil.birth_date is not None
        grade = int(pupil.class_name[:-1])
        age = _age_on(pupil.birth_date, SCHOOL_YEAR_START)
        assert grade + 5 <= age <= grade + 7, (pupil.class_name, pupil.birth_date)
        usual += age in (grade + 5, grade + 6)
        assert pupil.parent_name and pupil.parent_phone and not pupil.phone
    assert usual >= 0.9 * len(pupils)


def test_staff_has_young_specialists_and_plausible_ages(demo_db: Database) -> None:
    staff = _persons(demo_db, PersonCategory.STAFF)
    young = [p for p in staff if p.experience_years is not None and p.experience_years <= 3]
    assert len(young) >= 0.08 * len(staff)
    positions = {p.position for p in staff}
    assert {"Директор", "педагог-психолог", "социальный педагог",
            "заместитель директора по УВР", "учитель математики"} <= positions
    for person in staff:
        assert person.experience_years is not None and 0 <= person.experience_years <= 40
        assert person.birth_date is not None
        age = _age_on(person.birth_date, TODAY)
        assert 21 + person.experience_years <= age <= 70, (person.full_name, age)
    with demo_db.reading() as session:
        school = session.scalars(select(School)).one()
        director = next(p for p in staff if p.position == "Директор")
        assert school.director_name == director.full_name
        number = re.search(r"«Средняя общеобразовательная школа № (\d+)»$", school.full_name)
        assert number and school.short_name == f"МБОУ «СОШ № {number.group(1)}»"


# --- the programme, bases and pairs -----------------------------------------------------------


def test_programme_is_at_stage_5_with_forms_curator_and_team(demo_db: Database) -> None:
    with demo_db.reading() as session:
        programme = session.scalars(select(Programme).where(
            Programme.status == ProgrammeStatus.ACTIVE)).one()
        assert programme.school_year == "2025/2026"
        statuses = [s.status for s in programme.stages]
        assert statuses == [StageStatus.DONE] * 4 + [StageStatus.IN_PROGRESS] + [
            StageStatus.NOT_STARTED] * 2
        for stage in programme.stages[:4]:
            assert stage.started_on and stage.completed_on
            assert stage.started_on <= stage.completed_on <= TODAY
        assert {f.form.code for f in programme.forms} == {
            "pupil_pupil", "teacher_teacher", "employer_pupil"}
        assert programme.curator is not None
        assert programme.curator.category is PersonCategory.STAFF
        roles = {(m.role, m.person_id) for m in programme.team}
        assert ("куратор", programme.curator.id) in roles
        assert {r for r, _ in roles} == {"куратор", "педагог-психолог",
                                         "заместитель директора по ВР"}
        # the school's creation, then the batches of answers of the monitoring rounds
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions[0] == "create"
        # … and last year's awards and cases (`last_year`)
        assert set(actions[1:]) == {"answers_save_many", "issue", "create"}


def test_bases_fill_every_form_and_mentor_status(demo_db: Database) -> None:
    with demo_db.reading() as session:
        current = _current(session)
        mentees = list(session.scalars(select(MenteeProfile).where(
            MenteeProfile.programme_id == current)))
        mentors = list(session.scalars(select(MentorProfile).where(
            MentorProfile.programme_id == current)))
        assert {m.form.code for m in mentees if m.form} == {
            "pupil_pupil", "teacher_teacher", "employer_pupil"}
        assert all(1 <= len(m.requests) <= 3 for m in mentees)
        for mentee in mentees:
            audience = "teacher" if mentee.person.category is PersonCategory.STAFF else "pupil"
            assert {r.audience.value for r in mentee.requests} == {audience}
        assert {m.status for m in mentors} == set(MentorStatus)
        leading_a_class = {p.mentor_profile_id: len(p.members)
                           for p in session.scalars(select(MentoringPair))
                           if p.title.endswith(" класса")}
        assert leading_a_class
        for mentor in mentors:
            assert 1 <= mentor.capacity <= leading_a_class.get(mentor.id, 5) and mentor.helps_with
            scored = {s.score for s in mentor.criterion_scores}
            if mentor.status is MentorStatus.CANDIDATE:
                assert not scored
            else:
                assert scored and all(0 <= s <= 10 for s in scored)
            if mentor.status is MentorStatus.REJECTED:
                assert mentor.rejection_reason
            if mentor.person.category is PersonCategory.PUPIL:
                assert int(mentor.person.class_name[:-1]) >= 9
        teacher_mentees = [m for m in mentees if m.form and m.form.code == "teacher_teacher"]
        assert any((m.person.experience_years or 99) <= 3 for m in teacher_mentees)
        # Room for matching: external mentors take groups, some mentees tell their interests.
        assert any(m.capacity >= 3 for m in mentors if m.status is MentorStatus.ADMITTED
                   and m.form and m.form.code == "employer_pupil")
        assert any(m.requests_note.startswith("интересы: ") for m in mentees)


def test_pairs_cover_the_statuses_and_include_a_group(demo_db: Database) -> None:
    with demo_db.reading() as session:
        pairs = list(session.scalars(select(MentoringPair)))
        assert len({p.status for p in pairs}) >= 5
        assert PairStatus.TERMINATED in {p.status for p in pairs}
        assert any(len(p.members) >= 3 for p in pairs)
        for pair in pairs:
            assert pair.mentor.status is MentorStatus.ADMITTED
            assert pair.mentor.form_id == pair.form_id
            assert pair.mentor.capacity >= len(pair.members)
            for member in pair.members:
                assert member.mentee.person_id != pair.mentor.person_id
                assert member.mentee.form_id == pair.form_id
                expected = {PairStatus.COMPLETED: MenteeStatus.FINISHED,
                            PairStatus.TERMINATED: MenteeStatus.IN_BASE}
                assert member.mentee.status is expected.get(pair.status, MenteeStatus.PAIRED)
            if pair.status is PairStatus.TERMINATED:
                assert pair.close_reason and pair.ended_on
            if pair.status in (PairStatus.COMPLETED, PairStatus.TERMINATED):
                assert pair.ended_on is not None and pair.ended_on <= TODAY
        same_person = session.scalar(
            select(func.count()).select_from(PairMentee)
            .join(MentoringPair, MentoringPair.id == PairMentee.pair_id)
            .join(MentorProfile, MentorProfile.id == MentoringPair.mentor_profile_id)
            .join(MenteeProfile, MenteeProfile.id == PairMentee.mentee_profile_id)
            .where(MentorProfile.person_id == MenteeProfile.person_id))
        assert same_person == 0


def test_meetings_follow_the_cycle(demo_db: Database) -> None:
    """Held meetings go along the cycle and agree with the status the journal would give;
    planned ones come after the demo day."""
    with demo_db.reading() as session:
        meetings: dict[int, list[Meeting]] = defaultdict(list)
        planned: dict[int, list[Meeting]] = defaultdict(list)
        for meeting in session.scalars(select(Meeting).order_by(Meeting.held_on, Meeting.id)):
            (planned if meeting.planned else meetings)[meeting.pair_id].append(meeting)
        pairs = {p.id: p for p in session.scalars(select(MentoringPair))}
        assert meetings and planned
        for pair_id, held in meetings.items():
            kinds = [m.kind for m in held]
            assert kinds[0] is MeetingKind.ACQUAINTANCE
            assert [CYCLE.index(k) for k in kinds] == sorted(CYCLE.index(k) for k in kinds)
            pair = pairs[pair_id]
            assert pair.formed_on is not None
            assert all(pair.formed_on <= m.held_on <= TODAY for m in held)
            assert (MeetingKind.FINAL in kinds) == (
                pair.status in (PairStatus.RESULTS, PairStatus.COMPLETED))
            if pair.status not in (PairStatus.COMPLETED, PairStatus.TERMINATED):
                assert STATUS_OF_KIND[max(kinds, key=CYCLE.index)] is pair.status
            assert all(len(m.attendance) == len(pair.members) for m in held)
        for pair_id, ahead in planned.items():
            assert all(m.held_on > TODAY and not m.attendance for m in ahead)
            assert pairs[pair_id].status in ACTIVE_STATUSES
        assert all(pairs[i].status is not PairStatus.FORMED for i in meetings)


def test_consents(demo_db: Database) -> None:
    with demo_db.reading() as session:
        consents = list(session.scalars(select(Consent)))
        pupils = {p.id: p for p in session.scalars(
            select(Person).where(Person.category == PersonCategory.PUPIL))}
        personal = [c for c in consents if c.kind is ConsentKind.PERSONAL_DATA]
        people = session.scalar(select(func.count()).select_from(Person)) or 0
        assert len(personal) >= 0.9 * people > 0
        assert any(c.kind is ConsentKind.PUBLICATION for c in consents)
        without = set(pupils) - {c.person_id for c in personal}
        assert 1 <= len(without) <= 0.1 * len(pupils)
        assert [c.revoked_on is not None for c in consents].count(True) == 1
        for consent in consents:
            assert consent.given_on <= TODAY
            assert consent.revoked_on is None or consent.given_on <= consent.revoked_on <= TODAY
            pupil = pupils.get(consent.person_id)
            if pupil is not None and pupil.birth_date is not None \
                    and _age_on(pupil.birth_date, consent.given_on) < 18:
                assert consent.given_by is ConsentGiver.PARENT
                assert consent.given_by_name == pupil.parent_name
            elif pupil is None:
                assert consent.given_by is ConsentGiver.SELF
        revoked = next(c for c in consents if c.revoked_on is not None)
        paired = set(session.scalars(select(MenteeProfile.person_id).join(
            PairMentee, PairMentee.mentee_profile_id == MenteeProfile.id)))
        assert revoked.person_id not in paired
        assert not paired & without


def test_demo_roadmap_is_partly_done_with_one_overdue_item(db_path: Path) -> None:
    from nastavnik_desktop.services.programme import current_programme
    from nastavnik_desktop.services.roadmap import list_roadmap

    today = dt.date(2025, 11, 20)
    database = open_database(db_path)
    try:
        generate_demo(database, DemoOptions(pupils=150, teachers=15, today=today))
        programme = current_programme(database)
        assert programme is not None
        lines = list_roadmap(database, programme.id, today=today)
    finally:
        database.close()
    assert {line.stage for line in lines} == set(range(1, 8))
    assert all(line.done_on for line in lines if line.stage <= 4)
    assert not any(line.done_on for line in lines if line.stage >= 5)
    overdue = [line for line in lines if line.overdue]
    assert overdue and overdue[0].stage == 5


def test_stage_2_informing_and_the_parent_child_rule_are_recorded(demo_db: Database) -> None:
    from nastavnik_desktop.data.models import MatchingExclusion, ProgrammeEvent

    with demo_db.reading() as session:
        events = session.scalars(select(ProgrammeEvent).where(
            ProgrammeEvent.programme_id == _current(session))).all()
        assert {e.kind for e in events} == {"parents_meeting", "teachers_meeting", "class_hour"}
        assert all(e.stage == 2 and e.held_on and (e.attended_count or 0) > 0 for e in events)
        exclusions = session.scalars(select(MatchingExclusion)).all()
        assert exclusions, "a parent in the mentor base is never paired with his own child"
        for rule in exclusions:
            mentor = session.get(Person, rule.mentor_person_id)
            child = session.get(Person, rule.mentee_person_id)
            assert mentor is not None and child is not None
            assert mentor.category is PersonCategory.PARENT
            assert child.category is PersonCategory.PUPIL
            assert mentor.last_name[:4] == child.last_name[:4]  # one family, one surname stem


# --- a school at scale (issue 18: measuring the screens) -------------------------------------


def _pairs_with_people(db: Database) -> list[tuple[int, int, str, tuple[int, ...]]]:
    """Each pair of the current programme as (mentor's person, status, form, its mentees'
    persons), in id order."""
    with db.reading() as session:
        return [(p.mentor.person_id, p.status.value, p.form.code,
                 tuple(sorted(m.mentee.person_id for m in p.members)))
                for p in session.scalars(select(MentoringPair).where(
                    MentoringPair.programme_id == _current(session))
                    .order_by(MentoringPair.id))]


def _current(session: Session) -> int:
    """The id of the demo's running programme (last year's is archived)."""
    found = session.scalar(select(Programme.id).where(Programme.status == ProgrammeStatus.ACTIVE))
    assert found is not None
    return found


def test_pairs_option_gives_exactly_that_many_pairs_the_same_for_a_seed(tmp_path: Path) -> None:
    options = DemoOptions(seed=11, pupils=400, teachers=30, pairs=70, today=TODAY)
    first, twin = (open_database(tmp_path / f"{name}.sqlite") for name in ("first", "twin"))
    try:
        summary = generate_demo(first, options)
        assert generate_demo(twin, options) == summary
        assert summary.pairs == 70
        pairs = _pairs_with_people(first)
        assert len(pairs) == 70 and _pairs_with_people(twin) == pairs
        assert _people(twin) == _people(first)
        assert {form for _m, _s, form, _p in pairs} == {
            "pupil_pupil", "teacher_teacher", "employer_pupil"}
        assert sum(len(people) >= 2 for _m, _s, _f, people in pairs) >= 3  # groups too
        assert PairStatus.TERMINATED.value in {status for _m, status, _f, _p in pairs}
    finally:
        first.close()
        twin.close()


@pytest.mark.parametrize(("pupils", "pairs", "says"), [
    (400, 81, "от 5 до 80"), (10_000, 2_001, "от 5 до 2000"), (400, 4, "не меньше 5")])
def test_refuses_more_pairs_than_the_school_can_form(db: Database, pupils: int, pairs: int,
                                                     says: str) -> None:
    with pytest.raises(ValidationError, match="пар и групп") as raised:
        generate_demo(db, SMALL.with_sizes(pupils=pupils, pairs=pairs))
    assert says in raised.value.message
    assert _persons(db) == []


@pytest.mark.parametrize("pupils", [3_000, 5_000, 10_000])
def test_class_plan_places_every_pupil(pupils: int) -> None:
    from nastavnik_desktop.demo.context import MAX_CLASS_SIZE, class_plan

    plan = class_plan(pupils)
    assert sum(size for _grade, _name, size in plan) == pupils
    assert len({name for _grade, name, _size in plan}) == len(plan)
    if pupils <= 5_000:
        assert max(size for _grade, _name, size in plan) <= MAX_CLASS_SIZE
