"""The bases of mentees and mentors, the person card and taking people out of a base."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import pytest
from sqlalchemy import event, func, select

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    ConsentGiver,
    ConsentKind,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
    RequestAudience,
    Sex,
)
from nastavnik_desktop.data.models import (
    AuditEntry,
    Consent,
    MenteeProfile,
    MenteeRequest,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    Programme,
    School,
)
from nastavnik_desktop.demo import DemoOptions, generate_demo
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.services.paper_data import bases_data
from nastavnik_desktop.services.people import (
    BaseKind,
    ConsentInfo,
    ConsentState,
    PersonCard,
    get_person,
    mentee_base,
    mentor_base,
    people_shown_with,
    remove_from_base,
    save_person,
)
from nastavnik_desktop.services.programme import ProgrammeInfo, new_programme
from nastavnik_desktop.text import class_sort_key

TODAY = dt.date(2025, 10, 1)


@dataclass(frozen=True)
class School7:
    """Person ids of the little school below, by role."""

    minor_with_consent: int
    minor_without_consent: int
    minor_self_consent: int
    teacher: int
    mentor: int
    free_mentor: int
    pair_id: int


def _form_ids(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {code: form_id for code, form_id in session.execute(
        select(MentoringForm.code, MentoringForm.id))}


def _requests(session, audience: RequestAudience) -> list[MenteeRequest]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(MenteeRequest).where(MenteeRequest.audience == audience)
                                .order_by(MenteeRequest.sort_order)))


def _pupil(last: str, first: str, class_name: str, birth: dt.date | None, *,
           consent_by: ConsentGiver | None = None) -> Person:
    person = Person(last_name=last, first_name=first, middle_name="Иванович", sex=Sex.MALE,
                    birth_date=birth, category=PersonCategory.PUPIL, class_name=class_name,
                    parent_name=f"{last}а Мария Петровна", parent_phone="+7 900 000-00-00")
    if consent_by is not None:
        person.consents = [Consent(kind=ConsentKind.PERSONAL_DATA, given_on=dt.date(2025, 9, 5),
                                   given_by=consent_by,
                                   given_by_name="" if consent_by is ConsentGiver.SELF
                                   else f"{last}а Мария Петровна")]
    return person


@pytest.fixture
def school(db: Database, programme: ProgrammeInfo) -> School7:
    with db.transaction() as session:
        forms = _form_ids(session)
        pupil_requests = _requests(session, RequestAudience.PUPIL)
        teacher_requests = _requests(session, RequestAudience.TEACHER)
        with_consent = _pupil("Алексеев", "Пётр", "5А", dt.date(2014, 3, 1),
                              consent_by=ConsentGiver.PARENT)
        without_consent = _pupil("Борисов", "Олег", "10Б", dt.date(2010, 5, 2))
        self_consent = _pupil("Ёлкин", "Антон", "9В", dt.date(2011, 1, 9),
                              consent_by=ConsentGiver.SELF)
        teacher = Person(last_name="Власова", first_name="Анна", middle_name="Сергеевна",
                         birth_date=dt.date(2001, 2, 3), category=PersonCategory.STAFF,
                         position="учитель математики", subject="математика",
                         experience_years=1, phone="+7 900 111-22-33")
        teacher.consents = [Consent(kind=ConsentKind.PERSONAL_DATA,
                                    given_on=dt.date(2025, 9, 1))]
        mentor = Person(last_name="Громов", first_name="Илья", middle_name="Петрович",
                        birth_date=dt.date(1980, 6, 1), category=PersonCategory.STAFF,
                        position="учитель физики")
        free_mentor = Person(last_name="Дёмина", first_name="Ольга",
                             category=PersonCategory.ALUMNUS, organisation="ООО «ТехноСофт»",
                             position="программист")
        session.add_all([with_consent, without_consent, self_consent, teacher, mentor,
                         free_mentor])
        session.flush()
        profiles = [
            MenteeProfile(programme_id=programme.id, person_id=with_consent.id,
                          form_id=forms["pupil_pupil"], requests=pupil_requests[:2],
                          status=MenteeStatus.PAIRED, entered_on=dt.date(2025, 9, 20)),
            MenteeProfile(programme_id=programme.id, person_id=without_consent.id,
                          form_id=forms["pupil_pupil"], requests=[pupil_requests[2]]),
            # the same pupil in a second form: one row with both forms
            MenteeProfile(programme_id=programme.id, person_id=without_consent.id,
                          form_id=forms["employer_pupil"], requests=[pupil_requests[1]]),
            MenteeProfile(programme_id=programme.id, person_id=self_consent.id,
                          form_id=forms["pupil_pupil"], status=MenteeStatus.LEFT,
                          requests_note="просит помочь с физикой"),
            MenteeProfile(programme_id=programme.id, person_id=teacher.id,
                          form_id=forms["teacher_teacher"], requests=teacher_requests[:1]),
        ]
        session.add_all(profiles)
        mentor_profile = MentorProfile(programme_id=programme.id, person_id=mentor.id,
                                       form_id=forms["pupil_pupil"],
                                       status=MentorStatus.ADMITTED, capacity=2,
                                       competencies="физика, олимпиадная подготовка",
                                       helps_with=pupil_requests[:3],
                                       time_hours_per_month=6.0)
        free_profile = MentorProfile(programme_id=programme.id, person_id=free_mentor.id,
                                     form_id=forms["employer_pupil"],
                                     status=MentorStatus.CANDIDATE,
                                     competencies="программирование")
        session.add_all([mentor_profile, free_profile])
        session.flush()
        pair = MentoringPair(programme_id=programme.id, mentor_profile_id=mentor_profile.id,
                             form_id=forms["pupil_pupil"])
        pair.members = [PairMentee(mentee_profile_id=profiles[0].id)]
        session.add(pair)
        session.flush()
        return School7(with_consent.id, without_consent.id, self_consent.id, teacher.id,
                       mentor.id, free_mentor.id, pair.id)


def by_person(rows: list, person_id: int):  # type: ignore[no-untyped-def,type-arg]
    return next(row for row in rows if row.person_id == person_id)


# --- natural order of classes ------------------------------------------------------------------


def test_classes_sort_naturally() -> None:
    classes = ["11В", "10Б", "5А", "9Г", "5Б", "", "учитель физики", "10А", "1А", "7"]
    assert sorted(classes, key=class_sort_key) == [
        "1А", "5А", "5Б", "7", "9Г", "10А", "10Б", "11В", "учитель физики", ""]
    assert class_sort_key("10 б") == class_sort_key("10Б") == class_sort_key("10-Б")


# --- the bases ---------------------------------------------------------------------------------


def test_mentee_base_has_the_columns_of_personalised_records(
        db: Database, programme: ProgrammeInfo, school: School7) -> None:
    rows = mentee_base(db, programme.id, today=TODAY)
    assert [row.full_name for row in rows] == [
        "Алексеев Пётр Иванович", "Борисов Олег Иванович", "Власова Анна Сергеевна",
        "Ёлкин Антон Иванович"], "ordered by name, «Ё» with «Е»"

    paired = by_person(rows, school.minor_with_consent)
    assert (paired.place, paired.class_name, paired.age) == ("5А", "5А", 11)
    assert paired.category is PersonCategory.PUPIL
    assert paired.category_label == "обучающийся"
    assert paired.forms == ("ученик – ученик",)
    assert len(paired.requests) == 2
    assert paired.topics == ", ".join(paired.requests)
    assert paired.statuses == (MenteeStatus.PAIRED.value,)
    assert paired.status_label == "в паре"
    assert paired.consent is ConsentState.BY_PARENT
    assert paired.consent_label == "есть (родитель)"
    assert not paired.needs_parent_consent
    assert paired.partners == ("Громов И. П.",)
    assert paired.has_pair
    assert paired.parent_phone == "+7 900 000-00-00"
    assert paired.entered_on == dt.date(2025, 9, 20)

    two_forms = by_person(rows, school.minor_without_consent)
    assert len(two_forms.profile_ids) == 2
    assert two_forms.forms == ("ученик – ученик", "работодатель – ученик")
    assert len(two_forms.requests) == 2
    assert two_forms.consent is ConsentState.PARENT_MISSING
    assert two_forms.needs_parent_consent
    assert not two_forms.has_pair

    self_consent = by_person(rows, school.minor_self_consent)
    assert self_consent.needs_parent_consent, "a minor's own consent is not enough"
    assert self_consent.topics == "просит помочь с физикой"
    assert self_consent.status_label == "выбыл"

    teacher = by_person(rows, school.teacher)
    assert teacher.place == "учитель математики"
    assert "математика" in teacher.place_details
    assert teacher.consent is ConsentState.GIVEN
    assert teacher.requests == ("адаптация молодого специалиста",)


def test_mentor_base_shows_competencies_time_and_mentees(
        db: Database, programme: ProgrammeInfo, school: School7) -> None:
    rows = mentor_base(db, programme.id, today=TODAY)
    assert [row.person_id for row in rows] == [school.mentor, school.free_mentor]
    mentor = by_person(rows, school.mentor)
    assert mentor.topics == mentor.competencies == "физика, олимпиадная подготовка"
    assert len(mentor.request_ids) == 3
    assert mentor.partners == ("Алексеев П. И.",)
    assert mentor.status_label == "допущен"
    assert (mentor.capacity, mentor.hours_per_month) == (2, 6.0)
    assert mentor.consent is ConsentState.MISSING
    assert not mentor.needs_parent_consent
    free = by_person(rows, school.free_mentor)
    assert free.place == "программист"
    assert "ООО «ТехноСофт»" in free.place_details
    assert free.age is None
    assert not free.has_pair


def test_a_broken_pair_is_no_pair(db: Database, programme: ProgrammeInfo,
                                  school: School7) -> None:
    with db.transaction() as session:
        pair = session.get(MentoringPair, school.pair_id)
        assert pair is not None
        pair.status = PairStatus.TERMINATED
    assert not by_person(mentee_base(db, programme.id), school.minor_with_consent).has_pair
    assert not by_person(mentor_base(db, programme.id), school.mentor).has_pair


def test_a_revoked_consent_is_no_consent(db: Database, programme: ProgrammeInfo,
                                         school: School7) -> None:
    with db.transaction() as session:
        consent = session.scalars(select(Consent).where(
            Consent.person_id == school.teacher)).one()
        consent.revoked_on = dt.date(2025, 9, 25)
    teacher = by_person(mentee_base(db, programme.id, today=TODAY), school.teacher)
    assert teacher.consent is ConsentState.REVOKED
    assert teacher.consent_label == "отозвано"


def test_a_base_is_read_with_the_same_few_queries_whatever_its_size(
        db: Database, programme: ProgrammeInfo, school: School7) -> None:
    with count_queries(db) as small:
        mentee_base(db, programme.id)
        mentor_base(db, programme.id)
    with db.transaction() as session:
        forms = _form_ids(session)
        for n in range(300):
            person = _pupil(f"Новиков{n}", "Иван", "6А", dt.date(2013, 1, 1),
                            consent_by=ConsentGiver.PARENT)
            session.add(person)
            session.flush()
            session.add(MenteeProfile(programme_id=programme.id, person_id=person.id,
                                      form_id=forms["pupil_pupil"]))
            session.add(MentorProfile(programme_id=programme.id, person_id=person.id,
                                      form_id=forms["pupil_pupil"]))
    with count_queries(db) as large:
        assert len(mentee_base(db, programme.id)) == 304
        assert len(mentor_base(db, programme.id)) == 302
    assert large == small
    assert len(large) <= 12


def test_the_rows_of_a_few_people_are_those_of_the_whole_base(
        db: Database, programme: ProgrammeInfo, school: School7) -> None:
    """A saved card reads only the rows that show its person: his own and his partners'."""
    assert people_shown_with(db, programme.id, [school.mentor]) == {
        school.mentor, school.minor_with_consent}
    assert people_shown_with(db, programme.id, [school.minor_with_consent]) == {
        school.mentor, school.minor_with_consent}
    assert people_shown_with(db, programme.id, [school.teacher]) == {school.teacher}
    assert people_shown_with(db, programme.id, []) == set()
    for read in (mentee_base, mentor_base):
        whole = read(db, programme.id, today=TODAY)
        wanted = {school.mentor, school.minor_with_consent, school.minor_without_consent}
        assert read(db, programme.id, today=TODAY, person_ids=wanted) == [
            row for row in whole if row.person_id in wanted]


