"""The person card: everything about one person, read and saved in one transaction.

The person himself is shared by every school year (the bases hold only profiles);
`person_history` reads his or her part in each year's programme for the card. Saving goes
through `persons.edit_person` (the ФИО rules of every path) and `consent.correct_latest`; the
card adds its own stricter checks: the class as «7А», an age from the birth date between
`MIN_AGE` and `MAX_AGE`, and the one who signed a representative's consent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from nastavnik_desktop.data.db import Database
from nastavnik_desktop.data.enums import (
    AWARD_NOMINATION_LABELS,
    MENTEE_STATUS_LABELS_BY_SEX,
    MENTOR_STATUS_LABELS_BY_SEX,
    PAIR_STATUS_LABELS,
    AwardNomination,
    ConsentKind,
    MenteeStatus,
    MentorStatus,
    PairStatus,
    PersonCategory,
    ProgrammeStatus,
    Sex,
)
from nastavnik_desktop.data.models import (
    Certificate,
    MenteeProfile,
    MentoringForm,
    MentoringPair,
    MentorProfile,
    PairMentee,
    Person,
    Programme,
)
from nastavnik_desktop.errors import ValidationError
from nastavnik_desktop.reports.names import short_name
from nastavnik_desktop.services import audit
from nastavnik_desktop.services.people import consent, declension, persons
from nastavnik_desktop.services.people.consent import ConsentInfo, age_on
from nastavnik_desktop.services.people.declension import DeclinedName
from nastavnik_desktop.text import full_name

MIN_AGE, MAX_AGE = 5, 100
"""A birth date giving an age outside these bounds is a typing error."""

_CLASS_RE = re.compile(r"^(\d{1,2})\s*[-–]?\s*([А-ЯЁа-яё]?)$")
CARD_SAVED = "Изменена карточка: "
"""The audit summary of a saved card, followed by the ФИО as saved (erasure reads old names)."""
_NOT_FOUND = "Человек не найден: возможно, его уже удалили. Обновите список."


@dataclass(frozen=True)
class PersonCard:
    """Everything the card editor shows and saves about one person."""

    person_id: int
    last_name: str
    first_name: str
    middle_name: str = ""
    sex: Sex | None = None
    birth_date: dt.date | None = None
    category: PersonCategory = PersonCategory.PUPIL
    class_name: str = ""
    position: str = ""
    subject: str = ""
    organisation: str = ""
    experience_years: int | None = None
    phone: str = ""
    email: str = ""
    parent_name: str = ""
    parent_phone: str = ""
    notes: str = ""
    personal_data_consent: ConsentInfo | None = None
    publication_consent: ConsentInfo | None = None
    declined: DeclinedName | None = None
    """The ФИО as documents print it (кого? кому? кого?); None leaves the stored forms be."""

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.middle_name)

    def is_minor(self, today: dt.date | None = None) -> bool:
        return consent.is_minor(self.birth_date, self.category, today or dt.date.today())

    def needs_parent_consent(self, today: dt.date | None = None) -> bool:
        """A minor whose personal-data consent from a parent is not on record (or revoked)."""
        return consent.needs_parent_consent(self.birth_date, self.category,
                                            self.personal_data_consent,
                                            today or dt.date.today())

    def person(self) -> persons.NewPerson:
        """The person's own values, as the writer takes them."""
        return persons.NewPerson(**{f.name: getattr(self, f.name)
                                    for f in dataclasses.fields(persons.NewPerson)})


def get_person(db: Database, person_id: int) -> PersonCard:
    with db.reading() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise ValidationError(_NOT_FOUND)
        latest = consent.latest_of_person(person)
        return PersonCard(
            person_id=person.id, last_name=person.last_name, first_name=person.first_name,
            middle_name=person.middle_name, sex=person.sex, birth_date=person.birth_date,
            category=person.category, class_name=person.class_name, position=person.position,
            subject=person.subject, organisation=person.organisation,
            experience_years=person.experience_years, phone=person.phone, email=person.email,
            parent_name=person.parent_name, parent_phone=person.parent_phone,
            notes=person.notes,
            personal_data_consent=consent.consent_info(latest.get(ConsentKind.PERSONAL_DATA)),
            publication_consent=consent.consent_info(latest.get(ConsentKind.PUBLICATION)),
            declined=declension.declined(person))


def save_person(db: Database, card: PersonCard, *, today: dt.date | None = None) -> PersonCard:
    """Check the card and save it in one transaction; returns the card as saved."""
    clean = validate_card(card, today or dt.date.today())
    with db.transaction() as session:
        person = session.get(Person, clean.person_id)
        if person is None:
            raise ValidationError(_NOT_FOUND)
        renamed = (person.last_name, person.first_name, person.middle_name) != (
            clean.last_name, clean.first_name, clean.middle_name) or person.sex != clean.sex
        shown = declension.declined(person)  # what the card showed before the edit
        if clean.declined is not None and clean.declined != shown:
            declension.store(person, clean.declined)  # the curator's correction
        elif renamed:
            declension.store(person, declension.EMPTY)  # declined from the old name
        persons.edit_person(person, clean.person())
        consent.correct_latest(person, ConsentKind.PERSONAL_DATA, clean.personal_data_consent)
        consent.correct_latest(person, ConsentKind.PUBLICATION, clean.publication_consent)
        session.flush()
        audit.record(session, "update", "person", person.id,
                     f"Изменена карточка человека № {person.id}")
        # The forms documents will print now: the new name's, unless corrected by hand.
        return dataclasses.replace(clean, declined=declension.declined(person))