@contextmanager
def count_queries(db: Database) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_the_bases_of_the_demo_school(db: Database) -> None:
    summary = generate_demo(db, DemoOptions(seed=3, pupils=200, teachers=20, today=TODAY))
    with db.reading() as session:
        programme_id = session.scalars(select(Programme.id).order_by(
            Programme.school_year.desc())).first()
        assert programme_id is not None
        mentee_people = session.scalar(select(func.count(func.distinct(
            MenteeProfile.person_id))).where(MenteeProfile.programme_id == programme_id))
        paired_profiles = session.scalar(select(func.count(func.distinct(
            PairMentee.mentee_profile_id))).join(MentoringPair).where(
            MentoringPair.programme_id == programme_id, PairMentee.left_on.is_(None),
            MentoringPair.status != PairStatus.TERMINATED))
    mentees = mentee_base(db, programme_id, today=TODAY)
    mentors = mentor_base(db, programme_id, today=TODAY)
    assert len(mentees) == mentee_people
    assert sum(len(row.profile_ids) for row in mentees) == summary.mentees
    assert sum(len(row.profile_ids) for row in mentors) == summary.mentors
    assert sum(row.has_pair for row in mentees) == paired_profiles
    assert all(row.forms and row.full_name for row in mentees + mentors)
    assert all(row.consent.present or row.needs_parent_consent
               or row.consent is ConsentState.MISSING for row in mentees)


# --- the parent's consent flag ---------------------------------------------------------------


@pytest.mark.parametrize(("birth", "category", "consent", "needs"), [
    (dt.date(2012, 1, 1), PersonCategory.PUPIL, None, True),
    (dt.date(2012, 1, 1), PersonCategory.PUPIL, ConsentInfo(dt.date(2025, 9, 1)), True),
    (dt.date(2012, 1, 1), PersonCategory.PUPIL,
     ConsentInfo(dt.date(2025, 9, 1), ConsentGiver.PARENT, "Мать"), False),
    (dt.date(2012, 1, 1), PersonCategory.PUPIL,
     ConsentInfo(dt.date(2025, 9, 1), ConsentGiver.GUARDIAN, "Опекун",
                 revoked_on=dt.date(2025, 9, 20)), True),
    (dt.date(2007, 9, 30), PersonCategory.PUPIL, None, False),
    (dt.date(2007, 10, 2), PersonCategory.PUPIL, None, True),
    (None, PersonCategory.PUPIL, None, True),
    (None, PersonCategory.STAFF, None, False),
])
def test_needs_parent_consent(birth: dt.date | None, category: PersonCategory,
                              consent: ConsentInfo | None, needs: bool) -> None:
    card = PersonCard(person_id=1, last_name="Иванов", first_name="Иван", birth_date=birth,
                      category=category, personal_data_consent=consent)
    assert card.needs_parent_consent(TODAY) is needs