def validate_card(card: PersonCard, today: dt.date) -> PersonCard:
    """The card with its texts tidied, or ValidationError saying what to correct."""
    person = persons.clean_person(card.person())
    _check_birth_date(card.birth_date, today)
    class_name = _class_name(card.class_name)
    consents = [_checked_consent(info, what, card.birth_date, person.parent_name, today)
                for info, what in ((card.personal_data_consent,
                                    "Согласие на обработку персональных данных"),
                                   (card.publication_consent, "Согласие на публикацию"))]
    return replace(card, **{**dataclasses.asdict(person), "class_name": class_name},
                   personal_data_consent=consents[0], publication_consent=consents[1])


def _check_birth_date(birth_date: dt.date | None, today: dt.date) -> None:
    if birth_date is None:
        return
    if birth_date > today:
        raise ValidationError(f"Дата рождения {birth_date:%d.%m.%Y} ещё не наступила. "
                              "Проверьте год.")
    age = age_on(birth_date, today)
    if age < MIN_AGE:
        raise ValidationError(f"Дата рождения {birth_date:%d.%m.%Y}: человеку меньше "
                              f"{MIN_AGE} лет. Проверьте год.")
    if age > MAX_AGE:
        raise ValidationError(f"Дата рождения {birth_date:%d.%m.%Y}: человеку больше "
                              f"{MAX_AGE} лет. Проверьте год.")


def _class_name(text: str) -> str:
    """«10 б», «10-Б» → «10Б»; a class must be a number from 1 to 11 and maybe a letter."""
    stripped = text.strip()
    if not stripped:
        return ""
    match = _CLASS_RE.match(stripped)
    if not match or not 1 <= int(match.group(1)) <= 11:
        raise ValidationError(f"Класс «{stripped}» записан неверно: укажите номер от 1 до 11 "
                              "и букву, например «7А».")
    return f"{int(match.group(1))}{match.group(2).upper()}"


def _checked_consent(info: ConsentInfo | None, what: str, birth_date: dt.date | None,
                     parent_name: str, today: dt.date) -> ConsentInfo | None:
    if info is None:
        return None
    problem = consent.consent_problem(info, birth_date, today)
    if problem:
        raise ValidationError(f"{what}: {problem}")
    return consent.cleaned(info, parent_name)



# --- the person's history in the programme, by school year -----------------------------------

MENTOR_ROLE, MENTEE_ROLE = "наставник", "наставляемый"


@dataclass(frozen=True)
class Participation:
    """One part a person took in a school year's programme: a pair or group as its mentor or
    as a mentee, or a place in a base without a pair."""

    role: str
    """«наставник» or «наставляемый»."""
    form: str
    pair_id: int | None
    """None: in the base, in no pair or group that year."""
    pair: str
    """The title of a group, else «пара» or «группа»; "" without a pair."""
    partners: tuple[str, ...]
    """The other side, «Фамилия И. О.»: the mentor of a mentee, the mentees of a mentor."""
    status: str
    """The pair's status («завершена»), or the person's in the base («в базе», «допущен»)."""
    result: str
    """What the pair achieved (stage 7), else what the base says of the person."""


@dataclass(frozen=True)
class HistoryYear:
    programme_id: int
    school_year: str
    archived: bool
    parts: tuple[Participation, ...]
    """As a mentor first, then as a mentee."""
    awards: tuple[str, ...]
    """Awards in force: «сертификат участника программы наставничества № 2026-006»."""


@dataclass(frozen=True)
class _Profile:
    role: str
    programme_id: int
    form_id: int | None
    status: str
    results: str