# --- the card --------------------------------------------------------------------------------


def test_the_card_round_trip_saves_every_field(db: Database, school: School7) -> None:
    card = get_person(db, school.minor_without_consent)
    assert (card.last_name, card.class_name, card.parent_name) == (
        "Борисов", "10Б", "Борисова Мария Петровна")
    assert card.personal_data_consent is None
    assert card.needs_parent_consent(TODAY)
    changed = replace(
        card, last_name="  Борисов-Лебедев ", first_name="Олег", middle_name="",
        class_name="10 в", phone="+7 999 123-45-67", email="oleg@mail.ru",
        notes="перевёлся из школы № 5",
        personal_data_consent=ConsentInfo(dt.date(2025, 9, 10), ConsentGiver.PARENT, ""),
        publication_consent=ConsentInfo(dt.date(2025, 9, 10), ConsentGiver.PARENT,
                                        "Борисов Иван Олегович"))
    saved = save_person(db, changed, today=TODAY)
    assert saved.last_name == "Борисов-Лебедев"
    assert saved.class_name == "10В"
    assert saved.personal_data_consent is not None
    assert saved.personal_data_consent.given_by_name == "Борисова Мария Петровна", \
        "the parent of the card stands in when the consent names nobody"
    again = get_person(db, school.minor_without_consent)
    assert again == saved
    assert not again.needs_parent_consent(TODAY)
    with db.reading() as session:
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert audit is not None and audit.summary == \
            f"Изменена карточка человека № {school.minor_without_consent}", \
            "the audit log names the person by number, not by name"


def test_revoking_and_withdrawing_consents(db: Database, school: School7) -> None:
    card = get_person(db, school.teacher)
    assert card.personal_data_consent is not None
    revoked = replace(card, personal_data_consent=replace(
        card.personal_data_consent, revoked_on=dt.date(2025, 9, 30)))
    save_person(db, revoked, today=TODAY)
    assert get_person(db, school.teacher).personal_data_consent == ConsentInfo(
        dt.date(2025, 9, 1), ConsentGiver.SELF, "", dt.date(2025, 9, 30))
    save_person(db, replace(revoked, personal_data_consent=None), today=TODAY)
    assert get_person(db, school.teacher).personal_data_consent is None
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Consent).where(
            Consent.person_id == school.teacher)) == 0


def test_renaming_drops_the_stored_declined_forms(db: Database, school: School7) -> None:
    with db.transaction() as session:
        person = session.get(Person, school.teacher)
        assert person is not None
        person.name_dative = "Власовой Анне Сергеевне"
    save_person(db, replace(get_person(db, school.teacher), notes="без изменений в ФИО"))
    with db.reading() as session:
        assert session.get(Person, school.teacher).name_dative == "Власовой Анне Сергеевне"  # type: ignore[union-attr]
    save_person(db, replace(get_person(db, school.teacher), last_name="Орлова"))
    with db.reading() as session:
        assert session.get(Person, school.teacher).name_dative == ""  # type: ignore[union-attr]


@pytest.mark.parametrize(("changes", "message"), [
    ({"last_name": "  ", "first_name": ""}, "Укажите фамилию и имя."),
    ({"last_name": ""}, "Укажите фамилию."),
    ({"first_name": " "}, "Укажите имя."),
    ({"last_name": "12345"}, "без букв"),
    ({"birth_date": dt.date(2025, 10, 2)}, "ещё не наступила"),
    ({"birth_date": dt.date(1900, 1, 1)}, "больше 100 лет"),
    ({"birth_date": dt.date(2023, 1, 1)}, "меньше 5 лет"),
    ({"class_name": "15Ж"}, "Класс «15Ж» записан неверно"),
    ({"class_name": "десятый"}, "записан неверно"),
    ({"experience_years": 80}, "Стаж"),
    ({"email": "почта"}, "электронной почты"),
    ({"personal_data_consent": ConsentInfo(dt.date(2025, 10, 5))}, "ещё не наступила"),
    ({"personal_data_consent": ConsentInfo(dt.date(2025, 9, 5),
                                           revoked_on=dt.date(2025, 9, 1))}, "раньше, чем дано"),
    ({"personal_data_consent": ConsentInfo(dt.date(2000, 9, 5))}, "раньше даты рождения"),
    ({"personal_data_consent": ConsentInfo(dt.date(2025, 9, 5),
                                           revoked_on=dt.date(2025, 10, 5))},
     "дата отзыва 05.10.2025 ещё не наступила"),
])
def test_the_card_refuses_what_cannot_be_right(db: Database, school: School7,
                                               changes: dict, message: str) -> None:  # type: ignore[type-arg]
    card = get_person(db, school.minor_without_consent)
    with pytest.raises(ValidationError) as refused:
        save_person(db, replace(card, **changes), today=TODAY)
    assert message in refused.value.message
    assert get_person(db, school.minor_without_consent) == card, "nothing is saved"