def person_history(db: Database, person_id: int) -> tuple[HistoryYear, ...]:
    """Every school year the person took part in the programme (a base, a pair or group, an
    award), the latest first. Six set-based reads, whatever the number of years."""
    with db.reading() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise ValidationError(_NOT_FOUND)
        forms: dict[int, str] = {form_id: name for form_id, name in session.execute(
            select(MentoringForm.id, MentoringForm.name))}
        programmes = {r.id: r for r in session.execute(
            select(Programme.id, Programme.school_year, Programme.status))}
        profiles = _profiles(session, person_id, person.sex)
        pairs = _pairs(session, person_id)
        people = _pair_people(session, {r.id for _role, r in pairs})
        awards = session.execute(
            select(Certificate.programme_id, Certificate.nomination,
                   Certificate.registry_number)
            .where(Certificate.person_id == person_id, Certificate.annulled_on.is_(None),
                   Certificate.programme_id.is_not(None))
            .order_by(Certificate.issued_on, Certificate.id)).all()

    results = {(p.role, p.programme_id): p.results for p in profiles}
    parts: dict[int, list[Participation]] = {}
    for role, r in pairs:
        mentors, mentees = people.get(r.id, ((), ()))
        kind = "группа" if len(mentees) > 1 else "пара"
        parts.setdefault(r.programme_id, []).append(Participation(
            role, forms.get(r.form_id, ""), r.id, r.title or kind,
            mentees if role == MENTOR_ROLE else mentors,
            PAIR_STATUS_LABELS[PairStatus(r.status)],
            r.result or results.get((role, r.programme_id), "")))
    paired = {(p.role, programme_id) for programme_id, found in parts.items() for p in found}
    for p in profiles:
        if (p.role, p.programme_id) not in paired:
            parts.setdefault(p.programme_id, []).append(Participation(
                p.role, forms.get(p.form_id, "") if p.form_id else "", None, "", (), p.status,
                p.results))
    given: dict[int, list[str]] = {}
    for programme_id, nomination, number in awards:
        assert programme_id is not None  # selected so
        given.setdefault(programme_id, []).append(
            f"{AWARD_NOMINATION_LABELS[AwardNomination(nomination)]} № {number}")
    years = [HistoryYear(
        programme_id, programmes[programme_id].school_year,
        ProgrammeStatus(programmes[programme_id].status) is ProgrammeStatus.ARCHIVED,
        tuple(sorted(parts.get(programme_id, ()), key=lambda p: p.role != MENTOR_ROLE)),
        tuple(given.get(programme_id, ()))) for programme_id in set(parts) | set(given)]
    return tuple(sorted(years, key=lambda y: (y.school_year, y.programme_id), reverse=True))


def _profiles(session: Session, person_id: int, sex: Sex | None) -> list[_Profile]:
    mentor, mentee = MentorProfile.__table__.c, MenteeProfile.__table__.c
    found = [_Profile(MENTOR_ROLE, r.programme_id, r.form_id,
                      MENTOR_STATUS_LABELS_BY_SEX[sex][MentorStatus(r.status)], r.results)
             for r in session.execute(select(mentor.programme_id, mentor.form_id,
                                             mentor.status, mentor.results)
                                      .where(mentor.person_id == person_id))]
    found += [_Profile(MENTEE_ROLE, r.programme_id, r.form_id,
                       MENTEE_STATUS_LABELS_BY_SEX[sex][MenteeStatus(r.status)], r.results)
              for r in session.execute(select(mentee.programme_id, mentee.form_id,
                                              mentee.status, mentee.results)
                                       .where(mentee.person_id == person_id))]
    return found


def _pairs(session: Session, person_id: int) -> list[tuple[str, Row[*tuple[Any, ...]]]]:
    """(role, pair row) of the person's pairs and groups, as a mentor and as a mentee."""
    pair, member = MentoringPair.__table__.c, PairMentee.__table__.c
    mentor, mentee = MentorProfile.__table__.c, MenteeProfile.__table__.c
    columns = (pair.id, pair.programme_id, pair.form_id, pair.title, pair.status, pair.result)
    found: list[tuple[str, Row[*tuple[Any, ...]]]] = [(MENTOR_ROLE, r) for r in session.execute(
        select(*columns).join(MentorProfile.__table__, mentor.id == pair.mentor_profile_id)
        .where(mentor.person_id == person_id).order_by(pair.id))]
    found += [(MENTEE_ROLE, r) for r in session.execute(
        select(*columns).join(PairMentee.__table__, member.pair_id == pair.id)
        .join(MenteeProfile.__table__, mentee.id == member.mentee_profile_id)
        .where(mentee.person_id == person_id).order_by(pair.id))]
    return found


def _pair_people(session: Session, pair_ids: set[int]
                 ) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """pair id → (its mentor, its mentees) as «Фамилия И. О.», mentees in the order they
    joined (those who left too)."""
    pair, member, person = (MentoringPair.__table__.c, PairMentee.__table__.c,
                            Person.__table__.c)
    mentor, mentee = MentorProfile.__table__.c, MenteeProfile.__table__.c
    names = (person.last_name, person.first_name, person.middle_name)
    found: dict[int, tuple[list[str], list[str]]] = {i: ([], []) for i in pair_ids}
    for r in session.execute(
            select(pair.id, *names)
            .join(MentorProfile.__table__, mentor.id == pair.mentor_profile_id)
            .join(Person.__table__, person.id == mentor.person_id)
            .where(pair.id.in_(pair_ids))):
        found[r.id][0].append(short_name(r.last_name, r.first_name, r.middle_name))
    for r in session.execute(
            select(member.pair_id, *names)
            .join(MenteeProfile.__table__, mentee.id == member.mentee_profile_id)
            .join(Person.__table__, person.id == mentee.person_id)
            .where(member.pair_id.in_(pair_ids)).order_by(member.pair_id, member.id)):
        found[r.pair_id][1].append(short_name(r.last_name, r.first_name, r.middle_name))
    return {i: (tuple(a), tuple(b)) for i, (a, b) in found.items()}