def test_a_missing_person_is_a_clear_error(db: Database, school: School7) -> None:
    with pytest.raises(ValidationError, match="не найден"):
        get_person(db, 9999)
    with pytest.raises(ValidationError, match="не найден"):
        save_person(db, replace(get_person(db, school.teacher), person_id=9999))


# --- taking people out of a base -------------------------------------------------------------


def test_removing_from_the_base_keeps_the_person_and_other_years(
        db: Database, programme: ProgrammeInfo, school: School7) -> None:
    with db.transaction() as session:
        school_row = session.scalars(select(School)).one()
        last_year = new_programme(session, school_row, "2024/2025")
        forms = _form_ids(session)
        session.add(MenteeProfile(programme_id=last_year.id, person_id=school.teacher,
                                  form_id=forms["teacher_teacher"]))
        last_year_id = last_year.id
    rows = mentee_base(db, programme.id)
    two_forms = by_person(rows, school.minor_without_consent)
    ids = [*two_forms.profile_ids, *by_person(rows, school.teacher).profile_ids]

    assert remove_from_base(db, ids, base=BaseKind.MENTEES) == 2

    remaining = {row.person_id for row in mentee_base(db, programme.id)}
    assert remaining == {school.minor_with_consent, school.minor_self_consent}
    assert [row.person_id for row in mentee_base(db, last_year_id)] == [school.teacher]
    assert get_person(db, school.minor_without_consent).last_name == "Борисов"
    with db.reading() as session:
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert audit is not None
        assert audit.summary == "Из раздела «база наставляемых» удалено 2\u00a0человека"


def test_people_in_pairs_are_not_removed(db: Database, programme: ProgrammeInfo,
                                         school: School7) -> None:
    mentees = mentee_base(db, programme.id)
    ids = [pid for row in mentees for pid in row.profile_ids]
    with pytest.raises(ValidationError) as refused:
        remove_from_base(db, ids, base=BaseKind.MENTEES)
    assert "Алексеев П. И." in refused.value.message
    assert "Пары и группы" in refused.value.message
    assert len(mentee_base(db, programme.id)) == len(mentees), "nothing removed"

    mentors = mentor_base(db, programme.id)
    with pytest.raises(ValidationError) as refused:
        remove_from_base(db, [pid for row in mentors for pid in row.profile_ids],
                         base=BaseKind.MENTORS)
    assert "Громов И. П." in refused.value.message
    free = by_person(mentors, school.free_mentor)
    assert remove_from_base(db, free.profile_ids, base=BaseKind.MENTORS) == 1
    assert [row.person_id for row in mentor_base(db, programme.id)] == [school.mentor]


def test_removing_nobody_or_the_already_removed(db: Database, programme: ProgrammeInfo,
                                                school: School7) -> None:
    assert remove_from_base(db, [], base=BaseKind.MENTEES) == 0
    with pytest.raises(ValidationError, match="уже удалены"):
        remove_from_base(db, [9999], base=BaseKind.MENTORS)


def test_the_declined_name_is_shown_corrected_and_kept(db: Database) -> None:
    from nastavnik_desktop.services.people import declension

    with db.transaction() as session:
        person = Person(last_name="Ким", first_name="Илья", middle_name="Олегович",
                        sex=Sex.MALE, category=PersonCategory.STAFF)
        session.add(person)
        session.flush()
        person_id = person.id
    card = get_person(db, person_id)
    assert card.declined == declension.DeclinedName(
        "Кима Ильи Олеговича", "Киму Илье Олеговичу", "Кима Илью Олеговича")
    corrected = replace(card, declined=declension.DeclinedName(
        "Ким Ильи Олеговича", "Ким Илье Олеговичу", "Ким Илью Олеговича"))
    save_person(db, corrected, today=TODAY)
    assert get_person(db, person_id).declined == corrected.declined
    with db.reading() as session:
        stored = session.get(Person, person_id)
        assert stored is not None and stored.name_dative == "Ким Илье Олеговичу"
    # A new surname declines afresh, unless the curator corrects it again.
    renamed = replace(get_person(db, person_id), last_name="Пак")
    assert save_person(db, renamed, today=TODAY).declined == declension.DeclinedName(
        "Пака Ильи Олеговича", "Паку Илье Олеговичу", "Пака Илью Олеговича")


def test_statuses_agree_with_the_person_s_sex(db: Database, programme: ProgrammeInfo) -> None:
    """«Молчанова Инна Сергеевна — обучена», not «обучен»; «выбыл(а)» only when neither the
    card nor the patronymic tells the sex."""
    with db.transaction() as session:
        form_id = _form_ids(session)["pupil_pupil"]
        people = {
            "Молчанова": Person(last_name="Молчанова", first_name="Инна",
                                middle_name="Сергеевна", sex=Sex.FEMALE,
                                category=PersonCategory.STAFF),
            "Ершова": Person(last_name="Ершова", first_name="Ксения", middle_name="Ильинична",
                             category=PersonCategory.STAFF),
            "Белых": Person(last_name="Белых", first_name="Саша",
                            category=PersonCategory.ALUMNUS),
            "Ким": Person(last_name="Ким", first_name="Дина", sex=Sex.FEMALE,
                          category=PersonCategory.PUPIL, class_name="7А"),
            "Ли": Person(last_name="Ли", first_name="Саша", category=PersonCategory.PUPIL,
                         class_name="7А"),
            "Цой": Person(last_name="Цой", first_name="Виктор", sex=Sex.MALE,
                          category=PersonCategory.PUPIL, class_name="7А"),
        }
        session.add_all(people.values())
        session.flush()
        ids = {name: person.id for name, person in people.items()}
        session.add_all([
            MentorProfile(programme_id=programme.id, person_id=ids["Молчанова"],
                          form_id=form_id, status=MentorStatus.TRAINED),
            MentorProfile(programme_id=programme.id, person_id=ids["Ершова"],
                          form_id=form_id, status=MentorStatus.REJECTED),
            MentorProfile(programme_id=programme.id, person_id=ids["Белых"],
                          form_id=form_id, status=MentorStatus.ADMITTED),
            *(MenteeProfile(programme_id=programme.id, person_id=ids[name], form_id=form_id,
                            status=MenteeStatus.LEFT) for name in ("Ким", "Ли", "Цой")),
        ])
    mentors = {row.last_name: row.status_label for row in mentor_base(db, programme.id)}
    assert mentors == {"Молчанова": "обучена", "Ершова": "отклонена", "Белых": "допущен(а)"}
    mentees = {row.last_name: row.status_label for row in mentee_base(db, programme.id)}
    assert mentees == {"Ким": "выбыла", "Ли": "выбыл(а)", "Цой": "выбыл"}
    paper = {str(row[0]): str(row[-1]) for row in bases_data(db, programme.id).mentors}
    assert paper["Молчанова Инна Сергеевна"].endswith("\nобучена"), \
        "the bases PDF and XLSX say so too"
